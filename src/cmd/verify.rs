//! `tracemark verify`: re-hash a built auditor package against its manifest, check every
//! evidence artifact against the SHA-256 read from its source, and (with allowed signers) the
//! manifest's SSH signature.
//!
//! The package is untrusted input: nothing in it is opened before it has been seen, without
//! following links, as a regular file inside it (a FIFO blocks `open`, a link to `/dev/zero`
//! never ends), every read is bounded, and paths from the manifest are never joined to the
//! package folder unless they are plain relative paths.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::write::MARKER;
use crate::write::package::{
    MANIFEST, Manifest, PACKAGE_INFO, PackageInfo, SHA256SUMS, SHA256SUMS_SIGNATURE, SIGNATURE,
};

/// The largest `manifest.json` read: about a million files, far beyond any real portal.
pub const MAX_MANIFEST: u64 = 256 << 20;
/// The largest `manifest.json.sig` or allowed_signers file read (a signature is ~300 bytes).
pub const MAX_SIGNATURE: u64 = 16 << 20;
/// The largest evidence page or `package-info.json` read into memory.
pub const MAX_PAGE: u64 = 64 << 20;

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
    /// Paths in the manifest that are absolute, climb with `..`, or are not plain relative
    /// `/`-separated paths (never opened), or are listed twice.
    pub unsafe_paths: Vec<String>,
    /// Evidence artifacts that differ from their source, or whose page does not state the
    /// source's SHA-256.
    pub evidence: Vec<String>,
    /// Manifest fields that disagree with the hashed `package-info.json`.
    pub fields: Vec<String>,
    /// Where `SHA256SUMS` disagrees with the manifest it is derived from.
    pub sums: Vec<String>,
    /// The principals of the allowed_signers line that allowed the signing key.
    pub signed_by: Option<String>,
    /// How many files of the package were checked against the manifest.
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
            + self.unsafe_paths.len()
            + self.evidence.len()
            + self.fields.len()
            + self.sums.len()
    }
}

/// Compares every entry under `dir` with `dir/manifest.json`, and `SHA256SUMS` with the
/// manifest; with `allowed_signers`, first checks `manifest.json.sig` (and `SHA256SUMS.sig`
/// when the package has `SHA256SUMS`) at `time` (Unix seconds; now when `None`). An
/// unreadable manifest, or an invalid or missing signature, is an `Err`.
pub fn verify(
    dir: &Path,
    allowed_signers: Option<&Path>,
    time: Option<i64>,
) -> Result<Verification, String> {
    let bytes = read_in_package(dir, MANIFEST, MAX_MANIFEST)?;
    let mut result = Verification {
        signed_by: allowed_signers
            .map(|signers| check_signature(dir, signers, &bytes, time))
            .transpose()?,
        ..Verification::default()
    };
    let manifest =
        parse_manifest(&bytes).map_err(|e| format!("{} {e}", dir.join(MANIFEST).display()))?;
    let hashes = check_files(dir, &manifest, &mut result)?;
    check_evidence(dir, &manifest, &hashes, &mut result);
    check_fields(dir, &hashes, &manifest, &mut result);
    check_sums(dir, &hashes, &manifest, &mut result);
    if let Some(signers) = allowed_signers {
        check_sums_signature(dir, signers, &hashes, time)?;
    }
    Ok(result)
}

/// `SHA256SUMS`, when the manifest lists it, must be exactly the text the manifest gives
/// (`package::sha256sums`): `sha256sum -c` then checks the same files with the same hashes.
/// A package without it in the manifest is an older one (one on disk is then `added`).
fn check_sums(
    dir: &Path,
    actual: &BTreeMap<String, Option<String>>,
    manifest: &Manifest,
    result: &mut Verification,
) {
    if !manifest.files.iter().any(|f| f.path == SHA256SUMS) || !actual.contains_key(SHA256SUMS) {
        return;
    }
    let Ok(text) = read_in_package(dir, SHA256SUMS, MAX_MANIFEST) else {
        result.sums.push("unreadable".to_string());
        return;
    };
    let want = crate::write::package::sha256sums(&manifest.files);
    if text == want.as_bytes() {
        return;
    }
    let text = String::from_utf8_lossy(&text);
    let (mut said, mut listed) = (text.lines(), want.lines());
    for line in 1.. {
        match (said.next(), listed.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => break,
            (a, b) => {
                result.sums.push(format!(
                    "line {line} disagrees with manifest.json: it says `{}`, the manifest gives `{}`",
                    a.unwrap_or("(end of file)").escape_debug(),
                    b.unwrap_or("(end of file)").escape_debug()
                ));
                return;
            }
        }
    }
    result
        .sums
        .push("differs from the text manifest.json gives (line ends or spacing)".to_string());
}

