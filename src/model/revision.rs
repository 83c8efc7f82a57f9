//! The commit a build read its sources from (`build --at`), as the output records it.

use serde::Serialize;

use super::Date;

/// A commit whose tree was built instead of the work tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// The commit's full hash.
    pub commit: String,
    /// When it was committed (the committer date), in UTC: `2026-05-31T14:03:00Z`.
    pub committed: String,
    /// The day of `committed`, the default `--today` of a build at this commit.
    pub date: Date,
}
