//! Resolve: turn the loaded [`Project`](crate::load::Project) into one [`Portal`] graph.
//!
//! Every written reference becomes an index into the portal's vectors, with forward and
//! backward edges; scores, applicability, freshness and review status are computed here, once,
//! against `today`. Problems with references and values are returned as diagnostics.

pub mod anchors;
mod build;
mod catalog;
mod edges;
mod entities;
pub mod future;
pub mod html;
pub mod ids;
pub mod links;
pub mod mentions;
pub mod records;
pub mod references;
pub mod schedule;
pub mod scoring;
pub mod technical_documentation;
pub mod text;
pub mod tree;
pub mod trust;
pub mod trust_documents;

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::model::{
    ControlImplementation, Evidence, Page, Policy, PortalConfig, Relation, Risk, System,
};

use build::Sorted;
pub use build::resolve;
pub use catalog::CatalogCounts;
pub use entities::RiskState;
pub use references::{Index, Target};
pub use schedule::{Freshness, Interval, Review, ReviewStatus};
pub use scoring::Score;

/// The resolved portal: entities with their edges and computed state.
#[derive(Debug, Clone)]
pub struct Portal {
    /// The portal root.
    pub root: PathBuf,
    /// `portal.yaml`.
    pub config: PortalConfig,
    /// Where `portal.yaml`'s values are, for diagnostics about them.
    pub config_source: crate::model::Source,
    /// The date reviews and freshness are judged against.
    pub today: Date,
    /// Days ahead that count as "due soon".
    pub due_soon_days: i64,
    /// Frameworks shown: in scope first, then aligned, then the portal's own.
    pub frameworks: Vec<FrameworkNode>,
    /// Controls of the shown frameworks, in catalog order.
    pub controls: Vec<ControlNode>,
    /// Policies, sorted by id.
    pub policies: Vec<PolicyNode>,
    /// Free pages, sorted by order then title.
    pub pages: Vec<Page>,
    /// AI systems, sorted by id.
    pub systems: Vec<SystemNode>,
    /// Risks, sorted by id.
    pub risks: Vec<RiskNode>,
    /// Evidence, sorted by id.
    pub evidence: Vec<EvidenceNode>,
    /// Audit programmes, audits and their findings, nonconformities, management reviews,
    /// objectives and incidents, by kind then id.
    pub records: Vec<records::RecordNode>,
    /// Crosswalks between shown frameworks.
    pub crosswalks: Vec<CrosswalkNode>,
    /// The id index.
    pub index: Index,
    /// Resolved `.md` paths (relative to the root) of policies and pages.
    pub documents: std::collections::HashMap<String, Target>,
    /// Folders and other files of `content/pages/` and their output paths.
    pub page_tree: tree::PageTree,
    /// Markdown mentions: which item's text links to which (sorted, unique).
    pub mentions: Vec<(Target, Target)>,
    /// Template overrides from the portal.
    pub templates: Vec<(String, String)>,
    /// Static files from the portal.
    pub static_files: Vec<(String, PathBuf)>,
    /// The trust center's attestations, areas, subprocessors and questionnaire answers.
    pub trust: trust::Trust,
    /// Each source file's commits, from git (none for the public audience).
    pub history: crate::model::History,
}

use crate::model::Date;

/// Why a framework is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// In `frameworks:`: every control needs a Statement of Applicability entry.
    InScope,
    /// In `aligned:`: for reference.
    Aligned,
}

/// A framework the portal shows (in scope or aligned), with its controls in groups.
#[derive(Debug, Clone)]
pub struct FrameworkNode {
    /// The framework's short id, used in references (e.g. `iso42001`).
    pub id: String,
    /// The framework's full name, as shown on its pages.
    pub name: String,
    /// The framework's version or edition, if its catalog states one.
    pub version: Option<String>,
    /// In scope or aligned.
    pub scope: Scope,
    /// Whether its applicability is a Statement of Applicability or a scope (SOC 2).
    pub applicability: crate::model::ApplicabilityStyle,
    /// The portal's own catalog (under `content/frameworks/`), not a built-in one.
    pub own: bool,
    /// Groups with indexes into `Portal::controls`.
    pub groups: Vec<GroupNode>,
}

/// A group of a framework.
#[derive(Debug, Clone)]
pub struct GroupNode {
    /// The group's id in its catalog (e.g. `A.5`).
    pub id: String,
    /// The group's title, as the standard words it.
    pub title: String,
    /// The wider category the group belongs to, if its catalog gives one.
    pub category: Option<String>,
    /// Management-system requirements (clauses 4-10).
    pub requirements: bool,
    /// Structured text of the group (OSCAL objective or overview).
    pub parts: Vec<crate::model::ControlPart>,
    /// Controls of the group.
    pub controls: Vec<usize>,
}

