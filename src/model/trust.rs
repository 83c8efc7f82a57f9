//! The trust center's own data: attestations, documents and announcements (in `portal.yaml`),
//! subprocessors (`content/subprocessors.yaml`) and questionnaire answers
//! (`content/questionnaires/*.yaml`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Source, Visibility};

/// Where an attestation stands, in words a customer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttestationStatus {
    /// A certificate is in force.
    Certified,
    /// An audit report (SOC 2 Type II, ...) can be requested.
    ReportAvailable,
    /// The audit or certification is under way.
    InProgress,
    /// Followed as guidance; no third-party audit.
    Aligned,
}

/// A certification, audit report or alignment the organisation states (`attestations:`).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// Framework id (`iso42001`, `soc2`, any shown catalog).
    pub framework: String,
    /// A name to show instead of the catalog's, e.g. `SOC 2 Type II`.
    #[serde(default)]
    pub name: Option<String>,
    /// Where it stands.
    pub status: AttestationStatus,
    /// Certification body or audit firm.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Report period (audit reports).
    #[serde(default)]
    pub period: Option<super::Period>,
    /// Certificate issue date.
    #[serde(default)]
    pub issued: Option<Date>,
    /// Certificate expiry date.
    #[serde(default)]
    pub expires: Option<Date>,
    /// A public certificate, relative to `static/` (copied to the output like any static file).
    #[serde(default)]
    pub file: Option<String>,
    /// One sentence of detail (scope, expected date).
    #[serde(default)]
    pub note: Option<String>,
    /// The anchor of its card on `documents.html` (e.g. `soc2-type-ii`); by default made from
    /// its name.
    #[serde(default)]
    pub id: Option<String>,
    /// Who may read the report or certificate itself: `nda` (default for `report-available`,
    /// as SOC 2 reports are restricted-use) or `public`.
    #[serde(default)]
    pub access: Option<DocumentAccess>,
}

/// Who may read a document the trust center lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentAccess {
    /// Anyone: its file or address is published.
    Public,
    /// Customers and prospects under a confidentiality agreement, on request; its file is never
    /// part of the public build.
    Nda,
}

/// A document customers ask for that is neither a policy nor an attestation
/// (`public.documents:`): a penetration-test summary, a certification status letter...
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TrustDocument {
    /// Unique among documents and attestation cards, e.g. `pentest-summary`: the anchor of
    /// its card on `documents.html`.
    pub id: String,
    /// The title customers ask for, e.g. `Penetration test summary 2026`.
    pub title: String,
    /// What kind of document it is, e.g. `Penetration test summary`, `Status letter`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The day it was issued (give this or `period`).
    #[serde(default)]
    pub date: Option<Date>,
    /// The period it covers (give this or `date`).
    #[serde(default)]
    pub period: Option<super::Period>,
    /// Who wrote or signed it (a test firm, a certification body).
    #[serde(default)]
    pub issuer: Option<String>,
    /// `public` (readable by anyone) or `nda` (on request, under a confidentiality agreement).
    pub access: DocumentAccess,
    /// The document, relative to `static/`; a `nda` file is copied to the internal and
    /// auditor builds only.
    #[serde(default)]
    pub file: Option<String>,
    /// Where a public document is published (https://...), instead of `file`.
    #[serde(default)]
    pub url: Option<String>,
    /// One or two sentences on what it says.
    #[serde(default)]
    pub summary: Option<String>,
}

/// A dated announcement (`public.updates:`), shown on the trust-center home and in its feed.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// Day of the announcement.
    pub date: Date,
    /// The update's headline, as the trust center and the Atom feed show it.
    pub title: String,
    /// One or two sentences, plain text.
    #[serde(default)]
    pub text: Option<String>,
}

/// A customer-readable control area (`public.areas:`): a statement and the catalog groups
/// whose public control statements back it.
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Heading, e.g. `Access control`.
    pub title: String,
    /// One sentence a customer understands.
    pub summary: String,
    /// Catalog groups as `framework:group`, e.g. `soc2:CC6`, `iso42001:A.5`.
    #[serde(default)]
    pub groups: Vec<String>,
}

/// A third party that processes customer data (`content/subprocessors.yaml`).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Subprocessor {
    /// The subprocessor's company name.
    pub name: String,
    /// What it does for us.
    pub purpose: String,
    /// Categories of data it processes.
    #[serde(default)]
    pub data: Vec<String>,
    /// Where it processes data.
    pub location: String,
    /// Transfer mechanism for data leaving its region (SCCs, adequacy, ...).
    #[serde(default)]
    pub transfer: Option<String>,
    /// The subprocessor's website address.
    #[serde(default)]
    pub website: Option<String>,
    /// Since when we use it.
    pub since: Date,
    /// AI systems that use it (an AI model vendor), by id.
    #[serde(default)]
    pub systems: Vec<String>,
    /// Who may see it (default `internal`, as for every item).
    #[serde(default)]
    pub visibility: Visibility,
    /// Where it was defined (set by the loader).
    #[serde(skip)]
    pub source: Source,
}

/// One answered security-questionnaire question (`content/questionnaires/*.yaml`).
#[derive(Debug, Clone, Deserialize, JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique among questions, e.g. `Q-ENC-01`.
    pub id: String,
    /// Topic it is grouped under, e.g. `Encryption`.
    pub topic: String,
    /// The question as questionnaires ask it.
    pub question: String,
    /// The answer in Markdown, citing controls, policies and evidence by `[[ID]]`.
    pub answer: String,
    /// Who may see it (default `internal`).
    #[serde(default)]
    pub visibility: Visibility,
    /// Where it was defined (set by the loader).
    #[serde(skip)]
    pub source: Source,
}
