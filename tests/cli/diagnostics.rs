//! Each kind of mistake a user makes gets its code at the right file and line, in both the
//! human output and `--format json`, and the two agree.

use serde_json::Value;

use crate::harness::{Fixture, assert_diagnostic, check_both, small_portal, stderr};

/// Asserts that `check` fails with `code` at `file:line` (and returns the human text).
fn expect(f: &Fixture, code: &str, file: &str, line: u64) -> String {
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let found = list
        .iter()
        .any(|d| d["code"] == code && d["file"] == file && d["line"].as_u64() == Some(line));
    assert!(found, "no {code} at {file}:{line}\n{text}");
    text
}

#[test]
fn the_small_portal_is_clean_and_warnings_fail_only_under_strict() {
    let f = small_portal();
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(0), "{text}");
    assert!(list.iter().all(|d| d["severity"] == "warning"), "{text}");
    // Expired evidence at its `expires`, its control without valid evidence at its ref.
    assert!(
        list.iter().any(|d| d["code"] == "W301"
            && d["file"] == "content/evidence/e.yaml"
            && d["line"] == 13)
    );
    let (strict, _, _) = check_both(&f.root(), &["--strict"]);
    assert_eq!(strict, Some(1));
    // A control whose only evidence is gone: a warning at its Statement of Applicability ref.
    f.write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n    title: Fairness report\n    file: files/fairness.csv\n    collected: 2026-10-01\n    controls: [mini:M.1.1]\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(0), "{text}");
    assert!(
        list.iter().any(|d| d["code"] == "W304"
            && d["file"] == "content/controls/soa.yaml"
            && d["line"] == 8),
        "{text}"
    );
}

#[test]
fn yaml_syntax_error() {
    let f = small_portal();
    f.write(
        "content/risks/bad.yaml",
        "risks:\n  - id: RSK-9\n    title: T\n   owner: x\n",
    );
    expect(&f, "E101", "content/risks/bad.yaml", 4);
    // An unclosed quote is found where the text ends.
    f.write(
        "content/risks/bad.yaml",
        "risks:\n  - id: RSK-9\n    title: \"unclosed\n    owner: x\n",
    );
    expect(&f, "E101", "content/risks/bad.yaml", 5);
}

#[test]
fn front_matter_that_does_not_close() {
    let f = small_portal();
    f.write(
        "content/policies/open.md",
        "---\nid: POL-9\ntitle: T\nowner: O\n# body\n",
    );
    expect(&f, "E106", "content/policies/open.md", 1);
}

#[test]
fn a_file_that_is_not_utf8() {
    let f = small_portal();
    std::fs::write(
        f.root().join("content/policies/latin.md"),
        b"---\nid: POL-9\ntitle: Caf\xe9\n---\n",
    )
    .unwrap();
    expect(&f, "E002", "content/policies/latin.md", 3);
}

#[test]
fn empty_files() {
    let f = small_portal();
    f.write("content/evidence/none.yaml", "\n");
    expect(&f, "E107", "content/evidence/none.yaml", 1);
}

#[test]
fn unknown_field_wrong_type_and_missing_field_all_in_one_run() {
    let f = small_portal();
    f.write(
        "content/risks/more.yaml",
        "risks:\n  - id: RSK-7\n    title: T\n    owenr: X\n    likelihood: high\n    impact: 2\n    treatment: mitigate\n  - id: RSK-8\n    title: U\n    owner: Y\n    likelihood: 2\n",
    );
    let text = expect(&f, "E102", "content/risks/more.yaml", 4);
    assert!(text.contains("did you mean `owner`?"), "{text}");
    expect(&f, "E104", "content/risks/more.yaml", 5);
    expect(&f, "E103", "content/risks/more.yaml", 8);
}

#[test]
fn unknown_field_in_front_matter_is_offset_by_the_fence() {
    let f = small_portal();
    f.write(
        "content/policies/three.md",
        "---\nid: POL-3\ntitle: T\nownr: O\n---\nText\n",
    );
    let text = expect(&f, "E102", "content/policies/three.md", 4);
    assert!(text.contains("4 | ownr: O"), "{text}");
}

