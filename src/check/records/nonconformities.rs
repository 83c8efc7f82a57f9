//! Checks of nonconformities and their corrective actions (ISO/IEC 42001 and 27001 clause
//! 10.2): actions past their due date, closures without an effective effectiveness check, a
//! nonconformity resolved or closed with an action not done, open major nonconformities, and
//! a `source` that contradicts the `origin` or `severity` written beside it.
//!
//! A date after `--today` never counts: an action `done` after today is not done, an
//! effectiveness check dated after today has not happened.

use super::{RecordGap, RecordGapKind};
use crate::diagnostics::Diagnostic;
use crate::model::Date;
use crate::model::records::{
    Action, EffectivenessResult, FindingType, Nonconformity, NonconformityStatus, Origin,
};
use crate::resolve::Portal;
use crate::resolve::records::{RecordBody, RecordKind};

/// Whether an action is done as of `today` (a `done` date after today is not).
pub(crate) fn is_done(action: &Action, today: Date) -> bool {
    action.done.is_some_and(|d| d <= today)
}

/// Whether an action is past its due date and not done as of `today`.
pub(crate) fn is_overdue(action: &Action, today: Date) -> bool {
    action.due.is_some_and(|due| due < today) && !is_done(action, today)
}

/// Whether the nonconformity's effectiveness was verified, effective, on or before `today`.
pub(crate) fn verified_effective(n: &Nonconformity, today: Date) -> bool {
    n.effectiveness
        .as_ref()
        .is_some_and(|e| e.result == EffectivenessResult::Effective && e.date <= today)
}

/// The nonconformity record `r`, if it is one.
fn nonconformity(portal: &Portal, r: usize) -> Option<&Nonconformity> {
    match &portal.records[r].body {
        RecordBody::Nonconformity(n) => Some(n),
        _ => None,
    }
}

/// The record its `source` names, if resolved (the only record a nonconformity names).
fn source_record(portal: &Portal, r: usize) -> Option<usize> {
    portal.records[r].records.first().copied()
}

/// Major or minor: as written, else as its source finding says.
pub(crate) fn severity(portal: &Portal, r: usize) -> Option<FindingType> {
    let n = nonconformity(portal, r)?;
    n.severity.or_else(|| {
        source_record(portal, r)
            .and_then(|s| portal.finding(s))
            .map(|(_, f)| f.kind)
            .filter(|k| k.is_nonconformity())
    })
}

/// Where it came from: as its `source` record says, else as written.
pub(crate) fn origin(portal: &Portal, r: usize) -> Option<Origin> {
    let written = nonconformity(portal, r)?.origin;
    source_record(portal, r)
        .and_then(|s| origin_of(portal.records[s].kind()))
        .or(written)
}

/// The origin a source record of this kind implies.
fn origin_of(kind: RecordKind) -> Option<Origin> {
    match kind {
        RecordKind::Finding => Some(Origin::Audit),
        RecordKind::Incident => Some(Origin::Incident),
        RecordKind::Review => Some(Origin::Review),
        _ => None,
    }
}

/// Whether it is closed as of `--today`: `status: closed`, with nothing dated after today.
fn closed(portal: &Portal, r: usize, n: &Nonconformity) -> bool {
    n.status == NonconformityStatus::Closed && !portal.records[r].after_today
}

