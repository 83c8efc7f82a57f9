//! Checks of objectives (6.2): whether each is on track against its target (W363), and the
//! one judgement of "on track" that the objective's page, the dashboard and the gaps page share.

use serde::Serialize;

use super::{RecordGap, RecordGapKind};
use crate::diagnostics::Diagnostic;
use crate::model::Date;
use crate::model::records::{Comparison, Measurement, Objective, ObjectiveTarget};
use crate::resolve::Portal;
use crate::resolve::records::RecordBody;

/// Where an objective stands against its target, as of `--today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Track {
    /// The latest measurement meets the target, or the last two move toward it and the
    /// target's date has not passed.
    OnTrack,
    /// The latest measurement misses the target and does not move toward it, or the target's
    /// date has passed.
    OffTrack,
    /// No measurement dated on or before `--today`.
    NotMeasured,
}

impl Track {
    /// The words of the badge.
    pub fn label(self) -> &'static str {
        match self {
            Track::OnTrack => "on track",
            Track::OffTrack => "off track",
            Track::NotMeasured => "not measured",
        }
    }
}

/// Which way the last two measurements move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// Only one measurement (or none).
    Single,
    /// The value went up.
    Rising,
    /// The value went down.
    Falling,
    /// The value stayed the same.
    Flat,
}

impl Trend {
    /// The trend in a word.
    pub fn label(self) -> &'static str {
        match self {
            Trend::Single => "one measurement",
            Trend::Rising => "rising",
            Trend::Falling => "falling",
            Trend::Flat => "flat",
        }
    }
}

/// An objective judged against its target as of a day.
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    /// On track, off track or not measured.
    pub track: Track,
    /// The measurements dated on or before the day, oldest first (later ones do not count:
    /// W330).
    pub counted: Vec<&'a Measurement>,
    /// Which way the last two move.
    pub trend: Trend,
    /// Whether the latest measurement meets the target.
    pub met: bool,
    /// Why, in a sentence.
    pub reason: String,
}

/// Whether `value` meets `target`.
pub fn meets(target: &ObjectiveTarget, value: f64) -> bool {
    match target.comparison {
        Comparison::AtLeast => value >= target.value,
        Comparison::AtMost => value <= target.value,
    }
}

/// A value with the target's unit: `95 %`, `12 days`, `0.86`.
pub fn with_unit(target: &ObjectiveTarget, value: f64) -> String {
    let number = number(value);
    match target.unit.as_deref() {
        Some(unit) if !unit.is_empty() => format!("{number} {unit}"),
        _ => number,
    }
}

/// A number without needless decimals (`95`, `0.964`).
pub fn number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// The target in words: `at least 95 % by 2026-12-31`.
pub fn target_words(target: &ObjectiveTarget) -> String {
    let comparison = match target.comparison {
        Comparison::AtLeast => "at least",
        Comparison::AtMost => "at most",
    };
    let by = target.by.map(|d| format!(" by {d}")).unwrap_or_default();
    format!("{comparison} {}{by}", with_unit(target, target.value))
}

/// Judges `objective` as of `today`: on track when its latest measurement meets the target, or
/// when the last two measurements move toward it before the target's date; off track
/// otherwise, and always once the date has passed unmet; not measured without a measurement.
pub fn assess(objective: &Objective, today: Date) -> Assessment<'_> {
    let target = &objective.target;
    let mut counted: Vec<&Measurement> = objective
        .measurements
        .iter()
        .filter(|m| m.date <= today)
        .collect();
    counted.sort_by_key(|m| m.date);
    let Some(latest) = counted.last().copied() else {
        return Assessment {
            track: Track::NotMeasured,
            counted,
            trend: Trend::Single,
            met: false,
            reason: format!("no measurement yet; target {}", target_words(target)),
        };
    };
    let trend = match counted.len().checked_sub(2).map(|p| counted[p].value) {
        None => Trend::Single,
        Some(previous) if latest.value > previous => Trend::Rising,
        Some(previous) if latest.value < previous => Trend::Falling,
        Some(_) => Trend::Flat,
    };
    let toward = matches!(
        (trend, target.comparison),
        (Trend::Rising, Comparison::AtLeast) | (Trend::Falling, Comparison::AtMost)
    );
    let met = meets(target, latest.value);
    let passed = target.by.is_some_and(|by| today > by);
    let latest_words = format!(
        "latest {} ({})",
        with_unit(target, latest.value),
        latest.date
    );
    let (track, why) = if met {
        (Track::OnTrack, "meets the target".to_string())
    } else if passed {
        (
            Track::OffTrack,
            "misses the target, and its date has passed".to_string(),
        )
    } else if toward {
        (
            Track::OnTrack,
            format!("misses the target but is {} toward it", trend.label()),
        )
    } else if trend == Trend::Single {
        (
            Track::OffTrack,
            "misses the target, with no earlier measurement to show a trend".to_string(),
        )
    } else {
        (
            Track::OffTrack,
            format!("misses the target and is {}", trend.label()),
        )
    };
    Assessment {
        track,
        counted,
        trend,
        met,
        reason: format!("{latest_words} {why}: {}", target_words(target)),
    }
}

