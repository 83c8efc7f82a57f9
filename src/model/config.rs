//! `portal.yaml`: the site's configuration.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole of `portal.yaml`.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PortalConfig {
    /// Site title shown in every page header.
    pub title: String,
    /// The organisation the portal describes.
    #[serde(default)]
    pub organization: String,
    /// One or two sentences on the scope of the management system.
    #[serde(default)]
    pub description: Option<String>,
    /// Public address, only for `sitemap.xml` and canonical links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Frameworks in scope: every control needs an applicability entry.
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// Frameworks shown for reference: catalog pages and crosswalk coverage only.
    #[serde(default)]
    pub aligned: Vec<String>,
    /// Risk scale, level bands, appetite and categories.
    #[serde(default)]
    pub risk: RiskConfig,
    /// How often items are reviewed when they state no interval, and when a review is due soon.
    #[serde(default)]
    pub reviews: ReviewConfig,
    /// How long evidence stays valid when a record states no expiry.
    #[serde(default)]
    pub evidence: EvidenceConfig,
    /// What the public trust center may show.
    #[serde(default)]
    pub public: PublicConfig,
    /// Certifications, audit reports and alignments, shown first on the trust center.
    #[serde(default)]
    pub attestations: Vec<super::Attestation>,
    /// The Statement of Applicability of each in-scope framework as documented information
    /// (ISO/IEC 42001 and 27001, 6.1.3): version, approval and change history, by framework id.
    #[serde(default)]
    pub soa: std::collections::BTreeMap<String, SoaDocument>,
    /// Read each source file's change history from git when the root is inside a git work
    /// tree (the default); `false` shows the front-matter `history:` only (a portal kept in a
    /// repository whose commits are not its own history, like the built-in example).
    #[serde(default = "default_git_history")]
    pub git_history: bool,
}

/// A Statement of Applicability's document control.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SoaDocument {
    /// The Statement of Applicability's current version label.
    #[serde(default)]
    pub version: Option<String>,
    /// Who approved the current version.
    #[serde(default)]
    pub approved_by: Option<String>,
    /// When the current version was approved.
    #[serde(default)]
    pub approved: Option<crate::model::Date>,
    /// Changes, one entry per version.
    #[serde(default)]
    pub history: Vec<crate::model::entities::HistoryEntry>,
}

/// How risks are scored and banded.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RiskConfig {
    /// Likelihood and impact are integers `1..=scale`.
    #[serde(default = "default_scale")]
    pub scale: u32,
    /// Bands over `likelihood * impact`, ordered by `max`.
    #[serde(default = "default_levels")]
    pub levels: Vec<RiskLevel>,
    /// Residual scores above this are flagged.
    #[serde(default)]
    pub appetite: Option<u32>,
    /// Allowed risk categories (empty: any).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Who may accept a residual risk, by level name (`high: Chief Risk Officer`) and, for a
    /// residual above `appetite`, `above_appetite` (which wins over the level). The value
    /// `risk owner` means the risk's own `owner`. A risk's `acceptance.by` must name this
    /// body (W334); a level named here that `levels` does not have is an error (E104).
    #[serde(default)]
    pub acceptance_by: std::collections::BTreeMap<String, String>,
}

/// The `acceptance_by` key for residual risks above the appetite.
pub const ABOVE_APPETITE: &str = "above_appetite";

/// The `acceptance_by` value that names each risk's own `owner`.
pub const RISK_OWNER: &str = "risk owner";

impl RiskConfig {
    /// Who may accept a residual risk scored at `level` (above the appetite or not): the
    /// `acceptance_by` key that applies and the body it names, if any.
    pub fn acceptor(&self, level: &str, above_appetite: bool) -> Option<(&str, &str)> {
        let key = if above_appetite && self.acceptance_by.contains_key(ABOVE_APPETITE) {
            ABOVE_APPETITE
        } else {
            level
        };
        self.acceptance_by
            .get_key_value(key)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The keys of `acceptance_by` that are neither a level name nor `above_appetite`.
    pub fn unknown_acceptance_levels(&self) -> impl Iterator<Item = &str> {
        self.acceptance_by
            .keys()
            .map(String::as_str)
            .filter(|k| *k != ABOVE_APPETITE && !self.levels.iter().any(|l| l.name == *k))
    }
}

/// Whether `by` (a risk's `acceptance.by`) is the body `named` in `acceptance_by`, for a risk
/// owned by `owner`: the same words, letter case and spacing aside, or the owner for `risk
/// owner`.
pub fn accepted_by(named: &str, by: &str, owner: &str) -> bool {
    let same = |a: &str, b: &str| {
        a.split_whitespace()
            .map(str::to_lowercase)
            .eq(b.split_whitespace().map(str::to_lowercase))
    };
    same(by, named) || (same(named, RISK_OWNER) && same(by, owner))
}

/// One band of the risk scale: scores up to `max` have this level.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RiskLevel {
    /// Level name, e.g. `high`.
    pub name: String,
    /// Highest score in the band.
    pub max: u32,
}

