//! What the pages of audit programmes and audits add to a record page's context: a
//! programme's plan and the coverage of its scope; an audit's scope and its findings, each
//! with the clause or control it is raised against and the nonconformity raised from it.

use tera::Value;

use super::super::{PageJob, Views, list, record};
use crate::check::records::audits::{completed, raised_from};
use crate::model::records::{AuditProgramme, AuditStatus, PlannedAudit};
use crate::resolve::Portal;
use crate::resolve::records::{RecordBody, RecordKind, type_label};

/// Adds what the page of record `i` (a programme or an audit) shows beyond every record's
/// context.
pub(super) fn page(portal: &Portal, views: &Views, i: usize, job: &mut PageJob) {
    match &portal.records[i].body {
        RecordBody::Programme(p) => programme(portal, views, i, p, job),
        RecordBody::Audit(_) => audit(portal, views, i, job),
        _ => {}
    }
}

/// The controls a list of written references names, as indexes (unresolved ones were
/// reported by resolve, and are left out).
fn controls(portal: &Portal, ids: &[String]) -> Vec<usize> {
    ids.iter()
        .filter_map(|id| portal.index.control(id).ok())
        .collect()
}

/// `c` and the clauses it is a sub-clause of, nearest first: evidence or a finding cited
/// against a clause counts for each of its sub-clauses.
pub(crate) fn with_parents(portal: &Portal, c: usize) -> Vec<usize> {
    let mut out = vec![c];
    let mut at = c;
    while let Some(p) = portal.controls[at].parent {
        if out.contains(&p) {
            break;
        }
        out.push(p);
        at = p;
    }
    out
}

/// The audit records of programme `p`: those it plans, and those naming it as their
/// programme.
fn programme_audits(portal: &Portal, p: usize) -> Vec<usize> {
    let mut out: Vec<usize> = portal.records[p]
        .records
        .iter()
        .copied()
        .filter(|&a| portal.records[a].kind() == RecordKind::Audit)
        .collect();
    for (a, node) in portal.records.iter().enumerate() {
        if node.kind() == RecordKind::Audit && node.records.contains(&p) && !out.contains(&a) {
            out.push(a);
        }
    }
    out.sort_unstable();
    out
}

/// The state of a planned audit as of `--today`, as its badge says it.
fn planned_state(portal: &Portal, planned: &PlannedAudit, audit: Option<usize>) -> &'static str {
    let late = planned.due.is_some_and(|d| d < portal.today);
    match audit.map(|a| (a, &portal.records[a].body)) {
        Some((a, _)) if completed(portal, a) => "completed",
        Some((_, RecordBody::Audit(a))) if a.status == AuditStatus::Cancelled => "cancelled",
        Some((_, RecordBody::Audit(a))) if a.status == AuditStatus::InProgress && !late => {
            "in progress"
        }
        _ if late => "overdue",
        _ => "planned",
    }
}

/// The programme's plan, its audits outside the plan, and the coverage of its scope.
fn programme(portal: &Portal, views: &Views, i: usize, p: &AuditProgramme, job: &mut PageJob) {
    let audits = programme_audits(portal, i);
    let by_id = |id: &str| {
        audits
            .iter()
            .copied()
            .find(|&a| portal.records[a].id == id.trim())
    };
    let mut planned_audits = Vec::new();
    let plan: Vec<Value> = p
        .planned
        .iter()
        .map(|planned| {
            let audit = planned.audit.as_deref().and_then(by_id);
            planned_audits.extend(audit);
            record(vec![
                ("title", planned.title.clone().into()),
                (
                    "due",
                    planned.due.map_or(Value::none(), |d| d.to_string().into()),
                ),
                (
                    "scope",
                    list(Views::list(
                        &views.controls,
                        &controls(portal, &planned.scope),
                    )),
                ),
                (
                    "audit",
                    audit.map_or(Value::none(), |a| views.records[a].clone()),
                ),
                ("state", planned_state(portal, planned, audit).into()),
            ])
        })
        .collect();
    let unplanned: Vec<usize> = audits
        .iter()
        .copied()
        .filter(|a| !planned_audits.contains(a))
        .collect();
    job.set_value("plan", list(plan))
        .set_value("unplanned", list(Views::list(&views.records, &unplanned)))
        .set_value("coverage", list(coverage(portal, views, &p.scope, &audits)));
}

