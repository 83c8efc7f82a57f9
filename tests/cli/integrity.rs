//! Output integrity: no output replaces another, no symlink leaves its folder, packages cannot
//! be forged unnoticed, signatures verify with `ssh-keygen`, audiences never share an output.

mod auditor_package;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::harness::TODAY;
use crate::harness::{
    Fixture, build, build_auditor, build_fails, check, check_fails, small_portal, stderr, tracemark,
};

/// `check` and `build` both fail with exit 1 and every expected text in their diagnostics.
fn both_report(f: &Fixture, extra: &[&str], expected: &[&str]) {
    let checked = check(&f.root(), extra);
    let built = build(&f.root(), extra);
    for (what, out) in [("check", &checked), ("build", &built)] {
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(out));
        for text in expected {
            assert!(
                stderr(out).contains(text),
                "{what}: no `{text}` in\n{}",
                stderr(out)
            );
        }
        assert!(!stderr(out).contains("internal error"), "{}", stderr(out));
    }
}

#[test]
fn a_static_file_never_replaces_a_generated_one() {
    let f = small_portal();
    f.write("static/search/index.js", "forged")
        .write("static/Policies/POL-1.html", "forged")
        .write("static/evidence/files/fairness.csv", "forged");
    both_report(
        &f,
        &["--audience", "auditor"],
        &[
            "error[E005]",
            "`static/search/index.js` would replace the generated `search/index.js`",
            "`static/Policies/POL-1.html` differs only in letter case from the generated `policies/POL-1.html`",
            "`static/evidence/files/fairness.csv` would replace `evidence/files/fairness.csv`, the artifact of evidence `EV-1`",
            "--> static/search/index.js",
        ],
    );
    // Overriding a built-in asset at its own path stays allowed.
    let g = small_portal();
    g.write("static/assets/search.js", "// mine\n");
    assert!(build(&g.root(), &[]).status.success());
}