/// With allowed signers, a package that has `SHA256SUMS` must have `SHA256SUMS.sig` made by
/// an allowed key over it: the chain an auditor checks with `ssh-keygen` alone.
fn check_sums_signature(
    dir: &Path,
    signers: &Path,
    actual: &BTreeMap<String, Option<String>>,
    time: Option<i64>,
) -> Result<(), String> {
    if !actual.contains_key(SHA256SUMS) {
        return Ok(());
    }
    let sums = read_in_package(dir, SHA256SUMS, MAX_MANIFEST)?;
    let text = File::open(signers)
        .and_then(|file| read_capped(file, MAX_SIGNATURE))
        .map_err(|e| format!("cannot read {}: {e}", signers.display()))?;
    let signature = read_in_package(dir, SHA256SUMS_SIGNATURE, MAX_SIGNATURE)
        .map_err(|e| format!("SHA256SUMS is not signed: {e}"))?;
    let time = time.unwrap_or_else(|| chrono::Utc::now().timestamp());
    crate::signature::verify_file(
        SHA256SUMS,
        &text,
        &signers.display().to_string(),
        &sums,
        &signature,
        time,
    )
    .map(|_| ())
}

/// Reads `manifest.json`'s text: a Tracemark manifest, or why it is not one.
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("is not a Tracemark manifest: {e}"))
}

/// Why a path from the manifest may not be joined to the package folder, if it may not: it
/// must be relative, `/`-separated, without empty, `.` or `..` parts, backslashes, drive
/// prefixes (`C:`) or control characters.
pub fn unsafe_path(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("it is empty");
    }
    if path.starts_with('/') {
        return Some("it is absolute");
    }
    if path.contains('\\') {
        return Some("it contains a backslash");
    }
    if path.chars().any(char::is_control) {
        return Some("it contains a control character");
    }
    let first = path.split('/').next().unwrap_or_default();
    if first.len() >= 2 && first.as_bytes()[1] == b':' && first.as_bytes()[0].is_ascii_alphabetic()
    {
        return Some("it starts with a drive prefix");
    }
    if path.split('/').any(|part| part == "..") {
        return Some("it climbs out with `..`");
    }
    if path.split('/').any(|part| part.is_empty() || part == ".") {
        return Some("it has an empty or `.` part");
    }
    None
}

/// The principal whose key signed the manifest, or why the signature does not hold.
fn check_signature(
    dir: &Path,
    signers: &Path,
    manifest: &[u8],
    time: Option<i64>,
) -> Result<String, String> {
    // The auditor's own file: links are followed (it may live in ~/.ssh), reads are bounded.
    let text = File::open(signers)
        .and_then(|file| read_capped(file, MAX_SIGNATURE))
        .map_err(|e| format!("cannot read {}: {e}", signers.display()))?;
    let signature = read_in_package(dir, SIGNATURE, MAX_SIGNATURE)
        .map_err(|e| format!("the package is not signed: {e}"))?;
    let time = time.unwrap_or_else(|| chrono::Utc::now().timestamp());
    crate::signature::verify(
        &text,
        &signers.display().to_string(),
        manifest,
        &signature,
        time,
    )
}

