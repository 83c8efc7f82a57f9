//! `build --since REV|DATE`: the changes page (`changes.html`, linked from the home page with
//! both revisions named) lists a policy whose text changed, a risk re-scored and one added, a
//! Statement of Applicability entry changed, each before → after; the changed policy's page
//! (`changes/<id>.html`) shows the changed lines of its text as the audience reads it; repeat
//! builds are byte-identical and the temporary folders are removed; `--since` with the public
//! audience, outside git and for an unknown revision are usage errors (exit 2); and a build
//! without `--since` has no changes page.
//!
//! Every test that needs git skips, saying so, where no `git` command is installed.

use std::path::Path;
use std::process::Output;

use crate::harness::git::{commit_all, git, git_available, git_repo};
use crate::harness::*;

/// The first commit, tagged `v1`.
const FIRST: &str = "2026-11-02T09:00:00Z";
/// The second commit: the changes.
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

/// POL-1 of the small portal with `wording` in its body, which names RSK-2 (confidential in
/// the second commit: the diff must not name it either).
fn policy_one(wording: &str) -> String {
    Policy {
        body: &format!(
            "# Governance\n\n## Scope\n\nThe {wording} of the scope.\n\nEscalate [[RSK-2]].\n\nA line that stays.\n"
        ),
        ..governance_policy()
    }
    .to_markdown()
}

/// The small portal's risks, RSK-1 rated `inherent` before treatment; when `more`, RSK-3 is
/// added, RSK-2 becomes confidential and a confidential RSK-9 is added (neither of which an
/// internal build may name).
fn risks(f: &Fixture, inherent: (u32, u32), more: bool) {
    let [first, second] = small_portal_risks();
    let mut list = vec![
        Risk {
            likelihood: Some(inherent.0),
            impact: Some(inherent.1),
            ..first
        },
        Risk {
            visibility: if more { "confidential" } else { "" },
            ..second
        },
    ];
    if more {
        list.push(Risk {
            id: "RSK-3",
            title: "Model drift",
            system: "SYS-1",
            category: "user-harm",
            owner: "ML Lead",
            likelihood: Some(2),
            impact: Some(3),
            treatment: "mitigate",
            controls: vec!["mini:M.1.1"],
            last_review: "2026-11-15",
            ..Risk::default()
        });
        list.push(Risk {
            id: "RSK-9",
            title: "Secret merger exposure",
            category: "legal",
            owner: "Counsel",
            likelihood: Some(2),
            impact: Some(2),
            treatment: "transfer",
            last_review: "2026-11-15",
            visibility: "confidential",
            ..Risk::default()
        });
    }
    f.risks("r", &list);
}

/// The small portal's Statement of Applicability, M.2.1 excluded or (`monitored`) included.
fn soa(f: &Fixture, monitored: bool) {
    let last = if monitored {
        SoaEntry {
            control: "mini:M.2.1",
            applicable: true,
            justification: "Monitoring now in scope",
            status: "planned",
            ..SoaEntry::default()
        }
    } else {
        SoaEntry {
            control: "mini:M.2.1",
            applicable: false,
            justification: "No monitoring in scope",
            ..SoaEntry::default()
        }
    };
    f.soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: "Needed for governance",
            status: "implemented",
            owner: "CISO",
            implementation: "See [[POL-1]].",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.1.2",
            applicable: true,
            justification: "Needed for roles",
            status: "partial",
            ..SoaEntry::default()
        },
        last,
    ]);
}

/// The small portal in a repository with two dated commits: the first (tagged `v1`) as the
/// harness writes it; the second changes POL-1's text, re-scores RSK-1, adds RSK-3 and brings
/// M.2.1 into the Statement of Applicability with new evidence EV-4, and collects EV-1 again.
fn two_commits(f: &Fixture) {
    let repo = f.root();
    git_repo(&repo);
    f.write(
        ".gitignore",
        "/handbook/\n/public/\n/auditor-package/\n/tmp/\n",
    );
    f.write("content/policies/one.md", &policy_one("first wording"));
    risks(f, (4, 5), false);
    soa(f, false);
    commit_all(&repo, "first", FIRST);
    git(&repo, &["tag", "v1"]);
    f.write("content/policies/one.md", &policy_one("second wording"));
    risks(f, (5, 5), true);
    soa(f, true);
    let records = std::fs::read_to_string(repo.join("content/evidence/e.yaml")).unwrap();
    assert_eq!(records.matches("2026-10-01").count(), 1, "{records}");
    f.write(
        "content/evidence/e.yaml",
        &records.replace("2026-10-01", "2026-11-15"),
    );
    f.evidence(
        "more",
        &[Evidence {
            id: "EV-4",
            title: "Monitoring dashboard",
            url: "https://example.com/monitoring",
            collected: "2026-11-18",
            valid_for: "180d",
            controls: vec!["mini:M.2.1"],
            ..Evidence::default()
        }],
    );
    commit_all(&repo, "second", SECOND);
}

/// `build --root ROOT --out OUT ARGS`.
fn build_to(f: &Fixture, out: &Path, args: &[&str]) -> Output {
    let root = f.root();
    let mut all = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        TODAY,
    ];
    all.extend_from_slice(args);
    run_with_private_tmp(&f.dir.path().join("tmp"), &all)
}

