//! Markdown to HTML: tables, footnotes, task lists, heading anchors with a table of contents,
//! `[[ID]]` links, `.md` links rewritten to pages, and code highlighted with CSS classes.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::plan::{LinkTable, LocalLink};
use crate::resolve::anchors::HeadingIds;
use crate::resolve::html::{decode_references, escape_placeholders};
use crate::resolve::mentions::html_attributes;
use crate::shared::markdown_dialect::markdown_options;
use crate::shared::slugs::slug_for_anchor;

use super::highlight::Highlighter;

/// What a reference to an item this audience may not see renders as: nothing. The audience
/// stage has already written every such reference as its item's `public_label:` or left it out
/// with its words; one that still reaches rendering (an unresolved id, an error already) leaves
/// no placeholder in the sentence either.
const RESTRICTED: &str = "";

/// One heading for the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// Heading level, 2 to 4.
    pub level: u8,
    /// The heading's id, the `#fragment` that links to it.
    pub id: String,
    /// The heading's text, as the table of contents shows it.
    pub title: String,
}

/// Rendered Markdown: the page's HTML and its table of contents.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The HTML of the body, not yet sanitised.
    pub html: String,
    /// Headings of levels 2 to 4.
    pub toc: Vec<TocEntry>,
    /// Whether the HTML holds raw HTML or a link with an unsafe scheme, which ammonia must clean;
    /// else it only gets the sanitiser's finishing touches.
    pub needs_sanitising: bool,
}

/// Renders Markdown written in `file` for a page whose way back to the root is `root`.
pub fn render(
    text: &str,
    file: &str,
    root: &str,
    links: &LinkTable,
    highlighter: &Highlighter,
) -> Rendered {
    render_prefixed(text, file, root, links, highlighter, "")
}

/// Like [`render`], with every heading id starting with `id_prefix`, so that several
/// documents can share one page (`print.html`) without duplicate ids.
pub fn render_prefixed(
    text: &str,
    file: &str,
    root: &str,
    links: &LinkTable,
    highlighter: &Highlighter,
    id_prefix: &str,
) -> Rendered {
    let mut events: Vec<Event> = Vec::new();
    let source: Vec<Event> = Parser::new_ext(text, markdown_options()).collect();
    // The page's title is its only `h1`: a body that starts its outline at `# Purpose` is
    // shifted one level down, so its sections are `h2` and reach "On this page".
    let shift = source.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    let mut headings = Headings {
        file,
        root,
        links,
        id_prefix,
        shift,
        used_ids: HeadingIds::new(),
        toc: Vec::new(),
    };
    let needs_sanitising = source.iter().any(needs_sanitising);
    let mut parser = source.into_iter();
    // Where the table being read starts in `events`, to wrap it once it ends.
    let mut table_start: Option<usize> = None;
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::Table(aligns)) => {
                table_start = Some(events.len());
                events.push(Event::Start(Tag::Table(aligns)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                if let Some(start) = table_start.take() {
                    wrap_table(&mut events, start);
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Heading attributes keep `id` and `class` only: `{onfocus=...}` or
                // `{style=...}` would put script or inline styles on the page.
                let _ = attrs;
                headings.heading((level, id, classes), &mut parser, &mut events);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                events.push(code_block(&kind, &mut parser, highlighter));
            }
            // A checkbox needs an accessible name; the item's text follows it.
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "done")
                } else {
                    ("", "not done")
                };
                events.push(Event::Html(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                ))));
            }
            // A tag that names no HTML element is an author's placeholder: show it as typed.
            Event::Html(html) if html.contains('<') => {
                events.push(Event::Html(CowStr::from(escape_placeholders(&html))));
            }
            Event::InlineHtml(html) => {
                events.push(Event::InlineHtml(CowStr::from(escape_placeholders(&html))));
            }
            other => events.push(other),
        }
    }
    let events = rewrite_links(events, file, root, links);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html,
        toc: headings.toc,
        needs_sanitising,
    }
}

/// Wraps the table that starts at `events[start]` and ends the list in a region that scrolls
/// sideways on a narrow screen: focusable, so a keyboard can scroll it, and named after the
/// table's column headings, so a screen reader says which table it is.
fn wrap_table(events: &mut Vec<Event<'_>>, start: usize) {
    let mut headings: Vec<String> = Vec::new();
    let mut in_head = false;
    for event in &events[start..] {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => break,
            Event::Start(Tag::TableCell) if in_head => headings.push(String::new()),
            Event::Text(t) | Event::Code(t) if in_head => {
                if let Some(h) = headings.last_mut() {
                    h.push_str(t);
                }
            }
            _ => {}
        }
    }
    let label = table_label(&headings);
    let label = label
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let open = format!(
        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{label}\">\n"
    );
    events.insert(start, Event::Html(CowStr::from(open)));
    events.push(Event::Html(CowStr::from("</div>\n")));
}

