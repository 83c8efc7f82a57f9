//! Checks of management reviews (9.3): every input the frameworks in scope require (W360,
//! naming the item of 9.3.2), output actions past their due date (W362), and a latest review
//! older than the planned interval (W361).

use super::{RecordGap, RecordGapKind, overdue};
use crate::diagnostics::Diagnostic;
use crate::model::records::{ManagementReview, REVIEW_INPUTS, ReviewInputSpec};
use crate::resolve::Portal;
use crate::resolve::records::RecordBody;
use crate::resolve::schedule::Interval;

/// Every management review, with its index into `Portal::records`.
fn reviews(portal: &Portal) -> impl Iterator<Item = (usize, &ManagementReview)> {
    portal
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, node)| match &node.body {
            RecordBody::Review(r) => Some((i, &**r)),
            _ => None,
        })
}

/// The inputs the frameworks in scope require that `review` does not record, with the items
/// of 9.3.2 they answer.
pub fn missing_inputs(
    frameworks: &[String],
    review: &ManagementReview,
) -> Vec<(&'static ReviewInputSpec, String)> {
    REVIEW_INPUTS
        .iter()
        .filter(|spec| review.inputs.get(spec.key).is_none())
        .map(|spec| (spec, spec.clause(frameworks)))
        .filter(|(_, clause)| !clause.is_empty())
        .collect()
}

/// The gaps of reviews: missing inputs, and output actions past due.
pub(super) fn gaps(portal: &Portal) -> Vec<RecordGap> {
    let mut out = Vec::new();
    for (i, review) in reviews(portal) {
        let missing = missing_inputs(&portal.config.frameworks, review);
        if !missing.is_empty() {
            let items: Vec<String> = missing
                .iter()
                .map(|(spec, clause)| format!("{clause} ({})", spec.key))
                .collect();
            out.push(RecordGap {
                record: i,
                kind: RecordGapKind::MissingReviewInputs,
                detail: format!(
                    "{} required input{} missing: {}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    items.join("; ")
                ),
            });
        }
        let late: Vec<_> = review
            .outputs
            .actions
            .iter()
            .filter(|a| overdue(a, portal.today))
            .collect();
        if let Some(first) = late.iter().filter_map(|a| a.due).min() {
            out.push(RecordGap {
                record: i,
                kind: RecordGapKind::OverdueAction,
                detail: format!(
                    "{} review action{} overdue (earliest due {first})",
                    late.len(),
                    if late.len() == 1 { "" } else { "s" }
                ),
            });
        }
    }
    out
}

/// The diagnostics of reviews, at each review's file and line.
pub(super) fn diagnostics(portal: &Portal, _gaps: &[RecordGap]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, review) in reviews(portal) {
        for (spec, clause) in missing_inputs(&portal.config.frameworks, review) {
            let diag = Diagnostic::warning(
                "W360",
                format!(
                    "management review `{}` does not record input {clause} ({}): add `inputs.{}`",
                    review.id, spec.about, spec.key
                ),
            )
            .help(format!(
                "write what the review considered under `inputs.{}.summary`, and the records it looked at under `reviewed:`; if it was not covered, say so and cover it in the next review",
                spec.key
            ));
            out.push(review.source.locate_key(diag, "inputs"));
        }
        for (a, action) in review.outputs.actions.iter().enumerate() {
            if overdue(action, portal.today) {
                let due = action.due.map(|d| d.to_string()).unwrap_or_default();
                let diag = Diagnostic::warning(
                    "W362",
                    format!(
                        "management review `{}`: action \"{}\" was due {due} and is not done",
                        review.id, action.action
                    ),
                )
                .help("record `done:` with the date it was done, or agree a new `due:` date");
                out.push(
                    review
                        .source
                        .locate(diag, &format!("outputs.actions[{a}].due")),
                );
            }
        }
    }
    out.extend(interval(portal));
    out
}

/// W361: the latest management review (not dated after `--today`) is older than the planned
/// interval (`reviews.default_interval`, a year by default).
fn interval(portal: &Portal) -> Option<Diagnostic> {
    let (_, latest) = reviews(portal)
        .filter(|(i, _)| !portal.records[*i].after_today)
        .max_by_key(|(_, r)| r.date)?;
    let every =
        Interval::parse(&portal.config.reviews.default_interval).unwrap_or(Interval::Months(12));
    let due = every.after(latest.date);
    if portal.today <= due {
        return None;
    }
    let diag = Diagnostic::warning(
        "W361",
        format!(
            "the latest management review, `{}` of {}, is older than the planned interval ({}): the next was due {due}",
            latest.id, latest.date, portal.config.reviews.default_interval
        ),
    )
    .help("hold the management review and record it under `content/management-reviews/`");
    Some(latest.source.locate(diag, "date"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::records::ReviewInputs;

    #[test]
    fn the_table_names_every_input_key_once_and_nothing_else() {
        // Every key of the table is a field (an unknown one would not deserialise) ...
        let yaml: String = REVIEW_INPUTS
            .iter()
            .map(|s| format!("{}: {{ summary: x }}\n", s.key))
            .collect();
        let inputs: ReviewInputs = serde_yaml::from_str(&yaml).unwrap();
        // ... and every field is a key of the table.
        let fields = serde_json::to_value(&inputs).unwrap();
        let mut fields: Vec<&String> = fields.as_object().unwrap().keys().collect();
        let mut keys: Vec<&str> = REVIEW_INPUTS.iter().map(|s| s.key).collect();
        fields.sort();
        keys.sort();
        assert_eq!(fields, keys);
        assert!(REVIEW_INPUTS.iter().all(|s| inputs.get(s.key).is_some()));
    }

    #[test]
    fn required_inputs_follow_the_frameworks_in_scope_and_name_their_item() {
        let review: ManagementReview = serde_yaml::from_str(
            "id: MR-1\ntitle: Review\ndate: 2026-01-20\ninputs:\n  previous_actions: { summary: done }\n",
        )
        .unwrap();
        let ai = vec!["iso42001".to_string()];
        let keys = |f: &[String]| -> Vec<(&str, String)> {
            missing_inputs(f, &review)
                .into_iter()
                .map(|(s, c)| (s.key, c))
                .collect()
        };
        assert_eq!(
            keys(&ai),
            vec![
                ("context_changes", "9.3.2 b".to_string()),
                ("interested_parties", "9.3.2 c".into()),
                ("nonconformities", "9.3.2 d 1".into()),
                ("measurement_results", "9.3.2 d 2".into()),
                ("audit_results", "9.3.2 d 3".into()),
                ("improvement_opportunities", "9.3.2 e".into()),
            ]
        );
        let both = vec!["iso42001".to_string(), "iso27001".to_string()];
        let found = keys(&both);
        assert_eq!(found.len(), 9);
        assert!(found.contains(&("objectives", "9.3.2 d 4".into())));
        assert!(found.contains(&(
            "improvement_opportunities",
            "9.3.2 e (ISO/IEC 42001), 9.3.2 g (ISO/IEC 27001)".into()
        )));
        // Neither framework in scope: nothing is required.
        assert!(keys(&["soc2".to_string()]).is_empty());
    }
}
