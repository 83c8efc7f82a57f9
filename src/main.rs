//! The `tracemark` command line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tracemark::diagnostics::Diagnostic;
use tracemark::model::{Audience, Date};
use tracemark::report::Style;
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
        /// Also write the output as a deterministic zip file (e.g. the auditor package).
        #[arg(long)]
        zip: Option<PathBuf>,
    },
    /// Check the sources and report every problem; writes nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 4000)]
        port: u16,
    },
    /// Create a new portal from the built-in example.
    Init {
        /// A new or empty directory.
        dir: PathBuf,
    },
    /// Re-hash a built auditor package against its manifest.json.
    Verify {
        /// The package directory.
        dir: PathBuf,
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
    /// Print only errors and the count of each code (human output).
    #[arg(long, short)]
    quiet: bool,
    /// Who the portal is for: internal (handbook), public (trust center), auditor (everything).
    #[arg(long, value_enum, default_value_t = Audience::Internal)]
    audience: Audience,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

fn options(common: &Common, out: Option<PathBuf>, zip: Option<PathBuf>) -> BuildOptions {
    BuildOptions {
        out: out.unwrap_or_else(|| tracemark::pipeline_default_out(&common.root)),
        root: common.root.clone(),
        today: common.today.unwrap_or_else(tracemark::today_utc),
        strict: common.strict,
        audience: common.audience,
        zip,
    }
}

fn print_human(diagnostics: &[Diagnostic], root: &Path, style: Style) {
    let style = Style {
        colour: std::io::stderr().is_terminal(),
        ..style
    };
    eprint!("{}", tracemark::report::human(diagnostics, root, style));
}

/// How `build` and `check` print: errors first.
fn style(common: &Common) -> Style {
    Style {
        quiet: common.quiet,
        ..Style::default()
    }
}

fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { common, out, zip } => {
            let options = options(&common, out, zip);
            match tracemark::build(&options) {
                Ok(report) => {
                    print_human(&report.diagnostics, &options.root, style(&common));
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
                    print_human(&diagnostics, &options.root, style(&common));
                    let (errors, warnings) = counts(&diagnostics);
                    eprintln!(
                        "build failed: {errors} errors, {warnings} warnings; the previous output is unchanged"
                    );
                    ExitCode::from(1)
                }
                Err(Failure::Template(diagnostic)) => {
                    print_human(&[diagnostic], &options.root, style(&common));
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
            let options = options(&common, None, None);
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
                    print_human(&diagnostics, &options.root, style(&common));
                    eprintln!("checked: {errors} errors, {warnings} warnings");
                }
            }
            ExitCode::from(code)
        }
        Command::Serve { common, port } => {
            // `serve` builds into a private temporary folder of its own, outside the sources.
            let options = options(&common, None, None);
            let root = options.root.clone();
            // Errors last, so the cause of a failed rebuild is what stays on screen.
            let serve_style = Style {
                errors_last: true,
                ..style(&common)
            };
            let result = tracemark::serve::serve(&options, port, move |result| match result {
                Ok(summary) => eprintln!("{summary}"),
                Err(Failure::Content(diagnostics)) => {
                    print_human(&diagnostics, &root, serve_style);
                    eprintln!("build failed; still serving the last good build");
                }
                Err(Failure::Template(diagnostic)) => {
                    print_human(&[diagnostic], &root, serve_style);
                    eprintln!("build failed; still serving the last good build");
                }
                Err(Failure::Io(message)) => {
                    eprintln!("error: {message}\nbuild failed; still serving the last good build");
                }
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match tracemark::init::init(&dir) {
            Ok(files) => {
                eprintln!(
                    "created a portal with {files} files in {0}\nnext: tracemark build --root {0}",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Command::Verify { dir } => match tracemark::verify::verify(&dir) {
            Ok(v) => {
                for path in &v.altered {
                    println!("altered: {path}");
                }
                for path in &v.missing {
                    println!("missing: {path}");
                }
                for path in &v.added {
                    println!("added: {path}");
                }
                if v.is_intact() {
                    println!("verified: {} files match manifest.json", v.checked);
                    ExitCode::SUCCESS
                } else {
                    let n = v.altered.len() + v.missing.len() + v.added.len();
                    println!("verification failed: {n} files differ from manifest.json");
                    ExitCode::from(1)
                }
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
    }
}
