//! Markdown documents with YAML front matter: policies and free pages.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use std::sync::Arc;

use serde_yaml::Value;

use super::fields;
use super::positions::{Positions, SourcePositions};
use super::registers::located;
use super::source::{parse_yaml, read_and_parse_each};
use crate::diagnostics::Diagnostic;
use crate::model::{Document, Policy, PolicyMeta, Source};

/// Front matter and body of a Markdown file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// YAML between the fences.
    pub front_matter: &'a str,
    /// Markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `---` front matter from the body. `Err` says what is wrong and on which line.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, (String, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(("the file does not start with `---` front matter".into(), 1));
    }
    let mut offset = first_end + 1;
    let mut line = 2;
    while offset <= text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |p| offset + p);
        let current = text[offset..end].trim_end();
        if current == "---" || current == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front_matter: &text[first_end + 1..offset],
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        if end == text.len() {
            break;
        }
        offset = end + 1;
        line += 1;
    }
    Err((
        "the front matter opened on line 1 is never closed with `---`".into(),
        1,
    ))
}

/// The positions of a document's front matter values, found in the document's whole text
/// (lines counted from the file's first line, the opening `---`).
pub fn front_matter_positions(text: &str) -> Positions {
    match split_front_matter(text) {
        Ok(split) => Positions::of(split.front_matter, 1),
        Err(_) => Positions::default(),
    }
}

/// How a parsed document's front matter gets its positions: from its text.
pub type PositionsOf<'a> = &'a dyn Fn(&str) -> Arc<SourcePositions>;

/// Positions computed now, from the front matter itself.
pub fn positions_now(front_matter: &str) -> Arc<SourcePositions> {
    Arc::new(SourcePositions::known(Positions::of(front_matter, 1)))
}

/// Parses one Markdown document with front matter (`file` relative to the root, for messages).
/// Pure: reads no disk, never panics. Returns the document when it could be read, every
/// problem, and its id when it was too broken to keep.
pub fn parse<M: DeserializeOwned>(
    text: &str,
    file: &str,
) -> (Option<Document<M>>, Vec<Diagnostic>, Option<String>) {
    parse_with(text, file, &positions_now)
}

/// [`parse`], with the front matter's positions from `positions` (the loader's read them
/// again from the file when a diagnostic first asks).
pub fn parse_with<M: DeserializeOwned>(
    text: &str,
    file: &str,
    positions: PositionsOf,
) -> (Option<Document<M>>, Vec<Diagnostic>, Option<String>) {
    let mut diagnostics = Vec::new();
    let split = match split_front_matter(text) {
        Ok(split) => split,
        Err((message, line)) => {
            let help = "a policy starts with its front matter: a line `---`, then `id:`, `title:` and `owner:` (required) and any other fields, then a line `---`";
            diagnostics.push(
                Diagnostic::error("E106", message)
                    .at(file, line)
                    .column(1)
                    .help(help),
            );
            return (None, diagnostics, None);
        }
    };
    diagnostics.extend(super::control_chars::in_body(
        split.body,
        file,
        split.body_line,
    ));
    if split.front_matter.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error("E103", "the front matter is empty")
                .at(file, 1)
                .column(1)
                .help("a policy needs at least `id:`, `title:` and `owner:`"),
        );
        return (None, diagnostics, None);
    }
    let value = match parse_yaml(split.front_matter, file, 1) {
        Ok(value) => value,
        Err(diag) => {
            diagnostics.push(diag);
            return (None, diagnostics, None);
        }
    };
    let source = Source {
        file: file.to_string(),
        line: 2,
        path: String::new(),
        positions: Some(positions(split.front_matter)),
        patched: Vec::new(),
    };
    let read = fields::read::<M>(&value);
    for error in &read.errors {
        diagnostics.push(located(&source, error, ""));
    }
    match super::registers::keep(read) {
        Some((meta, patched)) => {
            let document = Document {
                meta,
                body: super::control_chars::body_text(split.body).into_owned(),
                body_line: split.body_line,
                source: Source { patched, ..source },
            };
            (Some(document), diagnostics, None)
        }
        None => {
            let id = value.get("id").and_then(Value::as_str).map(str::to_string);
            (None, diagnostics, id)
        }
    }
}

fn load_documents<M: DeserializeOwned + Send>(
    root: &Path,
    files: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut Vec<String>,
) -> Vec<Document<M>> {
    let mut documents = Vec::new();
    for read in read_and_parse_each(root, files, |path, text, file| {
        parse_with::<M>(text, file, &|_| on_demand(path))
    }) {
        let (file, (document, diags, broken_id)) = match read {
            Ok(read) => read,
            Err(diag) => {
                diagnostics.push(diag);
                continue;
            }
        };
        diagnostics.extend(diags);
        match document {
            Some(document) => documents.push(document),
            // Links to a document that could not be read are not reported a second time.
            None => broken.extend(broken_id.into_iter().chain([file])),
        }
    }
    documents
}

/// Positions read again from the document at `path` when a diagnostic first asks: most
/// documents never need them.
pub fn on_demand(path: &Path) -> Arc<SourcePositions> {
    Arc::new(SourcePositions::on_demand_with(
        path.to_path_buf(),
        front_matter_positions,
    ))
}

/// Loads policies from `content/policies/**/*.md`.
pub fn load_policies(
    root: &Path,
    files: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut Vec<String>,
) -> Vec<Policy> {
    load_documents::<PolicyMeta>(root, files, diagnostics, broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loaded_documents_find_their_front_matter_positions_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            "\u{feff}---\nid: POL-1\ntitle: T\nowner: O\ncontrols: [a:1, a:2]\n---\n# Body\n";
        let files: Vec<PathBuf> = (0..3)
            .map(|n| {
                let path = dir.path().join(format!("p{n}.md"));
                std::fs::write(&path, text.replace("POL-1", &format!("POL-{n}"))).unwrap();
                path
            })
            .collect();
        let (mut diagnostics, mut broken) = (Vec::new(), Vec::new());
        let policies = load_policies(dir.path(), &files, &mut diagnostics, &mut broken);
        // Read in parallel, kept in the files' order.
        let ids: Vec<&str> = policies.iter().map(|p| p.meta.id.as_str()).collect();
        assert_eq!(ids, ["POL-0", "POL-1", "POL-2"]);
        let source = &policies[1].source;
        assert!(!source.positions.as_ref().unwrap().is_computed());
        // The same places as positions computed from the text at once, BOM and all.
        let (parsed, _, _) = parse::<PolicyMeta>(text, "p.md");
        let now = parsed.unwrap().source;
        for field in ["owner", "controls[1]", "title"] {
            assert_eq!(source.position(field), now.position(field), "{field}");
        }
        assert_eq!(source.position("controls[1]"), (5, 17));
        assert!(source.positions.as_ref().unwrap().is_computed());
    }

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let split = split_front_matter("---\nid: X\ntitle: T\n---\n# Body\n").unwrap();
        assert_eq!(split.front_matter, "id: X\ntitle: T\n");
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn unclosed_or_missing_front_matter_is_an_error() {
        assert!(
            split_front_matter("---\nid: X\n")
                .unwrap_err()
                .0
                .contains("never closed")
        );
        assert!(
            split_front_matter("# no front matter")
                .unwrap_err()
                .0
                .contains("does not start")
        );
        assert!(split_front_matter("").is_err());
    }
}
