//! What changed since a revision (`build --since REV|DATE`, internal and auditor builds):
//! `changes.html`, which lists documents added, removed and changed, risks added, removed and
//! re-scored, Statement of Applicability entries whose applicability, status or justification
//! changed, evidence added, removed or expired since, and AI systems added, removed or
//! reclassified; and `changes/<id>.html`, a line diff of each changed document's text.
//!
//! Both sides are portals as this audience sees them (loaded, resolved with the same
//! `--today`, and filtered), so the diffs are of the scrubbed Markdown bodies, never of the
//! raw sources. An item the current build hides from this audience is left out entirely,
//! even when the earlier revision showed it: its id must not reach the output.

use std::collections::BTreeMap;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::views::kind_label;
use super::{Pages, Shared, urls};
use crate::audience::scrub::RESTRICTED_HTML;
use crate::model::{ControlImplementation, Evidence, Revision};
use crate::resolve::{ControlNode, Freshness, Portal, Score};

/// The portal as it stood at the `--since` revision, as this audience sees it.
#[derive(Clone, Copy)]
pub struct Since<'a> {
    /// The earlier portal, filtered for the audience.
    pub before: &'a Portal,
    /// The `--since` commit.
    pub revision: &'a Revision,
    /// The commit the current build reads (`--at`), or none for the work tree.
    pub current: Option<&'a Revision>,
}

/// `changes/<id>.html`.
pub fn diff_url(id: &str) -> String {
    format!("changes/{}.html", urls::file_name(id))
}

/// One side of the comparison, as the pages name it.
#[derive(Debug, Serialize)]
pub struct Side {
    /// Short hash, or `None` for the work tree.
    commit: Option<String>,
    /// The commit's date and time (UTC), or the build's `--today` for the work tree.
    date: String,
}

impl Side {
    fn of(revision: Option<&Revision>, today: &str) -> Side {
        match revision {
            Some(r) => Side {
                commit: Some(r.commit.chars().take(12).collect()),
                date: r.committed.clone(),
            },
            None => Side {
                commit: None,
                date: today.to_string(),
            },
        }
    }
}

/// A document (policy or page) with its text as the audience reads it.
struct Doc<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    url: String,
    body: &'a str,
}

/// Every document of a portal, by id (policies win a clash with a page's id).
fn documents(portal: &Portal) -> BTreeMap<&str, Doc<'_>> {
    let mut docs = BTreeMap::new();
    for p in &portal.pages {
        let doc = Doc {
            id: &p.meta.id,
            title: &p.meta.title,
            kind: "page",
            url: p.meta.place.url.clone(),
            body: &p.body,
        };
        docs.insert(doc.id, doc);
    }
    for node in &portal.policies {
        let m = &node.doc.meta;
        let doc = Doc {
            id: &m.id,
            title: &m.title,
            kind: kind_label(m.kind),
            url: urls::policy(&m.id),
            body: &node.doc.body,
        };
        docs.insert(doc.id, doc);
    }
    docs
}

/// An item added, removed or changed, with its link where it still exists.
#[derive(Debug, Serialize)]
struct Item {
    /// `added`, `removed`, `changed`, `re-scored`, `expired`, `replaced` or `reclassified`.
    change: &'static str,
    id: String,
    title: String,
    kind: &'static str,
    url: Option<String>,
    /// `changes/<id>.html` for a changed document.
    diff: Option<String>,
    /// Lines added and removed, for a changed document.
    added: usize,
    removed: usize,
    /// Fields changed: name, before, after.
    fields: Vec<Field>,
}

impl Item {
    fn new(id: &str, title: &str, kind: &'static str, url: Option<String>) -> Item {
        Item {
            change: "changed",
            id: id.to_string(),
            title: title.to_string(),
            kind,
            url,
            diff: None,
            added: 0,
            removed: 0,
            fields: Vec::new(),
        }
    }
}

/// One field's value before and after.
#[derive(Debug, Serialize)]
struct Field {
    name: &'static str,
    before: String,
    after: String,
}

/// Pushes `name` when its value changed.
fn field(fields: &mut Vec<Field>, name: &'static str, before: String, after: String) {
    if before != after {
        fields.push(Field {
            name,
            before,
            after,
        });
    }
}

/// Added, removed and changed items of one register.
#[derive(Debug, Default, Serialize)]
struct Section {
    added: Vec<Item>,
    removed: Vec<Item>,
    changed: Vec<Item>,
}

impl Section {
    fn add(&mut self, mut item: Item) {
        item.change = "added";
        self.added.push(item);
    }

