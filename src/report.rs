//! Showing diagnostics to people, like a compiler: the message and code, `--> path:line:col`,
//! the offending source line with a caret under the value, and `help:` where a fix is known.
//!
//! The snippet and caret are drawn by `annotate-snippets` (the renderer rustc and cargo use);
//! this module only finds the source line and the span of the value on it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, NaturalPart, Severity, natural};

/// How many diagnostics with the same code and message are listed; the rest are counted in
/// one note, so 100,000 copies of one broken link print as a screenful.
pub const REPEAT_LIMIT: usize = 10;

/// A source line longer than this (in bytes) is shown as a window around the problem, so a
/// diagnostic costs the same however long its line is.
const LONG_LINE: usize = 240;

/// How to print diagnostics for a terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI styling (only for a TTY).
    pub colour: bool,
    /// Errors and the summary only, no warnings.
    pub quiet: bool,
    /// Warnings first and errors last, so the cause stays on screen (`serve`).
    pub errors_last: bool,
}

/// Renders diagnostics for a terminal, in linear time: each diagnostic ends with a blank line,
/// repeats past [`REPEAT_LIMIT`] are counted in a note, and one summary line per code ends the
/// list. Source lines are read from `root`, each file once.
pub fn human(diagnostics: &[Diagnostic], root: &Path, style: Style) -> String {
    let renderer = if style.colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources = Sources::new(root);
    let mut repeats: HashMap<(&str, &str), usize> = HashMap::new();
    let mut out = String::new();
    for d in listed(diagnostics, style) {
        if d.severity == Severity::Note {
            out.push_str(&format!("{d}\n\n"));
            continue;
        }
        let seen = repeats.entry((d.code, d.message.as_str())).or_insert(0);
        *seen += 1;
        if *seen > REPEAT_LIMIT {
            continue;
        }
        out.push_str(&sources.render(d, &renderer));
        out.push_str("\n\n");
    }
    out.push_str(&repeat_notes(
        listed(diagnostics, style).into_iter(),
        &repeats,
    ));
    out.push_str(&summary(diagnostics));
    out
}

/// The diagnostics to list, in the order to list them.
fn listed(diagnostics: &[Diagnostic], style: Style) -> Vec<&Diagnostic> {
    let wanted = move |d: &&Diagnostic| !style.quiet || d.is_error();
    let (first, last) = if style.errors_last {
        (Severity::Warning, Severity::Error)
    } else {
        (Severity::Error, Severity::Warning)
    };
    let of = move |severity: Severity| {
        diagnostics
            .iter()
            .filter(move |d| d.severity == severity)
            .filter(wanted)
    };
    // Notes explain the errors (checks skipped because of them): they follow the errors.
    let notes = diagnostics.iter().filter(|d| d.severity == Severity::Note);
    if style.errors_last {
        of(first).chain(of(last)).chain(notes).collect()
    } else {
        of(first).chain(notes).chain(of(last)).collect()
    }
}

/// One note per code and message listed [`REPEAT_LIMIT`] times with more not shown, in the
/// order they were first listed.
fn repeat_notes<'a>(
    diagnostics: impl Iterator<Item = &'a Diagnostic>,
    repeats: &HashMap<(&str, &str), usize>,
) -> String {
    let mut out = String::new();
    let mut noted = std::collections::HashSet::new();
    for d in diagnostics {
        let key = (d.code, d.message.as_str());
        let total = repeats.get(&key).copied().unwrap_or(0);
        if total > REPEAT_LIMIT && noted.insert(key) {
            out.push_str(&format!(
                "note: {} more [{}] `{}` not shown (the first {REPEAT_LIMIT} are above; \
                 `check --format json` lists every one)\n",
                total - REPEAT_LIMIT,
                d.code,
                d.message
            ));
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// One line per code with how many there are, errors first, codes in natural order.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let mut counts: BTreeMap<(Severity, Vec<NaturalPart>), (&str, usize)> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.severity != Severity::Note) {
        counts
            .entry((d.severity, natural(d.code)))
            .or_insert((d.code, 0))
            .1 += 1;
    }
    let mut out = String::new();
    for ((severity, _), (code, n)) in counts {
        let kind = match (severity, n) {
            (Severity::Error, 1) => "error",
            (Severity::Error, _) => "errors",
            (Severity::Warning, 1) => "warning",
            (Severity::Warning, _) => "warnings",
            (Severity::Note, _) => continue,
        };
        out.push_str(&format!("{code}: {n} {kind}\n"));
    }
    out
}

/// Source files read once each, with the offsets of their lines.
struct Sources<'a> {
    root: &'a Path,
    files: HashMap<String, Option<Lines>>,
    long_lines: HashMap<(String, usize), CharIndex>,
}

