//! Tracemark compiles Markdown policies and YAML registers into a cross-linked compliance
//! portal with control-to-evidence traceability.
//!
//! The pipeline runs in one direction, one stage per module, with plain data between stages:
//! [`load`] -> [`resolve`] -> [`check`] -> [`plan`] -> [`render`] -> [`write`](mod@write).

// Diagnostics travel in `Result::Err` on the cold path only; boxing them would add noise, not speed.
#![allow(clippy::result_large_err)]
#![deny(missing_docs)]

pub mod check;
pub mod diagnostics;
pub mod digest;
pub mod load;
pub mod model;
pub mod plan;
pub mod render;
pub mod report;
pub mod resolve;
pub mod signature;
pub mod svg;
pub mod write;

pub mod init;
pub mod serve;
pub mod soa;
pub mod verify;

mod pipeline;

pub use pipeline::{
    BuildOptions, BuildReport, Checked, Failure, build, check_only,
    default_out as pipeline_default_out, today_utc,
};