#[test]
fn malformed_duplicated_and_case_only_ids() {
    let f = small_portal();
    f.write(
        "content/systems/more.yaml",
        "systems:\n  - id: SYS 2\n    name: A\n    owner: O\n  - id: SYS-1\n    name: B\n    owner: O\n  - id: sys-1\n    name: C\n    owner: O\n",
    );
    expect(&f, "E204", "content/systems/more.yaml", 2);
    // Files are read in path order: more.yaml defines SYS-1 first, s.yaml repeats it.
    let text = expect(&f, "E205", "content/systems/s.yaml", 2);
    assert!(
        text.contains("first defined at content/systems/more.yaml:5"),
        "{text}"
    );
    expect(&f, "E206", "content/systems/more.yaml", 8);
}

#[test]
fn dangling_references_from_every_kind_at_their_own_line() {
    let f = small_portal();
    f.write(
        "content/risks/more.yaml",
        "risks:\n  - id: RSK-7\n    title: T\n    owner: X\n    likelihood: 2\n    impact: 2\n    treatment: mitigate\n    system: SYS-404\n    controls:\n      - mini:M.1.1\n      - mini:M.1.9\n",
    );
    f.write(
        "content/evidence/more.yaml",
        "evidence:\n  - id: EV-7\n    title: T\n    url: https://x\n    collected: 2026-10-01\n    controls: [mini:M.1.1]\n    risks: [RSK-1, RSK-404]\n",
    );
    f.write(
        "content/controls/soa.yaml",
        "controls:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: J\n    policies: [POL-404]\n  - ref: mini:M.1.2\n    applicable: true\n    justification: J\n  - ref: mini:M.2.1\n    applicable: false\n    justification: J\n",
    );
    f.write(
        "content/policies/three.md",
        "---\nid: POL-3\ntitle: T\nowner: O\ncontrols:\n  - mini:M.7\n---\nIntro\n\nSee [[RSK-404]] and [that](nowhere.md).\n",
    );
    expect(&f, "E201", "content/risks/more.yaml", 8);
    let text = expect(&f, "E201", "content/risks/more.yaml", 11);
    assert!(text.contains("did you mean `mini:M.1.1`?"), "{text}");
    expect(&f, "E201", "content/evidence/more.yaml", 7);
    expect(&f, "E201", "content/controls/soa.yaml", 5);
    expect(&f, "E201", "content/policies/three.md", 6);
    expect(&f, "E201", "content/policies/three.md", 10);
    expect(&f, "E208", "content/policies/three.md", 10);
}

#[test]
fn ambiguous_bare_control_lists_the_candidates() {
    let f = small_portal();
    f.write(
        "content/frameworks/twin.yaml",
        "framework: { id: twin, name: Twin }\ngroups:\n  - id: T\n    title: T\n    controls:\n      - { id: M.1.1, title: Same id }\n",
    );
    f.write(
        "content/policies/three.md",
        "---\nid: POL-3\ntitle: T\nowner: O\ncontrols: [M.1.1]\n---\n",
    );
    let text = expect(&f, "E203", "content/policies/three.md", 5);
    assert!(
        text.contains("`mini:M.1.1`") && text.contains("`twin:M.1.1`"),
        "{text}"
    );
}

#[test]
fn unknown_framework_in_portal_yaml_at_its_line() {
    let f = small_portal();
    f.write(
        "portal.yaml",
        "title: Fixture Portal\nframeworks:\n  - mini\n  - iso4201\nrisk:\n  categories: [user-harm, legal]\n",
    );
    let text = expect(&f, "E207", "portal.yaml", 4);
    assert!(text.contains("did you mean `iso42001`?"), "{text}");
}

