//! Auditor packages verify wherever they travel: unzipped (signed or not), against hostile
//! packages (links, FIFOs, paths out of the package) at once, and with allowed_signers read
//! as `ssh-keygen -Y verify` reads them (cross-checked against it, under `TZ=UTC`).
//!
//! The property tests run a modest number of cases; a longer session:
//! `PROPTEST_CASES=100000 cargo test --release --test cli integrity::auditor_package`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::{auditor_package, ssh_keygen};
use crate::harness::TODAY;
use crate::harness::{Fixture, build, small_portal, stderr};

/// Runs `tracemark verify DIR extra...` under `TZ=UTC`, killed after 10 seconds: exit code
/// (`None` when it had to be killed), stdout, and how long it ran.
fn verify_timed(dir: &Path, extra: &[&str]) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .arg("verify")
        .arg(dir)
        .args(extra)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run tracemark");
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
    (code, out, started.elapsed())
}

/// Unzips `zip` into `into` with the `zip` crate, as an auditor's tool would.
fn unzip(zip: &Path, into: &Path) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    archive.extract(into).unwrap();
}

/// An Ed25519 key made with the `ssh-key` crate (no ssh-keygen needed): the private key file
/// and the allowed_signers file naming it for `ci@example.com`.
fn crate_key(dir: &Path) -> (PathBuf, PathBuf) {
    let private = ssh_key::PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[3; 32]));
    let key = dir.join("crate-key");
    std::fs::write(
        &key,
        private
            .to_openssh(ssh_key::LineEnding::LF)
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let signers = dir.join("crate-allowed_signers");
    std::fs::write(
        &signers,
        format!(
            "ci@example.com {}\n",
            private.public_key().to_openssh().unwrap()
        ),
    )
    .unwrap();
    (key, signers)
}

#[test]
fn an_unzipped_package_verifies_signed_or_not_and_the_zip_holds_what_the_manifest_lists() {
    let f = small_portal();
    let (key, signers) = crate_key(f.dir.path());
    let signers = signers.to_str().unwrap();
    for sign in [false, true] {
        let zip = f.dir.path().join(format!("pkg-{sign}.zip"));
        let mut extra = vec!["--zip", zip.to_str().unwrap()];
        if sign {
            extra.extend(["--sign", key.to_str().unwrap()]);
        }
        let out = auditor_package(&f, &extra);
        assert!(
            out.join(".tracemark").is_file(),
            "the output keeps its marker"
        );
        let unpacked = f.dir.path().join(format!("unzipped-{sign}"));
        unzip(&zip, &unpacked);
        let package = unpacked.join("auditor-package");
        assert!(!package.join(".tracemark").exists());

        // The zip holds the files the manifest lists (SHA256SUMS among them), plus the
        // manifest and the signatures.
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(package.join("manifest.json")).unwrap()).unwrap();
        let mut listed: Vec<String> = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect();
        listed.extend(["manifest.json".to_string()]);
        assert!(listed.iter().any(|p| p == "SHA256SUMS"), "{listed:?}");
        if sign {
            listed.push("manifest.json.sig".to_string());
            listed.push("SHA256SUMS.sig".to_string());
        }
        listed.sort();
        let archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
        let mut zipped: Vec<String> = archive
            .file_names()
            .map(|n| {
                n.unwrap()
                    .strip_prefix("auditor-package/")
                    .unwrap()
                    .to_string()
            })
            .collect();
        zipped.sort();
        assert_eq!(zipped, listed);
        assert!(!listed.iter().any(|p| p.ends_with(".tracemark")));

        for dir in [&package, &out] {
            let (code, report, _) = verify_timed(dir, &[]);
            assert_eq!(code, Some(0), "{}: {report}", dir.display());
            if sign {
                let (code, report, _) = verify_timed(dir, &["--allowed-signers", signers]);
                assert_eq!(code, Some(0), "{}: {report}", dir.display());
                assert!(report.contains("signed by ci@example.com"), "{report}");
            }
        }
    }
}