/// Whether a control applies, per the Statement of Applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Included in the Statement of Applicability: the control applies.
    Applicable,
    /// Excluded, with a justification.
    Excluded,
    /// In scope but no entry: a gap.
    Missing,
    /// The framework is only aligned: no entry needed.
    NotRequired,
    /// An entry exists but this audience may not see it.
    Restricted,
    /// A management-system requirement (ISO clauses 4-10) of an in-scope framework: always
    /// applies, so it takes no entry.
    Required,
    /// Withdrawn from its catalog: no entry needed.
    Withdrawn,
}

/// How many references of an item lead to items this audience may not see, by kind.
/// Filled in by the audience filter; zero in a graph that shows everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Restricted {
    /// Hidden policies referenced.
    pub policies: usize,
    /// Hidden AI systems referenced.
    pub systems: usize,
    /// Hidden risks referenced.
    pub risks: usize,
    /// Hidden evidence referenced.
    pub evidence: usize,
    /// Hidden items mentioned in its Markdown.
    pub mentions: usize,
}

/// A control with its implementation and everything that points at it.
#[derive(Debug, Clone)]
pub struct ControlNode {
    /// `framework:id`.
    pub key: String,
    /// Index into `Portal::frameworks`.
    pub framework: usize,
    /// The short id of the control's framework (e.g. `iso42001`).
    pub framework_id: String,
    /// The control's id in its catalog (e.g. `A.5.2`).
    pub id: String,
    /// Label to show (OSCAL), else the id.
    pub label: String,
    /// The control's short title, as its catalog words it.
    pub title: String,
    /// Statement text, where public domain.
    pub text: Option<String>,
    /// One line on what the control asks for, in the catalog author's words.
    pub summary: Option<String>,
    /// Structured text (OSCAL statement, items, guidance), flattened in reading order.
    pub parts: Vec<crate::model::ControlPart>,
    /// A management-system requirement (clauses 4-10) rather than an Annex A control.
    pub requirement: bool,
    /// Withdrawn from its catalog.
    pub withdrawn: bool,
    /// The control this one enhances, as an index into `Portal::controls`.
    pub parent: Option<usize>,
    /// Group id and title.
    pub group: (String, String),
    /// Category of its group.
    pub category: Option<String>,
    /// Statement of Applicability entry (a requirement may carry one to say who owns it and
    /// how it is met; it cannot be excluded).
    pub implementation: Option<ControlImplementation>,
    /// Whether the control applies per the SoA: included, excluded, missing, not required or
    /// restricted.
    pub applicability: Applicability,
    /// Policies implementing it (from both sides).
    pub policies: Vec<usize>,
    /// Risks it treats.
    pub risks: Vec<usize>,
    /// Evidence supporting it.
    pub evidence: Vec<usize>,
    /// Controls of other frameworks mapped to it by a crosswalk: the other control, the
    /// relation read from this side, and the pair's source and rationale.
    pub mapped: Vec<Mapped>,
    /// References of its entry this audience may not see.
    pub restricted: Restricted,
}

impl ControlNode {
    /// The freshest of its evidence, if any.
    pub fn best_freshness(&self, evidence: &[EvidenceNode]) -> Option<Freshness> {
        self.evidence.iter().map(|&e| evidence[e].freshness).min()
    }
}

/// A control of another framework that a crosswalk relates to this one.
#[derive(Debug, Clone)]
pub struct Mapped {
    /// The other control.
    pub control: usize,
    /// How this control relates to it.
    pub relation: Relation,
    /// Where the pair comes from.
    pub source: Option<String>,
    /// Why they relate.
    pub rationale: Option<String>,
}

/// A policy with its edges and review state.
#[derive(Debug, Clone)]
pub struct PolicyNode {
    /// The policy document: front matter and Markdown body.
    pub doc: Policy,
    /// Controls it implements.
    pub controls: Vec<usize>,
    /// Systems it is about.
    pub systems: Vec<usize>,
    /// When the policy was last reviewed, is next due, and whether it is overdue.
    pub review: Review,
    /// It states a collection, review, approval or other past date after `--today` (W330):
    /// it does not count as reviewed, approved, accepted or in force.
    pub after_today: bool,
    /// References this audience may not see.
    pub restricted: Restricted,
}

impl PolicyNode {
    /// Approved, but dated after `--today` (W330): not approved or in force as of the data's
    /// date.
    pub fn not_yet_in_force(&self) -> bool {
        self.after_today && self.doc.meta.status == crate::model::PolicyStatus::Approved
    }

