//! The truth rule: every count, "none" and "no ... yet" a reader meets is true for that reader.
//! Each figure counts what the audience may see and says how many more are restricted, or
//! covers everything where `public.show_coverage` allows it and says so.
//!
//! The truth is taken from the auditor package of the same sources, which shows everything.

mod common;

use std::path::{Path, PathBuf};

use common::{build, small_portal, stderr, tracemark};

/// The text of an HTML page, tags removed and white space collapsed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read(dir: &Path, page: &str) -> String {
    std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The part of a page from the heading with `id` to the end of its section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// The repository's example built once for each audience, shared by the tests here.
fn example() -> &'static Example {
    static EXAMPLE: std::sync::OnceLock<Example> = std::sync::OnceLock::new();
    EXAMPLE.get_or_init(Example::build)
}

/// The repository's example built for each audience, under cargo's folder for test files.
struct Example {
    out: PathBuf,
}

impl Example {
    fn build() -> Example {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("truth-example");
        let root = env!("CARGO_MANIFEST_DIR");
        for audience in ["public", "internal", "auditor"] {
            let target = out.join(audience);
            let output = tracemark(&[
                "build",
                "--root",
                root,
                "--audience",
                audience,
                "--out",
                target.to_str().unwrap(),
                "--today",
                "2026-11-28",
            ]);
            assert!(output.status.success(), "{}", stderr(&output));
        }
        Example { out }
    }

    fn page(&self, audience: &str, page: &str) -> String {
        read(&self.out.join(audience), page)
    }
}

/// Counts `applicable` and `excluded` badges in a Statement of Applicability table.
fn soa_badges(html: &str) -> (usize, usize, usize) {
    let count = |value: &str| {
        html.matches(&format!("badge-applicability-{value}\""))
            .count()
    };
    (count("applicable"), count("excluded"), count("restricted"))
}

#[test]
fn public_coverage_of_the_example_is_true_and_says_what_it_covers() {
    let example = example();
    let (applicable, excluded, restricted) =
        soa_badges(&example.page("auditor", "soa/iso42001.html"));
    assert_eq!(restricted, 0, "the auditor package shows every entry");
    let (_, _, hidden) = soa_badges(&example.page("public", "soa/iso42001.html"));
    assert!(hidden > 0, "the example has restricted entries in public");
    let total = applicable + excluded;
    let claim = format!("{total} controls: {applicable} applicable, {excluded} excluded.");
    let covers = format!("including the {hidden} restricted ones");
    for page in ["frameworks/iso42001/index.html", "soa/iso42001.html"] {
        let text = text_of(&example.page("public", page));
        // Today: "32 of 38 controls apply; 27 are implemented and 0 have valid evidence" and
        // "38 controls: 32 applicable, 2 excluded".
        assert!(text.contains(&claim), "{page} should say `{claim}`: {text}");
        assert!(
            text.contains(&covers),
            "{page} should say what it covers: {text}"
        );
        assert!(!text.contains("0 have valid evidence"), "{page}: {text}");
    }
    // The evidence figure covers evidence the public may not see, and says so.
    let text = text_of(&example.page("public", "frameworks/iso42001/index.html"));
    assert!(text.contains("only through restricted evidence"), "{text}");
}

#[test]
fn a_system_whose_risks_are_internal_does_not_say_it_has_none() {
    let example = example();
    let all = section(&example.page("auditor", "systems/SYS-CHAT.html"), "risks")
        .matches("class=\"ref\"")
        .count();
    assert!(all > 0, "SYS-CHAT has risks");
    let public = example.page("public", "systems/SYS-CHAT.html");
    let text = text_of(section(&public, "risks"));
    assert!(!text.contains("No risks are recorded"), "{text}");
    assert!(
        text.contains(&format!("0 of {all} risks shown; {all} restricted")),
        "{text}"
    );
}

