//! The records' exports (`exports/records.csv`, `exports/records.json`): every record as
//! written, with what it names and its gaps, each reference to what the audience may not see
//! replaced with `restricted`.

use super::{CsvText, GENERATOR, Json, csv_table, opt};
use crate::audience::RESTRICTED;
use crate::check::Gaps;
use crate::resolve::Portal;
use crate::resolve::records::{RecordBody, RecordNode};

/// The ids of what a record names, by list, with `restricted` for each list's hidden items
/// (for the CSV: one cell per list).
fn record_links(portal: &Portal, node: &RecordNode) -> [(&'static str, Vec<String>); 6] {
    let ids = |idx: &[usize], f: &dyn Fn(usize) -> String, hidden: usize| {
        idx.iter()
            .map(|&i| f(i))
            .chain((hidden > 0).then(|| RESTRICTED.to_string()))
            .collect::<Vec<_>>()
    };
    let r = &node.restricted;
    [
        (
            "controls",
            ids(&node.controls, &|c| portal.controls[c].key.clone(), 0),
        ),
        (
            "risks",
            ids(&node.risks, &|i| portal.risks[i].risk.id.clone(), r.risks),
        ),
        (
            "systems",
            ids(
                &node.systems,
                &|i| portal.systems[i].system.id.clone(),
                r.systems,
            ),
        ),
        (
            "evidence",
            ids(
                &node.evidence,
                &|i| portal.evidence[i].evidence.id.clone(),
                r.evidence,
            ),
        ),
        (
            "policies",
            ids(
                &node.policies,
                &|i| portal.policies[i].doc.meta.id.clone(),
                r.policies,
            ),
        ),
        (
            "records",
            ids(&node.records, &|i| portal.records[i].id.clone(), 0),
        ),
    ]
}

/// What is wrong with record `i`, as the gaps page says it: `late: GDPR breach notice ...`.
fn record_gaps(gaps: &Gaps, i: usize) -> Vec<String> {
    gaps.records
        .iter()
        .filter(|g| g.record == i)
        .map(|g| format!("{}: {}", g.kind.section().2, g.detail))
        .collect()
}

/// The register of records an auditor samples from: one row per record of every kind
/// (findings included), with what it names and its gaps.
pub(super) fn records_register(portal: &Portal, gaps: &Gaps) -> CsvText {
    use crate::plan::records as view;
    let node = |i: usize| &portal.records[i];
    let link = |i: usize, n: usize| record_links(portal, node(i))[n].1.join(" ");
    csv_table::<usize>(
        &[
            ("id", &|i| node(i).id.clone()),
            ("kind", &|i| node(i).kind().noun().to_string()),
            ("title", &|i| portal.record_title(i)),
            ("status", &|i| opt(&view::status(portal, i))),
            ("date", &|i| opt(&view::date(portal, i))),
            ("owner", &|i| opt(&view::owner(portal, i))),
            ("controls", &|i| link(i, 0)),
            ("risks", &|i| link(i, 1)),
            ("systems", &|i| link(i, 2)),
            ("evidence", &|i| link(i, 3)),
            ("policies", &|i| link(i, 4)),
            ("records", &|i| link(i, 5)),
            ("gaps", &|i| record_gaps(gaps, i).join("; ")),
            ("page", &|i| portal.record_url(i)),
            ("source", &|i| portal.record_source(i).file.clone()),
        ],
        0..portal.records.len(),
    )
}

/// Every record as written (a finding: with its audit's id), with its view, what it names
/// and its gaps.
pub(super) fn records_json<'a>(portal: &'a Portal, gaps: &'a Gaps) -> Json<'a> {
    use crate::plan::records as view;
    let records = (0..portal.records.len()).map(move |i| {
        let node = &portal.records[i];
        let record = record_as_written(portal, i);
        let links: serde_json::Map<String, serde_json::Value> = record_links(portal, node)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into()))
            .collect();
        serde_json::json!({
            "id": node.id, "kind": node.kind().noun(), "title": portal.record_title(i),
            "status": view::status(portal, i), "date": view::date(portal, i),
            "owner": view::owner(portal, i), "page": portal.record_url(i),
            "source": portal.record_source(i).file, "links": links,
            "restricted": node.restricted, "gaps": record_gaps(gaps, i), "record": record,
        })
    });
    Json::Object(vec![
        ("generator", Json::Value(GENERATOR.into())),
        ("today", Json::Value(portal.today.to_string().into())),
        ("records", Json::items(records)),
    ])
}

/// Record `i` as written (a finding: with its audit's id), each reference to what the
/// audience may not see replaced with `restricted`.
pub(in crate::plan) fn record_as_written(portal: &Portal, i: usize) -> serde_json::Value {
    let mut record = match &portal.records[i].body {
        RecordBody::Programme(r) => serde_json::json!(r),
        RecordBody::Audit(r) => serde_json::json!(r),
        RecordBody::Finding { audit, .. } => match portal.finding(i) {
            Some((_, f)) => {
                let mut v = serde_json::json!(f);
                v["audit"] = portal.records[*audit].id.clone().into();
                v
            }
            None => serde_json::Value::Null,
        },
        RecordBody::Nonconformity(r) => serde_json::json!(r),
        RecordBody::Review(r) => serde_json::json!(r),
        RecordBody::Objective(r) => serde_json::json!(r),
        RecordBody::Incident(r) => serde_json::json!(r),
    };
    for (path, id) in crate::resolve::records::references(portal, i) {
        if portal.index.find(&id).is_none() {
            restrict(&mut record, &path);
        }
    }
    record
}

/// Replaces the value at `path` (`risks[1]`, `inputs.audit_results.reviewed[0]`) with
/// `restricted`: a reference, as written, to what the audience may not see.
fn restrict(value: &mut serde_json::Value, path: &str) {
    let mut at = value;
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some(next) = at.get_mut(name) else {
            return;
        };
        at = match index {
            Some(i) => match next.get_mut(i) {
                Some(v) => v,
                None => return,
            },
            None => next,
        };
    }
    *at = RESTRICTED.into();
}

#[cfg(test)]
mod tests {
    use super::restrict;

    #[test]
    fn a_reference_as_written_is_restricted_at_its_path_and_nothing_else() {
        let mut record = serde_json::json!({
            "system": "SYS-1",
            "risks": ["RSK-1", "RSK-2"],
            "inputs": { "audit_results": { "reviewed": ["IA-1"] } },
        });
        restrict(&mut record, "risks[1]");
        restrict(&mut record, "system");
        restrict(&mut record, "inputs.audit_results.reviewed[0]");
        // A path the record does not have changes nothing.
        restrict(&mut record, "evidence[3]");
        restrict(&mut record, "risks[9]");
        assert_eq!(
            record,
            serde_json::json!({
                "system": "restricted",
                "risks": ["RSK-1", "restricted"],
                "inputs": { "audit_results": { "reviewed": ["restricted"] } },
            })
        );
    }
}
