//! `documents.html`: public policies to read, restricted documents their owners list by title
//! (with a request-access link carrying the title), the auditor package, and certificates.

use serde_json::json;

use super::super::{PageJob, Shared, Views, list};
use super::{mailto, request_address};
use crate::model::Visibility;
use crate::resolve::Portal;

/// Titles (only) of the documents this build may not show whose owners marked them
/// `listed: true`, sorted by title, as this audience reads them (`[[ID]]` in a title is the
/// title of what it names, or `restricted`). `full` is the unfiltered portal.
pub fn listed_titles(portal: &Portal, full: &Portal) -> Vec<String> {
    let visible_title = |id: &str| {
        let target = portal.index.any(id).ok()?;
        Some(super::super::links::link_of(portal, target).title)
    };
    let mut titles: Vec<String> = full
        .policies
        .iter()
        .filter(|p| p.doc.meta.listed)
        .filter(|p| {
            // Listed only where this build does not show the document itself.
            !portal
                .policies
                .iter()
                .any(|q| q.doc.meta.id == p.doc.meta.id)
                && p.doc.meta.visibility != Visibility::Public
        })
        .map(|p| crate::audience::scrub::plain(&p.doc.meta.title, &visible_title))
        .collect();
    titles.sort_unstable();
    titles
}

/// Plans `documents.html`.
pub fn page(portal: &Portal, full: &Portal, views: &Views, shared: &Shared) -> PageJob {
    let mut job = shared.page(
        "documents.html".into(),
        "trust/documents.html",
        "Documents",
        "documents",
        &[],
    );
    let address = request_address(portal);
    let on_request: Vec<serde_json::Value> = listed_titles(portal, full)
        .iter()
        .map(|title| {
            let request = address.map(|a| mailto(a, &format!("Access request: {title}")));
            json!({ "title": title, "request": request })
        })
        .collect();
    let auditor = address.map(|a| mailto(a, "Auditor package request"));
    let certificates: Vec<serde_json::Value> = portal
        .trust
        .attestations
        .iter()
        .filter_map(|a| {
            let file = a.attestation.file.as_deref()?.trim_start_matches("./");
            Some(json!({ "name": a.name, "file": file }))
        })
        .collect();
    job.set_value("policies", list(views.policies.clone()))
        .set_value("pages", list(views.pages.clone()))
        .set("on_request", &on_request)
        .set("auditor_request", &portal.config.public.auditor_request)
        .set("auditor_mailto", &auditor)
        .set("certificates", &certificates);
    job
}