/// Reads the file `rel` of the package (a safe relative path), which must be a regular file.
fn read_in_package(dir: &Path, rel: &str, cap: u64) -> Result<Vec<u8>, String> {
    let path = dir.join(rel);
    open_regular(&path)
        .and_then(|file| read_capped(file, cap))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Opens `path` only if it is a regular file, not a link to one: looked at first without
/// following links, then opened without following them and without waiting (a FIFO put in
/// its place meanwhile), then checked again on the open file.
fn open_regular(path: &Path) -> io::Result<File> {
    let seen = std::fs::symlink_metadata(path)?;
    if !seen.file_type().is_file() {
        return Err(io::Error::other(format!(
            "not a regular file (a {})",
            kind(&seen.file_type())
        )));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let opened = file.metadata()?;
    #[cfg(unix)]
    let same = {
        use std::os::unix::fs::MetadataExt;
        opened.dev() == seen.dev() && opened.ino() == seen.ino()
    };
    #[cfg(not(unix))]
    let same = true;
    if !opened.is_file() || !same {
        return Err(io::Error::other("replaced while it was being opened"));
    }
    Ok(file)
}

/// What kind of entry a non-regular file is, for messages.
fn kind(kind: &std::fs::FileType) -> &'static str {
    if kind.is_symlink() {
        return "symlink";
    }
    if kind.is_dir() {
        return "folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    "special file"
}

/// The whole content of `file`, or an error past `cap` bytes.
fn read_capped(file: File, cap: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::other(format!(
            "larger than {} MB, which no real package file reaches",
            cap >> 20
        )));
    }
    Ok(bytes)
}

/// SHA-256 (lower-case hex) and size of a regular file of the package.
fn hash_regular(path: &Path) -> io::Result<(String, u64)> {
    let mut file = open_regular(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((hex, size))
}

/// Walks the package without following links: regular files are hashed against the
/// manifest; anything else but a folder is irregular. The `.tracemark` marker is ignored,
/// on disk and in the manifest (older packages listed it). Only listed files of the listed
/// size are read, so the manifest bounds what is read. Returns every regular file with its
/// hash (`None` when not read): what later checks may open.
fn check_files(
    dir: &Path,
    manifest: &Manifest,
    result: &mut Verification,
) -> Result<BTreeMap<String, Option<String>>, String> {
    let mut expected: BTreeMap<&str, (&str, u64)> = BTreeMap::new();
    for f in &manifest.files {
        if let Some(reason) = unsafe_path(&f.path) {
            result
                .unsafe_paths
                .push(format!("{} ({reason})", f.path.escape_debug()));
        } else if f.path == MANIFEST || f.path == SIGNATURE || f.path == SHA256SUMS_SIGNATURE {
            result.unsafe_paths.push(format!(
                "{} (the manifest cannot list itself or a signature)",
                f.path
            ));
        } else if expected
            .insert(f.path.as_str(), (f.sha256.as_str(), f.size))
            .is_some()
        {
            result
                .unsafe_paths
                .push(format!("{} (listed twice)", f.path.escape_debug()));
        }
    }
    expected.remove(MARKER);
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
        if kind.is_dir() || path == MARKER {
            continue;
        }
        if !kind.is_file() {
            expected.remove(path.as_str());
            result.irregular.push(path);
            continue;
        }
        if path == MANIFEST || path == SIGNATURE || path == SHA256SUMS_SIGNATURE {
            continue;
        }
        result.checked += 1;
        let on_disk = entry.metadata().map(|m| m.len()).ok();
        let (want, want_size) = match expected.remove(path.as_str()) {
            None => {
                result.added.push(path.clone());
                actual.insert(path, None);
                continue;
            }
            Some(listed) => listed,
        };
        if on_disk != Some(want_size) {
            result.altered.push(path.clone());
            actual.insert(path, None);
            continue;
        }
        match hash_regular(entry.path()) {
            Ok((sha256, size)) => {
                if want != sha256 || want_size != size {
                    result.altered.push(path.clone());
                }
                actual.insert(path, Some(sha256));
            }
            // Replaced by something else since the walk saw it.
            Err(e) => result.irregular.push(format!("{path} ({e})")),
        }
    }
    result.missing = expected.into_keys().map(str::to_string).collect();
    Ok(actual)
}

