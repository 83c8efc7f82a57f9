//! The "Version history" of policy and free pages: the front-matter `history:` (versions and
//! approvals) merged with the commits git records, newest first; "changed since approval";
//! and an AI system's "changed since its last assessment".

use serde::Serialize;

use super::PageJob;
use crate::check::{changed_since_approval, changed_since_assessment};
use crate::model::{Change, ChangeKind, HistoryEntry, HistorySource, Policy};
use crate::resolve::Portal;

/// One row of a version history: an approved version, or a commit.
#[derive(Debug, Serialize)]
struct Row<'a> {
    /// `approval` or `commit`.
    kind: &'static str,
    date: String,
    version: Option<&'a str>,
    summary: Option<&'a str>,
    approved_by: Option<&'a str>,
    hash: Option<&'a str>,
    subject: Option<&'a str>,
    author: Option<&'a str>,
    /// For a commit: `added`, `modified` or `deleted`.
    change: Option<ChangeKind>,
}

impl<'a> Row<'a> {
    fn approval(h: &'a HistoryEntry) -> Row<'a> {
        Row {
            kind: "approval",
            date: h.date.to_string(),
            version: Some(&h.version),
            summary: h.summary.as_deref(),
            approved_by: h.approved_by.as_deref(),
            hash: None,
            subject: None,
            author: None,
            change: None,
        }
    }

    fn commit(c: &'a Change) -> Row<'a> {
        Row {
            kind: "commit",
            date: c.date.to_string(),
            version: None,
            summary: None,
            approved_by: None,
            hash: Some(&c.hash),
            subject: Some(&c.subject),
            author: Some(&c.author),
            change: Some(c.kind),
        }
    }
}

/// Where the history shown comes from, in a sentence, when it is not git (`None` when git
/// is read, or the audience is not told: the public build).
fn source_note(source: &HistorySource) -> Option<String> {
    let why = match source {
        HistorySource::Git | HistorySource::Hidden => return None,
        HistorySource::Off => "git_history: false in portal.yaml".to_string(),
        HistorySource::NoRepository => "the portal is not in a git repository".to_string(),
        HistorySource::NoCommits => "no commit in git touches the portal yet".to_string(),
        HistorySource::Failed(why) => format!("git could not be read: {why}"),
    };
    Some(format!("History from front matter only ({why})."))
}

/// Sets `versions` (rows newest first), `history_note` and `history_from_git` on a page of
/// the document `file` with these front-matter entries.
fn set_versions(job: &mut PageJob, portal: &Portal, file: &str, entries: &[HistoryEntry]) {
    let mut rows: Vec<Row> = entries.iter().map(Row::approval).collect();
    rows.extend(portal.history.of(file).iter().map(Row::commit));
    // Newest first; on one day, the approval above the commits (stable: file order).
    rows.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then((a.kind != "approval").cmp(&(b.kind != "approval")))
    });
    job.set("versions", &rows)
        .set("history_from_git", &portal.history.from_git())
        .set("history_note", &source_note(&portal.history.source));
}

/// The version history of a policy page, and `changed_since` when a commit changed its text
/// after its latest approval.
pub(super) fn policy(job: &mut PageJob, portal: &Portal, policy: &Policy) {
    set_versions(job, portal, &policy.source.file, &policy.meta.history);
    let changed = changed_since_approval(policy, &portal.history).map(|c| {
        serde_json::json!({
            "approved": c.approved.to_string(),
            "date": c.change.date.to_string(),
            "hash": c.change.hash,
            "subject": c.change.subject,
            "commits": c.commits,
        })
    });
    job.set("changed_since", &changed);
}

/// The version history of a free page: its commits (pages record no approvals).
pub(super) fn page(job: &mut PageJob, portal: &Portal, file: &str) {
    set_versions(job, portal, file, &[]);
}

/// How many commits of its register file a record's page shows.
const RECORD_COMMITS: usize = 10;

/// The latest commits of the register file a record is in (`file_history`, newest first, at
/// most [`RECORD_COMMITS`]) and how many there are (`file_history_count`).
pub(super) fn record(job: &mut PageJob, portal: &Portal, file: &str) {
    let changes = portal.history.of(file);
    let rows: Vec<Row> = changes
        .iter()
        .take(RECORD_COMMITS)
        .map(Row::commit)
        .collect();
    job.set("file_history", &rows)
        .set("file_history_count", &changes.len());
}

/// "Changed since its last assessment", for AI system `s` of `full` (judged on the whole
/// portal, so that an assessment the audience may not see still counts): the newest commit
/// after the latest assessment that changed a field calling for reassessment, the fields, and
/// how many such commits there are. `None` when the audience is shown no commits (`visible`
/// is its portal) or nothing changed.
pub(super) fn reassessment(visible: &Portal, full: &Portal, s: usize) -> Option<serde_json::Value> {
    if !visible.history.from_git() {
        return None;
    }
    let found = changed_since_assessment(full, s)?;
    let change = found.change;
    // The subject as the audience may read it (a hidden item's name is `restricted`).
    let subject = visible
        .history
        .of(&full.systems[s].system.source.file)
        .iter()
        .find(|c| c.commit == change.commit)
        .map(|c| c.subject.clone())?;
    Some(serde_json::json!({
        "assessed": found.assessed.to_string(),
        "date": change.date.to_string(),
        "hash": change.hash,
        "subject": subject,
        "fields": found.fields,
        "commits": found.commits,
        "all_fields": found.all_fields,
    }))
}
