//! Warnings for trust-center data that the audience's build shows only as `restricted`: a
//! visible questionnaire answer citing a hidden item, a visible subprocessor linked to a
//! hidden AI system.

use crate::diagnostics::Diagnostic;
use crate::model::Audience;
use crate::model::strings::{every_json_string, every_string};
use crate::resolve::text::plain_mentions;
use crate::resolve::{Portal, Target};

/// One warning (W307) per such reference, at the answer or subprocessor.
pub fn restricted_trust_references(portal: &Portal, audience: Audience) -> Vec<Diagnostic> {
    let sees = |t: Target| matches!(t, Target::Control(_)) || audience.sees(portal.visibility(t));
    let warn = |what: String| {
        Diagnostic::warning(
            "W307",
            format!(
                "{what}, which the {} build shows only as `restricted`",
                audience.name()
            ),
        )
        .help("make the referenced item visible to this audience, or drop the reference")
    };
    let mut out = Vec::new();
    for q in portal
        .trust
        .questions
        .iter()
        .filter(|q| audience.sees(q.question.visibility))
    {
        for &t in q.cites.iter().filter(|&&t| !sees(t)) {
            let id = id_of(portal, t);
            out.push(q.question.source.locate(
                warn(format!("question `{}` cites `{id}`", q.question.id)),
                "answer",
            ));
        }
    }
    for s in portal
        .trust
        .subprocessors
        .iter()
        .filter(|s| audience.sees(s.subprocessor.visibility))
    {
        for &i in s.systems.iter().filter(|&&i| !sees(Target::System(i))) {
            let id = &portal.systems[i].system.id;
            out.push(s.subprocessor.source.locate(
                warn(format!(
                    "subprocessor `{}` names AI system `{id}`",
                    s.subprocessor.name
                )),
                "systems",
            ));
        }
    }
    out
}

/// The id an author wrote for a target.
fn id_of(portal: &Portal, target: Target) -> &str {
    match target {
        Target::Policy(i) => &portal.policies[i].doc.meta.id,
        Target::Page(i) => &portal.pages[i].meta.id,
        Target::System(i) => &portal.systems[i].system.id,
        Target::Risk(i) => &portal.risks[i].risk.id,
        Target::Evidence(i) => &portal.evidence[i].evidence.id,
        Target::Control(c) => &portal.controls[c].key,
    }
}

/// `[[ID]]` naming nothing (E201) in the texts outside the entities: `portal.yaml`'s
/// trust-center texts, subprocessors and undeclared front-matter fields. Every string of them
/// is read, as the audience filter writes every one of them out.
pub fn unknown_other_references(portal: &Portal) -> Vec<Diagnostic> {
    let config_text = std::fs::read_to_string(portal.root.join("portal.yaml")).unwrap_or_default();
    let mut out = Vec::new();
    let unknown = |text: &str| -> Vec<String> {
        plain_mentions(text)
            .into_iter()
            .filter(|m| portal.index.any(m.id).is_err())
            .map(|m| m.id.to_string())
            .collect()
    };
    let error = |id: &str| {
        Diagnostic::error("E201", format!("unknown reference `[[{id}]]`"))
            .help("write the id of a policy, page, system, risk, evidence record or control")
    };
    let config = portal.config.clone();
    let mut in_config = Vec::new();
    let mut collect = |_: &str, text: &mut String| in_config.extend(unknown(text));
    every_string(&mut config.public.clone(), &[], &mut collect);
    every_string(&mut config.attestations.clone(), &[], &mut collect);
    every_string(&mut config.soa.clone(), &[], &mut collect);
    for id in in_config {
        let needle = format!("[[{id}");
        let line = config_text
            .lines()
            .position(|l| l.contains(&needle))
            .map_or(0, |i| i + 1);
        out.push(error(&id).at("portal.yaml", line));
    }
    for node in &portal.trust.subprocessors {
        let mut found = Vec::new();
        every_string(
            &mut node.subprocessor.clone(),
            &["website"],
            &mut |path, text| {
                found.extend(unknown(text).into_iter().map(|id| (path.to_string(), id)));
            },
        );
        for (path, id) in found {
            out.push(node.subprocessor.source.locate(error(&id), &path));
        }
    }
    for page in &portal.pages {
        for (key, value) in &page.meta.extra {
            let mut found = Vec::new();
            every_json_string(&mut value.clone(), key, &mut |_, text| {
                found.extend(unknown(text))
            });
            for id in found {
                out.push(error(&id).at(&page.source.file, page.source.line));
            }
        }
    }
    out
}
