//! Figures computed from the graph: coverage per framework, the dashboard's counts and risk
//! heat maps. Every aggregate figure a page, export or search entry states is computed here,
//! over what the audience may see with the count of what it may not (the truth rule).

use serde::Serialize;

use crate::check::Gaps;
use crate::model::{Audience, ImplementationStatus};
use crate::resolve::{
    Applicability, ControlNode, CrosswalkNode, EvidenceNode, FrameworkNode, Freshness, Portal,
    Review, ReviewStatus, RiskNode, Score,
};

/// A count as its reader may see it: the items shown and how many more are restricted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Items this audience may see.
    pub shown: usize,
    /// Further items it may not see.
    pub restricted: usize,
    /// Shown and restricted together: all there are.
    pub total: usize,
}

impl Tally {
    /// A tally of `shown` visible and `restricted` hidden items.
    pub fn new(shown: usize, restricted: usize) -> Tally {
        Tally {
            shown,
            restricted,
            total: shown + restricted,
        }
    }

    /// The same count taken over the visible and over the whole portal.
    pub fn split(shown: usize, all: usize) -> Tally {
        Tally::new(shown, all.saturating_sub(shown))
    }
}

/// What every figure is computed from: the portal as the audience sees it, the whole portal,
/// and whether `portal.yaml` lets aggregate figures cover everything (`public.show_coverage`).
#[derive(Clone, Copy)]
pub struct FigureScope<'a> {
    /// The filtered portal.
    pub visible: &'a Portal,
    /// The whole portal.
    pub full: &'a Portal,
    /// Coverage figures are taken over every entry, restricted ones included, and say so.
    pub includes_restricted: bool,
}

impl<'a> FigureScope<'a> {
    /// The scope of the figures in a build for `audience`.
    pub fn new(visible: &'a Portal, full: &'a Portal, audience: Audience) -> FigureScope<'a> {
        let includes_restricted = audience == Audience::Public && full.config.public.show_coverage;
        FigureScope {
            visible,
            full,
            includes_restricted,
        }
    }

    /// A count over the visible and the whole portal.
    pub fn tally(&self, count: impl Fn(&Portal) -> usize) -> Tally {
        Tally::split(count(self.visible), count(self.full))
    }
}

/// Coverage of one framework's (or one group's) controls.
///
/// Either over the entries the audience may see, with `restricted` counting the entries it may
/// not (`applicable + excluded + missing + restricted = total`), or, when `whole`, over every
/// entry (`applicable + excluded + missing = total`), `restricted` then saying how many of
/// them are not shown.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Coverage {
    /// Controls in all.
    pub total: usize,
    /// Included in the Statement of Applicability.
    pub applicable: usize,
    /// Excluded from the Statement of Applicability, with a justification.
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
    /// Applicable with no implementation status stated: undecided, not planned (its row says
    /// "not stated").
    pub undecided: usize,
    /// Applicable with valid (fresh or expiring) evidence, restricted evidence included.
    pub evidenced: usize,
    /// Of `evidenced`, those whose only valid evidence is restricted.
    pub evidenced_restricted: usize,
    /// Percent of applicable controls implemented.
    pub implemented_pct: u32,
    /// Percent of applicable controls with valid evidence.
    pub evidenced_pct: u32,
    /// The figures cover every entry, restricted ones included.
    pub whole: bool,
    /// Management-system requirements (clauses 4-10): not counted in `total`.
    pub requirements: usize,
    /// Requirements with a policy or procedure that cites them.
    pub requirements_documented: usize,
    /// Requirements with valid (fresh or expiring) evidence.
    pub requirements_evidenced: usize,
    /// Requirements with both: ready for a certification audit.
    pub requirements_ready: usize,
    /// Withdrawn controls: not counted in `total`.
    pub withdrawn: usize,
}

/// Whether a control has valid (fresh or expiring) evidence among `evidence`.
fn has_valid_evidence(control: &ControlNode, evidence: &[EvidenceNode]) -> bool {
    control
        .best_freshness(evidence)
        .is_some_and(Freshness::is_valid)
}

