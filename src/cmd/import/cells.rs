//! Converting one cell to a field's value: ratings as numbers or words ("High", "Likely"),
//! dates in the usual spreadsheet forms, the fixed words of treatments, statuses, methods and
//! visibility with their common synonyms. A cell that cannot be read says why, with the values
//! allowed.

use chrono::{Datelike as _, NaiveDate};

use super::columns::Shape;
use super::read::Cell;

/// A field's value, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text (an id, a title, a fixed word).
    Text(String),
    /// Markdown, line breaks kept.
    Markdown(String),
    /// A rating.
    Number(u32),
    /// A date.
    Date(NaiveDate),
    /// References.
    List(Vec<String>),
}

/// How the day and month of `03/04/2026` are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// 3 April 2026.
    DayFirst,
    /// March 4, 2026.
    MonthFirst,
}

/// What the portal says about values: its rating scale and level names, its risk
/// categories, and the order of day and month in the spreadsheet's dates.
#[derive(Debug, Clone)]
pub struct Context {
    /// Ratings run `1..=scale`.
    pub scale: u32,
    /// `risk.levels` names, lowest first.
    pub levels: Vec<String>,
    /// `risk.categories` (empty: any).
    pub categories: Vec<String>,
    /// The order of `03/04/2026`, when known.
    pub dates: Option<DateOrder>,
}

