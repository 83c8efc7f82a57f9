//! What `build` would fail on or give away through its output names: folder depth, names too
//! long for a disk or an unzip on Windows, names one disk reads as one file, and URLs that
//! would show a hidden page exists. `check` must report each at its source file.

use crate::harness::{assert_page_contains, build, check, check_fails, small_portal, stderr};

/// `content/pages/f1/f2/.../fN/p.md`, relative to the root.
fn nested(depth: usize) -> String {
    let folders: Vec<String> = (1..=depth).map(|i| format!("f{i}")).collect();
    format!("content/pages/{}/p.md", folders.join("/"))
}

#[test]
fn pages_nested_twenty_and_forty_folders_deep_build() {
    let f = small_portal();
    f.write(&nested(20), "# Twenty deep\n")
        .write(&nested(40), "# Forty deep\n");
    let out = build(&f.root(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let deepest = nested(40).replace("content/", "").replace(".md", ".html");
    let html = f.read(&deepest);
    // The page loads the shared tree, and the breadcrumbs lead up through every folder.
    assert!(html.contains("assets/nav.js\"></script>"), "{html}");
    let crumbs = &html[html.find("class=\"breadcrumbs\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    for i in 1..=40 {
        assert!(crumbs.contains(&format!(">f{i}</a>")), "{crumbs}");
    }
    // The tree holds the way down, 40 folders deep, to the page.
    let script = f.read("assets/nav.js");
    let mut folder: serde_json::Value = serde_json::from_str(
        script
            .trim_end()
            .strip_prefix("window.tracemarkNav=")
            .and_then(|s| s.strip_suffix(';'))
            .unwrap(),
    )
    .unwrap();
    for i in 1..=40 {
        let next = folder["c"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["t"] == format!("f{i}"))
            .cloned()
            .unwrap_or_else(|| panic!("no f{i} in {folder}"));
        folder = next;
    }
    assert_eq!(folder["c"][0]["t"], "Forty deep");
}

#[test]
fn a_public_page_keeps_its_plain_slug_when_an_internal_page_shares_it() {
    let f = small_portal();
    // The internal page's name sorts first, so name order alone gave it the plain slug.
    f.write("content/pages/about us.md", "# Hidden plans\n")
        .write(
            "content/pages/about-us.md",
            "---\nvisibility: public\n---\n# About us\n",
        );
    let out = build(&f.root(), &["--audience", "public"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = f.root().join("public/pages");
    assert!(public.join("about-us.html").is_file());
    assert!(!public.join("about-us-2.html").exists());
    let internal = build(&f.root(), &[]);
    assert_eq!(internal.status.code(), Some(0), "{}", stderr(&internal));
    // The internal build has both; the public page has the same URL there.
    assert_page_contains(&f.out(), "pages/about-us.html", &["About us"]);
    assert_page_contains(&f.out(), "pages/about-us-2.html", &["Hidden plans"]);
}

#[test]
fn a_page_name_too_long_for_a_disk_is_an_error_in_check_and_build() {
    let f = small_portal();
    let name = "a".repeat(251);
    let source = format!("content/pages/{name}.md");
    f.write(&source, "# Long\n");
    for out in [check(&f.root(), &[]), build(&f.root(), &[])] {
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("error[E006]"), "{err}");
        assert!(err.contains(&format!("--> {source}")), "{err}");
        assert!(err.contains("256 bytes"), "{err}");
        assert!(!err.contains("too long (os error"), "{err}");
    }
    assert!(!f.out().exists(), "nothing was written");
}

#[test]
fn a_path_windows_cannot_unzip_is_a_warning_at_its_source() {
    let f = small_portal();
    let folder = "b".repeat(120);
    let source = format!("content/pages/{folder}/{folder}/deep.md");
    f.write(&source, "# Deep\n");
    let out = check(&f.root(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning[W006]"), "{err}");
    assert!(err.contains(&format!("--> {source}")), "{err}");
    let built = build(&f.root(), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(stderr(&built).contains("W006"));
}

const NFC: &str = "r\u{e9}sum\u{e9}";
const NFD: &str = "re\u{301}sume\u{301}";

#[test]
fn evidence_files_that_differ_only_in_unicode_normalisation_are_e005() {
    let f = small_portal();
    f.write(&format!("content/evidence/files/{NFC}.txt"), "one\n")
        .write(&format!("content/evidence/files/{NFD}.txt"), "two\n")
        .write(
            "content/evidence/cv.yaml",
            &format!("evidence:\n  - id: EV-CV1\n    title: CV one\n    file: files/{NFC}.txt\n    collected: 2026-10-01\n  - id: EV-CV2\n    title: CV two\n    file: files/{NFD}.txt\n    collected: 2026-10-01\n"),
        );
    let err = check_fails(&f.root(), &[]);
    assert!(err.contains("error[E005]"), "{err}");
    assert!(err.contains("Unicode normalisation"), "{err}");
    assert!(err.contains("--> content/evidence/cv.yaml:8"), "{err}");
}

#[test]
fn page_names_that_differ_only_in_normalisation_or_case_are_e005() {
    for (a, b, how) in [
        (NFC, NFD, "Unicode normalisation"),
        ("Team", "team", "letter case"),
    ] {
        let f = small_portal();
        f.write(&format!("content/pages/{a}.md"), "# One\n")
            .write(&format!("content/pages/{b}.md"), "# Two\n");
        for out in [check(&f.root(), &[]), build(&f.root(), &[])] {
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{err}");
            assert!(err.contains("error[E005]"), "{err}");
            assert!(err.contains(how), "{err}");
        }
    }
}
