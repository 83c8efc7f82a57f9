//! The records an auditor samples (ISO/IEC 42001 and 27001 clauses 6.2, 9.2, 9.3 and 10.2,
//! EU AI Act Art. 73): internal audits and their programme, audit findings, nonconformities
//! with their corrective actions, management reviews, objectives measured over time, and
//! incidents. Each is a top-level list in its files; every record id shares the portal's one
//! id space.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::entities::EntryTexts;
use super::{Date, Moment, Source, Visibility};

/// The period a programme or audit covers.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

/// An internal audit programme (9.2.2): the period, scope and planned audits.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuditProgramme {
    /// Unique id, e.g. `AP-2026`.
    pub id: String,
    /// The programme's title.
    pub title: String,
    /// Who manages the programme.
    #[serde(default)]
    pub owner: Option<String>,
    /// The period the programme covers.
    #[serde(default)]
    pub period: Option<Span>,
    /// Clauses and controls the programme covers over its period (`iso42001:9.2`).
    #[serde(default)]
    pub scope: Vec<String>,
    /// The audits planned, in order.
    #[serde(default)]
    pub planned: Vec<PlannedAudit>,
    /// How audits are chosen, their criteria and frequency, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Where it was defined.
    #[serde(skip)]
    pub source: Source,
}

/// One audit of a programme's plan.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedAudit {
    /// The audit record, once it exists (`IA-2026-01`).
    #[serde(default)]
    pub audit: Option<String>,
    /// What the audit covers, in a few words.
    pub title: String,
    /// When it is due.
    #[serde(default)]
    pub due: Option<Date>,
    /// Clauses and controls it covers.
    #[serde(default)]
    pub scope: Vec<String>,
}

/// Where an internal audit is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuditStatus {
    /// Planned, not started.
    #[default]
    Planned,
    /// Fieldwork under way.
    InProgress,
    /// Report issued.
    Completed,
    /// Not carried out.
    Cancelled,
}

/// An internal audit (9.2) and its findings.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    /// Unique id, e.g. `IA-2025-04`.
    pub id: String,
    /// The audit's title.
    pub title: String,
    /// The programme it belongs to.
    #[serde(default)]
    pub programme: Option<String>,
    /// Where it is.
    #[serde(default)]
    pub status: AuditStatus,
    /// First day of fieldwork.
    #[serde(default)]
    pub start: Option<Date>,
    /// Last day of fieldwork.
    #[serde(default)]
    pub end: Option<Date>,
    /// When the report was issued.
    #[serde(default)]
    pub reported: Option<Date>,
    /// Who audited.
    pub auditor: String,
    /// Why the auditor is objective and impartial (9.2.2 c).
    #[serde(default)]
    pub independence: Option<String>,
    /// The audit criteria.
    #[serde(default)]
    pub criteria: Option<String>,
    /// Clauses and controls audited (`iso42001:9.2`, `iso42001:A.6.2.4`).
    #[serde(default)]
    pub scope: Vec<String>,
    /// Evidence records: the report, the plan.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// What the audit found.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// The audit's conclusion, in Markdown.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Where it was defined.
    #[serde(skip)]
    pub source: Source,
}

/// What kind of finding an audit raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingType {
    /// A major nonconformity.
    Major,
    /// A minor nonconformity.
    Minor,
    /// An observation.
    Observation,
    /// An opportunity for improvement.
    Opportunity,
}

impl FindingType {
    /// Whether the finding is a nonconformity, which needs a corrective action (10.2).
    pub fn is_nonconformity(self) -> bool {
        matches!(self, FindingType::Major | FindingType::Minor)
    }
}

/// One finding of an audit.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Unique id, e.g. `IA-2025-04-01`.
    pub id: String,
    /// Major or minor nonconformity, observation or opportunity.
    #[serde(rename = "type")]
    pub kind: FindingType,
    /// The clause or control it is raised against (`iso42001:9.2.2`).
    pub control: String,
    /// What was found.
    pub statement: String,
    /// Evidence records that support it.
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// Where a nonconformity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// An internal or external audit finding.
    Audit,
    /// An incident.
    Incident,
    /// A management review.
    Review,
    /// A complaint from an interested party.
    Complaint,
    /// Anything else (monitoring, self-identified).
    Other,
}

