//! Every path into the `tracemark` library that the tests use, re-exported here so that a
//! module moving inside the library is fixed in this one file.

pub use tracemark::cmd::schema;
pub use tracemark::cmd::verify;
pub use tracemark::diagnostics::Diagnostic;
pub use tracemark::digest;
pub use tracemark::load;
pub use tracemark::model;
pub use tracemark::plan::{LinkTable, SUMMARY_SIZE};
pub use tracemark::render::highlight::Highlighter;
pub use tracemark::render::markdown;
pub use tracemark::resolve;
pub use tracemark::signature;
pub use tracemark::{BuildOptions, build, check_only};
