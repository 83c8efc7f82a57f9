//! No record from the future: one rule for every kind of record.
//!
//! A record that says it was collected, reviewed, approved, issued or announced after the day
//! its data is as of (`--today`) cannot be true yet. Each such date is a warning (W330) at its
//! file and line, and the record never counts as fresh, reviewed, approved or in force: its
//! evidence freshness is [`Freshness::Future`](super::Freshness::Future), a review after today
//! is no review ([`Review::compute`](super::Review::compute)), a policy or Statement of
//! Applicability is not in force, an acceptance is not in force. Dates that look ahead
//! (`expires`, `next_review`, periods) are never judged; which is which is decided once, in
//! [`crate::model::dated`].

use crate::diagnostics::Diagnostic;
use crate::model::dated::{Dated, after};
use crate::model::{Date, Source};

use super::Portal;

/// Warns (W330) about each date of `record` that records its past and falls after `today`,
/// at that date; `what` names the record (`evidence \`EV-1\``). Returns whether there was
/// one. A date that could not be read (a stand-in) is not judged.
pub(super) fn judge(
    record: &dyn Dated,
    what: &str,
    source: &Source,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut found = false;
    for (field, date) in after(record, today) {
        if source.patched(&[&field]) {
            continue;
        }
        found = true;
        let d = Diagnostic::warning(
            "W330",
            format!("{what}: `{field}` {date} is after the date the data is as of ({today})"),
        )
        .help(format!(
            "a record cannot be dated after --today: until {date} it does not count as fresh, reviewed, approved or in force; correct the date or build with a later --today"
        ));
        diags.push(source.locate(d, &field));
    }
    found
}

/// Warns (W330) about the dates of `portal.yaml` (Statement of Applicability approvals and
/// history, attestations, announcements) after `today`.
pub(super) fn judge_config(portal: &Portal, diags: &mut Vec<Diagnostic>) {
    judge(
        &portal.config,
        "portal.yaml",
        &portal.config_source,
        portal.today,
        diags,
    );
}

impl Portal {
    /// Whether the Statement of Applicability of `framework` (`portal.yaml` `soa:`) states an
    /// approval or a change after `--today`: its current version is then not approved yet.
    pub fn soa_after_today(&self, framework: &str) -> bool {
        self.config
            .soa
            .get(framework)
            .is_some_and(|document| !after(document, self.today).is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_past_date_after_today_is_one_warning_at_its_field() {
        let text = "id: EV-1\ntitle: T\nfile: a.pdf\ncollected: 2026-03-01\nexpires: 2027-01-01\n";
        let record: crate::model::Evidence = serde_yaml::from_str(text).unwrap();
        let mut diags = Vec::new();
        let today = Date::parse("2026-02-01").unwrap();
        let source = Source::new("content/evidence/e.yaml", 3);
        assert!(judge(
            &record,
            "evidence `EV-1`",
            &source,
            today,
            &mut diags
        ));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "W330");
        assert!(diags[0].message.contains("`collected` 2026-03-01"));
        let later = Date::parse("2026-03-01").unwrap();
        assert!(!judge(&record, "evidence", &source, later, &mut Vec::new()));
    }
}