/// Where a nonconformity is in its lifecycle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NonconformityStatus {
    /// Raised; actions not all done.
    #[default]
    Open,
    /// Every action done; effectiveness not yet verified.
    Resolved,
    /// Closed: actions done and effectiveness verified.
    Closed,
}

/// An action with an owner and a due date (a corrective action, a review output).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What is to be done.
    pub action: String,
    /// Who does it.
    #[serde(default)]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(default)]
    pub due: Option<Date>,
    /// When it was done.
    #[serde(default)]
    pub done: Option<Date>,
}

/// Whether a corrective action worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EffectivenessResult {
    /// The nonconformity has not recurred; the action worked.
    Effective,
    /// It did not work: the nonconformity needs new action.
    NotEffective,
}

/// The check that a corrective action was effective (10.2 d).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EffectivenessCheck {
    /// When it was checked.
    pub date: Date,
    /// What the check found.
    pub result: EffectivenessResult,
    /// Who checked.
    pub by: String,
    /// How, in a sentence.
    #[serde(default)]
    pub note: Option<String>,
}

/// A nonconformity and its corrective actions (10.2).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Nonconformity {
    /// Unique id, e.g. `NC-2026-01`.
    pub id: String,
    /// The nonconformity in a few words.
    pub title: String,
    /// Where it came from; follows from `source` when that names a record.
    #[serde(default)]
    pub origin: Option<Origin>,
    /// The audit finding, incident or management review it came from, by id (`source:`).
    #[serde(default, rename = "source")]
    pub raised_from: Option<String>,
    /// A major or minor nonconformity.
    #[serde(default)]
    pub severity: Option<FindingType>,
    /// When it was raised.
    pub raised: Date,
    /// Who owns its resolution.
    #[serde(default)]
    pub owner: Option<String>,
    /// What is wrong, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Clauses and controls it concerns.
    #[serde(default)]
    pub controls: Vec<String>,
    /// Risks it concerns.
    #[serde(default)]
    pub risks: Vec<String>,
    /// AI systems it concerns.
    #[serde(default)]
    pub systems: Vec<String>,
    /// What was done at once to contain it (10.2 a).
    #[serde(default)]
    pub correction: Option<String>,
    /// Why it happened (10.2 b).
    #[serde(default)]
    pub root_cause: Option<String>,
    /// The corrective actions (10.2 c).
    #[serde(default)]
    pub actions: Vec<Action>,
    /// The review of their effectiveness (10.2 d).
    #[serde(default)]
    pub effectiveness: Option<EffectivenessCheck>,
    /// Where it is.
    #[serde(default)]
    pub status: NonconformityStatus,
    /// Evidence records of the correction and actions.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Where it was defined.
    #[serde(skip)]
    pub source: Source,
}

/// One input of a management review: what was reviewed, and the records it looked at.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// What the review considered, in a sentence or two.
    pub summary: String,
    /// Records reviewed (nonconformities, audits, objectives, risks, evidence), by id.
    #[serde(default)]
    pub reviewed: Vec<String>,
}

