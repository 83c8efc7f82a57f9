//! `subprocessors.html` and `exports/subprocessors.csv`: who processes customer data for us,
//! and which AI systems use each AI model vendor.

use serde_json::json;

use super::super::data::{CsvText, DataFile, Table};
use super::super::{PageJob, Shared, urls};
use crate::resolve::Portal;
use crate::shared::slugs::slug_for_anchor;

/// The day the list last changed: the newest `since` (removals are announced in
/// `public.updates`).
fn last_changed(portal: &Portal) -> Option<String> {
    portal
        .trust
        .subprocessors
        .iter()
        .map(|s| s.subprocessor.since)
        .max()
        .map(|d| d.to_string())
}

/// Each subprocessor's anchor on `subprocessors.html` (its table row), in list order:
/// `sub-` and its name as a slug, numbered when two names make the same slug. Search results
/// link it.
pub fn anchors(portal: &Portal) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    portal
        .trust
        .subprocessors
        .iter()
        .map(|node| {
            let base = format!("sub-{}", slug_for_anchor(&node.subprocessor.name));
            let mut anchor = base.clone();
            let mut n = 1;
            while !seen.insert(anchor.clone()) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            anchor
        })
        .collect()
}

/// Plans `subprocessors.html`.
pub fn page(portal: &Portal, shared: &Shared) -> PageJob {
    let mut job = shared.page(
        "subprocessors.html".into(),
        "trust/subprocessors.html",
        "Subprocessors",
        "subprocessors",
        &[],
    );
    let rows: Vec<serde_json::Value> = portal
        .trust
        .subprocessors
        .iter()
        .zip(anchors(portal))
        .map(|(node, anchor)| {
            let s = &node.subprocessor;
            let systems: Vec<serde_json::Value> = node
                .systems
                .iter()
                .map(|&i| {
                    let sys = &portal.systems[i].system;
                    json!({ "name": sys.name, "url": urls::system(&sys.id) })
                })
                .collect();
            json!({
                "name": s.name, "purpose": s.purpose, "data": s.data, "location": s.location,
                "transfer": s.transfer, "website": s.website, "since": s.since.to_string(),
                "systems": systems, "restricted": node.restricted, "anchor": anchor,
            })
        })
        .collect();
    job.set("subprocessors", &rows)
        .set("last_changed", &last_changed(portal));
    job
}

/// `exports/subprocessors.csv`, as the audience may see it.
pub fn export(portal: &Portal) -> DataFile {
    let rows = portal
        .trust
        .subprocessors
        .iter()
        .map(|node| {
            let s = &node.subprocessor;
            // AI systems the audience may not see are left out: no placeholder in a cell.
            let systems: Vec<String> = node
                .systems
                .iter()
                .map(|&i| portal.systems[i].system.name.clone())
                .collect();
            vec![
                s.name.clone(),
                s.purpose.clone(),
                s.data.join("; "),
                s.location.clone(),
                s.transfer.clone().unwrap_or_default(),
                s.website.clone().unwrap_or_default(),
                s.since.to_string(),
                systems.join("; "),
            ]
        })
        .collect();
    DataFile::Csv(CsvText::of(&Table {
        headers: vec![
            "name",
            "purpose",
            "data",
            "location",
            "transfer_mechanism",
            "website",
            "since",
            "ai_systems",
        ],
        rows,
    }))
}
