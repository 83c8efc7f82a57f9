//! `tracemark init DIR`: a new portal from the built-in example.

use std::fs;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/example.rs"));

/// Writes the built-in example portal into `dir`, which must not exist or be empty.
/// Returns how many files were written.
pub fn init(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; `init` only writes into a new or empty directory",
                dir.display()
            ));
        }
    }
    for (path, bytes) in EXAMPLE {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, bytes).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(EXAMPLE.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_example_and_refuses_a_non_empty_directory() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new");
        let written = init(&target).unwrap();
        assert!(written > 20);
        assert!(target.join("portal.yaml").is_file());
        assert!(target.join("content/risks").is_dir());
        assert!(init(&target).unwrap_err().contains("not empty"));
    }
}
