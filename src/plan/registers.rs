//! Pages of the registers: policies, free pages, AI systems, risks and evidence.

use serde_json::json;
use tera::Value;

use super::figures::{FigureScope, Tally, cell_anchor, heat_map};
use super::nav::{PageNav, key_of};
use super::{
    Listing, PageJob, Pages, SUMMARY_SIZE, Shared, Views, bounded_lists, bounded_reached, list,
    listing, listing_row, paginate, record, urls,
};
use crate::model::{Audience, PolicyKind};
use crate::resolve::Portal;
use crate::resolve::tree::PAGES_DIR;

/// `policies/index.html` and `policies/<ID>.html`.
pub fn policies(basis: &FigureScope, views: &Views, shared: &Shared, pages: &mut Pages) {
    let portal = basis.visible;
    let count = basis.tally(|p| p.policies.len());
    let mut rows: Vec<(u8, Value)> = portal
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let order = match p.doc.meta.kind {
                PolicyKind::Policy => 0,
                PolicyKind::Standard => 1,
                PolicyKind::Procedure => 2,
                PolicyKind::ImpactAssessment => 3,
            };
            (order, views.policies[i].clone())
        })
        .collect();
    rows.sort_by_key(|(order, _)| *order);
    for (path, rows, pager) in paginate("policies", rows.into_iter().map(|(_, v)| v).collect()) {
        let mut job = shared.page(path, "policies/index.html", "Policies", "policies", &[]);
        job.set_value("policies", rows)
            .set("pager", &pager)
            .set("count", &count);
        pages.push(job);
    }
    for (i, node) in portal.policies.iter().enumerate() {
        let m = &node.doc.meta;
        let mut job = shared.page(
            urls::policy(&m.id),
            "policies/policy.html",
            &m.title,
            "policies",
            &[("Policies", "policies/index.html")],
        );
        let mut history = m.history.clone();
        history.sort_by_key(|h| std::cmp::Reverse(h.date));
        // Risks reached through the controls this policy implements.
        let risks = reached(&node.controls, |c| &portal.controls[c].risks);
        let all_risks = reached(&node.controls, |c| &basis.full.controls[c].risks);
        let risk_count = Tally::split(risks.len(), all_risks.len());
        let lists = [
            (
                "controls",
                "Controls implemented",
                Views::list(&views.controls, &node.controls),
            ),
            (
                "systems",
                "AI systems covered",
                Views::list(&views.systems, &node.systems),
            ),
        ];
        let mut more = bounded_lists(&mut job, (&m.title, "policies"), shared, pages, lists);
        // Listed in full by each control's page: a list of its own would repeat them.
        let (risks, more_risks) = bounded_reached(Views::list(&views.risks, &risks));
        more.push(("risks", more_risks));
        job.set_value("policy", views.policies[i].clone())
            .set("meta", m)
            .set("review", &node.review)
            .set("restricted", &node.restricted)
            .set("history", &history)
            .set_value("risks", risks)
            .set_value("more", record(more))
            .set("risk_count", &risk_count)
            .markdown("body", Some("toc"), &node.doc.body, &node.doc.source.file);
        super::history::policy(&mut job, portal, &node.doc);
        pages.push(job);
    }
}

/// `pages/index.html` and `pages/<ID>.html`.
pub fn pages(
    basis: &FigureScope,
    views: &Views,
    shared: &Shared,
    nav: &PageNav,
    pages: &mut Pages,
) {
    let portal = basis.visible;
    let count = basis.tally(|p| p.pages.len());
    if portal.pages.is_empty() {
        return;
    }
    let no_extra = serde_json::Map::new();
    for folder in nav.generated() {
        let mut job = shared.tree_page(
            folder.index.clone(),
            "pages/index.html",
            &folder.title,
            &nav.crumbs_above(&folder.key),
            &no_extra,
        );
        job.set("entries", &nav.entries(portal, &folder.key));
        if folder.key == PAGES_DIR {
            job.set("count", &count);
        }
        page_navigation(&mut job, nav);
        pages.push(job);
    }
    for (i, page) in portal.pages.iter().enumerate() {
        let place = &page.meta.place;
        let folder = key_of(&place.folders);
        let crumbs = if place.folder_page {
            nav.crumbs_above(&folder)
        } else {
            nav.crumbs(&folder)
        };
        let mut job = shared.tree_page(
            place.url.clone(),
            "pages/page.html",
            &page.meta.title,
            &crumbs,
            &page.meta.extra,
        );
        job.set_value("item", views.pages[i].clone()).markdown(
            "body",
            Some("toc"),
            &page.body,
            &page.source.file,
        );
        super::history::page(&mut job, portal, &page.source.file);
        if place.folder_page {
            job.set("entries", &nav.entries(portal, &folder));
            if folder == PAGES_DIR {
                job.set("count", &count);
            }
        }
        page_navigation(&mut job, nav);
        pages.push(job);
    }
}