/// A table's accessible name: "Table: " and its first three column headings.
fn table_label(headings: &[String]) -> String {
    let named: Vec<&str> = headings
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    match named.len() {
        0 => "Table".to_string(),
        1..=3 => format!("Table: {}", named.join(", ")),
        _ => format!("Table: {}, …", named[..3].join(", ")),
    }
}

/// What rendering headings needs and gathers: where links lead, the ids taken so far and
/// the table of contents.
struct Headings<'a> {
    file: &'a str,
    root: &'a str,
    links: &'a LinkTable,
    id_prefix: &'a str,
    /// Whether every heading moves one level down (the body has its own `h1`).
    shift: bool,
    used_ids: HeadingIds,
    toc: Vec<TocEntry>,
}

impl Headings<'_> {
    /// Renders the heading whose start was just read (level, written id, classes), taking
    /// its content from `parser`: a unique id, an entry in the table of contents for levels
    /// 2 to 4, and a `#` link to itself.
    fn heading<'e>(
        &mut self,
        (level, id, classes): (HeadingLevel, Option<CowStr<'e>>, Vec<CowStr<'e>>),
        parser: &mut impl Iterator<Item = Event<'e>>,
        events: &mut Vec<Event<'e>>,
    ) {
        let level = if self.shift { demote(level) } else { level };
        let inner: Vec<Event> = parser
            .by_ref()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .collect();
        // Links first, so the anchor and the table of contents are made from what
        // the reader sees (a title, or nothing for a restricted item), never a raw id.
        let inner = rewrite_links(inner, self.file, self.root, self.links);
        let title: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let title = title.trim().to_string();
        let base = id
            .map(|i| i.to_string())
            .unwrap_or_else(|| slug_for_anchor(&title));
        let base = format!("{}{base}", self.id_prefix);
        let unique = self.used_ids.unique(base);
        let depth = heading_depth(level);
        if (2..=4).contains(&depth) {
            self.toc.push(TocEntry {
                level: depth,
                id: unique.clone(),
                title,
            });
        }
        events.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(unique)),
            classes,
            attrs: Vec::new(),
        }));
        // Its "#" link is added by site.js: it was a tenth of a Markdown page, and without
        // JavaScript the table of contents links each heading.
        events.extend(inner);
        events.push(Event::End(TagEnd::Heading(level)));
    }
}

/// The code block whose start was just read, its text taken from `parser` and highlighted
/// for the language its fence names.
fn code_block<'e>(
    kind: &CodeBlockKind,
    parser: &mut impl Iterator<Item = Event<'e>>,
    highlighter: &Highlighter,
) -> Event<'e> {
    let mut code = String::new();
    for inner in parser.by_ref() {
        match inner {
            Event::Text(t) => code.push_str(&t),
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
    }
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
        CodeBlockKind::Indented => String::new(),
    };
    Event::Html(CowStr::from(highlighter.block(&code, &lang).to_string()))
}

/// Whether an event of the author's Markdown makes its HTML need the sanitiser: raw HTML, or
/// a link or image whose scheme is not `http`, `https` or `mailto` (`javascript:`). Without
/// them the HTML is escaped text, pulldown-cmark's own elements (table cells still carry
/// `style="text-align: ..."`, void elements a `/`) and the renderer's own HTML (heading
/// anchors, highlighted code, checkboxes; heading attributes other than `id` and `class` are
/// dropped), which [`super::sanitize::finish`] finishes instead of ammonia. That this fast path
/// writes what ammonia would is tested by `render::sanitize::tests`
/// (`the_fast_path_writes_what_the_sanitiser_writes`, a property test).
fn needs_sanitising(event: &Event) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            ..
        }) => !matches!(link_type, LinkType::WikiLink { .. }) && !safe_url(dest_url),
        _ => false,
    }
}

