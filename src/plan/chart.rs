//! The geometry of an objective's measurements drawn against its target: a line chart for the
//! objective's page and a sparkline for the dashboard. The templates draw the SVG from these
//! numbers (so every text is escaped by the template engine, and colours come from the
//! stylesheet's variables and `currentColor`, for dark mode and print).

use serde::Serialize;

use crate::check::records::objectives::{Assessment, number, target_words, with_unit};
use crate::model::Date;
use crate::model::records::{Comparison, Objective};

/// Width and height of the chart's `viewBox`.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 280.0;
/// The plot area inside it: left, top, right, bottom.
const PLOT: (f64, f64, f64, f64) = (64.0, 24.0, 616.0, 224.0);
/// The closest two date labels may stand on the x axis.
const LABEL_GAP: f64 = 76.0;

/// A labelled position on an axis.
#[derive(Debug, Serialize)]
pub struct Tick {
    /// Position along the axis, in `viewBox` units.
    pub at: f64,
    /// The label.
    pub label: String,
}

/// One measurement as a point of the chart.
#[derive(Debug, Serialize)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
    /// When it was measured.
    pub date: String,
    /// The value with its unit.
    pub value: String,
    /// Whether it meets the target.
    pub meets: bool,
}

/// The line chart of an objective's measurements against its target.
#[derive(Debug, Serialize)]
pub struct Chart {
    /// `viewBox` width.
    pub width: f64,
    /// `viewBox` height.
    pub height: f64,
    /// Plot area: left edge.
    pub left: f64,
    /// Plot area: top edge.
    pub top: f64,
    /// Plot area: right edge.
    pub right: f64,
    /// Plot area: bottom edge.
    pub bottom: f64,
    /// Value gridlines and labels.
    pub y_ticks: Vec<Tick>,
    /// Date labels.
    pub x_ticks: Vec<Tick>,
    /// The measurements, oldest first.
    pub points: Vec<Point>,
    /// The polyline through them (`x,y x,y ...`).
    pub line: String,
    /// The target's height.
    pub target_y: f64,
    /// The target in words, for its line's label.
    pub target_label: String,
    /// Where the target's date stands, when it lies on the chart.
    pub by: Option<Tick>,
    /// The value axis' label: the unit (or "value").
    pub y_label: String,
    /// The chart's accessible name: what it shows and the trend.
    pub title: String,
}

/// A small line of the measurements and the target, for the dashboard.
#[derive(Debug, Serialize)]
pub struct Sparkline {
    /// `viewBox` width.
    pub width: f64,
    /// `viewBox` height.
    pub height: f64,
    /// The polyline (`x,y x,y ...`); a single point draws as a dot.
    pub line: String,
    /// The latest point.
    pub last: (f64, f64),
    /// The target's height.
    pub target_y: f64,
    /// The accessible name.
    pub label: String,
}

/// Whether every value can be placed on an axis (`.nan` and `.inf` parse as YAML numbers).
fn drawable(values: &[f64], target: f64) -> bool {
    values.iter().chain([&target]).all(|v| v.is_finite())
}

/// Day number of a date, for the time axis.
fn day(date: Date) -> f64 {
    Date(chrono::NaiveDate::MIN).days_until(date) as f64
}

