//! Each source file's change history, as git records it: plain data read by
//! `load::history` and shown by the policy and page views (internal and auditor builds only).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Date;

/// One commit that touched a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The commit's date (committer date, in UTC).
    pub date: Date,
    /// The commit's author name.
    pub author: String,
    /// The first line of the commit message.
    pub subject: String,
    /// The abbreviated commit hash, as `git log` abbreviates it.
    pub hash: String,
    /// The full commit hash.
    #[serde(skip)]
    pub commit: String,
    /// Whether the commit added, modified or deleted the file.
    pub kind: ChangeKind,
    /// The file's blob before and after the commit (abbreviated object names; `None` for the
    /// side where the file does not exist).
    #[serde(skip)]
    pub blobs: (Option<String>, Option<String>),
    /// For a Markdown document modified after its latest approval: whether the commit changed
    /// its text after the front matter (`None` where this was not asked).
    #[serde(skip)]
    pub body_changed: Option<bool>,
    /// For a register file of AI systems modified after a system's latest assessment: the
    /// fields that call for reassessment this commit changed, by system id (a system the
    /// commit left alone in those fields is absent; empty where this was not asked).
    #[serde(skip)]
    pub reassessment_fields: BTreeMap<String, Vec<&'static str>>,
}

/// What a commit did to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The commit added the file (or moved it here: history follows the path).
    Added,
    /// The commit changed the file.
    Modified,
    /// The commit deleted the file.
    Deleted,
}

/// Where the history of a portal comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HistorySource {
    /// Read from git: `files` holds each file's commits.
    Git,
    /// `git_history: false` in `portal.yaml`.
    Off,
    /// The root is not inside a git work tree, or git is not installed.
    #[default]
    NoRepository,
    /// The root is in a git work tree, but no commit touches it yet.
    NoCommits,
    /// Git was there but could not be read; the text says why (a note says it too).
    Failed(String),
    /// The audience is not shown commits (the public build).
    Hidden,
}

/// Every file's commits, newest first, by path relative to the portal root (with `/`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct History {
    /// Where the history comes from; `files` is empty unless it is [`HistorySource::Git`].
    pub source: HistorySource,
    /// Commits per file, newest first (first-parent order).
    pub files: BTreeMap<String, Vec<Change>>,
}

impl History {
    /// No history from git, for this reason.
    pub fn without(source: HistorySource) -> History {
        History {
            source,
            files: BTreeMap::new(),
        }
    }

    /// The commits that touched `file` (relative to the root), newest first.
    pub fn of(&self, file: &str) -> &[Change] {
        self.files.get(file).map_or(&[], Vec::as_slice)
    }

    /// Whether commits are known (the portal is in git and the audience may see them).
    pub fn from_git(&self) -> bool {
        self.source == HistorySource::Git
    }
}
