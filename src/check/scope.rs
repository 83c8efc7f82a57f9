//! Applicability entries against their framework's style: a CUEC belongs to a scope (SOC 2),
//! not to a Statement of Applicability (W346).

use crate::diagnostics::Diagnostic;
use crate::resolve::Portal;

/// W346: an entry that names a CUEC (`cuec:`) in a framework with a Statement of
/// Applicability: complementary user entity controls belong to a scope (SOC 2), and nothing
/// of an ISO Statement of Applicability shows them.
pub fn cuecs_outside_a_scope(portal: &Portal) -> Vec<Diagnostic> {
    portal
        .controls
        .iter()
        .filter(|c| !portal.frameworks[c.framework].applicability.words().scope)
        .filter_map(|c| {
            let entry = c.implementation.as_ref()?;
            entry.cuec.as_ref()?;
            let d = Diagnostic::warning(
                "W346",
                format!(
                    "`{}` names a CUEC, but `{}` has a Statement of Applicability, not a scope",
                    c.key, c.framework_id
                ),
            )
            .help("complementary user entity controls belong to a SOC 2 scope: say what customers do in the `justification` instead");
            Some(entry.source.locate_key(d, "cuec"))
        })
        .collect()
}
