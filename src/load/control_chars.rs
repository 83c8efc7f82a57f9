//! Control characters in sources: C0 controls other than tab and line breaks, DEL, C1
//! controls, and the bidirectional overrides and isolates that make text display in another
//! order than it reads (U+202A..U+202E, U+2066..U+2069, "Trojan Source"). They corrupt
//! terminals, spreadsheets and calendars and hide text in pages, so each is an error (E109)
//! at its file, line and column, whether written raw or as an escape (YAML `"\e"`, `"\x1b"`,
//! `"\u202e"`; a Markdown `&#x1b;`).
//!
//! A CR is accepted only as part of a CRLF line ending.
//!
//! A form feed (U+000C) written raw in a Markdown body is whitespace: documents exported from
//! word processors put one alone on a line as a page break. It is read as a space (one byte for
//! one, so every line and column stays where it was); in YAML, front matter included, it stays
//! an error, since YAML forbids it.

use std::borrow::Cow;

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
    .help(if c == FORM_FEED {
        "remove it: YAML (front matter included) forbids form feeds; a page break belongs in the Markdown body, alone on a line"
    } else {
        "remove it: only tab and newline are allowed, and no bidirectional overrides"
    })
}

/// The form feed, whitespace in a Markdown body (a page break in exported policies).
pub const FORM_FEED: char = '\u{c}';

/// The first control character written raw in `text` (a lone CR included); lines are counted
/// from `line_offset + 1`.
pub fn raw(text: &str, file: &str, line_offset: usize) -> Option<Diagnostic> {
    first_raw(text, file, line_offset, false)
}

/// [`raw`], with form feeds accepted when `form_feeds` is true (Markdown bodies).
fn first_raw(text: &str, file: &str, line_offset: usize, form_feeds: bool) -> Option<Diagnostic> {
    if !may_hold_raw(text) {
        return None;
    }
    let (mut line, mut column) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
        let allowed = form_feeds && c == FORM_FEED;
        if (forbidden(c) && !allowed) || lone_cr {
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

/// Whether `text` has a byte that starts a character [`first_raw`] looks for: a C0 control
/// but tab and LF (CR and form feed included), DEL, or the lead byte of a C1 control (`C2`) or
/// of a bidirectional control (`E2`). Most text has none, and is passed in one pass over its
/// bytes instead of a walk over its characters that counts lines (tested to agree).
fn may_hold_raw(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2 || b == 0xe2)
}

/// The first YAML scalar (key or value) whose decoded text holds a control character, such as
/// one written as an escape in a double-quoted string; for text [`raw`] found clean.
pub fn in_scalars(text: &str, file: &str, line_offset: usize) -> Option<Diagnostic> {
    // With no raw control character, only an escape can decode to one, and every escape
    // starts with a backslash: text without one is not parsed again (tested to agree).
    if !text.contains('\\') {
        return None;
    }
    decoded_scalars(text, file, line_offset)
}

/// [`in_scalars`] by parsing: every scalar decoded and searched.
fn decoded_scalars(text: &str, file: &str, line_offset: usize) -> Option<Diagnostic> {
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
/// character reference. A raw form feed is whitespace there (see [`body_text`]); one written
/// as a reference (`&#12;`) would reach the output as it is, so it is still refused.
pub fn in_body(body: &str, file: &str, first_line: usize) -> Option<Diagnostic> {
    first_raw(body, file, first_line.saturating_sub(1), true)
        .or_else(|| in_references(body, file, first_line))
}

/// A Markdown body as the renderer reads it: each raw form feed becomes a space, so a form feed
/// alone on a line is a blank line (it ends a paragraph) and none reaches HTML, XML or CSV.
pub fn body_text(body: &str) -> Cow<'_, str> {
    if body.contains(FORM_FEED) {
        Cow::Owned(body.replace(FORM_FEED, " "))
    } else {
        Cow::Borrowed(body)
    }
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

    /// [`first_raw`] without its byte pre-check.
    fn first_raw_by_characters(text: &str, form_feeds: bool) -> Option<(usize, usize)> {
        let (mut line, mut column) = (1, 1);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
            if (forbidden(c) && !(form_feeds && c == FORM_FEED)) || lone_cr {
                return Some((line, column));
            }
            if c == '\n' {
                (line, column) = (line + 1, 1);
            } else if c != '\r' {
                column += 1;
            }
        }
        None
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// The byte pre-check never passes text the character walk would refuse.
        #[test]
        fn the_byte_check_agrees_with_the_character_walk(
            text in "[a-z \t\n\r\u{c}\u{1b}\u{7f}\u{85}\u{9b}\u{a0}\u{e9}\u{2019}\u{202e}\u{2066}\u{2028}]{0,40}",
            form_feeds: bool,
        ) {
            let fast = first_raw(&text, "f", 0, form_feeds).map(|d| (d.line.unwrap(), d.column.unwrap()));
            proptest::prop_assert_eq!(fast, first_raw_by_characters(&text, form_feeds));
        }

        /// Text with no raw control and no backslash has no scalar that decodes to a control
        /// character: skipping the parse gives what parsing gives (CRLF block scalars too).
        #[test]
        fn yaml_without_a_backslash_needs_no_second_parse(
            text in "(a: |\r?\n  x\r?\n|b: \"[a-z\u{e9} ]{0,6}\"\r?\n|c: '[a-z ]{0,6}'\r?\n|- [a-z]{1,4}\r?\n|d: >\r?\n  y\r?\n  z\r?\n|e: \"x\r?\n  y\"\r?\n){0,6}",
        ) {
            proptest::prop_assume!(raw(&text, "f", 0).is_none());
            let fast = in_scalars(&text, "f", 0).map(|d| (d.line, d.column));
            let parsed = decoded_scalars(&text, "f", 0).map(|d| (d.line, d.column));
            proptest::prop_assert_eq!(fast, parsed);
        }
    }

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
    fn form_feeds_are_whitespace_in_bodies_only() {
        let body = "Scope\n\u{c}\nNext page\u{c} text\r\n";
        assert!(in_body(body, "p.md", 5).is_none());
        assert_eq!(body_text(body), "Scope\n \nNext page  text\r\n");
        assert!(matches!(body_text("plain"), Cow::Borrowed("plain")));
        // In YAML (front matter, registers) it is still an error at its place.
        let d = raw("id: P\ntitle: \u{c}\n", "p.md", 1).unwrap();
        assert_eq!((d.code, d.line, d.column), ("E109", Some(3), Some(8)));
        assert!(d.message.contains("U+000C"), "{}", d.message);
        assert!(d.help.as_deref().unwrap().contains("Markdown body"));
        // Written as a reference it would reach the output raw.
        let d = in_body("a\n&#12;", "p.md", 5).unwrap();
        assert_eq!((d.line, d.column), (Some(6), Some(1)));
        // Other controls next to a form feed are still found.
        let d = in_body("\u{c}\n\u{1b}", "p.md", 5).unwrap();
        assert_eq!((d.line, d.column), (Some(6), Some(1)));
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
