//! Walking source folders in a defined order, without leaving the project.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::source::relative;
use crate::diagnostics::Diagnostic;

/// Every regular file under `dir`, sorted by path. Symlinks are followed only while they stay
/// inside the portal root; loops and escapes are reported.
pub fn files(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut found = Vec::new();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
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
        if entry.path_is_symlink() || entry.path().ancestors().any(|a| a.is_symlink()) {
            let escapes = entry
                .path()
                .canonicalize()
                .map_or(true, |real| !real.starts_with(&canonical_root));
            if escapes {
                let path = relative(root, entry.path());
                diagnostics.push(
                    Diagnostic::error(
                        "E003",
                        format!("`{path}` is a symlink that leaves the project"),
                    )
                    .at(path, 0)
                    .help("copy the file into the project instead of linking to it"),
                );
                continue;
            }
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
    found
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
