//! Running the `tracemark` binary: every command gets `--today` [`TODAY`].

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::TODAY;

/// Runs `tracemark` with arguments.
pub fn tracemark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .args(args)
        .output()
        .expect("run tracemark")
}

/// A `tracemark` command to adjust (environment, stdin) before running it.
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tracemark"))
}

/// Runs `tracemark SUBCOMMAND --root ROOT --today TODAY` plus extra arguments.
fn run_at(subcommand: &str, root: &Path, extra: &[&str]) -> Output {
    let root = root.to_str().unwrap();
    let mut args = vec![subcommand, "--root", root, "--today", TODAY];
    args.extend_from_slice(extra);
    tracemark(&args)
}

/// Runs `tracemark build --root ROOT --today TODAY` plus extra arguments.
pub fn build(root: &Path, extra: &[&str]) -> Output {
    run_at("build", root, extra)
}

/// [`build`], asserting success.
pub fn build_ok(root: &Path, extra: &[&str]) -> Output {
    let out = build(root, extra);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

/// [`build`], asserting that it fails on the portal's errors (exit code 1); returns standard
/// error.
pub fn build_fails(root: &Path, extra: &[&str]) -> String {
    let out = build(root, extra);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

/// [`build`] of the auditor package into `out` (`--audience auditor --out OUT`) plus extra
/// arguments (`--zip`, `--sign`, ...).
pub fn build_auditor(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["--audience", "auditor", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    build(root, &args)
}

/// Runs `tracemark check --root ROOT --today TODAY` plus extra arguments.
pub fn check(root: &Path, extra: &[&str]) -> Output {
    run_at("check", root, extra)
}

/// [`check`], asserting that it finds errors (exit code 1); returns standard error.
pub fn check_fails(root: &Path, extra: &[&str]) -> String {
    let out = check(root, extra);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

/// `check --format json` plus extra arguments: the exit code and the diagnostics.
pub fn check_json(root: &Path, extra: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut args = extra.to_vec();
    args.extend_from_slice(&["--format", "json"]);
    let out = check(root, &args);
    let list: Value = serde_json::from_slice(&out.stdout).expect("one JSON array");
    (
        out.status.code(),
        list.as_array().expect("a JSON array").clone(),
    )
}

/// `check` in both formats, asserting that they agree: the same exit code, and every JSON
/// diagnostic shown in the human output at the same place. Returns the exit code, the JSON
/// diagnostics and the human text.
pub fn check_both(root: &Path, extra: &[&str]) -> (Option<i32>, Vec<Value>, String) {
    let human = check(root, extra);
    let (code, list) = check_json(root, extra);
    assert_eq!(human.status.code(), code);
    let text = stderr(&human);
    for d in &list {
        let head = format!(
            "{}[{}]: {}",
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert!(text.contains(&head), "human output lacks {head}\n{text}");
        if let (Some(file), Some(line)) = (d["file"].as_str(), d["line"].as_u64()) {
            assert!(text.contains(&format!("--> {file}:{line}")), "{text}");
        }
    }
    (code, list, text)
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `tracemark ARGS` with a private temporary folder (`TMPDIR`), which must be empty
/// again afterwards: the sources of `--at` and `--since` never outlive the command.
pub fn run_with_private_tmp(tmp: &Path, args: &[&str]) -> Output {
    std::fs::create_dir_all(tmp).unwrap();
    let output = command()
        .args(args)
        .env("TMPDIR", tmp)
        .output()
        .expect("run tracemark");
    let left: Vec<std::path::PathBuf> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        left.is_empty(),
        "left behind: {left:?}\n{}",
        stderr(&output)
    );
    output
}
