//! The full-text search documents: title, ids, summary and the plain body text of every
//! policy, page, system, risk, control, evidence record and record an auditor samples
//! (audits, findings, nonconformities, reviews, objectives, incidents) the audience can see;
//! in the public build also what the trust center publishes, each linking its own anchor:
//! every FAQ answer, control statement, subprocessor, attestation and the auditor package.
//!
//! `render` turns them into a sharded index under `search/` ([`SearchIndex`]); here they are
//! only plain data, one document per page or anchor, each with its [`SearchRank`], and the
//! index's layout: how many files of each kind, so that every output path is known here.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;

use super::links::LocalLink;
use crate::shared::markdown_dialect::markdown_options;

use super::data::{SearchEntry, SearchRank};
use super::figures::FigureScope;
use super::links::LinkTable;
use super::urls;
use super::views::kind_label;
use crate::audience::RESTRICTED;
use crate::model::{Audience, Evidence, Page, Risk, System};
use crate::resolve::records::RecordBody;
use crate::resolve::{ControlNode, PolicyNode, Portal};

/// Every search document of the audience's build, in a stable order: in the public build the
/// trust center's answers, statements, subprocessors and documents first, then the pages.
///
/// `links` is the audience's link table: the portal is already filtered for the audience, so
/// it holds only what the audience may see, and a mention of anything else reads
/// "restricted", as on the pages.
pub fn entries(basis: &FigureScope, audience: Audience, links: &LinkTable) -> Vec<SearchEntry> {
    let portal = basis.visible;
    let public = audience == Audience::Public;
    let mut index = Vec::new();
    if public {
        index.extend(trust_entries(basis, links));
    }
    // In the public build, policies and pages are the documents customers read (listed on
    // documents.html) and a system's page is its AI system card; other builds rank by
    // relevance alone.
    let (documents, registers) = if public {
        (SearchRank::TrustCenter, SearchRank::Register)
    } else {
        (SearchRank::Reference, SearchRank::Reference)
    };
    // Each document's entry is built on its own, on the thread pool; `collect` keeps their order.
    let ranked = |rank: SearchRank| {
        move |mut e: SearchEntry| {
            e.rank = rank;
            e
        }
    };
    index.extend(
        portal
            .policies
            .par_iter()
            .map(|p| policy_entry(p, links))
            .map(ranked(documents))
            .collect::<Vec<_>>(),
    );
    index.extend(
        portal
            .pages
            .par_iter()
            .map(|p| page_entry(p, links))
            .map(ranked(documents))
            .collect::<Vec<_>>(),
    );
    index.extend(
        portal
            .systems
            .iter()
            .map(|s| system_entry(&s.system, links))
            .map(ranked(documents)),
    );
    index.extend(
        portal
            .risks
            .par_iter()
            .map(|r| risk_entry(&r.risk, links))
            .map(ranked(registers))
            .collect::<Vec<_>>(),
    );
    index.extend(
        portal
            .controls
            .iter()
            .map(|c| control_entry(portal, c, links)),
    );
    index.extend(
        portal
            .evidence
            .par_iter()
            .map(|e| evidence_entry(&e.evidence, links))
            .map(ranked(registers))
            .collect::<Vec<_>>(),
    );
    index.extend(
        (0..portal.records.len())
            .map(|i| record_entry(portal, i, links))
            .map(ranked(registers)),
    );
    index.par_iter_mut().for_each(|e| {
        e.body = mentions_as_titles(&e.body, links);
    });
    index
}

/// The folder of the search index's files.
pub const SEARCH_FOLDER: &str = "search";

/// Indexed text (titles, ids and bodies, in bytes) per file of the index's words: the index
/// is about as large as its text, so a word's file is about this size (more for a word that is
/// on every page), and the manifest names the first word of each of text/this files.
const TEXT_PER_TERM_SHARD: usize = 96 * 1024;

/// Documents per file of titles, which search.js reads to put titles holding the query first.
const TITLES_PER_SHARD: usize = 128;

