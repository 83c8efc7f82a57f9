//! Documents changed after their latest approval (W331), from the commits git records: the
//! warning of `check` and `build`, and the "changed since approval" that their pages show;
//! and AI systems changed since their latest assessment (W332), in the fields that call for
//! reassessment.

use crate::diagnostics::Diagnostic;
use crate::load::history::approved_on;
use crate::load::reassessment::{TRIGGER_FIELDS, assessed_on};
use crate::model::{Change, ChangeKind, Date, History, Policy};
use crate::resolve::Portal;

/// A document whose text a commit changed after its latest approval.
#[derive(Debug, Clone, Copy)]
pub struct ChangedSinceApproval<'a> {
    /// The date of the latest approval (newest `history:` entry or `effective`).
    pub approved: Date,
    /// The newest commit since then that changed the text after the front matter.
    pub change: &'a Change,
    /// How many such commits there are.
    pub commits: usize,
}

/// Whether a commit later than `policy`'s latest approval changed its text (not the commit
/// that added it, nor one that changed the front matter only).
pub fn changed_since_approval<'a>(
    policy: &Policy,
    history: &'a History,
) -> Option<ChangedSinceApproval<'a>> {
    let approved = approved_on(policy)?;
    let mut changes = history.of(&policy.source.file).iter().filter(|c| {
        c.kind == ChangeKind::Modified && c.date > approved && c.body_changed == Some(true)
    });
    // Newest first: the first is the latest change.
    let change = changes.next()?;
    Some(ChangedSinceApproval {
        approved,
        change,
        commits: 1 + changes.count(),
    })
}

/// A warning (W331) for every document changed after its latest approval, at the front-matter
/// line that records that approval.
pub fn warnings(portal: &Portal) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for node in &portal.policies {
        let doc = &node.doc;
        let Some(found) = changed_since_approval(doc, &portal.history) else {
            continue;
        };
        let meta = &doc.meta;
        let change = found.change;
        // The line of the newest history entry, else of `effective`.
        let newest = meta
            .history
            .iter()
            .enumerate()
            .filter(|(_, h)| h.date == found.approved)
            .map(|(i, _)| format!("history[{i}].date"))
            .next()
            .unwrap_or_else(|| "effective".to_string());
        let line = doc.source.position(&newest).0;
        let more = match found.commits {
            1 => String::new(),
            n => format!(" ({} commits in all since then)", n),
        };
        out.push(
            Diagnostic::warning(
                "W331",
                format!(
                    "`{}` changed after its approval on {}: commit {} of {} (\"{}\") changed its text{more}",
                    meta.id, found.approved, change.hash, change.date, change.subject
                ),
            )
            .at(doc.source.file.clone(), line)
            .help(
                "approve the changed text and record it (a new `history:` entry, `version` and `effective`), or revert the change",
            ),
        );
    }
    out
}

/// An AI system whose record a commit changed, in the fields that call for reassessment,
/// after its latest assessment.
#[derive(Debug, Clone)]
pub struct ChangedSinceAssessment<'a> {
    /// The date of the latest assessment (see [`assessed_on`]).
    pub assessed: Date,
    /// The newest commit since then that changed a trigger field.
    pub change: &'a Change,
    /// The trigger fields that commit changed.
    pub fields: &'a [&'static str],
    /// How many such commits there are.
    pub commits: usize,
    /// The trigger fields all of them changed, in [`TRIGGER_FIELDS`] order.
    pub all_fields: Vec<&'static str>,
}

/// Whether a commit after the latest assessment of AI system `s` of `portal` changed its
/// record in a field that calls for reassessment (not the commit that added it).
pub fn changed_since_assessment(portal: &Portal, s: usize) -> Option<ChangedSinceAssessment<'_>> {
    let node = &portal.systems[s];
    let system = &node.system;
    let documents = node.documents.iter().map(|&d| &portal.policies[d].doc);
    let risks = node.risks.iter().map(|&r| &*portal.risks[r].risk);
    let assessed = assessed_on(system, documents, risks)?;
    let mut changes = portal
        .history
        .of(&system.source.file)
        .iter()
        .filter(|c| c.kind == ChangeKind::Modified && c.date > assessed)
        .filter_map(|c| Some((c, c.reassessment_fields.get(&system.id)?)));
    // Newest first: the first is the latest change.
    let (change, fields) = changes.next()?;
    let mut commits = 1;
    let mut all: Vec<&'static str> = fields.clone();
    for (_, more) in changes {
        commits += 1;
        all.extend(more);
    }
    let all_fields = TRIGGER_FIELDS
        .into_iter()
        .filter(|f| all.contains(f))
        .collect();
    Some(ChangedSinceAssessment {
        assessed,
        change,
        fields,
        commits,
        all_fields,
    })
}

/// A warning (W332) for every AI system changed since its latest assessment, at its entry.
pub fn reassessment_warnings(portal: &Portal, systems: &[usize]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &s in systems {
        let Some(found) = changed_since_assessment(portal, s) else {
            continue;
        };
        let system = &portal.systems[s].system;
        let change = found.change;
        let more = match found.commits {
            1 => String::new(),
            n => format!(
                " ({n} commits in all since then, changing {})",
                quoted(&found.all_fields)
            ),
        };
        out.push(
            Diagnostic::warning(
                "W332",
                format!(
                    "AI system `{}` changed since its last assessment on {}: commit {} of {} (\"{}\") changed {}{more}",
                    system.id,
                    found.assessed,
                    change.hash,
                    change.date,
                    change.subject,
                    quoted(found.fields)
                ),
            )
            .at(system.source.file.clone(), system.source.line)
            .help(
                "reassess it: review its impact assessment and risks, then record the review (`last_review` of the system or its risks, or a new approval of the impact assessment)",
            ),
        );
    }
    out
}

/// Field names as `models`, `data`.
fn quoted(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