/// The gaps of nonconformities: open majors, overdue actions, unverified closures.
pub(super) fn gaps(portal: &Portal) -> Vec<RecordGap> {
    let mut out = Vec::new();
    let today = portal.today;
    for r in 0..portal.records.len() {
        let Some(n) = nonconformity(portal, r) else {
            continue;
        };
        let mut gap = |kind, detail: String| {
            out.push(RecordGap {
                record: r,
                kind,
                detail,
            })
        };
        if severity(portal, r) == Some(FindingType::Major) && !closed(portal, r, n) {
            gap(
                RecordGapKind::OpenMajorNonconformity,
                format!("raised {}, {}", n.raised, status_word(n.status)),
            );
        }
        let overdue: Vec<&Action> = n.actions.iter().filter(|a| is_overdue(a, today)).collect();
        if let Some(first) = overdue.iter().filter_map(|a| a.due).min() {
            let count = overdue.len();
            gap(
                RecordGapKind::OverdueAction,
                format!(
                    "{count} action{} overdue, the first due {first}",
                    if count == 1 { "" } else { "s" }
                ),
            );
        }
        if n.status == NonconformityStatus::Closed && !verified_effective(n, today) {
            let detail = match &n.effectiveness {
                None => "closed with no effectiveness check".to_string(),
                Some(e) if e.date > today => {
                    format!("effectiveness check dated {} (after today)", e.date)
                }
                Some(_) => "closed although the check found the action not effective".to_string(),
            };
            gap(RecordGapKind::UnverifiedClosure, detail);
        }
    }
    out
}

/// A status as a word.
fn status_word(status: NonconformityStatus) -> &'static str {
    match status {
        NonconformityStatus::Open => "open",
        NonconformityStatus::Resolved => "resolved, not verified",
        NonconformityStatus::Closed => "closed only after --today",
    }
}

/// The diagnostics of nonconformities.
pub(super) fn diagnostics(portal: &Portal, gaps: &[RecordGap]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for gap in gaps {
        let Some(n) = nonconformity(portal, gap.record) else {
            continue;
        };
        match gap.kind {
            RecordGapKind::OpenMajorNonconformity => {
                let d = Diagnostic::warning(
                    "W355",
                    format!("major nonconformity `{}` is not closed ({})", n.id, gap.detail),
                )
                .help("a certification body does not certify with an open major nonconformity: complete the corrective actions and verify their effectiveness (ISO/IEC 42001 10.2)");
                let field = if n.severity.is_some() {
                    "severity"
                } else {
                    "source"
                };
                out.push(n.source.locate(d, field));
            }
            RecordGapKind::OverdueAction => out.extend(overdue_actions(portal, n)),
            RecordGapKind::UnverifiedClosure => {
                let d = Diagnostic::warning(
                    "W353",
                    format!("nonconformity `{}` is closed without an effectiveness check that found it effective: {}", n.id, gap.detail),
                )
                .help("add `effectiveness: {date, result: effective, by}` once the check is done, or set `status: resolved` until then (ISO/IEC 42001 10.2 d)");
                out.push(n.source.locate(d, "status"));
            }
            _ => {}
        }
    }
    for r in 0..portal.records.len() {
        if let Some(n) = nonconformity(portal, r) {
            out.extend(consistency(portal, r, n));
        }
    }
    out
}

/// W352: each action past its due date and not done, at its `due`.
fn overdue_actions(portal: &Portal, n: &Nonconformity) -> Vec<Diagnostic> {
    let today = portal.today;
    n.actions
        .iter()
        .enumerate()
        .filter(|(_, a)| is_overdue(a, today))
        .map(|(i, a)| {
            let due = a.due.map(|d| d.to_string()).unwrap_or_default();
            let late = a.done.map_or(String::new(), |d| format!(" (its `done` date {d} is after today)"));
            let d = Diagnostic::warning(
                "W352",
                format!(
                    "corrective action {} of nonconformity `{}` was due on {due} and is not done{late}: {}",
                    i + 1,
                    n.id,
                    a.action
                ),
            )
            .help("record `done:` with the date it was done, or agree a new `due` date and say why in the nonconformity");
            n.source.locate(d, &format!("actions[{i}].due"))
        })
        .collect()
}

