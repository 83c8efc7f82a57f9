//! Customer wording for what the public edition does not show: a hidden reference reads as its
//! `public_label:` or is left out with its separator, determiner or sentence (warned W380-W382
//! at its file and line); sections with nothing to show are left out; per-audience blocks in
//! Markdown (E380-E382).

use std::path::Path;

use crate::harness::{
    Fixture, assert_diagnostic, build_ok, check_json, example_root, read_page, small_portal,
    visible_text,
};

/// A policy file with the given front matter lines and body.
fn policy(id: &str, title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nkind: policy\nowner: CISO\nstatus: approved\n{extra}---\n{body}"
    )
}

/// The small portal with two internal policies (one with a public label) cited from a public
/// page and a public questionnaire answer in lists, after determiners and inside sentences.
fn wording_portal() -> Fixture {
    let f = small_portal();
    f.write(
        "content/policies/p.md",
        &policy("POL-P", "Public Policy", "visibility: public\n", "Text.\n"),
    );
    f.write(
        "content/policies/q.md",
        &policy("POL-Q", "Second Policy", "visibility: public\n", "Text.\n"),
    );
    f.write(
        "content/policies/hidden.md",
        &policy(
            "POL-H",
            "Secret Handbook",
            "visibility: internal\n",
            "Text.\n",
        ),
    );
    f.write(
        "content/policies/labelled.md",
        &policy(
            "POL-L",
            "Internal Key Standard",
            "visibility: internal\npublic_label: key management standard\n",
            "Text.\n",
        ),
    );
    f.write(
        "content/pages/notes.md",
        "---\ntitle: Notes\nvisibility: public\n---\n\
         We follow [[POL-P]], [[POL-H]] and [[POL-Q]].\n\
         \n\
         See also the [[POL-H]] and our [[POL-H]]. Keys follow our [[POL-L]].\n\
         \n\
         Tested every year ([[mini:M.1.1]], [[POL-H]]). Reviewed ([[POL-H]]).\n",
    );
    f.write(
        "content/questionnaires/q.yaml",
        "questions:\n  - id: Q-1\n    topic: Access\n    question: Do you review access?\n    answer: |\n      Yes, every quarter ([[mini:M.1.1]], [[POL-H]]). Details are in our\n      [[POL-H]], available on request. Keys: see our [[POL-L]].\n    visibility: public\n",
    );
    f
}

/// The text a reader sees on a page, on one line, without the spaces that links leave.
fn words(html: &str) -> String {
    visible_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace("( ", "(")
        .replace(" )", ")")
}

