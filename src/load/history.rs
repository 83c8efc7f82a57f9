//! Each source file's change history, read from git in one pass.
//!
//! Git is the `git` command found at run time. One `git log --first-parent --no-renames
//! --raw` over the portal root gives every file's commits at once, with the object names of
//! each file's versions; a second process, `git cat-file --batch`, reads the versions needed to
//! tell whether a commit after a document's approval changed its text or only its front
//! matter, by object name (each read once). No git, no repository or
//! `git_history: false`: no history, and not an error. Git that fails or prints what this
//! module does not understand: no history and a note saying why, never half a history.
//!
//! History follows paths: a commit that moves a file deletes it at the old path and adds it at
//! the new one, so the moved file's history starts there. Along the first-parent line, a
//! merge counts as one commit that made every change it brought in.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Change, ChangeKind, Date, History, HistorySource, Policy};

/// Separates commits in the log (ASCII record separator).
const RECORD: char = '\u{1e}';
/// Separates a commit's fields (ASCII unit separator).
const FIELD: char = '\u{1f}';

/// The history of every file under `root` up to `revision` (`HEAD` when `None`), or the
/// reason there is none, with a note when git failed.
pub fn read(root: &Path, revision: Option<&str>, enabled: bool) -> (History, Option<Diagnostic>) {
    if !enabled {
        return (History::without(HistorySource::Off), None);
    }
    let Some(prefix) = repository_prefix(root) else {
        return (History::without(HistorySource::NoRepository), None);
    };
    match log(root, &prefix, revision) {
        Ok(files) if files.is_empty() => (History::without(HistorySource::NoCommits), None),
        Ok(files) => (
            History {
                source: HistorySource::Git,
                files,
            },
            None,
        ),
        Err(why) => failed(why),
    }
}

/// No history, and a note saying why.
fn failed(why: String) -> (History, Option<Diagnostic>) {
    let note = note(format!(
        "no history from git: {why}; the pages show front-matter history only"
    ));
    (History::without(HistorySource::Failed(why)), Some(note))
}

/// A note about reading git (never fails a build).
pub(super) fn note(message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Note,
        // Never printed: a note shows as `note: message`.
        ..Diagnostic::error("N102", message)
    }
}

/// A `git` command run in `root`, with settings that change `log`'s output turned off.
fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(root)
        .args(["-c", "log.showSignature=false", "-c", "log.follow=false"])
        .args(["-c", "core.quotePath=false"])
        .stdin(Stdio::null());
    command
}

