//! Framework catalogs (controls in groups) and crosswalks between frameworks.

use serde::{Deserialize, Serialize};

/// A framework's identity as its catalog states it: id, name and edition.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInfo {
    /// Short id used in references, e.g. `iso42001`.
    pub id: String,
    /// The framework's full name, as shown on its pages (e.g. `ISO/IEC 42001`).
    pub name: String,
    /// Version or edition.
    #[serde(default)]
    pub version: Option<String>,
    /// How an organisation says which of its controls apply: a Statement of Applicability (the
    /// default) or, for SOC 2, a scope (`applicability: scope`).
    #[serde(default)]
    pub applicability: ApplicabilityStyle,
}

/// How an organisation says which controls of a framework apply. The one place that decides
/// how pages, exports and commands word a framework's applicability entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplicabilityStyle {
    /// A Statement of Applicability (ISO management-system standards): every control included
    /// or excluded, each with a justification.
    #[default]
    Statement,
    /// A scope (SOC 2, which has no Statement of Applicability): the categories in scope, the
    /// criteria not relevant explained as such, and the complementary user entity controls
    /// (CUECs) the service organisation relies on its customers for.
    Scope,
}

/// How one [`ApplicabilityStyle`] words things, for templates and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ApplicabilityWords {
    /// Whether this is a scope rather than a Statement of Applicability.
    pub scope: bool,
    /// The document's name in running text: `Statement of Applicability` or `scope`.
    pub document: &'static str,
    /// An entry of it: `Statement of Applicability entry` or `scope entry`.
    pub entry: &'static str,
    /// The column that says whether a control applies: `Applicable` or `In scope`.
    pub column: &'static str,
    /// An entry that applies: `applicable` or `in scope`.
    pub applicable: &'static str,
    /// An entry that does not: `excluded` or `not relevant`.
    pub excluded: &'static str,
    /// The column of the reasons: `Justification` or `Explanation`.
    pub justification: &'static str,
    /// What the groups of its table are: ISO clauses, SOC 2 series.
    pub group: &'static str,
    /// A control that does not apply, as the trust center says it: `not applicable` or `not
    /// relevant`.
    pub not_applying: &'static str,
}

impl ApplicabilityStyle {
    /// How this style words things.
    pub fn words(self) -> ApplicabilityWords {
        match self {
            ApplicabilityStyle::Statement => ApplicabilityWords {
                scope: false,
                document: "Statement of Applicability",
                entry: "Statement of Applicability entry",
                column: "Applicable",
                applicable: "applicable",
                excluded: "excluded",
                justification: "Justification",
                group: "clause",
                not_applying: "not applicable",
            },
            ApplicabilityStyle::Scope => ApplicabilityWords {
                scope: true,
                document: "scope",
                entry: "scope entry",
                column: "In scope",
                applicable: "in scope",
                excluded: "not relevant",
                justification: "Explanation",
                group: "series",
                not_applying: "not relevant",
            },
        }
    }

    /// How a link names a framework's applicability document: `Statement of Applicability`,
    /// or `SOC 2 scope` by the framework's short name.
    pub fn label(self, short: &str) -> String {
        match self {
            ApplicabilityStyle::Statement => "Statement of Applicability".to_string(),
            ApplicabilityStyle::Scope => format!("{short} scope"),
        }
    }

    /// The title of a framework's applicability document, by the framework's full or short
    /// name: `Statement of Applicability: ISO/IEC 42001:2023`, or `SOC 2 scope`.
    pub fn title(self, name: &str, short: &str) -> String {
        match self {
            ApplicabilityStyle::Statement => format!("Statement of Applicability: {name}"),
            ApplicabilityStyle::Scope => format!("{short} scope"),
        }
    }
}

/// A control catalog: a framework's controls, in the groups its standard gives them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// The framework's id, name and edition.
    pub framework: FrameworkInfo,
    /// Controls, in groups.
    pub groups: Vec<CatalogGroup>,
    /// Where it was defined (set by the loader; empty for a built-in catalog).
    #[serde(skip)]
    pub source: super::Source,
}

/// A group of controls (an Annex A clause, a TSC series, an AI RMF category).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogGroup {
    /// Group id, e.g. `A.6`.
    pub id: String,
    /// The group's title, as the standard words it (e.g. `Leadership`).
    pub title: String,
    /// Wider category, e.g. a SOC 2 category or an AI RMF function.
    #[serde(default)]
    pub category: Option<String>,
    /// Management-system requirements (ISO clauses 4-10): always applicable where the framework
    /// is in scope, so they take no Statement of Applicability entry.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub requirements: bool,
    /// Structured text of the group itself (an OSCAL group's objective or overview).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<ControlPart>,
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
    /// The control's short title, as the catalog words it.
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
    /// Structured text (an OSCAL control's statement, items and guidance), in reading order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<ControlPart>,
    /// Withdrawn from its catalog: shown as such, never needs a Statement of Applicability entry.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
    /// The control this one enhances (OSCAL `ac-2` for `ac-2.1`).
    #[serde(default)]
    pub parent: Option<String>,
}

/// One paragraph of a control's structured text, flattened with its nesting depth.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ControlPart {
    /// What it is: `statement`, `item`, `guidance`, or another OSCAL part name.
    pub name: String,
    /// Nesting depth under the part's top level (0 = the top part itself).
    #[serde(default)]
    pub depth: usize,
    /// Item label, e.g. `a.` or `(1)`.
    #[serde(default)]
    pub label: Option<String>,
    /// Heading of the part, when it has one.
    #[serde(default)]
    pub title: Option<String>,
    /// Text with parameters written out (their set values, else their labels).
    #[serde(default)]
    pub prose: Option<String>,
}

/// A crosswalk's header: which framework's controls map onto which.
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
    /// The two frameworks it maps between, and where the mapping comes from.
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
    /// `equal | subset | superset | intersects` (synonyms: see [`Relation`]).
    pub relation: Relation,
    /// Where this pair comes from (a published crosswalk, or our own reading).
    #[serde(default)]
    pub source: Option<String>,
    /// Why the controls relate, in a sentence.
    #[serde(default)]
    pub rationale: Option<String>,
}

/// Set relation between a source control and its targets. Published crosswalks name them
/// differently, so the synonyms they use are read too: `equivalent` and `equals` for `equal`;
/// `subset of` for `subset`; `superset of` for `superset`; `intersects with` for `intersects`
/// (NIST IR 8477 set-theory relationships), each also with a hyphen (`subset-of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Both controls ask for the same thing.
    #[serde(alias = "equivalent", alias = "equals")]
    Equal,
    /// Source is narrower than the target.
    #[serde(alias = "subset of", alias = "subset-of")]
    Subset,
    /// Source is wider than the target.
    #[serde(alias = "superset of", alias = "superset-of")]
    Superset,
    /// Each asks for part of what the other does.
    #[serde(alias = "intersects with", alias = "intersects-with")]
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

    #[test]
    fn published_synonyms_read_as_our_relations() {
        let read = |s: &str| serde_yaml::from_str::<Relation>(s).unwrap();
        assert_eq!(read("equivalent"), Relation::Equal);
        assert_eq!(read("subset of"), Relation::Subset);
        assert_eq!(read("superset-of"), Relation::Superset);
        assert_eq!(read("intersects-with"), Relation::Intersects);
        assert!(serde_yaml::from_str::<Relation>("same").is_err());
    }
}
