//! What the applicability pages (`soa/<fw>.html`) and exports say beyond their rows: for a
//! scoped framework (SOC 2), the categories in scope.

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
