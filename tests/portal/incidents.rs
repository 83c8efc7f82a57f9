//! Incidents: the EU AI Act Art. 73 and GDPR Art. 33 notice deadlines as diagnostics at the
//! incident's file and line, the incident page's timeline, and incidents in the gaps page,
//! the exports, search and print, under each audience's visibility.

use crate::harness::{
    assert_diagnostic, build_ok, check_both, check_fails, read_page, small_portal, visible_text,
};

const FILE: &str = "content/incidents/2026.yaml";

/// The small portal with `incidents` (YAML list items) in [`FILE`].
fn with_incidents(items: &str) -> crate::harness::Fixture {
    let f = small_portal();
    f.write(FILE, &format!("incidents:\n{items}"));
    f
}

const LATE: &str = "  - id: INC-1
    title: Ranker scored a group unfairly
    system: SYS-1
    detected: 2026-09-01T08:00Z
    aware: 2026-09-02T16:30+02:00
    severity: high
    serious: true
    limb: widespread-infringement
    notified: 2026-09-06T09:00Z
    risks: [RSK-1]
";

#[test]
fn a_serious_incident_reported_late_is_an_error_at_its_notified_date() {
    let f = with_incidents(LATE);
    let err = check_fails(&f.root(), &[]);
    let (code, list, text) = check_both(&f.root(), &[]);
    assert_eq!(code, Some(1));
    // `notified:` is line 10 of the file, its value at column 15.
    assert_diagnostic(&list, &text, "E260", (FILE, 10, Some(15)));
    // The article, the deadline, the dates and how late (2 days from 14:30 UTC on 2 September).
    for needle in [
        "serious incident `INC-1` was notified to the market surveillance authority on 2026-09-06 09:00 UTC, 1 day 18 hours late",
        "EU AI Act Art. 73(3) allows 2 days from awareness (2026-09-02 14:30 UTC)",
        "so it was due by 2026-09-04 14:30 UTC",
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
}

#[test]
fn a_serious_incident_never_reported_is_an_error_once_its_deadline_has_passed() {
    // Aware 2026-11-01 (a date alone): 15 days is the whole of 16 November.
    let f = with_incidents(
        "  - id: INC-2
    title: Outage of the ranker
    detected: 2026-11-01
    severity: high
    serious: true
",
    );
    let (code, list, text) = check_both(&f.root(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_diagnostic(&list, &text, "E260", (FILE, 4, Some(15)));
    assert!(
        text.contains("was due by 2026-11-16, 12 days before 2026-11-28"),
        "{text}"
    );
    // Still within the deadline (the whole of its last day): a warning saying when it is due.
    f.write(
        FILE,
        "incidents:\n  - id: INC-2\n    title: Outage of the ranker\n    detected: 2026-11-13\n    severity: high\n    serious: true\n",
    );
    let (code, list, text) = check_both(&f.root(), &[]);
    assert_eq!(code, Some(0), "{text}");
    assert_diagnostic(&list, &text, "W370", (FILE, 4, Some(15)));
    assert!(text.contains("so it is due by 2026-11-28"), "{text}");
}

#[test]
fn timely_notices_are_fine_and_the_page_shows_the_timeline() {
    let f = with_incidents(
        "  - id: INC-3
    title: Applicant data shown to another recruiter
    system: SYS-1
    detected: 2026-10-01T22:00Z
    aware: 2026-10-02T09:00+02:00
    severity: critical
    serious: true
    personal_data_breach: true
    notified: 2026-10-10
    breach_notified: 2026-10-05T08:59+02:00
    status: resolved
    risks: [RSK-1]
",
    );
    let (code, list, text) = check_both(&f.root(), &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        !list
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with("E26")
                || d["code"].as_str().unwrap().starts_with("W37")),
        "{text}"
    );
    build_ok(&f.root(), &[]);
    let page = visible_text(&read_page(&f.out(), "incidents/INC-3.html"));
    for needle in [
        "2026-10-01 22:00 UTC",
        "2026-10-02 07:00 UTC",
        // 72 hours from 07:00 UTC; the breach notice came at 06:59 UTC.
        "Deadline: GDPR Art. 33(1) notice to the data protection supervisory authority",
        "2026-10-05 07:00 UTC",
        "Data protection supervisory authority notified (GDPR Art. 33(1))",
        "Deadline: EU AI Act Art. 73(2) notice to the market surveillance authority (15 days from awareness)",
        "2026-10-17 07:00 UTC",
        "Market surveillance authority notified (EU AI Act Art. 73(2))",
    ] {
        assert!(page.contains(needle), "{needle}\n{page}");
    }
    assert!(!page.contains("missed") && !page.contains("late"), "{page}");
    assert!(
        page.contains("Biased scores"),
        "the linked risk's title\n{page}"
    );
}

#[test]
fn a_breach_has_its_own_72_hours_unless_a_reason_says_why_not() {
    let breach = "  - id: INC-4
    title: BSN sent to the model
    detected: 2026-10-22T09:14Z
    severity: medium
    personal_data_breach: true
";
    let f = with_incidents(breach);
    let (code, list, text) = check_both(&f.root(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_diagnostic(&list, &text, "E261", (FILE, 4, Some(15)));
    assert!(text.contains("GDPR Art. 33(1) allows 72 hours"), "{text}");
    assert!(text.contains("due by 2026-10-25 09:14 UTC"), "{text}");
    // An empty reason exempts nothing, and is an error of its own.
    f.write(
        FILE,
        &format!("incidents:\n{breach}    not_notifiable: \"\"\n"),
    );
    let (_, list, text) = check_both(&f.root(), &[]);
    assert_diagnostic(&list, &text, "E262", (FILE, 7, Some(21)));
    assert!(text.contains("error[E261]"), "{text}");
    // A reason: no notice is due, and the page says why.
    f.write(
        FILE,
        &format!(
            "incidents:\n{breach}    not_notifiable: We are the processor; the tenant decides\n"
        ),
    );
    let (code, _, text) = check_both(&f.root(), &[]);
    assert_eq!(code, Some(0), "{text}");
    build_ok(&f.root(), &[]);
    let page = visible_text(&read_page(&f.out(), "incidents/INC-4.html"));
    assert!(
        page.contains("not notifiable: We are the processor; the tenant decides"),
        "{page}"
    );
}

#[test]
fn a_notice_dated_after_today_does_not_count() {
    let f = with_incidents(
        "  - id: INC-5
    title: Outage
    detected: 2026-11-01
    severity: high
    serious: true
    notified: 2026-12-01
",
    );
    let (code, list, text) = check_both(&f.root(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("warning[W330]"), "{text}");
    assert_diagnostic(&list, &text, "E260", (FILE, 4, Some(15)));
}

#[test]
fn incidents_are_in_the_exports_search_and_print_of_their_audience() {
    let f = with_incidents(LATE);
    f.write(
        FILE,
        &format!(
            "incidents:\n{}  - id: INC-6\n    title: Secret incident\n    detected: 2026-11-01\n    severity: low\n    visibility: confidential\n",
            LATE.replace("notified: 2026-09-06T09:00Z", "notified: 2026-09-04T14:00Z")
        ),
    );
    build_ok(&f.root(), &[]);
    let csv = std::fs::read_to_string(f.out().join("exports/records.csv")).unwrap();
    assert!(csv.starts_with("id,kind,title,status,date,owner,"), "{csv}");
    assert!(
        csv.contains("INC-1,incident,Ranker scored a group unfairly,open,2026-09-01 08:00 UTC"),
        "{csv}"
    );
    assert!(
        !csv.contains("INC-6"),
        "the internal build hides a confidential incident\n{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(f.out().join("exports/records.json")).unwrap(),
    )
    .unwrap();
    let inc = &json["records"][0];
    assert_eq!(inc["id"], "INC-1");
    assert_eq!(inc["record"]["limb"], "widespread-infringement");
    assert_eq!(inc["links"]["risks"][0], "RSK-1");
    let search = crate::harness::search_text(&f.out());
    assert!(
        search.contains("incidents/INC-1.html") && !search.contains("INC-6"),
        "{search}"
    );
    let print = visible_text(&read_page(&f.out(), "print.html"));
    assert!(
        print.contains("Register of records") && print.contains("Ranker scored a group unfairly"),
        "{print}"
    );

    // The trust center shows only a record marked public, and what it names that the public
    // may not see reads `restricted`, in the export as written too.
    f.write(
        FILE,
        &format!(
            "incidents:\n{}    visibility: public\n",
            LATE.replace("notified: 2026-09-06T09:00Z", "notified: 2026-09-04T14:00Z")
        ),
    );
    let public = f.dir.path().join("public");
    build_ok(
        &f.root(),
        &["--audience", "public", "--out", public.to_str().unwrap()],
    );
    let csv = std::fs::read_to_string(public.join("exports/records.csv")).unwrap();
    assert!(csv.contains("INC-1,incident,"), "{csv}");
    let json = std::fs::read_to_string(public.join("exports/records.json")).unwrap();
    assert!(!json.contains("RSK-1") && !json.contains("SYS-1"), "{json}");
    assert!(json.contains("\"system\":\"restricted\""), "{json}");
}
