//! The minimal assessment plan and the assessment results: one result for the `--today`
//! snapshot, an observation per evidence record and a finding per gap (missing or stale
//! evidence, overdue review, partial control, undecided or unassessed Statement of
//! Applicability entries). The plan of action and milestones repeats the same findings and
//! observations, under the same UUIDs.

use serde_json::{Value, json};

use super::{Ctx, prop, token};
use crate::model::ImplementationStatus;
use crate::plan::data::Json;
use crate::resolve::{Applicability, Target};

/// One gap as a finding: what it is about and which evidence bears on it.
pub struct Gap {
    /// Stable name of the gap, which its UUID is made from.
    key: String,
    /// The kind of gap (`missing-evidence`, `stale-evidence`, ...), as a prop.
    kind: &'static str,
    /// One line.
    pub title: String,
    /// What is wrong, as of `--today`.
    pub description: String,
    /// `statement-id` of a control, else `objective-id` naming the item.
    target: (&'static str, String),
    /// The OSCAL implementation state of a partial control.
    partial: bool,
    /// Evidence records whose observations bear on it (indexes into `Portal::evidence`).
    evidence: Vec<usize>,
}

/// The findings and observations of the `--today` snapshot, shared with the POA&M.
pub struct Assessed {
    /// Every gap, in the order of `check::Gaps`.
    pub gaps: Vec<Gap>,
}

impl Assessed {
    /// Finds the gaps the audience may see.
    pub fn new(ctx: &Ctx) -> Assessed {
        let mut gaps = Vec::new();
        control_gaps(ctx, &mut gaps);
        evidence_gaps(ctx, &mut gaps);
        review_gaps(ctx, &mut gaps);
        record_gaps(ctx, &mut gaps);
        Assessed { gaps }
    }

    /// The UUID of a gap's finding.
    pub fn finding_uuid(ctx: &Ctx, gap: &Gap) -> String {
        ctx.uuid(&format!("finding:{}", gap.key))
    }

    /// Every gap as an OSCAL finding, built as it is written.
    pub fn findings<'a>(&'a self, ctx: &'a Ctx) -> Json<'a> {
        Json::items(self.gaps.iter().map(move |gap| finding(ctx, gap)))
    }

    /// Every evidence record as an observation, built as it is written.
    pub fn observations<'a>(&self, ctx: &'a Ctx) -> Json<'a> {
        Json::items((0..ctx.portal.evidence.len()).map(move |e| observation(ctx, e)))
    }

    /// The observations the findings name, in the order of the evidence records: what the
    /// POA&M needs to resolve its findings' references, without every record of the register.
    pub fn observations_of_findings<'a>(&self, ctx: &'a Ctx) -> Json<'a> {
        let mut named = vec![false; ctx.portal.evidence.len()];
        for &e in self.gaps.iter().flat_map(|gap| &gap.evidence) {
            named[e] = true;
        }
        let named = (0..named.len()).filter(move |&e| named[e]);
        Json::items(named.map(move |e| observation(ctx, e)))
    }
}