#[test]
fn scores_treatment_category_and_bands() {
    let f = small_portal();
    f.write(
        "content/risks/more.yaml",
        "risks:\n  - id: RSK-7\n    title: T\n    owner: X\n    likelihood: 7\n    impact: 2\n    treatment: mitigate\n    category: user-harms\n    residual: { likelihood: 3, impact: 2 }\n  - id: RSK-8\n    title: T\n    owner: X\n    likelihood: 1\n    impact: 1\n    treatment: ignore\n",
    );
    expect(&f, "E401", "content/risks/more.yaml", 5);
    expect(&f, "E403", "content/risks/more.yaml", 8);
    expect(&f, "E104", "content/risks/more.yaml", 15);
    f.write(
        "content/risks/more.yaml",
        "risks:\n  - id: RSK-7\n    title: T\n    owner: X\n    likelihood: 2\n    impact: 2\n    treatment: mitigate\n    residual:\n      likelihood: 3\n      impact: 2\n",
    );
    expect(&f, "E402", "content/risks/more.yaml", 9);
    f.write(
        "portal.yaml",
        "title: F\nframeworks: [mini]\nrisk:\n  scale: 5\n  levels:\n    - { name: low, max: 4 }\n    - { name: high, max: 16 }\n",
    );
    expect(&f, "E406", "portal.yaml", 6);
}

#[test]
fn impossible_dates_expiry_and_intervals() {
    let f = small_portal();
    f.write(
        "content/evidence/more.yaml",
        "evidence:\n  - id: EV-7\n    title: T\n    url: https://x\n    collected: 2026-02-30\n  - id: EV-8\n    title: T\n    url: https://x\n    collected: 2026-05-01\n    expires: 2026-04-01\n  - id: EV-9\n    title: T\n    url: https://x\n    collected: 2026-05-01\n    valid_for: fortnightly\n",
    );
    expect(&f, "E105", "content/evidence/more.yaml", 5);
    expect(&f, "E405", "content/evidence/more.yaml", 10);
    expect(&f, "E407", "content/evidence/more.yaml", 15);
}

#[test]
fn evidence_files_missing_outside_or_through_a_symlink() {
    let f = small_portal();
    let outside = f.dir.path().join("secret.txt");
    std::fs::write(&outside, "secret").unwrap();
    std::os::unix::fs::symlink(&outside, f.root().join("content/evidence/files/link.txt")).unwrap();
    f.write(
        "content/evidence/more.yaml",
        "evidence:\n  - id: EV-7\n    title: T\n    file: files/none.csv\n    collected: 2026-05-01\n  - id: EV-8\n    title: T\n    file: ../../portal.yaml\n    collected: 2026-05-01\n  - id: EV-9\n    title: T\n    file: files/link.txt\n    collected: 2026-05-01\n",
    );
    expect(&f, "E302", "content/evidence/more.yaml", 4);
    expect(&f, "E301", "content/evidence/more.yaml", 8);
    expect(&f, "E301", "content/evidence/more.yaml", 12);
}

#[test]
fn statement_of_applicability_gaps() {
    let f = small_portal();
    f.write(
        "content/controls/soa.yaml",
        "controls:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: \"\"\n  - ref: mini:M.2.1\n    applicable: false\n    justification: Not in scope\n  - ref: mini:M.3.3\n    applicable: true\n    justification: J\n",
    );
    f.write(
        "content/risks/r.yaml",
        "risks:\n  - id: RSK-1\n    title: T\n    owner: X\n    likelihood: 2\n    impact: 2\n    treatment: mitigate\n    controls: [mini:M.2.1]\n",
    );
    expect(&f, "E503", "content/controls/soa.yaml", 4);
    expect(&f, "E504", "content/controls/soa.yaml", 6);
    expect(&f, "E201", "content/controls/soa.yaml", 8);
    let text = expect(&f, "E502", "content/controls/soa.yaml", 1);
    assert!(text.contains("`mini:M.1.2`"), "{text}");
}

