//! Every output path of a build in one list, and the collisions between them.
//!
//! Two writers of one file would lose one of them silently: a `static/` file replacing a
//! generated page, the search index or an evidence artifact (which the auditor manifest would
//! then hash as if it were the evidence). File systems on macOS and Windows do not tell letter
//! case apart, so paths are compared case-insensitively; a file whose path is also another
//! file's folder collides too.

use std::collections::BTreeMap;

use super::{Plan, urls};
use crate::diagnostics::Diagnostic;
use crate::model::{Audience, Source};
use crate::resolve::Portal;
use crate::write::{BUILTIN_STATIC, MARKER, package};

/// Who writes an output file.
#[derive(Debug, Clone)]
enum Origin {
    /// A page or data file generated from the sources (an entity's source when known).
    Generated(Option<Located>),
    /// A file of the package itself (marker, manifest, signature).
    Package,
    /// A built-in asset, which `static/` may override at exactly its path.
    Builtin,
    /// A file under `static/`.
    Static,
    /// An evidence artifact, copied from the record's `file`.
    Artifact(Located),
    /// A file beside the pages (an image), copied from this source path.
    PageFile(String),
}

/// An entity and where it is written in the sources.
#[derive(Debug, Clone)]
struct Located {
    what: String,
    source: Source,
    field: &'static str,
}

impl Located {
    fn new(what: String, source: &Source, field: &'static str) -> Located {
        Located {
            what,
            source: source.clone(),
            field,
        }
    }
}

/// One output file.
#[derive(Debug, Clone)]
struct Output {
    path: String,
    origin: Origin,
}

impl Output {
    /// How a message names it: `the page policies/POL-1.html (policy POL-1)`.
    fn describe(&self) -> String {
        match &self.origin {
            Origin::Generated(Some(at)) => format!(
                "the generated `{}` ({}, {}:{})",
                self.path, at.what, at.source.file, at.source.line
            ),
            Origin::Generated(None) => format!("the generated `{}`", self.path),
            Origin::Package => format!("the package file `{}`", self.path),
            Origin::Builtin => format!("the built-in `{}`", self.path),
            Origin::Static => format!("`static/{}`", self.path),
            Origin::PageFile(source) => format!("`{}`, copied from `{source}`", self.path),
            Origin::Artifact(at) => format!(
                "`{}`, the artifact of {} ({}:{})",
                self.path,
                at.what,
                at.source.file,
                at.source.position(at.field).0
            ),
        }
    }

    /// Where the problem is shown: the static file or the record, else the entity's source.
    fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        match &self.origin {
            Origin::Static => diagnostic.at(format!("static/{}", self.path), 0),
            Origin::PageFile(source) => diagnostic.at(source.clone(), 0),
            Origin::Artifact(at) | Origin::Generated(Some(at)) => {
                at.source.locate(diagnostic, at.field)
            }
            _ => diagnostic,
        }
    }
}

/// Every output of the build planned in `plan` for `audience` (whose visible portal is
/// `visible`), plus the evidence artifacts of the whole portal `full`: the auditor package
/// copies them all, so `check` reports their collisions whatever the audience.
fn outputs(plan: &Plan, visible: &Portal, full: &Portal, audience: Audience) -> Vec<Output> {
    let origins = page_origins(visible);
    let mut all: Vec<Output> = plan
        .paths
        .iter()
        .chain(plan.data.iter().map(|(p, _)| p))
        .map(|path| Output {
            path: path.clone(),
            origin: Origin::Generated(origins.get(path.as_str()).cloned()),
        })
        .collect();
    let mut package_files = vec![MARKER];
    if audience == Audience::Auditor {
        package_files.extend([package::MANIFEST, package::SIGNATURE, package::PACKAGE_INFO]);
    }
    all.extend(package_files.into_iter().map(|p| Output {
        path: p.to_string(),
        origin: Origin::Package,
    }));
    all.extend(BUILTIN_STATIC.iter().map(|(p, _)| Output {
        path: p.to_string(),
        origin: Origin::Builtin,
    }));
    all.extend(full.evidence.iter().filter_map(|node| {
        let e = &node.evidence;
        e.artifact.as_ref().map(|a| Output {
            path: a.output_path.clone(),
            origin: Origin::Artifact(Located::new(
                format!("evidence `{}`", e.id),
                &e.source,
                "file",
            )),
        })
    }));
    let mut page_files: Vec<(&String, &String)> = plan.links.assets.iter().collect();
    page_files.sort();
    all.extend(page_files.into_iter().map(|(source, out)| Output {
        path: out.clone(),
        origin: Origin::PageFile(source.clone()),
    }));
    all.extend(visible.static_files.iter().map(|(p, _)| Output {
        path: p.clone(),
        origin: Origin::Static,
    }));
    all
}

