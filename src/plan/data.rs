//! Data files: CSV and JSON exports, the review calendar, the sitemap and the search index.

use serde::Serialize;

use super::urls;
use super::views::status_label;
use crate::audience::RESTRICTED;
use crate::check::Gaps;
use crate::resolve::records::{RecordBody, RecordNode};
use crate::resolve::{ControlNode, EvidenceNode, FrameworkNode, Portal, RiskNode, Scope, Score};

/// A CSV export: headers and rows of text.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column headers.
    pub headers: Vec<&'static str>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// A dated event for `reviews.ics`.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarEvent {
    /// Stable unique id.
    pub uid: String,
    /// The day.
    pub date: String,
    /// Summary line.
    pub summary: String,
    /// Root-relative URL of the item.
    pub url: String,
}

/// One document of the offline full-text search index.
#[derive(Debug, Clone, Serialize)]
pub struct SearchEntry {
    /// The page's title, shown as the result's heading .
    #[serde(rename = "t")]
    pub title: String,
    /// The page's root-relative URL, where the result links (key `u`).
    #[serde(rename = "u")]
    pub url: String,
    /// What the page is, for display: policy, risk, evidence... (a control's names its
    /// framework) (key `k`).
    #[serde(rename = "k")]
    pub kind: String,
    /// The ids that identify the page, matched exactly first (key `i`).
    #[serde(rename = "i")]
    pub ids: String,
    /// The searched text: summary, then the plain text of the page's other fields and
    /// Markdown (key `b`).
    #[serde(rename = "b")]
    pub body: String,
    /// Where the result ranks among those that match as well (key `r`): search.js orders by
    /// an exact id or title first, then by this, then by relevance.
    #[serde(rename = "r")]
    pub rank: SearchRank,
}

/// What a search result is to its reader, from what they came for to reference: search.js
/// lists results by exact id or title match first, then by this rank (highest first), then by
/// relevance, so that a customer's "encryption" finds our answer before a criterion's text.
/// Written into the search index's manifest as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub enum SearchRank {
    /// Framework and catalog reference pages, and everything in the internal and auditor
    /// builds (whose ranking is by relevance alone).
    Reference = 0,
    /// Our own registers a public build shows: risks, evidence, records.
    Register = 1,
    /// What the trust center publishes for customers: control statements, subprocessors,
    /// documents (policies and pages included), AI system cards.
    TrustCenter = 2,
    /// A questionnaire answer on the FAQ: the direct answer to a customer's question.
    Answer = 3,
}

impl From<SearchRank> for u8 {
    fn from(rank: SearchRank) -> u8 {
        rank as u8
    }
}

/// A data file's content, serialised by `render`.
#[derive(Debug, Clone)]
pub enum DataFile {
    /// A CSV export, such as a register or the Statement of Applicability.
    Csv(Table),
    /// JSON, pretty-printed.
    Json(serde_json::Value),
    /// iCalendar with all-day events.
    Calendar(Vec<CalendarEvent>),
    /// `sitemap.xml` from a base URL and root-relative paths.
    Sitemap(String, Vec<String>),
    /// One file of the sharded search index under `search/`; every file of a build shares one
    /// [`super::SearchIndex`].
    SearchPart(std::sync::Arc<super::SearchIndex>, super::SearchPart),
    /// An Atom feed (`updates.xml`).
    Atom(Feed),
    /// `assets/print.css`: one running header per policy (id, title, version).
    PrintHeaders(Vec<PrintHeader>),
    /// A generated script, written as it is (`assets/nav.js`, the page tree).
    Script(String),
}

/// An Atom feed (RFC 4287). Ids are `urn:uuid:` names derived from the organisation and each
/// entry's date and title, so they stay the same wherever the portal is hosted; links are
/// absolute under `base_url` when it is set, else relative to the feed's own address.
#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    /// `urn:uuid:...`.
    pub id: String,
    /// The feed's title: `<organisation> Trust Center updates`.
    pub title: String,
    /// Newest entry's day (or today without entries), `YYYY-MM-DD`.
    pub updated: String,
    /// The organisation.
    pub author: String,
    /// The page the entries appear on.
    pub alternate: String,
    /// The feed's own absolute address, when `base_url` is set.
    pub self_url: Option<String>,
    /// Newest first.
    pub entries: Vec<FeedEntry>,
}

/// One announcement of a [`Feed`].
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// `urn:uuid:...`.
    pub id: String,
    /// The update's headline.
    pub title: String,
    /// Day, `YYYY-MM-DD`.
    pub updated: String,
    /// Plain-text summary.
    pub summary: Option<String>,
    /// Where it is shown.
    pub link: String,
}

