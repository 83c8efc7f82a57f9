//! `technical-documentation/<ID>.html`: a high-risk AI system's EU AI Act Annex IV technical
//! documentation, point by point, with the documents and evidence that cover each point, or a
//! gap. Not in search or `print.html`, as system pages are not: it is a view of the system's
//! record, reached from the system's page and the gaps page.

use tera::Value;

use super::figures::FigureScope;
use super::views::Views;
use super::{Pages, Shared, list, record, urls};
use crate::check::technical_documentation::high_risk;
use crate::resolve::{Portal, SystemNode, Target};

/// Whether a system gets a technical-documentation page: it is high-risk, or it declares
/// technical documentation anyway.
pub fn has_page(node: &SystemNode) -> bool {
    high_risk(node) || !node.system.technical_documentation.is_empty()
}

/// What a system's page says of its technical documentation: the page's url and how many
/// points are gaps; `None` when it has no such page.
pub fn link(node: &SystemNode) -> Option<serde_json::Value> {
    has_page(node).then(|| {
        let gaps = node.annex_iv.iter().filter(|p| p.uncovered()).count();
        serde_json::json!({ "url": urls::technical_documentation(&node.system.id), "gaps": gaps })
    })
}

/// Plans the technical-documentation page of each system of the audience's portal that has one.
pub fn pages(basis: &FigureScope, views: &Views, shared: &Shared, pages: &mut Pages) {
    let portal = basis.visible;
    for (i, node) in portal.systems.iter().enumerate() {
        if !has_page(node) {
            continue;
        }
        let s = &node.system;
        let points: Vec<Value> = node
            .annex_iv
            .iter()
            .map(|p| {
                let (label, title, url) = point_heading(portal, p.point);
                record(vec![
                    ("point", p.point.into()),
                    ("label", label.into()),
                    ("title", title.into()),
                    ("url", url.into()),
                    (
                        "covers",
                        list(p.covers.iter().map(|&t| views.of(t).clone()).collect()),
                    ),
                    ("restricted", p.restricted.into()),
                    ("note", note(s, p.point).into()),
                    ("gap", p.uncovered().into()),
                ])
            })
            .collect();
        let gaps = node.annex_iv.iter().filter(|p| p.uncovered()).count();
        let title = format!("Technical documentation: {}", s.name);
        let mut job = shared.page(
            urls::technical_documentation(&s.id),
            "technical-documentation/system.html",
            &title,
            "systems",
            &[
                ("AI systems", "systems/index.html"),
                (&s.name, &urls::system(&s.id)),
            ],
        );
        job.set_value("item", views.systems[i].clone())
            .set("system", s)
            .set("high_risk", &high_risk(node))
            .set_value("points", list(points))
            .set("gap_count", &gaps)
            .set("annex", &annex_heading(portal, views));
        pages.push(job);
    }
}

/// The record's note on point `n`, as this audience may read it (the record's texts are
/// written for the audience; the resolved points are not texts).
fn note(system: &crate::model::System, n: u8) -> Option<String> {
    system
        .technical_documentation
        .iter()
        .find(|(key, _)| key.point() == Some(n))
        .and_then(|(_, declared)| declared.note.clone())
}

/// The label, title and page of Annex IV point `n`, from the EU AI Act catalog when the portal
/// shows it (else a plain label, with no link).
fn point_heading(portal: &Portal, n: u8) -> (String, String, Option<String>) {
    match portal.index.by_key.get(&format!("eu-ai-act:AnnexIV.{n}")) {
        Some(&Target::Control(c)) => {
            let control = &portal.controls[c];
            let url = urls::control(&control.framework_id, &control.id);
            (control.label.clone(), control.title.clone(), Some(url))
        }
        _ => (format!("Annex IV {n}"), format!("Point {n}"), None),
    }
}

/// The page of Annex IV itself, when the portal shows the EU AI Act catalog.
fn annex_heading(portal: &Portal, views: &Views) -> Option<Value> {
    match portal.index.by_key.get("eu-ai-act:AnnexIV") {
        Some(&Target::Control(c)) => Some(views.controls[c].clone()),
        _ => None,
    }
}
