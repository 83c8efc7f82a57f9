//! The full-text search documents: title, ids, summary and the plain body text of every
//! policy, page, system, risk, control, evidence record and record an auditor samples
//! (audits, findings, nonconformities, reviews, objectives, incidents) the audience can see.
//!
//! `render` turns them into an elasticlunr index (`search-index.js`); here they are only
//! plain data, one document per page.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::links::LocalLink;
use crate::shared::markdown_dialect::markdown_options;

use super::data::SearchEntry;
use super::links::LinkTable;
use super::urls;
use super::views::kind_label;
use crate::audience::RESTRICTED;
use crate::model::{Evidence, Page, Risk, System};
use crate::resolve::records::RecordBody;
use crate::resolve::{ControlNode, PolicyNode, Portal};

/// Every search document of the portal, in a stable order.
pub fn entries(portal: &Portal) -> Vec<SearchEntry> {
    // The portal is already filtered for the audience, so its link table holds only what the
    // audience may see: a mention of anything else reads "restricted", as on the pages.
    let links = &super::links::table(portal, &super::nav::PageNav::build(portal));
    let mut index = Vec::new();
    index.extend(portal.policies.iter().map(|p| policy_entry(p, links)));
    index.extend(portal.pages.iter().map(|p| page_entry(p, links)));
    index.extend(
        portal
            .systems
            .iter()
            .map(|s| system_entry(&s.system, links)),
    );
    index.extend(portal.risks.iter().map(|r| risk_entry(&r.risk, links)));
    index.extend(
        portal
            .controls
            .iter()
            .map(|c| control_entry(portal, c, links)),
    );
    index.extend(
        portal
            .evidence
            .iter()
            .map(|e| evidence_entry(&e.evidence, links)),
    );
    index.extend((0..portal.records.len()).map(|i| record_entry(portal, i, links)));
    for e in &mut index {
        e.body = mentions_as_titles(&e.body, links);
    }
    index
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
        &s.data.join(", "),
        &s.models.join(", "),
        &s.vendors.join(", "),
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
