//! The register exports: `exports/risk-register.csv`, `exports/soa-<fw>.csv` and `.json`,
//! `exports/evidence.csv`, `exports/traceability.json`, and the records' (from
//! [`super::records`]). Downloads, not pages: each is whole, however long the register.

use super::records::{records_json, records_register};
use serde_json::{Value, json};

use super::{
    CsvText, DataFile, Empty, GENERATOR, Json, JsonText, Table, csv_table, opt, serde_plain, table,
};
use crate::audience::RESTRICTED;
use crate::check::Gaps;
use crate::plan::urls;
use crate::plan::views::status_label;
use crate::resolve::{ControlNode, EvidenceNode, FrameworkNode, Portal, RiskNode, Scope, Score};

/// The keys of some controls, space-separated.
fn control_keys(portal: &Portal, controls: &[usize]) -> String {
    controls
        .iter()
        .map(|&c| portal.controls[c].key.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `exports/risk-register.csv`, `exports/soa-<fw>.csv` and `.json` per in-scope framework,
/// `exports/evidence.csv`, `exports/traceability.json`, `exports/records.csv` and
/// `exports/records.json`. Each JSON record carries its `restricted` tally, so an empty list
/// never reads as "none" when the audience may not see what is there.
pub fn exports(portal: &Portal, gaps: &Gaps, data: &mut crate::plan::DataFiles) {
    let mut add = |path: &str, file: DataFile| data.push((path.to_string(), file));
    add(
        "exports/records.csv",
        DataFile::Csv(records_register(portal, gaps)),
    );
    add(
        "exports/records.json",
        DataFile::Json(JsonText::write(records_json(portal, gaps), Empty::Keep)),
    );
    add(
        "exports/risk-register.csv",
        DataFile::Csv(risk_register(portal)),
    );
    for fw in portal
        .frameworks
        .iter()
        .filter(|f| f.scope == Scope::InScope)
    {
        let table = statement_of_applicability(portal, fw);
        let json = statement_of_applicability_json(portal, fw, &table);
        let stem = urls::file_name(&fw.id);
        add(
            &format!("exports/soa-{stem}.csv"),
            DataFile::Csv(CsvText::of(&table)),
        );
        add(
            &format!("exports/soa-{stem}.json"),
            DataFile::Json(JsonText::write(Json::Value(json), Empty::Keep)),
        );
    }
    add(
        "exports/evidence.csv",
        DataFile::Csv(evidence_register(portal)),
    );
    add(
        "exports/traceability.json",
        DataFile::Json(JsonText::write(traceability(portal), Empty::Keep)),
    );
}

/// The risk register: each risk with its inherent and residual rating and review.
fn risk_register(portal: &Portal) -> CsvText {
    let residual = |n: &RiskNode, part: fn(&Score) -> String| opt(&n.residual.as_ref().map(part));
    csv_table::<&RiskNode>(
        &[
            ("id", &|n| n.risk.id.clone()),
            ("title", &|n| n.risk.title.clone()),
            ("system", &|n| match n.system {
                Some(sys) => portal.systems[sys].system.id.clone(),
                None if n.restricted.systems > 0 => RESTRICTED.to_string(),
                None => String::new(),
            }),
            ("category", &|n| opt(&n.risk.category)),
            ("owner", &|n| n.risk.owner.clone()),
            ("likelihood", &|n| n.inherent.likelihood.to_string()),
            ("impact", &|n| n.inherent.impact.to_string()),
            ("inherent_score", &|n| n.inherent.score.to_string()),
            ("inherent_level", &|n| n.inherent.level.clone()),
            ("treatment", &|n| serde_plain(&n.risk.treatment)),
            ("strategy", &|n| opt(&n.risk.strategy)),
            ("controls", &|n| control_keys(portal, &n.controls)),
            ("residual_likelihood", &|n| {
                residual(n, |s| s.likelihood.to_string())
            }),
            ("residual_impact", &|n| {
                residual(n, |s| s.impact.to_string())
            }),
            ("residual_score", &|n| residual(n, |s| s.score.to_string())),
            ("residual_level", &|n| residual(n, |s| s.level.clone())),
            ("above_appetite", &|n| n.above_appetite.to_string()),
            ("status", &|n| serde_plain(&n.risk.status)),
            ("last_review", &|n| opt(&n.review.last)),
            ("next_review", &|n| opt(&n.review.next)),
            ("review_status", &|n| n.review.status.label().to_string()),
        ],
        &portal.risks,
    )
}

/// A framework's statement of applicability (for SOC 2, its scope): every control not simply
/// required, with why it applies or not, what implements it, and any CUEC. The columns keep
/// their names for every framework; in a scope, `applicable` means in scope and `excluded`
/// not relevant.
fn statement_of_applicability(portal: &Portal, fw: &FrameworkNode) -> Table {
    fn entry(c: &ControlNode) -> Option<&crate::model::ControlImplementation> {
        c.implementation.as_ref()
    }
    let controls = fw
        .groups
        .iter()
        .flat_map(|g| &g.controls)
        .map(|&c| &portal.controls[c])
        // The rows the SoA page shows, by the same rule: an entry this edition may not see
        // is left out, never a `restricted` cell.
        .filter(|c| crate::plan::soa::is_row(c.applicability));
    table::<&ControlNode>(
        &[
            ("control", &|c| c.id.clone()),
            ("title", &|c| c.title.clone()),
            ("group", &|c| c.group.1.clone()),
            ("applicability", &|c| serde_plain(&c.applicability)),
            ("reasons", &|c| {
                entry(c)
                    .map(|e| {
                        e.reasons
                            .iter()
                            .map(serde_plain)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default()
            }),
            ("justification", &|c| {
                entry(c)
                    .map(|e| e.justification.clone())
                    .unwrap_or_default()
            }),
            ("status", &|c| {
                status_label(entry(c).and_then(|e| e.status)).to_string()
            }),
            ("owner", &|c| {
                entry(c).and_then(|e| e.owner.clone()).unwrap_or_default()
            }),
            ("policies", &|c| {
                c.policies
                    .iter()
                    // What the audience may not see is left out: no placeholder in a cell.
                    .map(|&p| portal.policies[p].doc.meta.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            ("evidence", &|c| {
                c.evidence
                    .iter()
                    .map(|&e| portal.evidence[e].evidence.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            // Last, so that readers of the earlier columns by position are not disturbed.
            ("cuec", &|c| {
                entry(c).and_then(|e| e.cuec.clone()).unwrap_or_default()
            }),
        ],
        controls,
    )
}

/// The same rows as JSON, under the document control the CSV cannot carry.
fn statement_of_applicability_json(portal: &Portal, fw: &FrameworkNode, table: &Table) -> Value {
    let controls: Vec<Value> = table
        .rows
        .iter()
        .map(|row| {
            let fields = table.headers.iter().zip(row);
            Value::Object(
                fields
                    .map(|(h, v)| (h.to_string(), Value::from(v.as_str())))
                    .collect(),
            )
        })
        .collect();
    // What the document is: a Statement of Applicability, or (SOC 2) a scope.
    let short = crate::plan::views::framework_short(&fw.id, &fw.name);
    json!({
        "framework": fw.id, "name": fw.name, "version": fw.version,
        "title": fw.applicability.title(&fw.name, short),
        "kind": fw.applicability,
        "document": portal.config.soa.get(&fw.id), "controls": controls,
    })
}

/// The evidence register: each item with its freshness, artifact and what it supports.
fn evidence_register(portal: &Portal) -> CsvText {
    fn artifact(n: &EvidenceNode) -> Option<&crate::model::Artifact> {
        n.evidence.artifact.as_ref()
    }
    csv_table::<&EvidenceNode>(
        &[
            ("id", &|n| n.evidence.id.clone()),
            ("title", &|n| n.evidence.title.clone()),
            ("kind", &|n| opt(&n.evidence.kind)),
            ("method", &|n| opt(&n.evidence.method)),
            ("owner", &|n| opt(&n.evidence.owner)),
            ("collected", &|n| n.evidence.collected.to_string()),
            ("expires", &|n| n.expires.to_string()),
            ("freshness", &|n| n.freshness.label().to_string()),
            ("file", &|n| opt(&n.evidence.file)),
            ("sha256", &|n| {
                artifact(n).map(|a| a.sha256.clone()).unwrap_or_default()
            }),
            ("size", &|n| opt(&artifact(n).map(|a| a.size))),
            ("url", &|n| opt(&n.evidence.url)),
            ("controls", &|n| control_keys(portal, &n.controls)),
            ("risks", &|n| {
                n.risks
                    .iter()
                    .map(|&r| portal.risks[r].risk.id.as_str())
                    .chain((n.restricted.risks > 0).then_some(RESTRICTED))
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        ],
        &portal.evidence,
    )
}

/// Every link between risks, in-scope controls, evidence and policies, with what is
/// restricted.
fn traceability(portal: &Portal) -> Json<'_> {
    let keys = move |controls: &[usize]| -> Vec<&str> {
        controls
            .iter()
            .map(|&c| portal.controls[c].key.as_str())
            .collect()
    };
    let risk_ids = move |risks: &[usize]| -> Vec<&str> {
        risks
            .iter()
            .map(|&r| portal.risks[r].risk.id.as_str())
            .collect()
    };
    let evidence_ids = move |evidence: &[usize]| -> Vec<&str> {
        evidence
            .iter()
            .map(|&e| portal.evidence[e].evidence.id.as_str())
            .collect()
    };
    let policy_ids = move |policies: &[usize]| -> Vec<&str> {
        policies
            .iter()
            .map(|&p| portal.policies[p].doc.meta.id.as_str())
            .collect()
    };
    let in_scope = |c: &&ControlNode| portal.frameworks[c.framework].scope == Scope::InScope;
    Json::Object(vec![
        ("generator", Json::Value(GENERATOR.into())),
        ("today", Json::Value(portal.today.to_string().into())),
        ("risks", Json::items(portal.risks.iter().map(move |n| json!({
            "id": n.risk.id, "controls": keys(&n.controls), "evidence": evidence_ids(&n.evidence),
            "inherent": n.inherent, "residual": n.residual, "restricted": n.restricted,
        })))),
        ("controls", Json::items(portal.controls.iter().filter(in_scope).map(move |c| json!({
            "ref": c.key, "applicability": c.applicability, "status": status_label(c.implementation.as_ref().and_then(|i| i.status)),
            "risks": risk_ids(&c.risks), "policies": policy_ids(&c.policies), "evidence": evidence_ids(&c.evidence),
            "restricted": c.restricted,
        })))),
        ("evidence", Json::items(portal.evidence.iter().map(move |n| json!({
            "id": n.evidence.id, "freshness": n.freshness, "expires": n.expires,
            "controls": keys(&n.controls), "risks": risk_ids(&n.risks),
            "restricted": n.restricted,
        })))),
        ("policies", Json::items(portal.policies.iter().map(move |n| json!({
            "id": n.doc.meta.id, "controls": keys(&n.controls), "restricted": n.restricted,
        })))),
    ])
}
