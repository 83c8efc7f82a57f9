//! Raw HTML written in Markdown: which tags name an HTML element, and which are an author's
//! placeholder (`<Company Name>`, `<insert email address here>`) that a sanitiser would
//! silently delete, and so is shown as the text it is.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser};

use crate::shared::markdown_dialect::markdown_options;

/// An attribute value as a browser reads it: the character references that links and ids
/// use (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#38;`, `&#x26;`) decoded, so that
/// `href="R&amp;D.md"` names `R&D.md`. Any other `&` is kept as written.
pub fn decode_references(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let decoded = tail.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '\0')
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The elements of HTML (the living standard, the obsolete ones browsers still know, and the
/// roots of embedded SVG and MathML). Anything else written as a tag is a placeholder.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

/// Whether `name` is an HTML element name (in any letter case).
pub fn is_element(name: &str) -> bool {
    ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name))
}

/// One tag of a raw HTML fragment that names no HTML element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte range of the whole tag, `<` to `>`.
    pub range: Range<usize>,
    /// The tag as written.
    pub text: String,
}

/// Every tag of a raw HTML fragment whose name is not an HTML element.
pub fn placeholders(fragment: &str) -> Vec<Placeholder> {
    let bytes = fragment.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = fragment[at..].find('<') {
        let start = at + found;
        at = start + 1;
        let name_start = start + 1 + usize::from(bytes.get(start + 1) == Some(&b'/'));
        let name_len = fragment[name_start..]
            .bytes()
            .enumerate()
            .take_while(|&(i, b)| {
                b.is_ascii_alphabetic() || (i > 0 && (b.is_ascii_digit() || b == b'-'))
            })
            .count();
        if name_len == 0 {
            continue;
        }
        let Some(end) = tag_end(fragment, name_start + name_len) else {
            continue;
        };
        if !is_element(&fragment[name_start..name_start + name_len]) {
            out.push(Placeholder {
                range: start..end,
                text: fragment[start..end].to_string(),
            });
            at = end;
        }
    }
    out
}

/// How far a tag is looked for: a placeholder is short, and a bound keeps hostile input (an
/// unclosed quote after every `<`) linear.
const MAX_TAG: usize = 1024;

/// The byte after the `>` closing a tag whose attributes start at `from` (quotes honoured).
fn tag_end(fragment: &str, from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in fragment.bytes().enumerate().skip(from).take(MAX_TAG) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// A raw HTML fragment with every placeholder tag escaped, so it reads as the author typed it.
pub fn escape_placeholders(fragment: &str) -> String {
    let found = placeholders(fragment);
    let mut out = String::with_capacity(fragment.len() + found.len() * 8);
    let mut last = 0;
    for p in found {
        out.push_str(&fragment[last..p.range.start]);
        out.push_str(
            &p.text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
        );
        last = p.range.end;
    }
    out.push_str(&fragment[last..]);
    out
}

/// Every placeholder tag in the raw HTML of a Markdown text, with its 1-based line and
/// column (in characters) within the text.
pub fn markdown_placeholders(markdown: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let (mut line, mut line_start, mut counted) = (1, 0, 0);
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        let (Event::Html(fragment) | Event::InlineHtml(fragment)) = event else {
            continue;
        };
        // An HTML block's event is one line of it: find it within its range.
        let Some(offset) = markdown[range.clone()].find(fragment.as_ref()) else {
            continue;
        };
        for p in placeholders(&fragment) {
            let start = range.start + offset + p.range.start;
            for (i, _) in markdown[counted..start].match_indices('\n') {
                line += 1;
                line_start = counted + i + 1;
            }
            counted = start;
            let column = markdown[line_start..start].chars().count() + 1;
            out.push((p.text, line, column));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders_but_not_elements() {
        let found = placeholders(
            "<p>Mail <insert email address here> at <Company Name></p><br/><my-thing x='>'>",
        );
        let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "<insert email address here>",
                "<Company Name>",
                "<my-thing x='>'>"
            ]
        );
        assert!(placeholders("<DIV class=\"a\">x</DIV> a < b <!-- c -->").is_empty());
        // Hostile input stays linear: an unclosed quote after every `<`.
        let hostile = "<x \"".repeat(200_000);
        let started = std::time::Instant::now();
        assert!(placeholders(&hostile).is_empty());
        assert!(started.elapsed().as_secs() < 5);
        assert_eq!(
            escape_placeholders("<b><Company Name></b>"),
            "<b>&lt;Company Name&gt;</b>"
        );
    }

    #[test]
    fn locates_placeholders_in_markdown() {
        let text = "# Title\n\nContact <insert email address here>.\n\n<Company Name>\nowns it.\n";
        assert_eq!(
            markdown_placeholders(text),
            vec![
                ("<insert email address here>".to_string(), 3, 9),
                ("<Company Name>".to_string(), 5, 1),
            ]
        );
    }

    #[test]
    fn a_long_html_block_is_scanned_in_linear_time() {
        let block = format!("<div>\n{}</div>\n", "<Company Name> text\n".repeat(50_000));
        let started = std::time::Instant::now();
        assert_eq!(markdown_placeholders(&block).len(), 50_000);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn attribute_values_are_read_as_a_browser_reads_them() {
        assert_eq!(super::decode_references("R&amp;D.md"), "R&D.md");
        assert_eq!(
            super::decode_references("&#106;avascript&#x3A;x"),
            "javascript:x"
        );
        assert_eq!(
            super::decode_references("a&b &nbsp; &#0; &#xZZ;"),
            "a&b &nbsp; &#0; &#xZZ;"
        );
        assert_eq!(super::decode_references("–&amp;–"), "–&–");
    }
}
