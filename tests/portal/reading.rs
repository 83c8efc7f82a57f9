//! What readers meet: full-text search, labelled chips, gaps by urgency, print.html, the
//! auditor home, and pages that carry no inline script or style (strict CSP).

use crate::harness::{
    Fixture, Policy, assert_page_contains, assert_page_lacks, build, search_docs, search_text,
    search_words, small_portal, stderr,
};

/// The small portal plus a policy whose body (not its title or summary) talks about bias.
fn portal() -> Fixture {
    let f = small_portal();
    f.policy(
        "fairness",
        &Policy {
            id: "POL-FAIR",
            title: "Model Testing Standard",
            owner: "Head of Data Science",
            kind: "standard",
            status: "approved",
            version: "1.3",
            summary: "How models are tested before release.",
            body: "# Purpose\n\nEvery release is checked for demographic disparity in outcomes.\n\n## Method\n\nWe measure zyzzogeton drift weekly.\n\nThe team's share is `C:\\\\data` and `</script>` is text.\n",
            ..Policy::default()
        },
    );
    f
}

fn build_ok(f: &Fixture, extra: &[&str]) {
    let out = f.out();
    let mut args = vec!["--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let result = build(&f.root(), &args);
    assert!(result.status.success(), "{}", stderr(&result));
}

#[test]
fn the_search_index_holds_body_words_and_names_the_framework_of_controls() {
    let f = portal();
    build_ok(&f, &[]);
    let out = f.out();
    let manifest = f.read("search/index.js");
    assert!(
        manifest.starts_with("window.TRACEMARK_SEARCH_PART(\"index\","),
        "a script, not JSON to fetch"
    );
    // A word only the body has is in the index (its stem, with postings in the body field)
    // and in the snippet text.
    let words = search_words(&out);
    let postings = |word: &str, field: usize| {
        words
            .iter()
            .find(|w| w[0] == word)
            .is_some_and(|w| !w[1 + field].as_array().unwrap().is_empty())
    };
    assert!(postings("zyzzogeton", 2), "body word indexed");
    let index = search_text(&out);
    assert!(!index.contains("</script"), "cannot end a script element");
    // Quotes, backslashes and `</script>` survive the string literal unchanged.
    let docs = serde_json::to_string(&search_docs(&out)).unwrap();
    assert!(
        docs.contains(r#"The team's share is C:\\\\data and </script> is text."#),
        "{docs}"
    );
    // Ids are a field of their own ("id" would be taken as the document reference).
    assert!(postings("fair", 1), "id indexed");
    assert!(
        index.contains("demographic disparity"),
        "body text kept for snippets"
    );
    // Controls are documents too, with their framework named.
    assert!(
        index.contains(" control\""),
        "control kind names its framework"
    );
    // Every page loads the search script from a file; search.js reads the index itself.
    assert!(!out.join("assets/elasticlunr.min.js").exists());
    assert!(!out.join("search-index.js").exists(), "no whole index");
    let home = f.read("index.html");
    assert!(
        home.contains("id=\"site-search\""),
        "search box in the header"
    );
    assert!(home.contains("assets/search.js"));
}

#[test]
fn a_word_hundreds_of_characters_long_is_indexed_and_does_not_fail_the_build() {
    // A long URL is one token (it was nested one object per character in the whole index's
    // trie, and reading that back through serde_json, depth limit 128, failed the build).
    let f = portal();
    let url = format!("https://example.com/{}", "z".repeat(300));
    f.write(
        "content/policies/links.md",
        &format!(
            "---\nid: POL-LINKS\ntitle: Where Records Live\nowner: Head of IT\nkind: standard\nstatus: approved\nversion: \"1.0\"\nsummary: Where records are kept.\n---\nThe register lives at {url} and nowhere else.\n"
        ),
    );
    build_ok(&f, &[]);
    let long = "z".repeat(300);
    let words = search_words(&f.out());
    assert!(
        words
            .iter()
            .any(|w| w[0].as_str().unwrap().ends_with(&long)),
        "the URL is one word of the index"
    );
}

#[test]
fn chips_say_what_they_are_about() {
    let f = portal();
    build_ok(&f, &[]);
    let policy = f.read("policies/POL-FAIR.html");
    assert!(
        policy.contains("<span class=\"badge-label\">status:</span> Approved"),
        "{policy}"
    );
    assert!(
        [
            "Review up to date",
            "Review due soon",
            "Review overdue",
            "No review scheduled"
        ]
        .iter()
        .any(|words| policy.contains(&format!("\">{words}</span>"))),
        "{policy}"
    );
    // In the register the column says which score a chip is (its cell's label on a phone),
    // so the chip itself stays short enough for the register to fit 1280 px.
    let register = f.read("risks/index.html");
    assert!(
        register.contains("<td data-label=\"Inherent\"") && register.contains(">Inherent</th>"),
        "{register}"
    );
    assert!(
        register.contains("<td data-label=\"Residual\"") && register.contains(">Residual</th>"),
        "{register}"
    );
}

#[test]
fn a_policy_shows_its_summary_and_its_purpose_in_on_this_page() {
    let f = portal();
    build_ok(&f, &[]);
    let policy = f.read("policies/POL-FAIR.html");
    assert!(
        policy.contains("How models are tested before release."),
        "summary shown"
    );
    assert_eq!(policy.matches("<h1").count(), 1, "one h1: {policy}");
    assert!(
        policy.contains("<li class=\"toc-2\"><a href=\"#purpose\">Purpose</a></li>"),
        "{policy}"
    );
    // "On this page" comes before the article in reading order.
    let toc = policy.find("aria-label=\"On this page\"").unwrap();
    let article = policy.find("<article class=\"prose\">").unwrap();
    assert!(toc < article);
}

#[test]
fn print_html_holds_a_cover_contents_and_every_policy_in_order() {
    let f = portal();
    build_ok(&f, &[]);
    let print = assert_page_contains(
        &f.out(),
        "print.html",
        &["class=\"print-cover\"", "aria-label=\"Contents\""],
    );
    let first = print.find("id=\"doc-pol-1\"").expect("POL-1 in print.html");
    let standard = print
        .find("id=\"doc-pol-fair\"")
        .expect("POL-FAIR in print.html");
    assert!(
        first < standard,
        "policies before standards, as in the index"
    );
    assert!(
        print.contains("POL-FAIR · Model Testing Standard · version 1.3"),
        "running header"
    );
    assert!(print.contains("zyzzogeton"), "the body itself");
    // Heading ids are prefixed per document, so two documents never share an id.
    assert!(print.contains("id=\"pol-fair-purpose\""), "{print}");
}

#[test]
fn a_large_handbook_prints_in_volumes_that_hold_every_policy_once() {
    let f = portal();
    // 450 more policies: three volumes of at most 200 documents.
    for n in 0..450 {
        f.write(
            &format!("content/policies/bulk/p{n}.md"),
            &format!(
                "---\nid: POL-B{n}\ntitle: Bulk policy {n}\nowner: Ops\nstatus: approved\n---\n## Rule\n\nRule {n} applies.\n"
            ),
        );
    }
    build_ok(&f, &[]);
    let print = f.read("print.html");
    assert!(
        !print.contains("class=\"print-doc\""),
        "no bodies on the cover"
    );
    let mut seen = std::collections::BTreeMap::new();
    for n in 1..=3 {
        let href = format!("href=\"print/volume-{n}.html\"");
        assert!(print.contains(&href), "{href} missing: {print}");
        let volume = f.read(&format!("print/volume-{n}.html"));
        assert!(volume.contains(&format!("volume {n} of 3")), "{volume}");
        let docs = volume.matches("class=\"print-doc\"").count();
        assert!(docs <= 200, "volume {n} holds {docs}");
        for part in volume.split("data-print-doc=\"").skip(1) {
            let id = part.split('"').next().unwrap().to_string();
            *seen.entry(id).or_insert(0) += 1;
        }
    }
    assert!(!f.out().join("print/volume-4.html").exists());
    // The fixture's own three policies too: every policy exactly once.
    assert_eq!(
        seen.len(),
        450 + 3,
        "{:?}",
        seen.keys().take(5).collect::<Vec<_>>()
    );
    assert!(seen.values().all(|&n| n == 1));
    assert!(seen.contains_key("pol-b449") && seen.contains_key("pol-fair"));
}

#[test]
fn gaps_come_most_urgent_first_with_owner_and_date() {
    let f = portal();
    build_ok(&f, &[]);
    let gaps = f.read("gaps.html");
    let at = |key: &str| {
        gaps.find(&format!("<section class=\"section\" id=\"{key}\">"))
            .unwrap_or_else(|| panic!("{key} missing"))
    };
    assert!(at("risks-above-appetite") < at("expired-evidence"));
    assert!(at("expired-evidence") < at("overdue-reviews"));
    assert!(at("overdue-reviews") < at("controls-without-evidence"));
    // The summary with jump links comes before every section.
    assert!(gaps.find("href=\"#risks-above-appetite\"").unwrap() < at("risks-above-appetite"));
    assert_page_contains(
        &f.out(),
        "gaps.html",
        &["id=\"by-owner\"", "<th scope=\"col\">Owner</th>"],
    );
}

#[test]
fn no_page_has_an_inline_script_or_style() {
    let f = portal();
    for audience in ["internal", "public", "auditor"] {
        let out = f.root().join(format!("out-{audience}"));
        let result = build(
            &f.root(),
            &["--audience", audience, "--out", out.to_str().unwrap()],
        );
        assert!(result.status.success(), "{}", stderr(&result));
        for entry in walkdir::WalkDir::new(&out) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(entry.path()).unwrap();
            for (at, _) in html.match_indices("<script") {
                let tag = &html[at..at + html[at..].find('>').unwrap()];
                assert!(
                    tag.contains(" src="),
                    "inline script in {}",
                    entry.path().display()
                );
            }
            assert!(
                !html.contains("<style"),
                "style element in {}",
                entry.path().display()
            );
            assert!(
                !html.contains(" style=\""),
                "style attribute in {}",
                entry.path().display()
            );
            assert!(
                !html.contains(" onclick="),
                "event handler in {}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn the_auditor_home_says_how_to_verify_and_the_evidence_index_offers_downloads() {
    let f = portal();
    build_ok(&f, &["--audience", "auditor"]);
    assert_page_contains(
        &f.out(),
        "index.html",
        &[
            "class=\"package-banner\"",
            "Auditor package",
            "tracemark verify DIR",
            "ssh-keygen -Y verify -f allowed_signers -I ID -n tracemark-manifest -s manifest.json.sig &lt; manifest.json",
            "ssh-keygen -Y verify -f allowed_signers -I ID -n tracemark-manifest -s SHA256SUMS.sig &lt; SHA256SUMS",
            "<code>sha256sum -c SHA256SUMS</code>",
            "<code>ID</code> is the signer identity",
            "but not a file added: that is what <code>manifest.json</code> and <code>tracemark verify</code> are for",
            "href=\"manifest.json\"",
            "href=\"SHA256SUMS\"",
        ],
    );
    let evidence = f.read("evidence/index.html");
    assert!(
        evidence.contains("class=\"download\" href=\"../evidence/files/"),
        "{evidence}"
    );
    // Rows show the first 12 hex digits; the record page states the whole hash.
    let manifest: serde_json::Value = serde_json::from_str(&f.read("manifest.json")).unwrap();
    let entries = manifest["evidence"].as_array().unwrap();
    assert!(!entries.is_empty());
    for entry in entries {
        let full = entry["sha256"].as_str().unwrap();
        assert!(
            evidence.contains(&format!(
                "SHA-256 <code title=\"The full SHA-256 is on the record page\">{}…</code>",
                &full[..12]
            )),
            "{evidence}"
        );
        assert!(!evidence.contains(full), "{full} in the evidence index");
        let page = f.read(entry["page"].as_str().unwrap());
        assert!(page.contains(full), "{}", entry["page"]);
    }
    // The handbook has neither.
    let internal = portal();
    build_ok(&internal, &[]);
    assert_page_lacks(&internal.out(), "index.html", &["package-banner"]);
}

#[test]
fn with_a_base_url_every_page_names_its_canonical_address() {
    let f = portal();
    let config = std::fs::read_to_string(f.root().join("portal.yaml")).unwrap();
    f.write(
        "portal.yaml",
        &format!("{config}\nbase_url: https://example.com/docs/\n"),
    );
    build_ok(&f, &[]);
    assert_page_contains(
        &f.out(),
        "policies/POL-FAIR.html",
        &["<link rel=\"canonical\" href=\"https://example.com/docs/policies/POL-FAIR.html\">"],
    );
    assert_page_contains(
        &f.out(),
        "index.html",
        &["<link rel=\"canonical\" href=\"https://example.com/docs/index.html\">"],
    );
    // Without one, no page claims an address.
    let plain = portal();
    build_ok(&plain, &[]);
    assert_page_lacks(&plain.out(), "index.html", &["rel=\"canonical\""]);
}

#[test]
fn heat_maps_carry_level_as_text_a_legend_and_the_appetite_line_and_empty_cells_stay_quiet() {
    let f = portal();
    build_ok(&f, &[]);
    for page in ["index.html", "risks/index.html", "risks/heatmap.html"] {
        let html = f.read(page);
        assert!(
            html.contains("class=\"heatmap-legend\""),
            "legend on {page}"
        );
        assert!(
            html.contains("heavy line: appetite (9)"),
            "appetite in the legend on {page}"
        );
        // With appetite 9 on a 5-point scale, the boundary runs left of likelihood 2, impact 5.
        assert!(
            html.contains(" above edge-left edge-bottom\""),
            "appetite line on {page}"
        );
        assert!(
            !html.contains("<span class=\"zero\">0</span>"),
            "no 0 in empty cells on {page}"
        );
        assert!(html.contains(" empty-cell"), "{page}");
    }
    let home = f.read("index.html");
    // A cell with risks names its level in text, not only in colour.
    assert!(
        home.contains("<span class=\"hm-level\" aria-hidden=\"true\">"),
        "{home}"
    );
    assert!(home.contains("risk at likelihood") || home.contains("risks at likelihood"));
}

#[test]
fn registers_sort_and_filter_and_the_soa_is_grouped_by_clause() {
    let f = portal();
    build_ok(&f, &[]);
    let register = assert_page_contains(
        &f.out(),
        "risks/index.html",
        &["<table class=\"data stack register\" data-sortable>"],
    );
    for filter in ["category", "system", "owner", "level", "status"] {
        assert!(
            register.contains(&format!("data-filter=\"{filter}\"")),
            "{filter}"
        );
    }
    // A scroll region is reachable by keyboard and named.
    assert!(register.contains(
        "class=\"table-scroll wide-table\" tabindex=\"0\" role=\"region\" aria-label=\"Risk register\""
    ));
    let soa = assert_page_contains(&f.out(), "soa/mini.html", &["data-sortable"]);
    assert!(
        soa.contains("<tr class=\"group-row\"><th scope=\"colgroup\" colspan=\""),
        "{soa}"
    );
    for filter in ["clause", "applicability", "status", "owner"] {
        assert!(
            soa.contains(&format!("data-filter=\"{filter}\"")),
            "{filter}"
        );
    }
    // Every cell is labelled for the stacked phone layout, without JavaScript too.
    assert!(soa.contains("<td data-label=\"Justification\">"));
    assert!(f.out().join("assets/site.js").is_file());
}

/// The heat-map palette stays ordered (lighter = lower level) for normal vision and under
/// simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009, severity 1).
#[test]
fn the_heat_map_palette_stays_ordered_under_colour_vision_deficiencies() {
    let css = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/static/assets/style.css"
    ))
    .unwrap();
    let colour = |name: &str| -> [f64; 3] {
        let at = css.find(&format!("--hm-{name}: #")).unwrap() + name.len() + 8;
        let hex = &css[at..at + 6];
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        [channel(0), channel(2), channel(4)]
    };
    let identity = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let protanopia = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    let deuteranopia = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    let tritanopia = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    for (vision, m) in [
        ("normal", identity),
        ("protanopia", protanopia),
        ("deuteranopia", deuteranopia),
        ("tritanopia", tritanopia),
    ] {
        let luminance: Vec<f64> = ["low", "medium", "high", "critical"]
            .iter()
            .map(|level| {
                let c = colour(level);
                let sim: Vec<f64> = (0..3)
                    .map(|i| (m[i][0] * c[0] + m[i][1] * c[1] + m[i][2] * c[2]).clamp(0.0, 1.0))
                    .collect();
                0.2126 * sim[0] + 0.7152 * sim[1] + 0.0722 * sim[2]
            })
            .collect();
        for pair in luminance.windows(2) {
            assert!(
                pair[0] > pair[1] + 0.1,
                "{vision}: {luminance:?} not clearly ordered"
            );
        }
    }
}
