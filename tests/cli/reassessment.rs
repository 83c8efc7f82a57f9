//! Reassessment triggers (issue 18): an AI system whose record a commit changed after its
//! latest assessment, in a field that calls for reassessment (`models`, `data`, `vendors`,
//! `lifecycle`, `scope`, `users`, `affected`), gets a warning (W332) at its entry naming the
//! commit and the fields, and its page, the gaps page and the reviews page say so; a change
//! of another field (`owner`, `description`), a change before the latest assessment, and a
//! risk edited after its `last_review` are not flagged; the public build shows nothing of it.
//! The small portal's `SYS-1` was last assessed on 2026-09-01, the `last_review` of its risk
//! `RSK-1` (its own `last_review` is 2026-06-01).

use crate::harness::{
    Fixture, Repo, assert_page_contains, assert_page_lacks, build_ok, check_json, git_available,
    small_portal, the_only_diagnostic,
};

const SYSTEMS: &str = "content/systems/s.yaml";

/// The systems register: `SYS-1` (at line 2) with this model, owner and description, and
/// `SYS-2` (at line 9, last reviewed on 2026-10-01) with this vendor.
fn systems(model: &str, owner: &str, description: &str, vendor: &str) -> String {
    format!(
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: {owner}\n    visibility: public\n    description: {description}\n    models: [{model}]\n    last_review: 2026-06-01\n  - id: SYS-2\n    name: Chat assistant\n    owner: CX Lead\n    vendors: [{vendor}]\n    last_review: 2026-10-01\n"
    )
}

/// The small portal in a repository: the register added on 2026-05-01; before the latest
/// assessment, `SYS-1`'s model changed (2026-08-01); after it, `SYS-2`'s vendor changed before
/// its own review (2026-09-15), `SYS-1`'s owner and description changed (2026-10-05), a risk
/// was edited after its `last_review` (2026-10-10), and `SYS-1`'s model changed (2026-10-20).
/// Returns the fixture, the repository and the hash of the last commit.
fn retrained() -> Option<(Fixture, Repo, String)> {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return None;
    }
    let f = small_portal();
    let repo = Repo::init(f.dir.path());
    f.write(SYSTEMS, &systems("ranker v1", "ML Lead", "Scores", "Acme"));
    repo.commit("2026-05-01", "Add the AI systems");
    f.write(SYSTEMS, &systems("ranker v2", "ML Lead", "Scores", "Acme"));
    repo.commit("2026-08-01", "Retrain the ranker (v2)");
    f.write(
        SYSTEMS,
        &systems("ranker v2", "ML Lead", "Scores", "Globex"),
    );
    repo.commit("2026-09-15", "Move SYS-2 to another vendor");
    f.write(
        SYSTEMS,
        &systems("ranker v2", "Head of ML", "Scores applications", "Globex"),
    );
    repo.commit("2026-10-05", "New owner for the ranker");
    let risks = std::fs::read_to_string(f.root().join("content/risks/r.yaml")).unwrap();
    f.write(
        "content/risks/r.yaml",
        &risks.replace("Biased scores", "Biased scores for some groups"),
    );
    repo.commit("2026-10-10", "Reword a risk");
    f.write(
        SYSTEMS,
        &systems("ranker v3", "Head of ML", "Scores applications", "Globex"),
    );
    let last = repo.commit("2026-10-20", "Retrain the ranker (v3)");
    Some((f, repo, last))
}

#[test]
fn a_model_change_after_the_last_assessment_is_a_warning_at_the_system() {
    let Some((f, _repo, last)) = retrained() else {
        return;
    };
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
    // Only SYS-1, once: not SYS-2 (changed before its review), nor any risk.
    let d = the_only_diagnostic(
        &diags,
        "W332",
        (SYSTEMS, 2),
        &[
            "`SYS-1`",
            "last assessment on 2026-09-01",
            last.as_str(),
            "2026-10-20",
            "Retrain the ranker (v3)",
            "`models`",
        ],
    );
    let message = d["message"].as_str().unwrap();
    // Only the commit that changed a trigger field is named, and one in all.
    for absent in ["owner", "description", "commits in all", "v2"] {
        assert!(!message.contains(absent), "{absent:?} in {message}");
    }
}