/// Coverage of a set of controls (indexes, the same in both portals of the [`FigureScope`]).
pub fn coverage(controls: impl IntoIterator<Item = usize>, basis: &FigureScope) -> Coverage {
    let mut c = Coverage {
        whole: basis.includes_restricted,
        ..Coverage::default()
    };
    for i in controls {
        let (shown, full) = (&basis.visible.controls[i], &basis.full.controls[i]);
        let counted = if basis.includes_restricted {
            full
        } else {
            shown
        };
        let counted_evidence = if basis.includes_restricted {
            &basis.full.evidence
        } else {
            &basis.visible.evidence
        };
        if counted.applicability == Applicability::Withdrawn {
            c.withdrawn += 1;
            continue;
        }
        // Clauses 4-10 are requirements, not controls, whether the framework is in scope or
        // aligned; a clause met through its sub-clauses counts through them alone.
        if counted.requirement {
            if !basis.visible.is_clause_heading(i) {
                let documented = !counted.policies.is_empty();
                let evidenced = has_valid_evidence(counted, counted_evidence);
                c.requirements += 1;
                c.requirements_documented += usize::from(documented);
                c.requirements_evidenced += usize::from(evidenced);
                c.requirements_ready += usize::from(documented && evidenced);
            }
            continue;
        }
        c.total += 1;
        if shown.applicability == Applicability::Restricted {
            c.restricted += 1;
        }
        match counted.applicability {
            Applicability::Applicable => {
                c.applicable += 1;
                match counted.implementation.as_ref().and_then(|i| i.status) {
                    Some(ImplementationStatus::Implemented) => c.implemented += 1,
                    Some(ImplementationStatus::Partial) => c.partial += 1,
                    Some(ImplementationStatus::Planned | ImplementationStatus::NotImplemented) => {
                        c.planned += 1
                    }
                    None => c.undecided += 1,
                }
                if has_valid_evidence(full, &basis.full.evidence) {
                    c.evidenced += 1;
                    if !has_valid_evidence(shown, &basis.visible.evidence) {
                        c.evidenced_restricted += 1;
                    }
                }
            }
            Applicability::Excluded => c.excluded += 1,
            Applicability::Missing => c.missing += 1,
            Applicability::Restricted
            | Applicability::NotRequired
            | Applicability::Required
            | Applicability::Withdrawn => {}
        }
    }
    c.implemented_pct = percent(c.implemented, c.applicable);
    c.evidenced_pct = percent(c.evidenced, c.applicable);
    c
}

/// `part` of `whole` in whole percent, rounded to the nearest (2 of 3 is 67%), but never 100%
/// while something is missing nor 0% once something is there: a reader acts on those two.
pub fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        return 0;
    }
    let rounded = (part * 100 + whole / 2) / whole;
    match rounded {
        100 if part < whole => 99,
        0 if part > 0 => 1,
        p => p as u32,
    }
}

/// Every control of a framework, in catalog order.
pub fn framework_controls(framework: &FrameworkNode) -> impl Iterator<Item = usize> + '_ {
    framework
        .groups
        .iter()
        .flat_map(|g| g.controls.iter().copied())
}

/// What the implemented controls of a crosswalk's source framework reach of its target.
#[derive(Debug, Clone, Serialize)]
pub struct Reach {
    /// Target controls related to an implemented source control.
    pub related: usize,
    /// Target controls covered whole (relation equal or superset).
    pub covered: usize,
    /// Controls of the target framework.
    pub target_total: usize,
    /// Mapped source controls whose entry the audience may not see.
    pub restricted: usize,
    /// Implementation states come from every entry, restricted ones included.
    pub whole: bool,
}

/// What work on a crosswalk's source framework reaches of its target; only implemented source
/// controls count, so the figure never overstates.
pub fn crosswalk_reach(walk: &CrosswalkNode, basis: &FigureScope) -> Reach {
    let controls = if basis.includes_restricted {
        &basis.full.controls
    } else {
        &basis.visible.controls
    };
    let implemented = |c: usize| {
        controls[c].implementation.as_ref().and_then(|i| i.status)
            == Some(ImplementationStatus::Implemented)
    };
    let reached = |only_covering: bool| -> usize {
        // A pair to a clause met through its sub-clauses reaches each of them.
        let mut targets: Vec<usize> = walk
            .mappings
            .iter()
            .filter(|m| implemented(m.from) && (!only_covering || m.relation.covers()))
            .flat_map(|m| m.to.iter().copied())
            .flat_map(|t| reached_through(basis.visible, t))
            .collect();
        targets.sort_unstable();
        targets.dedup();
        targets.len()
    };
    let mut sources: Vec<usize> = walk.mappings.iter().map(|m| m.from).collect();
    sources.sort_unstable();
    sources.dedup();
    Reach {
        related: reached(false),
        covered: reached(true),
        target_total: framework_controls(&basis.visible.frameworks[walk.to])
            .filter(|&t| !basis.visible.is_clause_heading(t))
            .count(),
        restricted: sources
            .iter()
            .filter(|&&s| basis.visible.controls[s].applicability == Applicability::Restricted)
            .count(),
        whole: basis.includes_restricted,
    }
}

