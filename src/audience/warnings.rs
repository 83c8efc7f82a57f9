//! Warnings for references to items an audience's build does not show.

use crate::diagnostics::Diagnostic;
use crate::model::{Audience, Source};
use crate::resolve::{Portal, Target};

fn describe(portal: &Portal, target: Target) -> (String, Option<&Source>) {
    match target {
        Target::Policy(i) => {
            let p = &portal.policies[i].doc;
            (format!("policy `{}`", p.meta.id), Some(&p.source))
        }
        Target::Page(i) => {
            let p = &portal.pages[i];
            (format!("page `{}`", p.meta.id), Some(&p.source))
        }
        Target::System(i) => {
            let s = &portal.systems[i].system;
            (format!("AI system `{}`", s.id), Some(&s.source))
        }
        Target::Risk(i) => {
            let r = &portal.risks[i].risk;
            (format!("risk `{}`", r.id), Some(&r.source))
        }
        Target::Evidence(i) => {
            let e = &portal.evidence[i].evidence;
            (format!("evidence `{}`", e.id), Some(&e.source))
        }
        Target::Record(i) => (
            format!(
                "{} `{}`",
                portal.records[i].kind().noun(),
                portal.records[i].id
            ),
            Some(portal.record_source(i)),
        ),
        Target::Control(c) => {
            let control = &portal.controls[c];
            (
                format!("the entry for `{}`", control.key),
                control.implementation.as_ref().map(|i| &i.source),
            )
        }
    }
}

/// One warning (W307) per reference from an item the audience sees to one it does not.
pub fn restricted_references(portal: &Portal, audience: Audience) -> Vec<Diagnostic> {
    let sees = |t: Target| match t {
        Target::Control(c) => portal.entry_visibility(c).is_some_and(|v| audience.sees(v)),
        other => audience.sees(portal.visibility(other)),
    };
    let mut out = Vec::new();
    for (from, to) in portal.references() {
        // A catalog control is public; only its entry can be hidden, and pointing at a control
        // whose entry is hidden still shows the control.
        if matches!(to, Target::Control(_)) || !sees(from) || sees(to) {
            continue;
        }
        let (from_name, source) = describe(portal, from);
        let (to_name, _) = describe(portal, to);
        let mut d = Diagnostic::warning(
            "W307",
            format!(
                "{from_name} references {to_name}, which the {} build does not show",
                audience.name()
            ),
        )
        .help("make the referenced item visible to this audience, or drop the reference");
        if let Some(source) = source {
            d = d.at(source.file.clone(), source.line);
        }
        out.push(d);
    }
    out
}

/// One warning per text of the public edition that lost a reference to a hidden item (W380:
/// out of a list or a parenthesis; W381: with its whole sentence; W382: a field that held
/// nothing else), at the file and line where the reference was written, naming the id.
/// Sentences that lost several references are named once.
pub fn wording_warnings(dropped: &[super::scrub::Dropped], audience: Audience) -> Vec<Diagnostic> {
    use super::wording::Loss;
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut sentences: Vec<(String, String, Vec<String>, usize, usize)> = Vec::new();
    let edition = audience.name();
    for d in dropped {
        let id = &d.lost.id;
        let (code, message) = match d.lost.loss {
            Loss::List | Loss::Parenthesis => (
                "W380",
                format!(
                    "the {edition} edition leaves `{id}` out of \"{}\": it does not show `{id}`",
                    d.lost.sentence
                ),
            ),
            Loss::Field => (
                "W382",
                format!(
                    "the {edition} edition leaves this field empty: it names `{id}`, which it does not show"
                ),
            ),
            Loss::Sentence => {
                match sentences
                    .iter_mut()
                    .find(|s| s.0 == d.file && s.1 == d.lost.sentence)
                {
                    Some(s) => s.2.push(id.clone()),
                    None => sentences.push((
                        d.file.clone(),
                        d.lost.sentence.clone(),
                        vec![id.clone()],
                        d.line,
                        d.column,
                    )),
                }
                continue;
            }
        };
        out.push(
            Diagnostic::warning(code, message)
                .at(d.file.clone(), d.line)
                .column(d.column)
                .help(help(std::slice::from_ref(id))),
        );
    }
    for (file, sentence, ids, line, column) in sentences {
        let names: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
        out.push(
            Diagnostic::warning(
                "W381",
                format!(
                    "the {edition} edition leaves out the sentence \"{sentence}\": it refers to {}, which it does not show",
                    names.join(" and ")
                ),
            )
            .at(file, line)
            .column(column)
            .help(help(&ids)),
        );
    }
    out
}

/// What an author can do about a reference the public edition leaves out.
fn help(ids: &[String]) -> String {
    let first = ids.first().map_or("the item", String::as_str);
    format!(
        "give `{first}` a `public_label:` (the words customers read instead, e.g. \"our access control policy, available on request\"), make it public, or reword the text"
    )
}
