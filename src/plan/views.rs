//! Summary views of every entity, serialised once and shared by every page that mentions it.
//!
//! A view holds what a link or a table row needs (id, title, URL relative to the root, status
//! badges). Tera values share their data, so putting a view on many pages costs a pointer.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::urls;
use crate::audience::RESTRICTED;
use crate::model::{ImplementationStatus, Page};
use crate::resolve::{
    Applicability, ControlNode, EvidenceNode, FrameworkNode, Freshness, PolicyNode, Portal,
    RiskNode, Score, SystemNode, Target,
};

/// The views of every entity, indexed like the portal's vectors.
pub struct Views {
    /// Each policy as its listings and mentions show it.
    pub policies: Vec<Value>,
    /// Each free page as its listings and mentions show it.
    pub pages: Vec<Value>,
    /// Each AI system as its listings and mentions show it.
    pub systems: Vec<Value>,
    /// Each risk as its listings and mentions show it.
    pub risks: Vec<Value>,
    /// Each control as its listings and mentions show it.
    pub controls: Vec<Value>,
    /// Each evidence record as its listings and mentions show it.
    pub evidence: Vec<Value>,
    /// Each audit, finding, nonconformity, review, objective and incident as its listings and
    /// mentions show it.
    pub records: Vec<Value>,
    /// Each shown framework as its listings show it.
    pub frameworks: Vec<Value>,
    /// Each control with its latest evidence, as a row of a treatment table.
    pub treatments: Vec<Value>,
}

impl Views {
    /// Marks the policies, pages, systems, risks and evidence records of a customer-facing
    /// build `title_only`: their references show the title a reader knows them by, not the
    /// internal id (`POL-AI-001`) they are filed under. Controls keep their ids (CC6.1),
    /// which are how people name them.
    pub fn titles_only(&mut self) {
        let mark = |list: &mut Vec<Value>| {
            for v in list.iter_mut() {
                if let Some(mut map) = v.clone().into_map() {
                    map.insert(tera::value::Key::from("title_only"), true.into());
                    *v = Value::from(map);
                }
            }
        };
        mark(&mut self.policies);
        mark(&mut self.pages);
        mark(&mut self.systems);
        mark(&mut self.risks);
        mark(&mut self.evidence);
    }

    /// The view of any target.
    pub fn of(&self, target: Target) -> &Value {
        match target {
            Target::Policy(i) => &self.policies[i],
            Target::Page(i) => &self.pages[i],
            Target::System(i) => &self.systems[i],
            Target::Risk(i) => &self.risks[i],
            Target::Control(i) => &self.controls[i],
            Target::Evidence(i) => &self.evidence[i],
            Target::Record(i) => &self.records[i],
        }
    }

    /// Views of a list of indexes.
    pub fn list(all: &[Value], indexes: &[usize]) -> Vec<Value> {
        indexes.iter().map(|&i| all[i].clone()).collect()
    }
}

/// A link to a policy, with its badges.
#[derive(Serialize)]
pub struct PolicyView<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    kind: &'static str,
    /// `draft`, `approved`, `retired`, or `not yet in force` when dated after today (W330).
    status: &'static str,
    version: Option<&'a str>,
    owner: &'a str,
    summary: Option<&'a str>,
    review: &'static str,
    next_review: Option<String>,
}

/// A link to a control, with its applicability and evidence state.
#[derive(Serialize)]
pub struct ControlView<'a> {
    key: &'a str,
    framework: &'a str,
    framework_short: &'a str,
    id: &'a str,
    label: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    url: String,
    group: &'a str,
    applicability: Applicability,
    applicability_label: &'static str,
    requirement: bool,
    withdrawn: bool,
    enhancement: bool,
    status: Option<ImplementationStatus>,
    status_label: &'static str,
    evidence: &'static str,
    evidence_count: usize,
    evidence_restricted: usize,
    owner: Option<&'a str>,
}