#[test]
fn colliding_artifacts_and_file_names_are_found_by_check_at_their_lines() {
    let f = small_portal();
    f.write(
        "content/evidence/more.yaml",
        "evidence:\n  - id: EV-9\n    title: Same file\n    file: files/fairness.csv\n    collected: 2026-10-01\n  - id: EV-10\n    title: Case twin\n    file: files/Fairness.CSV\n    collected: 2026-10-01\n",
    )
    .write("content/evidence/files/Fairness.CSV", "x\n")
    .write(
        "content/frameworks/mini.yaml",
        "framework: { id: mini, name: Mini Framework, version: \"1\" }\ngroups:\n  - id: M.1\n    title: Governance\n    controls:\n      - { id: M.1.1, title: Policy }\n      - { id: M.1.2, title: Roles }\n      - { id: \"M 9\", title: Spaced }\n      - { id: M-9, title: Dashed }\n  - id: M.2\n    title: Operations\n    controls:\n      - { id: M.2.1, title: Monitoring }\n",
    );
    both_report(
        &f,
        &[],
        &[
            "evidence `EV-9` (content/evidence/more.yaml:4)",
            "--> content/evidence/more.yaml:4",
            "--> content/evidence/more.yaml:8",
            "differs only in letter case",
            "`frameworks/mini/M-9.html`",
        ],
    );
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_their_folder_are_one_error_each_and_are_not_walked() {
    let f = small_portal();
    std::os::unix::fs::symlink("/usr", f.root().join("content/policies/usr")).unwrap();
    std::fs::create_dir_all(f.root().join("static")).unwrap();
    std::os::unix::fs::symlink(
        f.root().join("content/policies/one.md"),
        f.root().join("static/leak.md"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = check(&f.root(), &[]);
    assert!(started.elapsed().as_secs() < 20, "walked /usr");
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("error[E003]").count(), 2, "{text}");
    assert!(text.contains("`content/policies/usr` is a symlink that leaves `content/`"));
    assert!(text.contains("`static/leak.md` is a symlink that leaves `static/`"));
    assert!(
        text.len() < 5_000,
        "one error each, not one per file: {text}"
    );
}

#[cfg(unix)]
#[test]
fn a_source_folder_that_is_a_symlink_out_of_the_root_is_refused() {
    let f = small_portal();
    let elsewhere = f.dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("secret.css"), "x").unwrap();
    std::os::unix::fs::symlink(&elsewhere, f.root().join("static")).unwrap();
    let err = check_fails(&f.root(), &[]);
    assert!(
        err.contains("`static` is a symlink that leaves the portal"),
        "{err}"
    );
    let config = f.dir.path().join("elsewhere/portal.yaml");
    std::fs::rename(f.root().join("portal.yaml"), &config).unwrap();
    std::os::unix::fs::symlink(&config, f.root().join("portal.yaml")).unwrap();
    let err = check_fails(&f.root(), &[]);
    assert!(
        err.contains("`portal.yaml` is a symlink that leaves the portal"),
        "{err}"
    );
}

#[test]
fn a_zip_never_overwrites_a_file_tracemark_did_not_write() {
    let f = small_portal();
    let config = f.root().join("portal.yaml");
    let before = std::fs::read(&config).unwrap();
    for target in [config.clone(), f.root().join("content/policies/one.md")] {
        let out = build(&f.root(), &["--zip", target.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("refusing to write the zip"));
    }
    assert_eq!(std::fs::read(&config).unwrap(), before);
    let notes = f.dir.path().join("notes.txt");
    std::fs::write(&notes, "mine").unwrap();
    assert_eq!(
        build(&f.root(), &["--zip", notes.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "mine");
    // A zip Tracemark wrote may be replaced, also under the root.
    let zip = f.root().join("site.zip");
    for _ in 0..2 {
        let out = build(&f.root(), &["--zip", zip.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn zip_entries_are_safe_under_one_folder_without_the_marker() {
    let f = small_portal();
    f.write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n    title: Odd names\n    file: \"files/..\\\\..\\\\evil.txt\"\n    collected: 2026-10-01\n  - id: EV-2\n    title: Report\n    file: \"files/Q3 report #2 (100%).txt\"\n    collected: 2026-10-01\n",
    )
    .write("content/evidence/files/..\\..\\evil.txt", "evil\n")
    .write("content/evidence/files/Q3 report #2 (100%).txt", "q3\n");
    let out = f.dir.path().join("pkg");
    let zip = f.dir.path().join("pkg.zip");
    let built = build_auditor(&f.root(), &out, &["--zip", zip.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    for name in &names {
        assert!(name.starts_with("auditor-package/"), "{name}");
        assert!(!name.contains('\\'), "{name}");
        assert!(
            name.split('/').all(|part| part != ".." && part != "."),
            "{name}"
        );
        assert!(!name.ends_with(".tracemark"), "{name}");
    }
    assert!(names.contains(&"auditor-package/evidence/files/..-..-evil.txt".to_string()));
    // The link to an artifact with `#`, `%` and spaces leads to the file, over HTTP and from disk.
    let page = std::fs::read_to_string(out.join("evidence/EV-2.html")).unwrap();
    let href = "../evidence/files/Q3%20report%20%232%20%28100%25%29.txt";
    assert!(page.contains(href), "{page}");
    assert!(out.join("evidence/files/Q3 report #2 (100%).txt").is_file());
}

#[test]
fn a_byte_order_mark_is_accepted_in_every_text_file() {
    let f = small_portal();
    for path in [
        "portal.yaml",
        "content/risks/r.yaml",
        "content/policies/two.md",
        "content/frameworks/mini.yaml",
    ] {
        let text = std::fs::read_to_string(f.root().join(path)).unwrap();
        f.write(path, &format!("\u{feff}{text}"));
    }
    let out = check(&f.root(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn the_output_keeps_its_mode_across_builds() {
    use std::os::unix::fs::PermissionsExt;
    let f = small_portal();
    assert!(build(&f.root(), &[]).status.success());
    std::fs::set_permissions(f.out(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(build(&f.root(), &[]).status.success());
    let mode = std::fs::metadata(f.out()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn outputs_never_mix_audiences() {
    let f = small_portal();
    let root = f.root();
    for (audience, folder) in [
        ("internal", "handbook"),
        ("public", "public"),
        ("auditor", "auditor-package"),
    ] {
        let out = build(&root, &["--audience", audience]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(root.join(folder).join("index.html").is_file(), "{audience}");
        let marker = std::fs::read_to_string(root.join(folder).join(".tracemark")).unwrap();
        assert!(
            marker.contains(&format!("audience: {audience}")),
            "{marker}"
        );
    }
    assert!(!root.join("public/evidence/files").exists());
    let public = root.join("public");
    let refused = build_auditor(&root, &public, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert!(!public.join("evidence/files").exists());
    let forced = build_auditor(&root, &public, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
}

fn auditor_package(f: &Fixture, extra: &[&str]) -> PathBuf {
    let out = f.dir.path().join("package");
    let built = build_auditor(&f.root(), &out, extra);
    assert!(built.status.success(), "{}", stderr(&built));
    out
}

fn verify(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["verify", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = tracemark(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Rewrites manifest.json's entries for `path` with the file's current hash and size, as a
/// forger would.
fn rehash(out: &Path, path: &str) {
    let manifest_path = out.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let (sha, size) = crate::harness::api::digest::hash_file(&out.join(path)).unwrap();
    for entry in manifest["files"].as_array_mut().unwrap() {
        if entry["path"] == path {
            entry["sha256"] = sha.clone().into();
            entry["size"] = size.into();
        }
    }
    std::fs::write(
        &manifest_path,
        serde_json::to_vec_pretty(&manifest).unwrap(),
    )
    .unwrap();
}

/// Rewrites SHA256SUMS from manifest.json's files and rehashes it, as a forger would.
fn rewrite_sums(out: &Path) {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let sums: String = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] != "SHA256SUMS")
        .map(|f| {
            format!(
                "{}  {}\n",
                f["sha256"].as_str().unwrap(),
                f["path"].as_str().unwrap()
            )
        })
        .collect();
    std::fs::write(out.join("SHA256SUMS"), sums).unwrap();
    rehash(out, "SHA256SUMS");
}

/// SHA256SUMS is listed in the manifest and must say what the manifest says: one edited
/// and rehashed into the manifest, or one the manifest does not list, fails `verify`.
#[test]
fn verify_catches_a_sha256sums_that_disagrees_with_the_manifest() {
    let f = small_portal();
    let out = auditor_package(&f, &[]);
    assert_eq!(verify(&out, &[]).0, Some(0));
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    // Drop the line of index.html, so `sha256sum -c` would no longer check it.
    let edited: String = sums
        .lines()
        .filter(|l| !l.ends_with("  index.html"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(edited, sums);
    std::fs::write(out.join("SHA256SUMS"), &edited).unwrap();
    let (code, report) = verify(&out, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("altered: SHA256SUMS"), "{report}");
    rehash(&out, "SHA256SUMS");
    let (code, report) = verify(&out, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("SHA256SUMS: line ") && report.contains("index.html"),
        "{report}"
    );
    // The same text with CRLF line ends is refused too (the manifest gives LF).
    rewrite_sums(&out);
    assert_eq!(verify(&out, &[]).0, Some(0));
    let crlf = std::fs::read_to_string(out.join("SHA256SUMS"))
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(out.join("SHA256SUMS"), crlf).unwrap();
    rehash(&out, "SHA256SUMS");
    let (code, report) = verify(&out, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("SHA256SUMS: "), "{report}");
}

#[test]
fn verify_catches_a_forged_artifact_rehashed_into_the_manifest() {
    let f = small_portal();
    let out = auditor_package(&f, &[]);
    assert_eq!(verify(&out, &[]).0, Some(0));
    std::fs::write(
        out.join("evidence/files/fairness.csv"),
        "group,rate\nall,1\n",
    )
    .unwrap();
    rehash(&out, "evidence/files/fairness.csv");
    let (code, report) = verify(&out, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("evidence: evidence/files/fairness.csv is not the artifact of EV-1"),
        "{report}"
    );
}

#[test]
fn verify_catches_edited_manifest_fields() {
    let f = small_portal();
    let out = auditor_package(&f, &[]);
    let path = out.join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace(TODAY, "2027-01-01")).unwrap();
    let (code, report) = verify(&out, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("manifest field: manifest.json says today `2027-01-01`"),
        "{report}"
    );
}

#[cfg(unix)]
#[test]
fn verify_reports_every_entry_that_is_not_a_listed_regular_file() {
    let f = small_portal();
    let out = auditor_package(&f, &[]);
    std::os::unix::fs::symlink("/etc/hostname", out.join("link.txt")).unwrap();
    std::os::unix::fs::symlink("/usr", out.join("folder")).unwrap();
    let fifo = Command::new("mkfifo").arg(out.join("pipe")).status();
    std::fs::write(out.join("extra.html"), "x").unwrap();
    let (code, report) = verify(&out, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("not a regular file: link.txt"), "{report}");
    assert!(report.contains("not a regular file: folder"), "{report}");
    if fifo.is_ok_and(|s| s.success()) {
        assert!(report.contains("not a regular file: pipe"), "{report}");
    }
    assert!(report.contains("added: extra.html"), "{report}");
}

/// Writes an unencrypted Ed25519 key with ssh-keygen; `None` (with the reason printed) where
/// ssh-keygen is not installed.
fn ssh_keygen(dir: &Path, passphrase: &str) -> Option<PathBuf> {
    let key = dir.join(format!("key{}", passphrase.len()));
    let status = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            passphrase,
            "-C",
            "ci@example.com",
            "-f",
        ])
        .arg(&key)
        .stdin(Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => Some(key),
        _ => {
            eprintln!(
                "skipped: ssh-keygen is not installed (the pure-Rust round trip in src/signature.rs still runs)"
            );
            None
        }
    }
}

#[test]
fn a_signed_package_verifies_with_ssh_keygen_and_with_tracemark() {
    let f = small_portal();
    let Some(key) = ssh_keygen(f.dir.path(), "") else {
        return;
    };
    let out = auditor_package(&f, &["--sign", key.to_str().unwrap()]);
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let signers = f.dir.path().join("allowed_signers");
    std::fs::write(&signers, format!("ci@example.com {public}")).unwrap();
    let keygen_verify = |dir: &Path| {
        Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f"])
            .arg(&signers)
            .args(["-I", "ci@example.com", "-n", "tracemark-manifest", "-s"])
            .arg(dir.join("manifest.json.sig"))
            .stdin(std::fs::File::open(dir.join("manifest.json")).unwrap())
            .output()
            .unwrap()
    };
    let accepted = keygen_verify(&out);
    assert!(accepted.status.success(), "{}", stderr(&accepted));
    let (code, report) = verify(&out, &["--allowed-signers", signers.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("signed by ci@example.com"), "{report}");

    // A forger who rewrites the manifest consistently is caught by the signature.
    std::fs::write(out.join("gaps.html"), "forged").unwrap();
    rehash(&out, "gaps.html");
    let (code, report) = verify(&out, &[]);
    assert_eq!(code, Some(1), "SHA256SUMS still has the old hash: {report}");
    assert!(report.contains("SHA256SUMS: line "), "{report}");
    rewrite_sums(&out);
    assert_eq!(
        verify(&out, &[]).0,
        Some(0),
        "without a signature this is undetectable"
    );
    assert!(!keygen_verify(&out).status.success());
    let (code, report) = verify(&out, &["--allowed-signers", signers.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("signature"), "{report}");
}

#[test]
fn an_encrypted_signing_key_is_a_clear_error() {
    let f = small_portal();
    let Some(key) = ssh_keygen(f.dir.path(), "secret passphrase") else {
        return;
    };
    let out = f.dir.path().join("package");
    let built = build_auditor(&f.root(), &out, &["--sign", key.to_str().unwrap()]);
    let err = stderr(&built);
    assert_eq!(built.status.code(), Some(2), "{err}");
    assert!(err.contains("encrypted with a passphrase"), "{err}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_signing_key_among_the_sources_is_refused() {
    let f = small_portal();
    let folder = f.root().join("static");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("key"), "any key").unwrap();
    let built = build(
        &f.root(),
        &[
            "--audience",
            "auditor",
            "--sign",
            folder.join("key").to_str().unwrap(),
        ],
    );
    assert_eq!(built.status.code(), Some(2), "{}", stderr(&built));
    assert!(
        stderr(&built).contains("must not lie in the portal's"),
        "{}",
        stderr(&built)
    );
    assert!(!f.root().join("auditor-package").exists());
}

#[test]
fn a_failed_first_build_says_nothing_was_written() {
    let f = small_portal();
    f.write("content/risks/r.yaml", "risks: [\n");
    let err = build_fails(&f.root(), &[]);
    assert!(err.contains("nothing was written to"), "{err}");
    assert!(!err.contains("previous output"), "{err}");
}
