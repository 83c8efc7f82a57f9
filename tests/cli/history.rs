//! History from git (issue 18): each policy's and page's commits in its "Version history",
//! merged with the front-matter `history:`, newest first; none of it in the public build; a
//! warning (W331) for a document whose text changed after its latest approval, and none for
//! a commit that only records the approval; `git_history: false`; and a portal outside git.
//! Repositories are built in temporary folders with dated commits (`harness::git`); the
//! portal is a sub-folder of the repository, as it often is in real ones.

use crate::harness::{
    Fixture, Repo, assert_page_contains, assert_page_lacks, build_ok, check_json, codes,
    git_available, small_portal, stderr, text_of, the_only_diagnostic,
};

/// The governance policy, approved as version 1.0 on `approved` (its `history:`), with body.
fn policy(approved: &[(&str, &str)], owner: &str, body: &str) -> String {
    let mut history = String::new();
    for (version, date) in approved {
        history.push_str(&format!(
            "  - version: \"{version}\"\n    date: {date}\n    summary: Issued v{version}\n    approved_by: Board\n"
        ));
    }
    let history = if history.is_empty() {
        String::new()
    } else {
        format!("history:\n{history}")
    };
    format!(
        "---\nid: POL-1\ntitle: Governance Policy\nowner: {owner}\nstatus: approved\nvisibility: public\nlast_review: 2026-01-10\ncontrols: [mini:M.1.1]\n{history}---\n# Governance\n\n{body}\n"
    )
}

const POLICY: &str = "content/policies/one.md";

/// The small portal in a repository one folder above the root: the policy added on
/// 2026-01-05, its approval of 2026-01-10 recorded on 2026-01-12 (front matter only), and
/// its text changed on 2026-03-02. Returns the fixture, the repository and the three hashes.
fn approved_then_changed() -> Option<(Fixture, Repo, [String; 3])> {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return None;
    }
    let f = small_portal();
    let mut repo = Repo::init(f.dir.path());
    f.write(POLICY, &policy(&[], "CISO", "Scope: all AI systems."));
    let added = repo.commit("2026-01-05", "Add the governance policy");
    f.write(
        POLICY,
        &policy(&[("1.0", "2026-01-10")], "CISO", "Scope: all AI systems."),
    );
    let recorded = repo.commit("2026-01-12", "Record the approval of v1.0");
    f.write(
        POLICY,
        &policy(
            &[("1.0", "2026-01-10")],
            "CISO",
            "Scope: every AI system we run.",
        ),
    );
    repo.author = "Bo Editor".into();
    let changed = repo.commit("2026-03-02", "Reword the scope");
    Some((f, repo, [added, recorded, changed]))
}

#[test]
fn a_policy_page_merges_commits_with_its_front_matter_history_newest_first() {
    let Some((f, _repo, [added, recorded, changed])) = approved_then_changed() else {
        return;
    };
    build_ok(&f.root(), &[]);
    let html = assert_page_contains(
        &f.out(),
        "policies/POL-1.html",
        &[
            "Version history",
            "Changed since approval",
            &added,
            &recorded,
            &changed,
        ],
    );
    let text = text_of(&html);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {text}"))
    };
    // Newest first: the change, the approval, the commit recording it, the commit adding it.
    let rows = [
        at("2026-03-02 Reword the scope Bo Editor"),
        at("2026-01-12 Record the approval of v1.0 Ada Author"),
        at("2026-01-10 1.0 Issued v1.0 approved by Board"),
        at("2026-01-05 Add the governance policy Ada Author"),
    ];
    assert!(rows[0] < rows[1] && rows[2] < rows[3], "{rows:?}\n{text}");
    assert!(rows[1] < rows[3], "{rows:?}\n{text}");
    assert!(
        text.contains(&format!(
            "Changed since approval: commit {changed} of 2026-03-02 (Reword the scope) changed the text after its approval on 2026-01-10."
        )),
        "{text}"
    );
    assert!(!text.contains("History from front matter only"), "{text}");
    // The other policy, in git but never approved in front matter: its commit only.
    assert_page_contains(
        &f.out(),
        "policies/POL-2.html",
        &["Version history", &added],
    );
}

