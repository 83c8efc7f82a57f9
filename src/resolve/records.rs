//! Records an auditor samples, resolved: audit programmes, audits and their findings,
//! nonconformities, management reviews, objectives and incidents, each a node of the graph
//! ([`Target::Record`]) with its references turned into indexes.

use super::references::{Index, Target};
use super::{Portal, Restricted};
use crate::diagnostics::Diagnostic;
use crate::model::records::{
    Audit, AuditProgramme, Finding, Incident, ManagementReview, Nonconformity, Objective,
};
use crate::model::{Records, Source, Visibility};

/// The kind of a record, which decides its page and how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKind {
    /// An internal audit programme (9.2.2).
    Programme,
    /// An internal audit (9.2).
    Audit,
    /// A finding of an audit: shown on its audit's page.
    Finding,
    /// A nonconformity with its corrective actions (10.2).
    Nonconformity,
    /// A management review (9.3).
    Review,
    /// An objective measured over time (6.2).
    Objective,
    /// An incident (A.8.4; EU AI Act Art. 73).
    Incident,
}

impl RecordKind {
    /// The kind's name, as authors say it.
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Programme => "audit programme",
            RecordKind::Audit => "audit",
            RecordKind::Finding => "audit finding",
            RecordKind::Nonconformity => "nonconformity",
            RecordKind::Review => "management review",
            RecordKind::Objective => "objective",
            RecordKind::Incident => "incident",
        }
    }

    /// The output folder of the kind's pages (a finding lives on its audit's page).
    pub fn folder(self) -> &'static str {
        match self {
            RecordKind::Programme | RecordKind::Audit | RecordKind::Finding => "audits",
            RecordKind::Nonconformity => "nonconformities",
            RecordKind::Review => "management-reviews",
            RecordKind::Objective => "objectives",
            RecordKind::Incident => "incidents",
        }
    }
}

/// A record as its file states it.
#[derive(Debug, Clone)]
pub enum RecordBody {
    /// An audit programme.
    Programme(AuditProgramme),
    /// An audit, findings included.
    Audit(Audit),
    /// A finding: the `index`-th finding of the audit record `audit`.
    Finding {
        /// Index into `Portal::records` of its audit.
        audit: usize,
        /// Position among the audit's findings.
        index: usize,
    },
    /// A nonconformity.
    Nonconformity(Nonconformity),
    /// A management review (boxed: its eleven inputs make it the largest record).
    Review(Box<ManagementReview>),
    /// An objective.
    Objective(Objective),
    /// An incident.
    Incident(Incident),
}

/// A record with its resolved references.
#[derive(Debug, Clone)]
pub struct RecordNode {
    /// The record.
    pub body: RecordBody,
    /// Its id (a finding's own id).
    pub id: String,
    /// Clauses and controls it names (scope, the control a finding is against, ...).
    pub controls: Vec<usize>,
    /// Risks it names.
    pub risks: Vec<usize>,
    /// AI systems it names.
    pub systems: Vec<usize>,
    /// Evidence records it names.
    pub evidence: Vec<usize>,
    /// Policies it names (an objective's policy, a review's inputs).
    pub policies: Vec<usize>,
    /// Other records it names: an audit's programme, a finding's audit, a nonconformity's
    /// source, an incident's nonconformities, what a review reviewed.
    pub records: Vec<usize>,
    /// References this audience may not see.
    pub restricted: Restricted,
    /// It states a past date (raised, done, measured, detected...) after `--today` (W330):
    /// it does not count as done, closed or measured as of the data's date.
    pub after_today: bool,
}

impl RecordNode {
    /// The record's kind.
    pub fn kind(&self) -> RecordKind {
        match &self.body {
            RecordBody::Programme(_) => RecordKind::Programme,
            RecordBody::Audit(_) => RecordKind::Audit,
            RecordBody::Finding { .. } => RecordKind::Finding,
            RecordBody::Nonconformity(_) => RecordKind::Nonconformity,
            RecordBody::Review(_) => RecordKind::Review,
            RecordBody::Objective(_) => RecordKind::Objective,
            RecordBody::Incident(_) => RecordKind::Incident,
        }
    }
}