/// Documents per file of what a result shows (title, URL, kind, ids, the start of the body):
/// a first query loads the files of the 8 (header) or 50 (search page) results it shows.
const SHOWN_PER_SHARD: usize = 32;

/// Bytes of ids and titles per file of the exact-match table (an id or title to its documents).
const TEXT_PER_EXACT_SHARD: usize = 24 * 1024;

/// The sharded search index of a build: its documents, how many files of each kind hold it, and
/// what `render` builds once from the documents and every file reads (its words' postings and
/// the exact-match table, in a type of `render`'s own: `plan` only keeps the place for it).
#[derive(Debug)]
pub struct SearchIndex {
    /// Every search document, its position being its number in every file.
    pub entries: Vec<SearchEntry>,
    /// How many files of each kind.
    pub layout: SearchLayout,
    /// Filled by the first file rendered, read by the others.
    pub built: std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>,
}

/// How the search index is cut into files, each loaded by a `<script>` element when a query
/// needs it (search works from `file://`, where nothing can be fetched).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchLayout {
    /// Files of words and their postings, cut at word boundaries in sorted order; `render`
    /// uses at most this many (a word is never split) and writes the rest empty.
    pub terms: usize,
    /// Documents per file of titles.
    pub titles_per_shard: usize,
    /// Documents per file of displayed fields.
    pub shown_per_shard: usize,
    /// Files of the exact-match table, by a hash of the id or title.
    pub exact: usize,
}

impl SearchLayout {
    /// The layout for these documents: files of about the sizes the constants above say.
    pub fn of(entries: &[SearchEntry]) -> SearchLayout {
        let text: usize = entries
            .iter()
            .map(|e| e.title.len() + e.ids.len() + e.body.len())
            .sum();
        let exact: usize = entries
            .iter()
            .map(|e| 2 * e.title.len() + e.ids.len() + 16)
            .sum();
        SearchLayout {
            terms: text.div_ceil(TEXT_PER_TERM_SHARD).max(1),
            titles_per_shard: TITLES_PER_SHARD,
            shown_per_shard: SHOWN_PER_SHARD,
            exact: exact.div_ceil(TEXT_PER_EXACT_SHARD).max(1),
        }
    }

    /// Every file of the index for `documents` documents, the manifest first.
    pub fn parts(&self, documents: usize) -> Vec<SearchPart> {
        let mut parts = vec![SearchPart::Manifest];
        parts.extend((0..self.terms).map(SearchPart::Terms));
        parts.extend((0..documents.div_ceil(self.titles_per_shard)).map(SearchPart::Titles));
        parts.extend((0..documents.div_ceil(self.shown_per_shard)).map(SearchPart::Shown));
        parts.extend((0..self.exact).map(SearchPart::Exact));
        parts
    }
}

/// One file of the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchPart {
    /// `search/index.js`: what every query needs first (document count, the first word of each
    /// words file, shard sizes, ranks).
    Manifest,
    /// `search/t<n>.js`: words and their postings per field.
    Terms(usize),
    /// `search/n<n>.js`: titles.
    Titles(usize),
    /// `search/d<n>.js`: what results show.
    Shown(usize),
    /// `search/x<n>.js`: exact ids and titles to their documents.
    Exact(usize),
}

impl SearchPart {
    /// The name search.js asks for and the file announces itself with: `index`, `t3`...
    pub fn name(self) -> String {
        match self {
            SearchPart::Manifest => "index".into(),
            SearchPart::Terms(n) => format!("t{n}"),
            SearchPart::Titles(n) => format!("n{n}"),
            SearchPart::Shown(n) => format!("d{n}"),
            SearchPart::Exact(n) => format!("x{n}"),
        }
    }

    /// The file's path in the output.
    pub fn path(self) -> String {
        format!("{SEARCH_FOLDER}/{}.js", self.name())
    }
}

