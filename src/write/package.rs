//! The auditor package: a SHA-256 manifest of every output file, and a deterministic zip.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::digest::hash_file;
use walkdir::WalkDir;

/// The manifest's file name at the output root.
pub const MANIFEST: &str = "manifest.json";

/// `manifest.json`: what was generated, when, and the hash of every file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Generator name and version.
    pub generator: String,
    /// Portal title.
    pub title: String,
    /// The `--today` date of the build.
    pub today: String,
    /// Every file except the manifest itself, sorted by path.
    pub files: Vec<FileEntry>,
}

/// One file of the package.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
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

/// Builds the manifest of the files under `dir` (the manifest itself excluded).
pub fn manifest(dir: &Path, title: &str, today: &str) -> io::Result<Manifest> {
    let mut files = Vec::new();
    for (path, full) in list_files(dir)? {
        if path == MANIFEST {
            continue;
        }
        let (sha256, size) = hash_file(&full)?;
        files.push(FileEntry { path, sha256, size });
    }
    Ok(Manifest {
        generator: concat!("Tracemark ", env!("CARGO_PKG_VERSION")).to_string(),
        title: title.to_string(),
        today: today.to_string(),
        files,
    })
}

/// Writes a zip of `dir` to `zip_path` with sorted entries, a fixed timestamp and fixed
/// permissions, so the same files always give the same bytes. Written beside the target first
/// and renamed, so a failure leaves no half-written zip.
pub fn zip_dir(dir: &Path, zip_path: &Path) -> io::Result<()> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644);
    let partial = zip_path.with_extension("zip.partial");
    let result = (|| {
        let file = fs::File::create(&partial)?;
        let mut zip = zip::ZipWriter::new(io::BufWriter::new(file));
        for (rel, full) in list_files(dir)? {
            zip.start_file(rel, options).map_err(io::Error::other)?;
            io::copy(&mut fs::File::open(full)?, &mut zip)?;
        }
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
        zip_dir(&site, &dir.path().join("1.zip")).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        fs::write(site.join("index.html"), "i").unwrap();
        zip_dir(&site, &dir.path().join("2.zip")).unwrap();
        assert_eq!(
            fs::read(dir.path().join("1.zip")).unwrap(),
            fs::read(dir.path().join("2.zip")).unwrap()
        );
    }
}
