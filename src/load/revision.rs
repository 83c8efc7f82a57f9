//! The sources as they stood at a commit (`build --at REV|DATE`, `check --at`): the commit's
//! tree under the portal root, written into a private temporary folder that the pipeline then
//! reads as it reads a work tree.
//!
//! Git is run as the `git` command found at run time, a fixed number of times whatever the
//! size of the tree: `rev-parse` (is the root in a work tree, and where), `rev-list` or
//! `rev-parse` (which commit), `show` (its date), `ls-tree` (every entry under the root) and
//! one `cat-file --batch --buffer` that streams every blob (buffered both ways: flushing after
//! each object, as git does by default, costs two context switches per file, seconds for
//! thousands of files on a busy machine). What is written:
//!
//! - regular files (modes 100644 and 100755) as they are stored, byte for byte: no
//!   end-of-line conversion, no clean/smudge filter, so a Git LFS pointer stays a pointer
//!   (which the evidence loader refuses, E303);
//! - symbolic links (mode 120000) as symbolic links with the target git stores, created after
//!   every file (so no file is ever written through one) and only on Unix: the loader then
//!   sees them as in a work tree, following a link that stays inside the portal and refusing
//!   one that leaves it (E003); elsewhere they are skipped;
//! - submodules (mode 160000) are skipped: their content is not in this repository.
//!
//! Every path is checked to be plain relative components before anything is written, and
//! every file is created new: nothing is written outside the folder. The folder is removed
//! when the [`Snapshot`] is dropped (an error and a panic included).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::model::{Date, Revision};

/// A commit's tree under the portal root, written into a private temporary folder.
#[derive(Debug)]
pub struct Snapshot {
    /// Removed when dropped.
    folder: tempfile::TempDir,
    /// The portal root inside `folder`.
    root: PathBuf,
    /// The commit.
    revision: Revision,
}

impl Snapshot {
    /// Writes the tree under `root` of the commit that `at` names (a revision git
    /// understands, or `YYYY-MM-DD`: the last commit on the first-parent line of `HEAD` on or
    /// before the end of that day, UTC). The error is a usage error, to print as it is.
    pub fn take(root: &Path, at: &str) -> Result<Snapshot, String> {
        Snapshot::take_with(root, at, |_| {})
    }

    /// [`Snapshot::take`], calling `created` with the temporary folder as soon as it exists,
    /// before anything is written into it (to remove it on a signal).
    pub fn take_with(
        root: &Path,
        at: &str,
        created: impl FnOnce(&Path),
    ) -> Result<Snapshot, String> {
        let prefix = work_tree_prefix(root)?;
        let commit = match Date::parse(at) {
            Ok(day) if at.trim() == at => commit_on_or_before(root, day)?,
            _ => commit_named(root, at)?,
        };
        let revision = revision_of(root, &commit)?;
        let folder = private_folder()?;
        created(folder.path());
        // The root keeps its own folder name, in case anything reads it.
        let name = std::path::absolute(root)
            .ok()
            .and_then(|r| r.file_name().map(|n| n.to_os_string()))
            .unwrap_or_else(|| "portal".into());
        let tree_root = folder.path().join(name);
        std::fs::create_dir(&tree_root).map_err(|e| folder_error(&tree_root, e))?;
        write_tree(root, &commit, &prefix, &tree_root)?;
        Ok(Snapshot {
            folder,
            root: tree_root,
            revision,
        })
    }

    /// The portal root as it stood at the commit (inside the temporary folder).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder, removed when the snapshot is dropped.
    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    /// The commit.
    pub fn revision(&self) -> &Revision {
        &self.revision
    }
}

/// Held while anything is written into a snapshot's folder.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Stops every writing into snapshot folders for as long as the guard is held (until the
/// process exits, for a signal handler that then removes the folder): a file being written
/// is finished first, and no other is started, so the folder can be removed whole.
pub fn stop_writing() -> std::sync::MutexGuard<'static, ()> {
    writing()
}

/// Taken while one file or link is written (waits while a signal handler holds it).
fn writing() -> std::sync::MutexGuard<'static, ()> {
    WRITING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `git -C dir ARGS` and returns its output, whatever its exit status.
fn git(dir: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(spawn_error)
}