/// The root's path inside its git work tree (`sub/dir/`, empty at the top), or `None` when
/// git is not installed or the root is not in a work tree.
fn repository_prefix(root: &Path) -> Option<String> {
    let output = git(root)
        .args(["rev-parse", "--is-inside-work-tree", "--show-prefix"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some("true") {
        return None;
    }
    Some(lines.next().unwrap_or("").to_string())
}

/// Every file's commits, newest first, by path relative to the root.
fn log(
    root: &Path,
    prefix: &str,
    revision: Option<&str>,
) -> Result<BTreeMap<String, Vec<Change>>, String> {
    let output = git(root)
        .args(["log", "--first-parent", "-z", "--no-renames", "--no-color"])
        .args(["--raw", "--format=%x1e%H%x1f%h%x1f%ct%x1f%an%x1f%s"])
        .args(revision)
        .args(["--", "."])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("").trim();
        // A repository without commits yet has no history, and nothing is wrong.
        if first.contains("does not have any commits") {
            return Ok(BTreeMap::new());
        }
        return Err(format!("`git log` failed: {first}"));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    parse_log(&text, prefix)
}

/// Parses the `-z --raw` log: per commit, a record separator, the fields, a NUL, a newline,
/// then per file `:<mode> <mode> <blob> <blob> <status>` and the path, each NUL-terminated.
fn parse_log(text: &str, prefix: &str) -> Result<BTreeMap<String, Vec<Change>>, String> {
    let mut files: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    for record in text.split(RECORD).filter(|r| !r.is_empty()) {
        let unexpected = || format!("unexpected `git log` output near {:?}", short(record));
        let (header, rest) = record.split_once('\0').ok_or_else(unexpected)?;
        let change = parse_header(header).ok_or_else(unexpected)?;
        let mut tokens = rest.trim_start_matches('\n').split('\0');
        while let Some(raw) = tokens.next() {
            if raw.is_empty() {
                continue;
            }
            let path = tokens
                .next()
                .filter(|p| !p.is_empty())
                .ok_or_else(unexpected)?;
            let (kind, blobs) = parse_raw(raw).ok_or_else(unexpected)?;
            let Some(path) = path.strip_prefix(prefix) else {
                continue;
            };
            files.entry(path.to_string()).or_default().push(Change {
                kind,
                blobs,
                ..change.clone()
            });
        }
    }
    Ok(files)
}

/// A file's blobs before and after a commit.
type Blobs = (Option<String>, Option<String>);

/// One `:<mode> <mode> <blob> <blob> <status>` entry: what happened, and the blobs before and
/// after (`None` for the side where the file does not exist).
fn parse_raw(raw: &str) -> Option<(ChangeKind, Blobs)> {
    let fields: Vec<&str> = raw.strip_prefix(':')?.split(' ').collect();
    let [_, _, before, after, status] = fields[..] else {
        return None;
    };
    let blob = |b: &str| {
        let hex = !b.is_empty() && b.bytes().all(|c| c.is_ascii_hexdigit());
        hex.then(|| (!b.bytes().all(|c| c == b'0')).then(|| b.to_string()))
    };
    let (before, after) = (blob(before)?, blob(after)?);
    let kind = match status {
        "A" => ChangeKind::Added,
        "D" => ChangeKind::Deleted,
        "M" | "T" => ChangeKind::Modified,
        _ => return None,
    };
    Some((kind, (before, after)))
}

/// The start of a record, for a message about it.
fn short(record: &str) -> String {
    record.chars().take(60).collect()
}

/// A commit's fields: full hash, short hash, committer time, author, subject.
fn parse_header(header: &str) -> Option<Change> {
    let mut fields = header.splitn(5, FIELD);
    let commit = fields.next()?;
    let hash = fields.next()?;
    let time: i64 = fields.next()?.parse().ok()?;
    let author = fields.next()?;
    let subject = fields.next()?;
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(commit) || !hex(hash) {
        return None;
    }
    let date = chrono::DateTime::from_timestamp(time, 0)?.date_naive();
    Some(Change {
        date: Date(date),
        author: author.to_string(),
        subject: subject.to_string(),
        hash: hash.to_string(),
        commit: commit.to_string(),
        kind: ChangeKind::Modified,
        blobs: (None, None),
        body_changed: None,
        reassessment_fields: BTreeMap::new(),
    })
}

/// The date of a document's latest approval: its newest `history:` entry or its `effective`
/// date, whichever is later.
pub fn approved_on(policy: &Policy) -> Option<Date> {
    let meta = &policy.meta;
    meta.history
        .iter()
        .map(|h| h.date)
        .chain(meta.effective)
        .max()
}

/// Marks, for each policy, the commits after its latest approval that modified it with
/// whether they changed its text after the front matter (`Change::body_changed`). A note
/// when git cannot show the versions; then they count as changed.
pub fn mark_bodies(history: &mut History, root: &Path, policies: &[Policy]) -> Option<Diagnostic> {
    if !history.from_git() {
        return None;
    }
    // (file, index of the change): the candidates; and each blob they need, once.
    let mut wanted = Vec::new();
    let mut blobs: BTreeMap<String, Option<String>> = BTreeMap::new();
    for policy in policies {
        let Some(approved) = approved_on(policy) else {
            continue;
        };
        let file = &policy.source.file;
        for (i, change) in history.of(file).iter().enumerate() {
            if change.kind == ChangeKind::Modified && change.date > approved {
                wanted.push((file.clone(), i));
                let (before, after) = &change.blobs;
                for blob in [before, after].into_iter().flatten() {
                    blobs.insert(blob.clone(), None);
                }
            }
        }
    }
    if wanted.is_empty() {
        return None;
    }
    let names: Vec<String> = blobs.keys().cloned().collect();
    let note = match cat_files(root, &names) {
        Ok(found) => {
            for (name, text) in names.iter().zip(found) {
                blobs.insert(name.clone(), text);
            }
            None
        }
        Err(why) => Some(note(format!(
            "cannot read earlier versions from git ({why}): every change after an approval counts as a change of the text"
        ))),
    };
    let text = |blob: &Option<String>| blob.as_ref().and_then(|b| blobs.get(b)?.as_deref());
    for (file, i) in wanted {
        let Some(change) = history.files.get_mut(&file).and_then(|c| c.get_mut(i)) else {
            continue;
        };
        let changed = match (text(&change.blobs.0), text(&change.blobs.1)) {
            (Some(before), Some(after)) => body(before) != body(after),
            _ => true,
        };
        change.body_changed = Some(changed);
    }
    note
}

/// A document's text after its front matter (the whole text when it has none).
fn body(text: &str) -> &str {
    match super::split_front_matter(text) {
        Ok(split) => split.body,
        Err(_) => text,
    }
}

/// The contents of each `REV:PATH` (`None` when missing), from one `git cat-file --batch`.
pub(super) fn cat_files(root: &Path, names: &[String]) -> Result<Vec<Option<String>>, String> {
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input: String = names.iter().map(|n| format!("{n}\n")).collect();
    // Written from a thread: git answers while it reads, and a full pipe would block both.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .ok_or("no stdout")?
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    let _ = writer.join();
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("`git cat-file` failed ({status})"));
    }
    parse_batch(&out, names.len())
}

