//! Markdown bodies with raw HTML and heading attributes: every scanner, then the renderer.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tracemark::plan::LinkTable;
use tracemark::render::highlight::Highlighter;
use tracemark::resolve::{anchors, html, mentions};

/// Loading the syntaxes is slow: once per run.
fn highlighter() -> &'static Highlighter {
    static ONE: OnceLock<Highlighter> = OnceLock::new();
    ONE.get_or_init(Highlighter::new)
}

fuzz_target!(|body: &str| {
    let _ = mentions::scan(body);
    for (_, range) in mentions::html_attributes(body, &["href", "src", "id", "name"]) {
        assert!(
            body.get(range).is_some(),
            "an attribute range inside a character"
        );
    }
    let _ = anchors::of(body);
    let _ = html::markdown_placeholders(body);
    let _ = html::escape_placeholders(body);
    for line in body.lines() {
        let _ = tracemark::shared::slugs::slug_for_anchor(line);
        let _ = anchors::github_slug(line);
        let _ = mentions::local_target("content/pages/a/b.md", line);
    }
    let links = LinkTable::default();
    tracemark::render::markdown::render(body, "content/pages/a/b.md", "../", &links, highlighter());
});
