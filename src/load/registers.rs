//! YAML registers: files holding one list under a top key (`risks:`, `systems:`, ...).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use std::sync::Arc;

use super::fields::{self, FieldError};
use super::positions::{Positions, SourcePositions, join_key};
use super::source::{parse_yaml, read_text, relative};
use super::vocabulary::Finding;
use crate::diagnostics::Diagnostic;
use crate::model::records::{
    Audit, AuditProgramme, Incident, ManagementReview, Nonconformity, Objective,
};
use crate::model::{ControlImplementation, Evidence, Question, Risk, Source, Subprocessor, System};

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
located!(
    System,
    Risk,
    ControlImplementation,
    Evidence,
    Subprocessor,
    Question,
    AuditProgramme,
    Audit,
    Nonconformity,
    ManagementReview,
    Objective,
    Incident
);

/// What one register file gave: its entries, its problems, and the ids of entries that were
/// too broken to keep (so that references to them are not reported a second time).
#[derive(Debug)]
pub struct Parsed<T> {
    /// Entries read without loss.
    pub entries: Vec<T>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// `id` (or `ref`) of each entry that had to be dropped.
    pub broken: Vec<String>,
}

/// Loads every entry under `key` from each file. A bad entry is reported at its own values
/// (every problem of it, not only the first) and skipped, so that one typo does not hide the
/// rest of a 2,000-line register.
pub fn load<T: DeserializeOwned + Located + Send>(
    root: &Path,
    files: &[PathBuf],
    key: &str,
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut Vec<String>,
) -> Vec<T> {
    load_among(root, files, (key, &[]), diagnostics, broken)
}

/// [`load`] for files that hold more than one list: the entries under `key.0`, with the keys
/// in `key.1` allowed beside it (read by another call). Problems of the file's shape are
/// reported by the call whose key comes first, so that each is reported once.
pub fn load_among<T: DeserializeOwned + Located + Send>(
    root: &Path,
    files: &[PathBuf],
    key: (&str, &[&str]),
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut Vec<String>,
) -> Vec<T> {
    // Files are read and parsed in parallel; their entries and problems are merged in file
    // order, so the result does not depend on the thread count.
    let parsed: Vec<Result<Parsed<T>, Diagnostic>> = files
        .par_iter()
        .map(|path| {
            let text = read_text(root, path)?;
            // Entries keep a way to the file, not its positions: they are read again when a
            // later stage reports a problem at one of its values.
            let later = Arc::new(SourcePositions::on_demand(path.clone()));
            Ok(parse_located::<T>(
                &text,
                &relative(root, path),
                key,
                Some(later),
            ))
        })
        .collect();
    let mut entries = Vec::new();
    for file in parsed {
        match file {
            Ok(parsed) => {
                entries.extend(parsed.entries);
                diagnostics.extend(parsed.diagnostics);
                broken.extend(parsed.broken);
            }
            Err(diag) => diagnostics.push(diag),
        }
    }
    entries
}

/// Parses the text of one register file (`file` is its path relative to the root, for
/// messages). Pure: reads no disk, never panics.
pub fn parse<T: DeserializeOwned + Located + Send>(text: &str, file: &str, key: &str) -> Parsed<T> {
    parse_among(text, file, (key, &[]))
}

/// [`parse`] of the list under `key.0`, in a file that may also hold the lists `key.1`.
pub fn parse_among<T: DeserializeOwned + Located + Send>(
    text: &str,
    file: &str,
    key: (&str, &[&str]),
) -> Parsed<T> {
    parse_located(text, file, key, None)
}

