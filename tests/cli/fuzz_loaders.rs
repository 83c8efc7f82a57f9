//! Property tests over every loader of user text: the front-matter splitter, front matter,
//! Markdown bodies (raw HTML, heading attributes, non-ASCII punctuation, form feeds), the YAML
//! registers and OSCAL JSON catalogs, and `check`/`build` of a generated one-file portal.
//! Whatever the text, they return (no panic, no hang), and every diagnostic is located inside
//! the text it came from.
//!
//! CI runs a modest number of cases; a longer session: `PROPTEST_CASES=100000 cargo test
//! --release --test cli fuzz_loaders` (the cargo-fuzz targets in `fuzz/` cover the same entry
//! points). Each crash found is kept as a named regression test at the end of this file.

use crate::harness::TODAY;
use crate::harness::api::Diagnostic;
use crate::harness::api::Highlighter;
use crate::harness::api::LinkTable;
use crate::harness::api::load::{
    pages, parse_document, parse_oscal_catalog, parse_register, split_front_matter,
};
use crate::harness::api::model::{
    Audience, ControlImplementation, Date, Evidence, PolicyMeta, Risk, System,
};
use crate::harness::api::resolve::{anchors, html, mentions};
use proptest::prelude::*;

/// Text built from YAML's own punctuation, keys of our schemas, and odd characters, so that
/// random inputs reach deep into the parsers instead of failing on the first byte.
fn yamlish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "\n",
        " ",
        "  ",
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "|",
        ">",
        "#",
        "---",
        "...",
        "'",
        "\"",
        "\\",
        "?",
        "!",
        "%",
        "@",
        "`",
        "\t",
        "\r",
        "\0",
        "\u{7}",
        "\u{feff}",
        "é",
        "🙂",
        "–",
        "—",
        "“",
        "”",
        "\u{a0}",
        "\u{c}",
        "\u{301}",
        "id",
        "title",
        "owner",
        "risks:",
        "controls:",
        "evidence:",
        "systems:",
        "likelihood",
        "impact",
        "treatment",
        "mitigate",
        "ref",
        "applicable",
        "true",
        "1",
        "99999999999999999999",
        "-1",
        "2026-02-30",
        "2026-01-15",
        "null",
        "~",
        "RSK-1",
        "x",
    ]);
    prop::collection::vec(atoms, 0..120).prop_map(|parts| parts.concat())
}

/// Markdown built from block and inline syntax, raw HTML (tags cut anywhere, comments,
/// attributes with non-ASCII values), heading attributes, references and the punctuation of
/// real handbooks, so that every scanner meets a multi-byte character at every position.
/// The form feed, read as a space in Markdown bodies.
const FORM_FEED: char = '\u{c}';

fn markdownish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "   ",
        "\t",
        "# ",
        "## ",
        "###### ",
        "- ",
        "1. ",
        "> ",
        "| a | b |\n|---|:-:|\n| ",
        " | ",
        "```\n",
        "```rust\n",
        "    ",
        "*",
        "_",
        "**",
        "~~",
        "`",
        "[",
        "]",
        "(",
        ")",
        "![",
        "[^1]",
        "[^1]: ",
        "[[",
        "]]",
        "|",
        "[[RSK-1]]",
        "[x](a.md#s)",
        "(../b%20c.md)",
        "<https://x.example/é>",
        "{#id .class key=value}",
        "{#",
        "{",
        "}",
        ".cls",
        "#",
        "=",
        "<",
        ">",
        "</",
        "<!--",
        "-->",
        "<!-->",
        "<div>",
        "</div>",
        "<a href=\"",
        "<a href='",
        "<img src=",
        " title=\"",
        " id=",
        " name=",
        "\"",
        "'",
        "<details>",
        "<summary>",
        "<table>\n<tr><td>",
        "</td></tr>\n</table>",
        "<span title=\"é – “x”\">",
        "</span>",
        "<br>",
        "<x-y>",
        "&",
        "&#",
        "&#x",
        ";",
        "&nbsp;",
        "&#8212;",
        "&#12;",
        "&amp",
        "\\",
        "–",
        "—",
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "…",
        "\u{a0}",
        "\u{202f}",
        "\u{200b}",
        "\u{feff}",
        "\u{c}",
        "\u{c}\n",
        "\u{301}",
        "é",
        "ß",
        "🙂",
        "🧑‍💻",
        "🇫🇷",
        "中文",
        "עברית",
        "x",
        "word",
        "ID-1",
        "a.md",
        "\u{85}",
        "\u{2028}",
        "\0",
    ]);
    prop::collection::vec(atoms, 0..160).prop_map(|parts| parts.concat())
}

