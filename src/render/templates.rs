//! The built-in Tera templates, compiled into the binary, and a portal's overrides.

use tera::Tera;

use crate::diagnostics::Diagnostic;

/// Built-in templates: name and source.
const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("trust.html", include_str!("../../templates/trust.html")),
    (
        "trust/base.html",
        include_str!("../../templates/trust/base.html"),
    ),
    (
        "trust/controls.html",
        include_str!("../../templates/trust/controls.html"),
    ),
    (
        "trust/documents.html",
        include_str!("../../templates/trust/documents.html"),
    ),
    (
        "trust/subprocessors.html",
        include_str!("../../templates/trust/subprocessors.html"),
    ),
    (
        "trust/systems.html",
        include_str!("../../templates/trust/systems.html"),
    ),
    (
        "trust/system.html",
        include_str!("../../templates/trust/system.html"),
    ),
    (
        "trust/faq.html",
        include_str!("../../templates/trust/faq.html"),
    ),
    (
        "trust/updates.html",
        include_str!("../../templates/trust/updates.html"),
    ),
    (
        "policies/index.html",
        include_str!("../../templates/policies/index.html"),
    ),
    (
        "policies/policy.html",
        include_str!("../../templates/policies/policy.html"),
    ),
    (
        "pages/index.html",
        include_str!("../../templates/pages/index.html"),
    ),
    (
        "pages/page.html",
        include_str!("../../templates/pages/page.html"),
    ),
    (
        "systems/index.html",
        include_str!("../../templates/systems/index.html"),
    ),
    (
        "systems/system.html",
        include_str!("../../templates/systems/system.html"),
    ),
    (
        "technical-documentation/system.html",
        include_str!("../../templates/technical-documentation/system.html"),
    ),
    (
        "risks/index.html",
        include_str!("../../templates/risks/index.html"),
    ),
    (
        "risks/heatmap.html",
        include_str!("../../templates/risks/heatmap.html"),
    ),
    (
        "risks/risk.html",
        include_str!("../../templates/risks/risk.html"),
    ),
    (
        "evidence/index.html",
        include_str!("../../templates/evidence/index.html"),
    ),
    (
        "evidence/record.html",
        include_str!("../../templates/evidence/record.html"),
    ),
    (
        "records/index.html",
        include_str!("../../templates/records/index.html"),
    ),
    (
        "records/programme.html",
        include_str!("../../templates/records/programme.html"),
    ),
    (
        "records/audit.html",
        include_str!("../../templates/records/audit.html"),
    ),
    (
        "records/nonconformity.html",
        include_str!("../../templates/records/nonconformity.html"),
    ),
    (
        "records/review.html",
        include_str!("../../templates/records/review.html"),
    ),
    (
        "records/objective.html",
        include_str!("../../templates/records/objective.html"),
    ),
    (
        "records/incident.html",
        include_str!("../../templates/records/incident.html"),
    ),
    (
        "frameworks/index.html",
        include_str!("../../templates/frameworks/index.html"),
    ),
    (
        "frameworks/framework.html",
        include_str!("../../templates/frameworks/framework.html"),
    ),
    (
        "frameworks/control.html",
        include_str!("../../templates/frameworks/control.html"),
    ),
    ("soa/soa.html", include_str!("../../templates/soa/soa.html")),
    (
        "crosswalks/crosswalk.html",
        include_str!("../../templates/crosswalks/crosswalk.html"),
    ),
    (
        "traceability.html",
        include_str!("../../templates/traceability.html"),
    ),
    ("gaps.html", include_str!("../../templates/gaps.html")),
    ("reviews.html", include_str!("../../templates/reviews.html")),
    (
        "document-register.html",
        include_str!("../../templates/document-register.html"),
    ),
    ("changes.html", include_str!("../../templates/changes.html")),
    (
        "changes/document.html",
        include_str!("../../templates/changes/document.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("listing.html", include_str!("../../templates/listing.html")),
];

/// Compiles the built-in templates, with the portal's files of the same name (or new names)
/// taking their place. The error names the template that failed.
pub fn compile(overrides: &[(String, String)]) -> Result<Tera, String> {
    compile_for(overrides, false)
}

/// Compiles the templates for a build. In the trust center (`public`), every page's
/// `base.html` is the trust-center shell `trust/base.html` (the portal's own, if it has one),
/// so that handbook pages published there read as part of the trust center too.
pub fn compile_for(overrides: &[(String, String)], public: bool) -> Result<Tera, String> {
    let mut sources: Vec<(String, String)> = BUILTIN
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    for (name, source) in overrides {
        match sources.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = source.clone(),
            None => sources.push((name.clone(), source.clone())),
        }
    }
    if public && let Some((_, shell)) = sources.iter().find(|(n, _)| n == "trust/base.html") {
        let shell = shell.clone();
        if let Some(slot) = sources.iter_mut().find(|(n, _)| n == "base.html") {
            slot.1 = shell;
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.register_filter("label", label);
    tera.add_raw_templates(sources)
        .map_err(|err| describe(&err))?;
    Ok(tera)
}

/// The `label` filter: a fixed value (or a list of them, joined with ", ") in words, from the
/// one table in [`crate::plan::labels`]; `of` names the kind of value when it matters
/// (`{{ r.review | label(of="due") }}`). Nothing is shown for an absent value.
fn label(value: &tera::Value, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let of = kwargs.get::<&str>("of")?;
    let one = |v: &tera::Value| match v.as_str() {
        Some(s) => crate::plan::labels::label(of, s),
        None if v.is_none() || v.is_undefined() => String::new(),
        None => crate::plan::labels::label(of, &v.to_string()),
    };
    Ok(match value.as_array() {
        Some(items) => items.iter().map(one).collect::<Vec<_>>().join(", "),
        None => one(value),
    })
}

/// A Tera error with its whole chain of causes, which carry the template name and line.
pub fn describe(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    message
}

/// A template error (as given by [`describe`]) as a diagnostic: at `templates/<name>:line:col`
/// when the failing template is one of the portal's overrides, with what the context lacked
/// as help. `doing` says what was being done ("rendering `risks/index.html`").
pub fn diagnostic(text: &str, overrides: &[(String, String)], doing: &str) -> Diagnostic {
    let first = text.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let (what, available) = match first.split_once(". Available variables: ") {
        Some((what, vars)) => (what, Some(vars)),
        None => (first, None),
    };
    let location = text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        let column = parts.next()?.trim().parse::<usize>().ok()?;
        let line = parts.next()?.trim().parse::<usize>().ok()?;
        Some((parts.next()?.to_string(), line, column))
    });
    let mut d = Diagnostic::error("E600", format!("template failed while {doing}: {what}"));
    match location {
        Some((name, line, column)) if overrides.iter().any(|(n, _)| *n == name) => {
            d = d.at(format!("templates/{name}"), line).column(column);
        }
        Some((name, line, column)) => {
            d.message = format!(
                "{} (built-in template `{name}`, line {line}, column {column})",
                d.message
            );
        }
        None => {
            let rest: Vec<&str> = text
                .lines()
                .skip(1)
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if !rest.is_empty() {
                d.message = format!("{}: {}", d.message, rest.join(" "));
            }
        }
    }
    if let Some(vars) = available {
        d = d.help(format!("the context of this template has: {vars}"));
    }
    d
}

