//! `build --at REV|DATE` and `check --at`: the portal as it stood at a commit, read from that
//! commit's tree and never from the work tree: by tag, hash and date (the end of that day,
//! UTC), uncommitted edits and later commits absent, `--today` defaulting to the commit's date,
//! the revision in the marker and the auditor manifest, byte-identical repeat builds, a root
//! in a sub-folder of its repository, diagnostics shown from the real root, a Git LFS pointer
//! refused at its evidence record, the temporary folder removed, and the usage errors (exit 2)
//! outside git, for an unknown revision and for a date before the first commit.
//!
//! Every test skips, saying so, where no `git` command is installed.

use std::path::Path;
use std::process::Output;

use crate::harness::git::{commit_all, git, git_available, git_repo};
use crate::harness::*;

/// The fixture's first commit, tagged `v1`: the policy says "first wording".
const FIRST: &str = "2026-11-02T09:00:00Z";
/// The second commit: new wording, and a policy added.
const SECOND: &str = "2026-11-20T15:00:00Z";

/// Skips the calling test (returning early) where git is missing.
macro_rules! require_git {
    () => {
        if !git_available() {
            eprintln!("skipped: no `git` command here");
            return;
        }
    };
}

/// The small portal with a policy whose text changes between two dated commits, in a
/// repository whose top is `repo` (the fixture's folder, with the portal in `portal/`, or the
/// portal root itself); then an uncommitted edit. Returns the two commits.
fn two_commits(f: &Fixture, repo: &Path) -> (String, String) {
    git_repo(repo);
    f.write(".gitignore", "/handbook/\n/public/\n/auditor-package/\n");
    f.write("content/policies/one.md", &policy_one("first wording"));
    let first = commit_all(repo, "first", FIRST);
    git(repo, &["tag", "v1"]);
    f.write("content/policies/one.md", &policy_one("second wording"));
    f.policy(
        "three",
        &Policy {
            id: "POL-3",
            title: "Added Later",
            owner: "CISO",
            status: "approved",
            last_review: "2026-11-01",
            body: "## Later\n\nAdded in the second commit.\n",
            ..Policy::default()
        },
    );
    let second = commit_all(repo, "second", SECOND);
    f.write(
        "content/policies/one.md",
        &policy_one("uncommitted wording"),
    );
    (first, second)
}

/// POL-1 of the small portal with `wording` in its body.
fn policy_one(wording: &str) -> String {
    Policy {
        body: &format!("# Governance\n\n## Scope\n\nThe {wording} of the scope.\n"),
        ..governance_policy()
    }
    .to_markdown()
}

/// `build --root ROOT --out OUT ARGS`, asserting success.
fn build_at(f: &Fixture, out: &Path, args: &[&str]) -> Output {
    let root = f.root();
    let mut all = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let output = run_with_private_tmp(&f.dir.path().join("tmp"), &all);
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

#[test]
fn at_a_tag_a_hash_or_a_date_builds_that_commit_and_ignores_the_work_tree() {
    require_git!();
    let f = small_portal();
    let (first, second) = two_commits(&f, &f.root());
    let out = |name: &str| f.dir.path().join(name);

    build_at(&f, &out("tag"), &["--at", "v1", "--today", TODAY]);
    let page = assert_page_contains(&out("tag"), "policies/POL-1.html", &["first wording"]);
    assert!(!page.contains("second wording") && !page.contains("uncommitted"));
    assert!(!out("tag").join("policies/POL-3.html").exists());
    // Its version history is the real repository's, up to that commit.
    assert!(
        page.contains(&first[..7]),
        "the first commit in the history"
    );
    assert!(
        !page.contains(&second[..7]),
        "no later commit in the history"
    );

    // The day before the second commit, and its day (the end of the day, UTC): a date.
    build_at(
        &f,
        &out("before"),
        &["--at", "2026-11-19", "--today", TODAY],
    );
    assert_eq!(snapshot(&out("tag")), snapshot(&out("before")));
    build_at(&f, &out("day"), &["--at", "2026-11-20", "--today", TODAY]);
    let page = assert_page_contains(&out("day"), "policies/POL-1.html", &["second wording"]);
    assert!(!page.contains("uncommitted"));
    assert!(page.contains(&second[..7]) && page.contains(&first[..7]));
    assert_page_contains(&out("day"), "policies/POL-3.html", &["Added Later"]);

    // Full hashes name the same commits.
    build_at(&f, &out("hash"), &["--at", &first, "--today", TODAY]);
    assert_eq!(snapshot(&out("tag")), snapshot(&out("hash")));
    build_at(&f, &out("head"), &["--at", &second[..12], "--today", TODAY]);
    assert_eq!(snapshot(&out("day")), snapshot(&out("head")));

    // `check --at` reads the same commit: the work tree's edit is not seen.
    f.write("content/policies/one.md", "---\nid: [broken\n---\n");
    let (code, list) = check_json(&f.root(), &["--at", "v1"]);
    assert_eq!(code, Some(0), "{list:?}");
    let (code, _) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1), "the work tree is broken");
}