#[test]
fn an_unzipped_package_signed_with_an_ssh_keygen_key_verifies_with_both_tools() {
    let f = small_portal();
    let Some(key) = ssh_keygen(f.dir.path(), "") else {
        return;
    };
    let zip = f.dir.path().join("pkg.zip");
    auditor_package(
        &f,
        &[
            "--zip",
            zip.to_str().unwrap(),
            "--sign",
            key.to_str().unwrap(),
        ],
    );
    let unpacked = f.dir.path().join("unzipped");
    unzip(&zip, &unpacked);
    let package = unpacked.join("auditor-package");
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let signers = f.dir.path().join("allowed_signers");
    std::fs::write(&signers, format!("ci@example.com {public}")).unwrap();
    let keygen = keygen_verify(&package, &signers, "ci@example.com", None);
    assert!(keygen.0, "{}", keygen.1);
    let (code, report, _) =
        verify_timed(&package, &["--allowed-signers", signers.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("signed by ci@example.com"), "{report}");
}

/// `sha256sum -c SHA256SUMS` run in `dir`: passed, and what it said; `None` (with a message)
/// where `sha256sum` is not installed.
fn sha256sum_check(dir: &Path) -> Option<(bool, String)> {
    match Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) => Some((
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out),
        )),
        Err(_) => {
            eprintln!(
                "skipped: sha256sum is not installed (tracemark verify still checks SHA256SUMS)"
            );
            None
        }
    }
}

