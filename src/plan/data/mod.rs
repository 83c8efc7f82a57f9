//! Data files: CSV and JSON exports, the review calendar, the sitemap and the search index.
//!
//! The types of the data files and the review calendar are here; the register exports are in
//! [`exports`], the records' in [`records`].

mod csv;
mod exports;
mod json;
mod records;

use serde::Serialize;

use super::urls;
use crate::resolve::Portal;

pub use csv::CsvText;
pub use exports::exports;
pub use json::{Empty, Json, JsonText};

/// What wrote an export, as its `generator` field says.
pub const GENERATOR: &str = concat!("Tracemark ", env!("CARGO_PKG_VERSION"));
pub(super) use records::record_as_written;

/// A CSV export: headers and rows of text.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column headers.
    pub headers: Vec<&'static str>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// A dated event for `reviews.ics`.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarEvent {
    /// Stable unique id.
    pub uid: String,
    /// The day.
    pub date: String,
    /// Summary line.
    pub summary: String,
    /// Root-relative URL of the item.
    pub url: String,
}

/// One document of the offline full-text search index.
#[derive(Debug, Clone, Serialize)]
pub struct SearchEntry {
    /// The page's title, shown as the result's heading (key `t`).
    #[serde(rename = "t")]
    pub title: String,
    /// The page's root-relative URL, where the result links (key `u`).
    #[serde(rename = "u")]
    pub url: String,
    /// What the page is, for display: policy, risk, evidence... (a control's names its
    /// framework) (key `k`).
    #[serde(rename = "k")]
    pub kind: String,
    /// The ids that identify the page, matched exactly first (key `i`).
    #[serde(rename = "i")]
    pub ids: String,
    /// The searched text: summary, then the plain text of the page's other fields and
    /// Markdown (key `b`).
    #[serde(rename = "b")]
    pub body: String,
    /// Where the result ranks among those that match as well (key `r`): search.js orders by
    /// an exact id or title first, then by this, then by relevance.
    #[serde(rename = "r")]
    pub rank: SearchRank,
}

/// What a search result is to its reader, from what they came for to reference: search.js
/// lists results by exact id or title match first, then by this rank (highest first), then by
/// relevance, so that a customer's "encryption" finds our answer before a criterion's text.
/// Written into the search index's manifest as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub enum SearchRank {
    /// Framework and catalog reference pages, and everything in the internal and auditor
    /// builds (whose ranking is by relevance alone).
    Reference = 0,
    /// Our own registers a public build shows: risks, evidence, records.
    Register = 1,
    /// What the trust center publishes for customers: control statements, subprocessors,
    /// documents (policies and pages included), AI system cards.
    TrustCenter = 2,
    /// A questionnaire answer on the FAQ: the direct answer to a customer's question.
    Answer = 3,
}

impl From<SearchRank> for u8 {
    fn from(rank: SearchRank) -> u8 {
        rank as u8
    }
}

/// A data file's content, serialised by `render`.
#[derive(Debug, Clone)]
pub enum DataFile {
    /// A CSV export, such as a register or the Statement of Applicability.
    Csv(CsvText),
    /// JSON, in the one layout of [`JsonText`].
    Json(JsonText),
    /// iCalendar with all-day events.
    Calendar(Vec<CalendarEvent>),
    /// `sitemap.xml` from a base URL and root-relative paths.
    Sitemap(String, Vec<String>),
    /// One file of the sharded search index under `search/`; every file of a build shares one
    /// [`super::SearchIndex`].
    SearchPart(std::sync::Arc<super::SearchIndex>, super::SearchPart),
    /// An Atom feed (`updates.xml`).
    Atom(Feed),
    /// `assets/print.css`: one running header per policy (id, title, version).
    PrintHeaders(Vec<PrintHeader>),
    /// A generated script, written as it is (`assets/nav.js`, the page tree).
    Script(String),
}