/// The search index's files, as data files of the build: one per [`SearchPart`], all sharing
/// the documents.
pub fn data_files(entries: Vec<SearchEntry>) -> Vec<(String, super::DataFile)> {
    let layout = SearchLayout::of(&entries);
    let parts = layout.parts(entries.len());
    let index = std::sync::Arc::new(SearchIndex {
        entries,
        layout,
        built: std::sync::OnceLock::new(),
    });
    parts
        .into_iter()
        .map(|part| {
            (
                part.path(),
                super::DataFile::SearchPart(std::sync::Arc::clone(&index), part),
            )
        })
        .collect()
}

/// How many example queries `search.html` suggests when nothing matched.
const EXAMPLE_QUERIES: usize = 6;

/// Plans `search.html`, with example queries for its empty state taken from the portal, so
/// that each finds something: the questionnaire topics where there are some (the trust
/// center's), else the first policy titles.
pub fn page(portal: &Portal, shared: &super::Shared) -> super::PageJob {
    let mut job = shared.page("search.html".into(), "search.html", "Search", "search", &[]);
    let mut examples: Vec<&str> = Vec::new();
    let topics = portal
        .trust
        .questions
        .iter()
        .map(|q| q.question.topic.as_str());
    let titles = portal.policies.iter().map(|p| p.doc.meta.title.as_str());
    for example in topics.chain(titles) {
        if examples.len() == EXAMPLE_QUERIES {
            break;
        }
        if !examples.contains(&example) {
            examples.push(example);
        }
    }
    let examples: Vec<serde_json::Value> = examples
        .iter()
        .map(|q| serde_json::json!({ "text": q, "href": format!("search.html?q={}", query_encoded(q)) }))
        .collect();
    job.set("examples", &examples);
    job
}

