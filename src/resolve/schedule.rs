//! Time: review intervals, when reviews fall due, and how fresh evidence is.

use serde::Serialize;

use crate::model::Date;

/// A review or validity interval: `quarterly | semiannual | annual | <N>d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// Calendar months.
    Months(u32),
    /// A number of days.
    Days(i64),
}

impl Interval {
    /// Parses an interval, or says which forms are accepted.
    pub fn parse(text: &str) -> Result<Interval, String> {
        match text.trim() {
            "monthly" => Ok(Interval::Months(1)),
            "quarterly" => Ok(Interval::Months(3)),
            "semiannual" => Ok(Interval::Months(6)),
            "annual" => Ok(Interval::Months(12)),
            other => other
                .strip_suffix('d')
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| (1..=36_500).contains(n))
                .map(Interval::Days)
                .ok_or_else(|| {
                    format!("`{other}` is not an interval (monthly, quarterly, semiannual, annual or a number of days like 90d)")
                }),
        }
    }

    /// The date one interval after `from`.
    pub fn after(self, from: Date) -> Date {
        match self {
            Interval::Months(m) => Date(
                from.0
                    .checked_add_months(chrono::Months::new(m))
                    .unwrap_or(chrono::NaiveDate::MAX),
            ),
            Interval::Days(d) => from.plus_days(d),
        }
    }

    /// Approximate length in days, for "due soon" windows.
    pub fn days(self) -> i64 {
        match self {
            Interval::Months(m) => i64::from(m) * 30,
            Interval::Days(d) => d,
        }
    }
}

/// Where a review stands against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Next review is past.
    Overdue,
    /// Next review falls within the due-soon window.
    DueSoon,
    /// Next review is later.
    Ok,
    /// Never reviewed and no date set.
    NotScheduled,
}

impl ReviewStatus {
    /// The status in words for people (`due soon`, `overdue`).
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::DueSoon => "due soon",
            ReviewStatus::Ok => "ok",
            ReviewStatus::NotScheduled => "not scheduled",
        }
    }
}

/// When an item was and will be reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The day of the last review, if any.
    pub last: Option<Date>,
    /// The day the next review is due, if it can be computed.
    pub next: Option<Date>,
    /// Overdue, due soon, fine or not scheduled, as of the build's `--today`.
    pub status: ReviewStatus,
}

impl Review {
    /// Computes the next review from an explicit date, or the last review plus the interval.
    /// A last review dated after `today` has not happened yet (W330): it is no review.
    pub fn compute(
        last: Option<Date>,
        next: Option<Date>,
        interval: Interval,
        today: Date,
        due_soon: i64,
    ) -> Review {
        let last = last.filter(|d| *d <= today);
        let next = next.or_else(|| last.map(|d| interval.after(d)));
        let status = match next {
            None => ReviewStatus::NotScheduled,
            Some(n) if n < today => ReviewStatus::Overdue,
            Some(n) if today.days_until(n) <= due_soon => ReviewStatus::DueSoon,
            Some(_) => ReviewStatus::Ok,
        };
        Review { last, next, status }
    }
}

/// How fresh a piece of evidence is against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Freshness {
    /// Valid beyond the due-soon window.
    Fresh,
    /// Expires within the due-soon window.
    Expiring,
    /// Past its expiry date.
    Expired,
    /// Collected after `--today` (W330): not evidence yet, as of the data's date.
    Future,
}

impl Freshness {
    /// Freshness of evidence expiring on `expires`.
    pub fn compute(expires: Date, today: Date, due_soon: i64) -> Freshness {
        if expires < today {
            Freshness::Expired
        } else if today.days_until(expires) <= due_soon {
            Freshness::Expiring
        } else {
            Freshness::Fresh
        }
    }

    /// The freshness in words for people (`fresh`, `expiring`, `expired`, `future`).
    pub fn label(self) -> &'static str {
        match self {
            Freshness::Fresh => "fresh",
            Freshness::Expiring => "expiring",
            Freshness::Expired => "expired",
            Freshness::Future => "future",
        }
    }

    /// Whether the evidence counts for its controls: fresh or expiring, not expired and not
    /// dated after today.
    pub fn is_valid(self) -> bool {
        matches!(self, Freshness::Fresh | Freshness::Expiring)
    }

    /// Whether the evidence needs collecting again soon or now (expiring or expired).
    pub fn is_due(self) -> bool {
        matches!(self, Freshness::Expiring | Freshness::Expired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_named_and_day_intervals() {
        assert_eq!(Interval::parse("quarterly"), Ok(Interval::Months(3)));
        assert_eq!(Interval::parse("90d"), Ok(Interval::Days(90)));
        assert!(Interval::parse("fortnightly").is_err());
        assert!(Interval::parse("0d").is_err());
        assert_eq!(Interval::Months(12).after(d("2024-02-29")), d("2025-02-28"));
    }

    #[test]
    fn review_status_against_today() {
        let today = d("2026-11-28");
        let annual = Interval::Months(12);
        assert_eq!(
            Review::compute(Some(d("2025-11-01")), None, annual, today, 30).status,
            ReviewStatus::Overdue
        );
        assert_eq!(
            Review::compute(Some(d("2025-12-10")), None, annual, today, 30).status,
            ReviewStatus::DueSoon
        );
        assert_eq!(
            Review::compute(Some(d("2026-06-01")), None, annual, today, 30).status,
            ReviewStatus::Ok
        );
        assert_eq!(
            Review::compute(None, Some(d("2026-11-27")), annual, today, 30).status,
            ReviewStatus::Overdue
        );
        assert_eq!(
            Review::compute(None, None, annual, today, 30).status,
            ReviewStatus::NotScheduled
        );
        // A review dated after today has not happened: it neither counts nor schedules.
        let future = Review::compute(Some(d("2026-12-01")), None, annual, today, 30);
        assert_eq!(
            (future.last, future.status),
            (None, ReviewStatus::NotScheduled)
        );
    }

    #[test]
    fn freshness_bands() {
        let today = d("2026-11-28");
        assert_eq!(
            Freshness::compute(d("2026-11-27"), today, 30),
            Freshness::Expired
        );
        assert_eq!(
            Freshness::compute(d("2026-11-28"), today, 30),
            Freshness::Expiring
        );
        assert_eq!(
            Freshness::compute(d("2026-12-28"), today, 30),
            Freshness::Expiring
        );
        assert_eq!(
            Freshness::compute(d("2026-12-29"), today, 30),
            Freshness::Fresh
        );
    }
}
