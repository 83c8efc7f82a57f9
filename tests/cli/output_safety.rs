//! Nothing lost: a failed build leaves the previous output exactly as it was, `--out` that
//! would overwrite sources or foreign files is refused, and nothing is written outside it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::TODAY;
use crate::harness::{Fixture, build, build_fails, check_fails, small_portal, snapshot, stderr};

/// Names in a directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn built() -> (Fixture, Vec<(String, Vec<u8>)>) {
    let f = small_portal();
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = snapshot(&f.out());
    (f, before)
}

#[test]
fn bad_content_leaves_the_previous_output_exactly() {
    let (f, before) = built();
    f.write(
        "content/risks/r.yaml",
        "risks:\n  - id: RSK-1\n    title: [\n",
    );
    build_fails(&f.root(), &[]);
    assert_eq!(snapshot(&f.out()), before);
    assert_eq!(names(&f.root()), ["content", "handbook", "portal.yaml"]);
}

#[test]
fn a_template_error_leaves_the_previous_output_exactly() {
    let (f, before) = built();
    f.write("templates/gaps.html", "<p>\n{{ nothing.here }}\n</p>\n");
    let err = build_fails(&f.root(), &[]);
    assert!(err.contains("error[E600]"), "{err}");
    assert!(err.contains("--> templates/gaps.html:2:4"), "{err}");
    assert!(err.contains("`nothing` is not defined"), "{err}");
    assert!(
        err.contains("help: the context of this template has:"),
        "{err}"
    );
    assert_eq!(snapshot(&f.out()), before);
}

#[test]
fn a_template_syntax_error_is_found_by_check_at_its_line() {
    let f = small_portal();
    f.write(
        "templates/risks/risk.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% for r in %}\n{% endblock content %}\n",
    );
    let err = check_fails(&f.root(), &[]);
    assert!(err.contains("--> templates/risks/risk.html:3:"), "{err}");
}

#[test]
fn a_write_failure_leaves_the_previous_output_and_no_staging() {
    let (f, before) = built();
    // A zip into a folder that does not exist: the last write of the build fails, after every
    // page was written into the staging directory.
    let zip = f.dir.path().join("no-such-folder/site.zip");
    let out = build(&f.root(), &["--zip", zip.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("previous output is unchanged"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&f.out()), before);
    assert_eq!(names(&f.root()), ["content", "handbook", "portal.yaml"]);
}

#[test]
fn leftovers_of_a_killed_build_do_not_break_the_next_one_and_are_removed() {
    let (f, _) = built();
    // What a process killed mid-build leaves: a half-written staging directory.
    let stale = f.root().join(".handbook.tracemark-staging-4194305");
    std::fs::create_dir_all(stale.join("risks")).unwrap();
    std::fs::write(stale.join(".tracemark"), "x").unwrap();
    std::fs::write(stale.join("risks/index.html"), "half").unwrap();
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists(), "stale staging directory removed");
    assert_eq!(names(&f.root()), ["content", "handbook", "portal.yaml"]);
}

#[test]
fn an_output_parked_by_a_build_killed_mid_swap_comes_back_even_if_the_next_build_fails() {
    let (f, before) = built();
    let parked = f.root().join(".handbook.tracemark-old-4194305");
    std::fs::rename(f.out(), &parked).unwrap();
    f.write("content/risks/r.yaml", "risks: [\n");
    build_fails(&f.root(), &[]);
    assert_eq!(snapshot(&f.out()), before);
    assert!(!parked.exists());
}

#[test]
fn a_killed_build_leaves_either_the_old_or_the_new_output_whole() {
    let (f, before) = built();
    // Change the content so that a finished build differs from the previous one.
    f.write(
        "content/pages/extra.md",
        "---\ntitle: Extra page\n---\nNew.\n",
    );
    for delay_ms in [5, 60, 250] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tracemark"))
            .args(["build", "--root", f.root().to_str().unwrap()])
            .args(["--today", TODAY])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&f.out());
        let complete = now.iter().any(|(p, _)| p == "pages/extra.html");
        assert!(
            now == before || complete,
            "after a kill at {delay_ms} ms the output is neither the old one nor complete"
        );
    }
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(names(&f.root()), ["content", "handbook", "portal.yaml"]);
}

#[test]
fn refuses_every_unsafe_out() {
    let f = small_portal();
    let root = f.root();
    let foreign = f.dir.path().join("docs");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let sources = f.dir.path().join("other-portal");
    std::fs::create_dir_all(sources.join("content")).unwrap();
    let a_file = f.dir.path().join("file.txt");
    std::fs::write(&a_file, "x").unwrap();
    for (out, why) in [
        (root.clone(), "is the portal root or contains it"),
        (
            f.dir.path().to_path_buf(),
            "is the portal root or contains it",
        ),
        (root.join("content"), "inside the portal's `content`"),
        (root.join("content/public"), "inside the portal's `content`"),
        (root.join("templates"), "inside the portal's `templates`"),
        (sources.clone(), "holds a portal's sources"),
        (foreign.clone(), "no `.tracemark` marker"),
        (a_file.clone(), "is a file"),
    ] {
        let out = build(&root, &["--out", out.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{why}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{why}: {}", stderr(&out));
    }
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(names(&root), ["content", "portal.yaml"]);
    assert_eq!(names(&sources), ["content"]);
    assert_eq!(std::fs::read_to_string(&a_file).unwrap(), "x");
}

#[test]
fn writes_nothing_outside_out() {
    let f = small_portal();
    let parent = f.dir.path().join("site");
    std::fs::create_dir_all(&parent).unwrap();
    let out_dir = parent.join("portal-out");
    let out = build(&f.root(), &["--out", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(names(&parent), ["portal-out"]);
    assert_eq!(names(f.dir.path()), ["portal", "site"]);
    assert_eq!(names(&f.root()), ["content", "portal.yaml"]);
    // A rebuild into a directory we wrote is fine.
    let again = build(&f.root(), &["--out", out_dir.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(names(&parent), ["portal-out"]);
}
