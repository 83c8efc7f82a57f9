//! Reports across the graph: traceability, gaps and reviews.

use serde_json::json;
use tera::Value;

use super::{PageJob, Shared, Views, list, record};
use crate::check::Gaps;
use crate::resolve::{Portal, ReviewStatus, Scope, Target};

/// `traceability.html`: risk -> control -> evidence, and control -> risks, policies, evidence.
pub fn traceability(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Vec<PageJob>) {
    let by_risk: Vec<Value> = portal
        .risks
        .iter()
        .enumerate()
        .map(|(r, node)| {
            let controls: Vec<Value> = node
                .controls
                .iter()
                .map(|&c| {
                    let (evidence, more) = super::latest_evidence(portal, views, c);
                    record(vec![
                        ("control", views.controls[c].clone()),
                        ("evidence", evidence),
                        ("evidence_more", more.into()),
                    ])
                })
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
            ])
        })
        .collect();
    // The risk matrix paginates like a section index; page 1 is `traceability.html` itself.
    let chunks: Vec<Vec<Value>> = if by_risk.is_empty() {
        vec![Vec::new()]
    } else {
        by_risk
            .chunks(super::PAGE_SIZE)
            .map(<[Value]>::to_vec)
            .collect()
    };
    let count = chunks.len();
    let path = |n: usize| {
        if n == 1 {
            "traceability.html".to_string()
        } else {
            format!("traceability/page-{n}.html")
        }
    };
    let by_control = list(by_control);
    for (i, chunk) in chunks.into_iter().enumerate() {
        let n = i + 1;
        let pager = serde_json::json!({
            "current": n,
            "pages": count,
            "prev": (n > 1).then(|| path(n - 1)),
            "next": (n < count).then(|| path(n + 1)),
        });
        let crumbs: &[(&str, &str)] = if n == 1 {
            &[]
        } else {
            &[("Traceability", "traceability.html")]
        };
        let mut job = shared.page(
            path(n),
            "traceability.html",
            "Traceability",
            "traceability",
            crumbs,
        );
        job.set_value("by_risk", list(chunk)).set("pager", &pager);
        if n == 1 {
            job.set_value("by_control", by_control.clone());
        }
        pages.push(job);
    }
}

/// How many links of one kind a traceability cell shows before pointing to the control page.
const LINKS_PER_CELL: usize = 20;

/// The sections of the gaps report: key, heading and count, for the page and the dashboard.
pub fn gap_sections(gaps: &Gaps) -> Vec<serde_json::Value> {
    [
        (
            "missing-applicability",
            "In-scope controls without a Statement of Applicability entry",
            gaps.missing_applicability.len(),
        ),
        (
            "controls-without-evidence",
            "Applicable controls without valid evidence",
            gaps.controls_without_evidence.len(),
        ),
        (
            "excluded-without-justification",
            "Excluded controls without a justification",
            gaps.excluded_without_justification.len(),
        ),
        (
            "risks-without-controls",
            "Risks not treated by any control",
            gaps.risks_without_controls.len(),
        ),
        (
            "risks-above-appetite",
            "Residual risk above appetite, not formally accepted",
            gaps.risks_above_appetite.len(),
        ),
        (
            "expired-acceptances",
            "Risk acceptances that have expired",
            gaps.expired_acceptances.len(),
        ),
        (
            "expired-evidence",
            "Expired evidence",
            gaps.expired_evidence.len(),
        ),
        (
            "overdue-reviews",
            "Overdue reviews",
            gaps.overdue_reviews.len(),
        ),
        (
            "policies-not-approved",
            "Policies not approved",
            gaps.policies_not_approved.len(),
        ),
    ]
    .into_iter()
    .map(|(key, title, count)| json!({ "key": key, "title": title, "count": count }))
    .collect()
}