/// A heading line with `{...}` attributes made of random pieces, including non-ASCII ones.
fn attributed_heading() -> impl Strategy<Value = String> {
    (
        1usize..=6,
        "[a-zé–—“”🙂 ]{0,12}",
        prop::collection::vec(
            prop_oneof![
                "#[a-zA-Zé–_0-9-]{0,8}",
                "\\.[a-zé–0-9-]{0,8}",
                "[a-z–é]{1,6}=[a-z\"'é– ]{0,8}",
                "[{}#.=\"' –]",
            ],
            0..5,
        ),
        "[ \t{}]{0,3}",
    )
        .prop_map(|(level, text, attrs, tail)| {
            format!(
                "{} {text} {{{}}}{tail}\n\nBody\n",
                "#".repeat(level),
                attrs.join(" ")
            )
        })
}

/// JSON text shaped like an OSCAL catalog: the right keys in random nesting and values.
fn oscalish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\"catalog\"",
        "\"groups\"",
        "\"controls\"",
        "\"parts\"",
        "\"params\"",
        "\"props\"",
        "\"links\"",
        "\"id\"",
        "\"title\"",
        "\"name\"",
        "\"class\"",
        "\"prose\"",
        "\"label\"",
        "\"value\"",
        "\"statement\"",
        "\"uuid\"",
        "\"metadata\"",
        "\"insert\"",
        "\"{{ insert: param, p1 }}\"",
        "\"{{\"",
        "\"}}\"",
        "\"ac-1\"",
        "\"AC-1 – “x”\"",
        "\"é\\u00e9\\n\"",
        "1",
        "-0.5e9",
        "true",
        "null",
        " ",
        "\n",
        "\"\\ud800\"",
        "\"🙂\"",
    ]);
    prop::collection::vec(atoms, 0..150).prop_map(|parts| parts.concat())
}

/// An OSCAL catalog that parses as JSON, with random strings where the text goes.
fn oscal_catalog() -> impl Strategy<Value = String> {
    let text = "[a-zA-Z0-9 é–—“”{}:,._\\-]{0,16}";
    (text, text, text, text, prop::collection::vec(text, 0..4)).prop_map(
        |(id, title, prose, param, labels)| {
            let s = |t: &str| serde_json::Value::String(t.to_string());
            let json = serde_json::json!({
                "catalog": {
                    "uuid": "x",
                    "metadata": { "title": s(&title) },
                    "groups": [{
                        "id": s(&id), "title": s(&title),
                        "controls": [{
                            "id": s(&id), "class": "SP800-53", "title": s(&title),
                            "params": [{ "id": s(&param), "label": s(&prose) }],
                            "props": labels.iter().map(|l| serde_json::json!({"name": "label", "value": l})).collect::<Vec<_>>(),
                            "parts": [{
                                "name": "statement", "id": s(&format!("{id}_smt")),
                                "prose": s(&format!("{prose} {{{{ insert: param, {param} }}}} {title}")),
                                "parts": [{ "name": "item", "prose": s(&prose) }]
                            }],
                            "controls": [{ "id": s(&format!("{id}.1")), "title": s(&prose) }]
                        }]
                    }]
                }
            });
            json.to_string()
        },
    )
}

/// Every library scanner and renderer of Markdown, over one body.
fn scan_and_render(body: &str) {
    let _ = mentions::scan(body);
    let _ = mentions::html_attributes(body, &["href", "src", "id", "name"]);
    let _ = anchors::of(body);
    let _ = html::markdown_placeholders(body);
    let _ = html::escape_placeholders(body);
    for line in body.split('\n') {
        let _ = tracemark::shared::slugs::slug_for_anchor(line);
        let _ = anchors::github_slug(line);
        let _ = mentions::local_target("content/pages/a/b.md", line);
        let _ = mentions::site_paths(line);
    }
    let links = LinkTable::default();
    crate::harness::api::markdown::render(
        body,
        "content/pages/a/b.md",
        "../",
        &links,
        highlighter(),
    );
}

