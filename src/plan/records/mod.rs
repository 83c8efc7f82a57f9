//! Pages of the records an auditor samples: `records.html` (every kind, by section), an index
//! per kind (`audits/index.html`, ...), and a page per record (`audits/<ID>.html`,
//! `nonconformities/<ID>.html`, `management-reviews/<ID>.html`, `objectives/<ID>.html`,
//! `incidents/<ID>.html`; a finding is a section of its audit's page).
//!
//! Every record page gets the same context (the record as written, its view, the views of
//! what it names, and what names it); each kind adds its own in its module.

mod audits;
mod incidents;
mod nonconformities;
mod objectives;
mod reviews;

use serde::Serialize;
use serde_json::json;
use tera::Value;

use super::views::{Views, value};
use super::{PageJob, Pages, SUMMARY_SIZE, Shared, list};
use crate::resolve::Portal;
use crate::resolve::records::{RecordBody, RecordKind};

/// The kinds with pages of their own, in the order `records.html` shows them: kind, section
/// heading, index page title.
const SECTIONS: &[(RecordKind, &str)] = &[
    (RecordKind::Programme, "Internal audit programmes"),
    (RecordKind::Audit, "Internal audits"),
    (
        RecordKind::Nonconformity,
        "Nonconformities and corrective actions",
    ),
    (RecordKind::Review, "Management reviews"),
    (RecordKind::Objective, "Objectives"),
    (RecordKind::Incident, "Incidents"),
];

/// One kind's records, as `records.html` and the kind's index list them.
#[derive(Serialize)]
struct Section<'a> {
    kind: RecordKind,
    heading: &'a str,
    url: String,
    records: Vec<Value>,
    /// How many records of the kind there are (`records.html` shows the first ones).
    total: usize,
}

/// A record as listings and mentions show it.
#[derive(Serialize)]
struct RecordView<'a> {
    id: &'a str,
    kind: RecordKind,
    kind_label: &'static str,
    title: String,
    url: String,
    status: Option<String>,
    date: Option<String>,
    owner: Option<String>,
}

/// The view of every record, in `Portal::records` order.
pub fn views(portal: &Portal) -> Vec<Value> {
    (0..portal.records.len())
        .map(|i| {
            let node = &portal.records[i];
            value(&RecordView {
                id: &node.id,
                kind: node.kind(),
                kind_label: kind_label(node.kind()),
                title: portal.record_title(i),
                url: portal.record_url(i),
                status: status(portal, i),
                date: date(portal, i),
                owner: owner(portal, i),
            })
        })
        .collect()
}

/// The title of a kind's index page (programmes and audits share `audits/index.html`).
fn index_title(kind: RecordKind) -> &'static str {
    SECTIONS
        .iter()
        .rev()
        .find(|(k, _)| k.folder() == kind.folder())
        .map_or("Records", |(_, heading)| heading)
}

/// A kind's name with a capital, for labels.
pub fn kind_label(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Programme => "Audit programme",
        RecordKind::Audit => "Internal audit",
        RecordKind::Finding => "Audit finding",
        RecordKind::Nonconformity => "Nonconformity",
        RecordKind::Review => "Management review",
        RecordKind::Objective => "Objective",
        RecordKind::Incident => "Incident",
    }
}

/// Who answers for a record, if it says.
pub fn owner(portal: &Portal, i: usize) -> Option<String> {
    match &portal.records[i].body {
        RecordBody::Programme(p) => p.owner.clone(),
        RecordBody::Audit(a) => Some(a.auditor.clone()),
        RecordBody::Finding { audit, .. } => owner(portal, *audit),
        RecordBody::Nonconformity(n) => n.owner.clone(),
        RecordBody::Review(r) => r.chair.clone(),
        RecordBody::Objective(o) => Some(o.owner.clone()),
        RecordBody::Incident(_) => None,
    }
}

/// The record's status in words, as its badge shows it.
pub fn status(portal: &Portal, i: usize) -> Option<String> {
    let word = |v: &dyn erased::Word| Some(v.word());
    match &portal.records[i].body {
        RecordBody::Programme(_) => None,
        RecordBody::Review(_) => reviews::status(portal, i),
        RecordBody::Audit(a) => word(&a.status),
        RecordBody::Finding { .. } => portal
            .finding(i)
            .map(|(_, f)| crate::resolve::records::type_label(f).to_string()),
        RecordBody::Nonconformity(n) => word(&n.status),
        RecordBody::Objective(_) => objectives::status(portal, i),
        RecordBody::Incident(n) => word(&n.status),
    }
}