#[test]
fn warnings_for_overdue_reviews_drafts_missing_evidence_and_appetite() {
    let f = small_portal();
    f.write(
        "content/policies/draft.md",
        "---\nid: POL-D\ntitle: Draft\nowner: O\nstatus: draft\n---\n",
    );
    f.write(
        "content/policies/one.md",
        "---\nid: POL-1\ntitle: Governance Policy\nowner: CISO\nstatus: approved\nlast_review: 2024-10-01\nreview_interval: annual\ncontrols: [mini:M.1.1]\n---\n# Governance\n\nSee [[POL-D]].\n",
    );
    f.write(
        "content/risks/r.yaml",
        "risks:\n  - id: RSK-1\n    title: T\n    owner: X\n    likelihood: 5\n    impact: 5\n    treatment: mitigate\n    controls: [mini:M.1.1]\n    last_review: 2026-09-01\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(0), "{text}");
    let at = |code: &str, file: &str, line: u64| {
        assert!(
            list.iter()
                .any(|d| d["code"] == code && d["file"] == file && d["line"] == line),
            "no {code} at {file}:{line}\n{text}"
        );
    };
    at("W302", "content/policies/one.md", 6);
    at("W303", "content/policies/one.md", 12);
    at("W305", "content/risks/r.yaml", 5);
    at("W301", "content/evidence/e.yaml", 13);
}

#[test]
fn field_errors_do_not_hide_reference_errors_of_the_same_entry() {
    let f = small_portal();
    // A misspelt required field and an unknown control in one risk: both in one run.
    f.write(
        "content/risks/more.yaml",
        "risks:\n  - id: RSK-7\n    title: T\n    owenr: X\n    likelihood: 2\n    impact: 2\n    treatment: mitigate\n    controls: [mini:M.1.9]\n    system: SYS-404\n",
    );
    // A bad date and a dangling policy in a Statement of Applicability entry; a bad value and
    // an unknown `[[ID]]` in a policy.
    f.write(
        "content/evidence/more.yaml",
        "evidence:\n  - id: EV-7\n    title: T\n    url: https://x.example\n    collected: 2026-02-30\n    risks: [RSK-404]\n",
    );
    f.write(
        "content/policies/three.md",
        "---\nid: POL-3\ntitle: T\nowner: O\nstatus: maybe\n---\nSee [[NOPE-404]].\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let at = |code: &str, file: &str, line: u64| {
        assert_diagnostic(&list, &text, code, (file, line, None))
    };
    at("E102", "content/risks/more.yaml", 4);
    at("E201", "content/risks/more.yaml", 8);
    at("E201", "content/risks/more.yaml", 9);
    at("E105", "content/evidence/more.yaml", 5);
    at("E201", "content/evidence/more.yaml", 6);
    at("E104", "content/policies/three.md", 5);
    at("E201", "content/policies/three.md", 7);
    // Stand-ins are never judged: no error or warning about a value nobody wrote.
    let expected = ["E102", "E103", "E104", "E105", "E201"];
    assert!(
        list.iter()
            .filter(|d| {
                [
                    "content/risks/more.yaml",
                    "content/evidence/more.yaml",
                    "content/policies/three.md",
                ]
                .contains(&d["file"].as_str().unwrap_or(""))
            })
            .all(|d| expected.contains(&d["code"].as_str().unwrap())),
        "{text}"
    );
}

#[test]
fn a_duplicate_id_is_reported_while_field_errors_exist() {
    let f = small_portal();
    // The first RSK-1 (r.yaml) is fine; a second one in a later file has a field error.
    f.write(
        "content/risks/s.yaml",
        "risks:\n  - id: RSK-1\n    title: Second\n    owner: X\n    likelihood: high\n    impact: 2\n    treatment: mitigate\n",
    );
    let text = expect(&f, "E205", "content/risks/s.yaml", 2);
    assert!(
        text.contains("first defined at content/risks/r.yaml:2"),
        "{text}"
    );
    expect(&f, "E104", "content/risks/s.yaml", 5);
    // The refused definition has no page of its own: no second error about its output path.
    assert!(!text.contains("E005"), "{text}");
    // The other way round: the first definition has the field error; it still owns the id.
    f.write(
        "content/risks/a.yaml",
        "risks:\n  - id: RSK-2\n    title: First\n    owner: X\n    likelihood: 2\n    impact: 2\n    treatment: fix\n",
    );
    let text = expect(&f, "E205", "content/risks/r.yaml", 13);
    assert!(
        text.contains("first defined at content/risks/a.yaml:2"),
        "{text}"
    );
}

#[test]
fn over_long_ids_and_framework_ids_that_are_not_ids() {
    let f = small_portal();
    let long = "R".repeat(300);
    f.write(
        "content/risks/more.yaml",
        &format!(
            "risks:\n  - id: {long}\n    title: T\n    owner: X\n    likelihood: 2\n    impact: 2\n    treatment: mitigate\n"
        ),
    );
    let text = expect(&f, "E204", "content/risks/more.yaml", 2);
    assert!(text.contains("300 bytes"), "{text}");
    for bad in [".", "..", "a/b"] {
        f.write(
            "content/frameworks/dot.yaml",
            &format!(
                "framework: {{ id: \"{bad}\", name: Dot }}\ngroups:\n  - id: D\n    title: D\n    controls:\n      - {{ id: D.1, title: One }}\n"
            ),
        );
        expect(&f, "E204", "content/frameworks/dot.yaml", 1);
        // `build` refuses it the same way: exit 1 with the diagnostic, never exit 2.
        let out = crate::harness::build(&f.root(), &[]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("E204"), "{}", stderr(&out));
    }
}

#[test]
fn unknown_references_in_plain_text_fields_are_errors_at_their_column() {
    let f = small_portal();
    f.write(
        "content/policies/three.md",
        "---\nid: POL-3\ntitle: About [[NOPE-1]]\nowner: O\nversion: \"v [[NOPE-2]]\"\napproved_by: Board [[NOPE-3]]\nhistory:\n  - { version: \"1\", date: 2026-01-01, summary: \"Sum [[NOPE-4]]\" }\n---\n",
    );
    f.write(
        "content/risks/more.yaml",
        "risks:\n  - id: RSK-7\n    title: T\n    owner: Lead [[NOPE-5]]\n    likelihood: 2\n    impact: 2\n    treatment: accept\n    acceptance: { by: \"[[NOPE-6]]\", date: 2026-01-01 }\n",
    );
    f.write(
        "content/systems/more.yaml",
        "systems:\n  - id: SYS-7\n    name: N\n    owner: O\n    affected:\n      - people [[NOPE-7]]\n",
    );
    f.write(
        "content/controls/soa.yaml",
        "controls:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: J\n    owner: CISO [[NOPE-8]]\n  - ref: mini:M.1.2\n    applicable: true\n    justification: J\n  - ref: mini:M.2.1\n    applicable: false\n    justification: J\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let at = |file: &str, line: u64, column: u64| {
        assert_diagnostic(&list, &text, "E201", (file, line, Some(column)))
    };
    at("content/policies/three.md", 3, 14);
    at("content/policies/three.md", 5, 13);
    at("content/policies/three.md", 6, 20);
    at("content/policies/three.md", 8, 53);
    at("content/risks/more.yaml", 4, 17);
    at("content/risks/more.yaml", 8, 24);
    at("content/systems/more.yaml", 6, 16);
    at("content/controls/soa.yaml", 5, 17);
}

/// The message, help and severity of the diagnostic with `code` at `file:line:column`.
fn at_value<'a>(list: &'a [Value], text: &str, code: &str, place: (&str, u64, u64)) -> &'a Value {
    let (file, line, column) = place;
    list.iter()
        .find(|d| {
            d["code"] == code && d["file"] == file && d["line"] == line && d["column"] == column
        })
        .unwrap_or_else(|| panic!("no {code} at {file}:{line}:{column}\n{text}"))
}

