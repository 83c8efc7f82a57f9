//! Heading anchors: the ids Markdown headings get on their pages, and the other names links
//! written for docs sites use for them (GitHub's and Docusaurus' heading slugs), so that a
//! `page.md#section` link from a handbook finds its heading.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use super::mentions::html_attributes;
use super::{Portal, Target};
use crate::diagnostics::Diagnostic;
use crate::shared::markdown_dialect::markdown_options;
use crate::shared::slugs::slug_for_anchor;

/// Ids the page templates give their own elements.
pub const TEMPLATE_IDS: &[&str] = &[
    "main",
    "controls",
    "systems",
    "risks",
    "history",
    "evidence",
    "implementation",
    "policies",
    "assessments",
    "mapped",
    "search",
    "search-results",
    "search-status",
    "site-search",
    "site-search-results",
    "site-nav",
    "verify",
    "by-owner",
    "summary",
    "reviews",
    "frameworks",
    "statements",
    "contact",
    "risk-control-evidence",
    "control-links",
    "top",
    "in-this-section",
];

/// The ids taken on one page, and for each heading text the next suffix to try, so that
/// thousands of headings with the same text take linear time (not one probe per earlier twin).
pub struct HeadingIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Default for HeadingIds {
    fn default() -> HeadingIds {
        HeadingIds::new()
    }
}

impl HeadingIds {
    /// The page templates' own section ids are taken, so headings never duplicate them.
    pub fn new() -> HeadingIds {
        HeadingIds {
            used: TEMPLATE_IDS.iter().map(|s| s.to_string()).collect(),
            next: HashMap::new(),
        }
    }

    /// `base`, or `base-2`, `base-3`, ... whichever is not used yet; marks it used.
    pub fn unique(&mut self, base: String) -> String {
        let n = self.next.entry(base.clone()).or_insert(1);
        let mut candidate = if *n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.used.contains(&candidate) {
            *n += 1;
            candidate = format!("{base}-{n}");
        }
        *n += 1;
        self.used.insert(candidate.clone());
        candidate
    }
}

/// The slug GitHub (and Docusaurus) give a heading: lower case, punctuation dropped, each
/// space a `-` (so `Q&A: who?` is `qa-who`, `A & B` is `a--b`).
pub fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The fragments a document answers to: every name a link may use -> the id on the page.
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    names: HashMap<String, String>,
}

impl Anchors {
    /// The id on the page that a link's fragment (without `#`, percent-decoded) means.
    pub fn find(&self, fragment: &str) -> Option<&str> {
        self.names
            .get(fragment)
            .or_else(|| self.names.get(&fragment.to_lowercase()))
            .map(String::as_str)
    }

    fn add(&mut self, name: String, id: &str) {
        self.names.entry(name).or_insert_with(|| id.to_string());
    }
}

/// The anchors of a Markdown text, as the renderer will number them: headings' ids (written
/// `{#id}` or slugged, made unique), their GitHub slugs (`-1`, `-2` for repeats, as GitHub
/// numbers them), and `id`/`name` attributes of raw HTML.
pub fn of(markdown: &str) -> Anchors {
    let mut anchors = Anchors::default();
    let mut used = HeadingIds::new();
    let mut github_seen: HashMap<String, usize> = HashMap::new();
    let mut parser = Parser::new_ext(markdown, markdown_options());
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                let mut title = String::new();
                for inner in parser.by_ref() {
                    match inner {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => title.push_str(&t),
                        _ => {}
                    }
                }
                let written = id.as_ref().map(|i| i.to_string());
                let base = written
                    .clone()
                    .unwrap_or_else(|| slug_for_anchor(title.trim()));
                let unique = used.unique(base);
                anchors.add(unique.clone(), &unique);
                let github = github_slug(&title);
                let n = github_seen.entry(github.clone()).or_insert(0);
                let alias = if *n == 0 {
                    github.clone()
                } else {
                    format!("{github}-{n}")
                };
                *n += 1;
                anchors.add(alias.clone(), &unique);
                anchors.add(alias.to_lowercase(), &unique);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for (_, value) in html_attributes(&html, &["id", "name"]) {
                    let value = super::html::decode_references(&html[value]);
                    anchors.add(value.to_string(), &value);
                }
            }
            _ => {}
        }
    }
    anchors
}

/// The anchors of every policy and page, computed once before references are resolved.
pub fn of_documents(portal: &Portal) -> HashMap<Target, Anchors> {
    portal
        .document_bodies()
        .map(|body| (body.target, of(body.text)))
        .collect()
}

/// A warning (W314) when a link's `#fragment` names no heading or anchor of the document it
/// leads to.
pub fn check_fragment(
    anchors: &HashMap<Target, Anchors>,
    to: Target,
    url: &str,
) -> Option<Diagnostic> {
    let (_, fragment) = url.split_once('#')?;
    let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    if fragment.is_empty() || fragment == "top" {
        return None;
    }
    let found = anchors
        .get(&to)
        .is_some_and(|a| a.find(&fragment).is_some());
    if found || TEMPLATE_IDS.contains(&fragment.as_ref()) {
        return None;
    }
    let path = url.split('#').next().unwrap_or(url);
    Some(
        Diagnostic::warning(
            "W314",
            format!("link to `{path}#{fragment}`: no heading or anchor `{fragment}` there"),
        )
        .help("link to a heading's slug (`## Incident response` is `#incident-response`), or add `{#id}` to the heading"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_headings_by_their_id_and_their_github_slug() {
        let a = of(
            "# Top\n## Q&A: who?\n## A & B\n## A & B\n<a id=\"raw-anchor\"></a>\n## Custom {#mine}\n",
        );
        assert_eq!(a.find("q-a-who"), Some("q-a-who"));
        assert_eq!(a.find("qa-who"), Some("q-a-who"));
        assert_eq!(a.find("a--b"), Some("a-b"));
        assert_eq!(a.find("a--b-1"), Some("a-b-2"));
        assert_eq!(a.find("A--B"), Some("a-b"));
        assert_eq!(a.find("raw-anchor"), Some("raw-anchor"));
        assert_eq!(a.find("mine"), Some("mine"));
        assert_eq!(a.find("nothing"), None);
    }
}
