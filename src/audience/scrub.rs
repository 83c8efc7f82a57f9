//! Text as an audience may read it. `[[ID]]` means the same in every field: in plain text
//! it becomes the title of what it names, and in Markdown a link to it; a reference to an
//! item this audience may not see becomes `restricted`, whatever text it carried, so that no
//! id, title or file name of a hidden item is left in the model data that templates get
//! (tested in `tests/portal/guarantees.rs` by
//! `hidden_ids_in_fields_nobody_listed_never_reach_the_trust_center`); what a template prints
//! besides is for the leak gate, [`crate::write::gate::Gate`].

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::Remap;
use crate::resolve::links::link_of;
use crate::resolve::mentions::{link_candidates, local_target, site_paths};
use crate::resolve::text::{Text, plain_mentions};
use crate::resolve::{Index, Portal, Target};
use crate::shared::markdown_dialect::markdown_options;

/// What a reference to an item this audience may not see renders as, in HTML.
pub const RESTRICTED_HTML: &str = "<span class=\"restricted\">restricted</span>";

/// What such a reference reads as in plain text, in every output (pages, exports, search).
pub const RESTRICTED: &str = "restricted";

/// Writes every text field of `visible` (the filtered copy of `full`) for its audience.
pub fn texts(visible: &mut Portal, full: &Portal, map: &Remap) {
    let lookup = |id: &str| lookup(&full.index, map, id);
    visible.visit_texts(&mut |_, kind, source, _, text| {
        *text = match kind {
            // A field that holds nothing but an id (`source: IA-1-01`) is a reference as
            // much as `[[IA-1-01]]` is, whatever field it is.
            Text::Plain if hidden_id(full, map, text) => RESTRICTED.to_string(),
            Text::Plain => plain(text, &|id| title(full, lookup(id)?, &lookup)),
            Text::Markdown | Text::Body(_) => {
                markdown(text, &source.file, &|id| lookup(id).is_some(), &|path| {
                    document(&full.documents, map, path)
                })
            }
        };
    });
}

/// Writes every text outside the entities for the audience ([`Portal::visit_other_texts`]:
/// `portal.yaml`, subprocessors, questionnaire topics and questions, undeclared front-matter
/// fields), as plain text: `[[ID]]` becomes the title of what it names, or `restricted`.
pub fn other_texts(visible: &mut Portal, full: &Portal, map: &Remap) {
    let lookup = |id: &str| lookup(&full.index, map, id);
    visible.visit_other_texts(&mut |_, _, text| {
        *text = plain(text, &|id| title(full, lookup(id)?, &lookup));
    });
}

/// Whether `text` is, as a whole, the id of an item this audience may not see.
fn hidden_id(full: &Portal, map: &Remap, text: &str) -> bool {
    full.index
        .by_key
        .get(text.trim())
        .is_some_and(|&t| map.target(t).is_none())
}

/// What an id names, if this audience sees it.
fn lookup(index: &Index, map: &Remap, id: &str) -> Option<Target> {
    let target = index.any(id).ok()?;
    map.target(target).map(|_| target)
}

/// Whether a path a link names is kept: unless it is a document this audience may not see,
/// or a `.md` file that is no document; folders and files beside the pages are rendering's.
fn document(documents: &HashMap<String, Target>, map: &Remap, path: &str) -> bool {
    link_candidates(path)
        .iter()
        .find_map(|c| documents.get(c))
        .map_or(!path.ends_with(".md"), |&t| map.target(t).is_some())
}

/// What one audience may see of references (the ids it sees, the documents it may open), kept
/// after the full portal is gone, so that `serve` can scrub an edited body as [`texts`] would
/// without analysing the portal again.
#[derive(Debug, Clone)]
pub struct AudienceScrubber {
    index: Index,
    documents: HashMap<String, Target>,
    map: Remap,
}

impl AudienceScrubber {
    /// What the full portal `full`, filtered by `map`, says about references.
    pub fn new(full: &Portal, map: Remap) -> AudienceScrubber {
        AudienceScrubber {
            index: full.index.clone(),
            documents: full.documents.clone(),
            map,
        }
    }