/// The previous and next pages of a page of the tree, which draws the tree in its sidebar
/// from the shared `assets/nav.js`.
fn page_navigation(job: &mut PageJob, nav: &PageNav) {
    let url = job.path.clone();
    let (prev, next) = nav.neighbours(&url);
    job.set("page_tree", &true)
        .set("prev", &prev)
        .set("next", &next);
}

/// `systems/index.html` and `systems/<ID>.html`.
pub fn systems(basis: &FigureScope, views: &Views, shared: &Shared, pages: &mut Pages) {
    let portal = basis.visible;
    let count = basis.tally(|p| p.systems.len());
    for (path, rows, pager) in paginate("systems", views.systems.clone()) {
        let mut job = shared.page(path, "systems/index.html", "AI systems", "systems", &[]);
        job.set_value("systems", rows)
            .set("pager", &pager)
            .set("count", &count);
        pages.push(job);
    }
    let full_index: std::collections::HashMap<&str, usize> = basis
        .full
        .systems
        .iter()
        .enumerate()
        .map(|(i, n)| (n.system.id.as_str(), i))
        .collect();
    for (i, node) in portal.systems.iter().enumerate() {
        let s = &node.system;
        let mut job = shared.page(
            urls::system(&s.id),
            "systems/system.html",
            &s.name,
            "systems",
            &[("AI systems", "systems/index.html")],
        );
        // Controls reached through its risks, the restricted ones counted from the whole portal.
        let controls = reached(&node.risks, |r| &portal.risks[r].controls);
        let full_node = &basis.full.systems[full_index[s.id.as_str()]];
        let all_controls = reached(&full_node.risks, |r| &basis.full.risks[r].controls);
        job.set_value("item", views.systems[i].clone())
            .set("system", s)
            .set("review", &node.review)
            .set("restricted", &node.restricted)
            .set_value("basis", list(Views::list(&views.controls, &node.basis)))
            .set(
                "control_count",
                &Tally::split(controls.len(), all_controls.len()),
            );
        let lists = [
            ("risks", "Risks", Views::list(&views.risks, &node.risks)),
            (
                "documents",
                "Impact assessments and documents",
                Views::list(&views.policies, &node.documents),
            ),
            (
                "controls",
                "Controls treating its risks",
                Views::list(&views.controls, &controls),
            ),
        ];
        let more = bounded_lists(&mut job, (&s.name, "systems"), shared, pages, lists);
        job.set_value("more", record(more));
        if let Some(d) = &s.description {
            job.markdown("description", None, d, &s.source.file);
        }
        super::history::record(&mut job, portal, &s.source.file);
        job.set(
            "technical_documentation",
            &super::technical_documentation::link(node),
        );
        let full_s = full_index[s.id.as_str()];
        job.set(
            "reassessment",
            &super::history::reassessment(portal, basis.full, full_s),
        );
        pages.push(job);
    }
}

/// The first risks of a heat-map cell for `risks/heatmap.html`, and the url of the cell's
/// paginated full list (`risks/heatmap/<anchor>.html`) when there are more than a summary shows.
fn cell_summary(
    members: Vec<Value>,
    anchor: &str,
    title: String,
    shared: &Shared,
    pages: &mut Pages,
) -> (Value, Option<String>) {
    let shown: Vec<Value> = members.iter().take(SUMMARY_SIZE).cloned().collect();
    if members.len() <= SUMMARY_SIZE {
        return (list(shown), None);
    }
    let full = Listing {
        base: format!("risks/heatmap/{anchor}"),
        title,
        section: "risks",
        back: ("Heat map cells", "risks/heatmap.html"),
        headers: &[],
        rows: members
            .into_iter()
            .map(|v| listing_row(v, Vec::new()))
            .collect(),
    };
    (list(shown), Some(listing(full, shared, pages)))
}