/// Names of the built-in templates.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overrides(source: &str) -> Vec<(String, String)> {
        vec![("gaps.html".to_string(), source.to_string())]
    }

    #[test]
    fn a_syntax_error_in_an_override_names_its_file_and_line() {
        let o = overrides(
            "{% extends \"base.html\" %}\n{% block content %}\n{% if %}{% endblock content %}",
        );
        let text = compile(&o).unwrap_err();
        let d = diagnostic(&text, &o, "compiling templates");
        assert_eq!(d.code, "E600");
        assert_eq!(d.file.as_deref(), Some("templates/gaps.html"));
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn a_missing_variable_says_what_the_context_has() {
        let o = overrides("<main>\n<p>\n{{ nothing.here }}</p>\n</main>");
        let tera = compile(&o).unwrap();
        let mut context = tera::Context::new();
        context.insert("total", &1);
        let err = tera.render("gaps.html", &context).unwrap_err();
        let d = diagnostic(&describe(&err), &o, "rendering `gaps.html`");
        assert_eq!(d.file.as_deref(), Some("templates/gaps.html"), "{d:?}");
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("`nothing` is not defined"), "{d:?}");
        assert!(
            d.help.as_deref().unwrap_or_default().contains("total"),
            "{d:?}"
        );
    }
}
