//! References written inside Markdown: `[[ID]]`, `[[ID|text]]` and links to other `.md` files.

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use crate::shared::markdown_dialect::markdown_options;

/// What a Markdown reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mention {
    /// `[[ID]]`: an entity id or a control reference.
    Id(String),
    /// `[text](other.md#frag)`, `![](img.png)`: a link relative to the document, as written.
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

/// Every `[[ID]]` and relative link (to a document, folder or file) in a Markdown text.
pub fn scan(markdown: &str) -> Vec<Located> {
    let mut found = Vec::new();
    let mut position = Cursor::new(markdown);
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            html_links(markdown, html, range.start, &mut position, &mut found);
            continue;
        }
        let (Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            ..
        })) = event
        else {
            continue;
        };
        let mention = match link_type {
            LinkType::WikiLink { .. } => Mention::Id(dest_url.trim().to_string()),
            _ if site_link(&dest_url) => Mention::File(dest_url.to_string()),
            _ => continue,
        };
        found.push(located(&mut position, range.start, mention));
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

/// A mention at a byte offset of the text, with its line and column.
fn located(position: &mut Cursor, offset: usize, mention: Mention) -> Located {
    let (line, column) = position.at(offset);
    Located {
        mention,
        line,
        column,
    }
}

/// Relative `href` and `src` values in the raw HTML of a Markdown event (a handbook's HTML
/// tables link pages too), located in the text when the event's HTML is a slice of it.
fn html_links(
    markdown: &str,
    html: &str,
    start: usize,
    position: &mut Cursor,
    found: &mut Vec<Located>,
) {
    let base = markdown
        .get(start..)
        .and_then(|rest| rest.find(html))
        .map_or(start, |at| start + at);
    for (_, value) in html_attributes(html, &["href", "src"]) {
        let url = super::html::decode_references(html[value.clone()].trim());
        if site_link(&url) {
            let offset = (base + value.start).min(markdown.len());
            found.push(located(position, offset, Mention::File(url.into_owned())));
        }
    }
}

/// Whether a link is relative to the document it is written in: not another site, not a
/// scheme (`mailto:`, `data:`), not absolute, not only a `#fragment`.
pub fn local_url(url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    // `{{ site.baseurl }}/x`: a docs site's template expression, not a path.
    !(path.is_empty()
        || path.contains("{{")
        || path.contains("{%")
        || path.starts_with('/')
        || path.starts_with('\\')
        || path.contains("://")
        || has_scheme(path))
}

/// Whether a link may lead to something of the portal: relative, or root-absolute.
fn site_link(url: &str) -> bool {
    local_url(url) || !site_paths(url).is_empty()
}

/// `mailto:x`, `tel:1`, `data:...`: a scheme of letters before a colon (not a Windows drive).
fn has_scheme(path: &str) -> bool {
    path.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// A relative link taken apart: the path it names (joined onto the document's folder,
/// percent-decoded, relative to the root) and what follows the path (`#fragment`, `?query`).
/// `None` for links that are not relative or that climb above the root.
pub fn local_target(document: &str, url: &str) -> Option<(String, String)> {
    if !local_url(url) {
        return None;
    }
    let cut = url.find(['#', '?']).unwrap_or(url.len());
    let (path, rest) = url.split_at(cut);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let joined = join_relative(document, &decoded)?;
    let fragment = rest
        .find('#')
        .map_or(String::new(), |i| rest[i..].to_string());
    Some((joined, fragment))
}

/// A root-absolute link (`/handbook/company/values`) read as a path in the page tree, the way
/// a docs site served the handbook: from `content/pages/`, or under one leading folder the site
/// was served at (`/handbook/`). Paths to try, with the fragment; none for other links.
pub fn site_paths(url: &str) -> Vec<(String, String)> {
    let Some(rest) = url.strip_prefix('/').filter(|r| !r.starts_with('/')) else {
        return Vec::new();
    };
    let cut = rest.find(['#', '?']).unwrap_or(rest.len());
    let (path, tail) = rest.split_at(cut);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let fragment = tail
        .find('#')
        .map_or(String::new(), |i| tail[i..].to_string());
    let mut out = Vec::new();
    let mut add = |p: &str| {
        if let Some(joined) = join_relative("content/pages/x", p) {
            out.push((joined, fragment.clone()));
        }
    };
    add(&path);
    if let Some((_, below)) = path.split_once('/') {
        add(below);
    }
    out
}

/// The names a link path may mean, in order: itself, itself with `.md` (docs sites drop the
/// extension), and the `.md` of an `.html` link (mdBook writes those).
pub fn link_candidates(path: &str) -> Vec<String> {
    let trimmed = path.trim_end_matches('/');
    let mut out = vec![trimmed.to_string(), format!("{trimmed}.md")];
    if let Some(stem) = trimmed.strip_suffix(".html") {
        out.push(format!("{stem}.md"));
    }
    out
}

/// The values of the attributes `names` (lower case) in the tags of an HTML fragment: each
/// attribute's name and the byte range of its value. Comments are skipped; a tag cut off at
/// the end of the fragment is read as far as it goes.
///
/// Reads bytes and cuts the text only next to ASCII delimiters, which are never inside a
/// multi-byte character: a fragment may start with `–` or hold any UTF-8 (the scanner used to
/// slice the `str` at every byte and panicked there).
pub fn html_attributes(html: &str, names: &[&str]) -> Vec<(String, std::ops::Range<usize>)> {
    let bytes = html.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"<!--") {
            i = find_bytes(&bytes[i..], b"-->").map_or(bytes.len(), |end| i + end + 3);
            continue;
        }
        if bytes[i] != b'<' || !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // The tag name, then attributes until `>`.
        i += 1;
        while i < bytes.len() && !(space(bytes[i]) || matches!(bytes[i], b'>' | b'/')) {
            i += 1;
        }
        loop {
            while i < bytes.len() && (space(bytes[i]) || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let start = i;
            while i < bytes.len() && !(space(bytes[i]) || matches!(bytes[i], b'>' | b'=' | b'/')) {
                i += 1;
            }
            // Both ends sit at an ASCII delimiter or the end: a whole UTF-8 sequence between.
            let name = String::from_utf8_lossy(&bytes[start..i]).to_ascii_lowercase();
            while i < bytes.len() && space(bytes[i]) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                if i == start {
                    i += 1;
                }
                continue;
            }
            i += 1;
            while i < bytes.len() && space(bytes[i]) {
                i += 1;
            }
            let value = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = bytes[i + 1..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(bytes.len(), |e| i + 1 + e);
                    let range = i + 1..end;
                    i = (end + 1).min(bytes.len());
                    range
                }
                _ => {
                    let begin = i;
                    while i < bytes.len() && !(space(bytes[i]) || bytes[i] == b'>') {
                        i += 1;
                    }
                    begin..i
                }
            };
            if names.contains(&name.as_str()) {
                out.push((name, value));
            }
        }
    }
    out
}

