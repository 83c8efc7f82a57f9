//! The `tracemark` command line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tracemark::diagnostics::Diagnostic;
use tracemark::model::Date;
use tracemark::{BuildOptions, Failure};

/// Compile AI-governance and security documentation into a traceable compliance portal.
#[derive(Parser)]
#[command(name = "tracemark", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the sources, then render the portal into the output directory.
    Build {
        #[command(flatten)]
        common: Common,
        /// Output directory (default: ROOT/public).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check the sources and report every problem; writes nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(clap::Args)]
struct Common {
    /// Portal root, holding portal.yaml and content/ (default: the current directory).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The date reviews and evidence freshness are judged against (default: today, UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

fn options(common: &Common, out: Option<PathBuf>) -> BuildOptions {
    BuildOptions {
        out: out.unwrap_or_else(|| tracemark::pipeline_default_out(&common.root)),
        root: common.root.clone(),
        today: common.today.unwrap_or_else(tracemark::today_utc),
        strict: common.strict,
    }
}

fn print_human(diagnostics: &[Diagnostic], root: &Path) {
    let colour = std::io::stderr().is_terminal();
    eprint!("{}", tracemark::report::human(diagnostics, root, colour));
}

fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { common, out } => {
            let options = options(&common, out);
            match tracemark::build(&options) {
                Ok(report) => {
                    print_human(&report.diagnostics, &options.root);
                    let (_, warnings) = counts(&report.diagnostics);
                    eprintln!(
                        "built {} pages ({} files) into {} — {warnings} warnings, 0 errors, {:.2}s",
                        report.pages,
                        report.files,
                        report.out.display(),
                        report.seconds
                    );
                    ExitCode::SUCCESS
                }
                Err(Failure::Content(diagnostics)) => {
                    print_human(&diagnostics, &options.root);
                    let (errors, warnings) = counts(&diagnostics);
                    eprintln!(
                        "build failed: {errors} errors, {warnings} warnings; the previous output is unchanged"
                    );
                    ExitCode::from(1)
                }
                Err(Failure::Template(diagnostic)) => {
                    print_human(&[diagnostic], &options.root);
                    eprintln!("build failed: a template failed; the previous output is unchanged");
                    ExitCode::from(1)
                }
                Err(Failure::Io(message)) => {
                    eprintln!("error: {message}\nbuild failed; the previous output is unchanged");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check { common, format } => {
            let options = options(&common, None);
            let (diagnostics, code) = match tracemark::check_only(&options) {
                Ok(d) => (d, 0),
                Err(Failure::Content(d)) => (d, 1),
                Err(Failure::Template(d)) => (vec![d], 1),
                Err(Failure::Io(m)) => {
                    eprintln!("error: {m}");
                    return ExitCode::from(2);
                }
            };
            let (errors, warnings) = counts(&diagnostics);
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&diagnostics).unwrap_or_else(|_| "[]".into())
                ),
                Format::Human => {
                    print_human(&diagnostics, &options.root);
                    eprintln!("checked: {errors} errors, {warnings} warnings");
                }
            }
            ExitCode::from(code)
        }
    }
}
