//! The plan of action and milestones: an item per open risk treatment (the risk with its
//! treatment as a planned remediation), per gap (the assessment results' finding, repeated
//! here under the same UUID) and per nonconformity with corrective actions not yet done
//! (each action a milestone on its due date).

use serde_json::{Value, json};

use super::assessment::Assessed;
use super::{Ctx, NS, prop};
use crate::model::RiskStatus;
use crate::resolve::RiskNode;
use crate::resolve::records::RecordBody;

/// `poam.json`.
pub fn poam(ctx: &Ctx, assessed: &Assessed) -> Value {
    let portal = ctx.portal;
    let mut risks = Vec::new();
    let mut items = Vec::new();
    for node in portal
        .risks
        .iter()
        .filter(|n| matches!(n.risk.status, RiskStatus::Open | RiskStatus::Treating))
    {
        let uuid = ctx.uuid(&format!("risk:{}", node.risk.id));
        risks.push(risk(ctx, node, &uuid));
        items.push(json!({
            "uuid": ctx.uuid(&format!("poam-item:risk:{}", node.risk.id)),
            "title": format!("Treat risk {}: {}", node.risk.id, node.risk.title),
            "description": node.risk.strategy.clone().unwrap_or_else(|| format!("Treatment: {}.", super::plain(&node.risk.treatment))),
            "props": [prop("source", "risk-treatment")],
            "related-risks": [{ "risk-uuid": uuid }],
        }));
    }
    for gap in &assessed.gaps {
        items.push(json!({
            "uuid": ctx.uuid(&format!("poam-item:{}", Assessed::finding_uuid(ctx, gap))),
            "title": gap.title,
            "description": gap.description,
            "props": [prop("source", "gap")],
            "related-findings": [{ "finding-uuid": Assessed::finding_uuid(ctx, gap) }],
        }));
    }
    corrective_actions(ctx, &mut risks, &mut items);
    if items.is_empty() {
        items.push(json!({
            "uuid": ctx.uuid("poam-item:none"),
            "title": "Nothing open",
            "description": format!("Placeholder: as of {}, the portal has no open risk treatment, gap or corrective action; OSCAL requires at least one item.", portal.today),
        }));
    }
    let mut metadata = ctx.metadata(
        &format!("{}: plan of action and milestones", portal.config.title),
        &portal.today.to_string(),
        true,
    );
    metadata["remarks"] = Value::from(
        "Open risk treatments, the gaps of the assessment results (same finding UUIDs) and \
         corrective actions of nonconformities not yet done, as of the snapshot date.",
    );
    json!({ "plan-of-action-and-milestones": {
        "uuid": ctx.document_uuid("poam"),
        "metadata": metadata,
        "import-ssp": { "href": "ssp.json" },
        "system-id": { "identifier-type": "https://ietf.org/rfc/rfc4122", "id": ctx.uuid("system") },
        "observations": assessed.observations(ctx),
        "risks": risks,
        "findings": assessed.findings(ctx),
        "poam-items": items,
    }})
}

/// A register risk with its scores and its treatment as a planned response.
fn risk(ctx: &Ctx, node: &RiskNode, uuid: &str) -> Value {
    let r = &node.risk;
    let facet = |name: &str, value: String| json!({ "name": name, "system": NS, "value": value });
    let mut facets = vec![
        facet("likelihood", node.inherent.likelihood.to_string()),
        facet("impact", node.inherent.impact.to_string()),
        facet("level", node.inherent.level.clone()),
    ];
    if let Some(residual) = &node.residual {
        facets.push(facet("residual-level", residual.level.clone()));
    }
    json!({
        "uuid": uuid,
        "title": format!("{} {}", r.id, r.title),
        "description": r.description.clone().unwrap_or_else(|| r.title.clone()),
        "statement": format!("Owner: {}. Treatment: {}. Above appetite: {}.", r.owner, super::plain(&r.treatment), if node.above_appetite { "yes" } else { "no" }),
        "status": if r.status == RiskStatus::Treating { "remediating" } else { "open" },
        "links": [{ "href": ctx.href(&super::super::urls::risk(&r.id)), "rel": "alternate", "text": "Page in the portal" }],
        "characterizations": [{
            "origin": { "actors": [{ "type": "party", "actor-uuid": ctx.organization() }] },
            "facets": facets,
        }],
        "remediations": [{
            "uuid": ctx.uuid(&format!("response:risk:{}", r.id)),
            "lifecycle": "planned",
            "title": format!("Treatment: {}", super::plain(&r.treatment)),
            "description": r.strategy.clone().unwrap_or_else(|| "No treatment strategy is recorded.".into()),
        }],
    })
}

/// Nonconformities with corrective actions not yet done: each a risk being remediated, its
/// actions milestones, and a POA&M item. Management reviews' actions are not included.
fn corrective_actions(ctx: &Ctx, risks: &mut Vec<Value>, items: &mut Vec<Value>) {
    let portal = ctx.portal;
    for (i, record) in portal.records.iter().enumerate() {
        let RecordBody::Nonconformity(nc) = &record.body else {
            continue;
        };
        let open: Vec<_> = nc.actions.iter().filter(|a| a.done.is_none()).collect();
        if open.is_empty() {
            continue;
        }
        let uuid = ctx.uuid(&format!("risk:nonconformity:{}", nc.id));
        let tasks: Vec<Value> = open
            .iter()
            .enumerate()
            .map(|(n, a)| {
                json!({
                    "uuid": ctx.uuid(&format!("task:nonconformity:{}:{n}", nc.id)),
                    "type": "milestone",
                    "title": a.action,
                    "timing": a.due.map(|d| json!({ "on-date": { "date": ctx.at(d) } })),
                    "remarks": a.owner.as_ref().map(|o| format!("Owner: {o}.")),
                })
            })
            .collect();
        risks.push(json!({
            "uuid": uuid,
            "title": format!("Nonconformity {}: {}", nc.id, nc.title),
            "description": nc.description.clone().unwrap_or_else(|| nc.title.clone()),
            "statement": nc.root_cause.clone().map(|c| format!("Root cause: {c}")).unwrap_or_else(|| "No root cause is recorded.".into()),
            "status": "remediating",
            "links": [{ "href": ctx.href(&portal.record_url(i)), "rel": "alternate", "text": "Page in the portal" }],
            "remediations": [{
                "uuid": ctx.uuid(&format!("response:nonconformity:{}", nc.id)),
                "lifecycle": "planned",
                "title": "Corrective actions",
                "description": format!("{} corrective action(s) not yet done.", open.len()),
                "tasks": tasks,
            }],
        }));
        items.push(json!({
            "uuid": ctx.uuid(&format!("poam-item:nonconformity:{}", nc.id)),
            "title": format!("Corrective actions of {}: {}", nc.id, nc.title),
            "description": open.iter().map(|a| a.action.as_str()).collect::<Vec<_>>().join("; "),
            "props": [prop("source", "corrective-action")],
            "related-risks": [{ "risk-uuid": uuid }],
        }));
    }
}
