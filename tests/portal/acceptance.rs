//! Acceptances and assessments that cannot be true: a residual risk accepted by someone
//! `risk.acceptance_by` does not name (W334), above the appetite with no acceptance in force
//! (W305, naming who must accept it), an acceptance dated after `--today` (W330, counting for
//! nothing), a misspelt level in `acceptance_by` (E104), and a high-risk AI system with no
//! impact assessment in force (W333). Judged on the small fixture portal at `TODAY`.

use serde_json::Value;

use crate::harness::{
    Config, Fixture, Policy, Residual, Reviews, Risk, RiskScale, System, assert_diagnostic,
    assert_page_contains, build_ok, check_fails, check_json, more, small_portal,
};

/// The small portal's `portal.yaml` with `acceptance_by`.
fn config(f: &Fixture, acceptance_by: Vec<(&str, &str)>) {
    f.config(&Config {
        title: "Fixture Portal",
        organization: "Fixture Ltd",
        frameworks: vec!["mini"],
        risk: Some(RiskScale {
            scale: 5,
            appetite: 9,
            categories: vec!["user-harm", "legal"],
            acceptance_by,
        }),
        reviews: Some(Reviews {
            default_interval: "annual",
            due_soon: "30d",
        }),
        ..Config::default()
    });
}

/// A risk scored 4 x 5 with residual `l` x `i`, treated by `mitigate` and M.1.1, with
/// `acceptance` (YAML flow mapping) if not empty.
fn risk<'a>(id: &'a str, (l, i): (u32, u32), acceptance: &str) -> Risk<'a> {
    Risk {
        id,
        title: "Exposure",
        category: "legal",
        owner: "ML Lead",
        likelihood: Some(4),
        impact: Some(5),
        treatment: "mitigate",
        controls: vec!["mini:M.1.1"],
        residual: Some(Residual {
            likelihood: l,
            impact: i,
        }),
        last_review: "2026-11-01",
        more: if acceptance.is_empty() {
            Default::default()
        } else {
            more(&format!("acceptance: {acceptance}"))
        },
        ..Risk::default()
    }
}

/// The 1-based line of `file` holding `needle`.
fn line_of(f: &Fixture, file: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(f.root().join(file)).unwrap();
    1 + text.lines().position(|l| l.contains(needle)).unwrap() as u64
}

fn message<'a>(diags: &'a [Value], code: &str, id: &str) -> Vec<&'a str> {
    diags
        .iter()
        .filter(|d| d["code"] == code && d["message"].as_str().unwrap().contains(id))
        .map(|d| d["message"].as_str().unwrap())
        .collect()
}

