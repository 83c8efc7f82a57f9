//! Small git repositories with dated commits, for the tests of `--at`: every git command runs
//! with a fixed identity, commit and author dates given, no user or system configuration and
//! no signing, so the tests pass where CI has no identity and whatever the developer's own
//! settings. Tests that need git call [`git_available`] first and skip, saying so, without it.

use std::path::Path;
use std::process::{Command, Output};

/// Whether a `git` command can be run here.
pub fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `git` run in `dir` with the fixed identity, no configuration and no signing.
pub fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    command
}

/// Runs `git ARGS` in `dir`, asserting success; returns standard output, trimmed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output: Output = git_command(dir).args(args).output().expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Makes `dir` (created if needed) a new git repository on branch `main`.
pub fn git_repo(dir: &Path) {
    std::fs::create_dir_all(dir).expect("create the repository folder");
    git(dir, &["init", "-q"]);
}

/// Commits everything in the work tree of `dir` (`git add -A`), authored and committed at
/// `iso_date` (`2026-11-02T09:00:00Z`); returns the commit's full hash.
pub fn commit_all(dir: &Path, message: &str, iso_date: &str) -> String {
    git(dir, &["add", "-A"]);
    let output = git_command(dir)
        .args(["commit", "-q", "--allow-empty", "-m", message])
        .env("GIT_AUTHOR_DATE", iso_date)
        .env("GIT_COMMITTER_DATE", iso_date)
        .output()
        .expect("run git commit");
    assert!(
        output.status.success(),
        "git commit: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    git(dir, &["rev-parse", "HEAD"])
}
