//! Faithful to the standards (issue 12): management-system clauses, OSCAL in full, crosswalks
//! that cite, EU AI Act items, the Statement of Applicability as a document.

use crate::harness::TODAY;
use crate::harness::{
    Config, Evidence, Fixture, Policy, RiskScale, SoaEntry, assert_page_contains, build,
    check_json, codes, small_portal, stderr, tracemark,
};

/// A portal with ISO/IEC 42001 in scope: a full SoA for Annex A, evidence for clauses 9.2 and
/// 9.3, a policy citing clause 5.2.
fn iso_portal() -> Fixture {
    let f = Fixture::new();
    f.config(&Config {
        title: "ISO Portal",
        organization: "Iso Ltd",
        frameworks: vec!["iso42001"],
        risk: Some(RiskScale {
            scale: 5,
            appetite: 9,
            categories: vec!["legal"],
            ..RiskScale::default()
        }),
        ..Config::default()
    });
    let annex_a = [
        "A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6",
        "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4",
        "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6",
        "A.8.2", "A.8.3", "A.8.4", "A.8.5", "A.9.2", "A.9.3", "A.9.4", "A.10.2", "A.10.3",
        "A.10.4",
    ];
    let refs: Vec<String> = annex_a.iter().map(|id| format!("iso42001:{id}")).collect();
    let soa: Vec<SoaEntry> = refs
        .iter()
        .map(|control| SoaEntry {
            control,
            applicable: true,
            justification: "We build AI systems",
            status: "implemented",
            ..SoaEntry::default()
        })
        .collect();
    f.soa(&soa)
        .policy(
            "ai",
            &Policy {
                id: "POL-AI",
                title: "AI Policy",
                owner: "CEO",
                status: "approved",
                controls: vec!["iso42001:5.2", "iso42001:A.2.2"],
                body: "See [[iso42001:9.3]].\n",
                ..Policy::default()
            },
        )
        .evidence(
            "e",
            &[
                Evidence {
                    id: "EV-MR",
                    title: "Management review minutes",
                    url: "https://example.com/mr",
                    collected: "2026-10-01",
                    controls: vec!["iso42001:9.3"],
                    ..Evidence::default()
                },
                Evidence {
                    id: "EV-IA",
                    title: "Internal audit report",
                    url: "https://example.com/ia",
                    collected: "2026-09-01",
                    controls: vec!["iso42001:9.2", "iso42001:A.2.2"],
                    ..Evidence::default()
                },
            ],
        );
    f
}

#[test]
fn clauses_resolve_render_and_need_no_soa_entry() {
    let f = iso_portal();
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
    assert!(
        !codes(&diags).contains(&"E502".to_string()),
        "clauses take no SoA entry: {diags:?}"
    );
    // 32 requirements; the evidence cited against 9.2 and 9.3 counts for their 5 sub-clauses:
    // the other 27 are gaps ("requirement without evidence"), and the clauses 9.2 and 9.3 are
    // headings over their sub-clauses, no gap of their own.
    let w312: Vec<_> = diags.iter().filter(|d| d["code"] == "W312").collect();
    assert_eq!(w312.len(), 27, "{w312:?}");
    for met in [
        "9.2`", "9.2.1`", "9.2.2`", "9.3`", "9.3.1`", "9.3.2`", "9.3.3`",
    ] {
        assert!(
            !w312.iter().any(|d| d["message"]
                .as_str()
                .unwrap()
                .contains(&format!("`iso42001:{met}"))),
            "{met} {w312:?}"
        );
    }
    assert!(
        w312.iter()
            .any(|d| d["message"].as_str().unwrap().contains("`iso42001:7.5.3`"))
    );

    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let review = f.read("frameworks/iso42001/9.3.html");
    assert!(review.contains("Management review"));
    assert!(
        review.contains("EV-MR"),
        "evidence linked on the clause page"
    );
    assert!(review.contains("always applies, through its sub-clauses"));
    assert_page_contains(
        &f.out(),
        "frameworks/iso42001/9.3.2.html",
        &["management-system requirement", "EV-MR"],
    );
    assert_page_contains(&f.out(), "frameworks/iso42001/5.2.html", &["POL-AI"]);
    assert!(
        f.read("policies/POL-AI.html")
            .contains("frameworks/iso42001/9.3.html"),
        "[[iso42001:9.3]] links the clause"
    );
    let soa = f.read("soa/iso42001.html");
    assert!(!soa.contains("/9.3.html"), "clauses are not SoA rows");
    assert!(soa.contains("A.2.2.html"));
    let framework = f.read("frameworks/iso42001/index.html");
    assert!(framework.contains("Readiness by clause"));
    assert_page_contains(
        &f.out(),
        "gaps.html",
        &["Management-system requirements without evidence"],
    );
    assert_page_contains(&f.out(), "traceability.html", &["/9.2.html"]);
    let csv = f.read("exports/soa-iso42001.csv");
    assert!(!csv.lines().any(|l| l.starts_with("9.3,")), "{csv}");
}