/// The value of `cell` for a field of `shape` (`None` when the cell is empty), or why it
/// cannot be read.
pub fn convert(cell: &Cell, shape: Shape, cx: &Context) -> Result<Option<Value>, String> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Error(e) => return Err(format!("the cell holds the spreadsheet error `{e}`")),
        Cell::Date(d) if shape == Shape::Date => return Ok(Some(Value::Date(*d))),
        Cell::Number(n) if matches!(shape, Shape::Likelihood | Shape::Impact) => {
            return rating_number(*n, cx.scale).map(|n| Some(Value::Number(n)));
        }
        Cell::Number(n) if shape == Shape::Date => {
            return serial_date(*n).map(Value::Date).map(Some);
        }
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Number(n) => number_text(*n),
        Cell::Text(t) => t.clone(),
    };
    let one_line = || text.split_whitespace().collect::<Vec<_>>().join(" ");
    let value = match shape {
        Shape::Computed => return Ok(None),
        Shape::Id => {
            let id = one_line();
            if !crate::resolve::ids::valid_id(&id) {
                return Err(format!(
                    "`{id}` is not an id: letters, digits, `.`, `_` and `-`, starting with a letter or digit (for example RSK-001)"
                ));
            }
            Value::Text(id)
        }
        Shape::Text => Value::Text(one_line()),
        Shape::Markdown => Value::Markdown(text.replace("\r\n", "\n").trim().to_string()),
        Shape::Category => Value::Text(category(&one_line(), &cx.categories)?),
        Shape::EvidenceKind => Value::Text(one_line().to_lowercase().replace(' ', "-")),
        Shape::Likelihood | Shape::Impact => Value::Number(rating(&text, shape, cx)?),
        Shape::Date => Value::Date(date(&text, cx.dates)?),
        Shape::Treatment => Value::Text(word(&text, "treatment", TREATMENTS)?),
        Shape::Status => Value::Text(word(&text, "status", STATUSES)?),
        Shape::Visibility => Value::Text(word(&text, "visibility", VISIBILITIES)?),
        Shape::Method => Value::Text(word(&text, "method", METHODS)?),
        Shape::Interval => Value::Text(interval(&text)?),
        Shape::List => Value::List(
            text.split([',', ';', '\n', '|'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
    };
    Ok(Some(value))
}

/// A whole number as the spreadsheet shows it (`3`, not `3.0`).
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

fn rating_number(n: f64, scale: u32) -> Result<u32, String> {
    if n.fract() == 0.0 && n >= 1.0 && n <= f64::from(scale) {
        Ok(n as u32)
    } else {
        Err(format!(
            "`{}` is not on the portal's scale: write a whole number from 1 to {scale}",
            number_text(n)
        ))
    }
}

/// A rating cell: a number (`4`, `4.0`, `4 - Likely`, `High (4)`) or a word of the scale.
fn rating(text: &str, shape: Shape, cx: &Context) -> Result<u32, String> {
    let text = text.trim();
    let leading: String = text.chars().take_while(char::is_ascii_digit).collect();
    let bracketed = text
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if let Ok(n) = text.parse::<f64>() {
        return rating_number(n, cx.scale);
    }
    if let Some(n) = (!leading.is_empty())
        .then_some(leading.as_str())
        .or(bracketed)
        .and_then(|n| n.parse::<f64>().ok())
    {
        return rating_number(n, cx.scale);
    }
    let words = rating_words(shape, cx);
    let wanted = simple(text);
    if let Some((_, n)) = words.iter().find(|(w, _)| *w == wanted) {
        return Ok(*n);
    }
    let axis = if shape == Shape::Likelihood {
        "likelihood"
    } else {
        "impact"
    };
    let listed: Vec<String> = words.iter().map(|(w, n)| format!("{w} ({n})")).collect();
    Err(format!(
        "`{text}` is not a{} {axis} on the portal's 1-{} scale: write a number from 1 to {} or one of {}",
        if axis == "impact" { "n" } else { "" },
        cx.scale,
        cx.scale,
        if listed.is_empty() {
            "nothing else (no words are known for this scale)".to_string()
        } else {
            listed.join(", ")
        }
    ))
}

/// Lower case, `-` and `_` as spaces, spaces collapsed.
fn simple(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words a rating may be written in, with their numbers: the portal's level names when
/// there is one per point of the scale, else the usual words of a 3-, 4- or 5-point scale.
fn rating_words(shape: Shape, cx: &Context) -> Vec<(String, u32)> {
    if cx.levels.len() == cx.scale as usize {
        return cx
            .levels
            .iter()
            .zip(1..)
            .map(|(name, n)| (simple(name), n))
            .collect();
    }
    let words: &[(&str, u32)] = match (cx.scale, shape) {
        (5, Shape::Likelihood) => &[
            ("rare", 1),
            ("unlikely", 2),
            ("possible", 3),
            ("likely", 4),
            ("almost certain", 5),
            ("very low", 1),
            ("low", 2),
            ("medium", 3),
            ("moderate", 3),
            ("high", 4),
            ("very high", 5),
        ],
        (5, _) => &[
            ("insignificant", 1),
            ("negligible", 1),
            ("minor", 2),
            ("moderate", 3),
            ("major", 4),
            ("severe", 5),
            ("catastrophic", 5),
            ("very low", 1),
            ("low", 2),
            ("medium", 3),
            ("high", 4),
            ("very high", 5),
            ("critical", 5),
        ],
        (4, _) => &[
            ("low", 1),
            ("medium", 2),
            ("moderate", 2),
            ("high", 3),
            ("very high", 4),
            ("critical", 4),
        ],
        (3, Shape::Likelihood) => &[
            ("low", 1),
            ("medium", 2),
            ("moderate", 2),
            ("high", 3),
            ("unlikely", 1),
            ("possible", 2),
            ("likely", 3),
        ],
        (3, _) => &[
            ("low", 1),
            ("medium", 2),
            ("moderate", 2),
            ("high", 3),
            ("minor", 1),
            ("major", 3),
        ],
        _ => &[],
    };
    words.iter().map(|(w, n)| (w.to_string(), *n)).collect()
}

/// Our value for each word, then the words.
type Words = &'static [(&'static str, &'static [&'static str])];

static TREATMENTS: Words = &[
    (
        "mitigate",
        &[
            "mitigate",
            "mitigation",
            "reduce",
            "reduction",
            "modify",
            "treat",
            "control",
        ],
    ),
    (
        "accept",
        &[
            "accept",
            "accepted",
            "acceptance",
            "retain",
            "retention",
            "tolerate",
        ],
    ),
    (
        "transfer",
        &[
            "transfer",
            "transferred",
            "share",
            "sharing",
            "insure",
            "insurance",
        ],
    ),
    (
        "avoid",
        &["avoid", "avoided", "avoidance", "terminate", "eliminate"],
    ),
];