/// Why git could not be started: not installed, most of the time.
fn spawn_error(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "--at needs git, and no `git` command was found: install git, or build the work tree without --at".into()
    } else {
        format!("--at needs git, which could not be started: {e}")
    }
}

/// What git said on standard error, on one line.
fn said(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    let text = text.trim();
    if text.is_empty() {
        format!("git exited with {}", output.status)
    } else {
        text.lines().collect::<Vec<_>>().join("; ")
    }
}

/// The root's path inside its repository (`portal/`, or empty at the top), or the usage
/// error of a root outside any git work tree.
fn work_tree_prefix(root: &Path) -> Result<String, String> {
    if !root.is_dir() {
        return Err(format!("--root `{}` is not a directory", root.display()));
    }
    let output = git(
        root,
        &["rev-parse", "--is-inside-work-tree", "--show-prefix"],
    )?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines = text.lines();
    if !output.status.success() || lines.next() != Some("true") {
        return Err(format!(
            "--at needs git: `{}` is not inside a git work tree ({})",
            root.display(),
            said(&output)
        ));
    }
    Ok(lines.next().unwrap_or("").to_string())
}

/// The full hash of the commit a revision names, or a usage error naming it.
fn commit_named(root: &Path, at: &str) -> Result<String, String> {
    let unknown = |why: String| {
        format!(
            "--at `{at}`: git knows no such revision{why} (give a tag, branch, commit hash, or a date YYYY-MM-DD)"
        )
    };
    // A leading `-` would be read as an option.
    if at.is_empty() || at.starts_with('-') {
        return Err(unknown(String::new()));
    }
    let output = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{at}^{{commit}}"),
        ],
    )?;
    let hash = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if !output.status.success() || hash.is_empty() {
        let why = if output.stderr.is_empty() {
            String::new()
        } else {
            format!(": {}", said(&output))
        };
        return Err(unknown(why));
    }
    Ok(hash)
}

/// The last commit on the first-parent line of `HEAD` committed on or before the end of
/// `day` (23:59:59 UTC), or an error saying there is none.
fn commit_on_or_before(root: &Path, day: Date) -> Result<String, String> {
    let end = day
        .plus_days(1)
        .0
        .and_hms_opt(0, 0, 0)
        .map_or(i64::MAX, |t| t.and_utc().timestamp() - 1);
    let output = git(
        root,
        &[
            "rev-list",
            "-1",
            "--first-parent",
            &format!("--before=@{end}"),
            "HEAD",
        ],
    )?;
    if !output.status.success() {
        return Err(format!(
            "--at {day}: the repository has no commit to read ({})",
            said(&output)
        ));
    }
    let hash = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if hash.is_empty() {
        return Err(format!(
            "--at {day}: no commit on the first-parent line of HEAD is dated on or before the end of {day} (UTC){}",
            first_commit(root).map_or(String::new(), |first| format!("; the first is {first}"))
        ));
    }
    Ok(hash)
}

/// The first commit on the first-parent line of `HEAD`, as `abc1234 of 2026-01-05`.
fn first_commit(root: &Path) -> Option<String> {
    let output = git(
        root,
        &[
            "log",
            "--first-parent",
            "--reverse",
            "--format=%h of %cs",
            "HEAD",
        ],
    )
    .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(str::to_string)
}

/// The commit's date, as the output records it.
fn revision_of(root: &Path, commit: &str) -> Result<Revision, String> {
    let output = git(root, &["show", "-s", "--format=%ct", commit])?;
    let seconds: Option<i64> = String::from_utf8_lossy(&output.stdout).trim().parse().ok();
    let time = seconds.and_then(|s| chrono::DateTime::from_timestamp(s, 0));
    match time {
        Some(time) if output.status.success() => Ok(Revision {
            commit: commit.to_string(),
            committed: time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            date: Date(time.date_naive()),
        }),
        _ => Err(format!(
            "cannot read the date of commit {commit}: {}",
            said(&output)
        )),
    }
}

/// A temporary folder only the user can read (0700 on Unix).
fn private_folder() -> Result<tempfile::TempDir, String> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("tracemark-at-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    builder
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder for --at: {e}"))
}

fn folder_error(path: &Path, e: std::io::Error) -> String {
    format!(
        "cannot write the sources of --at into `{}`: {e}",
        path.display()
    )
}

