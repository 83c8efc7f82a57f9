//! Load: read `portal.yaml` and everything under `content/` into a [`Project`].
//!
//! This is the only stage that reads the portal's input files. It parses, but does not judge:
//! references stay strings until `resolve`, and problems found while reading are returned as
//! diagnostics with the file and line they come from.

mod catalogs;
mod config;
mod control_chars;
mod documents;
#[cfg(test)]
mod every_entity;
mod evidence_files;
pub mod fields;
pub mod history;
mod json_lines;
mod oscal;
pub mod pages;
pub mod reassessment;
mod registers;
pub mod revision;
mod source;
pub mod unreadable;
pub mod vocabulary;
mod walk;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::{
    ControlImplementation, Crosswalk, Evidence, Framework, History, Page, Policy, PortalConfig,
    Question, Records, Risk, Source, Subprocessor, System,
};

/// Where every YAML value is, shared with `model`: `super::positions` inside `load`.
pub use crate::shared::positions;
pub use catalogs::builtin as builtin_catalogs;
pub use documents::{parse as parse_document, split_front_matter};
pub use oscal::catalog as parse_oscal_catalog;
pub use registers::{Parsed, parse as parse_register};
pub use source::relative;

/// Everything a portal's sources say, parsed but not yet resolved.
#[derive(Debug, Clone)]
pub struct Project {
    /// The portal root.
    pub root: PathBuf,
    /// `portal.yaml`.
    pub config: PortalConfig,
    /// Where `portal.yaml`'s values are, for diagnostics about them.
    pub config_source: Source,
    /// Ids (and document paths) of entries too broken to load: references to them are not
    /// reported again as dangling.
    pub broken: Vec<String>,
    /// Files that could not be parsed at all, with the ids recovered from their lines (also
    /// in `broken`): the checks that depend on them are skipped, and one note says so.
    pub unreadable: Vec<unreadable::Unreadable>,
    /// Policies, standards, procedures and impact assessments.
    pub policies: Vec<Policy>,
    /// Free pages under `content/pages/` (handbook pages that are not policies).
    pub pages: Vec<Page>,
    /// AI systems from the systems register.
    pub systems: Vec<System>,
    /// Risks from every register file.
    pub risks: Vec<Risk>,
    /// Statement of Applicability entries.
    pub controls: Vec<ControlImplementation>,
    /// Evidence records from the evidence register: the proof that controls operate.
    pub evidence: Vec<Evidence>,
    /// Subprocessors (`content/subprocessors.yaml`).
    pub subprocessors: Vec<Subprocessor>,
    /// Questionnaire answers (`content/questionnaires/*.yaml`).
    pub questions: Vec<Question>,
    /// Audits, nonconformities, management reviews, objectives and incidents.
    pub records: Records,
    /// Built-in catalogs followed by the portal's own.
    pub frameworks: Vec<Framework>,
    /// How many of `frameworks` are built in (they come first).
    pub builtin_frameworks: usize,
    /// Built-in crosswalks followed by the portal's own.
    pub crosswalks: Vec<Crosswalk>,
    /// The portal's template overrides: name relative to `templates/`, and source text.
    pub templates: Vec<(String, String)>,
    /// The portal's static files: output path and absolute source path.
    pub static_files: Vec<(String, PathBuf)>,
    /// Every file under `content/pages/` that is not a page (images, PDFs), relative to the
    /// root: what relative links in pages may point at.
    pub page_assets: Vec<String>,
    /// Each source file's commits, from git (empty outside git or with `git_history: false`).
    pub history: History,
}

/// Where the sources' history is read: the git repository holding `root`, at `revision`
/// (its `HEAD` when `None`). With `--at`, the sources are a copy of a commit's tree outside
/// any repository, and their history is the real root's, up to that commit.
#[derive(Debug, Clone, Copy)]
pub struct HistoryFrom<'a> {
    /// A folder in the work tree whose files' history is read (the portal root).
    pub root: &'a Path,
    /// The commit whose history is read, or `HEAD`.
    pub revision: Option<&'a str>,
}

