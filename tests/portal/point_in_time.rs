//! No record from the future (W330): a record that states a past date (collected, reviewed,
//! approved, effective) after `--today` is a warning at that date, and does not count as
//! fresh, reviewed, approved or in force; dates that look ahead are never flagged. Judged on
//! fixture portals at `TODAY` and on the example built as of 2026-10-12.

use std::path::Path;

use serde_json::Value;

use crate::harness::{
    Evidence, Fixture, Policy, Risk, assert_diagnostic, assert_page_contains, assert_page_lacks,
    build_ok, check_json, codes, example_root, more, small_portal, stderr, tracemark,
};

/// The 1-based line of source `file` (under the fixture's root) holding `needle`.
fn line_of(f: &Fixture, file: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(f.root().join(file)).unwrap();
    line_in(&text, needle, file)
}

fn line_in(text: &str, needle: &str, file: &str) -> u64 {
    let index = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in {file}"));
    index as u64 + 1
}

fn w330(diags: &[Value]) -> Vec<&Value> {
    diags.iter().filter(|d| d["code"] == "W330").collect()
}

/// The small portal with EV-1, the only evidence of `mini:M.1.1`, collected after TODAY.
fn evidence_from_the_future() -> Fixture {
    let f = small_portal();
    f.evidence(
        "e",
        &[Evidence {
            id: "EV-1",
            title: "Fairness report",
            file: "files/fairness.csv",
            collected: "2026-12-05",
            valid_for: "180d",
            controls: vec!["mini:M.1.1"],
            ..Evidence::default()
        }],
    );
    f
}

#[test]
fn evidence_collected_after_today_is_a_warning_and_covers_no_control() {
    let f = evidence_from_the_future();
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    let file = "content/evidence/e.yaml";
    let line = line_of(&f, file, "collected: 2026-12-05");
    assert_diagnostic(&diags, &text, "W330", (file, line, None));
    assert_eq!(w330(&diags).len(), 1, "{text}");
    // The control it claims is not covered by it.
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "W304" && d["message"].as_str().unwrap().contains("M.1.1")),
        "{text}"
    );
    build_ok(&f.root(), &[]);
    let out = f.out();
    assert_page_contains(
        &out,
        "evidence/EV-1.html",
        &[
            "badge-freshness-future",
            ">Evidence dated after today</span>",
        ],
    );
    assert_page_lacks(&out, "evidence/EV-1.html", &["badge-freshness-fresh"]);
    assert_page_lacks(
        &out,
        "frameworks/mini/M.1.1.html",
        &["badge-freshness-fresh", "badge-freshness-expiring"],
    );
}

#[test]
fn a_policy_approved_or_effective_after_today_is_not_in_force() {
    let f = small_portal();
    f.policy(
        "one",
        &Policy {
            id: "POL-1",
            title: "Governance Policy",
            owner: "CISO",
            status: "approved",
            version: "3.0",
            last_review: "2025-10-01",
            controls: vec!["mini:M.1.1"],
            more: more(
                "effective: 2026-12-10\nhistory:\n  - { version: \"3.0\", date: 2026-12-03, approved_by: Board }\n  - { version: \"2.0\", date: 2025-10-01, approved_by: Board }\n",
            ),
            body: "# Governance\n",
            ..Policy::default()
        },
    );
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    let file = "content/policies/one.md";
    for needle in ["effective: 2026-12-10", "date: 2026-12-03"] {
        assert_diagnostic(
            &diags,
            &text,
            "W330",
            (file, line_of(&f, file, needle), None),
        );
    }
    // The 2025 approval is the past: only the two later dates are flagged.
    assert_eq!(w330(&diags).len(), 2, "{text}");
    build_ok(&f.root(), &[]);
    let out = f.out();
    assert_page_contains(
        &out,
        "policies/POL-1.html",
        &["status:</span> Not yet in force"],
    );
    assert_page_lacks(&out, "policies/POL-1.html", &["status:</span> Approved"]);
    assert_page_contains(&out, "policies/index.html", &["Not yet in force"]);
}

#[test]
fn a_risk_reviewed_or_accepted_after_today_is_neither_reviewed_nor_accepted() {
    let f = small_portal();
    f.risks(
        "r",
        &[Risk {
            id: "RSK-1",
            title: "Biased scores",
            category: "user-harm",
            owner: "ML Lead",
            likelihood: Some(4),
            impact: Some(5),
            treatment: "accept",
            controls: vec!["mini:M.1.1"],
            last_review: "2026-12-01",
            more: more("acceptance: { by: CEO, date: 2026-12-01, expires: 2027-12-01 }"),
            ..Risk::default()
        }],
    );
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    let file = "content/risks/r.yaml";
    assert_diagnostic(
        &diags,
        &text,
        "W330",
        (file, line_of(&f, file, "last_review: 2026-12-01"), None),
    );
    assert_diagnostic(
        &diags,
        &text,
        "W330",
        (file, line_of(&f, file, "acceptance:"), None),
    );
    // The acceptance is not in force yet: the score above appetite is a warning.
    assert!(codes(&diags).contains(&"W305".to_string()), "{text}");
    build_ok(&f.root(), &[]);
    let out = f.out();
    assert_page_contains(&out, "risks/RSK-1.html", &["badge-due-not-scheduled"]);
    assert_page_lacks(&out, "risks/RSK-1.html", &["badge-due-ok"]);
    let register = std::fs::read_to_string(out.join("exports/risk-register.csv")).unwrap();
    assert!(!register.contains("2026-12-01"), "{register}");
}

