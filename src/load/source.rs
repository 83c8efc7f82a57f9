//! Reading source files as UTF-8 text and turning parse errors into located diagnostics.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// A path relative to the portal root, with `/` separators, for messages and `Source`.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a file that must be UTF-8 text, or explains why it cannot be used.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let file = relative(root, path);
    let bytes = std::fs::read(path).map_err(|err| {
        Diagnostic::error("E001", format!("cannot read `{file}`: {err}")).at(file.clone(), 0)
    })?;
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

/// A YAML error located in its file; `line_offset` is added for front matter.
pub fn yaml_error(
    root: &Path,
    path: &Path,
    err: &serde_yaml::Error,
    line_offset: usize,
) -> Diagnostic {
    let file = relative(root, path);
    let (line, column) = err
        .location()
        .map_or((0, 0), |loc| (loc.line() + line_offset, loc.column()));
    let message = strip_location(&err.to_string());
    let diag = Diagnostic::error(code_for(&message), message.clone())
        .at(file, line)
        .column(column);
    match unknown_field_help(&message) {
        Some(help) => diag.help(help),
        None => diag,
    }
}

/// Picks a stable code for a serde/YAML error message.
pub fn code_for(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "E102"
    } else if message.starts_with("missing field") {
        "E103"
    } else if message.starts_with("invalid type") || message.starts_with("unknown variant") {
        "E104"
    } else if message.contains("date") {
        "E105"
    } else {
        "E101"
    }
}

/// serde_yaml appends " at line L column C"; the diagnostic carries that separately.
pub fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(pos) => message[..pos].to_string(),
        None => message.to_string(),
    }
}

/// For "unknown field `owenr`, expected one of `id`, `owner`": suggest the closest field.
pub fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (wrong, rest) = rest.split_once('`')?;
    let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    match crate::diagnostics::closest(wrong, known.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("known fields: {}", known.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_gets_a_suggestion() {
        let msg = "unknown field `owenr`, expected one of `id`, `title`, `owner`";
        assert_eq!(unknown_field_help(msg).unwrap(), "did you mean `owner`?");
        assert_eq!(code_for(msg), "E102");
    }
}
