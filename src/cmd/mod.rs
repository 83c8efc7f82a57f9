//! The commands besides `build` and `check` (which are the pipeline itself, in
//! [`crate::build`] and [`crate::check_only`]): each runs the pipeline or its stages for one
//! purpose, above them all.

pub mod import;
pub mod init;
pub mod schema;
pub mod serve;
pub mod soa;
pub mod verify;