    fn remove(&mut self, mut item: Item) {
        item.change = "removed";
        self.removed.push(item);
    }

    fn change(&mut self, change: &'static str, mut item: Item) {
        item.change = change;
        self.changed.push(item);
    }

    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Whether the current build knows `id` but hides it from this audience.
fn hidden_now(full: &Portal, visible: &Portal, id: &str) -> bool {
    full.index.find(id).is_some() && visible.index.find(id).is_none()
}

/// A diff's lines added and removed.
fn line_counts(before: &str, after: &str) -> (usize, usize) {
    let diff = TextDiff::from_lines(before, after);
    let mut counts = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Insert => counts.0 += 1,
            ChangeTag::Delete => counts.1 += 1,
            ChangeTag::Equal => {}
        }
    }
    counts
}

/// Documents added, removed and changed (their text, as the audience reads it).
fn document_changes(before: &Portal, after: &Portal, full: &Portal) -> Section {
    let (old, new) = (documents(before), documents(after));
    let mut section = Section::default();
    for (id, doc) in &new {
        match old.get(id) {
            None => section.add(Item::new(id, doc.title, doc.kind, Some(doc.url.clone()))),
            Some(was) if was.body != doc.body => {
                let mut item = Item::new(id, doc.title, doc.kind, Some(doc.url.clone()));
                item.diff = Some(diff_url(id));
                (item.added, item.removed) = line_counts(was.body, doc.body);
                section.change("changed", item);
            }
            Some(_) => {}
        }
    }
    for (id, doc) in &old {
        if !new.contains_key(id) && !hidden_now(full, after, id) {
            section.remove(Item::new(id, doc.title, doc.kind, None));
        }
    }
    section
}

/// `L×I = S (level)`.
fn score(score: &Score) -> String {
    format!(
        "{}×{} = {} ({})",
        score.likelihood, score.impact, score.score, score.level
    )
}

/// A residual score, or `not rated`.
fn residual(s: Option<&Score>) -> String {
    s.map_or_else(|| "not rated".to_string(), score)
}

/// Risks added, removed and re-scored (inherent and residual).
fn risk_changes(before: &Portal, after: &Portal, full: &Portal) -> Section {
    let old: BTreeMap<&str, _> = before.risks.iter().map(|r| (&*r.risk.id, r)).collect();
    let new: BTreeMap<&str, _> = after.risks.iter().map(|r| (&*r.risk.id, r)).collect();
    let mut section = Section::default();
    for (id, r) in &new {
        let url = Some(urls::risk(id));
        let mut item = Item::new(id, &r.risk.title, "risk", url);
        match old.get(id) {
            None => {
                field(&mut item.fields, "inherent", "—".into(), score(&r.inherent));
                field(
                    &mut item.fields,
                    "residual",
                    "—".into(),
                    residual(r.residual.as_ref()),
                );
                section.add(item);
            }
            Some(was) => {
                let f = &mut item.fields;
                field(f, "inherent", score(&was.inherent), score(&r.inherent));
                let (w, n) = (was.residual.as_ref(), r.residual.as_ref());
                field(f, "residual", residual(w), residual(n));
                if !item.fields.is_empty() {
                    section.change("re-scored", item);
                }
            }
        }
    }
    for (id, r) in &old {
        if !new.contains_key(id) && !hidden_now(full, after, id) {
            section.remove(Item::new(id, &r.risk.title, "risk", None));
        }
    }
    section
}

/// A serialisable value's word (`applicable`, `partial`), or `—`.
fn word<T: Serialize>(value: Option<&T>) -> String {
    match value.map(serde_json::to_value) {
        Some(Ok(serde_json::Value::String(s))) => s,
        _ => "—".to_string(),
    }
}

/// Controls whose Statement of Applicability entry changed its applicability, status or
/// justification (an entry made or dropped shows as applicability changed), or whose evidence
/// coverage changed (how many records, and the freshest one's freshness).
fn soa_changes(before: &Portal, after: &Portal) -> Section {
    let old: BTreeMap<&str, _> = before.controls.iter().map(|c| (&*c.key, c)).collect();
    let mut section = Section::default();
    for c in &after.controls {
        let Some(was) = old.get(&*c.key) else {
            continue;
        };
        let (a, b) = (was.implementation.as_ref(), c.implementation.as_ref());
        let title = format!("{} {}", c.label, c.title);
        let url = Some(urls::control(&c.framework_id, &c.id));
        let mut item = Item::new(&c.key, &title, "control", url);
        let f = &mut item.fields;
        let applies = |c: &ControlNode| word(Some(&c.applicability));
        field(f, "applicability", applies(was), applies(c));
        let status = |i: Option<&ControlImplementation>| word(i.and_then(|i| i.status.as_ref()));
        field(f, "status", status(a), status(b));
        let text = |i: Option<&ControlImplementation>| {
            i.map_or_else(|| "—".to_string(), |i| i.justification.trim().to_string())
        };
        field(f, "justification", text(a), text(b));
        field(f, "evidence", coverage(before, was), coverage(after, c));
        if !item.fields.is_empty() {
            section.change("changed", item);
        }
    }
    section
}

