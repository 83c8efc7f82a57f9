//! The plan of action and milestones: an item per open risk treatment (the risk with its
//! treatment as a planned remediation), per gap (the assessment results' finding, repeated
//! here under the same UUID, with the observations it names) and per nonconformity with
//! corrective actions not yet done (each action a milestone on its due date).

use serde_json::{Value, json};

use super::assessment::{Assessed, Gap};
use super::{Ctx, NS, prop};
use crate::model::RiskStatus;
use crate::model::records::{Action as CorrectiveAction, Nonconformity};
use crate::plan::data::Json;
use crate::resolve::RiskNode;
use crate::resolve::records::RecordBody;

/// `poam.json`: its lists of risks and items are written as they are built.
pub fn poam<'a>(ctx: &'a Ctx, assessed: &'a Assessed) -> Json<'a> {
    let portal = ctx.portal;
    let open_risks = move || {
        portal
            .risks
            .iter()
            .filter(|n| matches!(n.risk.status, RiskStatus::Open | RiskStatus::Treating))
    };
    let risks = open_risks().map(move |node| risk(ctx, node)).chain(
        corrective_actions(ctx).map(move |(i, nc, open)| nonconformity_risk(ctx, i, nc, &open)),
    );
    let items = open_risks()
        .map(move |node| risk_item(ctx, node))
        .chain(assessed.gaps.iter().map(move |gap| gap_item(ctx, gap)))
        .chain(
            corrective_actions(ctx).map(move |(_, nc, open)| nonconformity_item(ctx, nc, &open)),
        );
    let mut items = items.peekable();
    let placeholder = items.peek().is_none().then(|| json!({
        "uuid": ctx.uuid("poam-item:none"),
        "title": "Nothing open",
        "description": format!("Placeholder: as of {}, the portal has no open risk treatment, gap or corrective action; OSCAL requires at least one item.", portal.today),
    }));
    let mut metadata = ctx.metadata(
        &format!("{}: plan of action and milestones", portal.config.title),
        &portal.today.to_string(),
        true,
    );
    metadata["remarks"] = Value::from(
        "Open risk treatments, the gaps of the assessment results (same finding UUIDs) and \
         corrective actions of nonconformities not yet done, as of the snapshot date.",
    );
    Json::Object(vec![(
        "plan-of-action-and-milestones",
        Json::Object(vec![
            ("uuid", Json::Value(ctx.document_uuid("poam").into())),
            ("metadata", Json::Value(metadata)),
            ("import-ssp", Json::Value(json!({ "href": "ssp.json" }))),
            (
                "system-id",
                Json::Value(
                    json!({ "identifier-type": "https://ietf.org/rfc/rfc4122", "id": ctx.uuid("system") }),
                ),
            ),
            ("observations", assessed.observations_of_findings(ctx)),
            ("risks", Json::items(risks)),
            ("findings", assessed.findings(ctx)),
            ("poam-items", Json::items(items.chain(placeholder))),
        ]),
    )])
}

/// The POA&M item of an open risk: its treatment as a planned remediation.
fn risk_item(ctx: &Ctx, node: &RiskNode) -> Value {
    json!({
        "uuid": ctx.uuid(&format!("poam-item:risk:{}", node.risk.id)),
        "title": format!("Treat risk {}: {}", node.risk.id, node.risk.title),
        "description": node.risk.strategy.clone().unwrap_or_else(|| format!("Treatment: {}.", super::plain(&node.risk.treatment))),
        "props": [prop("source", "risk-treatment")],
        "related-risks": [{ "risk-uuid": risk_uuid(ctx, node) }],
    })
}

/// The POA&M item of a gap: the assessment results' finding, under the same UUID.
fn gap_item(ctx: &Ctx, gap: &Gap) -> Value {
    json!({
        "uuid": ctx.uuid(&format!("poam-item:{}", Assessed::finding_uuid(ctx, gap))),
        "title": gap.title,
        "description": gap.description,
        "props": [prop("source", "gap")],
        "related-findings": [{ "finding-uuid": Assessed::finding_uuid(ctx, gap) }],
    })
}

/// The UUID of a register risk.
fn risk_uuid(ctx: &Ctx, node: &RiskNode) -> String {
    ctx.uuid(&format!("risk:{}", node.risk.id))
}

/// A register risk with its scores and its treatment as a planned response.
fn risk(ctx: &Ctx, node: &RiskNode) -> Value {
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
        "uuid": risk_uuid(ctx, node),
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

/// Nonconformities with corrective actions not yet done (record index, the nonconformity,
/// its open actions): each a risk being remediated, its actions milestones, and a POA&M item.
/// Management reviews' actions are not included.
fn corrective_actions<'a>(
    ctx: &Ctx<'a>,
) -> impl Iterator<Item = (usize, &'a Nonconformity, Vec<&'a CorrectiveAction>)> + 'a {
    ctx.portal
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, record)| {
            let RecordBody::Nonconformity(nc) = &record.body else {
                return None;
            };
            let open: Vec<_> = nc.actions.iter().filter(|a| a.done.is_none()).collect();
            (!open.is_empty()).then_some((i, nc, open))
        })
}

/// The UUID of a nonconformity as a risk.
fn nonconformity_uuid(ctx: &Ctx, nc: &Nonconformity) -> String {
    ctx.uuid(&format!("risk:nonconformity:{}", nc.id))
}

/// A nonconformity as a risk being remediated, its open actions the milestones.
fn nonconformity_risk(
    ctx: &Ctx,
    i: usize,
    nc: &Nonconformity,
    open: &[&CorrectiveAction],
) -> Value {
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
    json!({
        "uuid": nonconformity_uuid(ctx, nc),
        "title": format!("Nonconformity {}: {}", nc.id, nc.title),
        "description": nc.description.clone().unwrap_or_else(|| nc.title.clone()),
        "statement": nc.root_cause.clone().map(|c| format!("Root cause: {c}")).unwrap_or_else(|| "No root cause is recorded.".into()),
        "status": "remediating",
        "links": [{ "href": ctx.href(&ctx.portal.record_url(i)), "rel": "alternate", "text": "Page in the portal" }],
        "remediations": [{
            "uuid": ctx.uuid(&format!("response:nonconformity:{}", nc.id)),
            "lifecycle": "planned",
            "title": "Corrective actions",
            "description": format!("{} corrective action(s) not yet done.", open.len()),
            "tasks": tasks,
        }],
    })
}

/// The POA&M item of a nonconformity's open corrective actions.
fn nonconformity_item(ctx: &Ctx, nc: &Nonconformity, open: &[&CorrectiveAction]) -> Value {
    json!({
        "uuid": ctx.uuid(&format!("poam-item:nonconformity:{}", nc.id)),
        "title": format!("Corrective actions of {}: {}", nc.id, nc.title),
        "description": open.iter().map(|a| a.action.as_str()).collect::<Vec<_>>().join("; "),
        "props": [prop("source", "corrective-action")],
        "related-risks": [{ "risk-uuid": nonconformity_uuid(ctx, nc) }],
    })
}
