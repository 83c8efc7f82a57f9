//! `tracemark serve` serves the portal on loopback and rebuilds when a source changes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::TODAY;
use crate::harness::{Fixture, small_portal, small_portal_risks};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(address: &str, path: &str) -> (u16, String) {
    let (status, _, body) = request(
        address,
        &format!("GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n"),
    );
    (status, body)
}

/// Sends a raw request; returns the status, the head and the body.
fn request(address: &str, raw: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    // Longer than the server's 10 s socket timeout: a test asserts how long others wait.
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (status, head.to_string(), body.to_string())
}

/// A running `serve` with its address, its temporary folder's parent (`TMPDIR`) and stderr.
struct Running {
    server: Server,
    address: String,
    tmp: PathBuf,
    lines: mpsc::Receiver<String>,
}

/// Starts `serve` on a free port with `TMPDIR` inside the fixture; waits for its address.
fn start(f: &Fixture, extra: &[&str]) -> Running {
    let tmp = f.dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .args(["serve", "--root", f.root().to_str().unwrap(), "--port", "0"])
        .args(["--today", TODAY])
        .args(extra)
        .env("TMPDIR", &tmp)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let address = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("serve prints its address");
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    Running {
        server,
        address,
        tmp,
        lines,
    }
}

/// The folders `serve` made in `tmp`.
fn folders(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn serves_on_loopback_and_rebuilds_on_change() {
    let f = small_portal();
    let run = start(&f, &[]);
    let address = run.address.clone();
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    let (status, body) = get(&address, "/index.html");
    assert_eq!(status, 200);
    assert!(body.contains("Fixture Portal") && body.contains("/__tracemark/livereload.js"));
    assert_eq!(get(&address, "/../../etc/passwd").0, 404);
    let (_, first) = get(&address, "/__tracemark/version");

    f.write(
        "content/pages/new.md",
        "---\ntitle: Freshly added page\n---\nHello\n",
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body) = get(&address, "/pages/new.html");
        if status == 200 && body.contains("Freshly added page") {
            break;
        }
        assert!(Instant::now() < deadline, "no rebuild within 30 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    // The version moves once the build has finished (after the new output is in place).
    let after = loop {
        let (_, after) = get(&address, "/__tracemark/version");
        if after != first {
            break after;
        }
        assert!(
            Instant::now() < deadline,
            "version never moved, so pages never reload"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    // A new page takes the full pass, which may still be writing on a loaded machine: wait
    // until the version holds still (a server that rebuilt endlessly never would), then make
    // sure the build's own reading of the sources does not trigger another build.
    let mut after = after;
    loop {
        std::thread::sleep(Duration::from_millis(1500));
        let now = get(&address, "/__tracemark/version").1;
        if now == after {
            break;
        }
        after = now;
        assert!(Instant::now() < deadline, "the version never settles");
    }
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(
        get(&address, "/__tracemark/version").1,
        after,
        "idle server keeps rebuilding"
    );
}

#[test]
fn answers_only_requests_naming_loopback_and_its_port() {
    let f = small_portal();
    let run = start(&f, &[]);
    let address = &run.address;
    let port = address.rsplit_once(':').unwrap().1;
    let with_host = |host: &str| {
        request(
            address,
            &format!("GET /index.html HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        )
    };
    assert_eq!(with_host(address).0, 200);
    assert_eq!(with_host(&format!("localhost:{port}")).0, 200);
    // DNS rebinding: another site's name resolving to 127.0.0.1.
    let (status, _, body) = with_host(&format!("attacker.example:{port}"));
    assert_eq!(status, 403);
    assert!(!body.contains("Fixture Portal"));
    assert_eq!(with_host("127.0.0.1:1").0, 403);
    assert_eq!(with_host("localhost").0, 403);
    assert_eq!(request(address, "GET /index.html HTTP/1.0\r\n\r\n").0, 403);
    assert_eq!(
        request(address, "GET /index.html HTTP/1.1\r\nHost: \r\n\r\n").0,
        403
    );
}

#[test]
fn evidence_artifacts_are_sandboxed_downloads() {
    let f = small_portal();
    f.write(
        "content/evidence/files/report.html",
        "<html><body><script>fetch('/exports/evidence.csv')</script></body></html>",
    );
    f.write(
        "content/evidence/more.yaml",
        "evidence:\n  - id: EV-9\n    title: Vendor report\n    file: files/report.html\n    collected: 2026-10-01\n    valid_for: 180d\n    controls: [mini:M.1.1]\n",
    );
    let run = start(&f, &["--audience", "auditor"]);
    let address = &run.address;
    let (status, head, body) = request(
        address,
        &format!("GET /evidence/files/report.html HTTP/1.1\r\nHost: {address}\r\n\r\n"),
    );
    assert_eq!(status, 200, "{head}");
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("\r\ncontent-disposition: attachment; filename=\"report.html\""),
        "{head}"
    );
    assert_sandboxed(&head);
    assert!(!head.contains("text/html"), "{head}");
    assert!(!body.contains("livereload"), "{body}");
    assert!(
        body.contains("<script>fetch("),
        "the artifact itself is unchanged"
    );
    // Portal pages still get the reload script.
    assert!(
        get(address, "/index.html")
            .1
            .contains("/__tracemark/livereload.js")
    );
}

#[test]
fn svg_beside_pages_is_sanitised_and_sandboxed_and_only_pages_get_the_script() {
    let f = small_portal();
    f.write(
        "content/pages/guide.md",
        "---\ntitle: Guide\n---\n# Guide\n\n![flow](diagrams/flow.svg)\n",
    )
    .write(
        "content/pages/diagrams/flow.svg",
        crate::harness::HOSTILE_SVG,
    )
    .write(
        "static/extra.html",
        "<html><body>operator's own</body></html>",
    );
    let run = start(&f, &[]);
    let address = &run.address;
    let (status, head, body) = request(
        address,
        &format!("GET /pages/diagrams/flow.svg HTTP/1.1\r\nHost: {address}\r\n\r\n"),
    );
    assert_eq!(status, 200, "{head}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("\r\ncontent-type: image/svg+xml"), "{head}");
    assert_sandboxed(&head);
    assert!(!body.contains("livereload"), "{body}");
    crate::harness::assert_svg_is_safe(&body);
    // HTML the portal did not generate is sent without the reload script; pages get it.
    let (status, extra) = get(address, "/extra.html");
    assert_eq!(status, 200);
    assert!(extra.contains("operator's own") && !extra.contains("livereload"));
    assert!(
        get(address, "/pages/guide.html")
            .1
            .contains("/__tracemark/livereload.js")
    );
}

#[test]
fn a_client_that_never_reads_does_not_block_others() {
    let f = small_portal();
    let big = vec![b'x'; 64 * 1024 * 1024];
    std::fs::create_dir_all(f.root().join("content/evidence/files")).unwrap();
    std::fs::write(f.root().join("content/evidence/files/big.bin"), &big).unwrap();
    f.write(
        "content/evidence/big.yaml",
        "evidence:\n  - id: EV-BIG\n    title: Big dump\n    file: files/big.bin\n    collected: 2026-10-01\n    valid_for: 180d\n    controls: [mini:M.1.1]\n",
    );
    let run = start(&f, &["--audience", "auditor"]);
    let address = &run.address;
    // Slow clients: some ask for 64 MB and never read; some never finish their request.
    let mut stalled = Vec::new();
    for i in 0..12 {
        let mut stream = TcpStream::connect(address).unwrap();
        if i % 2 == 0 {
            write!(
                stream,
                "GET /evidence/files/big.bin HTTP/1.1\r\nHost: {address}\r\n\r\n"
            )
            .unwrap();
        } else {
            write!(stream, "GET /index.html HTTP/1.1\r\nHo").unwrap();
        }
        stalled.push(stream);
    }
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    for _ in 0..5 {
        assert_eq!(get(address, "/index.html").0, 200);
    }
    // The server's socket timeout is 10 s: others wait at most about that, never forever.
    let took = started.elapsed();
    assert!(took < Duration::from_secs(25), "others waited {took:?}");
    drop(stalled);
}

#[cfg(unix)]
#[test]
fn the_temporary_build_is_private_and_removed_on_sigterm_and_ctrl_c() {
    use std::os::unix::fs::PermissionsExt;
    for signal in ["TERM", "INT"] {
        let f = small_portal();
        let mut run = start(&f, &[]);
        let made = folders(&run.tmp);
        assert_eq!(made.len(), 1, "{made:?}");
        let mode = std::fs::metadata(&made[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{mode:o}");
        assert!(made[0].join("site/index.html").is_file());
        let pid = run.server.0.id().to_string();
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        while run.server.0.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "SIG{signal} did not stop serve");
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            folders(&run.tmp).is_empty(),
            "SIG{signal} left {:?}",
            folders(&run.tmp)
        );
        drop(run.lines);
    }
}

#[test]
fn a_failed_rebuild_prints_errors_after_warnings() {
    let f = small_portal();
    let run = start(&f, &[]);
    f.write(
        "content/pages/broken.md",
        "---\ntitle: Broken\n---\nSee [[NOPE-1]].\n",
    );
    let seen = lines_until(&run, |l| l.starts_with("build failed"));
    let first_error = seen.iter().position(|l| l.starts_with("error[")).unwrap();
    let last_warning = seen
        .iter()
        .rposition(|l| l.starts_with("warning["))
        .unwrap();
    assert!(last_warning < first_error, "{seen:#?}");
}

/// Reads stderr lines until one satisfies `done`; returns every line read.
fn lines_until(run: &Running, done: impl Fn(&str) -> bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    loop {
        let line = run
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("waited in vain; stderr so far: {seen:#?}"));
        let finished = done(&line);
        seen.push(line);
        if finished {
            return seen;
        }
    }
}

/// The preview's output folder.
fn site(run: &Running) -> PathBuf {
    let made = folders(&run.tmp);
    assert_eq!(made.len(), 1, "{made:?}");
    made[0].join("site")
}

/// Every output file with its inode and modification time: a file written again (serve
/// writes beside and renames) gets a new inode.
#[cfg(unix)]
fn stamps(site: &Path) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    files(site)
        .map(|(relative, path)| {
            let meta = std::fs::metadata(path).unwrap();
            (relative, (meta.ino(), meta.modified().unwrap()))
        })
        .collect()
}

/// Every file under `site`: its path relative to `site`, and its full path.
fn files(site: &Path) -> impl Iterator<Item = (String, PathBuf)> + '_ {
    walkdir::WalkDir::new(site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(move |e| {
            let relative = e.path().strip_prefix(site).unwrap();
            (
                relative.to_string_lossy().into_owned(),
                e.path().to_path_buf(),
            )
        })
}

/// Files whose inode or time differ between two stamp sets, and files added or removed.
#[cfg(unix)]
fn touched(
    before: &std::collections::BTreeMap<String, (u64, std::time::SystemTime)>,
    after: &std::collections::BTreeMap<String, (u64, std::time::SystemTime)>,
) -> Vec<String> {
    let mut out: Vec<String> = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path.clone())
        .collect();
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    out.sort();
    out
}

/// The version a page's reload script sees.
fn page_version(address: &str, page: &str) -> String {
    get(address, &format!("/__tracemark/version?page={page}")).1
}

#[cfg(unix)]
#[test]
fn a_body_edit_rewrites_that_page_at_once_and_leaves_the_other_pages_alone() {
    let f = small_portal();
    let run = start(&f, &[]);
    let site = site(&run);
    let before = stamps(&site);
    let (one, two) = ("/policies/POL-1.html", "/policies/POL-2.html");
    let (one_seen, two_seen) = (
        page_version(&run.address, one),
        page_version(&run.address, two),
    );
    let policy = std::fs::read_to_string(f.root().join("content/policies/one.md")).unwrap();
    f.write(
        "content/policies/one.md",
        &policy.replace("## Scope\n", "## Scope\n\nFreshly edited paragraph.\n"),
    );
    let said = lines_until(&run, |l| l.starts_with("rebuilt"));
    assert!(
        said.iter().any(|l| l == "updated 1 page(s) at once"),
        "the page was not written before the full pass: {said:#?}"
    );
    assert!(
        get(&run.address, one)
            .1
            .contains("Freshly edited paragraph.")
    );
    // Only the page, the print view and the search index's files hold the body.
    let touched = touched(&before, &stamps(&site));
    let (index, pages): (Vec<_>, Vec<_>) = touched.iter().partition(|p| p.starts_with("search/"));
    assert_eq!(pages, ["policies/POL-1.html", "print.html"]);
    assert!(!index.is_empty(), "{touched:?}");
    // The long poll answers at once for the edited page; the other page's version stays.
    let waited = Instant::now();
    let moved = get(&run.address, &format!("{one}?page={one}&after={one_seen}"));
    assert_ne!(page_version(&run.address, one), one_seen, "{moved:?}");
    assert!(waited.elapsed() < Duration::from_secs(5));
    assert_eq!(page_version(&run.address, two), two_seen);
}

#[cfg(unix)]
#[test]
fn a_register_edit_rewrites_the_pages_that_show_it() {
    let f = small_portal();
    let run = start(&f, &[]);
    let site = site(&run);
    let before = stamps(&site);
    let old = contents(&site);
    let risks = std::fs::read_to_string(f.root().join("content/risks/r.yaml")).unwrap();
    f.write(
        "content/risks/r.yaml",
        &risks.replace("Biased scores", "Skewed ranking scores"),
    );
    lines_until(&run, |l| l.starts_with("rebuilt"));
    let touched = touched(&before, &stamps(&site));
    for page in [
        "risks/RSK-1.html",
        "systems/SYS-1.html",
        // It cites [[RSK-1]], shown by its title.
        "policies/POL-1.html",
    ] {
        assert!(touched.iter().any(|t| t == page), "{page}: {touched:#?}");
        let (_, body) = get(&run.address, &format!("/{page}"));
        assert!(body.contains("Skewed ranking scores"), "{page}");
    }
    // Exactly the files whose bytes changed were written again.
    let now = contents(&site);
    let differ: Vec<String> = now
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect();
    assert_eq!(touched, differ);
    assert!(touched.len() < now.len() / 2, "{touched:#?}");
}

/// Every output file's bytes.
fn contents(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files(site)
        .map(|(relative, path)| (relative, std::fs::read(path).unwrap()))
        .collect()
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_a_fix_recovers() {
    let f = small_portal();
    let run = start(&f, &[]);
    let page = "/policies/POL-1.html";
    let policy = std::fs::read_to_string(f.root().join("content/policies/one.md")).unwrap();
    f.write(
        "content/policies/one.md",
        &policy.replace("## Scope\n", "## Scope\n\nBrokenmarker cites [[NOPE-1]].\n"),
    );
    let said = lines_until(&run, |l| l.starts_with("build failed"));
    assert!(
        said.iter()
            .any(|l| l.starts_with("error[E201]") || l.contains("NOPE-1")),
        "{said:#?}"
    );
    // The page was shown at once, then put back when the full pass found the error.
    assert!(
        said.iter().any(|l| l == "updated 1 page(s) at once"),
        "{said:#?}"
    );
    let (status, body) = get(&run.address, page);
    assert_eq!(status, 200);
    assert!(!body.contains("Brokenmarker"), "the broken text stays out");
    assert!(body.contains("Governance Policy"));

    f.write(
        "content/policies/one.md",
        &policy.replace(
            "## Scope\n",
            "## Scope\n\nFixedmarker, no broken reference.\n",
        ),
    );
    lines_until(&run, |l| l.starts_with("rebuilt"));
    assert!(get(&run.address, page).1.contains("Fixedmarker"));
}

#[test]
fn a_page_body_edit_is_shown_at_once_and_a_removed_page_is_removed() {
    let f = small_portal();
    f.write(
        "content/pages/guide.md",
        "---\ntitle: Guide\n---\nFirst words.\n",
    );
    f.write("content/pages/old.md", "# Old page\n\nGoing away.\n");
    let run = start(&f, &[]);
    assert_eq!(get(&run.address, "/pages/old.html").0, 200);
    f.write(
        "content/pages/guide.md",
        "---\ntitle: Guide\n---\nFirst words, then more.\n",
    );
    let said = lines_until(&run, |l| l.starts_with("rebuilt"));
    assert!(
        said.iter().any(|l| l == "updated 1 page(s) at once"),
        "{said:#?}"
    );
    assert!(
        get(&run.address, "/pages/guide.html")
            .1
            .contains("then more")
    );

    std::fs::remove_file(f.root().join("content/pages/old.md")).unwrap();
    let said = lines_until(&run, |l| l.starts_with("rebuilt"));
    assert!(
        !said.iter().any(|l| l.contains("at once")),
        "a removed file needs the full pass: {said:#?}"
    );
    assert_eq!(get(&run.address, "/pages/old.html").0, 404);
    assert!(!site(&run).join("pages/old.html").exists());
}

/// A response a browser may not run as part of the portal: no sniffing, a sandboxed origin.
fn assert_sandboxed(head: &str) {
    assert!(
        head.contains("\r\nx-content-type-options: nosniff"),
        "{head}"
    );
    assert!(
        head.contains("\r\ncontent-security-policy: sandbox"),
        "{head}"
    );
}

/// The output tree without the build's own marker (a clean build writes it; the preview's
/// folder is never a build target).
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    crate::harness::snapshot(dir)
        .into_iter()
        .filter(|(path, _)| path != ".tracemark")
        .collect()
}

/// Asserts that the preview holds, byte for byte, what a clean build of the same sources
/// writes; `step` names the edit in the message.
fn assert_same_as_clean_build(f: &Fixture, site: &Path, step: &str, n: usize) {
    let out = f.dir.path().join(format!("clean-{n}"));
    crate::harness::build_ok(&f.root(), &["--out", out.to_str().unwrap()]);
    let (served, built) = (tree(site), tree(&out));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&served), names(&built), "{step}: other files");
    for ((path, a), (_, b)) in served.iter().zip(&built) {
        assert!(a == b, "{step}: {path} differs from a clean build");
    }
}

/// The differential test of the incremental preview: after each register edit (a rename, a
/// re-link to another control, a visibility change, an entry deleted, one added, a YAML error
/// then its fix) the output `serve` wrote equals a clean build of the same sources; the
/// broken step leaves the last good output untouched and shows its diagnostic.
#[test]
fn register_edits_leave_the_output_a_clean_build_writes() {
    use crate::harness::Risk;
    let f = small_portal();
    let run = start(&f, &[]);
    let site = site(&run);
    assert_same_as_clean_build(&f, &site, "first build", 0);
    let [first, second] = small_portal_risks();
    let renamed = Risk {
        title: "Skewed ranking scores",
        ..first
    };
    let linked = |controls, visibility| Risk {
        treatment: "mitigate",
        controls,
        visibility,
        ..second.clone()
    };
    let steps: Vec<(&str, Vec<Risk>)> = vec![
        (
            "rename",
            vec![renamed.clone(), linked(vec!["mini:M.1.1"], "")],
        ),
        (
            "re-link",
            vec![renamed.clone(), linked(vec!["mini:M.1.2"], "")],
        ),
        (
            "visibility",
            vec![renamed.clone(), linked(vec!["mini:M.1.2"], "confidential")],
        ),
        ("delete", vec![renamed.clone()]),
        (
            "add",
            vec![
                renamed.clone(),
                Risk {
                    id: "RSK-3",
                    title: "Vendor lock-in",
                    ..linked(vec!["mini:M.1.1"], "")
                },
            ],
        ),
    ];
    for (n, (step, risks)) in steps.into_iter().enumerate() {
        f.risks("r", &risks);
        lines_until(&run, |l| l.starts_with("rebuilt"));
        assert_same_as_clean_build(&f, &site, step, n + 1);
    }
    let good = tree(&site);
    let fixed = std::fs::read_to_string(f.root().join("content/risks/r.yaml")).unwrap();
    f.write(
        "content/risks/r.yaml",
        &fixed.replace("Vendor lock-in", "[Vendor lock-in"),
    );
    let said = lines_until(&run, |l| l.starts_with("build failed"));
    assert!(
        said.iter().any(|l| l.contains("content/risks/r.yaml")),
        "the error names its file: {said:#?}"
    );
    assert!(tree(&site) == good, "a broken edit changed the output");
    f.write(
        "content/risks/r.yaml",
        &fixed.replace("Vendor lock-in", "Vendor lock-in, fixed"),
    );
    lines_until(&run, |l| l.starts_with("rebuilt"));
    assert!(
        get(&run.address, "/risks/RSK-3.html")
            .1
            .contains("Vendor lock-in, fixed")
    );
    assert_same_as_clean_build(&f, &site, "fix", 9);
}

/// Waits for the preview to take in an edit; asserts that it wrote `pages` page(s) at once,
/// before its full pass.
fn assert_written_at_once(run: &Running, pages: usize) {
    let said = lines_until(run, |l| {
        l.starts_with("updated") || l.starts_with("rebuilt") || l.starts_with("build failed")
    });
    let expected = format!("updated {pages} page(s) at once");
    assert_eq!(said.last(), Some(&expected), "{said:#?}");
}

/// Waits for the full pass that follows an edit (ending as `ending`: "rebuilt" or "build
/// failed"); asserts that nothing was written at once before it.
fn assert_waited_for_the_full_pass(run: &Running, ending: &str, step: &str) {
    let said = lines_until(run, |l| {
        l.starts_with("rebuilt") || l.starts_with("build failed")
    });
    assert!(
        !said.iter().any(|l| l.contains("at once")),
        "{step}: written before the full pass: {said:#?}"
    );
    assert!(
        said.last().is_some_and(|l| l.starts_with(ending)),
        "{step}: {said:#?}"
    );
}

/// RSK-1 of the small portal with a new title, likelihood, description and controls.
fn first_risk<'a>(
    title: &'a str,
    likelihood: u32,
    description: &'a str,
    controls: Vec<&'a str>,
) -> crate::harness::Risk<'a> {
    let [first, _] = small_portal_risks();
    crate::harness::Risk {
        title,
        likelihood: Some(likelihood),
        description,
        controls,
        ..first
    }
}