/// The inputs of a management review (ISO/IEC 42001 and 27001 9.3.2), each its own key.
/// [`REVIEW_INPUTS`] says which item of 9.3.2 each key answers and which frameworks require it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewInputs {
    /// Status of actions from previous management reviews.
    #[serde(default)]
    pub previous_actions: Option<ReviewInput>,
    /// Changes in external and internal issues.
    #[serde(default)]
    pub context_changes: Option<ReviewInput>,
    /// Changes in needs and expectations of interested parties.
    #[serde(default)]
    pub interested_parties: Option<ReviewInput>,
    /// Trends in nonconformities and corrective actions.
    #[serde(default)]
    pub nonconformities: Option<ReviewInput>,
    /// Trends in monitoring and measurement results.
    #[serde(default)]
    pub measurement_results: Option<ReviewInput>,
    /// Trends in audit results.
    #[serde(default)]
    pub audit_results: Option<ReviewInput>,
    /// Fulfilment of objectives (required by ISO/IEC 27001).
    #[serde(default)]
    pub objectives: Option<ReviewInput>,
    /// Feedback from interested parties (required by ISO/IEC 27001).
    #[serde(default)]
    pub interested_party_feedback: Option<ReviewInput>,
    /// Results of risk assessment and status of the risk treatment plan (required by ISO/IEC
    /// 27001).
    #[serde(default)]
    pub risk_assessment_results: Option<ReviewInput>,
    /// Opportunities for continual improvement.
    #[serde(default)]
    pub improvement_opportunities: Option<ReviewInput>,
    /// Optional, for AI management systems: how the AI systems performed and what their
    /// impact assessments found (part of the performance information; no framework requires
    /// it as an input of its own).
    #[serde(default)]
    pub ai_system_performance: Option<ReviewInput>,
}

impl ReviewInputs {
    /// The input written under `key` (a key of [`REVIEW_INPUTS`]), if the review records it.
    /// Read through serde so that the keys are spelt once, in the struct.
    pub fn get(&self, key: &str) -> Option<ReviewInput> {
        let all = serde_json::to_value(self).ok()?;
        serde_json::from_value(all.get(key)?.clone()).ok()
    }
}

/// One key of `inputs:`: the item of 9.3.2 it answers in each framework that requires it,
/// and what it is, in a few words.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInputSpec {
    /// The key under `inputs:`.
    pub key: &'static str,
    /// Framework id, the framework's short name, and the item of its 9.3.2 (`a`, `d 1`);
    /// empty for an input no framework requires.
    pub items: &'static [(&'static str, &'static str, &'static str)],
    /// What the input is, in a few words.
    pub about: &'static str,
}

const ISO42001: &str = "ISO/IEC 42001";
const ISO27001: &str = "ISO/IEC 27001";

/// The one table of management review inputs, in the order of 9.3.2: it decides the key, the
/// item it answers and which frameworks in scope require it. ISO/IEC 42001 asks for items a
/// to e; ISO/IEC 27001 adds fulfilment of objectives (d 4), feedback from interested parties
/// (e) and risk assessment results (f), so its improvement item is g.
pub const REVIEW_INPUTS: &[ReviewInputSpec] = &[
    ReviewInputSpec {
        key: "previous_actions",
        items: &[("iso42001", ISO42001, "a"), ("iso27001", ISO27001, "a")],
        about: "status of actions from previous management reviews",
    },
    ReviewInputSpec {
        key: "context_changes",
        items: &[("iso42001", ISO42001, "b"), ("iso27001", ISO27001, "b")],
        about: "changes in external and internal issues relevant to the management system",
    },
    ReviewInputSpec {
        key: "interested_parties",
        items: &[("iso42001", ISO42001, "c"), ("iso27001", ISO27001, "c")],
        about: "changes in the needs and expectations of interested parties",
    },
    ReviewInputSpec {
        key: "nonconformities",
        items: &[("iso42001", ISO42001, "d 1"), ("iso27001", ISO27001, "d 1")],
        about: "trends in nonconformities and corrective actions",
    },
    ReviewInputSpec {
        key: "measurement_results",
        items: &[("iso42001", ISO42001, "d 2"), ("iso27001", ISO27001, "d 2")],
        about: "trends in monitoring and measurement results",
    },
    ReviewInputSpec {
        key: "audit_results",
        items: &[("iso42001", ISO42001, "d 3"), ("iso27001", ISO27001, "d 3")],
        about: "trends in audit results",
    },
    ReviewInputSpec {
        key: "objectives",
        items: &[("iso27001", ISO27001, "d 4")],
        about: "how far the objectives are fulfilled",
    },
    ReviewInputSpec {
        key: "interested_party_feedback",
        items: &[("iso27001", ISO27001, "e")],
        about: "feedback from interested parties",
    },
    ReviewInputSpec {
        key: "risk_assessment_results",
        items: &[("iso27001", ISO27001, "f")],
        about: "results of risk assessment and status of the risk treatment plan",
    },
    ReviewInputSpec {
        key: "improvement_opportunities",
        items: &[("iso42001", ISO42001, "e"), ("iso27001", ISO27001, "g")],
        about: "opportunities for continual improvement",
    },
    ReviewInputSpec {
        key: "ai_system_performance",
        items: &[],
        about: "performance of the AI systems and findings of their impact assessments",
    },
];