fn public_build(f: &Fixture) -> std::path::PathBuf {
    let out = f.out();
    build_ok(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    out
}

/// Every text file of a build, with the place of each "restricted" it holds as a stand-in.
fn placeholders(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walk(out) {
        let name = entry.to_string_lossy().to_string();
        if !(name.ends_with(".html") || name.ends_with(".csv") || name.ends_with(".json")) {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let shown = if name.ends_with(".html") {
            visible_text(&text)
        } else {
            text.clone()
        };
        if name.ends_with(".html") && has_empty_section(&text) {
            found.push(format!("{name}: a section with nothing but its heading"));
        }
        for needle in [
            "class=\"restricted\"",
            ">restricted<",
            "; restricted",
            ",restricted",
            "\"restricted\"\n",
            " restricted)",
            "(restricted",
        ] {
            if text.contains(needle) || shown.contains(needle) {
                found.push(format!("{name}: {needle}"));
            }
        }
    }
    found
}

/// Whether `html` holds a section with a heading and nothing else, or an empty heading.
fn has_empty_section(html: &str) -> bool {
    let squeezed: String = html.split_whitespace().collect::<Vec<_>>().join(" ");
    squeezed.split("<section").skip(1).any(|rest| {
        let Some(after_heading) = rest.find("</h2>").map(|i| &rest[i + 5..]) else {
            return false;
        };
        after_heading.trim_start().starts_with("</section>")
    }) || squeezed.split("<h").skip(1).any(|rest| {
        // `<h3 id="x"></h3>`: a heading with no words of its own.
        rest.starts_with(|c: char| c.is_ascii_digit())
            && rest
                .find('>')
                .is_some_and(|i| rest[i + 1..].trim_start().starts_with("</h"))
    })
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn hidden_references_read_as_labels_or_leave_their_words_out() {
    let f = wording_portal();
    let out = public_build(&f);
    let notes = words(&read_page(&out, "pages/notes.html"));
    assert!(
        notes.contains("We follow Public Policy and Second Policy."),
        "{notes}"
    );
    assert!(!notes.contains("See also"), "{notes}");
    assert!(
        notes.contains("Keys follow our key management standard."),
        "{notes}"
    );
    assert!(
        notes.contains("Tested every year (M.1.1 Policy)."),
        "{notes}"
    );
    assert!(notes.contains("Reviewed."), "{notes}");
    for gone in ["Secret Handbook", "POL-H", "restricted", "()"] {
        assert!(!notes.contains(gone), "{gone} in {notes}");
    }
    let faq = words(&read_page(&out, "faq.html"));
    assert!(faq.contains("Yes, every quarter (M.1.1 Policy)."), "{faq}");
    assert!(!faq.contains("Details are in"), "{faq}");
    assert!(
        faq.contains("Keys: see our key management standard."),
        "{faq}"
    );
    let csv = std::fs::read_to_string(out.join("exports/questionnaire.csv")).unwrap();
    assert!(
        !csv.contains("restricted") && !csv.contains("POL-H"),
        "{csv}"
    );
    assert!(
        csv.contains("Keys: see our key management standard."),
        "{csv}"
    );
    assert_eq!(placeholders(&out), Vec::<String>::new());
}

#[test]
fn each_lost_reference_is_a_warning_at_its_line_in_the_public_build_only() {
    let f = wording_portal();
    let (code, diags) = check_json(&f.root(), &["--audience", "public"]);
    assert_eq!(code, Some(0), "{diags:#?}");
    let text = format!("{diags:#?}");
    // Lines: the page's body starts on line 5; the answer's block on line 6 of q.yaml.
    assert_diagnostic(&diags, &text, "W380", ("content/pages/notes.md", 5, None));
    assert_diagnostic(&diags, &text, "W381", ("content/pages/notes.md", 7, None));
    assert_diagnostic(&diags, &text, "W380", ("content/pages/notes.md", 9, None));
    assert_diagnostic(
        &diags,
        &text,
        "W380",
        ("content/questionnaires/q.yaml", 6, None),
    );
    assert_diagnostic(
        &diags,
        &text,
        "W381",
        ("content/questionnaires/q.yaml", 7, None),
    );
    let w381: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == "W381").collect();
    assert!(
        w381.iter()
            .any(|d| d["message"].as_str().unwrap().contains("`POL-H`")
                && d["help"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("public_label")),
        "{w381:#?}"
    );
    // A labelled item loses nothing: no warning names it.
    assert!(
        diags
            .iter()
            .filter(|d| d["code"].as_str().unwrap().starts_with("W38"))
            .all(|d| !d["message"].as_str().unwrap().contains("`POL-L`")),
        "{text}"
    );
    let (_, internal) = check_json(&f.root(), &["--audience", "internal"]);
    assert!(
        internal
            .iter()
            .all(|d| !d["code"].as_str().unwrap().starts_with("W38")),
        "{internal:#?}"
    );
}

#[test]
fn audience_blocks_give_each_edition_its_own_text() {
    let f = small_portal();
    f.write(
        "content/pages/about.md",
        "---\ntitle: About\nvisibility: public\n---\nIntro.\n\n<!-- audience: public -->\nPublic (this one)\n<!-- /audience -->\n<!-- audience: internal, auditor -->\nStaff edition text\n<!-- /audience -->\n",
    );
    let public = public_build(&f);
    let page = visible_text(&read_page(&public, "pages/about.html"));
    assert!(
        page.contains("Public (this one)") && !page.contains("Staff edition"),
        "{page}"
    );
    let internal = f.root().join("out-internal");
    build_ok(
        &f.root(),
        &[
            "--audience",
            "internal",
            "--out",
            internal.to_str().unwrap(),
        ],
    );
    let page = visible_text(&read_page(&internal, "pages/about.html"));
    assert!(
        page.contains("Staff edition text") && !page.contains("this one"),
        "{page}"
    );
}

#[test]
fn broken_audience_blocks_are_errors_at_their_line() {
    let f = small_portal();
    f.write(
        "content/pages/bad.md",
        "---\ntitle: Bad\n---\nText.\n<!-- audience: publc -->\nA\n<!-- /audience -->\n<!-- /audience -->\n<!-- audience: internal -->\nB\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1));
    let text = format!("{diags:#?}");
    assert_diagnostic(&diags, &text, "E381", ("content/pages/bad.md", 5, None));
    assert!(text.contains("did you mean `public`"), "{text}");
    assert_diagnostic(&diags, &text, "E382", ("content/pages/bad.md", 8, None));
    assert_diagnostic(&diags, &text, "E380", ("content/pages/bad.md", 9, None));
}

#[test]
fn the_example_public_edition_has_no_placeholder_and_no_empty_section() {
    let f = Fixture::new();
    let out = f.out();
    build_ok(
        &example_root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert_eq!(placeholders(&out), Vec::<String>::new());
    let control = read_page(&out, "frameworks/soc2/CC7.1.html");
    let shown = visible_text(&control);
    assert!(
        !shown.contains(" of 1 policies shown") && !shown.contains("0 of "),
        "{shown}"
    );
    // One line on the page says so (the header's "Request access" button aside).
    assert_eq!(
        control.matches("class=\"on-request\"").count(),
        1,
        "{shown}"
    );
    let system = visible_text(&read_page(&out, "systems/SYS-CHAT.html"));
    assert!(!system.contains("risks shown"), "{system}");
    let about = visible_text(&read_page(&out, "pages/about.html"));
    assert!(
        about.contains("Public (this one)") && !about.contains("dashboard"),
        "{about}"
    );
    let answers = std::fs::read_to_string(out.join("exports/questionnaire.csv")).unwrap();
    assert!(!answers.contains("Details are in our ,"), "{answers}");
    assert!(
        answers.contains("Details are in our access control standard, available on request."),
        "{answers}"
    );
}

#[test]
fn the_empty_section_finder_finds_what_it_looks_for() {
    assert!(has_empty_section(
        "<section class=\"section\"><h2 id=\"systems\">AI systems covered</h2>\n</section>"
    ));
    assert!(has_empty_section("<h3 id=\"section\"> </h3>"));
    assert!(!has_empty_section(
        "<section><h2>Risks</h2><ul class=\"refs\"><li>R</li></ul></section><h3 id=\"a\">About</h3>"
    ));
}

#[test]
fn internal_registers_say_how_many_entries_the_edition_leaves_out() {
    let f = Fixture::new();
    let out = f.out();
    build_ok(&example_root(), &["--out", out.to_str().unwrap()]);
    // The truth rule: a register is never taken for all there are.
    let policies = visible_text(&read_page(&out, "policies/index.html"));
    assert!(
        policies.contains("16 of 17 documents shown; the other one is not in this edition."),
        "{policies}"
    );
    let evidence = visible_text(&read_page(&out, "evidence/index.html"));
    assert!(
        evidence.contains("19 of 21 evidence records shown; the other 2 are not in this edition."),
        "{evidence}"
    );
}