/// A link to a risk, with its scores.
#[derive(Serialize)]
pub struct RiskView<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    owner: &'a str,
    category: Option<&'a str>,
    system: Option<&'a str>,
    treatment: crate::model::Treatment,
    status: crate::model::RiskStatus,
    inherent: &'a Score,
    residual: Option<&'a Score>,
    above_appetite: bool,
    review: &'static str,
}

/// A link to an evidence record, with its freshness.
#[derive(Serialize)]
pub struct EvidenceView<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    kind: Option<&'a str>,
    collected: String,
    expires: String,
    freshness: Freshness,
    owner: Option<&'a str>,
    artifact: Option<ArtifactView<'a>>,
}

/// An evidence file: where the auditor package puts it, its size and SHA-256.
#[derive(Serialize)]
pub struct ArtifactView<'a> {
    name: &'a str,
    path: &'a str,
    size: u64,
    size_label: String,
    sha256: &'a str,
}

/// A file size for people: bytes, kB or MB (powers of 1,000, one decimal).
pub fn size_label(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// How running text names a framework: the short name people use for the built-in ones,
/// else the framework's own name (never the internal id).
pub fn framework_short<'a>(id: &str, name: &'a str) -> &'a str {
    match id {
        "iso42001" => "ISO/IEC 42001",
        "iso27001" => "ISO/IEC 27001",
        "iso27701" => "ISO/IEC 27701",
        "soc2" => "SOC 2",
        "nist-ai-rmf" => "NIST AI RMF",
        "eu-ai-act" => "EU AI Act",
        _ => name,
    }
}

/// Whether a control applies, in the words of its framework's applicability document:
/// `applicable` and `excluded` in a Statement of Applicability, `in scope` and `not relevant`
/// in a SOC 2 scope.
pub fn applicability_label(
    style: crate::model::ApplicabilityStyle,
    applicability: Applicability,
) -> &'static str {
    let words = style.words();
    match applicability {
        Applicability::Applicable => words.applicable,
        Applicability::Excluded => words.excluded,
        Applicability::Missing => "missing",
        Applicability::NotRequired => "not-required",
        Applicability::Restricted => "shared on request",
        Applicability::Required => "required",
        Applicability::Withdrawn => "withdrawn",
    }
}

/// The label of an implementation status, in words.
pub fn status_label(status: Option<ImplementationStatus>) -> &'static str {
    match status {
        Some(ImplementationStatus::Implemented) => "implemented",
        Some(ImplementationStatus::Partial) => "partial",
        Some(ImplementationStatus::Planned) => "planned",
        Some(ImplementationStatus::NotImplemented) => "not implemented",
        None => "not stated",
    }
}

/// The label of a policy kind, in words.
pub fn kind_label(kind: crate::model::PolicyKind) -> &'static str {
    use crate::model::PolicyKind::*;
    match kind {
        Policy => "policy",
        Standard => "standard",
        Procedure => "procedure",
        ImpactAssessment => "impact assessment",
    }
}

/// Builds every view once.
pub fn build(portal: &Portal) -> Views {
    let controls: Vec<Value> = portal
        .controls
        .iter()
        .map(|c| control_view(portal, c))
        .collect();
    let evidence: Vec<Value> = portal.evidence.par_iter().map(evidence_view).collect();
    // Once per control, not once per row that lists it: a register of 100,000 risks lists
    // the same few hundred controls again and again.
    let treatments = (0..portal.controls.len())
        .into_par_iter()
        .map(|c| treatment(portal, &controls, &evidence, c))
        .collect();
    Views {
        policies: portal.policies.par_iter().map(policy_view).collect(),
        pages: portal.pages.iter().map(page_view).collect(),
        systems: portal.systems.iter().map(system_view).collect(),
        risks: portal
            .risks
            .par_iter()
            .map(|r| risk_view(portal, r))
            .collect(),
        controls,
        evidence,
        records: super::records::views(portal),
        frameworks: portal.frameworks.iter().map(framework_view).collect(),
        treatments,
    }
}

