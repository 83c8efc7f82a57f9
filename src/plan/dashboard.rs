//! The dashboard: scope, coverage, heat maps, what is due and how many gaps remain.

use serde_json::json;

use super::figures::{FigureScope, coverage, framework_controls, heat_map, registers};
use super::{PageJob, SUMMARY_SIZE, Shared, Views};
use crate::check::Gaps;
use crate::resolve::ReviewStatus;

/// Plans `index.html`; `gaps` are the audience's and the whole portal's.
pub fn page(basis: &FigureScope, gaps: (&Gaps, &Gaps), views: &Views, shared: &Shared) -> PageJob {
    let portal = basis.visible;
    // The first objectives and their count: the records' objectives index lists them all.
    let objectives = objectives(portal, views);
    let mut job = shared.page(
        "index.html".into(),
        "index.html",
        "Overview",
        "overview",
        &[],
    );
    let frameworks: Vec<serde_json::Value> = portal
        .frameworks
        .iter()
        .enumerate()
        .map(|(f, fw)| {
            json!({ "view": views.frameworks[f], "coverage": coverage(framework_controls(fw), basis) })
        })
        .collect();
    // Every review with its kind and view, once, for both the count and the list.
    let reviews = portal
        .policies
        .iter()
        .zip(&views.policies)
        .map(|(p, v)| ("policy review", v, &p.review))
        .chain(
            portal
                .risks
                .iter()
                .zip(&views.risks)
                .map(|(r, v)| ("risk review", v, &r.review)),
        )
        .chain(
            portal
                .systems
                .iter()
                .zip(&views.systems)
                .map(|(s, v)| ("system review", v, &s.review)),
        );
    let mut upcoming: Vec<(String, &'static str, tera::Value, &'static str)> = Vec::new();
    for (what, view, review) in reviews {
        if let (Some(next), ReviewStatus::Overdue | ReviewStatus::DueSoon) =
            (review.next, review.status)
        {
            upcoming.push((next.to_string(), what, view.clone(), review.status.label()));
        }
    }
    let figures = registers(basis, gaps.0, gaps.1);
    for (i, e) in portal.evidence.iter().enumerate() {
        if e.freshness.is_due() {
            upcoming.push((
                e.expires.to_string(),
                "evidence expiry",
                views.evidence[i].clone(),
                e.freshness.label(),
            ));
        }
    }
    upcoming.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let more = upcoming.len().saturating_sub(10);
    upcoming.truncate(10);
    let due: Vec<serde_json::Value> = upcoming
        .into_iter()
        .map(|(date, what, view, status)| json!({ "date": date, "what": what, "item": view, "status": status }))
        .collect();
    job.set("figures", &figures)
        .set("frameworks", &frameworks)
        .set(
            "heatmaps",
            &[heat_map("inherent", basis), heat_map("residual", basis)],
        )
        .set("appetite", &portal.config.risk.appetite)
        .set("risk_levels", &portal.config.risk.levels)
        .set("due", &due)
        .set("due_more", &more)
        .set("gaps", &super::reports::gap_sections(gaps.0, gaps.1))
        .set(
            "objectives",
            &objectives[..objectives.len().min(SUMMARY_SIZE)],
        )
        .set("objectives_total", &objectives.len());
    open_major_nonconformities(gaps, views, &mut job);
    job
}

/// The open major nonconformities (the audience's, and how many more are restricted): a
/// certification body does not certify while one is open, so the dashboard shows them first.
fn open_major_nonconformities(gaps: (&Gaps, &Gaps), views: &Views, job: &mut PageJob) {
    use crate::check::records::RecordGapKind::OpenMajorNonconformity;
    fn of(g: &Gaps) -> Vec<&crate::check::records::RecordGap> {
        g.records
            .iter()
            .filter(|r| r.kind == OpenMajorNonconformity)
            .collect()
    }
    let shown: Vec<serde_json::Value> = of(gaps.0)
        .into_iter()
        .map(|g| json!({ "item": views.records[g.record], "detail": g.detail }))
        .collect();
    let restricted = of(gaps.1).len().saturating_sub(shown.len());
    job.set("open_major", &shown)
        .set("open_major_restricted", &restricted);
}

/// Each objective the audience may see, with where it stands, its latest value and a
/// sparkline of its measurements (ObjectiveOffTrack gaps come from the same judgement).
fn objectives(portal: &crate::resolve::Portal, views: &Views) -> Vec<serde_json::Value> {
    use crate::check::records::objectives::{assess, target_words, with_unit};
    use crate::resolve::records::RecordBody;
    portal
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, node)| match &node.body {
            RecordBody::Objective(o) => Some((i, o)),
            _ => None,
        })
        .map(|(i, o)| {
            let assessment = assess(o, portal.today);
            let latest = assessment.counted.last().map(
                |m| json!({ "value": with_unit(&o.target, m.value), "date": m.date.to_string() }),
            );
            json!({
                "item": views.records[i],
                "track": assessment.track.label(),
                "trend": assessment.trend.label(),
                "latest": latest,
                "target": target_words(&o.target),
                "sparkline": super::chart::sparkline(o, &assessment),
            })
        })
        .collect()
}
