//! Showing diagnostics to people, like a compiler: the message and code, `--> path:line:col`,
//! the offending source line with a caret under the value, and `help:` where a fix is known.
//!
//! The snippet and caret are drawn by `annotate-snippets` (the renderer rustc and cargo use);
//! this module only finds the source line and the span of the value on it.

use std::collections::HashMap;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, Severity};

/// Renders diagnostics for a terminal. Source lines are read from `root`; `colour` adds ANSI
/// styling (only for a TTY). Each diagnostic ends with a blank line.
pub fn human(diagnostics: &[Diagnostic], root: &Path, colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut files: HashMap<&str, Option<Lines>> = HashMap::new();
    let mut out = String::new();
    for d in diagnostics {
        let line = match (d.file.as_deref(), d.line) {
            (Some(file), Some(line)) => files
                .entry(file)
                .or_insert_with(|| read_source(root, file).map(Lines::new))
                .as_ref()
                .and_then(|lines| lines.get(line)),
            _ => None,
        };
        out.push_str(&render_one(d, line, &renderer));
        out.push_str("\n\n");
    }
    out
}

/// A text with the offset of each line, so that many diagnostics in one large file each find
/// their line at once.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: String) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line `line` (1-based), without its line ending.
    fn get(&self, line: usize) -> Option<&str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        let l = self.text.get(start..end)?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

/// A source file's text, if it is a readable UTF-8 file of sensible size.
fn read_source(root: &Path, file: &str) -> Option<String> {
    let path = root.join(file);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 64 * 1024 * 1024 {
        return None;
    }
    String::from_utf8(std::fs::read(path).ok()?).ok()
}

/// One diagnostic, with a snippet when the text of its source line is given.
pub fn render_one(d: &Diagnostic, line_text: Option<&str>, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let mut group: Group<'_> = match (&d.file, d.line) {
        (Some(file), Some(line)) => match line_text {
            Some(text) => {
                let span = value_span(text, d.column.unwrap_or(1));
                title.element(
                    Snippet::source(text)
                        .line_start(line)
                        .path(file.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            None => title.element(
                Origin::path(file.as_str())
                    .line(line)
                    .char_column(d.column.unwrap_or(1)),
            ),
        },
        (Some(file), None) => title.element(Origin::path(file.as_str())),
        _ => Group::with_title(title),
    };
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// The byte range of the value starting at 1-based character `column`: a quoted scalar to its
/// closing quote, else up to the next `,` `]` `}`, ` #`, the `:` ending a key, or the end of
/// line.
pub fn value_span(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = match rest.chars().next() {
        None => 0,
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |end| end + 2),
        Some('[' | '{') => rest.len(),
        Some(_) => {
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                let key_end = c == ':' && rest[i + 1..].chars().next().is_none_or(|n| n == ' ');
                if matches!(c, ',' | ']' | '}') || key_end || rest[i..].starts_with(" #") {
                    end = i;
                    break;
                }
            }
            rest[..end].trim_end().len()
        }
    };
    start..start + len.max(usize::from(!rest.is_empty()).min(rest.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_line_with_a_caret_under_the_value_and_the_help() {
        let lines = Lines::new("risks:\n  - id: R\n    controls: [mini:M.1.1, mini:M.9]\n".into());
        assert_eq!(lines.get(1), Some("risks:"));
        assert_eq!(lines.get(4), Some(""));
        assert_eq!(lines.get(5), None);
        assert_eq!(lines.get(0), None);
        let d = Diagnostic::error("E201", "unknown control `mini:M.9`")
            .at("content/risks/r.yaml", 3)
            .column(28)
            .help("did you mean `mini:M.1.1`?");
        let text = render_one(&d, lines.get(3), &Renderer::plain());
        assert!(
            text.starts_with("error[E201]: unknown control `mini:M.9`"),
            "{text}"
        );
        assert!(text.contains("--> content/risks/r.yaml:3:28"), "{text}");
        assert!(
            text.contains("3 |     controls: [mini:M.1.1, mini:M.9]"),
            "{text}"
        );
        let caret_line = text.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            caret_line.find('^'),
            text.lines()
                .find(|l| l.contains("controls:"))
                .unwrap()
                .find("mini:M.9")
        );
        assert!(caret_line.contains("^^^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `mini:M.1.1`?"), "{text}");
    }

    #[test]
    fn without_source_it_still_names_the_place() {
        let d = Diagnostic::warning("W301", "expired")
            .at("content/e.yaml", 7)
            .column(3);
        let text = render_one(&d, None, &Renderer::plain());
        assert!(text.contains("warning[W301]: expired"), "{text}");
        assert!(text.contains("--> content/e.yaml:7:3"), "{text}");
        let bare = render_one(&Diagnostic::error("E600", "x"), None, &Renderer::plain());
        assert_eq!(bare, "error[E600]: x");
    }

    #[test]
    fn spans_cover_the_value() {
        assert_eq!(value_span("  owner: Jane Doe # x", 10), 9..17);
        assert_eq!(value_span("  a: [x1, y22]", 11), 10..13);
        assert_eq!(value_span("  a: \"q, r\"", 6), 5..11);
        assert_eq!(value_span("", 4), 0..0);
        assert_eq!(value_span("    owenr: x", 5), 4..9);
        assert_eq!(value_span("  ref: iso42001:A.2.2", 8), 7..21);
        assert_eq!(value_span("é: ü", 4), 4..6);
    }
}
