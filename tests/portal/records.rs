//! The records an auditor samples (audits, findings, nonconformities, management reviews,
//! objectives, incidents) as graph nodes: one id space with the other entities, references
//! checked at file:line, mentions, W330, pages, and the audience rules. The checks of each
//! kind have their own tests beside the code and in `tests/portal/` by kind.

use crate::harness::{
    Fixture, assert_diagnostic, assert_page_contains, build_ok, check_json, codes, read_page,
    small_portal, text_of,
};

/// The text of a source file of the fixture.
fn source(f: &Fixture, path: &str) -> String {
    std::fs::read_to_string(f.root().join(path)).unwrap()
}

/// The small portal with one record of each kind, all internal.
fn with_records() -> Fixture {
    let f = small_portal();
    f.write(
        "content/audits/2026.yaml",
        "programmes:\n  - id: AP-2026\n    title: Audit programme 2026\n    scope: [mini:M.1.1]\n\
         audits:\n  - id: IA-1\n    title: Governance audit\n    programme: AP-2026\n    status: completed\n\
         \x20   reported: 2026-06-30\n    auditor: A. Auditor\n    scope: [mini:M.1.1]\n    findings:\n\
         \x20     - id: IA-1-01\n        type: minor\n        control: mini:M.1.2\n        statement: Roles not assigned.\n",
    )
    .write(
        "content/nonconformities/nc.yaml",
        "nonconformities:\n  - id: NC-1\n    title: Roles not assigned\n    source: IA-1-01\n    raised: 2026-07-01\n\
         \x20   controls: [mini:M.1.2]\n    risks: [RSK-1]\n    description: See [[POL-1]] and [[IA-1-01]].\n",
    )
    .write(
        "content/management-reviews/mr.yaml",
        "management_reviews:\n  - id: MR-1\n    title: Management review 2026\n    date: 2026-01-20\n",
    )
    .write(
        "content/objectives.yaml",
        "objectives:\n  - id: OBJ-1\n    title: Train everyone\n    owner: HR\n\
         \x20   target: { metric: trained, comparison: at-least, value: 95, unit: \"%\" }\n",
    )
    .write(
        "content/incidents/i.yaml",
        "incidents:\n  - id: INC-1\n    title: Wrong answer\n    system: SYS-1\n    detected: 2026-09-01T14:30Z\n    severity: low\n",
    );
    f
}

#[test]
fn every_record_kind_gets_a_page_linked_to_what_it_names() {
    let f = with_records();
    build_ok(&f.root(), &[]);
    let out = f.out();
    for page in [
        "records.html",
        "audits/index.html",
        "audits/AP-2026.html",
        "audits/IA-1.html",
        "nonconformities/NC-1.html",
        "management-reviews/MR-1.html",
        "objectives/OBJ-1.html",
        "incidents/INC-1.html",
    ] {
        assert!(out.join(page).is_file(), "{page} was not written");
    }
    // A nonconformity links its source finding (an anchor on the audit's page), its
    // control, its risk, and the policy its description mentions.
    let nc = assert_page_contains(
        &out,
        "nonconformities/NC-1.html",
        &[
            "audits/IA-1.html#IA-1-01",
            "frameworks/mini/M.1.2.html",
            "risks/RSK-1.html",
            "policies/POL-1.html",
        ],
    );
    assert!(text_of(&nc).contains("Roles not assigned"), "{nc}");
    assert_page_contains(
        &out,
        "audits/IA-1.html",
        &["id=\"IA-1-01\"", "AP-2026.html"],
    );
    assert_page_contains(&out, "incidents/INC-1.html", &["systems/SYS-1.html"]);
    let hub = read_page(&out, "records.html");
    for id in ["AP-2026", "IA-1", "NC-1", "MR-1", "OBJ-1", "INC-1"] {
        assert!(hub.contains(id), "records.html does not list {id}");
    }
}

#[test]
fn record_ids_share_the_one_id_space() {
    let f = with_records();
    // A finding that reuses a risk's id, and an incident that reuses the nonconformity's.
    f.write(
        "content/incidents/i.yaml",
        "incidents:\n  - id: NC-1\n    title: Wrong answer\n    detected: 2026-09-01\n    severity: low\n",
    );
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    assert_diagnostic(&diags, &text, "E205", ("content/incidents/i.yaml", 2, None));
    let f = with_records();
    f.write(
        "content/audits/2026.yaml",
        &source(&f, "content/audits/2026.yaml").replace("id: IA-1-01", "id: RSK-1"),
    );
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    // The duplicate is reported at the finding's own `id:` line, in its audit's file.
    assert_diagnostic(
        &diags,
        &text,
        "E205",
        ("content/audits/2026.yaml", 14, None),
    );
}

#[test]
fn a_reference_a_record_cannot_resolve_is_an_error_at_its_value() {
    let f = with_records();
    f.write(
        "content/nonconformities/nc.yaml",
        &source(&f, "content/nonconformities/nc.yaml")
            .replace("risks: [RSK-1]", "risks: [RSK-9]")
            .replace("source: IA-1-01", "source: RSK-2"),
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1));
    let text = format!("{diags:#?}");
    let file = "content/nonconformities/nc.yaml";
    assert_diagnostic(&diags, &text, "E201", (file, 7, None));
    // A risk named where a finding, incident or review belongs.
    assert_diagnostic(&diags, &text, "E202", (file, 4, None));
    assert!(text.contains("did you mean `RSK-1`"), "{text}");
}

#[test]
fn a_record_dated_after_today_is_a_warning() {
    let f = with_records();
    f.write(
        "content/management-reviews/mr.yaml",
        "management_reviews:\n  - id: MR-1\n    title: Management review 2026\n    date: 2026-12-20\n",
    );
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    assert_diagnostic(
        &diags,
        &text,
        "W330",
        ("content/management-reviews/mr.yaml", 4, None),
    );
}

#[test]
fn the_trust_center_shows_no_record_unless_it_is_public() {
    let f = with_records();
    let out = f.root().join("trust");
    let public = ["--audience", "public", "--out", out.to_str().unwrap()];
    build_ok(&f.root(), &public);
    assert!(!out.join("records.html").exists());
    assert!(!out.join("incidents/INC-1.html").exists());
    // One public record: only it is shown, and the mention of the hidden finding in it reads
    // as text, not as a link or an id.
    f.write(
        "content/nonconformities/nc.yaml",
        &source(&f, "content/nonconformities/nc.yaml").replace(
            "    title: Roles not assigned\n",
            "    title: Roles not assigned\n    visibility: public\n",
        ),
    );
    let (_, diags) = check_json(&f.root(), &["--audience", "public"]);
    assert!(
        !codes(&diags).iter().any(|c| c.starts_with('E')),
        "{diags:#?}"
    );
    build_ok(&f.root(), &public);
    let page = read_page(&out, "nonconformities/NC-1.html");
    assert!(!page.contains("IA-1-01"), "{page}");
    assert!(!out.join("audits/IA-1.html").exists());
}
