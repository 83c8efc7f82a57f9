//! Fenced code as HTML with syntect's CSS classes. Highlighting is the costliest step of a
//! page, and handbooks repeat the same snippets on many pages: each distinct block is
//! highlighted once per build and its HTML shared.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::markdown::escape;
use crate::shared::slugs::slug_for_anchor;

/// The class prefix of highlighted code, shared with the generated stylesheet.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Blocks longer than this are highlighted every time rather than kept.
const LONGEST_KEPT: usize = 16 * 1024;

/// At most this many bytes of code and HTML are kept, so that memory stays bounded however
/// many distinct blocks a handbook has.
const MOST_KEPT_BYTES: usize = 32 * 1024 * 1024;

/// Highlights code blocks, remembering the HTML of the ones it has seen.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    /// (language, code) -> the block's HTML, and the bytes kept. A read lock on a hit:
    /// threads rarely wait.
    seen: RwLock<Seen>,
}

/// The blocks kept so far.
#[derive(Default)]
struct Seen {
    blocks: HashMap<(String, String), Arc<str>>,
    bytes: usize,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

impl Highlighter {
    /// Loads syntect's built-in syntaxes.
    pub fn new() -> Highlighter {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            seen: RwLock::new(Seen::default()),
        }
    }

    /// A code block in `lang` (possibly empty) as a `<pre>` element.
    pub fn block(&self, code: &str, lang: &str) -> Arc<str> {
        let key = (lang.to_string(), code.to_string());
        // A poisoned lock only means another thread panicked mid-insert; the map is intact.
        if let Some(html) = self
            .seen
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .blocks
            .get(&key)
        {
            return html.clone();
        }
        let html: Arc<str> = highlight(code, lang, &self.syntaxes).into();
        if code.len() <= LONGEST_KEPT {
            let mut seen = self.seen.write().unwrap_or_else(|e| e.into_inner());
            let size = code.len() + lang.len() + html.len();
            if seen.bytes + size <= MOST_KEPT_BYTES && !seen.blocks.contains_key(&key) {
                seen.bytes += size;
                seen.blocks.insert(key, html.clone());
            }
        }
        html
    }
}

/// Highlights one block; code in an unknown language, or that syntect cannot parse, is
/// escaped as it is.
fn highlight(code: &str, lang: &str, syntaxes: &SyntaxSet) -> String {
    let syntax = (!lang.is_empty())
        .then(|| syntaxes.find_syntax_by_token(lang))
        .flatten();
    let body = match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
            let ok = LinesWithEndings::from(code).all(|line| {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_ok()
            });
            if ok {
                generator.finalize()
            } else {
                escape(code)
            }
        }
        None => escape(code),
    };
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", slug_for_anchor(lang))
    };
    // tabindex lets keyboard users scroll a wide block.
    format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{body}</code></pre>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_block_is_highlighted_once_and_reads_the_same() {
        let highlighter = Highlighter::new();
        let first = highlighter.block("fn main() {}\n", "rust");
        let again = highlighter.block("fn main() {}\n", "rust");
        assert!(
            Arc::ptr_eq(&first, &again),
            "the second block is the kept one"
        );
        assert!(first.contains("hl-"), "{first}");
        // The same code in another language is another block.
        let plain = highlighter.block("fn main() {}\n", "");
        assert!(!plain.contains("hl-"), "{plain}");
        assert_eq!(
            &*plain,
            highlight("fn main() {}\n", "", &highlighter.syntaxes)
        );
    }

    #[test]
    fn long_blocks_are_not_kept() {
        let highlighter = Highlighter::new();
        let code = "x = 1\n".repeat(LONGEST_KEPT);
        let first = highlighter.block(&code, "python");
        let again = highlighter.block(&code, "python");
        assert_eq!(first, again);
        assert!(!Arc::ptr_eq(&first, &again));
    }
}