/// How often items are reviewed by default, and how early a review counts as due soon.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// Interval used when an item states none: `quarterly | semiannual | annual | <N>d`.
    #[serde(default = "default_interval")]
    pub default_interval: String,
    /// How far ahead a review counts as due soon.
    #[serde(default = "default_due_soon")]
    pub due_soon: String,
}

/// How long evidence stays valid by default.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceConfig {
    /// Validity of a record that states neither `expires` nor `valid_for`.
    #[serde(default = "default_validity")]
    pub default_validity: String,
}

/// Settings of the public trust center.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PublicConfig {
    /// Whether coverage figures computed over all controls may be shown publicly.
    #[serde(default)]
    pub show_coverage: bool,
    /// How to contact security (an address or a sentence).
    #[serde(default)]
    pub contact: Option<String>,
    /// How to request the auditor package.
    #[serde(default)]
    pub auditor_request: Option<String>,
    /// The address that access requests go to (`mailto:` links); else `contact` when it is
    /// an address.
    #[serde(default)]
    pub requests: Option<String>,
    /// Frameworks whose implementation status and coverage the trust center shows
    /// (`show_coverage: true` shows them for every framework).
    #[serde(default)]
    pub show_status: Vec<String>,
    /// Customer-readable control areas; without them, each catalog group is an area.
    #[serde(default)]
    pub areas: Vec<super::Area>,
    /// Dated announcements, newest shown first, also written as the Atom feed `updates.xml`.
    #[serde(default)]
    pub updates: Vec<super::Update>,
    /// Documents customers request that are neither policies nor attestations (a
    /// penetration-test summary, a certification status letter), shown on `documents.html`.
    #[serde(default)]
    pub documents: Vec<super::TrustDocument>,
}

fn default_git_history() -> bool {
    true
}

fn default_scale() -> u32 {
    5
}

fn default_levels() -> Vec<RiskLevel> {
    [("low", 4), ("medium", 9), ("high", 16), ("critical", 25)]
        .into_iter()
        .map(|(name, max)| RiskLevel {
            name: name.into(),
            max,
        })
        .collect()
}

fn default_interval() -> String {
    "annual".into()
}

fn default_due_soon() -> String {
    "30d".into()
}

fn default_validity() -> String {
    "365d".into()
}

impl Default for RiskConfig {
    fn default() -> Self {
        RiskConfig {
            scale: default_scale(),
            levels: default_levels(),
            appetite: None,
            categories: Vec::new(),
            acceptance_by: Default::default(),
        }
    }
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            default_interval: default_interval(),
            due_soon: default_due_soon(),
        }
    }
}

impl Default for EvidenceConfig {
    fn default() -> Self {
        EvidenceConfig {
            default_validity: default_validity(),
        }
    }
}

#[cfg(test)]
mod acceptance_tests {
    use super::*;

    fn risk(pairs: &[(&str, &str)]) -> RiskConfig {
        RiskConfig {
            acceptance_by: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..RiskConfig::default()
        }
    }

    #[test]
    fn above_appetite_wins_over_the_level_and_falls_back_to_it() {
        let both = risk(&[("above_appetite", "Board"), ("high", "CRO")]);
        assert_eq!(
            both.acceptor("high", true),
            Some(("above_appetite", "Board"))
        );
        assert_eq!(both.acceptor("high", false), Some(("high", "CRO")));
        assert_eq!(both.acceptor("low", false), None);
        let levels = risk(&[("high", "CRO")]);
        assert_eq!(levels.acceptor("high", true), Some(("high", "CRO")));
    }

    #[test]
    fn names_match_aside_from_case_and_spacing_and_risk_owner_is_the_owner() {
        assert!(accepted_by(
            "Executive Committee",
            " executive  COMMITTEE",
            "x"
        ));
        assert!(!accepted_by(
            "Executive Committee",
            "AI Risk Committee",
            "x"
        ));
        assert!(accepted_by(
            "risk owner",
            "VP Engineering",
            "VP Engineering"
        ));
        assert!(!accepted_by(
            "risk owner",
            "Chief Risk Officer",
            "VP Engineering"
        ));
    }

    #[test]
    fn only_level_names_and_above_appetite_are_known() {
        let config = risk(&[("above_appetite", "B"), ("high", "C"), ("hihg", "D")]);
        assert_eq!(
            config.unknown_acceptance_levels().collect::<Vec<_>>(),
            ["hihg"]
        );
    }
}
