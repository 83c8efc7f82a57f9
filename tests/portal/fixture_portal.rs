//! Builds a small fixture portal and asserts on pages, links both ways, scores, freshness and
//! review status at a fixed `--today`.

use crate::harness::TODAY;
use crate::harness::{
    assert_page_contains, build, build_fails, check_json, small_portal, snapshot, stderr, tracemark,
};

#[test]
fn builds_every_page_kind_with_links_both_ways() {
    let f = small_portal();
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "index.html",
        "policies/index.html",
        "policies/POL-1.html",
        "systems/SYS-1.html",
        "risks/index.html",
        "risks/RSK-1.html",
        "risks/heatmap.html",
        "frameworks/index.html",
        "frameworks/mini/index.html",
        "frameworks/mini/M.1.1.html",
        "soa/mini.html",
        "evidence/index.html",
        "evidence/EV-1.html",
        "traceability.html",
        "gaps.html",
        "reviews.html",
        "reviews.ics",
        "search.html",
        "search/index.js",
        "search/t0.js",
        "search/d0.js",
        "exports/risk-register.csv",
        "exports/soa-mini.csv",
        "exports/evidence.csv",
        "exports/traceability.json",
        "assets/style.css",
        ".tracemark",
    ] {
        assert!(f.out().join(page).is_file(), "missing {page}");
    }
    // Control -> policy, risk, evidence in one click.
    let control = f.read("frameworks/mini/M.1.1.html");
    for target in [
        "../../policies/POL-1.html",
        "../../risks/RSK-1.html",
        "../../evidence/EV-1.html",
    ] {
        assert!(
            control.contains(&format!("href=\"{target}\"")),
            "control page lacks {target}"
        );
    }
    // Risk -> controls and their evidence on the same page.
    let risk = f.read("risks/RSK-1.html");
    for target in [
        "../frameworks/mini/M.1.1.html",
        "../frameworks/mini/M.1.2.html",
        "../evidence/EV-1.html",
        "../evidence/EV-3.html",
        "../systems/SYS-1.html",
    ] {
        assert!(
            risk.contains(&format!("href=\"{target}\"")),
            "risk page lacks {target}"
        );
    }
    // Backwards: evidence -> control and risk; system -> risk; policy -> control.
    let out = f.out();
    assert_page_contains(
        &out,
        "evidence/EV-1.html",
        &["href=\"../risks/RSK-1.html\""],
    );
    assert_page_contains(
        &out,
        "systems/SYS-1.html",
        &["href=\"../risks/RSK-1.html\""],
    );
    // The bare id M.1.2 resolves.
    assert_page_contains(
        &out,
        "policies/POL-2.html",
        &["href=\"../frameworks/mini/M.1.2.html\""],
    );
    // Markdown: [[ID]] shows the title, [[ID|text]] keeps the text, .md links become pages.
    let pol1 = f.read("policies/POL-1.html");
    assert!(
        pol1.contains("<a href=\"../risks/RSK-1.html\">Biased scores</a>"),
        "{pol1}"
    );
    assert!(pol1.contains("<a href=\"../policies/POL-2.html#rules\">the other policy</a>"));
    // The body's `# Governance` sits under the page title: one h1 per page, its sections below.
    assert!(pol1.contains("<h2 id=\"governance\">"), "{pol1}");
    assert!(pol1.contains("<h3 id=\"scope\">"), "{pol1}");
    assert_eq!(pol1.matches("<h1").count(), 1, "{pol1}");
    assert!(
        pol1.contains("<span class=\"h"),
        "code highlighted with classes"
    );
    assert_page_contains(
        &out,
        "policies/POL-2.html",
        &["<a href=\"../policies/POL-1.html\">governance</a>"],
    );
}