/// [`parse_among`], whose entries keep `later` as their positions (the file's, read again
/// when first asked for), else the positions of `text`, computed here.
fn parse_located<T: DeserializeOwned + Located + Send>(
    text: &str,
    file: &str,
    (key, siblings): (&str, &[&str]),
    later: Option<Arc<SourcePositions>>,
) -> Parsed<T> {
    // The file's shape (empty, not a mapping, unknown keys) is reported by the first list's
    // reader only.
    let reports_shape = siblings.iter().all(|sibling| key < *sibling);
    let mut parsed = Parsed {
        entries: Vec::new(),
        diagnostics: Vec::new(),
        broken: Vec::new(),
    };
    let diagnostics = &mut parsed.diagnostics;
    if text.trim().is_empty() {
        if !reports_shape {
            return parsed;
        }
        diagnostics.push(
            Diagnostic::error("E107", format!("`{file}` is empty"))
                .at(file, 1)
                .help(format!("a register holds a list under `{key}:`")),
        );
        return parsed;
    }
    // The values and their lines come from two parsers; a large register is read by both at
    // once. A file read from disk keeps only its entries' lines: the positions of its other
    // values are found again from the file if a diagnostic needs one (most builds need none).
    let (document, (positions, lines)) = rayon::join(
        || parse_yaml(text, file, 0),
        || match later {
            Some(later) => (later, Positions::item_lines(text, key)),
            None => {
                let all = Positions::of(text, 0);
                let lines = Positions::item_lines(text, key);
                (Arc::new(SourcePositions::known(all)), lines)
            }
        },
    );
    let document = match document {
        Ok(value) => value,
        Err(diag) => {
            diagnostics.push(diag);
            return parsed;
        }
    };
    let mut shape = Vec::new();
    let items = list_under(&document, (key, siblings), file, &positions, &mut shape);
    if reports_shape {
        diagnostics.extend(shape);
    }
    let Some(items) = items else {
        return parsed;
    };
    let singular = singular(key);
    let read: Vec<Entry<T>> = items
        .par_iter()
        .enumerate()
        .map(|(index, item)| {
            let line = lines.get(index).copied();
            read_entry(item, (index, line), (file, key, singular), &positions)
        })
        .collect();
    for entry in read {
        diagnostics.extend(entry.diagnostics);
        match entry.kept {
            Some(kept) => parsed.entries.push(kept),
            None => parsed.broken.extend(entry.name),
        }
    }
    parsed
}

/// One register entry as read: the record (unless it had to be dropped), its problems, and
/// its `id` or `ref`.
struct Entry<T> {
    kept: Option<T>,
    diagnostics: Vec<Diagnostic>,
    name: Option<String>,
}

