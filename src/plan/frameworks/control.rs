//! One control's page: its text and parts, its entry, the policies, risks, evidence and
//! findings behind it (each bounded, with its full list beside the page), its enhancements
//! and crosswalk mappings.

use serde::Serialize;
use tera::Value;

use super::relation_label;
use crate::model::ControlPart;
use crate::plan::figures::FigureScope;
use crate::plan::{Pages, Shared, Views, bounded_lists, list, record, urls};

/// One paragraph of a control's structured text, ready for the template: a top-level part
/// opens with its heading.
#[derive(Serialize)]
pub(super) struct PartView<'a> {
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

pub(super) fn part_views(parts: &[ControlPart]) -> Vec<PartView<'_>> {
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

/// One control's page: its text, entry, links, enhancements and crosswalk mappings.
pub(super) fn control_page(
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