/// The risks of one register file (`path`, under `root`) as [`load`] reads them, when the file
/// reads without a single problem: what `serve` reads again when only a risk register changed.
pub fn clean_risk_register(root: &Path, path: &Path) -> Option<Vec<Risk>> {
    let text = source::read_text(root, path).ok()?;
    let parsed = registers::parse::<Risk>(&text, &source::relative(root, path), "risks");
    (parsed.diagnostics.is_empty() && parsed.broken.is_empty()).then_some(parsed.entries)
}

/// Reads a portal, with the history of its own repository. Returns the project and every
/// problem met on the way; `Err` when `portal.yaml` itself cannot be read, since nothing else
/// can be understood without it.
pub fn load(root: &Path) -> Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_with_history(
        root,
        HistoryFrom {
            root,
            revision: None,
        },
    )
}

/// [`load`], with the history read from `history_from` rather than from `root`'s repository.
pub fn load_with_history(
    root: &Path,
    history_from: HistoryFrom,
) -> Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>> {
    let config_path = root.join("portal.yaml");
    walk::inside_root(root, &config_path).map_err(|d| vec![d])?;
    let config_text = source::read_text(root, &config_path).map_err(|d| vec![d])?;
    let (config, config_source, config_problems) = config::parse(&config_text)?;
    let mut diagnostics = config_problems;

    let content = root.join("content");
    let files = walk::files(root, &content, &mut diagnostics);
    let mut reader = Reader {
        root,
        content,
        files,
        diagnostics,
        broken: Vec::new(),
    };
    let policies = documents::load_policies(
        root,
        &reader.in_dir("policies", &["md"]),
        &mut reader.diagnostics,
        &mut reader.broken,
    );
    let pages = pages::load_pages(
        root,
        &reader.in_dir("pages", &["md"]),
        &mut reader.diagnostics,
        &mut reader.broken,
    );
    let registers = reader.registers();
    let records = reader.records();
    let (frameworks, builtin_frameworks, crosswalks) = reader.catalogs();

    // The ids of a file that could not be parsed still count as known: a reference to one is
    // not news, the syntax error is.
    let Reader {
        content,
        files,
        mut diagnostics,
        mut broken,
        ..
    } = reader;
    let unreadable = unreadable::find(root, &diagnostics);
    broken.extend(unreadable.iter().flat_map(|u| u.ids.iter().cloned()));
    diagnostics.extend(unread_files(root, &content, &files));
    let page_assets = files
        .iter()
        .filter(|p| p.starts_with(content.join("pages")))
        .filter(|p| p.extension().and_then(|e| e.to_str()) != Some("md"))
        .map(|p| source::relative(root, p))
        .collect();
    let templates = template_overrides(root, &mut diagnostics);
    let static_files = walk::overrides(root, &root.join("static"), &mut diagnostics);
    let (mut history, note) =
        history::read(history_from.root, history_from.revision, config.git_history);
    diagnostics.extend(note);
    diagnostics.extend(history::mark_bodies(
        &mut history,
        history_from.root,
        &policies,
    ));
    diagnostics.extend(reassessment::mark_systems(
        &mut history,
        history_from.root,
        &registers.systems,
        &policies,
        &registers.risks,
    ));

    let project = Project {
        root: root.to_path_buf(),
        config,
        config_source,
        broken,
        unreadable,
        policies,
        pages,
        systems: registers.systems,
        risks: registers.risks,
        controls: registers.controls,
        evidence: registers.evidence,
        subprocessors: registers.subprocessors,
        questions: registers.questions,
        records,
        frameworks,
        builtin_frameworks,
        crosswalks,
        templates,
        static_files,
        page_assets,
        history,
    };
    Ok((project, diagnostics))
}

/// The files under `content/` and what reading them has met so far.
struct Reader<'a> {
    root: &'a Path,
    content: PathBuf,
    files: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
    /// Ids of files that could not be parsed.
    broken: Vec<String>,
}

