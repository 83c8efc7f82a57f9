//! W333: a high-risk AI system (EU AI Act) with no impact assessment in force: no approved
//! document of `kind: impact-assessment` whose `systems:` names it (ISO/IEC 42001 6.1.4 and
//! A.5). A draft, a retired one or one dated after `--today` (W330) is not in force.

use crate::diagnostics::Diagnostic;
use crate::model::{PolicyKind, PolicyStatus};
use crate::resolve::{Portal, SystemNode};

/// W333 for each high-risk system without an impact assessment in force, at its
/// `risk_class`; the message names the assessments it has that are not in force.
pub fn warnings(portal: &Portal) -> Vec<Diagnostic> {
    portal
        .systems
        .iter()
        .filter(|s| super::is_high_risk(s) && !s.system.source.is_patched())
        .filter_map(|s| without_assessment(portal, s))
        .collect()
}

fn without_assessment(portal: &Portal, system: &SystemNode) -> Option<Diagnostic> {
    let assessments: Vec<_> = system
        .documents
        .iter()
        .map(|&p| &portal.policies[p])
        .filter(|p| p.doc.meta.kind == PolicyKind::ImpactAssessment)
        .collect();
    let in_force = |p: &&crate::resolve::PolicyNode| {
        p.doc.meta.status == PolicyStatus::Approved && !p.not_yet_in_force()
    };
    if assessments.iter().any(in_force) {
        return None;
    }
    let id = &system.system.id;
    let message = if assessments.is_empty() {
        format!("high-risk system `{id}` has no impact assessment")
    } else {
        let which: Vec<String> = assessments
            .iter()
            .map(|p| format!("`{}` is {}", p.doc.meta.id, p.status_label()))
            .collect();
        format!(
            "high-risk system `{id}` has no impact assessment in force: {}",
            which.join(", ")
        )
    };
    Some(system.system.source.locate(
        Diagnostic::warning("W333", message).help(format!(
            "assess it and approve the assessment: a document with `kind: impact-assessment`, `status: approved` and `systems: [{id}]`"
        )),
        "risk_class",
    ))
}
