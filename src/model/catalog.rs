//! Framework catalogs (controls in groups) and crosswalks between frameworks.

use serde::{Deserialize, Serialize};

/// A framework's identity.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInfo {
    /// Short id used in references, e.g. `iso42001`.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Version or edition.
    #[serde(default)]
    pub version: Option<String>,
}

/// A control catalog.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Identity.
    pub framework: FrameworkInfo,
    /// Controls, in groups.
    pub groups: Vec<CatalogGroup>,
}

/// A group of controls (an Annex A clause, a TSC series, an AI RMF category).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogGroup {
    /// Group id, e.g. `A.6`.
    pub id: String,
    /// Group title.
    pub title: String,
    /// Wider category, e.g. a SOC 2 category or an AI RMF function.
    #[serde(default)]
    pub category: Option<String>,
    /// Controls of the group.
    #[serde(default)]
    pub controls: Vec<CatalogControl>,
}

/// One control of a catalog.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogControl {
    /// Control id, e.g. `A.6.2.4`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Display label when it differs from the id (OSCAL `AC-2(1)`).
    #[serde(default)]
    pub label: Option<String>,
    /// Public-domain statement text, where the catalog may carry it.
    #[serde(default)]
    pub text: Option<String>,
    /// One line, in the catalog author's own words, on what the control asks for.
    #[serde(default)]
    pub summary: Option<String>,
}

/// A crosswalk's header.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkInfo {
    /// Source framework id.
    pub from: String,
    /// Target framework id.
    pub to: String,
    /// Where the mapping comes from.
    pub source: String,
}

/// How controls of two frameworks relate.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    /// Header.
    pub crosswalk: CrosswalkInfo,
    /// Mappings, one per source control.
    pub mappings: Vec<Mapping>,
}

/// One source control mapped to target controls.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Source control id.
    pub from: String,
    /// Target control ids.
    pub to: Vec<String>,
    /// `equal | subset | superset | intersects`.
    pub relation: Relation,
}

/// Set relation between a source control and its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Same requirement.
    Equal,
    /// Source is narrower than the target.
    Subset,
    /// Source is wider than the target.
    Superset,
    /// They overlap.
    Intersects,
}

impl Relation {
    /// The same relation read from the other side: a subset one way is a superset the other.
    pub fn reversed(self) -> Relation {
        match self {
            Relation::Subset => Relation::Superset,
            Relation::Superset => Relation::Subset,
            other => other,
        }
    }

    /// Whether meeting the source control meets the whole target (`equal` or `superset`).
    pub fn covers(self) -> bool {
        matches!(self, Relation::Equal | Relation::Superset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_read_backwards_and_only_equal_or_superset_cover() {
        assert_eq!(Relation::Subset.reversed(), Relation::Superset);
        assert_eq!(Relation::Intersects.reversed(), Relation::Intersects);
        assert!(Relation::Equal.covers() && Relation::Superset.covers());
        assert!(!Relation::Intersects.covers() && !Relation::Subset.covers());
    }
}
