//! `tracemark soa --add-missing`: Statement of Applicability entries for in-scope controls
//! that have none, appended as text so that the file's own formatting and comments stay.
//!
//! The entries are written `assessed: false` with a placeholder justification, in catalog
//! order, one comment per group: `check` then lists each as a warning (W315) to decide.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::Framework;
use crate::resolve::Applicability;

/// The file new entries go to when `content/controls/` holds none.
pub const DEFAULT_FILE: &str = "content/controls/soa.yaml";

/// YAML text of not-yet-assessed entries, `indent` before each `- `, for the controls of
/// `framework` that `wanted` accepts, in catalog order with a comment per group.
pub fn entries(framework: &Framework, indent: &str, wanted: impl Fn(&str) -> bool) -> String {
    let fw = &framework.framework.id;
    let mut out = String::new();
    // Management-system requirements apply without an entry, withdrawn controls need none.
    for group in framework.groups.iter().filter(|g| !g.requirements) {
        let controls: Vec<_> = group
            .controls
            .iter()
            .filter(|c| !c.withdrawn && wanted(&c.id))
            .collect();
        if controls.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{indent}# {fw} {} {}",
            group.id,
            one_line(&group.title)
        );
        for control in controls {
            let _ = write!(
                out,
                "{indent}- ref: {}\n{indent}  applicable: true\n{indent}  justification: \"Not assessed yet: {}\"\n{indent}  assessed: false\n",
                yaml_plain(&format!("{fw}:{}", control.id)),
                one_line(&control.title)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\""),
            );
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A control reference as a YAML scalar: quoted when plain style could misread it.
fn yaml_plain(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '-' | '_' | '(' | ')'));
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// What `--add-missing` did.
#[derive(Debug)]
pub struct Added {
    /// The file written, relative to the root.
    pub file: String,
    /// Entries added per framework id, in scope order.
    pub per_framework: Vec<(String, usize)>,
}

/// Appends an entry for every in-scope control without one. Refuses (with the diagnostics)
/// when `portal.yaml` or the Statement of Applicability has errors, since a broken entry
/// would otherwise be added a second time.
pub fn add_missing(root: &Path, today: crate::model::Date) -> Result<Added, SoaError> {
    let (project, load_diags) = crate::load::load(root).map_err(SoaError::Content)?;
    let blocking: Vec<Diagnostic> = load_diags
        .into_iter()
        .filter(|d| d.is_error())
        .filter(|d| {
            d.file
                .as_deref()
                .is_none_or(|f| f == "portal.yaml" || f.starts_with("content/controls/"))
        })
        .collect();
    if !blocking.is_empty() {
        return Err(SoaError::Content(blocking));
    }
    let files = controls_files(&project);
    let frameworks = project.frameworks.clone();
    let (portal, _) = crate::resolve::resolve(project, today);
    let target = pick_file(&files);
    let full = root.join(&target);
    let existing = match std::fs::read_to_string(&full) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(SoaError::Io(format!("cannot read {target}: {e}"))),
    };
    let indent = existing.as_deref().map_or("  ".to_string(), list_indent);
    let mut text = String::new();
    let mut per_framework = Vec::new();
    for node in portal
        .frameworks
        .iter()
        .filter(|f| f.scope == crate::resolve::Scope::InScope)
    {
        let missing: Vec<&str> = node
            .groups
            .iter()
            .flat_map(|g| &g.controls)
            .map(|&c| &portal.controls[c])
            .filter(|c| c.applicability == Applicability::Missing)
            .map(|c| c.id.as_str())
            .collect();
        let Some(framework) = frameworks.iter().find(|f| f.framework.id == node.id) else {
            continue;
        };
        if !missing.is_empty() {
            text.push_str(&entries(framework, &indent, |id| missing.contains(&id)));
        }
        per_framework.push((node.id.clone(), missing.len()));
    }
    if !text.is_empty() {
        let new = match existing {
            Some(old) => appended(&old, &text),
            None => format!("controls:\n{text}"),
        };
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| SoaError::Io(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&full, new)
            .map_err(|e| SoaError::Io(format!("cannot write {target}: {e}")))?;
    }
    Ok(Added {
        file: target,
        per_framework,
    })
}

/// Why `--add-missing` wrote nothing.
#[derive(Debug)]
pub enum SoaError {
    /// The sources have errors that must be fixed first.
    Content(Vec<Diagnostic>),
    /// A file could not be read or written.
    Io(String),
}

/// The Statement of Applicability files, relative to the root, sorted.
fn controls_files(project: &crate::load::Project) -> Vec<String> {
    let mut files: Vec<String> = project
        .controls
        .iter()
        .map(|c| c.source.file.clone())
        .collect();
    files.sort();
    files.dedup();
    files
}

/// `content/controls/soa.yaml` when it exists or nothing does, else the first file.
fn pick_file(files: &[String]) -> String {
    if files.is_empty() || files.iter().any(|f| f == DEFAULT_FILE) {
        DEFAULT_FILE.to_string()
    } else {
        files[0].clone()
    }
}

/// The indentation of the file's list items (`  - ref:` or `- ref:`).
fn list_indent(text: &str) -> String {
    text.lines()
        .find_map(|l| {
            let trimmed = l.trim_start();
            trimmed
                .starts_with("- ")
                .then(|| l[..l.len() - trimmed.len()].to_string())
        })
        .unwrap_or_else(|| "  ".to_string())
}

/// The file's text with `entries` added at the end of its `controls:` list; an empty flow
/// list (`controls: []`) becomes a block list first.
fn appended(old: &str, entries: &str) -> String {
    let mut text = old.to_string();
    if let Some(at) = text.find("controls: []") {
        text.replace_range(at..at + "controls: []".len(), "controls:");
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(entries);
    text
}

/// Where `init --blank` writes the Statement of Applicability of `frameworks`.
pub fn blank_file(frameworks: &[&Framework]) -> (PathBuf, String) {
    let mut text = String::from(
        "# Statement of Applicability: one entry per control of each framework in scope.\n# For each: set `applicable`, write the `justification`, then delete `assessed: false`.\ncontrols:\n",
    );
    for framework in frameworks {
        text.push_str(&entries(framework, "  ", |_| true));
    }
    (PathBuf::from(DEFAULT_FILE), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_without_touching_what_is_there() {
        let old =
            "# our SoA\ncontrols:\n- ref: a:B.1   # kept\n  applicable: true\n  justification: x";
        let new = appended(old, &format!("{}- ref: a:B.2\n", list_indent(old)));
        assert!(new.starts_with(old));
        assert!(new.ends_with("x\n- ref: a:B.2\n"), "{new}");
        assert_eq!(
            appended("controls: []\n", "  - ref: x\n"),
            "controls:\n  - ref: x\n"
        );
    }
}