/// Control gaps: no valid evidence, partial, no entry, not assessed, unjustified exclusion.
fn control_gaps(ctx: &Ctx, out: &mut Vec<Gap>) {
    let portal = ctx.portal;
    let g = ctx.gaps;
    let partial = ctx.exported_controls().filter(|&c| {
        let node = &portal.controls[c];
        node.applicability == Applicability::Applicable
            && node.implementation.as_ref().and_then(|i| i.status)
                == Some(ImplementationStatus::Partial)
    });
    let partial: Vec<usize> = partial.collect();
    let kinds: [(&'static str, &[usize], &str); 5] = [
        (
            "missing-evidence",
            &g.controls_without_evidence,
            "no fresh or expiring evidence supports it",
        ),
        (
            "missing-evidence",
            &g.requirements_without_evidence,
            "no fresh or expiring evidence supports this management-system requirement",
        ),
        (
            "partial-control",
            &partial,
            "the Statement of Applicability marks it partly implemented",
        ),
        (
            "missing-applicability",
            &g.missing_applicability,
            "it has no Statement of Applicability entry",
        ),
        (
            "not-assessed",
            &g.not_assessed,
            "its Statement of Applicability entry is marked `assessed: false`",
        ),
    ];
    let unjustified = (
        "exclusion-without-justification",
        g.excluded_without_justification.as_slice(),
        "it is excluded without a justification",
    );
    for (kind, controls, why) in kinds.into_iter().chain([unjustified]) {
        for &c in controls {
            let Some(statement) = ctx.statement(c) else {
                continue;
            };
            let node = &portal.controls[c];
            out.push(Gap {
                key: format!("{kind}:{}", node.key),
                kind,
                title: format!("{} {}: {}", node.framework_id, node.id, node.title),
                description: format!("As of {}, {why}.", portal.today),
                target: ("statement-id", statement),
                partial: kind == "partial-control",
                evidence: node.evidence.clone(),
            });
        }
    }
}

/// Evidence whose validity has ended: the finding targets the first control it supported.
fn evidence_gaps(ctx: &Ctx, out: &mut Vec<Gap>) {
    let portal = ctx.portal;
    for &e in &ctx.gaps.expired_evidence {
        let node = &portal.evidence[e];
        let id = &node.evidence.id;
        out.push(Gap {
            key: format!("stale-evidence:{id}"),
            kind: "stale-evidence",
            title: format!("Evidence {id} expired: {}", node.evidence.title),
            description: format!(
                "Evidence {id} stopped being valid on {}; as of {} it supports none of its controls ({}).",
                node.expires,
                portal.today,
                keys(ctx, &node.controls)
            ),
            target: target(ctx, &node.controls, "evidence", id),
            partial: false,
            evidence: vec![e],
        });
    }
}

/// Items whose review is overdue.
fn review_gaps(ctx: &Ctx, out: &mut Vec<Gap>) {
    let portal = ctx.portal;
    for &item in &ctx.gaps.overdue_reviews {
        let (id, title, controls, next) = match item {
            Target::Policy(p) => {
                let n = &portal.policies[p];
                (
                    n.doc.meta.id.clone(),
                    n.doc.meta.title.clone(),
                    n.controls.clone(),
                    n.review.next,
                )
            }
            Target::System(s) => {
                let n = &portal.systems[s];
                (
                    n.system.id.clone(),
                    n.system.name.clone(),
                    Vec::new(),
                    n.review.next,
                )
            }
            Target::Risk(r) => {
                let n = &portal.risks[r];
                (
                    n.risk.id.clone(),
                    n.risk.title.clone(),
                    n.controls.clone(),
                    n.review.next,
                )
            }
            Target::Record(r) => (
                portal.records[r].id.clone(),
                portal.record_title(r),
                portal.records[r].controls.clone(),
                None,
            ),
            _ => continue,
        };
        let due = next.map(|d| format!(" (due {d})")).unwrap_or_default();
        out.push(Gap {
            key: format!("overdue-review:{}:{id}", item.kind()),
            kind: "overdue-review",
            title: format!("Review of {} {id} overdue: {title}", item.kind()),
            description: format!(
                "As of {}, the review of {} {id} is overdue{due}.",
                portal.today,
                item.kind()
            ),
            target: target(ctx, &controls, item.kind(), &id),
            partial: false,
            evidence: Vec::new(),
        });
    }
}

/// What is wrong with the records (an overdue corrective action, a closure nobody verified, a
/// management review without a required input, a late notice, an objective off track), each
/// against the first control the record names.
fn record_gaps(ctx: &Ctx, out: &mut Vec<Gap>) {
    let portal = ctx.portal;
    for gap in &ctx.gaps.records {
        let node = &portal.records[gap.record];
        let (kind, heading, _) = gap.kind.section();
        let noun = node.kind().noun();
        out.push(Gap {
            key: format!("{kind}:{}", node.id),
            kind,
            title: format!("{heading}: {noun} {}", node.id),
            description: format!(
                "As of {}, {noun} {} ({}): {}.",
                portal.today,
                node.id,
                portal.record_title(gap.record),
                gap.detail
            ),
            target: target(ctx, &node.controls, "record", &node.id),
            partial: false,
            evidence: node.evidence.clone(),
        });
    }
}

/// The statement of the first exported control, else an objective named after the item.
fn target(ctx: &Ctx, controls: &[usize], kind: &str, id: &str) -> (&'static str, String) {
    match controls.iter().find_map(|&c| ctx.statement(c)) {
        Some(statement) => ("statement-id", statement),
        None => ("objective-id", token(kind, id)),
    }
}

/// Control keys, space-separated (or "none").
fn keys(ctx: &Ctx, controls: &[usize]) -> String {
    let keys: Vec<&str> = controls
        .iter()
        .map(|&c| ctx.portal.controls[c].key.as_str())
        .collect();
    if keys.is_empty() {
        "none".into()
    } else {
        keys.join(", ")
    }
}

/// The UUID of an evidence record's observation.
fn observation_uuid(ctx: &Ctx, e: usize) -> String {
    ctx.uuid(&format!(
        "observation:evidence:{}",
        ctx.portal.evidence[e].evidence.id
    ))
}

fn finding(ctx: &Ctx, gap: &Gap) -> Value {
    let (kind, id) = &gap.target;
    json!({
        "uuid": Assessed::finding_uuid(ctx, gap),
        "title": gap.title,
        "description": gap.description,
        "props": [prop("gap", gap.kind)],
        "target": {
            "type": kind,
            "target-id": id,
            "status": { "state": "not-satisfied" },
            "implementation-status": gap.partial.then(|| json!({ "state": "partial" })),
            "remarks": (*kind == "objective-id").then_some("The item is not a control of an exported catalog: the objective is named after it."),
        },
        "related-observations": gap.evidence.iter().map(|&e| json!({ "observation-uuid": observation_uuid(ctx, e) })).collect::<Vec<_>>(),
    })
}

/// An evidence record as an observation: how it was collected, when, and where it is.
fn observation(ctx: &Ctx, e: usize) -> Value {
    let node = &ctx.portal.evidence[e];
    let ev = &node.evidence;
    let method = match ev.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("examine") => "EXAMINE",
        Some("interview") => "INTERVIEW",
        Some("test") => "TEST",
        _ => "UNKNOWN",
    };
    let mut relevant = vec![json!({
        "href": ctx.href(&super::super::urls::evidence(&ev.id)),
        "description": format!("Evidence record {} in the portal.", ev.id),
    })];
    if let Some(artifact) = &ev.artifact {
        relevant.push(json!({
            "href": ctx.href(&artifact.output_path),
            "description": if ctx.audience == crate::model::Audience::Auditor {
                format!("The artifact, SHA-256 {}.", artifact.sha256)
            } else {
                format!("The artifact (published in the auditor package), SHA-256 {}.", artifact.sha256)
            },
        }));
    }
    json!({
        "uuid": observation_uuid(ctx, e),
        "title": format!("{} {}", ev.id, ev.title),
        "description": ev.description.clone().unwrap_or_else(|| format!("Evidence record {}: {}.", ev.id, ev.title)),
        "props": [prop("freshness", node.freshness.label()), prop("controls", &keys(ctx, &node.controls))],
        "methods": [method],
        "collected": ctx.at(ev.collected),
        "expires": ctx.at(node.expires),
        "relevant-evidence": relevant,
    })
}