/// Every objective, with its index into `Portal::records`.
fn objectives(portal: &Portal) -> impl Iterator<Item = (usize, &Objective)> {
    portal
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, node)| match &node.body {
            RecordBody::Objective(o) => Some((i, o)),
            _ => None,
        })
}

/// The gaps of objectives: each off track.
pub(super) fn gaps(portal: &Portal) -> Vec<RecordGap> {
    objectives(portal)
        .filter_map(|(i, o)| {
            let assessment = assess(o, portal.today);
            (assessment.track == Track::OffTrack).then_some(RecordGap {
                record: i,
                kind: RecordGapKind::ObjectiveOffTrack,
                detail: assessment.reason,
            })
        })
        .collect()
}

/// The diagnostics of objectives: W363 for each off track, at its target.
pub(super) fn diagnostics(portal: &Portal, _gaps: &[RecordGap]) -> Vec<Diagnostic> {
    objectives(portal)
        .filter_map(|(_, o)| {
            let assessment = assess(o, portal.today);
            (assessment.track == Track::OffTrack).then(|| {
                let diag = Diagnostic::warning(
                    "W363",
                    format!("objective `{}` is off track: {}", o.id, assessment.reason),
                )
                .help("record the actions that will bring it back on track (a nonconformity or a management review action), or revise the target through the management review");
                o.source.locate(diag, "target")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objective(comparison: &str, by: &str, points: &[(&str, f64)]) -> Objective {
        let measurements: Vec<String> = points
            .iter()
            .map(|(d, v)| format!("{{ date: {d}, value: {v} }}"))
            .collect();
        let yaml = format!(
            "id: OBJ-1\ntitle: Trained staff\nowner: HR\ntarget: {{ metric: trained, comparison: {comparison}, value: 95, unit: '%', by: {by} }}\nmeasurements: [{}]\n",
            measurements.join(", ")
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn day(d: &str) -> Date {
        Date::parse(d).unwrap()
    }

    #[test]
    fn the_latest_measurement_meeting_the_target_is_on_track() {
        let o = objective(
            "at-least",
            "2026-12-31",
            &[("2026-01-31", 97.0), ("2026-10-31", 96.0)],
        );
        let a = assess(&o, day("2026-11-28"));
        assert_eq!(
            (a.track, a.trend, a.met),
            (Track::OnTrack, Trend::Falling, true)
        );
        // Met stays met after the target's date.
        assert_eq!(assess(&o, day("2027-02-01")).track, Track::OnTrack);
    }

    #[test]
    fn moving_toward_the_target_before_its_date_is_on_track_and_after_it_off_track() {
        let o = objective(
            "at-least",
            "2026-12-31",
            &[("2026-10-31", 93.0), ("2026-01-31", 91.0)],
        );
        let a = assess(&o, day("2026-11-28"));
        assert_eq!((a.track, a.trend), (Track::OnTrack, Trend::Rising));
        assert!(
            a.reason.contains("latest 93 % (2026-10-31)"),
            "{}",
            a.reason
        );
        let late = assess(&o, day("2027-01-01"));
        assert_eq!(late.track, Track::OffTrack);
        assert!(late.reason.contains("date has passed"), "{}", late.reason);
    }

    #[test]
    fn moving_away_or_a_single_miss_is_off_track_and_at_most_reads_the_other_way() {
        let away = objective(
            "at-least",
            "2026-12-31",
            &[("2026-01-31", 93.0), ("2026-10-31", 91.0)],
        );
        assert_eq!(assess(&away, day("2026-11-28")).track, Track::OffTrack);
        let single = objective("at-least", "2026-12-31", &[("2026-10-31", 91.0)]);
        assert_eq!(assess(&single, day("2026-11-28")).track, Track::OffTrack);
        // At most 95: falling from 99 to 97 moves toward it.
        let down = objective(
            "at-most",
            "2026-12-31",
            &[("2026-01-31", 99.0), ("2026-10-31", 97.0)],
        );
        assert_eq!(assess(&down, day("2026-11-28")).track, Track::OnTrack);
    }

    #[test]
    fn no_measurement_or_only_ones_after_today_is_not_measured() {
        assert_eq!(
            assess(&objective("at-least", "2026-12-31", &[]), day("2026-11-28")).track,
            Track::NotMeasured
        );
        let future = objective("at-least", "2026-12-31", &[("2026-12-15", 99.0)]);
        let a = assess(&future, day("2026-11-28"));
        assert_eq!((a.track, a.counted.len()), (Track::NotMeasured, 0));
    }

    #[test]
    fn numbers_lose_needless_decimals() {
        assert_eq!(number(95.0), "95");
        assert_eq!(number(0.964), "0.964");
        assert_eq!(number(-0.0), "0");
    }
}