impl ReviewInputSpec {
    /// The items of 9.3.2 this input answers for the frameworks in scope (`frameworks`), as
    /// people cite them: `9.3.2 a`, or `9.3.2 e (ISO/IEC 42001), 9.3.2 g (ISO/IEC 27001)` when
    /// the frameworks number it differently. Empty when none of them requires it.
    pub fn clause(&self, frameworks: &[String]) -> String {
        let mine: Vec<_> = self
            .items
            .iter()
            .filter(|(id, _, _)| frameworks.iter().any(|f| f == id))
            .collect();
        match mine.as_slice() {
            [] => String::new(),
            [first, rest @ ..] if rest.iter().all(|(_, _, item)| item == &first.2) => {
                format!("9.3.2 {}", first.2)
            }
            _ => mine
                .iter()
                .map(|(_, name, item)| format!("9.3.2 {item} ({name})"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Whether a framework in scope requires this input.
    pub fn required(&self, frameworks: &[String]) -> bool {
        !self.clause(frameworks).is_empty()
    }
}

/// The outputs of a management review (9.3.3).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewOutputs {
    /// Decisions on improvement.
    #[serde(default)]
    pub decisions: Vec<String>,
    /// Changes needed to the management system.
    #[serde(default)]
    pub changes: Vec<String>,
    /// Resources needed.
    #[serde(default)]
    pub resources: Vec<String>,
    /// Actions, with owners and due dates.
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// A management review (9.3).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ManagementReview {
    /// Unique id, e.g. `MR-2026-01`.
    pub id: String,
    /// The review's title.
    pub title: String,
    /// When it met.
    pub date: Date,
    /// Who chaired it.
    #[serde(default)]
    pub chair: Option<String>,
    /// Who attended.
    #[serde(default)]
    pub attendees: Vec<String>,
    /// What it considered (9.3.2); boxed, as eleven inputs would make every record node large.
    #[serde(default)]
    pub inputs: Box<ReviewInputs>,
    /// What it decided (9.3.3).
    #[serde(default)]
    pub outputs: ReviewOutputs,
    /// The minutes and other records, by evidence id.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// A summary of the review, in Markdown.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Where it was defined.
    #[serde(skip)]
    pub source: Source,
}

/// How a measurement is compared with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    /// Met when the value is at least the target.
    AtLeast,
    /// Met when the value is at most the target.
    AtMost,
}

/// An objective's target: a metric, a comparison, a value and a date.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveTarget {
    /// What is measured.
    pub metric: String,
    /// At least or at most.
    pub comparison: Comparison,
    /// The target value.
    pub value: f64,
    /// The unit (`%`, `days`).
    #[serde(default)]
    pub unit: Option<String>,
    /// When it is to be met.
    #[serde(default)]
    pub by: Option<Date>,
}

/// One dated measurement of an objective's metric.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// When it was measured.
    pub date: Date,
    /// The value measured.
    pub value: f64,
    /// A note on the figure.
    #[serde(default)]
    pub note: Option<String>,
    /// Evidence records behind the figure.
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// An objective of the management system (6.2), measured over time.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Unique id, e.g. `OBJ-01`.
    pub id: String,
    /// The objective, in a few words.
    pub title: String,
    /// The policy it comes from.
    #[serde(default)]
    pub policy: Option<String>,
    /// Who is responsible (6.2 h).
    pub owner: String,
    /// What resources it needs (6.2 g).
    #[serde(default)]
    pub resources: Option<String>,
    /// When it will be completed (6.2 i).
    #[serde(default)]
    pub due: Option<Date>,
    /// How results are evaluated (6.2 j).
    #[serde(default)]
    pub evaluation: Option<String>,
    /// The measurable target.
    pub target: ObjectiveTarget,
    /// Dated measurements, in any order.
    #[serde(default)]
    pub measurements: Vec<Measurement>,
    /// Controls it serves.
    #[serde(default)]
    pub controls: Vec<String>,
    /// AI systems it concerns.
    #[serde(default)]
    pub systems: Vec<String>,
    /// Why the objective matters, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Where it was defined.
    #[serde(skip)]
    pub source: Source,
}