#[test]
fn values_outside_a_closed_vocabulary_are_errors_with_the_value_meant() {
    let f = small_portal();
    f.write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    lifecycle: prod\n    role: provder\n    risk_class: High Risk\n    high_risk_basis: []\n",
    );
    f.write(
        "content/evidence/more.yaml",
        "evidence:\n  - id: EV-7\n    title: T\n    url: https://x.example\n    collected: 2026-10-01\n    method: interveiw\n    kind: valdation-report\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let s = "content/systems/s.yaml";
    for (line, column, value, meant) in [
        (5, 16, "prod", "production"),
        (6, 11, "provder", "provider"),
        (7, 17, "High Risk", "high-risk"),
    ] {
        let d = at_value(&list, &text, "E104", (s, line, column));
        assert!(d["message"].as_str().unwrap().contains(value), "{d}");
        assert_eq!(d["help"], format!("did you mean `{meant}`?"), "{d}");
    }
    let e = "content/evidence/more.yaml";
    let method = at_value(&list, &text, "E104", (e, 6, 13));
    assert_eq!(method["help"], "did you mean `interview`?");
    // An evidence kind is open: an unknown one is kept, with a warning naming the near one.
    let kind = at_value(&list, &text, "W320", (e, 7, 11));
    assert_eq!(kind["severity"], "warning");
    assert_eq!(kind["help"], "did you mean `validation-report`?");
    // A misspelt kind alone does not fail the check.
    f.write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n",
    );
    f.write(
        "content/evidence/more.yaml",
        "evidence:\n  - id: EV-7\n    title: T\n    url: https://x.example\n    collected: 2026-10-01\n    kind: screenshots\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(0), "{text}");
    at_value(&list, &text, "W320", (e, 6, 11));
}

