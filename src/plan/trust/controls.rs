//! Control areas: short statements a customer understands, each backed by the public control
//! statements of the catalog groups it names.

use serde::Serialize;
use serde_json::json;

use super::super::figures::{FigureScope, Tally, coverage, coverage_by_category};
use super::super::{PageJob, Shared, Views, urls};
use crate::resolve::{Portal, Scope};
use crate::shared::slugs::slug_for_anchor;

/// A public control statement within an area.
#[derive(Serialize)]
pub struct Statement {
    /// Index into `Portal::controls` (for the statement's Markdown).
    #[serde(skip)]
    pub control: usize,
    /// The name of the statement's framework.
    pub framework: String,
    /// Control label, e.g. `A.5.2`.
    pub label: String,
    /// The control's title, as its catalog words it.
    pub title: String,
    /// The control's page.
    pub url: String,
    /// Anchor on the controls page.
    pub anchor: String,
    /// Implementation status, only where `public:` opts in for its framework.
    pub status: Option<&'static str>,
    /// Excluded from the scope (with its public justification).
    pub excluded: bool,
    /// How the badge of an excluded control reads: `not applicable`, or `not relevant` (SOC 2).
    pub excluded_label: &'static str,
    /// Position among all areas' statements (its Markdown is `statements[index]`).
    pub index: usize,
}

/// An area with its statements.
#[derive(Serialize)]
pub struct AreaView {
    /// The area's heading on the controls page.
    pub title: String,
    /// The area in one sentence.
    pub summary: String,
    /// Anchor on the controls page.
    pub anchor: String,
    /// Its public statements.
    pub statements: Vec<Statement>,
    /// How many statements are shown, and how many more of its controls have an entry this
    /// audience may not see.
    pub count: Tally,
}

/// Whether the trust center shows implementation status and coverage for a framework.
pub fn discloses(portal: &Portal, framework: &str) -> bool {
    let public = &portal.config.public;
    public.show_coverage || public.show_status.iter().any(|f| f == framework)
}

/// The areas with their public statements; controls with a public statement that no area
/// names are gathered under "Other controls", so that nothing published goes unlisted.
/// `full` is the whole portal, to count the entries not shown.
pub fn areas(portal: &Portal, full: &Portal) -> Vec<AreaView> {
    let entries = |controls: &[usize]| {
        controls
            .iter()
            .filter(|&&c| full.controls[c].implementation.is_some())
            .count()
    };
    let public = |c: usize| portal.controls[c].implementation.is_some();
    let statement = |c: usize| {
        let node = &portal.controls[c];
        let fw = &portal.frameworks[node.framework];
        let excluded = node.applicability == crate::resolve::Applicability::Excluded;
        Statement {
            control: c,
            // "SOC 2 Trust Services Criteria (2017, ...)" reads as its part before brackets.
            framework: fw.name.split(" (").next().unwrap_or(&fw.name).to_string(),
            label: node.label.clone(),
            title: node.title.clone(),
            url: urls::control(&node.framework_id, &node.id),
            anchor: format!("c-{}", slug_for_anchor(&node.key)),
            status: (discloses(portal, &fw.id) && !excluded).then(|| {
                super::super::views::status_label(
                    node.implementation.as_ref().and_then(|i| i.status),
                )
            }),
            excluded,
            excluded_label: fw.applicability.words().not_applying,
            index: 0,
        }
    };
    let mut seen = vec![false; portal.controls.len()];
    let mut out: Vec<AreaView> = Vec::new();
    for area in &portal.trust.areas {
        let statements: Vec<Statement> = area
            .controls
            .iter()
            .copied()
            .filter(|&c| public(c))
            .inspect(|&c| seen[c] = true)
            .map(statement)
            .collect();
        if statements.is_empty() {
            continue;
        }
        out.push(AreaView {
            title: area.area.title.clone(),
            summary: area.area.summary.clone(),
            anchor: format!("area-{}", slug_for_anchor(&area.area.title)),
            count: Tally::split(statements.len(), entries(&area.controls)),
            statements,
        });
    }
    let rest: Vec<Statement> = (0..portal.controls.len())
        .filter(|&c| public(c) && !seen[c])
        .filter(|&c| portal.frameworks[portal.controls[c].framework].scope == Scope::InScope)
        .map(statement)
        .collect();
    if !rest.is_empty() {
        out.push(AreaView {
            title: "Other controls".into(),
            summary: "Further controls we publish a statement for.".into(),
            anchor: "area-other".into(),
            count: Tally::new(rest.len(), 0),
            statements: rest,
        });
    }
    for (index, s) in out.iter_mut().flat_map(|a| &mut a.statements).enumerate() {
        s.index = index;
    }
    out
}

/// `controls.html`: every area with its statements, and per framework the documents that
/// stand behind them (and coverage, where `public:` opts in).
pub fn page(basis: &FigureScope, views: &Views, shared: &Shared) -> PageJob {
    let (portal, full) = (basis.visible, basis.full);
    let mut job = shared.page(
        "controls.html".into(),
        "trust/controls.html",
        "Controls",
        "controls",
        &[],
    );
    let areas = areas(portal, full);
    let texts: Vec<(String, String)> = areas
        .iter()
        .flat_map(|a| &a.statements)
        .map(|s| {
            let entry = portal.controls[s.control]
                .implementation
                .as_ref()
                .expect("statements have a public entry");
            let text = entry
                .implementation
                .clone()
                .unwrap_or_else(|| entry.justification.clone());
            (text, entry.source.file.clone())
        })
        .collect();
    let frameworks: Vec<serde_json::Value> = portal
        .frameworks
        .iter()
        .enumerate()
        .filter(|(_, f)| f.scope == Scope::InScope)
        .map(|(f, fw)| {
            // Figures over every control, hidden entries included: shown only where
            // `public:` opts in for the framework, and the page says so.
            let disclosed = discloses(portal, &fw.id);
            let whole = &full.frameworks[f];
            let over_all = FigureScope {
                includes_restricted: true,
                ..*basis
            };
            let figures = disclosed.then(|| {
                let controls = whole.groups.iter().flat_map(|g| &g.controls).copied();
                coverage(controls, &over_all)
            });
            let by_category: Vec<serde_json::Value> = if disclosed {
                coverage_by_category(whole, &over_all)
                    .into_iter()
                    .map(|(name, cov)| json!({ "name": name, "coverage": cov }))
                    .collect()
            } else {
                Vec::new()
            };
            json!({ "view": views.frameworks[f], "coverage": figures, "by_category": by_category })
        })
        .collect();
    job.set("areas", &areas)
        .set("frameworks", &frameworks)
        .markdown_items("statements", texts);
    job
}
