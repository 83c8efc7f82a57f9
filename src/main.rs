//! The `tracemark` command line.

/// jemalloc, whose memory freed by one thread another can reuse (see Cargo.toml).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tracemark::diagnostics::Diagnostic;
use tracemark::load::revision::Snapshot;
use tracemark::model::{Audience, Date};
use tracemark::report::Style;
use tracemark::{At, BuildOptions, Failure};

/// `--version`: the version and the git commit the binary was built from.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("TRACEMARK_COMMIT"),
    ")"
);

/// Compile AI-governance and security documentation into a traceable compliance portal.
#[derive(Parser)]
#[command(name = "tracemark", version = VERSION, about)]
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
        /// Build the portal as it stood at a commit: a revision git understands (tag, branch,
        /// hash) or YYYY-MM-DD (the last commit on HEAD's first-parent line on or before the
        /// end of that day, UTC). Reads every source from that commit, not the work tree;
        /// --today defaults to the commit's date. Needs git.
        #[arg(long, value_name = "REV|DATE")]
        at: Option<String>,
        /// Add a page of what changed since an earlier commit (changes.html, linked from the
        /// home page): documents with a diff of their text, risks re-scored, Statement of
        /// Applicability entries, evidence and AI systems. A revision or YYYY-MM-DD, as for
        /// --at; compared with the work tree, or with --at's commit. Internal and auditor
        /// audiences only. Needs git.
        #[arg(long, value_name = "REV|DATE")]
        since: Option<String>,
        /// Output directory (default: ROOT/handbook, ROOT/public or ROOT/auditor-package, by
        /// audience).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also write the output as a deterministic zip file (e.g. the auditor package); never
        /// an existing file that Tracemark did not write.
        #[arg(long)]
        zip: Option<PathBuf>,
        /// Sign manifest.json with this Ed25519 OpenSSH private key (auditor audience):
        /// writes manifest.json.sig and SHA256SUMS.sig, which `ssh-keygen -Y verify` accepts.
        #[arg(long, value_name = "KEY")]
        sign: Option<PathBuf>,
        /// Replace an output built for another audience.
        #[arg(long)]
        force: bool,
    },
    /// Check the sources and report every problem; writes nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// Check the portal as it stood at a commit: a revision git understands (tag, branch,
        /// hash) or YYYY-MM-DD (the last commit on HEAD's first-parent line on or before the
        /// end of that day, UTC). Reads every source from that commit, not the work tree;
        /// --today defaults to the commit's date. Needs git.
        #[arg(long, value_name = "REV|DATE")]
        at: Option<String>,
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
    /// Create a new portal: the built-in example, or a minimal one with `--blank`.
    Init {
        /// A new or empty directory.
        dir: PathBuf,
        /// Write a minimal portal (one policy template, risk, system, evidence record, and a
        /// Statement of Applicability or SOC 2 scope entry for every control in scope) instead of
        /// the example.
        #[arg(long, requires = "org")]
        blank: bool,
        /// The organisation's name (with --blank).
        #[arg(long, requires = "blank")]
        org: Option<String>,
        /// Frameworks in scope, comma-separated (with --blank).
        #[arg(
            long,
            requires = "blank",
            value_delimiter = ',',
            default_value = "iso42001"
        )]
        frameworks: Vec<String>,
    },
    /// Work on the Statement of Applicability (for SOC 2, its scope): the entries under
    /// content/controls/.
    Soa {
        /// Append an entry, not assessed yet, for every in-scope control that has none; the
        /// file's existing entries, formatting and comments are kept as they are.
        #[arg(long, required = true)]
        add_missing: bool,
        /// Portal root, holding portal.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Re-hash a built auditor package against its manifest.json (and check its signature).
    Verify {
        /// The package directory.
        dir: PathBuf,
        /// An OpenSSH allowed_signers file: the package must be signed by a key it lists.
        #[arg(long, value_name = "FILE")]
        allowed_signers: Option<PathBuf>,
        /// Check the signing key's valid-after/valid-before at this time instead of now:
        /// YYYYMMDD[HHMM[SS]], UTC with a trailing Z, else local time (as ssh-keygen reads it).
        #[arg(long, value_name = "TIME", value_parser = tracemark::signature::parse_time)]
        verify_time: Option<i64>,
    },
    /// Import a risk register or an evidence log kept in a spreadsheet (CSV or .xlsx).
    Import {
        #[command(subcommand)]
        register: ImportRegister,
    },
    /// Write a JSON Schema (draft-07) for each kind of source file, for editors.
    Schema {
        /// Directory to write them into; only files `schema` wrote are replaced.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Explain a diagnostic code (e.g. E201), or list every code.
    Explain {
        /// The code, such as E201 or W304.
        code: Option<String>,
    },
}

/// What `tracemark import` reads.
#[derive(Subcommand)]
enum ImportRegister {
    /// A risk register, written to content/risks/imported.yaml (or --into).
    Risks(ImportArgs),
    /// An evidence log, written to content/evidence/imported.yaml (or --into).
    Evidence(ImportArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The spreadsheet: .csv (separated by `,`, `;` or tab; UTF-8, UTF-16 or Windows-1252),
    /// .xlsx (also .xlsm, .xls, .ods).
    file: PathBuf,
    /// Portal root, holding portal.yaml and content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The register file to write (a new one, or one to append to), under content/risks/ or
    /// content/evidence/; relative to the root.
    #[arg(long, value_name = "FILE")]
    into: Option<PathBuf>,
    /// Name a column the import does not recognise: COLUMN=field (`--map "Owner name=owner"`,
    /// `--map "Residual L=residual.likelihood"`), or COLUMN=- to leave it out. Repeatable.
    #[arg(long = "map", value_name = "COLUMN=field")]
    maps: Vec<String>,
    /// The worksheet to read (default: the first whose header names known columns).
    #[arg(long)]
    sheet: Option<String>,
    /// How dates like 03/04/2026 are written, day or month first (default: what the
    /// spreadsheet's other dates show).
    #[arg(long, value_enum)]
    dates: Option<DatesArg>,
    /// Print the file that would be written; write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// The order of day and month in `03/04/2026`.
#[derive(Clone, Copy, ValueEnum)]
enum DatesArg {
    /// Day, month, year.
    Dmy,
    /// Month, day, year.
    Mdy,
}

#[derive(clap::Args)]
struct Common {
    /// Portal root, holding portal.yaml and content/.
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

/// The options of a command; with `--at`, the sources are the snapshot's and `--today`
/// defaults to its commit's date.
fn options(common: &Common, out: Option<PathBuf>, at: Option<&Snapshot>) -> BuildOptions {
    let committed = at.map(|s| s.revision().date);
    BuildOptions {
        out: out.unwrap_or_else(|| tracemark::pipeline_default_out(&common.root, common.audience)),
        root: common.root.clone(),
        today: common
            .today
            .or(committed)
            .unwrap_or_else(tracemark::today_utc),
        strict: common.strict,
        audience: common.audience,
        zip: None,
        sign: None,
        force: false,
        at: at.map(At::of),
        since: None,
    }
}

/// Runs a command on the work tree, or with `--at` on the commit's tree written into a
/// private temporary folder, removed when the command ends (on Ctrl-C and SIGTERM too). An
/// `--at` that cannot be read (no git, no work tree, no such revision) is a usage error.
fn with_sources(
    root: &Path,
    at: Option<&str>,
    run: impl FnOnce(Option<&Snapshot>) -> Outcome,
) -> Outcome {
    let Some(at) = at else {
        return run(None);
    };
    let snapshot = match Snapshot::take_with(root, at, remove_on_signal) {
        Ok(snapshot) => snapshot,
        Err(message) => return failed(message),
    };
    let outcome = run(Some(&snapshot));
    drop(snapshot);
    outcome
}

/// [`with_sources`] for `--since`: the earlier commit's tree, in a temporary folder of its
/// own, removed the same way; its usage errors name `--since`.
fn with_since(
    root: &Path,
    since: Option<&str>,
    run: impl FnOnce(Option<&Snapshot>) -> Outcome,
) -> Outcome {
    let Some(since) = since else {
        return run(None);
    };
    let snapshot = match Snapshot::take_with(root, since, remove_on_signal) {
        Ok(snapshot) => snapshot,
        Err(message) => return failed(message.replace("--at ", "--since ")),
    };
    let outcome = run(Some(&snapshot));
    drop(snapshot);
    outcome
}

/// The temporary folders of `--at` and `--since`, removed on Ctrl-C and SIGTERM.
static TEMPORARY: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes `folder` on Ctrl-C and SIGTERM from the moment it exists (one handler per
/// process, installed with the first folder: `build` and `check` install no other).
fn remove_on_signal(folder: &Path) {
    let mut folders = TEMPORARY.lock().unwrap_or_else(|e| e.into_inner());
    if folders.is_empty() {
        let _ = ctrlc::set_handler(|| {
            // No file is being written into them from here on.
            let _stopped = tracemark::load::revision::stop_writing();
            let folders = TEMPORARY.lock().unwrap_or_else(|e| e.into_inner());
            for folder in folders.iter() {
                let _ = std::fs::remove_dir_all(folder);
            }
            std::process::exit(130);
        });
    }
    folders.push(folder.to_path_buf());
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

/// What a build that failed before its swap left: the previous output, or nothing.
fn untouched(out: &Path) -> String {
    if out.exists() {
        format!("the previous output is unchanged (in {})", out.display())
    } else {
        format!("nothing was written to {}", out.display())
    }
}

fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let notes = diagnostics.iter().filter(|d| d.is_note()).count();
    (errors, diagnostics.len() - errors - notes)
}

/// How a command ended; [`exit_code`] maps it to the process's exit code.
enum Outcome {
    /// Done (exit code 0).
    Done,
    /// The sources or the package have problems to fix; what was there is untouched (1).
    Problems,
    /// The command could not run to the end: a file or socket failed (2).
    Failed,
}

/// The one place outcomes become exit codes.
fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Done => ExitCode::SUCCESS,
        Outcome::Problems => ExitCode::from(1),
        Outcome::Failed => ExitCode::from(2),
    }
}

/// Prints an error that stopped a command before it could finish.
fn failed(message: impl std::fmt::Display) -> Outcome {
    eprintln!("error: {message}");
    Outcome::Failed
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build {
            common,
            at,
            since,
            out,
            zip,
            sign,
            force,
        } => {
            if since.is_some() && common.audience == Audience::Public {
                failed("--since lists internal changes: use it with --audience internal or auditor")
            } else {
                with_sources(&common.root, at.as_deref(), |snapshot| {
                    with_since(&common.root, since.as_deref(), |earlier| {
                        let options = BuildOptions {
                            zip,
                            sign,
                            force,
                            since: earlier.map(At::of),
                            ..options(&common, out, snapshot)
                        };
                        build(&options, style(&common))
                    })
                })
            }
        }
        Command::Check { common, at, format } => {
            with_sources(&common.root, at.as_deref(), |snapshot| {
                check(&options(&common, None, snapshot), &common, format)
            })
        }
        Command::Serve { common, port } => serve(&common, port),
        Command::Init {
            dir,
            blank: true,
            org,
            frameworks,
        } => init_blank(&dir, &org.unwrap_or_default(), &frameworks),
        Command::Soa { root, .. } => soa_add_missing(&root),
        Command::Init { dir, .. } => init(&dir),
        Command::Verify {
            dir,
            allowed_signers,
            verify_time,
        } => verify(&dir, allowed_signers.as_deref(), verify_time),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Import { register } => match register {
            ImportRegister::Risks(args) => import(tracemark::cmd::import::Kind::Risks, args),
            ImportRegister::Evidence(args) => import(tracemark::cmd::import::Kind::Evidence, args),
        },
        Command::Schema { out } => match tracemark::cmd::schema::write(&out) {
            Ok(files) => {
                eprintln!("wrote {} schemas in {}", files.len(), out.display());
                Outcome::Done
            }
            Err(message) => failed(message),
        },
    };
    exit_code(outcome)
}

/// `tracemark build`: the diagnostics, then what was built or why nothing was.
fn build(options: &BuildOptions, style: Style) -> Outcome {
    match tracemark::build(options) {
        Ok(report) => {
            print_human(&report.diagnostics, options.sources(), style);
            if let Some(leftover) = &report.leftover {
                eprintln!(
                    "warning: the new output is in place, but {leftover}; the next build removes it"
                );
            }
            let (_, warnings) = counts(&report.diagnostics);
            eprintln!(
                "built {} pages ({} files) into {} — {warnings} warnings, 0 errors, {:.2}s",
                report.pages,
                report.files,
                report.out.display(),
                report.seconds
            );
            Outcome::Done
        }
        Err(Failure::Content(diagnostics)) => {
            print_human(&diagnostics, options.sources(), style);
            let (errors, warnings) = counts(&diagnostics);
            eprintln!(
                "build failed: {errors} errors, {warnings} warnings; {}",
                untouched(&options.out)
            );
            Outcome::Problems
        }
        Err(Failure::Template(diagnostic)) => {
            print_human(&[diagnostic], options.sources(), style);
            eprintln!(
                "build failed: a template failed; {}",
                untouched(&options.out)
            );
            Outcome::Problems
        }
        Err(Failure::Io(message)) => failed(format!(
            "{message}\nbuild failed; {}",
            untouched(&options.out)
        )),
        Err(Failure::Swap(message)) => failed(format!("{message}\nbuild failed")),
    }
}

/// `tracemark check`: every diagnostic, as text or JSON; problems when any is an error.
fn check(options: &BuildOptions, common: &Common, format: Format) -> Outcome {
    let (diagnostics, notes, failed_check) = match tracemark::check_only(options) {
        Ok(c) => (c.diagnostics, c.notes, c.failed),
        Err(Failure::Content(d)) => (d, Vec::new(), true),
        Err(Failure::Template(d)) => (vec![d], Vec::new(), true),
        Err(Failure::Io(m) | Failure::Swap(m)) => return failed(m),
    };
    let (errors, warnings) = counts(&diagnostics);
    match format {
        Format::Json => {
            // Notes are not diagnostics: the JSON array holds errors and warnings.
            let listed: Vec<&Diagnostic> = diagnostics.iter().filter(|d| !d.is_note()).collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&listed).unwrap_or_else(|_| "[]".into())
            )
        }
        Format::Human => {
            print_human(&diagnostics, options.sources(), style(common));
            for note in &notes {
                eprintln!("note: {note}");
            }
            eprintln!("checked: {errors} errors, {warnings} warnings");
        }
    }
    if failed_check {
        Outcome::Problems
    } else {
        Outcome::Done
    }
}

