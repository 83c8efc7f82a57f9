//! Pathological inputs, sized so that linear code finishes in seconds and quadratic code
//! (as before: 40,000 same-text headings took 65 s, 8,000 errors on one line minutes) would
//! not. The time bound is a hang guard, not a benchmark: `scripts/bench-hostile.sh` measures
//! the slope.

use std::process::Output;
use std::time::{Duration, Instant};

use crate::harness::{Fixture, build, check, small_portal, stderr};

/// Far above what linear code needs on a loaded CI machine, far below quadratic code's time.
const HANG_GUARD: Duration = Duration::from_secs(90);

/// A small portal with one more policy whose body is `body`.
fn portal_with_body(body: &str) -> Fixture {
    let f = small_portal();
    f.write(
        "content/policies/big.md",
        &format!("---\nid: POL-BIG\ntitle: Big\nowner: O\n---\n{body}"),
    );
    f
}

/// Runs a command under the hang guard and returns its output.
fn timed(run: impl FnOnce() -> Output) -> Output {
    let started = Instant::now();
    let out = run();
    let took = started.elapsed();
    assert!(took < HANG_GUARD, "took {took:?}");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    out
}

/// `check` under the hang guard.
fn check_timed(f: &Fixture, extra: &[&str]) -> Output {
    timed(|| check(&f.root(), extra))
}

#[test]
fn forty_thousand_headings_with_the_same_text() {
    let f = portal_with_body(&"## a\n\n".repeat(40_000));
    let out = timed(|| build(&f.root(), &[]));
    assert!(out.status.success(), "{}", stderr(&out));
    let html = f.read("policies/POL-BIG.html");
    assert!(html.contains(r#"<h2 id="a">"#));
    assert!(html.contains(r#"<h2 id="a-2">"#));
    assert!(html.contains(r#"<h2 id="a-40000">"#));
    assert!(!html.contains(r#"<h2 id="a-40001">"#));
}

#[test]
fn a_hundred_thousand_links_are_located_on_their_lines() {
    let mut body = "[[RSK-1]] [[POL-1]]\n".repeat(50_000);
    body.push_str("last [[NOPE-1]]\n");
    let f = portal_with_body(&body);
    let out = check_timed(&f, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // Body starts on line 6; the broken link is on the line after the 50,000 good ones.
    assert!(err.contains("--> content/policies/big.md:50006:6"), "{err}");
}

#[test]
fn eight_thousand_errors_on_separate_lines() {
    let body: String = (0..8_000)
        .map(|i| format!("[x](missing-{i}.md)\n\n"))
        .collect();
    let f = portal_with_body(&body);
    let out = check_timed(&f, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err.matches("error[E208]").count(), 8_000);
    // Natural order: missing-9 is listed before missing-10.
    assert!(err.find("`missing-9.md`").unwrap() < err.find("`missing-10.md`").unwrap());
    assert!(
        err.contains("\nE208: 8000 errors\n"),
        "{}",
        &err[err.len() - 300..]
    );
    let quiet = stderr(&check_timed(&f, &["--quiet"]));
    assert!(!quiet.contains("warning["), "{}", &quiet[..300]);
    assert!(
        quiet
            .lines()
            .any(|l| l.starts_with('W') && (l.ends_with(" warning") || l.ends_with(" warnings"))),
        "quiet still counts warnings: {}",
        &quiet[quiet.len() - 300..]
    );
}

#[test]
fn eight_thousand_errors_on_one_long_line() {
    let body: String = (0..8_000)
        .map(|i| format!("[x](missing-{i}.md) "))
        .collect();
    let f = portal_with_body(&body);
    let out = check_timed(&f, &[]);
    let err = stderr(&out);
    assert_eq!(err.matches("error[E208]").count(), 8_000);
    // The last link starts at column 1 + 7,999 links before it, of known widths.
    let before: usize = (0..7_999)
        .map(|i| format!("[x](missing-{i}.md) ").len())
        .sum();
    assert!(
        err.contains(&format!("--> content/policies/big.md:6:{}", before + 1)),
        "{}",
        &err[err.len() - 2_000..]
    );
    // Each snippet is a window of the line, so the output grows with the number of errors only.
    assert!(err.len() < 8_000 * 1_200, "{} bytes", err.len());
}

#[test]
fn twenty_thousand_identical_errors_are_summarised() {
    let f = portal_with_body(&"[[NOPE-1]]\n".repeat(20_000));
    let out = check_timed(&f, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err.matches("error[E201]").count(), 10, "{}", &err[..2_000]);
    assert!(err.contains("note: 19990 more [E201]"), "{err}");
    assert!(err.contains("\nE201: 20000 errors\n"), "{err}");
    assert!(err.len() < 20_000, "{} bytes", err.len());
    // JSON still lists every one.
    let json = check_timed(&f, &["--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(all.iter().filter(|d| d["code"] == "E201").count(), 20_000);
}

#[test]
fn deep_lists_and_quotes() {
    let f = portal_with_body(&format!(
        "{}x\n\n{}y\n\n{}",
        "- ".repeat(10_000),
        "> ".repeat(10_000),
        (0..2_000)
            .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
            .collect::<String>()
    ));
    let out = timed(|| build(&f.root(), &[]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.read("policies/POL-BIG.html").contains("item 1999"));
}

#[test]
fn a_megabyte_line_of_links_and_emphasis() {
    let f = portal_with_body(&format!("{}\n", "lorem *ipsum* [[RSK-1]] ".repeat(40_000)));
    let out = timed(|| build(&f.root(), &[]));
    assert!(out.status.success(), "{}", stderr(&out));
    let html = f.read("policies/POL-BIG.html");
    assert_eq!(html.matches("<em>ipsum</em>").count(), 40_000);
}

#[test]
fn a_table_of_twenty_thousand_rows() {
    let mut body = String::from("| a | b | c | d |\n|---|---|---|---|\n");
    for i in 0..20_000 {
        body.push_str(&format!("| {i} | `x` | **y** | [[RSK-1]] |\n"));
    }
    let f = portal_with_body(&body);
    let out = timed(|| build(&f.root(), &[]));
    assert!(out.status.success(), "{}", stderr(&out));
    let html = f.read("policies/POL-BIG.html");
    assert_eq!(html.matches("<tr>").count(), 20_001);
}