/// `assessment-plan.json`: the minimum the results must import (every control of the SSP).
pub fn plan(ctx: &Ctx) -> Value {
    let mut metadata = ctx.metadata(
        &format!("{}: assessment plan", ctx.portal.config.title),
        &ctx.portal.today.to_string(),
        false,
    );
    metadata["remarks"] = Value::from(
        "Placeholder: the minimal plan the assessment results import. Tracemark reviews every \
         control of the system security plan against the portal's own records; it plans no \
         assessment activities.",
    );
    json!({ "assessment-plan": {
        "uuid": ctx.document_uuid("assessment-plan"),
        "metadata": metadata,
        "import-ssp": { "href": "ssp.json" },
        "reviewed-controls": { "control-selections": [{ "include-all": {} }] },
    }})
}

/// `assessment-results.json`: one result, the `--today` snapshot, its observations and
/// findings written as they are built.
pub fn results<'a>(ctx: &'a Ctx, assessed: &'a Assessed) -> Json<'a> {
    let today = ctx.portal.today;
    let mut metadata = ctx.metadata(
        &format!("{}: assessment results", ctx.portal.config.title),
        &today.to_string(),
        false,
    );
    metadata["remarks"] = Value::from(
        "Tracemark's own reading of the portal as of the snapshot date, not an auditor's \
         opinion: each finding is a gap the portal's checks found.",
    );
    // The one result is an object in a list: OSCAL's shape, spread over lines like the rest.
    let result = Json::Object(vec![
        ("uuid", Json::Value(ctx.uuid(&format!("result@{today}")).into())),
        ("title", Json::Value(format!("Snapshot of {today}").into())),
        ("description", Json::Value(format!("The portal's evidence and gaps as of {today}: an observation per evidence record, a finding per gap.").into())),
        ("start", Json::Value(ctx.stamp.clone().into())),
        ("end", Json::Value(ctx.stamp.clone().into())),
        ("reviewed-controls", Json::Value(json!({ "control-selections": [{ "include-all": {} }] }))),
        ("observations", assessed.observations(ctx)),
        ("findings", assessed.findings(ctx)),
    ]);
    Json::Object(vec![(
        "assessment-results",
        Json::Object(vec![
            (
                "uuid",
                Json::Value(ctx.document_uuid("assessment-results").into()),
            ),
            ("metadata", Json::Value(metadata)),
            (
                "import-ap",
                Json::Value(json!({ "href": "assessment-plan.json" })),
            ),
            ("results", Json::List(vec![result])),
        ]),
    )])
}