/// The quick path of a register edit: a risk renamed, rescored and redescribed is written at
/// once, before the full pass, and its page is byte for byte the page a clean build of the
/// new sources writes (the full pass, which follows, would leave it as it is). An edit that
/// changes a risk's references needs the full pass and is not written at once.
#[test]
fn a_risk_edit_is_written_at_once_as_a_clean_build_writes_it() {
    let f = small_portal();
    let run = start(&f, &[]);
    let site = site(&run);
    let [_, other] = small_portal_risks();
    let both = vec!["mini:M.1.1", "mini:M.1.2"];
    let drift = "Scores drift *after* retraining.";
    f.risks(
        "r",
        &[
            first_risk("Skewed ranking scores", 3, drift, both.clone()),
            other.clone(),
        ],
    );
    assert_written_at_once(&run, 1);
    // Read before the full pass can have written anything: the page written at once.
    let quick = std::fs::read(site.join("risks/RSK-1.html")).unwrap();
    let out = f.dir.path().join("clean-quick");
    crate::harness::build_ok(&f.root(), &["--out", out.to_str().unwrap()]);
    let clean = std::fs::read(out.join("risks/RSK-1.html")).unwrap();
    assert!(
        quick == clean,
        "the page written at once differs from a clean build's"
    );
    let page = String::from_utf8(quick).unwrap();
    assert!(page.contains("Skewed ranking scores") && page.contains("<em>after</em>"));
    lines_until(&run, |l| l.starts_with("rebuilt"));
    assert_same_as_clean_build(&f, &site, "quick rename", 1);

    // Another control: the control pages list the risk, so only the full pass writes it.
    let one = vec!["mini:M.1.1"];
    f.risks(
        "r",
        &[
            first_risk("Skewed ranking scores", 3, drift, one.clone()),
            other.clone(),
        ],
    );
    assert_waited_for_the_full_pass(&run, "rebuilt", "re-link");
    assert_same_as_clean_build(&f, &site, "re-link", 2);

    // A mention added is an edge of the portal: the full pass alone. Once it is there, a
    // rename that keeps it is written at once again.
    let see = "Scores drift; see [[mini:M.1.2]].";
    let mentioning = |title| [first_risk(title, 3, see, one.clone()), other.clone()];
    f.risks("r", &mentioning("Skewed ranking scores"));
    assert_waited_for_the_full_pass(&run, "rebuilt", "mention added");
    f.risks("r", &mentioning("Skewed scores"));
    assert_written_at_once(&run, 1);
    lines_until(&run, |l| l.starts_with("rebuilt"));
    assert_same_as_clean_build(&f, &site, "rename with a mention", 3);
}

