//! The auditor package: a SHA-256 manifest of every output file, and a deterministic zip.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::digest::hash_file;
pub use crate::shared::output_files::{
    MANIFEST, PACKAGE_INFO, SHA256SUMS, SHA256SUMS_SIGNATURE, SIGNATURE,
};
use walkdir::WalkDir;

/// The manifest format this version writes and reads.
pub const FORMAT: &str = "tracemark-manifest/2";

/// `manifest.json`: what was generated, when, and the hash of every file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// Who and when: also in [`PACKAGE_INFO`], which is hashed below.
    #[serde(flatten)]
    pub info: PackageInfo,
    /// Each evidence artifact with the SHA-256 read from its source when the portal was
    /// loaded, and the page that states it.
    pub evidence: Vec<EvidenceEntry>,
    /// Every file except the manifest and the signatures (`SHA256SUMS` included), sorted by
    /// path.
    pub files: Vec<FileEntry>,
}

/// The manifest's own fields.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PackageInfo {
    /// Generator name and version.
    pub generator: String,
    /// The portal's title, from `portal.yaml`.
    pub title: String,
    /// The `--today` date of the build.
    pub today: String,
    /// The audience the package was built for.
    pub audience: String,
    /// The full hash of the commit whose sources were built (`build --at`); absent when the
    /// work tree was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// When that commit was made, in UTC (`2026-05-31T14:03:00Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_date: Option<String>,
}

/// One evidence artifact: the file in the package and the page that states its hash.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EvidenceEntry {
    /// The evidence record's id, e.g. `EV-014`.
    pub id: String,
    /// The evidence page, which shows `sha256`.
    pub page: String,
    /// The artifact's path in the package.
    pub file: String,
    /// Lower-case hex SHA-256 of the source file, read at load time.
    pub sha256: String,
    /// Size of the source file in bytes.
    pub size: u64,
}

/// One file of the package.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Path relative to the package root, `/`-separated.
    pub path: String,
    /// Lower-case hex SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// Every regular file under `dir`, as (relative `/` path, absolute path), sorted by path.
pub fn list_files(dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .map_err(io::Error::other)?
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, entry.into_path()));
        }
    }
    files.sort();
    Ok(files)
}

/// The files of the package under `dir`: every regular file but the `.tracemark` marker,
/// which only says the folder is a build output. The manifest and the zip both take their
/// files from here, so the zip holds exactly what the manifest lists (plus the manifest and
/// its signature), and an unzipped package verifies.
pub fn package_files(dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut files = list_files(dir)?;
    files.retain(|(rel, _)| rel != super::MARKER);
    Ok(files)
}

/// Builds the manifest of the package files under `dir` (the manifest and the signatures
/// excluded).
pub fn manifest(
    dir: &Path,
    info: PackageInfo,
    evidence: Vec<EvidenceEntry>,
) -> io::Result<Manifest> {
    let mut files = Vec::new();
    for (path, full) in package_files(dir)? {
        if path == MANIFEST || path == SIGNATURE || path == SHA256SUMS_SIGNATURE {
            continue;
        }
        let (sha256, size) = hash_file(&full)?;
        files.push(FileEntry { path, sha256, size });
    }
    Ok(Manifest {
        format: FORMAT.to_string(),
        info,
        evidence,
        files,
    })
}

/// The text of `SHA256SUMS` for the manifest's `files`: one `<hex>  <path>` line each (two
/// spaces: text mode, as `sha256sum` writes it), in the manifest's order, `SHA256SUMS` itself
/// left out. Derived from the manifest, which lists `SHA256SUMS` in turn, so `verify` checks
/// the two agree byte for byte. A path with a backslash or newline is written in
/// `sha256sum`'s escaped form (a leading `\`), which GNU `sha256sum -c` reads back.
pub fn sha256sums(files: &[FileEntry]) -> String {
    let mut text = String::new();
    for file in files.iter().filter(|f| f.path != SHA256SUMS) {
        if file.path.contains(['\\', '\n']) {
            let escaped = file.path.replace('\\', "\\\\").replace('\n', "\\n");
            text.push_str(&format!("\\{}  {escaped}\n", file.sha256));
        } else {
            text.push_str(&format!("{}  {}\n", file.sha256, file.path));
        }
    }
    text
}