/// How bad an incident is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Little or no harm.
    Low,
    /// Limited harm.
    Medium,
    /// Significant harm.
    High,
    /// Severe harm.
    Critical,
}

/// Which limb of the serious-incident definition (EU AI Act Art. 3(49)) applies: it sets the
/// Art. 73 reporting deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limb {
    /// The death of a person (Art. 73(4): 10 days).
    Death,
    /// Serious and irreversible disruption of critical infrastructure (Art. 73(3): 2 days).
    CriticalInfrastructure,
    /// A widespread infringement (Art. 73(3): 2 days).
    WidespreadInfringement,
    /// Any other serious incident (Art. 73(2): 15 days).
    #[default]
    Other,
}

/// Where an incident is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IncidentStatus {
    /// Being handled.
    #[default]
    Open,
    /// Contained and resolved; follow-up may remain.
    Resolved,
    /// Closed.
    Closed,
}

/// An incident (A.8.4, 10.2; a serious incident under EU AI Act Art. 73).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Unique id, e.g. `INC-2026-03`.
    pub id: String,
    /// The incident in a few words.
    pub title: String,
    /// The AI system involved.
    #[serde(default)]
    pub system: Option<String>,
    /// When it was detected (a date, or a date and time: `2026-09-01T14:30Z`).
    pub detected: Moment,
    /// When the provider became aware of it (Art. 73(2)); defaults to `detected`.
    #[serde(default)]
    pub aware: Option<Moment>,
    /// How bad it is.
    pub severity: Severity,
    /// A serious incident under EU AI Act Art. 3(49).
    #[serde(default)]
    pub serious: bool,
    /// Which limb of Art. 3(49) applies.
    #[serde(default)]
    pub limb: Limb,
    /// A personal-data breach (GDPR Art. 33: 72 hours).
    #[serde(default)]
    pub personal_data_breach: bool,
    /// Why it needs no notification, if it does not.
    #[serde(default)]
    pub not_notifiable: Option<String>,
    /// When the market surveillance authority was notified of a serious incident (Art. 73);
    /// for an incident that is not serious, the breach notice when `breach_notified` is not
    /// given.
    #[serde(default)]
    pub notified: Option<Moment>,
    /// When the data protection supervisory authority was notified of a personal-data
    /// breach (GDPR Art. 33), when that is a notice of its own.
    #[serde(default)]
    pub breach_notified: Option<Moment>,
    /// Where it is.
    #[serde(default)]
    pub status: IncidentStatus,
    /// What happened, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Risks it realised or bears on.
    #[serde(default)]
    pub risks: Vec<String>,
    /// Nonconformities raised from it.
    #[serde(default)]
    pub nonconformities: Vec<String>,
    /// Evidence records (logs, reports).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// What the editions that do not show it write where other text refers to it (plain
    /// text, no link), e.g. `our access control policy (available on request)`; without it
    /// such a reference is left out, with the words that only make sense with it.
    #[serde(default)]
    pub public_label: Option<String>,
    /// Where it was defined.
    #[serde(skip)]
    pub source: Source,
}

