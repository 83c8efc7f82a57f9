//! Serialising data files: CSV, JSON, iCalendar, sitemap and the search index.

use std::borrow::Cow;

use crate::plan::DataFile;

/// The bytes of a data file, or why it could not be produced.
pub fn bytes(file: &DataFile) -> Result<Cow<'_, [u8]>, String> {
    let owned = match file {
        // Written as it was planned, like JSON (see `plan::data::csv`).
        DataFile::Csv(text) => return text.bytes().map(Cow::Borrowed),
        // Written as it was planned: its lists were streamed then (see `plan::data::json`).
        DataFile::Json(text) => return Ok(Cow::Borrowed(text.as_bytes())),
        DataFile::Calendar(events) => {
            let mut out = String::from(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tracemark//Reviews//EN\r\nCALSCALE:GREGORIAN\r\n",
            );
            for e in events {
                out.push_str("BEGIN:VEVENT\r\n");
                out.push_str(&ical_line(&format!("UID:{}", ical_text(&e.uid))));
                out.push_str(&format!("DTSTAMP:{}T000000Z\r\n", e.date));
                out.push_str(&format!("DTSTART;VALUE=DATE:{}\r\n", e.date));
                out.push_str(&ical_line(&format!("SUMMARY:{}", ical_text(&e.summary))));
                out.push_str("END:VEVENT\r\n");
            }
            out.push_str("END:VCALENDAR\r\n");
            Ok(out.into_bytes())
        }
        DataFile::Sitemap(base, paths) => {
            let base = if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            };
            let mut out = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for path in paths {
                out.push_str(&format!(
                    "  <url><loc>{}</loc></url>\n",
                    super::markdown::escape(&format!("{base}{path}"))
                ));
            }
            out.push_str("</urlset>\n");
            Ok(out.into_bytes())
        }
        DataFile::SearchPart(index, part) => {
            super::search_index::part(index, *part).map(String::into_bytes)
        }
        DataFile::PrintHeaders(headers) => Ok(print_headers(headers).into_bytes()),
        DataFile::Script(text) => return Ok(Cow::Borrowed(text.as_bytes())),
        DataFile::Atom(feed) => Ok(atom(feed).into_bytes()),
    };
    owned.map(Cow::Owned)
}

/// `assets/print.css`: a named page per policy whose top margin carries its id, title and
/// version, used by the policy's own page and by its part of `print.html`. Generated as a
/// stylesheet because browsers print neither `string-set` nor an inline style under a strict CSP.
fn print_headers(headers: &[crate::plan::PrintHeader]) -> String {
    let mut css = String::from("/* Running headers for printing: one named page per policy. */\n");
    for h in headers {
        let name = css_ident(&h.key);
        let text = css_string(&h.text);
        css.push_str(&format!(
            "@media print {{\n  body:has([data-policy-page=\"{key}\"]), .print-doc[data-print-doc=\"{key}\"] {{ page: doc-{name}; }}\n}}\n@page doc-{name} {{ @top-left {{ content: \"{text}\"; font-size: 8.5pt; color: #333333; }} }}\n",
            key = css_string(&h.key),
        ));
    }
    css
}

/// A CSS identifier from an id: letters, digits and `-`; anything else becomes `_XX` (hex).
fn css_ident(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

/// The inside of a double-quoted CSS string: quotes, backslashes and line breaks escaped, and
/// `<` too, so the text can never close a `<style>` element if the file were ever inlined.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '<' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An Atom feed document; dates are whole days at midnight UTC.
fn atom(feed: &crate::plan::Feed) -> String {
    let esc = super::markdown::escape;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    out.push_str(&format!("  <id>{}</id>\n", esc(&feed.id)));
    out.push_str(&format!("  <title>{}</title>\n", esc(&feed.title)));
    out.push_str(&format!(
        "  <updated>{}T00:00:00Z</updated>\n",
        feed.updated
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        esc(&feed.author)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        esc(&feed.alternate)
    ));
    if let Some(url) = &feed.self_url {
        out.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            esc(url)
        ));
    }
    for e in &feed.entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", esc(&e.id)));
        out.push_str(&format!("    <title>{}</title>\n", esc(&e.title)));
        out.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", e.updated));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            esc(&e.link)
        ));
        if let Some(summary) = &e.summary {
            out.push_str(&format!("    <summary>{}</summary>\n", esc(summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Escapes text for an iCalendar TEXT value (RFC 5545 3.3.11): backslash, `;`, `,`, and
/// every line break (CRLF, LF or a lone CR) as `\n`; any other control character, which TEXT
/// may not hold, is dropped.
fn ical_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line is longer than 75 octets (RFC 5545 3.1): each
/// continuation starts with a space, and no UTF-8 character is split.
fn ical_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod print_tests {
    use super::{css_ident, css_string};

    #[test]
    fn header_text_cannot_break_out_of_its_css_string() {
        assert_eq!(
            css_string(r#"A "quoted" \ </style>"#),
            r#"A \"quoted\" \\ \3c /style>"#
        );
        assert_eq!(css_ident("pol-1.a"), "pol-1_2ea");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_escapes_every_line_break_and_folds_long_lines() {
        assert_eq!(
            ical_text("a\r\nb\rc\nd;e,f\\g\u{1b}h"),
            "a\\nb\\nc\\nd\\;e\\,f\\\\gh"
        );
        let events = vec![crate::plan::CalendarEvent {
            uid: "u@x".into(),
            date: "2026-12-01".into(),
            summary: format!("Review {}\r{}", "é".repeat(60), "x".repeat(100)),
            url: "risks/R.html".into(),
        }];
        let ics =
            String::from_utf8(bytes(&DataFile::Calendar(events)).unwrap().into_owned()).unwrap();
        assert!(!ics.replace("\r\n", "").contains('\r'), "{ics:?}");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(
            unfolded.contains(&format!(
                "SUMMARY:Review {}\\n{}\r\n",
                "é".repeat(60),
                "x".repeat(100)
            )),
            "{unfolded:?}"
        );
    }
}