impl Portal {
    /// The audit a finding belongs to, and the finding.
    pub fn finding(&self, record: usize) -> Option<(&Audit, &Finding)> {
        let RecordBody::Finding { audit, index } = self.records[record].body else {
            return None;
        };
        match &self.records[audit].body {
            RecordBody::Audit(a) => Some((a, a.findings.get(index)?)),
            _ => None,
        }
    }

    /// A record's title (a finding's: its statement's first words are not a title, so its
    /// type and the control it is against).
    pub fn record_title(&self, record: usize) -> String {
        match &self.records[record].body {
            RecordBody::Programme(p) => p.title.clone(),
            RecordBody::Audit(a) => a.title.clone(),
            RecordBody::Finding { .. } => self
                .finding(record)
                .map(|(_, f)| format!("{} finding against {}", type_label(f), f.control))
                .unwrap_or_default(),
            RecordBody::Nonconformity(n) => n.title.clone(),
            RecordBody::Review(r) => r.title.clone(),
            RecordBody::Objective(o) => o.title.clone(),
            RecordBody::Incident(i) => i.title.clone(),
        }
    }

    /// Who may see a record (a finding: who may see its audit).
    pub fn record_visibility(&self, record: usize) -> Visibility {
        match &self.records[record].body {
            RecordBody::Programme(p) => p.visibility,
            RecordBody::Audit(a) => a.visibility,
            RecordBody::Finding { audit, .. } => self.record_visibility(*audit),
            RecordBody::Nonconformity(n) => n.visibility,
            RecordBody::Review(r) => r.visibility,
            RecordBody::Objective(o) => o.visibility,
            RecordBody::Incident(i) => i.visibility,
        }
    }

    /// Where a record was defined (a finding: its audit).
    pub fn record_source(&self, record: usize) -> &Source {
        match &self.records[record].body {
            RecordBody::Programme(p) => &p.source,
            RecordBody::Audit(a) => &a.source,
            RecordBody::Finding { audit, .. } => self.record_source(*audit),
            RecordBody::Nonconformity(n) => &n.source,
            RecordBody::Review(r) => &r.source,
            RecordBody::Objective(o) => &o.source,
            RecordBody::Incident(i) => &i.source,
        }
    }

    /// The record's page, relative to the output root (a finding: an anchor on its audit's).
    pub fn record_url(&self, record: usize) -> String {
        let node = &self.records[record];
        match node.body {
            RecordBody::Finding { audit, .. } => {
                format!("{}#{}", self.record_url(audit), node.id)
            }
            _ => format!("{}/{}.html", node.kind().folder(), node.id),
        }
    }
}

/// A finding's type as people say it.
pub fn type_label(finding: &Finding) -> &'static str {
    use crate::model::records::FindingType::*;
    match finding.kind {
        Major => "Major nonconformity",
        Minor => "Minor nonconformity",
        Observation => "Observation",
        Opportunity => "Opportunity for improvement",
    }
}

