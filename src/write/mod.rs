//! Write: build the output in a fresh sibling directory and swap it in only when everything
//! succeeded, so a failed build leaves the previous portal exactly as it was.

pub mod gate;
pub mod package;

use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::model::{Audience, Revision};
pub use crate::shared::output_files::{BUILTIN_STATIC, MARKER};
use gate::Gate;

/// Why the output directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// `--out` would overwrite the sources or something not ours.
    #[error("refusing to write to `{path}`: {reason}")]
    Refused {
        /// The output directory.
        path: String,
        /// Why.
        reason: String,
    },
    /// The swap into place failed; `state` says which output is in place.
    #[error("cannot move the new output into `{path}`: {source}; {state}")]
    Swap {
        /// The output directory.
        path: String,
        /// The error.
        source: io::Error,
        /// What is on disk now.
        state: String,
    },
    /// The disk said no.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The error.
        source: io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// An output being built beside its final place.
#[derive(Debug)]
pub struct Staging {
    staging: PathBuf,
    out: PathBuf,
    /// Scans every file before it is written, when the audience may not see everything.
    gate: Option<Gate>,
}

impl Staging {
    /// Checks that `out` may be (re)placed by a build for `audience` and creates a fresh
    /// staging directory beside it. An output built for another audience is replaced only when
    /// `force` is set, so a handbook never silently lands where a trust center was published.
    pub fn begin(
        root: &Path,
        out: &Path,
        audience: Audience,
        force: bool,
    ) -> Result<Staging, WriteError> {
        Staging::begin_at(root, out, audience, force, None)
    }

