//! Reading source files as UTF-8 text and turning parse errors into located diagnostics.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::control_chars;
use super::fields::{code_for, strip_location, unknown_field};
use crate::diagnostics::Diagnostic;

/// A path relative to the portal root, with `/` separators, for messages and `Source`.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads each file and parses its text with `parse` (path, text, file name), on the thread
/// pool, one file at a time each; the results come in the files' order, so what a loader
/// builds from them, diagnostics included, is what a serial loop builds. A file that cannot
/// be read as text is its diagnostic.
pub fn read_and_parse_each<T: Send>(
    root: &Path,
    files: &[PathBuf],
    parse: impl Fn(&Path, &str, &str) -> T + Sync,
) -> Vec<Result<(String, T), Diagnostic>> {
    files
        .par_iter()
        .map(|path| {
            let text = read_text(root, path)?;
            let file = relative(root, path);
            let parsed = parse(path, &text, &file);
            Ok((file, parsed))
        })
        .collect()
}

/// A source file's name relative to the root and its text; `None`, with the reason added to
/// `diagnostics`, when it cannot be read as text (the loaders then go on with the next file).
pub fn read_or_report(
    root: &Path,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, String)> {
    match read_text(root, path) {
        Ok(text) => Some((relative(root, path), text)),
        Err(diag) => {
            diagnostics.push(diag);
            None
        }
    }
}

/// Reads a file that must be UTF-8 text, or explains why it cannot be used. A leading UTF-8
/// byte order mark (which Windows editors write) is dropped: it is not part of the text.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let file = relative(root, path);
    let bytes = std::fs::read(path).map_err(|err| {
        Diagnostic::error("E001", format!("cannot read `{file}`: {err}")).at(file.clone(), 0)
    })?;
    let bytes = match bytes.strip_prefix(BOM) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let before = &err.as_bytes()[..offset];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = offset
            - before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        Diagnostic::error("E002", format!("`{file}` is not UTF-8 text"))
            .at(file.clone(), line)
            .column(column)
            .help("save the file as UTF-8")
    })
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Deepest bracket nesting accepted. serde_yaml refuses more than 128 levels anyway, but only
/// after its parser (libyaml) has run, and that parser spends time proportional to the depth on
/// every token: 100,000 `[` would keep it busy for minutes.
pub const MAX_FLOW_DEPTH: usize = 128;

/// Parses YAML text into a value, refusing control characters (raw or escaped, E109) and
/// hostile nesting before the parser sees it.
/// `file` and `line_offset` locate errors (front matter starts on line 2).
pub fn parse_yaml(
    text: &str,
    file: &str,
    line_offset: usize,
) -> Result<serde_yaml::Value, Diagnostic> {
    if let Some(d) = control_chars::raw(text, file, line_offset) {
        return Err(d);
    }
    flow_depth_guard(text, file, line_offset)?;
    let value = serde_yaml::from_str(text).map_err(|err| {
        // libyaml also breaks lines at a lone `\r` and may report the end of input one line
        // past the last: keep the location on a line that exists (lines split at `\n`).
        let mut d = yaml_error(file, &err, line_offset);
        let last = text.split('\n').count() + line_offset;
        if d.line.is_some_and(|l| l > last) {
            d.line = Some(last);
            d.column = None;
        }
        d
    })?;
    match control_chars::in_scalars(text, file, line_offset) {
        Some(d) => Err(d),
        None => Ok(value),
    }
}

/// Refuses text whose `[`/`{` nesting goes deeper than [`MAX_FLOW_DEPTH`]. Counts every bracket
/// (in quotes and comments too), so it can only over-estimate: no deep input slips through.
pub fn flow_depth_guard(text: &str, file: &str, line_offset: usize) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut line = 1;
    let mut line_start = 0;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    let column = text[line_start..i].chars().count() + 1;
                    return Err(Diagnostic::error(
                        "E101",
                        format!("YAML nested deeper than {MAX_FLOW_DEPTH} levels"),
                    )
                    .at(file, line + line_offset)
                    .column(column)
                    .help("flatten the structure; no Tracemark schema nests this deep"));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A YAML error (syntax, or a schema error from reading straight into a type) located in its
/// file (`file` relative to the root); `line_offset` is added for front matter.
pub fn yaml_error(file: &str, err: &serde_yaml::Error, line_offset: usize) -> Diagnostic {
    let (line, column) = err
        .location()
        .map_or((0, 0), |loc| (loc.line() + line_offset, loc.column()));
    let message = strip_location(&err.to_string());
    let line = if line == 0 { line_offset + 1 } else { line };
    let schema = message.starts_with("unknown field")
        || message.starts_with("missing field")
        || message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("unknown variant");
    if !schema {
        return Diagnostic::error("E101", format!("YAML syntax: {message}"))
            .at(file, line)
            .column(column);
    }
    let diag = Diagnostic::error(code_for(&message), message.clone())
        .at(file, line)
        .column(column);
    match unknown_field(&message) {
        Some((wrong, known)) => {
            match crate::diagnostics::closest(&wrong, known.iter().map(String::as_str)) {
                Some(best) => diag.help(format!("did you mean `{best}`?")),
                None => diag.help(format!("known fields: {}", known.join(", "))),
            }
        }
        None => diag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_located_with_the_front_matter_offset() {
        let err = serde_yaml::from_str::<serde_yaml::Value>("a: 1\nb: [\n").unwrap_err();
        let d = yaml_error("x.md", &err, 1);
        assert_eq!(d.code, "E101");
        assert!(d.line.unwrap() >= 3, "{d:?}");
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portal.yaml");
        std::fs::write(&path, b"\xEF\xBB\xBFtitle: T\n").unwrap();
        let text = read_text(dir.path(), &path).unwrap();
        assert_eq!(text, "title: T\n");
        assert!(parse_yaml(&text, "portal.yaml", 0).is_ok());
    }

    #[test]
    fn refuses_hostile_nesting_before_parsing() {
        let deep = format!("a:\n  b: {}", "[".repeat(100_000));
        let d = parse_yaml(&deep, "x.yaml", 0).unwrap_err();
        assert_eq!((d.code, d.line, d.column), ("E101", Some(2), Some(134)));
        let fine = format!(
            "a: {}1{}\nb: [[x]] [[y]]\n",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(flow_depth_guard(&fine, "x.yaml", 0).is_ok());
    }
}
