//! The entities authors write: policies, pages, AI systems, risks, control implementations
//! (Statement of Applicability entries) and evidence records.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::strings::Wanted;
use super::{Date, Source};

/// Who may see an item. `internal` is the default.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Anyone, including the public trust center.
    Public,
    /// Employees: shown in the internal handbook, not on the public trust center.
    #[default]
    Internal,
    /// Auditors and the people who own it.
    Confidential,
}

/// The kind of a governance document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// A policy: intent and rules.
    #[default]
    Policy,
    /// A standard: specific requirements.
    Standard,
    /// A procedure: steps.
    Procedure,
    /// An AI system impact assessment (ISO/IEC 42001 6.1.4, A.5).
    ImpactAssessment,
}

/// Approval state of a policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyStatus {
    /// Not yet approved.
    #[default]
    Draft,
    /// In force.
    Approved,
    /// No longer in force.
    Retired,
}

/// One entry of a policy's approval history.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// Version approved.
    pub version: String,
    /// Date of the change.
    pub date: Date,
    /// What changed.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who approved it.
    #[serde(default)]
    pub approved_by: Option<String>,
}

/// Front matter of a policy, standard, procedure or impact assessment.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    /// Unique id, e.g. `POL-AI-001`.
    pub id: String,
    /// The policy's title, as its pages and the print edition show it.
    pub title: String,
    /// Whether it is a policy, a standard, a procedure or an AI impact assessment.
    #[serde(default)]
    pub kind: PolicyKind,
    /// The person or role accountable for the policy, shown on its page.
    pub owner: String,
    /// Where it is in approval: draft, approved or retired.
    #[serde(default)]
    pub status: PolicyStatus,
    /// Version label.
    #[serde(default)]
    pub version: Option<String>,
    /// Date it took effect.
    #[serde(default)]
    pub effective: Option<Date>,
    /// Date of the last review.
    #[serde(default)]
    pub last_review: Option<Date>,
    /// Review cadence; else `reviews.default_interval`.
    #[serde(default)]
    pub review_interval: Option<String>,
    /// Explicit next review date (wins over the interval).
    #[serde(default)]
    pub next_review: Option<Date>,
    /// Approving body.
    #[serde(default)]
    pub approved_by: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Controls this document implements (`framework:control`).
    #[serde(default)]
    pub controls: Vec<String>,
    /// AI systems this document is about (impact assessments).
    #[serde(default)]
    pub systems: Vec<String>,
    /// One-sentence summary for indexes.
    #[serde(default)]
    pub summary: Option<String>,
    /// Approval history, newest first or in any order.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// A restricted document whose title (only) the public document list shows, with a
    /// request-access link.
    #[serde(default)]
    pub listed: bool,
}

/// A Markdown document with its metadata and body.
#[derive(Debug, Clone)]
pub struct Document<M> {
    /// Parsed front matter.
    pub meta: M,
    /// The document's Markdown text, after the front matter.
    pub body: String,
    /// 1-based line where the body starts in the file.
    pub body_line: usize,
    /// Where it was defined.
    pub source: Source,
}

/// A policy, standard, procedure or impact assessment under `content/policies/`.
pub type Policy = Document<PolicyMeta>;
/// A free page of the handbook under `content/pages/`.
pub type Page = Document<PageMeta>;

/// Front matter of a free page (all of it optional).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// Unique id; defaults to the page's path under `content/pages/` without the extension.
    #[serde(default)]
    pub id: String,
    /// Title; defaults to the first `#` heading, else the file name.
    #[serde(default)]
    pub title: String,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// One-sentence summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Sort key among pages (then title).
    #[serde(default)]
    pub order: Option<i64>,
    /// Front-matter fields Tracemark does not know (`description`, `tags`, ...), for templates.
    #[serde(skip)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Whether `id` was written in the front matter (else it comes from the path).
    #[serde(skip)]
    pub explicit_id: bool,
    /// Where the page sits in the page tree (set by `resolve`).
    #[serde(skip)]
    pub place: PagePlace,
}

/// Where a free page sits in the tree of `content/pages/`, and where it is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PagePlace {
    /// Output path, e.g. `pages/departments/security/index.html`.
    pub url: String,
    /// The folders from `content/pages/` down to the page's folder: source name and output
    /// name (a safe slug). A folder's own page (`index.md`) sits in that folder.
    pub folders: Vec<(String, String)>,
    /// Whether this is the page of its folder (`index.md`, `_index.md` or `README.md`).
    pub folder_page: bool,
    /// Files under `content/pages/` (not pages) that the page links to, relative to the root:
    /// they are copied beside the pages that use them.
    pub assets: Vec<String>,
}