fn policy_view(p: &PolicyNode) -> Value {
    let m = &p.doc.meta;
    value(&PolicyView {
        id: &m.id,
        title: &m.title,
        url: urls::policy(&m.id),
        kind: kind_label(m.kind),
        status: p.status_label(),
        version: m.version.as_deref(),
        owner: &m.owner,
        summary: m.summary.as_deref(),
        review: p.review.status.label(),
        next_review: p.review.next.map(|d| d.to_string()),
    })
}

fn page_view(p: &Page) -> Value {
    value(&serde_json::json!({
        "id": p.meta.id, "title": p.meta.title, "url": p.meta.place.url, "summary": p.meta.summary,
    }))
}

fn system_view(s: &SystemNode) -> Value {
    let sys = &s.system;
    value(&serde_json::json!({
        "id": sys.id, "title": sys.name, "url": urls::system(&sys.id), "owner": sys.owner,
        "lifecycle": sys.lifecycle, "risk_class": sys.risk_class, "role": sys.role,
        "impact_level": sys.impact_level, "review": s.review.status.label(), "risk_count": s.risks.len(),
        "risks_restricted": s.restricted.risks,
    }))
}

fn risk_view(portal: &Portal, r: &RiskNode) -> Value {
    value(&RiskView {
        id: &r.risk.id,
        title: &r.risk.title,
        url: urls::risk(&r.risk.id),
        owner: &r.risk.owner,
        category: r.risk.category.as_deref(),
        system: r.system.map(|s| portal.systems[s].system.name.as_str()),
        treatment: r.risk.treatment,
        status: r.risk.status,
        inherent: &r.inherent,
        residual: r.residual.as_ref(),
        above_appetite: r.above_appetite,
        review: r.review.status.label(),
    })
}

fn control_view(portal: &Portal, c: &ControlNode) -> Value {
    let status = c.implementation.as_ref().and_then(|i| i.status);
    let restricted = c.applicability == Applicability::Restricted;
    let evidence = match c.best_freshness(&portal.evidence) {
        Some(f) => f.label(),
        None => "none",
    };
    value(&ControlView {
        key: &c.key,
        framework: &c.framework_id,
        framework_short: framework_short(&c.framework_id, &portal.frameworks[c.framework].name),
        id: &c.id,
        label: &c.label,
        title: &c.title,
        summary: c.summary.as_deref(),
        url: urls::control(&c.framework_id, &c.id),
        group: &c.group.1,
        applicability: c.applicability,
        applicability_label: applicability_label(
            portal.frameworks[c.framework].applicability,
            c.applicability,
        ),
        requirement: c.requirement,
        withdrawn: c.withdrawn,
        enhancement: c.parent.is_some(),
        status,
        status_label: if restricted {
            RESTRICTED
        } else {
            status_label(status)
        },
        evidence,
        evidence_count: c.evidence.len(),
        evidence_restricted: c.restricted.evidence,
        owner: c.implementation.as_ref().and_then(|i| i.owner.as_deref()),
    })
}

fn evidence_view(e: &EvidenceNode) -> Value {
    value(&EvidenceView {
        id: &e.evidence.id,
        title: &e.evidence.title,
        url: urls::evidence(&e.evidence.id),
        kind: e.evidence.kind.as_deref(),
        collected: e.evidence.collected.to_string(),
        expires: e.expires.to_string(),
        freshness: e.freshness,
        owner: e.evidence.owner.as_deref(),
        artifact: e.evidence.artifact.as_ref().map(|a| ArtifactView {
            name: a.source_path.rsplit('/').next().unwrap_or(&a.source_path),
            path: &a.output_path,
            size: a.size,
            size_label: size_label(a.size),
            sha256: &a.sha256,
        }),
    })
}

fn framework_view(f: &FrameworkNode) -> Value {
    value(&serde_json::json!({
        "id": f.id, "name": f.name, "short": framework_short(&f.id, &f.name), "version": f.version, "scope": f.scope,
        "url": urls::framework(&f.id), "soa_url": urls::soa(&f.id),
        "soa_label": f.applicability.label(framework_short(&f.id, &f.name)),
        "applicability": f.applicability.words(),
    }))
}