#[test]
fn the_high_risk_class_keeps_its_alias_and_its_warning() {
    let f = small_portal();
    // `high` is the documented alias of `high-risk`: no error, and the same warning.
    for class in ["high", "high-risk"] {
        f.write(
            "content/systems/s.yaml",
            &format!(
                "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    risk_class: {class}\n"
            ),
        );
        let (status, list, text) = check_both(&f.root(), &[]);
        assert_eq!(status, Some(0), "{class}: {text}");
        at_value(&list, &text, "W311", ("content/systems/s.yaml", 5, 17));
    }
    // A typo in the class is not silent: it fails the check where the warning would be.
    f.write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    risk_class: hgih-risk\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let d = at_value(&list, &text, "E104", ("content/systems/s.yaml", 5, 17));
    assert_eq!(d["help"], "did you mean `high-risk`?");
}

#[test]
fn a_system_that_is_provider_and_deployer_lists_both_roles() {
    let f = small_portal();
    f.write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    role: [provider, deployer]\n  - id: SYS-2\n    name: Other\n    owner: ML Lead\n    role: [deployer, distributer]\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let d = at_value(&list, &text, "E104", ("content/systems/s.yaml", 9, 22));
    assert_eq!(d["help"], "did you mean `distributor`?");
    assert_eq!(
        list.iter().filter(|d| d["severity"] == "error").count(),
        1,
        "{text}"
    );
    // Both roles reach the system's page.
    f.write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    role: [provider, deployer]\n    last_review: 2026-06-01\n",
    );
    let out = crate::harness::build(&f.root(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = f.read("systems/SYS-1.html");
    assert!(page.contains("Provider, Deployer"), "{page}");
}

#[test]
fn a_misspelt_enum_value_gets_the_value_meant() {
    let f = small_portal();
    f.write(
        "content/policies/three.md",
        "---\nid: POL-3\ntitle: T\nowner: O\nkind: standrd\nstatus: Approved\n---\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let p = "content/policies/three.md";
    assert_eq!(
        at_value(&list, &text, "E104", (p, 5, 7))["help"],
        "did you mean `standard`?"
    );
    assert_eq!(
        at_value(&list, &text, "E104", (p, 6, 9))["help"],
        "did you mean `approved`?"
    );
}

/// The first diagnostic line of the human output.
fn first_printed(text: &str) -> &str {
    text.lines()
        .find(|l| l.starts_with("error[") || l.starts_with("warning["))
        .unwrap_or("")
}

#[test]
fn a_tab_in_a_risk_register_is_the_first_and_only_error() {
    let f = small_portal();
    // Evidence (a file that sorts before risks/) refers to both risks of the broken register.
    f.write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n    title: Fairness report\n    file: files/fairness.csv\n    collected: 2026-10-01\n    controls: [mini:M.1.1]\n    risks: [RSK-1, RSK-2]\n",
    );
    f.write(
        "content/risks/r.yaml",
        "risks:\n  - id: RSK-1\n    title: Biased scores\n\towner: ML Lead\n    likelihood: 4\n    impact: 5\n    treatment: mitigate\n  - id: RSK-2\n    title: T\n    owner: O\n    likelihood: 1\n    impact: 1\n    treatment: avoid\n",
    );
    // The policy links to RSK-1 too (`See [[RSK-1]]`).
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    assert!(
        first_printed(&text).starts_with("error[E101]: YAML syntax"),
        "{text}"
    );
    assert_eq!(list[0]["code"], "E101", "{text}");
    assert_eq!(list[0]["file"], "content/risks/r.yaml", "{text}");
    let errors: Vec<&Value> = list.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{text}");
    assert!(!text.contains("unknown risk"), "{text}");
    // One note says what was skipped: two evidence references and one `[[RSK-1]]`. Notes
    // are not diagnostics: they are not in the JSON array.
    assert!(list.iter().all(|d| d["severity"] != "note"), "{text}");
    let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("note: `")).collect();
    assert_eq!(
        notes,
        [
            "note: `content/risks/r.yaml` could not be read: 3 checks that depend on it were skipped (the 2 ids on its `id:`/`ref:` lines count as known); fix the syntax first, then check again"
        ],
        "{text}"
    );
    assert!(text.contains("checked: 1 errors, "), "{text}");
    // An id the broken file does not define is still unknown.
    f.write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n    title: Fairness report\n    url: https://x.example\n    collected: 2026-10-01\n    risks: [RSK-1, RSK-3]\n",
    );
    let (_, list, text) = check_both(&f.root(), &[]);
    assert_diagnostic(
        &list,
        &text,
        "E201",
        ("content/evidence/e.yaml", 6, Some(20)),
    );
    assert_eq!(list[0]["code"], "E101", "{text}");
}