#[test]
fn a_text_change_after_approval_is_a_warning_at_the_approval_line() {
    let Some((f, _repo, [_, _, changed])) = approved_then_changed() else {
        return;
    };
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
    // `date: 2026-01-10` of the newest history entry.
    the_only_diagnostic(
        &diags,
        "W331",
        (POLICY, 11),
        &[
            "`POL-1`",
            "approval on 2026-01-10",
            &changed,
            "2026-03-02",
            "Reword the scope",
        ],
    );
}

#[test]
fn a_commit_that_only_records_an_approval_or_edits_front_matter_is_no_change() {
    let Some((f, repo, _)) = approved_then_changed() else {
        return;
    };
    // v1.1 approved on 2026-04-01, recorded a week later with the approved text: front
    // matter only, later than the approval.
    let text = "Scope: every AI system we run.";
    let approved = [("1.0", "2026-01-10"), ("1.1", "2026-04-01")];
    f.write(POLICY, &policy(&approved, "CISO", text));
    repo.commit("2026-04-08", "Record the approval of v1.1");
    // A new owner, later still: front matter only.
    f.write(POLICY, &policy(&approved, "Chief Risk Officer", text));
    repo.commit("2026-05-01", "Hand the policy to the CRO");
    let (_, diags) = check_json(&f.root(), &[]);
    assert!(!codes(&diags).contains(&"W331".to_string()), "{diags:?}");
    build_ok(&f.root(), &[]);
    assert_page_contains(
        &f.out(),
        "policies/POL-1.html",
        &["Hand the policy to the CRO", "Record the approval of v1.1"],
    );
    assert_page_lacks(&f.out(), "policies/POL-1.html", &["Changed since approval"]);
    // Then a change of the text: the warning again, naming the newest commit.
    f.write(
        POLICY,
        &policy(&approved, "Chief Risk Officer", "Scope: none."),
    );
    let hash = repo.commit("2026-06-01", "Narrow the scope");
    let (_, diags) = check_json(&f.root(), &[]);
    let w330: Vec<_> = diags.iter().filter(|d| d["code"] == "W331").collect();
    assert_eq!(w330.len(), 1, "{diags:?}");
    assert!(w330[0]["message"].as_str().unwrap().contains(&hash));
    assert_eq!(w330[0]["line"], 15, "{}", w330[0]);
}

#[test]
fn the_public_build_shows_front_matter_history_only() {
    let Some((f, _repo, [added, recorded, changed])) = approved_then_changed() else {
        return;
    };
    let out = f.dir.path().join("public");
    let output = build_ok(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert!(!stderr(&output).contains("E700"), "{}", stderr(&output));
    let mut front_matter_shown = false;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "Reword the scope",
            "Record the approval",
            "Ada Author",
            "Bo Editor",
            "Changed since approval",
            "History from front matter only",
            &format!(">{added}<"),
            &format!(">{recorded}<"),
            &format!(">{changed}<"),
        ] {
            assert!(
                !text.contains(secret),
                "{secret:?} in {}",
                entry.path().display()
            );
        }
        front_matter_shown |= text.contains("Issued v1.0");
    }
    assert!(
        front_matter_shown,
        "the front-matter history is shown publicly"
    );
}

#[test]
fn git_history_false_reads_front_matter_only() {
    let Some((f, _repo, [_, _, changed])) = approved_then_changed() else {
        return;
    };
    let config = std::fs::read_to_string(f.root().join("portal.yaml")).unwrap();
    f.write("portal.yaml", &format!("{config}git_history: false\n"));
    let (_, diags) = check_json(&f.root(), &[]);
    assert!(!codes(&diags).contains(&"W331".to_string()), "{diags:?}");
    build_ok(&f.root(), &[]);
    let html = assert_page_contains(
        &f.out(),
        "policies/POL-1.html",
        &[
            "History from front matter only (git_history: false in portal.yaml).",
            "Issued v1.0",
        ],
    );
    assert!(!html.contains(&changed) && !html.contains("Reword the scope"));
}

