//! Markdown documents with YAML front matter: policies and free pages.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::source::{read_text, relative, yaml_error};
use crate::diagnostics::Diagnostic;
use crate::model::{Document, Page, PageMeta, Policy, PolicyMeta, Source};

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

fn load_documents<M: DeserializeOwned>(
    root: &Path,
    files: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Document<M>> {
    let mut documents = Vec::new();
    for path in files {
        let file = relative(root, path);
        let text = match read_text(root, path) {
            Ok(text) => text,
            Err(diag) => {
                diagnostics.push(diag);
                continue;
            }
        };
        let split = match split_front_matter(&text) {
            Ok(split) => split,
            Err((message, line)) => {
                diagnostics.push(Diagnostic::error("E106", message).at(file, line));
                continue;
            }
        };
        if split.front_matter.trim().is_empty() {
            diagnostics.push(Diagnostic::error("E103", "the front matter is empty").at(file, 1));
            continue;
        }
        match serde_yaml::from_str::<M>(split.front_matter) {
            Ok(meta) => documents.push(Document {
                meta,
                body: split.body.to_string(),
                body_line: split.body_line,
                source: Source { file, line: 2 },
            }),
            Err(err) => diagnostics.push(yaml_error(root, path, &err, 1)),
        }
    }
    documents
}

/// Loads policies from `content/policies/**/*.md`.
pub fn load_policies(
    root: &Path,
    files: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Policy> {
    load_documents::<PolicyMeta>(root, files, diagnostics)
}

/// Loads free pages from `content/pages/**/*.md`; a page's id defaults to its file stem.
pub fn load_pages(root: &Path, files: &[PathBuf], diagnostics: &mut Vec<Diagnostic>) -> Vec<Page> {
    let mut pages = load_documents::<PageMeta>(root, files, diagnostics);
    for page in &mut pages {
        if page.meta.id.is_empty() {
            let stem = Path::new(&page.source.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            page.meta.id = stem;
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

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