    /// [`Staging::begin`] for sources read from a commit (`build --at`), which the marker
    /// records.
    pub fn begin_at(
        root: &Path,
        out: &Path,
        audience: Audience,
        force: bool,
        revision: Option<&Revision>,
    ) -> Result<Staging, WriteError> {
        let out = absolute(out);
        let root = absolute(root);
        let refuse = |reason: &str| WriteError::Refused {
            path: out.display().to_string(),
            reason: reason.to_string(),
        };
        if root.starts_with(&out) {
            return Err(refuse("it is the portal root or contains it"));
        }
        for source in ["content", "templates", "static", "portal.yaml"] {
            if out == root.join(source) || out.starts_with(root.join(source)) {
                return Err(refuse(&format!("it is inside the portal's `{source}`")));
            }
        }
        if out.join("portal.yaml").exists() || out.join("content").is_dir() {
            return Err(refuse("it holds a portal's sources"));
        }
        if out.exists() {
            if !out.is_dir() {
                return Err(refuse("it is a file, not a directory"));
            }
            let empty = fs::read_dir(&out).map_err(io_error(&out))?.next().is_none();
            if !empty && !out.join(MARKER).is_file() {
                return Err(refuse(
                    "it is not empty and was not written by Tracemark (no `.tracemark` marker)",
                ));
            }
            if !empty && !force {
                let previous = marker_audience(&out);
                if previous.as_deref() != Some(audience.name()) {
                    let was = previous.map_or("an unknown audience".to_string(), |a| {
                        format!("the `{a}` audience")
                    });
                    return Err(refuse(&format!(
                        "it holds a build for {was}, not `{}`; pass --force to replace it, or choose another --out",
                        audience.name()
                    )));
                }
            }
        }
        let parent = out
            .parent()
            .ok_or_else(|| refuse("it has no parent directory"))?;
        fs::create_dir_all(parent).map_err(io_error(parent))?;
        recover(&out)?;
        let staging = sibling(&out, STAGING, std::process::id());
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io_error(&staging))?;
        }
        fs::create_dir(&staging).map_err(io_error(&staging))?;
        // The new output keeps the mode of the one it replaces (a private 0700 stays private),
        // from the start, so nothing is readable by others while it is written.
        if let Ok(meta) = fs::metadata(&out) {
            fs::set_permissions(&staging, meta.permissions()).map_err(io_error(&staging))?;
        }
        let staged = Staging {
            staging,
            out,
            gate: None,
        };
        staged.put(MARKER, marker_text(audience, revision).as_bytes())?;
        Ok(staged)
    }

    /// Scans every file written from now on with `gate` (the leak gate of the audience).
    pub fn guard(&mut self, gate: Option<Gate>) {
        self.gate = gate;
    }

    /// What the leak gate found in the files written so far.
    pub fn leaks(&self) -> Vec<crate::diagnostics::Diagnostic> {
        self.gate.as_ref().map(Gate::found).unwrap_or_default()
    }

    /// Writes one file at a relative path inside the output. Safe to call from many threads.
    pub fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError> {
        if let Some(gate) = &self.gate {
            gate.inspect(relative, bytes);
        }
        let path = inside(&self.staging, relative)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::write(&path, bytes).map_err(io_error(&path))
    }

    /// Copies a file into the output (through the gate, when there is one).
    pub fn copy(&self, relative: &str, from: &Path) -> Result<(), WriteError> {
        if self.gate.is_some() {
            let bytes = fs::read(from).map_err(io_error(from))?;
            return self.put(relative, &bytes);
        }
        let path = inside(&self.staging, relative)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::copy(from, &path).map(|_| ()).map_err(io_error(from))
    }

    /// The staging directory, for steps that read back what was written (the manifest).
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staging directory into place, removing the previous output. Should the process
    /// die between the two renames, the previous output waits beside `out` and the next build
    /// puts it back ([`recover`]). Every error says which output is in place afterwards.
    pub fn commit(self) -> Result<Committed, WriteError> {
        self.commit_with(remove_tree)
    }

    /// [`Staging::commit`], removing the previous output with `remove` (tests make it fail).
    fn commit_with(
        self,
        remove: impl Fn(&Path) -> io::Result<()>,
    ) -> Result<Committed, WriteError> {
        let out = self.out.clone();
        if !out.exists() {
            fs::rename(&self.staging, &out).map_err(io_error(&out))?;
            return Ok(Committed {
                out,
                leftover: None,
            });
        }
        let old = sibling(&out, OLD, std::process::id());
        if old.exists() {
            fs::remove_dir_all(&old).map_err(io_error(&old))?;
        }
        fs::rename(&out, &old).map_err(io_error(&out))?;
        if let Err(source) = fs::rename(&self.staging, &out) {
            // Put the previous output back before reporting.
            let state = match fs::rename(&old, &out) {
                Ok(()) => "the previous output is unchanged".to_string(),
                Err(e) => format!(
                    "the previous output could not be put back ({e}): it waits in `{}`, and the next build puts it back",
                    old.display()
                ),
            };
            return Err(WriteError::Swap {
                path: out.display().to_string(),
                source,
                state,
            });
        }
        // The new output is in place: a previous one that cannot be removed is only debris,
        // reported to the caller, and removed by the next build.
        let leftover = remove(&old).err().map(|e| {
            format!(
                "could not remove the previous output in `{}`: {e}",
                old.display()
            )
        });
        Ok(Committed { out, leftover })
    }
}

/// The path of a relative output path under `base`; never outside it.
fn inside(base: &Path, relative: &str) -> Result<PathBuf, WriteError> {
    let rel = Path::new(relative);
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !safe || relative.is_empty() {
        return Err(WriteError::Refused {
            path: relative.to_string(),
            reason: "output paths must stay inside the output directory".into(),
        });
    }
    Ok(base.join(rel))
}

/// Where the steps that write files put them: a staging directory (`build`), or an output
/// updated in place (`serve`).
pub trait Sink: Sync {
    /// Writes one file at a relative path inside the output.
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError>;
    /// The output directory, for steps that read back what was written (the manifest).
    fn dir(&self) -> &Path;
    /// Copies a file into the output.
    fn copy(&self, relative: &str, from: &Path) -> Result<(), WriteError> {
        let bytes = fs::read(from).map_err(io_error(from))?;
        self.put(relative, &bytes)
    }
    /// Shows the leak gate an output that is not a file of its own (a search document,
    /// before it is serialised into the index).
    fn inspect(&self, _output: &str, _text: &str) {}
}