/// The running header of one policy when printed: its key (lower-case id) and the text.
#[derive(Debug, Clone)]
pub struct PrintHeader {
    /// Lower-case id, as in `data-print-doc` and `data-policy-page`.
    pub key: String,
    /// `POL-1 · Title · version 1.2`.
    pub text: String,
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// A CSV column: its header and how one row's item fills its cell.
type Column<'a, T> = (&'static str, &'a dyn Fn(T) -> String);

/// A table with one row per item, each column defined once as its header and its cell.
fn table<T: Copy>(columns: &[Column<'_, T>], items: impl IntoIterator<Item = T>) -> Table {
    Table {
        headers: columns.iter().map(|&(header, _)| header).collect(),
        rows: items
            .into_iter()
            .map(|item| columns.iter().map(|(_, cell)| cell(item)).collect())
            .collect(),
    }
}

/// The keys of some controls, space-separated.
fn control_keys(portal: &Portal, controls: &[usize]) -> String {
    controls
        .iter()
        .map(|&c| portal.controls[c].key.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `exports/risk-register.csv`, `exports/soa-<fw>.csv`, `exports/evidence.csv`,
/// `exports/traceability.json`, `exports/records.csv` and `exports/records.json`. Each JSON
/// record carries its `restricted` tally, so an empty list never reads as "none" when the
/// audience may not see what is there.
pub fn exports(portal: &Portal, gaps: &Gaps, data: &mut Vec<(String, DataFile)>) {
    data.push((
        "exports/records.csv".into(),
        DataFile::Csv(records_register(portal, gaps)),
    ));
    data.push((
        "exports/records.json".into(),
        DataFile::Json(records_json(portal, gaps)),
    ));
    data.push((
        "exports/risk-register.csv".into(),
        DataFile::Csv(risk_register(portal)),
    ));
    for fw in portal
        .frameworks
        .iter()
        .filter(|f| f.scope == Scope::InScope)
    {
        let table = statement_of_applicability(portal, fw);
        let json = statement_of_applicability_json(portal, fw, &table);
        let stem = urls::file_name(&fw.id);
        data.push((format!("exports/soa-{stem}.csv"), DataFile::Csv(table)));
        data.push((format!("exports/soa-{stem}.json"), DataFile::Json(json)));
    }
    data.push((
        "exports/evidence.csv".into(),
        DataFile::Csv(evidence_register(portal)),
    ));
    data.push((
        "exports/traceability.json".into(),
        DataFile::Json(traceability(portal)),
    ));
}

/// The risk register: each risk with its inherent and residual rating and review.
fn risk_register(portal: &Portal) -> Table {
    let residual = |n: &RiskNode, part: fn(&Score) -> String| opt(&n.residual.as_ref().map(part));
    table::<&RiskNode>(
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
        .filter(|c| super::soa::is_row(c.applicability));
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
fn statement_of_applicability_json(
    portal: &Portal,
    fw: &FrameworkNode,
    table: &Table,
) -> serde_json::Value {
    let controls: Vec<serde_json::Value> = table
        .rows
        .iter()
        .map(|row| {
            let fields = table.headers.iter().zip(row);
            serde_json::Value::Object(
                fields
                    .map(|(h, v)| (h.to_string(), serde_json::Value::from(v.as_str())))
                    .collect(),
            )
        })
        .collect();
    // What the document is: a Statement of Applicability, or (SOC 2) a scope.
    let short = super::views::framework_short(&fw.id, &fw.name);
    serde_json::json!({
        "framework": fw.id, "name": fw.name, "version": fw.version,
        "title": fw.applicability.title(&fw.name, short),
        "kind": fw.applicability,
        "document": portal.config.soa.get(&fw.id), "controls": controls,
    })
}

/// The evidence register: each item with its freshness, artifact and what it supports.
fn evidence_register(portal: &Portal) -> Table {
    fn artifact(n: &EvidenceNode) -> Option<&crate::model::Artifact> {
        n.evidence.artifact.as_ref()
    }
    table::<&EvidenceNode>(
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
fn traceability(portal: &Portal) -> serde_json::Value {
    let ids = |kind: &[usize], f: &dyn Fn(usize) -> String| {
        kind.iter().map(|&i| f(i)).collect::<Vec<_>>()
    };
    let key = |c: usize| portal.controls[c].key.clone();
    let risk_id = |r: usize| portal.risks[r].risk.id.clone();
    let evidence_id = |e: usize| portal.evidence[e].evidence.id.clone();
    let policy_id = |p: usize| portal.policies[p].doc.meta.id.clone();
    serde_json::json!({
        "generator": concat!("Tracemark ", env!("CARGO_PKG_VERSION")),
        "today": portal.today.to_string(),
        "risks": portal.risks.iter().map(|n| serde_json::json!({
            "id": n.risk.id, "controls": ids(&n.controls, &key), "evidence": ids(&n.evidence, &evidence_id),
            "inherent": n.inherent, "residual": n.residual, "restricted": n.restricted,
        })).collect::<Vec<_>>(),
        "controls": portal.controls.iter().filter(|c| portal.frameworks[c.framework].scope == Scope::InScope).map(|c| serde_json::json!({
            "ref": c.key, "applicability": c.applicability, "status": status_label(c.implementation.as_ref().and_then(|i| i.status)),
            "risks": ids(&c.risks, &risk_id), "policies": ids(&c.policies, &policy_id), "evidence": ids(&c.evidence, &evidence_id),
            "restricted": c.restricted,
        })).collect::<Vec<_>>(),
        "evidence": portal.evidence.iter().map(|n| serde_json::json!({
            "id": n.evidence.id, "freshness": n.freshness, "expires": n.expires,
            "controls": ids(&n.controls, &key), "risks": ids(&n.risks, &risk_id),
            "restricted": n.restricted,
        })).collect::<Vec<_>>(),
        "policies": portal.policies.iter().map(|n| serde_json::json!({
            "id": n.doc.meta.id, "controls": ids(&n.controls, &key), "restricted": n.restricted,
        })).collect::<Vec<_>>(),
    })
}

/// The ids of what a record names, by list, with `restricted` for each list's hidden items
/// (for the CSV: one cell per list).
fn record_links(portal: &Portal, node: &RecordNode) -> [(&'static str, Vec<String>); 6] {
    let ids = |idx: &[usize], f: &dyn Fn(usize) -> String, hidden: usize| {
        idx.iter()
            .map(|&i| f(i))
            .chain((hidden > 0).then(|| RESTRICTED.to_string()))
            .collect::<Vec<_>>()
    };
    let r = &node.restricted;
    [
        (
            "controls",
            ids(&node.controls, &|c| portal.controls[c].key.clone(), 0),
        ),
        (
            "risks",
            ids(&node.risks, &|i| portal.risks[i].risk.id.clone(), r.risks),
        ),
        (
            "systems",
            ids(
                &node.systems,
                &|i| portal.systems[i].system.id.clone(),
                r.systems,
            ),
        ),
        (
            "evidence",
            ids(
                &node.evidence,
                &|i| portal.evidence[i].evidence.id.clone(),
                r.evidence,
            ),
        ),
        (
            "policies",
            ids(
                &node.policies,
                &|i| portal.policies[i].doc.meta.id.clone(),
                r.policies,
            ),
        ),
        (
            "records",
            ids(&node.records, &|i| portal.records[i].id.clone(), 0),
        ),
    ]
}

/// What is wrong with record `i`, as the gaps page says it: `late: GDPR breach notice ...`.
fn record_gaps(gaps: &Gaps, i: usize) -> Vec<String> {
    gaps.records
        .iter()
        .filter(|g| g.record == i)
        .map(|g| format!("{}: {}", g.kind.section().2, g.detail))
        .collect()
}

/// The register of records an auditor samples from: one row per record of every kind
/// (findings included), with what it names and its gaps.
fn records_register(portal: &Portal, gaps: &Gaps) -> Table {
    use super::records as view;
    let node = |i: usize| &portal.records[i];
    let link = |i: usize, n: usize| record_links(portal, node(i))[n].1.join(" ");
    table::<usize>(
        &[
            ("id", &|i| node(i).id.clone()),
            ("kind", &|i| node(i).kind().noun().to_string()),
            ("title", &|i| portal.record_title(i)),
            ("status", &|i| opt(&view::status(portal, i))),
            ("date", &|i| opt(&view::date(portal, i))),
            ("owner", &|i| opt(&view::owner(portal, i))),
            ("controls", &|i| link(i, 0)),
            ("risks", &|i| link(i, 1)),
            ("systems", &|i| link(i, 2)),
            ("evidence", &|i| link(i, 3)),
            ("policies", &|i| link(i, 4)),
            ("records", &|i| link(i, 5)),
            ("gaps", &|i| record_gaps(gaps, i).join("; ")),
            ("page", &|i| portal.record_url(i)),
            ("source", &|i| portal.record_source(i).file.clone()),
        ],
        0..portal.records.len(),
    )
}

/// Every record as written (a finding: with its audit's id), with its view, what it names
/// and its gaps.
fn records_json(portal: &Portal, gaps: &Gaps) -> serde_json::Value {
    use super::records as view;
    let records: Vec<serde_json::Value> = (0..portal.records.len())
        .map(|i| {
            let node = &portal.records[i];
            let record = record_as_written(portal, i);
            let links: serde_json::Map<String, serde_json::Value> = record_links(portal, node)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect();
            serde_json::json!({
                "id": node.id, "kind": node.kind().noun(), "title": portal.record_title(i),
                "status": view::status(portal, i), "date": view::date(portal, i),
                "owner": view::owner(portal, i), "page": portal.record_url(i),
                "source": portal.record_source(i).file, "links": links,
                "restricted": node.restricted, "gaps": record_gaps(gaps, i), "record": record,
            })
        })
        .collect();
    serde_json::json!({
        "generator": concat!("Tracemark ", env!("CARGO_PKG_VERSION")),
        "today": portal.today.to_string(),
        "records": records,
    })
}

/// Record `i` as written (a finding: with its audit's id), each reference to what the
/// audience may not see replaced with `restricted`.
pub(super) fn record_as_written(portal: &Portal, i: usize) -> serde_json::Value {
    let mut record = match &portal.records[i].body {
        RecordBody::Programme(r) => serde_json::json!(r),
        RecordBody::Audit(r) => serde_json::json!(r),
        RecordBody::Finding { audit, .. } => match portal.finding(i) {
            Some((_, f)) => {
                let mut v = serde_json::json!(f);
                v["audit"] = portal.records[*audit].id.clone().into();
                v
            }
            None => serde_json::Value::Null,
        },
        RecordBody::Nonconformity(r) => serde_json::json!(r),
        RecordBody::Review(r) => serde_json::json!(r),
        RecordBody::Objective(r) => serde_json::json!(r),
        RecordBody::Incident(r) => serde_json::json!(r),
    };
    for (path, id) in crate::resolve::records::references(portal, i) {
        if portal.index.find(&id).is_none() {
            restrict(&mut record, &path);
        }
    }
    record
}

/// Replaces the value at `path` (`risks[1]`, `inputs.audit_results.reviewed[0]`) with
/// `restricted`: a reference, as written, to what the audience may not see.
fn restrict(value: &mut serde_json::Value, path: &str) {
    let mut at = value;
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some(next) = at.get_mut(name) else {
            return;
        };
        at = match index {
            Some(i) => match next.get_mut(i) {
                Some(v) => v,
                None => return,
            },
            None => next,
        };
    }
    *at = RESTRICTED.into();
}

/// A unit enum variant as its serde name (`mitigate`, `not-required`).
fn serde_plain<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// `reviews.ics` (when the build has reviews) and, with a base URL, `sitemap.xml` (the
/// search index is `plan::search`'s, which needs the audience).
pub fn feeds(
    portal: &Portal,
    calendar: bool,
    pages: &[String],
    data: &mut Vec<(String, DataFile)>,
) {
    let mut events = Vec::new();
    let mut event =
        |kind: &str, id: &str, title: &str, next: Option<crate::model::Date>, url: String| {
            if let Some(next) = next {
                events.push(CalendarEvent {
                    uid: format!("{kind}-{id}@tracemark"),
                    date: next.0.format("%Y%m%d").to_string(),
                    summary: format!("Review {kind} {id}: {title}"),
                    url,
                });
            }
        };
    for p in &portal.policies {
        event(
            "policy",
            &p.doc.meta.id,
            &p.doc.meta.title,
            p.review.next,
            urls::policy(&p.doc.meta.id),
        );
    }
    for s in &portal.systems {
        event(
            "system",
            &s.system.id,
            &s.system.name,
            s.review.next,
            urls::system(&s.system.id),
        );
    }
    for r in &portal.risks {
        event(
            "risk",
            &r.risk.id,
            &r.risk.title,
            r.review.next,
            urls::risk(&r.risk.id),
        );
    }
    if calendar {
        data.push(("reviews.ics".into(), DataFile::Calendar(events)));
    }

    if let Some(base) = &portal.config.base_url {
        let mut paths: Vec<String> = pages.to_vec();
        paths.sort();
        data.push(("sitemap.xml".into(), DataFile::Sitemap(base.clone(), paths)));
    }
}

#[cfg(test)]
mod tests {
    use super::restrict;

    #[test]
    fn a_reference_as_written_is_restricted_at_its_path_and_nothing_else() {
        let mut record = serde_json::json!({
            "system": "SYS-1",
            "risks": ["RSK-1", "RSK-2"],
            "inputs": { "audit_results": { "reviewed": ["IA-1"] } },
        });
        restrict(&mut record, "risks[1]");
        restrict(&mut record, "system");
        restrict(&mut record, "inputs.audit_results.reviewed[0]");
        // A path the record does not have changes nothing.
        restrict(&mut record, "evidence[3]");
        restrict(&mut record, "risks[9]");
        assert_eq!(
            record,
            serde_json::json!({
                "system": "restricted",
                "risks": ["RSK-1", "restricted"],
                "inputs": { "audit_results": { "reviewed": ["restricted"] } },
            })
        );
    }
}