/// Whether a URL is relative, or absolute with a scheme the sanitiser keeps.
fn safe_url(url: &str) -> bool {
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(at) if url[at..].starts_with(':') => {
            let scheme = url[..at].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Whether a URL points off the portal (another host).
fn is_remote(url: &str) -> bool {
    url.starts_with("//") || url.contains("://")
}

/// One heading level lower (`h6` stays `h6`).
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn heading_depth(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Rewrites `[[ID]]` to the entity's page (showing its title) and `.md` links to pages.
fn rewrite_links<'a>(
    events: Vec<Event<'a>>,
    file: &str,
    root: &str,
    links: &LinkTable,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        match event {
            // `[[ID]]`, and `![[ID]]`, which links the entity rather than embedding it.
            Event::Start(
                Tag::Link {
                    link_type: LinkType::WikiLink { has_pothole },
                    dest_url,
                    title,
                    id,
                }
                | Tag::Image {
                    link_type: LinkType::WikiLink { has_pothole },
                    dest_url,
                    title,
                    id,
                },
            ) => {
                let inner: Vec<Event> = iter
                    .by_ref()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Link | TagEnd::Image)))
                    .collect();
                let link = WikiLink {
                    has_pothole,
                    dest_url,
                    title,
                    id,
                };
                wiki_link(link, inner, root, links, &mut out);
            }
            // Pages load no third-party resource: a remote image becomes a link to it.
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) if is_remote(&dest_url) => {
                let inner: Vec<Event> = iter
                    .by_ref()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Image)))
                    .collect();
                out.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url,
                    title,
                    id,
                }));
                out.push(Event::Text(CowStr::from("image: ")));
                out.extend(inner);
                out.push(Event::End(TagEnd::Link));
            }
            // A relative link or image: to a document, a folder of pages or a file beside them.
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                local_link(tag, &mut iter, (file, root), links, &mut out);
            }
            // A handbook's raw HTML (tables, figures) links pages and images too.
            Event::Html(html) => out.push(Event::Html(CowStr::from(html_links(
                &html, file, root, links,
            )))),
            Event::InlineHtml(html) => out.push(Event::InlineHtml(CowStr::from(html_links(
                &html, file, root, links,
            )))),
            other => out.push(other),
        }
    }
    out
}

/// The parts of a `[[ID]]` link or image that its rewrite keeps.
struct WikiLink<'a> {
    /// Whether the author wrote the text (`[[ID|text]]`).
    has_pothole: bool,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
}

/// `[[ID]]` as a link to the entity's page, with the author's text or else the entity's
/// title; nothing when this audience may not see it.
fn wiki_link<'a>(
    link: WikiLink<'a>,
    inner: Vec<Event<'a>>,
    root: &str,
    links: &LinkTable,
    out: &mut Vec<Event<'a>>,
) {
    match links.targets.get(link.dest_url.trim()) {
        Some(target) => {
            out.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(format!("{root}{}", target.url)),
                title: link.title,
                id: link.id,
            }));
            if link.has_pothole {
                out.extend(inner);
            } else {
                out.push(Event::Text(CowStr::from(target.title.clone())));
            }
            out.push(Event::End(TagEnd::Link));
        }
        // Not visible here (or unresolved, which `check` reports): plain text.
        None => out.push(Event::Html(CowStr::from(RESTRICTED))),
    }
}

