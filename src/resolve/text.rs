//! References written inside text: `[[ID]]` and `.md` links in Markdown bodies and fields,
//! and `[[ID]]` in every plain text field of every entity, all resolved the same way.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::Portal;
use super::anchors::{self, Anchors};
use super::mentions::{self, Located, Mention};
use super::references::{Index, Target};
use super::tree::{LinkDestination, PageTree, resolve_local};
use crate::diagnostics::Diagnostic;
use crate::model::Source;
use crate::model::entities::EntryTexts;
use crate::model::strings::{Wanted, every_json_string, every_wanted_string};

/// What a text field holds, which decides how its references are found and located.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Plain text (a title, an owner): only `[[ID]]` and `[[ID|text]]`.
    Plain,
    /// Markdown in a YAML field (a description).
    Markdown,
    /// The Markdown body of a document, starting at this 1-based line of its file.
    Body(usize),
}

/// A text field as visited: who wrote it, what it holds, where it was defined, its path.
pub type TextVisitor<'a> = dyn FnMut(Target, Text, &Source, &str, &mut String) + 'a;

impl Portal {
    /// Visits every text field of every entity (plain fields, Markdown fields and document
    /// bodies): the walk that resolving references, the placeholder check (W310) and the audience
    /// filter (`audience::scrub::texts`) all share. Plain fields are found by their serialisation
    /// (`texts_mut`), so none is missed by a list; tested in `tests/portal/guarantees.rs`
    /// (`hidden_ids_in_fields_nobody_listed_never_reach_the_trust_center`).
    pub fn visit_texts(&mut self, wanted: Wanted, visit: &mut TextVisitor) {
        for (i, node) in self.policies.iter_mut().enumerate() {
            let (t, doc) = (Target::Policy(i), &mut node.doc);
            // Lent to the visitor while the texts are borrowed, and put back: a copy for each
            // of 100,000 entries on every walk was most of a walk's allocations.
            let source = std::mem::take(&mut doc.source);
            doc.meta.texts_mut(wanted, &mut |path, text| {
                visit(t, Text::Plain, &source, path, text)
            });
            visit(t, Text::Body(doc.body_line), &source, "", &mut doc.body);
            doc.source = source;
        }
        for (i, page) in self.pages.iter_mut().enumerate() {
            let t = Target::Page(i);
            let source = std::mem::take(&mut page.source);
            page.meta.texts_mut(wanted, &mut |path, text| {
                visit(t, Text::Plain, &source, path, text)
            });
            visit(t, Text::Body(page.body_line), &source, "", &mut page.body);
            page.source = source;
        }
        for (i, node) in self.systems.iter_mut().enumerate() {
            visit_entry(Target::System(i), &mut node.system, wanted, visit);
        }
        for (i, node) in self.risks.iter_mut().enumerate() {
            visit_shared_entry(Target::Risk(i), &mut node.risk, wanted, visit);
        }
        for (i, node) in self.evidence.iter_mut().enumerate() {
            visit_shared_entry(Target::Evidence(i), &mut node.evidence, wanted, visit);
        }
        for (i, control) in self.controls.iter_mut().enumerate() {
            if let Some(entry) = control.implementation.as_mut() {
                visit_entry(Target::Control(i), entry, wanted, visit);
            }
        }
        for (i, node) in self.records.iter_mut().enumerate() {
            let t = Target::Record(i);
            use super::records::RecordBody as B;
            match &mut node.body {
                B::Programme(r) => visit_entry(t, r, wanted, visit),
                B::Audit(r) => visit_entry(t, r, wanted, visit),
                // Its texts are its audit's, visited with it.
                B::Finding { .. } => {}
                B::Nonconformity(r) => visit_entry(t, r, wanted, visit),
                B::Review(r) => visit_entry(t, &mut **r, wanted, visit),
                B::Objective(r) => visit_entry(t, r, wanted, visit),
                B::Incident(r) => visit_entry(t, r, wanted, visit),
            }
        }
    }
}