/// Serde's own kebab-case name of an enum value, as a word.
mod erased {
    /// A value with a one-word serde name.
    pub trait Word {
        /// The name, with hyphens as spaces.
        fn word(&self) -> String;
    }
    impl<T: serde::Serialize> Word for T {
        fn word(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('-', " ")))
                .unwrap_or_default()
        }
    }
}

/// The date that places the record in time.
pub fn date(portal: &Portal, i: usize) -> Option<String> {
    match &portal.records[i].body {
        RecordBody::Programme(p) => p.period.as_ref().map(|s| format!("{} to {}", s.from, s.to)),
        RecordBody::Audit(a) => a.reported.or(a.end).or(a.start).map(|d| d.to_string()),
        RecordBody::Finding { audit, .. } => date(portal, *audit),
        RecordBody::Nonconformity(n) => Some(n.raised.to_string()),
        RecordBody::Review(r) => Some(r.date.to_string()),
        RecordBody::Objective(o) => o
            .measurements
            .iter()
            .map(|m| m.date)
            .max()
            .map(|d| d.to_string()),
        RecordBody::Incident(n) => Some(n.detected.to_string()),
    }
}

/// Plans `records.html`, each kind's index and every record's page.
pub fn pages(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Pages) {
    let sections: Vec<(RecordKind, &str, Section)> = SECTIONS
        .iter()
        .map(|&(kind, heading)| {
            let records = of_kind(portal, views, kind);
            let section = Section {
                kind,
                heading,
                url: format!("{}/index.html", kind.folder()),
                total: records.len(),
                records,
            };
            (kind, heading, section)
        })
        .collect();
    // The hub shows the first records of each kind and links the kind's index for all.
    let all: Vec<Value> = sections
        .iter()
        .map(|(_, _, s)| {
            Value::from_serializable(&Section {
                records: s.records[..s.total.min(SUMMARY_SIZE)].to_vec(),
                url: s.url.clone(),
                ..*s
            })
        })
        .collect();
    let mut hub = shared.page(
        "records.html".into(),
        "records/index.html",
        "Records",
        "records",
        &[],
    );
    hub.set_value("sections", list(all));
    pages.push(hub);
    for folder in [
        "audits",
        "nonconformities",
        "management-reviews",
        "objectives",
        "incidents",
    ] {
        let mine: Vec<&(RecordKind, &str, Section)> = sections
            .iter()
            .filter(|(k, _, _)| k.folder() == folder)
            .collect();
        let title = mine.last().map_or("Records", |(_, heading, _)| heading);
        let mut job = shared.page(
            format!("{folder}/index.html"),
            "records/index.html",
            title,
            "records",
            &[("Records", "records.html")],
        );
        job.set_value(
            "sections",
            list(
                mine.iter()
                    .map(|(_, _, s)| Value::from_serializable(s))
                    .collect(),
            ),
        );
        pages.push(job);
    }
    for i in 0..portal.records.len() {
        if let Some(job) = record_page(portal, views, shared, i) {
            pages.push(job);
        }
    }
}

/// The views of the records of one kind.
fn of_kind(portal: &Portal, views: &Views, kind: RecordKind) -> Vec<Value> {
    (0..portal.records.len())
        .filter(|&i| portal.records[i].kind() == kind)
        .map(|i| views.records[i].clone())
        .collect()
}

