//! Warnings for trust-center data that the audience's build does not show: a
//! visible questionnaire answer citing a hidden item, a visible subprocessor linked to a
//! hidden AI system.

use crate::diagnostics::Diagnostic;
use crate::model::Audience;
use crate::resolve::{Portal, Target};

/// One warning (W307) per such reference, at the answer or subprocessor.
pub fn restricted_trust_references(portal: &Portal, audience: Audience) -> Vec<Diagnostic> {
    let sees = |t: Target| matches!(t, Target::Control(_)) || audience.sees(portal.visibility(t));
    let warn = |what: String| {
        Diagnostic::warning(
            "W307",
            format!("{what}, which the {} build does not show", audience.name()),
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
        Target::Record(i) => &portal.records[i].id,
        Target::Control(c) => &portal.controls[c].key,
    }
}
