//! Plain data: what a portal's sources say, before anything is resolved or checked.
//!
//! Every type here is a serde record that mirrors one schema in DESIGN.md. Unknown fields are
//! rejected (`deny_unknown_fields`) so that a typo never silently drops data.

pub mod audience;
pub mod catalog;
pub mod config;
pub mod date;
pub mod entities;

pub use audience::Audience;
pub use catalog::{
    CatalogControl, CatalogGroup, Crosswalk, Framework, FrameworkInfo, Mapping, Relation,
};
pub use config::PortalConfig;
pub use date::Date;
pub use entities::*;

/// Where an entity was defined: a path relative to the portal root and a 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// Path relative to the portal root, with `/` separators.
    pub file: String,
    /// 1-based line of the entity's first field (0 when unknown).
    pub line: usize,
}