/// One entry of `git ls-tree -r`: what it is, its object, and its path under the root.
struct Entry {
    kind: Kind,
    object: String,
    path: PathBuf,
}

/// The entries written: files and symbolic links (submodules are skipped).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Link,
}

/// Writes every file and link of `commit` under `prefix` into `into`.
fn write_tree(root: &Path, commit: &str, prefix: &str, into: &Path) -> Result<(), String> {
    let tree = match prefix.trim_end_matches('/') {
        "" => format!("{commit}^{{tree}}"),
        folder => format!("{commit}:{folder}"),
    };
    let output = git(root, &["ls-tree", "-r", "-z", "--full-tree", &tree])?;
    if !output.status.success() {
        return Err(format!(
            "--at: the portal's folder `{prefix}` did not exist in commit {commit} ({})",
            said(&output)
        ));
    }
    let entries = parse_tree(&output.stdout)?;
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    // Entries come sorted by path, so the files of one folder follow each other.
    let mut made = PathBuf::new();
    let links = stream_blobs(root, &entries, |entry, size, blob| {
        let _writing = writing();
        let path = into.join(&entry.path);
        if let Some(parent) = path.parent()
            && parent != made
        {
            std::fs::create_dir_all(parent).map_err(|e| folder_error(parent, e))?;
            made = parent.to_path_buf();
        }
        let mut out = file.open(&path).map_err(|e| folder_error(&path, e))?;
        let copied = std::io::copy(&mut blob.take(size), &mut out)
            .map_err(|e| format!("reading from git cat-file: {e}"))?;
        if copied != size {
            return Err("git cat-file ended early".into());
        }
        Ok(())
    })?;
    for (entry, target) in links {
        let _writing = writing();
        make_link(into, &entry.path, &target)?;
    }
    Ok(())
}

/// Parses `git ls-tree -r -z` output: files and links kept, submodules skipped, every path
/// checked to be plain relative components.
fn parse_tree(listing: &[u8]) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let Some(tab) = record.iter().position(|&b| b == b'\t') else {
            return Err("unexpected output from git ls-tree".into());
        };
        let head = String::from_utf8_lossy(&record[..tab]);
        let mut fields = head.split(' ');
        let (mode, _kind, object) = (fields.next(), fields.next(), fields.next());
        let kind = match mode {
            Some("100644" | "100755" | "100664") => Kind::File,
            Some("120000") => Kind::Link,
            // Submodules (160000): their commits are in another repository.
            _ => continue,
        };
        let path = safe_path(&record[tab + 1..])?;
        entries.push(Entry {
            kind,
            object: object.unwrap_or_default().to_string(),
            path,
        });
    }
    Ok(entries)
}

/// A path git stores, as a relative path of plain components, or an error naming it.
fn safe_path(bytes: &[u8]) -> Result<PathBuf, String> {
    let text = String::from_utf8_lossy(bytes);
    let unsafe_path =
        || format!("--at: the commit holds a path that cannot be written safely: `{text}`");
    #[cfg(unix)]
    let path = PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes));
    #[cfg(not(unix))]
    let path = PathBuf::from(String::from_utf8(bytes.to_vec()).map_err(|_| unsafe_path())?);
    let plain = bytes
        .split(|&b| b == b'/')
        .all(|part| !part.is_empty() && part != b"." && part != b"..")
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if plain { Ok(path) } else { Err(unsafe_path()) }
}

