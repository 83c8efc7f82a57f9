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

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;

    const CONFIG: &str = "title: T\norganization: O\n";
    const SYSTEMS: &str = "systems:\n  - id: SYS-1\n    name: Scoring\n    owner: ML Lead\n    risk_class: high-risk\n  - id: SYS-2\n    name: Router\n    owner: ML Lead\n    risk_class: minimal\n";

    /// W333 of a portal with a high-risk and a minimal system and `assessment` (front matter
    /// lines after the id) as the one document, if given.
    fn w333(assessment: Option<&str>) -> Vec<Diagnostic> {
        let mut files = vec![("portal.yaml", CONFIG), ("content/systems/s.yaml", SYSTEMS)];
        let doc = assessment.map(|a| {
            format!("---\nid: IA-1\ntitle: Scoring impact assessment\nkind: impact-assessment\nowner: ML Lead\n{a}---\nText.\n")
        });
        if let Some(doc) = &doc {
            files.push(("content/policies/ia.md", doc));
        }
        let (_, diags) = super::super::test_portal(&files, "2026-11-28");
        diags.into_iter().filter(|d| d.code == "W333").collect()
    }

    #[test]
    fn a_high_risk_system_without_an_assessment_warns_at_its_class() {
        let found = w333(None);
        assert_eq!(found.len(), 1, "only the high-risk system: {found:#?}");
        assert_eq!(
            found[0].message,
            "high-risk system `SYS-1` has no impact assessment"
        );
        assert_eq!(found[0].file.as_deref(), Some("content/systems/s.yaml"));
        assert_eq!(found[0].line, Some(5));
    }

    #[test]
    fn an_approved_assessment_naming_it_answers() {
        let found = w333(Some(
            "status: approved\neffective: 2026-06-01\nsystems: [SYS-1]\n",
        ));
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_draft_an_unnamed_or_a_future_assessment_does_not() {
        let draft = w333(Some("status: draft\nsystems: [SYS-1]\n"));
        assert_eq!(draft.len(), 1);
        assert!(
            draft[0].message.ends_with("in force: `IA-1` is draft"),
            "{draft:#?}"
        );
        let other = w333(Some("status: approved\nsystems: [SYS-2]\n"));
        assert_eq!(
            other[0].message,
            "high-risk system `SYS-1` has no impact assessment"
        );
        let future = w333(Some(
            "status: approved\neffective: 2026-12-15\nsystems: [SYS-1]\n",
        ));
        assert!(
            future[0].message.ends_with("`IA-1` is not yet in force"),
            "{future:#?}"
        );
    }
}
