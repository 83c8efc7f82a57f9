//! Reports across the graph: traceability, gaps and reviews.

use serde_json::json;
use tera::Value;

use super::figures::{FigureScope, Tally, evidence_due, reviewed};
use super::{Pages, Shared, Views, list, record};
use crate::check::Gaps;
use crate::resolve::{Portal, ReviewStatus, Scope, Target};

/// `traceability.html`: risk -> control -> evidence, and control -> risks, policies, evidence.
pub fn traceability(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Pages) {
    let by_risk: Vec<Value> = portal
        .risks
        .iter()
        .enumerate()
        .map(|(r, node)| {
            let controls: Vec<Value> = node
                .controls
                .iter()
                .map(|&c| risk_treatment(portal, views, r, c))
                .collect();
            record(vec![
                ("risk", views.risks[r].clone()),
                ("controls", list(controls)),
            ])
        })
        .collect();
    // Per control, the first links of each kind; the control's own page has them all.
    let capped = |all: &[Value], indexes: &[usize]| -> (Value, usize) {
        let shown: Vec<Value> = indexes
            .iter()
            .take(LINKS_PER_CELL)
            .map(|&i| all[i].clone())
            .collect();
        (list(shown), indexes.len().saturating_sub(LINKS_PER_CELL))
    };
    let by_control: Vec<Value> = portal
        .controls
        .iter()
        .enumerate()
        .filter(|(_, c)| portal.frameworks[c.framework].scope == Scope::InScope)
        .map(|(c, node)| {
            let (risks, risks_more) = capped(&views.risks, &node.risks);
            let (policies, policies_more) = capped(&views.policies, &node.policies);
            let (evidence, evidence_more) = capped(&views.evidence, &node.evidence);
            record(vec![
                ("control", views.controls[c].clone()),
                ("risks", risks),
                ("risks_more", risks_more.into()),
                ("policies", policies),
                ("policies_more", policies_more.into()),
                ("evidence", evidence),
                ("evidence_more", evidence_more.into()),
                ("restricted", Value::from_serializable(&node.restricted)),
            ])
        })
        .collect();
    // The risk matrix paginates like a section index; page 1 is `traceability.html` itself.
    let path = |n: usize| {
        if n == 1 {
            "traceability.html".to_string()
        } else {
            format!("traceability/page-{n}.html")
        }
    };
    let by_control = list(by_control);
    for (url, rows, pager) in super::paginate_at(by_risk, path) {
        let first = pager["current"] == 1;
        let crumbs: &[(&str, &str)] = if first {
            &[]
        } else {
            &[("Traceability", "traceability.html")]
        };
        let mut job = shared.page(
            url,
            "traceability.html",
            "Traceability",
            "traceability",
            crumbs,
        );
        job.set_value("by_risk", rows).set("pager", &pager);
        if first {
            job.set_value("by_control", by_control.clone());
        }
        pages.push(job);
    }
}

/// Whether evidence `e` bears on risk `r`: it names the risk, or a risk of the same AI
/// system, or no risk at all (it is about the control wherever it applies). Evidence that
/// names only risks of other systems supports the control, but not for this risk.
pub fn evidence_bears_on(portal: &Portal, e: usize, r: usize) -> bool {
    let named = &portal.evidence[e].risks;
    let system = portal.risks[r].system;
    named.is_empty()
        || named.contains(&r)
        || (system.is_some() && named.iter().any(|&o| portal.risks[o].system == system))
}