static STATUSES: Words = &[
    (
        "open",
        &[
            "open",
            "new",
            "identified",
            "not started",
            "raised",
            "draft",
        ],
    ),
    (
        "treating",
        &[
            "treating",
            "in progress",
            "in treatment",
            "under treatment",
            "ongoing",
            "work in progress",
            "wip",
        ],
    ),
    ("accepted", &["accepted"]),
    ("closed", &["closed", "resolved", "retired", "archived"]),
];

static VISIBILITIES: Words = &[
    ("public", &["public"]),
    ("internal", &["internal", "internal use", "internal only"]),
    (
        "confidential",
        &[
            "confidential",
            "restricted",
            "secret",
            "strictly confidential",
        ],
    ),
];

static METHODS: Words = &[
    (
        "examine",
        &[
            "examine",
            "examination",
            "inspect",
            "inspection",
            "review",
            "document review",
        ],
    ),
    ("interview", &["interview", "inquiry", "enquiry"]),
    (
        "test",
        &[
            "test",
            "testing",
            "tested",
            "reperformance",
            "re performance",
        ],
    ),
];

/// The value a word stands for, or the words allowed.
fn word(text: &str, what: &str, words: Words) -> Result<String, String> {
    let wanted = simple(text);
    // The whole cell, else its first word (`Mitigate (reduce likelihood)`).
    let first = wanted.split(' ').next().unwrap_or("");
    for candidate in [wanted.as_str(), first] {
        for (value, synonyms) in words {
            if synonyms.contains(&candidate) {
                return Ok(value.to_string());
            }
        }
    }
    let values: Vec<&str> = words.iter().map(|(v, _)| *v).collect();
    let others: Vec<&str> = words
        .iter()
        .flat_map(|(_, s)| s.iter().copied())
        .filter(|s| !values.contains(s))
        .collect();
    Err(format!(
        "`{}` is not a {what}: write one of {} (also read: {})",
        text.trim(),
        values.join(", "),
        others.join(", ")
    ))
}

/// A category in the portal's spelling (`User harm` is `user-harm`), when the portal lists
/// its categories.
fn category(text: &str, categories: &[String]) -> Result<String, String> {
    if categories.is_empty() {
        return Ok(text.to_string());
    }
    let squash = |s: &str| simple(s).replace(' ', "");
    categories
        .iter()
        .find(|c| squash(c) == squash(text))
        .cloned()
        .ok_or_else(|| {
            format!(
                "`{text}` is not one of the portal's risk categories ({}); add it to `risk.categories` in portal.yaml or write one of these",
                categories.join(", ")
            )
        })
}

/// A review cadence or validity: `quarterly`, `annually`, `6 months`, `90 days`, `90d`.
fn interval(text: &str) -> Result<String, String> {
    let wanted = simple(text);
    let named = match wanted.as_str() {
        "monthly" | "1 month" | "every month" => Some("monthly".to_string()),
        "quarterly" | "3 months" | "every quarter" | "every 3 months" => Some("quarterly".into()),
        "semiannual" | "semi annual" | "semiannually" | "semi annually" | "half yearly"
        | "biannual" | "biannually" | "6 months" | "every 6 months" => Some("semiannual".into()),
        "annual" | "annually" | "yearly" | "1 year" | "every year" | "12 months" => {
            Some("annual".into())
        }
        other => other
            .strip_suffix(" days")
            .or_else(|| other.strip_suffix(" day"))
            .or_else(|| other.strip_suffix('d'))
            .map(str::trim)
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            .map(|n| format!("{n}d")),
    };
    named
        .filter(|n| crate::resolve::schedule::Interval::parse(n).is_ok())
        .ok_or_else(|| {
            format!(
                "`{}` is not an interval: write monthly, quarterly, semiannual, annual or a number of days (90d)",
                text.trim()
            )
        })
}