/// One highlighter for the whole run: loading its syntaxes is the slow part.
fn highlighter() -> &'static Highlighter {
    static ONE: std::sync::OnceLock<Highlighter> = std::sync::OnceLock::new();
    ONE.get_or_init(Highlighter::new)
}

/// `check`, then `build` for every audience, of a portal of one policy, one page and one risk
/// register written from `policy_body`, `page` and `risks`, through the library (no process
/// per case). Returns the diagnostics of `check`.
fn check_and_build(policy_body: &str, page: &str, risks: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portal");
    let write = |path: &str, text: &str| {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    };
    write("portal.yaml", "title: Fuzz\norganization: Fuzz Ltd\n");
    write(
        "content/policies/p.md",
        &format!("---\nid: POL-1\ntitle: P\nowner: O\n---\n{policy_body}"),
    );
    write("content/pages/a/b.md", page);
    write("content/risks/r.yaml", risks);
    let options = |audience: Audience| crate::harness::api::BuildOptions {
        root: root.clone(),
        out: dir.path().join(format!("out-{audience:?}")),
        today: Date::parse(TODAY).unwrap(),
        strict: false,
        audience,
        zip: None,
        sign: None,
        force: true,
        at: None,
        since: None,
    };
    let checked = crate::harness::api::check_only(&options(Audience::Internal)).expect("a portal");
    if !checked.failed {
        for audience in [Audience::Internal, Audience::Public, Audience::Auditor] {
            let out = match crate::harness::api::build(&options(audience)) {
                Ok(report) => report.out,
                Err(failure) => panic!("check passed but build failed: {failure:?}"),
            };
            // A form feed is whitespace in bodies and an error elsewhere: none is written.
            for entry in walkdir::WalkDir::new(&out) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    let bytes = std::fs::read(entry.path()).unwrap();
                    assert!(
                        !bytes.contains(&0x0c),
                        "form feed in {}",
                        entry.path().display()
                    );
                }
            }
        }
    }
    checked.diagnostics
}

/// The number of cases for the slow full-portal properties: an eighth of the others.
fn slow_config() -> ProptestConfig {
    let base = config();
    ProptestConfig {
        cases: (base.cases / 8).max(4),
        ..base
    }
}

fn located_within(diagnostics: &[Diagnostic], text: &str, offset: usize) {
    let lines = text.split('\n').count() + offset + 1;
    for d in diagnostics {
        if let Some(line) = d.line {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d:?}");
        }
    }
}