/// `tracemark serve`: serves until stopped, reporting each rebuild.
fn serve(common: &Common, port: u16) -> Outcome {
    // `serve` builds into a private temporary folder of its own, outside the sources.
    let options = options(common, None, None);
    let root = options.root.clone();
    // Errors last, so the cause of a failed rebuild is what stays on screen.
    let serve_style = Style {
        errors_last: true,
        ..style(common)
    };
    let result = tracemark::cmd::serve::serve(&options, port, move |result| match result {
        Ok(summary) => eprintln!("{summary}"),
        Err(Failure::Content(diagnostics)) => {
            print_human(&diagnostics, &root, serve_style);
            eprintln!("build failed; still serving the last good build");
        }
        Err(Failure::Template(diagnostic)) => {
            print_human(&[diagnostic], &root, serve_style);
            eprintln!("build failed; still serving the last good build");
        }
        Err(Failure::Io(message) | Failure::Swap(message)) => {
            eprintln!("error: {message}\nbuild failed; still serving the last good build");
        }
    });
    match result {
        Ok(()) => Outcome::Done,
        Err(message) => failed(message),
    }
}

/// `tracemark init --blank`: a minimal portal for the organisation.
fn init_blank(dir: &Path, org: &str, frameworks: &[String]) -> Outcome {
    match tracemark::cmd::init::blank(dir, org, frameworks, tracemark::today_utc()) {
        Ok(files) => {
            eprintln!(
                "created a minimal portal for {org} with {files} files in {0}\nnext: tracemark check --root {0} lists what to fill in",
                dir.display()
            );
            Outcome::Done
        }
        Err(message) => failed(message),
    }
}

