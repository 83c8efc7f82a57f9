//! Small git repositories with dated commits, for tests of history (`git log`) and of builds
//! at a revision (`--at`). Every command runs with a fixed identity and no user or system
//! configuration (`GIT_CONFIG_GLOBAL=/dev/null`, `GIT_CONFIG_NOSYSTEM=1`, no signing), so it
//! works the same on a CI machine with no git identity.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `git` can be run; tests that need it print that they are skipped when not.
pub fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A git work tree in a folder.
pub struct Repo {
    /// The work tree's top folder.
    pub dir: PathBuf,
    /// The author of the next commits (name; the e-mail is made from it).
    pub author: String,
}

impl Repo {
    /// A new repository in `dir` (created if needed), on branch `main`.
    pub fn init(dir: &Path) -> Repo {
        std::fs::create_dir_all(dir).unwrap();
        let repo = Repo {
            dir: dir.to_path_buf(),
            author: "Ada Author".to_string(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The repository whose work tree is `dir`, made before.
    pub fn open(dir: &Path) -> Repo {
        Repo {
            dir: dir.to_path_buf(),
            author: "Ada Author".to_string(),
        }
    }

    /// The full hash of the last commit.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A `git` command in the work tree, with the fixed identity and no configuration, dated
    /// `date` (`YYYY-MM-DD` means noon UTC of that day; anything git reads is taken as is).
    pub fn command(&self, date: &str) -> Command {
        let date = if date.len() == 10 {
            format!("{date}T12:00:00+00:00")
        } else {
            date.to_string()
        };
        let email = format!(
            "{}@example.com",
            self.author.replace(' ', ".").to_lowercase()
        );
        let mut command = Command::new("git");
        command
            .current_dir(&self.dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", &self.author)
            .env("GIT_AUTHOR_EMAIL", &email)
            .env("GIT_COMMITTER_NAME", &self.author)
            .env("GIT_COMMITTER_EMAIL", &email)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
            .args(["-c", "gc.auto=0", "-c", "maintenance.auto=false"])
            .args(["-c", "core.autocrlf=false"])
            // A test run from a git hook inherits these; they must not point elsewhere.
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE");
        command
    }

    /// Runs git with these arguments (dated 2026-01-01), asserting success; its output.
    pub fn git(&self, args: &[&str]) -> String {
        run(self.command("2026-01-01").args(args))
    }

    /// Commits everything in the work tree (added, changed and removed files) on `date` with
    /// this subject; the abbreviated hash of the new commit.
    pub fn commit(&self, date: &str, subject: &str) -> String {
        run(self.command(date).args(["add", "-A"]));
        run(self
            .command(date)
            .args(["commit", "-q", "--allow-empty", "-m", subject]));
        self.git(&["rev-parse", "--short", "HEAD"])
            .trim()
            .to_string()
    }

    /// Writes `text` to `path` (relative to the work tree) and commits it on `date`.
    pub fn write_and_commit(&self, path: &str, text: &str, date: &str, subject: &str) -> String {
        let full = self.dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self.commit(date, subject)
    }
}

/// Makes `dir` (created if needed) a new repository on branch `main`.
pub fn git_repo(dir: &Path) {
    Repo::init(dir);
}

/// Commits everything in the work tree of `dir` at `date` (`2026-11-02T09:00:00Z`, or a day);
/// the new commit's full hash.
pub fn commit_all(dir: &Path, message: &str, date: &str) -> String {
    let repo = Repo::open(dir);
    repo.commit(date, message);
    repo.head()
}

/// Runs `git ARGS` in `dir`, asserting success; its standard output, trimmed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    Repo::open(dir).git(args).trim().to_string()
}

fn run(command: &mut Command) -> String {
    let out = command.output().expect("run git");
    assert!(
        out.status.success(),
        "git failed: {:?}\n{}",
        command.get_args().collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
