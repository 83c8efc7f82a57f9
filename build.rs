//! Embeds the built-in example portal (portal.yaml and content/) for `tracemark init`, and
//! the git commit the binary is built from for `tracemark --version` ("unknown" without git).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=portal.yaml");
    let mut found = vec![root.join("portal.yaml")];
    files(&root.join("content"), &mut found);
    found.sort();
    let mut code = String::from(
        "/// The built-in example: path relative to the portal root, and bytes.\npub const EXAMPLE: &[(&str, &[u8])] = &[\n",
    );
    for path in found {
        let rel = path.strip_prefix(&root).expect("under the root");
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("example.rs");
    std::fs::write(out, code).expect("write example.rs");
    commit(&root);
}

/// `git` in the crate's folder, its trimmed output if it succeeded.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// Sets `TRACEMARK_COMMIT` to the short hash of `HEAD`, or `unknown` outside a git checkout
/// or without git; rebuilt when `HEAD` moves. Only `--version` shows it: outputs name the version alone, so that a build's bytes
/// do not change with the commit of the tool.
fn commit(root: &Path) {
    let commit =
        git(root, &["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=TRACEMARK_COMMIT={commit}");
    // HEAD names the branch; the branch's ref (or packed-refs) holds the commit.
    for (dir, file) in [
        (git(root, &["rev-parse", "--git-dir"]), "HEAD".to_string()),
        (
            git(root, &["rev-parse", "--git-common-dir"]),
            git(root, &["symbolic-ref", "-q", "HEAD"]).unwrap_or_default(),
        ),
        (
            git(root, &["rev-parse", "--git-common-dir"]),
            "packed-refs".to_string(),
        ),
    ] {
        if let Some(dir) = dir
            && !file.is_empty()
        {
            let path = root.join(dir).join(file);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
}