/// A document's body as [`Portal::visit_texts`] visits it (`Text::Body`), for work on each
/// body that is done on the thread pool first and taken by the serial walk by its target.
pub struct Body<'a> {
    /// The policy or page.
    pub target: Target,
    /// Where it was read.
    pub source: &'a Source,
    /// The 1-based line of its file where the body starts.
    pub line: usize,
    /// The Markdown.
    pub text: &'a str,
}

impl Portal {
    /// Every document body (policies, then pages), on the thread pool.
    pub fn document_bodies(&self) -> impl ParallelIterator<Item = Body<'_>> {
        let policies = self.policies.par_iter().enumerate().map(|(i, p)| Body {
            target: Target::Policy(i),
            source: &p.doc.source,
            line: p.doc.body_line,
            text: &p.doc.body,
        });
        let pages = self.pages.par_iter().enumerate().map(|(i, p)| Body {
            target: Target::Page(i),
            source: &p.source,
            line: p.body_line,
            text: &p.body,
        });
        policies.chain(pages)
    }
}

/// Visits a register entry's plain text fields, then its Markdown field.
fn visit_entry<E: EntryTexts>(t: Target, entry: &mut E, wanted: Wanted, visit: &mut TextVisitor) {
    let source = std::mem::take(entry.source_mut());
    entry.texts_mut(wanted, &mut |path, text| {
        visit(t, Text::Plain, &source, path, text)
    });
    entry.markdown_mut(&mut |path, text| visit(t, Text::Markdown, &source, path, text));
    *entry.source_mut() = source;
}

/// Visits a register entry that the audience's view may share with the full portal
/// ([`super::RiskNode::risk`]): a shared entry is copied only when the visitor changes one of
/// its texts, so a view that scrubs nothing from it holds no second copy.
fn visit_shared_entry<E: EntryTexts + Clone>(
    t: Target,
    entry: &mut Arc<E>,
    wanted: Wanted,
    visit: &mut TextVisitor,
) {
    if let Some(own) = Arc::get_mut(entry) {
        return visit_entry(t, own, wanted, visit);
    }
    let mut copy = E::clone(entry);
    let mut changed = false;
    visit_entry(t, &mut copy, wanted, &mut |t, kind, source, path, text| {
        let before = text.clone();
        visit(t, kind, source, path, text);
        changed |= *text != before;
    });
    if changed {
        *entry = Arc::new(copy);
    }
}

impl Portal {
    /// Visits every plain text outside the entities that writes a reference (`[[`): all of
    /// `portal.yaml` (title, organisation, trust-center texts, attestations, areas, Statement
    /// of Applicability history, and whatever is added to it), the trust center's copies of
    /// its attestations and areas, every subprocessor, every questionnaire entry but its
    /// Markdown answer, and the front-matter fields of pages that Tracemark does not know.
    /// They are found by their serialisation ([`every_wanted_string`]), not by a list of
    /// fields (each a value with a string `wanted`): the walk that reference checking (`unknown_other_references`) and the audience
    /// filter (`audience::scrub::other_texts`) share.
    pub fn visit_other_texts(
        &mut self,
        wanted: Wanted,
        visit: &mut dyn FnMut(&Source, &str, &mut String),
    ) {
        let config = &self.config_source;
        every_wanted_string(&mut self.config, &[], wanted, &mut |path, text| {
            visit(config, path, text)
        });
        for (i, node) in self.trust.attestations.iter_mut().enumerate() {
            every_wanted_string(&mut node.attestation, &[], wanted, &mut |path, text| {
                visit(config, &format!("attestations[{i}].{path}"), text)
            });
        }
        for (i, node) in self.trust.areas.iter_mut().enumerate() {
            every_wanted_string(&mut node.area, &[], wanted, &mut |path, text| {
                visit(config, &format!("public.areas[{i}].{path}"), text)
            });
        }
        for node in &mut self.trust.subprocessors {
            let source = std::mem::take(&mut node.subprocessor.source);
            every_wanted_string(
                &mut node.subprocessor,
                &["website"],
                wanted,
                &mut |path, text| visit(&source, path, text),
            );
            node.subprocessor.source = source;
        }
        for node in &mut self.trust.questions {
            let source = std::mem::take(&mut node.question.source);
            every_wanted_string(
                &mut node.question,
                &["id", "visibility", "answer"],
                wanted,
                &mut |path, text| visit(&source, path, text),
            );
            node.question.source = source;
        }
        for page in &mut self.pages {
            let source = &page.source;
            for (key, value) in page.meta.extra.iter_mut() {
                every_json_string(value, key, &mut |path, text| {
                    if wanted(text) {
                        visit(source, path, text)
                    }
                });
            }
        }
    }
}

