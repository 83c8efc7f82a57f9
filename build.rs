//! Embeds the built-in example portal (portal.yaml and content/) for `tracemark init`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=portal.yaml");
    let mut found = vec![root.join("portal.yaml")];
    files(&root.join("content"), &mut found);
    found.sort();
    let mut code = String::from(
        "/// The built-in example: path relative to the portal root, and bytes.\npub const EXAMPLE: &[(&str, &[u8])] = &[\n",
    );
    for path in found {
        let rel = path.strip_prefix(&root).expect("under the root");
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("example.rs");
    std::fs::write(out, code).expect("write example.rs");
}