fn config() -> ProptestConfig {
    crate::harness::proptest_config()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_splitter_never_panics(text in any::<String>(), yaml in yamlish()) {
        for t in [text.clone(), format!("---\n{yaml}\n---\n{text}"), format!("---\n{yaml}")] {
            if let Ok(split) = split_front_matter(&t) {
                prop_assert!(split.body_line >= 3);
                prop_assert!(t.ends_with(split.body));
            }
        }
    }

    #[test]
    fn documents_never_panic_and_stay_located(yaml in yamlish(), body in any::<String>()) {
        let text = format!("---\n{yaml}\n---\n{body}");
        let (_, diagnostics, _) = parse_document::<PolicyMeta>(&text, "content/policies/p.md");
        located_within(&diagnostics, &text, 0);
    }

    #[test]
    fn registers_never_panic_and_stay_located(yaml in yamlish(), raw in any::<String>()) {
        for text in [format!("risks:\n{yaml}"), yaml.clone(), raw.clone()] {
            let risks = parse_register::<Risk>(&text, "r.yaml", "risks");
            located_within(&risks.diagnostics, &text, 0);
            let systems = parse_register::<System>(&text, "s.yaml", "systems");
            located_within(&systems.diagnostics, &text, 0);
            let controls = parse_register::<ControlImplementation>(&text, "c.yaml", "controls");
            located_within(&controls.diagnostics, &text, 0);
            let evidence = parse_register::<Evidence>(&text, "e.yaml", "evidence");
            located_within(&evidence.diagnostics, &text, 0);
        }
    }

    #[test]
    fn pages_with_front_matter_never_panic_and_stay_located(yaml in yamlish(), body in markdownish()) {
        for text in [format!("---\n{yaml}\n---\n{body}"), body.clone(), format!("\u{feff}---\r\n{yaml}\r\n---\r\n{body}")] {
            let (page, diagnostics) = pages::parse(&text, "content/pages/a/b.md");
            located_within(&diagnostics, &text, 0);
            if let Some(page) = page {
                prop_assert!(!page.body.contains(FORM_FEED), "a form feed in the body");
            }
            let (_, diagnostics, _) = parse_document::<PolicyMeta>(&text, "content/policies/p.md");
            located_within(&diagnostics, &text, 0);
        }
    }

    #[test]
    fn markdown_bodies_with_raw_html_never_panic(body in markdownish(), raw in any::<String>()) {
        scan_and_render(&body);
        scan_and_render(&raw);
        // Every attribute range the HTML scanner returns can be sliced.
        for (_, range) in mentions::html_attributes(&body, &["href", "src", "id", "name", "title"]) {
            prop_assert!(body.get(range).is_some());
        }
    }

    #[test]
    fn headings_with_attributes_never_panic(heading in attributed_heading(), more in markdownish()) {
        scan_and_render(&heading);
        scan_and_render(&format!("{more}\n{heading}"));
    }

    #[test]
    fn oscal_catalogs_never_panic_and_stay_located(raw in oscalish(), catalog in oscal_catalog(), any_text in any::<String>()) {
        // A catalog of the right shape is read, whatever its strings: problems are diagnostics.
        let read = parse_oscal_catalog("fz", &catalog, "content/frameworks/fz.json");
        prop_assert!(read.is_ok(), "{read:?}");
        for text in [raw, catalog, any_text] {
            if let Ok((_, diagnostics)) = parse_oscal_catalog("fz", &text, "content/frameworks/fz.json") {
                located_within(&diagnostics, &text, 0);
            }
        }
    }

    #[test]
    fn well_formed_risks_with_random_values_never_panic(
        id in "[A-Za-z0-9 ._\\-\\[\\]{}:]{0,12}",
        likelihood in "[-0-9a-z.]{0,6}",
        treatment in "[a-z]{0,9}",
        controls in prop::collection::vec("[A-Za-z0-9.:]{0,10}", 0..4),
    ) {
        let text = format!(
            "risks:\n  - id: {id}\n    title: T\n    owner: O\n    likelihood: {likelihood}\n    impact: 3\n    treatment: {treatment}\n    controls: [{}]\n",
            controls.join(", ")
        );
        let parsed = parse_register::<Risk>(&text, "r.yaml", "risks");
        located_within(&parsed.diagnostics, &text, 0);
    }
}

proptest! {
    #![proptest_config(slow_config())]

    /// The whole pipeline over a generated portal: `check` never panics, and what it passes
    /// `build` builds in every audience.
    #[test]
    fn a_generated_one_file_portal_checks_and_builds(policy in markdownish(), page in markdownish(), yaml in yamlish()) {
        let risks = format!("risks:\n  - id: RSK-1\n    title: T\n    owner: O\n    likelihood: 2\n    impact: 3\n    treatment: mitigate\n{yaml}");
        let diagnostics = check_and_build(&policy, &page, &risks);
        located_within(&diagnostics, &format!("---\nid: POL-1\ntitle: P\nowner: O\n---\n{policy}\n{page}\n{risks}"), 0);
        check_and_build(&policy, &format!("---\n{yaml}\n---\n{page}"), "risks: []\n");
    }
}

/// Crashes found by the fuzzers, kept as they were found.
mod regressions {
    use super::*;

    /// A line of an HTML block that starts with a multi-byte character (`check` exited 101 in
    /// `html_attributes` on a real handbook).
    #[test]
    fn an_html_block_line_starting_with_an_en_dash() {
        let body = "<div>\n– a dash line\n<a href=\"x–y.md\" title=’é’>x</a>\n</div>\n";
        scan_and_render(body);
        let diagnostics = check_and_build(body, body, "risks: []\n");
        assert!(
            diagnostics.iter().all(|d| d.code != "E109"),
            "{diagnostics:?}"
        );
    }
}
