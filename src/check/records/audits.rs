//! Checks of internal audit programmes and audits (ISO/IEC 42001 and 27001 clause 9.2): a
//! nonconformity finding of a completed audit needs a nonconformity record (10.2), a planned
//! audit past its due date should have been done, an audit states why its auditor is
//! independent, and an audit's dates and findings must be possible.

use super::{RecordGap, RecordGapKind};
use crate::diagnostics::Diagnostic;
use crate::model::Date;
use crate::model::records::{Audit, AuditProgramme, AuditStatus};
use crate::resolve::Portal;
use crate::resolve::records::{RecordBody, RecordKind};

/// Whether audit record `a` is completed as of `--today`: its status says so and it states no
/// date after today (W330), so its report exists.
pub(crate) fn completed(portal: &Portal, a: usize) -> bool {
    matches!(&portal.records[a].body, RecordBody::Audit(audit) if audit.status == AuditStatus::Completed)
        && !portal.records[a].after_today
}

/// The nonconformity records raised from record `r` (a finding): those whose `source` names it.
pub(crate) fn raised_from(portal: &Portal, r: usize) -> Vec<usize> {
    portal
        .records
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind() == RecordKind::Nonconformity && n.records.contains(&r))
        .map(|(i, _)| i)
        .collect()
}

/// The gaps of audits: each major or minor nonconformity finding of a completed audit that no
/// nonconformity record names as its source.
pub(super) fn gaps(portal: &Portal) -> Vec<RecordGap> {
    let mut out = Vec::new();
    for r in 0..portal.records.len() {
        let RecordBody::Finding { audit, .. } = portal.records[r].body else {
            continue;
        };
        let Some((_, finding)) = portal.finding(r) else {
            continue;
        };
        if finding.kind.is_nonconformity()
            && completed(portal, audit)
            && raised_from(portal, r).is_empty()
        {
            out.push(RecordGap {
                record: r,
                kind: RecordGapKind::FindingWithoutCorrectiveAction,
                detail: format!(
                    "{} against {}, no nonconformity record",
                    crate::resolve::records::type_label(finding).to_lowercase(),
                    finding.control
                ),
            });
        }
    }
    out
}

/// The diagnostics of audits and programmes.
pub(super) fn diagnostics(portal: &Portal, gaps: &[RecordGap]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for gap in gaps {
        if gap.kind == RecordGapKind::FindingWithoutCorrectiveAction {
            out.extend(finding_without_action(portal, gap.record));
        }
    }
    for r in 0..portal.records.len() {
        match &portal.records[r].body {
            RecordBody::Programme(p) => out.extend(late_planned_audits(portal, r, p)),
            RecordBody::Audit(a) => out.extend(audit_diagnostics(a)),
            _ => {}
        }
    }
    out
}

/// W351: a nonconformity finding with no nonconformity record, at the finding's type.
fn finding_without_action(portal: &Portal, r: usize) -> Option<Diagnostic> {
    let RecordBody::Finding { index, .. } = portal.records[r].body else {
        return None;
    };
    let (a, finding) = portal.finding(r)?;
    let d = Diagnostic::warning(
        "W351",
        format!(
            "finding `{}` of audit `{}` is a {} with no corrective action: no nonconformity names it as its `source`",
            finding.id,
            a.id,
            crate::resolve::records::type_label(finding).to_lowercase()
        ),
    )
    .help(format!(
        "record the nonconformity, its correction, root cause and actions in content/nonconformities/ with `source: {}` (ISO/IEC 42001 10.2)",
        finding.id
    ));
    Some(
        portal
            .record_source(r)
            .locate(d, &format!("findings[{index}].type")),
    )
}

