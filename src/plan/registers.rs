//! Pages of the registers: policies, free pages, AI systems, risks and evidence.

use serde_json::json;
use tera::Value;

use super::figures::{cell_anchor, heat_map};
use super::{PageJob, Shared, Views, list, paginate, record, urls};
use crate::model::{Audience, PolicyKind};
use crate::resolve::Portal;

/// `policies/index.html` and `policies/<ID>.html`.
pub fn policies(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Vec<PageJob>) {
    let mut rows: Vec<(u8, Value)> = portal
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let order = match p.doc.meta.kind {
                PolicyKind::Policy => 0,
                PolicyKind::Standard => 1,
                PolicyKind::Procedure => 2,
                PolicyKind::ImpactAssessment => 3,
            };
            (order, views.policies[i].clone())
        })
        .collect();
    rows.sort_by_key(|(order, _)| *order);
    for (path, rows, pager) in paginate("policies", rows.into_iter().map(|(_, v)| v).collect()) {
        let mut job = shared.page(path, "policies/index.html", "Policies", "policies", &[]);
        job.set_value("policies", rows).set("pager", &pager);
        pages.push(job);
    }
    for (i, node) in portal.policies.iter().enumerate() {
        let m = &node.doc.meta;
        let mut job = shared.page(
            urls::policy(&m.id),
            "policies/policy.html",
            &m.title,
            "policies",
            &[("Policies", "policies/index.html")],
        );
        let mut history = m.history.clone();
        history.sort_by_key(|h| std::cmp::Reverse(h.date));
        // Risks reached through the controls this policy implements.
        let mut risks: Vec<usize> = node
            .controls
            .iter()
            .flat_map(|&c| portal.controls[c].risks.iter().copied())
            .collect();
        risks.sort_unstable();
        risks.dedup();
        job.set_value("policy", views.policies[i].clone())
            .set("meta", m)
            .set("review", &node.review)
            .set("restricted", &node.restricted)
            .set("history", &history)
            .set_value(
                "controls",
                list(Views::list(&views.controls, &node.controls)),
            )
            .set_value("systems", list(Views::list(&views.systems, &node.systems)))
            .set_value("risks", list(Views::list(&views.risks, &risks)))
            .markdown("body", Some("toc"), &node.doc.body, &node.doc.source.file);
        pages.push(job);
    }
}

/// `pages/index.html` and `pages/<ID>.html`.
pub fn pages(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Vec<PageJob>) {
    if portal.pages.is_empty() {
        return;
    }
    for (path, rows, pager) in paginate("pages", views.pages.clone()) {
        let mut job = shared.page(path, "pages/index.html", "Pages", "pages", &[]);
        job.set_value("pages", rows).set("pager", &pager);
        pages.push(job);
    }
    for (i, page) in portal.pages.iter().enumerate() {
        let mut job = shared.page(
            urls::page(&page.meta.id),
            "pages/page.html",
            &page.meta.title,
            "pages",
            &[("Pages", "pages/index.html")],
        );
        job.set_value("item", views.pages[i].clone()).markdown(
            "body",
            Some("toc"),
            &page.body,
            &page.source.file,
        );
        pages.push(job);
    }
}

/// `systems/index.html` and `systems/<ID>.html`.
pub fn systems(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Vec<PageJob>) {
    for (path, rows, pager) in paginate("systems", views.systems.clone()) {
        let mut job = shared.page(path, "systems/index.html", "AI systems", "systems", &[]);
        job.set_value("systems", rows).set("pager", &pager);
        pages.push(job);
    }
    for (i, node) in portal.systems.iter().enumerate() {
        let s = &node.system;
        let mut job = shared.page(
            urls::system(&s.id),
            "systems/system.html",
            &s.name,
            "systems",
            &[("AI systems", "systems/index.html")],
        );
        let mut controls: Vec<usize> = node
            .risks
            .iter()
            .flat_map(|&r| portal.risks[r].controls.iter().copied())
            .collect();
        controls.sort_unstable();
        controls.dedup();
        job.set_value("item", views.systems[i].clone())
            .set("system", s)
            .set("review", &node.review)
            .set("restricted", &node.restricted)
            .set_value("risks", list(Views::list(&views.risks, &node.risks)))
            .set_value(
                "documents",
                list(Views::list(&views.policies, &node.documents)),
            )
            .set_value("controls", list(Views::list(&views.controls, &controls)));
        if let Some(d) = &s.description {
            job.markdown("description", None, d, &s.source.file);
        }
        pages.push(job);
    }
}