impl Sink for Staging {
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError> {
        Staging::put(self, relative, bytes)
    }

    fn dir(&self) -> &Path {
        Staging::dir(self)
    }

    fn copy(&self, relative: &str, from: &Path) -> Result<(), WriteError> {
        Staging::copy(self, relative, from)
    }

    fn inspect(&self, output: &str, text: &str) {
        if let Some(gate) = &self.gate {
            gate.inspect(output, text.as_bytes());
        }
    }
}

/// An output that is only scanned, never written: `check` runs the leak gate of the
/// audience over every file a build would write.
#[derive(Debug)]
pub struct Scan {
    gate: Gate,
}

impl Scan {
    /// Scans with `gate`.
    pub fn new(gate: Gate) -> Scan {
        Scan { gate }
    }

    /// What the gate found.
    pub fn leaks(&self) -> Vec<crate::diagnostics::Diagnostic> {
        self.gate.found()
    }
}

impl Sink for Scan {
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.gate.inspect(relative, bytes);
        Ok(())
    }

    fn dir(&self) -> &Path {
        Path::new(".")
    }

    fn inspect(&self, output: &str, text: &str) {
        self.gate.inspect(output, text.as_bytes());
    }
}

/// An output updated in place, one file at a time (`serve` rewrites only what changed). Each
/// file is written beside its place and renamed over it, so a reader never sees half a file.
#[derive(Debug)]
pub struct Live {
    dir: PathBuf,
}

impl Live {
    /// The output directory `dir`, which exists.
    pub fn new(dir: &Path) -> Live {
        Live {
            dir: dir.to_path_buf(),
        }
    }

    /// Copies a file into the output.
    pub fn copy(&self, relative: &str, from: &Path) -> Result<(), WriteError> {
        let bytes = fs::read(from).map_err(io_error(from))?;
        self.put(relative, &bytes)
    }

    /// Removes a file of the output, and the folders it leaves empty.
    pub fn remove(&self, relative: &str) -> Result<(), WriteError> {
        let path = inside(&self.dir, relative)?;
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&path)(e)),
            _ => {}
        }
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|d| *d != self.dir) {
            // A folder that still holds files stays.
            if fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
        Ok(())
    }
}

impl Sink for Live {
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = inside(&self.dir, relative)?;
        let parent = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(parent).map_err(io_error(parent))?;
        // Same folder, so the rename is atomic; one writer per path at a time.
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let temporary = parent.join(format!(".{name}.tracemark-new"));
        fs::write(&temporary, bytes).map_err(io_error(&temporary))?;
        fs::rename(&temporary, &path).map_err(io_error(&path))
    }

    fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Removes a directory tree, its files in parallel: a previous output of 200,000 pages takes
/// seconds to remove one file at a time. Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    // Our marker goes last, just before its folder: a build killed while removing a parked
    // output leaves a folder that `recover` still knows as ours and removes.
    let marker = dir.join(MARKER);
    let (marker, files): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|f| *f == marker);
    files.par_iter().try_for_each(fs::remove_file)?;
    // Contents first: each folder is empty when its turn comes; the tree's own folder is last.
    let (own, inner) = dirs
        .split_last()
        .map_or((None, &[][..]), |(own, inner)| (Some(own), inner));
    inner.iter().try_for_each(fs::remove_dir)?;
    marker.iter().try_for_each(fs::remove_file)?;
    own.map_or(Ok(()), fs::remove_dir)
}

/// An output swapped into place, with what the swap left behind to clean up.
#[derive(Debug)]
pub struct Committed {
    /// Where the new output is.
    pub out: PathBuf,
    /// Why the previous output could not be removed, if it could not (the new one is in place).
    pub leftover: Option<String>,
}