#[test]
fn other_fields_earlier_changes_and_risk_edits_are_no_reassessment() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let f = small_portal();
    let repo = Repo::init(f.dir.path());
    f.write(SYSTEMS, &systems("ranker v1", "ML Lead", "Scores", "Acme"));
    repo.commit("2026-05-01", "Add the AI systems");
    // Before the latest assessment (2026-09-01): a trigger field.
    f.write(SYSTEMS, &systems("ranker v2", "ML Lead", "Scores", "Acme"));
    repo.commit("2026-08-01", "Retrain the ranker (v2)");
    // After it: fields that call for no reassessment.
    f.write(
        SYSTEMS,
        &systems("ranker v2", "Head of ML", "Scores applications", "Acme"),
    );
    repo.commit("2026-10-05", "New owner for the ranker");
    // A risk edited after its `last_review`.
    let risks = std::fs::read_to_string(f.root().join("content/risks/r.yaml")).unwrap();
    f.write(
        "content/risks/r.yaml",
        &risks.replace("Biased scores", "Biased scores for some groups"),
    );
    repo.commit("2026-10-10", "Reword a risk");
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:?}");
    assert!(!diags.iter().any(|d| d["code"] == "W332"), "{diags:?}");
    build_ok(&f.root(), &[]);
    assert_page_lacks(&f.out(), "systems/SYS-1.html", &["last assessment"]);
    assert_page_lacks(&f.out(), "gaps.html", &["last assessment"]);
    assert_page_lacks(&f.out(), "reviews.html", &["last assessment"]);
}

#[test]
fn the_system_gaps_and_reviews_pages_show_the_reassessment() {
    let Some((f, _repo, last)) = retrained() else {
        return;
    };
    build_ok(&f.root(), &[]);
    assert_page_contains(
        &f.out(),
        "systems/SYS-1.html",
        &["Changed since its last assessment", &last, "models"],
    );
    assert_page_lacks(&f.out(), "systems/SYS-2.html", &["last assessment"]);
    assert_page_contains(
        &f.out(),
        "gaps.html",
        &[
            "id=\"changed-since-assessment\"",
            "AI systems changed since their last assessment",
            "SYS-1",
            "2026-10-20",
        ],
    );
    assert_page_contains(
        &f.out(),
        "reviews.html",
        &["Changed since its last assessment"],
    );
    let out = f.dir.path().join("auditor");
    build_ok(
        &f.root(),
        &["--audience", "auditor", "--out", out.to_str().unwrap()],
    );
    assert_page_contains(
        &out,
        "systems/SYS-1.html",
        &["Changed since its last assessment", &last],
    );
}

#[test]
fn the_public_build_shows_nothing_of_it() {
    let Some((f, _repo, last)) = retrained() else {
        return;
    };
    let out = f.dir.path().join("public");
    build_ok(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        pages += usize::from(text.contains("Scoring model"));
        for secret in [last.as_str(), "last assessment", "Retrain the ranker"] {
            assert!(
                !text.contains(secret),
                "{secret:?} in {}",
                entry.path().display()
            );
        }
    }
    assert!(pages > 0, "the public system is shown");
}

#[test]
fn an_impact_assessment_approved_since_is_the_latest_assessment_unless_a_draft() {
    let Some((f, repo, _)) = retrained() else {
        return;
    };
    let assessment = |status: &str| {
        format!(
            "---\nid: IA-1\ntitle: Scoring impact assessment\nkind: impact-assessment\nowner: ML Lead\nstatus: {status}\neffective: 2026-10-25\nsystems: [SYS-1]\n---\n# Impact assessment\n\nThe ranker v3 is assessed.\n"
        )
    };
    let w332 = |f: &Fixture| {
        let (code, diags) = check_json(&f.root(), &[]);
        assert_eq!(code, Some(0), "{diags:?}");
        diags
            .into_iter()
            .filter(|d| d["code"] == "W332")
            .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    f.write("content/policies/ia.md", &assessment("draft"));
    repo.commit("2026-10-26", "Draft the impact assessment");
    let found = w332(&f);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("last assessment on 2026-09-01"),
        "{found:?}"
    );
    f.write("content/policies/ia.md", &assessment("approved"));
    repo.commit("2026-10-27", "Approve the impact assessment");
    assert_eq!(w332(&f), Vec::<String>::new());
}
