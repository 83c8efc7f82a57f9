//! The public trust center's home page: the organisation's AI-governance and security posture.

use serde_json::json;
use tera::Value;

use super::figures::{Basis, Tally, coverage, coverage_by_category, framework_controls};
use super::{PageJob, Shared, Views, list, record};
use crate::resolve::Scope;

/// Plans the public `index.html`. Its coverage figures cover every entry only when
/// `public.show_coverage` opts in ([`Basis::whole`]), and say so.
pub fn page(basis: &Basis, views: &Views, shared: &Shared) -> PageJob {
    let (portal, full) = (basis.visible, basis.full);
    let mut job = shared.page(
        "index.html".into(),
        "trust.html",
        "Trust center",
        "overview",
        &[],
    );
    let show_coverage = portal.config.public.show_coverage;
    let frameworks: Vec<Value> = portal
        .frameworks
        .iter()
        .enumerate()
        .filter(|(_, f)| f.scope == Scope::InScope)
        .map(|(f, fw)| {
            // Public control statements: controls whose entry is public.
            let statements: Vec<usize> = fw
                .groups
                .iter()
                .flat_map(|g| &g.controls)
                .copied()
                .filter(|&c| portal.controls[c].implementation.is_some())
                .collect();
            let entries = framework_controls(&full.frameworks[f])
                .filter(|&c| full.controls[c].implementation.is_some())
                .count();
            let mut fields = vec![
                ("view", views.frameworks[f].clone()),
                (
                    "statements",
                    list(Views::list(&views.controls, &statements)),
                ),
                (
                    "statement_count",
                    Value::from_serializable(&Tally::split(statements.len(), entries)),
                ),
            ];
            if show_coverage {
                let whole = &full.frameworks[f];
                let total = coverage(framework_controls(whole), basis);
                let by_category: Vec<serde_json::Value> = coverage_by_category(whole, basis)
                    .into_iter()
                    .map(|(name, cov)| json!({ "name": name, "coverage": cov }))
                    .collect();
                fields.push(("coverage", Value::from_serializable(&total)));
                fields.push(("by_category", Value::from_serializable(&by_category)));
            }
            record(fields)
        })
        .collect();
    let aligned: Vec<Value> = portal
        .frameworks
        .iter()
        .enumerate()
        .filter(|(_, f)| f.scope == Scope::Aligned)
        .map(|(f, _)| views.frameworks[f].clone())
        .collect();
    job.set_value("frameworks", list(frameworks))
        .set_value("aligned", list(aligned))
        .set_value("policies", list(views.policies.clone()))
        .set("policy_count", &basis.tally(|p| p.policies.len()))
        .set_value("pages", list(views.pages.clone()))
        .set("show_coverage", &show_coverage)
        .set("public", &portal.config.public);
    job
}