/// `iso_portal` whose only evidence is the internal audit report, cited against the sub-clause
/// 9.2.2 rather than the clause 9.2 (it replaces the evidence file), and a procedure citing 9.2.
fn iso_portal_citing_9_2_2() -> Fixture {
    let f = iso_portal();
    f.evidence(
        "e",
        &[Evidence {
            id: "EV-IA",
            title: "Internal audit programme 2026",
            url: "https://example.com/ia",
            collected: "2026-09-01",
            controls: vec!["iso42001:9.2.2", "iso42001:A.2.2"],
            ..Evidence::default()
        }],
    )
    .policy(
        "audit",
        &Policy {
            id: "PROC-AUDIT",
            title: "Internal audit procedure",
            owner: "Quality lead",
            status: "approved",
            controls: vec!["iso42001:9.2"],
            body: "How we audit the AI management system.\n",
            ..Policy::default()
        },
    );
    f
}

#[test]
fn what_cites_a_clause_counts_for_each_of_its_sub_clauses() {
    let f = iso_portal();
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // EV-IA cites 9.2: it is listed on, and counts for, 9.2.1 and 9.2.2.
    for sub in ["9.2.1", "9.2.2"] {
        let page = f.read(&format!("frameworks/iso42001/{sub}.html"));
        assert!(page.contains("EV-IA"), "{sub}: {page}");
        assert!(page.contains("sub-clause of"), "{sub} names its clause");
        assert!(page.contains("9.2.html"), "{sub} links its clause");
    }
    // The clause is a heading over its sub-clauses, not a requirement of its own.
    let clause = f.read("frameworks/iso42001/9.2.html");
    assert!(clause.contains("Sub-clauses"), "{clause}");
    assert!(clause.contains("9.2.1.html") && clause.contains("9.2.2.html"));
    let framework = f.read("frameworks/iso42001/index.html");
    assert!(
        framework.contains("met through"),
        "the clause row names its sub-clauses"
    );
    // Readiness of clause 9: 9.1, 9.2.1, 9.2.2, 9.3.1-9.3.3 = 6 requirements, 5 with evidence
    // (through 9.2 and 9.3), none cited by a policy.
    let row = framework
        .split("<tr>")
        .find(|r| r.contains("#group-9\""))
        .expect("readiness row of clause 9");
    let cells: Vec<&str> = row
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["6", "0", "5", "0"], "{row}");
    // The frameworks index counts requirements apart from controls.
    let index = f.read("frameworks/index.html");
    assert!(
        index.contains("38 controls, 32 management-system requirements"),
        "{index}"
    );
}