impl<'a> Sources<'a> {
    fn new(root: &'a Path) -> Sources<'a> {
        Sources {
            root,
            files: HashMap::new(),
            long_lines: HashMap::new(),
        }
    }

    /// One diagnostic with its source line, or a window of it when the line is long.
    fn render(&mut self, d: &Diagnostic, renderer: &Renderer) -> String {
        let (Some(file), Some(line)) = (d.file.as_deref(), d.line) else {
            return render_one(d, None, renderer);
        };
        let root = self.root;
        let Some(text) = self
            .files
            .entry(file.to_string())
            .or_insert_with(|| read_source(root, file).map(Lines::new))
            .as_ref()
            .and_then(|lines| lines.get(line))
        else {
            return render_one(d, None, renderer);
        };
        if text.len() <= LONG_LINE {
            return render_one(d, Some(text), renderer);
        }
        let index = self
            .long_lines
            .entry((file.to_string(), line))
            .or_insert_with(|| CharIndex::new(text));
        let column = d.column.unwrap_or(1);
        let (excerpt, excerpt_column) = window(text, index.byte_of(text, column));
        let shifted = Diagnostic {
            column: Some(excerpt_column),
            ..d.clone()
        };
        // The snippet's header names the column within the excerpt: put the real one back.
        render_one(&shifted, Some(&excerpt), renderer).replacen(
            &format!("{file}:{line}:{excerpt_column}"),
            &format!("{file}:{line}:{column}"),
            1,
        )
    }
}

/// The byte offset of every [`CharIndex::STRIDE`]-th character of a long line, so that finding
/// a column's byte offset reads at most a stride of text, however many diagnostics the line has.
struct CharIndex(Vec<usize>);

impl CharIndex {
    const STRIDE: usize = 256;

