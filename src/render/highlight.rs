//! Fenced code as HTML with short colour classes. Highlighting is the costliest step of a
//! page, and handbooks repeat the same snippets on many pages: each distinct block is
//! highlighted once per build and its HTML shared.
//!
//! Each run of characters of one colour is one `<span class="hN">` (N: the colour's place in
//! the theme's [`palette`]), plus `hb`/`hi`/`hu` for bold, italic and underline: a reader sees
//! the same colours as with syntect's classes, whose nested spans and scope names were most
//! of a code block's bytes (and often most of the page's).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use std::fmt::Write as _;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, FontStyle, Style, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::markdown::escape;
use crate::shared::slugs::slug_for_anchor;

/// The built-in light theme the colours come from.
const THEME: &str = "InspiredGitHub";

/// Red, green, blue.
type Rgb = (u8, u8, u8);

/// Colours of the theme too light on the code background (#f6f8fa), and what is written
/// instead: each at least 4.5:1 there, the same hue family.
const READABLE: [(Rgb, Rgb); 8] = [
    ((0x62, 0xa3, 0x5c), (0x2d, 0x6a, 0x28)),
    ((0x00, 0x86, 0xb3), (0x0a, 0x5f, 0x86)),
    ((0x63, 0xa3, 0x5c), (0x2d, 0x6a, 0x28)),
    ((0x55, 0xa5, 0x32), (0x2d, 0x6a, 0x28)),
    ((0xed, 0x6a, 0x43), (0xa3, 0x3a, 0x12)),
    ((0x96, 0x98, 0x96), (0x57, 0x60, 0x6a)),
    ((0xb3, 0xb3, 0xb3), (0x57, 0x60, 0x6a)),
    ((0x41, 0x83, 0xc4), (0x1a, 0x4f, 0xa0)),
];

/// The theme with its colours made readable ([`READABLE`], then any other colour still
/// under 4.5:1 darkened until it is not).
fn theme() -> Theme {
    let mut theme = ThemeSet::load_defaults()
        .themes
        .remove(THEME)
        .unwrap_or_default();
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = readable(*fg);
        }
    }
    theme
}

/// A colour a reader can read on the code background.
fn readable(c: Color) -> Color {
    if let Some((_, to)) = READABLE.iter().find(|(from, _)| *from == (c.r, c.g, c.b)) {
        return Color {
            r: to.0,
            g: to.1,
            b: to.2,
            a: 0xff,
        };
    }
    let mut c = Color { a: 0xff, ..c };
    while contrast_on_code(c) < 4.5 {
        c = Color {
            r: (f32::from(c.r) * 0.9) as u8,
            g: (f32::from(c.g) * 0.9) as u8,
            b: (f32::from(c.b) * 0.9) as u8,
            a: 0xff,
        };
    }
    c
}

/// WCAG contrast of `c` against the code background #f6f8fa.
fn contrast_on_code(c: Color) -> f32 {
    fn lum(r: u8, g: u8, b: u8) -> f32 {
        let ch = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    }
    (lum(0xf6, 0xf8, 0xfa) + 0.05) / (lum(c.r, c.g, c.b) + 0.05)
}

/// The theme's foreground then background colours in the order of its rules, without
/// repeats: a colour's class is its place here, so that the stylesheet and the pages agree.
fn palette(theme: &Theme) -> Vec<Color> {
    let fg = theme.scopes.iter().filter_map(|item| item.style.foreground);
    let bg = theme.scopes.iter().filter_map(|item| item.style.background);
    let mut colours: Vec<Color> = Vec::new();
    for c in fg.chain(bg) {
        if !colours.contains(&c) {
            colours.push(c);
        }
    }
    colours
}

/// `#rrggbb`.
fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// Blocks longer than this are highlighted every time rather than kept.
const LONGEST_KEPT: usize = 16 * 1024;

/// At most this many bytes of code and HTML are kept, so that memory stays bounded however
/// many distinct blocks a handbook has.
const MOST_KEPT_BYTES: usize = 32 * 1024 * 1024;

/// Highlights code blocks, remembering the HTML of the ones it has seen.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    theme: Theme,
    palette: Vec<Color>,
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
        let theme = theme();
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            palette: palette(&theme),
            theme,
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
        let html: Arc<str> = self.highlight(code, lang).into();
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