#[test]
fn outside_git_the_pages_say_history_comes_from_front_matter() {
    let f = small_portal();
    f.write(POLICY, &policy(&[("1.0", "2026-01-10")], "CISO", "Scope."));
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
    assert!(!codes(&diags).contains(&"W331".to_string()), "{diags:?}");
    let output = build_ok(&f.root(), &[]);
    assert!(!stderr(&output).contains("git"), "{}", stderr(&output));
    assert_page_contains(
        &f.out(),
        "policies/POL-1.html",
        &[
            "Version history",
            "History from front matter only (the portal is not in a git repository).",
            "Issued v1.0",
        ],
    );
}

#[test]
fn a_free_page_shows_its_commits() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let f = small_portal();
    let mut repo = Repo::init(&f.root());
    f.write("content/pages/guide.md", "# Guide\n\nFirst.\n");
    let first = repo.commit("2026-02-01", "Write the guide");
    f.write("content/pages/guide.md", "# Guide\n\nSecond.\n");
    repo.author = "Cy Writer".into();
    let second = repo.commit("2026-02-03T23:30:00-02:00", "Expand the guide");
    build_ok(&f.root(), &[]);
    let html = assert_page_contains(
        &f.out(),
        "pages/guide.html",
        &["Version history", &first, &second],
    );
    let text = text_of(&html);
    // Dates are the commit's, in UTC: 23:30 at UTC-2 is the next day.
    let newer = text
        .find("2026-02-04 Expand the guide Cy Writer")
        .expect(&text);
    let older = text
        .find("2026-02-01 Write the guide Ada Author")
        .expect(&text);
    assert!(newer < older, "{text}");
}

#[test]
fn a_subject_naming_a_hidden_document_reads_restricted_and_passes_the_leak_gate() {
    let Some((f, repo, _)) = approved_then_changed() else {
        return;
    };
    f.write(
        "content/policies/secret.md",
        "---\nid: POL-SECRET\ntitle: Merger Playbook\nowner: CEO\nvisibility: confidential\n---\nSecret.\n",
    );
    repo.commit("2026-04-01", "Add the merger playbook");
    let text = &policy(
        &[("1.0", "2026-01-10")],
        "CISO",
        "Scope: as the playbook says.",
    );
    f.write(POLICY, text);
    let hash = repo.commit("2026-04-02", "Align the scope with POL-SECRET");
    let output = build_ok(&f.root(), &[]);
    assert!(!stderr(&output).contains("E700"), "{}", stderr(&output));
    let html = assert_page_contains(&f.out(), "policies/POL-1.html", &[&hash, "restricted"]);
    assert!(!html.contains("POL-SECRET"));
    // The auditor sees everything, subjects as written.
    let out = f.dir.path().join("auditor");
    build_ok(
        &f.root(),
        &["--audience", "auditor", "--out", out.to_str().unwrap()],
    );
    assert_page_contains(
        &out,
        "policies/POL-1.html",
        &["Align the scope with POL-SECRET"],
    );
}

#[test]
fn a_repository_git_cannot_read_gives_no_history_and_a_note_not_a_failure() {
    let Some((f, repo, [added, ..])) = approved_then_changed() else {
        return;
    };
    // The objects are gone: `git log` fails.
    std::fs::remove_dir_all(repo.dir.join(".git/objects")).unwrap();
    std::fs::create_dir_all(repo.dir.join(".git/objects")).unwrap();
    let output = build_ok(&f.root(), &[]);
    assert!(
        stderr(&output).contains("note: no history from git: `git log` failed"),
        "{}",
        stderr(&output)
    );
    let html = assert_page_contains(
        &f.out(),
        "policies/POL-1.html",
        &[
            "History from front matter only (git could not be read",
            "Issued v1.0",
        ],
    );
    assert!(!html.contains(&added));
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
}