    fn new(line: &str) -> CharIndex {
        CharIndex(
            line.char_indices()
                .step_by(Self::STRIDE)
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The byte offset of 1-based character `column` (the line's end when past it).
    fn byte_of(&self, line: &str, column: usize) -> usize {
        let char_index = column.saturating_sub(1);
        let Some(&base) = self.0.get(char_index / Self::STRIDE) else {
            return line.len();
        };
        line[base..]
            .char_indices()
            .nth(char_index % Self::STRIDE)
            .map_or(line.len(), |(i, _)| base + i)
    }
}

/// A part of a long line around byte `at`, with `…` where it was cut, and the 1-based
/// character column of `at` within it.
fn window(line: &str, at: usize) -> (String, usize) {
    let start = char_boundary(line, at.saturating_sub(LONG_LINE / 3));
    let end = char_boundary(line, at.saturating_add(LONG_LINE * 2 / 3).min(line.len()));
    let mut excerpt = String::with_capacity(end - start + 6);
    if start > 0 {
        excerpt.push('…');
    }
    excerpt.push_str(&line[start..end]);
    if end < line.len() {
        excerpt.push('…');
    }
    let column = usize::from(start > 0) + line[start..at.min(end)].chars().count() + 1;
    (excerpt, column)
}

/// The nearest character boundary at or before `at`.
fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
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
        Severity::Note => Level::NOTE,
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
    // At least the first character, whole (it may be a multi-byte space that trimmed away).
    let first = rest.chars().next().map_or(0, char::len_utf8);
    start..start + len.max(first)
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
    fn spans_end_on_a_char_boundary() {
        // A value that is only Unicode whitespace (a non-breaking space) trims to nothing; the
        // one-character span that marks it must cover the whole character.
        for (line, column) in [
            ("a:\u{a0}", 3),
            ("a: \u{3000}, b", 4),
            ("é", 1),
            ("x:🙂", 3),
        ] {
            let span = value_span(line, column);
            assert!(line.get(span.clone()).is_some(), "{line:?} {span:?}");
            let d = Diagnostic::error("E101", "x")
                .at("f.yaml", 1)
                .column(column);
            render_one(&d, Some(line), &Renderer::plain());
        }
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

#[cfg(test)]
mod listing_tests {
    use super::*;

    fn portal_with(file: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
        dir
    }

    #[test]
    fn repeats_past_the_limit_are_counted_in_one_note() {
        let dir = portal_with("a.md", &"[[X]]\n".repeat(50));
        let diags: Vec<Diagnostic> = (1..=50)
            .map(|l| Diagnostic::error("E201", "unknown id `X`").at("a.md", l))
            .chain([Diagnostic::warning("W301", "expired")])
            .collect();
        let text = human(&diags, dir.path(), Style::default());
        assert_eq!(text.matches("error[E201]").count(), REPEAT_LIMIT, "{text}");
        assert!(
            text.contains("note: 40 more [E201] `unknown id `X`` not shown"),
            "{text}"
        );
        assert!(
            text.ends_with("E201: 50 errors\nW301: 1 warning\n"),
            "{text}"
        );
    }

    #[test]
    fn quiet_lists_errors_only_and_counts_everything() {
        let diags = [
            Diagnostic::warning("W301", "expired"),
            Diagnostic::error("E201", "unknown"),
        ];
        let quiet = Style {
            quiet: true,
            ..Style::default()
        };
        let text = human(&diags, Path::new("/nonexistent"), quiet);
        assert!(!text.contains("warning[W301]"), "{text}");
        assert!(text.contains("error[E201]: unknown"), "{text}");
        assert!(text.ends_with("E201: 1 error\nW301: 1 warning\n"), "{text}");
    }

    #[test]
    fn errors_last_puts_warnings_first() {
        let diags = [
            Diagnostic::error("E201", "unknown"),
            Diagnostic::warning("W301", "expired"),
        ];
        let last = Style {
            errors_last: true,
            ..Style::default()
        };
        let text = human(&diags, Path::new("/nonexistent"), last);
        assert!(text.find("W301").unwrap() < text.find("error[E201]").unwrap());
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_with_the_true_column() {
        let line = format!(
            "{}é [x](missing.md) {}",
            "a".repeat(5_000),
            "b".repeat(5_000)
        );
        let dir = portal_with("a.md", &format!("title\n{line}\n"));
        let d = Diagnostic::error("E208", "broken")
            .at("a.md", 2)
            .column(5_003);
        let text = human(&[d], dir.path(), Style::default());
        assert!(text.contains("--> a.md:2:5003"), "{text}");
        assert!(text.len() < 2 * LONG_LINE + 400, "{text}");
        let shown = text
            .lines()
            .find(|l| l.contains("[x](missing.md)"))
            .unwrap();
        let caret = text.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            caret.find('^').map(|i| caret[..i].chars().count()),
            shown.find("[x]").map(|i| shown[..i].chars().count())
        );
        assert!(
            caret.contains(&"^".repeat("[x](missing.md)".len())),
            "{text}"
        );
    }

    #[test]
    fn columns_of_long_lines_are_found_past_many_strides() {
        let line = "é".repeat(1_000);
        let index = CharIndex::new(&line);
        assert_eq!(index.byte_of(&line, 1), 0);
        assert_eq!(index.byte_of(&line, 700), 699 * 2);
        assert_eq!(index.byte_of(&line, 5_000), line.len());
    }
}
