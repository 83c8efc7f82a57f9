//! Warnings for references that an audience's build will show only as `restricted`.

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
                "{from_name} references {to_name}, which the {} build shows only as `restricted`",
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
