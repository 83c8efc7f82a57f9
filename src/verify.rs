//! `tracemark verify`: re-hash a built auditor package against its manifest.

use std::collections::BTreeMap;
use std::path::Path;

use crate::digest::hash_file;
use crate::write::package::{MANIFEST, Manifest, list_files};

/// What differs between a package and its manifest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// Files on disk the manifest does not list.
    pub added: Vec<String>,
    /// Files the manifest lists that are gone.
    pub missing: Vec<String>,
    /// Files whose size or SHA-256 changed.
    pub altered: Vec<String>,
    /// Files checked.
    pub checked: usize,
}

impl Verification {
    /// Whether the package matches its manifest exactly.
    pub fn is_intact(&self) -> bool {
        self.added.is_empty() && self.missing.is_empty() && self.altered.is_empty()
    }
}

/// Compares every file under `dir` with `dir/manifest.json`.
pub fn verify(dir: &Path) -> Result<Verification, String> {
    let manifest_path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not a Tracemark manifest: {e}",
            manifest_path.display()
        )
    })?;
    let mut expected: BTreeMap<&str, (&str, u64)> = manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), (f.sha256.as_str(), f.size)))
        .collect();
    let mut result = Verification::default();
    let files = list_files(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for (path, full) in files {
        if path == MANIFEST {
            continue;
        }
        result.checked += 1;
        match expected.remove(path.as_str()) {
            None => result.added.push(path),
            Some((sha256, size)) => {
                let (actual, actual_size) =
                    hash_file(&full).map_err(|e| format!("cannot read {path}: {e}"))?;
                if actual != sha256 || actual_size != size {
                    result.altered.push(path);
                }
            }
        }
    }
    result.missing = expected.into_keys().map(str::to_string).collect();
    Ok(result)
}
