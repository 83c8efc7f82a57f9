//! Text as an audience may read it. `[[ID]]` means the same in every field: in plain text
//! it becomes the title of what it names, and in Markdown a link to it. A reference to an
//! item this audience may not see becomes that item's `public_label:` (plain text, no link),
//! or is left out with the words that only make sense with it ([`wording`]), whatever text it
//! carried, so that no id, title or file name of a hidden item is left in the model data that
//! templates get (tested in `tests/portal/guarantees.rs` by
//! `hidden_ids_in_fields_nobody_listed_never_reach_the_trust_center`), and no placeholder
//! ("restricted") stands in a sentence a customer reads or pastes. What a template prints
//! besides is for the leak gate, [`crate::write::gate::Gate`].
//!
//! This is the one walk over every text ([`Portal::visit_texts`],
//! [`Portal::visit_other_texts`], and the questionnaire answers), so pages, exports and the
//! search index all read the same words.

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use rayon::prelude::*;

use super::Remap;
use super::wording::{self, Lost, Reference, Shown};
use crate::model::Source;
use crate::resolve::links::link_of;
use crate::resolve::mentions::{link_candidates, local_target, site_paths};
use crate::resolve::text::{Text, plain_mentions, text_position};
use crate::resolve::{Index, Portal, Target};
use crate::shared::markdown_dialect::markdown_options;

/// What a reference to an item the audience may not see used to render as. The scrub no
/// longer writes it (such a reference is its item's `public_label:` or is left out); kept for
/// code that has not moved to the new wording yet.
pub const RESTRICTED_HTML: &str = "<span class=\"restricted\">restricted</span>";

/// The plain-text twin of [`RESTRICTED_HTML`], likewise no longer written by the scrub.
pub const RESTRICTED: &str = "restricted";

/// A reference left out of a text, at the place its author wrote it.
#[derive(Debug, Clone)]
pub struct Dropped {
    /// What was lost, and with what.
    pub lost: Lost,
    /// The file of the text.
    pub file: String,
    /// 1-based line of the reference in that file.
    pub line: usize,
    /// 1-based column of the reference.
    pub column: usize,
}

/// Line and column (1-based) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The references lost from `text` (as written), placed in their file by `at(line, column)`.
fn located(
    lost: Vec<Lost>,
    text: &str,
    source: &Source,
    at: &dyn Fn(usize, usize) -> (usize, usize),
) -> Vec<Dropped> {
    lost.into_iter()
        .map(|lost| {
            let (line, column) = line_column(text, lost.offset);
            let (line, column) = at(line, column);
            Dropped {
                lost,
                file: source.file.clone(),
                line,
                column,
            }
        })
        .collect()
}

/// Writes every text field of `visible` (the filtered copy of `full`) for its audience, and
/// returns the references each text lost, where they were written.
pub fn texts(visible: &mut Portal, full: &Portal, map: &Remap) -> Vec<Dropped> {
    let scrubber = AudienceScrubber::new(full, map.clone());
    let mut dropped = Vec::new();
    // The bodies, most of the text, are written on the thread pool first.
    let mut bodies: HashMap<Target, (String, Vec<Dropped>)> = visible
        .document_bodies()
        .map(|body| {
            let written = scrubber.body(body.text, body.source, body.line);
            (body.target, written)
        })
        .collect();
    visible.visit_texts(
        &|text| scrubber.rewrites(text),
        &mut |t, kind, source, field, text| {
            let (written, lost) = match kind {
                Text::Plain => scrubber.plain_lost(text, &|t| title(full, t, &scrubber)),
                Text::Markdown => scrubber.markdown_lost(text, &source.file),
                Text::Body(body_line) => {
                    let (written, lost) = bodies
                        .remove(&t)
                        .unwrap_or_else(|| scrubber.body(text, source, body_line));
                    dropped.extend(lost);
                    *text = written;
                    return;
                }
            };
            let at = |line, column| text_position(source, field, line, column);
            dropped.extend(located(lost, text, source, &at));
            *text = written;
        },
    );
    // Questionnaire answers are Markdown outside the entities: written the same way.
    for node in &mut visible.trust.questions {
        let q = &mut node.question;
        q.answer = scrubber.blocks(&q.answer);
        let (written, lost) = scrubber.markdown_lost(&q.answer, &q.source.file);
        let at = |line, column| text_position(&q.source, "answer", line, column);
        dropped.extend(located(lost, &q.answer, &q.source, &at));
        q.answer = written;
    }
    dropped
}