/// `risks/index.html` (register and heat maps), `risks/heatmap.html` and `risks/<ID>.html`.
pub fn risks(basis: &FigureScope, views: &Views, shared: &Shared, pages: &mut Pages) {
    let portal = basis.visible;
    let heatmaps = [heat_map("inherent", basis), heat_map("residual", basis)];
    let count = basis.tally(|p| p.risks.len());
    let (rows, columns) = register_rows(portal, views);
    for (path, rows, pager) in paginate("risks", rows) {
        let mut job = shared.page(path, "risks/index.html", "Risk register", "risks", &[]);
        job.set_value("risks", rows)
            .set("columns", &columns)
            .set("pager", &pager)
            .set("count", &count)
            .set("heatmaps", &heatmaps)
            .set("risk_config", &portal.config.risk);
        pages.push(job);
    }
    let cells = heat_map_cells(basis, views, shared, pages);
    let mut job = shared.page(
        "risks/heatmap.html".into(),
        "risks/heatmap.html",
        "Heat map cells",
        "risks",
        &[("Risks", "risks/index.html")],
    );
    job.set("heatmaps", &heatmaps)
        .set("risk_config", &portal.config.risk)
        .set_value("cells", list(cells));
    pages.push(job);
    for i in 0..portal.risks.len() {
        risk_page(basis.visible, views, shared, pages, i);
    }
}

/// The optional columns of the risk register that at least one risk fills: a column no row
/// has a value in is left out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RegisterColumns {
    /// The risk's category.
    pub category: bool,
    /// The AI system it belongs to.
    pub system: bool,
    /// A residual score.
    pub residual: bool,
}

/// The risk register's rows (each risk's view with its system's short name, `system_short`)
/// and the columns they fill.
pub fn register_rows(portal: &Portal, views: &Views) -> (Vec<Value>, RegisterColumns) {
    let names: Vec<&str> = portal
        .systems
        .iter()
        .map(|s| s.system.name.as_str())
        .collect();
    let short = short_names(&names);
    let mut columns = RegisterColumns::default();
    let rows = portal
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| {
            columns.category |= r.risk.category.is_some();
            columns.system |= r.system.is_some();
            columns.residual |= r.residual.is_some();
            let view = views.risks[i].clone();
            match (r.system, view.clone().into_map()) {
                (Some(s), Some(mut map)) => {
                    map.insert("system_short".into(), short[s].clone().into());
                    Value::from(map)
                }
                _ => view,
            }
        })
        .collect();
    (rows, columns)
}

/// Names a narrow column can hold: a name of more than [`SHORT_NAME`] characters is cut to its
/// first words (at least two) that no other name starts with, so "Loom Talent candidate
/// screening model" reads "Loom Talent…"; the full name stays in the cell's `title`.
pub fn short_names(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|name| {
            if name.chars().count() <= SHORT_NAME {
                return name.to_string();
            }
            let words: Vec<&str> = name.split_whitespace().collect();
            for n in 2..words.len() {
                let prefix = words[..n].join(" ");
                let unique = names
                    .iter()
                    .filter(|other| *other != name)
                    .all(|other| !other.starts_with(&format!("{prefix} ")) && **other != prefix);
                if unique {
                    return format!("{prefix}…");
                }
            }
            name.to_string()
        })
        .collect()
}

/// The longest name the register's System column shows whole.
const SHORT_NAME: usize = 18;

/// Each non-empty cell of the inherent and residual heat maps with the risks it holds, so
/// the maps link to a real list (a long one on a page of its own).
fn heat_map_cells(
    basis: &FigureScope,
    views: &Views,
    shared: &Shared,
    pages: &mut Pages,
) -> Vec<Value> {
    let portal = basis.visible;
    let mut cells = Vec::new();
    for kind in ["inherent", "residual"] {
        let scale = portal.config.risk.scale;
        for impact in (1..=scale).rev() {
            for likelihood in (1..=scale).rev() {
                let members: Vec<Value> = portal
                    .risks
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        let s = if kind == "inherent" {
                            &r.inherent
                        } else {
                            r.residual.as_ref().unwrap_or(&r.inherent)
                        };
                        s.likelihood == likelihood && s.impact == impact
                    })
                    .map(|(i, _)| views.risks[i].clone())
                    .collect();
                if members.is_empty() {
                    continue;
                }
                let anchor = cell_anchor(kind, likelihood, impact);
                let title = format!(
                    "{} risks at likelihood {likelihood}, impact {impact}",
                    if kind == "inherent" {
                        "Inherent"
                    } else {
                        "Residual"
                    }
                );
                let count = members.len();
                let (shown, all) = cell_summary(members, &anchor, title, shared, pages);
                cells.push(record(vec![
                    ("kind", kind.into()),
                    ("anchor", anchor.into()),
                    ("likelihood", likelihood.into()),
                    ("impact", impact.into()),
                    ("risks", shown),
                    ("count", count.into()),
                    ("all", all.into()),
                ]));
            }
        }
    }
    cells
}

