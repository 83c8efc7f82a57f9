//! Management reviews (9.3) and objectives measured over time (6.2): the inputs each framework
//! in scope requires (W360, naming the 9.3.2 item), overdue review actions (W362), the planned
//! interval (W361), objectives on and off track (W363), their pages, the chart and the
//! dashboard, in each audience.

use std::path::Path;

use serde_json::Value;

use crate::harness::{
    Fixture, assert_diagnostic, build_ok, check_both, codes, example_root, read_page, section,
    stderr, text_of, tracemark,
};

/// A review recording every ISO/IEC 42001 input but `previous_actions` (line 7 is `inputs:`),
/// with one action overdue as of the tests' day (line 21) and one done.
const REVIEW: &str = "management_reviews:
  - id: MR-2026-01
    title: Management review, January 2026
    date: 2026-01-20
    chair: Chief Executive Officer
    attendees: [CEO, CISO]
    inputs:
      context_changes: { summary: The EU AI Act applies from August, reviewed: [OBJ-01] }
      interested_parties: { summary: Customers ask for certification }
      nonconformities: { summary: Two minor nonconformities }
      measurement_results: { summary: Training 91 %, reviewed: [OBJ-01] }
      audit_results: { summary: Internal audit IA-2025-04 }
      improvement_opportunities: { summary: Training as a condition for access }
    outputs:
      decisions: [AI policy 2.1 approved]
      changes: [Board report twice a year]
      resources: [Survey panel budget]
      actions:
        - action: Make training a condition for production access
          owner: CISO
          due: 2026-04-01
        - action: Publish the 2026 objectives
          owner: Head of AI Governance
          due: 2026-02-01
          done: 2026-01-30
";

/// Three objectives: on track (rising toward its target), off track (falling; its target at
/// line 12), and not measured.
const OBJECTIVES: &str = "objectives:
  - id: OBJ-01
    title: Trained workforce
    owner: VP People
    target: { metric: Staff trained, comparison: at-least, value: 95, unit: '%', by: 2026-12-31 }
    measurements:
      - { date: 2026-03-31, value: 91 }
      - { date: 2026-09-30, value: 93.5, note: Q3 export }
  - id: OBJ-02
    title: Fast incident triage
    owner: CISO
    target: { metric: Median hours to triage, comparison: at-most, value: 4, unit: hours, by: 2026-12-31 }
    measurements:
      - { date: 2026-03-31, value: 5 }
      - { date: 2026-09-30, value: 6 }
  - id: OBJ-03
    title: Transparent AI interactions
    owner: Head of Product
    target: { metric: Sessions showing the disclosure, comparison: at-least, value: 100, unit: '%' }
";

/// A portal with `frameworks` (a Statement of Applicability entry, not assessed yet, for each
/// control, so that it builds), the review and the objectives above.
fn portal(frameworks: &str) -> Fixture {
    let f = Fixture::new();
    f.write(
        "portal.yaml",
        &format!("title: Records Portal\norganization: Records Ltd\nframeworks: [{frameworks}]\n"),
    )
    .write("content/management-reviews/2026.yaml", REVIEW)
    .write("content/objectives.yaml", OBJECTIVES);
    let root = f.root();
    let added = tracemark(&["soa", "--add-missing", "--root", root.to_str().unwrap()]);
    assert!(added.status.success(), "{}", stderr(&added));
    f
}

/// The diagnostics of one code.
fn of_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

const REVIEW_FILE: &str = "content/management-reviews/2026.yaml";