/// Each artifact must hash to the SHA-256 read from its source at build time, and its page
/// must state that hash: a file swapped and re-hashed into the manifest is still caught. Only
/// pages the walk saw as regular files in the package are opened.
fn check_evidence(
    dir: &Path,
    manifest: &Manifest,
    actual: &BTreeMap<String, Option<String>>,
    result: &mut Verification,
) {
    for entry in &manifest.evidence {
        for path in [&entry.file, &entry.page] {
            if let Some(reason) = unsafe_path(path) {
                result.unsafe_paths.push(format!(
                    "{} of evidence {} ({reason})",
                    path.escape_debug(),
                    entry.id.escape_debug()
                ));
            }
        }
        if unsafe_path(&entry.file).is_none()
            && actual.get(&entry.file) != Some(&Some(entry.sha256.clone()))
        {
            result.evidence.push(format!(
                "{} is not the artifact of {} (SHA-256 {} at build time)",
                entry.file, entry.id, entry.sha256
            ));
        }
        if unsafe_path(&entry.page).is_some() {
            continue;
        }
        let page = actual
            .contains_key(&entry.page)
            .then(|| read_in_package(dir, &entry.page, MAX_PAGE).ok())
            .flatten();
        let states = page.is_some_and(|page| {
            page.windows(entry.sha256.len().max(1))
                .any(|w| w == entry.sha256.as_bytes())
        });
        if !states || entry.sha256.is_empty() {
            result.evidence.push(format!(
                "{} does not state the SHA-256 of {}",
                entry.page, entry.file
            ));
        }
    }
    // Every artifact in the package is accounted for by an evidence entry.
    let listed: BTreeSet<&str> = manifest.evidence.iter().map(|e| e.file.as_str()).collect();
    for path in actual.keys() {
        if path.starts_with("evidence/files/") && !listed.contains(path.as_str()) {
            result
                .evidence
                .push(format!("{path} is not the artifact of any evidence record"));
        }
    }
}

/// The manifest's own fields must equal those of the hashed `package-info.json`.
fn check_fields(
    dir: &Path,
    actual: &BTreeMap<String, Option<String>>,
    manifest: &Manifest,
    result: &mut Verification,
) {
    let recorded: Option<PackageInfo> = actual
        .contains_key(PACKAGE_INFO)
        .then(|| read_in_package(dir, PACKAGE_INFO, MAX_PAGE).ok())
        .flatten()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let Some(recorded) = recorded else {
        result
            .fields
            .push(format!("{PACKAGE_INFO} is missing or unreadable"));
        return;
    };
    let (said, hashed) = (&manifest.info, &recorded);
    let none = String::new();
    let pairs = [
        ("generator", &said.generator, &hashed.generator),
        ("title", &said.title, &hashed.title),
        ("today", &said.today, &hashed.today),
        ("audience", &said.audience, &hashed.audience),
        (
            "revision",
            said.revision.as_ref().unwrap_or(&none),
            hashed.revision.as_ref().unwrap_or(&none),
        ),
        (
            "revision_date",
            said.revision_date.as_ref().unwrap_or(&none),
            hashed.revision_date.as_ref().unwrap_or(&none),
        ),
    ];
    for (name, said, hashed) in pairs {
        if said != hashed {
            result.fields.push(format!(
                "manifest.json says {name} `{said}`, {PACKAGE_INFO} says `{hashed}`"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/..",
            "a\\b",
            "C:/x",
            "c:x",
            "a//b",
            "./a",
            "a/./b",
            "a/",
            "a\0b",
        ] {
            assert!(unsafe_path(bad).is_some(), "{bad:?}");
        }
        for good in [
            "index.html",
            "evidence/files/Q3 report #2 (100%).txt",
            "a/b:c",
            "..a",
            "é",
        ] {
            assert_eq!(unsafe_path(good), None, "{good:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_opened_and_reads_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "12345").unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("f"), dir.path().join("link")).unwrap();
        assert_eq!(read_in_package(dir.path(), "f", 5).unwrap(), b"12345");
        assert!(
            read_in_package(dir.path(), "f", 4)
                .unwrap_err()
                .contains("larger")
        );
        for link in ["zero", "link"] {
            let error = read_in_package(dir.path(), link, 5).unwrap_err();
            assert!(error.contains("not a regular file (a symlink)"), "{error}");
        }
        let error = read_in_package(dir.path(), ".", 5).unwrap_err();
        assert!(error.contains("folder"), "{error}");
    }

    #[test]
    fn a_manifest_that_is_not_one_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"{}", b"[]", b"\xff", b"{\"format\": 1}"] {
            assert!(parse_manifest(bytes).is_err());
        }
    }
}
