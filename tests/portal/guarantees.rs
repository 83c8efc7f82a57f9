//! The trust center's guarantees, tried as an attacker would: script through heading
//! attributes, hidden ids through fields nobody listed, raw Markdown in exports and the search
//! index, and the leak gate that stops a build when anything still gets through.

use crate::harness::{Fixture, build, check, check_fails, small_portal, snapshot, stderr};

/// The small portal with one internal risk and one confidential document, mentioned from
/// every kind of public text.
fn hostile_portal() -> Fixture {
    let f = small_portal();
    let config = std::fs::read_to_string(f.root().join("portal.yaml")).unwrap();
    f.write(
        "portal.yaml",
        &config.replace(
            "organization: Fixture Ltd",
            "organization: Fixture Ltd, see [[RSK-HIDDEN]]\ndescription: Our [[ops/zephyr-runbook]]",
        ),
    )
    .write(
        "content/policies/one.md",
        "---\nid: POL-1\ntitle: Governance Policy\nowner: CISO\nstatus: approved\nlast_review: 2026-10-01\nreview_interval: annual\ncontrols: [mini:M.1.1]\nvisibility: public\n---\n## What changed {tabindex=0 autofocus onfocus=alert(1) style=\"color:red\" .note #changes}\n\nText.\n",
    )
    .write(
        "content/policies/secret.md",
        "---\nid: POL-SECRET\ntitle: Merger Contingency Plan\nowner: CEO\nstatus: approved\nlast_review: 2026-10-01\nreview_interval: annual\nvisibility: confidential\n---\nHidden.\n",
    )
    .write(
        "content/policies/listed.md",
        "---\nid: POL-LISTED\ntitle: Pen-test summary for [[RSK-HIDDEN]]\nowner: CISO\nstatus: approved\nlast_review: 2026-10-01\nreview_interval: annual\nlisted: true\n---\nOn request.\n",
    )
    .write(
        "content/pages/ops/zephyr-runbook.md",
        "---\ntitle: Zephyr on-call runbook\n---\nInternal.\n",
    )
    .write(
        "content/pages/about.md",
        "---\ntitle: About us\nvisibility: public\ndescription: \"We track [[RSK-HIDDEN]]\"\ntags: [\"[[POL-SECRET]]\"]\n---\n# About us\n\nText.\n",
    )
    .write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    last_review: 2026-06-01\n    visibility: public\n    description: |\n      Scores applicants. <!-- internal: see RSK-HIDDEN --> Details in [the plan][p].\n\n      [p]: ../policies/secret.md \"Merger Contingency Plan\"\n    users:\n      - \"Recruiters, see [[RSK-HIDDEN]]\"\n    limitations: [\"Weak on [[POL-SECRET]]\"]\n    contest: Write to us ([[RSK-HIDDEN]])\n",
    )
    .write(
        "content/risks/r.yaml",
        "risks:\n  - id: RSK-1\n    title: Biased scores\n    system: SYS-1\n    category: user-harm\n    owner: ML Lead\n    likelihood: 4\n    impact: 5\n    treatment: mitigate\n    controls: [mini:M.1.1, mini:M.1.2]\n    residual: { likelihood: 2, impact: 4 }\n    last_review: 2026-09-01\n    visibility: public\n  - id: RSK-HIDDEN\n    title: Confidential exposure to a named customer\n    category: legal\n    owner: Counsel\n    likelihood: 3\n    impact: 4\n    treatment: transfer\n    last_review: 2026-09-01\n",
    )
    .write(
        "content/subprocessors.yaml",
        "subprocessors:\n  - name: Stratus\n    purpose: Hosting, see [[RSK-HIDDEN]]\n    data: [\"logs ([[POL-SECRET]])\"]\n    location: EU [[RSK-HIDDEN]]\n    since: 2024-01-01\n    visibility: public\n",
    )
    .write(
        "content/questionnaires/q.yaml",
        "questions:\n  - id: Q-ENC-01\n    topic: Encryption [[RSK-HIDDEN]]\n    question: Do you encrypt data at rest, as [[ops/zephyr-runbook]] says?\n    answer: Yes. <!-- ask Bob about RSK-HIDDEN --> See [[POL-1]] and [our plan](../policies/secret.md).\n    visibility: public\n",
    );
    f
}

/// The public build of a portal into `DIR/public`.
fn public(f: &Fixture) -> std::process::Output {
    let out = f.dir.path().join("public");
    build(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    )
}

fn all_text(dir: &std::path::Path) -> String {
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| format!("{path}\n{}\n", String::from_utf8_lossy(&bytes)))
        .collect()
}

#[test]
fn hidden_ids_in_fields_nobody_listed_never_reach_the_trust_center() {
    let f = hostile_portal();
    let output = public(&f);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = all_text(&f.dir.path().join("public"));
    for hidden in [
        "RSK-HIDDEN",
        "ops/zephyr-runbook",
        "zephyr-runbook.md",
        "POL-SECRET",
        "secret.md",
        "Merger Contingency Plan",
        "ask Bob",
        "onfocus",
        "autofocus",
        "tabindex=\"0\" autofocus",
        "color:red",
    ] {
        assert!(
            !text.contains(hidden),
            "`{hidden}` reached the trust center"
        );
    }
    // What the pages show instead: the hidden reference left out with the words that led to
    // it, in pages and exports alike, and never a stand-in word.
    let read =
        |file: &str| std::fs::read_to_string(f.dir.path().join("public").join(file)).unwrap();
    let subprocessors = read("subprocessors.html");
    assert!(
        subprocessors.contains("<th scope=\"row\">Stratus</th>\n    <td>Hosting</td>\n    <td>logs</td>\n    <td>EU</td>"),
        "{subprocessors}"
    );
    let csv = read("exports/subprocessors.csv");
    assert!(csv.contains("Stratus,Hosting,logs,EU,"), "{csv}");
    let answers = read("exports/questionnaire.csv");
    assert!(
        answers.contains("Yes. See Governance Policy.,Governance Policy\n"),
        "{answers}"
    );
    let documents = read("documents.html");
    assert!(documents.contains("Pen-test summary</h3>"), "{documents}");
    for (name, text) in [
        ("subprocessors.html", &subprocessors),
        ("subprocessors.csv", &csv),
        ("questionnaire.csv", &answers),
        ("documents.html", &documents),
    ] {
        assert!(!text.contains("restricted"), "{name}: {text}");
    }
    let policy = std::fs::read_to_string(f.dir.path().join("public/policies/POL-1.html")).unwrap();
    assert!(
        policy.contains("id=\"changes\"") && policy.contains("class=\"note\""),
        "{policy}"
    );
}