/// The page of one record (none for a finding: its audit's page shows it).
fn record_page(portal: &Portal, views: &Views, shared: &Shared, i: usize) -> Option<PageJob> {
    let node = &portal.records[i];
    let kind = node.kind();
    let template = match kind {
        RecordKind::Finding => return None,
        RecordKind::Programme => "records/programme.html",
        RecordKind::Audit => "records/audit.html",
        RecordKind::Nonconformity => "records/nonconformity.html",
        RecordKind::Review => "records/review.html",
        RecordKind::Objective => "records/objective.html",
        RecordKind::Incident => "records/incident.html",
    };
    let title = portal.record_title(i);
    let index = format!("{}/index.html", kind.folder());
    let mut job = shared.page(
        portal.record_url(i),
        template,
        &title,
        "records",
        &[("Records", "records.html"), (index_title(kind), &index)],
    );
    let (record, markdown) = match &node.body {
        RecordBody::Programme(r) => (json!(r), ("description", r.description.as_ref())),
        RecordBody::Audit(r) => (json!(r), ("summary", r.summary.as_ref())),
        RecordBody::Finding { .. } => return None,
        RecordBody::Nonconformity(r) => (json!(r), ("description", r.description.as_ref())),
        RecordBody::Review(r) => (json!(r), ("summary", r.summary.as_ref())),
        RecordBody::Objective(r) => (json!(r), ("description", r.description.as_ref())),
        RecordBody::Incident(r) => (json!(r), ("description", r.description.as_ref())),
    };
    let list = |all: &[Value], idx: &[usize]| list(Views::list(all, idx));
    job.set_value("item", views.records[i].clone())
        .set("record", &record)
        .set_value("controls", list(&views.controls, &node.controls))
        .set_value("risks", list(&views.risks, &node.risks))
        .set_value("systems", list(&views.systems, &node.systems))
        .set_value("evidence", list(&views.evidence, &node.evidence))
        .set_value("policies", list(&views.policies, &node.policies))
        .set_value("linked", list(&views.records, &node.records))
        .set_value("named_by", list_of(named_by(portal, views, i)))
        .set("restricted", &node.restricted);
    if let (key, Some(text)) = markdown {
        let file = portal.record_source(i).file.clone();
        job.markdown(key, None, text, &file);
    }
    match kind {
        RecordKind::Programme | RecordKind::Audit => audits::page(portal, views, i, &mut job),
        RecordKind::Nonconformity => nonconformities::page(portal, views, i, &mut job),
        RecordKind::Review => reviews::page(portal, views, i, &mut job),
        RecordKind::Objective => objectives::page(portal, views, i, &mut job),
        RecordKind::Incident => incidents::page(portal, views, i, &mut job),
        RecordKind::Finding => {}
    }
    super::history::record(&mut job, portal, &portal.record_source(i).file.clone());
    Some(job)
}

/// A list value (the name `list` is taken by the closure of [`record_page`]).
fn list_of(values: Vec<Value>) -> Value {
    list(values)
}

/// The records that name record `i` (a nonconformity raised from a finding of this audit
/// counts for the audit).
fn named_by(portal: &Portal, views: &Views, i: usize) -> Vec<Value> {
    let mut from: Vec<usize> = portal
        .records
        .iter()
        .enumerate()
        // What the record names itself is listed already, under "Related records".
        .filter(|(r, node)| {
            *r != i && node.records.contains(&i) && !portal.records[i].records.contains(r)
        })
        .map(|(r, _)| r)
        .collect();
    from.sort_unstable();
    from.dedup();
    from.iter()
        .filter(|&&r| portal.records[r].kind() != RecordKind::Finding)
        .map(|&r| views.records[r].clone())
        .collect()
}

/// The audit findings and nonconformities raised against each control, as views (for
/// control pages); one raised against a clause counts for each of its sub-clauses.
pub fn findings_by_control(portal: &Portal, views: &Views) -> Vec<Vec<Value>> {
    let raised: Vec<usize> = (0..portal.records.len())
        .filter(|&i| {
            let kind = portal.records[i].kind();
            kind == RecordKind::Finding || kind == RecordKind::Nonconformity
        })
        .collect();
    let mut by_control = vec![Vec::new(); portal.controls.len()];
    if raised.is_empty() {
        return by_control;
    }
    // A nonconformity concerns the controls it names and those of the finding it came from.
    let against: Vec<Vec<usize>> = raised
        .iter()
        .map(|&i| {
            let node = &portal.records[i];
            let mut controls = node.controls.clone();
            if node.kind() == RecordKind::Nonconformity {
                for &s in &node.records {
                    controls.extend(&portal.records[s].controls);
                }
            }
            controls
        })
        .collect();
    for (c, found) in by_control.iter_mut().enumerate() {
        let chain = audits::with_parents(portal, c);
        for (&i, controls) in raised.iter().zip(&against) {
            if controls.iter().any(|x| chain.contains(x)) {
                found.push(views.records[i].clone());
            }
        }
    }
    by_control
}
