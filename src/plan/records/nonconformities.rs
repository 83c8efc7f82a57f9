//! What the page of a nonconformity adds to a record page's context: its source, severity and
//! origin as they follow from the source, and the 10.2 steps: correction, root cause, the
//! corrective actions with their state as of `--today`, and the effectiveness check.

use tera::Value;

use super::super::{PageJob, Views, list, record};
use crate::check::records::nonconformities::{
    is_done, is_overdue, origin, severity, verified_effective,
};
use crate::model::records::EffectivenessResult;
use crate::resolve::Portal;
use crate::resolve::records::RecordBody;

/// Adds what the page of record `i` shows beyond every record's context.
pub(super) fn page(portal: &Portal, views: &Views, i: usize, job: &mut PageJob) {
    let RecordBody::Nonconformity(n) = &portal.records[i].body else {
        return;
    };
    let today = portal.today;
    let actions: Vec<Value> = n
        .actions
        .iter()
        .map(|a| {
            let state = if is_done(a, today) {
                "done"
            } else if is_overdue(a, today) {
                "overdue"
            } else {
                "open"
            };
            let date =
                |d: Option<crate::model::Date>| d.map_or(Value::none(), |d| d.to_string().into());
            record(vec![
                ("action", a.action.clone().into()),
                ("owner", a.owner.clone().map_or(Value::none(), Value::from)),
                ("due", date(a.due)),
                ("done", date(a.done.filter(|_| is_done(a, today)))),
                (
                    "done_after_today",
                    date(a.done.filter(|_| !is_done(a, today))),
                ),
                ("state", state.into()),
            ])
        })
        .collect();
    let overdue = n.actions.iter().filter(|a| is_overdue(a, today)).count();
    let done = n.actions.iter().filter(|a| is_done(a, today)).count();
    let effectiveness = n.effectiveness.as_ref().map_or(Value::none(), |e| {
        let result = match e.result {
            EffectivenessResult::Effective => "effective",
            EffectivenessResult::NotEffective => "not effective",
        };
        record(vec![
            ("date", e.date.to_string().into()),
            ("result", result.into()),
            ("by", e.by.clone().into()),
            ("note", e.note.clone().map_or(Value::none(), Value::from)),
            ("after_today", (e.date > today).into()),
        ])
    });
    let word = |v: Option<Value>| v.unwrap_or_else(Value::none);
    let source = portal.records[i].records.first().copied();
    job.set_value("actions", list(actions))
        .set_value("overdue_count", overdue.into())
        .set_value("done_count", done.into())
        .set_value("effectiveness", effectiveness)
        .set_value("verified", verified_effective(n, today).into())
        .set_value(
            "severity",
            word(severity(portal, i).map(|s| words(s).into())),
        )
        .set_value("origin", word(origin(portal, i).map(|o| words(o).into())))
        .set_value(
            "source",
            source.map_or(Value::none(), |s| views.records[s].clone()),
        );
}

/// Serde's kebab-case name of a value, with spaces.
fn words(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('-', " ")))
        .unwrap_or_default()
}