#[test]
fn citing_a_sub_clause_works_and_a_policy_on_the_clause_counts_for_it() {
    let f = iso_portal_citing_9_2_2();
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
    let w312 = |id: &str| {
        diags.iter().any(|d| {
            d["code"] == "W312" && d["message"].as_str().unwrap().contains(&format!("`{id}`"))
        })
    };
    assert!(
        !w312("iso42001:9.2.2"),
        "evidence on 9.2.2 counts: {diags:?}"
    );
    assert!(
        w312("iso42001:9.2.1"),
        "evidence on 9.2.2 is not evidence for 9.2.1"
    );
    assert!(
        !w312("iso42001:9.2"),
        "the clause is no requirement of its own"
    );
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sub = f.read("frameworks/iso42001/9.2.2.html");
    assert!(sub.contains("EV-IA") && sub.contains("PROC-AUDIT"), "{sub}");
    assert!(!f.read("frameworks/iso42001/9.2.1.html").contains("EV-IA"));
    assert!(
        f.read("frameworks/iso42001/9.2.1.html")
            .contains("PROC-AUDIT")
    );
    // 9.2.2 is cited by a policy (through 9.2) and has evidence: ready.
    let index = f.read("frameworks/index.html");
    assert!(
        index.contains("1 of 32 management-system requirements ready"),
        "{index}"
    );
    // `check` states the new figures.
    let root = f.root();
    let out = tracemark(&["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
    assert!(
        stderr(&out).contains("catalog `iso42001` (ISO/IEC 42001:2023, version 2023): 16 groups, 38 controls, 32 management-system requirements, 3 clauses met through their sub-clauses; in scope"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_clause_cannot_be_excluded() {
    let f = iso_portal();
    f.write(
        "content/controls/clauses.yaml",
        "controls:\n  - ref: iso42001:9.2\n    applicable: false\n    justification: no audits\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1));
    let e505 = diags.iter().find(|d| d["code"] == "E505").expect("E505");
    assert_eq!(e505["file"], "content/controls/clauses.yaml");
    assert_eq!(e505["line"], 3);
}

fn with_sp800_53(f: &Fixture) {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/sp800-53-low.json"
    ))
    .unwrap();
    f.write("content/frameworks/sp800-53-low.json", &json);
}

#[test]
fn sp800_53_pages_show_statements_parameters_guidance_and_enhancements() {
    let f = small_portal();
    with_sp800_53(&f);
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ac1 = f.read("frameworks/sp800-53-low/ac-1.html");
    // Statement item a. with its parameter written out by its label.
    assert!(
        ac1.contains("<span class=\"part-label\">a.</span>"),
        "{ac1}"
    );
    assert!(ac1.contains(
        "Develop, document, and disseminate to [Assignment: organization-defined personnel or roles]:"
    ));
    assert!(!ac1.contains("{{ insert"), "no raw placeholder left");
    assert!(ac1.contains(">Statement</h2>") && ac1.contains(">Guidance</h2>"));
    // A selection parameter reads as its choices.
    let ac1_text = ac1.replace('\n', " ");
    assert!(
        ac1_text.contains("[Selection (one or more):"),
        "AC-1 c. selects organization-level"
    );
    // An enhancement sits under its parent, and the parent lists it.
    let ia2 = f.read("frameworks/sp800-53-low/ia-2.html");
    assert!(ia2.contains("Enhancements") && ia2.contains("ia-2.1.html"));
    let ia21 = f.read("frameworks/sp800-53-low/ia-2.1.html");
    assert!(ia21.contains("enhancement of"));
}

#[test]
fn check_names_every_catalog_with_its_counts_without_failing_strict() {
    let f = small_portal();
    with_sp800_53(&f);
    // The fixture's only warnings come from its own content; the note lines are not warnings.
    let root = f.root();
    let out = tracemark(&["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
    let err = stderr(&out);
    assert!(
        err.contains("note: catalog `sp800-53-low` (NIST Special Publication 800-53 Revision 5.1.1 LOW IMPACT BASELINE, version 5.1.1+u4): 18 groups, 149 controls, 18 of them enhancements; the portal's own, shown as aligned"),
        "{err}"
    );
    assert!(err.contains(
        "note: catalog `mini` (Mini Framework, version 1): 2 groups, 3 controls; in scope"
    ));
    let (_, diags) = check_json(&f.root(), &[]);
    assert!(
        diags
            .iter()
            .all(|d| d["code"] != "W211" && d["code"] != "E108"),
        "the SP 800-53 catalog loads cleanly: {diags:?}"
    );
}

const OWN_CATALOG: &str = r##"{"catalog": {"uuid": "x", "metadata": {"title": "Own"},
 "groups": [{"id": "g", "title": "G", "controls": [
   {"id": "c-1", "title": "Live", "props": [{"name": "label", "value": "C-1"}]},
   {"id": "c-2", "title": "Old", "props": [{"name": "label", "value": "C-2"}, {"name": "status", "value": "withdrawn"}],
    "links": [{"href": "#c-1", "rel": "incorporated-into"}]}],
   "groups": [{"id": "g-sub", "title": "Sub", "controls": [{"id": "c-3", "title": "Nested"}]}]}]}}"##;

#[test]
fn a_withdrawn_control_needs_no_soa_entry_and_nested_groups_are_kept() {
    let f = Fixture::new();
    f.write(
        "portal.yaml",
        "title: T\norganization: O\nframeworks: [own]\nrisk:\n  scale: 5\n  categories: [legal]\n",
    )
    .write("content/frameworks/own.json", OWN_CATALOG)
    .write(
        "content/controls/soa.yaml",
        "controls:\n  - ref: own:c-1\n    applicable: true\n    justification: yes\n  - ref: own:c-3\n    applicable: true\n    justification: yes\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
    assert!(!codes(&diags).contains(&"E502".to_string()), "{diags:?}");
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let old = f.read("frameworks/own/c-2.html");
    assert!(old.contains("badge-applicability-withdrawn"));
    assert!(old.contains("Incorporated into C-1."));
    let index = f.read("frameworks/own/index.html");
    assert!(
        index.contains("g-sub") && index.contains("c-3.html"),
        "nested group kept"
    );
}

#[test]
fn unusable_oscal_parts_are_reported_at_their_line() {
    let f = small_portal();
    f.write(
        "content/frameworks/broken.json",
        "{\"catalog\": {\"groups\": [{\"id\": \"g\", \"title\": \"G\", \"controls\": [\n  {\"title\": \"Nameless\"},\n  {\"id\": \"ok-1\", \"title\": \"Fine\", \"extra\": 1}\n]}]}}\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1));
    let e108 = diags.iter().find(|d| d["code"] == "E108").expect("E108");
    assert_eq!(e108["file"], "content/frameworks/broken.json");
    assert_eq!(e108["line"], 2);
    assert!(e108["message"].as_str().unwrap().contains("no `id`"));
    let w211 = diags.iter().find(|d| d["code"] == "W211").expect("W211");
    assert_eq!(w211["line"], 3);
    let out = build(&f.root(), &[]);
    assert!(!out.status.success());
    assert!(!f.out().join("frameworks/broken/.html").exists());
}

#[test]
fn a_user_catalog_with_a_builtin_id_is_an_error_that_says_so() {
    let f = small_portal();
    f.write(
        "content/frameworks/iso42001.json",
        "{\"catalog\": {\"metadata\": {\"title\": \"Mine\"}, \"groups\": []}}",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1));
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(
        errors.len(),
        1,
        "one error, not one per control: {errors:?}"
    );
    assert_eq!(errors[0]["code"], "E211");
    assert!(errors[0]["message"].as_str().unwrap().contains("built-in"));
}

#[test]
fn crosswalk_pairs_carry_source_and_rationale_and_synonyms_read() {
    let f = small_portal();
    f.write(
        "content/frameworks/other.yaml",
        "framework: { id: other, name: Other }\ngroups:\n  - id: O.1\n    title: O\n    controls:\n      - { id: O.1.1, title: Policy }\n",
    )
    .write(
        "content/frameworks/mini--other.yaml",
        "crosswalk: { from: mini, to: other, source: Our reading }\nmappings:\n  - { from: M.1.1, to: [O.1.1], relation: equivalent, source: \"Published table 3\", rationale: \"Both ask for a written policy.\" }\n",
    );
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let walk = f.read("crosswalks/mini--other.html");
    assert!(walk.contains("Both ask for a written policy."));
    assert!(walk.contains("Published table 3"));
    assert!(walk.contains("<td>Equal</td>"), "equivalent reads as equal");
    let control = f.read("frameworks/mini/M.1.1.html");
    assert!(
        control.contains("Both ask for a written policy.") && control.contains("Published table 3")
    );
}

#[test]
fn a_high_risk_system_names_the_annex_iii_point_it_rests_on() {
    let f = small_portal();
    f.write(
        "portal.yaml",
        "title: Fixture Portal\norganization: Fixture Ltd\nframeworks: [mini]\naligned: [eu-ai-act]\nrisk:\n  scale: 5\n  appetite: 9\n  categories: [user-harm, legal]\nreviews:\n  default_interval: annual\n  due_soon: 30d\n",
    )
    .write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    risk_class: high-risk\n    last_review: 2026-06-01\n  - id: SYS-2\n    name: Hiring ranker\n    owner: HR\n    risk_class: high-risk\n    high_risk_basis: [eu-ai-act:AnnexIII.4.a]\n    last_review: 2026-06-01\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
    let w311: Vec<_> = diags.iter().filter(|d| d["code"] == "W311").collect();
    assert_eq!(w311.len(), 1, "{w311:?}");
    assert!(w311[0]["message"].as_str().unwrap().contains("SYS-1"));
    assert_eq!(w311[0]["line"], 5);
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = f.read("systems/SYS-2.html");
    assert!(page.contains("Annex III 4(a)") && page.contains("AnnexIII.4.a.html"));
    for item in [
        "AnnexIV.html",
        "Art.99.html",
        "Art.113.html",
        "Art.51.html",
        "Art.71.html",
    ] {
        assert!(
            f.out().join("frameworks/eu-ai-act").join(item).is_file(),
            "{item}"
        );
    }
}

#[test]
fn the_example_renders_the_iso42001_to_ai_act_crosswalk_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tracemark(&[
        "build",
        "--root",
        root,
        "--out",
        out_dir.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let walk =
        std::fs::read_to_string(out_dir.join("crosswalks/iso42001--eu-ai-act.html")).unwrap();
    for article in [
        "Art.9.html",
        "Art.10.html",
        "Art.14.html",
        "Art.27.html",
        "Art.73.html",
    ] {
        assert!(walk.contains(article), "{article}");
    }
    assert!(walk.contains("fundamental rights impact assessment"));
    let art27 = std::fs::read_to_string(out_dir.join("frameworks/eu-ai-act/Art.27.html")).unwrap();
    assert!(art27.contains("Source:"), "pair source on the control page");

    // The example answers the lead auditor's findings (issue 12).
    let read = |p: &str| std::fs::read_to_string(out_dir.join(p)).unwrap();
    assert!(
        read("frameworks/iso42001/9.3.html").contains("EV-013"),
        "review minutes under 9.3"
    );
    assert!(
        read("frameworks/iso42001/9.2.html").contains("EV-021"),
        "internal audit evidence"
    );
    assert!(
        read("systems/SYS-ROUTE.html").contains("IA-ROUTE"),
        "every system is assessed"
    );
    assert!(read("systems/SYS-LOAN.html").contains("Annex III 5(b)"));
    assert!(read("policies/POL-AI-002.html").contains("AI system impact assessment"));
    assert!(read("policies/POL-SEC-003.html").contains("10 days where a person has died"));
    let soa = read("soa/iso42001.html");
    assert!(soa.contains("Change history") && !soa.contains("badge-applicability-excluded"));
    // Issue 19: the internal audit report cited against 9.2 counts for 9.2.1 and 9.2.2.
    for sub in ["9.2.1", "9.2.2"] {
        assert!(
            read(&format!("frameworks/iso42001/{sub}.html")).contains("EV-021"),
            "{sub}"
        );
    }
    // The chatbot's transparency duty has its 42001 anchor.
    assert!(walk.contains("Art.50.html"));
    // The frameworks index counts controls apart from requirements, for every framework
    // (audit 1.8): no "118 controls" for 27001, no "77 controls" for the AI Act.
    let index = read("frameworks/index.html");
    for counts in [
        "38 controls, 32 management-system requirements",
        "93 controls, 30 management-system requirements",
        "61 criteria",
        "72 subcategories",
        "articles, ",
    ] {
        assert!(index.contains(counts), "{counts}: {index}");
    }
    assert!(!index.contains("118 controls") && !index.contains("77 controls"));
    assert!(index.contains("ISO/IEC 27001:2022 + Amd 1:2024"));
    let (code, diags) = {
        let out = tracemark(&[
            "check", "--root", root, "--today", TODAY, "--format", "json",
        ]);
        let diags: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), diags.as_array().unwrap().clone())
    };
    assert_eq!(code, Some(0));
    for code in ["W306", "W312", "W311", "E504"] {
        assert!(
            !codes(&diags).contains(&code.to_string()),
            "{code} in the example: {diags:?}"
        );
    }
}

#[test]
fn the_soa_is_a_controlled_document_and_its_rows_link_evidence() {
    let f = iso_portal();
    f.write(
        "portal.yaml",
        "title: ISO Portal\norganization: Iso Ltd\nframeworks: [iso42001]\nrisk:\n  scale: 5\n  appetite: 9\n  categories: [legal]\nsoa:\n  iso42001:\n    version: \"4.0\"\n    approved_by: AI Governance Committee\n    approved: 2026-10-15\n    history:\n      - { version: \"4.0\", date: 2026-10-15, summary: A.7.3 included, approved_by: AI Governance Committee }\n      - { version: \"3.0\", date: 2026-01-20, summary: First issue }\n",
    );
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let soa = f.read("soa/iso42001.html");
    assert!(
        soa.contains("4.0")
            && soa.contains("AI Governance Committee")
            && soa.contains("2026-10-15")
    );
    assert!(
        soa.contains("Change history")
            && soa.contains("A.7.3 included")
            && soa.contains("First issue")
    );
    assert!(
        soa.contains("evidence/EV-IA.html"),
        "the A.2.2 row links its evidence"
    );
    let json: serde_json::Value =
        serde_json::from_str(&f.read("exports/soa-iso42001.json")).unwrap();
    assert_eq!(json["document"]["version"], "4.0");
    assert_eq!(json["document"]["approved"], "2026-10-15");
    assert_eq!(json["document"]["history"][1]["summary"], "First issue");
    assert_eq!(
        json["controls"].as_array().unwrap().len(),
        38,
        "Annex A rows, no clauses"
    );
    assert_eq!(json["controls"][0]["control"], "A.2.2");

    f.write(
        "portal.yaml",
        "title: ISO Portal\norganization: Iso Ltd\nframeworks: [iso42001]\nrisk:\n  scale: 5\n  categories: [legal]\nsoa:\n  soc2:\n    version: \"1\"\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1));
    let e212 = diags.iter().find(|d| d["code"] == "E212").expect("E212");
    assert_eq!(
        (e212["file"].as_str(), e212["line"].as_u64()),
        (Some("portal.yaml"), Some(8))
    );
}

/// Shaped like NIST's `basic-catalog.json` example (nested groups without controls of their
/// own, a group objective, Markdown prose, a choice that inserts another parameter, a typo in
/// a parameter id), with text written for this test.
const SECTIONED_CATALOG: &str = r##"{
  "catalog": {
    "uuid": "b",
    "metadata": {"title": "Sectioned", "version": "1.0", "oscal-version": "1.0.0"},
    "groups": [
      {"id": "s1", "title": "Organization", "props": [{"name": "label", "value": "1"}],
       "groups": [
         {"id": "s1.1", "title": "Internal organization", "props": [{"name": "label", "value": "1.1"}],
          "parts": [{"id": "s1.1_obj", "name": "objective", "prose": "Set up a framework that runs security."}],
          "controls": [
            {"id": "s1.1.1", "title": "Roles",
             "params": [{"id": "p-lock", "label": "a choice", "select": {"how-many": "one-or-more",
                          "choice": ["lock after {{ insert: param, p-time }} idle", "lock on leaving"]}},
                        {"id": "p-time", "label": "a duration"}],
             "props": [{"name": "label", "value": "1.1.1"}],
             "parts": [{"id": "s1.1.1_stm", "name": "statement",
                        "prose": "Define who does what; devices {{ insert: param, p-lock }}.\n\nThe value of {{ insert: param, p-typo }} is set.\n\n1. first step;\n1. second step."},
                       {"id": "s1.1.1_inf", "name": "information", "props": [{"name": "label", "value": "Other information"}],
                        "prose": "Extra notes."}]}
          ]}
       ]}
    ]
  }
}"##;

#[test]
fn an_oscal_catalog_with_sections_shows_objectives_choices_and_reports_bad_parameters() {
    let f = small_portal();
    f.write("content/frameworks/sectioned.json", SECTIONED_CATALOG);
    let (_, diags) = check_json(&f.root(), &[]);
    let w211: Vec<_> = diags.iter().filter(|d| d["code"] == "W211").collect();
    assert_eq!(w211.len(), 1, "{w211:?}");
    assert!(w211[0]["message"].as_str().unwrap().contains("p-typo"));
    assert_eq!(w211[0]["line"], 17, "at the prose that inserts it");
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = f.read("frameworks/sectioned/index.html");
    assert!(
        index.contains("Set up a framework that runs security."),
        "group objective shown"
    );
    assert!(index.contains(">Objective</h3>"));
    let control = f.read("frameworks/sectioned/s1.1.1.html");
    assert!(control.contains(
        "devices [Selection (one or more): lock after [Assignment: a duration] idle; lock on leaving]."
    ), "{control}");
    assert!(
        control.contains("1. first step;\n1. second step."),
        "line breaks of the prose kept"
    );
    assert!(control.contains("Other information"));
}