/// A step of 1, 2 or 5 times a power of ten that cuts `span` into about four.
fn nice_step(span: f64) -> f64 {
    let raw = span / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The value range the chart shows: every measurement and the target, on round steps.
fn value_range(values: &[f64], target: f64) -> (f64, f64, f64) {
    let lo = values.iter().copied().fold(target, f64::min);
    let hi = values.iter().copied().fold(target, f64::max);
    let (lo, hi) = if (hi - lo).abs() < f64::EPSILON {
        let pad = if lo.abs() > 1.0 { lo.abs() * 0.1 } else { 1.0 };
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let step = nice_step(hi - lo);
    let mut from = (lo / step).floor() * step;
    let to = (hi / step).ceil() * step;
    if lo >= 0.0 && from < 0.0 {
        from = 0.0;
    }
    (from, to, step)
}

/// The day range the chart shows: the measurements and the target's date, or a month around
/// a single day.
fn day_range(days: &[f64], by: Option<f64>) -> (f64, f64) {
    let all = days.iter().copied().chain(by);
    let lo = all.clone().fold(f64::INFINITY, f64::min);
    let hi = all.fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1.0 {
        (lo - 15.0, hi + 15.0)
    } else {
        (lo, hi)
    }
}

/// Rounds a coordinate to a tenth, so the output stays short and reproducible.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The chart's accessible name: the metric, the span, the latest value, the target and the
/// trend, and whether it is on track.
fn describe(objective: &Objective, assessment: &Assessment) -> String {
    let target = &objective.target;
    let track = assessment.track.label();
    match (assessment.counted.first(), assessment.counted.last()) {
        (Some(first), Some(last)) if assessment.counted.len() > 1 => format!(
            "{}: {} measurements from {} ({}) to {} ({}), {}; target {}; {}",
            target.metric,
            assessment.counted.len(),
            first.date,
            with_unit(target, first.value),
            last.date,
            with_unit(target, last.value),
            assessment.trend.label(),
            target_words(target),
            track
        ),
        (Some(only), _) => format!(
            "{}: one measurement, {} on {}; target {}; {}",
            target.metric,
            with_unit(target, only.value),
            only.date,
            target_words(target),
            track
        ),
        _ => format!(
            "{}: no measurement yet; target {}",
            target.metric,
            target_words(target)
        ),
    }
}

/// The chart of `objective`'s counted measurements against its target; `None` without a
/// measurement (the page says "not measured").
pub fn chart(objective: &Objective, assessment: &Assessment) -> Option<Chart> {
    if assessment.counted.is_empty() {
        return None;
    }
    let target = &objective.target;
    let (left, top, right, bottom) = PLOT;
    let values: Vec<f64> = assessment.counted.iter().map(|m| m.value).collect();
    if !drawable(&values, target.value) {
        return None;
    }
    let days: Vec<f64> = assessment.counted.iter().map(|m| day(m.date)).collect();
    let (v_lo, v_hi, step) = value_range(&values, target.value);
    let by_day = target.by.map(day);
    let (d_lo, d_hi) = day_range(&days, by_day);
    let x = |d: f64| round(left + (d - d_lo) / (d_hi - d_lo) * (right - left));
    let y = |v: f64| round(bottom - (v - v_lo) / (v_hi - v_lo) * (bottom - top));
    let steps = ((v_hi - v_lo) / step).round() as usize;
    let y_ticks: Vec<Tick> = (0..=steps)
        .map(|k| v_lo + k as f64 * step)
        .map(|v| Tick {
            at: y(v),
            label: number(v),
        })
        .collect();
    let mut x_ticks: Vec<Tick> = Vec::new();
    for m in &assessment.counted {
        let at = x(day(m.date));
        if x_ticks.last().is_none_or(|t| at - t.at >= LABEL_GAP) {
            x_ticks.push(Tick {
                at,
                label: m.date.to_string(),
            });
        }
    }
    let points: Vec<Point> = assessment
        .counted
        .iter()
        .map(|m| Point {
            x: x(day(m.date)),
            y: y(m.value),
            date: m.date.to_string(),
            value: with_unit(target, m.value),
            meets: crate::check::records::objectives::meets(target, m.value),
        })
        .collect();
    let line = points
        .iter()
        .map(|p| format!("{},{}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    let comparison = match target.comparison {
        Comparison::AtLeast => "≥",
        Comparison::AtMost => "≤",
    };
    // The metric can be a sentence: the axis carries the unit, the caption the metric.
    let y_label = match target.unit.as_deref() {
        Some(unit) if !unit.is_empty() => unit.to_string(),
        _ => "value".to_string(),
    };
    Some(Chart {
        width: WIDTH,
        height: HEIGHT,
        left,
        top,
        right,
        bottom,
        y_ticks,
        x_ticks,
        points,
        line,
        target_y: y(target.value),
        target_label: format!("target {comparison} {}", with_unit(target, target.value)),
        by: target.by.map(|by| Tick {
            at: x(day(by)),
            label: format!("by {by}"),
        }),
        y_label,
        title: describe(objective, assessment),
    })
}

/// The dashboard's sparkline of `objective`; `None` without a measurement.
pub fn sparkline(objective: &Objective, assessment: &Assessment) -> Option<Sparkline> {
    if assessment.counted.is_empty() {
        return None;
    }
    let (width, height, pad) = (120.0, 28.0, 3.0);
    let values: Vec<f64> = assessment.counted.iter().map(|m| m.value).collect();
    if !drawable(&values, objective.target.value) {
        return None;
    }
    let days: Vec<f64> = assessment.counted.iter().map(|m| day(m.date)).collect();
    let (v_lo, v_hi, _) = value_range(&values, objective.target.value);
    let (d_lo, d_hi) = day_range(&days, None);
    let x = |d: f64| round(pad + (d - d_lo) / (d_hi - d_lo) * (width - 2.0 * pad));
    let y = |v: f64| round(height - pad - (v - v_lo) / (v_hi - v_lo) * (height - 2.0 * pad));
    let pts: Vec<(f64, f64)> = days
        .iter()
        .zip(&values)
        .map(|(&d, &v)| (x(d), y(v)))
        .collect();
    let line = pts
        .iter()
        .map(|(a, b)| format!("{a},{b}"))
        .collect::<Vec<_>>()
        .join(" ");
    Some(Sparkline {
        width,
        height,
        line,
        last: *pts.last()?,
        target_y: y(objective.target.value),
        label: describe(objective, assessment),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::records::objectives::assess;

    fn objective(points: &str) -> Objective {
        serde_yaml::from_str(&format!(
            "id: OBJ-1\ntitle: Trained staff\nowner: HR\ntarget: {{ metric: Staff trained, comparison: at-least, value: 95, unit: '%', by: 2026-12-31 }}\nmeasurements: [{points}]\n"
        ))
        .unwrap()
    }

    #[test]
    fn the_chart_spans_the_measurements_and_the_target_and_says_the_trend() {
        let o = objective("{ date: 2026-01-31, value: 91 }, { date: 2026-10-31, value: 96.4 }");
        let a = assess(&o, Date::parse("2026-11-28").unwrap());
        let c = chart(&o, &a).unwrap();
        assert_eq!(c.points.len(), 2);
        // Oldest on the left edge; the target's date on the right edge.
        assert_eq!(c.points[0].x, PLOT.0);
        assert_eq!(c.by.as_ref().unwrap().at, PLOT.2);
        // Higher values stand higher; the target line lies between the two.
        assert!(c.points[1].y < c.target_y && c.target_y < c.points[0].y);
        assert!(!c.points[0].meets && c.points[1].meets);
        assert_eq!(c.y_ticks.first().unwrap().label, "90");
        assert_eq!(c.y_label, "%");
        assert_eq!(c.target_label, "target ≥ 95 %");
        assert!(
            c.title.contains("2 measurements") && c.title.contains("rising"),
            "{}",
            c.title
        );
        assert!(c.title.ends_with("on track"), "{}", c.title);
    }

    #[test]
    fn one_measurement_draws_and_none_draws_nothing() {
        let today = Date::parse("2026-11-28").unwrap();
        let one = objective("{ date: 2026-10-31, value: 95 }");
        let c = chart(&one, &assess(&one, today)).unwrap();
        assert!(c.title.contains("one measurement"), "{}", c.title);
        assert!(sparkline(&one, &assess(&one, today)).is_some());
        let odd = objective("{ date: 2026-10-31, value: .nan }");
        assert!(chart(&odd, &assess(&odd, today)).is_none());
        let none = objective("");
        assert!(chart(&none, &assess(&none, today)).is_none());
        assert!(sparkline(&none, &assess(&none, today)).is_none());
    }

    #[test]
    fn value_ranges_are_round_and_start_at_zero_for_small_positive_values() {
        let (lo, hi, step) = value_range(&[0.86, 0.91], 0.8);
        let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(
            near(lo, 0.8) && near(hi, 0.95) && near(step, 0.05),
            "{lo} {hi} {step}"
        );
        assert_eq!(value_range(&[12.0], 100.0).0, 0.0);
        let (lo, hi, _) = value_range(&[5.0], 5.0);
        assert!(lo < 5.0 && hi > 5.0);
    }
}