/// A control under risk `r` in the traceability matrix: its evidence that bears on the risk
/// (the latest-expiring first, at most [`super::views::EVIDENCE_PER_ROW`]), how many more
/// there are, and how many records support the control only for other systems' risks.
fn risk_treatment(portal: &Portal, views: &Views, r: usize, c: usize) -> Value {
    let node = &portal.controls[c];
    let (mut own, other): (Vec<usize>, Vec<usize>) = node
        .evidence
        .iter()
        .partition(|&&e| evidence_bears_on(portal, e, r));
    own.sort_by_key(|&e| (std::cmp::Reverse(portal.evidence[e].expires), e));
    let more = own.len().saturating_sub(super::views::EVIDENCE_PER_ROW);
    own.truncate(super::views::EVIDENCE_PER_ROW);
    record(vec![
        ("control", views.controls[c].clone()),
        ("evidence", list(Views::list(&views.evidence, &own))),
        ("evidence_more", more.into()),
        ("other_system", other.len().into()),
        ("evidence_restricted", node.restricted.evidence.into()),
    ])
}

/// How many links of one kind a traceability cell shows before pointing to the control page.
const LINKS_PER_CELL: usize = 20;

/// One section of the gaps report: anchor key, heading, urgency, what its date means, items.
type GapSection = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Vec<Target>,
);

/// The sections of the gaps report, most urgent first: risks above appetite, expired
/// acceptances and evidence, overdue reviews, then what is missing.
fn sections(gaps: &Gaps) -> Vec<GapSection> {
    let of = |list: &[usize], kind: fn(usize) -> Target| list.iter().map(|&i| kind(i)).collect();
    vec![
        (
            "risks-above-appetite",
            "Residual risk above appetite, not formally accepted",
            "above appetite",
            "next review",
            of(&gaps.risks_above_appetite, Target::Risk),
        ),
        (
            "expired-acceptances",
            "Risk acceptances that have expired",
            "expired",
            "acceptance expired",
            of(&gaps.expired_acceptances, Target::Risk),
        ),
        (
            "expired-evidence",
            "Expired evidence",
            "expired",
            "expired on",
            of(&gaps.expired_evidence, Target::Evidence),
        ),
        (
            "overdue-reviews",
            "Overdue reviews",
            "overdue",
            "review was due",
            gaps.overdue_reviews.clone(),
        ),
        (
            "controls-without-evidence",
            "Applicable controls without valid evidence",
            "missing evidence",
            "",
            of(&gaps.controls_without_evidence, Target::Control),
        ),
        (
            "requirements-without-evidence",
            "Management-system requirements without evidence",
            "missing evidence",
            "",
            of(&gaps.requirements_without_evidence, Target::Control),
        ),
        (
            "missing-applicability",
            "In-scope controls without an applicability entry (Statement of Applicability or scope)",
            "missing decision",
            "",
            of(&gaps.missing_applicability, Target::Control),
        ),
        (
            "not-assessed",
            "Applicability entries not assessed yet",
            "not assessed",
            "",
            of(&gaps.not_assessed, Target::Control),
        ),
        (
            "excluded-without-justification",
            "Excluded controls without a justification",
            "missing justification",
            "",
            of(&gaps.excluded_without_justification, Target::Control),
        ),
        (
            "risks-without-controls",
            "Risks not treated by any control",
            "untreated",
            "next review",
            of(&gaps.risks_without_controls, Target::Risk),
        ),
        (
            "policies-not-approved",
            "Policies not approved",
            "not approved",
            "next review",
            of(&gaps.policies_not_approved, Target::Policy),
        ),
        // Records: the kinds of `check::records`, each its own section.
    ]
    .into_iter()
    .chain(record_sections(gaps))
    .chain([
        (
            CHANGED_SINCE_ASSESSMENT,
            "AI systems changed since their last assessment",
            "reassess",
            "changed on",
            of(&gaps.changed_since_assessment, Target::System),
        ),
        (
            TECHNICAL_DOCUMENTATION,
            "High-risk AI systems with Annex IV technical documentation not covered",
            "missing documentation",
            "Annex IV points",
            of(&gaps.technical_documentation, Target::System),
        ),
    ])
    .collect()
}