/// Text percent-encoded for a URL's query: every byte but unreserved ones.
fn query_encoded(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The trust center's own entries, each linking the anchor its page writes: one per FAQ
/// question (the answer as the audience reads it, as in `exports/questionnaire.csv`), per
/// control statement on `controls.html`, per subprocessor and per document without a page
/// of its own (attestations, the auditor package).
fn trust_entries(basis: &FigureScope, links: &LinkTable) -> Vec<SearchEntry> {
    let portal = basis.visible;
    let mut out: Vec<SearchEntry> = portal
        .trust
        .questions
        .iter()
        .map(|q| {
            let q = &q.question;
            let mut e = entry(
                &q.question,
                format!("faq.html#{}", super::trust::question_anchor(&q.id)),
                "FAQ answer".into(),
                "",
                None,
                &[&shown_text(&q.answer, &q.source.file, links), &q.topic],
            );
            e.rank = SearchRank::Answer;
            e
        })
        .collect();
    out.extend(statement_entries(basis, links));
    out.extend(subprocessor_entries(portal));
    out.extend(document_entries(basis).into_iter().map(|d| {
        let mut e = entry(&d.title, d.url, d.kind.into(), "", None, &[&d.text]);
        e.rank = SearchRank::TrustCenter;
        e
    }));
    out
}

/// One entry per control statement of `controls.html`: the statement as the page shows it
/// (the implementation, else the justification), under its area and framework.
fn statement_entries(basis: &FigureScope, links: &LinkTable) -> Vec<SearchEntry> {
    let portal = basis.visible;
    let mut out = Vec::new();
    for area in super::trust::control_areas(portal, basis.full) {
        for s in &area.statements {
            let Some(entry_) = portal.controls[s.control].implementation.as_ref() else {
                continue;
            };
            let text = entry_
                .implementation
                .as_deref()
                .unwrap_or(&entry_.justification);
            let mut e = entry(
                &format!("{} {}", s.label, s.title),
                format!("controls.html#{}", s.anchor),
                "Control statement".into(),
                &s.label,
                None,
                &[
                    &shown_text(text, &entry_.source.file, links),
                    &area.title,
                    &s.framework,
                ],
            );
            e.rank = SearchRank::TrustCenter;
            out.push(e);
        }
    }
    out
}

/// One entry per subprocessor, linking its row on `subprocessors.html`; the body starts with
/// the word "Subprocessor" so that the word finds them all.
fn subprocessor_entries(portal: &Portal) -> Vec<SearchEntry> {
    portal
        .trust
        .subprocessors
        .iter()
        .zip(super::trust::subprocessor_anchors(portal))
        .map(|(node, anchor)| {
            let s = &node.subprocessor;
            let systems: Vec<&str> = node
                .systems
                .iter()
                .map(|&i| portal.systems[i].system.name.as_str())
                .collect();
            let mut e = entry(
                &s.name,
                format!("subprocessors.html#{anchor}"),
                "Subprocessor".into(),
                "",
                Some("Subprocessor"),
                &[
                    &s.purpose,
                    &s.data.join(", "),
                    &s.location,
                    &opt_text(&s.transfer),
                    &systems.join(", "),
                ],
            );
            e.rank = SearchRank::TrustCenter;
            e
        })
        .collect()
}

/// A document customers ask for that has no page of its own to index (public policies and
/// pages are indexed as their pages).
struct DocumentEntry {
    /// The title a customer asks for.
    title: String,
    /// Where it is shown: its card, `documents.html#<anchor>`.
    url: String,
    /// What kind of document, as the result shows it.
    kind: &'static str,
    /// What the page says of it.
    text: String,
}

/// The documents customers ask for that have no page of their own: each attestation (the
/// home page shows them all: a report, certificate or status, with issuer, period and note)
/// and the auditor package on `documents.html`. Not the titles of restricted documents
/// listed on request: the contract keeps those to the document list. A new kind of card on
/// `documents.html` adds its entries here, with the card's anchor.
fn document_entries(basis: &FigureScope) -> Vec<DocumentEntry> {
    super::trust::searchable_documents(basis.visible)
        .into_iter()
        .map(|card| {
            let dates = card
                .dates
                .iter()
                .map(|f| format!("{} {}", f.label, f.value));
            let text = [card.status.map(str::to_string), card.issuer, card.summary]
                .into_iter()
                .flatten()
                .chain(dates)
                .collect::<Vec<_>>()
                .join(" · ");
            DocumentEntry {
                title: card.title,
                url: format!("documents.html#{}", card.id),
                kind: if card.access == "public" {
                    "Document"
                } else {
                    "Document on request"
                },
                text,
            }
        })
        .collect()
}

/// The plain text of an optional Markdown field, as its page shows it.
fn shown_opt(markdown: &Option<String>, file: &str, links: &LinkTable) -> String {
    markdown
        .as_deref()
        .map_or(String::new(), |m| shown_text(m, file, links))
}

fn policy_entry(p: &PolicyNode, links: &LinkTable) -> SearchEntry {
    let m = &p.doc.meta;
    entry(
        &m.title,
        urls::policy(&m.id),
        kind_label(m.kind).to_string(),
        &m.id,
        m.summary.as_deref(),
        &[
            &m.owner,
            &shown_text(&p.doc.body, &p.doc.source.file, links),
        ],
    )
}

fn page_entry(p: &Page, links: &LinkTable) -> SearchEntry {
    entry(
        &p.meta.title,
        p.meta.place.url.clone(),
        "page".into(),
        &p.meta.id,
        p.meta.summary.as_deref(),
        &[&shown_text(&p.body, &p.source.file, links)],
    )
}

fn system_entry(s: &System, links: &LinkTable) -> SearchEntry {
    let fields = [
        &s.owner,
        &shown_opt(&s.description, &s.source.file, links),
        &opt_text(&s.function),
        &opt_text(&s.scope),
        &opt_text(&s.intended_use),
        &opt_text(&s.human_oversight),
        &s.affected.join(", "),
        &s.users.join(", "),
        &s.data.join(", "),
        &s.models.join(", "),
        &s.vendors.join(", "),
        &s.out_of_scope.join(", "),
        &s.limitations.join(", "),
        &opt_text(&s.contest),
    ];
    entry(
        &s.name,
        urls::system(&s.id),
        "AI system".into(),
        &s.id,
        s.function.as_deref(),
        &fields,
    )
}

fn risk_entry(r: &Risk, links: &LinkTable) -> SearchEntry {
    let fields = [
        &r.owner,
        &opt_text(&r.category),
        &shown_opt(&r.description, &r.source.file, links),
        &opt_text(&r.strategy),
    ];
    entry(
        &r.title,
        urls::risk(&r.id),
        "risk".into(),
        &r.id,
        None,
        &fields,
    )
}

fn control_entry(portal: &Portal, c: &ControlNode, links: &LinkTable) -> SearchEntry {
    let framework = &portal.frameworks[c.framework].name;
    let ids = format!("{} {}", c.key, c.label);
    let (justification, implementation) = match &c.implementation {
        Some(i) => (
            i.justification.clone(),
            shown_text(
                i.implementation.as_deref().unwrap_or(""),
                &i.source.file,
                links,
            ),
        ),
        None => (String::new(), String::new()),
    };
    let fields = [
        &c.group.1,
        &opt_text(&c.summary),
        &opt_text(&c.text),
        &justification,
        &implementation,
    ];
    entry(
        &format!("{} {}", c.label, c.title),
        urls::control(&c.framework_id, &c.id),
        format!("{framework} control"),
        &ids,
        c.text.as_deref(),
        &fields,
    )
}

fn evidence_entry(e: &Evidence, links: &LinkTable) -> SearchEntry {
    let fields = [
        &opt_text(&e.owner),
        &opt_text(&e.kind),
        &opt_text(&e.method),
        &shown_opt(&e.description, &e.source.file, links),
    ];
    entry(
        &e.title,
        urls::evidence(&e.id),
        "evidence".into(),
        &e.id,
        None,
        &fields,
    )
}

/// A record of any kind: its status, date and owner, then every text it holds as written
/// (references to what the audience may not see read `restricted`), its Markdown as shown.
/// A finding's result links its anchor on its audit's page.
fn record_entry(portal: &Portal, i: usize, links: &LinkTable) -> SearchEntry {
    use super::records as view;
    let node = &portal.records[i];
    let file = &portal.record_source(i).file;
    let markdown = match &node.body {
        RecordBody::Audit(_) | RecordBody::Review(_) => "summary",
        RecordBody::Finding { .. } => "",
        _ => "description",
    };
    let mut record = super::data::record_as_written(portal, i);
    let shown = record
        .get(markdown)
        .and_then(|v| v.as_str())
        .map(|m| shown_text(m, file, links))
        .unwrap_or_default();
    for key in ["id", "title", "visibility", markdown] {
        if let Some(map) = record.as_object_mut() {
            map.remove(key);
        }
    }
    let mut words = Vec::new();
    leaves(&record, &mut words);
    let fields = [
        opt_text(&view::status(portal, i)),
        opt_text(&view::owner(portal, i)),
        shown,
        words.join(" · "),
    ];
    entry(
        &portal.record_title(i),
        portal.record_url(i),
        node.kind().noun().to_string(),
        &node.id,
        None,
        &fields.iter().collect::<Vec<_>>(),
    )
}

/// The text of every string in a record as written, in order (dates and enums included:
/// "2026-10-22", "minor").
fn leaves(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| leaves(v, out)),
        _ => {}
    }
}

