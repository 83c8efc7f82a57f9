//! The applicability pages (`soa/<fw>.html`): which rows a Statement of Applicability shows
//! and the summary sentence counted from those same rows; for a scoped framework (SOC 2), the
//! categories in scope.

use serde::Serialize;
use tera::Value;

use super::figures::{Coverage, FigureScope, coverage, framework_controls};
use super::views::EVIDENCE_PER_ROW;
use super::{Views, list, record};
use crate::resolve::{Applicability, FrameworkNode, Portal};

/// The categories of a framework with at least one control this audience sees as applicable,
/// in catalog order: for SOC 2, the trust services categories in scope. Empty for a
/// Statement of Applicability, which is not organised by category.
pub fn categories_in_scope(portal: &Portal, fw: &FrameworkNode) -> Vec<String> {
    if !fw.applicability.words().scope {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for group in &fw.groups {
        let Some(category) = &group.category else {
            continue;
        };
        let applies = group
            .controls
            .iter()
            .any(|&c| portal.controls[c].applicability == Applicability::Applicable);
        if applies && !out.contains(category) {
            out.push(category.clone());
        }
    }
    out
}

/// Which optional columns of a Statement of Applicability have a value in at least one row:
/// a column no row fills is left out, rather than shown empty down the page.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SoaColumns {
    /// The implementation status of an applicable entry.
    pub status: bool,
    /// Who owns the entry.
    pub owner: bool,
    /// Policies that implement the control.
    pub policies: bool,
    /// Evidence for the control.
    pub evidence: bool,
    /// How many columns the table has: the four always shown and the optional ones filled.
    pub span: usize,
}

/// A Statement of Applicability (or SOC 2 scope) as one page shows it: its rows by group,
/// the columns they fill, and the coverage summary, whose count of entries not shown is the
/// count of rows this same plan left out, so the sentence and the table cannot disagree.
pub struct SoaTable {
    /// The groups (clauses, categories), each `{id, title, rows}`.
    pub groups: Vec<Value>,
    /// The rows listed, in all groups.
    pub listed: usize,
    /// The columns some row fills.
    pub columns: SoaColumns,
    /// The summary: `restricted` is the number of entries left out of the rows.
    pub coverage: Coverage,
}

/// Whether a control of the framework is a row of its Statement of Applicability for this
/// audience: management-system requirements (clauses 4-10) take no entry, and an entry the
/// audience may not see is left out whole (counted in the summary), never shown as a pill.
pub fn is_row(applicability: Applicability) -> bool {
    !matches!(
        applicability,
        Applicability::Required | Applicability::Restricted
    )
}

/// Plans the rows and the summary of framework `f`'s Statement of Applicability.
pub fn table(basis: &FigureScope, views: &Views, f: usize) -> SoaTable {
    let portal = basis.visible;
    let fw = &portal.frameworks[f];
    let mut columns = SoaColumns::default();
    let mut listed = 0;
    let mut withheld = 0;
    let mut groups = Vec::new();
    for g in &fw.groups {
        let mut rows = Vec::new();
        for &c in &g.controls {
            let control = &portal.controls[c];
            if !is_row(control.applicability) {
                // Only a counted entry (not a requirement, not withdrawn) is one "not shown".
                if control.applicability == Applicability::Restricted && !control.requirement {
                    withheld += 1;
                }
                continue;
            }
            let applicable = control.applicability == Applicability::Applicable;
            columns.status |= applicable;
            columns.owner |= control
                .implementation
                .as_ref()
                .is_some_and(|i| i.owner.is_some());
            columns.policies |= !control.policies.is_empty();
            columns.evidence |= !control.evidence.is_empty();
            rows.push(row(portal, views, c));
        }
        listed += rows.len();
        groups.push(record(vec![
            ("id", g.id.clone().into()),
            ("title", g.title.clone().into()),
            ("rows", list(rows)),
        ]));
    }
    columns.span = 4 + [
        columns.status,
        columns.owner,
        columns.policies,
        columns.evidence,
    ]
    .into_iter()
    .filter(|&c| c)
    .count();
    let mut coverage = coverage(framework_controls(fw), basis);
    coverage.restricted = withheld;
    SoaTable {
        groups,
        listed,
        columns,
        coverage,
    }
}

/// One row: the control's view, its entry, and the policies and evidence this audience sees.
/// Each list is its first few, with how many more the control's page lists, so that the
/// statement stays one readable page however many policies and records a control gathers.
fn row(portal: &Portal, views: &Views, c: usize) -> Value {
    let control = &portal.controls[c];
    let evidence = control.evidence.len().min(EVIDENCE_PER_ROW);
    let policies = control.policies.len().min(EVIDENCE_PER_ROW);
    record(vec![
        ("control", views.controls[c].clone()),
        (
            "evidence",
            list(Views::list(&views.evidence, &control.evidence[..evidence])),
        ),
        ("evidence_more", (control.evidence.len() - evidence).into()),
        ("entry", Value::from_serializable(&control.implementation)),
        ("restricted", Value::from_serializable(&control.restricted)),
        (
            "policies",
            list(Views::list(&views.policies, &control.policies[..policies])),
        ),
        ("policies_more", (control.policies.len() - policies).into()),
    ])
}
