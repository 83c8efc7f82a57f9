//! Tracemark compiles Markdown policies and YAML registers into a cross-linked compliance
//! portal with control-to-evidence traceability.
//!
//! The pipeline runs in one direction, one stage per module, with plain data between stages:
//! [`load`] -> [`resolve`] -> [`check`] -> [`audience`] -> [`plan`] -> [`render`] -> [`write`](mod@write).
//!
//! # Layers
//!
//! A module imports only from its own layer or a lower one, lowest first:
//!
//! 1. Leaves, which every stage may use: [`shared`] (what several stages must agree on: the
//!    URL scheme, the Markdown dialect, the two slugs, YAML positions, the output's own file
//!    names), [`diagnostics`] and [`report`], [`digest`], [`signature`] and [`svg`].
//! 2. [`model`]: the plain data types the stages pass on.
//! 3. The stages, in pipeline order.
//! 4. The pipeline itself ([`build`], [`check_only`]), which runs the stages in order.
//! 5. [`cmd`]: the other commands (`init`, `serve`, `soa`, `verify`).
//!
//! What two stages need goes to the earlier one, or into [`shared`] when it belongs to no
//! stage; a stage never reaches forward, not even through a re-export. Every folder is a
//! module with a `mod.rs` (never `x.rs` beside `x/`). A test (`src/source_rules/layering.rs`)
//! reads every file under `src/` and fails on any import from a later layer, and on any other
//! module style.

// Diagnostics travel in `Result::Err` on the cold path only; boxing them would add noise, not speed.
#![allow(clippy::result_large_err)]
#![deny(missing_docs)]

pub mod audience;
pub mod check;
pub mod diagnostics;
pub mod digest;
pub mod load;
pub mod model;
pub mod plan;
pub mod render;
pub mod report;
pub mod resolve;
pub mod shared;
pub mod signature;
pub mod svg;
pub mod write;

pub mod cmd;

mod pipeline;

#[cfg(test)]
mod source_rules;

pub use pipeline::{
    At, BuildOptions, BuildReport, Checked, Failure, build, check_only,
    default_out as pipeline_default_out, today_utc,
};