/// A notification an incident owes an authority: the law, the deadline, and when it was
/// made.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// The provision (`EU AI Act Art. 73(2)`, `GDPR Art. 33(1)`).
    pub law: &'static str,
    /// Whom it goes to.
    pub authority: &'static str,
    /// The deadline in words (`15 days`, `72 hours`).
    pub window: &'static str,
    /// The field it is recorded in (`notified`, `breach_notified`).
    pub field: &'static str,
    /// When it is due: `aware` plus the window.
    pub due: Moment,
    /// When it was made, if it was.
    pub notified: Option<Moment>,
}

impl Incident {
    /// When the provider became aware: `aware`, else `detected`.
    pub fn aware_at(&self) -> Moment {
        self.aware.unwrap_or(self.detected)
    }

    /// Whether `not_notifiable` gives a reason (an empty one is no reason).
    pub fn has_reason_not_to_notify(&self) -> bool {
        self.not_notifiable
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
    }

    /// The notices the incident owes: the Art. 73 report of a serious incident (15 days from
    /// awareness; 10 for a death; 2 for a widespread infringement or a serious and
    /// irreversible disruption of critical infrastructure), and the GDPR Art. 33 notice of a
    /// personal-data breach (72 hours) unless `not_notifiable` says why none is due.
    pub fn notices(&self) -> Vec<Notice> {
        let aware = self.aware_at();
        let mut out = Vec::new();
        if self.serious {
            let (law, window, days) = match self.limb {
                Limb::Death => ("EU AI Act Art. 73(4)", "10 days", 10),
                Limb::CriticalInfrastructure | Limb::WidespreadInfringement => {
                    ("EU AI Act Art. 73(3)", "2 days", 2)
                }
                Limb::Other => ("EU AI Act Art. 73(2)", "15 days", 15),
            };
            out.push(Notice {
                law,
                authority: "market surveillance authority",
                window,
                field: "notified",
                due: aware.deadline(days * 24),
                notified: self.notified,
            });
        }
        if self.personal_data_breach && !self.has_reason_not_to_notify() {
            // A serious incident's `notified` is its Art. 73 report, to another authority.
            let (field, notified) = match (self.breach_notified, self.serious) {
                (Some(at), _) => ("breach_notified", Some(at)),
                (None, false) => ("notified", self.notified),
                (None, true) => ("breach_notified", None),
            };
            out.push(Notice {
                law: "GDPR Art. 33(1)",
                authority: "data protection supervisory authority",
                window: "72 hours",
                field,
                due: aware.deadline(72),
                notified,
            });
        }
        out
    }
}

macro_rules! entry_texts {
    ($($t:ty => $markdown:ident);* $(;)?) => {$(
        impl EntryTexts for $t {
            const NOT_TEXT: &'static [&'static str] = &["id", "visibility", stringify!($markdown)];
            fn markdown_field(&mut self) -> (&'static str, &mut Option<String>) {
                (stringify!($markdown), &mut self.$markdown)
            }
            fn source_mut(&mut self) -> &mut Source {
                &mut self.source
            }
        }
    )*};
}

entry_texts!(
    AuditProgramme => description;
    Audit => summary;
    Nonconformity => description;
    ManagementReview => summary;
    Objective => description;
    Incident => description;
);

/// Every record of the kinds above, as loaded.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Internal audit programmes (`programmes:` in `content/audits/*.yaml`).
    pub programmes: Vec<AuditProgramme>,
    /// Internal audits with their findings (`audits:` in `content/audits/*.yaml`).
    pub audits: Vec<Audit>,
    /// Nonconformities (`content/nonconformities/*.yaml`).
    pub nonconformities: Vec<Nonconformity>,
    /// Management reviews (`content/management-reviews/*.yaml`).
    pub reviews: Vec<ManagementReview>,
    /// Objectives (`content/objectives.yaml`).
    pub objectives: Vec<Objective>,
    /// Incidents (`content/incidents/*.yaml`).
    pub incidents: Vec<Incident>,
}