/// The chain an auditor checks without Tracemark: `ssh-keygen -Y verify` on `SHA256SUMS.sig`,
/// then `sha256sum -c SHA256SUMS`, which lists every file but the manifest, the signatures
/// and itself, in the manifest's order, and fails once a file is changed.
#[test]
fn sha256sum_and_ssh_keygen_alone_check_an_unzipped_signed_package() {
    let f = small_portal();
    let Some(key) = ssh_keygen(f.dir.path(), "") else {
        return;
    };
    let zip = f.dir.path().join("pkg.zip");
    auditor_package(
        &f,
        &[
            "--zip",
            zip.to_str().unwrap(),
            "--sign",
            key.to_str().unwrap(),
        ],
    );
    let unpacked = f.dir.path().join("unzipped");
    unzip(&zip, &unpacked);
    let package = unpacked.join("auditor-package");

    let sums = std::fs::read_to_string(package.join("SHA256SUMS")).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(package.join("manifest.json")).unwrap()).unwrap();
    let expected: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] != "SHA256SUMS")
        .map(|f| {
            format!(
                "{}  {}",
                f["sha256"].as_str().unwrap(),
                f["path"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(sums.lines().collect::<Vec<_>>(), expected);
    assert!(sums.ends_with('\n'));
    for own in [
        "manifest.json",
        "manifest.json.sig",
        "SHA256SUMS",
        "SHA256SUMS.sig",
    ] {
        assert!(
            !sums.lines().any(|l| l.ends_with(&format!("  {own}"))),
            "{own} listed in\n{sums}"
        );
    }
    assert!(
        sums.contains("  index.html\n") && sums.contains("  evidence/files/"),
        "{sums}"
    );

    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let signers = f.dir.path().join("allowed_signers");
    std::fs::write(&signers, format!("ci@example.com {public}")).unwrap();
    let keygen = keygen_verify_file(&package, "SHA256SUMS", &signers, "ci@example.com", None);
    assert!(keygen.0, "{}", keygen.1);
    let wrong = keygen_verify_file(&package, "SHA256SUMS", &signers, "other@example.com", None);
    assert!(!wrong.0, "another identity is refused: {}", wrong.1);

    let Some((passed, said)) = sha256sum_check(&package) else {
        return;
    };
    assert!(passed, "{said}");
    assert_eq!(said.matches(": OK").count(), expected.len(), "{said}");

    // `tracemark verify` with allowed signers checks SHA256SUMS.sig too: a signature of
    // something else, or none, fails.
    let signers = signers.to_str().unwrap();
    let (code, report, _) = verify_timed(&package, &["--allowed-signers", signers]);
    assert_eq!(code, Some(0), "{report}");
    let sums_sig = package.join("SHA256SUMS.sig");
    let saved = std::fs::read(&sums_sig).unwrap();
    std::fs::copy(package.join("manifest.json.sig"), &sums_sig).unwrap();
    let (code, report, _) = verify_timed(&package, &["--allowed-signers", signers]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("the signature of SHA256SUMS does not match it"),
        "{report}"
    );
    std::fs::remove_file(&sums_sig).unwrap();
    let (code, report, _) = verify_timed(&package, &["--allowed-signers", signers]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("SHA256SUMS is not signed"), "{report}");
    std::fs::write(&sums_sig, saved).unwrap();

    // A tampered file fails `sha256sum -c`, and `tracemark verify` as well.
    let page = package.join("index.html");
    let mut html = std::fs::read_to_string(&page).unwrap();
    html.push_str("<!-- edited -->");
    std::fs::write(&page, html).unwrap();
    let (passed, said) = sha256sum_check(&package).unwrap();
    assert!(!passed, "{said}");
    assert!(said.contains("index.html: FAILED"), "{said}");
    let (code, report, _) = verify_timed(&package, &[]);
    assert_eq!(code, Some(1), "{report}");
}

/// Copies a package folder (regular files and folders only).
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
fn link_to(target: &str, path: &Path) {
    let _ = std::fs::remove_file(path);
    std::os::unix::fs::symlink(target, path).unwrap();
}

/// Edits manifest.json as a forger would.
fn edit_manifest(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut manifest);
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
}

#[cfg(unix)]
#[test]
fn hostile_packages_fail_at_once_without_opening_what_is_not_a_regular_file_inside() {
    let f = small_portal();
    let (key, signers) = crate_key(f.dir.path());
    let original = auditor_package(&f, &["--sign", key.to_str().unwrap()]);
    let signers = signers.to_str().unwrap();
    let sha = {
        let text = std::fs::read_to_string(original.join("manifest.json")).unwrap();
        let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
        manifest["evidence"][0]["sha256"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // A page outside the package that states the artifact's hash, which a manifest might name.
    let outside = f.dir.path().join("outside.html");
    std::fs::write(&outside, format!("<p>{sha}</p>")).unwrap();
    let outside_abs = outside.to_str().unwrap().to_string();

    type Attack = Box<dyn Fn(&Path)>;
    let attacks: Vec<(&str, Attack, bool, &str)> = vec![
        (
            "manifest.json links to /dev/zero",
            Box::new(|d: &Path| link_to("/dev/zero", &d.join("manifest.json"))),
            false,
            "manifest.json: not a regular file (a symlink)",
        ),
        (
            "manifest.json is a FIFO",
            Box::new(|d: &Path| mkfifo(&d.join("manifest.json"))),
            false,
            "not a regular file (a FIFO)",
        ),
        (
            "manifest.json.sig links to /dev/zero",
            Box::new(|d: &Path| link_to("/dev/zero", &d.join("manifest.json.sig"))),
            true,
            "the package is not signed",
        ),
        (
            "manifest.json.sig is a FIFO",
            Box::new(|d: &Path| mkfifo(&d.join("manifest.json.sig"))),
            true,
            "not a regular file (a FIFO)",
        ),
        (
            "an evidence page is a FIFO",
            Box::new(|d: &Path| mkfifo(&d.join("evidence/EV-1.html"))),
            false,
            "not a regular file: evidence/EV-1.html",
        ),
        (
            "an evidence page links to /dev/zero",
            Box::new(|d: &Path| link_to("/dev/zero", &d.join("evidence/EV-1.html"))),
            false,
            "not a regular file: evidence/EV-1.html",
        ),
        (
            "an evidence page links to a page that states the hash",
            Box::new(move |d: &Path| link_to(&outside_abs, &d.join("evidence/EV-1.html"))),
            false,
            "evidence: evidence/EV-1.html does not state the SHA-256",
        ),
        (
            "manifest.json is a folder",
            Box::new(|d: &Path| {
                std::fs::remove_file(d.join("manifest.json")).unwrap();
                std::fs::create_dir(d.join("manifest.json")).unwrap();
            }),
            false,
            "manifest.json: not a regular file (a folder)",
        ),
        (
            "package-info.json is a FIFO",
            Box::new(|d: &Path| mkfifo(&d.join("package-info.json"))),
            false,
            "not a regular file: package-info.json",
        ),
        (
            "an evidence page grows to 64 GB (sparse)",
            Box::new(|d: &Path| {
                let page = std::fs::OpenOptions::new()
                    .write(true)
                    .open(d.join("evidence/EV-1.html"))
                    .unwrap();
                page.set_len(64 << 30).unwrap();
            }),
            false,
            "altered: evidence/EV-1.html",
        ),
        (
            "the manifest names a page with `..`",
            Box::new(|d: &Path| {
                edit_manifest(d, |m| {
                    m["evidence"][0]["page"] = "../../outside.html".into()
                })
            }),
            false,
            "unsafe path in manifest: ../../outside.html of evidence EV-1 (it climbs out with `..`)",
        ),
        (
            "the manifest names an absolute page",
            Box::new({
                let outside = outside.clone();
                move |d: &Path| {
                    let page = outside.to_str().unwrap().to_string();
                    edit_manifest(d, |m| m["evidence"][0]["page"] = page.into())
                }
            }),
            false,
            "(it is absolute)",
        ),
        (
            "the manifest lists a file with a backslash",
            Box::new(|d: &Path| {
                edit_manifest(d, |m| {
                    m["files"].as_array_mut().unwrap()[0]["path"] = "..\\..\\outside.html".into()
                })
            }),
            false,
            "(it contains a backslash)",
        ),
        (
            "the manifest lists a file with a drive prefix",
            Box::new(|d: &Path| {
                edit_manifest(d, |m| {
                    m["files"].as_array_mut().unwrap()[0]["path"] = "C:/outside.html".into()
                })
            }),
            false,
            "(it starts with a drive prefix)",
        ),
    ];
    for (name, attack, with_signers, expected) in attacks {
        let dir = f
            .dir
            .path()
            .join(format!("attack-{}", name.replace(' ', "-")));
        copy_tree(&original, &dir);
        attack(&dir);
        let extra: &[&str] = if with_signers {
            &["--allowed-signers", signers]
        } else {
            &[]
        };
        let (code, report, took) = verify_timed(&dir, extra);
        assert_eq!(
            code,
            Some(1),
            "{name}: exit {code:?} after {took:?}\n{report}"
        );
        assert!(took < Duration::from_secs(8), "{name}: took {took:?}");
        assert!(
            report.contains(expected),
            "{name}: no `{expected}` in\n{report}"
        );
    }
}

/// `ssh-keygen -Y verify` of `dir`'s manifest for `principal` under `TZ=UTC`: accepted, and
/// what it said.
fn keygen_verify(
    dir: &Path,
    signers: &Path,
    principal: &str,
    time: Option<&str>,
) -> (bool, String) {
    keygen_verify_file(dir, "manifest.json", signers, principal, time)
}

/// `ssh-keygen -Y verify` of `dir`'s `file` against `file.sig`, as [`keygen_verify`].
fn keygen_verify_file(
    dir: &Path,
    file: &str,
    signers: &Path,
    principal: &str,
    time: Option<&str>,
) -> (bool, String) {
    let mut command = Command::new("ssh-keygen");
    command
        .env("TZ", "UTC")
        .args(["-Y", "verify", "-f"])
        .arg(signers);
    command.args(["-I", principal, "-n", "tracemark-manifest", "-s"]);
    command.arg(dir.join(format!("{file}.sig")));
    if let Some(time) = time {
        command.arg(format!("-Overify-time={time}"));
    }
    let out = command
        .stdin(std::fs::File::open(dir.join(file)).unwrap())
        .output()
        .unwrap();
    (
        out.status.success(),
        stderr(&out) + &String::from_utf8_lossy(&out.stdout),
    )
}

#[test]
fn allowed_signers_are_read_as_ssh_keygen_reads_them() {
    let f: Fixture = small_portal();
    let Some(key) = ssh_keygen(f.dir.path(), "") else {
        return;
    };
    let out = auditor_package(&f, &["--sign", key.to_str().unwrap()]);
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let public = public.trim();
    let signers = f.dir.path().join("allowed_signers");
    // (allowed_signers text, principal for ssh-keygen -I, verification time, accepted,
    // what Tracemark says)
    let cases = [
        (
            format!("ci@example.com {public}"),
            "ci@example.com",
            None,
            true,
            "signed by ci@example.com",
        ),
        (
            format!("ci@example.com valid-before=\"20200101\" {public}"),
            "ci@example.com",
            None,
            false,
            "the key has expired: valid-before 2020-01-01T00:00:00Z",
        ),
        (
            format!("ci@example.com valid-before=\"20200101\" {public}"),
            "ci@example.com",
            Some("20191231"),
            true,
            "signed by ci@example.com",
        ),
        (
            format!("ci@example.com valid-after=\"20990101\" {public}"),
            "ci@example.com",
            None,
            false,
            "the key is not valid yet",
        ),
        (
            format!("ci@example.com valid-after=\"20990101\" {public}"),
            "ci@example.com",
            Some("20990101000000Z"),
            true,
            "signed by ci@example.com",
        ),
        (
            format!("ci@example.com namespaces=\"tracemark-*\" {public}"),
            "ci@example.com",
            None,
            true,
            "signed by ci@example.com",
        ),
        (
            format!("ci@example.com NAMESPACES=\"git,a b,tracemark-manifes?\" {public}"),
            "ci@example.com",
            None,
            true,
            "signed by ci@example.com",
        ),
        (
            format!("ci@example.com namespaces=\"other\" {public}"),
            "ci@example.com",
            None,
            false,
            "namespaces=\"other\" does not permit",
        ),
        (
            format!("ci@example.com namespaces=\"Tracemark-*\" {public}"),
            "ci@example.com",
            None,
            false,
            "does not permit",
        ),
        (
            format!("ci@example.com cert-authority {public}"),
            "ci@example.com",
            None,
            false,
            "cert-authority",
        ),
        (
            format!("ci@example.com trusted=\"yes\" {public}"),
            "ci@example.com",
            None,
            false,
            "unknown option `trusted`",
        ),
        (
            format!("*@example.com {public}"),
            "ci@example.com",
            None,
            true,
            "signed by *@example.com",
        ),
        (
            format!(
                "old@example.com valid-before=\"20200101\" {public}\n# rotated\n\nnew@example.com {public}"
            ),
            "new@example.com",
            None,
            true,
            "signed by new@example.com",
        ),
    ];
    for (text, principal, time, accepted, says) in cases {
        std::fs::write(&signers, format!("{text}\n")).unwrap();
        let (keygen, said) = keygen_verify(&out, &signers, principal, time);
        assert_eq!(keygen, accepted, "ssh-keygen on {text:?} {time:?}: {said}");
        let mut extra = vec!["--allowed-signers", signers.to_str().unwrap()];
        if let Some(time) = time {
            extra.extend(["--verify-time", time]);
        }
        let (code, report, _) = verify_timed(&out, &extra);
        assert_eq!(
            code,
            Some(if accepted { 0 } else { 1 }),
            "tracemark on {text:?} {time:?} (ssh-keygen: {said}): {report}"
        );
        assert!(report.contains(says), "no `{says}` for {text:?}:\n{report}");
    }
    let bad_time = crate::harness::tracemark(&[
        "verify",
        out.to_str().unwrap(),
        "--verify-time",
        "2020-01-01",
    ]);
    assert_eq!(bad_time.status.code(), Some(2), "{}", stderr(&bad_time));
    assert!(
        stderr(&bad_time).contains("YYYYMMDD"),
        "{}",
        stderr(&bad_time)
    );
}

#[test]
fn a_build_without_a_package_is_still_refused_by_verify() {
    let f = small_portal();
    assert!(build(&f.root(), &[]).status.success());
    let (code, report, _) = verify_timed(&f.out(), &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("manifest.json"), "{report}");
}

fn config() -> ProptestConfig {
    crate::harness::proptest_config()
}

/// allowed_signers-like text: OpenSSH's punctuation, option names in odd cases, times and a
/// real key, so random lines get deep into the parser.
fn signers_text() -> impl Strategy<Value = String> {
    let key = ssh_key::PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[3; 32]))
        .public_key()
        .to_openssh()
        .unwrap();
    let mut atoms: Vec<String> = [
        "\n",
        " ",
        "\t",
        "\r",
        "\0",
        "#",
        "\"",
        "\\\"",
        ",",
        "=",
        "!",
        "*",
        "?",
        "é",
        "\u{feff}",
        "ci@example.com",
        "cert-authority",
        "Cert-Authority",
        "namespaces=",
        "NAMESPACES=",
        "valid-after=",
        "valid-before=",
        "\"20200101\"",
        "\"20990101Z\"",
        "\"202001011200\"",
        "\"20200101120000UTC\"",
        "\"tracemark-*\"",
        "ssh-ed25519",
        "AAAA",
        "x=",
    ]
    .map(String::from)
    .to_vec();
    atoms.push(key);
    prop::collection::vec(prop::sample::select(atoms), 0..60).prop_map(|parts| parts.concat())
}

/// Manifest paths built from the pieces of hostile paths.
fn path() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "/",
        "..",
        ".",
        "\\",
        "C:",
        "evidence",
        "files",
        "EV-1.html",
        "index.html",
        "",
        "\0",
        "é",
        "manifest.json",
        ".tracemark",
    ]);
    prop::collection::vec(atoms, 0..6).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn allowed_signers_and_signatures_never_panic(
        text in signers_text(),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        time in any::<String>(),
    ) {
        for signer in crate::harness::api::signature::parse_allowed_signers(text.as_bytes()).into_iter().flatten() {
            let _ = signer.refusal(1_800_000_000);
        }
        let _ = crate::harness::api::signature::parse_allowed_signers(&bytes);
        let _ = crate::harness::api::signature::parse_signature(&bytes);
        let armored = format!("-----BEGIN SSH SIGNATURE-----\n{text}\n-----END SSH SIGNATURE-----\n");
        let verdict = crate::harness::api::signature::verify(text.as_bytes(), "s", b"m", armored.as_bytes(), 1);
        prop_assert!(verdict.is_err());
        let _ = crate::harness::api::signature::parse_time(&time);
        let _ = crate::harness::api::signature::match_pattern_list(&time, &text);
    }

    #[test]
    fn manifests_never_panic_and_hostile_paths_never_verify(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        file in path(),
        page in path(),
    ) {
        let _ = crate::harness::api::verify::parse_manifest(&bytes);
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("evidence")).unwrap();
        std::fs::write(dir.path().join("evidence/EV-1.html"), "x").unwrap();
        let manifest = serde_json::json!({
            "format": "tracemark-manifest/2",
            "generator": "g", "title": "t", "today": TODAY, "audience": "auditor",
            "evidence": [{"id": "EV-1", "page": page, "file": file, "sha256": "x", "size": 1}],
            "files": [{"path": file, "sha256": "x", "size": 1}],
        });
        std::fs::write(dir.path().join("manifest.json"), manifest.to_string()).unwrap();
        let verdict = crate::harness::api::verify::verify(dir.path(), None, None).unwrap();
        prop_assert!(!verdict.is_intact());
        let hostile = [&file, &page].iter().any(|p| crate::harness::api::verify::unsafe_path(p).is_some())
            || file == "manifest.json";
        prop_assert_eq!(hostile, !verdict.unsafe_paths.is_empty(), "{:?}", verdict);
    }
}

