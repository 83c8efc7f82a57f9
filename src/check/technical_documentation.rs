//! The Annex IV technical documentation of high-risk AI systems: a point nothing covers is a
//! gap, and a warning (W345) naming the system and its uncovered points.

use crate::diagnostics::Diagnostic;
use crate::load::vocabulary::RISK_CLASS;
use crate::resolve::{Portal, SystemNode};

/// Whether a system is classed high-risk under the EU AI Act (its `risk_class`).
pub fn high_risk(node: &SystemNode) -> bool {
    node.system
        .risk_class
        .as_deref()
        .and_then(|c| RISK_CLASS.canonical(c))
        .is_some_and(|c| c == "high-risk")
}

/// The points of a system's Annex IV technical documentation that nothing covers.
pub fn uncovered_points(node: &SystemNode) -> Vec<u8> {
    node.annex_iv
        .iter()
        .filter(|p| p.uncovered())
        .map(|p| p.point)
        .collect()
}

/// High-risk systems with at least one uncovered Annex IV point (indexes into
/// `Portal::systems`).
pub fn gaps(portal: &Portal) -> Vec<usize> {
    portal
        .systems
        .iter()
        .enumerate()
        .filter(|(_, s)| high_risk(s) && !uncovered_points(s).is_empty())
        .map(|(i, _)| i)
        .collect()
}

/// W345: a high-risk system whose technical documentation leaves points uncovered, at its
/// `technical_documentation:` (or, without one, at its `risk_class`).
pub fn warning(portal: &Portal, s: usize) -> Diagnostic {
    let node = &portal.systems[s];
    let points = uncovered_points(node);
    let list: Vec<String> = points.iter().map(u8::to_string).collect();
    let (point, are) = if points.len() == 1 {
        ("point", "is")
    } else {
        ("points", "are")
    };
    let declared = !node.system.technical_documentation.is_empty();
    let message = if declared {
        format!(
            "high-risk system `{}`: Annex IV {point} {} of its technical documentation {are} not covered",
            node.system.id,
            list.join(", ")
        )
    } else {
        format!(
            "high-risk system `{}` declares no technical documentation: Annex IV {point} {} {are} not covered",
            node.system.id,
            list.join(", ")
        )
    };
    let d = Diagnostic::warning("W345", message).help(format!(
        "under `technical_documentation:`, name the documents or evidence records that cover each point (`{}: [EV-...]`)",
        points.first().copied().unwrap_or(1)
    ));
    if declared {
        node.system.source.locate_key(d, "technical_documentation")
    } else {
        node.system.source.locate(d, "risk_class")
    }
}