#[test]
fn a_record_page_shows_the_latest_commits_of_its_register_file() {
    let Some((f, repo, [added, ..])) = approved_then_changed() else {
        return;
    };
    let risks = std::fs::read_to_string(f.root().join("content/risks/r.yaml")).unwrap();
    let mut last = String::new();
    for day in 1..=11 {
        let text = format!("{risks}# revision {day}\n");
        last = repo.write_and_commit(
            "portal/content/risks/r.yaml",
            &text,
            &format!("2026-04-{day:02}"),
            &format!("Revise the risks ({day})"),
        );
    }
    build_ok(&f.root(), &[]);
    let html = assert_page_contains(
        &f.out(),
        "risks/RSK-1.html",
        &["Register file history", &last, "(10 of 12)"],
    );
    // The ten newest: the adding commit is the twelfth.
    assert!(!html.contains(&added), "{html}");
    assert!(!html.contains("Revise the risks (1)<"), "{html}");
    assert_page_contains(
        &f.out(),
        "systems/SYS-1.html",
        &["Register file history", &added],
    );
}

#[test]
fn the_document_register_lists_every_document_with_its_approval_and_last_change() {
    let Some((f, _repo, [_, _, changed])) = approved_then_changed() else {
        return;
    };
    build_ok(&f.root(), &[]);
    let html = assert_page_contains(
        &f.out(),
        "document-register.html",
        &[
            "Document register",
            "POL-1",
            "POL-2",
            "Changed since approval",
        ],
    );
    let text = text_of(&html);
    assert!(
        text.contains(&format!(
            "POL-1 Governance Policy text: Changed since approval changed by commit {changed} (2026-03-02) policy — CISO Board 2026-01-10 2026-03-02 {changed}"
        )),
        "{text}"
    );
    let csv = f.read("exports/document-register.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,title,kind,version,owner,approver,approved_on,last_changed,last_commit,next_review,changed_since_approval"
        )
    );
    let pol1 = lines.find(|l| l.starts_with("POL-1,")).expect(&csv);
    assert_eq!(
        pol1,
        format!(
            "POL-1,Governance Policy,policy,,CISO,Board,2026-01-10,2026-03-02,{changed},2027-01-10,{changed} (2026-03-02)"
        )
    );
    assert_page_contains(&f.out(), "policies/index.html", &["document-register.html"]);
    // Not in the trust center.
    let out = f.dir.path().join("public");
    build_ok(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert!(!out.join("document-register.html").exists());
    assert!(!out.join("exports/document-register.csv").exists());
    assert_page_lacks(&out, "policies/index.html", &["document-register.html"]);
}

#[test]
fn a_moved_document_starts_its_history_at_the_move_and_uncommitted_portals_say_so() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let f = small_portal();
    let repo = Repo::init(f.dir.path());
    // In a repository, but nothing committed yet.
    build_ok(&f.root(), &[]);
    assert_page_contains(
        &f.out(),
        "policies/POL-1.html",
        &["History from front matter only (no commit in git touches the portal yet)."],
    );
    let first = repo.commit("2026-01-05", "Add the portal");
    std::fs::rename(
        f.root().join("content/policies/one.md"),
        f.root().join("content/policies/governance.md"),
    )
    .unwrap();
    let moved = repo.commit("2026-02-01", "Rename the governance policy");
    build_ok(&f.root(), &[]);
    let html = assert_page_contains(
        &f.out(),
        "policies/POL-1.html",
        &[&format!("<code>{moved}</code> (added)")],
    );
    // History follows the path: the commit that added `one.md` is not the new file's.
    assert!(!html.contains(&first), "{html}");
}
