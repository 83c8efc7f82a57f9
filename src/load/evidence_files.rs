//! Finding evidence artifacts on disk, and refusing any that lie outside `content/`.

use std::path::{Component, Path};

use rayon::prelude::*;

use super::source::relative;
use crate::diagnostics::Diagnostic;
use crate::model::{Artifact, Evidence};

/// Resolves each record's `file` relative to its YAML file and records size and output path.
pub fn locate(root: &Path, evidence: &mut [Evidence], diagnostics: &mut Vec<Diagnostic>) {
    let content = root.join("content");
    let Ok(real_content) = content.canonicalize() else {
        return;
    };
    // Canonicalising and hashing 100,000 artifacts is I/O-bound work: done in parallel, the
    // problems kept in record order.
    let found: Vec<Option<Diagnostic>> = evidence
        .par_iter_mut()
        .map(|record| locate_one(root, &content, &real_content, record).err())
        .collect();
    diagnostics.extend(found.into_iter().flatten());
}

/// Finds one record's artifact and sets `record.artifact`, or says why it cannot.
fn locate_one(
    root: &Path,
    content: &Path,
    real_content: &Path,
    record: &mut Evidence,
) -> Result<(), Diagnostic> {
    let Some(file) = record.file.clone() else {
        return Ok(());
    };
    if record.source.patched(&["file"]) {
        return Ok(());
    }
    let yaml_dir = Path::new(&record.source.file)
        .parent()
        .unwrap_or(Path::new(""));
    let at = |d: Diagnostic| record.source.locate(d, "file");
    if Path::new(&file).is_absolute()
        || Path::new(&file)
            .components()
            .any(|c| c == Component::ParentDir)
    {
        return Err(at(Diagnostic::error(
            "E301",
            format!(
                "evidence `{}`: file `{file}` must be a relative path without `..`",
                record.id
            ),
        ))
        .help("keep evidence artifacts under content/evidence/files/"));
    }
    let path = root.join(yaml_dir).join(&file);
    let real = match path.canonicalize() {
        Ok(real) => real,
        Err(_) => {
            return Err(at(Diagnostic::error(
                "E302",
                format!(
                    "evidence `{}`: file `{}` does not exist",
                    record.id,
                    relative(root, &path)
                ),
            )));
        }
    };
    if !real.starts_with(real_content) {
        return Err(at(Diagnostic::error(
            "E301",
            format!(
                "evidence `{}`: file `{file}` resolves outside content/",
                record.id
            ),
        )));
    }
    let hashed = if real.is_file() {
        crate::digest::hash_file(&real).ok()
    } else {
        None
    };
    let Some((sha256, size)) = hashed else {
        return Err(at(Diagnostic::error(
            "E302",
            format!("evidence `{}`: `{file}` is not a readable file", record.id),
        )));
    };
    if size <= LFS_POINTER_MAX && is_lfs_pointer(&real) {
        return Err(at(Diagnostic::error(
            "E303",
            format!(
                "evidence `{}`: `{file}` is a Git LFS pointer, not the artifact: its hash would be the pointer's",
                record.id
            ),
        ))
        .help("fetch the content with `git lfs pull` (a build --at a commit reads what git stores, which for an LFS file is only the pointer), or store the artifact in git itself"));
    }
    let source_path = relative(root, &path);
    let in_content = relative(content, &path);
    let output_path = match in_content.strip_prefix("evidence/") {
        Some(rest) if rest.starts_with("files/") => format!("evidence/{rest}"),
        _ => format!("evidence/files/{in_content}"),
    };
    let output_path = portable(&output_path);
    record.artifact = Some(Artifact {
        output_path,
        source_path,
        size,
        sha256,
    });
    Ok(())
}

/// The largest Git LFS pointer file: the specification keeps them under 1024 bytes.
const LFS_POINTER_MAX: u64 = 1024;

/// Whether a small file is a Git LFS pointer (`version https://git-lfs.github.com/spec/v1`
/// on its first line), which stands in for content kept outside git.
fn is_lfs_pointer(path: &Path) -> bool {
    const SPEC: &[u8] = b"version https://git-lfs.github.com/spec/v1";
    std::fs::read(path).is_ok_and(|bytes| bytes.starts_with(SPEC))
}

/// An output path every file system and zip extractor reads as the same file: characters
/// Windows treats as separators or drive letters (`\\`, `:`) and control characters become `-`.
fn portable(path: &str) -> String {
    path.chars()
        .map(|c| {
            if c.is_control() || c == '\\' || c == ':' {
                '-'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_are_portable() {
        assert_eq!(
            portable("evidence/files/..\\..\\evil.txt"),
            "evidence/files/..-..-evil.txt"
        );
        assert_eq!(
            portable("evidence/files/C:x\u{7}.txt"),
            "evidence/files/C-x-.txt"
        );
        assert_eq!(
            portable("evidence/files/Q3 report #2 (100%).txt"),
            "evidence/files/Q3 report #2 (100%).txt"
        );
    }
}