impl Highlighter {
    /// Highlights one block; code in an unknown language, or that syntect cannot parse, is
    /// escaped as it is.
    fn highlight(&self, code: &str, lang: &str) -> String {
        let syntax = (!lang.is_empty())
            .then(|| self.syntaxes.find_syntax_by_token(lang))
            .flatten();
        let body = syntax
            .and_then(|syntax| self.colour(code, syntax))
            .unwrap_or_else(|| escape(code));
        let class = if lang.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", slug_for_anchor(lang))
        };
        // tabindex lets keyboard users scroll a wide block.
        format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{body}</code></pre>\n")
    }

    /// The code with one span per run of one style; `None` when syntect fails on it.
    fn colour(&self, code: &str, syntax: &syntect::parsing::SyntaxReference) -> Option<String> {
        let mut lines = HighlightLines::new(syntax, &self.theme);
        let plain = Style {
            foreground: self.theme.settings.foreground.unwrap_or(Color::BLACK),
            background: self.theme.settings.background.unwrap_or(Color::WHITE),
            font_style: FontStyle::empty(),
        };
        let mut out = String::with_capacity(code.len() * 2);
        // The run being gathered: its style and text.
        let mut run: (Style, String) = (plain, String::new());
        for line in LinesWithEndings::from(code) {
            for (style, text) in lines.highlight_line(line, &self.syntaxes).ok()? {
                // Whitespace takes the colour of the run it is in: no span of its own.
                let same = style == run.0
                    || (text.trim().is_empty() && style.background == run.0.background);
                if !same {
                    self.flush(&run, plain, &mut out);
                    run = (style, String::new());
                }
                run.1.push_str(text);
            }
        }
        self.flush(&run, plain, &mut out);
        Some(out)
    }

    /// Writes one run: bare text in the plain style, else a span with its classes.
    fn flush(&self, run: &(Style, String), plain: Style, out: &mut String) {
        let (style, text) = run;
        if text.is_empty() {
            return;
        }
        let classes = self.classes(*style, plain);
        if classes.is_empty() {
            out.push_str(&escape(text));
        } else {
            let _ = write!(out, "<span class=\"{classes}\">{}</span>", escape(text));
        }
    }

    /// The classes of a style: `hN` for a colour, `hgN` for a background, `hb` `hi` `hu`.
    fn classes(&self, style: Style, plain: Style) -> String {
        let mut classes = Vec::new();
        if style.foreground != plain.foreground {
            if let Some(i) = self.palette.iter().position(|c| *c == style.foreground) {
                classes.push(format!("h{i}"));
            }
        }
        if style.background != plain.background {
            if let Some(i) = self.palette.iter().position(|c| *c == style.background) {
                classes.push(format!("hg{i}"));
            }
        }
        for (flag, class) in [
            (FontStyle::BOLD, "hb"),
            (FontStyle::ITALIC, "hi"),
            (FontStyle::UNDERLINE, "hu"),
        ] {
            if style.font_style.contains(flag) {
                classes.push(class.to_string());
            }
        }
        classes.join(" ")
    }
}

/// The stylesheet rules for highlighted code: one per colour class of [`palette`], and the
/// font styles.
pub fn stylesheet() -> String {
    let theme = theme();
    let backgrounds: Vec<Color> = theme
        .scopes
        .iter()
        .filter_map(|item| item.style.background)
        .collect();
    let mut css = String::new();
    for (i, c) in palette(&theme).into_iter().enumerate() {
        let _ = writeln!(css, "pre .h{i} {{ color: {}; }}", hex(c));
        if backgrounds.contains(&c) {
            let _ = writeln!(css, "pre .hg{i} {{ background: {}; }}", hex(c));
        }
    }
    css.push_str("pre .hb { font-weight: bold; }\npre .hi { font-style: italic; }\npre .hu { text-decoration: underline; }\n");
    css
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
        assert!(first.contains("<span class=\"h"), "{first}");
        // The same code in another language is another block.
        let plain = highlighter.block("fn main() {}\n", "");
        assert!(!plain.contains("<span"), "{plain}");
        assert_eq!(&*plain, highlighter.highlight("fn main() {}\n", ""));
    }

    #[test]
    fn each_run_of_one_colour_is_one_short_span_with_a_rule_in_the_stylesheet() {
        let highlighter = Highlighter::new();
        let html = highlighter.block("fn ratio(a: u32) -> u32 {\n    a + 1 // one\n}\n", "rust");
        // The code reads the same once the markup is taken away.
        let text: String = html
            .split('<')
            .map(|part| part.split_once('>').map_or(part, |(_, t)| t))
            .collect();
        assert_eq!(
            text.trim_end(),
            "fn ratio(a: u32) -&gt; u32 {\n    a + 1 // one\n}"
        );
        let css = stylesheet();
        let mut spans = 0;
        for class in html
            .split("class=\"")
            // After `<pre class=`, `<code class=`: the spans.
            .skip(3)
            .map(|c| c.split('"').next().unwrap_or(""))
        {
            spans += 1;
            for one in class.split(' ') {
                assert!(
                    css.contains(&format!("pre .{one} {{")),
                    "no rule for {one}: {css}"
                );
            }
        }
        assert!(spans >= 4, "keyword, name, number, comment: {html}");
        // The comment is grey and italic, darkened to be readable on the code background.
        assert!(css.contains("#57606a"), "{css}");
        assert!(!css.contains("#969896"), "{css}");
    }

    #[test]
    fn every_colour_of_the_theme_reads_at_4_5_to_1_on_the_code_background() {
        let theme = theme();
        for item in &theme.scopes {
            if let Some(fg) = item.style.foreground {
                assert!(contrast_on_code(fg) >= 4.5, "{}", hex(fg));
            }
        }
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
