//! What the page of objectives adds to a record page's context.

use super::super::{PageJob, Views};
use crate::resolve::Portal;

/// Adds what the page of record `i` shows beyond every record's context.
pub(super) fn page(_portal: &Portal, _views: &Views, _i: usize, _job: &mut PageJob) {}

/// Whether the objective is on track, in words, as its badge shows it.
pub(super) fn status(_portal: &Portal, _i: usize) -> Option<String> {
    None
}