/// `risks/index.html` (register and heat maps), `risks/heatmap.html` and `risks/<ID>.html`.
pub fn risks(portal: &Portal, views: &Views, shared: &Shared, pages: &mut Vec<PageJob>) {
    let heatmaps = [
        heat_map("inherent", &portal.risks, portal),
        heat_map("residual", &portal.risks, portal),
    ];
    for (path, rows, pager) in paginate("risks", views.risks.clone()) {
        let mut job = shared.page(path, "risks/index.html", "Risk register", "risks", &[]);
        job.set_value("risks", rows)
            .set("pager", &pager)
            .set("heatmaps", &heatmaps)
            .set("risk_config", &portal.config.risk);
        pages.push(job);
    }
    // Each heat-map cell lists its risks here, so the maps link to a real list.
    let mut cells = Vec::new();
    for kind in ["inherent", "residual"] {
        let scale = portal.config.risk.scale;
        for impact in (1..=scale).rev() {
            for likelihood in (1..=scale).rev() {
                let members: Vec<Value> = portal
                    .risks
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        let s = if kind == "inherent" {
                            &r.inherent
                        } else {
                            r.residual.as_ref().unwrap_or(&r.inherent)
                        };
                        s.likelihood == likelihood && s.impact == impact
                    })
                    .map(|(i, _)| views.risks[i].clone())
                    .collect();
                if !members.is_empty() {
                    cells.push(record(vec![
                        ("kind", kind.into()),
                        ("anchor", cell_anchor(kind, likelihood, impact).into()),
                        ("likelihood", likelihood.into()),
                        ("impact", impact.into()),
                        ("risks", list(members)),
                    ]));
                }
            }
        }
    }
    let mut job = shared.page(
        "risks/heatmap.html".into(),
        "risks/heatmap.html",
        "Heat map cells",
        "risks",
        &[("Risks", "risks/index.html")],
    );
    job.set("heatmaps", &heatmaps)
        .set_value("cells", list(cells));
    pages.push(job);

    for (i, node) in portal.risks.iter().enumerate() {
        let r = &node.risk;
        let mut job = shared.page(
            urls::risk(&r.id),
            "risks/risk.html",
            &r.title,
            "risks",
            &[("Risks", "risks/index.html")],
        );
        // Controls with their evidence: evidence is one click from the risk page.
        let treatment: Vec<Value> = node
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
        job.set_value("item", views.risks[i].clone())
            .set("risk", r)
            .set("review", &node.review)
            .set("restricted", &node.restricted)
            .set("appetite", &portal.config.risk.appetite)
            .set_value(
                "system",
                node.system
                    .map_or(Value::none(), |s| views.systems[s].clone()),
            )
            .set_value("treatment", list(treatment))
            .set_value(
                "evidence",
                list(Views::list(&views.evidence, &node.evidence)),
            );
        if let Some(d) = &r.description {
            job.markdown("description", None, d, &r.source.file);
        }
        pages.push(job);
    }
}

/// `evidence/index.html` and `evidence/<ID>.html`.
pub fn evidence(
    portal: &Portal,
    audience: Audience,
    views: &Views,
    shared: &Shared,
    pages: &mut Vec<PageJob>,
) {
    for (path, rows, pager) in paginate("evidence", views.evidence.clone()) {
        let mut job = shared.page(path, "evidence/index.html", "Evidence", "evidence", &[]);
        job.set_value("evidence", rows).set("pager", &pager);
        pages.push(job);
    }
    for (i, node) in portal.evidence.iter().enumerate() {
        let e = &node.evidence;
        let mut job = shared.page(
            urls::evidence(&e.id),
            "evidence/record.html",
            &e.title,
            "evidence",
            &[("Evidence", "evidence/index.html")],
        );
        // Only the auditor package carries the file itself, so only it links to it.
        let artifact = e.artifact.as_ref().map(|a| {
            json!({
                "name": a.source_path.rsplit('/').next(),
                "size": a.size,
                "sha256": a.sha256,
                "url": (audience == Audience::Auditor).then(|| urls::encode(&a.output_path)),
            })
        });
        job.set_value("item", views.evidence[i].clone())
            .set("record", e)
            .set("artifact", &artifact)
            .set_value(
                "controls",
                list(Views::list(&views.controls, &node.controls)),
            )
            .set_value("risks", list(Views::list(&views.risks, &node.risks)))
            .set("restricted", &node.restricted);
        if let Some(d) = &e.description {
            job.markdown("description", None, d, &e.source.file);
        }
        pages.push(job);
    }
}
