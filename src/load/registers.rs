//! YAML registers: files holding one list under a top key (`risks:`, `systems:`, ...).

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use super::source::{
    code_for, read_text, relative, strip_location, unknown_field_help, yaml_error,
};
use crate::diagnostics::Diagnostic;
use crate::model::{ControlImplementation, Evidence, Risk, Source, System};

/// A register entry that remembers where it was defined.
pub trait Located {
    /// Records the entry's source.
    fn set_source(&mut self, source: Source);
}

macro_rules! located {
    ($($t:ty),*) => {$(
        impl Located for $t {
            fn set_source(&mut self, source: Source) {
                self.source = source;
            }
        }
    )*};
}
located!(System, Risk, ControlImplementation, Evidence);

/// Loads every entry under `key` from each file. A bad entry is reported at its own line and
/// skipped, so that one typo does not hide the rest of a 2,000-line register.
pub fn load<T: DeserializeOwned + Located>(
    root: &Path,
    files: &[PathBuf],
    key: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let mut entries = Vec::new();
    for path in files {
        let file = relative(root, path);
        let text = match read_text(root, path) {
            Ok(text) => text,
            Err(diag) => {
                diagnostics.push(diag);
                continue;
            }
        };
        if text.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error("E107", format!("`{file}` is empty"))
                    .at(file, 1)
                    .help(format!("a register holds a list under `{key}:`")),
            );
            continue;
        }
        let document: Value = match serde_yaml::from_str(&text) {
            Ok(value) => value,
            Err(err) => {
                diagnostics.push(yaml_error(root, path, &err, 0));
                continue;
            }
        };
        let Some(items) = list_under(&document, key, &file, diagnostics) else {
            continue;
        };
        let lines = item_lines(&text);
        for (index, item) in items.iter().enumerate() {
            let line = lines.get(index).copied().unwrap_or(0);
            match serde_yaml::from_value::<T>(item.clone()) {
                Ok(mut entry) => {
                    entry.set_source(Source {
                        file: file.clone(),
                        line,
                    });
                    entries.push(entry);
                }
                Err(err) => {
                    let message = strip_location(&err.to_string());
                    let mut diag = Diagnostic::error(
                        code_for(&message),
                        format!("{key} entry {}: {message}", index + 1),
                    )
                    .at(file.clone(), field_line(&text, line, &message));
                    if let Some(help) = unknown_field_help(&message) {
                        diag = diag.help(help);
                    }
                    diagnostics.push(diag);
                }
            }
        }
    }
    entries
}

/// The list under `key`, or a diagnostic explaining the file's expected shape.
fn list_under<'a>(
    document: &'a Value,
    key: &str,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'a Vec<Value>> {
    let shape = || format!("expected a list under `{key}:` at the top of the file");
    let Some(mapping) = document.as_mapping() else {
        diagnostics.push(Diagnostic::error("E107", shape()).at(file, 1));
        return None;
    };
    for other in mapping.keys().filter(|k| k.as_str() != Some(key)) {
        let name = other.as_str().unwrap_or("?");
        diagnostics.push(
            Diagnostic::error("E102", format!("unknown top-level key `{name}`"))
                .at(file, 1)
                .help(format!("a file in this folder holds `{key}:`")),
        );
    }
    match mapping.get(key) {
        Some(Value::Sequence(items)) => Some(items),
        Some(Value::Null) => Some(const { &Vec::new() }),
        _ => {
            diagnostics.push(Diagnostic::error("E107", shape()).at(file, 1));
            None
        }
    }
}

/// 1-based line of each item of the first block list in the file.
pub fn item_lines(text: &str) -> Vec<usize> {
    let mut indent = None;
    let mut lines = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let this_indent = line.len() - trimmed.len();
        let is_item = trimmed.starts_with("- ") || trimmed == "-";
        match indent {
            None if is_item => {
                indent = Some(this_indent);
                lines.push(number + 1);
            }
            Some(i) if is_item && this_indent == i => lines.push(number + 1),
            _ => {}
        }
    }
    lines
}

/// For a message that names a field (`unknown field `owenr``), the line of that field within
/// the item starting at `item_line`; else the item's own line.
fn field_line(text: &str, item_line: usize, message: &str) -> usize {
    let Some(field) = message.split('`').nth(1) else {
        return item_line;
    };
    if item_line == 0 {
        return 0;
    }
    let item_indent = text
        .lines()
        .nth(item_line - 1)
        .map_or(0, |l| l.len() - l.trim_start().len());
    for (offset, line) in text.lines().skip(item_line - 1).enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if offset > 0 && indent <= item_indent && trimmed.starts_with('-') {
            break;
        }
        let key = trimmed
            .trim_start_matches("- ")
            .trim_start_matches('{')
            .trim_start();
        if key.starts_with(&format!("{field}:")) {
            return item_line + offset;
        }
    }
    item_line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_item_lines_of_block_lists() {
        let text = "risks:\n  - id: A\n    title: x\n    controls:\n      - c\n  - id: B\n";
        assert_eq!(item_lines(text), vec![2, 6]);
    }

    #[test]
    fn points_at_the_misspelt_field() {
        let text = "risks:\n  - id: A\n    owenr: x\n  - id: B\n    owenr: y\n";
        assert_eq!(field_line(text, 4, "unknown field `owenr`, expected"), 5);
    }
}