/// `tracemark init`: the built-in example portal.
fn init(dir: &Path) -> Outcome {
    match tracemark::cmd::init::init(dir) {
        Ok(files) => {
            eprintln!(
                "created a portal with {files} files in {0}\nnext: tracemark build --root {0}",
                dir.display()
            );
            Outcome::Done
        }
        Err(message) => failed(message),
    }
}

/// `tracemark soa --add-missing`: what was added, per framework.
fn soa_add_missing(root: &Path) -> Outcome {
    match tracemark::cmd::soa::add_missing(root, tracemark::today_utc()) {
        Ok(added) => {
            let total: usize = added.per_framework.iter().map(|(_, n)| n).sum();
            if total == 0 {
                eprintln!(
                    "every in-scope control has an entry in the {}",
                    added.documents
                );
            } else {
                let each: Vec<String> = added
                    .per_framework
                    .iter()
                    .map(|(fw, n)| format!("{fw}: {n}"))
                    .collect();
                eprintln!(
                    "added {total} entries, not assessed yet, to {} ({})",
                    added.file,
                    each.join(", ")
                );
            }
            Outcome::Done
        }
        Err(tracemark::cmd::soa::SoaError::Content(diagnostics)) => {
            print_human(&diagnostics, root, Style::default());
            eprintln!("nothing added: fix these errors first");
            Outcome::Problems
        }
        Err(tracemark::cmd::soa::SoaError::Io(message)) => failed(message),
    }
}