    /// A Markdown body written in `file`, as [`texts`] writes it for the audience.
    pub fn markdown(&self, text: &str, file: &str) -> String {
        markdown(
            text,
            file,
            &|id| lookup(&self.index, &self.map, id).is_some(),
            &|path| document(&self.documents, &self.map, path),
        )
    }

    /// A Markdown body of an earlier revision of the portal (`build --since`), already written
    /// for the audience as that revision saw it, written again as this build sees it: a
    /// reference to an item or document this portal knows but hides reads `restricted`; one
    /// it does not know (removed since) stays as the earlier revision left it.
    pub fn earlier_markdown(&self, text: &str, file: &str) -> String {
        markdown(
            text,
            file,
            &|id| self.index.any(id).is_err() || lookup(&self.index, &self.map, id).is_some(),
            &|path| {
                let known = link_candidates(path)
                    .iter()
                    .any(|c| self.documents.contains_key(c));
                !known || document(&self.documents, &self.map, path)
            },
        )
    }
}

/// The title of a target as plain text; `[[ID]]` inside a title is written out one level
/// deep (a title naming a title naming a title reads `restricted` past that).
fn title(full: &Portal, target: Target, lookup: &dyn Fn(&str) -> Option<Target>) -> Option<String> {
    let raw = link_of(full, target).title;
    Some(plain(&raw, &|id| {
        let inner = link_of(full, lookup(id)?).title;
        Some(plain(&inner, &|_| None))
    }))
}

/// Plain text with `[[ID]]` and `[[ID|text]]` written out: the text (or the title `title`
/// finds) when the id names something visible, else `restricted`.
pub fn plain(text: &str, title: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for found in plain_mentions(text) {
        out.push_str(&text[last..found.range.start]);
        let written = title(found.id).map(|t| found.shown.map_or(t, str::to_string));
        out.push_str(written.as_deref().unwrap_or(RESTRICTED));
        last = found.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Markdown written in `file` with every `[[ID]]` of something not `visible`, and every link
/// to a `.md` document not `document`-visible, replaced by the `restricted` label: its id,
/// its file name and the link's own text are all gone.
pub fn markdown(
    text: &str,
    file: &str,
    visible: &dyn Fn(&str) -> bool,
    document: &dyn Fn(&str) -> bool,
) -> String {
    let mut hidden: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => (!visible(dest_url.trim())).then_some(()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let paths: Vec<String> = match local_target(file, dest_url) {
                    Some((path, _)) => vec![path],
                    None => site_paths(dest_url).into_iter().map(|(p, _)| p).collect(),
                };
                paths.iter().any(|p| !document(p)).then_some(())
            }
            _ => None,
        };
        let nested = hidden.last().is_some_and(|h| range.start < h.end);
        if dest.is_some() && !nested {
            hidden.push(range);
        }
    }
    if hidden.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for range in hidden {
        out.push_str(&text[last..range.start]);
        out.push_str(RESTRICTED_HTML);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_out_references_in_plain_text() {
        let title = |id: &str| (id == "RSK-1" || id == "X").then(|| "Bias".to_string());
        assert_eq!(
            plain(
                "See [[RSK-1]], [[X|the x]] and [[HIDDEN|secret words]].",
                &title
            ),
            "See Bias, the x and restricted."
        );
        assert_eq!(plain("no refs [[open", &title), "no refs [[open");
    }

    #[test]
    fn hidden_references_leave_no_trace_in_markdown() {
        let visible = |id: &str| id == "RSK-1";
        let document = |path: &str| path == "content/policies/b.md";
        let text = "[[RSK-1]] [[HIDDEN]] ![[HIDDEN|pic]] [[HIDDEN|words]] [x](b.md) [secret title](secret.md#s) [w](https://x.example)";
        let out = markdown(text, "content/policies/a.md", &visible, &document);
        assert!(!out.contains("HIDDEN") && !out.contains("secret"), "{out}");
        assert_eq!(out.matches(RESTRICTED_HTML).count(), 4, "{out}");
        assert!(
            out.starts_with("[[RSK-1]] ") && out.contains("[x](b.md)"),
            "{out}"
        );
        assert!(out.contains("[w](https://x.example)"), "{out}");
    }
}