#[test]
fn no_control_page_says_no_evidence_while_some_is_restricted() {
    let example = example();
    let mut checked = 0;
    for framework in ["iso42001", "soc2"] {
        let dir = example.out.join("auditor/frameworks").join(framework);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name == "index.html" {
                continue;
            }
            let page = format!("frameworks/{framework}/{name}");
            let all = section(&example.page("auditor", &page), "evidence")
                .matches("class=\"ref\"")
                .count();
            for audience in ["public", "internal"] {
                let html = example.page(audience, &page);
                let evidence = section(&html, "evidence");
                let shown = evidence.matches("class=\"ref\"").count();
                let text = text_of(evidence);
                if all == 0 {
                    assert!(
                        text.contains("No evidence yet"),
                        "{audience} {page}: {text}"
                    );
                    continue;
                }
                assert!(
                    !text.contains("No evidence yet"),
                    "{audience} {page}: {text}"
                );
                if shown < all {
                    let note = format!(
                        "{shown} of {all} evidence records shown; {} restricted",
                        all - shown
                    );
                    assert!(text.contains(&note), "{audience} {page}: {text}");
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked > 0,
        "the example has controls with restricted evidence"
    );
}

/// A portal whose control `mini:M.1.1` has only confidential, valid evidence.
fn confidential_evidence_portal() -> common::Fixture {
    let f = small_portal();
    f.write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n    title: Secret pen test\n    url: https://example.com/pentest\n    collected: 2026-10-01\n    controls: [mini:M.1.1]\n    visibility: confidential\n  - id: EV-2\n    title: Roles attestation\n    url: https://example.com/roles\n    collected: 2026-10-01\n    controls: [mini:M.1.2]\n",
    );
    f
}

#[test]
fn internal_control_page_gaps_and_dashboard_agree_on_confidential_evidence() {
    let f = confidential_evidence_portal();
    let output = build(&f.root(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let control = f.read("frameworks/mini/M.1.1.html");
    let text = text_of(section(&control, "evidence"));
    // Today: "No evidence yet", while gaps.html and the dashboard count the control covered.
    assert!(!text.contains("No evidence yet"), "{text}");
    assert!(
        text.contains("0 of 1 evidence records shown; 1 restricted"),
        "{text}"
    );
    let gaps = f.read("gaps.html");
    let without = section(&gaps, "controls-without-evidence");
    assert!(!without.contains("M.1.1"), "{without}");
    let dashboard = text_of(&f.read("index.html"));
    assert!(
        dashboard.contains("(2, 1 only through restricted evidence)"),
        "{dashboard}"
    );
    // The auditor package sees the record itself.
    let auditor = f.dir.path().join("auditor");
    let output = build(
        &f.root(),
        &["--audience", "auditor", "--out", auditor.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = text_of(section(
        &read(&auditor, "frameworks/mini/M.1.1.html"),
        "evidence",
    ));
    assert!(
        text.contains("EV-1") && !text.contains("restricted"),
        "{text}"
    );
}

#[test]
fn internal_dashboard_and_registers_state_what_is_confidential() {
    let f = small_portal();
    f.write(
        "content/risks/r.yaml",
        "risks:\n  - id: RSK-1\n    title: Visible risk\n    system: SYS-1\n    owner: ML Lead\n    likelihood: 4\n    impact: 5\n    treatment: mitigate\n    controls: [mini:M.1.1]\n  - id: RSK-2\n    title: Secret risk\n    system: SYS-1\n    owner: Counsel\n    likelihood: 5\n    impact: 5\n    treatment: mitigate\n    visibility: confidential\n",
    );
    let output = build(&f.root(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dashboard = text_of(&f.read("index.html"));
    assert!(dashboard.contains("1 risks (+1 restricted)"), "{dashboard}");
    assert!(
        dashboard.contains("1 of 2 risks shown; 1 restricted"),
        "heat map: {dashboard}"
    );
    let register = text_of(&f.read("risks/index.html"));
    assert!(
        register.contains("1 of 2 risks shown; 1 restricted"),
        "{register}"
    );
    let system = text_of(section(&f.read("systems/SYS-1.html"), "risks"));
    assert!(
        system.contains("1 of 2 risks shown; 1 restricted"),
        "{system}"
    );
    let index = text_of(&f.read("systems/index.html"));
    assert!(index.contains("1 (+1 restricted)"), "{index}");
}
