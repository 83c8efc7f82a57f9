//! The one harness of the integration tests, included once by each test binary
//! (`tests/portal/main.rs`, `tests/cli/main.rs`) as `crate::harness`.
//!
//! - [`fixture`]: [`Fixture`], a portal in a temporary folder, written file by file or from
//!   the typed builders of [`model`] (`Risk`, `Evidence`, `Policy`, ...), and
//!   [`small_portal`], the three-control portal most tests start from, with its entries to
//!   change a field of ([`small_portal_risks`], [`governance_policy`]).
//! - [`run`]: the binary: [`tracemark`], [`build`], [`check`] (all with `--today` [`TODAY`]),
//!   and `check --format json` parsed ([`check_json`], [`check_both`]).
//! - [`assert`]: reading and asserting on output pages ([`assert_page_contains`],
//!   [`text_of`], [`readable`], ...), on diagnostics ([`has_diagnostic`], [`codes`]) and on
//!   sanitised SVG.
//! - [`golden`]: per-file SHA-256 listings of an output tree, re-recorded with
//!   `TRACEMARK_BLESS=1`.
//! - [`git`]: [`Repo`], a git repository with dated commits and a fixed identity, [`git_available`], and
//!   [`git_repo`](git::git_repo) / [`commit_all`](git::commit_all) for `--at`.
//! - [`search`]: the files of a build's sharded search index ([`search_docs`],
//!   [`search_words`], [`search_text`]).
//! - [`api`]: every path into the `tracemark` library the tests use, in one place.
#![allow(dead_code, unused_imports)]

pub mod api;
pub mod assert;
pub mod fixture;
pub mod git;
pub mod golden;
pub mod model;
pub mod run;
pub mod search;

pub use assert::*;
pub use fixture::*;
pub use git::{Repo, git_available};
pub use model::*;
pub use run::*;
pub use search::*;

/// The date every test builds and checks on (`--today`): fixed, so reviews, expiry and
/// "due soon" never drift with the calendar.
pub const TODAY: &str = "2026-11-28";

/// The repository root: the built-in example portal (its `portal.yaml` and `content/`).
pub fn example_root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's example built into `CARGO_TARGET_TMPDIR/<name>/<audience>` for each of the
/// three audiences, from a fresh start (an output left by an older build may be refused).
pub fn build_example_editions(name: &str) -> std::path::PathBuf {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&out);
    let root = example_root();
    for audience in ["public", "internal", "auditor"] {
        let target = out.join(audience);
        let output = run::tracemark(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--audience",
            audience,
            "--out",
            target.to_str().unwrap(),
            "--today",
            TODAY,
        ]);
        assert!(output.status.success(), "{}", run::stderr(&output));
    }
    out
}

/// Property-test settings: `PROPTEST_CASES` cases (256 unless set; CI keeps the default, a
/// longer session raises it), and no failure files written into the tree.
pub fn proptest_config() -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}
