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
