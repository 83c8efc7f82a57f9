//! Never a panic, never a hang: hostile input gets a diagnostic (or is fine) and the process
//! ends quickly with exit 0 or 1, never 101 (a panic) and never a signal.

use std::process::Output;
use std::time::{Duration, Instant};

use crate::harness::{Fixture, check, small_portal, stderr};

/// `check`, and how long it took.
fn check_timed(f: &Fixture) -> (Output, Duration) {
    let started = Instant::now();
    let out = check(&f.root(), &[]);
    (out, started.elapsed())
}

/// Checks a portal and asserts an orderly exit: 1 with `code` at `file` when given, else 0/1.
fn orderly(f: &Fixture, expect: Option<(&str, &str)>) -> String {
    let (out, took) = check_timed(f);
    let err = stderr(&out);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {err}",
        out.status.code()
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(took < Duration::from_secs(60), "took {took:?}");
    if let Some((code, file)) = expect {
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!("[{code}]")), "want {code}: {err}");
        assert!(err.contains(&format!("--> {file}")), "want {file}: {err}");
    }
    err
}

#[test]
fn deeply_nested_yaml() {
    let f = small_portal();
    let deep = format!("risks: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    f.write("content/risks/deep.yaml", &deep);
    let block: String = (0..5_000)
        .map(|i| format!("{}- \n", " ".repeat(i * 2)))
        .collect();
    f.write("content/systems/deep.yaml", &format!("systems:\n{block}"));
    f.write(
        "content/policies/deep.md",
        &format!("---\nid: {}\n---\n", "{a: ".repeat(50_000)),
    );
    orderly(&f, Some(("E101", "content/risks/deep.yaml")));
}

#[test]
fn billion_laughs() {
    let f = small_portal();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    f.write("content/risks/bomb.yaml", &format!("{bomb}risks: *i\n"));
    f.write(
        "content/policies/bomb.md",
        &format!("---\n{bomb}id: *i\n---\n"),
    );
    f.write("portal.yaml", &format!("{bomb}title: *i\n"));
    orderly(&f, Some(("E101", "portal.yaml")));
    // The same bomb in content only, with a sound portal.yaml.
    let f = small_portal();
    f.write("content/risks/bomb.yaml", &format!("{bomb}risks: *i\n"));
    orderly(&f, Some(("E101", "content/risks/bomb.yaml")));
}

#[test]
fn a_fifty_megabyte_file_and_ten_thousand_character_lines() {
    let f = small_portal();
    let line = format!("{}\n", "lorem ipsum dolor ".repeat(556));
    assert!(line.len() > 10_000);
    let body = line.repeat(50 * 1024 * 1024 / line.len());
    f.write(
        "content/policies/huge.md",
        &format!("---\nid: POL-HUGE\ntitle: Huge\nowner: X\n---\n{body}"),
    );
    f.write(
        "content/systems/long.yaml",
        &format!(
            "systems:\n  - id: SYS-LONG\n    name: {}\n    owner: O\n    owenr: {}\n",
            "n".repeat(10_000),
            "o".repeat(10_000)
        ),
    );
    let err = orderly(&f, Some(("E102", "content/systems/long.yaml:5:5")));
    assert!(err.len() < 200_000, "long lines are cut in the snippet");
}

#[test]
fn control_characters_nul_bytes_and_bad_encodings() {
    let f = small_portal();
    f.write(
        "content/risks/ctl.yaml",
        "risks:\n  - id: \u{7}\u{1b}[31m\n",
    );
    f.write("content/systems/nul.yaml", "systems:\n  - id: A\0B\n");
    f.write(
        "content/policies/nul.md",
        "---\nid: P\0\ntitle: \u{0}\n---\n\0\0",
    );
    std::fs::write(
        f.root().join("content/evidence/latin1.yaml"),
        b"evidence:\n  - id: EV-9\n    title: caf\xe9\n",
    )
    .unwrap();
    let err = orderly(&f, Some(("E002", "content/evidence/latin1.yaml:3:15")));
    assert!(err.contains("content/systems/nul.yaml"), "{err}");
    assert!(err.contains("content/policies/nul.md"), "{err}");
    assert!(err.contains("content/risks/ctl.yaml"), "{err}");
}

#[test]
fn an_empty_content_folder_and_empty_files() {
    let f = Fixture::new();
    f.write("portal.yaml", "title: Empty\n");
    std::fs::create_dir_all(f.root().join("content")).unwrap();
    orderly(&f, None);
    let out = crate::harness::build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    f.write("content/risks/empty.yaml", "");
    f.write("content/policies/empty.md", "");
    let err = orderly(&f, Some(("E107", "content/risks/empty.yaml:1")));
    assert!(err.contains("--> content/policies/empty.md:1"), "{err}");
    f.write("portal.yaml", "");
    orderly(&f, Some(("E103", "portal.yaml:1")));
}

#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let f = small_portal();
    let dir = f.root().join("content/risks/loop");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink("..", dir.join("again")).unwrap();
    orderly(&f, Some(("E004", "content/risks/loop/again")));
}

#[test]
fn control_characters_written_as_escapes_are_errors_where_they_are_written() {
    let f = small_portal();
    f.write(
        "content/risks/esc.yaml",
        "risks:\n  - id: RSK-ESC\n    title: \"a\\0b\\x1b[31m\\u202e\"\n    owner: O\n    likelihood: 1\n    impact: 1\n    treatment: mitigate\n",
    );
    f.write(
        "content/pages/esc.md",
        "---\ntitle: \"Trojan \\u202E source\"\n---\nBody\n",
    );
    f.write(
        "content/pages/body.md",
        "---\ntitle: Body\n---\nfine\nred &#x1b;[31m text\n",
    );
    f.write(
        "content/pages/cr.md",
        "---\ntitle: Lone CR\n---\nline one\rline two\n",
    );
    let err = orderly(&f, Some(("E109", "content/risks/esc.yaml:3:12")));
    assert!(err.contains("--> content/pages/esc.md:2:8"), "{err}");
    assert!(err.contains("--> content/pages/body.md:5:5"), "{err}");
    assert!(err.contains("--> content/pages/cr.md:4:9"), "{err}");
    // Nothing is built: no control character reaches HTML, search index or calendar.
    let out = crate::harness::build(&f.root(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!f.out().exists());
}

#[test]
fn csv_exports_neutralise_a_leading_minus() {
    let f = small_portal();
    f.write(
        "content/risks/r2.yaml",
        "risks:\n  - id: RSK-CSV\n    title: \"-2+3+cmd|' /C calc'!A0\"\n    owner: \"@SUM(1)\"\n    category: legal\n    likelihood: 1\n    impact: 1\n    treatment: mitigate\n    controls: [mini:M.1.1]\n    last_review: 2026-09-01\n",
    );
    let out = crate::harness::build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = f.read("exports/risk-register.csv");
    assert!(csv.contains("'-2+3+cmd|' /C calc'!A0"), "{csv}");
    assert!(csv.contains("'@SUM(1)"), "{csv}");
    assert!(!csv.contains(",-2+3"), "{csv}");
}
