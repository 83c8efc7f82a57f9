//! References written inside text: `[[ID]]` and `.md` links in Markdown bodies and in every
//! text field of every entity.

use super::Portal;
use super::mentions::{self, Mention};
use super::references::Target;
use crate::diagnostics::{Diagnostic, closest};
use crate::model::Source;

/// Resolves every `[[ID]]` and `.md` link in Markdown: returns who mentions whom, and reports
/// each link that does not resolve at its own line and column (in a document's body, or
/// inside a YAML text field).
pub(super) fn resolve_mentions(
    portal: &Portal,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Target, Target)> {
    // Who wrote it, the text, its source, and where its first line is: a body line, or a field.
    let mut texts: Vec<(Target, &str, &Source, Result<usize, &str>)> = Vec::new();
    for (i, p) in portal.policies.iter().enumerate() {
        texts.push((
            Target::Policy(i),
            &p.doc.body,
            &p.doc.source,
            Ok(p.doc.body_line),
        ));
    }
    for (i, p) in portal.pages.iter().enumerate() {
        texts.push((Target::Page(i), &p.body, &p.source, Ok(p.body_line)));
    }
    for (i, r) in portal.risks.iter().enumerate() {
        if let Some(d) = &r.risk.description {
            texts.push((Target::Risk(i), d, &r.risk.source, Err("description")));
        }
    }
    for (i, s) in portal.systems.iter().enumerate() {
        if let Some(d) = &s.system.description {
            texts.push((Target::System(i), d, &s.system.source, Err("description")));
        }
    }
    for (i, e) in portal.evidence.iter().enumerate() {
        if let Some(d) = &e.evidence.description {
            texts.push((
                Target::Evidence(i),
                d,
                &e.evidence.source,
                Err("description"),
            ));
        }
    }
    for (i, c) in portal.controls.iter().enumerate() {
        if let Some(imp) = &c.implementation
            && let Some(text) = &imp.implementation
        {
            texts.push((Target::Control(i), text, &imp.source, Err("implementation")));
        }
    }
    let mut pairs = Vec::new();
    for (from, text, source, start) in texts {
        for found in mentions::scan(text) {
            let (line, column) = match start {
                Ok(body_line) => (body_line + found.line - 1, found.column),
                Err(field) => text_position(source, field, found.line, found.column),
            };
            let locate = |d: Diagnostic| d.at(source.file.clone(), line).column(column);
            match found.mention {
                Mention::Id(id) => match portal.index.any(&id) {
                    Ok(to) => pairs.push((from, to)),
                    Err(d) => {
                        if !portal.index.broken.contains(id.trim()) {
                            diags.push(locate(d));
                        }
                    }
                },
                Mention::File(path) => {
                    let resolved = mentions::join_relative(&source.file, &path);
                    if let Some(&to) = resolved.as_ref().and_then(|p| portal.documents.get(p)) {
                        pairs.push((from, to));
                        continue;
                    }
                    if resolved
                        .as_ref()
                        .is_some_and(|p| portal.index.broken.contains(p))
                    {
                        continue;
                    }
                    let mut d = Diagnostic::error(
                        "E208",
                        format!("link to `{path}` does not lead to a policy or page"),
                    );
                    let candidates: Vec<String> = portal
                        .documents
                        .keys()
                        .filter_map(|k| mentions::relative_link(&source.file, k))
                        .collect();
                    if let Some(best) = closest(&path, candidates.iter().map(String::as_str)) {
                        d = d.help(format!("did you mean `{best}`?"));
                    }
                    diags.push(locate(d));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Where line `line` (1-based, column `column`) of a YAML text field is in its file: a block
/// scalar (`|`) keeps its lines; any other scalar is pointed at as a whole.
fn text_position(source: &Source, field: &str, line: usize, column: usize) -> (usize, usize) {
    let full = crate::load::positions::join_key(&source.path, field);
    match source.positions.as_ref().and_then(|p| p.value(&full)) {
        Some(pos) if pos.block => (pos.line + line - 1, pos.column + column - 1),
        Some(pos) if line == 1 => (pos.line, pos.column + column - 1),
        Some(pos) => (pos.line, pos.column),
        None => (source.line, 0),
    }
}
