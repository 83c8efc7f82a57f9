//! What `build` would fail on or give away through its output names: folder depth, names too
//! long for a disk or an unzip on Windows, names one disk reads as one file, and URLs that
//! would show a hidden page exists. `check` must report each at its source file.

mod common;

use common::{build, small_portal, stderr};

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
    // Every folder on the way is open in the sidebar, and the page is marked current.
    assert_eq!(html.matches("<details open>").count(), 40, "{html}");
    assert_eq!(html.matches("</details>").count(), 40);
    assert_eq!(html.matches("<ul class=\"nav-tree\">").count(), 41);
    assert!(
        html.contains(r#"aria-current="page">Forty deep</a>"#),
        "{html}"
    );
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
    assert!(f.read("pages/about-us.html").contains("About us"));
    assert!(f.read("pages/about-us-2.html").contains("Hidden plans"));
}
