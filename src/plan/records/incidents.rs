//! What the page of incidents adds to a record page's context.

use super::super::{PageJob, Views};
use crate::resolve::Portal;

/// Adds what the page of record `i` shows beyond every record's context.
pub(super) fn page(_portal: &Portal, _views: &Views, _i: usize, _job: &mut PageJob) {}
