//! Documents changed after their latest approval (W331), from the commits git records: the
//! warning of `check` and `build`, and the "changed since approval" that their pages show.

use crate::diagnostics::Diagnostic;
use crate::load::history::approved_on;
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