/// The zip comment that marks a zip written by Tracemark, which a later build may replace.
const ZIP_COMMENT: &str = "written by tracemark";

/// Whether `path` is a zip that Tracemark wrote (its comment ends the file).
pub fn is_our_zip(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let n = ZIP_COMMENT.len() as i64;
    let mut tail = Vec::new();
    file.seek(SeekFrom::End(-n)).is_ok()
        && file.read_to_end(&mut tail).is_ok()
        && tail == ZIP_COMMENT.as_bytes()
}

/// Whether a zip entry name is safe for every extractor: `/`-separated, no `..` or `.`, no
/// backslash, drive letter or control character.
pub fn safe_entry(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && !part
                    .chars()
                    .any(|c| c.is_control() || c == '\\' || c == ':')
        })
}

/// Writes a zip of `dir` to `zip_path`, every entry under the folder `top`, with sorted
/// entries, a fixed timestamp and fixed permissions, so the same files always give the same
/// bytes. Its files are [`package_files`]: the `.tracemark` marker stays out, since the folder
/// a zip is unpacked into is not a build output a later build may replace. Written beside the target first and renamed, so a
/// failure leaves no half-written zip.
pub fn zip_dir(dir: &Path, top: &str, zip_path: &Path) -> io::Result<()> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644);
    let partial = zip_path.with_extension("zip.partial");
    let result = (|| {
        let file = fs::File::create(&partial)?;
        let mut zip = zip::ZipWriter::new(io::BufWriter::new(file));
        for (rel, full) in package_files(dir)? {
            let name = format!("{top}/{rel}");
            if !safe_entry(&name) {
                return Err(io::Error::other(format!(
                    "refusing to write the unsafe zip entry `{}`",
                    name.escape_debug()
                )));
            }
            zip.start_file(name, options).map_err(io::Error::other)?;
            io::copy(&mut fs::File::open(full)?, &mut zip)?;
        }
        zip.set_comment(ZIP_COMMENT).map_err(io::Error::other)?;
        zip.finish().map_err(io::Error::other)?.flush()?;
        fs::rename(&partial, zip_path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zips_are_byte_identical_for_the_same_files() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("a")).unwrap();
        fs::write(site.join("a/x.html"), "x").unwrap();
        fs::write(site.join("index.html"), "i").unwrap();
        fs::write(site.join(".tracemark"), "marker").unwrap();
        zip_dir(&site, "pkg", &dir.path().join("1.zip")).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        fs::write(site.join("index.html"), "i").unwrap();
        zip_dir(&site, "pkg", &dir.path().join("2.zip")).unwrap();
        assert_eq!(
            fs::read(dir.path().join("1.zip")).unwrap(),
            fs::read(dir.path().join("2.zip")).unwrap()
        );
        assert!(is_our_zip(&dir.path().join("1.zip")));
        assert!(!is_our_zip(&site.join("index.html")));
        let archive = zip::ZipArchive::new(fs::File::open(dir.path().join("1.zip")).unwrap());
        let mut names: Vec<String> = archive
            .unwrap()
            .file_names()
            .map(|n| n.unwrap().to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["pkg/a/x.html", "pkg/index.html"]);
    }

    #[test]
    fn the_zip_holds_what_the_manifest_lists_and_neither_holds_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("evidence/files")).unwrap();
        for file in [
            "index.html",
            "evidence/files/a.csv",
            super::super::MARKER,
            SIGNATURE,
        ] {
            fs::write(site.join(file), file).unwrap();
        }
        let info = PackageInfo {
            generator: "g".into(),
            title: "t".into(),
            today: "2026-11-28".into(),
            audience: "auditor".into(),
            revision: None,
            revision_date: None,
        };
        let listed = manifest(&site, info, Vec::new()).unwrap();
        fs::write(site.join(MANIFEST), "{}").unwrap();
        let zip = dir.path().join("p.zip");
        zip_dir(&site, "pkg", &zip).unwrap();
        let archive = zip::ZipArchive::new(fs::File::open(zip).unwrap()).unwrap();
        let mut zipped: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().strip_prefix("pkg/").unwrap().to_string())
            .filter(|n| n != MANIFEST && n != SIGNATURE)
            .collect();
        zipped.sort();
        let paths: Vec<&str> = listed.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["evidence/files/a.csv", "index.html"]);
        assert_eq!(zipped, paths);
    }

    /// The text `sha256sum -c` reads: checked with the real tool where it is installed.
    #[test]
    fn sha256sums_lists_the_manifest_files_as_sha256sum_writes_them() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["a b.txt", "back\\slash.txt", "new\nline.txt", "sub/x.html"];
        fs::create_dir_all(dir.path().join("sub")).unwrap();
        for name in names {
            fs::write(dir.path().join(name), name).unwrap();
        }
        let mut files: Vec<FileEntry> = names
            .iter()
            .map(|name| {
                let (sha256, size) = hash_file(&dir.path().join(name)).unwrap();
                FileEntry {
                    path: name.to_string(),
                    sha256,
                    size,
                }
            })
            .collect();
        files.push(FileEntry {
            path: SHA256SUMS.into(),
            sha256: "0".repeat(64),
            size: 0,
        });
        let text = sha256sums(&files);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert_eq!(lines[0], format!("{}  a b.txt", files[0].sha256));
        assert_eq!(
            lines[1],
            format!("\\{}  back\\\\slash.txt", files[1].sha256)
        );
        assert_eq!(lines[2], format!("\\{}  new\\nline.txt", files[2].sha256));
        assert!(!text.contains("SHA256SUMS"));
        fs::write(dir.path().join(SHA256SUMS), &text).unwrap();
        match std::process::Command::new("sha256sum")
            .args(["-c", "--strict", SHA256SUMS])
            .current_dir(dir.path())
            .output()
        {
            Ok(out) => assert!(out.status.success(), "{out:?}"),
            Err(_) => eprintln!("skipped: sha256sum is not installed"),
        }
    }

    #[test]
    fn unsafe_entry_names_are_refused() {
        for bad in [
            "../x",
            "a/../x",
            "a\\..\\x",
            "C:/x",
            "a/b\u{1b}c",
            "",
            "a//b",
            "./a",
        ] {
            assert!(!safe_entry(bad), "{bad:?}");
        }
        assert!(safe_entry("pkg/evidence/files/Q3 report #2 (100%).txt"));
    }

    /// The revision of a build `--at` a commit is written and read back; a package built from
    /// the work tree has no such fields at all.
    #[test]
    fn the_revision_fields_round_trip_and_are_absent_without_one() {
        let info = |revision: Option<&str>| PackageInfo {
            generator: "g".into(),
            title: "t".into(),
            today: "2026-05-31".into(),
            audience: "auditor".into(),
            revision: revision.map(str::to_string),
            revision_date: revision.map(|_| "2026-05-31T14:03:00Z".to_string()),
        };
        for revision in [None, Some("0123456789abcdef0123456789abcdef01234567")] {
            let manifest = Manifest {
                format: FORMAT.into(),
                info: info(revision),
                evidence: Vec::new(),
                files: Vec::new(),
            };
            let text = serde_json::to_string(&manifest).unwrap();
            assert_eq!(text.contains("revision"), revision.is_some(), "{text}");
            let read: Manifest = serde_json::from_str(&text).unwrap();
            assert_eq!(read, manifest);
        }
    }
}
