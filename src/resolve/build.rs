//! Building the graph from a loaded project: the stages of [`resolve`], in order.

use std::collections::HashMap;

use super::entities::{self, Defaults, Edges};
use super::references::Index;
use super::scoring::bands_cover;
use super::*;
use super::{catalog, ids, text, tree};
use crate::diagnostics::Diagnostic;
use crate::load::Project;
use crate::model::Source;

/// Resolves every reference and computes scores, applicability, freshness and reviews.
pub fn resolve(project: Project, today: Date) -> (Portal, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (defaults, due_soon_days) = settings(&project.config, &project.config_source, &mut diags);
    let mut index = empty_index(&project);
    let (frameworks, controls) = catalog::shown_frameworks(
        &project.config,
        &project.config_source,
        project.frameworks,
        project.builtin_frameworks,
        &mut index,
        &mut diags,
    );
    catalog::check_soa_documents(
        &project.config,
        &project.config_source,
        &frameworks,
        &mut diags,
    );
    let mut portal = Portal {
        root: project.root,
        today,
        due_soon_days,
        frameworks,
        controls,
        policies: Vec::new(),
        pages: Vec::new(),
        systems: Vec::new(),
        risks: Vec::new(),
        evidence: Vec::new(),
        records: super::records::nodes(project.records),
        crosswalks: Vec::new(),
        index,
        documents: HashMap::new(),
        page_tree: Default::default(),
        mentions: Vec::new(),
        templates: project.templates,
        static_files: project.static_files,
        config: project.config,
        config_source: project.config_source.clone(),
        trust: super::trust::Trust::default(),
        history: project.history,
    };
    // The page tree gives pages their ids and places; then ids, so that every later
    // reference can be looked up.
    let mut pages = project.pages;
    portal.page_tree = tree::build(&mut pages, &project.page_assets);
    let sorted = Sorted::of(
        project.policies,
        pages,
        project.systems,
        project.risks,
        project.evidence,
    );
    ids::register_all(&mut portal, &sorted, &mut diags);
    catalog::attach_implementations(
        &mut portal,
        project.controls,
        &project.config_source,
        &mut diags,
    );
    super::future::judge_config(&portal, &mut diags);
    resolve_entities(&mut portal, sorted, defaults, &mut diags);
    super::records::resolve_references(&mut portal, &mut diags);
    super::records::judge_dates(&mut portal, &mut diags);
    catalog::inherit_from_clauses(&mut portal);
    portal.mentions = text::mention_pairs(&mut portal, &mut diags);
    tree::attach_assets(&mut portal.pages, &portal.documents, &portal.page_tree);
    text::placeholders(&mut portal, &mut diags);
    portal.crosswalks = catalog::resolve_crosswalks(&portal, project.crosswalks, &mut diags);
    catalog::map_controls(&mut portal);
    portal.trust = super::trust::resolve(
        &portal,
        &project.config_source,
        project.subprocessors,
        project.questions,
        &mut diags,
    );
    text::unknown_other_references(&mut portal, &mut diags);
    (portal, diags)
}

/// An index with no ids yet, but with the ids of files that could not be parsed (and which
/// of those are catalogs'), so that a reference to one is not reported as unknown.
fn empty_index(project: &Project) -> Index {
    Index {
        broken: super::references::Broken::new(
            &project.broken,
            project.unreadable.iter().flat_map(|u| &u.ids),
            project
                .unreadable
                .iter()
                .filter(|u| u.file.starts_with("content/frameworks/"))
                .flat_map(|u| &u.ids),
        ),
        ..Index::default()
    }
}

/// Policies, risks, evidence and systems resolved against the controls, in that order, and
/// every control given the items that point at it.
fn resolve_entities(
    portal: &mut Portal,
    sorted: Sorted,
    defaults: Defaults,
    diags: &mut Vec<Diagnostic>,
) {
    let mut edges = Edges::new(portal.controls.len(), sorted.systems.len());
    entities::policies(portal, sorted.policies, defaults, &mut edges, diags);
    entities::statement_policies(portal, &mut edges, diags);
    entities::risks(portal, sorted.risks, defaults, &mut edges, diags);
    entities::evidence(portal, sorted.evidence, defaults, &mut edges, diags);
    entities::systems(portal, sorted.systems, defaults, &mut edges, diags);
    portal.pages = sorted.pages;
    entities::attach_to_controls(portal, edges, diags);
}