/// One gaps section per kind of record gap, in the order of [`RecordGapKind::ALL`].
fn record_sections(gaps: &Gaps) -> Vec<GapSection> {
    use crate::check::records::RecordGapKind;
    RecordGapKind::ALL
        .iter()
        .map(|&kind| {
            let (key, title, urgency) = kind.section();
            let items = gaps
                .records
                .iter()
                .filter(|g| g.kind == kind)
                .map(|g| Target::Record(g.record))
                .collect();
            (key, title, urgency, "", items)
        })
        .collect()
}

/// Whether a gaps section appears only when the whole portal has such a gap: AI systems
/// changed since their assessment (git tells) and the records' gaps, so a portal without
/// git or records has the sections it had.
fn shown_only_when_found(key: &str) -> bool {
    key == CHANGED_SINCE_ASSESSMENT
        || key == TECHNICAL_DOCUMENTATION
        || crate::check::records::RecordGapKind::ALL
            .iter()
            .any(|k| k.section().0 == key)
}

/// The key of the gaps section of Annex IV points nothing covers: shown only when the portal
/// has such a gap, so a portal without high-risk systems has the sections it had.
const TECHNICAL_DOCUMENTATION: &str = "technical-documentation";

/// The key of the gaps section of AI systems changed since their last assessment: shown only
/// when the portal has one (git tells), so a portal outside git has the sections it had.
const CHANGED_SINCE_ASSESSMENT: &str = "changed-since-assessment";

/// Who answers for a gap's item and the date that matters for it, if any.
fn owner_and_date(portal: &Portal, key: &str, target: Target) -> (Option<String>, Option<String>) {
    let date = |d: Option<crate::model::Date>| d.map(|d| d.to_string());
    match target {
        Target::Policy(i) => {
            let p = &portal.policies[i];
            (Some(p.doc.meta.owner.clone()), date(p.review.next))
        }
        Target::Page(_) => (None, None),
        Target::System(i) => {
            let s = &portal.systems[i];
            if key == TECHNICAL_DOCUMENTATION {
                // The "date" of this gap is which points are missing.
                let points = crate::check::technical_documentation::uncovered_points(s);
                let points: Vec<String> = points.iter().map(u8::to_string).collect();
                return (Some(s.system.owner.clone()), Some(points.join(", ")));
            }
            let when = if key == CHANGED_SINCE_ASSESSMENT {
                crate::check::changed_since_assessment(portal, i).map(|c| c.change.date)
            } else {
                s.review.next
            };
            (Some(s.system.owner.clone()), date(when))
        }
        Target::Risk(i) => {
            let r = &portal.risks[i];
            let when = if key == "expired-acceptances" {
                r.risk.acceptance.as_ref().and_then(|a| a.expires)
            } else {
                r.review.next
            };
            (Some(r.risk.owner.clone()), date(when))
        }
        Target::Control(i) => {
            let owner = portal.controls[i]
                .implementation
                .as_ref()
                .and_then(|imp| imp.owner.clone());
            (owner, None)
        }
        Target::Evidence(i) => {
            let e = &portal.evidence[i];
            (e.evidence.owner.clone(), Some(e.expires.to_string()))
        }
        Target::Record(i) => (crate::plan::records::owner(portal, i), None),
    }
}

/// The sections of the audience's gaps, each with the count of its items and of the further
/// ones in the whole portal's gaps that the audience may not see.
fn sections_with_tally(gaps: &Gaps, full_gaps: &Gaps) -> Vec<(GapSection, Tally)> {
    sections(gaps)
        .into_iter()
        .zip(sections(full_gaps))
        .filter(|(section, all)| !shown_only_when_found(section.0) || !all.4.is_empty())
        .map(|(section, all)| {
            let tally = Tally::split(section.4.len(), all.4.len());
            (section, tally)
        })
        .collect()
}

/// The sections of the gaps report with their counts, for the dashboard.
pub fn gap_sections(gaps: &Gaps, full_gaps: &Gaps) -> Vec<serde_json::Value> {
    sections_with_tally(gaps, full_gaps)
        .into_iter()
        .map(|((key, title, urgency, _, _), count)| {
            json!({ "key": key, "title": title, "urgency": urgency, "count": count })
        })
        .collect()
}

