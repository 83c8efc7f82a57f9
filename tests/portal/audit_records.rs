//! Internal audits, their findings and nonconformities with corrective actions (ISO/IEC
//! 42001 9.2 and 10.2): the diagnostics at their file and line, the pages of a programme, an
//! audit and a nonconformity, the findings on the control pages, the open major
//! nonconformity on the dashboard, and none of them in the public trust center.

use crate::harness::{
    Fixture, assert_diagnostic, assert_page_contains, assert_page_lacks, build_ok, check_json,
    codes, read_page, small_portal, text_of,
};

/// A programme with a planned audit done and one past its due date (line 10); a completed
/// audit with no independence statement (`auditor` on line 16), two minor findings (the
/// second's `type` on line 27) and an observation.
const AUDITS: &str = "\
programmes:
  - id: AP-1
    title: Audit programme 2026
    period: { from: 2026-01-01, to: 2026-12-31 }
    scope: [mini:M.1.1, mini:M.1.2, mini:M.2.1]
    planned:
      - audit: IA-1
        title: Governance
        due: 2026-06-30
      - { title: Operations, due: 2026-09-30 }
audits:
  - id: IA-1
    title: Governance audit
    programme: AP-1
    status: completed
    auditor: Internal Audit Lead
    start: 2026-05-04
    end: 2026-05-08
    reported: 2026-05-15
    scope: [mini:M.1.1, mini:M.1.2]
    findings:
      - id: IA-1-01
        type: minor
        control: mini:M.1.1
        statement: The policy was not reviewed.
      - id: IA-1-02
        type: minor
        control: mini:M.1.2
        statement: Roles are not assigned.
      - id: IA-1-03
        type: observation
        control: mini:M.1.2
        statement: Role descriptions could name deputies.
";

/// Four nonconformities: NC-1 from IA-1-01 with an overdue action (due on line 10) and one
/// done after `--today` (due on line 13); NC-2 closed with an action not done (line 21) and
/// no effectiveness check (status on line 22); NC-3 from IA-1-02 with an `origin` its source
/// contradicts (line 27); NC-4 an open major (severity on line 31).
const NONCONFORMITIES: &str = "\
nonconformities:
  - id: NC-1
    title: Policy not reviewed
    source: IA-1-01
    raised: 2026-05-15
    correction: The policy was reviewed.
    root_cause: No reminder.
    actions:
      - action: Review reminders in the calendar
        due: 2026-07-31
        owner: CISO
      - action: Train owners
        due: 2026-08-31
        done: 2026-12-20
  - id: NC-2
    title: Roles not assigned
    raised: 2026-05-15
    origin: other
    actions:
      - { action: Assign roles, due: 2026-06-30, done: 2026-06-20 }
      - { action: Review roles yearly, due: 2027-06-30 }
    status: closed
  - id: NC-3
    title: Roles not assigned, again
    source: IA-1-02
    raised: 2026-05-15
    origin: incident
  - id: NC-4
    title: No monitoring at all
    origin: other
    severity: major
    raised: 2026-10-01
    controls: [mini:M.2.1]
";

/// The small portal with the audits and nonconformities above.
fn portal() -> Fixture {
    let f = small_portal();
    f.write("content/audits/2026.yaml", AUDITS);
    f.write("content/nonconformities/2026.yaml", NONCONFORMITIES);
    f
}

/// [`portal`] without NC-3's `origin: incident`, which contradicts its audit `source:` (E250),
/// so that it builds.
fn consistent_portal() -> Fixture {
    let f = portal();
    f.write(
        "content/nonconformities/2026.yaml",
        &NONCONFORMITIES.replace("    origin: incident\n", ""),
    );
    f
}