/// The YAML registers of a portal.
struct Registers {
    systems: Vec<System>,
    risks: Vec<Risk>,
    controls: Vec<ControlImplementation>,
    evidence: Vec<Evidence>,
    subprocessors: Vec<Subprocessor>,
    questions: Vec<Question>,
}

impl Reader<'_> {
    /// The files under `content/<dir>/` with one of these extensions.
    fn in_dir(&self, dir: &str, ext: &[&str]) -> Vec<PathBuf> {
        let base = self.content.join(dir);
        self.files
            .iter()
            .filter(|p| p.starts_with(&base))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| ext.contains(&e))
            })
            .cloned()
            .collect()
    }

    /// The entries of one register, read from these files under its top-level `key`.
    fn register<T: serde::de::DeserializeOwned + registers::Located + Send>(
        &mut self,
        files: &[PathBuf],
        key: &str,
    ) -> Vec<T> {
        registers::load(
            self.root,
            files,
            key,
            &mut self.diagnostics,
            &mut self.broken,
        )
    }

    /// Systems, risks, applicability entries, evidence (with its files located),
    /// subprocessors and questionnaire answers, in that order.
    fn registers(&mut self) -> Registers {
        let yaml = ["yaml", "yml"];
        let systems = self.register(&self.in_dir("systems", &yaml), "systems");
        let risks = self.register(&self.in_dir("risks", &yaml), "risks");
        let controls = self.register(&self.in_dir("controls", &yaml), "controls");
        let evidence_files_dir = self.content.join("evidence").join("files");
        let evidence_yaml: Vec<PathBuf> = self
            .in_dir("evidence", &yaml)
            .into_iter()
            .filter(|p| !p.starts_with(&evidence_files_dir))
            .collect();
        let mut evidence = self.register(&evidence_yaml, "evidence");
        evidence_files::locate(self.root, &mut evidence, &mut self.diagnostics);
        let subprocessor_file = self.top_file(SUBPROCESSORS);
        let subprocessors = self.register(&subprocessor_file, "subprocessors");
        let questions = self.register(&self.in_dir("questionnaires", &yaml), "questions");
        Registers {
            systems,
            risks,
            controls,
            evidence,
            subprocessors,
            questions,
        }
    }

    /// The records an auditor samples: audit programmes and audits (two lists of the files
    /// under `audits/`), nonconformities, management reviews, objectives and incidents.
    fn records(&mut self) -> Records {
        let yaml = ["yaml", "yml"];
        let audit_files = self.in_dir("audits", &yaml);
        let (programmes, audits) = (
            registers::load_among(
                self.root,
                &audit_files,
                ("programmes", &["audits"]),
                &mut self.diagnostics,
                &mut self.broken,
            ),
            registers::load_among(
                self.root,
                &audit_files,
                ("audits", &["programmes"]),
                &mut self.diagnostics,
                &mut self.broken,
            ),
        );
        let objectives_file = self.top_file(OBJECTIVES);
        Records {
            programmes,
            audits,
            nonconformities: self
                .register(&self.in_dir("nonconformities", &yaml), "nonconformities"),
            reviews: self.register(
                &self.in_dir("management-reviews", &yaml),
                "management_reviews",
            ),
            objectives: self.register(&objectives_file, "objectives"),
            incidents: self.register(&self.in_dir("incidents", &yaml), "incidents"),
        }
    }

    /// A register that sits directly in `content/`, if the portal has it.
    fn top_file(&self, name: &str) -> Vec<PathBuf> {
        let path = self.content.join(name);
        self.files.iter().filter(|p| **p == path).cloned().collect()
    }

    /// The built-in catalogs and crosswalks followed by the portal's own, and how many
    /// frameworks are built in.
    fn catalogs(&mut self) -> (Vec<Framework>, usize, Vec<Crosswalk>) {
        let (mut frameworks, mut crosswalks) = catalogs::builtin(&mut self.diagnostics);
        let builtin_frameworks = frameworks.len();
        let framework_files = self.in_dir("frameworks", &["yaml", "yml", "json"]);
        catalogs::load_user(
            self.root,
            &framework_files,
            &mut frameworks,
            &mut crosswalks,
            &mut self.diagnostics,
        );
        (frameworks, builtin_frameworks, crosswalks)
    }
}