/// An AI system of the inventory.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Unique id, e.g. `SYS-HIRE`.
    pub id: String,
    /// The AI system's name, as its pages show it.
    pub name: String,
    /// What the AI system is and does, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// What it does.
    #[serde(default)]
    pub function: Option<String>,
    /// Where it is used.
    #[serde(default)]
    pub scope: Option<String>,
    /// Who is affected by its outputs.
    #[serde(default)]
    pub affected: Vec<String>,
    /// Data it uses.
    #[serde(default)]
    pub data: Vec<String>,
    /// Models it runs.
    #[serde(default)]
    pub models: Vec<String>,
    /// Third parties involved.
    #[serde(default)]
    pub vendors: Vec<String>,
    /// The person or role accountable for the AI system.
    pub owner: String,
    /// `design | development | production | retired`.
    #[serde(default)]
    pub lifecycle: Option<String>,
    /// EU AI Act role.
    #[serde(default)]
    pub role: Option<String>,
    /// EU AI Act risk class.
    #[serde(default)]
    pub risk_class: Option<String>,
    /// What a high-risk class rests on: Annex III points or Annex I product legislation, as
    /// references (`eu-ai-act:AnnexIII.4.a`).
    #[serde(default)]
    pub high_risk_basis: Vec<String>,
    /// What the AI system is meant to be used for, and by whom.
    #[serde(default)]
    pub intended_use: Option<String>,
    /// How humans oversee it.
    #[serde(default)]
    pub human_oversight: Option<String>,
    /// Who is meant to use it (transparency page).
    #[serde(default)]
    pub users: Vec<String>,
    /// Uses it is not designed or permitted for.
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    /// Known limitations a user should keep in mind.
    #[serde(default)]
    pub limitations: Vec<String>,
    /// How a person affected by an output can contest it.
    #[serde(default)]
    pub contest: Option<String>,
    /// Impact level of the system.
    #[serde(default)]
    pub impact_level: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Date of the last review.
    #[serde(default)]
    pub last_review: Option<Date>,
    /// Review cadence; else the default.
    #[serde(default)]
    pub review_interval: Option<String>,
    /// EU AI Act Annex IV technical documentation: for each point `1`..`9`, the documents and
    /// evidence that cover it (high-risk systems; a point left out is a gap).
    #[serde(default)]
    #[schemars(schema_with = "super::technical_documentation::schema")]
    pub technical_documentation: super::TechnicalDocumentation,
    /// Where it was defined (set by the loader).
    #[serde(skip)]
    pub source: Source,
}

/// How a risk is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Treatment {
    /// Reduce it with controls.
    Mitigate,
    /// Accept it, with a named acceptance.
    Accept,
    /// Transfer it (insurance, contract).
    Transfer,
    /// Stop the activity.
    Avoid,
}

/// Where a risk stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskStatus {
    /// Identified, not yet treated.
    #[default]
    Open,
    /// Treatment under way.
    Treating,
    /// Formally accepted.
    Accepted,
    /// No longer relevant.
    Closed,
}

/// Likelihood and impact on the portal's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// How likely, `1..=scale`.
    #[schemars(range(min = 1))]
    pub likelihood: u32,
    /// How bad, `1..=scale`.
    #[schemars(range(min = 1))]
    pub impact: u32,
}

/// Who accepted a risk and until when.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Who accepted it.
    pub by: String,
    /// The day the risk was accepted.
    pub date: Date,
    /// When the acceptance lapses.
    #[serde(default)]
    pub expires: Option<Date>,
}

/// A risk of the register.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Unique id, e.g. `RSK-001`.
    pub id: String,
    /// The risk's title: the harm in a few words.
    pub title: String,
    /// The AI system it concerns.
    #[serde(default)]
    pub system: Option<String>,
    /// One of `risk.categories`.
    #[serde(default)]
    pub category: Option<String>,
    /// What the risk is, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// The person or role accountable for the risk and its treatment.
    pub owner: String,
    /// How likely the risk is before any control (on the portal's likelihood scale).
    #[schemars(range(min = 1))]
    pub likelihood: u32,
    /// How bad it would be before any control (on the portal's impact scale).
    #[schemars(range(min = 1))]
    pub impact: u32,
    /// How the risk is treated: mitigate, transfer, avoid or accept.
    pub treatment: Treatment,
    /// How it is treated, in words.
    #[serde(default)]
    pub strategy: Option<String>,
    /// Controls that treat it.
    #[serde(default)]
    pub controls: Vec<String>,
    /// Rating after treatment.
    #[serde(default)]
    pub residual: Option<Rating>,
    /// Where the risk stands: open, treating, accepted or closed.
    #[serde(default)]
    pub status: RiskStatus,
    /// Required when the treatment is `accept`.
    #[serde(default)]
    pub acceptance: Option<Acceptance>,
    /// When it was identified.
    #[serde(default)]
    pub identified: Option<Date>,
    /// Date of the last review.
    #[serde(default)]
    pub last_review: Option<Date>,
    /// Review cadence; else the default.
    #[serde(default)]
    pub review_interval: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Where it was defined (set by the loader).
    #[serde(skip)]
    pub source: Source,
}