/// Writes every text outside the entities for the audience ([`Portal::visit_other_texts`]:
/// `portal.yaml`, subprocessors, questionnaire topics and questions, undeclared front-matter
/// fields), as plain text: `[[ID]]` becomes the title of what it names, or as for [`texts`].
pub fn other_texts(visible: &mut Portal, full: &Portal, map: &Remap) -> Vec<Dropped> {
    let scrubber = AudienceScrubber::new(full, map.clone());
    let mut dropped = Vec::new();
    visible.visit_other_texts(
        &|text| scrubber.rewrites(text),
        &mut |source, path, text| {
            let (written, lost) = scrubber.plain_lost(text, &|t| title(full, t, &scrubber));
            let at = |line, column| text_position(source, path, line, column);
            dropped.extend(located(lost, text, source, &at));
            *text = written;
        },
    );
    dropped
}

/// Markdown-escaped plain text: a public label is shown as written, never as markup.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What one audience may see of references (the ids it sees, the documents it may open, the
/// public labels of what it does not), kept after the full portal is gone, so that `serve`
/// can scrub an edited body as [`texts`] would without analysing the portal again.
#[derive(Debug, Clone)]
pub struct AudienceScrubber {
    index: Index,
    documents: HashMap<String, Target>,
    map: Remap,
    /// The `public_label:` of each item the audience may not see that has one.
    labels: HashMap<Target, String>,
}

impl AudienceScrubber {
    /// What the full portal `full`, filtered by `map`, says about references.
    pub fn new(full: &Portal, map: Remap) -> AudienceScrubber {
        let labels = full
            .index
            .by_key
            .values()
            .filter(|&&t| map.target(t).is_none())
            .filter_map(|&t| Some((t, full.public_label(t)?.to_string())))
            .collect();
        AudienceScrubber {
            index: full.index.clone(),
            documents: full.documents.clone(),
            map,
            labels,
        }
    }

    /// What a reference to a hidden `target` (or to nothing known) is written as.
    fn hidden(&self, target: Option<Target>) -> Shown {
        target
            .and_then(|t| self.labels.get(&t))
            .map_or(Shown::Dropped, |l| Shown::As(l.clone()))
    }

    /// `None` when `id` names an item the audience sees, else what it is written as.
    fn id_shown(&self, id: &str) -> Option<Shown> {
        match self.index.find(id) {
            Some(t) if self.map.target(t).is_some() => None,
            found => Some(self.hidden(found)),
        }
    }

    /// `None` when a link to `path` is kept as it is: a document the audience sees, or a
    /// folder or file beside the pages (rendering's); else what it is written as (a `.md`
    /// file that is no document is left out).
    fn document_shown(&self, path: &str) -> Option<Shown> {
        match link_candidates(path)
            .iter()
            .find_map(|c| self.documents.get(c))
        {
            Some(&t) if self.map.target(t).is_some() => None,
            Some(&t) => Some(self.hidden(Some(t))),
            None if path.ends_with(".md") => Some(Shown::Dropped),
            None => None,
        }
    }

    /// A Markdown body written in `file`, as [`texts`] writes it for the audience.
    pub fn markdown(&self, text: &str, file: &str) -> String {
        self.markdown_lost(&self.blocks(text), file).0
    }

    /// Whether a plain field is nothing but the id of an item the audience may not see (the
    /// filter writes such a field as the item's label, or empty).
    pub fn hides(&self, text: &str) -> bool {
        self.index
            .by_key
            .get(text.trim())
            .is_some_and(|&t| self.map.target(t).is_none())
    }

    /// Whether the plain-text filter ([`Self::plain_lost`]) may change `text`: it writes a
    /// reference, or it is nothing but a hidden item's id. The walks pass over an entry none
    /// of whose texts this wants.
    pub fn rewrites(&self, text: &str) -> bool {
        crate::resolve::text::writes_reference(text) || self.hides(text)
    }

