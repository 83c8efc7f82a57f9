//! Cleaning raw HTML in Markdown, for every audience, with ammonia; then images on other
//! hosts become links, so that no Markdown body loads a third-party resource (what a user's
//! template override loads is its own affair).

use std::collections::HashSet;

/// An ammonia builder that keeps what our Markdown renderer emits (heading ids, highlighting
/// classes, task-list checkboxes, relative links) and removes everything that can run code.
pub fn builder() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
        .add_tag_attributes("pre", ["tabindex"])
        // The scrolling region the renderer wraps each Markdown table in.
        .add_tag_attributes("div", ["role", "tabindex", "aria-label"])
        // The heading anchors' accessible name, written by the renderer itself.
        .add_tag_attributes("a", ["aria-label"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        // Set on links to other hosts only, by `clean`: a link within the portal needs none.
        .link_rel(None);
    builder
}

/// What links to other hosts carry: no `Referer` and no handle on the opening page.
const REL: &str = "noopener noreferrer";

/// Cleans rendered Markdown: ammonia removes what can run code; then each remote image (the
/// only element ammonia keeps that loads a resource) becomes a link to it, and links to
/// other hosts get `rel="noopener noreferrer"`.
pub fn clean(builder: &ammonia::Builder<'static>, html: &str) -> String {
    let cleaned = builder.clean(html).to_string();
    if (cleaned.contains("<img ") || cleaned.contains("<a ")) && links_elsewhere(&cleaned) {
        remote_resources(&cleaned)
    } else {
        cleaned
    }
}

/// What the sanitiser would change in HTML pulldown-cmark wrote from Markdown without raw
/// HTML: table-cell alignment styles (a strict CSP refuses inline styles) are dropped, void
/// elements lose their `/`, and links to other hosts get `rel`.
pub fn finish(html: &str) -> String {
    let mut out = html.to_string();
    if out.contains(" style=\"text-align: ") {
        for align in ["left", "center", "right"] {
            out = out.replace(&format!(" style=\"text-align: {align}\""), "");
        }
    }
    if out.contains(" />") {
        out = out.replace("<br />", "<br>").replace("<hr />", "<hr>");
        out = void_slashes(&out);
    }
    if out.contains("<a ") && links_elsewhere(&out) {
        remote_resources(&out)
    } else {
        out
    }
}

/// Whether HTML may hold a link to another host (a URL with `//`): most pages link only
/// within the portal, and need no rewriting.
fn links_elsewhere(html: &str) -> bool {
    html.contains("://") || html.contains("\"//")
}

/// `<img ... />` as `<img ...>`.
fn void_slashes(html: &str) -> String {
    rewrite_tags(html, "<img ", |tag, out| match tag.strip_suffix(" />") {
        Some(open) => {
            out.push_str(open);
            out.push('>');
        }
        None => out.push_str(tag),
    })
}

/// Copies `html`, handing each tag that begins with `start` to `rewrite`, which writes it
/// (or what replaces it) to the output.
fn rewrite_tags(html: &str, start: &str, mut rewrite: impl FnMut(&str, &mut String)) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(start) {
        out.push_str(&rest[..at]);
        let len = tag_len(&rest[at..]);
        rewrite(&rest[at..at + len], &mut out);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// Whether a URL points at another host.
fn is_remote(url: &str) -> bool {
    url.starts_with("//") || url.contains("://")
}

/// Rewrites `<img src="https://...">` as `<a href="https://...">image: ALT</a>` and adds
/// `rel` to `<a href="https://...">`. The input is ammonia's serialisation: every attribute
/// value is double-quoted, with `"` and `&` escaped.
fn remote_resources(html: &str) -> String {
    rewrite_tags(html, "<", |tag, out| {
        if let Some(src) =
            attribute(tag, "src").filter(|s| tag.starts_with("<img ") && is_remote(s))
        {
            let alt = attribute(tag, "alt").unwrap_or_default();
            let alt = alt.replace('<', "&lt;").replace('>', "&gt;");
            let text = if alt.is_empty() { src } else { &alt };
            out.push_str(&format!(
                "<a href=\"{src}\" rel=\"{REL}\">image: {text}</a>"
            ));
        } else if tag.starts_with("<a ")
            && tag.ends_with('>')
            && attribute(tag, "href").is_some_and(is_remote)
        {
            out.push_str(&tag[..tag.len() - 1]);
            out.push_str(&format!(" rel=\"{REL}\">"));
        } else {
            out.push_str(tag);
        }
    })
}

/// Length of the tag at the start of `html`, up to its `>` outside quotes.
fn tag_len(html: &str) -> usize {
    let mut quoted = false;
    for (i, b) in html.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// The (still escaped) value of attribute `name` in a serialised tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_handlers_javascript_urls_and_iframes() {
        let dirty = r#"<p onclick="x()">hi</p><script>alert(1)</script><a href="javascript:alert(1)">a</a><iframe src="https://e.x"></iframe><h2 id="s" class="c">T</h2><a href="../p.html">ok</a>"#;
        let clean = builder().clean(dirty).to_string();
        assert!(
            !clean.contains("script")
                && !clean.contains("onclick")
                && !clean.contains("javascript:")
                && !clean.contains("iframe"),
            "{clean}"
        );
        assert!(clean.contains(r#"<h2 id="s" class="c">T</h2>"#), "{clean}");
        assert!(clean.contains(r#"href="../p.html""#), "{clean}");
    }

    #[test]
    fn remote_images_become_links_and_local_ones_stay() {
        let html = r#"<p><img src="https://tracker.example/p.gif?a=1&b=2" alt="a>b"><img alt="x" src="//cdn.example/y.png"><img src="../evidence/files/chart.png" alt="chart"></p>"#;
        let out = clean(&builder(), html);
        assert!(
            !out.contains("<img src=\"https") && !out.contains("<img alt=\"x\""),
            "{out}"
        );
        assert!(
            out.contains(r#"<a href="https://tracker.example/p.gif?a=1&amp;b=2" rel="noopener noreferrer">image: a&gt;b</a>"#),
            "{out}"
        );
        assert!(out.contains(r#"href="//cdn.example/y.png""#), "{out}");
        assert!(
            out.contains(r#"<img src="../evidence/files/chart.png" alt="chart">"#),
            "{out}"
        );
    }

    /// Markdown without raw HTML skips ammonia: what it writes must be what ammonia would
    /// have kept, less only ammonia's spelling (`&quot;`, `disabled=""`).
    #[test]
    fn the_finished_html_is_what_the_sanitiser_would_keep() {
        let text = "# T\n\nA \"quote\" & more.  \nbreak\n\n---\n\n| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n\n- [x] done\n- [ ] open\n\n![local](../files/c.png \"t\") [ext](https://example.org) [in](../x.html)\n\nNote[^1].\n\n[^1]: Foot.\n\n```rust\nlet x = \"s\";\n```\n";
        let rendered = crate::render::markdown::render(
            text,
            "content/policies/a.md",
            "../",
            &crate::plan::LinkTable::default(),
            &crate::render::highlight::Highlighter::new(),
        );
        assert!(!rendered.needs_sanitising);
        let fast = finish(&rendered.html);
        let slow = clean(&builder(), &rendered.html);
        assert!(!fast.contains("style="), "{fast}");
        assert!(!fast.contains(" />"), "{fast}");
        assert!(
            fast.contains(r#"<a href="https://example.org" rel="noopener noreferrer">ext</a>"#),
            "{fast}"
        );
        // Same elements and attributes, in ammonia's spelling.
        assert_eq!(spelling(&fast), spelling(&slow));
    }

    /// Ammonia's spelling of what pulldown-cmark writes another way: the same DOM.
    fn spelling(html: &str) -> String {
        html.replace("&quot;", "\"")
            .replace("&nbsp;", "\u{a0}")
            .replace("&#39;", "'")
            .replace(" disabled=\"\"", " disabled")
            .replace(" checked=\"\"", " checked")
    }

    /// One piece of Markdown of the kinds real documents hold, hostile ones included.
    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop::sample::select(vec![
            "policy",
            "Risk",
            "AI–system",
            "“quoted”",
            "don't",
            "a\u{a0}b",
            "1 < 2",
            "x > y",
            "A & B",
            "&amp;",
            "&#60;",
            "&copy;",
            "&quot;",
            "&#x27;",
            "\\<b>",
            "`<i>`",
            "*em*",
            "**strong**",
            "~~gone~~",
            "émoji 🙂",
            "\"q\"",
            "'s'",
            "[[RSK-001]]",
            "[[X|y]]",
            "[^1]",
            "<https://example.org/a?b=1&c=2>",
            "<ops@example.org>",
            "https://bare.example",
            "[t](https://example.org \"ti\\\"tle\")",
            "[t](../x.md#a)",
            "[t](#frag)",
            "![alt \"q\"](../files/c.png \"t\")",
            "![r](https://cdn.example/x.png)",
            "[m](mailto:a@example.org)",
            "[q](?a=b:c)",
            "\\[[not]]",
            "&#0;",
            "&#xD800;",
        ]);
        let words = prop::collection::vec(word, 1..6).prop_map(|w| w.join(" "));
        let attrs = prop::sample::select(vec![
            "",
            " {#custom-id}",
            " {.cls}",
            " {#i .a .b}",
            " {tabindex=0 autofocus onfocus=alert(1)}",
            " {style=\"color:red\" onclick=x()}",
            " {#x data-x=1 .c}",
            " {id=\"q\" class=\"z\"}",
        ]);
        prop_oneof![
            (1..7usize, words.clone(), attrs)
                .prop_map(|(n, w, a)| format!("{} {w}{a}", "#".repeat(n))),
            words.clone(),
            words.clone().prop_map(|w| format!("> {w}")),
            words.clone().prop_map(|w| format!("- [x] {w}\n- [ ] {w}")),
            words.clone().prop_map(|w| format!("1. {w}\n2. {w}")),
            words
                .clone()
                .prop_map(|w| format!("| a | {w} |\n|:-|:-:|\n| {w} | 2 |")),
            words.clone().prop_map(|w| format!("[^1]: {w}")),
            words
                .clone()
                .prop_map(|w| format!("```rust\nlet s = \"{w}\";\n```")),
            words.prop_map(|w| format!("    {w}")),
            Just("---".to_string()),
            Just("Term  \nbreak".to_string()),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
            failure_persistence: None,
            ..Default::default()
        })]

        /// The fast path is the sanitiser: for Markdown it lets through (no raw HTML, no
        /// unsafe scheme), its output is what ammonia writes, element for element and
        /// attribute for attribute, so nothing the sanitiser removes can reach a page.
        #[test]
        fn the_fast_path_writes_what_the_sanitiser_writes(
            pieces in proptest::collection::vec(piece(), 1..8)
        ) {
            let text = pieces.join("\n\n");
            let mut links = crate::plan::LinkTable::default();
            links.targets.insert(
                "RSK-001".into(),
                crate::plan::Link { url: "risks/RSK-001.html".into(), title: "Bias \"q\" <b>".into() },
            );
            let rendered = crate::render::markdown::render(
                &text,
                "content/policies/a.md",
                "../",
                &links,
                &crate::render::highlight::Highlighter::new(),
            );
            // Only what the fast path lets through is compared; proptest fails the run if it
            // has to discard too many cases, so the comparison cannot pass by never running.
            proptest::prop_assume!(!rendered.needs_sanitising);
            let fast = finish(&rendered.html);
            let slow = clean(&builder(), &rendered.html);
            proptest::prop_assert_eq!(spelling(&fast), spelling(&slow), "markdown: {:?}", text);
        }
    }
}