/// One document: the body is the summary and the other fields, joined as sentences.
fn entry(
    title: &str,
    url: String,
    kind: String,
    ids: &str,
    summary: Option<&str>,
    fields: &[&String],
) -> SearchEntry {
    let mut body = summary.map(str::to_string).unwrap_or_default();
    for field in fields.iter().filter(|f| !f.trim().is_empty()) {
        if !body.is_empty() {
            body.push_str(" · ");
        }
        body.push_str(field.trim());
    }
    SearchEntry {
        title: title.to_string(),
        url,
        kind,
        ids: ids.to_string(),
        body,
        rank: SearchRank::Reference,
    }
}

fn opt_text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// The words of a Markdown text as its page shows them, on one line: `[[ID]]` is the title
/// of what it names (or `restricted`), a link to a document the audience may not see is
/// `restricted` (link text and all), and what the page does not show (HTML comments and other
/// raw HTML, link reference definitions, link targets) is not there. The search index and the
/// questionnaire export (`plan::trust::faq`) take Markdown text from here.
pub fn shown_text(markdown: &str, file: &str, links: &LinkTable) -> String {
    let mut out = String::new();
    let mut parser = Parser::new_ext(markdown, markdown_options());
    while let Some(event) = parser.next() {
        let hidden = match &event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => match links.targets.get(dest_url.trim()) {
                Some(link) if !has_pothole => {
                    out.push_str(&link.title);
                    Some(true)
                }
                Some(_) => None,
                None => Some(false),
            },
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                matches!(links.local(file, dest_url), LocalLink::Hidden).then_some(false)
            }
            _ => None,
        };
        match (event, hidden) {
            // The link's own text is skipped: written out already, or hidden.
            (_, Some(shown)) => {
                if !shown {
                    out.push_str(RESTRICTED);
                }
                let mut depth = 1;
                for inner in parser.by_ref() {
                    match inner {
                        Event::Start(_) => depth += 1,
                        Event::End(_) => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                }
            }
            (Event::Text(text) | Event::Code(text), None) => out.push_str(&text),
            (Event::SoftBreak | Event::HardBreak, None) => out.push(' '),
            (
                Event::End(
                    TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
                ),
                None,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `[[ID|text]]` -> `text` and `[[ID]]` -> the item's title when the audience may see the item,
/// else `restricted` (so neither the id nor the link text of a hidden item reaches the index).
fn mentions_as_titles(text: &str, links: &LinkTable) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("]]") {
            Some(len) => {
                let inner = &rest[start + 2..start + 2 + len];
                let (id, label) = match inner.split_once('|') {
                    Some((id, label)) => (id.trim(), Some(label)),
                    None => (inner.trim(), None),
                };
                match links.targets.get(id) {
                    Some(link) => out.push_str(label.unwrap_or(&link.title)),
                    None => out.push_str(RESTRICTED),
                }
                rest = &rest[start + 2 + len + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{mentions_as_titles, shown_text};
    use crate::plan::Link;
    use crate::plan::LinkTable;

    #[test]
    fn markdown_becomes_words_without_markup() {
        let text = shown_text(
            "# Purpose\n\nWe test for **bias**.\n\n- one\n- `two`\n",
            "content/policies/a.md",
            &LinkTable::default(),
        );
        assert_eq!(text, "Purpose We test for bias. one two");
    }

    #[test]
    fn mentions_read_as_titles_and_hidden_ones_as_restricted() {
        let mut links = LinkTable::default();
        links.targets.insert(
            "R-2".into(),
            Link {
                url: "risks/R-2.html".into(),
                title: "Bias risk".into(),
            },
        );
        let text = mentions_as_titles(
            "See [[R-2]], [[R-2|it]] and [[SECRET-1|the secret]].",
            &links,
        );
        assert_eq!(text, "See Bias risk, it and restricted.");
    }

    #[test]
    fn shown_text_is_what_the_page_shows() {
        let mut links = LinkTable::default();
        links.targets.insert(
            "POL-1".into(),
            crate::plan::Link {
                url: "policies/POL-1.html".into(),
                title: "Policy".into(),
            },
        );
        let text = "See [[POL-1]], [[POL-1|ours]], [[SECRET|secret words]] and [[SECRET]].\n\n<!-- draft: ask Bob -->\nDetails in [the plan][p].\n\n[p]: secret-plan.md \"Secret plan\"\n";
        let shown = shown_text(text, "content/policies/a.md", &links);
        assert_eq!(
            shown,
            "See Policy, ours, restricted and restricted. Details in restricted."
        );
    }
}
