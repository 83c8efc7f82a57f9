//! Each kind of entity: its references become edges, its values are judged, and its review
//! or freshness is computed against today.

use super::ids::sorted_unique;
use super::references::{Index, Target};
use super::schedule::{Freshness, Interval, Review};
use super::scoring::Score;
use super::*;
use crate::diagnostics::Diagnostic;
use crate::model::{Rating, Source, Treatment};

/// What `portal.yaml` sets for every item: read once, before the items.
#[derive(Debug, Clone, Copy)]
pub struct Defaults {
    /// Review cadence of items without their own.
    pub review: Interval,
    /// Validity of evidence without `expires` or `valid_for`.
    pub validity: Interval,
}

/// Edges gathered on the way, attached to controls and systems once every kind is resolved.
pub(super) struct Edges {
    control_policies: Vec<Vec<usize>>,
    control_risks: Vec<Vec<usize>>,
    control_evidence: Vec<Vec<usize>>,
    system_documents: Vec<Vec<usize>>,
    system_risks: Vec<Vec<usize>>,
}

impl Edges {
    /// No edges yet, for `controls` controls and `systems` systems.
    pub(super) fn new(controls: usize, systems: usize) -> Edges {
        Edges {
            control_policies: vec![Vec::new(); controls],
            control_risks: vec![Vec::new(); controls],
            control_evidence: vec![Vec::new(); controls],
            system_documents: vec![Vec::new(); systems],
            system_risks: vec![Vec::new(); systems],
        }
    }
}

/// Policies -> controls, systems; review state.
pub(super) fn policies(
    portal: &mut Portal,
    policies: Vec<Policy>,
    defaults: Defaults,
    edges: &mut Edges,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, doc) in policies.into_iter().enumerate() {
        let index = &portal.index;
        let controls = resolve_controls(index, &doc.meta.controls, &doc.source, diags);
        for &c in &controls {
            edges.control_policies[c].push(i);
        }
        let systems_of = resolve_entities(
            index,
            (&doc.meta.systems, "systems"),
            "system",
            pick_system,
            &doc.source,
            diags,
        );
        for &s in &systems_of {
            edges.system_documents[s].push(i);
        }
        let what = format!("policy `{}`", doc.meta.id);
        let after_today = super::future::judge(&doc.meta, &what, &doc.source, portal.today, diags);
        let dates = (doc.meta.last_review, doc.meta.next_review);
        let review = review(
            portal,
            dates,
            doc.meta.review_interval.as_deref(),
            &doc.source,
            defaults,
            diags,
        );
        portal.policies.push(PolicyNode {
            doc,
            controls,
            systems: systems_of,
            review,
            after_today,
            restricted: Restricted::default(),
        });
    }
}

/// Statement of Applicability entries -> policies.
pub(super) fn statement_policies(portal: &Portal, edges: &mut Edges, diags: &mut Vec<Diagnostic>) {
    for (c, control) in portal.controls.iter().enumerate() {
        let Some(imp) = &control.implementation else {
            continue;
        };
        for p in resolve_entities(
            &portal.index,
            (&imp.policies, "policies"),
            "policy",
            pick_policy,
            &imp.source,
            diags,
        ) {
            edges.control_policies[c].push(p);
        }
    }
}

/// Risks -> system, controls; scores, appetite and review state.
pub(super) fn risks(
    portal: &mut Portal,
    risks: Vec<Risk>,
    defaults: Defaults,
    edges: &mut Edges,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, risk) in risks.into_iter().enumerate() {
        let index = &portal.index;
        let system =
            risk.system
                .as_ref()
                .and_then(|s| match index.entity(s, "system", pick_system) {
                    Ok(s) => Some(s),
                    Err(d) => {
                        if !index.broken.contains(s.trim()) {
                            diags.push(risk.source.locate(d, "system"));
                        }
                        None
                    }
                });
        if let Some(s) = system {
            edges.system_risks[s].push(i);
        }
        let controls = resolve_controls(index, &risk.controls, &risk.source, diags);
        for &c in &controls {
            edges.control_risks[c].push(i);
        }
        let state = risk_state(portal, &risk, defaults, diags);
        portal.risks.push(RiskNode {
            risk: Arc::new(risk),
            system,
            controls,
            evidence: Vec::new(),
            inherent: state.inherent,
            residual: state.residual,
            above_appetite: state.above_appetite,
            review: state.review,
            after_today: state.after_today,
            restricted: Restricted::default(),
        });
    }
}