/// `gaps.html`: everything missing, stale or overdue, most urgent first, each with its owner
/// and date; then, per owner, links to their gaps in those sections (not the gaps again).
/// `gaps` are the audience's and the whole portal's. Each section and each owner shows its
/// first items and links to a paginated full list under `gaps/`, so the page stays small
/// however many gaps there are.
pub fn gaps(
    portal: &Portal,
    gaps: (&Gaps, &Gaps),
    views: &Views,
    shared: &Shared,
    pages: &mut Pages,
) {
    let mut by_owner = OwnerGaps::default();
    let mut sections: Vec<Value> = Vec::new();
    // A record's gap says what is wrong in a few words ("2 actions overdue"), shown where
    // other gaps show their date.
    let details: std::collections::HashMap<(usize, &str), &str> = gaps
        .0
        .records
        .iter()
        .map(|g| ((g.record, g.kind.section().0), g.detail.as_str()))
        .collect();
    for ((key, title, urgency, date_label, items), count) in sections_with_tally(gaps.0, gaps.1) {
        let base = format!("gaps/{key}");
        let all_url = (items.len() > super::SUMMARY_SIZE).then(|| format!("{base}.html"));
        let items: Vec<Value> = items
            .into_iter()
            .enumerate()
            .map(|(n, t)| {
                let (owner, date) = owner_and_date(portal, key, t);
                let date = match t {
                    Target::Record(r) => details.get(&(r, key)).map(|d| d.to_string()),
                    _ => date,
                };
                // A row on this page has an anchor; a later one is on the section's full list.
                let anchor = format!("gap-{key}-{}", n + 1);
                let href = match &all_url {
                    Some(url) if n >= super::SUMMARY_SIZE => url.clone(),
                    _ => format!("gaps.html#{anchor}"),
                };
                let row = record(vec![
                    ("item", views.of(t).clone()),
                    ("owner", owner.clone().into()),
                    ("date", date.into()),
                    ("date_label", date_label.into()),
                    ("gap", title.into()),
                    ("urgency", urgency.into()),
                    ("anchor", anchor.into()),
                    ("href", href.into()),
                ]);
                let owner = owner.unwrap_or_else(|| "No owner named".to_string());
                by_owner.add(owner, key, urgency, row.clone());
                row
            })
            .collect();
        let has_dates = items.iter().any(|r| {
            r.get_from_path("date")
                .is_some_and(|d| !d.is_none() && !d.is_undefined())
        });
        let headers: &[&str] = if has_dates {
            &["Owner", "Date"]
        } else {
            &["Owner"]
        };
        let (items, all) = summarise(items, title, &base, headers, shared, pages);
        sections.push(record(vec![
            ("key", key.into()),
            ("title", title.into()),
            ("urgency", urgency.into()),
            ("items", items),
            ("has_dates", has_dates.into()),
            ("all", all.into()),
            ("count", Value::from_serializable(&count)),
        ]));
    }
    let owners = by_owner.plan(shared, pages);
    let mut job = shared.page("gaps.html".into(), "gaps.html", "Gaps", "gaps", &[]);
    job.set_value("sections", list(sections))
        .set_value("owners", list(owners))
        .set("total", &Tally::split(gaps.0.total(), gaps.1.total()))
        .set("appetite", &portal.config.risk.appetite);
    pages.push(job);
}

/// The gaps of each owner, by section, as they are planned: for "Gaps by owner", which links
/// to each gap's row instead of repeating it.
#[derive(Default)]
struct OwnerGaps {
    /// Owner -> their gaps by section, in report order.
    owners: std::collections::BTreeMap<String, Vec<OwnerSection>>,
}

/// One owner's gaps of one section: the section's key and urgency, and the gap rows.
type OwnerSection = (&'static str, &'static str, Vec<Value>);

