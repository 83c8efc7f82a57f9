//! Checks of the records an auditor samples: what each kind must hold to be true, as
//! diagnostics at the record's file and line, and as gaps on the gaps page.
//!
//! One module per kind; each returns its diagnostics and gaps. A record dated after
//! `--today` (W330, [`RecordNode::after_today`](crate::resolve::records::RecordNode)) never
//! counts as done, closed, measured or notified.

pub(crate) mod audits;
pub mod incidents;
pub(crate) mod nonconformities;
pub mod objectives;
pub mod reviews;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::model::Date;
use crate::model::records::Action;
use crate::resolve::Portal;

/// What is wrong with a record, as a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordGapKind {
    /// An open major nonconformity (shown on the dashboard).
    OpenMajorNonconformity,
    /// A nonconformity finding of an audit with no nonconformity record raised from it.
    FindingWithoutCorrectiveAction,
    /// A corrective or review action past its due date and not done.
    OverdueAction,
    /// A nonconformity closed without an effective effectiveness check.
    UnverifiedClosure,
    /// A management review without every input the frameworks in scope require.
    MissingReviewInputs,
    /// A serious incident or personal-data breach notified late, or not at all.
    LateNotification,
    /// An objective whose latest measurement misses its target.
    ObjectiveOffTrack,
}

impl RecordGapKind {
    /// The gaps page's section: anchor, heading, urgency label.
    pub fn section(self) -> (&'static str, &'static str, &'static str) {
        match self {
            RecordGapKind::OpenMajorNonconformity => (
                "open-major-nonconformities",
                "Open major nonconformities",
                "major",
            ),
            RecordGapKind::FindingWithoutCorrectiveAction => (
                "findings-without-corrective-action",
                "Audit nonconformities without a corrective action record",
                "no action",
            ),
            RecordGapKind::OverdueAction => (
                "overdue-actions",
                "Corrective and review actions past their due date",
                "overdue",
            ),
            RecordGapKind::UnverifiedClosure => (
                "unverified-closures",
                "Nonconformities closed without an effectiveness check",
                "unverified",
            ),
            RecordGapKind::MissingReviewInputs => (
                "review-inputs-missing",
                "Management reviews missing required inputs",
                "incomplete",
            ),
            RecordGapKind::LateNotification => (
                "late-notifications",
                "Incidents notified late or not at all",
                "late",
            ),
            RecordGapKind::ObjectiveOffTrack => {
                ("objectives-off-track", "Objectives off track", "off track")
            }
        }
    }

    /// Every kind, in the order the gaps page shows them.
    pub const ALL: [RecordGapKind; 7] = [
        RecordGapKind::OpenMajorNonconformity,
        RecordGapKind::LateNotification,
        RecordGapKind::OverdueAction,
        RecordGapKind::FindingWithoutCorrectiveAction,
        RecordGapKind::UnverifiedClosure,
        RecordGapKind::MissingReviewInputs,
        RecordGapKind::ObjectiveOffTrack,
    ];
}

/// One gap of one record: an index into `Portal::records`, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordGap {
    /// Index into `Portal::records`.
    pub record: usize,
    /// What is wrong.
    pub kind: RecordGapKind,
    /// The detail, in a few words ("2 actions overdue", "notified 3 days late").
    pub detail: String,
}

/// One line on the records the portal holds, so that an author sees them load (`None` when
/// it has none).
pub fn note(portal: &Portal) -> Option<String> {
    use crate::resolve::records::RecordKind;
    let count = |kind| portal.records.iter().filter(|r| r.kind() == kind).count();
    let parts: Vec<String> = [
        (RecordKind::Programme, "audit programme", "audit programmes"),
        (RecordKind::Audit, "audit", "audits"),
        (RecordKind::Finding, "audit finding", "audit findings"),
        (
            RecordKind::Nonconformity,
            "nonconformity",
            "nonconformities",
        ),
        (
            RecordKind::Review,
            "management review",
            "management reviews",
        ),
        (RecordKind::Objective, "objective", "objectives"),
        (RecordKind::Incident, "incident", "incidents"),
    ]
    .into_iter()
    .filter_map(|(kind, one, many)| match count(kind) {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    })
    .collect();
    (!parts.is_empty()).then(|| format!("records: {}", parts.join(", ")))
}

/// The gaps of every record, by kind then record.
pub fn gaps(portal: &Portal) -> Vec<RecordGap> {
    let mut out = Vec::new();
    out.extend(audits::gaps(portal));
    out.extend(nonconformities::gaps(portal));
    out.extend(reviews::gaps(portal));
    out.extend(objectives::gaps(portal));
    out.extend(incidents::gaps(portal));
    out.sort_by_key(|g| (g.kind, g.record));
    out
}

/// The diagnostics of every record: what its gaps mean, at its file and line, and the errors
/// of records that cannot be true (a late serious incident).
pub fn diagnostics(portal: &Portal, gaps: &[RecordGap]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(audits::diagnostics(portal, gaps));
    out.extend(nonconformities::diagnostics(portal, gaps));
    out.extend(reviews::diagnostics(portal, gaps));
    out.extend(objectives::diagnostics(portal, gaps));
    out.extend(incidents::diagnostics(portal, gaps));
    out
}

/// Whether an action (corrective, or a management review's output) is past its due date and
/// not done as of `today`: due before today, and not done, or done only after today (W330: a
/// date after `--today` never counts as done). An action due today is not overdue yet.
pub fn overdue(action: &Action, today: Date) -> bool {
    action.due.is_some_and(|due| due < today) && action.done.is_none_or(|done| done > today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(due: Option<&str>, done: Option<&str>) -> Action {
        let date = |d: Option<&str>| d.map(|d| Date::parse(d).unwrap());
        Action {
            action: "Fix it".into(),
            owner: None,
            due: date(due),
            done: date(done),
        }
    }

    #[test]
    fn an_action_is_overdue_after_its_due_day_until_done_by_today() {
        let today = Date::parse("2026-11-28").unwrap();
        assert!(overdue(&action(Some("2026-11-27"), None), today));
        assert!(!overdue(&action(Some("2026-11-28"), None), today));
        assert!(!overdue(
            &action(Some("2026-03-31"), Some("2026-04-02")),
            today
        ));
        // Done after today is not done yet.
        assert!(overdue(
            &action(Some("2026-03-31"), Some("2026-12-01")),
            today
        ));
        assert!(!overdue(&action(None, None), today));
    }
}