/// A date from an Excel serial number (days since 1899-12-30) in a cell not formatted as one.
fn serial_date(n: f64) -> Result<NaiveDate, String> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (n.fract() == 0.0 && (1.0..=2_958_465.0).contains(&n))
        .then(|| base.checked_add_days(chrono::Days::new(n as u64)))
        .flatten()
        .ok_or_else(|| format!("`{}` is not a date", number_text(n)))
}

/// Why a date cannot be read, with the forms that can.
fn not_a_date(text: &str) -> String {
    format!(
        "`{text}` is not a date: write 2026-03-31, 31/03/2026, 31.03.2026, 31 Mar 2026 or March 31, 2026"
    )
}

/// The numbers of a date written `A/B/YYYY` or `A-B-YYYY` (day and month in either order),
/// with a two-digit year read as 20YY.
pub fn slashed(text: &str) -> Option<(u32, u32, i32)> {
    let head = text.split([' ', 'T']).next().unwrap_or(text);
    let parts: Vec<&str> = head.split(['/', '-']).collect();
    let [a, b, y] = parts[..] else { return None };
    let numeric = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if !(numeric(a) && numeric(b) && numeric(y)) || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let year = if y.len() == 2 { 2000 + year } else { year };
    Some((a.parse().ok()?, b.parse().ok()?, year))
}

