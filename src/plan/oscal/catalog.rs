//! A framework's catalog: its groups (management-system clauses in groups of their own,
//! classed `requirements`) and controls with their titles, our id as the `label` prop (and
//! the catalog's display label, where it has one, as the unclassed label), and
//! a statement: the public text where the catalog carries it, else our one-line summary.

use serde_json::{Value, json};

use super::{Ctx, NS, prop};
use crate::resolve::ControlNode;

/// `catalog-<fw>.json`.
pub fn catalog(ctx: &Ctx, f: usize) -> Value {
    let fw = &ctx.portal.frameworks[f];
    let groups: Vec<Value> = fw
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let mut props = vec![json!({ "name": "label", "value": group.id })];
            if let Some(category) = &group.category {
                props.push(prop("category", category));
            }
            json!({
                "id": ctx.groups[&(f, g)],
                "class": group.requirements.then_some("requirements"),
                "title": group.title,
                "props": props,
                "controls": group.controls.iter().map(|&c| control(ctx, c)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let version = fw.version.clone().unwrap_or_else(|| "unversioned".into());
    let mut metadata = ctx.metadata(&fw.name, &version, false);
    metadata["remarks"] = Value::from(format!(
        "{} as Tracemark knows it: ids and titles, with one-line summaries in Tracemark's own \
         words (not the standard's text, unless the standard is in the public domain). OSCAL \
         ids are `{}-<id>`; the standard's own id is each control's and group's `label` prop.",
        fw.name, fw.id
    ));
    json!({ "catalog": {
        "uuid": ctx.document_uuid(&format!("catalog:{}", fw.id)),
        "metadata": metadata,
        "groups": groups,
    }})
}

/// One control: id, title, label, statement and summary parts, and its page.
fn control(ctx: &Ctx, c: usize) -> Value {
    let node: &ControlNode = &ctx.portal.controls[c];
    let token = ctx.control(c).unwrap_or_default();
    // The label readers see; where the catalog shows the control otherwise than its id
    // (the EU AI Act's `Annex III 1(a)` for `AnnexIII.1.a`), the id is a second label,
    // classed `id`, as SP 800-53 keeps its zero-padded one.
    let mut props = vec![json!({ "name": "label", "value": node.label })];
    if node.label != node.id {
        props.push(json!({ "name": "label", "class": "id", "value": node.id }));
    }
    if node.withdrawn {
        props.push(json!({ "name": "status", "value": "withdrawn" }));
    }
    let statement = node
        .text
        .clone()
        .or_else(|| node.summary.clone())
        .unwrap_or_else(|| node.title.clone());
    let mut parts = vec![json!({
        "id": format!("{token}_smt"),
        "name": "statement",
        "prose": statement,
    })];
    if let (Some(_), Some(summary)) = (&node.text, &node.summary) {
        parts.push(json!({
            "id": format!("{token}_sum"),
            "name": "summary",
            "ns": NS,
            "prose": summary,
        }));
    }
    json!({
        "id": token,
        "class": node.requirement.then_some("requirement"),
        "title": node.title,
        "props": props,
        "links": [{
            "href": ctx.href(&super::super::urls::control(&node.framework_id, &node.id)),
            "rel": "alternate",
            "text": "Page in the portal",
        }],
        "parts": parts,
    })
}