/// Parses `git cat-file --batch` output: per name, `<oid> <type> <size>\n<bytes>\n` or
/// `<name> missing\n` (also `ambiguous`).
fn parse_batch(mut out: &[u8], count: usize) -> Result<Vec<Option<String>>, String> {
    let mut found = Vec::with_capacity(count);
    for _ in 0..count {
        let end = out
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("`git cat-file` output ended early")?;
        let line = String::from_utf8_lossy(&out[..end]).into_owned();
        out = &out[end + 1..];
        let mut words = line.rsplitn(3, ' ');
        let (last, kind) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        match (last.parse::<usize>(), kind) {
            (Ok(size), _) if out.len() > size => {
                let content = &out[..size];
                found.push((kind == "blob").then(|| String::from_utf8_lossy(content).into()));
                out = &out[size + 1..];
            }
            (Err(_), _) if matches!(last, "missing" | "ambiguous") => found.push(None),
            _ => return Err(format!("unexpected `git cat-file` output: {line:?}")),
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_log_with_adds_changes_deletes_and_a_root_below_the_top() {
        let m = ":100644 100644 1111111 2222222 M";
        let text = format!(
            "\u{1e}aaaa1111\u{1f}aaaa\u{1f}1780000000\u{1f}Ann\u{1f}Edit: a\u{1f}b\0\n{m}\0sub/content/x.md\0\
             :100644 000000 3333333 0000000 D\0sub/y.md\0{m}\0other/z.md\0\
             \u{1e}bbbb2222\u{1f}bbbb\u{1f}1770000000\u{1f}Bob\u{1f}Add\0\n\
             :000000 100644 0000000 1111111 A\0sub/content/x.md\0:000000 100644 0000000 3333333 A\0sub/y.md\0"
        );
        let files = parse_log(&text, "sub/").unwrap();
        assert_eq!(files.len(), 2, "{files:?}");
        let x = &files["content/x.md"];
        assert_eq!(x.len(), 2);
        assert_eq!(
            (x[0].kind, x[0].hash.as_str()),
            (ChangeKind::Modified, "aaaa")
        );
        // A subject may hold the field separator: it is the last field.
        assert_eq!(x[0].subject, "Edit: a\u{1f}b");
        assert_eq!(x[0].date.to_string(), "2026-05-28");
        assert_eq!(
            (x[1].kind, x[1].author.as_str()),
            (ChangeKind::Added, "Bob")
        );
        assert_eq!(files["y.md"][0].kind, ChangeKind::Deleted);
    }

    #[test]
    fn odd_output_is_an_error_not_a_history() {
        for text in [
            "\u{1e}zz\u{1f}z\u{1f}1\u{1f}A\u{1f}s\0\n:1 1 aa bb M\0a\0",
            "\u{1e}aa\u{1f}a\u{1f}soon\u{1f}A\u{1f}s\0\n:1 1 aa bb M\0a\0",
            "\u{1e}aa\u{1f}a\u{1f}1\u{1f}A\u{1f}s\0\n:1 1 aa bb R100\0a\0",
            "\u{1e}aa\u{1f}a\u{1f}1\u{1f}A\u{1f}s\0\n:1 1 aa bb M\0",
            "\u{1e}aa\u{1f}a\u{1f}1\u{1f}A\u{1f}s\0\nM\0a\0",
            "\u{1e}aa\u{1f}a\u{1f}1\u{1f}A\u{1f}s\0\n:1 1 a? bb M\0a\0",
            "\u{1e}no header end",
        ] {
            assert!(parse_log(text, "").is_err(), "{text:?}");
        }
    }

    #[test]
    fn reads_cat_file_batch_output() {
        let out = b"abc blob 3\nx\ny\nHEAD^1:a missing\nabd blob 0\n\n";
        let found = parse_batch(out, 3).unwrap();
        assert_eq!(
            found,
            vec![Some("x\ny".to_string()), None, Some(String::new())]
        );
        assert!(parse_batch(b"abc blob 30\nshort\n", 1).is_err());
    }
}