/// The portal's template overrides: name under `templates/`, and text.
fn template_overrides(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    walk::overrides(root, &root.join("templates"), diagnostics)
        .into_iter()
        .filter_map(|(name, path)| match source::read_text(root, &path) {
            Ok(text) => Some((name, text)),
            Err(diag) => {
                diagnostics.push(diag);
                None
            }
        })
        .collect()
}

/// One Markdown source as `load` reads it, split for `serve`'s quick preview of an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownParts {
    /// Everything besides the body that decides the entity: the front matter, and for a page
    /// also the title it takes (which may come from its first heading).
    pub head: String,
    /// The Markdown its page shows.
    pub body: String,
}

/// Reads one Markdown file of `content/policies/` or `content/pages/` (`file` relative to the
/// root) as `load` does. `None` for any other file, or one that cannot be read or parsed.
pub fn markdown_parts(root: &Path, file: &str) -> Option<MarkdownParts> {
    let document = file.starts_with("content/policies/");
    let page = file.starts_with("content/pages/");
    if !file.ends_with(".md") || !(document || page) {
        return None;
    }
    let text = source::read_text(root, &root.join(file)).ok()?;
    let split = split_front_matter(&text).ok();
    let front = split.as_ref().map_or("", |s| s.front_matter);
    if document {
        let split = split?;
        return Some(MarkdownParts {
            head: front.to_string(),
            body: control_chars::body_text(split.body).into_owned(),
        });
    }
    let page = pages::parse(&text, file).0?;
    Some(MarkdownParts {
        head: format!("{front}\n\u{0}{}", page.meta.title),
        body: page.body,
    })
}

/// Which folder of `content/` reads which extensions; evidence artifacts may be anything.
const READ: &[(&str, &[&str])] = &[
    ("policies", &["md"]),
    ("pages", &["md"]),
    ("systems", &["yaml", "yml"]),
    ("risks", &["yaml", "yml"]),
    ("controls", &["yaml", "yml"]),
    ("evidence", &["yaml", "yml"]),
    ("frameworks", &["yaml", "yml", "json"]),
    ("questionnaires", &["yaml", "yml"]),
    ("audits", &["yaml", "yml"]),
    ("nonconformities", &["yaml", "yml"]),
    ("management-reviews", &["yaml", "yml"]),
    ("incidents", &["yaml", "yml"]),
];

/// The registers that sit directly in `content/`.
const SUBPROCESSORS: &str = "subprocessors.yaml";
/// See [`SUBPROCESSORS`].
const OBJECTIVES: &str = "objectives.yaml";

/// A warning (W309) for each file under `content/` that nothing reads: a misspelt folder
/// (`content/risk/`) or extension (`.MD`) would otherwise vanish without a word.
fn unread_files(root: &Path, content: &Path, files: &[PathBuf]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for path in files {
        let Ok(rel) = path.strip_prefix(content) else {
            continue;
        };
        // Evidence artifacts, and images or documents beside pages, may be any file.
        if rel.starts_with("evidence/files")
            || rel.starts_with("pages")
            || rel == Path::new(SUBPROCESSORS)
            || rel == Path::new(OBJECTIVES)
        {
            continue;
        }
        let folder = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let read = READ.iter().any(|(dir, exts)| {
            *dir == folder && exts.contains(&ext) && rel.components().count() > 1
        });
        if !read {
            let file = source::relative(root, path);
            let folders: Vec<String> = READ
                .iter()
                .map(|(d, e)| format!("{d}/ (.{})", e.join(", .")))
                .collect();
            out.push(
                Diagnostic::warning("W309", format!("`{file}` is not read"))
                    .at(file, 0)
                    .help(format!(
                        "content/ reads {}; evidence artifacts go under evidence/files/",
                        folders.join(", ")
                    )),
            );
        }
    }
    out
}