#[test]
fn a_missing_input_warns_at_the_review_naming_the_9_3_2_item_its_frameworks_require() {
    let f = portal("iso42001");
    let (_, diags, text) = check_both(&f.root(), &[]);
    let w360 = of_code(&diags, "W360");
    assert_eq!(w360.len(), 1, "{text}");
    assert_eq!(
        w360[0]["message"],
        "management review `MR-2026-01` does not record input 9.3.2 a (status of actions from previous management reviews): add `inputs.previous_actions`"
    );
    assert_diagnostic(&diags, &text, "W360", (REVIEW_FILE, 7, None));

    // ISO/IEC 27001 in scope adds three inputs, and numbers the improvement item g.
    let f = portal("iso42001, iso27001");
    let (_, diags, text) = check_both(&f.root(), &[]);
    let messages: Vec<&str> = of_code(&diags, "W360")
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 4, "{text}");
    for needle in [
        "input 9.3.2 a (",
        "input 9.3.2 d 4 (how far the objectives are fulfilled): add `inputs.objectives`",
        "input 9.3.2 e (feedback from interested parties): add `inputs.interested_party_feedback`",
        "input 9.3.2 f (results of risk assessment and status of the risk treatment plan): add `inputs.risk_assessment_results`",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(needle)),
            "{needle}\n{text}"
        );
    }

    // A framework that asks for no review inputs: nothing is missing.
    let f = portal("soc2");
    let (_, diags, _) = check_both(&f.root(), &[]);
    assert!(of_code(&diags, "W360").is_empty());
}

#[test]
fn the_review_page_is_a_checklist_by_item_with_outputs_and_the_overdue_action() {
    let f = portal("iso42001");
    let (_, diags, text) = check_both(&f.root(), &[]);
    // Due 2026-04-01, not done: overdue; the done one is not.
    assert_eq!(of_code(&diags, "W362").len(), 1, "{text}");
    assert_diagnostic(&diags, &text, "W362", (REVIEW_FILE, 21, None));
    build_ok(&f.root(), &[]);
    let html = read_page(&f.out(), "management-reviews/MR-2026-01.html");
    let inputs = text_of(section(&html, "inputs"));
    assert!(
        inputs.contains("1 of the inputs the frameworks in scope require is not recorded"),
        "{inputs}"
    );
    assert!(
        inputs.contains("✗ 9.3.2 a Status of actions from previous management reviews previous_actions Missing Not recorded."),
        "{inputs}"
    );
    assert!(
        inputs.contains("✓ 9.3.2 b Changes in external and internal issues"),
        "{inputs}"
    );
    assert!(
        inputs.contains("Reviewed: OBJ-01 Trained workforce"),
        "{inputs}"
    );
    // ISO/IEC 27001 is not in scope: its own inputs are not listed as missing.
    assert!(!inputs.contains("interested_party_feedback"), "{inputs}");
    let outputs = text_of(section(&html, "outputs"));
    for needle in [
        "AI policy 2.1 approved",
        "Board report twice a year",
        "Survey panel budget",
        "Make training a condition for production access CISO 2026-04-01 action: Overdue",
        "Publish the 2026 objectives Head of AI Governance 2026-02-01 2026-01-30",
    ] {
        assert!(outputs.contains(needle), "{needle}\n{outputs}");
    }
    let page = text_of(&html);
    assert!(page.contains("Attendees CEO, CISO"), "{page}");
    assert!(page.contains("Next review due 2027-01-20"), "{page}");
    // Listings say how many inputs are missing, and where each objective stands.
    let listing = text_of(&read_page(&f.out(), "records.html"));
    assert!(
        listing.contains("MR-2026-01 Management review, January 2026 2026-01-20 1 input missing"),
        "{listing}"
    );
    assert!(
        listing.contains("OBJ-03 Transparent AI interactions Not measured"),
        "{listing}"
    );
    // The gaps page lists the review under both its gaps.
    let gaps = text_of(&read_page(&f.out(), "gaps.html"));
    for heading in [
        "Management reviews missing required inputs 1 Item Owner Date MR-2026-01",
        "Corrective and review actions past their due date 1 Item Owner Date MR-2026-01",
    ] {
        assert!(gaps.contains(heading), "{heading}\n{gaps}");
    }
}