/// The byte offset of the first `needle` in `haystack`.
fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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
                    mention: Mention::File("../policies/a.md#s".into()),
                    line: 3,
                    column: 42
                },
            ]
        );
    }

    #[test]
    fn links_in_raw_html_are_found_at_their_line() {
        let text = "Intro\n\n<table>\n<tr><td><a href=\"a%20b.md#x\">A</a></td>\n<td><img src='img.png' alt=x></td></tr>\n<!-- <a href=\"old.md\"> -->\n<a href=https://x.example>x</a>\n</table>\n";
        let found = scan(text);
        let got: Vec<(String, usize)> = found
            .iter()
            .map(|l| match &l.mention {
                Mention::File(f) => (f.clone(), l.line),
                Mention::Id(i) => (i.clone(), l.line),
            })
            .collect();
        assert_eq!(
            got,
            vec![("a%20b.md#x".to_string(), 4), ("img.png".to_string(), 5)]
        );
        assert_eq!(found[0].column, 18);
    }

    #[test]
    fn html_attributes_read_any_utf8_without_slicing_inside_a_char() {
        // One line of an HTML block, as pulldown-cmark gives it: it starts inside no tag.
        assert!(html_attributes("– a dash line\n", &["href"]).is_empty());
        let html = "“x” <a title=’é’ href=\"ré/ça–b.md\" id=naïve>–</a>\u{c}<img\u{c}src=🙂.png>";
        let got: Vec<(String, &str)> = html_attributes(html, &["href", "id", "src"])
            .into_iter()
            .map(|(n, r)| (n, &html[r]))
            .collect();
        assert_eq!(
            got,
            vec![
                ("href".to_string(), "ré/ça–b.md"),
                ("id".to_string(), "naïve"),
                ("src".to_string(), "🙂.png"),
            ]
        );
        // Cut-off tags, comments and quotes end at the end of the text.
        for cut in [
            "<a href=\"é",
            "<!-- é",
            "<a é=",
            "<é",
            "<a\u{a0}href=x>",
            "<!-->é<a id=ü>",
        ] {
            for (_, r) in html_attributes(cut, &["href", "id"]) {
                assert!(cut.get(r).is_some(), "{cut}");
            }
        }
    }

    #[test]
    fn raw_html_lines_with_non_ascii_punctuation_are_scanned() {
        let text = "# T\n\n<div>\n– a dash line\n<a href=\"b–c.md\">é</a>\n</div>\n";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].mention, Mention::File("b–c.md".into()));
        assert_eq!((found[0].line, found[0].column), (5, 10));
    }

    #[test]
    fn relative_links_are_decoded_and_joined() {
        let doc = "content/pages/eng/a.md";
        assert_eq!(
            local_target(doc, "../field%20marketing.md#top").unwrap(),
            (
                "content/pages/field marketing.md".to_string(),
                "#top".to_string()
            )
        );
        assert_eq!(local_target(doc, "./").unwrap().0, "content/pages/eng");
        for url in [
            "https://x.md",
            "mailto:a@b.c",
            "/abs.md",
            "#frag",
            "tel:123",
            "data:x",
            "{{site.baseurl}}/x.md",
        ] {
            assert_eq!(local_target(doc, url), None, "{url}");
        }
        assert_eq!(link_candidates("a/b/"), vec!["a/b", "a/b.md"]);
        assert_eq!(
            site_paths("/handbook/people/time%20off#x"),
            vec![
                (
                    "content/pages/handbook/people/time off".to_string(),
                    "#x".to_string()
                ),
                (
                    "content/pages/people/time off".to_string(),
                    "#x".to_string()
                )
            ]
        );
        assert!(site_paths("//cdn.example/x").is_empty() && site_paths("a.md").is_empty());
        assert_eq!(
            link_candidates("a.html"),
            vec!["a.html", "a.html.md", "a.md"]
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
