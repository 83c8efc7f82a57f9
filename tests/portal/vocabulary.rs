//! One vocabulary per audience: framework names as people write them (never a catalog id such
//! as `iso42001` in text a customer reads), no tool name outside the footer, values in words,
//! a site title per audience, and `updates.html` holding every anchor the feed links to.

use std::path::{Path, PathBuf};

use crate::harness::{Config, Fixture, build, more, read_page, small_portal, stderr, text_of};

/// The repository's example built once for each audience, shared by the tests here.
fn example() -> &'static Path {
    static OUT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    OUT.get_or_init(|| crate::harness::build_example_editions("vocabulary-example"))
}

/// Every HTML page under `dir`, by path relative to it, with its text.
fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no pages under {}", dir.display());
    out
}

/// `html` without the elements `names` (with their content); what is left keeps its tags.
fn without(html: &str, names: &[&str]) -> String {
    let mut html = html.to_string();
    for name in names {
        let (open, close) = (format!("<{name}"), format!("</{name}>"));
        // `<head>` and `<head …>`, not `<header>`.
        let opens_at = |html: &str| {
            html.match_indices(&open).map(|(i, _)| i).find(|&i| {
                html[i + open.len()..].starts_with(|c: char| c == '>' || c.is_whitespace())
            })
        };
        while let Some(a) = opens_at(&html) {
            let Some(b) = html[a..].find(&close) else {
                break;
            };
            html.replace_range(a..a + b + close.len(), " ");
        }
    }
    html
}

