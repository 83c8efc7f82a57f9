//! Builds the built-in example portal (the repository's own content/) and checks it end to end.

use std::path::Path;

use crate::harness::TODAY;
use crate::harness::{
    build_ok, check, check_json, command, example_root, golden, snapshot, stderr,
};

/// Builds the example into `out`; asserts success and a summary without errors.
fn build_example(out: &Path) {
    let output = build_ok(&example_root(), &["--out", out.to_str().unwrap()]);
    let summary = stderr(&output);
    assert!(
        summary.contains("built ") && summary.contains(" 0 errors"),
        "{summary}"
    );
}

#[test]
fn example_builds_every_page_kind_and_exports_one_row_per_entity() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example(&out);
    for page in [
        "index.html",
        "policies/index.html",
        "policies/POL-AI-001.html",
        "pages/iso42001-vs-soc2.html",
        "systems/SYS-HIRE.html",
        "systems/SYS-LOAN.html",
        "systems/SYS-CHAT.html",
        "risks/index.html",
        "frameworks/iso42001/A.6.2.4.html",
        "frameworks/soc2/CC6.1.html",
        "soa/iso42001.html",
        "soa/soc2.html",
        "evidence/index.html",
        "traceability.html",
        "gaps.html",
        "reviews.html",
        "crosswalks/iso42001--soc2.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let count = |dir: &str| {
        std::fs::read_dir(out.join(dir))
            .unwrap()
            .filter(|e| {
                let name = e
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .into_owned();
                name.ends_with(".html")
                    && name != "index.html"
                    && name != "heatmap.html"
                    && !name.starts_with("page-")
            })
            .count()
    };
    let rows = |file: &str| {
        csv::Reader::from_path(out.join(file))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .count()
    };
    assert!(count("risks") >= 12, "12+ risks");
    assert_eq!(rows("exports/risk-register.csv"), count("risks"));
    assert_eq!(rows("exports/evidence.csv"), count("evidence"));
    assert!(count("evidence") >= 15);
    assert!(count("policies") >= 8);
    assert_eq!(
        rows("exports/soa-iso42001.csv"),
        38,
        "every Annex A control"
    );
    assert_eq!(rows("exports/soa-soc2.csv"), 61, "every SOC 2 criterion");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("exports/traceability.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["risks"].as_array().unwrap().len(), count("risks"));

    // Every Annex A control page reaches its policies, risks and evidence in one click.
    let a624 = std::fs::read_to_string(out.join("frameworks/iso42001/A.6.2.4.html")).unwrap();
    assert!(
        a624.contains("href=\"../../risks/") && a624.contains("href=\"../../evidence/"),
        "A.6.2.4 links risks and evidence"
    );
    let gaps = std::fs::read_to_string(out.join("gaps.html")).unwrap();
    assert!(
        gaps.contains("expired-evidence") && gaps.contains("EV-"),
        "the example shows some gaps"
    );
}

/// Builds the example with `threads` rendering threads.
fn build_example_with_threads(out: &Path, threads: usize) {
    let output = command()
        .args([
            "build",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--today",
            TODAY,
            "-q",
        ])
        .arg("--out")
        .arg(out)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("run tracemark");
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The example's output as it was last accepted: every file with its SHA-256, one line each
/// (`sha256sum` format), so a difference names the pages that changed. Performance work must
/// leave it alone; a change meant to alter the output records the new listing with
/// `TRACEMARK_BLESS=1 cargo test --test portal example_output`, and the diff of this file in
/// the commit shows which pages it changed.
const ACCEPTED_TREE: &str = "tests/fixtures/example-tree.sha256";

#[test]
fn example_output_is_byte_identical_whatever_the_thread_count_and_as_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_example_with_threads(&a, 1);
    build_example_with_threads(&b, 4);
    let (fa, fb) = (snapshot(&a), snapshot(&b));
    assert_eq!(fa.len(), fb.len());
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between builds");
    }
    golden::assert_golden(ACCEPTED_TREE, &golden::tree_listing(&a));
}

#[test]
fn check_reports_warnings_and_exits_zero_on_the_example() {
    let root = example_root();
    let (code, diags) = check_json(&root, &[]);
    assert_eq!(code, Some(0), "{diags:#?}");
    assert!(diags.iter().all(|d| d["severity"] == "warning"));
    assert!(
        diags.iter().any(|d| d["code"] == "W301"),
        "expired evidence warned"
    );
    let strict = check(&root, &["--strict"]);
    assert_eq!(
        strict.status.code(),
        Some(1),
        "warnings fail under --strict"
    );
}

/// Merge review: the dashboard names only the restricted items it hides, in words that
/// agree in number, and the stylesheet keeps the phone-card labels in flow and the gap
/// counts at their own height.
#[test]
fn dashboard_restricted_note_and_card_layout_read_right() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example(&out);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("Also due: <span class=\"restricted\">1 restricted evidence record</span>."),
        "the example hides one evidence record due and no review"
    );
    assert!(!index.contains("0 reviews and"), "a zero is not listed");
    let css = std::fs::read_to_string(out.join("assets/style.css")).unwrap();
    assert!(
        css.contains(".gap-overview a { display: flex; justify-content: space-between; align-items: flex-start;"),
        "a gap count is not stretched to its card's height"
    );
    assert!(
        css.contains(".gap-summary li > a { flex: 1; }"),
        "a restricted note sits beside its count, not in the middle of the row"
    );
    let phone = &css[css.find("td[data-label]::before").unwrap()..];
    let rule = &phone[..phone.find('}').unwrap()];
    assert!(
        rule.contains("float: left") && !rule.contains("position: absolute"),
        "a card label that wraps makes its row taller instead of spilling over: {rule}"
    );
}