/// A key and a signature of `m` made by Tracemark, kept for the differential test below.
struct Signed {
    _dir: tempfile::TempDir,
    message: PathBuf,
    signature: PathBuf,
    public: String,
}

fn signed_message() -> &'static Signed {
    static SIGNED: std::sync::OnceLock<Signed> = std::sync::OnceLock::new();
    SIGNED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (key, _) = crate_key(dir.path());
        let message = dir.path().join("m");
        std::fs::write(&message, "manifest").unwrap();
        let signature = dir.path().join("m.sig");
        let text = crate::harness::api::signature::sign(&key, b"manifest").unwrap();
        std::fs::write(&signature, text).unwrap();
        let private = std::fs::read_to_string(&key).unwrap();
        let public = ssh_key::PrivateKey::from_openssh(private)
            .unwrap()
            .public_key()
            .to_openssh()
            .unwrap();
        Signed {
            _dir: dir,
            message,
            signature,
            public,
        }
    })
}

/// An allowed_signers line for `ci@example.com` with random options: their names in odd
/// cases, quoted and unquoted values, patterns, times on both sides of now, unknown options.
fn signer_line() -> impl Strategy<Value = String> {
    let principals = prop::sample::select(vec![
        "ci@example.com",
        "*@example.com",
        "c?@example.com",
        "\"ci@example.com\"",
        "other@example.com,ci@example.com",
        "\"ci@example.com\"x",
        "\"a b\",ci@example.com",
        "  ci@example.com",
        "\"ci@example.com",
    ]);
    let option = prop::sample::select(vec![
        "cert-authority",
        "Cert-Authority",
        "cert-authorityx",
        "namespaces=\"tracemark-*\"",
        "NameSpaces=\"tracemark-manifest\"",
        "namespaces=\"Tracemark-manifest\"",
        "namespaces=\"other\"",
        "namespaces=\"a b,tracemark-manifes?\"",
        "namespaces=\"!tracemark-manifest,*\"",
        "namespaces=\"*,!other\"",
        "namespaces=\"\"",
        "namespaces=tracemark-manifest",
        "namespaces=\"q\\\"x,tracemark-*\"",
        "valid-before=\"20200101\"",
        "valid-before=\"20990101Z\"",
        "Valid-Before=\"209901011200\"",
        "valid-after=\"20200101000000Z\"",
        "valid-after=\"20990101\"",
        "valid-after=\"2020\"",
        "valid-after=\"20200101UTC\"",
        "valid-before=\"20200231\"",
        "trusted=\"yes\"",
        "x",
        "",
        "cert-authority=\"x\"",
        "namespaces=\"open",
        "namespaces=\"tab\tand space,tracemark-*\"",
        "namespaces=\"x\\\"",
        "valid-before=\"20990101z\"",
        "valid-before=\"20990101utc\"",
        "valid-after=\"19700101\"",
        "valid-after=\"20201301\"",
        "namespaces =\"tracemark-*\"",
    ]);
    let separator = prop::sample::select(vec![",", ",", ",", ",,", " "]);
    (
        principals,
        prop::collection::vec((option, separator), 0..4),
        prop::sample::select(vec![" ", "\t", "  "]),
        prop::sample::select(vec!["", " a comment", "\r"]),
    )
        .prop_map(|(principals, options, space, comment)| {
            let mut opts: String = options.iter().map(|(o, s)| format!("{o}{s}")).collect();
            opts.pop();
            let opts = if opts.is_empty() {
                String::new()
            } else {
                format!("{opts}{space}")
            };
            let key = &signed_message().public;
            format!("{principals}{space}{opts}{key}{comment}\n")
        })
}