#[test]
fn since_a_tag_lists_each_change_before_and_after_and_diffs_the_text() {
    require_git!();
    let f = small_portal();
    two_commits(&f);
    let out = f.dir.path().join("out");
    let output = build_to(&f, &out, &["--since", "v1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let first = git(&f.root(), &["rev-parse", "v1"]);

    let home = assert_page_contains(&out, "index.html", &["changes.html"]);
    let home = text_of(&home);
    assert!(
        home.contains(&format!("since commit {}", &first[..12])),
        "{home}"
    );
    assert!(
        home.contains("2026-11-02T09:00:00Z") && home.contains("the work tree"),
        "{home}"
    );

    let page = text_of(&read_page(&out, "changes.html"));
    for needle in [
        "POL-1 Governance Policy",
        "the text: +1 −1 lines",
        "RSK-1 Biased scores inherent: 4×5 = 20",
        "→ 5×5 = 25",
        "added RSK-3 Model drift inherent: 2×3 = 6",
        "applicability: excluded → applicable",
        "status: — → planned",
        "justification: No monitoring in scope → Monitoring now in scope",
        "evidence: none → 1 record, the freshest fresh",
        "added EV-4 Monitoring dashboard",
        "replaced EV-1 Fairness report collected: 2026-10-01 → 2026-11-15",
    ] {
        assert!(page.contains(needle), "{needle} not in: {page}");
    }
    // Unchanged items are not listed, nor items the internal build hides (RSK-2 became
    // confidential, RSK-9 was added confidential).
    for absent in [
        "RSK-2",
        "POL-2",
        "RSK-9",
        "Secret merger",
        "Untreated exposure",
    ] {
        assert!(!page.contains(absent), "{absent} in: {page}");
    }
    assert!(read_page(&out, "changes.html").contains("changes/POL-1.html"));

    let diff = read_page(&out, "changes/POL-1.html");
    assert!(
        diff.contains("<del>The first wording of the scope.</del>"),
        "{diff}"
    );
    assert!(
        diff.contains("<ins>The second wording of the scope.</ins>"),
        "{diff}"
    );
    // RSK-2, confidential now, is not named even in the earlier text: the sentence that rests
    // on it is left out of both sides, as the pages leave it out.
    assert!(
        !diff.contains("Escalate") && !diff.contains("restricted"),
        "{diff}"
    );
    assert!(!diff.contains("RSK-2"), "{diff}");
    // The text as the audience reads it, not the source: no front matter.
    assert!(!diff.contains("owner:"), "{diff}");
}

#[test]
fn since_a_date_with_at_compares_two_commits_and_repeat_builds_are_identical() {
    require_git!();
    let f = small_portal();
    two_commits(&f);
    // An uncommitted edit is not part of a build at a commit.
    f.write(
        "content/policies/one.md",
        &policy_one("uncommitted wording"),
    );
    let (one, two) = (f.dir.path().join("one"), f.dir.path().join("two"));
    for out in [&one, &two] {
        let args = [
            "--since",
            "2026-11-10",
            "--at",
            "HEAD",
            "--audience",
            "auditor",
        ];
        let output = build_to(&f, out, &args);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert_eq!(snapshot(&one), snapshot(&two));
    let head = git(&f.root(), &["rev-parse", "HEAD"]);
    let home = text_of(&read_page(&one, "index.html"));
    assert!(
        home.contains(&format!("to commit {}", &head[..12])),
        "{home}"
    );
    let diff = read_page(&one, "changes/POL-1.html");
    assert!(
        diff.contains("<ins>The second wording of the scope.</ins>"),
        "{diff}"
    );
    assert!(!diff.contains("uncommitted"), "{diff}");
}

#[test]
fn without_since_there_is_no_changes_page() {
    let f = small_portal();
    let out = f.dir.path().join("out");
    let output = build_to(&f, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!out.join("changes.html").exists());
    assert!(!read_page(&out, "index.html").contains("changes.html"));
}

#[test]
fn since_with_the_public_audience_outside_git_or_an_unknown_revision_is_a_usage_error() {
    let f = small_portal();
    let out = f.dir.path().join("out");
    let output = build_to(&f, &out, &["--since", "v1", "--audience", "public"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--since"), "{}", stderr(&output));
    assert!(!out.exists());

    if !git_available() {
        eprintln!("skipped the rest: no `git` command here");
        return;
    }
    let output = build_to(&f, &out, &["--since", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("--since needs git"), "{text}");
    assert!(!out.exists());

    two_commits(&f);
    let output = build_to(&f, &out, &["--since", "no-such-tag"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("--since `no-such-tag`") && text.contains("no such revision"),
        "{text}"
    );
    assert!(!out.exists());
}

#[test]
fn since_a_revision_whose_portal_cannot_be_read_fails_naming_the_file_and_line() {
    require_git!();
    let f = small_portal();
    let repo = f.root();
    git_repo(&repo);
    f.write(
        ".gitignore",
        "/handbook/\n/public/\n/auditor-package/\n/tmp/\n",
    );
    let config = std::fs::read_to_string(repo.join("portal.yaml")).unwrap();
    f.write("portal.yaml", "title: [unclosed\n");
    commit_all(&repo, "broken", FIRST);
    git(&repo, &["tag", "broken"]);
    f.write("portal.yaml", &config);
    commit_all(&repo, "fixed", SECOND);
    let out = f.dir.path().join("out");
    let output = build_to(&f, &out, &["--since", "broken"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("--since: the portal of commit")
            && text.contains("portal.yaml:2")
            && text.contains("E101"),
        "{text}"
    );
    assert!(!out.exists());
}