#[test]
fn an_unquoted_colon_in_a_justification_is_the_first_error_without_a_flood() {
    let f = small_portal();
    f.write(
        "content/controls/soa.yaml",
        "controls:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: Required: for governance\n  - ref: M.1.2\n    applicable: true\n    justification: Needed for roles\n  - { ref: mini:M.2.1, applicable: false, justification: none }\n",
    );
    // A mistake in portal.yaml sorts after the syntax error, before everything else.
    f.write(
        "portal.yaml",
        "title: Fixture Portal\norganization: Fixture Ltd\nframeworks: [mini]\naligned: [nist-ai-rnf]\nrisk:\n  scale: 5\n  appetite: 9\n  categories: [user-harm, legal]\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    assert!(
        first_printed(&text).starts_with("error[E101]: YAML syntax"),
        "{text}"
    );
    assert_diagnostic(
        &list,
        &text,
        "E101",
        ("content/controls/soa.yaml", 4, Some(28)),
    );
    assert_eq!(list[0]["code"], "E101", "{text}");
    assert_eq!(list[1]["file"], "portal.yaml", "{text}");
    assert!(list.iter().all(|d| d["code"] != "E502"), "{text}");
    assert!(
        text.contains(
            "note: `content/controls/soa.yaml` could not be read: 3 checks that depend on it were skipped (the 3 ids"
        ),
        "{text}"
    );
    // A control the broken file never names is still missing its entry.
    f.write(
        "content/controls/soa.yaml",
        "controls:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: Required: for governance\n",
    );
    let (_, list, text) = check_both(&f.root(), &[]);
    let missing: Vec<&Value> = list.iter().filter(|d| d["code"] == "E502").collect();
    assert_eq!(missing.len(), 2, "{text}");
}

