//! Framework pages: the catalog index, one page per control, Statements of Applicability and
//! crosswalks.

use serde::Serialize;
use tera::Value;

use super::figures::{FigureScope, coverage, crosswalk_reach, framework_controls};
use super::{Pages, Shared, Views, bounded_lists, list, record, urls};
use crate::model::{ControlPart, Relation};
use crate::resolve::{CrosswalkNode, FrameworkNode, Portal, Scope};

/// Words for a crosswalk relation.
pub fn relation_label(relation: Relation) -> &'static str {
    match relation {
        Relation::Equal => "equal",
        Relation::Subset => "subset",
        Relation::Superset => "superset",
        Relation::Intersects => "intersects",
    }
}

/// One paragraph of a control's structured text, ready for the template: a top-level part
/// opens with its heading.
#[derive(Serialize)]
struct PartView<'a> {
    heading: Option<String>,
    depth: usize,
    label: Option<&'a str>,
    prose: Option<&'a str>,
}

/// The heading a top-level part opens with: its own title, else its OSCAL name in words.
fn part_heading(part: &ControlPart) -> String {
    if let Some(title) = &part.title {
        return title.clone();
    }
    match part.name.as_str() {
        "statement" => "Statement".into(),
        "guidance" => "Guidance".into(),
        "withdrawn" => "Withdrawn".into(),
        other => {
            let words = other.replace(['-', '_'], " ");
            let mut chars = words.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

fn part_views(parts: &[ControlPart]) -> Vec<PartView<'_>> {
    parts
        .iter()
        .map(|p| PartView {
            heading: (p.depth == 0).then(|| part_heading(p)),
            depth: p.depth.min(MAX_PART_DEPTH),
            label: p.label.as_deref(),
            prose: p.prose.as_deref(),
        })
        .collect()
}

/// Deepest indentation drawn; deeper parts are drawn at this depth.
const MAX_PART_DEPTH: usize = 4;

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

/// One control's page: its text, entry, links, enhancements and crosswalk mappings.
fn control_page(
    basis: &FigureScope,
    views: &Views,
    shared: &Shared,
    pages: &mut Pages,
    (f, c): (usize, usize),
    enhancements: &[usize],
    findings: &[Value],
) {
    let portal = basis.visible;
    let fw = &portal.frameworks[f];
    let control = &portal.controls[c];
    let title = format!("{} {}", control.label, control.title);
    let crumbs = [
        ("Frameworks", "frameworks/index.html"),
        (fw.name.as_str(), &urls::framework(&fw.id) as &str),
    ];
    let mut job = shared.page(
        urls::control(&fw.id, &control.id),
        "frameworks/control.html",
        &title,
        "frameworks",
        &crumbs,
    );
    let mapped: Vec<Value> = control
        .mapped
        .iter()
        .map(|m| {
            record(vec![
                ("control", views.controls[m.control].clone()),
                ("relation", relation_label(m.relation).into()),
                ("source", m.source.clone().into()),
                ("rationale", m.rationale.clone().into()),
            ])
        })
        .collect();
    job.set_value("control", views.controls[c].clone())
        .set_value("framework", views.frameworks[f].clone())
        .set("text", &control.text)
        .set("parts", &part_views(&control.parts))
        .set_value(
            "parent",
            control
                .parent
                .map_or(Value::none(), |p| views.controls[p].clone()),
        )
        .set_value(
            "enhancements",
            list(Views::list(&views.controls, enhancements)),
        )
        .set("clause_heading", &portal.is_clause_heading(c))
        .set("restricted", &control.restricted)
        .set("withheld_subject", &withheld_subject(&control.restricted))
        .set("entry", &control.implementation)
        .set_value("mapped", list(mapped));
    // The lists that grow with the registers, each bounded with its full list beside the page
    // (`frameworks/<fw>/<CONTROL>/risks.html`).
    let lists = [
        (
            "policies",
            "Policies",
            Views::list(&views.policies, &control.policies),
        ),
        (
            "risks",
            "Risks treated",
            Views::list(&views.risks, &control.risks),
        ),
        (
            "evidence",
            "Evidence",
            Views::list(&views.evidence, &control.evidence),
        ),
        (
            "findings",
            "Audit findings and nonconformities",
            findings.to_vec(),
        ),
    ];
    let more = bounded_lists(&mut job, (&title, "frameworks"), shared, pages, lists);
    job.set_value("more", record(more));
    if let Some(imp) = &control.implementation
        && let Some(text) = &imp.implementation
    {
        job.markdown("implementation", None, text, &imp.source.file);
    }
    pages.push(job);
}

/// What a control page's on-request line says is withheld, naming only the kinds this edition
/// hides ("The evidence behind this control is"), so that it never promises records that do
/// not exist; `None` when nothing is hidden.
fn withheld_subject(hidden: &crate::resolve::Restricted) -> Option<String> {
    let kinds: Vec<&str> = [
        ("policies", hidden.policies),
        ("risk assessments", hidden.risks),
        ("evidence", hidden.evidence),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(kind, _)| kind)
    .collect();
    let (last, rest) = kinds.split_last()?;
    let named = if rest.is_empty() {
        last.to_string()
    } else {
        format!("{} and {last}", rest.join(", "))
    };
    let verb = if kinds == ["evidence"] { "is" } else { "are" };
    Some(format!("The {named} behind this control {verb}"))
}

/// A crosswalk's page: each mapping between the two frameworks, and how far it reaches.
fn crosswalk_page(
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

#[cfg(test)]
mod tests {
    use super::withheld_subject;
    use crate::resolve::Restricted;

    #[test]
    fn the_on_request_line_names_only_the_kinds_withheld() {
        let hidden = |policies, risks, evidence| Restricted {
            policies,
            risks,
            evidence,
            ..Restricted::default()
        };
        assert_eq!(withheld_subject(&hidden(0, 0, 0)), None);
        assert_eq!(
            withheld_subject(&hidden(0, 0, 2)).as_deref(),
            Some("The evidence behind this control is")
        );
        assert_eq!(
            withheld_subject(&hidden(1, 0, 1)).as_deref(),
            Some("The policies and evidence behind this control are")
        );
        assert_eq!(
            withheld_subject(&hidden(1, 3, 1)).as_deref(),
            Some("The policies, risk assessments and evidence behind this control are")
        );
    }
}