/// What a risk's entry makes of it besides its edges: its scores, appetite and review.
pub struct RiskState {
    /// Likelihood times impact before treatment, with its level.
    pub inherent: Score,
    /// Residual score, if rated.
    pub residual: Option<Score>,
    /// Residual (or inherent when unrated) above the appetite.
    pub above_appetite: bool,
    /// When it was last reviewed, is next due, and whether it is overdue.
    pub review: Review,
    /// It states a date after `--today` (W330).
    pub after_today: bool,
}

/// A risk's [`RiskState`], with the problems of its values (E401-E404, W330, review
/// intervals): the one derivation that resolving and `serve`'s quick path of a register edit
/// share, so the two cannot differ.
pub fn risk_state(
    portal: &Portal,
    risk: &Risk,
    defaults: Defaults,
    diags: &mut Vec<Diagnostic>,
) -> RiskState {
    judge_risk(risk, &portal.config, diags);
    let cfg = &portal.config;
    let inherent_rating = Rating {
        likelihood: risk.likelihood,
        impact: risk.impact,
    };
    let inherent = Score::of(inherent_rating, &cfg.risk.levels);
    let residual = risk.residual.map(|r| Score::of(r, &cfg.risk.levels));
    let effective = residual.as_ref().unwrap_or(&inherent).score;
    let above_appetite = cfg.risk.appetite.is_some_and(|a| effective > a);
    let what = format!("risk `{}`", risk.id);
    let after_today = super::future::judge(risk, &what, &risk.source, portal.today, diags);
    let dates = (risk.last_review, None);
    let review = review(
        portal,
        dates,
        risk.review_interval.as_deref(),
        &risk.source,
        defaults,
        diags,
    );
    RiskState {
        inherent,
        residual,
        above_appetite,
        review,
        after_today,
    }
}

/// The values of a risk: ratings on the scale (E401), residual not above inherent (E402), a
/// known category (E403), an acceptance for an accepted risk (E404). A value that could not
/// be read holds a stand-in and is not judged.
fn judge_risk(risk: &Risk, cfg: &PortalConfig, diags: &mut Vec<Diagnostic>) {
    let at = |d: Diagnostic, field: &str| risk.source.locate(d, field);
    let scale = cfg.risk.scale;
    let inherent = Rating {
        likelihood: risk.likelihood,
        impact: risk.impact,
    };
    for (what, prefix, rating) in [
        ("inherent", "", Some(inherent)),
        ("residual", "residual.", risk.residual),
    ] {
        let Some(rating) = rating else { continue };
        for (field, value) in [("likelihood", rating.likelihood), ("impact", rating.impact)] {
            let path = format!("{prefix}{field}");
            if (value < 1 || value > scale) && !risk.source.patched(&[&path]) {
                diags.push(at(
                    Diagnostic::error(
                        "E401",
                        format!(
                            "risk `{}`: {what} {field} {value} is outside 1..{scale}",
                            risk.id
                        ),
                    )
                    .help(format!("portal.yaml sets `risk.scale: {scale}`")),
                    &path,
                ));
            }
        }
    }
    if let Some(res) = risk.residual
        && (res.likelihood > risk.likelihood || res.impact > risk.impact)
        && !risk.source.patched(&["likelihood", "impact", "residual"])
    {
        diags.push(at(
            Diagnostic::error(
                "E402",
                format!(
                    "risk `{}`: residual ({} x {}) is higher than inherent ({} x {})",
                    risk.id, res.likelihood, res.impact, risk.likelihood, risk.impact
                ),
            )
            .help("treatment cannot make a risk more likely or more severe"),
            if res.likelihood > risk.likelihood {
                "residual.likelihood"
            } else {
                "residual.impact"
            },
        ));
    }
    if let Some(category) = &risk.category
        && !cfg.risk.categories.is_empty()
        && !cfg.risk.categories.contains(category)
        && !risk.source.patched(&["category"])
    {
        let mut d = Diagnostic::error(
            "E403",
            format!("risk `{}`: unknown category `{category}`", risk.id),
        );
        if let Some(best) =
            crate::diagnostics::closest(category, cfg.risk.categories.iter().map(String::as_str))
        {
            d = d.help(format!("did you mean `{best}`?"));
        } else {
            d = d.help(format!(
                "categories in portal.yaml: {}",
                cfg.risk.categories.join(", ")
            ));
        }
        diags.push(at(d, "category"));
    }
    if risk.treatment == Treatment::Accept
        && risk.acceptance.is_none()
        && !risk.source.patched(&["treatment", "acceptance"])
    {
        diags.push(at(
            Diagnostic::error(
                "E404",
                format!("risk `{}` is accepted but has no `acceptance`", risk.id),
            )
            .help("add `acceptance: { by: ..., date: ... }`"),
            "treatment",
        ));
    }
}