/// `risks/<ID>.html`: the risk, its system, and the controls that treat it with their
/// evidence.
pub(super) fn risk_page(
    portal: &Portal,
    views: &Views,
    shared: &Shared,
    pages: &mut Pages,
    i: usize,
) {
    let node = &portal.risks[i];
    let r = &node.risk;
    let mut job = shared.page(
        urls::risk(&r.id),
        "risks/risk.html",
        &r.title,
        "risks",
        &[("Risks", "risks/index.html")],
    );
    // Controls with their evidence: evidence is one click from the risk page.
    let treatment: Vec<Value> = node
        .controls
        .iter()
        .map(|&c| views.treatments[c].clone())
        .collect();
    job.set_value("item", views.risks[i].clone())
        .set("risk", r)
        .set("review", &node.review)
        .set("restricted", &node.restricted)
        .set("appetite", &portal.config.risk.appetite)
        .set_value(
            "system",
            node.system
                .map_or(Value::none(), |s| views.systems[s].clone()),
        )
        .set_value("treatment", list(treatment));
    let lists = [(
        "evidence",
        "Evidence about this risk",
        Views::list(&views.evidence, &node.evidence),
    )];
    let more = bounded_lists(&mut job, (&r.title, "risks"), shared, pages, lists);
    job.set_value("more", record(more));
    if let Some(d) = &r.description {
        job.markdown("description", None, d, &r.source.file);
    }
    super::history::record(&mut job, portal, &r.source.file);
    pages.push(job);
}

/// `evidence/index.html` and `evidence/<ID>.html`.
pub fn evidence(
    basis: &FigureScope,
    audience: Audience,
    views: &Views,
    shared: &Shared,
    pages: &mut Pages,
) {
    let portal = basis.visible;
    let count = basis.tally(|p| p.evidence.len());
    for (path, rows, pager) in paginate("evidence", views.evidence.clone()) {
        let mut job = shared.page(path, "evidence/index.html", "Evidence", "evidence", &[]);
        job.set_value("evidence", rows)
            .set("pager", &pager)
            .set("count", &count);
        pages.push(job);
    }
    for (i, node) in portal.evidence.iter().enumerate() {
        let e = &node.evidence;
        let mut job = shared.page(
            urls::evidence(&e.id),
            "evidence/record.html",
            &e.title,
            "evidence",
            &[("Evidence", "evidence/index.html")],
        );
        // Only the auditor package carries the file itself, so only it links to it.
        let artifact = e.artifact.as_ref().map(|a| {
            json!({
                "name": a.source_path.rsplit('/').next(),
                "size": a.size,
                "sha256": a.sha256,
                "url": (audience == Audience::Auditor).then(|| urls::encode(&a.output_path)),
            })
        });
        job.set_value("item", views.evidence[i].clone())
            .set("record", e)
            .set("artifact", &artifact)
            .set("restricted", &node.restricted);
        let lists = [
            (
                "controls",
                "Controls supported",
                Views::list(&views.controls, &node.controls),
            ),
            (
                "risks",
                "Risks addressed",
                Views::list(&views.risks, &node.risks),
            ),
        ];
        let more = bounded_lists(&mut job, (&e.title, "evidence"), shared, pages, lists);
        job.set_value("more", record(more));
        if let Some(d) = &e.description {
            job.markdown("description", None, d, &e.source.file);
        }
        super::history::record(&mut job, portal, &e.source.file);
        pages.push(job);
    }
}

/// The items reached in one step from each of `from`, sorted and without repeats.
fn reached<'a>(from: &[usize], next: impl Fn(usize) -> &'a Vec<usize>) -> Vec<usize> {
    let mut all: Vec<usize> = from.iter().flat_map(|&i| next(i).iter().copied()).collect();
    all.sort_unstable();
    all.dedup();
    all
}