/// `tracemark import`: what was imported (or, with --dry-run, the file that would be
/// written, on stdout), or every problem found; nothing is written unless every row reads.
fn import(kind: tracemark::cmd::import::Kind, args: ImportArgs) -> Outcome {
    use tracemark::cmd::import::{DateOrder, ImportError, Options};
    let options = Options {
        kind,
        file: args.file,
        root: args.root,
        into: args.into,
        maps: args.maps,
        sheet: args.sheet,
        dates: args.dates.map(|d| match d {
            DatesArg::Dmy => DateOrder::DayFirst,
            DatesArg::Mdy => DateOrder::MonthFirst,
        }),
        dry_run: args.dry_run,
    };
    match tracemark::cmd::import::import(&options, tracemark::today_utc()) {
        Ok(done) => {
            let what = kind.count(done.count);
            if done.count == 0 {
                eprintln!(
                    "nothing to import: no rows under the header of {}; nothing was written",
                    options.file.display()
                );
            } else if options.dry_run {
                print!("{}", done.text);
                eprintln!(
                    "dry run: would import {what} from {} into {}; nothing was written",
                    options.file.display(),
                    done.file
                );
            } else {
                eprintln!(
                    "imported {what} from {} into {}",
                    options.file.display(),
                    done.file
                );
            }
            if !done.left_out.is_empty() {
                eprintln!("note: columns not imported: {}", done.left_out.join(", "));
            }
            Outcome::Done
        }
        Err(ImportError::Problems(problems)) => {
            for problem in &problems {
                eprintln!("{problem}\n");
            }
            let n = problems.len();
            eprintln!(
                "nothing imported: {n} problem{} in {}",
                if n == 1 { "" } else { "s" },
                options.file.display()
            );
            Outcome::Problems
        }
        Err(ImportError::Io(message)) => failed(message),
    }
}

