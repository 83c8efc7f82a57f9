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

/// A point in time as written in YAML: a date (`2026-09-01`, the start of that day, UTC) or a
/// date and time with its zone (`2026-09-01T14:30Z`, `2026-09-01T16:30+02:00`). Incident
/// deadlines are counted in hours, so the time matters where it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment {
    /// The instant, in UTC.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Whether a time of day was written (else only the date is shown).
    pub timed: bool,
}

impl Moment {
    /// Parses a date or an RFC 3339 date and time (seconds optional), explaining a mistake.
    pub fn parse(text: &str) -> Result<Moment, String> {
        let text = text.trim();
        if !text.contains('T') {
            let date = Date::parse(text)?;
            return Ok(Moment {
                at: date.0.and_time(chrono::NaiveTime::MIN).and_utc(),
                timed: false,
            });
        }
        let full = match text.split_once('T') {
            // `14:30Z` has no seconds; RFC 3339 wants them.
            Some((_, time)) if time.len() >= 5 && time.as_bytes().get(5) != Some(&b':') => {
                format!("{}:00{}", &text[..text.len() - time.len() + 5], &time[5..])
            }
            _ => text.to_string(),
        };
        chrono::DateTime::parse_from_rfc3339(&full)
            .map(|at| Moment {
                at: at.with_timezone(&chrono::Utc),
                timed: true,
            })
            .map_err(|_| {
                format!("`{text}` is not a date (YYYY-MM-DD) or a date and time with its zone (YYYY-MM-DDTHH:MMZ)")
            })
    }

    /// The day it falls on, in UTC.
    pub fn date(self) -> Date {
        Date(self.at.date_naive())
    }

    /// This moment moved forward by a number of hours.
    pub fn plus_hours(self, hours: i64) -> Moment {
        Moment {
            at: self.at + chrono::Duration::hours(hours),
            timed: self.timed,
        }
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.timed {
            write!(f, "{}", self.at.format("%Y-%m-%d %H:%M UTC"))
        } else {
            write!(f, "{}", self.date())
        }
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.timed {
            serializer.collect_str(&self.at.format("%Y-%m-%dT%H:%MZ"))
        } else {
            serializer.collect_str(&self.date())
        }
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Moment::parse(&text).map_err(serde::de::Error::custom)
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

    #[test]
    fn moments_read_dates_and_times_with_zones() {
        let day = Moment::parse("2026-09-01").unwrap();
        assert_eq!((day.to_string(), day.timed), ("2026-09-01".into(), false));
        let timed = Moment::parse("2026-09-01T14:30Z").unwrap();
        assert_eq!(timed.to_string(), "2026-09-01 14:30 UTC");
        let zoned = Moment::parse("2026-09-01T16:30:00+02:00").unwrap();
        assert_eq!(zoned, timed);
        assert_eq!(timed.plus_hours(72).date().to_string(), "2026-09-04");
        assert!(Moment::parse("2026-09-01T25:00Z").is_err());
        assert!(
            Moment::parse("2026-09-01T14:30")
                .unwrap_err()
                .contains("zone")
        );
        assert!(Moment::parse("2026-02-30").is_err());
    }
}