    /// Its status as of `--today`, in words: `draft`, `approved`, `retired`, or `not yet in
    /// force` for an approved policy dated after today.
    pub fn status_label(&self) -> &'static str {
        use crate::model::PolicyStatus;
        match self.doc.meta.status {
            PolicyStatus::Approved if self.after_today => "not yet in force",
            PolicyStatus::Approved => "approved",
            PolicyStatus::Draft => "draft",
            PolicyStatus::Retired => "retired",
        }
    }
}

/// An AI system with its risks and assessments.
#[derive(Debug, Clone)]
pub struct SystemNode {
    /// The AI system as its register entry states it.
    pub system: System,
    /// Risks about it.
    pub risks: Vec<usize>,
    /// Impact assessments and other documents naming it.
    pub documents: Vec<usize>,
    /// What its high-risk class rests on (Annex III points, Annex I), as controls.
    pub basis: Vec<usize>,
    /// Its Annex IV technical documentation: the nine points, each with what covers it.
    pub annex_iv: Vec<technical_documentation::AnnexIvPoint>,
    /// When the AI system was last reviewed, is next due, and whether it is overdue.
    pub review: Review,
    /// It states a collection, review, approval or other past date after `--today` (W330):
    /// it does not count as reviewed, approved, accepted or in force.
    pub after_today: bool,
    /// References this audience may not see.
    pub restricted: Restricted,
}

/// A risk with its scores and edges.
#[derive(Debug, Clone)]
pub struct RiskNode {
    /// The risk as its register entry states it, shared with the audience's view of the
    /// portal until the audience filter changes it (a copy of 100,000 entries would double
    /// the model).
    pub risk: Arc<Risk>,
    /// Index of its system.
    pub system: Option<usize>,
    /// Controls treating it.
    pub controls: Vec<usize>,
    /// Evidence about it directly.
    pub evidence: Vec<usize>,
    /// Likelihood times impact before treatment, with its level.
    pub inherent: Score,
    /// Residual score, if rated.
    pub residual: Option<Score>,
    /// Residual (or inherent when unrated) above the appetite.
    pub above_appetite: bool,
    /// When the risk was last reviewed, is next due, and whether it is overdue.
    pub review: Review,
    /// It states a collection, review, approval or other past date after `--today` (W330):
    /// it does not count as reviewed, approved, accepted or in force.
    pub after_today: bool,
    /// References this audience may not see.
    pub restricted: Restricted,
}

/// An evidence record with its edges and freshness.
#[derive(Debug, Clone)]
pub struct EvidenceNode {
    /// The evidence record as its register entry states it, shared like [`RiskNode::risk`].
    pub evidence: Arc<Evidence>,
    /// Controls it supports.
    pub controls: Vec<usize>,
    /// Risks it supports.
    pub risks: Vec<usize>,
    /// When it expires.
    pub expires: Date,
    /// Fresh, expiring or expired, as of the build's `--today`; `future` when collected after it.
    pub freshness: Freshness,
    /// References this audience may not see.
    pub restricted: Restricted,
}

/// A crosswalk between two shown frameworks.
#[derive(Debug, Clone)]
pub struct CrosswalkNode {
    /// The framework mapped from, as an index into `Portal::frameworks`.
    pub from: usize,
    /// The framework mapped to, as an index into `Portal::frameworks`.
    pub to: usize,
    /// Where the mapping comes from.
    pub source: String,
    /// The pairs, in file order.
    pub mappings: Vec<MappingNode>,
}

/// One source control mapped to target controls, with where the claim comes from and why.
#[derive(Debug, Clone)]
pub struct MappingNode {
    /// The control mapped from, as an index into `Portal::controls`.
    pub from: usize,
    /// The controls it maps to, as indexes into `Portal::controls`.
    pub to: Vec<usize>,
    /// Relation of the source to the union of its targets.
    pub relation: Relation,
    /// Where this pair comes from, when the file says.
    pub source: Option<String>,
    /// Why the controls relate.
    pub rationale: Option<String>,
}

/// A risk entry's [`RiskState`] as resolving `portal` would derive it, with the problems of
/// its values: `serve`'s quick path of a register edit, which has no new analysis to read.
pub fn risk_state(
    portal: &Portal,
    risk: &crate::model::Risk,
) -> (RiskState, Vec<crate::diagnostics::Diagnostic>) {
    // The settings' own problems were the last analysis's, not this entry's.
    let (defaults, _) = build::settings(&portal.config, &portal.config_source, &mut Vec::new());
    let mut diags = Vec::new();
    let state = entities::risk_state(portal, risk, defaults, &mut diags);
    (state, diags)
}
