//! `print.html`: every policy in one document, ready for "save as PDF": a cover, a contents
//! list, then each policy with its id, version and owner, in the order of the policy index;
//! a large handbook in volumes of [`VOLUME`] documents. It ends with a register of the records
//! the audience may see (audits, findings, nonconformities, reviews, objectives, incidents),
//! one line each: the handbook says what is required, the register what was done, and each
//! record's own page prints in full.

use super::{DataFile, PageJob, Pages, PrintHeader, Shared, Views, list, record};
use crate::model::{PolicyKind, PolicyStatus};
use crate::resolve::Portal;

/// How many documents one printable page holds. A larger handbook is printed in volumes
/// (`print/volume-N.html`), each rendered on its own, and `print.html` lists them: a single
/// page of 10,000 policies is 100 MB that no browser prints.
pub const VOLUME: usize = 200;

/// Plans `print.html`, and its volumes when there are more than [`VOLUME`] documents.
pub fn pages(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Pages) {
    let (order, left_out) = printed(portal);
    let left_out: Vec<tera::Value> = left_out
        .iter()
        .map(|&i| {
            record(vec![
                ("view", views.policies[i].clone()),
                ("reason", not_in_force_reason(portal, i).into()),
            ])
        })
        .collect();
    let left_out = list(left_out);
    let register = list(views.records.clone());
    if order.len() <= VOLUME {
        let mut job = start(shared, "print.html".into(), "Policies, ready to print", &[]);
        with_documents(&mut job, portal, views, &order);
        job.set_value("records", register)
            .set_value("left_out", left_out);
        pages.push(job);
        return;
    }
    let volumes: Vec<&[usize]> = order.chunks(VOLUME).collect();
    let of = volumes.len();
    let mut contents = Vec::new();
    for (n, docs) in volumes.iter().enumerate() {
        let path = volume_path(n + 1);
        contents.push(record(vec![
            ("url", path.clone().into()),
            ("n", (n + 1).into()),
            (
                "docs",
                list(docs.iter().map(|&i| views.policies[i].clone()).collect()),
            ),
        ]));
        let title = format!("Policies, ready to print: volume {} of {of}", n + 1);
        let mut job = start(shared, path, &title, &[("Print", "print.html")]);
        with_documents(&mut job, portal, views, docs);
        job.set("volume", &serde_json::json!({ "n": n + 1, "of": of }));
        pages.push(job);
    }
    let mut job = start(shared, "print.html".into(), "Policies, ready to print", &[]);
    job.set_value("volumes", list(contents))
        .set_value("records", register)
        .set_value("left_out", left_out)
        .set("count", &order.len());
    pages.push(job);
}

/// The policies the print holds, in print order, and those it leaves out: the print is the
/// handbook "as in force" on `--today`, so a draft, a retired document or one whose
/// `effective` date is still to come is left out (and named on the cover), never printed as
/// if it applied.
pub fn printed(portal: &Portal) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..portal.policies.len()).collect();
    order.sort_by_key(|&i| kind_order(portal.policies[i].doc.meta.kind));
    order
        .into_iter()
        .partition(|&i| not_in_force_reason(portal, i).is_empty())
}

/// Why policy `i` is not in force on `--today`, in the cover's words; empty when it is.
fn not_in_force_reason(portal: &Portal, i: usize) -> String {
    let meta = &portal.policies[i].doc.meta;
    match (meta.status, meta.effective) {
        (PolicyStatus::Draft, _) => "Draft — not in force".into(),
        (PolicyStatus::Retired, _) => "retired, no longer in force".into(),
        (PolicyStatus::Approved, Some(d)) if d > portal.today => {
            format!("approved, in force from {d}")
        }
        (PolicyStatus::Approved, _) => String::new(),
    }
}

/// `print/volume-N.html`.
fn volume_path(n: usize) -> String {
    format!("print/volume-{n}.html")
}

/// A printable page under the policies section.
fn start(shared: &Shared, path: String, title: &str, more: &[(&str, &str)]) -> PageJob {
    let mut crumbs = vec![("Policies", "policies/index.html")];
    crumbs.extend_from_slice(more);
    shared.page(path, "print.html", title, "policies", &crumbs)
}

/// The documents `order` (indexes of policies), each with its Markdown to render.
fn with_documents(job: &mut PageJob, portal: &Portal, views: &Views, order: &[usize]) {
    let docs = order
        .iter()
        .map(|&i| {
            let node = &portal.policies[i];
            record(vec![
                ("view", views.policies[i].clone()),
                ("meta", tera::Value::from_serializable(&node.doc.meta)),
                (
                    "next_review",
                    node.review.next.map(|d| d.to_string()).into(),
                ),
            ])
        })
        .collect();
    job.set_value("docs", list(docs));
    for &i in order {
        let doc = &portal.policies[i].doc;
        job.markdown_list(
            "bodies",
            format!("{}-", doc.meta.id.to_ascii_lowercase()),
            &doc.body,
            &doc.source.file,
        );
    }
}

/// `assets/print.css`: each policy's running header (id, title, version) for printing.
pub fn headers(portal: &Portal) -> (String, DataFile) {
    let headers = portal
        .policies
        .iter()
        .map(|p| {
            let m = &p.doc.meta;
            let version = m
                .version
                .as_ref()
                .map(|v| format!(" · version {v}"))
                .unwrap_or_default();
            PrintHeader {
                key: m.id.to_ascii_lowercase(),
                text: format!("{} · {}{version}", m.id, m.title),
            }
        })
        .collect();
    ("assets/print.css".into(), DataFile::PrintHeaders(headers))
}

/// Policies first, then standards, procedures and impact assessments, as in the index.
fn kind_order(kind: PolicyKind) -> u8 {
    match kind {
        PolicyKind::Policy => 0,
        PolicyKind::Standard => 1,
        PolicyKind::Procedure => 2,
        PolicyKind::ImpactAssessment => 3,
    }
}
