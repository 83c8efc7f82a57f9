//! The commands as a user meets them: `check` diagnostics and exit codes, hostile and
//! pathological input, `init`, `soa`, `import`, `serve`, `verify` and output integrity, and the
//! loaders under property tests.
//!
//! One test binary with one module per subject, sharing `tests/harness` (`crate::harness`).

#[path = "../harness/mod.rs"]
mod harness;

mod at_revision;
mod diagnostics;
mod fuzz_loaders;
mod history;
mod hostile;
mod import;
mod init_blank;
mod integrity;
mod new_user;
mod output_safety;
mod pathological;
mod reassessment;
mod schema;
mod serve;
mod since;
mod soa_edit;
