//! Every output path of a build in one list, and the collisions between them.
//!
//! Two writers of one file would lose one of them silently: a `static/` file replacing a
//! generated page, the search index or an evidence artifact (which the auditor manifest would
//! then hash as if it were the evidence). File systems on macOS and Windows do not tell letter
//! case apart, and macOS not Unicode normalisation either, so paths are compared as
//! [`disk_key`] makes them; a file whose path is also another file's folder collides too.
//! Names a disk cannot hold (over 255 bytes) are errors, paths Windows cannot unzip (over 260
//! characters) warnings, all at their sources, so that `check` knows what `build` fails on.

use std::collections::BTreeMap;

use super::{Plan, urls};
use crate::diagnostics::Diagnostic;
use crate::model::{Audience, Source};
use crate::resolve::Portal;
use crate::shared::output_files::{self as package, BUILTIN_STATIC, MARKER};

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
        .chain(&plan.data_paths)
        .map(|path| Output {
            path: path.clone(),
            origin: Origin::Generated(origins.get(path.as_str()).cloned()),
        })
        .collect();
    let mut package_files = vec![MARKER];
    if audience == Audience::Auditor {
        package_files.extend([
            package::MANIFEST,
            package::SIGNATURE,
            package::PACKAGE_INFO,
            package::SHA256SUMS,
            package::SHA256SUMS_SIGNATURE,
        ]);
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

/// A path as macOS and Windows disks compare names: Unicode NFC (`résumé` typed on macOS is
/// NFD, elsewhere NFC: one file there, two on Linux), then letter case folded.
pub fn disk_key(path: &str) -> String {
    if path.is_ascii() {
        // Most paths: ASCII is its own NFC, and its case folds byte by byte.
        return path.to_ascii_lowercase();
    }
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    nfc.normalize(&nfc.normalize(path).to_lowercase())
        .into_owned()
}

/// The longest file name disks allow, in bytes (ext4, APFS, NTFS in UTF-16 units, zip tools).
pub const MAX_NAME_BYTES: usize = 255;

/// The longest path Windows' own unzip writes (MAX_PATH), counted here inside the package.
pub const MAX_ZIP_PATH: usize = 260;

/// Whether a file or folder name of `path` is longer than a disk allows.
pub fn name_too_long(path: &str) -> bool {
    path.split('/').any(|n| n.len() > MAX_NAME_BYTES)
}

/// An error (E006) for each output whose file or folder name is longer than a disk allows,
/// else a warning (W006) when its path in a zip of the build is longer than Windows extracts.
fn lengths(all: &[Output], audience: Audience) -> Vec<Diagnostic> {
    // The folder a `--zip` puts every entry under (the audience's default output name).
    let top = match audience {
        Audience::Internal => "handbook",
        Audience::Public => "public",
        Audience::Auditor => "auditor-package",
    };
    let mut found = Vec::new();
    for output in all {
        if let Some(name) = output.path.split('/').find(|n| n.len() > MAX_NAME_BYTES) {
            let message = format!(
                "{} has a name of {} bytes, longer than the {MAX_NAME_BYTES} a disk allows: the build could not write it",
                output.describe(),
                name.len()
            );
            found.push(
                output
                    .locate(Diagnostic::error("E006", message))
                    .help("shorten the source's file name (or its `id`)"),
            );
            continue;
        }
        let zipped = top.chars().count() + 1 + output.path.chars().count();
        if zipped > MAX_ZIP_PATH {
            let message = format!(
                "{} is {zipped} characters long in a zip of this build (`{top}/...`): Windows cannot unzip paths longer than {MAX_ZIP_PATH}",
                output.describe()
            );
            found.push(
                output
                    .locate(Diagnostic::warning("W006", message))
                    .help("shorten the folder or file names on its path"),
            );
        }
    }
    found
}

/// Sources that macOS or Windows would read as one file: pages and the files beside them
/// whose paths differ only in Unicode normalisation or letter case (E005 at the second).
fn same_sources(full: &Portal) -> Vec<Diagnostic> {
    let pages = full.pages.iter().map(|p| (p.source.file.as_str(), true));
    let files = full.page_tree.assets.keys().map(|a| (a.as_str(), false));
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut found = Vec::new();
    for (path, page) in pages.chain(files) {
        let key = disk_key(path);
        match seen.get(&key) {
            Some(&first) if first != path => {
                let how = if first.to_lowercase() == path.to_lowercase() {
                    "letter case"
                } else {
                    "Unicode normalisation (NFC/NFD) or letter case"
                };
                let message = format!(
                    "`{path}` and `{first}` differ only in {how}: macOS and Windows keep them as one file"
                );
                let d = Diagnostic::error("E005", message)
                    .at(path.to_string(), usize::from(page))
                    .help(format!("rename one of them; the other is {first}"));
                found.push(d);
            }
            Some(_) => {}
            None => {
                seen.insert(key, path);
            }
        }
    }
    found
}

/// An error (E005) for each output that would replace another, or whose path differs from
/// another's only in letter case or Unicode normalisation, or is a file where another needs a
/// folder; and the name lengths (E006, W006) and source names (E005) a disk cannot hold.
pub fn collisions(
    plan: &Plan,
    visible: &Portal,
    full: &Portal,
    audience: Audience,
) -> Vec<Diagnostic> {
    let all = outputs(plan, visible, full, audience);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut found = same_sources(full);
    found.extend(lengths(&all, audience));
    for (i, output) in all.iter().enumerate() {
        let key = disk_key(&output.path);
        match seen.get(&key) {
            Some(&first) if overrides(&all[first], output) => {}
            Some(&first) => found.push(collision(&all[first], output)),
            None => {
                seen.insert(key, i);
            }
        }
    }
    for output in &all {
        let lower = disk_key(&output.path);
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
    } else if disk_key(&first.path) == disk_key(&second.path) {
        "differs only in Unicode normalisation (NFC/NFD) or letter case from"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_keys_fold_case_and_unicode_normalisation() {
        let nfc = "evidence/files/R\u{e9}sum\u{e9}.txt";
        let nfd = "evidence/files/re\u{301}sume\u{301}.TXT";
        assert_eq!(disk_key(nfc), disk_key(nfd));
        assert_eq!(disk_key("Pages/A.html"), "pages/a.html");
        assert_ne!(disk_key("pages/a-b.html"), disk_key("pages/a_b.html"));
        assert!(name_too_long(&format!("pages/{}.html", "a".repeat(251))));
        assert!(!name_too_long(&format!("pages/{}.html", "a".repeat(250))));
    }
}