/// Streams the blob of every entry through one `git cat-file --batch`: each file's blob goes
/// to `write` (the reader holds exactly its `size` bytes first); the links' targets are
/// returned, to be made after every file is written.
fn stream_blobs<'e>(
    root: &Path,
    entries: &'e [Entry],
    mut write: impl FnMut(&Entry, u64, &mut dyn Read) -> Result<(), String>,
) -> Result<Vec<(&'e Entry, Vec<u8>)>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(spawn_error)?;
    let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err("cannot talk to git cat-file".into());
    };
    let mut links = Vec::new();
    let read = std::thread::scope(|scope| {
        // Asked for on one thread, read on this one, so neither pipe fills up and waits.
        scope.spawn(move || {
            let mut stdin = std::io::BufWriter::new(stdin);
            for entry in entries {
                if writeln!(stdin, "{}", entry.object).is_err() {
                    return;
                }
            }
            // Closing stdin makes git flush what it buffered and end.
            let _ = stdin.flush();
        });
        let mut reader = BufReader::new(stdout);
        for entry in entries {
            let size = blob_header(&mut reader, entry)?;
            if entry.kind == Kind::Link {
                let mut target = Vec::new();
                (&mut reader)
                    .take(size)
                    .read_to_end(&mut target)
                    .map_err(|e| format!("reading from git cat-file: {e}"))?;
                links.push((entry, target));
            } else {
                write(entry, size, &mut reader)?;
            }
            let mut newline = [0u8];
            reader
                .read_exact(&mut newline)
                .map_err(|e| format!("reading from git cat-file: {e}"))?;
        }
        Ok::<(), String>(())
    });
    // On an error, stop git rather than wait for it to write into a pipe nobody reads.
    if read.is_err() {
        let _ = child.kill();
    }
    let _ = child.wait();
    read.map(|()| links)
}

/// Reads `<object> blob <size>` and returns the size, or says what git answered instead.
fn blob_header(reader: &mut impl BufRead, entry: &Entry) -> Result<u64, String> {
    let mut header = String::new();
    reader
        .read_line(&mut header)
        .map_err(|e| format!("reading from git cat-file: {e}"))?;
    let fields: Vec<&str> = header.split_whitespace().collect();
    match fields.as_slice() {
        [_, "blob", size] => size
            .parse()
            .map_err(|_| format!("unexpected answer from git cat-file: {header}")),
        _ => Err(format!(
            "git cannot read `{}` ({}): {}",
            entry.path.display(),
            entry.object,
            header.trim()
        )),
    }
}

/// Makes a symbolic link with the target git stores (Unix only; skipped elsewhere). Created
/// new, after every file, so nothing is ever written through it.
fn make_link(into: &Path, path: &Path, target: &[u8]) -> Result<(), String> {
    #[cfg(unix)]
    {
        let link = into.join(path);
        if let Some(parent) = link.parent() {
            std::fs::create_dir_all(parent).map_err(|e| folder_error(parent, e))?;
        }
        // On a disk that ignores letter case, `a/x` may name a folder through the link `A`:
        // a link is made only in a folder that truly lies inside.
        let inside = match (link.parent().map(Path::canonicalize), into.canonicalize()) {
            (Some(Ok(parent)), Ok(into)) => parent.starts_with(into),
            _ => false,
        };
        if !inside {
            return Err(format!(
                "--at: the commit holds a link that cannot be written safely: `{}`",
                path.display()
            ));
        }
        let target = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(target);
        std::os::unix::fs::symlink(target, &link).map_err(|e| folder_error(&link, e))?;
    }
    #[cfg(not(unix))]
    let _ = (into, path, target);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for (mode, path) in entries {
            let kind = if *mode == "160000" { "commit" } else { "blob" };
            bytes.extend_from_slice(format!("{mode} {kind} 0123abcd\t{path}\0").as_bytes());
        }
        bytes
    }

    #[test]
    fn files_and_links_are_kept_and_submodules_skipped() {
        let entries = parse_tree(&listing(&[
            ("100644", "portal.yaml"),
            ("100755", "content/pages/a b/x.md"),
            ("120000", "content/link.md"),
            ("160000", "vendor/sub"),
        ]))
        .unwrap();
        let kept: Vec<(String, bool)> = entries
            .iter()
            .map(|e| (e.path.display().to_string(), e.kind == Kind::Link))
            .collect();
        assert_eq!(
            kept,
            [
                ("portal.yaml".to_string(), false),
                ("content/pages/a b/x.md".to_string(), false),
                ("content/link.md".to_string(), true),
            ]
        );
        assert!(entries.iter().all(|e| e.object == "0123abcd"));
    }

    #[test]
    fn paths_that_could_leave_the_folder_are_refused() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a/.", ""] {
            let refused = safe_path(bad.as_bytes());
            assert!(refused.is_err(), "{bad:?} accepted");
        }
        assert!(parse_tree(&listing(&[("100644", "content/../../x")])).is_err());
        assert!(safe_path(b"content/policies/caf\xc3\xa9.md").is_ok());
    }
}