/// `[[ID]]` naming nothing (E201) in the texts outside the entities
/// ([`Portal::visit_other_texts`]), at the value's line.
pub(super) fn unknown_other_references(portal: &mut Portal, diags: &mut Vec<Diagnostic>) {
    let index = std::mem::take(&mut portal.index);
    let mut seen = std::collections::HashSet::new();
    portal.visit_other_texts(&writes_reference, &mut |source, path, text| {
        for mention in plain_mentions(text) {
            if index.find(mention.id).is_none()
                && seen.insert((
                    source.file.clone(),
                    path.to_string(),
                    mention.id.to_string(),
                ))
            {
                let error = Diagnostic::error(
                    "E201",
                    format!("unknown reference `[[{}]]`", mention.id),
                )
                .help("write the id of a policy, page, system, risk, evidence record or control");
                diags.push(source.locate(error, path));
            }
        }
    });
    portal.index = index;
}

/// Whether a plain text writes a reference (`[[`): the texts reference resolving wants.
pub fn writes_reference(text: &str) -> bool {
    text.contains("[[")
}

/// One `[[ID]]` or `[[ID|text]]` in plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainMention<'a> {
    /// Byte range of the whole `[[...]]`.
    pub range: std::ops::Range<usize>,
    /// The id, trimmed.
    pub id: &'a str,
    /// The text after `|`, trimmed, if any.
    pub shown: Option<&'a str>,
    /// 1-based line and column (in characters) of the opening `[[`.
    pub line: usize,
    /// See `line`.
    pub column: usize,
}

/// Every `[[...]]` of a plain text field, in order, in one pass over the text.
pub fn plain_mentions(text: &str) -> Vec<PlainMention<'_>> {
    let mut out = Vec::new();
    let (mut line, mut line_start, mut counted) = (1, 0, 0);
    let mut from = 0;
    while let Some(at) = text[from..].find("[[") {
        let start = from + at;
        let Some(len) = text[start + 2..].find("]]") else {
            break;
        };
        let inner = &text[start + 2..start + 2 + len];
        for (i, _) in text[counted..start].match_indices('\n') {
            line += 1;
            line_start = counted + i + 1;
        }
        counted = start;
        let (id, shown) = match inner.split_once('|') {
            Some((id, shown)) => (id.trim(), Some(shown.trim())),
            None => (inner.trim(), None),
        };
        let end = start + 2 + len + 2;
        out.push(PlainMention {
            range: start..end,
            id,
            shown,
            line,
            column: text[line_start..start].chars().count() + 1,
        });
        from = end;
    }
    out
}