/// The records as nodes, in the order their pages list them (by kind, then id), with no
/// references resolved yet; a finding follows its audit.
pub(super) fn nodes(records: Records) -> Vec<RecordNode> {
    let Records {
        mut programmes,
        mut audits,
        mut nonconformities,
        mut reviews,
        mut objectives,
        mut incidents,
    } = records;
    let by_id = |a: &str, b: &str| super::ids::natural_cmp(a, b);
    programmes.sort_by(|a, b| by_id(&a.id, &b.id));
    audits.sort_by(|a, b| by_id(&a.id, &b.id));
    nonconformities.sort_by(|a, b| by_id(&a.id, &b.id));
    reviews.sort_by(|a, b| by_id(&a.id, &b.id));
    objectives.sort_by(|a, b| by_id(&a.id, &b.id));
    incidents.sort_by(|a, b| by_id(&a.id, &b.id));
    let mut nodes = Vec::new();
    let node = |id: &str, body| RecordNode {
        body,
        id: id.to_string(),
        controls: Vec::new(),
        risks: Vec::new(),
        systems: Vec::new(),
        evidence: Vec::new(),
        policies: Vec::new(),
        records: Vec::new(),
        restricted: Restricted::default(),
        after_today: false,
    };
    for p in programmes {
        nodes.push(node(&p.id.clone(), RecordBody::Programme(p)));
    }
    for a in audits {
        let audit = nodes.len();
        let findings: Vec<String> = a.findings.iter().map(|f| f.id.clone()).collect();
        nodes.push(node(&a.id.clone(), RecordBody::Audit(a)));
        for (index, id) in findings.iter().enumerate() {
            nodes.push(node(id, RecordBody::Finding { audit, index }));
        }
    }
    for n in nonconformities {
        nodes.push(node(&n.id.clone(), RecordBody::Nonconformity(n)));
    }
    for r in reviews {
        nodes.push(node(&r.id.clone(), RecordBody::Review(Box::new(r))));
    }
    for o in objectives {
        nodes.push(node(&o.id.clone(), RecordBody::Objective(o)));
    }
    for i in incidents {
        nodes.push(node(&i.id.clone(), RecordBody::Incident(i)));
    }
    nodes
}

/// What a written reference must name.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Control,
    Risk,
    System,
    Evidence,
    Policy,
    /// A record of one of these kinds.
    Record(&'static [RecordKind]),
    /// Anything with an id, or a control.
    Any,
}

/// The references a record writes: the path of the field (for the diagnostic's position),
/// the id written, and what it must name.
fn written(body: &RecordBody) -> Vec<(String, String, Expect)> {
    type Refs = Vec<(String, String, Expect)>;
    fn list(out: &mut Refs, field: &str, ids: &[String], expect: Expect) {
        for (i, id) in ids.iter().enumerate() {
            out.push((format!("{field}[{i}]"), id.clone(), expect));
        }
    }
    let mut out = Vec::new();
    match body {
        RecordBody::Programme(p) => {
            list(&mut out, "scope", &p.scope, Expect::Control);
            for (i, planned) in p.planned.iter().enumerate() {
                let prefix = format!("planned[{i}]");
                list(
                    &mut out,
                    &format!("{prefix}.scope"),
                    &planned.scope,
                    Expect::Control,
                );
                if let Some(audit) = &planned.audit {
                    out.push((
                        format!("{prefix}.audit"),
                        audit.clone(),
                        Expect::Record(&[RecordKind::Audit]),
                    ));
                }
            }
        }
        RecordBody::Audit(a) => {
            list(&mut out, "scope", &a.scope, Expect::Control);
            list(&mut out, "evidence", &a.evidence, Expect::Evidence);
            if let Some(programme) = &a.programme {
                out.push((
                    "programme".into(),
                    programme.clone(),
                    Expect::Record(&[RecordKind::Programme]),
                ));
            }
        }
        // A finding's references are its audit's fields `findings[i]...`, resolved with it.
        RecordBody::Finding { .. } => {}
        RecordBody::Nonconformity(n) => {
            list(&mut out, "controls", &n.controls, Expect::Control);
            list(&mut out, "risks", &n.risks, Expect::Risk);
            list(&mut out, "systems", &n.systems, Expect::System);
            list(&mut out, "evidence", &n.evidence, Expect::Evidence);
            if let Some(from) = &n.raised_from {
                out.push((
                    "source".into(),
                    from.clone(),
                    Expect::Record(&[
                        RecordKind::Finding,
                        RecordKind::Incident,
                        RecordKind::Review,
                    ]),
                ));
            }
        }
        RecordBody::Review(r) => {
            list(&mut out, "evidence", &r.evidence, Expect::Evidence);
            let inputs = serde_json::to_value(&r.inputs).unwrap_or_default();
            for (key, input) in inputs.as_object().into_iter().flatten() {
                let reviewed: Vec<String> = input
                    .get("reviewed")
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
                    .unwrap_or_default();
                list(
                    &mut out,
                    &format!("inputs.{key}.reviewed"),
                    &reviewed,
                    Expect::Any,
                );
            }
        }
        RecordBody::Objective(o) => {
            list(&mut out, "controls", &o.controls, Expect::Control);
            list(&mut out, "systems", &o.systems, Expect::System);
            if let Some(policy) = &o.policy {
                out.push(("policy".into(), policy.clone(), Expect::Policy));
            }
            for (i, m) in o.measurements.iter().enumerate() {
                list(
                    &mut out,
                    &format!("measurements[{i}].evidence"),
                    &m.evidence,
                    Expect::Evidence,
                );
            }
        }
        RecordBody::Incident(i) => {
            list(&mut out, "risks", &i.risks, Expect::Risk);
            list(&mut out, "evidence", &i.evidence, Expect::Evidence);
            list(
                &mut out,
                "nonconformities",
                &i.nonconformities,
                Expect::Record(&[RecordKind::Nonconformity]),
            );
            if let Some(system) = &i.system {
                out.push(("system".into(), system.clone(), Expect::System));
            }
        }
    }
    out
}

