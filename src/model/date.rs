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

/// `YYYY-MM-DD`, as [`Date::parse`] reads it (surrounding spaces aside; an impossible day such as
/// `2026-02-30` passes the pattern and is refused by `check`).
pub const DATE_PATTERN: &str = r"^\s*[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\s*$";

/// A date and time with its zone, as [`Moment::parse`] reads it: seconds and their fraction
/// optional, `Z` or an offset.
pub const DATE_TIME_PATTERN: &str = r"^\s*[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])\s*$";

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "A calendar date, YYYY-MM-DD.",
        })
    }
}

impl schemars::JsonSchema for Moment {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Moment".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "anyOf": [{ "pattern": DATE_PATTERN }, { "pattern": DATE_TIME_PATTERN }],
            "description": "A date (YYYY-MM-DD) or a date and time with its zone (YYYY-MM-DDTHH:MMZ, YYYY-MM-DDTHH:MM+02:00).",
        })
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

impl Moment {
    /// The deadline `hours` after this moment. From a date without a time the deadline is
    /// the whole day it falls on: "72 hours from 1 September" is met by any time on
    /// 4 September, since the hour of awareness is not known.
    pub fn deadline(self, hours: i64) -> Moment {
        self.plus_hours(hours)
    }

    /// How late `done` is for this deadline, or `None` when it is in time. When both carry a
    /// time the instants are compared; when either is a date alone, their UTC days are (a
    /// notice dated the day the deadline falls on is in time).
    pub fn lateness(self, done: Moment) -> Option<Lateness> {
        if self.timed && done.timed {
            let minutes = (done.at - self.at).num_minutes();
            (done.at > self.at).then_some(Lateness {
                minutes: minutes.max(1),
                timed: true,
            })
        } else {
            let days = self.date().days_until(done.date());
            (days > 0).then_some(Lateness {
                minutes: days * 24 * 60,
                timed: false,
            })
        }
    }

    /// Whether this deadline has passed as of `today`: only once the day it falls on is over,
    /// since `--today` has no time of day.
    pub fn passed(self, today: Date) -> bool {
        self.date() < today
    }
}

/// How late something was done, in minutes, and whether times of day were known (else in
/// whole days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lateness {
    /// Minutes late (whole days of them when `timed` is false).
    pub minutes: i64,
    /// Whether both moments had a time of day.
    pub timed: bool,
}

impl fmt::Display for Lateness {
    /// `3 days`, `1 day 5 hours`, `40 minutes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        let (days, hours, minutes) = (
            self.minutes / (24 * 60),
            self.minutes % (24 * 60) / 60,
            self.minutes % 60,
        );
        let mut parts = Vec::new();
        if days > 0 {
            parts.push(plural(days, "day"));
        }
        if self.timed && hours > 0 {
            parts.push(plural(hours, "hour"));
        }
        if self.timed && days == 0 && minutes > 0 {
            parts.push(plural(minutes, "minute"));
        }
        if parts.is_empty() {
            parts.push(plural(0, "day"));
        }
        write!(f, "{}", parts.join(" "))
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

    fn at(text: &str) -> Moment {
        Moment::parse(text).unwrap()
    }

    #[test]
    fn a_timed_deadline_is_met_to_the_minute_in_any_zone() {
        // Aware 14:30 UTC on 1 September: 72 hours later is 14:30 UTC on 4 September.
        let due = at("2026-09-01T14:30Z").deadline(72);
        assert_eq!(due.to_string(), "2026-09-04 14:30 UTC");
        assert_eq!(due.lateness(at("2026-09-04T14:30Z")), None);
        // 16:29 in Amsterdam (UTC+2) is 14:29 UTC: in time.
        assert_eq!(due.lateness(at("2026-09-04T16:29+02:00")), None);
        // 16:31 in Amsterdam is one minute late.
        let late = due.lateness(at("2026-09-04T16:31+02:00")).unwrap();
        assert_eq!(late.to_string(), "1 minute");
        // 20:00 in New York (UTC-4) on the 5th is 00:00 UTC on the 6th.
        let late = due.lateness(at("2026-09-05T20:00-04:00")).unwrap();
        assert_eq!(late.to_string(), "1 day 9 hours");
        // A zone moves the day too: 23:30 on the 4th at UTC-5 is 04:30 UTC on the 5th.
        assert!(due.lateness(at("2026-09-04T23:30-05:00")).is_some());
    }

    #[test]
    fn a_deadline_from_a_date_alone_lasts_the_whole_day() {
        // Aware on 1 September, time unknown: 15 days is met by any time on 16 September.
        let due = at("2026-09-01").deadline(15 * 24);
        assert_eq!(due.to_string(), "2026-09-16");
        assert_eq!(due.lateness(at("2026-09-16T23:59Z")), None);
        assert_eq!(due.lateness(at("2026-09-16")), None);
        assert_eq!(
            due.lateness(at("2026-09-19")).unwrap().to_string(),
            "3 days"
        );
        assert_eq!(
            due.lateness(at("2026-09-17T00:10Z")).unwrap().to_string(),
            "1 day"
        );
        // A timed awareness with a notice dated only by its day: compared by day.
        let due = at("2026-09-01T22:00Z").deadline(48);
        assert_eq!(due.lateness(at("2026-09-03")), None);
        assert_eq!(due.lateness(at("2026-09-04")).unwrap().to_string(), "1 day");
        // Across a month end and a leap day.
        assert_eq!(at("2028-02-27").deadline(72).to_string(), "2028-03-01");
    }

    #[test]
    fn a_deadline_passes_only_when_its_day_is_over() {
        let due = at("2026-09-01T14:30Z").deadline(48);
        let day = |d: &str| Date::parse(d).unwrap();
        assert!(!due.passed(day("2026-09-03")));
        assert!(due.passed(day("2026-09-04")));
        assert!(!at("2026-09-01").deadline(240).passed(day("2026-09-11")));
        assert!(at("2026-09-01").deadline(240).passed(day("2026-09-12")));
    }
}
