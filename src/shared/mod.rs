//! What every stage shares, below them all: plain functions and tables that several stages
//! must agree on, and that import nothing of the crate but each other and `diagnostics`.
//!
//! - [`urls`]: the URL scheme (where each page is written and linked);
//! - [`markdown_dialect`]: the Markdown extensions, so that loading, scanning, scrubbing and
//!   rendering parse a text alike;
//! - [`slugs`]: a heading's anchor and a name safe on disk and in a URL;
//! - [`positions`]: where every YAML value is, kept in each [`Source`](crate::model::Source);
//! - [`output_files`]: the marker, the package files and the built-in static assets.

pub mod markdown_dialect;
pub mod output_files;
pub mod positions;
pub mod slugs;
pub mod urls;
