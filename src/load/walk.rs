//! Walking source folders in a defined order, without leaving the project.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::source::relative;
use crate::diagnostics::Diagnostic;

/// Every regular file under `dir`, sorted by path. Symlinks are followed only while they stay
/// inside `dir` itself: one that leaves it (`content/policies/usr -> /usr`, or
/// `static/x -> ../content`) is one error and is not walked. Loops are reported.
pub fn files(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let folder = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !folder.starts_with(&real_root) {
        // `content -> /somewhere`: the whole folder leaves the portal.
        let path = relative(root, dir);
        diagnostics.push(
            Diagnostic::error(
                "E003",
                format!("`{path}` is a symlink that leaves the portal"),
            )
            .at(path, 0)
            .help("keep the portal's folders inside its root"),
        );
        return Vec::new();
    }
    let escapes = RefCell::new(Vec::new());
    let walk = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let leaves = entry.path_is_symlink()
                && entry
                    .path()
                    .canonicalize()
                    .map_or(true, |real| !real.starts_with(&folder));
            if leaves {
                escapes.borrow_mut().push(entry.path().to_path_buf());
            }
            !leaves
        });
    let mut found = Vec::new();
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_default();
                let (code, what) = if err.loop_ancestor().is_some() {
                    ("E004", "a symlink loop")
                } else {
                    ("E001", "an unreadable entry")
                };
                diagnostics.push(
                    Diagnostic::error(code, format!("`{path}` is {what}: {err}")).at(path, 0),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        // Editors' and systems' hidden files (.DS_Store, .#lock) are not content.
        let hidden = entry
            .path()
            .strip_prefix(dir)
            .map(|rel| {
                rel.components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            })
            .unwrap_or(false);
        if !hidden {
            found.push(entry.into_path());
        }
    }
    let top = relative(root, dir);
    for link in escapes.into_inner() {
        let path = relative(root, &link);
        diagnostics.push(
            Diagnostic::error(
                "E003",
                format!("`{path}` is a symlink that leaves `{top}/`"),
            )
            .at(path, 0)
            .help(format!(
                "copy what it points to into `{top}/` instead of linking to it"
            )),
        );
    }
    found
}

/// Refuses a file that is a symlink leading out of the portal root (E003).
pub fn inside_root(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match path.canonicalize() {
        Ok(real) if path.is_symlink() && !real.starts_with(&real_root) => {
            let file = relative(root, path);
            Err(Diagnostic::error(
                "E003",
                format!("`{file}` is a symlink that leaves the portal"),
            )
            .at(file, 0)
            .help("copy the file into the portal instead of linking to it"))
        }
        _ => Ok(()),
    }
}

/// Files under an override folder (`templates/`, `static/`): name relative to it, and path.
pub fn overrides(
    root: &Path,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    files(root, dir, diagnostics)
        .into_iter()
        .map(|path| (relative(dir, &path), path))
        .collect()
}
