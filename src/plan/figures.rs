//! Figures computed from the graph: coverage per framework and risk heat maps.

use serde::Serialize;

use crate::model::ImplementationStatus;
use crate::resolve::{Applicability, ControlNode, Freshness, Portal, RiskNode, Score};

/// Coverage of one framework's (or one group's) controls.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Coverage {
    /// Controls in all.
    pub total: usize,
    /// Included in the Statement of Applicability.
    pub applicable: usize,
    /// Excluded.
    pub excluded: usize,
    /// In scope without an entry.
    pub missing: usize,
    /// Entries this audience may not see.
    pub restricted: usize,
    /// Applicable and implemented.
    pub implemented: usize,
    /// Applicable and partial.
    pub partial: usize,
    /// Applicable and planned or not implemented.
    pub planned: usize,
    /// Applicable with valid (fresh or expiring) evidence.
    pub evidenced: usize,
    /// Percent of applicable controls implemented.
    pub implemented_pct: u32,
    /// Percent of applicable controls with valid evidence.
    pub evidenced_pct: u32,
}

/// Coverage of a set of controls.
pub fn coverage<'a>(
    controls: impl IntoIterator<Item = &'a ControlNode>,
    portal: &Portal,
) -> Coverage {
    let mut c = Coverage::default();
    for control in controls {
        c.total += 1;
        match control.applicability {
            Applicability::Applicable => {
                c.applicable += 1;
                match control.implementation.as_ref().and_then(|i| i.status) {
                    Some(ImplementationStatus::Implemented) => c.implemented += 1,
                    Some(ImplementationStatus::Partial) => c.partial += 1,
                    _ => c.planned += 1,
                }
                if control
                    .best_freshness(&portal.evidence)
                    .is_some_and(|f| f != Freshness::Expired)
                {
                    c.evidenced += 1;
                }
            }
            Applicability::Excluded => c.excluded += 1,
            Applicability::Missing => c.missing += 1,
            Applicability::Restricted => c.restricted += 1,
            Applicability::NotRequired => {}
        }
    }
    let pct = |n: usize| (n * 100).checked_div(c.applicable).unwrap_or(0) as u32;
    c.implemented_pct = pct(c.implemented);
    c.evidenced_pct = pct(c.evidenced);
    c
}

/// One cell of a heat map.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Likelihood (column).
    pub likelihood: u32,
    /// Impact (row).
    pub impact: u32,
    /// Score of the cell.
    pub score: u32,
    /// Level of the cell.
    pub level: String,
    /// Risks in the cell.
    pub count: usize,
    /// Anchor on the heat-map page listing them.
    pub anchor: String,
    /// Whether the cell's score is above the risk appetite.
    pub above: bool,
    /// Whether the appetite boundary runs along its left side (the cell to its left is within).
    pub edge_left: bool,
    /// Whether the appetite boundary runs along its bottom (the cell below is within).
    pub edge_bottom: bool,
}

/// A heat map: rows from the highest impact down, columns by likelihood.
#[derive(Debug, Clone, Serialize)]
pub struct HeatMap {
    /// `inherent` or `residual`.
    pub kind: &'static str,
    /// Likelihood values for the column headers.
    pub likelihoods: Vec<u32>,
    /// Rows: impact and cells.
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// Builds the inherent or residual heat map of the given risks.
pub fn heat_map(kind: &'static str, risks: &[RiskNode], portal: &Portal) -> HeatMap {
    let scale = portal.config.risk.scale;
    let appetite = portal.config.risk.appetite;
    let score_of = |r: &RiskNode| -> Option<(u32, u32)> {
        let s: &Score = if kind == "inherent" {
            &r.inherent
        } else {
            r.residual.as_ref().unwrap_or(&r.inherent)
        };
        Some((s.likelihood, s.impact))
    };
    let mut counts = vec![vec![0usize; scale as usize]; scale as usize];
    for risk in risks {
        if let Some((l, i)) = score_of(risk)
            && (1..=scale).contains(&l)
            && (1..=scale).contains(&i)
        {
            counts[(i - 1) as usize][(l - 1) as usize] += 1;
        }
    }
    let rows = (1..=scale)
        .rev()
        .map(|impact| {
            let cells = (1..=scale)
                .map(|likelihood| {
                    let score = likelihood * impact;
                    let above = |l: u32, i: u32| appetite.is_some_and(|a| l * i > a);
                    Cell {
                        above: above(likelihood, impact),
                        edge_left: above(likelihood, impact)
                            && likelihood > 1
                            && !above(likelihood - 1, impact),
                        edge_bottom: above(likelihood, impact)
                            && impact > 1
                            && !above(likelihood, impact - 1),
                        likelihood,
                        impact,
                        score,
                        level: crate::resolve::scoring::level_of(score, &portal.config.risk.levels)
                            .to_string(),
                        count: counts[(impact - 1) as usize][(likelihood - 1) as usize],
                        anchor: cell_anchor(kind, likelihood, impact),
                    }
                })
                .collect();
            (impact, cells)
        })
        .collect();
    HeatMap {
        kind,
        likelihoods: (1..=scale).collect(),
        rows,
    }
}

/// Fragment id of a heat-map cell's risk list.
pub fn cell_anchor(kind: &str, likelihood: u32, impact: u32) -> String {
    format!("{kind}-l{likelihood}-i{impact}")
}

/// Coverage of a framework per category (or per group where groups have no category), in
/// catalog order.
pub fn coverage_by_category(
    framework: &crate::resolve::FrameworkNode,
    portal: &Portal,
) -> Vec<(String, Coverage)> {
    let mut names: Vec<String> = Vec::new();
    for group in &framework.groups {
        let name = group
            .category
            .clone()
            .unwrap_or_else(|| format!("{} {}", group.id, group.title));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let controls = framework
                .groups
                .iter()
                .filter(|g| {
                    g.category
                        .clone()
                        .unwrap_or_else(|| format!("{} {}", g.id, g.title))
                        == name
                })
                .flat_map(|g| &g.controls)
                .map(|&c| &portal.controls[c]);
            let cov = coverage(controls, portal);
            (name, cov)
        })
        .collect()
}
