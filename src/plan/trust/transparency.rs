//! AI transparency: one page per public AI system in the style of a model card, drawn from
//! the system's record and its public impact assessments, and an index of them.

use serde_json::json;

use super::super::figures::{FigureScope, Tally};
use super::super::{PageJob, Shared, urls};
use crate::model::PolicyKind;

/// The EU AI Act words for a role and a risk class, for readers outside compliance.
fn eu_label(value: Option<&str>) -> Option<String> {
    value.map(|v| match v {
        "high-risk" => "High-risk".to_string(),
        "limited" => "Limited risk (transparency obligations)".to_string(),
        "minimal" => "Minimal risk".to_string(),
        "gpai" => "General-purpose AI model".to_string(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    })
}

/// Plans `systems/index.html` and `systems/<ID>.html` for the public build.
pub fn pages(basis: &FigureScope, shared: &Shared, pages: &mut super::super::Pages) {
    let portal = basis.visible;
    let cards: Vec<serde_json::Value> = portal
        .systems
        .iter()
        .map(|s| {
            let sys = &s.system;
            json!({
                "name": sys.name, "url": urls::system(&sys.id), "function": sys.function,
                "risk_class": eu_label(sys.risk_class.as_deref()),
            })
        })
        .collect();
    let mut index = shared.page(
        "systems/index.html".into(),
        "trust/systems.html",
        "AI systems",
        "systems",
        &[],
    );
    index
        .set("systems", &cards)
        .set("count", &basis.tally(|p| p.systems.len()));
    pages.push(index);
    for (i, _) in portal.systems.iter().enumerate() {
        pages.push(system(basis, i, shared));
    }
}

fn system(basis: &FigureScope, i: usize, shared: &Shared) -> PageJob {
    let portal = basis.visible;
    let node = &portal.systems[i];
    let sys = &node.system;
    let mut job = shared.page(
        urls::system(&sys.id),
        "trust/system.html",
        &sys.name,
        "systems",
        &[("AI systems", "systems/index.html")],
    );
    // Its public impact assessments, latest first by the day they were last reviewed.
    let mut assessments: Vec<(String, String, String)> = node
        .documents
        .iter()
        .map(|&d| &portal.policies[d].doc.meta)
        .filter(|m| m.kind == PolicyKind::ImpactAssessment)
        .filter_map(|m| {
            let day = m.last_review.or(m.effective)?;
            Some((day.to_string(), m.title.clone(), urls::policy(&m.id)))
        })
        .collect();
    assessments.sort_by(|a, b| b.0.cmp(&a.0));
    let assessments: Vec<serde_json::Value> = assessments
        .into_iter()
        .map(|(date, title, url)| json!({ "date": date, "title": title, "url": url }))
        .collect();
    let vendors: Vec<serde_json::Value> = portal
        .trust
        .subprocessors
        .iter()
        .filter(|s| s.systems.contains(&i))
        .map(|s| json!({ "name": s.subprocessor.name, "purpose": s.subprocessor.purpose, "location": s.subprocessor.location }))
        .collect();
    job.set(
        "system",
        &json!({
            "name": sys.name, "function": sys.function, "scope": sys.scope,
            "intended_use": sys.intended_use, "users": sys.users, "affected": sys.affected,
            "out_of_scope": sys.out_of_scope, "human_oversight": sys.human_oversight,
            "data": sys.data, "models": sys.models, "limitations": sys.limitations,
            "contest": sys.contest, "lifecycle": sys.lifecycle,
            "role": eu_label(sys.role.as_deref()), "risk_class": eu_label(sys.risk_class.as_deref()),
            "last_review": sys.last_review.map(|d| d.to_string()),
        }),
    )
    .set("assessments", &assessments)
    .set("risks", &risks(basis, i))
    .set("vendors", &vendors)
    .set(
        "technical_documentation",
        &super::super::technical_documentation::link(node),
    )
    .set("contact", &super::contact(portal));
    if let Some(text) = &sys.description {
        job.markdown("description", None, text, &sys.source.file);
    }
    job
}

/// The risks of a system this audience may see (titles and pages), and how many more of its
/// risks it may not.
fn risks(basis: &FigureScope, i: usize) -> serde_json::Value {
    let node = &basis.visible.systems[i];
    let shown: Vec<serde_json::Value> = node
        .risks
        .iter()
        .map(|&r| {
            let risk = &basis.visible.risks[r].risk;
            json!({ "title": risk.title, "url": urls::risk(&risk.id) })
        })
        .collect();
    let all = basis
        .full
        .systems
        .iter()
        .find(|s| s.system.id == node.system.id)
        .map_or(shown.len(), |s| s.risks.len());
    json!({ "list": shown, "count": Tally::split(node.risks.len(), all) })
}