/// The references record `record` writes, as (path in the record as written, id): a finding's
/// paths are its own (`control`, `evidence[0]`). Exports of the record as written check each
/// against what the audience may see.
pub fn references(portal: &Portal, record: usize) -> Vec<(String, String)> {
    match &portal.records[record].body {
        RecordBody::Finding { index, .. } => {
            let Some((_, finding)) = portal.finding(record) else {
                return Vec::new();
            };
            let prefix = format!("findings[{index}].");
            finding_refs(finding, *index)
                .into_iter()
                .map(|(path, id, _)| (path.trim_start_matches(&prefix).to_string(), id))
                .collect()
        }
        body => {
            let mut refs = written(body);
            // The audit as written holds its findings, and their references.
            if let RecordBody::Audit(a) = body {
                for (i, finding) in a.findings.iter().enumerate() {
                    refs.extend(finding_refs(finding, i));
                }
            }
            refs.into_iter().map(|(path, id, _)| (path, id)).collect()
        }
    }
}

/// The references of an audit's findings, as the audit's fields (`findings[0].control`).
fn finding_refs(finding: &Finding, index: usize) -> Vec<(String, String, Expect)> {
    let prefix = format!("findings[{index}]");
    let mut out = vec![(
        format!("{prefix}.control"),
        finding.control.clone(),
        Expect::Control,
    )];
    for (i, id) in finding.evidence.iter().enumerate() {
        out.push((
            format!("{prefix}.evidence[{i}]"),
            id.clone(),
            Expect::Evidence,
        ));
    }
    out
}

/// Warns (W330) about every record dated after `--today`, and marks it (a finding: with its
/// audit).
pub(super) fn judge_dates(portal: &mut Portal, diags: &mut Vec<Diagnostic>) {
    use crate::model::dated::Dated;
    for r in 0..portal.records.len() {
        let node = &portal.records[r];
        let dated: &dyn Dated = match &node.body {
            RecordBody::Programme(x) => x,
            RecordBody::Audit(x) => x,
            RecordBody::Finding { audit, .. } => {
                portal.records[r].after_today = portal.records[*audit].after_today;
                continue;
            }
            RecordBody::Nonconformity(x) => x,
            RecordBody::Review(x) => &**x,
            RecordBody::Objective(x) => x,
            RecordBody::Incident(x) => x,
        };
        let what = format!("{} `{}`", node.kind().noun(), node.id);
        let source = portal.record_source(r);
        let found = super::future::judge(dated, &what, source, portal.today, diags);
        portal.records[r].after_today = found;
    }
}

