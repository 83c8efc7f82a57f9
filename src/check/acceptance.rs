//! Who accepted a residual risk, against who `portal.yaml` says may (`risk.acceptance_by`).
//!
//! A residual above the appetite is one story told once per risk: with no acceptance in force
//! it is W305 (above appetite, naming the body that must accept it); with an acceptance by
//! someone else it is W334 (naming both), and W305 is not repeated. An acceptance dated after
//! `--today` is already W330 and does not count; one that expired is W308 and does not count.

use crate::diagnostics::Diagnostic;
use crate::model::RiskStatus;
use crate::model::config::{ABOVE_APPETITE, RISK_OWNER, accepted_by};
use crate::resolve::{Portal, RiskNode};

/// The `acceptance_by` key that applies to `risk` (`above_appetite` or its residual level,
/// inherent when unrated) and the body it names, if `portal.yaml` names one.
pub fn acceptor<'a>(portal: &'a Portal, risk: &RiskNode) -> Option<(&'a str, &'a str)> {
    let level = &risk.residual.as_ref().unwrap_or(&risk.inherent).level;
    portal.config.risk.acceptor(level, risk.above_appetite)
}

/// The key and body `portal.yaml` names for `risk` when its `acceptance.by` is someone else.
pub fn wrong_acceptor<'a>(portal: &'a Portal, risk: &RiskNode) -> Option<(&'a str, &'a str)> {
    let acceptance = risk.risk.acceptance.as_ref()?;
    let (key, body) = acceptor(portal, risk)?;
    (!accepted_by(body, &acceptance.by, &risk.risk.owner)).then_some((key, body))
}

/// Whether `risk` has an acceptance in force, under any treatment: dated on or before
/// `--today` (a record with a date after it is W330 and counts for nothing), not expired,
/// and by the body `portal.yaml` names for it, when it names one.
pub fn accepted(portal: &Portal, risk: &RiskNode) -> bool {
    risk.risk.acceptance.as_ref().is_some_and(|a| {
        !risk.after_today
            && a.date <= portal.today
            && a.expires.is_none_or(|e| e >= portal.today)
            && wrong_acceptor(portal, risk).is_none()
    })
}

/// W334: a risk (not closed) whose acceptance is by someone other than the body
/// `portal.yaml` names for it, at `acceptance.by`, naming both.
pub fn warnings(portal: &Portal) -> Vec<Diagnostic> {
    portal
        .risks
        .iter()
        .filter(|r| r.risk.status != RiskStatus::Closed && !r.risk.source.is_patched())
        .filter_map(|r| {
            let (key, body) = wrong_acceptor(portal, r)?;
            let by = &r.risk.acceptance.as_ref()?.by;
            Some(r.risk.source.locate(
                Diagnostic::warning(
                    "W334",
                    format!(
                        "risk `{}` ({}) is accepted by `{by}`, but portal.yaml names {} to accept {}",
                        r.risk.id,
                        score_words(portal, r),
                        body_words(body, &r.risk.owner),
                        key_words(key),
                    ),
                )
                .help(format!(
                    "record the acceptance by {} (`acceptance.by`, `acceptance.date`), or change `risk.acceptance_by` in portal.yaml if the method changed",
                    body_words(body, &r.risk.owner)
                )),
                "acceptance.by",
            ))
        })
        .collect()
}

/// The help of W305 for `risk`: who must accept it, and why an acceptance it has does not
/// count.
pub fn above_appetite_help(portal: &Portal, risk: &RiskNode) -> String {
    let why = match &risk.risk.acceptance {
        Some(a) if a.date > portal.today || risk.after_today => format!(
            "its acceptance is dated after --today ({}, W330) and does not count yet; ",
            a.date
        ),
        Some(a) if a.expires.is_some_and(|e| e < portal.today) => {
            "its acceptance has expired (W308); ".to_string()
        }
        _ => String::new(),
    };
    match acceptor(portal, risk) {
        Some((_, body)) => format!(
            "{why}treat it further, or record its acceptance by {}: `acceptance: {{ by: {}, date: ... }}`",
            body_words(body, &risk.risk.owner),
            if same(body, RISK_OWNER) {
                &risk.risk.owner
            } else {
                body
            },
        ),
        None => {
            format!("{why}treat it further, or accept it formally (`acceptance: {{ by, date }}`)")
        }
    }
}

/// The end of W305's message: `, and no acceptance by `Executive Committee`` when
/// `portal.yaml` names who must accept it.
pub fn above_appetite_tail(portal: &Portal, risk: &RiskNode) -> String {
    acceptor(portal, risk)
        .map(|(_, body)| {
            format!(
                ", and no acceptance by {} in force",
                body_words(body, &risk.risk.owner)
            )
        })
        .unwrap_or_default()
}

/// `residual 12, above the appetite of 9` or `residual 6, medium`.
fn score_words(portal: &Portal, risk: &RiskNode) -> String {
    let score = risk.residual.as_ref().unwrap_or(&risk.inherent);
    let what = if risk.residual.is_some() {
        "residual"
    } else {
        "inherent"
    };
    match portal.config.risk.appetite {
        Some(appetite) if risk.above_appetite => {
            format!("{what} {}, above the appetite of {appetite}", score.score)
        }
        _ => format!("{what} {}, {}", score.score, score.level),
    }
}

