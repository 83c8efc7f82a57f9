//! What the page of an objective adds to a record page's context: where it stands against its
//! target, the chart of its measurements and the same values as a table.

use serde_json::json;

use super::super::{PageJob, Views};
use crate::check::records::objectives::{assess, target_words, with_unit};
use crate::resolve::Portal;
use crate::resolve::records::RecordBody;

/// Adds what the page of record `i` shows beyond every record's context: `track` (label,
/// reason, trend), `target` in words, `chart` (the geometry the template draws) and
/// `measurements` (oldest first, with their evidence and whether each meets the target).
pub(super) fn page(portal: &Portal, views: &Views, i: usize, job: &mut PageJob) {
    let RecordBody::Objective(o) = &portal.records[i].body else {
        return;
    };
    let assessment = assess(o, portal.today);
    let measurements: Vec<serde_json::Value> = assessment
        .counted
        .iter()
        .map(|m| {
            let evidence: Vec<tera::Value> = m
                .evidence
                .iter()
                .filter_map(|id| portal.index.by_key.get(id.trim()))
                .map(|&t| views.of(t).clone())
                .collect();
            json!({
                "date": m.date.to_string(),
                "value": with_unit(&o.target, m.value),
                "meets": crate::check::records::objectives::meets(&o.target, m.value),
                "note": m.note,
                "evidence": evidence,
                "evidence_restricted": m.evidence.len() - evidence.len(),
            })
        })
        .collect();
    let later = o.measurements.len() - assessment.counted.len();
    job.set(
        "track",
        &json!({
            "label": assessment.track.label(),
            "reason": assessment.reason,
            "trend": assessment.trend.label(),
        }),
    )
    .set("target_words", &target_words(&o.target))
    .set("chart", &super::super::chart::chart(o, &assessment))
    .set("measurements", &measurements)
    .set("measurements_after_today", &later);
}

/// Whether the objective is on track, in words, as its badge shows it.
pub(super) fn status(portal: &Portal, i: usize) -> Option<String> {
    match &portal.records[i].body {
        RecordBody::Objective(o) => Some(assess(o, portal.today).track.label().to_string()),
        _ => None,
    }
}