/// A control's evidence coverage: how many records, and the freshest one's freshness.
fn coverage(portal: &Portal, control: &ControlNode) -> String {
    match control.best_freshness(&portal.evidence) {
        Some(best) => {
            let n = control.evidence.len();
            let records = if n == 1 { "record" } else { "records" };
            format!("{n} {records}, the freshest {}", best.label())
        }
        None => "none".to_string(),
    }
}

/// Evidence added and removed, replaced (collected again, or its artifact's hash or link
/// changed), and expired since the earlier revision (expired as of `--today`, valid on the
/// revision's date).
fn evidence_changes(since: &Since, after: &Portal, full: &Portal) -> Section {
    let before = since.before;
    let by_id = |p: &'_ Portal| -> Vec<(String, usize)> {
        let ids = p.evidence.iter().enumerate();
        ids.map(|(i, e)| (e.evidence.id.clone(), i)).collect()
    };
    let old: BTreeMap<String, usize> = by_id(before).into_iter().collect();
    let new: BTreeMap<String, usize> = by_id(after).into_iter().collect();
    let mut section = Section::default();
    for (id, &i) in &new {
        let e = &after.evidence[i];
        let mut item = Item::new(id, &e.evidence.title, "evidence", Some(urls::evidence(id)));
        let Some(&j) = old.get(id) else {
            section.add(item);
            continue;
        };
        let (a, b) = (&before.evidence[j].evidence, &e.evidence);
        let f = &mut item.fields;
        field(
            f,
            "collected",
            a.collected.to_string(),
            b.collected.to_string(),
        );
        field(f, "artifact", artifact(a), artifact(b));
        if !item.fields.is_empty() {
            section.change("replaced", item);
        } else if e.freshness == Freshness::Expired && e.expires >= since.revision.date {
            field(
                &mut item.fields,
                "expires",
                String::new(),
                e.expires.to_string(),
            );
            section.change("expired", item);
        }
    }
    for (id, &j) in &old {
        if !new.contains_key(id) && !hidden_now(full, after, id) {
            let title = &before.evidence[j].evidence.title;
            section.remove(Item::new(id, title, "evidence", None));
        }
    }
    section
}

/// What an evidence record points at: its artifact's hash, else its link.
fn artifact(e: &Evidence) -> String {
    let file = e.artifact.as_ref().map(|a| format!("SHA-256 {}", a.sha256));
    file.or_else(|| e.url.clone())
        .unwrap_or_else(|| "—".to_string())
}

/// AI systems added, removed and reclassified (risk class or lifecycle stage).
fn system_changes(before: &Portal, after: &Portal, full: &Portal) -> Section {
    let old: BTreeMap<&str, _> = before.systems.iter().map(|s| (&*s.system.id, s)).collect();
    let new: BTreeMap<&str, _> = after.systems.iter().map(|s| (&*s.system.id, s)).collect();
    let mut section = Section::default();
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_string());
    for (id, s) in &new {
        let mut item = Item::new(id, &s.system.name, "system", Some(urls::system(id)));
        match old.get(id) {
            None => section.add(item),
            Some(was) => {
                let (a, b) = (&was.system, &s.system);
                field(
                    &mut item.fields,
                    "risk class",
                    text(&a.risk_class),
                    text(&b.risk_class),
                );
                field(
                    &mut item.fields,
                    "lifecycle",
                    text(&a.lifecycle),
                    text(&b.lifecycle),
                );
                if !item.fields.is_empty() {
                    section.change("reclassified", item);
                }
            }
        }
    }
    for (id, s) in &old {
        if !new.contains_key(id) && !hidden_now(full, after, id) {
            section.remove(Item::new(id, &s.system.name, "system", None));
        }
    }
    section
}