    /// A document's body (starting at line `body_line` of its source) written for the
    /// audience, and the references it lost, located. Lines of other editions' blocks go
    /// first: a reference in them is no loss.
    fn body(&self, text: &str, source: &Source, body_line: usize) -> (String, Vec<Dropped>) {
        let (kept, lines) = super::blocks::keep_lines(text, self.map.audience);
        let (written, lost) = self.markdown_lost(&kept, &source.file);
        let at = |line: usize, column| {
            let line = lines.get(line - 1).copied().unwrap_or(line);
            (body_line + line - 1, column)
        };
        (written, located(lost, &kept, source, &at))
    }

    /// A register entry's Markdown field written in `file`, as [`texts`] writes it for the
    /// audience, when it loses no reference to what the audience may not see (a loss changes
    /// the entry's tally of hidden references, which only a full analysis counts).
    pub fn markdown_field(&self, text: &str, file: &str) -> Option<String> {
        let (written, lost) = self.markdown_lost(text, file);
        lost.is_empty().then_some(written)
    }

    /// A Markdown body with only its edition's audience blocks ([`super::blocks`]).
    fn blocks(&self, text: &str) -> String {
        super::blocks::keep(text, self.map.audience)
    }

    /// A Markdown text written in `file` for the audience, and the references it lost.
    fn markdown_lost(&self, text: &str, file: &str) -> (String, Vec<Lost>) {
        markdown(text, file, &|id| self.id_shown(id), &|path| {
            self.document_shown(path)
        })
    }

    /// Plain text for the audience: a field that is nothing but a hidden id is its label or
    /// empty; `[[ID]]` of a visible item is its `title`.
    fn plain_lost(&self, text: &str, title: &dyn Fn(Target) -> String) -> (String, Vec<Lost>) {
        let whole = text.trim();
        if let Some(&t) = self.index.by_key.get(whole)
            && self.map.target(t).is_none()
        {
            return match self.hidden(Some(t)) {
                Shown::As(label) => (label, Vec::new()),
                Shown::Dropped => (
                    String::new(),
                    vec![Lost {
                        id: whole.to_string(),
                        offset: text.len() - text.trim_start().len(),
                        sentence: whole.to_string(),
                        loss: wording::Loss::Field,
                    }],
                ),
            };
        }
        plain_with(text, &|id| match self.index.find(id) {
            Some(t) if self.map.target(t).is_some() => Ok(title(t)),
            found => Err(self.hidden(found)),
        })
    }

    /// A Markdown body of an earlier revision of the portal (`build --since`), already written
    /// for the audience as that revision saw it, written again as this build sees it: a
    /// reference to an item or document this portal knows but hides is its label or left out;
    /// one it does not know (removed since) stays as the earlier revision left it.
    pub fn earlier_markdown(&self, text: &str, file: &str) -> String {
        markdown(
            text,
            file,
            &|id| match self.index.find(id) {
                None => None,
                Some(_) => self.id_shown(id),
            },
            &|path| {
                let known = link_candidates(path)
                    .iter()
                    .any(|c| self.documents.contains_key(c));
                if known {
                    self.document_shown(path)
                } else {
                    None
                }
            },
        )
        .0
    }
}

/// The title of a visible target as plain text; `[[ID]]` inside a title is written out one
/// level deep (past that, a reference is left out).
fn title(full: &Portal, target: Target, scrubber: &AudienceScrubber) -> String {
    let raw = link_of(full, target).title;
    plain_with(&raw, &|id| match scrubber.index.find(id) {
        Some(t) if scrubber.map.target(t).is_some() => {
            Ok(plain(&link_of(full, t).title, &|_| None))
        }
        found => Err(scrubber.hidden(found)),
    })
    .0
}

/// Plain text with `[[ID]]` and `[[ID|text]]` written out: the text (or the title `title`
/// finds) when the id names something visible, else left out as [`wording`] says.
pub fn plain(text: &str, title: &dyn Fn(&str) -> Option<String>) -> String {
    plain_with(text, &|id| title(id).ok_or(Shown::Dropped)).0
}

/// Plain text with each `[[ID]]` written as `shown(id)` says: `Ok(title)` for a visible item
/// (the author's `|text` wins), `Err(shown)` for one the audience may not see; and the
/// references it lost.
fn plain_with(text: &str, shown: &dyn Fn(&str) -> Result<String, Shown>) -> (String, Vec<Lost>) {
    let refs: Vec<Reference> = plain_mentions(text)
        .into_iter()
        .map(|found| Reference {
            range: found.range,
            id: found.id.to_string(),
            shown: match shown(found.id) {
                Ok(title) => Shown::As(found.shown.map_or(title, str::to_string)),
                Err(hidden) => hidden,
            },
        })
        .collect();
    wording::rewrite(text, refs)
}

