//! Checks of audits.

use super::RecordGap;
use crate::diagnostics::Diagnostic;
use crate::resolve::Portal;

/// The gaps of audits.
pub(super) fn gaps(_portal: &Portal) -> Vec<RecordGap> {
    Vec::new()
}

/// The diagnostics of audits.
pub(super) fn diagnostics(_portal: &Portal, _gaps: &[RecordGap]) -> Vec<Diagnostic> {
    Vec::new()
}