#[test]
fn dates_that_look_ahead_are_never_flagged() {
    let f = small_portal();
    // The small portal already has a future `next_review` (POL-2) and `expires` (EV-3).
    f.evidence(
        "e",
        &[Evidence {
            id: "EV-1",
            title: "Quarterly review",
            url: "https://example.com/q",
            collected: "2026-11-01",
            expires: "2027-02-01",
            controls: vec!["mini:M.1.1"],
            more: more("period: { start: 2026-10-01, end: 2026-12-31 }"),
            ..Evidence::default()
        }],
    )
    .risks(
        "r",
        &[Risk {
            id: "RSK-1",
            title: "Accepted for a year",
            category: "legal",
            owner: "Counsel",
            likelihood: Some(2),
            impact: Some(2),
            treatment: "accept",
            controls: vec!["mini:M.1.1"],
            last_review: "2026-11-01",
            more: more("acceptance: { by: CEO, date: 2026-11-01, expires: 2027-11-01 }"),
            ..Risk::default()
        }],
    );
    let (_, diags) = check_json(&f.root(), &[]);
    assert!(w330(&diags).is_empty(), "{diags:#?}");
}

/// Builds the example as of `today` into `out` (internal audience, unless `extra` says).
fn build_example_as_of(today: &str, out: &Path, extra: &[&str]) {
    let root = example_root();
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--today",
        today,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let output = tracemark(&args);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn the_example_as_of_its_stage_1_audit_shows_nothing_later_as_fresh_or_approved() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_as_of("2026-10-12", &out, &[]);
    // EV-015 was collected on 2026-11-20.
    assert_page_contains(
        &out,
        "evidence/EV-015.html",
        &[
            ">Evidence dated after today</span>",
            "data as of 2026-10-12",
        ],
    );
    assert_page_lacks(&out, "evidence/EV-015.html", &["badge-freshness-fresh"]);
    // SoA v3.0 was approved on 2026-11-24.
    assert_page_contains(
        &out,
        "soa/iso42001.html",
        &["not yet approved", "not yet approved or in force"],
    );
    // POL-AI-002 v1.4 took effect on 2026-11-20.
    assert_page_contains(
        &out,
        "policies/POL-AI-002.html",
        &["status:</span> Not yet in force"],
    );
    // No evidence page calls a record collected after 2026-10-12 fresh.
    let register = std::fs::read_to_string(out.join("exports/evidence.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(register.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (collected, freshness) = (at("collected"), at("freshness"));
    let mut future = 0;
    for row in rows.records() {
        let row = row.unwrap();
        if &row[collected] > "2026-10-12" {
            assert_eq!(&row[freshness], "future", "{row:?}");
            future += 1;
        }
    }
    assert!(future > 0, "{register}");

    // The same build as of the default day: the SoA is approved, EV-015 fresh.
    let now = dir.path().join("now");
    build_example_as_of(crate::harness::TODAY, &now, &[]);
    assert_page_lacks(&now, "soa/iso42001.html", &["not yet approved"]);
    assert_page_contains(&now, "evidence/EV-015.html", &["badge-freshness-fresh"]);
}

#[test]
fn the_trust_center_as_of_a_day_announces_nothing_dated_later() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_example_as_of("2026-10-12", &out, &["--audience", "public"]);
    // Announced on 2026-11-02, after the day.
    let later = "SOC 2 Type II report for 2025-2026 available";
    assert_page_lacks(&out, "index.html", &[later]);
    let feed = std::fs::read_to_string(out.join("updates.xml")).unwrap();
    assert!(!feed.contains(later), "{feed}");
    assert_page_contains(
        &out,
        "index.html",
        &["ISO/IEC 42001 stage 1 audit completed"],
    );
}

#[test]
fn the_example_as_of_its_stage_1_audit_warns_at_each_later_date() {
    let root = example_root();
    let output = tracemark(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--today",
        "2026-10-12",
        "--format",
        "json",
    ]);
    let diags: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let text = format!("{diags:#?}");
    let portal = std::fs::read_to_string(root.join("portal.yaml")).unwrap();
    assert_diagnostic(
        &diags,
        &text,
        "W330",
        (
            "portal.yaml",
            line_in(&portal, "approved: 2026-11-24", "portal.yaml"),
            None,
        ),
    );
    let file = "content/evidence/ai-evidence.yaml";
    let evidence = std::fs::read_to_string(root.join(file)).unwrap();
    assert_diagnostic(
        &diags,
        &text,
        "W330",
        (
            file,
            line_in(&evidence, "collected: 2026-11-20", file),
            None,
        ),
    );
    // Nothing is flagged as of the default day.
    let (_, now) = check_json(&root, &[]);
    assert!(w330(&now).is_empty(), "{now:#?}");
}
