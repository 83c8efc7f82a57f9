//! The Markdown dialect: one set of pulldown-cmark extensions for loading, resolving,
//! scrubbing and rendering alike.

use pulldown_cmark::Options;

/// The Markdown extensions Tracemark enables everywhere, so that scanning and rendering agree.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}
