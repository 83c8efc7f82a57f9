//! Profiles: one per framework from its Statement of Applicability (applicable controls and
//! the management-system requirements included, exclusions with their justification), and
//! the portal's baseline, which imports them all and is what the SSP implements.

use serde_json::{Value, json};

use super::{Ctx, NS, prop};
use crate::resolve::Applicability;

/// `profile-<fw>.json`.
pub fn profile(ctx: &Ctx, f: usize) -> Value {
    let portal = ctx.portal;
    let fw = &portal.frameworks[f];
    let controls: Vec<usize> = fw.groups.iter().flat_map(|g| g.controls.clone()).collect();
    let with = |wanted: &[Applicability]| -> Vec<&str> {
        controls
            .iter()
            .filter(|&&c| wanted.contains(&portal.controls[c].applicability))
            .filter_map(|&c| ctx.control(c))
            .collect()
    };
    let included = with(&[Applicability::Applicable, Applicability::Required]);
    let excluded = with(&[Applicability::Excluded]);
    let undecided = with(&[Applicability::Missing, Applicability::Restricted]);
    let justification = |c: usize| {
        portal.controls[c]
            .implementation
            .as_ref()
            .map(|i| i.justification.trim().to_string())
            .filter(|j| !j.is_empty())
    };
    // Each exclusion is a prop naming the control, its justification in the prop's remarks.
    let mut props: Vec<Value> = controls
        .iter()
        .filter(|&&c| portal.controls[c].applicability == Applicability::Excluded)
        .filter_map(|&c| {
            let mut p = prop("excluded-control", ctx.control(c)?);
            p["remarks"] = Value::from(
                justification(c).unwrap_or_else(|| "No justification is recorded.".into()),
            );
            Some(p)
        })
        .collect();
    let document = portal.config.soa.get(&fw.id);
    let version = document
        .and_then(|d| d.version.clone())
        .unwrap_or_else(|| portal.today.to_string());
    let mut metadata = ctx.metadata(
        &format!("{}: Statement of Applicability", fw.name),
        &version,
        false,
    );
    if let Some(approved_by) = document.and_then(|d| d.approved_by.as_ref()) {
        props.push(prop("approved-by", approved_by));
    }
    metadata["props"].as_array_mut().unwrap().extend(props);
    metadata["remarks"] = Value::from(remarks(&included, &excluded, &undecided));
    let alters: Vec<Value> = controls
        .iter()
        .filter(|&&c| portal.controls[c].applicability == Applicability::Applicable)
        .filter_map(|&c| {
            let token = ctx.control(c)?;
            let prose = justification(c)?;
            Some(json!({ "control-id": token, "adds": [{
                "position": "ending",
                "parts": [{ "id": format!("{token}_soa"), "name": "justification", "ns": NS, "prose": prose }],
            }]}))
        })
        .collect();
    let stem = super::super::urls::file_name(&fw.id);
    let mut import = json!({ "href": format!("catalog-{stem}.json") });
    if !included.is_empty() {
        import["include-controls"] = json!([{ "with-ids": included }]);
    }
    if !excluded.is_empty() {
        import["exclude-controls"] = json!([{ "with-ids": excluded }]);
    }
    json!({ "profile": {
        "uuid": ctx.document_uuid(&format!("profile:{}", fw.id)),
        "metadata": metadata,
        "imports": [import],
        "merge": { "as-is": true },
        "modify": if alters.is_empty() { Value::Null } else { json!({ "alters": alters }) },
    }})
}

/// What the profile selects, in words, and what it cannot say yet.
fn remarks(included: &[&str], excluded: &[&str], undecided: &[&str]) -> String {
    let mut text = format!(
        "From the Statement of Applicability: {} controls included (applicable controls and \
         the management-system requirements), {} excluded; each exclusion is an \
         `excluded-control` prop whose remarks give its justification.",
        included.len(),
        excluded.len()
    );
    if !undecided.is_empty() {
        text.push_str(&format!(
            " Neither included nor excluded (no entry this audience may see): {}.",
            undecided.join(", ")
        ));
    }
    text
}

/// `profile.json`: every framework's profile, the baseline the SSP implements.
pub fn baseline(ctx: &Ctx) -> Value {
    let imports: Vec<Value> = ctx
        .frameworks
        .iter()
        .map(|&f| {
            let stem = super::super::urls::file_name(&ctx.portal.frameworks[f].id);
            json!({ "href": format!("profile-{stem}.json"), "include-all": {} })
        })
        .collect();
    let mut metadata = ctx.metadata(
        &format!("{}: baseline", ctx.portal.config.title),
        &ctx.portal.today.to_string(),
        false,
    );
    metadata["remarks"] = Value::from(
        "Every in-scope framework's Statement of Applicability profile, together: the baseline \
         the system security plan implements.",
    );
    json!({ "profile": {
        "uuid": ctx.document_uuid("profile:baseline"),
        "metadata": metadata,
        "imports": imports,
        "merge": { "as-is": true },
    }})
}
