//! Free pages: Markdown with optional front matter, as docs sites write them.
//!
//! A handbook copied from mdBook, Docusaurus or Hugo has little or no front matter and fields
//! Tracemark does not know (`description`, `tags`, `sidebar_position`). A page therefore needs
//! nothing: its title comes from the front matter, else its first `#` heading, else its file
//! name; unknown fields are kept for templates (`page.extra`), and only a field that looks like
//! a misspelling of a known one gets a warning.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_yaml::{Mapping, Value};

use super::documents::split_front_matter;
use super::fields;
use super::registers::located;
use super::source::{parse_yaml, read_and_parse_each};
use crate::diagnostics::{Diagnostic, likely_typo};
use crate::model::{Page, PageMeta, Source};
use crate::shared::markdown_dialect::markdown_options;

/// The front-matter fields a page understands; anything else goes to `page.extra`.
pub const KNOWN: &[&str] = &[
    "id",
    "title",
    "visibility",
    "summary",
    "order",
    "public_label",
];

/// File names that stand for their folder, in order of precedence.
pub const FOLDER_PAGES: &[&str] = &["index.md", "_index.md", "README.md"];

/// Loads free pages from `content/pages/**/*.md`. Ids are left empty unless written: the page
/// tree (in `resolve`) gives them their paths.
pub fn load_pages(
    root: &Path,
    files: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut Vec<String>,
) -> Vec<Page> {
    let mut pages = Vec::new();
    for read in read_and_parse_each(root, files, |path, text, file| {
        parse_with(text, file, &|_| super::documents::on_demand(path))
    }) {
        let (file, (page, diags)) = match read {
            Ok(read) => read,
            Err(diag) => {
                diagnostics.push(diag);
                continue;
            }
        };
        diagnostics.extend(diags);
        match page {
            Some(page) => pages.push(page),
            // Links to a page that could not be read are not reported a second time.
            None => broken.push(file),
        }
    }
    pages
}

/// Parses one page (`file` relative to the root, for messages and the fallback title). Pure:
/// reads no disk, never panics. `None` when its front matter cannot be read at all.
pub fn parse(text: &str, file: &str) -> (Option<Page>, Vec<Diagnostic>) {
    parse_with(text, file, &super::documents::positions_now)
}

/// [`parse`], with the front matter's positions from `positions`.
pub fn parse_with(
    text: &str,
    file: &str,
    positions: super::documents::PositionsOf,
) -> (Option<Page>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Front matter is optional; a `---` never closed is a thematic break, not front matter.
    let (front_matter, body, body_line) = match split_front_matter(text) {
        Ok(split) => (Some(split.front_matter), split.body, split.body_line),
        Err(_) => (None, text, 1),
    };
    diagnostics.extend(super::control_chars::in_body(body, file, body_line));
    let mut source = Source::new(file, 1);
    let mut meta = empty_meta();
    if let Some(yaml) = front_matter {
        source.line = 2;
        source.positions = Some(positions(yaml));
        let value = match parse_yaml(yaml, file, 1) {
            Ok(value) => value,
            Err(diag) => {
                diagnostics.push(diag);
                return (None, diagnostics);
            }
        };
        match read_meta(&value, &source, &mut diagnostics) {
            Some(read) => meta = read,
            None => return (None, diagnostics),
        }
    }
    let mut body = super::control_chars::body_text(body).into_owned();
    if meta.title.trim().is_empty() {
        meta.title = match first_heading(&body) {
            Some((title, range)) => {
                blank_out(&mut body, range);
                title
            }
            None => file_title(file),
        };
    } else if let Some((title, range)) = first_heading(&body)
        && title == meta.title.trim()
    {
        // The page header shows the title: the same heading again would repeat it.
        blank_out(&mut body, range);
    }
    let page = Page {
        meta,
        body,
        body_line,
        source,
    };
    (Some(page), diagnostics)
}

fn empty_meta() -> PageMeta {
    PageMeta {
        id: String::new(),
        title: String::new(),
        visibility: Default::default(),
        summary: None,
        public_label: None,
        order: None,
        extra: Default::default(),
        explicit_id: false,
        place: Default::default(),
    }
}