/// `` `Executive Committee` `` or `` the risk owner (`VP Engineering`) ``.
fn body_words(body: &str, owner: &str) -> String {
    if same(body, RISK_OWNER) {
        format!("the risk owner (`{owner}`)")
    } else {
        format!("`{body}`")
    }
}

/// What an `acceptance_by` key covers, in words.
fn key_words(key: &str) -> String {
    if key == ABOVE_APPETITE {
        "residual risks above the appetite".to_string()
    } else {
        format!("{key} residual risks")
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;

    const CONFIG: &str = "title: T\norganization: O\nrisk:\n  appetite: 9\n  acceptance_by: { above_appetite: Executive Committee, medium: risk owner }\n";

    /// The diagnostics of a portal whose one risk ends with `tail` (treatment, residual,
    /// acceptance), as of 2026-11-28.
    fn check(tail: &str) -> Vec<Diagnostic> {
        let risks = format!(
            "risks:\n  - id: RSK-1\n    title: Exposure\n    owner: VP Engineering\n    likelihood: 4\n    impact: 4\n    last_review: 2026-11-01\n{tail}"
        );
        let (_, diags) = super::super::test_portal(
            &[("portal.yaml", CONFIG), ("content/risks/r.yaml", &risks)],
            "2026-11-28",
        );
        diags
    }

    fn of<'a>(diags: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
        diags.iter().filter(|d| d.code == code).collect()
    }

    #[test]
    fn above_appetite_without_acceptance_is_w305_naming_the_body() {
        let diags = check("    treatment: mitigate\n    residual: { likelihood: 3, impact: 4 }\n");
        let w305 = of(&diags, "W305");
        assert_eq!(w305.len(), 1, "{diags:#?}");
        assert!(
            w305[0]
                .message
                .contains("no acceptance by `Executive Committee`")
        );
        assert!(of(&diags, "W334").is_empty());
    }

    #[test]
    fn an_acceptance_by_the_named_body_answers_any_treatment() {
        let diags = check(
            "    treatment: mitigate\n    residual: { likelihood: 3, impact: 4 }\n    acceptance: { by: executive  committee, date: 2026-11-12 }\n",
        );
        assert!(
            of(&diags, "W305").is_empty() && of(&diags, "W334").is_empty(),
            "{diags:#?}"
        );
    }

    #[test]
    fn an_acceptance_by_another_body_is_w334_alone_naming_both() {
        let diags = check(
            "    treatment: mitigate\n    residual: { likelihood: 3, impact: 4 }\n    acceptance: { by: AI Risk Committee, date: 2026-10-27 }\n",
        );
        let w334 = of(&diags, "W334");
        assert_eq!(w334.len(), 1, "{diags:#?}");
        let message = &w334[0].message;
        assert!(
            message.contains("`AI Risk Committee`") && message.contains("`Executive Committee`")
        );
        assert!(message.contains("above the appetite of 9"), "{message}");
        // At `acceptance.by`, line 10 of the risks file.
        assert_eq!(w334[0].line, Some(10));
        assert!(of(&diags, "W305").is_empty(), "one story: {diags:#?}");
    }

    #[test]
    fn an_acceptance_dated_after_today_does_not_count() {
        let diags = check(
            "    treatment: mitigate\n    residual: { likelihood: 3, impact: 4 }\n    acceptance: { by: Executive Committee, date: 2026-12-03 }\n",
        );
        assert_eq!(of(&diags, "W330").len(), 1, "{diags:#?}");
        let w305 = of(&diags, "W305");
        assert_eq!(w305.len(), 1, "{diags:#?}");
        assert!(
            w305[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("after --today")
        );
    }

    #[test]
    fn below_appetite_the_level_names_who_accepts_and_risk_owner_is_the_owner() {
        let by = |who: &str| {
            check(&format!(
                "    treatment: accept\n    status: accepted\n    residual: {{ likelihood: 2, impact: 3 }}\n    acceptance: {{ by: {who}, date: 2026-04-20 }}\n"
            ))
        };
        assert!(of(&by("VP Engineering"), "W334").is_empty());
        let wrong = by("Chief Risk Officer");
        let w334 = of(&wrong, "W334");
        assert_eq!(w334.len(), 1, "{wrong:#?}");
        assert!(
            w334[0]
                .message
                .contains("the risk owner (`VP Engineering`)")
        );
        assert!(w334[0].message.contains("medium residual risks"));
    }

    #[test]
    fn an_unknown_level_is_an_error_with_the_name_meant() {
        let config = "title: T\norganization: O\nrisk:\n  appetite: 9\n  acceptance_by:\n    hihg: Chief Risk Officer\n    above_apetite: Board\n";
        let (_, diags) = super::super::test_portal(&[("portal.yaml", config)], "2026-11-28");
        let errors = of(&diags, "E104");
        assert_eq!(errors.len(), 2, "{diags:#?}");
        assert!(
            errors
                .iter()
                .any(|d| d.line == Some(6) && d.help.as_deref() == Some("did you mean `high`?"))
        );
        assert!(
            errors.iter().any(|d| d.line == Some(7)
                && d.help.as_deref() == Some("did you mean `above_appetite`?"))
        );
    }
}
