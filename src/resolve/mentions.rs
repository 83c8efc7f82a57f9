//! References written inside Markdown: `[[ID]]`, `[[ID|text]]` and links to other `.md` files.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

/// The Markdown extensions Tracemark enables everywhere, so that scanning and rendering agree.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// What a Markdown reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mention {
    /// `[[ID]]`: an entity id or a control reference.
    Id(String),
    /// `[text](other.md#frag)`: a path relative to the document, without the fragment.
    File(String),
}

/// A reference and the 1-based line (within the text) where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// What is referenced.
    pub mention: Mention,
    /// Line within the Markdown text.
    pub line: usize,
    /// 1-based column (in characters) within that line.
    pub column: usize,
}

/// Every `[[ID]]` and relative `.md` link in a Markdown text.
pub fn scan(markdown: &str) -> Vec<Located> {
    let mut found = Vec::new();
    let mut position = Cursor::new(markdown);
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        let (Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        })
        | Event::Start(Tag::Image {
            link_type: link_type @ LinkType::WikiLink { .. },
            dest_url,
            ..
        })) = event
        else {
            continue;
        };
        let mention = match link_type {
            LinkType::WikiLink { .. } => Mention::Id(dest_url.trim().to_string()),
            _ => match markdown_file(&dest_url) {
                Some(path) => Mention::File(path.to_string()),
                None => continue,
            },
        };
        let (line, column) = position.at(range.start);
        found.push(Located {
            mention,
            line,
            column,
        });
    }
    found
}

/// Line and column of byte offsets met in increasing order, each found by reading only the
/// text since the previous one: 100,000 links in one file (or on one line) take linear time.
struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    fn at(&mut self, offset: usize) -> (usize, usize) {
        if offset < self.offset {
            *self = Cursor::new(self.text);
        }
        if let Some(between) = self.text.get(self.offset..offset) {
            for c in between.chars() {
                if c == '\n' {
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += 1;
                }
            }
            self.offset = offset;
        }
        (self.line, self.column)
    }
}

/// The path part of a link to a local Markdown file, or `None` for other links.
pub fn markdown_file(url: &str) -> Option<&str> {
    if url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with('#')
        || url.starts_with('/')
    {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or(url);
    path.ends_with(".md").then_some(path)
}

/// Joins a link path onto the folder of the document it is written in, resolving `.` and `..`.
/// `None` when the path climbs above the portal root.
pub fn join_relative(document: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = document.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The link a document at `from` would write to reach the document at `to` (both relative
/// to the root), e.g. `content/pages/a.md` -> `content/policies/b.md` gives `../policies/b.md`.
pub fn relative_link(from: &str, to: &str) -> Option<String> {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common..]);
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_wikilinks_and_md_links_with_lines() {
        let text = "Intro [[RSK-001]]\n\nSee [[iso42001:A.6.2.4|the control]] and [x](../policies/a.md#s).\n[web](https://x.md)";
        let found = scan(text);
        assert_eq!(
            found,
            vec![
                Located {
                    mention: Mention::Id("RSK-001".into()),
                    line: 1,
                    column: 7
                },
                Located {
                    mention: Mention::Id("iso42001:A.6.2.4".into()),
                    line: 3,
                    column: 5
                },
                Located {
                    mention: Mention::File("../policies/a.md".into()),
                    line: 3,
                    column: 42
                },
            ]
        );
    }

    #[test]
    fn joins_relative_paths() {
        assert_eq!(
            join_relative("content/pages/a.md", "../policies/b.md").unwrap(),
            "content/policies/b.md"
        );
        assert_eq!(
            join_relative("content/pages/a.md", "./c.md").unwrap(),
            "content/pages/c.md"
        );
        assert_eq!(join_relative("a.md", "../../x.md"), None);
        assert_eq!(
            relative_link("content/pages/a.md", "content/policies/b.md").unwrap(),
            "../policies/b.md"
        );
        assert_eq!(
            relative_link("content/pages/a.md", "content/pages/c.md").unwrap(),
            "c.md"
        );
    }
}