/// The words a reader reads on a page: the text outside tags, character references for `&`,
/// `<`, `>`, quotes decoded, and every URL-like token (`frameworks/soc2/index.html`,
/// `https://…`) dropped, since addresses keep ids on purpose.
fn reader_text(html: &str) -> String {
    let text = text_of(&without(html, &["head", "script", "style"]))
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'");
    text.split_whitespace()
        .filter(|w| {
            !(w.contains("://")
                || w.contains(".html")
                || w.contains(".xml")
                || w.contains(".json")
                || w.contains(".csv"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where `word` occurs in `text` as a word of its own (not inside `iso42001-vs-soc2` or
/// `soc2--iso27001`, which are file names, nor inside a longer word).
fn word_at(text: &str, word: &str) -> Option<usize> {
    let part = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | ':');
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(|c| part(c) && c != '.' && c != ':')
    })
}

/// The catalog ids of the built-in frameworks, which people write as "ISO/IEC 42001",
/// "SOC 2", "NIST AI RMF", "EU AI Act".
const FRAMEWORK_IDS: &[&str] = &[
    "iso42001",
    "iso27001",
    "iso27701",
    "soc2",
    "nist-ai-rmf",
    "eu-ai-act",
];

#[test]
fn public_text_names_frameworks_as_people_write_them_never_by_catalog_id() {
    let public = example().join("public");
    let mut found = Vec::new();
    for (page, html) in pages(&public) {
        let text = reader_text(&html);
        for id in FRAMEWORK_IDS {
            if let Some(at) = word_at(&text, id) {
                let from = text[..at]
                    .char_indices()
                    .rev()
                    .nth(60)
                    .map_or(0, |(i, _)| i);
                let to = (at + id.len() + 40).min(text.len());
                let to = (to..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap();
                found.push(format!("{page}: …{}…", &text[from..to]));
            }
        }
    }
    assert!(
        found.is_empty(),
        "catalog ids in public text:\n{}",
        found.join("\n")
    );
    // The crosswalk's own sentence and columns name the frameworks.
    let walk = read_page(&public, "crosswalks/iso42001--soc2.html");
    let text = reader_text(&walk);
    assert!(
        text.contains("Implemented controls of ISO/IEC 42001 relate to"),
        "{text}"
    );
    assert!(
        walk.contains("<th scope=\"col\">ISO/IEC 42001</th>"),
        "{walk}"
    );
    assert!(walk.contains("<th scope=\"col\">SOC 2</th>"), "{walk}");
}

#[test]
fn the_search_finds_a_framework_id_only_as_a_word_of_its_own() {
    assert!(word_at("controls of soc2 relate", "soc2").is_some());
    assert!(word_at("relate to soc2.", "soc2").is_some());
    assert!(word_at("crosswalks/iso42001--soc2", "soc2").is_none());
    assert!(word_at("soc2x and asoc2", "soc2").is_none());
    assert!(word_at("SOC 2", "soc2").is_none());
}

#[test]
fn no_edition_names_the_tool_outside_its_footer_and_commands() {
    let mut found = Vec::new();
    for audience in ["public", "internal", "auditor"] {
        for (page, html) in pages(&example().join(audience)) {
            // The footer credits the tool; commands an auditor runs (`tracemark verify`) are
            // code, not prose.
            let body = without(&html, &["footer", "code", "pre"]);
            let text = reader_text(&body);
            if let Some(at) = text.find("Tracemark") {
                let from = text[..at]
                    .char_indices()
                    .rev()
                    .nth(60)
                    .map_or(0, |(i, _)| i);
                found.push(format!("{audience}/{page}: …{}", &text[from..at + 9]));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the tool named in page text:\n{}",
        found.join("\n")
    );
    // The footer still says what published the site.
    let home = read_page(&example().join("public"), "index.html");
    assert!(home.contains("published with Tracemark"), "{home}");
}

#[test]
fn each_edition_has_its_own_site_title_and_print_cover() {
    let out = example();
    let cover = |audience: &str| {
        let html = read_page(&out.join(audience), "print.html");
        let start = html.find("<h1").expect("a cover heading");
        text_of(&html[start..start + html[start..].find("</h1>").unwrap()])
    };
    assert!(
        cover("public").starts_with("Northwind Loom Trust Center"),
        "{}",
        cover("public")
    );
    assert!(
        cover("auditor").starts_with("Northwind Loom Audit package"),
        "{}",
        cover("auditor")
    );
    assert!(
        cover("internal").starts_with("Northwind Loom AI Governance Portal"),
        "{}",
        cover("internal")
    );
    for (page, html) in pages(&out.join("public")) {
        assert!(
            !reader_text(&html).contains("AI Governance Portal")
                && !html.contains("· Northwind Loom AI Governance Portal</title>"),
            "{page} names the internal portal"
        );
    }
}

#[test]
fn public_pages_do_not_point_readers_to_pages_the_trust_center_lacks() {
    let public = example().join("public");
    assert!(!public.join("dashboard.html").exists());
    for (page, html) in pages(&public) {
        let text = reader_text(&without(&html, &["footer"])).to_lowercase();
        assert!(
            !text.contains("the dashboard") && !text.contains("on the dashboard"),
            "{page} mentions the dashboard"
        );
    }
}

#[test]
fn values_read_as_words_not_as_stored() {
    let out = example();
    for audience in ["public", "internal", "auditor"] {
        for (page, html) in pages(&out.join(audience)) {
            let text = reader_text(&html);
            for stored in [
                "Reasons for inclusion: risk-treatment",
                "Reasons for inclusion: best-practice",
                "Reasons for inclusion: legal",
                "Reasons for inclusion: contractual",
                "review: ok",
                "review: due soon",
                "evidence: fresh",
            ] {
                assert!(!text.contains(stored), "{audience}/{page} shows `{stored}`");
            }
        }
    }
    let soa = reader_text(&read_page(&out.join("public"), "soa/iso42001.html"));
    assert!(soa.contains("Reasons for inclusion: "), "{soa}");
    let internal = reader_text(&read_page(&out.join("internal"), "policies/index.html"));
    assert!(internal.contains("Review up to date"), "{internal}");
}

/// The `href` of every entry of an Atom feed.
fn feed_links(feed: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(feed).expect("well-formed XML");
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("link"))
                .and_then(|l| l.attribute("href"))
                .expect("an entry link")
                .to_string()
        })
        .collect()
}

#[test]
fn updates_html_holds_every_anchor_the_example_feed_links_to() {
    let public = example().join("public");
    let links = feed_links(&read_page(&public, "updates.xml"));
    assert!(links.len() >= 4, "{links:?}");
    let page = read_page(&public, "updates.html");
    for link in &links {
        let anchor = link
            .strip_prefix("updates.html#")
            .unwrap_or_else(|| panic!("{link} does not open updates.html"));
        assert!(page.contains(&format!("id=\"{anchor}\"")), "no #{anchor}");
    }
    let home = read_page(&public, "index.html");
    assert!(home.contains("href=\"updates.html\">All updates"), "{home}");
    assert!(home.contains(">Subscribe (Atom/RSS)</a>"), "{home}");
    assert!(home.contains("rel=\"alternate\" type=\"application/atom+xml\""));
}

#[test]
fn a_fixture_feed_links_each_entry_to_its_anchor_on_updates_html() {
    let f: Fixture = small_portal();
    f.config(&Config {
        title: "Fixture Portal",
        organization: "Fixture Ltd",
        frameworks: vec!["mini"],
        more: more(
            "public:\n  updates:\n    - { date: 2026-09-01, title: First }\n    - { date: 2026-10-01, title: Second, text: More. }\n    - { date: 2026-10-15, title: Third }\n    - { date: 2026-11-01, title: Fourth and last }\n    - { date: 2027-01-01, title: Not yet }\n",
        ),
        ..Config::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = build(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    let links = feed_links(&read_page(&out, "updates.xml"));
    assert_eq!(
        links.len(),
        4,
        "an update after --today is not announced: {links:?}"
    );
    let page = read_page(&out, "updates.html");
    for link in &links {
        let anchor = link.strip_prefix("updates.html#").expect("updates.html");
        assert!(page.contains(&format!("id=\"{anchor}\"")), "no #{anchor}");
    }
    // All four are listed, newest first, even though the home page shows only three.
    let text = text_of(&page);
    let at = |t: &str| text.find(t).unwrap_or_else(|| panic!("no {t} in {text}"));
    assert!(at("Fourth and last") < at("Third") && at("Second") < at("First"));
    assert!(!text.contains("Not yet"));
    assert!(text.contains("Fixture Ltd Trust Center") || page.contains("Fixture Ltd Trust Center"));
}