/// A section of `changes.html`: its anchor, heading and items.
#[derive(Serialize)]
struct Named<'a> {
    key: &'static str,
    title: &'static str,
    #[serde(flatten)]
    section: &'a Section,
}

/// `changes.html` and one `changes/<id>.html` per changed document.
pub(super) fn pages(
    since: &Since,
    visible: &Portal,
    full: &Portal,
    shared: &Shared,
    pages: &mut Pages,
) {
    let before = since.before;
    let today = visible.today.to_string();
    let was = Side::of(Some(since.revision), &today);
    let now = Side::of(since.current, &today);
    let documents = document_changes(before, visible, full);
    let risks = risk_changes(before, visible, full);
    let soa = soa_changes(before, visible);
    let evidence = evidence_changes(since, visible, full);
    let systems = system_changes(before, visible, full);
    let nothing = [&documents, &risks, &soa, &evidence, &systems]
        .iter()
        .all(|s| s.is_empty());
    let mut job = shared.page(
        "changes.html".into(),
        "changes.html",
        "What changed",
        "overview",
        &[],
    );
    let named = |key, title, section| Named {
        key,
        title,
        section,
    };
    let sections = [
        named("documents", "Documents", &documents),
        named("risks", "Risks", &risks),
        named("soa", "Applicability entries and controls", &soa),
        named("evidence", "Evidence", &evidence),
        named("systems", "AI systems", &systems),
    ];
    let sections: Vec<&Named> = sections.iter().filter(|s| !s.section.is_empty()).collect();
    job.set("since", &was)
        .set("current", &now)
        .set("nothing", &nothing)
        .set("sections", &sections);
    pages.push(job);
    let old = self::documents(before);
    let new = self::documents(visible);
    for item in &documents.changed {
        let (Some(a), Some(b)) = (old.get(&*item.id), new.get(&*item.id)) else {
            continue;
        };
        let mut job = shared.page(
            diff_url(&item.id),
            "changes/document.html",
            &format!("{} {}: what changed", item.id, item.title),
            "overview",
            &[("What changed", "changes.html")],
        );
        job.set("item", item)
            .set("since", &was)
            .set("current", &now)
            .set("hunks", &hunks(a.body, b.body));
        pages.push(job);
    }
}

/// One line of a diff.
#[derive(Debug, Serialize)]
struct Line {
    /// `del`, `ins` or `same`.
    tag: &'static str,
    /// Its line number in the earlier text, and in the current one.
    old: Option<usize>,
    new: Option<usize>,
    text: String,
}

/// The diff's changed lines with three lines of context around each, in groups; a reference
/// the audience may not see reads `[restricted]` (in the Markdown it is an HTML label).
fn hunks(before: &str, after: &str) -> Vec<Vec<Line>> {
    let diff = TextDiff::from_lines(before, after);
    diff.grouped_ops(3)
        .iter()
        .map(|group| {
            group
                .iter()
                .flat_map(|op| diff.iter_changes(op))
                .map(|change| Line {
                    tag: match change.tag() {
                        ChangeTag::Delete => "del",
                        ChangeTag::Insert => "ins",
                        ChangeTag::Equal => "same",
                    },
                    old: change.old_index().map(|i| i + 1),
                    new: change.new_index().map(|i| i + 1),
                    text: change
                        .value()
                        .trim_end_matches(['\n', '\r'])
                        .replace(RESTRICTED_HTML, "[restricted]"),
                })
                .collect()
        })
        .collect()
}

/// What the home page says about the changes page.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The `--since` revision.
    since: Side,
    /// The current one.
    current: Side,
}

/// The home page's link to `changes.html`, naming both revisions.
pub fn summary(since: &Since, today: &str) -> Summary {
    Summary {
        since: Side::of(Some(since.revision), today),
        current: Side::of(since.current, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_number_lines_on_both_sides_and_keep_context() {
        let before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let after = "a\nb\nc\nd\nE\nf\ng\nh\n";
        let hunks = hunks(before, after);
        assert_eq!(hunks.len(), 1);
        let tags: Vec<&str> = hunks[0].iter().map(|l| l.tag).collect();
        assert_eq!(
            tags,
            ["same", "same", "same", "del", "ins", "same", "same", "same"]
        );
        assert_eq!((hunks[0][3].old, hunks[0][3].new), (Some(5), None));
        assert_eq!((hunks[0][4].old, hunks[0][4].new), (None, Some(5)));
        assert_eq!(hunks[0][4].text, "E");
        assert_eq!(line_counts(before, after), (1, 1));
    }
}