/// Resolves every `[[ID]]` and `.md` link in every text field: returns who mentions whom,
/// and reports each reference that does not resolve at its own line and column (in a
/// document's body, or inside a YAML or front-matter field).
pub(super) fn mention_pairs(
    portal: &mut Portal,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Target, Target)> {
    // The walk borrows the entities mutably; the index and documents are read on the side.
    let index = std::mem::take(&mut portal.index);
    let documents = std::mem::take(&mut portal.documents);
    let tree = std::mem::take(&mut portal.page_tree);
    let anchors = anchors::of_documents(portal);
    // The bodies, most of the text, are scanned on the thread pool first.
    let mut scanned: HashMap<Target, Vec<Located>> = portal
        .document_bodies()
        .map(|body| (body.target, mentions::scan(body.text)))
        .collect();
    let root = portal.root.clone();
    let links = Links {
        index: &index,
        documents: &documents,
        tree: &tree,
        anchors: &anchors,
        root: &root,
        attachments: RefCell::default(),
    };
    let mut pairs = Vec::new();
    portal.visit_texts(&writes_reference, &mut |from, kind, source, field, text| {
        let found: Vec<Located> = match kind {
            Text::Plain => plain_mentions(text)
                .into_iter()
                .map(|m| Located {
                    mention: Mention::Id(m.id.to_string()),
                    line: m.line,
                    column: m.column,
                })
                .collect(),
            Text::Markdown => mentions::scan(text),
            Text::Body(_) => scanned
                .remove(&from)
                .unwrap_or_else(|| mentions::scan(text)),
        };
        for found in found {
            // Located only when there is a problem: a register's positions are read again
            // from its file when first asked for.
            let located = |d: Diagnostic| {
                let (line, column) = match kind {
                    Text::Body(body_line) => (body_line + found.line - 1, found.column),
                    _ => text_position(source, field, found.line, found.column),
                };
                d.at(source.file.clone(), line).column(column)
            };
            match resolve_one(&links, source, found.mention) {
                Ok(Some(to)) => pairs.push((from, to)),
                Ok(None) => {}
                Err(d) => diags.push(located(d)),
            }
        }
    });
    portal.index = index;
    portal.documents = documents;
    portal.page_tree = tree;
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Warns (W310) about each tag in the raw HTML of Markdown that names no HTML element: a
/// placeholder like `<Company Name>`, which pages show as the text it is.
pub(super) fn placeholders(portal: &mut Portal, diags: &mut Vec<Diagnostic>) {
    // Markdown only: no plain text is wanted.
    portal.visit_texts(&|_| false, &mut |_, kind, source, field, text| {
        if kind == Text::Plain || !text.contains('<') {
            return;
        }
        for (tag, line, column) in super::html::markdown_placeholders(text) {
            let (line, column) = match kind {
                Text::Body(body_line) => (body_line + line - 1, column),
                _ => text_position(source, field, line, column),
            };
            diags.push(
                Diagnostic::warning(
                    "W310",
                    format!("`{tag}` is not an HTML element: it is shown as text"),
                )
                .at(source.file.clone(), line)
                .column(column)
                .help("fill in the placeholder, or write `\\<` to show a `<` on purpose"),
            );
        }
    });
}

/// What references are resolved against.
struct Links<'a> {
    index: &'a Index,
    documents: &'a HashMap<String, Target>,
    tree: &'a PageTree,
    anchors: &'a HashMap<Target, Anchors>,
    /// The portal root, to read the files beside the pages that links name.
    root: &'a Path,
    /// Each file beside the pages already looked at, and why it cannot be published (if so):
    /// an SVG linked from many places is read once.
    attachments: RefCell<HashMap<String, Option<String>>>,
}

/// Where one reference leads; `Ok(None)` for one to an entry too broken to load (reported
/// already) or to a folder or file beside the pages, `Err` for one that leads nowhere (E201,
/// E203, E208) or to a heading that is not there (W314).
fn resolve_one(
    links: &Links,
    source: &Source,
    mention: Mention,
) -> Result<Option<Target>, Diagnostic> {
    match mention {
        Mention::Id(id) => match links.index.any(&id) {
            Ok(to) => Ok(Some(to)),
            Err(_) if links.index.broken.contains(id.trim()) => Ok(None),
            Err(d) => Err(d),
        },
        Mention::File(url) => {
            match resolve_local(links.documents, links.tree, &source.file, &url) {
                LinkDestination::Document(to) => {
                    match anchors::check_fragment(links.anchors, to, &url) {
                        Some(warning) => Err(warning),
                        None => Ok(Some(to)),
                    }
                }
                LinkDestination::Asset(file) => match attachment_problem(links, &file) {
                    Some(d) => Err(d),
                    None => Ok(None),
                },
                LinkDestination::Folder | LinkDestination::Unchecked => Ok(None),
                LinkDestination::Missing(path) if links.index.broken.contains(&path) => Ok(None),
                LinkDestination::Missing(_) => {
                    Err(missing_link(links.documents, &source.file, &url))
                }
            }
        }
    }
}

