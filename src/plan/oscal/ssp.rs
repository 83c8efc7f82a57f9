//! The system security plan: the organisation's AI management system as `this-system`, each
//! AI system as a component, and an implemented requirement per applicable control with its
//! status, responsible role, and a statement linking the policies and evidence that meet it.
//! What OSCAL requires and a portal does not hold (information types, the authorization
//! boundary, security categorisation) is written as a placeholder that says so.

use serde_json::{Value, json};

use super::{Ctx, prop};
use crate::model::ImplementationStatus;
use crate::plan::data::Json;
use crate::resolve::{Applicability, EvidenceNode, SystemNode};

/// What each placeholder says, so a reader knows the field is not the organisation's word.
const PLACEHOLDER: &str = "Placeholder: Tracemark portals do not record this; OSCAL requires it.";

/// `ssp.json`: its implemented requirements and evidence resources written as they are built.
pub fn ssp<'a>(ctx: &'a Ctx) -> Json<'a> {
    let portal = ctx.portal;
    let config = &portal.config;
    let mut metadata = ctx.metadata(
        &format!("{}: system security plan", config.title),
        &portal.today.to_string(),
        true,
    );
    metadata["remarks"] = Value::from(format!(
        "The system is {}'s AI management system; each AI system of its inventory is a \
         component.",
        config.organization
    ));
    let import = json!({
        "href": "profile.json",
        "remarks": ctx.frameworks.is_empty().then_some(
            "Placeholder: no framework is in scope, so no baseline profile is written."),
    });
    let description = format!(
        "How {} meets each applicable control of its Statements of Applicability, with the \
         policies and evidence the portal links to it.",
        config.organization
    );
    let resources = portal.evidence.iter().map(move |e| resource(ctx, e));
    Json::Object(vec![(
        "system-security-plan",
        Json::Object(vec![
            ("uuid", Json::Value(ctx.document_uuid("ssp").into())),
            ("metadata", Json::Value(metadata)),
            ("import-profile", Json::Value(import)),
            ("system-characteristics", Json::Value(characteristics(ctx))),
            ("system-implementation", Json::Value(implementation(ctx))),
            (
                "control-implementation",
                Json::Object(vec![
                    ("description", Json::Value(description.into())),
                    ("implemented-requirements", requirements(ctx)),
                ]),
            ),
            (
                "back-matter",
                Json::Object(vec![("resources", Json::items(resources))]),
            ),
        ]),
    )])
}

/// The system: its name, description and the placeholders OSCAL requires.
fn characteristics(ctx: &Ctx) -> Value {
    let config = &ctx.portal.config;
    json!({
        "system-ids": [{ "identifier-type": "https://ietf.org/rfc/rfc4122", "id": ctx.uuid("system") }],
        "system-name": format!("{} AI management system", config.organization),
        "description": config.description.clone().unwrap_or_else(|| config.title.clone()),
        "system-information": { "information-types": [{
            "uuid": ctx.uuid("information-type:placeholder"),
            "title": "Placeholder: information types",
            "description": format!("{PLACEHOLDER} The information types the system processes (NIST SP 800-60) are not recorded in the portal; the data each AI system uses is listed on its component."),
        }]},
        "status": { "state": "other", "remarks": format!("{PLACEHOLDER} The operating status of the management system as a whole is not recorded; each AI system's component carries its own lifecycle.") },
        "authorization-boundary": { "description": format!("{PLACEHOLDER} No authorization boundary is defined; the scope of the AI management system is as its description states.") },
    })
}

/// Users (one per responsible role) and components (the system, each AI system).
fn implementation(ctx: &Ctx) -> Value {
    let mut users: Vec<Value> = ctx
        .roles
        .iter()
        .map(|(name, id)| json!({ "uuid": ctx.uuid(&format!("user:{id}")), "title": name, "role-ids": [id] }))
        .collect();
    if users.is_empty() {
        users.push(json!({ "uuid": ctx.uuid("user:placeholder"), "title": "Placeholder: users", "remarks": PLACEHOLDER }));
    }
    let mut components = vec![json!({
        "uuid": ctx.this_system(),
        "type": "this-system",
        "title": format!("{} AI management system", ctx.portal.config.organization),
        "description": ctx.portal.config.description.clone().unwrap_or_else(|| ctx.portal.config.title.clone()),
        "status": { "state": "operational" },
    })];
    components.extend(ctx.portal.systems.iter().map(|s| component(ctx, s)));
    json!({ "users": users, "components": components })
}

/// An AI system as a component.
fn component(ctx: &Ctx, node: &SystemNode) -> Value {
    let s = &node.system;
    let state = match s.lifecycle.as_deref() {
        Some("design" | "development") => "under-development",
        Some("production") => "operational",
        Some("retired") => "disposition",
        _ => "other",
    };
    let mut props = vec![prop("id", &s.id)];
    for (name, value) in [
        ("lifecycle", &s.lifecycle),
        ("eu-ai-act-role", &s.role),
        ("eu-ai-act-risk-class", &s.risk_class),
        ("impact-level", &s.impact_level),
    ] {
        if let Some(value) = value {
            props.push(prop(name, value));
        }
    }
    for (name, values) in [
        ("data", &s.data),
        ("model", &s.models),
        ("vendor", &s.vendors),
    ] {
        props.extend(values.iter().map(|v| prop(name, v)));
    }
    json!({
        "uuid": ctx.uuid(&format!("component:system:{}", s.id)),
        "type": "software",
        "title": s.name,
        "description": s.description.clone().or_else(|| s.function.clone()).unwrap_or_else(|| s.name.clone()),
        "purpose": s.intended_use,
        "props": props,
        "links": [{ "href": ctx.href(&super::super::urls::system(&s.id)), "rel": "alternate", "text": "Page in the portal" }],
        "status": { "state": state },
        "responsible-roles": ctx.role(&s.owner).map(|r| json!([{ "role-id": r }])),
    })
}