/// The entities of each kind in the order pages and indexes list them.
pub(super) struct Sorted {
    pub policies: Vec<Policy>,
    pub pages: Vec<Page>,
    pub systems: Vec<System>,
    pub risks: Vec<Risk>,
    pub evidence: Vec<Evidence>,
}

impl Sorted {
    /// Policies, systems, risks and evidence by id as people read ids; pages by `order`, then
    /// title. Sorts are stable: two definitions of one id keep the order of their files.
    fn of(
        mut policies: Vec<Policy>,
        mut pages: Vec<Page>,
        mut systems: Vec<System>,
        mut risks: Vec<Risk>,
        mut evidence: Vec<Evidence>,
    ) -> Sorted {
        policies.sort_by(|a, b| ids::natural_cmp(&a.meta.id, &b.meta.id));
        pages.sort_by(|a, b| {
            (a.meta.order.unwrap_or(i64::MAX), &a.meta.title)
                .cmp(&(b.meta.order.unwrap_or(i64::MAX), &b.meta.title))
        });
        systems.sort_by(|a, b| ids::natural_cmp(&a.id, &b.id));
        risks.sort_by(|a, b| ids::natural_cmp(&a.id, &b.id));
        evidence.sort_by(|a, b| ids::natural_cmp(&a.id, &b.id));
        Sorted {
            policies,
            pages,
            systems,
            risks,
            evidence,
        }
    }
}

/// Reads the portal-wide settings items are judged with: intervals (E407), risk levels that
/// cover the scale (E406) and a scale a heat map can draw (E104). Returns the defaults and
/// how many days ahead count as "due soon".
pub(super) fn settings(
    config: &PortalConfig,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) -> (Defaults, i64) {
    let due_soon =
        entities::interval_or(&config.reviews.due_soon, source, "reviews.due_soon", diags);
    let defaults = Defaults {
        review: entities::interval_or(
            &config.reviews.default_interval,
            source,
            "reviews.default_interval",
            diags,
        ),
        validity: entities::interval_or(
            &config.evidence.default_validity,
            source,
            "evidence.default_validity",
            diags,
        ),
    };
    if let Err(message) = bands_cover(&config.risk.levels, config.risk.scale) {
        diags.push(
            source.locate(
                Diagnostic::error("E406", format!("risk levels: {message}"))
                    .help("give the last level a `max` of at least scale x scale"),
                "risk.levels",
            ),
        );
    }
    // Heat maps draw every cell, so the scale stays one a reader can take in (up to 10 x 10).
    if config.risk.scale < 2 || config.risk.scale > 10 {
        diags.push(source.locate(
            Diagnostic::error(
                "E104",
                format!("risk scale {} must be between 2 and 10", config.risk.scale),
            ),
            "risk.scale",
        ));
    }
    acceptance_levels(&config.risk, source, diags);
    (defaults, due_soon.days())
}

/// `risk.acceptance_by` names only level names and `above_appetite` (E104, with the name
/// most likely meant), and `above_appetite` only with an appetite to be above.
fn acceptance_levels(
    risk: &crate::model::config::RiskConfig,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    use crate::model::config::ABOVE_APPETITE;
    let known: Vec<&str> = risk
        .levels
        .iter()
        .map(|l| l.name.as_str())
        .chain([ABOVE_APPETITE])
        .collect();
    for key in risk.unknown_acceptance_levels() {
        let help = match crate::diagnostics::closest(key, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "use a level name or `{ABOVE_APPETITE}`: {}",
                known.join(", ")
            ),
        };
        diags.push(
            source.locate_key(
                Diagnostic::error(
                    "E104",
                    format!("risk.acceptance_by: `{key}` is not a risk level"),
                )
                .help(help),
                &format!("risk.acceptance_by.{key}"),
            ),
        );
    }
    if risk.appetite.is_none() && risk.acceptance_by.contains_key(ABOVE_APPETITE) {
        diags.push(
            source.locate_key(
                Diagnostic::error(
                    "E104",
                    format!("risk.acceptance_by: `{ABOVE_APPETITE}` needs `risk.appetite`"),
                )
                .help(
                    "set `risk.appetite`, the highest residual score accepted without escalation",
                ),
                &format!("risk.acceptance_by.{ABOVE_APPETITE}"),
            ),
        );
    }
}
