//! Calendar dates as written in YAML (`2026-01-15`), rejected when they do not exist.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date. Deserialises from `YYYY-MM-DD` and refuses dates like `2026-02-30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD`, explaining what is wrong when it is not a real date.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let shape_ok = text.len() == 10
            && text.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shape_ok {
            return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("`{text}` is not a date that exists"))
    }

    /// This date moved forward by a number of days (saturating at the calendar's end).
    pub fn plus_days(self, days: i64) -> Date {
        Date(
            self.0
                .checked_add_signed(chrono::Duration::days(days))
                .unwrap_or(NaiveDate::MAX),
        )
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        (later.0 - self.0).num_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_dates_and_rejects_impossible_ones() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2026-02-30").unwrap_err().contains("exists"));
        assert!(Date::parse("2026-2-3").unwrap_err().contains("YYYY-MM-DD"));
        assert!(Date::parse("next week").is_err());
    }

    #[test]
    fn arithmetic_counts_days() {
        let d = Date::parse("2026-01-30").unwrap();
        assert_eq!(d.plus_days(30).to_string(), "2026-03-01");
        assert_eq!(d.days_until(Date::parse("2026-02-01").unwrap()), 2);
    }
}