/// E250 (origin contradicts source), E254 (severity contradicts the source finding), W354
/// (resolved or closed with an action not done), W357 (effectiveness checked before the
/// actions were done).
fn consistency(portal: &Portal, r: usize, n: &Nonconformity) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let today = portal.today;
    let source = source_record(portal, r);
    if let (Some(written), Some(s)) = (n.origin, source)
        && let Some(implied) = origin_of(portal.records[s].kind())
        && implied != written
    {
        let d = Diagnostic::error(
            "E250",
            format!(
                "nonconformity `{}` says `origin: {}`, but its source `{}` is {}",
                n.id,
                word(written),
                portal.records[s].id,
                match portal.records[s].kind() {
                    RecordKind::Incident => "an incident",
                    RecordKind::Review => "a management review",
                    _ => "an audit finding",
                }
            ),
        )
        .help(format!(
            "write `origin: {}`, or leave `origin` out: it follows from the source",
            word(implied)
        ));
        out.push(n.source.locate(d, "origin"));
    }
    if let (Some(written), Some((_, finding))) =
        (n.severity, source.and_then(|s| portal.finding(s)))
        && finding.kind.is_nonconformity()
        && finding.kind != written
    {
        let d = Diagnostic::error(
            "E254",
            format!(
                "nonconformity `{}` says `severity: {}`, but finding `{}` is a {}",
                n.id,
                word(written),
                finding.id,
                crate::resolve::records::type_label(finding).to_lowercase()
            ),
        )
        .help("the audit grades the finding: write the finding's type, or leave `severity` out");
        out.push(n.source.locate(d, "severity"));
    }
    if n.status != NonconformityStatus::Open {
        for (i, a) in n
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| !is_done(a, today))
        {
            let d = Diagnostic::warning(
                "W354",
                format!(
                    "nonconformity `{}` is {} but corrective action {} is not done: {}",
                    n.id,
                    word(n.status),
                    i + 1,
                    a.action
                ),
            )
            .help("record the action's `done:` date, or set `status: open` until it is done");
            out.push(n.source.locate(d, &format!("actions[{i}]")));
        }
    }
    // Dates after today are W330 already, and count for nothing here.
    let last_done = n.actions.iter().filter_map(|a| a.done).max();
    if let (Some(check), Some(done)) = (&n.effectiveness, last_done)
        && check.date < done
        && done <= today
    {
        let d = Diagnostic::warning(
            "W357",
            format!(
                "nonconformity `{}`: its effectiveness was checked on {}, before its last action was done ({done})",
                n.id, check.date
            ),
        )
        .help("effectiveness can only be judged after the actions are in place: check again and record that date");
        out.push(n.source.locate(d, "effectiveness.date"));
    }
    out
}

/// Serde's kebab-case name of a value.
fn word(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn action(due: &str, done: Option<&str>) -> Action {
        Action {
            action: "fix".into(),
            owner: None,
            due: Some(date(due)),
            done: done.map(date),
        }
    }

    #[test]
    fn a_done_date_after_today_is_not_done_and_the_action_is_overdue() {
        let today = date("2026-11-28");
        assert!(is_overdue(&action("2026-10-01", None), today));
        assert!(is_overdue(&action("2026-10-01", Some("2026-12-01")), today));
        assert!(!is_overdue(
            &action("2026-10-01", Some("2026-11-28")),
            today
        ));
        assert!(
            !is_overdue(&action("2026-11-28", None), today),
            "due today is not yet late"
        );
    }

    #[test]
    fn words_are_the_yaml_values() {
        assert_eq!(word(Origin::Incident), "incident");
        assert_eq!(word(FindingType::Major), "major");
        assert_eq!(word(NonconformityStatus::Resolved), "resolved");
    }

    #[test]
    fn each_record_kind_that_can_be_a_source_implies_its_origin() {
        assert_eq!(origin_of(RecordKind::Finding), Some(Origin::Audit));
        assert_eq!(origin_of(RecordKind::Incident), Some(Origin::Incident));
        assert_eq!(origin_of(RecordKind::Review), Some(Origin::Review));
        assert_eq!(origin_of(RecordKind::Objective), None);
    }
}