/// Reads entry `index` of the list under `key`, every problem located at its own value.
fn read_entry<T: DeserializeOwned + Located + Send>(
    item: &Value,
    (index, line): (usize, Option<usize>),
    (file, key, singular): (&str, &str, &str),
    positions: &Arc<SourcePositions>,
) -> Entry<T> {
    let path = format!("{key}[{index}]");
    let source = Source {
        file: file.to_string(),
        // The two parsers agree on the items but for broken text: then the nearest value.
        line: line
            .or_else(|| positions.value(&path).map(|p| p.line))
            .unwrap_or(0),
        path,
        positions: Some(positions.clone()),
        patched: Vec::new(),
    };
    // Fields with fixed values are checked, and stored in their canonical spelling, first.
    let mut normalised = None;
    let mut findings = Vec::new();
    for vocabulary in super::vocabulary::of(key) {
        // Copied only when there is a value to check (a large register is read once).
        if item.get(vocabulary.field).is_none() {
            continue;
        }
        let entry = normalised.get_or_insert_with(|| item.clone());
        findings.extend(vocabulary.apply(entry));
    }
    let read = fields::read::<T>(normalised.as_ref().unwrap_or(item));
    let name = item
        .get("id")
        .or_else(|| item.get("ref"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let what = match &name {
        Some(name) => format!("{singular} `{name}`"),
        None => format!("{singular} entry {}", index + 1),
    };
    let mut diagnostics: Vec<Diagnostic> = read
        .errors
        .iter()
        .map(|error| located(&source, error, &what))
        .collect();
    diagnostics.extend(
        findings
            .iter()
            .map(|f| vocabulary_diagnostic(&source, f, &what)),
    );
    // A refused value was removed: it is a stand-in that nothing judges.
    let refused = findings
        .iter()
        .filter(|f| f.error)
        .map(|f| f.field.to_string());
    let kept = keep(read).map(|(mut entry, mut patched)| {
        patched.extend(refused);
        entry.set_source(Source { patched, ..source });
        entry
    });
    Entry {
        kept,
        diagnostics,
        name,
    }
}

/// The record to keep, with the paths of its stand-ins: a record that needed stand-ins is
/// kept (so that `check` resolves its references too) unless its identity itself (`id`,
/// `ref`, or the whole entry) could not be read.
pub fn keep<T>(read: fields::ReadOutcome<T>) -> Option<(T, Vec<String>)> {
    match (read.value, read.patched) {
        (Some(record), _) => Some((record, Vec::new())),
        (None, Some((record, patched)))
            if !patched
                .iter()
                .any(|p| matches!(p.as_str(), "" | "id" | "ref")) =>
        {
            Some((record, patched))
        }
        _ => None,
    }
}

/// A field error as a diagnostic at the value (or key) it concerns.
pub fn located(source: &Source, error: &FieldError, what: &str) -> Diagnostic {
    let full = join_key(&source.path, &error.path);
    let pos = source.positions.as_ref().and_then(|p| {
        if error.at_key {
            p.key(&full)
        } else {
            p.value(&full)
        }
    });
    let (line, column) = pos.map_or((source.line, 0), |p| (p.line, p.column));
    let message = if what.is_empty() {
        error.message.clone()
    } else {
        format!("{what}: {}", error.message)
    };
    let diag = Diagnostic {
        severity: crate::diagnostics::Severity::Error,
        code: error.code,
        message,
        file: None,
        line: None,
        column: None,
        help: error.help.clone(),
    };
    diag.at(source.file.clone(), line).column(column)
}

/// A value outside its vocabulary, at the value: an error (E104) for a closed one, a warning
/// (W320) for an open one.
fn vocabulary_diagnostic(source: &Source, finding: &Finding, what: &str) -> Diagnostic {
    let error = FieldError {
        code: if finding.error { "E104" } else { "W320" },
        path: finding.path.clone(),
        message: format!("unknown `{}` value `{}`", finding.field, finding.value),
        help: Some(finding.help.clone()),
        at_key: false,
    };
    let mut diag = located(source, &error, what);
    if !finding.error {
        diag.severity = crate::diagnostics::Severity::Warning;
    }
    diag
}

/// `risks` -> `risk`, `evidence` -> `evidence`.
fn singular(key: &str) -> &str {
    match key {
        "risks" => "risk",
        "systems" => "system",
        "controls" => "control entry",
        "subprocessors" => "subprocessor",
        "questions" => "question",
        "programmes" => "audit programme",
        "audits" => "audit",
        "nonconformities" => "nonconformity",
        "management_reviews" => "management review",
        "objectives" => "objective",
        "incidents" => "incident",
        other => other,
    }
}

/// The list under `key`, or a diagnostic explaining the file's expected shape.
fn list_under<'a>(
    document: &'a Value,
    (key, siblings): (&str, &[&str]),
    file: &str,
    positions: &SourcePositions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'a Vec<Value>> {
    let shape = || format!("expected a list under `{key}:` at the top of the file");
    let Some(mapping) = document.as_mapping() else {
        diagnostics.push(Diagnostic::error("E107", shape()).at(file, 1).column(1));
        return None;
    };
    let known = |k: &Value| {
        k.as_str()
            .is_some_and(|k| k == key || siblings.contains(&k))
    };
    for other in mapping.keys().filter(|k| !known(k)) {
        let name = other.as_str().unwrap_or("?");
        let pos = positions.key(name).unwrap_or_default();
        let mut diag = Diagnostic::error("E102", format!("unknown top-level key `{name}`"))
            .at(file, pos.line.max(1))
            .column(pos.column);
        diag = match crate::diagnostics::closest(
            name,
            std::iter::once(key).chain(siblings.iter().copied()),
        ) {
            Some(best) => diag.help(format!("did you mean `{best}`?")),
            None => diag.help(format!("a file in this folder holds `{key}:`")),
        };
        diagnostics.push(diag);
    }
    match mapping.get(key) {
        Some(Value::Sequence(items)) => Some(items),
        Some(Value::Null) => Some(const { &Vec::new() }),
        Some(_) => {
            let pos = positions.value(key).unwrap_or_default();
            diagnostics.push(
                Diagnostic::error("E107", shape())
                    .at(file, pos.line.max(1))
                    .column(pos.column),
            );
            None
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_points_at_its_value() {
        let text = "risks:\n  - id: A\n    title: x\n    owenr: y\n    owner: z\n    likelihood: 9x\n    impact: 1\n    treatment: accept\n  - id: B\n";
        let parsed = parse::<Risk>(text, "r.yaml", "risks");
        let got: Vec<(&str, Option<usize>, Option<usize>)> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect();
        assert_eq!(
            got,
            vec![
                ("E102", Some(4), Some(5)),
                ("E104", Some(6), Some(17)),
                ("E103", Some(9), Some(5)),
                ("E103", Some(9), Some(5)),
                ("E103", Some(9), Some(5)),
                ("E103", Some(9), Some(5)),
                ("E103", Some(9), Some(5)),
            ],
            "{:#?}",
            parsed.diagnostics
        );
        // Both entries are kept with stand-ins, so that their references are still resolved;
        // the stand-ins are listed so that nothing judges them.
        assert!(parsed.broken.is_empty());
        let patched: Vec<&[String]> = parsed
            .entries
            .iter()
            .map(|r| r.source.patched.as_slice())
            .collect();
        assert_eq!(patched.len(), 2);
        assert_eq!(patched[0], ["likelihood"]);
        assert!(patched[1].contains(&"owner".to_string()));
    }

    #[test]
    fn a_register_read_from_disk_finds_its_positions_again_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.yaml");
        let text = "\u{feff}risks:\n  - id: A\n    title: x\n    owner: y\n    likelihood: 1\n    impact: 1\n    treatment: mitigate\n    controls: [a, 'b']\n  - id: B\n    title: x\n    owenr: y\n";
        std::fs::write(&path, text).unwrap();
        let (mut diagnostics, mut broken) = (Vec::new(), Vec::new());
        let risks: Vec<Risk> = load(dir.path(), &[path], "risks", &mut diagnostics, &mut broken);
        // The problems found while reading are at their values, from the file read again.
        let got: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect();
        assert!(got.contains(&("E102", Some(11), Some(5))), "{got:?}");
        let a = &risks[0].source;
        assert_eq!((a.line, risks[1].source.line), (2, 9));
        assert_eq!(a.position("controls[1]"), (8, 19));
        assert_eq!(a.position("treatment"), (7, 16));
        assert_eq!(risks[1].source.position("title"), (10, 12));
        // A clean register keeps no positions until a later stage asks for one.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.yaml");
        let entry = "  - id: B\n    title: x\n    owner: y\n    likelihood: 1\n    impact: 1\n    treatment: mitigate\n";
        std::fs::write(
            &path,
            format!("{}{entry}", &text[..text.find("  - id: B").unwrap()]),
        )
        .unwrap();
        let mut diagnostics = Vec::new();
        let risks: Vec<Risk> = load(dir.path(), &[path], "risks", &mut diagnostics, &mut broken);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let positions = risks[0].source.positions.clone().unwrap();
        assert!(!positions.is_computed());
        assert_eq!(risks[1].source.position("owner"), (11, 12));
        assert!(
            positions.is_computed(),
            "shared by the file's entries, read once"
        );
        // Parsed from text (no file to read again), the positions are kept at once.
        let parsed = parse::<Risk>(&text[3..], "r.yaml", "risks");
        assert!(
            parsed.entries[0]
                .source
                .positions
                .as_ref()
                .unwrap()
                .is_computed()
        );
        assert_eq!(parsed.entries[0].source.position("controls[1]"), (8, 19));
    }

    #[test]
    fn a_misspelt_top_key_is_found_where_it_is() {
        let parsed = parse::<System>("# systems\nsytems:\n  - id: A\n", "s.yaml", "systems");
        assert_eq!(parsed.diagnostics[0].code, "E102");
        assert_eq!(parsed.diagnostics[0].line, Some(2));
        assert_eq!(
            parsed.diagnostics[0].help.as_deref(),
            Some("did you mean `systems`?")
        );
    }
}