/// What a crosswalk pair to `target` reaches: the target, or the sub-clauses of a clause met
/// through them.
fn reached_through(portal: &Portal, target: usize) -> Vec<usize> {
    let children: Vec<usize> = portal.subclauses(target).collect();
    if children.is_empty() {
        vec![target]
    } else {
        children
    }
}

/// The dashboard's key figures, each over what the audience sees with the restricted rest.
#[derive(Debug, Clone, Serialize)]
pub struct Registers {
    /// Policies and procedures: shown, restricted and in all.
    pub policies: Tally,
    /// AI systems: shown, restricted and in all.
    pub systems: Tally,
    /// Risks: shown, restricted and in all.
    pub risks: Tally,
    /// Risks above appetite and not accepted (from the gaps).
    pub above_appetite: Tally,
    /// Evidence records: shown, restricted and in all.
    pub evidence: Tally,
    /// Evidence expiring or expired.
    pub evidence_due: Tally,
    /// Reviews due soon or overdue.
    pub due_reviews: Tally,
    /// Gaps still open (missing entries, overdue reviews, expired evidence...).
    pub gaps: Tally,
}

/// The dashboard's key figures.
pub fn registers(basis: &FigureScope, gaps: &Gaps, full_gaps: &Gaps) -> Registers {
    Registers {
        policies: basis.tally(|p| p.policies.len()),
        systems: basis.tally(|p| p.systems.len()),
        risks: basis.tally(|p| p.risks.len()),
        above_appetite: Tally::split(
            gaps.risks_above_appetite.len(),
            full_gaps.risks_above_appetite.len(),
        ),
        evidence: basis.tally(|p| p.evidence.len()),
        evidence_due: basis.tally(evidence_due),
        due_reviews: basis.tally(due_reviews),
        gaps: Tally::split(gaps.total(), full_gaps.total()),
    }
}

/// Evidence records expiring or expired (not those dated after today: they are not due).
pub fn evidence_due(portal: &Portal) -> usize {
    portal
        .evidence
        .iter()
        .filter(|e| e.freshness.is_due())
        .count()
}

/// Items on the review schedule: policies, AI systems and risks.
pub fn reviewed(portal: &Portal) -> usize {
    portal.policies.len() + portal.systems.len() + portal.risks.len()
}

/// Reviews of policies, risks and systems that are overdue or due soon.
pub fn due_reviews(portal: &Portal) -> usize {
    let due = |r: &Review| matches!(r.status, ReviewStatus::Overdue | ReviewStatus::DueSoon);
    portal.policies.iter().filter(|p| due(&p.review)).count()
        + portal.risks.iter().filter(|r| due(&r.review)).count()
        + portal.systems.iter().filter(|s| due(&s.review)).count()
}

/// One cell of a heat map.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The cell's likelihood, its column.
    pub likelihood: u32,
    /// The cell's impact, its row.
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
    /// Risks on the map.
    pub shown: usize,
    /// Risks left off because this audience may not see them.
    pub restricted: usize,
}

/// Builds the inherent or residual heat map of the risks the audience sees.
pub fn heat_map(kind: &'static str, basis: &FigureScope) -> HeatMap {
    let (portal, risks) = (basis.visible, &basis.visible.risks);
    let risk_count = basis.tally(|p| p.risks.len());
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
        shown: risk_count.shown,
        restricted: risk_count.restricted,
    }
}

/// Fragment id of a heat-map cell's risk list.
pub fn cell_anchor(kind: &str, likelihood: u32, impact: u32) -> String {
    format!("{kind}-l{likelihood}-i{impact}")
}

/// Coverage of a framework per category (or per group where groups have no category), in
/// catalog order.
pub fn coverage_by_category(
    framework: &FrameworkNode,
    basis: &FigureScope,
) -> Vec<(String, Coverage)> {
    let name_of = |g: &crate::resolve::GroupNode| {
        g.category
            .clone()
            .unwrap_or_else(|| format!("{} {}", g.id, g.title))
    };
    let mut names: Vec<String> = Vec::new();
    // Management-system clauses are left out: they have no applicability to cover.
    for group in framework.groups.iter().filter(|g| !g.requirements) {
        let name = name_of(group);
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
                .filter(|g| !g.requirements && name_of(g) == name)
                .flat_map(|g| g.controls.iter().copied());
            let cov = coverage(controls, basis);
            (name, cov)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_round_but_never_claim_all_or_nothing_falsely() {
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(199, 200), 99);
        assert_eq!(percent(1, 1000), 1);
        assert_eq!(percent(0, 5), 0);
        assert_eq!(percent(5, 5), 100);
        assert_eq!(percent(0, 0), 0);
    }
}