/// The marker's text: what wrote the directory and for which audience, and the commit its
/// sources were read from when they were not the work tree (`build --at`).
fn marker_text(audience: Audience, revision: Option<&Revision>) -> String {
    let mut text = format!(
        "written by tracemark; this directory is replaced on every build\naudience: {}\n",
        audience.name()
    );
    if let Some(revision) = revision {
        text.push_str(&format!(
            "revision: {}\nrevision date: {}\n",
            revision.commit, revision.committed
        ));
    }
    text
}

/// The audience recorded in an output's marker (`None` for a marker without one).
pub fn marker_audience(out: &Path) -> Option<String> {
    let text = fs::read_to_string(out.join(MARKER)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("audience: "))
        .map(|a| a.trim().to_string())
}

impl Drop for Staging {
    /// A build that did not commit leaves no staging directory behind.
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Name part of a sibling holding a build in progress.
const STAGING: &str = "tracemark-staging";
/// Name part of a sibling holding the previous output during the swap.
const OLD: &str = "tracemark-old";

/// `.{name}.{what}-{pid}` beside `out`.
fn sibling(out: &Path, what: &str, pid: u32) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.{what}-{pid}"))
}

/// Siblings of `out` left by a build of another process: `(path, kind, pid)`.
fn leftovers(out: &Path) -> Vec<(PathBuf, &'static str, u32)> {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Vec::new();
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        for kind in [STAGING, OLD] {
            if let Some(pid) = rest
                .strip_prefix(kind)
                .and_then(|r| r.strip_prefix('-'))
                .and_then(|p| p.parse::<u32>().ok())
                && pid != std::process::id()
                && !alive(pid)
            {
                found.push((entry.path(), kind, pid));
            }
        }
    }
    found.sort();
    found
}

/// Whether a process is running (where that can be told; else assume it is, and keep its
/// directories).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Cleans up after builds that were killed: a staging directory is removed; a previous output
/// parked during a swap is put back when `out` is missing (else removed). Only directories
/// holding our marker are touched.
pub fn recover(out: &Path) -> Result<(), WriteError> {
    let out = absolute(out);
    for (path, kind, _) in leftovers(&out) {
        if !path.join(MARKER).is_file() {
            continue;
        }
        if kind == OLD && !out.exists() {
            fs::rename(&path, &out).map_err(io_error(&path))?;
        } else {
            remove_tree(&path).map_err(io_error(&path))?;
        }
    }
    Ok(())
}

