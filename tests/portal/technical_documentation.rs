//! EU AI Act Annex IV technical documentation (issue 19, item 7): a system's
//! `technical_documentation:` checked key by key and id by id at its line, the page
//! `technical-documentation/<ID>.html` listing the nine points with what covers each or a gap,
//! in each audience as it may see it, and the uncovered points as gaps and W345.

use crate::harness::{build, check_json, small_portal, stderr};
use serde_json::Value;

/// `portal.yaml` of the small portal with the EU AI Act aligned, for the Annex IV titles.
const CONFIG: &str = "title: Fixture Portal\norganization: Fixture Ltd\nframeworks: [mini]\naligned: [eu-ai-act]\nrisk:\n  scale: 5\n  appetite: 9\n  categories: [user-harm, legal]\nreviews:\n  default_interval: annual\n  due_soon: 30d\n";

/// A high-risk system (line 2) with `technical_documentation:` at line 9 and `points` after it.
fn high_risk_system(visibility: &str, points: &str) -> String {
    format!(
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    risk_class: high-risk\n    high_risk_basis: [eu-ai-act:AnnexIII.4.a]\n    visibility: {visibility}\n    last_review: 2026-06-01\n    technical_documentation:\n{points}"
    )
}

fn find<'a>(diags: &'a [Value], code: &str, line: u64) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code && d["line"] == line)
        .unwrap_or_else(|| panic!("no {code} at line {line}: {diags:#?}"))
}

#[test]
fn unknown_points_and_ids_are_errors_at_their_line_with_what_was_meant() {
    let f = small_portal();
    f.write("portal.yaml", CONFIG).write(
        "content/systems/s.yaml",
        &high_risk_system(
            "internal",
            "      1: [POL-1, EV-1]\n      AnnexIV.2: [POL-2]\n      3: { covered_by: [EV-9], note: partly }\n      4: [RSK-1]\n      12: [EV-1]\n",
        ),
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1), "{diags:#?}");
    let key = find(&diags, "E240", 11);
    assert_eq!(key["file"], "content/systems/s.yaml");
    assert_eq!(key["column"], 7, "at the key: {key}");
    assert!(key["help"].as_str().unwrap().contains("did you mean `2`?"));
    let twelve = find(&diags, "E240", 14);
    assert!(
        !twelve["help"].as_str().unwrap().contains("did you mean"),
        "12 names no point: {twelve}"
    );
    let dangling = find(&diags, "E201", 12);
    assert_eq!(dangling["column"], 25, "at the id: {dangling}");
    assert!(
        dangling["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `EV-"),
        "{dangling}"
    );
    let risk = find(&diags, "E202", 13);
    assert!(risk["message"].as_str().unwrap().contains("RSK-1"));
    // Points 1 covered; 2 to 9 are not (the misspelt key, the dangling id and the risk cover
    // nothing), named at `technical_documentation:`.
    let gaps = find(&diags, "W345", 9);
    assert_eq!(gaps["column"], 5);
    assert!(
        gaps["message"]
            .as_str()
            .unwrap()
            .contains("SYS-1`: Annex IV points 2, 3, 4, 5, 6, 7, 8, 9 of"),
        "{gaps}"
    );
}

#[test]
fn a_high_risk_system_without_technical_documentation_warns_at_its_class() {
    let f = small_portal();
    f.write("portal.yaml", CONFIG).write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    risk_class: high-risk\n    high_risk_basis: [eu-ai-act:AnnexIII.4.a]\n    last_review: 2026-06-01\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:#?}");
    let w = find(&diags, "W345", 5);
    assert!(
        w["message"].as_str().unwrap().contains(
            "declares no technical documentation: Annex IV points 1, 2, 3, 4, 5, 6, 7, 8, 9"
        ),
        "{w}"
    );
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = f.read("technical-documentation/SYS-1.html");
    assert_eq!(page.matches("Nothing covers this point yet.").count(), 9);
}

