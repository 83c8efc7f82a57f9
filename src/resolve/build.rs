//! Building the graph from a loaded project, in one pass per kind of edge.

use std::collections::{BTreeMap, HashMap};

use super::mentions::{self, Mention};
use super::references::{Index, Target};
use super::schedule::{Freshness, Interval, Review};
use super::scoring::{Score, bands_cover};
use super::*;
use crate::diagnostics::{Diagnostic, closest};
use crate::load::Project;
use crate::model::{Framework, Rating, Source, Treatment};

/// Resolves every reference and computes scores, applicability, freshness and reviews.
pub fn resolve(project: Project, today: Date) -> (Portal, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let config = project.config;
    let cfg_source = &project.config_source;
    let due_soon_days = interval_or(
        &config.reviews.due_soon,
        cfg_source,
        "reviews.due_soon",
        &mut diags,
    )
    .days();
    let default_review = interval_or(
        &config.reviews.default_interval,
        cfg_source,
        "reviews.default_interval",
        &mut diags,
    );
    let default_validity = interval_or(
        &config.evidence.default_validity,
        cfg_source,
        "evidence.default_validity",
        &mut diags,
    );
    if let Err(message) = bands_cover(&config.risk.levels, config.risk.scale) {
        diags.push(
            cfg_source.locate(
                Diagnostic::error("E406", format!("risk levels: {message}"))
                    .help("give the last level a `max` of at least scale x scale"),
                "risk.levels",
            ),
        );
    }
    // Heat maps draw every cell, so the scale stays one a reader can take in (up to 10 x 10).
    if config.risk.scale < 2 || config.risk.scale > 10 {
        diags.push(cfg_source.locate(
            Diagnostic::error(
                "E104",
                format!("risk scale {} must be between 2 and 10", config.risk.scale),
            ),
            "risk.scale",
        ));
    }

    let mut index = Index {
        broken: project.broken.iter().cloned().collect(),
        ..Index::default()
    };
    let (frameworks, controls) = shown_frameworks(
        &config,
        cfg_source,
        project.frameworks,
        project.builtin_frameworks,
        &mut index,
        &mut diags,
    );
    let mut portal = Portal {
        root: project.root,
        today,
        due_soon_days,
        frameworks,
        controls,
        policies: Vec::new(),
        pages: Vec::new(),
        systems: Vec::new(),
        risks: Vec::new(),
        evidence: Vec::new(),
        crosswalks: Vec::new(),
        index,
        documents: HashMap::new(),
        mentions: Vec::new(),
        templates: project.templates,
        static_files: project.static_files,
        config,
    };

    // Ids first, so that every later reference can be looked up.
    let mut policies = project.policies;
    policies.sort_by(|a, b| natural_cmp(&a.meta.id, &b.meta.id));
    let mut pages = project.pages;
    pages.sort_by(|a, b| {
        (a.meta.order.unwrap_or(i64::MAX), &a.meta.title)
            .cmp(&(b.meta.order.unwrap_or(i64::MAX), &b.meta.title))
    });
    let mut systems = project.systems;
    systems.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    let mut risks = project.risks;
    risks.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    let mut evidence = project.evidence;
    evidence.sort_by(|a, b| natural_cmp(&a.id, &b.id));

    let index = &mut portal.index;
    let mut first: HashMap<String, (String, usize)> = HashMap::new();
    let mut register = |index: &mut Index, id: &str, target: Target, source: &Source| {
        register(index, &mut first, id, target, source, &mut diags)
    };
    for (i, p) in policies.iter().enumerate() {
        register(index, &p.meta.id, Target::Policy(i), &p.source);
        portal
            .documents
            .insert(p.source.file.clone(), Target::Policy(i));
    }
    for (i, p) in pages.iter().enumerate() {
        register(index, &p.meta.id, Target::Page(i), &p.source);
        portal
            .documents
            .insert(p.source.file.clone(), Target::Page(i));
    }
    for (i, s) in systems.iter().enumerate() {
        register(index, &s.id, Target::System(i), &s.source);
    }
    for (i, r) in risks.iter().enumerate() {
        register(index, &r.id, Target::Risk(i), &r.source);
    }
    for (i, e) in evidence.iter().enumerate() {
        register(index, &e.id, Target::Evidence(i), &e.source);
    }

    attach_implementations(
        &mut portal,
        project.controls,
        &project.config_source,
        &mut diags,
    );

    let cfg = &portal.config;
    let index = &portal.index;
    let today = portal.today;
    let mut control_policies: Vec<Vec<usize>> = vec![Vec::new(); portal.controls.len()];
    let mut control_risks: Vec<Vec<usize>> = vec![Vec::new(); portal.controls.len()];
    let mut control_evidence: Vec<Vec<usize>> = vec![Vec::new(); portal.controls.len()];

    // Policies -> controls, systems.
    let mut system_documents: Vec<Vec<usize>> = vec![Vec::new(); systems.len()];
    for (i, doc) in policies.into_iter().enumerate() {
        let controls = resolve_controls(index, &doc.meta.controls, &doc.source, &mut diags);
        for &c in &controls {
            control_policies[c].push(i);
        }
        let systems_of = resolve_entities(
            index,
            (&doc.meta.systems, "systems"),
            "system",
            pick_system,
            &doc.source,
            &mut diags,
        );
        for &s in &systems_of {
            system_documents[s].push(i);
        }
        let interval = item_interval(
            doc.meta.review_interval.as_deref(),
            default_review,
            (&doc.source, "review_interval"),
            &mut diags,
        );
        let review = Review::compute(
            doc.meta.last_review,
            doc.meta.next_review,
            interval,
            today,
            due_soon_days,
        );
        portal.policies.push(PolicyNode {
            doc,
            controls,
            systems: systems_of,
            review,
            restricted: Restricted::default(),
        });
    }
    // Statement of Applicability -> policies.
    for (c, control) in portal.controls.iter().enumerate() {
        let Some(imp) = &control.implementation else {
            continue;
        };
        for p in resolve_entities(
            index,
            (&imp.policies, "policies"),
            "policy",
            pick_policy,
            &imp.source,
            &mut diags,
        ) {
            control_policies[c].push(p);
        }
    }

    // Risks -> system, controls; scores.
    let scale = cfg.risk.scale;
    let mut system_risks: Vec<Vec<usize>> = vec![Vec::new(); systems.len()];
    for (i, risk) in risks.into_iter().enumerate() {
        let at = |d: Diagnostic, field: &str| risk.source.locate(d, field);
        let system =
            risk.system
                .as_ref()
                .and_then(|s| match index.entity(s, "system", pick_system) {
                    Ok(s) => Some(s),
                    Err(d) => {
                        if !index.broken.contains(s.trim()) {
                            diags.push(at(d, "system"));
                        }
                        None
                    }
                });
        if let Some(s) = system {
            system_risks[s].push(i);
        }
        let controls = resolve_controls(index, &risk.controls, &risk.source, &mut diags);
        for &c in &controls {
            control_risks[c].push(i);
        }
        let inherent_rating = Rating {
            likelihood: risk.likelihood,
            impact: risk.impact,
        };
        for (what, prefix, rating) in [
            ("inherent", "", Some(inherent_rating)),
            ("residual", "residual.", risk.residual),
        ] {
            let Some(rating) = rating else { continue };
            for (field, value) in [("likelihood", rating.likelihood), ("impact", rating.impact)] {
                if value < 1 || value > scale {
                    diags.push(at(
                        Diagnostic::error(
                            "E401",
                            format!(
                                "risk `{}`: {what} {field} {value} is outside 1..{scale}",
                                risk.id
                            ),
                        )
                        .help(format!("portal.yaml sets `risk.scale: {scale}`")),
                        &format!("{prefix}{field}"),
                    ));
                }
            }
        }
        if let Some(res) = risk.residual
            && (res.likelihood > risk.likelihood || res.impact > risk.impact)
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
        {
            let mut d = Diagnostic::error(
                "E403",
                format!("risk `{}`: unknown category `{category}`", risk.id),
            );
            if let Some(best) = crate::diagnostics::closest(
                category,
                cfg.risk.categories.iter().map(String::as_str),
            ) {
                d = d.help(format!("did you mean `{best}`?"));
            } else {
                d = d.help(format!(
                    "categories in portal.yaml: {}",
                    cfg.risk.categories.join(", ")
                ));
            }
            diags.push(at(d, "category"));
        }
        if risk.treatment == Treatment::Accept && risk.acceptance.is_none() {
            diags.push(at(
                Diagnostic::error(
                    "E404",
                    format!("risk `{}` is accepted but has no `acceptance`", risk.id),
                )
                .help("add `acceptance: { by: ..., date: ... }`"),
                "treatment",
            ));
        }
        let inherent = Score::of(inherent_rating, &cfg.risk.levels);
        let residual = risk.residual.map(|r| Score::of(r, &cfg.risk.levels));
        let effective = residual.as_ref().unwrap_or(&inherent).score;
        let above_appetite = cfg.risk.appetite.is_some_and(|a| effective > a);
        let interval = item_interval(
            risk.review_interval.as_deref(),
            default_review,
            (&risk.source, "review_interval"),
            &mut diags,
        );
        let review = Review::compute(risk.last_review, None, interval, today, due_soon_days);
        portal.risks.push(RiskNode {
            risk,
            system,
            controls,
            evidence: Vec::new(),
            inherent,
            residual,
            above_appetite,
            review,
            restricted: Restricted::default(),
        });
    }

    // Evidence -> controls, risks; expiry.
    for (i, record) in evidence.into_iter().enumerate() {
        let at = |d: Diagnostic, field: &str| record.source.locate(d, field);
        let controls = resolve_controls(index, &record.controls, &record.source, &mut diags);
        for &c in &controls {
            control_evidence[c].push(i);
        }
        let risks_of = resolve_entities(
            index,
            (&record.risks, "risks"),
            "risk",
            pick_risk,
            &record.source,
            &mut diags,
        );
        for &r in &risks_of {
            portal.risks[r].evidence.push(i);
        }
        if let Some(url) = &record.url
            && !safe_url(url)
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
        if record.file.is_none() && record.url.is_none() {
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
                default_validity,
                (&record.source, "valid_for"),
                &mut diags,
            ),
            None => default_validity,
        };
        let expires = record
            .expires
            .unwrap_or_else(|| validity.after(record.collected));
        if expires < record.collected {
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
        let freshness = Freshness::compute(expires, today, due_soon_days);
        portal.evidence.push(EvidenceNode {
            evidence: record,
            controls,
            risks: risks_of,
            expires,
            freshness,
            restricted: Restricted::default(),
        });
    }

    for (s, system) in systems.into_iter().enumerate() {
        let interval = item_interval(
            system.review_interval.as_deref(),
            default_review,
            (&system.source, "review_interval"),
            &mut diags,
        );
        let review = Review::compute(system.last_review, None, interval, today, due_soon_days);
        portal.systems.push(SystemNode {
            system,
            risks: std::mem::take(&mut system_risks[s]),
            documents: std::mem::take(&mut system_documents[s]),
            review,
            restricted: Restricted::default(),
        });
    }
    portal.pages = pages;

    for (c, control) in portal.controls.iter_mut().enumerate() {
        control.policies = sorted_unique(std::mem::take(&mut control_policies[c]));
        control.risks = sorted_unique(std::mem::take(&mut control_risks[c]));
        control.evidence = sorted_unique(std::mem::take(&mut control_evidence[c]));
        if control.applicability == Applicability::Excluded
            && !(control.policies.is_empty() && control.risks.is_empty())
        {
            let Some(imp) = control.implementation.as_ref() else {
                continue;
            };
            diags.push(
                Diagnostic::error(
                    "E504",
                    format!(
                        "`{}` is excluded from the Statement of Applicability, but {} policies and {} risks rely on it",
                        control.key,
                        control.policies.len(),
                        control.risks.len()
                    ),
                )
                .help("include the control, or remove it from those policies and risks"),
            );
            let last = diags.len() - 1;
            diags[last] = imp.source.locate(diags[last].clone(), "applicable");
        }
    }

    portal.mentions = resolve_mentions(&portal, &mut diags);
    let crosswalks = resolve_crosswalks(&portal, project.crosswalks, &mut diags);
    portal.crosswalks = crosswalks;
    let mut mapped: Vec<Vec<(usize, crate::model::Relation)>> =
        vec![Vec::new(); portal.controls.len()];
    for walk in &portal.crosswalks {
        for (from, tos, relation) in &walk.mappings {
            for &to in tos {
                mapped[*from].push((to, *relation));
                mapped[to].push((*from, relation.reversed()));
            }
        }
    }
    for (c, m) in mapped.into_iter().enumerate() {
        let mut m = m;
        m.sort_by_key(|(i, _)| *i);
        m.dedup_by_key(|(i, _)| *i);
        portal.controls[c].mapped = m;
    }
    (portal, diags)
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

fn sorted_unique(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Orders ids as people read them: `RSK-2` before `RSK-10`. Runs of digits compare by value,
/// everything else by character; ties fall back to plain order so the result is total.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, xa), (db, xb)) in ca.iter().zip(&cb) {
        let order = if *da && *db {
            let (ta, tb) = (xa.trim_start_matches('0'), xb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            xa.cmp(xb)
        };
        if order.is_ne() {
            return order;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// Whether an external link is safe to put in an `href` (no `javascript:` and the like).
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Ids that would give an entity the same file name as a section's own pages.
pub fn reserved_id(id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    lower == "index"
        || lower == "heatmap"
        || lower
            .strip_prefix("page-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether an id has the allowed shape `[A-Za-z0-9][A-Za-z0-9._-]*`.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn register(
    index: &mut Index,
    first: &mut HashMap<String, (String, usize)>,
    id: &str,
    target: Target,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    let here = source.position("id");
    if !valid_id(id) {
        diags.push(source.locate(
            Diagnostic::error("E204", format!("`{id}` is not a valid id")).help(
                "ids start with a letter or digit and use only letters, digits, `.`, `_` and `-`",
            ),
            "id",
        ));
        return;
    }
    if reserved_id(id) {
        diags.push(source.locate(
            Diagnostic::error("E209", format!("id `{id}` is reserved for a section page")).help(
                "`index`, `heatmap` and `page-N` name listing pages; choose another id (a page can set `id:` in its front matter)",
            ),
            "id",
        ));
        return;
    }
    if let Some(controls) = index.bare.get(id) {
        let (fw, _) = &controls[0];
        diags.push(
            source.locate(
                Diagnostic::error(
                    "E210",
                    format!("id `{id}` is also the id of control `{fw}:{id}`"),
                )
                .help("`[[ID]]` would be ambiguous; choose another id"),
                "id",
            ),
        );
        return;
    }
    let folded = id.to_lowercase();
    let earlier = first
        .get(&folded)
        .map(|(file, line)| format!("{file}:{line}"))
        .unwrap_or_default();
    if index.by_key.contains_key(id) {
        diags.push(source.locate(
            Diagnostic::error("E205", format!("id `{id}` is defined more than once"))
                .help(format!("first defined at {earlier}; ids are unique across policies, pages, systems, risks and evidence")),
            "id",
        ));
        return;
    }
    if let Some(other) = index.folded.get(&folded) {
        diags.push(source.locate(
            Diagnostic::error(
                "E206",
                format!("id `{id}` differs from `{other}` only in letter case"),
            )
            .help(format!(
                "`{other}` is defined at {earlier}; the two would collide on case-insensitive disks: rename one"
            )),
            "id",
        ));
        return;
    }
    first.insert(folded.clone(), (source.file.clone(), here.0));
    index.folded.insert(folded, id.to_string());
    index.by_key.insert(id.to_string(), target);
}

fn interval_or(text: &str, config: &Source, field: &str, diags: &mut Vec<Diagnostic>) -> Interval {
    Interval::parse(text).unwrap_or_else(|message| {
        diags.push(config.locate(
            Diagnostic::error("E407", format!("`{field}`: {message}")),
            field,
        ));
        Interval::Months(12)
    })
}

fn item_interval(
    text: Option<&str>,
    default: Interval,
    (source, field): (&Source, &str),
    diags: &mut Vec<Diagnostic>,
) -> Interval {
    match text {
        None => default,
        Some(text) => Interval::parse(text).unwrap_or_else(|message| {
            diags.push(source.locate(
                Diagnostic::error("E407", format!("`{field}`: {message}")),
                field,
            ));
            default
        }),
    }
}

/// Resolves the control references of `source`'s `controls` list, each error at its item.
fn resolve_controls(
    index: &Index,
    refs: &[String],
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        match index.control(r) {
            Ok(c) => out.push(c),
            Err(d) => diags.push(source.locate(d, &format!("controls[{i}]"))),
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

/// Picks the shown frameworks (in scope, aligned, and the portal's own) and indexes controls.
fn shown_frameworks(
    config: &PortalConfig,
    cfg_source: &Source,
    catalogs: Vec<Framework>,
    builtin_count: usize,
    index: &mut Index,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<FrameworkNode>, Vec<ControlNode>) {
    // A portal's own catalog with a built-in's id replaces it.
    let mut by_id: BTreeMap<String, (usize, Framework)> = BTreeMap::new();
    for (order, f) in catalogs.into_iter().enumerate() {
        by_id.insert(f.framework.id.clone(), (order, f));
    }
    let mut wanted: Vec<(String, Scope)> = Vec::new();
    for (list, scope, field) in [
        (&config.frameworks, Scope::InScope, "frameworks"),
        (&config.aligned, Scope::Aligned, "aligned"),
    ] {
        for (position, id) in list.iter().enumerate() {
            if wanted.iter().any(|(w, _)| w == id) {
                continue;
            }
            if by_id.contains_key(id) {
                wanted.push((id.clone(), scope));
            } else {
                let mut d = Diagnostic::error(
                    "E207",
                    format!("portal.yaml `{field}` names unknown framework `{id}`"),
                );
                let known: Vec<&str> = by_id.keys().map(String::as_str).collect();
                d = match crate::diagnostics::closest(id, known.iter().copied()) {
                    Some(best) => d.help(format!("did you mean `{best}`?")),
                    None => d.help(format!("known frameworks: {}", known.join(", "))),
                };
                diags.push(cfg_source.locate(d, &format!("{field}[{position}]")));
            }
        }
    }
    let mut own: Vec<&(usize, Framework)> = by_id
        .values()
        .filter(|(order, _)| *order >= builtin_count)
        .collect();
    own.sort_by_key(|(order, _)| *order);
    for (_, f) in own {
        if !wanted.iter().any(|(w, _)| *w == f.framework.id) {
            wanted.push((f.framework.id.clone(), Scope::Aligned));
        }
    }

    let mut frameworks = Vec::new();
    let mut controls = Vec::new();
    for (fw_index, (id, scope)) in wanted.into_iter().enumerate() {
        let Some((_, catalog)) = by_id.remove(&id) else {
            continue;
        };
        let mut groups = Vec::new();
        for group in catalog.groups {
            let mut members = Vec::new();
            for control in group.controls {
                if crate::plan::urls::file_name(&control.id).eq_ignore_ascii_case("index") {
                    diags.push(Diagnostic::error(
                        "E209",
                        format!("catalog `{id}` has a control `{}`, whose page would replace the catalog's index", control.id),
                    ));
                    continue;
                }
                let key = format!("{id}:{}", control.id);
                if index.by_key.contains_key(&key) {
                    diags.push(Diagnostic::error(
                        "E205",
                        format!("catalog `{id}` defines control `{}` twice", control.id),
                    ));
                    continue;
                }
                let c = controls.len();
                index.by_key.insert(key.clone(), Target::Control(c));
                index
                    .bare
                    .entry(control.id.clone())
                    .or_default()
                    .push((id.clone(), c));
                members.push(c);
                controls.push(ControlNode {
                    key,
                    framework: fw_index,
                    framework_id: id.clone(),
                    label: control.label.unwrap_or_else(|| control.id.clone()),
                    id: control.id,
                    title: control.title,
                    text: control.text,
                    summary: control.summary,
                    group: (group.id.clone(), group.title.clone()),
                    category: group.category.clone(),
                    implementation: None,
                    applicability: if scope == Scope::InScope {
                        Applicability::Missing
                    } else {
                        Applicability::NotRequired
                    },
                    policies: Vec::new(),
                    risks: Vec::new(),
                    evidence: Vec::new(),
                    mapped: Vec::new(),
                    restricted: Restricted::default(),
                });
            }
            groups.push(GroupNode {
                id: group.id,
                title: group.title,
                category: group.category,
                controls: members,
            });
        }
        frameworks.push(FrameworkNode {
            id,
            name: catalog.framework.name,
            version: catalog.framework.version,
            scope,
            groups,
        });
    }
    (frameworks, controls)
}

/// Attaches Statement of Applicability entries to their controls.
fn attach_implementations(
    portal: &mut Portal,
    entries: Vec<crate::model::ControlImplementation>,
    config_source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    // Framework index -> the file (at its `controls:` key) of its first entry.
    let mut entry_files: HashMap<usize, Source> = HashMap::new();
    for entry in entries {
        let at = |d: Diagnostic, field: &str| entry.source.locate(d, field);
        let c = match portal.index.control(&entry.control) {
            Ok(c) => c,
            Err(d) => {
                diags.push(at(
                    d.help_if_none(
                        "a Statement of Applicability entry names a control of a framework in portal.yaml",
                    ),
                    "ref",
                ));
                continue;
            }
        };
        let control = &mut portal.controls[c];
        entry_files
            .entry(control.framework)
            .or_insert_with(|| Source {
                path: "controls".into(),
                ..entry.source.clone()
            });
        if let Some(first) = &control.implementation {
            diags.push(at(
                Diagnostic::error(
                    "E501",
                    format!(
                        "`{}` has a second Statement of Applicability entry (first at {}:{})",
                        control.key,
                        first.source.file,
                        first.source.position("ref").0
                    ),
                ),
                "ref",
            ));
            continue;
        }
        if entry.justification.trim().is_empty() {
            diags.push(at(
                Diagnostic::error("E503", format!("`{}` has no justification", control.key))
                    .help(
                        "ISO/IEC 42001 asks for a justification for every control, included or excluded",
                    ),
                "justification",
            ));
        }
        control.applicability = if entry.applicable {
            Applicability::Applicable
        } else {
            Applicability::Excluded
        };
        control.implementation = Some(entry);
    }
    // An entry that was too broken to load was reported already: its control is not "missing".
    let broken: Vec<usize> = portal
        .index
        .broken
        .iter()
        .filter_map(|r| portal.index.control(r).ok())
        .collect();
    for (c, control) in portal.controls.iter().enumerate() {
        if control.applicability == Applicability::Missing && !broken.contains(&c) {
            let d = Diagnostic::error(
                "E502",
                format!(
                    "`{}` ({}) has no Statement of Applicability entry",
                    control.key, control.title
                ),
            )
            .help(format!(
                "add `- ref: {}` with `applicable` and `justification` under content/controls/",
                control.key
            ));
            // Point at the file that holds this framework's other entries, where it belongs;
            // else at the framework's line in portal.yaml.
            let d = match entry_files.get(&control.framework) {
                Some(source) => source.locate_key(d, ""),
                None => {
                    let fw = &portal.frameworks[control.framework].id;
                    let at = portal.config.frameworks.iter().position(|f| f == fw);
                    let field = at.map_or("frameworks".to_string(), |i| format!("frameworks[{i}]"));
                    config_source.locate(d, &field)
                }
            };
            diags.push(d);
        }
    }
}

/// Resolves every `[[ID]]` and `.md` link in Markdown: returns who mentions whom, and reports
/// each link that does not resolve at its own line and column (in a document's body, or
/// inside a YAML text field).
fn resolve_mentions(portal: &Portal, diags: &mut Vec<Diagnostic>) -> Vec<(Target, Target)> {
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

/// Keeps crosswalks between shown frameworks and maps their ids to controls.
fn resolve_crosswalks(
    portal: &Portal,
    crosswalks: Vec<crate::model::Crosswalk>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<CrosswalkNode> {
    let fw = |id: &str| portal.frameworks.iter().position(|f| f.id == id);
    let mut out = Vec::new();
    for walk in crosswalks {
        let (Some(from), Some(to)) = (fw(&walk.crosswalk.from), fw(&walk.crosswalk.to)) else {
            continue;
        };
        let key = |f: usize, id: &str| match portal
            .index
            .by_key
            .get(&format!("{}:{id}", portal.frameworks[f].id))
        {
            Some(Target::Control(c)) => Some(*c),
            _ => None,
        };
        let mut mappings = Vec::new();
        for m in walk.mappings {
            let Some(source) = key(from, &m.from) else {
                diags.push(Diagnostic::warning(
                    "W210",
                    format!(
                        "crosswalk {}->{}: unknown control `{}`",
                        walk.crosswalk.from, walk.crosswalk.to, m.from
                    ),
                ));
                continue;
            };
            let targets: Vec<usize> = m.to.iter().filter_map(|t| key(to, t)).collect();
            if !targets.is_empty() {
                mappings.push((source, targets, m.relation));
            }
        }
        out.push(CrosswalkNode {
            from,
            to,
            source: walk.crosswalk.source,
            mappings,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_as_people_read_them() {
        let mut ids = vec![
            "RSK-10", "RSK-2", "RSK-002", "A.10.2", "A.9.3", "RSK-1", "EV",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            vec![
                "A.9.3", "A.10.2", "EV", "RSK-1", "RSK-002", "RSK-2", "RSK-10"
            ]
        );
    }

    #[test]
    fn reserves_section_page_names_and_refuses_script_urls() {
        assert!(reserved_id("index") && reserved_id("Heatmap") && reserved_id("page-2"));
        assert!(!reserved_id("page-two") && !reserved_id("indexes"));
        assert!(safe_url("https://x.example/a") && safe_url("mailto:a@b.c"));
        assert!(
            !safe_url("javascript:alert(1)")
                && !safe_url(" JavaScript:x")
                && !safe_url("data:text/html,x")
        );
    }

    #[test]
    fn ids_have_a_safe_shape() {
        assert!(valid_id("RSK-001") && valid_id("a.b_c"));
        assert!(!valid_id("-x") && !valid_id("a b") && !valid_id("") && !valid_id("ü"));
    }
}