impl OwnerGaps {
    /// Files one gap row under its owner and section.
    fn add(&mut self, owner: String, key: &'static str, urgency: &'static str, row: Value) {
        let kinds = self.owners.entry(owner).or_default();
        match kinds.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, rows)) => rows.push(row),
            None => kinds.push((key, urgency, vec![row])),
        }
    }

    /// Each owner with their gap count and, per section, links to the first gaps (a long
    /// list also on a page of its own, `gaps/owner-N.html`).
    fn plan(self, shared: &Shared, pages: &mut Pages) -> Vec<Value> {
        self.owners
            .into_iter()
            .enumerate()
            .map(|(i, (owner, kinds))| {
                let count: usize = kinds.iter().map(|(_, _, rows)| rows.len()).sum();
                let mut every = Vec::with_capacity(count);
                let kinds: Vec<Value> = kinds
                    .into_iter()
                    .map(|(key, urgency, rows)| {
                        let more = rows.len().saturating_sub(super::SUMMARY_SIZE);
                        let shown = rows.iter().take(super::SUMMARY_SIZE).cloned().collect();
                        every.extend(rows);
                        record(vec![
                            ("key", key.into()),
                            ("urgency", urgency.into()),
                            ("items", list(shown)),
                            ("more", more.into()),
                        ])
                    })
                    .collect();
                let all = (count > super::SUMMARY_SIZE).then(|| {
                    let title = format!("Gaps owned by {owner}");
                    let base = format!("gaps/owner-{}", i + 1);
                    summarise(every, &title, &base, &["Gap", "Date"], shared, pages).1
                });
                record(vec![
                    ("owner", owner.into()),
                    ("kinds", list(kinds)),
                    ("count", count.into()),
                    ("all", all.flatten().into()),
                ])
            })
            .collect()
    }
}

