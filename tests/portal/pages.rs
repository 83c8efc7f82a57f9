//! Per-page snapshots (insta) of what a reader sees on representative pages: the readable
//! text of a control page, a risk page, a policy, the Statement of Applicability and a
//! trust-center page, and the `check --format json` listing of the small portal. A change to
//! a page shows as a diff of its text, not of its HTML.
//!
//! The snapshots live in `tests/portal/snapshots/` and are committed. After a change meant to
//! alter a page: `INSTA_UPDATE=always cargo test --test portal pages` (or `cargo insta
//! review`), then read the diff of the `.snap` files. Under `CI=true` a mismatch fails and
//! nothing is written.

use crate::harness::{
    Fixture, build_ok, check_json, example_root, read_page, readable, small_portal,
};

/// The small portal built for the internal audience into its default output.
fn built_small_portal() -> Fixture {
    let f = small_portal();
    build_ok(&f.root(), &[]);
    f
}

#[test]
fn control_page() {
    let f = built_small_portal();
    insta::assert_snapshot!(readable(&read_page(&f.out(), "frameworks/mini/M.1.1.html")));
}

#[test]
fn risk_page() {
    let f = built_small_portal();
    insta::assert_snapshot!(readable(&read_page(&f.out(), "risks/RSK-1.html")));
}

#[test]
fn policy_page() {
    let f = built_small_portal();
    insta::assert_snapshot!(readable(&read_page(&f.out(), "policies/POL-1.html")));
}

#[test]
fn statement_of_applicability() {
    let f = built_small_portal();
    insta::assert_snapshot!(readable(&read_page(&f.out(), "soa/mini.html")));
}

#[test]
fn incident_page_of_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("handbook");
    build_ok(&example_root(), &["--out", out.to_str().unwrap(), "-q"]);
    insta::assert_snapshot!(readable(&read_page(&out, "incidents/INC-2026-01.html")));
}

#[test]
fn trust_center_system_page_of_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(
        &example_root(),
        &["--audience", "public", "--out", out.to_str().unwrap(), "-q"],
    );
    insta::assert_snapshot!(readable(&read_page(&out, "systems/SYS-CHAT.html")));
}

#[test]
fn check_json_diagnostics_of_the_small_portal() {
    let f = small_portal();
    let (code, list) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!(serde_json::to_string_pretty(&list).unwrap());
}
