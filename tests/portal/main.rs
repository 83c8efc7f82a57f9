//! Building portals and asserting on what they publish: the built-in example (a golden
//! listing of every output file, per-page snapshots), fixture portals, audiences and what
//! each may see, standards and catalogs, the trust center, reading aids and scale.
//!
//! One test binary with one module per subject, sharing `tests/harness` (`crate::harness`).

#[path = "../harness/mod.rs"]
mod harness;

mod acceptance;
mod attachments;
mod audiences;
mod audit_records;
mod catalogs;
mod example_portal;
mod fixture_portal;
mod guarantees;
mod handbook;
mod incidents;
mod oscal;
mod output_names;
mod pages;
mod point_in_time;
mod reading;
mod records;
mod reviews_objectives;
mod scale;
mod search_index;
mod search_shards;
mod soc2_scope;
mod standards;
mod tables;
mod technical_documentation;
mod trust_center;
mod trust_documents;
mod truth;
mod vocabulary;
mod wording;
