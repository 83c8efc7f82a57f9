//! The built-in Tera templates, compiled into the binary, and a portal's overrides.

use tera::Tera;

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
    ("search.html", include_str!("../../templates/search.html")),
];

/// Compiles the built-in templates, with the portal's files of the same name (or new names)
/// taking their place. The error names the template that failed.
pub fn compile(overrides: &[(String, String)]) -> Result<Tera, String> {
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
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.add_raw_templates(sources)
        .map_err(|err| describe(&err))?;
    Ok(tera)
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

/// Names of the built-in templates.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(n, _)| *n)
}