#[test]
fn the_page_lists_the_nine_points_with_what_covers_each_in_every_audience() {
    let f = small_portal();
    f.write("portal.yaml", CONFIG)
        .write(
            "content/systems/s.yaml",
            &high_risk_system(
                "public",
                "      1: [EV-PUB, EV-HID]\n      2: { covered_by: [EV-HID], note: \"Architecture notes are kept by ML Lead.\" }\n      9: [EV-PUB]\n",
            ),
        )
        .write(
            "content/evidence/td.yaml",
            "evidence:\n  - id: EV-PUB\n    title: Published model card\n    url: https://x.example/card\n    collected: 2026-10-01\n    visibility: public\n  - id: EV-HID\n    title: Secret design review\n    url: https://x.example/design\n    collected: 2026-10-01\n    visibility: confidential\n",
        );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:#?}");
    let w = find(&diags, "W345", 9);
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("points 3, 4, 5, 6, 7, 8 of")
    );

    let out = build(
        &f.root(),
        &[
            "--audience",
            "auditor",
            "--force",
            "--out",
            f.out().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let page = f.read("technical-documentation/SYS-1.html");
    for needle in [
        "Annex IV 1",
        "General description of the AI system",
        "frameworks/eu-ai-act/AnnexIV.1.html",
        "frameworks/eu-ai-act/AnnexIV.9.html",
        "Copy of the EU declaration of conformity",
        "evidence/EV-PUB.html",
        "evidence/EV-HID.html",
        "Architecture notes are kept by ML Lead.",
        "3 of the nine points of Annex IV name the documents or evidence that cover them; 6 are gaps.",
    ] {
        assert!(page.contains(needle), "auditor page lacks `{needle}`");
    }
    assert_eq!(page.matches("Nothing covers this point yet.").count(), 6);
    let system = f.read("systems/SYS-1.html");
    assert!(system.contains("technical-documentation/SYS-1.html"));
    assert!(system.contains("6 of 9 not covered"));
    let gaps = f.read("gaps.html");
    assert!(
        gaps.contains("High-risk AI systems with Annex IV technical documentation not covered")
    );
    assert!(
        gaps.contains("3, 4, 5, 6, 7, 8"),
        "the gap names the points"
    );

    // The trust center shows the public system's page with what the public may see: the
    // confidential record is counted, never named, and point 2 is restricted, not a gap.
    let out = build(
        &f.root(),
        &[
            "--audience",
            "public",
            "--force",
            "--out",
            f.out().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let public = f.read("technical-documentation/SYS-1.html");
    assert!(public.contains("evidence/EV-PUB.html"));
    assert!(!public.contains("EV-HID") && !public.contains("Secret design review"));
    // Covered, but not by anything this edition shows: said in customer words, not as a gap.
    assert!(
        public.contains("Covered by 1 document not in this edition, shared on request."),
        "{public}"
    );
    assert_eq!(public.matches("Nothing covers this point yet.").count(), 6);
    assert!(
        f.read("systems/SYS-1.html")
            .contains("technical-documentation/SYS-1.html")
    );
}

#[test]
fn an_internal_system_has_no_page_in_the_trust_center_and_a_minimal_one_none() {
    let f = small_portal();
    f.write("portal.yaml", CONFIG).write(
        "content/systems/s.yaml",
        &format!(
            "{}  - id: SYS-2\n    name: Router\n    owner: Ops\n    risk_class: minimal\n    last_review: 2026-06-01\n",
            high_risk_system("internal", "      1: [POL-1]\n")
        ),
    );
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.out().join("technical-documentation/SYS-1.html").is_file());
    assert!(!f.out().join("technical-documentation/SYS-2.html").exists());
    assert!(
        !f.read("systems/SYS-2.html")
            .contains("technical-documentation/")
    );
    let out = build(
        &f.root(),
        &[
            "--audience",
            "public",
            "--force",
            "--out",
            f.out().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!f.out().join("technical-documentation").exists());
}

#[test]
fn the_example_documents_its_two_high_risk_systems_and_shows_the_gaps() {
    let f = crate::harness::Fixture::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let out_dir = f.root().join("out");
    let out = crate::harness::tracemark(&[
        "build",
        "--root",
        root,
        "--out",
        out_dir.to_str().unwrap(),
        "--today",
        crate::harness::TODAY,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let read = |p: &str| std::fs::read_to_string(out_dir.join(p)).unwrap();
    let hire = read("technical-documentation/SYS-HIRE.html");
    assert!(hire.contains("policies/IA-HIRE.html") && hire.contains("evidence/EV-014.html"));
    assert_eq!(hire.matches("Nothing covers this point yet.").count(), 4);
    let loan = read("technical-documentation/SYS-LOAN.html");
    assert!(
        loan.contains("evidence/EV-016.html"),
        "change approval under point 6"
    );
    assert_eq!(loan.matches("Nothing covers this point yet.").count(), 2);
    assert!(
        !out_dir
            .join("technical-documentation/SYS-CHAT.html")
            .exists()
    );
    assert!(read("systems/SYS-LOAN.html").contains("technical-documentation/SYS-LOAN.html"));
}