#[test]
fn a_policy_whose_front_matter_cannot_be_parsed_keeps_its_id() {
    let f = small_portal();
    // POL-1 links to POL-2 (`two.md`) and names RSK-1; POL-2's front matter has a tab.
    f.write(
        "content/policies/two.md",
        "---\nid: POL-2\n\ttitle: Roles Standard\nowner: HR\n---\n## Rules\n",
    );
    f.write(
        "content/policies/three.md",
        "---\nid: POL-3\ntitle: T\nowner: O\n---\nSee [[POL-2]].\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let errors: Vec<&Value> = list.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{text}");
    assert_eq!(errors[0]["code"], "E101", "{text}");
    assert!(
        text.contains("note: `content/policies/two.md` could not be read"),
        "{text}"
    );
}

#[test]
fn a_catalog_that_cannot_be_parsed_does_not_make_its_controls_unknown() {
    let f = small_portal();
    f.write(
        "content/frameworks/mini.yaml",
        "framework: { id: mini, name: Mini Framework, version: \"1\" }\ngroups:\n  - id: M.1\n    title: Governance\n\tcontrols:\n      - { id: M.1.1, title: Policy }\n      - { id: M.1.2, title: Roles }\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    let errors: Vec<&Value> = list.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{text}");
    assert_eq!(errors[0]["code"], "E101", "{text}");
    assert!(!text.contains("unknown control"), "{text}");
    assert!(!text.contains("unknown framework"), "{text}");
    assert!(
        text.contains("note: `content/frameworks/mini.yaml` could not be read"),
        "{text}"
    );
}

#[test]
fn an_evidence_register_that_cannot_be_parsed_leaves_no_missing_evidence_warnings() {
    let f = small_portal();
    // Read, this register leaves `mini:M.1.2` without evidence (W304).
    f.write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n    title: Fairness report\n    file: files/fairness.csv\n    collected: 2026-10-01\n    controls: [mini:M.1.1]\n",
    );
    let (_, list, text) = check_both(&f.root(), &[]);
    assert!(list.iter().any(|d| d["code"] == "W304"), "{text}");
    f.write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n\ttitle: Fairness report\n    file: files/fairness.csv\n    collected: 2026-10-01\n    controls: [mini:M.1.1]\n",
    );
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    assert_eq!(list[0]["code"], "E101", "{text}");
    assert!(list.iter().all(|d| d["code"] != "W304"), "{text}");
    assert!(
        text.contains("note: `content/evidence/e.yaml` could not be read"),
        "{text}"
    );
}

#[test]
fn a_register_that_is_not_utf8_keeps_its_ids_too() {
    let f = small_portal();
    // r.yaml defines RSK-1, which evidence and a policy name; a Latin-1 byte makes it unreadable.
    let text = std::fs::read_to_string(f.root().join("content/risks/r.yaml")).unwrap();
    let mut bytes = text
        .replace("Biased scores", "Biased sc\u{1}ores")
        .into_bytes();
    let at = bytes.iter().position(|b| *b == 1).unwrap();
    bytes[at] = 0xe9;
    std::fs::write(f.root().join("content/risks/r.yaml"), bytes).unwrap();
    let (status, list, text) = check_both(&f.root(), &[]);
    assert_eq!(status, Some(1), "{text}");
    assert_eq!(list[0]["code"], "E002", "{text}");
    assert!(!text.contains("unknown risk"), "{text}");
    assert!(
        text.contains("note: `content/risks/r.yaml` could not be read"),
        "{text}"
    );
}