/// An Atom feed (RFC 4287). Ids are `urn:uuid:` names derived from the organisation and each
/// entry's date and title, so they stay the same wherever the portal is hosted; links are
/// absolute under `base_url` when it is set, else relative to the feed's own address.
#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    /// `urn:uuid:...`.
    pub id: String,
    /// The feed's title: `<organisation> Trust Center updates`.
    pub title: String,
    /// Newest entry's day (or today without entries), `YYYY-MM-DD`.
    pub updated: String,
    /// The organisation.
    pub author: String,
    /// The page the entries appear on.
    pub alternate: String,
    /// The feed's own absolute address, when `base_url` is set.
    pub self_url: Option<String>,
    /// Newest first.
    pub entries: Vec<FeedEntry>,
}

/// One announcement of a [`Feed`].
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// `urn:uuid:...`.
    pub id: String,
    /// The update's headline.
    pub title: String,
    /// Day, `YYYY-MM-DD`.
    pub updated: String,
    /// Plain-text summary.
    pub summary: Option<String>,
    /// Where it is shown.
    pub link: String,
}

/// The running header of one policy when printed: its key (lower-case id) and the text.
#[derive(Debug, Clone)]
pub struct PrintHeader {
    /// Lower-case id, as in `data-print-doc` and `data-policy-page`.
    pub key: String,
    /// `POL-1 · Title · version 1.2`.
    pub text: String,
}

/// An optional value as a cell: its text, else empty.
fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// A CSV column: its header and how one row's item fills its cell.
type Column<'a, T> = (&'static str, &'a dyn Fn(T) -> String);

/// A table with one row per item, each column defined once as its header and its cell.
fn table<T: Copy>(columns: &[Column<'_, T>], items: impl IntoIterator<Item = T>) -> Table {
    Table {
        headers: columns.iter().map(|&(header, _)| header).collect(),
        rows: items
            .into_iter()
            .map(|item| columns.iter().map(|(_, cell)| cell(item)).collect())
            .collect(),
    }
}

/// [`table`] as CSV, each row written as soon as its item is read: a register's export.
fn csv_table<T: Copy>(columns: &[Column<'_, T>], items: impl IntoIterator<Item = T>) -> CsvText {
    let headers: Vec<&str> = columns.iter().map(|&(header, _)| header).collect();
    let rows = items
        .into_iter()
        .map(|item| columns.iter().map(move |(_, cell)| cell(item)));
    CsvText::write(&headers, rows)
}

/// A unit enum variant as its serde name (`mitigate`, `not-required`).
fn serde_plain<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// `reviews.ics` (when the build has reviews) and, with a base URL, `sitemap.xml` (the
/// search index is `plan::search`'s, which needs the audience).
pub fn feeds(portal: &Portal, calendar: bool, pages: &[String], data: &mut crate::plan::DataFiles) {
    let mut events = Vec::new();
    let mut event =
        |kind: &str, id: &str, title: &str, next: Option<crate::model::Date>, url: String| {
            if let Some(next) = next {
                events.push(CalendarEvent {
                    uid: format!("{kind}-{id}@tracemark"),
                    date: next.0.format("%Y%m%d").to_string(),
                    summary: format!("Review {kind} {id}: {title}"),
                    url,
                });
            }
        };
    for p in &portal.policies {
        event(
            "policy",
            &p.doc.meta.id,
            &p.doc.meta.title,
            p.review.next,
            urls::policy(&p.doc.meta.id),
        );
    }
    for s in &portal.systems {
        event(
            "system",
            &s.system.id,
            &s.system.name,
            s.review.next,
            urls::system(&s.system.id),
        );
    }
    for r in &portal.risks {
        event(
            "risk",
            &r.risk.id,
            &r.risk.title,
            r.review.next,
            urls::risk(&r.risk.id),
        );
    }
    if calendar {
        data.push(("reviews.ics".into(), DataFile::Calendar(events)));
    }

    if let Some(base) = &portal.config.base_url {
        let mut paths: Vec<String> = pages.to_vec();
        paths.sort();
        data.push(("sitemap.xml".into(), DataFile::Sitemap(base.clone(), paths)));
    }
}
