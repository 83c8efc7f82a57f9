//! Checks of nonconformities.

use super::RecordGap;
use crate::diagnostics::Diagnostic;
use crate::resolve::Portal;

/// The gaps of nonconformities.
pub(super) fn gaps(_portal: &Portal) -> Vec<RecordGap> {
    Vec::new()
}

/// The diagnostics of nonconformities.
pub(super) fn diagnostics(_portal: &Portal, _gaps: &[RecordGap]) -> Vec<Diagnostic> {
    Vec::new()
}
