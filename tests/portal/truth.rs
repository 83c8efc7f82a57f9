//! The truth rule: every count, "none" and "no ... yet" a reader meets is true for that reader.
//! Each figure counts what the audience may see and says how many more exist ("on request" in
//! the public edition, "restricted" in internal figures), or covers everything where
//! `public.show_coverage` allows it and says so. A list with nothing this edition may show is
//! left out, never "none", and one line says that more is available on request; that line
//! never promises what does not exist.
//!
//! The truth is taken from the auditor package of the same sources, which shows everything.

use std::path::PathBuf;

use crate::harness::{Evidence, build, read_page, section, small_portal, stderr, text_of};

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
        let out = crate::harness::build_example_editions("truth-example");
        Example { out }
    }

    fn page(&self, audience: &str, page: &str) -> String {
        read_page(&self.out.join(audience), page)
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

/// The rows of a Statement of Applicability table (one `Control` cell each).
fn total_rows(html: &str) -> usize {
    html.matches("<td data-label=\"Control\"").count()
}

#[test]
fn public_coverage_of_the_example_is_true_and_says_what_it_covers() {
    let example = example();
    let (applicable, excluded, restricted) =
        soa_badges(&example.page("auditor", "soa/iso42001.html"));
    assert_eq!(restricted, 0, "the auditor package shows every entry");
    // A restricted entry has no row in the public table (no "restricted" pill): the rows the
    // public does not see are the auditor's rows less its own.
    let (shown_applicable, shown_excluded, pills) =
        soa_badges(&example.page("public", "soa/iso42001.html"));
    assert_eq!(pills, 0, "no restricted row in the public table");
    let hidden = total_rows(&example.page("auditor", "soa/iso42001.html"))
        - total_rows(&example.page("public", "soa/iso42001.html"));
    assert_eq!(
        hidden,
        applicable + excluded - shown_applicable - shown_excluded
    );
    assert!(hidden > 0, "the example has restricted entries in public");
    let total = applicable + excluded;
    let claim = format!("{total} controls: {applicable} applicable, {excluded} excluded.");
    // The public edition names what it covers in customer words, never a "restricted" label.
    let covers = format!("including the {hidden} whose detail is shared on request");
    // The evidence figure is the auditor package's: the public edition does not undercount the
    // controls with valid evidence.
    let auditor = text_of(&example.page("auditor", "soa/iso42001.html"));
    let evidenced = evidenced_figure(&auditor);
    let valid = format!("; {evidenced} with valid evidence");
    for page in ["frameworks/iso42001/index.html", "soa/iso42001.html"] {
        let text = text_of(&example.page("public", page));
        // Before: "32 of 38 controls apply; 27 are implemented and 0 have valid evidence";
        // now: "38 controls: 38 applicable, 0 excluded. Of the 38 applicable: ...; 23 with valid
        // evidence (23 through evidence shared on request). These figures cover every entry,
        // including the 4 whose detail is shared on request."
        assert!(text.contains(&claim), "{page} should say `{claim}`: {text}");
        assert!(
            text.contains(&covers),
            "{page} should say what it covers: {text}"
        );
        assert!(text.contains(&valid), "{page} should say `{valid}`: {text}");
        assert!(!text.contains("0 have valid evidence"), "{page}: {text}");
        assert!(!text.contains("restricted"), "{page}: {text}");
    }
    // A restricted entry is not "no entry".
    let soa = example.page("public", "soa/iso42001.html");
    let missing = example
        .page("auditor", "soa/iso42001.html")
        .matches("no entry")
        .count();
    assert_eq!(
        soa.matches("no entry").count(),
        missing,
        "{}",
        text_of(&soa)
    );
    // The evidence figure covers evidence the public may not see, and says so.
    let text = text_of(&example.page("public", "frameworks/iso42001/index.html"));
    assert!(
        text.contains(" through evidence shared on request)"),
        "{text}"
    );
}

/// The N of "; N with valid evidence" in a coverage summary.
fn evidenced_figure(text: &str) -> usize {
    let at = text
        .find(" with valid evidence")
        .unwrap_or_else(|| panic!("no evidence figure: {text}"));
    text[..at]
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no evidence figure: {text}"))
}

#[test]
fn a_system_whose_risks_are_internal_does_not_say_it_has_none() {
    let example = example();
    let all = section(&example.page("auditor", "systems/SYS-CHAT.html"), "risks")
        .matches("class=\"ref\"")
        .count();
    assert!(all > 0, "SYS-CHAT has risks");
    let public = example.page("public", "systems/SYS-CHAT.html");
    let risks = section(&public, "risks");
    let text = text_of(risks);
    assert!(!text.contains("No risks are recorded"), "{text}");
    assert!(
        !text.contains("restricted"),
        "no chip or count of hidden items: {text}"
    );
    // None of them is shown, and the section says, once, that the assessment exists and how to
    // ask for it.
    assert_eq!(risks.matches("class=\"ref\"").count(), 0, "{text}");
    assert_eq!(risks.matches("class=\"on-request\"").count(), 1, "{text}");
    assert!(
        text.contains(
            "Our risk assessment for this system is available to customers and auditors on request. Request access"
        ),
        "{text}"
    );
}

#[test]
fn no_control_page_says_no_evidence_while_some_is_restricted() {
    let example = example();
    let mut checked = 0;
    // Pages that promise evidence on request for a control that has none.
    let mut promised = Vec::new();
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
                // A section with nothing this edition may show is left out.
                let evidence = html
                    .contains("id=\"evidence\"")
                    .then(|| section(&html, "evidence"));
                let shown = evidence.map_or(0, |e| e.matches("class=\"ref\"").count());
                let text = text_of(evidence.unwrap_or(""));
                // The framework index states the figure for this control: the records shown
                // and how many more exist.
                let cell = evidence_cell(
                    &example.page(audience, &format!("frameworks/{framework}/index.html")),
                    &name,
                );
                if all == 0 {
                    // Nothing exists: where the section is shown, it says so. Where it is left
                    // out (with the rest of the trace grid, as something else is withheld), the
                    // line that says more exists must not promise evidence there is none of.
                    match evidence {
                        Some(_) => assert!(
                            text.contains("No evidence yet"),
                            "{audience} {page}: {text}"
                        ),
                        None => {
                            let line = on_request_line(&html).unwrap_or_default();
                            if line.contains("evidence") {
                                promised.push(format!("{audience} {page}: `{line}`"));
                            }
                        }
                    }
                    if let Some(cell) = &cell {
                        assert!(
                            !cell.contains("(+"),
                            "{audience} {framework}/index.html {name}: `{cell}`"
                        );
                    }
                    continue;
                }
                // Some exists: no page says there is none.
                assert!(
                    !text_of(&html).contains("No evidence yet"),
                    "{audience} {page}: {}",
                    text_of(&html)
                );
                if shown < all {
                    let hidden = all - shown;
                    // No chip and no count on the page; one line says more exists and how to
                    // ask for it.
                    assert!(!text.contains("restricted"), "{audience} {page}: {text}");
                    assert_eq!(
                        html.matches("class=\"on-request\"").count(),
                        1,
                        "{audience} {page}: {}",
                        text_of(&html)
                    );
                    if shown == 0 {
                        assert!(
                            evidence.is_none(),
                            "{audience} {page}: empty section: {text}"
                        );
                    }
                    // The figure on the framework index counts the records not shown.
                    let more = if audience == "public" {
                        "on request"
                    } else {
                        "restricted"
                    };
                    let suffix = format!("(+{hidden} {more})");
                    let cell = cell.unwrap_or_else(|| {
                        panic!("{audience} {framework}/index.html: no row for {name}")
                    });
                    assert!(
                        cell.contains(&suffix),
                        "{audience} {framework}/index.html {name} should say `{suffix}`: `{cell}`"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked > 0,
        "the example has controls with restricted evidence"
    );
    promised.sort();
    assert!(
        promised.is_empty(),
        "{} control pages have no evidence at all (auditor package), yet say it is available on request:\n{}",
        promised.len(),
        promised.join("\n")
    );
}

/// The text of a page's "available on request" line, if it has one.
fn on_request_line(html: &str) -> Option<String> {
    let at = html.find("<p class=\"on-request\"")?;
    let rest = &html[at..];
    Some(text_of(&rest[..rest.find("</p>")?]))
}

/// The text of the Evidence cell of the row for control page `name` in a framework index, if it
/// has a row with an evidence cell.
fn evidence_cell(index: &str, name: &str) -> Option<String> {
    let link = format!("/{name}\"");
    let at = index.find(&link)?;
    let row = &index[index[..at].rfind("<tr")?..];
    let row = &row[..row.find("</tr>")?];
    // Control, Applicability, Status, Evidence, Owner.
    let cell = row.split("<td").nth(4)?;
    Some(text_of(&format!("<td{cell}")))
}

/// A portal whose control `mini:M.1.1` has only confidential, valid evidence.
fn confidential_evidence_portal() -> crate::harness::Fixture {
    let f = small_portal();
    f.evidence(
        "e",
        &[
            Evidence {
                id: "EV-1",
                title: "Secret pen test",
                url: "https://example.com/pentest",
                collected: "2026-10-01",
                controls: vec!["mini:M.1.1"],
                visibility: "confidential",
                ..Evidence::default()
            },
            Evidence {
                id: "EV-2",
                title: "Roles attestation",
                url: "https://example.com/roles",
                collected: "2026-10-01",
                controls: vec!["mini:M.1.2"],
                ..Evidence::default()
            },
        ],
    );
    f
}

#[test]
fn internal_control_page_gaps_and_dashboard_agree_on_confidential_evidence() {
    let f = confidential_evidence_portal();
    let output = build(&f.root(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let control = f.read("frameworks/mini/M.1.1.html");
    let text = text_of(&control);
    // Before: "No evidence yet", while gaps.html and the dashboard count the control covered.
    // Now the Evidence section, with nothing this edition may show, is left out, and one line
    // says that more exists and how to ask for it.
    assert!(!text.contains("No evidence yet"), "{text}");
    assert!(!control.contains("id=\"evidence\""), "{text}");
    let line = on_request_line(&control).unwrap_or_else(|| panic!("no on-request line: {text}"));
    assert!(line.contains("evidence"), "{line}");
    // The framework index counts the record this edition does not show.
    let index = f.read("frameworks/mini/index.html");
    let cell = evidence_cell(&index, "M.1.1.html").expect("M.1.1 row");
    assert!(cell.contains("(+1 restricted)"), "{cell}");
    let gaps = f.read("gaps.html");
    let without = section(&gaps, "controls-without-evidence");
    assert!(!without.contains("M.1.1"), "{without}");
    let dashboard = text_of(&f.read("index.html"));
    assert!(
        dashboard.contains("2 with valid evidence (1 through evidence shared on request)"),
        "{dashboard}"
    );
    // The export says so too, instead of an empty list that reads as "none".
    let json: serde_json::Value =
        serde_json::from_str(&f.read("exports/traceability.json")).unwrap();
    let control = json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ref"] == "mini:M.1.1")
        .unwrap();
    assert_eq!(control["evidence"], serde_json::json!([]), "{control}");
    assert_eq!(control["restricted"]["evidence"], 1, "{control}");
    // The auditor package sees the record itself.
    let auditor = f.dir.path().join("auditor");
    let output = build(
        &f.root(),
        &["--audience", "auditor", "--out", auditor.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = text_of(section(
        &read_page(&auditor, "frameworks/mini/M.1.1.html"),
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
    // Dashboard figures keep their "(+N restricted)" suffix.
    assert!(dashboard.contains("1 risks (+1 restricted)"), "{dashboard}");
    // The heat maps count what they plot out of all risks (the caption's wording of the rest
    // may change; the figure may not).
    assert!(
        dashboard.contains("1 of 2 risks shown;"),
        "heat map: {dashboard}"
    );
    let register = text_of(&f.read("risks/index.html"));
    assert!(register.contains("1 of 2 risks shown;"), "{register}");
    assert!(!register.contains("Secret risk"), "{register}");
    // The system page lists the risk it may show, no chip for the other, and says once that
    // more exists.
    let system = f.read("systems/SYS-1.html");
    let risks = section(&system, "risks");
    assert_eq!(
        risks.matches("class=\"ref\"").count(),
        1,
        "{}",
        text_of(risks)
    );
    assert!(!text_of(risks).contains("restricted"), "{}", text_of(risks));
    assert!(
        !text_of(&system).contains("No risks are recorded"),
        "{}",
        text_of(&system)
    );
    let line = on_request_line(&system)
        .unwrap_or_else(|| panic!("no on-request line: {}", text_of(&system)));
    assert!(line.contains("risks"), "{line}");
    let index = text_of(&f.read("systems/index.html"));
    assert!(index.contains("1 (+1 restricted)"), "{index}");
}

// ---------------------------------------------------------------------------------------------
// Property: generated portals with random visibility, every audience, every stated count.

mod generated {
    use std::fmt::Write as _;
    use std::path::Path;

    use crate::harness::TODAY;
    use crate::harness::api::model::{Audience, Date};
    use proptest::prelude::*;

    use super::{section, text_of};

    /// How many controls the generated framework has.
    const CONTROLS: usize = 4;

    /// 0 public, 1 internal, 2 confidential.
    type Vis = u8;

    const VISIBILITY: [&str; 3] = ["public", "internal", "confidential"];
    const STATUS: [&str; 3] = ["implemented", "partial", "planned"];

    fn sees(audience: Audience, vis: Vis) -> bool {
        match audience {
            Audience::Auditor => true,
            Audience::Internal => vis != 2,
            Audience::Public => vis == 0,
        }
    }

    /// A Statement of Applicability entry: applicable, status, visibility.
    type Entry = Option<(bool, usize, Vis)>;

    #[derive(Debug, Clone)]
    pub struct Portal {
        show_coverage: bool,
        entries: Vec<Entry>,
        /// Visibility, controls.
        policies: Vec<(Vis, Vec<usize>)>,
        systems: Vec<Vis>,
        /// Visibility, system, controls.
        risks: Vec<(Vis, Option<usize>, Vec<usize>)>,
        /// Visibility, controls, risks, fresh.
        evidence: Vec<(Vis, Vec<usize>, Vec<usize>, bool)>,
    }

    fn vis() -> impl Strategy<Value = Vis> {
        0u8..3
    }

    fn links() -> impl Strategy<Value = Vec<usize>> {
        prop::collection::vec(0usize..64, 0..3)
    }

    pub fn portal() -> impl Strategy<Value = Portal> {
        (
            any::<bool>(),
            prop::collection::vec(
                // Every control needs an entry (E502 otherwise).
                (prop::bool::weighted(0.8), 0usize..3, vis()).prop_map(Some),
                CONTROLS,
            ),
            prop::collection::vec((vis(), links()), 0..4),
            prop::collection::vec(vis(), 0..3),
            prop::collection::vec((vis(), prop::option::of(0usize..64), links()), 0..5),
            prop::collection::vec((vis(), links(), links(), any::<bool>()), 0..5),
        )
            .prop_map(
                |(show_coverage, entries, policies, systems, risks, evidence)| {
                    let mut p = Portal {
                        show_coverage,
                        entries,
                        policies,
                        systems,
                        risks,
                        evidence,
                    };
                    p.normalise();
                    p
                },
            )
    }

    impl Portal {
        /// Turns raw link numbers into valid, sorted, distinct links. Policies, risks and
        /// evidence may rely only on controls that are not excluded (E504 otherwise).
        fn normalise(&mut self) {
            let usable: Vec<usize> = (0..CONTROLS)
                .filter(|&c| !matches!(self.entries[c], Some((false, _, _))))
                .collect();
            let fix = |links: &mut Vec<usize>, pool: &[usize]| {
                if pool.is_empty() {
                    links.clear();
                    return;
                }
                for l in links.iter_mut() {
                    *l = pool[*l % pool.len()];
                }
                links.sort_unstable();
                links.dedup();
            };
            let risk_pool: Vec<usize> = (0..self.risks.len()).collect();
            let systems = self.systems.len();
            for (_, controls) in &mut self.policies {
                fix(controls, &usable);
            }
            for (_, system, controls) in &mut self.risks {
                *system = system.filter(|_| systems > 0).map(|s| s % systems.max(1));
                fix(controls, &usable);
            }
            for (_, controls, risks, _) in &mut self.evidence {
                fix(controls, &usable);
                fix(risks, &risk_pool);
            }
        }

        fn control_id(c: usize) -> String {
            format!("M.{}.{}", c / 2 + 1, c % 2 + 1)
        }

        /// Writes the portal's sources under `root`.
        pub fn write(&self, root: &Path) {
            let put = |path: &str, text: &str| {
                let full = root.join(path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(full, text).unwrap();
            };
            put(
                "portal.yaml",
                &format!(
                    "title: Generated\norganization: Gen Ltd\nframeworks: [mini]\nrisk:\n  appetite: 9\npublic:\n  show_coverage: {}\n",
                    self.show_coverage
                ),
            );
            let mut framework = String::from(
                "framework: { id: mini, name: Mini Framework, version: \"1\" }\ngroups:\n",
            );
            for g in 0..CONTROLS / 2 {
                let _ = write!(
                    framework,
                    "  - id: M.{}\n    title: Group {}\n    controls:\n",
                    g + 1,
                    g + 1
                );
                for c in [2 * g, 2 * g + 1] {
                    let _ = writeln!(
                        framework,
                        "      - {{ id: {}, title: Control {c} }}",
                        Self::control_id(c)
                    );
                }
            }
            put("content/frameworks/mini.yaml", &framework);
            let mut soa = String::from("controls:\n");
            for (c, entry) in self.entries.iter().enumerate() {
                if let Some((applicable, status, vis)) = entry {
                    let _ = write!(
                        soa,
                        "  - ref: mini:{}\n    applicable: {applicable}\n    justification: Decided\n    status: {}\n    visibility: {}\n",
                        Self::control_id(c),
                        STATUS[*status],
                        VISIBILITY[*vis as usize]
                    );
                }
            }
            put("content/controls/soa.yaml", &soa);
            let keys = |controls: &[usize]| {
                controls
                    .iter()
                    .map(|&c| format!("mini:{}", Self::control_id(c)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            for (p, (vis, controls)) in self.policies.iter().enumerate() {
                put(
                    &format!("content/policies/p{p}.md"),
                    &format!(
                        "---\nid: POL-{p}\ntitle: Policy {p}\nowner: Owner\nstatus: approved\nlast_review: 2026-06-01\nvisibility: {}\ncontrols: [{}]\n---\nText.\n",
                        VISIBILITY[*vis as usize],
                        keys(controls)
                    ),
                );
            }
            let mut systems = String::from("systems:\n");
            for (s, vis) in self.systems.iter().enumerate() {
                let _ = write!(
                    systems,
                    "  - id: SYS-{s}\n    name: System {s}\n    owner: Owner\n    last_review: 2026-06-01\n    visibility: {}\n",
                    VISIBILITY[*vis as usize]
                );
            }
            if !self.systems.is_empty() {
                put("content/systems/s.yaml", &systems);
            }
            let mut risks = String::from("risks:\n");
            for (r, (vis, system, controls)) in self.risks.iter().enumerate() {
                let _ = write!(
                    risks,
                    "  - id: RSK-{r}\n    title: Risk {r}\n    owner: Owner\n    likelihood: {}\n    impact: 3\n    treatment: mitigate\n    last_review: 2026-06-01\n    visibility: {}\n    controls: [{}]\n",
                    r % 5 + 1,
                    VISIBILITY[*vis as usize],
                    keys(controls)
                );
                if let Some(s) = system {
                    let _ = writeln!(risks, "    system: SYS-{s}");
                }
            }
            if !self.risks.is_empty() {
                put("content/risks/r.yaml", &risks);
            }
            let mut evidence = String::from("evidence:\n");
            for (e, (vis, controls, risk_links, fresh)) in self.evidence.iter().enumerate() {
                let collected = if *fresh { "2026-10-01" } else { "2024-01-01" };
                let risk_ids: Vec<String> = risk_links.iter().map(|r| format!("RSK-{r}")).collect();
                let _ = write!(
                    evidence,
                    "  - id: EV-{e}\n    title: Evidence {e}\n    url: https://example.com/{e}\n    collected: {collected}\n    visibility: {}\n    controls: [{}]\n    risks: [{}]\n",
                    VISIBILITY[*vis as usize],
                    keys(controls),
                    risk_ids.join(", ")
                );
            }
            if !self.evidence.is_empty() {
                put("content/evidence/e.yaml", &evidence);
            }
        }

        /// Items of one kind that link to control `c`, by visibility.
        fn linking(&self, c: usize) -> [Vec<Vis>; 3] {
            [
                self.policies
                    .iter()
                    .filter(|(_, cs)| cs.contains(&c))
                    .map(|(v, _)| *v)
                    .collect(),
                self.risks
                    .iter()
                    .filter(|(_, _, cs)| cs.contains(&c))
                    .map(|(v, _, _)| *v)
                    .collect(),
                self.evidence
                    .iter()
                    .filter(|(_, cs, _, _)| cs.contains(&c))
                    .map(|(v, _, _, _)| *v)
                    .collect(),
            ]
        }

        /// The coverage summary this audience must read for the whole framework.
        fn coverage_claims(&self, audience: Audience) -> Vec<String> {
            let whole = audience == Audience::Public && self.show_coverage;
            let seen = |e: &Entry| e.is_some_and(|(_, _, v)| sees(audience, v));
            let counted = |e: &Entry| e.is_some() && (whole || seen(e));
            let restricted = self
                .entries
                .iter()
                .filter(|e| e.is_some() && !seen(e))
                .count();
            let missing = self.entries.iter().filter(|e| e.is_none()).count();
            let applicable: Vec<usize> = (0..CONTROLS)
                .filter(|&c| counted(&self.entries[c]) && self.entries[c].unwrap().0)
                .collect();
            let excluded = self
                .entries
                .iter()
                .filter(|e| counted(e) && !e.unwrap().0)
                .count();
            let valid = |c: usize, only_seen: bool| {
                self.evidence.iter().any(|(v, cs, _, fresh)| {
                    *fresh && cs.contains(&c) && (!only_seen || sees(audience, *v))
                })
            };
            let evidenced = applicable.iter().filter(|&&c| valid(c, false)).count();
            let through_restricted = applicable
                .iter()
                .filter(|&&c| valid(c, false) && !valid(c, true))
                .count();
            let mut head = format!(
                "{CONTROLS} controls: {} applicable, {excluded} excluded",
                applicable.len()
            );
            if missing > 0 {
                let _ = write!(head, ", {missing} without a decision");
            }
            if restricted > 0 && !whole {
                let _ = write!(head, ", {restricted} with decisions shared on request");
            }
            head.push('.');
            let mut claims = vec![head, format!("; {evidenced} with valid evidence")];
            if through_restricted > 0 {
                claims.push(format!(
                    "({through_restricted} through evidence shared on request)"
                ));
            } else {
                claims.push(String::from("!through evidence shared on request"));
            }
            if whole && restricted > 0 {
                claims.push(format!(
                    "including the {restricted} whose detail is shared on request"
                ));
            }
            claims
        }

        /// The gap of applicable controls without valid evidence counts every such control, and
        /// lists those whose entry the audience may see.
        fn check_gaps(&self, audience: Audience, html: &str) -> Result<(), String> {
            let without: Vec<Vis> = (0..CONTROLS)
                .filter_map(|c| {
                    let (applicable, _, vis) = self.entries[c]?;
                    let valid = self
                        .evidence
                        .iter()
                        .any(|(_, cs, _, fresh)| *fresh && cs.contains(&c));
                    (applicable && !valid).then_some(vis)
                })
                .collect();
            let part = section(html, "controls-without-evidence");
            let count = part
                .split("class=\"count")
                .nth(1)
                .and_then(|rest| rest.split('>').nth(1))
                .and_then(|rest| rest.split('<').next())
                .ok_or("no count")?;
            let shown = without.iter().filter(|&&v| sees(audience, v)).count();
            let links = part.matches("class=\"ref\"").count();
            if count != without.len().to_string() || links != shown {
                return Err(format!(
                    "{audience:?} gaps.html: {count} counted and {links} listed, truth {} and {shown} visible: {}",
                    without.len(),
                    text_of(part)
                ));
            }
            Ok(())
        }

        /// Checks every page of the build for `audience` in `out`; the error says what is false.
        pub fn check(&self, audience: Audience, out: &Path) -> Result<(), String> {
            let read = |page: &str| std::fs::read_to_string(out.join(page)).ok();
            let expect = |page: &str, text: &str, claim: &str| -> Result<(), String> {
                match claim.strip_prefix('!') {
                    Some(absent) if text.contains(absent) => Err(format!(
                        "{audience:?} {page}: must not say `{absent}`: {text}"
                    )),
                    None if !text.contains(claim) => {
                        Err(format!("{audience:?} {page}: expected `{claim}`: {text}"))
                    }
                    _ => Ok(()),
                }
            };
            // A list of `all` items of which the audience sees those with the given visibilities.
            // A section with nothing this edition may show is left out (or keeps only its
            // heading and the on-request line); no chip or count says what is hidden, and one
            // line on the page says that more exists. A section is never left out, nor "none"
            // replaced by that line, in a way that reads as "more exists" when nothing does:
            // `what` is how the on-request line names this kind.
            let list = |page: &str, html: &str, id: &str, all: &[Vis], what: &str, empty: &str| {
                let part = html
                    .contains(&format!("id=\"{id}\""))
                    .then(|| section(html, id));
                let text = text_of(part.unwrap_or(""));
                let shown = all.iter().filter(|&&v| sees(audience, v)).count();
                let links = part.map_or(0, |p| p.matches("class=\"ref\"").count());
                if links != shown {
                    return Err(format!(
                        "{audience:?} {page} #{id}: {links} links, {shown} visible: {text}"
                    ));
                }
                expect(page, &text, "!restricted")?;
                let hidden = all.len() - shown;
                let lines = html.matches("class=\"on-request\"").count();
                if hidden > 0 && lines != 1 {
                    return Err(format!(
                        "{audience:?} {page} #{id}: {hidden} hidden, {lines} on-request lines: {}",
                        text_of(html)
                    ));
                }
                if !all.is_empty() {
                    return expect(page, &text, &format!("!{empty}"));
                }
                match part {
                    Some(_) => expect(page, &text, empty),
                    // Left out with the rest of the trace grid, as something else is hidden:
                    // the line must not promise this kind, which does not exist.
                    None => {
                        let line = super::on_request_line(html).unwrap_or_default();
                        if line.contains(what) {
                            return Err(format!(
                                "{audience:?} {page} #{id}: none exist, yet `{line}`"
                            ));
                        }
                        Ok(())
                    }
                }
            };

            for page in [
                "frameworks/mini/index.html",
                "soa/mini.html",
                "frameworks/index.html",
            ] {
                let text = text_of(&read(page).ok_or(format!("{page} missing"))?);
                for claim in self.coverage_claims(audience) {
                    expect(page, &text, &claim)?;
                }
            }
            // Every control has an entry: a restricted one is not "no entry".
            let soa = text_of(&read("soa/mini.html").ok_or("soa/mini.html missing")?);
            expect("soa/mini.html", &soa, "!no entry")?;
            for c in 0..CONTROLS {
                let page = format!("frameworks/mini/{}.html", Self::control_id(c));
                let html = read(&page).ok_or(format!("{page} missing"))?;
                let [policies, risks, evidence] = self.linking(c);
                for (id, all, what, empty) in [
                    (
                        "policies",
                        &policies,
                        "policies",
                        "No policy implements this control.",
                    ),
                    ("risks", &risks, "risk", "No risk relies on this control."),
                    ("evidence", &evidence, "evidence", "No evidence yet."),
                ] {
                    list(&page, &html, id, all, what, empty)?;
                }
            }
            for (s, vis) in self.systems.iter().enumerate() {
                if !sees(audience, *vis) {
                    continue;
                }
                let page = format!("systems/SYS-{s}.html");
                let html = read(&page).ok_or(format!("{page} missing"))?;
                let risks: Vec<Vis> = self
                    .risks
                    .iter()
                    .filter(|(_, system, _)| *system == Some(s))
                    .map(|(v, _, _)| *v)
                    .collect();
                list(
                    &page,
                    &html,
                    "risks",
                    &risks,
                    "risk",
                    "No risks are recorded for this system.",
                )?;
            }
            // Register indexes and the home page state the same counts.
            let registers: [(&str, &str, Vec<Vis>); 4] = [
                (
                    "policies",
                    "documents",
                    self.policies.iter().map(|p| p.0).collect(),
                ),
                ("systems", "AI systems", self.systems.clone()),
                ("risks", "risks", self.risks.iter().map(|r| r.0).collect()),
                (
                    "evidence",
                    "evidence records",
                    self.evidence.iter().map(|e| e.0).collect(),
                ),
            ];
            let home = text_of(&read("index.html").ok_or("index.html missing")?);
            for (section, noun, all) in &registers {
                let shown = all.iter().filter(|&&v| sees(audience, v)).count();
                let hidden = all.len() - shown;
                let page = format!("{section}/index.html");
                let Some(html) = read(&page) else {
                    // The trust center leaves out a register with nothing public in it.
                    if audience == Audience::Public && shown == 0 && *section != "policies" {
                        continue;
                    }
                    return Err(format!("{audience:?} {page} missing"));
                };
                let text = text_of(&html);
                // The register lists what this edition may see, no more and no fewer (the
                // trust center's AI systems as cards).
                let rows = if audience == Audience::Public && *section == "systems" {
                    html.matches("<li class=\"card\"").count()
                } else {
                    html.matches("class=\"ref\"").count()
                };
                if rows != shown {
                    return Err(format!(
                        "{audience:?} {page}: {rows} listed, {shown} visible: {text}"
                    ));
                }
                // No "A of B shown" note where nothing is hidden; where something is, the heat
                // maps count what they plot out of all risks.
                let absent = format!("!{noun} shown;");
                let claim = format!("{shown} of {} {noun} shown;", all.len());
                expect(
                    &page,
                    &text,
                    if hidden > 0 && *section == "risks" {
                        &claim
                    } else if hidden > 0 {
                        ""
                    } else {
                        &absent
                    },
                )?;
                // The public edition names no restricted item; internal figures may still
                // say "(+N restricted)".
                if audience == Audience::Public {
                    expect(&page, &text, "!restricted")?;
                }
                // The trust center says once that more AI systems exist.
                if audience == Audience::Public && *section == "systems" && hidden > 0 {
                    let line = super::on_request_line(&html).unwrap_or_default();
                    expect(&page, &line, "AI systems is available")?;
                }
                if audience != Audience::Public {
                    let label = match *section {
                        "policies" => "policies and procedures",
                        "systems" => "AI systems in inventory",
                        "risks" => "risks",
                        _ => "evidence records",
                    };
                    let mut claim = format!("{shown} {label}");
                    if hidden > 0 {
                        let _ = write!(claim, " (+{hidden} restricted)");
                    }
                    expect("index.html", &home, &claim)?;
                }
            }
            if audience != Audience::Public {
                self.check_gaps(audience, &read("gaps.html").ok_or("gaps.html missing")?)?;
            }
            every_note_adds_up(audience, out)?;
            if audience == Audience::Public {
                let public = self
                    .entries
                    .iter()
                    .filter(|e| e.is_some_and(|(_, _, v)| v == 0))
                    .count();
                // The home page counts what it shows, and never advertises what it hides.
                let plural = if public == 1 { "" } else { "s" };
                let claim = format!("{public} control statement{plural} published");
                expect("index.html", &home, &claim)?;
                expect("index.html", &home, "!restricted")?;
                let policies = &registers[0].2;
                let shown = policies.iter().filter(|&&v| v == 0).count();
                expect("index.html", &home, &format!("Documents {shown} to read"))?;
            }
            Ok(())
        }
    }

    /// Every "A of B NOUN shown; C restricted" (or "...; the other C are" / "the other one is
    /// not in this edition")
    /// on every page adds up: A + C = B.
    fn every_note_adds_up(audience: Audience, out: &Path) -> Result<(), String> {
        for entry in walkdir::WalkDir::new(out) {
            let entry = entry.map_err(|e| e.to_string())?;
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let text = text_of(&std::fs::read_to_string(entry.path()).unwrap());
            for (at, _) in text.match_indices(" shown; ") {
                let before: Vec<&str> = text[..at].split(' ').collect();
                let of = before.iter().rposition(|w| *w == "of").ok_or("no `of`")?;
                let number = |w: &str| w.parse::<usize>().map_err(|_| format!("`{w}` in {text}"));
                let shown = number(before[of - 1])?;
                let total = number(before[of + 1])?;
                // "; C restricted" or "; the other C are not in this edition".
                let after = text[at + 8..].trim_start_matches("the other ");
                let restricted = match after.split(' ').next().unwrap_or("") {
                    "one" => 1,
                    word => number(word)?,
                };
                if shown + restricted != total {
                    return Err(format!(
                        "{audience:?} {}: {shown} + {restricted} != {total}",
                        entry.path().display()
                    ));
                }
            }
        }
        Ok(())
    }

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(24),
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn every_stated_count_is_visible_plus_restricted(portal in portal()) {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("portal");
            portal.write(&root);
            for audience in [Audience::Public, Audience::Internal, Audience::Auditor] {
                let out = dir.path().join(format!("{audience:?}"));
                let options = crate::harness::api::BuildOptions {
                    root: root.clone(),
                    out: out.clone(),
                    today: Date::parse(TODAY).unwrap(),
                    strict: false,
                    audience,
                    zip: None,
                    sign: None,
                    force: false,
                    at: None,
                    since: None,
                };
                let built = crate::harness::api::build(&options);
                prop_assert!(built.is_ok(), "{audience:?}: {built:?}");
                let checked = portal.check(audience, &out);
                prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
            }
        }
    }
}