/// Why a control was included in the Statement of Applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InclusionReason {
    /// A risk treatment needs it.
    RiskTreatment,
    /// Law or regulation requires it.
    Legal,
    /// A contract requires it.
    Contractual,
    /// Included as good practice.
    BestPractice,
}

/// How far a control is implemented.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ImplementationStatus {
    /// In operation.
    Implemented,
    /// Partly in operation.
    Partial,
    /// Planned, not yet in operation.
    Planned,
    /// Not implemented.
    NotImplemented,
}

/// A control implementation: one Statement of Applicability entry.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ControlImplementation {
    /// The control, `framework:control` (or a bare id when unambiguous).
    #[serde(rename = "ref")]
    pub control: String,
    /// Whether the control applies.
    pub applicable: bool,
    /// Why it was included.
    #[serde(default)]
    pub reasons: Vec<InclusionReason>,
    /// Why it is included or excluded.
    pub justification: String,
    /// How far the control is in operation: implemented, partial, planned or not implemented.
    #[serde(default)]
    pub status: Option<ImplementationStatus>,
    /// The person or role accountable for the control's implementation.
    #[serde(default)]
    pub owner: Option<String>,
    /// Markdown: how the control is met.
    #[serde(default)]
    pub implementation: Option<String>,
    /// Policies that implement it.
    #[serde(default)]
    pub policies: Vec<String>,
    /// A complementary user entity control (SOC 2 CUEC): what the service organisation relies
    /// on its customers (the user entities) to do for this criterion to be met.
    #[serde(default)]
    pub cuec: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// `false` for an entry written by `init --blank` or `soa --add-missing` that nobody has
    /// assessed yet: a warning (W315) until it is decided and the field removed.
    #[serde(default = "assessed_by_default")]
    pub assessed: bool,
    /// Where it was defined (set by the loader).
    #[serde(skip)]
    pub source: Source,
}

fn assessed_by_default() -> bool {
    true
}

/// The period an evidence record covers.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day the evidence covers.
    pub start: Date,
    /// The last day the evidence covers.
    pub end: Date,
}

/// An evidence record: proof that a control operates (a report, a log, a review).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Unique id, e.g. `EV-014`.
    pub id: String,
    /// The evidence's title, as its pages show it.
    pub title: String,
    /// What the evidence shows, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// What kind of artifact it is (log, report, screenshot, ticket, ...).
    #[serde(default)]
    pub kind: Option<String>,
    /// Artifact path relative to the YAML file.
    #[serde(default)]
    pub file: Option<String>,
    /// External link (not hashed, not copied).
    #[serde(default)]
    pub url: Option<String>,
    /// `examine | interview | test`.
    #[serde(default)]
    pub method: Option<String>,
    /// When it was collected.
    pub collected: Date,
    /// Period it covers.
    #[serde(default)]
    pub period: Option<Period>,
    /// When it stops being valid.
    #[serde(default)]
    pub expires: Option<Date>,
    /// Validity from `collected`, e.g. `180d`.
    #[serde(default)]
    pub valid_for: Option<String>,
    /// Who collects it.
    #[serde(default)]
    pub owner: Option<String>,
    /// Controls it supports.
    #[serde(default)]
    pub controls: Vec<String>,
    /// Risks it supports.
    #[serde(default)]
    pub risks: Vec<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Where it was defined (set by the loader).
    #[serde(skip)]
    pub source: Source,
    /// The artifact file relative to the portal root, once found (set by the loader).
    #[serde(skip)]
    pub artifact: Option<Artifact>,
}

/// An evidence artifact found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// Path relative to `content/evidence/` for the output (`evidence/files/...`).
    pub output_path: String,
    /// Path relative to the portal root.
    pub source_path: String,
    /// Size in bytes.
    pub size: u64,
    /// Lower-case hex SHA-256 of the file.
    pub sha256: String,
}

/// Visits a text field under its path (`title`, `history[0].summary`, `affected[2]`).
pub type TextVisitor<'a> = dyn FnMut(&str, &mut String) + 'a;

fn visit_opt(visit: &mut TextVisitor, path: &str, field: &mut Option<String>) {
    if let Some(text) = field {
        visit(path, text);
    }
}

