//! Files that could not be parsed at all (a YAML syntax error, front matter that never closes,
//! text that is not UTF-8): their entries are lost, but the ids they define are still known,
//! so that the one real error is not buried under references to them that "do not exist".

use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity, is_syntax};

/// A file whose entries could not be read, and the ids found on its `id:` and `ref:` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unreadable {
    /// Path relative to the root.
    pub file: String,
    /// Ids and control references written on its `id:`/`ref:` lines.
    pub ids: Vec<String>,
}

/// The files under `content/` named by a syntax error, each with the ids its lines define.
pub fn find(root: &Path, diagnostics: &[Diagnostic]) -> Vec<Unreadable> {
    let mut files: Vec<&str> = diagnostics
        .iter()
        .filter(|d| is_syntax(d))
        .filter_map(|d| d.file.as_deref())
        .filter(|f| f.starts_with("content/"))
        .collect();
    files.sort_unstable();
    files.dedup();
    files
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(root.join(file)).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let scanned = if file.ends_with(".md") {
                front_matter_lines(&text)
            } else {
                &text
            };
            Unreadable {
                file: file.to_string(),
                ids: recover_ids(scanned),
            }
        })
        .collect()
}

/// The front matter of a Markdown file, or all of it when the front matter never closes.
fn front_matter_lines(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---") else {
        return "";
    };
    let mut offset = 0;
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        // The first piece is the rest of the opening `---` line.
        if n > 0 && matches!(line.trim_end(), "---" | "...") {
            return &rest[..start];
        }
    }
    rest
}

/// The values of every `id:` and `ref:` key in `text`, found line by line (block and flow
/// style), so that a file YAML cannot parse still tells which ids it defines.
pub fn recover_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for line in text.lines() {
        for key in ["id:", "ref:"] {
            let mut from = 0;
            while let Some(found) = line[from..].find(key) {
                let at = from + found;
                from = at + key.len();
                // A key starts the line (after indentation and `- `) or follows `{` or `,`.
                let before = line[..at].trim_end_matches([' ', '\t']);
                let starts = before.trim_start_matches([' ', '\t', '-']).is_empty()
                    || before.ends_with(['{', ',']);
                let after = &line[from..];
                if !starts || !(after.is_empty() || after.starts_with([' ', '\t'])) {
                    continue;
                }
                let value = after
                    .split([',', '}'])
                    .next()
                    .unwrap_or("")
                    .split(" #")
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\''])
                    .trim();
                if !value.is_empty() {
                    ids.push(value.to_string());
                }
            }
        }
    }
    ids
}

/// Warnings about what is missing across every file of a folder, so that a file of it that
/// could not be parsed may be the reason: evidence that no control has (W304, W312), controls
/// of a catalog that no risk names (W306).
const DEPENDENT: &[(&str, &[&str])] = &[
    ("content/evidence/", &["W304", "W312"]),
    ("content/frameworks/", &["W306"]),
];

/// Removes the warnings that depend on a folder with a file that could not be parsed; returns
/// how many were removed.
pub fn skip_dependent(unreadable: &[Unreadable], diagnostics: &mut Vec<Diagnostic>) -> usize {
    let codes: Vec<&str> = DEPENDENT
        .iter()
        .filter(|(folder, _)| unreadable.iter().any(|u| u.file.starts_with(folder)))
        .flat_map(|(_, codes)| codes.iter().copied())
        .collect();
    if codes.is_empty() {
        return 0;
    }
    let before = diagnostics.len();
    diagnostics.retain(|d| d.is_error() || !codes.contains(&d.code));
    before - diagnostics.len()
}

/// One note for every unreadable file at once: which, how many checks were skipped because
/// of them, and how many ids they still define.
pub fn note(unreadable: &[Unreadable], skipped: usize) -> Option<Diagnostic> {
    let ids: usize = unreadable.iter().map(|u| u.ids.len()).sum();
    let (what, it, its) = match unreadable {
        [] => return None,
        [one] => (format!("`{}` could not be read", one.file), "it", "its"),
        many => (
            format!("{} files could not be read", many.len()),
            "them",
            "their",
        ),
    };
    let checks = match skipped {
        1 => format!("1 check that depends on {it} was skipped"),
        n => format!("{n} checks that depend on {it} were skipped"),
    };
    let known = match ids {
        0 => String::new(),
        1 => format!(" (the id on {its} `id:`/`ref:` lines counts as known)"),
        n => format!(" (the {n} ids on {its} `id:`/`ref:` lines count as known)"),
    };
    Some(Diagnostic {
        severity: Severity::Note,
        ..Diagnostic::error(
            // Never printed: a note shows as `note: message`, and is not in the JSON array.
            "N101",
            format!("{what}: {checks}{known}; fix the syntax first, then check again"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_on_their_lines_in_block_and_flow_style() {
        let text = "risks:\n  - id: RSK-1\n\ttitle: tab\n  - title: x\n    id: \"RSK-2\"  # two\n  - { id: RSK-3, title: y }\ncontrols:\n  - ref: iso42001:A.5.2\n    justification: Required: yes\n    valid_id: no\n    paid: no\n";
        assert_eq!(
            recover_ids(text),
            ["RSK-1", "RSK-2", "RSK-3", "iso42001:A.5.2"]
        );
    }

    #[test]
    fn a_document_is_scanned_in_its_front_matter_only() {
        assert_eq!(
            front_matter_lines("---\nid: P\n---\nid: not this\n"),
            "\nid: P\n"
        );
        assert_eq!(
            front_matter_lines("---\nid: P\ntitle: [\n"),
            "\nid: P\ntitle: [\n"
        );
        assert_eq!(front_matter_lines("# no front matter\n"), "");
    }

    proptest::proptest! {
        #[test]
        fn the_line_scan_never_panics(text in ".{0,200}", yaml in "[ \t\n:{},#'\"a-zé🙂-]{0,80}") {
            for t in [text.clone(), format!("- id: {yaml}\n  ref:{text}"), format!("---\n{yaml}")] {
                let _ = recover_ids(&t);
                let _ = front_matter_lines(&t);
            }
        }
    }

    #[test]
    fn warnings_about_what_a_broken_folder_may_hold_are_skipped() {
        let mut diags = vec![
            Diagnostic::warning("W304", "no evidence"),
            Diagnostic::warning("W301", "expired"),
            Diagnostic::warning("W306", "untreated"),
        ];
        let evidence = Unreadable {
            file: "content/evidence/e.yaml".into(),
            ids: Vec::new(),
        };
        assert_eq!(skip_dependent(&[], &mut diags), 0);
        assert_eq!(skip_dependent(&[evidence], &mut diags), 1);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["W301", "W306"]);
    }

    #[test]
    fn one_note_for_every_unreadable_file() {
        assert!(note(&[], 3).is_none());
        let one = Unreadable {
            file: "content/risks/r.yaml".into(),
            ids: vec!["RSK-1".into(), "RSK-2".into()],
        };
        let n = note(std::slice::from_ref(&one), 4).unwrap();
        assert_eq!(n.severity, Severity::Note);
        assert!(
            n.message.starts_with(
                "`content/risks/r.yaml` could not be read: 4 checks that depend on it were skipped (the 2 ids"
            ),
            "{}",
            n.message
        );
        let two = note(&[one.clone(), one], 1).unwrap();
        assert!(
            two.message
                .starts_with("2 files could not be read: 1 check")
        );
    }
}