/// Each case runs ssh-keygen twice: 64 cases unless PROPTEST_CASES asks for more.
fn differential_config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(64),
        ..config()
    }
}

proptest! {
    #![proptest_config(differential_config())]

    /// Tracemark and `ssh-keygen -Y verify -I ci@example.com` give the same verdict on random
    /// allowed_signers lines (skipped where ssh-keygen is not installed).
    #[test]
    fn allowed_signers_verdicts_agree_with_ssh_keygen(line in signer_line(), first in signer_line()) {
        let signed = signed_message();
        let dir = tempfile::tempdir().unwrap();
        for text in [line.clone(), format!("{first}{line}")] {
            let signers = dir.path().join("allowed_signers");
            std::fs::write(&signers, &text).unwrap();
            let Ok(out) = Command::new("ssh-keygen")
                .env("TZ", "UTC")
                .args(["-Y", "verify", "-f"])
                .arg(&signers)
                .args(["-I", "ci@example.com", "-n", "tracemark-manifest", "-s"])
                .arg(&signed.signature)
                .stdin(std::fs::File::open(&signed.message).unwrap())
                .output()
            else {
                eprintln!("skipped: ssh-keygen is not installed");
                return Ok(());
            };
            let ours = crate::harness::api::signature::verify(
                text.as_bytes(),
                "allowed_signers",
                b"manifest",
                &std::fs::read(&signed.signature).unwrap(),
                chrono::Utc::now().timestamp(),
            );
            prop_assert_eq!(
                out.status.success(),
                ours.is_ok(),
                "{:?}\nssh-keygen: {}\ntracemark: {:?}",
                text,
                stderr(&out),
                ours
            );
        }
    }
}