/// E213 for a link to a file beside the pages that would run script on the portal's origin:
/// an HTML or XML document (refused), or an SVG that cannot be read to be sanitised.
fn attachment_problem(links: &Links, file: &str) -> Option<Diagnostic> {
    let refused = crate::svg::is_refused(file);
    if !refused && !crate::svg::is_svg(file) {
        return None;
    }
    let problem = links
        .attachments
        .borrow_mut()
        .entry(file.to_string())
        .or_insert_with(|| {
            if refused {
                Some(String::new())
            } else {
                crate::svg::sanitize_file(&links.root.join(file))
                    .err()
                    .map(|e| e.0)
            }
        })
        .clone()?;
    let d = if refused {
        let kind = file.rsplit('.').next().unwrap_or_default();
        Diagnostic::error(
            "E213",
            format!("link to `{file}`: `.{kind}` files beside the pages are not published"),
        )
        .help("a browser would run their scripts on the portal's own site (HTML, XHTML, XML and the like); write the page in Markdown, or link a PDF or an image instead")
    } else {
        Diagnostic::error("E213", format!("link to `{file}`: the SVG {problem}"))
            .help("SVG files are sanitised before they are published, so each must be a well-formed SVG document")
    };
    Some(d)
}

/// E208 for a relative link that leads nowhere, with the nearest document as a suggestion.
fn missing_link(documents: &HashMap<String, Target>, file: &str, url: &str) -> Diagnostic {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let mut d = Diagnostic::error(
        "E208",
        format!("link to `{path}` does not lead to a policy, page, folder or file"),
    );
    // Only a document whose file name is a near miss of the one written: a long shared
    // folder path must not make an unrelated file look close.
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut candidates: Vec<String> = documents
        .keys()
        .filter(|k| {
            let other = k.rsplit('/').next().unwrap_or(k);
            crate::diagnostics::likely_typo(name, [other]).is_some()
        })
        .filter_map(|k| mentions::relative_link(file, k))
        .collect();
    candidates.sort_by_key(|c| (c.len(), c.clone()));
    if let Some(best) = candidates.first() {
        d = d.help(format!("did you mean `{best}`?"));
    }
    d
}

/// Where line `line` (1-based, column `column`) of a YAML text field is in its file: a block
/// scalar (`|`) keeps its lines, a one-line scalar its columns (after a quote); a scalar
/// folded over several lines is pointed at as a whole.
pub fn text_position(source: &Source, field: &str, line: usize, column: usize) -> (usize, usize) {
    let full = crate::shared::positions::join_key(&source.path, field);
    match source.positions.as_ref().and_then(|p| p.value(&full)) {
        Some(pos) if pos.block => (pos.line + line - 1, pos.column + column - 1),
        Some(pos) if line == 1 => (pos.line, pos.column + column - 1 + usize::from(pos.quoted)),
        Some(pos) => (pos.line, pos.column),
        None => (source.line, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_mentions_with_their_place() {
        let found = plain_mentions("a [[X]]\nbé [[ Y | the y ]] [[open");
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].id, found[0].shown), ("X", None));
        assert_eq!((found[0].line, found[0].column), (1, 3));
        assert_eq!((found[1].id, found[1].shown), ("Y", Some("the y")));
        assert_eq!((found[1].line, found[1].column), (2, 4));
        assert_eq!(&"a [[X]]"[found[0].range.clone()], "[[X]]");
    }
}
