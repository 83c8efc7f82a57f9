//! `tracemark verify`: re-hash a built auditor package against its manifest, check every
//! evidence artifact against the SHA-256 read from its source, and (with allowed signers) the
//! manifest's SSH signature.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::digest::hash_file;
use crate::write::package::{MANIFEST, Manifest, PACKAGE_INFO, PackageInfo, SIGNATURE};

/// What differs between a package and its manifest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// Files on disk the manifest does not list.
    pub added: Vec<String>,
    /// Files the manifest lists that are gone.
    pub missing: Vec<String>,
    /// Files whose size or SHA-256 changed.
    pub altered: Vec<String>,
    /// Entries that are not regular files or folders (symlinks, FIFOs, sockets, devices).
    pub irregular: Vec<String>,
    /// Evidence artifacts that differ from their source, or whose page does not state the
    /// source's SHA-256.
    pub evidence: Vec<String>,
    /// Manifest fields that disagree with the hashed `package-info.json`.
    pub fields: Vec<String>,
    /// The principal whose key signed the manifest, when allowed signers were given.
    pub signed_by: Option<String>,
    /// Files checked.
    pub checked: usize,
}

impl Verification {
    /// Whether the package matches its manifest exactly.
    pub fn is_intact(&self) -> bool {
        self.problems() == 0
    }

    /// How many problems were found.
    pub fn problems(&self) -> usize {
        self.added.len()
            + self.missing.len()
            + self.altered.len()
            + self.irregular.len()
            + self.evidence.len()
            + self.fields.len()
    }
}

/// Compares every entry under `dir` with `dir/manifest.json`; with `allowed_signers`, first
/// checks `manifest.json.sig` (an invalid or missing signature is an `Err`).
pub fn verify(dir: &Path, allowed_signers: Option<&Path>) -> Result<Verification, String> {
    let manifest_path = dir.join(MANIFEST);
    let bytes = std::fs::read(&manifest_path)
        .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    let mut result = Verification {
        signed_by: allowed_signers
            .map(|signers| check_signature(dir, signers, &bytes))
            .transpose()?,
        ..Verification::default()
    };
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{} is not a Tracemark manifest: {e}",
            manifest_path.display()
        )
    })?;
    let hashes = check_files(dir, &manifest, &mut result)?;
    check_evidence(dir, &manifest, &hashes, &mut result);
    check_fields(dir, &manifest, &mut result);
    Ok(result)
}

/// The principal whose key signed the manifest, or why the signature does not hold.
fn check_signature(dir: &Path, signers: &Path, manifest: &[u8]) -> Result<String, String> {
    let signers = std::fs::read_to_string(signers)
        .map_err(|e| format!("cannot read {}: {e}", signers.display()))?;
    let path = dir.join(SIGNATURE);
    let signature = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "the package is not signed: cannot read {}: {e}",
            path.display()
        )
    })?;
    crate::signature::verify(&signers, manifest, &signature)
}

/// Walks the package without following links: regular files are hashed against the
/// manifest; anything else but a folder is irregular. Returns the actual hash of each file.
fn check_files(
    dir: &Path,
    manifest: &Manifest,
    result: &mut Verification,
) -> Result<BTreeMap<String, String>, String> {
    let mut expected: BTreeMap<&str, (&str, u64)> = manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), (f.sha256.as_str(), f.size)))
        .collect();
    let mut actual = BTreeMap::new();
    let mut entries: Vec<_> = WalkDir::new(dir)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    entries.sort_by(|a, b| a.path().cmp(b.path()));
    for entry in entries {
        let path = crate::load::relative(dir, entry.path());
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            expected.remove(path.as_str());
            result.irregular.push(path);
            continue;
        }
        if path == MANIFEST || path == SIGNATURE {
            continue;
        }
        result.checked += 1;
        let (sha256, size) =
            hash_file(entry.path()).map_err(|e| format!("cannot read {path}: {e}"))?;
        match expected.remove(path.as_str()) {
            None => result.added.push(path.clone()),
            Some((want, want_size)) if want != sha256 || want_size != size => {
                result.altered.push(path.clone())
            }
            Some(_) => {}
        }
        actual.insert(path, sha256);
    }
    result.missing = expected.into_keys().map(str::to_string).collect();
    Ok(actual)
}

/// Each artifact must hash to the SHA-256 read from its source at build time, and its page
/// must state that hash: a file swapped and re-hashed into the manifest is still caught.
fn check_evidence(
    dir: &Path,
    manifest: &Manifest,
    actual: &BTreeMap<String, String>,
    result: &mut Verification,
) {
    for entry in &manifest.evidence {
        if actual.get(&entry.file) != Some(&entry.sha256) {
            result.evidence.push(format!(
                "{} is not the artifact of {} (SHA-256 {} at build time)",
                entry.file, entry.id, entry.sha256
            ));
        }
        let page = std::fs::read_to_string(dir.join(&entry.page)).unwrap_or_default();
        if !page.contains(&entry.sha256) {
            result.evidence.push(format!(
                "{} does not state the SHA-256 of {}",
                entry.page, entry.file
            ));
        }
    }
    // Every artifact in the package is accounted for by an evidence entry.
    let listed: Vec<&str> = manifest.evidence.iter().map(|e| e.file.as_str()).collect();
    for path in actual.keys() {
        if path.starts_with("evidence/files/") && !listed.contains(&path.as_str()) {
            result
                .evidence
                .push(format!("{path} is not the artifact of any evidence record"));
        }
    }
}

/// The manifest's own fields must equal those of the hashed `package-info.json`.
fn check_fields(dir: &Path, manifest: &Manifest, result: &mut Verification) {
    let recorded: Option<PackageInfo> = std::fs::read(dir.join(PACKAGE_INFO))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let Some(recorded) = recorded else {
        result
            .fields
            .push(format!("{PACKAGE_INFO} is missing or unreadable"));
        return;
    };
    let pairs = [
        ("generator", &manifest.info.generator, &recorded.generator),
        ("title", &manifest.info.title, &recorded.title),
        ("today", &manifest.info.today, &recorded.today),
        ("audience", &manifest.info.audience, &recorded.audience),
    ];
    for (name, said, hashed) in pairs {
        if said != hashed {
            result.fields.push(format!(
                "manifest.json says {name} `{said}`, {PACKAGE_INFO} says `{hashed}`"
            ));
        }
    }
}