/// How many evidence records (on the statement of applicability, also policies) a row shows per
/// control before linking to the control's page.
pub const EVIDENCE_PER_ROW: usize = 5;

/// A control as a risk page lists it, with its evidence: up to [`EVIDENCE_PER_ROW`] records
/// (latest-expiring first), else how many there are by freshness (`evidence_freshness`,
/// linked to the control's full list), and how many the audience may not see. The same first
/// few records of a large control repeated on every risk page that names it said less than
/// the counts do, and were a fifth of a large register's output.
fn treatment(portal: &Portal, controls: &[Value], evidence: &[Value], control: usize) -> Value {
    let node = &portal.controls[control];
    let (shown, freshness) = if node.evidence.len() > EVIDENCE_PER_ROW {
        (Vec::new(), freshness_counts(portal, &node.evidence))
    } else {
        let mut all = node.evidence.clone();
        all.sort_by_key(|&e| (std::cmp::Reverse(portal.evidence[e].expires), e));
        (all, Vec::new())
    };
    super::record(vec![
        ("control", controls[control].clone()),
        ("evidence", super::list(Views::list(evidence, &shown))),
        ("evidence_count", node.evidence.len().into()),
        ("evidence_freshness", super::list(freshness)),
        ("evidence_restricted", node.restricted.evidence.into()),
    ])
}

/// How many of `evidence` are in each state of freshness, what needs attention first: each
/// state present as its value (which styles the badge) and its words ("1000 current").
fn freshness_counts(portal: &Portal, evidence: &[usize]) -> Vec<Value> {
    use crate::resolve::Freshness::{Expired, Expiring, Fresh, Future};
    [Expired, Expiring, Future, Fresh]
        .into_iter()
        .filter_map(|state| {
            let count = evidence
                .iter()
                .filter(|&&e| portal.evidence[e].freshness == state)
                .count();
            let words = super::labels::lookup("freshness-short", state.label())?;
            (count > 0).then(|| {
                value(&serde_json::json!({
                    "value": state.label(),
                    "words": format!("{count} {}", words.to_lowercase()),
                }))
            })
        })
        .collect()
}

/// The columns of a risk's row in a full list: its residual rating (else its inherent one),
/// as the score chips read ("4 · low").
pub fn risk_columns(view: &Value) -> Vec<String> {
    let score = |kind: &str| {
        let s = view.get_from_path(kind).filter(|s| !s.is_none())?;
        let n = s.get_from_path("score").and_then(Value::as_u64)?;
        let level = s.get_from_path("level").and_then(Value::as_str)?;
        Some(format!("{kind} {n} · {level}"))
    };
    vec![
        score("residual")
            .or_else(|| score("inherent"))
            .unwrap_or_default(),
    ]
}

/// The headings of [`risk_columns`].
pub const RISK_HEADERS: &[&str] = &["Rating"];

/// The columns of an evidence record's row in a full list: its freshness and when it expires.
pub fn evidence_columns(view: &Value) -> Vec<String> {
    let text = |field: &str| {
        view.get_from_path(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    vec![text("freshness"), text("expires")]
}

/// The headings of [`evidence_columns`].
pub const EVIDENCE_HEADERS: &[&str] = &["Freshness", "Expires"];

/// No further columns: a full list of links.
pub fn no_columns(_: &Value) -> Vec<String> {
    Vec::new()
}

/// Serialises a view into a shared Tera value.
pub(super) fn value<T: Serialize>(view: &T) -> Value {
    Value::from_serializable(view)
}

#[cfg(test)]
mod tests {
    use super::size_label;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_label(999), "999 bytes");
        assert_eq!(size_label(1725), "1.7 kB");
        assert_eq!(size_label(2_500_000), "2.5 MB");
    }
}