/// One implemented requirement per applicable control (and management-system requirement).
fn requirements<'a>(ctx: &'a Ctx) -> Json<'a> {
    let portal = ctx.portal;
    let wanted = [Applicability::Applicable, Applicability::Required];
    let mut requirements = ctx
        .exported_controls()
        .filter(move |&c| wanted.contains(&portal.controls[c].applicability))
        .map(move |c| requirement(ctx, c))
        .peekable();
    // OSCAL requires at least one: a portal with nothing applicable says so.
    let placeholder = requirements.peek().is_none().then(|| {
        json!({
            "uuid": ctx.uuid("requirement:placeholder"),
            "control-id": "placeholder",
            "remarks": format!("{PLACEHOLDER} No control is applicable yet."),
        })
    });
    Json::items(requirements.chain(placeholder))
}

/// The OSCAL implementation state of our status; OSCAL has no "not implemented", so it is
/// `planned` with a remark that nothing is planned yet.
fn state(status: ImplementationStatus) -> (&'static str, Option<&'static str>) {
    match status {
        ImplementationStatus::Implemented => ("implemented", None),
        ImplementationStatus::Partial => ("partial", None),
        ImplementationStatus::Planned => ("planned", None),
        ImplementationStatus::NotImplemented => (
            "planned",
            Some("Not implemented: the Statement of Applicability says so, with no plan recorded."),
        ),
    }
}

/// A control's implemented requirement with its statement.
fn requirement(ctx: &Ctx, c: usize) -> Value {
    let portal = ctx.portal;
    let node = &portal.controls[c];
    let entry = node.implementation.as_ref();
    let status = entry.and_then(|e| e.status);
    let description = entry
        .and_then(|e| e.implementation.clone())
        .or_else(|| entry.map(|e| e.justification.clone()))
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| format!("{} (no implementation statement recorded).", node.title));
    let mut by_component = json!({
        "component-uuid": ctx.this_system(),
        "uuid": ctx.uuid(&format!("by-component:{}", node.key)),
        "description": description,
    });
    if let Some(status) = status {
        let (state, remarks) = state(status);
        by_component["implementation-status"] = json!({ "state": state, "remarks": remarks });
    }
    let mut links: Vec<Value> = node
        .policies
        .iter()
        .map(|&p| {
            let meta = &portal.policies[p].doc.meta;
            json!({ "href": ctx.href(&super::super::urls::policy(&meta.id)), "rel": "policy", "text": format!("{} {}", meta.id, meta.title) })
        })
        .collect();
    for &e in &node.evidence {
        let evidence = &portal.evidence[e].evidence;
        links.push(json!({ "href": ctx.href(&super::super::urls::evidence(&evidence.id)), "rel": "evidence", "text": format!("{} {}", evidence.id, evidence.title) }));
        links.push(json!({ "href": format!("#{}", evidence_resource(ctx, &evidence.id)), "rel": "evidence", "text": format!("{} (resource)", evidence.id) }));
    }
    let mut props = vec![prop("label", &node.id)];
    if let Some(status) = status {
        props.push(prop("status", &super::plain(&status)));
    }
    json!({
        "uuid": ctx.uuid(&format!("requirement:{}", node.key)),
        "control-id": ctx.control(c),
        "props": props,
        "links": [{ "href": ctx.href(&super::super::urls::control(&node.framework_id, &node.id)), "rel": "alternate", "text": "Page in the portal" }],
        "responsible-roles": entry.and_then(|e| e.owner.as_deref()).and_then(|o| ctx.role(o)).map(|r| json!([{ "role-id": r }])),
        "statements": [{
            "statement-id": ctx.statement(c),
            "uuid": ctx.uuid(&format!("statement:{}", node.key)),
            "by-components": [by_component],
            "links": links,
        }],
    })
}

/// The UUID of an evidence record's back-matter resource.
pub(super) fn evidence_resource(ctx: &Ctx, id: &str) -> String {
    ctx.uuid(&format!("resource:evidence:{id}"))
}

/// An evidence record as a resource: its artifact with its SHA-256, else its URL, else its
/// page.
fn resource(ctx: &Ctx, node: &EvidenceNode) -> Value {
    let e = &node.evidence;
    let rlink = match (&e.artifact, &e.url) {
        (Some(artifact), _) => json!({
            "href": ctx.href(&artifact.output_path),
            "hashes": [{ "algorithm": "SHA-256", "value": artifact.sha256 }],
        }),
        (None, Some(url)) => json!({ "href": url }),
        (None, None) => {
            json!({ "href": ctx.href(&super::super::urls::evidence(&e.id)), "media-type": "text/html" })
        }
    };
    // The artifact is where the auditor package puts it; other builds do not publish it.
    let remarks = (e.artifact.is_some() && ctx.audience != crate::model::Audience::Auditor)
        .then_some("The artifact is published in the auditor package, at this path; this build links its record page only.");
    json!({
        "uuid": evidence_resource(ctx, &e.id),
        "remarks": remarks,
        "title": format!("{} {}", e.id, e.title),
        "description": e.description,
        "props": [prop("collected", &e.collected.to_string()), prop("expires", &node.expires.to_string()), prop("freshness", node.freshness.label())],
        "rlinks": [rlink],
    })
}