/// Resolves every record's references into its node's lists, reporting each that names
/// nothing, or the wrong kind of thing, at its value (E201, E202).
pub(super) fn resolve_references(portal: &mut Portal, diags: &mut Vec<Diagnostic>) {
    for r in 0..portal.records.len() {
        let (refs, at) = match &portal.records[r].body {
            RecordBody::Finding { audit, index } => {
                let Some((_, finding)) = portal.finding(r) else {
                    continue;
                };
                (finding_refs(finding, *index), *audit)
            }
            body => (written(body), r),
        };
        let source = portal.record_source(at).clone();
        let mut resolved = Vec::new();
        for (path, id, expect) in refs {
            match lookup(portal, &portal.index, &id, expect) {
                Ok(target) => resolved.push(target),
                Err(Some(diag)) => diags.push(source.locate(diag, &path)),
                Err(None) => {}
            }
        }
        let node = &mut portal.records[r];
        for target in resolved {
            match target {
                Target::Control(c) => node.controls.push(c),
                Target::Risk(i) => node.risks.push(i),
                Target::System(i) => node.systems.push(i),
                Target::Evidence(i) => node.evidence.push(i),
                Target::Policy(i) => node.policies.push(i),
                Target::Record(i) => node.records.push(i),
                Target::Page(_) => {}
            }
        }
        if let RecordBody::Finding { audit, .. } = node.body {
            node.records.push(audit);
        }
        for list in [
            &mut node.controls,
            &mut node.risks,
            &mut node.systems,
            &mut node.evidence,
            &mut node.policies,
            &mut node.records,
        ] {
            let v = std::mem::take(list);
            *list = super::ids::sorted_unique(v);
        }
    }
}

/// What `id` names, if it is what `expect` asks for; `Err(None)` when the id belongs to an
/// entry too broken to load (reported already).
fn lookup(
    portal: &Portal,
    index: &Index,
    id: &str,
    expect: Expect,
) -> Result<Target, Option<Diagnostic>> {
    if index.broken.contains(id.trim()) {
        return Err(None);
    }
    let pick = |kind: &'static str, f: fn(Target) -> Option<usize>, wrap: fn(usize) -> Target| {
        index.entity(id, kind, f).map(wrap).map_err(Some)
    };
    match expect {
        Expect::Control => index.control(id).map(Target::Control).map_err(Some),
        Expect::Risk => pick(
            "risk",
            |t| match t {
                Target::Risk(i) => Some(i),
                _ => None,
            },
            Target::Risk,
        ),
        Expect::System => pick(
            "system",
            |t| match t {
                Target::System(i) => Some(i),
                _ => None,
            },
            Target::System,
        ),
        Expect::Evidence => pick(
            "evidence",
            |t| match t {
                Target::Evidence(i) => Some(i),
                _ => None,
            },
            Target::Evidence,
        ),
        Expect::Policy => pick(
            "policy",
            |t| match t {
                Target::Policy(i) => Some(i),
                _ => None,
            },
            Target::Policy,
        ),
        Expect::Any => index.any(id).map_err(Some),
        Expect::Record(kinds) => {
            let noun = kinds
                .iter()
                .map(|k| k.noun())
                .collect::<Vec<_>>()
                .join(" or ");
            let record = index
                .entity(id, "record", |t| match t {
                    Target::Record(i) => Some(i),
                    _ => None,
                })
                .map_err(|d| Some(d.help(format!("`{id}` should name a {noun}"))))?;
            let kind = portal.records[record].kind();
            if kinds.contains(&kind) {
                Ok(Target::Record(record))
            } else {
                Err(Some(Diagnostic::error(
                    "E202",
                    format!("`{id}` is a {}, not a {noun}", kind.noun()),
                )))
            }
        }
    }
}