/// W350 (a planned audit past its due date and not done) and E252 (a planned audit naming an
/// audit of another programme).
fn late_planned_audits(portal: &Portal, r: usize, p: &AuditProgramme) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let source = portal.record_source(r);
    for (i, planned) in p.planned.iter().enumerate() {
        let audit = planned
            .audit
            .as_deref()
            .and_then(|id| audit_index(portal, id));
        if let Some(a) = audit
            && let RecordBody::Audit(record) = &portal.records[a].body
            && let Some(other) = &record.programme
            && other.trim() != p.id
        {
            let d = Diagnostic::error(
                "E252",
                format!(
                    "programme `{}` plans audit `{}`, which says it belongs to programme `{other}`",
                    p.id, record.id
                ),
            )
            .help(format!(
                "set the audit's `programme: {}`, or plan it in `{other}`",
                p.id
            ));
            out.push(source.locate(d, &format!("planned[{i}].audit")));
        }
        let Some(due) = planned.due else { continue };
        if due >= portal.today || audit.is_some_and(|a| completed(portal, a)) {
            continue;
        }
        let state = match audit.map(|a| (&portal.records[a].body, portal.records[a].after_today)) {
            None => "no audit record names it".to_string(),
            Some((RecordBody::Audit(a), after_today)) => {
                format!(
                    "its audit `{}` is {}",
                    a.id,
                    status_words(a.status, after_today)
                )
            }
            Some(_) => continue,
        };
        let d = Diagnostic::warning(
            "W350",
            format!(
                "planned audit \"{}\" of programme `{}` was due on {due}, and {state}",
                planned.title, p.id
            ),
        )
        .help("record the audit (`audit:` names its record) or re-plan it with a new `due` date and the reason in the programme's description (ISO/IEC 42001 9.2.2)");
        out.push(source.locate(d, &format!("planned[{i}].due")));
    }
    out
}

/// An audit's status in words, for messages.
fn status_words(status: AuditStatus, after_today: bool) -> &'static str {
    match status {
        AuditStatus::Planned => "still planned",
        AuditStatus::InProgress => "still in progress",
        AuditStatus::Completed if after_today => "completed only after --today",
        AuditStatus::Completed => "completed",
        AuditStatus::Cancelled => "cancelled",
    }
}

/// The index of the audit record with this id.
fn audit_index(portal: &Portal, id: &str) -> Option<usize> {
    portal
        .records
        .iter()
        .position(|n| n.kind() == RecordKind::Audit && n.id == id.trim())
}

/// W356 (no independence statement), E251 (dates out of order) and E253 (findings of an audit
/// not carried out).
fn audit_diagnostics(a: &Audit) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let started = a.status != AuditStatus::Planned && a.status != AuditStatus::Cancelled;
    if started
        && a.independence
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
    {
        let d = Diagnostic::warning(
            "W356",
            format!(
                "audit `{}` does not say why its auditor, {}, is objective and impartial",
                a.id, a.auditor
            ),
        )
        .help("add `independence:`, e.g. \"reports to the audit committee; no role in the processes audited\" (ISO/IEC 42001 9.2.2 c)");
        out.push(a.source.locate(d, "auditor"));
    }
    let order: [(&str, Option<Date>); 3] =
        [("start", a.start), ("end", a.end), ("reported", a.reported)];
    for pair in order.windows(2) {
        if let ((first, Some(x)), (then, Some(y))) = (pair[0], pair[1])
            && y < x
        {
            let d = Diagnostic::error(
                "E251",
                format!("audit `{}`: `{then}` ({y}) is before `{first}` ({x})", a.id),
            )
            .help("fieldwork starts, then ends, then the report is issued: correct the dates");
            out.push(a.source.locate(d, then));
        }
    }
    if !started && let Some(first) = a.findings.first() {
        let d = Diagnostic::error(
            "E253",
            format!(
                "audit `{}` is {} but records findings (`{}`): findings come from fieldwork",
                a.id,
                status_words(a.status, false),
                first.id
            ),
        )
        .help("set `status: in-progress` or `completed`, or move the findings to the audit that raised them");
        out.push(a.source.locate(d, "findings[0]"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_say_why_an_audit_is_not_done() {
        assert_eq!(
            status_words(AuditStatus::InProgress, false),
            "still in progress"
        );
        assert_eq!(
            status_words(AuditStatus::Completed, true),
            "completed only after --today"
        );
        assert_eq!(status_words(AuditStatus::Cancelled, false), "cancelled");
    }
}