/// Evidence -> controls, risks; expiry and freshness.
pub(super) fn evidence(
    portal: &mut Portal,
    records: Vec<Evidence>,
    defaults: Defaults,
    edges: &mut Edges,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, record) in records.into_iter().enumerate() {
        let index = &portal.index;
        let controls = resolve_controls(index, &record.controls, &record.source, diags);
        for &c in &controls {
            edges.control_evidence[c].push(i);
        }
        let risks_of = resolve_entities(
            index,
            (&record.risks, "risks"),
            "risk",
            pick_risk,
            &record.source,
            diags,
        );
        for &r in &risks_of {
            portal.risks[r].evidence.push(i);
        }
        let expires = judge_evidence(&record, defaults, diags);
        let what = format!("evidence `{}`", record.id);
        let freshness = if super::future::judge(&record, &what, &record.source, portal.today, diags)
        {
            Freshness::Future
        } else {
            Freshness::compute(expires, portal.today, portal.due_soon_days)
        };
        portal.evidence.push(EvidenceNode {
            evidence: Arc::new(record),
            controls,
            risks: risks_of,
            expires,
            freshness,
            restricted: Restricted::default(),
        });
    }
}

/// The values of an evidence record: a safe `url` (E409), a `file` or `url` (E103), a
/// validity that parses (E407) and an expiry after collection (E405). Returns its expiry.
fn judge_evidence(record: &Evidence, defaults: Defaults, diags: &mut Vec<Diagnostic>) -> Date {
    let at = |d: Diagnostic, field: &str| record.source.locate(d, field);
    if let Some(url) = &record.url
        && !safe_url(url)
        && !record.source.patched(&["url"])
    {
        diags.push(at(
            Diagnostic::error(
                "E409",
                format!(
                    "evidence `{}`: url `{url}` must start with https://, http:// or mailto:",
                    record.id
                ),
            ),
            "url",
        ));
    }
    if record.file.is_none() && record.url.is_none() && !record.source.patched(&["file", "url"]) {
        diags.push(at(
            Diagnostic::error(
                "E103",
                format!("evidence `{}` needs a `file` or a `url`", record.id),
            ),
            "",
        ));
    }
    let validity = match &record.valid_for {
        Some(text) => item_interval(
            Some(text),
            defaults.validity,
            (&record.source, "valid_for"),
            diags,
        ),
        None => defaults.validity,
    };
    let expires = record
        .expires
        .unwrap_or_else(|| validity.after(record.collected));
    if expires < record.collected
        && !record
            .source
            .patched(&["expires", "collected", "valid_for"])
    {
        diags.push(at(
            Diagnostic::error(
                "E405",
                format!(
                    "evidence `{}` expires ({expires}) before it was collected ({})",
                    record.id, record.collected
                ),
            ),
            if record.expires.is_some() {
                "expires"
            } else {
                "valid_for"
            },
        ));
    }
    expires
}

/// Systems, with the risks and documents that name them; review state.
pub(super) fn systems(
    portal: &mut Portal,
    systems: Vec<System>,
    defaults: Defaults,
    edges: &mut Edges,
    diags: &mut Vec<Diagnostic>,
) {
    for (s, system) in systems.into_iter().enumerate() {
        let what = format!("system `{}`", system.id);
        let after_today = super::future::judge(&system, &what, &system.source, portal.today, diags);
        let dates = (system.last_review, None);
        let review = review(
            portal,
            dates,
            system.review_interval.as_deref(),
            &system.source,
            defaults,
            diags,
        );
        let basis = resolve_controls_at(
            &portal.index,
            (&system.high_risk_basis, "high_risk_basis"),
            &system.source,
            diags,
        );
        let annex_iv = super::technical_documentation::resolve(&portal.index, &system, diags);
        portal.systems.push(SystemNode {
            basis,
            annex_iv,
            system,
            risks: std::mem::take(&mut edges.system_risks[s]),
            documents: std::mem::take(&mut edges.system_documents[s]),
            review,
            after_today,
            restricted: Restricted::default(),
        });
    }
}