/// A date in the usual spreadsheet forms.
fn date(text: &str, order: Option<DateOrder>) -> Result<NaiveDate, String> {
    let text = text.trim();
    let head = text.split([' ', 'T']).next().unwrap_or(text);
    // Year first: 2026-03-31, 2026/03/31, 2026.03.31 (a time after it is dropped).
    let iso: Vec<&str> = head.split(['-', '/', '.']).collect();
    if let [y, m, d] = iso[..]
        && y.len() == 4
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
    {
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| not_a_date(text));
    }
    // Day first with dots: 31.03.2026.
    if let [d, m, y] = iso[..]
        && head.contains('.')
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
    {
        let y = if y < 100 { 2000 + y } else { y };
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| not_a_date(text));
    }
    if let Some((a, b, y)) = slashed(text) {
        let (d, m) = match order {
            Some(DateOrder::MonthFirst) => (b, a),
            Some(DateOrder::DayFirst) => (a, b),
            None if a > 12 => (a, b),
            None if b > 12 || a == b => (b, a),
            None => {
                return Err(format!(
                    "`{text}` could be day/month or month/day, and no date of the spreadsheet says which: pass --dates dmy or --dates mdy"
                ));
            }
        };
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| not_a_date(text));
    }
    // Month names: 31 Mar 2026, 31-Mar-26, March 31, 2026, Mar 31 2026.
    let words = text.replace([',', '-', '/', '.'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    for format in [
        "%d %B %Y",
        "%B %d %Y",
        "%d %B %y",
        "%B %d %y",
        "%A %d %B %Y",
        "%A %B %d %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(&words, format) {
            // `31 Mar 26` read with a four-digit year is the year 26: it means 2026.
            return match d.year() {
                0..100 => d.with_year(d.year() + 2000).ok_or_else(|| not_a_date(text)),
                _ => Ok(d),
            };
        }
    }
    Err(not_a_date(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Context {
        Context {
            scale: 5,
            levels: vec![
                "low".into(),
                "medium".into(),
                "high".into(),
                "critical".into(),
            ],
            categories: vec!["user-harm".into(), "legal".into()],
            dates: None,
        }
    }

    fn text(shape: Shape, t: &str) -> Result<Option<Value>, String> {
        convert(&Cell::Text(t.into()), shape, &cx())
    }

    #[test]
    fn ratings_are_numbers_or_the_words_of_the_scale() {
        let n = |t: &str| text(Shape::Likelihood, t);
        for (t, want) in [
            ("4", 4),
            ("4.0", 4),
            ("4 - Likely", 4),
            ("High (4)", 4),
            ("High", 4),
            ("almost-certain", 5),
            ("Rare", 1),
        ] {
            assert_eq!(n(t), Ok(Some(Value::Number(want))), "{t}");
        }
        assert_eq!(
            text(Shape::Impact, "Catastrophic"),
            Ok(Some(Value::Number(5)))
        );
        let err = n("Huge").unwrap_err();
        assert!(
            err.contains("almost certain (5)") && err.contains("1 to 5"),
            "{err}"
        );
        assert!(n("6").unwrap_err().contains("1 to 5"));
        assert!(n("0").is_err());
        assert_eq!(
            convert(&Cell::Number(3.0), Shape::Impact, &cx()),
            Ok(Some(Value::Number(3)))
        );
        // One level name per point of the scale: the portal's names are the words.
        let three = Context {
            scale: 3,
            levels: vec!["green".into(), "amber".into(), "red".into()],
            ..cx()
        };
        assert_eq!(
            convert(&Cell::Text("Amber".into()), Shape::Impact, &three),
            Ok(Some(Value::Number(2)))
        );
    }

    #[test]
    fn dates_in_the_usual_spreadsheet_forms() {
        let d = |t: &str| text(Shape::Date, t);
        let want = Ok(Some(Value::Date(
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        )));
        for t in [
            "2026-03-31",
            "2026/03/31",
            "2026-03-31 00:00:00",
            "31.03.2026",
            "31/03/2026",
            "03/31/2026",
            "31 Mar 2026",
            "31-Mar-26",
            "March 31, 2026",
            "Mar 31 2026",
        ] {
            assert_eq!(d(t), want, "{t}");
        }
        assert!(d("03/04/2026").unwrap_err().contains("--dates"));
        let mdy = Context {
            dates: Some(DateOrder::MonthFirst),
            ..cx()
        };
        assert_eq!(
            convert(&Cell::Text("03/04/2026".into()), Shape::Date, &mdy),
            Ok(Some(Value::Date(
                NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()
            )))
        );
        assert!(d("2026-02-30").unwrap_err().contains("not a date"));
        assert!(d("soon").is_err());
        assert_eq!(convert(&Cell::Number(46112.0), Shape::Date, &cx()), want);
    }

    #[test]
    fn fixed_words_and_their_synonyms() {
        let t = |shape, w: &str| text(shape, w).map(|v| v.map(|v| format!("{v:?}")));
        assert_eq!(
            t(Shape::Treatment, "Reduce"),
            Ok(Some("Text(\"mitigate\")".into()))
        );
        assert_eq!(
            t(Shape::Status, "In Progress"),
            Ok(Some("Text(\"treating\")".into()))
        );
        assert_eq!(
            t(Shape::Treatment, "Mitigate (reduce likelihood)"),
            Ok(Some("Text(\"mitigate\")".into()))
        );
        assert_eq!(
            t(Shape::Category, "User Harm"),
            Ok(Some("Text(\"user-harm\")".into()))
        );
        assert_eq!(
            t(Shape::Interval, "Annually"),
            Ok(Some("Text(\"annual\")".into()))
        );
        assert_eq!(
            t(Shape::Interval, "90 days"),
            Ok(Some("Text(\"90d\")".into()))
        );
        let err = t(Shape::Treatment, "Ignore").unwrap_err();
        assert!(err.contains("mitigate, accept, transfer, avoid"), "{err}");
        assert!(
            t(Shape::Category, "Finance")
                .unwrap_err()
                .contains("user-harm, legal")
        );
        assert!(t(Shape::Id, "Risk 1").is_err());
        assert_eq!(
            text(Shape::List, "A.7.4; A.6.2,\nB.1"),
            Ok(Some(Value::List(vec![
                "A.7.4".into(),
                "A.6.2".into(),
                "B.1".into()
            ])))
        );
    }
}