/// `tracemark explain`: one code's explanation, or every code with its title.
fn explain(code: Option<&str>) -> Outcome {
    match tracemark::diagnostics::registry::explain(code) {
        Ok(text) => {
            print!("{text}");
            Outcome::Done
        }
        Err(message) => failed(message),
    }
}

/// `tracemark verify`: one line per problem on stdout, then the verdict.
fn verify(dir: &Path, allowed_signers: Option<&Path>, time: Option<i64>) -> Outcome {
    let v = match tracemark::cmd::verify::verify(dir, allowed_signers, time) {
        Ok(v) => v,
        Err(message) => {
            println!("verification failed: {message}");
            return Outcome::Problems;
        }
    };
    let lists = [
        ("altered", &v.altered),
        ("missing", &v.missing),
        ("added", &v.added),
        ("not a regular file", &v.irregular),
        ("unsafe path in manifest", &v.unsafe_paths),
        ("evidence", &v.evidence),
        ("manifest field", &v.fields),
        ("SHA256SUMS", &v.sums),
    ];
    for (label, paths) in lists {
        for path in paths {
            println!("{label}: {path}");
        }
    }
    if !v.is_intact() {
        println!(
            "verification failed: {} problems against manifest.json",
            v.problems()
        );
        return Outcome::Problems;
    }
    match &v.signed_by {
        Some(principal) => println!(
            "verified: {} files match manifest.json, signed by {principal}",
            v.checked
        ),
        None => println!(
            "verified: {} files match manifest.json (signature not checked: pass --allowed-signers FILE)",
            v.checked
        ),
    }
    Outcome::Done
}
