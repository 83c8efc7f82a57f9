//! Golden listings of an output tree: one line per file, `SHA256  PATH` (the format of
//! `sha256sum`, so `sha256sum -c` checks a build against it), so that a difference names the
//! pages that changed. Re-recorded with `TRACEMARK_BLESS=1`.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::assert::snapshot;

/// Every file under `dir` with the SHA-256 of its bytes, sorted by path.
pub fn tree_listing(dir: &Path) -> String {
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("{hash}  {path}\n")
        })
        .collect()
}

/// Compares `actual` with the golden file `golden` (relative to the repository root); with
/// `TRACEMARK_BLESS` set, records `actual` first. On a difference, names every line that was
/// removed (`-`) or added (`+`), so the pages that changed are named.
pub fn assert_golden(golden: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(golden);
    if std::env::var_os("TRACEMARK_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected == actual {
        return;
    }
    let old: std::collections::BTreeSet<&str> = expected.lines().collect();
    let new: std::collections::BTreeSet<&str> = actual.lines().collect();
    let mut diff = String::new();
    for line in old.difference(&new) {
        diff.push_str(&format!("- {line}\n"));
    }
    for line in new.difference(&old) {
        diff.push_str(&format!("+ {line}\n"));
    }
    panic!(
        "{golden} differs from this build:\n{diff}if that was meant, run the test again with TRACEMARK_BLESS=1"
    );
}