#[test]
fn each_gap_of_audits_and_corrective_actions_is_a_diagnostic_at_its_line() {
    let f = portal();
    let (code, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    assert_eq!(code, Some(1), "E250 is an error\n{text}");
    let audits = "content/audits/2026.yaml";
    let ncs = "content/nonconformities/2026.yaml";
    assert_diagnostic(&diags, &text, "W350", (audits, 10, None));
    assert_diagnostic(&diags, &text, "W356", (audits, 16, None));
    assert_diagnostic(&diags, &text, "W352", (ncs, 10, None));
    assert_diagnostic(&diags, &text, "W352", (ncs, 13, None));
    assert_diagnostic(&diags, &text, "W353", (ncs, 22, None));
    assert_diagnostic(&diags, &text, "W354", (ncs, 21, None));
    assert_diagnostic(&diags, &text, "E250", (ncs, 27, None));
    assert_diagnostic(&diags, &text, "W355", (ncs, 31, None));
    let all = codes(&diags);
    // IA-1-01 and IA-1-02 have nonconformities; the observation needs none.
    assert!(!all.contains(&"W351".to_string()), "{text}");
    // The done date after today is also W330, and does not count as done.
    assert!(all.contains(&"W330".to_string()), "{text}");
    // The first planned audit is done; only the second is late.
    assert_eq!(all.iter().filter(|c| *c == "W350").count(), 1, "{text}");
}

#[test]
fn a_nonconformity_finding_without_a_nonconformity_record_is_w351_at_its_type() {
    let f = portal();
    f.write(
        "content/nonconformities/2026.yaml",
        &NONCONFORMITIES.replace("    source: IA-1-02\n", ""),
    );
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    assert_diagnostic(
        &diags,
        &text,
        "W351",
        ("content/audits/2026.yaml", 27, None),
    );
    assert!(text.contains("IA-1-02"), "{text}");
}

#[test]
fn an_audit_page_shows_each_finding_at_its_anchor_with_its_control_and_action() {
    let f = consistent_portal();
    let out = f.out();
    build_ok(&f.root(), &["--out", out.to_str().unwrap()]);
    let html = assert_page_contains(
        &out,
        "audits/IA-1.html",
        &[
            "id=\"IA-1-01\"",
            "id=\"IA-1-03\"",
            "badge-finding-minor-nonconformity",
            "badge-finding-observation",
            "href=\"../nonconformities/NC-1.html\"",
            "The policy was not reviewed.",
        ],
    );
    let text = text_of(&html);
    assert!(
        text.contains("Not stated (ISO/IEC 42001 9.2.2 c)."),
        "{text}"
    );
    // The observation needs no corrective action, so it shows none.
    let observation = &html[html.find("id=\"IA-1-03\"").unwrap()..];
    assert!(!observation.contains("No corrective action recorded"));
    // The programme's plan says which planned audit is late, and the coverage of its scope.
    let programme = text_of(&read_page(&out, "audits/AP-1.html"));
    assert!(programme.contains("Overdue"), "{programme}");
    assert!(programme.contains("Audited"), "{programme}");
    assert!(programme.contains("Not covered"), "{programme}");
}

#[test]
fn a_nonconformity_page_shows_the_steps_of_10_2_in_order_and_its_overdue_actions() {
    let f = consistent_portal();
    let out = f.out();
    build_ok(&f.root(), &["--out", out.to_str().unwrap()]);
    let html = read_page(&out, "nonconformities/NC-1.html");
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(at("id=\"correction\"") < at("id=\"root-cause\""));
    assert!(at("id=\"root-cause\"") < at("id=\"actions\""));
    assert!(at("id=\"actions\"") < at("id=\"effectiveness\""));
    assert!(html.contains("href=\"../audits/IA-1.html#IA-1-01\""));
    assert!(html.contains("badge-action-overdue"));
    // Done on 2026-12-20, after --today: shown, not counted.
    let text = text_of(&html);
    assert!(text.contains("0 of 2 done"), "{text}");
    assert!(
        text.contains("2026-12-20 (after 2026-11-28: not counted)"),
        "{text}"
    );
}

#[test]
fn control_pages_list_the_findings_and_nonconformities_against_them() {
    let f = consistent_portal();
    let out = f.out();
    build_ok(&f.root(), &["--out", out.to_str().unwrap()]);
    assert_page_contains(
        &out,
        "frameworks/mini/M.1.1.html",
        &["id=\"findings\"", "IA-1-01", "NC-1"],
    );
    // No finding names M.2.1's page, but NC-4 names the control.
    assert_page_contains(&out, "frameworks/mini/M.2.1.html", &["NC-4"]);
    assert_page_lacks(&out, "frameworks/mini/M.2.1.html", &["IA-1-0"]);
}

#[test]
fn an_open_major_nonconformity_shows_on_the_dashboard_and_nothing_in_the_trust_center() {
    let f = consistent_portal();
    let out = f.out();
    build_ok(&f.root(), &["--out", out.to_str().unwrap()]);
    let html = assert_page_contains(
        &out,
        "index.html",
        &[
            "id=\"open-major-nonconformities\"",
            "nonconformities/NC-4.html",
        ],
    );
    assert!(!html.contains("nonconformities/NC-1.html"), "NC-1 is minor");
    let public = f.root().join("public-out");
    build_ok(
        &f.root(),
        &["--audience", "public", "--out", public.to_str().unwrap()],
    );
    assert!(!public.join("audits/IA-1.html").exists());
    assert!(!public.join("nonconformities/NC-4.html").exists());
    assert_page_lacks(
        &public,
        "index.html",
        &["NC-4", "open-major-nonconformities"],
    );
}

#[test]
fn a_finding_against_a_clause_shows_on_the_pages_of_its_sub_clauses() {
    let f = consistent_portal();
    let catalog = std::fs::read_to_string(f.root().join("content/frameworks/mini.yaml")).unwrap();
    let line = catalog
        .lines()
        .find(|l| l.contains("M.1.1"))
        .expect("the control M.1.1")
        .to_string();
    let child = "      - { id: M.1.1.1, title: Policy approval, parent: M.1.1 }";
    f.write(
        "content/frameworks/mini.yaml",
        &catalog.replace(&line, &format!("{line}\n{child}")),
    );
    f.write(
        "content/controls/sub-clauses.yaml",
        "controls:\n  - { ref: mini:M.1.1.1, applicable: true, justification: Needed, status: implemented }\n",
    );
    let out = f.out();
    build_ok(&f.root(), &["--out", out.to_str().unwrap()]);
    // IA-1-01 is raised against M.1.1, and NC-1 comes from it: both count for M.1.1.1.
    assert_page_contains(
        &out,
        "frameworks/mini/M.1.1.1.html",
        &["id=\"findings\"", "IA-1-01", "NC-1"],
    );
    // Not the other way round: a finding against a sub-clause is not one against its clause.
    assert_page_lacks(&out, "frameworks/mini/M.1.2.html", &["IA-1-01"]);
}

#[test]
fn records_that_cannot_be_true_are_errors_at_their_fields() {
    let f = small_portal();
    f.write(
        "content/audits/2026.yaml",
        "\
programmes:
  - id: AP-1
    title: Programme
    planned:
      - { audit: IA-2, title: Operations, due: 2026-09-30 }
  - id: AP-2
    title: Another programme
audits:
  - id: IA-1
    title: Governance audit
    status: planned
    auditor: Internal Audit Lead
    findings:
      - { id: IA-1-01, type: minor, control: mini:M.1.1, statement: Too early. }
  - id: IA-2
    title: Operations audit
    programme: AP-2
    status: completed
    auditor: Internal Audit Lead
    independence: Reports to the board.
    start: 2026-05-08
    end: 2026-05-04
    findings:
      - { id: IA-2-01, type: minor, control: mini:M.2.1, statement: No monitoring. }
",
    );
    f.write(
        "content/nonconformities/2026.yaml",
        "\
nonconformities:
  - id: NC-1
    title: No monitoring
    source: IA-2-01
    severity: major
    raised: 2026-05-15
",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    assert_eq!(code, Some(1), "{text}");
    let audits = "content/audits/2026.yaml";
    assert_diagnostic(&diags, &text, "E252", (audits, 5, None));
    assert_diagnostic(&diags, &text, "E253", (audits, 14, None));
    assert_diagnostic(&diags, &text, "E251", (audits, 22, None));
    assert_diagnostic(
        &diags,
        &text,
        "E254",
        ("content/nonconformities/2026.yaml", 5, None),
    );
}