#[test]
fn scores_freshness_and_reviews_at_a_fixed_today() {
    let f = small_portal();
    assert!(build(&f.root(), &[]).status.success());
    let mut csv = csv::Reader::from_path(f.out().join("exports/risk-register.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one row per risk");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rsk1 = &rows[0];
    assert_eq!(&rsk1[col("id")], "RSK-1");
    assert_eq!(&rsk1[col("inherent_score")], "20");
    assert_eq!(&rsk1[col("inherent_level")], "critical");
    assert_eq!(&rsk1[col("residual_score")], "8");
    assert_eq!(&rsk1[col("residual_level")], "medium");
    assert_eq!(&rsk1[col("above_appetite")], "false");
    assert_eq!(&rsk1[col("next_review")], "2027-09-01");
    // RSK-2 has no residual: its inherent 12 is above the appetite of 9.
    assert_eq!(&rows[1][col("above_appetite")], "true");

    let mut ev = csv::Reader::from_path(f.out().join("exports/evidence.csv")).unwrap();
    let freshness: Vec<(String, String, String)> = ev
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[6].to_string(), r[7].to_string())
        })
        .collect();
    assert_eq!(
        freshness,
        vec![
            ("EV-1".into(), "2027-03-30".into(), "fresh".into()),
            ("EV-2".into(), "2026-06-01".into(), "expired".into()),
            ("EV-3".into(), "2026-12-15".into(), "expiring".into()),
        ]
    );

    let reviews = f.read("reviews.html");
    // POL-1 was last reviewed 2025-10-01 with an annual interval: overdue on 2026-11-28.
    let pol1_row = reviews
        .split("<tr>")
        .find(|row| row.contains("POL-1"))
        .unwrap();
    assert!(
        pol1_row.contains("2026-10-01") && pol1_row.contains("overdue"),
        "{pol1_row}"
    );
    let pol2_row = reviews
        .split("<tr>")
        .find(|row| row.contains("POL-2"))
        .unwrap();
    assert!(pol2_row.contains("due soon"), "{pol2_row}");

    let gaps = f.read("gaps.html");
    let section = |key: &str| {
        gaps.split(&format!("id=\"{key}\""))
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap()
            .to_string()
    };
    assert!(section("risks-without-controls").contains("RSK-2"));
    assert!(section("expired-evidence").contains("EV-2"));
    assert!(section("overdue-reviews").contains("POL-1"));
    assert!(!section("controls-without-evidence").contains("M.1.1"));

    let soa = f.read("soa/mini.html");
    assert!(soa.contains("No monitoring in scope"));
    let json: serde_json::Value =
        serde_json::from_str(&f.read("exports/traceability.json")).unwrap();
    assert_eq!(
        json["risks"][0]["controls"],
        serde_json::json!(["mini:M.1.1", "mini:M.1.2"])
    );
    assert_eq!(json["controls"].as_array().unwrap().len(), 3);
}

#[test]
fn two_builds_are_byte_identical() {
    let f = small_portal();
    assert!(build(&f.root(), &[]).status.success());
    let first = snapshot(&f.out());
    assert!(build(&f.root(), &[]).status.success());
    assert_eq!(first, snapshot(&f.out()));
}

#[test]
fn a_dangling_reference_fails_with_file_line_and_keeps_the_previous_output() {
    let f = small_portal();
    assert!(build(&f.root(), &[]).status.success());
    let before = std::fs::read(f.out().join("index.html")).unwrap();
    f.write(
        "content/risks/r.yaml",
        "risks:\n  - id: RSK-1\n    title: Biased scores\n    owner: ML Lead\n    likelihood: 4\n    impact: 5\n    treatment: mitigate\n    controls: [mini:M.1.3]\n",
    );
    let err = build_fails(&f.root(), &[]);
    assert!(
        err.contains("error[E201]: unknown control `mini:M.1.3`"),
        "{err}"
    );
    assert!(err.contains("--> content/risks/r.yaml:8:16"), "{err}");
    assert!(err.contains("did you mean `mini:M.1.1`?"), "{err}");
    assert_eq!(
        std::fs::read(f.out().join("index.html")).unwrap(),
        before,
        "previous output untouched"
    );
}

#[test]
fn unknown_field_is_reported_with_a_suggestion() {
    let f = small_portal();
    f.write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owenr: ML Lead\n",
    );
    let err = build_fails(&f.root(), &[]);
    assert!(err.contains("unknown field `owenr`"), "{err}");
    assert!(err.contains("--> content/systems/s.yaml:4"), "{err}");
    assert!(err.contains("did you mean `owner`?"), "{err}");
    assert!(!f.out().exists(), "nothing written on failure");
}

#[test]
fn refuses_to_replace_a_directory_it_did_not_write() {
    let f = small_portal();
    let foreign = f.dir.path().join("docs");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let out = build(&f.root(), &["--out", foreign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no `.tracemark` marker"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "keep me"
    );
    let into_root = build(&f.root(), &["--out", f.root().to_str().unwrap()]);
    assert_eq!(into_root.status.code(), Some(2));
}

#[test]
fn template_override_replaces_a_builtin() {
    let f = small_portal();
    f.write("templates/gaps.html", "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">{{ total }} custom gaps</p>{% endblock content %}");
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_page_contains(&f.out(), "gaps.html", &["<p id=\"custom\">"]);
}

#[test]
fn works_from_any_directory() {
    let f = small_portal();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .current_dir(f.dir.path())
        .args(["build", "--root", "portal", "--today", TODAY])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.out().join("index.html").is_file());
}

#[test]
fn an_oscal_catalog_becomes_a_framework_with_labels() {
    let f = small_portal();
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/sp800-53-low.json"
    ))
    .unwrap();
    f.write("content/frameworks/sp800-53-low.json", &json);
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = f.out().join("frameworks/sp800-53-low");
    let pages = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "index.html")
        .count();
    assert_eq!(
        pages, 149,
        "131 controls and 18 enhancements (tests/fixtures/corpus/LICENCE.md)"
    );
    assert_page_contains(&f.out(), "frameworks/sp800-53-low/ac-2.html", &["AC-2"]);
}

