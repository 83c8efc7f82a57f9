//! Framework pages: the catalog index, one page per framework, per control ([`control`]),
//! Statements of Applicability and crosswalks ([`crosswalk`]).

mod control;
mod crosswalk;

use tera::Value;

use super::figures::{FigureScope, coverage, framework_controls};
use super::{Pages, Shared, Views, list, record, urls};
use crate::model::Relation;
use crate::resolve::{FrameworkNode, Portal, Scope};
use control::{control_page, part_views};
use crosswalk::crosswalk_page;

/// Words for a crosswalk relation.
pub fn relation_label(relation: Relation) -> &'static str {
    match relation {
        Relation::Equal => "equal",
        Relation::Subset => "subset",
        Relation::Superset => "superset",
        Relation::Intersects => "intersects",
    }
}

/// Readiness of each clause (group) of management-system requirements: how many of its
/// requirements have a policy, valid evidence, and both.
fn readiness(fw: &FrameworkNode, basis: &FigureScope) -> Vec<Value> {
    fw.groups
        .iter()
        .filter(|g| g.requirements)
        .map(|g| {
            let cov = coverage(g.controls.iter().copied(), basis);
            record(vec![
                ("id", g.id.as_str().into()),
                ("title", g.title.as_str().into()),
                ("coverage", Value::from_serializable(&cov)),
            ])
        })
        .collect()
}

/// Plans every framework, control, SoA and crosswalk page.
pub fn pages(basis: &FigureScope, views: &Views, shared: &Shared, pages: &mut Pages) {
    let portal = basis.visible;
    let enhancements = enhancements(portal);
    let findings = super::records::findings_by_control(portal, views);
    index_page(basis, views, shared, pages);
    for (f, fw) in portal.frameworks.iter().enumerate() {
        framework_page(basis, views, shared, pages, f);
        if fw.scope == Scope::InScope {
            soa_page(basis, views, shared, pages, f);
        }
        for group in &fw.groups {
            for &c in &group.controls {
                control_page(
                    basis,
                    views,
                    shared,
                    pages,
                    (f, c),
                    &enhancements[c],
                    &findings[c],
                );
            }
        }
    }
    for walk in &portal.crosswalks {
        crosswalk_page(basis, views, shared, pages, walk);
    }
}

/// The enhancements of each control (the controls whose parent it is), by control index.
fn enhancements(portal: &Portal) -> Vec<Vec<usize>> {
    let mut enhancements: Vec<Vec<usize>> = vec![Vec::new(); portal.controls.len()];
    for (c, control) in portal.controls.iter().enumerate() {
        if let Some(parent) = control.parent {
            enhancements[parent].push(c);
        }
    }
    enhancements
}

/// `frameworks/index.html`: every framework with its coverage, and the crosswalks.
fn index_page(basis: &FigureScope, views: &Views, shared: &Shared, pages: &mut Pages) {
    let portal = basis.visible;
    let summaries: Vec<Value> = portal
        .frameworks
        .iter()
        .enumerate()
        .map(|(f, fw)| {
            let cov = coverage(framework_controls(fw), basis);
            // The same counts as `check`: controls apart from management-system requirements.
            let counts = portal.catalog_counts(f).phrases();
            record(vec![
                ("view", views.frameworks[f].clone()),
                ("coverage", Value::from_serializable(&cov)),
                ("counts", Value::from_serializable(&counts)),
            ])
        })
        .collect();
    let crosswalks: Vec<serde_json::Value> = portal
        .crosswalks
        .iter()
        .map(|w| {
            let (from, to) = (&portal.frameworks[w.from], &portal.frameworks[w.to]);
            serde_json::json!({
                "from": from.name, "to": to.name, "url": urls::crosswalk(&from.id, &to.id),
                "mappings": w.mappings.len(),
            })
        })
        .collect();
    let mut job = shared.page(
        "frameworks/index.html".into(),
        "frameworks/index.html",
        "Frameworks",
        "frameworks",
        &[],
    );
    job.set_value("frameworks", list(summaries))
        .set("crosswalks", &crosswalks);
    pages.push(job);
}

/// Breadcrumbs of a page under the frameworks index.
const FRAMEWORK_CRUMBS: [(&str, &str); 1] = [("Frameworks", "frameworks/index.html")];

/// One framework's page: its groups with their controls and coverage, and its readiness.
fn framework_page(
    basis: &FigureScope,
    views: &Views,
    shared: &Shared,
    pages: &mut Pages,
    f: usize,
) {
    let fw = &basis.visible.frameworks[f];
    let groups: Vec<Value> = fw
        .groups
        .iter()
        .map(|g| {
            let cov = coverage(g.controls.iter().copied(), basis);
            record(vec![
                ("id", g.id.as_str().into()),
                ("title", g.title.as_str().into()),
                ("category", g.category.clone().into()),
                ("requirements", g.requirements.into()),
                ("parts", Value::from_serializable(&part_views(&g.parts))),
                ("coverage", Value::from_serializable(&cov)),
                (
                    "controls",
                    list(group_rows(basis.visible, views, &g.controls)),
                ),
            ])
        })
        .collect();
    let mut job = shared.page(
        urls::framework(&fw.id),
        "frameworks/framework.html",
        &fw.name,
        "frameworks",
        &FRAMEWORK_CRUMBS,
    );
    let cov = coverage(framework_controls(fw), basis);
    job.set_value("framework", views.frameworks[f].clone())
        .set_value("groups", list(groups))
        .set_value("readiness", list(readiness(fw, basis)))
        .set("coverage", &cov);
    pages.push(job);
}

/// The rows of a group on its framework's page: each control's view, a clause met through
/// its sub-clauses marked with them (`subclauses`), so that it reads as their heading.
fn group_rows(portal: &Portal, views: &Views, controls: &[usize]) -> Vec<Value> {
    controls
        .iter()
        .map(|&c| {
            let view = views.controls[c].clone();
            let children: Vec<usize> = portal.subclauses(c).collect();
            if children.is_empty() {
                return view;
            }
            match view.clone().into_map() {
                Some(mut map) => {
                    map.insert(
                        "subclauses".into(),
                        list(Views::list(&views.controls, &children)),
                    );
                    Value::from(map)
                }
                None => view,
            }
        })
        .collect()
}

/// An in-scope framework's Statement of Applicability: rows and summary from one plan
/// ([`super::soa::table`]).
fn soa_page(basis: &FigureScope, views: &Views, shared: &Shared, pages: &mut Pages, f: usize) {
    let portal = basis.visible;
    let fw = &portal.frameworks[f];
    let table = super::soa::table(basis, views, f);
    let title = fw
        .applicability
        .title(&fw.name, super::views::framework_short(&fw.id, &fw.name));
    let mut job = shared.page(
        urls::soa(&fw.id),
        "soa/soa.html",
        &title,
        "frameworks",
        &FRAMEWORK_CRUMBS,
    );
    job.set_value("framework", views.frameworks[f].clone())
        .set_value("groups", list(table.groups))
        .set("listed", &table.listed)
        .set("columns", &table.columns)
        .set("document", &portal.config.soa.get(&fw.id))
        .set("after_today", &portal.soa_after_today(&fw.id))
        .set("categories", &super::soa::categories_in_scope(portal, fw))
        .set("coverage", &table.coverage);
    pages.push(job);
}
