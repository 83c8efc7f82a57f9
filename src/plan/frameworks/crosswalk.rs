//! A crosswalk's page: each mapping between two frameworks, and how far it reaches.

use tera::Value;

use super::{FRAMEWORK_CRUMBS, relation_label};
use crate::plan::figures::{FigureScope, crosswalk_reach};
use crate::plan::{Pages, Shared, Views, list, record, urls};
use crate::resolve::CrosswalkNode;

/// A crosswalk's page: each mapping between the two frameworks, and how far it reaches.
pub(super) fn crosswalk_page(
    basis: &FigureScope,
    views: &Views,
    shared: &Shared,
    pages: &mut Pages,
    walk: &CrosswalkNode,
) {
    let portal = basis.visible;
    let (from, to) = (&portal.frameworks[walk.from], &portal.frameworks[walk.to]);
    let rows: Vec<Value> = walk
        .mappings
        .iter()
        .map(|m| {
            record(vec![
                ("from", views.controls[m.from].clone()),
                ("to", list(Views::list(&views.controls, &m.to))),
                ("relation", relation_label(m.relation).into()),
                ("source", m.source.clone().into()),
                ("rationale", m.rationale.clone().into()),
            ])
        })
        .collect();
    let reach = crosswalk_reach(walk, basis);
    let title = format!("{} to {}", from.name, to.name);
    let mut job = shared.page(
        urls::crosswalk(&from.id, &to.id),
        "crosswalks/crosswalk.html",
        &title,
        "frameworks",
        &FRAMEWORK_CRUMBS,
    );
    job.set_value("from", views.frameworks[walk.from].clone())
        .set_value("to", views.frameworks[walk.to].clone())
        .set("source", &walk.source)
        .set_value("rows", list(rows))
        .set("reach", &reach)
        .set("target_counts", &portal.catalog_counts(walk.to).phrases());
    pages.push(job);
}