/// Markdown written in `file` with every `[[ID]]` that `hidden_id` gives a [`Shown`] for, and
/// every link to a `.md` document that `hidden_document` gives one for, written as its label
/// (plain text) or left out: its id, its file name and the link's own text are all gone.
pub fn markdown(
    text: &str,
    file: &str,
    hidden_id: &dyn Fn(&str) -> Option<Shown>,
    hidden_document: &dyn Fn(&str) -> Option<Shown>,
) -> (String, Vec<Lost>) {
    let mut hidden: Vec<Reference> = Vec::new();
    let mut last_end = 0;
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        let found = match &event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => hidden_id(dest_url.trim()).map(|s| (dest_url.trim().to_string(), s)),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let paths: Vec<String> = match local_target(file, dest_url) {
                    Some((path, _)) => vec![path],
                    None => site_paths(dest_url).into_iter().map(|(p, _)| p).collect(),
                };
                paths
                    .iter()
                    .find_map(|p| hidden_document(p).map(|s| (p.clone(), s)))
            }
            _ => None,
        };
        let nested = range.start < last_end;
        if let (Some((id, shown)), false) = (found, nested) {
            last_end = range.end;
            hidden.push(Reference {
                range,
                id,
                shown: match shown {
                    Shown::As(label) => Shown::As(escape_markdown(&label)),
                    Shown::Dropped => Shown::Dropped,
                },
            });
        }
    }
    if hidden.is_empty() {
        return (text.to_string(), Vec::new());
    }
    wording::rewrite(text, hidden)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::wording::Loss;

    /// Plain text where `RSK-1` is visible ("Bias"), `LABELLED` is hidden with a public
    /// label, and everything else is hidden without one.
    fn public(text: &str) -> (String, Vec<Lost>) {
        plain_with(text, &|id| match id {
            "RSK-1" => Ok("Bias".to_string()),
            "LABELLED" => Err(Shown::As("our access policy (on request)".to_string())),
            _ => Err(Shown::Dropped),
        })
    }

    fn read(text: &str) -> String {
        public(text).0
    }

    #[test]
    fn visible_references_read_as_titles_and_hidden_ones_as_their_label() {
        assert_eq!(
            read("See [[RSK-1]] and [[RSK-1|the x]]."),
            "See Bias and the x."
        );
        assert_eq!(
            read("Details are in [[LABELLED|secret words]], on request."),
            "Details are in our access policy (on request), on request."
        );
        let (text, lost) = public("Ask for [[LABELLED]].");
        assert_eq!(
            (text.as_str(), lost.len()),
            ("Ask for our access policy (on request).", 0)
        );
        assert_eq!(read("no refs [[open"), "no refs [[open");
    }

    #[test]
    fn a_hidden_reference_leaves_a_list_with_its_separator() {
        assert_eq!(read("A, [[X]] and B."), "A and B.");
        assert_eq!(read("A, B and [[X]]."), "A and B.");
        assert_eq!(read("A, B, and [[X]]."), "A and B.");
        // Not the end of a list item: the sentence rests on it.
        assert_eq!(read("A and [[X]] do it."), "");
        assert_eq!(
            read("(CC7.4 Incident response, [[X]], [[Y]])"),
            "(CC7.4 Incident response)"
        );
        assert_eq!(read("([[X]], [[RSK-1]]) here."), "(Bias) here.");
        let (_, lost) = public("(A, [[X]])");
        assert_eq!(lost[0].loss, Loss::List);
    }

    #[test]
    fn an_empty_parenthesis_goes_with_its_space() {
        assert_eq!(
            read("We red-team it every quarter ([[X]])."),
            "We red-team it every quarter."
        );
        assert_eq!(
            read("It is tested (see [[X]]) yearly."),
            "It is tested yearly."
        );
        assert_eq!(read("Tested ([[X]], [[Y]])."), "Tested.");
    }

    #[test]
    fn a_determiner_goes_with_its_reference() {
        assert_eq!(
            read("See also the [[X]] and our [[RSK-1]]."),
            "See also our Bias."
        );
        assert_eq!(
            read("See also our [[RSK-1]] and the [[X]]."),
            "See also our Bias."
        );
    }

    #[test]
    fn a_sentence_left_without_meaning_goes_whole() {
        let (text, lost) = public("First. Details are in our [[X]], available on request. Last.");
        assert_eq!(text, "First. Last.");
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].loss, Loss::Sentence);
        assert_eq!(
            lost[0].sentence,
            "Details are in our [[X]], available on request."
        );
        assert_eq!(read("First. See also the [[X]] and our [[Y]]."), "First.");
        assert_eq!(read("See [[X]]."), "");
        assert_eq!(read("Yes, [[X]] covers it. Next."), "Next.");
        // Wrapped over lines, as in a YAML block or a Markdown paragraph.
        assert_eq!(
            read("One.\nDetails are in our\n[[X]], available on request.\nTwo."),
            "One.\nTwo."
        );
        // A title keeps its other words; a phrase of nothing but filler goes.
        assert_eq!(read("Governance [[X]]"), "Governance");
        assert_eq!(read("[[X]] review"), "review");
        assert_eq!(read("Hosting, see [[X]]"), "Hosting");
        assert_eq!(read("Pen-test summary for [[X]]"), "Pen-test summary");
        assert_eq!(read("EU [[X]]"), "EU");
        // Letters and spaces of more than one byte before a reference (a fuzz case).
        assert_eq!(read("{#\u{200b}[[X]]"), "{#\u{200b}");
        assert_eq!(read("Résumé\u{3000}for [[X]]").trim_end(), "Résumé");
        // ... and after one: the next word starts with a combining accent (a fuzz case).
        let _ = read("[[X]];\u{301} title and more");
        let _ = read("[[X]]; \u{1f9d1}\u{200d}\u{1f4bb} our [[Y]]");
        assert_eq!(read("See [[X]]"), "");
        // A heading that said nothing but the reference goes, not just its words.
        assert_eq!(read("# A\n\n## About [[X]]\n\nText."), "# A\n\n\nText.");
    }

    #[test]
    fn thousands_of_hidden_references_in_one_sentence_are_each_left_out_alone() {
        let text = format!("See {}end.", "[[X]], ".repeat(5_000));
        let (out, lost) = public(&text);
        assert_eq!(out, format!("See {}end.", ", ".repeat(5_000)));
        assert_eq!(lost.len(), 5_000);
    }

    #[test]
    fn lost_references_keep_their_place_as_written() {
        let (_, lost) = public("A.\nB ([[X]]).\nC, [[Y]] and D.");
        let places: Vec<(&str, usize)> = lost.iter().map(|l| (l.id.as_str(), l.offset)).collect();
        assert_eq!(places, [("X", 6), ("Y", 17)]);
    }

    #[test]
    fn hidden_references_leave_no_trace_in_markdown() {
        let hidden = |id: &str| (id != "RSK-1").then_some(Shown::Dropped);
        let document = |path: &str| (path != "content/policies/b.md").then_some(Shown::Dropped);
        let text = "See [[RSK-1]] ([[HIDDEN]], ![[HIDDEN|pic]]), [[HIDDEN|words]] and [x](b.md). \
                    Read [secret title](secret.md#s) now. Ask [w](https://x.example).";
        let (out, lost) = markdown(text, "content/policies/a.md", &hidden, &document);
        assert!(!out.contains("HIDDEN") && !out.contains("secret"), "{out}");
        assert!(!out.contains("restricted"), "{out}");
        assert_eq!(
            out,
            "See [[RSK-1]] and [x](b.md). Ask [w](https://x.example)."
        );
        assert_eq!(lost.len(), 4, "{lost:?}");
    }

    #[test]
    fn a_label_in_markdown_is_plain_text() {
        let hidden = |id: &str| (id == "X").then(|| Shown::As("our *key* [policy]".into()));
        let (out, lost) = markdown("Read [[X]].", "a.md", &hidden, &|_| None);
        assert_eq!(out, "Read our \\*key\\* \\[policy\\].");
        assert!(lost.is_empty());
    }

    #[test]
    fn an_emptied_list_item_goes() {
        let hidden = |id: &str| (id == "X").then_some(Shown::Dropped);
        let (out, _) = markdown("- One.\n- See [[X]].\n- Two.\n", "a.md", &hidden, &|_| None);
        assert_eq!(out, "- One.\n- Two.\n");
    }
}