/// `gaps.html`: everything missing, stale or overdue.
pub fn gaps(
    portal: &Portal,
    gaps: &Gaps,
    views: &Views,
    shared: &Shared,
    pages: &mut Vec<PageJob>,
) {
    let targets = |list_of: &[Target]| -> Value {
        list(list_of.iter().map(|t| views.of(*t).clone()).collect())
    };
    let items: Vec<(&str, Value)> = vec![
        (
            "missing-applicability",
            list(Views::list(&views.controls, &gaps.missing_applicability)),
        ),
        (
            "controls-without-evidence",
            list(Views::list(
                &views.controls,
                &gaps.controls_without_evidence,
            )),
        ),
        (
            "excluded-without-justification",
            list(Views::list(
                &views.controls,
                &gaps.excluded_without_justification,
            )),
        ),
        (
            "risks-without-controls",
            list(Views::list(&views.risks, &gaps.risks_without_controls)),
        ),
        (
            "risks-above-appetite",
            list(Views::list(&views.risks, &gaps.risks_above_appetite)),
        ),
        (
            "expired-acceptances",
            list(Views::list(&views.risks, &gaps.expired_acceptances)),
        ),
        (
            "expired-evidence",
            list(Views::list(&views.evidence, &gaps.expired_evidence)),
        ),
        ("overdue-reviews", targets(&gaps.overdue_reviews)),
        (
            "policies-not-approved",
            list(Views::list(&views.policies, &gaps.policies_not_approved)),
        ),
    ];
    let sections: Vec<Value> = gap_sections(gaps)
        .into_iter()
        .zip(items)
        .map(|(meta, (_, items))| {
            record(vec![
                (
                    "key",
                    meta["key"].as_str().unwrap_or_default().to_string().into(),
                ),
                (
                    "title",
                    meta["title"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                        .into(),
                ),
                ("items", items),
            ])
        })
        .collect();
    let mut job = shared.page("gaps.html".into(), "gaps.html", "Gaps", "gaps", &[]);
    job.set_value("sections", list(sections))
        .set("total", &gaps.total())
        .set("appetite", &portal.config.risk.appetite);
    pages.push(job);
}

/// One row of the reviews page.
fn review_row(kind: &str, view: &Value, review: &crate::resolve::Review) -> (String, Value) {
    let next = review.next.map(|d| d.to_string()).unwrap_or_default();
    let row = record(vec![
        ("kind", kind.to_string().into()),
        ("item", view.clone()),
        ("last", review.last.map(|d| d.to_string()).into()),
        ("next", next.clone().into()),
        ("status", review.status.label().into()),
    ]);
    (next, row)
}

/// `reviews.html`: what is due and overdue, by date.
pub fn reviews(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Vec<PageJob>) {
    let mut rows: Vec<(ReviewStatus, String, Value)> = Vec::new();
    for (i, p) in portal.policies.iter().enumerate() {
        let (next, row) = review_row("policy", &views.policies[i], &p.review);
        rows.push((p.review.status, next, row));
    }
    for (i, s) in portal.systems.iter().enumerate() {
        let (next, row) = review_row("AI system", &views.systems[i], &s.review);
        rows.push((s.review.status, next, row));
    }
    for (i, r) in portal.risks.iter().enumerate() {
        let (next, row) = review_row("risk", &views.risks[i], &r.review);
        rows.push((r.review.status, next, row));
    }
    rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut expiring: Vec<(String, Value)> = portal
        .evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| e.freshness != crate::resolve::Freshness::Fresh)
        .map(|(i, e)| (e.expires.to_string(), views.evidence[i].clone()))
        .collect();
    expiring.sort_by(|a, b| a.0.cmp(&b.0));
    let mut job = shared.page(
        "reviews.html".into(),
        "reviews.html",
        "Reviews",
        "reviews",
        &[],
    );
    job.set_value(
        "reviews",
        list(rows.into_iter().map(|(_, _, v)| v).collect()),
    )
    .set_value(
        "evidence",
        list(expiring.into_iter().map(|(_, v)| v).collect()),
    );
    pages.push(job);
}