/// For each clause or control of a programme's scope, the audits that covered it (their scope
/// names it or a clause it belongs to) and the findings raised against it.
fn coverage(portal: &Portal, views: &Views, scope: &[String], audits: &[usize]) -> Vec<Value> {
    controls(portal, scope)
        .into_iter()
        .map(|c| {
            let chain = with_parents(portal, c);
            let covering: Vec<usize> = audits
                .iter()
                .copied()
                .filter(|&a| portal.records[a].controls.iter().any(|x| chain.contains(x)))
                .collect();
            let findings = portal
                .records
                .iter()
                .filter(|n| {
                    matches!(n.body, RecordBody::Finding { audit, .. } if covering.contains(&audit))
                        && n.controls.iter().any(|x| chain.contains(x))
                })
                .count();
            let state = if covering.iter().any(|&a| completed(portal, a)) {
                "audited"
            } else if covering.is_empty() {
                "not covered"
            } else {
                "planned"
            };
            record(vec![
                ("control", views.controls[c].clone()),
                ("audits", list(Views::list(&views.records, &covering))),
                ("findings", findings.into()),
                ("state", state.into()),
            ])
        })
        .collect()
}

/// The audit's scope, programme and findings.
fn audit(portal: &Portal, views: &Views, i: usize, job: &mut PageJob) {
    let node = &portal.records[i];
    let programme: Vec<usize> = node
        .records
        .iter()
        .copied()
        .filter(|&r| portal.records[r].kind() == RecordKind::Programme)
        .collect();
    let findings: Vec<Value> = (0..portal.records.len())
        .filter(
            |&r| matches!(portal.records[r].body, RecordBody::Finding { audit, .. } if audit == i),
        )
        .filter_map(|r| finding(portal, views, r))
        .collect();
    let count = |nc: bool| {
        (0..portal.records.len())
            .filter_map(|r| match portal.records[r].body {
                RecordBody::Finding { audit, .. } if audit == i => portal.finding(r),
                _ => None,
            })
            .filter(|(_, f)| f.kind.is_nonconformity() == nc)
            .count()
    };
    job.set_value("scope", list(Views::list(&views.controls, &node.controls)))
        .set_value(
            "programme",
            programme
                .first()
                .map_or(Value::none(), |&p| views.records[p].clone()),
        )
        .set_value("nonconformity_count", count(true).into())
        .set_value("other_count", count(false).into())
        .set_value("completed", completed(portal, i).into())
        .set_value("findings", list(findings));
}

/// One finding as its section shows it.
fn finding(portal: &Portal, views: &Views, r: usize) -> Option<Value> {
    let (_, f) = portal.finding(r)?;
    let node = &portal.records[r];
    let label = type_label(f);
    let raised = raised_from(portal, r);
    Some(record(vec![
        ("id", f.id.clone().into()),
        ("type", label.to_lowercase().into()),
        ("type_label", label.into()),
        ("nonconformity", f.kind.is_nonconformity().into()),
        ("written_control", f.control.clone().into()),
        (
            "control",
            node.controls
                .first()
                .map_or(Value::none(), |&c| views.controls[c].clone()),
        ),
        ("statement", f.statement.clone().into()),
        (
            "evidence",
            list(Views::list(&views.evidence, &node.evidence)),
        ),
        ("restricted_evidence", node.restricted.evidence.into()),
        ("raised", list(Views::list(&views.records, &raised))),
    ]))
}