/// A field that is nothing but a hidden item's id is that item's public label, or empty, in
/// an entry where nothing else is a reference: the walks look for what the filter rewrites,
/// not only for `[[`. (They once passed over such an entry, and the leak gate refused the
/// build with E700.)
#[test]
fn a_field_that_is_only_a_hidden_id_is_its_label_in_an_entry_with_no_reference() {
    let f = hostile_portal();
    let source = |path: &str| std::fs::read_to_string(f.root().join(path)).unwrap();
    let secret = source("content/policies/secret.md");
    f.write(
        "content/policies/secret.md",
        &secret.replace(
            "visibility: confidential",
            "visibility: confidential\npublic_label: our merger plan (on request)",
        ),
    )
    .write(
        "content/policies/steward.md",
        "---\nid: POL-3\ntitle: Stewardship Policy\nowner: POL-SECRET\nstatus: approved\nlast_review: 2026-10-01\nreview_interval: annual\nvisibility: public\n---\nText.\n",
    )
    .write(
        "content/pages/contact.md",
        "---\ntitle: Contact\nvisibility: public\ndesk: RSK-HIDDEN\n---\n# Contact\n\nText.\n",
    );
    let subprocessors = source("content/subprocessors.yaml");
    f.write(
        "content/subprocessors.yaml",
        &format!(
            "{subprocessors}  - name: Nimbus\n    purpose: Mail\n    data: [names]\n    location: RSK-HIDDEN\n    since: 2024-01-01\n    visibility: public\n"
        ),
    );
    let output = public(&f);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = all_text(&f.dir.path().join("public"));
    for hidden in ["RSK-HIDDEN", "POL-SECRET", "Merger Contingency Plan"] {
        assert!(
            !text.contains(hidden),
            "`{hidden}` reached the trust center"
        );
    }
    let policy = std::fs::read_to_string(f.dir.path().join("public/policies/POL-3.html")).unwrap();
    assert!(policy.contains("our merger plan (on request)"), "{policy}");
}

#[test]
fn unknown_references_in_trust_center_texts_are_errors_at_their_place() {
    let f = hostile_portal();
    f.write(
        "content/subprocessors.yaml",
        "subprocessors:\n  - name: Stratus\n    purpose: Hosting\n    location: EU, see [[NOPE-404]]\n    since: 2024-01-01\n    visibility: public\n",
    );
    let err = check_fails(&f.root(), &[]);
    assert!(
        err.contains("error[E201]: unknown reference `[[NOPE-404]]`"),
        "{err}"
    );
    assert!(err.contains("content/subprocessors.yaml:4:"), "{err}");
}

#[test]
fn the_leak_gate_stops_a_build_that_would_print_a_hidden_id() {
    let f = hostile_portal();
    // A file published as it is, which no filter reads: the gate reads every output.
    f.write("static/notes.txt", "Ask about RSK-HIDDEN or secret.md\n");
    let before = f.dir.path().join("public");
    let output = public(&f);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("internal risk `RSK-HIDDEN`"), "{err}");
    assert!(err.contains("confidential document `POL-SECRET`"), "{err}");
    assert!(!before.exists(), "a leaking build must write nothing");
    // `check` runs the same gate without writing.
    let checked = check(&f.root(), &["--audience", "public"]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(stderr(&checked).contains("E700"), "{}", stderr(&checked));
}

#[test]
fn an_internal_id_written_in_a_url_is_found_by_the_gate() {
    let f = hostile_portal();
    f.write(
        "content/pages/links.md",
        "---\ntitle: Links\nvisibility: public\n---\n[ticket](<https://tracker.example/search?q=see RSK-HIDDEN>) and [m](mailto:sec@example.org?subject=About%20RSK-HIDDEN)\n",
    );
    let output = public(&f);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[E700]") && err.contains("pages/links.html"),
        "{err}"
    );
}

#[test]
fn raw_html_links_are_read_with_their_character_references() {
    let f = small_portal();
    f.write("content/pages/R&D.md", "# Research and development\n")
        .write(
            "content/pages/index.md",
            "# Home\n\n<p><a href=\"R&amp;D.md\">R&amp;D</a> <a href=\"&#106;avascript:alert(1)\">x</a></p>\n",
        );
    let output = check(&f.root(), &[]);
    let err = stderr(&output);
    assert!(!err.contains("E208"), "{err}");
    let built = build(&f.root(), &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let home = f.read("pages/index.html");
    assert!(
        home.contains("<a href=\"../pages/R-D.html\">R&amp;D</a>"),
        "{home}"
    );
    assert!(!home.to_lowercase().contains("avascript:"), "{home}");
}