/// The source of each entity's page, for messages about its path.
fn page_origins(portal: &Portal) -> BTreeMap<String, Located> {
    let mut map = BTreeMap::new();
    for p in &portal.policies {
        let what = format!("policy `{}`", p.doc.meta.id);
        map.insert(
            urls::policy(&p.doc.meta.id),
            Located::new(what, &p.doc.source, "id"),
        );
    }
    for p in &portal.pages {
        let what = format!("page `{}`", p.meta.id);
        map.insert(
            p.meta.place.url.clone(),
            Located::new(what, &p.source, "id"),
        );
    }
    for s in &portal.systems {
        let what = format!("system `{}`", s.system.id);
        map.insert(
            urls::system(&s.system.id),
            Located::new(what, &s.system.source, "id"),
        );
    }
    for r in &portal.risks {
        let what = format!("risk `{}`", r.risk.id);
        map.insert(
            urls::risk(&r.risk.id),
            Located::new(what, &r.risk.source, "id"),
        );
    }
    for e in &portal.evidence {
        let what = format!("evidence `{}`", e.evidence.id);
        map.insert(
            urls::evidence(&e.evidence.id),
            Located::new(what, &e.evidence.source, "id"),
        );
    }
    for c in &portal.controls {
        if let Some(entry) = &c.implementation {
            let what = format!("control `{}`", c.key);
            map.insert(
                urls::control(&c.framework_id, &c.id),
                Located::new(what, &entry.source, "ref"),
            );
        }
    }
    map
}

/// Whether a later output may take an earlier one's path: only `static/` over a built-in
/// asset, at exactly the same path.
fn overrides(earlier: &Output, later: &Output) -> bool {
    matches!(earlier.origin, Origin::Builtin)
        && matches!(later.origin, Origin::Static)
        && earlier.path == later.path
}

/// An error (E005) for each output that would replace another, or whose path differs from
/// another's only in letter case, or is a file where another needs a folder.
pub fn collisions(
    plan: &Plan,
    visible: &Portal,
    full: &Portal,
    audience: Audience,
) -> Vec<Diagnostic> {
    let all = outputs(plan, visible, full, audience);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut found = Vec::new();
    for (i, output) in all.iter().enumerate() {
        let key = output.path.to_lowercase();
        match seen.get(&key) {
            Some(&first) if overrides(&all[first], output) => {}
            Some(&first) => found.push(collision(&all[first], output)),
            None => {
                seen.insert(key, i);
            }
        }
    }
    for output in &all {
        let lower = output.path.to_lowercase();
        let folders = lower.match_indices('/').map(|(at, _)| &lower[..at]);
        for folder in folders {
            if let Some(&file) = seen.get(folder) {
                found.push(collision(&all[file], output));
            }
        }
    }
    found
}

fn collision(first: &Output, second: &Output) -> Diagnostic {
    let verb = if first.path == second.path {
        "would replace"
    } else if first.path.eq_ignore_ascii_case(&second.path)
        || first.path.to_lowercase() == second.path.to_lowercase()
    {
        "differs only in letter case from"
    } else {
        "needs a folder where there is"
    };
    let message = format!("{} {verb} {}", second.describe(), first.describe());
    let help = match (&first.origin, &second.origin) {
        (_, Origin::Static) => {
            "rename or remove the file under static/: generated files cannot be replaced"
        }
        (Origin::Artifact(_), Origin::Artifact(_)) => {
            "give each record its own file (one record may list several controls), or rename one file"
        }
        _ => {
            "rename one of them: once made into file names (compared ignoring letter case), they are the same"
        }
    };
    let other = first.locate(Diagnostic::error("E005", ""));
    let help = match (other.file, other.line) {
        (Some(file), Some(line)) => format!("{help}; the other is at {file}:{line}"),
        (Some(file), None) => format!("{help}; the other is {file}"),
        _ => help.to_string(),
    };
    second.locate(Diagnostic::error("E005", message)).help(help)
}