/// The first gap rows of a section or owner for `gaps.html`, and the url of the paginated
/// full list at `base` when there are more than a summary shows. `headers` name the columns
/// after the item: "Owner" or "Gap", then "Date".
fn summarise(
    rows: Vec<Value>,
    title: &str,
    base: &str,
    headers: &[&str],
    shared: &Shared,
    pages: &mut Pages,
) -> (Value, Option<String>) {
    let shown: Vec<Value> = rows.iter().take(super::SUMMARY_SIZE).cloned().collect();
    if rows.len() <= super::SUMMARY_SIZE {
        return (list(shown), None);
    }
    let text = |row: &Value, field: &str| -> Option<String> {
        row.get_from_path(field)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let rows = rows
        .into_iter()
        .map(|row| {
            let first = if headers[0] == "Owner" {
                text(&row, "owner").unwrap_or_else(|| "no owner named".into())
            } else {
                text(&row, "urgency").unwrap_or_default()
            };
            let date = match (text(&row, "date_label"), text(&row, "date")) {
                (Some(label), Some(date)) if !label.is_empty() => format!("{label} {date}"),
                (_, Some(date)) => date,
                // No date: an empty cell, not a dash on every line.
                _ => String::new(),
            };
            let item = row
                .get_from_path("item")
                .cloned()
                .unwrap_or_else(Value::none);
            let cols = if headers.len() > 1 {
                vec![first, date]
            } else {
                vec![first]
            };
            super::listing_row(item, cols)
        })
        .collect();
    let listing = super::Listing {
        base: base.to_string(),
        title: title.to_string(),
        section: "gaps",
        back: ("Gaps", "gaps.html"),
        headers,
        rows,
    };
    (list(shown), Some(super::listing(listing, shared, pages)))
}

/// One row of the reviews page.
/// `reassessment` is an AI system's "changed since its last assessment", where it applies.
fn review_row(
    kind: &str,
    view: &Value,
    review: &crate::resolve::Review,
    reassessment: Option<serde_json::Value>,
) -> (String, Value) {
    let next = review.next.map(|d| d.to_string()).unwrap_or_default();
    let row = record(vec![
        ("kind", kind.to_string().into()),
        ("item", view.clone()),
        ("last", review.last.map(|d| d.to_string()).into()),
        ("next", next.clone().into()),
        ("status", review.status.label().into()),
        ("reassessment", Value::from_serializable(&reassessment)),
    ]);
    (next, row)
}

/// `reviews.html`: what is due and overdue, by date.
pub fn reviews(basis: &FigureScope, views: &Views, shared: &Shared, pages: &mut Pages) {
    let portal = basis.visible;
    let mut rows: Vec<(ReviewStatus, String, Value)> = Vec::new();
    for (i, p) in portal.policies.iter().enumerate() {
        let (next, row) = review_row("policy", &views.policies[i], &p.review, None);
        rows.push((p.review.status, next, row));
    }
    let full_index: std::collections::HashMap<&str, usize> = (basis.full.systems.iter())
        .enumerate()
        .map(|(i, n)| (n.system.id.as_str(), i))
        .collect();
    for (i, s) in portal.systems.iter().enumerate() {
        let reassessment = full_index
            .get(s.system.id.as_str())
            .and_then(|&f| super::history::reassessment(portal, basis.full, f));
        let (next, row) = review_row("AI system", &views.systems[i], &s.review, reassessment);
        rows.push((s.review.status, next, row));
    }
    for (i, r) in portal.risks.iter().enumerate() {
        let (next, row) = review_row("risk", &views.risks[i], &r.review, None);
        rows.push((r.review.status, next, row));
    }
    rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut expiring: Vec<(String, Value)> = portal
        .evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| e.freshness.is_due())
        .map(|(i, e)| (e.expires.to_string(), views.evidence[i].clone()))
        .collect();
    expiring.sort_by(|a, b| a.0.cmp(&b.0));
    let (evidence, evidence_all) = expiring_summary(expiring, shared, pages);
    let review_count = basis.tally(reviewed);
    // The schedule paginates; page 1 is `reviews.html` and also summarises expiring evidence.
    let rows = rows.into_iter().map(|(_, _, v)| v).collect();
    let path = |n: usize| {
        if n == 1 {
            "reviews.html".to_string()
        } else {
            format!("reviews/page-{n}.html")
        }
    };
    for (url, rows, pager) in super::paginate_at(rows, path) {
        let first = pager["current"] == 1;
        let crumbs: &[(&str, &str)] = if first {
            &[]
        } else {
            &[("Reviews", "reviews.html")]
        };
        let mut job = shared.page(url, "reviews.html", "Reviews", "reviews", crumbs);
        job.set_value("reviews", rows)
            .set("pager", &pager)
            .set("review_count", &review_count);
        if first {
            job.set_value("evidence", evidence.clone())
                .set("evidence_all", &evidence_all)
                .set("evidence_count", &basis.tally(evidence_due));
        }
        pages.push(job);
    }
}

/// The first expiring evidence records for `reviews.html`, and the url of the full list when
/// there are more than a summary shows.
fn expiring_summary(
    expiring: Vec<(String, Value)>,
    shared: &Shared,
    pages: &mut Pages,
) -> (Value, Option<String>) {
    let shown: Vec<Value> = expiring
        .iter()
        .take(super::SUMMARY_SIZE)
        .map(|(_, v)| v.clone())
        .collect();
    let all = (expiring.len() > super::SUMMARY_SIZE).then(|| {
        let rows = expiring
            .into_iter()
            .map(|(expires, v)| {
                let freshness = v
                    .get_from_path("freshness")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                super::listing_row(v, vec![expires, freshness])
            })
            .collect();
        let listing = super::Listing {
            base: "reviews/evidence".into(),
            title: "Evidence expiring or expired".into(),
            section: "reviews",
            back: ("Reviews", "reviews.html"),
            headers: &["Expires", "Freshness"],
            rows,
        };
        super::listing(listing, shared, pages)
    });
    (list(shown), all)
}