/// A relative link or image (whose start `tag` was just read) pointed at the output of
/// what it names, relative to `root`; its content is taken from `iter` when it is dropped.
fn local_link<'a>(
    tag: Tag<'a>,
    iter: &mut impl Iterator<Item = Event<'a>>,
    (file, root): (&str, &str),
    links: &LinkTable,
    out: &mut Vec<Event<'a>>,
) {
    let (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &tag else {
        return;
    };
    match links.local(file, dest_url) {
        LocalLink::Keep => out.push(Event::Start(tag)),
        LocalLink::To(url) => out.push(Event::Start(with_url(tag, format!("{root}{url}")))),
        LocalLink::Same(fragment) => out.push(Event::Start(with_url(tag, fragment))),
        // A document this audience may not see: neither its path nor the link's
        // text (which often repeats its title) reaches the page.
        // A folder of files only: the text stays, without a link to nothing.
        LocalLink::Unlinked if matches!(tag, Tag::Link { .. }) => {
            let inner: Vec<Event> = iter
                .by_ref()
                .take_while(|e| !matches!(e, Event::End(TagEnd::Link)))
                .collect();
            out.extend(inner);
        }
        LocalLink::Hidden | LocalLink::Unlinked => {
            let image = matches!(tag, Tag::Image { .. });
            // Everything up to and including the link's or image's end.
            iter.by_ref()
                .take_while(|e| match e {
                    Event::End(TagEnd::Image) => !image,
                    Event::End(TagEnd::Link) => image,
                    _ => true,
                })
                .for_each(drop);
            out.push(Event::Html(CowStr::from(RESTRICTED)));
        }
    }
}

/// Raw HTML with its relative `href` and `src` values rewritten like Markdown links; one to
/// something this audience may not see loses its target.
fn html_links(html: &str, file: &str, root: &str, links: &LinkTable) -> String {
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (_, value) in html_attributes(html, &["href", "src"]) {
        let url = decode_references(html[value.clone()].trim());
        let new = match links.local(file, &url) {
            LocalLink::Keep => continue,
            LocalLink::To(to) => format!("{root}{to}"),
            LocalLink::Same(fragment) => fragment,
            LocalLink::Hidden | LocalLink::Unlinked => "#".to_string(),
        };
        out.push_str(&html[last..value.start]);
        out.push_str(&escape(&new));
        last = value.end;
    }
    out.push_str(&html[last..]);
    out
}

/// The same link or image, pointing at `url`.
fn with_url(tag: Tag<'_>, url: String) -> Tag<'_> {
    match tag {
        Tag::Link {
            link_type,
            title,
            id,
            ..
        } => Tag::Link {
            link_type,
            dest_url: CowStr::from(url),
            title,
            id,
        },
        Tag::Image {
            link_type,
            title,
            id,
            ..
        } => Tag::Image {
            link_type,
            dest_url: CowStr::from(url),
            title,
            id,
        },
        other => other,
    }
}

/// HTML-escapes text.
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Link;

    fn table() -> LinkTable {
        let mut t = LinkTable::default();
        t.targets.insert(
            "RSK-001".into(),
            Link {
                url: "risks/RSK-001.html".into(),
                title: "Gender bias".into(),
            },
        );
        t.documents
            .insert("content/policies/b.md".into(), "policies/POL-B.html".into());
        t
    }

    #[test]
    fn links_ids_and_md_files_relative_to_the_page() {
        let ss = Highlighter::new();
        let r = render(
            "See [[RSK-001]], [[RSK-001|this]] and [b](b.md#x).",
            "content/policies/a.md",
            "../",
            &table(),
            &ss,
        );
        assert!(
            r.html
                .contains(r#"<a href="../risks/RSK-001.html">Gender bias</a>"#),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"<a href="../risks/RSK-001.html">this</a>"#),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"<a href="../policies/POL-B.html#x">b</a>"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn same_text_headings_number_on_without_reusing_explicit_ids() {
        let mut ids = HeadingIds::new();
        let got: Vec<String> = ["a", "a-3", "a", "a", "a", "main", "a-2"]
            .into_iter()
            .map(|b| ids.unique(b.to_string()))
            .collect();
        assert_eq!(got, ["a", "a-3", "a-2", "a-4", "a-5", "main-2", "a-2-2"]);
    }

    #[test]
    fn headings_get_unique_anchors_and_a_toc() {
        let ss = Highlighter::new();
        let r = render(
            "## Scope & roles\n## Scope & roles\n",
            "a.md",
            "",
            &LinkTable::default(),
            &ss,
        );
        assert!(r.html.contains(r#"<h2 id="scope-roles">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="scope-roles-2">"#));
        assert!(
            r.html
                .contains("<h2 id=\"scope-roles-2\">Scope &amp; roles</h2>"),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn a_body_h1_becomes_h2_so_the_page_title_stays_the_only_h1() {
        let ss = Highlighter::new();
        let r = render(
            "# Purpose\ntext\n## Scope\n",
            "a.md",
            "",
            &LinkTable::default(),
            &ss,
        );
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="purpose">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h3 id="scope">"#), "{}", r.html);
        let toc: Vec<&str> = r.toc.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(toc, ["Purpose", "Scope"]);
    }

    #[test]
    fn code_is_highlighted_with_classes_not_styles() {
        let ss = Highlighter::new();
        let r = render(
            "```json\n{\"a\": 1}\n```\n",
            "a.md",
            "",
            &LinkTable::default(),
            &ss,
        );
        assert!(r.html.contains("<span class=\"h"), "{}", r.html);
        assert!(!r.html.contains("style="));
    }

    #[test]
    fn only_raw_html_and_unsafe_schemes_need_the_sanitiser() {
        let needs = |text: &str| {
            render(
                text,
                "content/policies/a.md",
                "../",
                &table(),
                &Highlighter::new(),
            )
            .needs_sanitising
        };
        for safe in [
            "# Title\n\nText with \"quotes\" & \\<b> escaped, 1 < 2? `<code>`.",
            "[[RSK-001]] and [[soc2:CC6.1]] and [b](b.md#x) and [w](https://example.org/a:b)",
            "![chart](../files/chart.png) [mail](mailto:a@example.org) [top](#top) [q](?a=b:c)",
            "| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] done\n\n```rust\nfn main() {}\n```",
        ] {
            assert!(!needs(safe), "{safe}");
        }
        for unsafe_ in [
            "<script>alert(1)</script>",
            "Inline <span onclick=\"x()\">html</span>",
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](<java script:alert(1)>)",
            "![x](data:image/svg+xml,<svg/onload=alert(1)>)",
            "<https://example.org> and [x](vbscript:msgbox)",
        ] {
            assert!(needs(unsafe_), "{unsafe_}");
        }
    }
}
