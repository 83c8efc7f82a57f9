//! Small things a new user met: what a policy needs, numbers where text belongs, suggestions
//! that are never about something unrelated, and help that states each default once.

use crate::harness::{Fixture, check, stderr, tracemark};

/// The human output of `check`.
fn check_text(f: &Fixture) -> String {
    stderr(&check(&f.root(), &[]))
}

#[test]
fn a_policy_without_front_matter_lists_the_required_fields() {
    let f = Fixture::new();
    f.write("portal.yaml", "title: T\n")
        .write("content/policies/p.md", "# Acceptable use\n\nText.\n");
    let err = check_text(&f);
    assert!(err.contains("error[E106]"), "{err}");
    assert!(
        err.contains("`id:`, `title:` and `owner:` (required)"),
        "{err}"
    );
}

#[test]
fn a_number_where_text_belongs_gets_a_quoted_hint() {
    let f = Fixture::new();
    f.write("portal.yaml", "title: T\n").write(
        "content/policies/p.md",
        "---\nid: POL-1\ntitle: P\nowner: O\nversion: 1.0\n---\nText.\n",
    );
    let err = check_text(&f);
    assert!(err.contains("--> content/policies/p.md:5:10"), "{err}");
    assert!(err.contains("quote it, `version: \"1.0\"`"), "{err}");
}

#[test]
fn suggestions_are_never_about_something_unrelated() {
    let f = Fixture::new();
    f.write("portal.yaml", "title: T\nframeworks: [iso4201]\n")
        .write(
            "content/policies/p.md",
            "---\nid: POL-1\ntitle: P\nowner: O\ncontrols: [iso42001:A.2.2]\n---\n[a](guidlines.md) [b](nothing.md)\n",
        )
        .write("content/policies/guidelines.md", "---\nid: POL-2\ntitle: G\nowner: O\n---\nx\n")
        .write("content/policies/on call.md", "---\nid: POL-3\ntitle: C\nowner: O\n---\nx\n");
    let err = check_text(&f);
    // The failed framework name is suggested once, in portal.yaml...
    assert!(err.contains("did you mean `iso42001`?"), "{err}");
    // ...and the references to it say why, without naming an unrelated id.
    assert!(
        err.contains("`iso42001` is not a framework portal.yaml enables"),
        "{err}"
    );
    assert!(!err.contains("(id `A.2.2`)"), "{err}");
    // A near miss of a file name is suggested; a missing file is not matched to another.
    assert!(err.contains("did you mean `guidelines.md`?"), "{err}");
    let nothing = &err[err.find("`nothing.md`").unwrap()..];
    let nothing = &nothing[..nothing.find("error[").unwrap_or(nothing.len())];
    assert!(!nothing.contains("did you mean"), "{nothing}");
}

#[test]
fn help_states_each_default_once() {
    for command in ["build", "check", "serve", "soa", "init"] {
        let out = tracemark(&[command, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        // Options are separated by blank lines in the long help.
        for option in help.split("\n\n") {
            let stated = option.matches("default").count();
            assert!(
                stated <= 1,
                "`{command} --help` states a default twice:\n{option}"
            );
        }
    }
}

#[test]
fn version_names_the_commit_the_binary_was_built_from() {
    let output = tracemark(&["--version"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let version = env!("CARGO_PKG_VERSION");
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    assert_eq!(text, format!("tracemark {version} (commit {commit})"));
}