/// The edits the quick path must leave to the full pass, because a page written at once
/// would differ from a clean build's: each is checked to write nothing before the full pass,
/// which then leaves the output a clean build writes. Between them, a plain rename shows the
/// quick path is still taken on the same portal, so each refusal is the edit's own.
#[test]
fn risk_edits_a_page_written_at_once_would_get_wrong_wait_for_the_full_pass() {
    use crate::harness::{Risk, System};
    let f = small_portal();
    let run = start(&f, &[]);
    let site = site(&run);
    let [first, second] = small_portal_risks();
    let hidden = Risk {
        visibility: "confidential",
        ..second.clone()
    };
    let titled = |title| Risk {
        title,
        ..first.clone()
    };
    // RSK-2 hidden from the internal edition: the full pass.
    f.risks("r", &[titled("Biased scores"), hidden.clone()]);
    assert_waited_for_the_full_pass(&run, "rebuilt", "visibility");
    f.risks("r", &[titled("Skewed scores"), hidden.clone()]);
    assert_written_at_once(&run, 1);
    lines_until(&run, |l| l.starts_with("rebuilt"));

    // A plain field that is nothing but a hidden risk's id: the filter writes its label.
    let owned = Risk {
        owner: "RSK-2",
        ..titled("Skewed scores")
    };
    f.risks("r", &[owned, hidden.clone()]);
    assert_waited_for_the_full_pass(&run, "rebuilt", "hidden id in a plain field");
    assert_same_as_clean_build(&f, &site, "hidden id in a plain field", 1);

    // A mention of an entry the edition does not show, added before: a rename of the
    // mentioning risk waits, since the mention's label comes from the hidden entry.
    let mentioning = |title, other: &Risk<'static>| {
        [
            Risk {
                title,
                description: "Shares a cause with [[RSK-2]].",
                ..first.clone()
            },
            other.clone(),
        ]
    };
    f.risks("r", &mentioning("Skewed scores", &hidden));
    assert_waited_for_the_full_pass(&run, "rebuilt", "mention added");
    f.risks("r", &mentioning("Biased scores", &hidden));
    assert_waited_for_the_full_pass(&run, "rebuilt", "mention of a hidden risk");
    assert_same_as_clean_build(&f, &site, "mention of a hidden risk", 2);

    // A mention of a risk renamed in the same save: the link text changes with it.
    f.risks("r", &mentioning("Biased scores", &second));
    assert_waited_for_the_full_pass(&run, "rebuilt", "shown again");
    let renamed = Risk {
        title: "Exposure left untreated",
        ..second.clone()
    };
    f.risks("r", &mentioning("Skewed scores", &renamed));
    assert_waited_for_the_full_pass(&run, "rebuilt", "both renamed");
    assert_same_as_clean_build(&f, &site, "both renamed", 3);

    // A repeated id, every shown id still there: an error of the full pass, never a page.
    f.risks("r", &[titled("Biased scores"), second.clone()]);
    lines_until(&run, |l| l.starts_with("rebuilt"));
    f.risks(
        "r",
        &[
            titled("Biased scores"),
            second.clone(),
            titled("Skewed scores"),
        ],
    );
    assert_waited_for_the_full_pass(&run, "build failed", "repeated id");

    // A risk of a system the edition does not show: the view has no system to compare (and
    // its `system:` is a hidden item's id).
    f.risks("r", &[first.clone(), second.clone()]);
    lines_until(&run, |l| l.starts_with("rebuilt"));
    f.systems(
        "s",
        &[System {
            id: "SYS-1",
            name: "Scoring model",
            owner: "ML Lead",
            visibility: "confidential",
            last_review: "2026-06-01",
            ..System::default()
        }],
    );
    assert_waited_for_the_full_pass(&run, "rebuilt", "system hidden");
    f.risks("r", &[titled("Skewed scores"), second.clone()]);
    assert_waited_for_the_full_pass(&run, "rebuilt", "risk of a hidden system");
    assert_same_as_clean_build(&f, &site, "risk of a hidden system", 4);
}