// The plain text fields of each entity, where `[[ID]]` is resolved like in Markdown and a
// field that is nothing but a hidden item's id is its label: every string the entity
// serialises but its id, its visibility, its Markdown fields (visited apart
// by `markdown_mut`) and the file names and URLs it points at, when one of them is what the
// visitor wants. They are found by
// `super::strings::every_wanted_string` (the serde-based walk of `every_string`), so a field
// added tomorrow is visited without being listed; fields serde skips (where it was read) are
// set aside and put back. Tested end to end in `tests/portal/guarantees.rs`
// (`hidden_ids_in_fields_nobody_listed_never_reach_the_trust_center`).

/// What no entity's plain-text walk visits: ids and visibility are not text.
const NOT_TEXT: [&str; 2] = ["id", "visibility"];

impl PolicyMeta {
    /// Every plain text field, with its path (`title`, `history[0].summary`), when one is
    /// `wanted`.
    pub fn texts_mut(&mut self, wanted: Wanted, visit: &mut TextVisitor) {
        super::strings::every_wanted_string(self, &NOT_TEXT, wanted, visit);
    }
}

impl PageMeta {
    /// Every plain text field, with its path, when one is `wanted`.
    pub fn texts_mut(&mut self, wanted: Wanted, visit: &mut TextVisitor) {
        let extra = std::mem::take(&mut self.extra);
        let place = std::mem::take(&mut self.place);
        let explicit_id = self.explicit_id;
        super::strings::every_wanted_string(self, &NOT_TEXT, wanted, visit);
        (self.extra, self.place, self.explicit_id) = (extra, place, explicit_id);
    }
}

/// The texts of a register entry (an AI system, risk, control implementation or evidence
/// record): its plain text fields, found by their serialisation, and its one Markdown field.
pub trait EntryTexts: Serialize + serde::de::DeserializeOwned {
    /// What the plain-text walk skips: the id, visibility, the Markdown field, file names.
    const NOT_TEXT: &'static [&'static str];

    /// The Markdown field: its name and its value.
    fn markdown_field(&mut self) -> (&'static str, &mut Option<String>);

    /// Where the entry was read: not text, so set aside during the walk.
    fn source_mut(&mut self) -> &mut Source;

    /// Every plain text field, with its path (`title`, `acceptance.by`, `users[2]`, ...),
    /// when one is `wanted`.
    fn texts_mut(&mut self, wanted: Wanted, visit: &mut TextVisitor) {
        let source = std::mem::take(self.source_mut());
        super::strings::every_wanted_string(self, Self::NOT_TEXT, wanted, visit);
        *self.source_mut() = source;
    }

    /// The Markdown field, with its path.
    fn markdown_mut(&mut self, visit: &mut TextVisitor) {
        let (path, field) = self.markdown_field();
        visit_opt(visit, path, field);
    }
}

impl EntryTexts for System {
    const NOT_TEXT: &'static [&'static str] = &["id", "visibility", "description"];
    fn markdown_field(&mut self) -> (&'static str, &mut Option<String>) {
        ("description", &mut self.description)
    }
    fn source_mut(&mut self) -> &mut Source {
        &mut self.source
    }
}

impl EntryTexts for Risk {
    const NOT_TEXT: &'static [&'static str] = &["id", "visibility", "description"];
    fn markdown_field(&mut self) -> (&'static str, &mut Option<String>) {
        ("description", &mut self.description)
    }
    fn source_mut(&mut self) -> &mut Source {
        &mut self.source
    }
}

impl EntryTexts for ControlImplementation {
    const NOT_TEXT: &'static [&'static str] = &["visibility", "implementation"];
    fn markdown_field(&mut self) -> (&'static str, &mut Option<String>) {
        ("implementation", &mut self.implementation)
    }
    fn source_mut(&mut self) -> &mut Source {
        &mut self.source
    }
}

impl EntryTexts for Evidence {
    const NOT_TEXT: &'static [&'static str] = &["id", "visibility", "description", "file", "url"];
    fn markdown_field(&mut self) -> (&'static str, &mut Option<String>) {
        ("description", &mut self.description)
    }
    fn source_mut(&mut self) -> &mut Source {
        &mut self.source
    }
    /// Every plain text field but the artifact found for `file` (not text either).
    fn texts_mut(&mut self, wanted: Wanted, visit: &mut TextVisitor) {
        let (source, artifact) = (std::mem::take(&mut self.source), self.artifact.take());
        super::strings::every_wanted_string(self, Self::NOT_TEXT, wanted, visit);
        (self.source, self.artifact) = (source, artifact);
    }
}