/// Reads the known fields strictly and keeps the rest in `extra`, warning (W313) only about a
/// field that looks like a misspelling of a known one.
fn read_meta(
    value: &Value,
    source: &Source,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PageMeta> {
    let mapping = match value {
        Value::Null => return Some(empty_meta()),
        Value::Mapping(mapping) => mapping,
        _ => {
            diagnostics.push(
                Diagnostic::error("E104", "the front matter is not a mapping of fields")
                    .at(source.file.clone(), 2)
                    .help("write `field: value` lines between the `---` fences"),
            );
            return None;
        }
    };
    let mut known = Mapping::new();
    let mut extra = serde_json::Map::new();
    for (key, field) in mapping {
        let Some(name) = key.as_str() else { continue };
        if KNOWN.contains(&name) {
            known.insert(key.clone(), field.clone());
            continue;
        }
        if let Some(meant) = likely_typo(name, KNOWN.iter().copied()) {
            diagnostics.push(source.locate_key(
                Diagnostic::warning("W313", format!("unknown page field `{name}`")).help(format!(
                    "did you mean `{meant}`? (it is kept as `page.extra.{name}`)"
                )),
                name,
            ));
        }
        if let Ok(json) = serde_json::to_value(field) {
            extra.insert(name.to_string(), json);
        }
    }
    let read = fields::read::<PageMeta>(&Value::Mapping(known));
    for error in &read.errors {
        diagnostics.push(located(source, error, ""));
    }
    let mut meta = read.value?;
    meta.explicit_id = !meta.id.is_empty();
    meta.extra = extra;
    Some(meta)
}

/// The text of the first level-1 heading and its byte range in `body`.
fn first_heading(body: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut events = Parser::new_ext(body, markdown_options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        if let Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }) = event
        {
            let mut title = String::new();
            for (inner, _) in events.by_ref() {
                match inner {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => title.push_str(&t),
                    _ => {}
                }
            }
            let title = title.trim().to_string();
            return (!title.is_empty()).then_some((title, range));
        }
    }
    None
}

/// Replaces a range of text with its line breaks only, so later lines keep their numbers.
fn blank_out(body: &mut String, range: std::ops::Range<usize>) {
    let breaks: String = body[range.clone()].chars().filter(|&c| c == '\n').collect();
    body.replace_range(range, &breaks);
}

/// The title of a page without a heading: its file name, or its folder's for a folder page.
pub fn file_title(file: &str) -> String {
    let mut parts: Vec<&str> = file.split('/').collect();
    let name = parts.pop().unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if FOLDER_PAGES.contains(&name) {
        match parts.last() {
            Some(&"pages") if parts.len() == 2 => "Pages".to_string(),
            Some(folder) => folder.to_string(),
            None => stem.to_string(),
        }
    } else {
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_needs_no_front_matter_and_takes_its_first_heading() {
        let (page, diags) = parse(
            "Intro\n\n# The *Security* team\n\nBody\n",
            "content/pages/a/b.md",
        );
        let page = page.unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(page.meta.title, "The Security team");
        assert!(!page.body.contains("# The"), "{}", page.body);
        assert_eq!(page.body.lines().count(), 5, "line numbers are kept");
        assert!(page.meta.id.is_empty() && !page.meta.explicit_id);
    }

    #[test]
    fn falls_back_to_the_file_or_folder_name() {
        assert_eq!(
            file_title("content/pages/field marketing.md"),
            "field marketing"
        );
        assert_eq!(file_title("content/pages/legal/README.md"), "legal");
        assert_eq!(file_title("content/pages/index.md"), "Pages");
        let (page, _) = parse("no heading here\n", "content/pages/x/notes.md");
        assert_eq!(page.unwrap().meta.title, "notes");
    }

    #[test]
    fn unknown_fields_are_kept_and_only_misspellings_warned() {
        let (page, diags) = parse(
            "---\ntitel: Oops\ndescription: Kept\nsidebar_position: 3\ntags: [a]\n---\n# Heading\n",
            "content/pages/p.md",
        );
        let page = page.unwrap();
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "W313");
        assert_eq!(diags[0].line, Some(2));
        assert!(diags[0].help.as_deref().unwrap().contains("`title`"));
        assert_eq!(page.meta.extra["description"], "Kept");
        assert_eq!(page.meta.extra["sidebar_position"], 3);
        assert_eq!(page.meta.title, "Heading");
    }

    #[test]
    fn known_fields_stay_strict_and_an_unclosed_fence_is_body() {
        let (page, diags) = parse("---\nvisibility: secret\n---\n", "content/pages/p.md");
        assert!(page.is_none());
        assert_eq!(diags[0].code, "E104");
        let (page, diags) = parse("---\n# Title\n", "content/pages/p.md");
        assert!(diags.is_empty());
        assert_eq!(page.unwrap().meta.title, "Title");
    }
}
