//! What `serve` watches: every source file's name, size and modification time, and, for each
//! Markdown document, the part besides its body (so that a body-only edit can be told apart).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::load::{MarkdownParts, markdown_parts};

/// The folders and files a portal is built from.
const WATCHED: [&str; 4] = ["portal.yaml", "content", "templates", "static"];

/// Every source file (relative to the root) with its size and modification time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources(BTreeMap<String, (u64, Option<SystemTime>)>);

/// How two scans of the sources differ.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files present in both whose size or time changed.
    pub modified: Vec<String>,
    /// Files that appeared or disappeared.
    pub added_or_removed: Vec<String>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.modified.is_empty() && self.added_or_removed.is_empty()
    }
}

impl Sources {
    /// Reads the names, sizes and times of every source file.
    pub fn scan(root: &Path) -> Sources {
        let mut files = BTreeMap::new();
        for watched in WATCHED {
            for entry in walkdir::WalkDir::new(root.join(watched))
                .into_iter()
                .flatten()
            {
                if let Ok(meta) = entry.metadata()
                    && meta.is_file()
                {
                    let file = crate::load::relative(root, entry.path());
                    files.insert(file, (meta.len(), meta.modified().ok()));
                }
            }
        }
        Sources(files)
    }

    /// What changed from `self` to `newer`.
    pub fn changes(&self, newer: &Sources) -> Changes {
        let mut changes = Changes::default();
        for (file, stamp) in &newer.0 {
            match self.0.get(file) {
                Some(old) if old == stamp => {}
                Some(_) => changes.modified.push(file.clone()),
                None => changes.added_or_removed.push(file.clone()),
            }
        }
        for file in self.0.keys() {
            if !newer.0.contains_key(file) {
                changes.added_or_removed.push(file.clone());
            }
        }
        changes
    }

    /// The Markdown documents among the sources.
    fn markdown(&self) -> impl Iterator<Item = &String> {
        self.0.keys().filter(|f| f.ends_with(".md"))
    }
}

/// The head (all but the body) of every Markdown document, by file.
pub type Heads = HashMap<String, String>;

/// Reads the heads of every Markdown document among `sources`.
pub fn heads(root: &Path, sources: &Sources) -> Heads {
    let files: Vec<&String> = sources.markdown().collect();
    files
        .par_iter()
        .filter_map(|file| Some(((*file).clone(), markdown_parts(root, file)?.head)))
        .collect()
}

/// Reads the heads of the changed Markdown documents again.
pub fn update_heads(root: &Path, changes: &Changes, heads: &mut Heads) {
    let changed = changes.modified.iter().chain(&changes.added_or_removed);
    for file in changed.filter(|f| f.ends_with(".md")) {
        match markdown_parts(root, file) {
            Some(parts) => heads.insert(file.clone(), parts.head),
            None => heads.remove(file),
        };
    }
}

/// Reads the changed Markdown files; `None` when one of the changes is anything else (a
/// register, a template, a file added or removed, a document that cannot be read).
pub fn markdown_edits(root: &Path, changes: &Changes) -> Option<Vec<(String, MarkdownParts)>> {
    if !changes.added_or_removed.is_empty() {
        return None;
    }
    changes
        .modified
        .iter()
        .map(|file| Some((file.clone(), markdown_parts(root, file)?)))
        .collect()
}

/// The changed files when every change is a risk register edited in place; `None` otherwise
/// (a register added or removed, any other file).
pub fn risk_register_edits(changes: &Changes) -> Option<Vec<String>> {
    let register = |file: &String| {
        file.starts_with("content/risks/") && (file.ends_with(".yaml") || file.ends_with(".yml"))
    };
    (changes.added_or_removed.is_empty()
        && !changes.modified.is_empty()
        && changes.modified.iter().all(register))
    .then(|| changes.modified.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, file: &str, text: &str) {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn tells_body_edits_from_other_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "portal.yaml", "title: T\n");
        write(root, "content/policies/a.md", "---\nid: A\n---\nOld body\n");
        let before = Sources::scan(root);
        let heads_before = heads(root, &before);
        write(
            root,
            "content/policies/a.md",
            "---\nid: A\n---\nNew, longer body\n",
        );
        let after = Sources::scan(root);
        let changes = before.changes(&after);
        assert_eq!(changes.modified, vec!["content/policies/a.md"]);
        let edits = markdown_edits(root, &changes).unwrap();
        assert_eq!(edits[0].1.body, "New, longer body\n");
        assert_eq!(heads_before["content/policies/a.md"], edits[0].1.head);

        write(root, "content/risks/r.yaml", "risks: []\n");
        let added = after.changes(&Sources::scan(root));
        assert_eq!(added.added_or_removed, vec!["content/risks/r.yaml"]);
        assert!(markdown_edits(root, &added).is_none());
    }
}
