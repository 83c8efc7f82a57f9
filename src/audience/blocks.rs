//! Per-audience text blocks in Markdown: lines between `<!-- audience: public -->` (or
//! `<!-- audience: internal, auditor -->`) and `<!-- /audience -->` belong only to the
//! editions named, so a page such as About can say "Public (this one)" in the public edition
//! and "Internal (this one)" in the internal one. Each comment stands on a line of its own;
//! blocks do not nest; inside a fenced code block the comments are just text. The audience
//! stage keeps the blocks of its edition (and drops the comment lines) before anything else
//! reads the body, so pages, print, search and exports follow.

use crate::diagnostics::{Diagnostic, likely_typo};
use crate::model::Audience;

/// The audience names a block may list, as on the command line.
const NAMES: [&str; 3] = ["public", "internal", "auditor"];

/// One line of a body as the block syntax reads it.
enum Line<'a> {
    /// `<!-- audience: a, b -->` with the names written.
    Open(Vec<&'a str>),
    /// `<!-- /audience -->`.
    Close,
    /// Anything else.
    Text,
}

fn read(line: &str) -> Line<'_> {
    let Some(inner) = line
        .trim()
        .strip_prefix("<!--")
        .and_then(|l| l.strip_suffix("-->"))
        .map(str::trim)
    else {
        return Line::Text;
    };
    if inner == "/audience" {
        return Line::Close;
    }
    match inner.strip_prefix("audience:") {
        Some(list) => Line::Open(list.split(',').map(str::trim).collect()),
        None => Line::Text,
    }
}

/// Whether `line` opens or closes a fenced code block.
fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// `text` with only the blocks `audience` may read, and the blocks' comment lines gone. A
/// block left open runs to the end of the text (an error, E380, reported by [`errors`]).
pub fn keep(text: &str, audience: Audience) -> String {
    keep_lines(text, audience).0
}

/// Like [`keep`], with the 1-based line of `text` that each kept line was.
pub fn keep_lines(text: &str, audience: Audience) -> (String, Vec<usize>) {
    let mut lines = Vec::new();
    if !text.contains("<!--") {
        return (text.to_string(), (1..=text.lines().count() + 1).collect());
    }
    let mut out = String::with_capacity(text.len());
    let mut shown = true;
    let mut fenced = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if is_fence(line) {
            fenced = !fenced;
        }
        match (fenced, read(line)) {
            (false, Line::Open(names)) => shown = names.contains(&audience.name()),
            (false, Line::Close) => shown = true,
            _ if shown => {
                out.push_str(line);
                lines.push(n + 1);
            }
            _ => {}
        }
    }
    lines.push(text.lines().count() + 1);
    (out, lines)
}

/// The errors of the blocks of `text`, each with its 1-based line in `text`: a block not
/// closed (E380), an audience name that is none (E381), a closing comment with no block open
/// (E382).
pub fn errors(text: &str) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    if !text.contains("<!--") {
        return out;
    }
    let mut open: Option<usize> = None;
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if is_fence(line) {
            fenced = !fenced;
        }
        match (fenced, read(line)) {
            (false, Line::Open(names)) => {
                if let Some(at) = open.replace(n) {
                    out.push((at, not_closed()));
                }
                for name in names.iter().filter(|n| !NAMES.contains(n)) {
                    let mut d = Diagnostic::error(
                        "E381",
                        format!(
                            "`{name}` is not an audience: an audience block names `public`, `internal` or `auditor`"
                        ),
                    );
                    if let Some(best) = likely_typo(name, NAMES) {
                        d = d.help(format!("did you mean `{best}`?"));
                    }
                    out.push((n, d));
                }
            }
            (false, Line::Close) if open.take().is_none() => out.push((
                n,
                Diagnostic::error("E382", "`<!-- /audience -->` closes no audience block")
                    .help("remove it, or open the block with `<!-- audience: public -->` above"),
            )),
            _ => {}
        }
    }
    if let Some(at) = open {
        out.push((at, not_closed()));
    }
    out
}

fn not_closed() -> Diagnostic {
    Diagnostic::error("E380", "audience block not closed")
        .help("end it with `<!-- /audience -->` on a line of its own (blocks do not nest)")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABOUT: &str = "Intro.\n<!-- audience: public -->\nPublic (this one)\n<!-- /audience -->\n<!-- audience: internal, auditor -->\nPublic\n<!-- /audience -->\nEnd.\n";

    #[test]
    fn each_edition_keeps_its_blocks() {
        assert_eq!(
            keep(ABOUT, Audience::Public),
            "Intro.\nPublic (this one)\nEnd.\n"
        );
        assert_eq!(keep(ABOUT, Audience::Internal), "Intro.\nPublic\nEnd.\n");
        assert_eq!(keep(ABOUT, Audience::Auditor), "Intro.\nPublic\nEnd.\n");
        assert!(errors(ABOUT).is_empty());
    }

    #[test]
    fn code_fences_hold_text_not_blocks() {
        let text = "```\n<!-- audience: nobody -->\n```\n";
        assert!(errors(text).is_empty());
        assert_eq!(keep(text, Audience::Public), text);
    }

    #[test]
    fn bad_blocks_are_errors_at_their_line() {
        let codes = |t: &str| -> Vec<(usize, &'static str)> {
            errors(t).into_iter().map(|(l, d)| (l, d.code)).collect()
        };
        assert_eq!(codes("a\n<!-- audience: public -->\nb\n"), [(2, "E380")]);
        assert_eq!(
            codes("<!-- audience: publc -->\n<!-- /audience -->\n"),
            [(1, "E381")]
        );
        assert_eq!(codes("a\n\n<!-- /audience -->\n"), [(3, "E382")]);
        let typo = errors("<!-- audience: publc -->\n<!-- /audience -->\n");
        assert!(format!("{:?}", typo[0].1).contains("public"));
    }
}
