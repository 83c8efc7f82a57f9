//! `print.html`: every policy in one document, ready for "save as PDF": a cover, a contents
//! list, then each policy with its id, version and owner, in the order of the policy index.

use super::{DataFile, PageJob, PrintHeader, Shared, Views, list, record};
use crate::model::PolicyKind;
use crate::resolve::Portal;

/// Plans `print.html`.
pub fn page(portal: &Portal, views: &Views, shared: &Shared) -> PageJob {
    let mut order: Vec<usize> = (0..portal.policies.len()).collect();
    order.sort_by_key(|&i| kind_order(portal.policies[i].doc.meta.kind));
    let mut job = shared.page(
        "print.html".into(),
        "print.html",
        "Policies, ready to print",
        "policies",
        &[("Policies", "policies/index.html")],
    );
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
    for &i in &order {
        let doc = &portal.policies[i].doc;
        job.markdown_list(
            "bodies",
            format!("{}-", doc.meta.id.to_ascii_lowercase()),
            &doc.body,
            &doc.source.file,
        );
    }
    job
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
