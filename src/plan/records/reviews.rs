//! What the page of a management review adds to a record page's context: its inputs as a
//! checklist by item of 9.3.2 (present, with what was reviewed, or missing), and its output
//! actions with whether each is overdue.

use serde_json::json;

use super::super::{PageJob, Views};
use crate::check::records::overdue;
use crate::model::records::REVIEW_INPUTS;
use crate::resolve::records::RecordBody;
use crate::resolve::{Interval, Portal};

/// Adds what the page of record `i` shows beyond every record's context: `inputs` (each input
/// a framework in scope requires, and any other the review records, in the order of 9.3.2),
/// `missing` (how many required ones it lacks), `actions` (the output actions with `overdue`)
/// and `next_due` (when the next review is due at the planned interval).
pub(super) fn page(portal: &Portal, views: &Views, i: usize, job: &mut PageJob) {
    let RecordBody::Review(review) = &portal.records[i].body else {
        return;
    };
    let frameworks = &portal.config.frameworks;
    let mut missing = 0;
    let mut inputs = Vec::new();
    for spec in REVIEW_INPUTS {
        let clause = spec.clause(frameworks);
        let input = review.inputs.get(spec.key);
        if clause.is_empty() && input.is_none() {
            continue;
        }
        if input.is_none() {
            missing += 1;
        }
        let reviewed: Vec<tera::Value> = input
            .iter()
            .flat_map(|inp| inp.reviewed.iter())
            .filter_map(|id| portal.index.find(id))
            .map(|t| views.of(t).clone())
            .collect();
        let written = input.as_ref().map_or(0, |inp| inp.reviewed.len());
        inputs.push(json!({
            "key": spec.key,
            "clause": if clause.is_empty() { "optional".to_string() } else { clause },
            "required": spec.required(frameworks),
            "about": spec.about,
            "present": input.is_some(),
            "summary": input.as_ref().map(|inp| inp.summary.clone()),
            "reviewed": reviewed,
            "reviewed_restricted": written.saturating_sub(reviewed.len()),
        }));
    }
    let actions: Vec<serde_json::Value> = review
        .outputs
        .actions
        .iter()
        .map(|a| {
            json!({
                "action": a.action,
                "owner": a.owner,
                "due": a.due.map(|d| d.to_string()),
                "done": a.done.filter(|&d| d <= portal.today).map(|d| d.to_string()),
                "overdue": overdue(a, portal.today),
            })
        })
        .collect();
    let every =
        Interval::parse(&portal.config.reviews.default_interval).unwrap_or(Interval::Months(12));
    job.set("inputs", &inputs)
        .set("missing", &missing)
        .set("actions", &actions)
        .set("next_due", &every.after(review.date).to_string());
}

/// Whether the review records every input the frameworks in scope require, in words, as its
/// badge in listings shows it.
pub(super) fn status(portal: &Portal, i: usize) -> Option<String> {
    let RecordBody::Review(review) = &portal.records[i].body else {
        return None;
    };
    let missing =
        crate::check::records::reviews::missing_inputs(&portal.config.frameworks, review).len();
    Some(match missing {
        0 => "inputs complete".to_string(),
        1 => "1 input missing".to_string(),
        n => format!("{n} inputs missing"),
    })
}