#[test]
fn a_latest_review_older_than_the_planned_interval_warns() {
    let f = portal("iso42001");
    let (_, diags, _) = check_both(&f.root(), &[]);
    assert!(of_code(&diags, "W361").is_empty());
    f.write(
        "portal.yaml",
        "title: Records Portal\norganization: Records Ltd\nframeworks: [iso42001]\nreviews:\n  default_interval: semiannual\n",
    );
    let (_, diags, text) = check_both(&f.root(), &[]);
    let w361 = of_code(&diags, "W361");
    assert_eq!(w361.len(), 1, "{text}");
    assert!(
        w361[0]["message"]
            .as_str()
            .unwrap()
            .contains("`MR-2026-01` of 2026-01-20, is older than the planned interval (semiannual): the next was due 2026-07-20"),
        "{text}"
    );
    assert_diagnostic(&diags, &text, "W361", (REVIEW_FILE, 4, None));
}

#[test]
fn an_objective_off_track_warns_and_its_page_draws_the_chart_with_a_table() {
    let f = portal("iso42001");
    let (_, diags, text) = check_both(&f.root(), &[]);
    let w363 = of_code(&diags, "W363");
    assert_eq!(w363.len(), 1, "only OBJ-02 is off track\n{text}");
    assert_eq!(
        w363[0]["message"],
        "objective `OBJ-02` is off track: latest 6 hours (2026-09-30) misses the target and is rising: at most 4 hours by 2026-12-31"
    );
    assert_diagnostic(&diags, &text, "W363", ("content/objectives.yaml", 12, None));
    build_ok(&f.root(), &[]);

    let html = read_page(&f.out(), "objectives/OBJ-01.html");
    assert!(html.contains("badge-track-on-track"), "{html}");
    let chart = &html[html.find("<svg class=\"chart\"").expect("a chart")..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    assert!(chart.contains("role=\"img\""));
    assert!(
        chart.contains("<title id=\"chart-title\">Staff trained: 2 measurements from 2026-03-31 (91 %) to 2026-09-30 (93.5 %), rising; target at least 95 % by 2026-12-31; on track</title>"),
        "{chart}"
    );
    assert!(chart.contains("target ≥ 95 %") && chart.contains("by 2026-12-31"));
    assert_eq!(
        chart.matches("<circle class=\"misses\"").count(),
        2,
        "{chart}"
    );
    // No script, no colour fixed in the drawing: the stylesheet and currentColor decide.
    assert!(
        !chart.contains("<script") && !chart.contains("fill=\"#"),
        "{chart}"
    );
    let table = text_of(section(&html, "measurements"));
    assert!(table.contains("2026-03-31 91 % misses"), "{table}");
    assert!(
        table.contains("2026-09-30 93.5 % misses Q3 export"),
        "{table}"
    );

    let off = read_page(&f.out(), "objectives/OBJ-02.html");
    assert!(off.contains("badge-track-off-track"));
    let none = text_of(&read_page(&f.out(), "objectives/OBJ-03.html"));
    assert!(none.contains("objective: Not measured"), "{none}");
    assert!(
        none.contains("Not measured yet: no measurement is recorded."),
        "{none}"
    );

    let gaps = text_of(&read_page(&f.out(), "gaps.html"));
    assert!(
        gaps.contains("Objectives off track 1 Item Owner Date OBJ-02 Fast incident triage CISO"),
        "{gaps}"
    );
}

#[test]
fn the_dashboard_shows_each_objectives_trend_and_whether_it_is_on_track() {
    let f = portal("iso42001");
    build_ok(&f.root(), &[]);
    let html = read_page(&f.out(), "index.html");
    let block = section(&html, "objectives");
    assert_eq!(
        block.matches("<svg class=\"sparkline\"").count(),
        2,
        "{block}"
    );
    assert!(block.contains("aria-label=\"Median hours to triage: 2 measurements"));
    let text = text_of(block);
    for needle in [
        "OBJ-01 Trained workforce at least 95 % by 2026-12-31 93.5 % (2026-09-30) rising On track",
        "OBJ-02 Fast incident triage at most 4 hours by 2026-12-31 6 hours (2026-09-30) rising Off track",
        "OBJ-03 Transparent AI interactions at least 100 % not measured — Not measured",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
}

#[test]
fn a_measurement_dated_after_today_does_not_count() {
    let f = portal("iso42001");
    f.write(
        "content/objectives.yaml",
        &OBJECTIVES.replace(
            "      - { date: 2026-09-30, value: 6 }",
            "      - { date: 2026-09-30, value: 6 }\n      - { date: 2026-12-15, value: 3 }",
        ),
    );
    let (_, diags, text) = check_both(&f.root(), &[]);
    assert!(codes(&diags).contains(&"W330".to_string()), "{text}");
    assert_eq!(of_code(&diags, "W363").len(), 1, "still off track\n{text}");
    build_ok(&f.root(), &[]);
    let html = text_of(&read_page(&f.out(), "objectives/OBJ-02.html"));
    assert!(
        html.contains("1 measurement is dated after 2026-11-28"),
        "{html}"
    );
    assert!(!html.contains("2026-12-15 3 hours"), "{html}");
}

#[test]
fn the_trust_center_shows_no_review_or_objective_unless_public() {
    let f = portal("iso42001");
    let out = f.root().join("public-site");
    build_ok(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert!(!out.join("management-reviews/MR-2026-01.html").exists());
    assert!(!out.join("objectives/OBJ-01.html").exists());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("Trained workforce"), "{home}");
}

/// The example builds its own review and objectives, and tells the truth about the review.
#[test]
fn the_example_records_its_january_review_and_the_policy_objectives() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_ok(&example_root(), &["--out", out.to_str().unwrap()]);
    let (_, diags, text) = check_both(&example_root(), &[]);
    // V-12 of the lead auditor's review: the minutes do not show items a and b.
    let w360: Vec<&str> = of_code(&diags, "W360")
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(w360.len(), 2, "{text}");
    assert!(
        w360[0].contains("9.3.2 a") && w360[1].contains("9.3.2 b"),
        "{w360:?}"
    );
    let review = text_of(&read_page(
        Path::new(&out),
        "management-reviews/MR-2026-01.html",
    ));
    assert!(review.contains("Chair Chief Executive Officer"), "{review}");
    for id in ["OBJ-01", "OBJ-02", "OBJ-03", "OBJ-04"] {
        assert!(out.join(format!("objectives/{id}.html")).is_file(), "{id}");
    }
    let trained = read_page(Path::new(&out), "objectives/OBJ-04.html");
    assert!(trained.contains("<svg class=\"chart\""));
    assert!(text_of(&trained).contains("2026-10-31 96.4 % meets 372 of 386 staff"));
}

#[test]
fn the_dashboard_and_the_records_page_show_the_first_objectives_and_link_them_all() {
    const MANY: usize = 60;
    let f = portal("iso42001");
    // The three the review cites, and more.
    let mut objectives = OBJECTIVES.to_string();
    for i in 3..MANY {
        objectives.push_str(&format!(
            "  - id: OBJ-{i:03}\n    title: Objective {i}\n    owner: CISO\n    target: {{ metric: Staff trained, comparison: at-least, value: 95, unit: '%' }}\n"
        ));
    }
    f.write("content/objectives.yaml", &objectives);
    build_ok(&f.root(), &[]);
    let out = f.out();
    let count = |page: &str| read_page(&out, page).matches("objectives/OBJ-").count();
    let dashboard = read_page(&out, "index.html");
    assert!(
        dashboard.contains(&format!("All {MANY} objectives</a> (50 shown here)")),
        "{dashboard}"
    );
    assert!(
        count("index.html") <= 50,
        "the dashboard lists every objective"
    );
    let records = read_page(&out, "records.html");
    assert!(
        records.contains(&format!("All {MANY} objectives</a> (50 shown here)")),
        "{records}"
    );
    // The kind's own index lists them all.
    let index = read_page(&out, "objectives/index.html");
    for id in ["OBJ-01", "OBJ-02", "OBJ-03"]
        .into_iter()
        .map(String::from)
        .chain((3..MANY).map(|i| format!("OBJ-{i:03}")))
    {
        assert!(
            index.contains(&format!("{id}.html")),
            "{id} is not on the objectives index"
        );
    }
}