#[test]
fn acceptances_must_be_by_the_body_portal_yaml_names_and_in_force() {
    let f = small_portal();
    config(
        &f,
        vec![
            ("above_appetite", "Executive Committee"),
            ("medium", "risk owner"),
        ],
    );
    f.risks(
        "r",
        &[
            // Residual 12, accepted by the committee the method does not allow.
            risk(
                "RSK-1",
                (3, 4),
                "{ by: AI Risk Committee, date: 2026-10-27 }",
            ),
            // Residual 12, no acceptance at all.
            risk("RSK-2", (3, 4), ""),
            // Residual 12, accepted by the right body, but after --today.
            risk(
                "RSK-3",
                (3, 4),
                "{ by: Executive Committee, date: 2026-12-10 }",
            ),
            // Residual 12, accepted by the right body under `mitigate`: answered.
            risk(
                "RSK-4",
                (3, 4),
                "{ by: executive committee, date: 2026-11-12 }",
            ),
            // Residual 6 (medium), accepted by someone other than its owner.
            risk(
                "RSK-5",
                (2, 3),
                "{ by: Chief Risk Officer, date: 2026-04-20 }",
            ),
        ],
    );
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    let file = "content/risks/r.yaml";
    let by = |needle: &str| (file, line_of(&f, file, needle), None);

    assert_diagnostic(&diags, &text, "W334", by("by: AI Risk Committee"));
    let w334 = message(&diags, "W334", "RSK-1");
    assert!(w334[0].contains("accepted by `AI Risk Committee`, but portal.yaml names `Executive Committee` to accept residual risks above the appetite"), "{text}");
    assert!(
        message(&diags, "W305", "RSK-1").is_empty(),
        "W334 tells it alone: {text}"
    );

    assert!(
        message(&diags, "W305", "RSK-2")[0]
            .ends_with("and no acceptance by `Executive Committee` in force"),
        "{text}"
    );
    assert_diagnostic(
        &diags,
        &text,
        "W330",
        by("by: Executive Committee, date: 2026-12-10"),
    );
    assert_eq!(message(&diags, "W305", "RSK-3").len(), 1, "{text}");
    assert!(
        message(&diags, "W305", "RSK-4").is_empty() && message(&diags, "W334", "RSK-4").is_empty(),
        "{text}"
    );

    assert_diagnostic(&diags, &text, "W334", by("by: Chief Risk Officer"));
    assert!(
        message(&diags, "W334", "RSK-5")[0]
            .contains("the risk owner (`ML Lead`) to accept medium residual risks"),
        "{text}"
    );

    // The gaps page lists the risks above appetite with no acceptance in force by the right
    // body, and not the one answered.
    build_ok(&f.root(), &[]);
    let gaps = std::fs::read_to_string(f.out().join("gaps.html")).unwrap();
    let section = crate::harness::section(&gaps, "risks-above-appetite");
    for id in ["RSK-1", "RSK-2", "RSK-3"] {
        assert!(section.contains(id), "{id}: {section}");
    }
    assert!(!section.contains("RSK-4"), "{section}");
}

#[test]
fn a_misspelt_level_in_acceptance_by_is_an_error_at_its_key() {
    let f = small_portal();
    config(&f, vec![("hihg", "Chief Risk Officer")]);
    let err = check_fails(&f.root(), &[]);
    assert!(
        err.contains("error[E104]: risk.acceptance_by: `hihg` is not a risk level"),
        "{err}"
    );
    let line = line_of(&f, "portal.yaml", "hihg:");
    assert!(err.contains(&format!("--> portal.yaml:{line}:")), "{err}");
    assert!(err.contains("did you mean `high`?"), "{err}");
}

#[test]
fn a_high_risk_system_needs_an_impact_assessment_in_force() {
    let f = small_portal();
    f.systems(
        "s",
        &[System {
            id: "SYS-1",
            name: "Scoring model",
            owner: "ML Lead",
            last_review: "2026-06-01",
            more: more("risk_class: high-risk"),
            ..System::default()
        }],
    );
    let file = "content/systems/s.yaml";
    let place = (file, line_of(&f, file, "risk_class: high-risk"), None);
    let (_, diags) = check_json(&f.root(), &[]);
    let text = format!("{diags:#?}");
    assert_diagnostic(&diags, &text, "W333", place);
    assert_eq!(
        message(&diags, "W333", "SYS-1"),
        ["high-risk system `SYS-1` has no impact assessment"]
    );

    let assessment = |status| Policy {
        id: "IA-1",
        title: "Scoring model impact assessment",
        kind: "impact-assessment",
        owner: "ML Lead",
        status,
        last_review: "2026-06-01",
        more: more("systems: [SYS-1]"),
        body: "## Impacts\n\nOn applicants.\n",
        ..Policy::default()
    };
    f.policy("ia", &assessment("draft"));
    let (_, diags) = check_json(&f.root(), &[]);
    assert_eq!(
        message(&diags, "W333", "SYS-1"),
        ["high-risk system `SYS-1` has no impact assessment in force: `IA-1` is draft"]
    );
    f.policy("ia", &assessment("approved"));
    let (_, diags) = check_json(&f.root(), &[]);
    assert!(message(&diags, "W333", "SYS-1").is_empty(), "{diags:#?}");
    build_ok(&f.root(), &[]);
    assert_page_contains(&f.out(), "systems/SYS-1.html", &["IA-1"]);
}