#[test]
fn large_registers_paginate_instead_of_one_page_listing_everything() {
    let f = small_portal();
    let mut risks = String::from("risks:\n");
    for i in 0..260 {
        risks.push_str(&format!(
            "  - id: RSK-{i}\n    title: Risk {i}\n    owner: O\n    likelihood: 2\n    impact: 2\n    treatment: mitigate\n    controls: [mini:M.1.1]\n    last_review: 2026-09-01\n"
        ));
    }
    f.write("content/risks/r.yaml", &risks);
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = f.read("risks/index.html");
    assert!(
        first.contains("href=\"../risks/page-2.html\""),
        "pager links page 2"
    );
    assert!(!first.contains("RSK-259.html"), "page 1 holds 250 rows");
    assert_page_contains(&f.out(), "risks/page-2.html", &["RSK-259.html"]);
    assert_page_contains(
        &f.out(),
        "traceability.html",
        &["href=\"traceability/page-2.html\""],
    );
    assert_page_contains(&f.out(), "traceability/page-2.html", &["RSK-259.html"]);
    // The control's cell shows 20 risks and points to the control page for the rest.
    assert_page_contains(&f.out(), "traceability.html", &["240 more"]);
}

#[test]
fn ids_that_would_overwrite_a_section_page_and_script_urls_are_refused() {
    let f = small_portal();
    // `content/pages/index.md` is the page of the pages folder; an explicit id is refused.
    f.write(
        "content/pages/landing.md",
        "---\nid: index\ntitle: Landing\n---\nHi\n",
    );
    f.write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n    title: Report\n    url: \"javascript:alert(1)\"\n    collected: 2026-10-01\n",
    );
    let err = build_fails(&f.root(), &[]);
    assert!(err.contains("error[E209]: id `index` is reserved"), "{err}");
    assert!(err.contains("--> content/pages/landing.md:2"), "{err}");
    assert!(err.contains("error[E409]"), "{err}");
    assert!(
        err.contains("--> content/evidence/e.yaml:4:10"),
        "the url value itself: {err}"
    );
}

#[test]
fn a_formal_acceptance_answers_appetite_until_it_expires() {
    let f = small_portal();
    let risk = |expires: &str| {
        format!(
            "risks:\n  - id: RSK-1\n    title: Accepted exposure\n    owner: CRO\n    likelihood: 4\n    impact: 4\n    treatment: accept\n    status: accepted\n    controls: [mini:M.1.1]\n    acceptance: {{ by: CRO, date: 2026-01-01, expires: {expires} }}\n    last_review: 2026-09-01\n"
        )
    };
    // The diagnostics as JSON text.
    let check = || serde_json::Value::Array(check_json(&f.root(), &[]).1).to_string();
    f.write("content/risks/r.yaml", &risk("2027-01-01"));
    let in_force = check();
    assert!(
        !in_force.contains("W305") && !in_force.contains("W308"),
        "{in_force}"
    );
    f.write("content/risks/r.yaml", &risk("2026-06-01"));
    let lapsed = check();
    assert!(
        lapsed.contains("W308") && lapsed.contains("W305"),
        "{lapsed}"
    );
}

#[test]
fn a_root_without_portal_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["build", "check"] {
        let out = tracemark(&[command, "--root", dir.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(stderr(&out).contains("holds no portal.yaml"));
    }
}

#[test]
fn files_that_nothing_reads_are_pointed_out() {
    let f = small_portal();
    f.write("content/risk/typo.yaml", "risks: []\n");
    f.write(
        "content/policies/upper.MD",
        "---\nid: P\ntitle: T\nowner: O\n---\n",
    );
    let (_, diags) = check_json(&f.root(), &[]);
    let unread: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "W309")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        unread,
        vec!["content/policies/upper.MD", "content/risk/typo.yaml"]
    );
}

/// The typed builders of the harness write YAML that reads back as the values they were
/// given, quoting only what needs it (numbers-as-text, `: `, flow punctuation, new lines).
#[test]
fn typed_builders_write_yaml_that_reads_back_as_written() {
    use crate::harness::{Evidence, Risk, model::yaml_list, more};
    let risks = [Risk {
        id: "RSK-9",
        title: "Colon: inside, and [brackets]",
        likelihood: Some(3),
        controls: vec!["mini:M.1.1", "a, b"],
        more: more("description: \"two\\nlines\"\nacceptance: { by: Board, date: 2026-01-01 }"),
        ..Risk::default()
    }];
    let text = yaml_list("risks", &risks);
    let read: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let risk = &read["risks"][0];
    assert_eq!(risk["title"], "Colon: inside, and [brackets]", "{text}");
    assert_eq!(risk["likelihood"], 3, "{text}");
    assert_eq!(risk["controls"][1], "a, b", "{text}");
    assert_eq!(risk["description"], "two\nlines", "{text}");
    assert_eq!(risk["acceptance"]["by"], "Board", "{text}");
    assert!(
        risk.get("system").is_none(),
        "empty fields are left out: {text}"
    );
    let evidence = [Evidence {
        id: "EV-9",
        title: "1.0",
        ..Evidence::default()
    }];
    let text = yaml_list("evidence", &evidence);
    assert_eq!(text, "evidence:\n  - id: EV-9\n    title: \"1.0\"\n");
}