/// Gives each control the policies, risks and evidence that point at it, and reports an
/// excluded control that some of them rely on (E504).
pub(super) fn attach_to_controls(portal: &mut Portal, edges: Edges, diags: &mut Vec<Diagnostic>) {
    let Edges {
        mut control_policies,
        mut control_risks,
        mut control_evidence,
        ..
    } = edges;
    for (c, control) in portal.controls.iter_mut().enumerate() {
        control.policies = sorted_unique(std::mem::take(&mut control_policies[c]));
        control.risks = sorted_unique(std::mem::take(&mut control_risks[c]));
        control.evidence = sorted_unique(std::mem::take(&mut control_evidence[c]));
        let Some(imp) = control.implementation.as_ref() else {
            continue;
        };
        if control.applicability == Applicability::Excluded
            && !(control.policies.is_empty() && control.risks.is_empty())
            && !imp.source.patched(&["applicable"])
        {
            let words = portal.frameworks[control.framework].applicability.words();
            let excluded = if words.scope {
                format!("not relevant in the `{}` scope", control.framework_id)
            } else {
                "excluded from the Statement of Applicability".to_string()
            };
            let d = Diagnostic::error(
                "E504",
                format!(
                    "`{}` is {excluded}, but {} policies and {} risks rely on it",
                    control.key,
                    control.policies.len(),
                    control.risks.len()
                ),
            )
            .help("include the control, or remove it from those policies and risks");
            diags.push(imp.source.locate(d, "applicable"));
        }
    }
}

/// An item's review state from its last (and explicit next) review and its own interval,
/// else the default one.
fn review(
    portal: &Portal,
    (last, next): (Option<Date>, Option<Date>),
    interval: Option<&str>,
    source: &Source,
    defaults: Defaults,
    diags: &mut Vec<Diagnostic>,
) -> Review {
    let interval = item_interval(
        interval,
        defaults.review,
        (source, "review_interval"),
        diags,
    );
    Review::compute(last, next, interval, portal.today, portal.due_soon_days)
}

/// Whether an external link is safe to put in an `href` (no `javascript:` and the like).
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// A portal-wide interval of `portal.yaml`, or a year when it does not parse (reported).
pub(super) fn interval_or(
    text: &str,
    config: &Source,
    field: &str,
    diags: &mut Vec<Diagnostic>,
) -> Interval {
    Interval::parse(text).unwrap_or_else(|message| {
        diags.push(config.locate(
            Diagnostic::error("E407", format!("`{field}`: {message}")),
            field,
        ));
        Interval::Months(12)
    })
}

/// An item's own interval, or the default when it has none, does not parse (reported) or
/// could not be read (reported at load).
fn item_interval(
    text: Option<&str>,
    default: Interval,
    (source, field): (&Source, &str),
    diags: &mut Vec<Diagnostic>,
) -> Interval {
    match text {
        None => default,
        Some(_) if source.patched(&[field]) => default,
        Some(text) => Interval::parse(text).unwrap_or_else(|message| {
            diags.push(source.locate(
                Diagnostic::error("E407", format!("`{field}`: {message}")),
                field,
            ));
            default
        }),
    }
}

fn pick_policy(t: Target) -> Option<usize> {
    if let Target::Policy(i) = t {
        Some(i)
    } else {
        None
    }
}
fn pick_system(t: Target) -> Option<usize> {
    if let Target::System(i) = t {
        Some(i)
    } else {
        None
    }
}
fn pick_risk(t: Target) -> Option<usize> {
    if let Target::Risk(i) = t {
        Some(i)
    } else {
        None
    }
}

/// Resolves the control references of `source`'s `controls` list, each error at its item.
pub(super) fn resolve_controls(
    index: &Index,
    refs: &[String],
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    resolve_controls_at(index, (refs, "controls"), source, diags)
}

/// Resolves a list field of control references, each error at its item.
fn resolve_controls_at(
    index: &Index,
    (refs, field): (&[String], &str),
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        match index.control(r) {
            Ok(c) => out.push(c),
            Err(_) if index.broken.contains(r.trim()) => {}
            Err(d) => diags.push(source.locate(d, &format!("{field}[{i}]"))),
        }
    }
    sorted_unique(out)
}

/// Resolves a list field of ids of one kind, each error at its item; references to entries
/// that were too broken to load are skipped silently (they were reported already).
fn resolve_entities(
    index: &Index,
    (ids, field): (&[String], &str),
    kind: &'static str,
    pick: fn(Target) -> Option<usize>,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match index.entity(id, kind, pick) {
            Ok(i) => out.push(i),
            Err(_) if index.broken.contains(id.trim()) => {}
            Err(d) => diags.push(source.locate(d, &format!("{field}[{i}]"))),
        }
    }
    sorted_unique(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_script_urls() {
        assert!(safe_url("https://x.example/a") && safe_url("mailto:a@b.c"));
        assert!(
            !safe_url("javascript:alert(1)")
                && !safe_url(" JavaScript:x")
                && !safe_url("data:text/html,x")
        );
    }
}