#[test]
fn today_defaults_to_the_commit_date_and_the_marker_records_the_revision() {
    require_git!();
    let f = small_portal();
    let (first, _) = two_commits(&f, &f.root());
    let out = f.dir.path().join("out");
    build_at(&f, &out, &["--at", "v1"]);
    assert_page_contains(&out, "index.html", &["as of 2026-11-02"]);
    let marker = read_page(&out, ".tracemark");
    assert!(marker.contains("audience: internal\n"), "{marker}");
    assert!(
        marker.contains(&format!(
            "revision: {first}\nrevision date: 2026-11-02T09:00:00Z\n"
        )),
        "{marker}"
    );
    // An explicit --today still wins.
    build_at(&f, &out, &["--at", "v1", "--today", TODAY]);
    assert_page_contains(&out, "index.html", &[&format!("as of {TODAY}")]);
    // A build of the work tree records no revision.
    build_ok(&f.root(), &["--out", out.to_str().unwrap()]);
    assert!(!read_page(&out, ".tracemark").contains("revision"));
}

#[test]
fn repeat_builds_at_a_revision_are_byte_identical_and_the_package_records_it() {
    require_git!();
    let f = small_portal();
    let (first, _) = two_commits(&f, &f.root());
    let (one, two) = (f.dir.path().join("one"), f.dir.path().join("two"));
    for out in [&one, &two] {
        build_at(&f, out, &["--at", "v1", "--audience", "auditor"]);
    }
    assert_eq!(snapshot(&one), snapshot(&two));
    for file in ["manifest.json", "package-info.json"] {
        let info: serde_json::Value = serde_json::from_str(&read_page(&one, file)).unwrap();
        assert_eq!(info["revision"], first.as_str(), "{file}");
        assert_eq!(info["revision_date"], "2026-11-02T09:00:00Z", "{file}");
        assert_eq!(info["today"], "2026-11-02", "{file}");
    }
    let verified = tracemark(&["verify", one.to_str().unwrap()]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    // A package of the work tree has no revision fields.
    build_ok(
        &f.root(),
        &["--out", one.to_str().unwrap(), "--audience", "auditor"],
    );
    assert!(!read_page(&one, "manifest.json").contains("revision"));
}

#[test]
fn a_root_in_a_sub_folder_reports_as_a_build_of_the_work_tree_does() {
    require_git!();
    let f = small_portal();
    // The repository is the fixture's folder; the portal is its `portal/`.
    let repo = f.dir.path();
    std::fs::write(repo.join("README.md"), "not the portal\n").unwrap();
    two_commits(&f, repo);
    // A mistake committed, at a known line: an artifact that does not exist.
    let evidence = std::fs::read_to_string(f.root().join("content/evidence/e.yaml")).unwrap();
    f.write(
        "content/evidence/e.yaml",
        &evidence.replace("files/fairness.csv", "files/missing.csv"),
    );
    commit_all(repo, "a broken path", "2026-11-21T10:00:00Z");

    let (code, at) = check_json(&f.root(), &["--at", "HEAD"]);
    let (work_code, work) = check_json(&f.root(), &[]);
    assert_eq!(
        (code, &at),
        (work_code, &work),
        "--at HEAD of a clean work tree"
    );
    let missing = at.iter().find(|d| d["code"] == "E302").expect("E302");
    assert_eq!(missing["file"], "content/evidence/e.yaml");
    assert!(missing["line"].as_u64().is_some());

    // The human report: the snippet from the commit, the root as given, no temporary folder.
    let root = f.root();
    let tmp = f.dir.path().join("tmp");
    let output = run_with_private_tmp(
        &tmp,
        &["build", "--root", root.to_str().unwrap(), "--at", "HEAD"],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("--> content/evidence/e.yaml:"), "{text}");
    assert!(text.contains("files/missing.csv"), "{text}");
    assert!(!text.contains("tracemark-at-"), "{text}");
    assert!(
        text.contains(&root.join("handbook").display().to_string()),
        "{text}"
    );

    // The default output is the real root's, never the temporary folder's.
    let output = run_with_private_tmp(
        &tmp,
        &["build", "--root", root.to_str().unwrap(), "--at", "v1"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_page_contains(
        &root.join("handbook"),
        "policies/POL-1.html",
        &["first wording"],
    );
}

#[test]
fn an_artifact_stored_as_a_git_lfs_pointer_is_an_error_at_its_record() {
    require_git!();
    let f = small_portal();
    git_repo(&f.root());
    f.write(
        "content/evidence/files/fairness.csv",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    commit_all(&f.root(), "evidence in LFS", FIRST);
    for extra in [&["--at", "HEAD"][..], &[]] {
        let (code, list) = check_json(&f.root(), extra);
        assert_eq!(code, Some(1), "{extra:?}");
        let pointer = list.iter().find(|d| d["code"] == "E303").expect("E303");
        assert_eq!(pointer["file"], "content/evidence/e.yaml");
        assert!(pointer["line"].as_u64().is_some());
        assert!(pointer["message"].as_str().unwrap().contains("EV-1"));
    }
}

#[cfg(unix)]
#[test]
fn links_in_the_commit_are_seen_as_in_the_work_tree() {
    require_git!();
    let f = small_portal();
    git_repo(&f.root());
    f.write(
        "content/pages/guide/real.md",
        "# Real\n\nThe linked page.\n",
    );
    let pages = f.root().join("content/pages/guide");
    std::os::unix::fs::symlink("real.md", pages.join("alias.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", pages.join("leak.md")).unwrap();
    commit_all(&f.root(), "links", FIRST);
    let (code, at) = check_json(&f.root(), &["--at", "HEAD"]);
    let (work_code, work) = check_json(&f.root(), &[]);
    assert_eq!((code, &at), (work_code, &work));
    assert!(at.iter().any(|d| d["code"] == "E003"), "{at:?}");
}

#[test]
fn outside_git_an_unknown_revision_and_a_date_before_the_first_commit_are_usage_errors() {
    let f = small_portal();
    let root = f.root();
    let root = root.to_str().unwrap();
    let tmp = f.dir.path().join("tmp");
    // No git command at all: the same message whether or not git is installed here.
    let output = command()
        .args(["check", "--root", root, "--at", "HEAD"])
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--at needs git"),
        "{}",
        stderr(&output)
    );
    if !git_available() {
        eprintln!("skipped the rest: no `git` command here");
        return;
    }
    let output = run_with_private_tmp(&tmp, &["build", "--root", root, "--at", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("--at needs git") && text.contains("not inside a git work tree"),
        "{text}"
    );
    assert!(!f.out().exists());

    two_commits(&f, &f.root());
    let output = run_with_private_tmp(&tmp, &["build", "--root", root, "--at", "no-such-tag"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("`no-such-tag`") && text.contains("no such revision"),
        "{text}"
    );
    let output = run_with_private_tmp(&tmp, &["check", "--root", root, "--at", "2026-11-01"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("no commit") && text.contains("2026-11-01"),
        "{text}"
    );
    assert!(!f.out().exists());
}

#[cfg(unix)]
#[test]
fn the_temporary_folder_is_private_and_removed_on_sigterm_and_ctrl_c() {
    use std::os::unix::fs::PermissionsExt;
    use std::time::{Duration, Instant};
    require_git!();
    let f = small_portal();
    git_repo(&f.root());
    // Enough files that the signal arrives while they are written or checked.
    for n in 0..3000 {
        f.write(
            &format!("content/pages/many/page-{n}.md"),
            &format!("# Page {n}\n\nText of page {n}.\n"),
        );
    }
    commit_all(&f.root(), "many pages", FIRST);
    let root = f.root();
    for signal in ["TERM", "INT"] {
        let tmp = f.dir.path().join(format!("tmp-{signal}"));
        std::fs::create_dir_all(&tmp).unwrap();
        let mut child = command()
            .args(["check", "--root", root.to_str().unwrap(), "--at", "HEAD"])
            .env("TMPDIR", &tmp)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let folder = loop {
            if let Some(entry) = std::fs::read_dir(&tmp).unwrap().next() {
                break entry.unwrap().path();
            }
            assert!(Instant::now() < deadline, "no temporary folder");
            assert!(child.try_wait().unwrap().is_none(), "ended before");
            std::thread::sleep(Duration::from_millis(5));
        };
        if let Ok(meta) = std::fs::metadata(&folder) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o700);
        }
        let pid = child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
        assert!(left.is_empty(), "SIG{signal} ({status}) left {left:?}");
    }
}
