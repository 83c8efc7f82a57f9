//! Control characters in sources: C0 controls other than tab and line breaks, DEL, C1
//! controls, and the bidirectional overrides and isolates that make text display in another
//! order than it reads (U+202A..U+202E, U+2066..U+2069, "Trojan Source"). They corrupt
//! terminals, spreadsheets and calendars and hide text in pages, so each is an error (E109)
//! at its file, line and column, whether written raw or as an escape (YAML `"\e"`, `"\x1b"`,
//! `"\u202e"`; a Markdown `&#x1b;`).
//!
//! A CR is accepted only as part of a CRLF line ending.

use saphyr_parser::{Event, Parser};

use crate::diagnostics::Diagnostic;

/// Whether `c` may not appear in any source text (tab and LF may; CR only before LF).
pub fn forbidden(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        && c != '\r'
}

/// The E109 diagnostic for character `c` at a place.
fn error(c: char, how: &str, file: &str, line: usize, column: usize) -> Diagnostic {
    Diagnostic::error(
        "E109",
        format!("control character U+{:04X} {how}", u32::from(c)),
    )
    .at(file, line)
    .column(column)
    .help("remove it: only tab and newline are allowed, and no bidirectional overrides")
}

/// The first control character written raw in `text` (a lone CR included); lines are counted
/// from `line_offset + 1`.
pub fn raw(text: &str, file: &str, line_offset: usize) -> Option<Diagnostic> {
    let (mut line, mut column) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
        if forbidden(c) || lone_cr {
            return Some(error(c, "in the text", file, line + line_offset, column));
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else if c != '\r' {
            column += 1;
        }
    }
    None
}

/// The first YAML scalar (key or value) whose decoded text holds a control character, such as
/// one written as an escape in a double-quoted string.
pub fn in_scalars(text: &str, file: &str, line_offset: usize) -> Option<Diagnostic> {
    for event in Parser::new_from_str(text) {
        // After a syntax error the parser would repeat it forever: stop there.
        let Ok((event, span)) = event else { break };
        let Event::Scalar(value, ..) = event else {
            continue;
        };
        if let Some(c) = value.chars().find(|c| forbidden(*c) || *c == '\r') {
            return Some(error(
                c,
                "in a YAML value (written as an escape)",
                file,
                span.start.line() + line_offset,
                span.start.col() + 1,
            ));
        }
    }
    None
}

/// The first control character in a Markdown body starting on line `first_line`, raw or as a
/// character reference.
pub fn in_body(body: &str, file: &str, first_line: usize) -> Option<Diagnostic> {
    raw(body, file, first_line.saturating_sub(1)).or_else(|| in_references(body, file, first_line))
}

/// The first Markdown character reference (`&#27;`, `&#x202E;`) that stands for a control
/// character; lines are counted from `first_line`.
pub fn in_references(markdown: &str, file: &str, first_line: usize) -> Option<Diagnostic> {
    let mut searched = 0;
    while let Some(found) = markdown[searched..].find("&#") {
        let start = searched + found;
        searched = start + 2;
        let Some(c) = reference(&markdown[start + 2..]) else {
            continue;
        };
        if forbidden(c) || c == '\r' {
            let before = &markdown[..start];
            let line = before.matches('\n').count() + first_line;
            let line_start = before.rfind('\n').map_or(0, |p| p + 1);
            let column = before[line_start..].chars().count() + 1;
            return Some(error(c, "as a character reference", file, line, column));
        }
    }
    None
}

/// The character of a numeric reference's digits and `;` (`27;`, `x1b;`), as CommonMark reads it.
fn reference(after_hash: &str) -> Option<char> {
    let (digits, radix) = match after_hash.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (after_hash, 10),
    };
    let end = digits.find(';')?;
    let number = &digits[..end];
    let max = if radix == 16 { 6 } else { 7 };
    if number.is_empty() || number.len() > max {
        return None;
    }
    char::from_u32(u32::from_str_radix(number, radix).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_characters_count() {
        for c in [
            '\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2066}',
        ] {
            assert!(forbidden(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', ' ', 'é', '\u{200f}', '\u{feff}', '\u{a0}'] {
            assert!(!forbidden(c), "{c:?}");
        }
    }

    #[test]
    fn raw_characters_and_lone_carriage_returns_are_located() {
        assert!(raw("a\r\nb\tc\n", "f", 0).is_none());
        let d = raw("ok\r\nab\u{1b}[31m", "f.md", 0).unwrap();
        assert_eq!((d.code, d.line, d.column), ("E109", Some(2), Some(3)));
        let d = raw("a\rb", "f.md", 1).unwrap();
        assert_eq!((d.line, d.column), (Some(2), Some(2)));
        assert!(d.message.contains("U+000D"), "{}", d.message);
    }

    #[test]
    fn yaml_escapes_are_found_at_their_scalar() {
        let d = in_scalars(
            "risks:\n  - id: R\n    title: \"a\\0b\\x1b[31m\\u202e\"\n",
            "r.yaml",
            0,
        )
        .unwrap();
        assert_eq!((d.line, d.column), (Some(3), Some(12)));
        assert!(d.message.contains("U+0000"), "{}", d.message);
        assert!(in_scalars("title: \"\\u202E\"\n", "p.md", 1).unwrap().line == Some(2));
        assert!(in_scalars("title: \"caf\\u00e9\\t\"\n", "p.md", 1).is_none());
        assert!(in_scalars("a: [\n  b: ]]] {{\n", "bad.yaml", 0).is_none());
    }

    #[test]
    fn character_references_in_markdown() {
        let d = in_references("x\ny &#x1B;[31m", "p.md", 6).unwrap();
        assert_eq!((d.line, d.column), (Some(7), Some(3)));
        assert!(in_references("&#8238; &#x202e;", "p.md", 1).is_some());
        assert!(in_references("&#233; &#x9; &#38; &#xZZ; &#99999999999;", "p.md", 1).is_none());
    }
}