/// An absolute, lexically normalised path (the output may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks in the part that exists, so `out` and `root` compare truly.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        real.push(name);
    }
    real
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Audience = Audience::Internal;

    #[test]
    fn removing_a_tree_removes_links_but_never_what_they_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let keep = dir.path().join("keep");
        fs::create_dir_all(keep.join("inner")).unwrap();
        fs::write(keep.join("inner/file.txt"), "kept").unwrap();
        let tree = dir.path().join("old");
        for n in 0..50 {
            let folder = tree.join(format!("d{}/e{n}", n % 5));
            fs::create_dir_all(&folder).unwrap();
            fs::write(folder.join("page.html"), "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(&keep, tree.join("d0/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(
            fs::read_to_string(keep.join("inner/file.txt")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn another_audience_s_output_is_replaced_only_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("portal");
        let out = dir.path().join("out");
        let first = Staging::begin(&root, &out, Audience::Public, false).unwrap();
        first.put("index.html", b"trust center").unwrap();
        first.commit().unwrap();
        assert_eq!(marker_audience(&out).as_deref(), Some("public"));
        let refused = Staging::begin(&root, &out, Audience::Auditor, false).unwrap_err();
        assert!(
            refused.to_string().contains("`public` audience"),
            "{refused}"
        );
        Staging::begin(&root, &out, Audience::Public, false).unwrap();
        let forced = Staging::begin(&root, &out, Audience::Auditor, true).unwrap();
        forced.commit().unwrap();
        assert_eq!(marker_audience(&out).as_deref(), Some("auditor"));
    }

    /// A portal root and an output holding a first build (`index.html` = `v1`), in `dir`.
    fn built_once(dir: &Path) -> (PathBuf, PathBuf) {
        let (root, out) = (dir.join("portal"), dir.join("out"));
        let first = Staging::begin(&root, &out, A, false).unwrap();
        first.put("index.html", b"v1").unwrap();
        first.commit().unwrap();
        (root, out)
    }

    #[test]
    fn a_previous_output_that_cannot_be_removed_leaves_the_new_one_in_place_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = built_once(dir.path());
        let second = Staging::begin(&root, &out, A, false).unwrap();
        second.put("index.html", b"v2").unwrap();
        let done = second
            .commit_with(|_| Err(io::Error::other("device busy")))
            .unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "v2");
        let leftover = done.leftover.unwrap();
        assert!(
            leftover.contains("could not remove the previous output"),
            "{leftover}"
        );
        assert!(!leftover.contains("unchanged"), "{leftover}");
        // The debris waits beside the output for the next build to remove.
        assert!(sibling(&out, OLD, std::process::id()).is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn the_output_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o700)).unwrap();
        let staging = Staging::begin(&dir.path().join("portal"), &out, A, false).unwrap();
        staging.commit().unwrap();
        let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::begin(
            &dir.path().join("portal"),
            &dir.path().join("out"),
            A,
            false,
        )
        .unwrap();
        assert!(staging.put("../escape.txt", b"x").is_err());
        assert!(staging.put("/etc/x", b"x").is_err());
        staging.put("a/b.html", b"ok").unwrap();
        let out = staging.commit().unwrap().out;
        assert!(out.join("a/b.html").is_file());
        assert!(out.join(MARKER).is_file());
        assert!(!dir.path().join("escape.txt").exists());
    }

    #[test]
    fn refuses_foreign_non_empty_directories_and_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let root = dir.path().join("portal");
        assert!(matches!(
            Staging::begin(&root, &foreign, A, false),
            Err(WriteError::Refused { .. })
        ));
        assert!(matches!(
            Staging::begin(&root, &root, A, false),
            Err(WriteError::Refused { .. })
        ));
        assert!(matches!(
            Staging::begin(&root, &root.join("content/x"), A, false),
            Err(WriteError::Refused { .. })
        ));
        assert_eq!(
            fs::read_to_string(foreign.join("keep.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = built_once(dir.path());
        let second = Staging::begin(&root, &out, A, false).unwrap();
        second.put("index.html", b"v2").unwrap();
        drop(second);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "v1");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging directory left behind"
        );
    }

    fn parked(out: &Path, kind: &str, text: &str) -> PathBuf {
        // A pid that cannot be running: above Linux's pid_max.
        let dir = sibling(out, kind, 4_194_305);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(MARKER), marker_text(A, None)).unwrap();
        fs::write(dir.join("index.html"), text).unwrap();
        dir
    }

    #[test]
    fn leftovers_of_a_killed_build_are_cleaned_and_a_parked_output_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let staging = parked(&out, STAGING, "half-written");
        let old = parked(&out, OLD, "v1");
        recover(&out).unwrap();
        assert!(!staging.exists() && !old.exists());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "v1");
        // With an output in place, a parked one is stale: removed, the output kept.
        let old = parked(&out, OLD, "v0");
        Staging::begin(&dir.path().join("portal"), &out, A, false).unwrap();
        assert!(!old.exists());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "v1");
    }

    #[test]
    fn directories_without_the_marker_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let foreign = sibling(&out, STAGING, 4_194_305);
        fs::create_dir_all(&foreign).unwrap();
        recover(&out).unwrap();
        assert!(foreign.exists());
    }
}
