//! Frameworks and their controls: which are shown, their Statement of Applicability
//! entries, and the crosswalks between them.

use std::collections::{BTreeMap, HashMap};

use super::ids;
use super::references::{Index, Target};
use super::*;
use crate::diagnostics::Diagnostic;
use crate::model::{Framework, Source};

/// Picks the shown frameworks (in scope, aligned, and the portal's own) and indexes controls.
pub(super) fn shown_frameworks(
    config: &PortalConfig,
    cfg_source: &Source,
    catalogs: Vec<Framework>,
    builtin_count: usize,
    index: &mut Index,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<FrameworkNode>, Vec<ControlNode>) {
    let mut by_id = catalogs_by_id(catalogs, diags);
    let mut wanted = named_in_config(config, cfg_source, &by_id, index, diags);
    wanted.extend(portal_own(&by_id, builtin_count, &wanted));
    let mut frameworks = Vec::new();
    let mut controls = Vec::new();
    for (fw_index, (id, scope)) in wanted.into_iter().enumerate() {
        let Some((order, catalog)) = by_id.remove(&id) else {
            continue;
        };
        let shown = Shown {
            id: &id,
            fw_index,
            scope,
        };
        let source = catalog.source;
        let groups = catalog
            .groups
            .into_iter()
            .enumerate()
            .map(|(g, group)| group_node(&shown, &source, (g, group), index, &mut controls, diags))
            .collect();
        frameworks.push(FrameworkNode {
            id,
            name: catalog.framework.name,
            version: catalog.framework.version,
            applicability: catalog.framework.applicability,
            scope,
            own: order >= builtin_count,
            groups,
        });
    }
    (frameworks, controls)
}

/// The catalogs that are safe to show, by id, with their load order. Ids are unique: `load`
/// refuses a portal catalog that takes a built-in's id (E211).
fn catalogs_by_id(
    catalogs: Vec<Framework>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, (usize, Framework)> {
    let mut by_id: BTreeMap<String, (usize, Framework)> = BTreeMap::new();
    for (order, f) in catalogs.into_iter().enumerate() {
        if let Some(d) = unsafe_framework(&f) {
            diags.push(d);
            continue;
        }
        by_id.insert(f.framework.id.clone(), (order, f));
    }
    by_id
}

/// The frameworks `portal.yaml` puts in scope, then those it aligns with, each once; an
/// unknown id is an error (E207) unless its catalog was already reported broken.
fn named_in_config(
    config: &PortalConfig,
    cfg_source: &Source,
    by_id: &BTreeMap<String, (usize, Framework)>,
    index: &Index,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Scope)> {
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
            } else if !index.broken.contains(id.trim()) {
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
    wanted
}

/// The portal's own catalogs that `portal.yaml` does not name, in load order: shown as
/// aligned.
fn portal_own(
    by_id: &BTreeMap<String, (usize, Framework)>,
    builtin_count: usize,
    wanted: &[(String, Scope)],
) -> Vec<(String, Scope)> {
    let mut own: Vec<&(usize, Framework)> = by_id
        .values()
        .filter(|(order, _)| *order >= builtin_count)
        .collect();
    own.sort_by_key(|(order, _)| *order);
    own.into_iter()
        .filter(|(_, f)| !wanted.iter().any(|(w, _)| *w == f.framework.id))
        .map(|(_, f)| (f.framework.id.clone(), Scope::Aligned))
        .collect()
}

/// The framework whose controls are being indexed.
struct Shown<'a> {
    id: &'a str,
    fw_index: usize,
    scope: Scope,
}

/// One group of a shown catalog, its controls added to `controls` and the index.
fn group_node(
    shown: &Shown,
    source: &Source,
    (g, group): (usize, crate::model::CatalogGroup),
    index: &mut Index,
    controls: &mut Vec<ControlNode>,
    diags: &mut Vec<Diagnostic>,
) -> GroupNode {
    let id = shown.id;
    let mut members = Vec::new();
    let requirements = group.requirements;
    for (n, control) in group.controls.into_iter().enumerate() {
        let at = |d: Diagnostic| source.locate(d, &format!("groups[{g}].controls[{n}].id"));
        if crate::shared::urls::file_name(&control.id).eq_ignore_ascii_case("index") {
            diags.push(at(Diagnostic::error(
                "E209",
                format!("catalog `{id}` has a control `{}`, whose page would replace the catalog's index", control.id),
            )));
            continue;
        }
        let key = format!("{id}:{}", control.id);
        if index.by_key.contains_key(&key) {
            diags.push(at(Diagnostic::error(
                "E205",
                format!("catalog `{id}` defines control `{}` twice", control.id),
            )));
            continue;
        }
        let c = controls.len();
        let parent =
            control
                .parent
                .as_ref()
                .and_then(|p| match index.by_key.get(&format!("{id}:{p}")) {
                    Some(Target::Control(p)) => Some(*p),
                    _ => None,
                });
        index.by_key.insert(key.clone(), Target::Control(c));
        index
            .bare
            .entry(control.id.clone())
            .or_default()
            .push((id.to_string(), c));
        members.push(c);
        controls.push(ControlNode {
            key,
            framework: shown.fw_index,
            framework_id: id.to_string(),
            label: control.label.unwrap_or_else(|| control.id.clone()),
            id: control.id,
            title: control.title,
            text: control.text,
            summary: control.summary,
            parts: control.parts,
            requirement: requirements,
            withdrawn: control.withdrawn,
            parent,
            group: (group.id.clone(), group.title.clone()),
            category: group.category.clone(),
            implementation: None,
            applicability: initial_applicability(shown.scope, requirements, control.withdrawn),
            policies: Vec::new(),
            risks: Vec::new(),
            evidence: Vec::new(),
            mapped: Vec::new(),
            restricted: Restricted::default(),
        });
    }
    GroupNode {
        id: group.id,
        title: group.title,
        category: group.category,
        requirements,
        parts: group.parts,
        controls: members,
    }
}

/// A framework id names a folder of the output (`frameworks/<id>/`) and control ids name
/// files: `.`, `..`, or a name too long for a disk would land outside its place or fail
/// the build, so such a catalog is an error at its id (E204) and is not shown.
fn unsafe_framework(f: &Framework) -> Option<Diagnostic> {
    let id = &f.framework.id;
    if !ids::valid_id(id) {
        return Some(
            f.source
                .locate(ids::invalid_id("framework id", id), "framework.id"),
        );
    }
    for (g, group) in f.groups.iter().enumerate() {
        for (c, control) in group.controls.iter().enumerate() {
            if control.id.trim_matches('.').is_empty() || control.id.len() > ids::MAX_ID_LEN {
                let field = format!("groups[{g}].controls[{c}].id");
                return Some(
                    f.source
                        .locate(ids::invalid_id("control id", &control.id), &field),
                );
            }
        }
    }
    None
}

/// `portal.yaml` `soa:` documents only frameworks in scope: those are the ones with a Statement
/// of Applicability.
pub(super) fn check_soa_documents(
    config: &PortalConfig,
    cfg_source: &Source,
    frameworks: &[FrameworkNode],
    diags: &mut Vec<Diagnostic>,
) {
    for id in config.soa.keys() {
        let in_scope = frameworks
            .iter()
            .any(|f| &f.id == id && f.scope == Scope::InScope);
        if !in_scope {
            diags.push(cfg_source.locate_key(
                Diagnostic::error(
                    "E212",
                    format!("`soa.{id}` documents a Statement of Applicability, but `{id}` is not in `frameworks`"),
                )
                .help("only frameworks in scope have a Statement of Applicability"),
                &format!("soa.{id}"),
            ));
        }
    }
}

/// What a control's applicability is before any Statement of Applicability entry is read:
/// withdrawn controls and requirements need none; other in-scope controls miss one.
fn initial_applicability(scope: Scope, requirement: bool, withdrawn: bool) -> Applicability {
    match (scope, requirement, withdrawn) {
        (_, _, true) => Applicability::Withdrawn,
        (Scope::InScope, true, _) => Applicability::Required,
        (Scope::InScope, false, _) => Applicability::Missing,
        (Scope::Aligned, _, _) => Applicability::NotRequired,
    }
}

/// Attaches Statement of Applicability entries to their controls.
pub(super) fn attach_implementations(
    portal: &mut Portal,
    entries: Vec<crate::model::ControlImplementation>,
    config_source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    // Framework index -> the file (at its `controls:` key) of its first entry.
    let mut entry_files: HashMap<usize, Source> = HashMap::new();
    for entry in entries {
        attach_entry(portal, entry, &mut entry_files, diags);
    }
    missing_entries(portal, &entry_files, config_source, diags);
}

/// Attaches one entry to its control, which it makes applicable or excluded, unless the
/// control is unknown (the index says why) or already has one (E501); a justification is
/// required (E503), and a requirement cannot be excluded (E505).
fn attach_entry(
    portal: &mut Portal,
    entry: crate::model::ControlImplementation,
    entry_files: &mut HashMap<usize, Source>,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |d: Diagnostic, field: &str| entry.source.locate(d, field);
    let c = match portal.index.control(&entry.control) {
        Ok(c) => c,
        // A control of a catalog that could not be parsed: its syntax error is the news.
        Err(_) if portal.index.broken.contains(entry.control.trim()) => return,
        Err(d) => {
            diags.push(at(
                d.help_if_none(
                    "a Statement of Applicability entry names a control of a framework in portal.yaml",
                ),
                "ref",
            ));
            return;
        }
    };
    // "Statement of Applicability entry", or "scope entry" for SOC 2.
    let entry_words = portal.frameworks[portal.controls[c].framework]
        .applicability
        .words()
        .entry;
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
                    "`{}` has a second {entry_words} (first at {}:{})",
                    control.key,
                    first.source.file,
                    first.source.position("ref").0
                ),
            ),
            "ref",
        ));
        return;
    }
    if entry.justification.trim().is_empty() {
        diags.push(at(
            Diagnostic::error("E503", format!("`{}` has no justification", control.key)).help(
                "ISO/IEC 42001 asks for a justification for every control, included or excluded",
            ),
            "justification",
        ));
    }
    match control.applicability {
        // A requirement applies whatever the entry says; its entry only tells who owns it
        // and how it is met.
        Applicability::Required if !entry.applicable => diags.push(at(
            Diagnostic::error(
                "E505",
                format!(
                    "`{}` ({}) is a management-system requirement: it cannot be excluded",
                    control.key, control.title
                ),
            )
            .help("clauses 4-10 always apply; only Annex A controls can be excluded"),
            "applicable",
        )),
        Applicability::Required | Applicability::Withdrawn => {}
        _ if entry.applicable => control.applicability = Applicability::Applicable,
        _ => control.applicability = Applicability::Excluded,
    }
    control.implementation = Some(entry);
}

/// E502 for every control still without an entry, at the file of its framework's other
/// entries (from `entry_files`).
fn missing_entries(
    portal: &mut Portal,
    entry_files: &HashMap<usize, Source>,
    config_source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    // An entry that was too broken to load was reported already: its control is not "missing".
    let broken: Vec<(usize, &String)> = portal
        .index
        .broken
        .iter()
        .filter_map(|r| portal.index.control(r).ok().map(|c| (c, r)))
        .collect();
    for (c, control) in portal.controls.iter().enumerate() {
        let skipped = broken.iter().find(|(b, _)| *b == c);
        if let (Applicability::Missing, Some((_, r))) = (control.applicability, skipped) {
            portal.index.broken.skip(r);
        } else if control.applicability == Applicability::Missing {
            let d = Diagnostic::error(
                "E502",
                format!(
                    "`{}` ({}) has no {}",
                    control.key,
                    control.title,
                    portal.frameworks[control.framework]
                        .applicability
                        .words()
                        .entry
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

/// Keeps crosswalks between shown frameworks and maps their ids to controls.
pub(super) fn resolve_crosswalks(
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
                mappings.push(MappingNode {
                    from: source,
                    to: targets,
                    relation: m.relation,
                    source: m.source,
                    rationale: m.rationale,
                });
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

/// Records each crosswalk mapping on both of its controls, with the relation seen from each
/// and the pair's source (else the crosswalk's) and rationale.
pub(super) fn map_controls(portal: &mut Portal) {
    let mut mapped: Vec<Vec<Mapped>> = vec![Vec::new(); portal.controls.len()];
    for walk in &portal.crosswalks {
        for m in &walk.mappings {
            let source = m.source.clone().or_else(|| Some(walk.source.clone()));
            for &to in &m.to {
                let pair = |control, relation| Mapped {
                    control,
                    relation,
                    source: source.clone(),
                    rationale: m.rationale.clone(),
                };
                mapped[m.from].push(pair(to, m.relation));
                mapped[to].push(pair(m.from, m.relation.reversed()));
            }
        }
    }
    for (c, mut m) in mapped.into_iter().enumerate() {
        m.sort_by_key(|p| p.control);
        m.dedup_by_key(|p| p.control);
        portal.controls[c].mapped = m;
    }
}

impl Portal {
    /// The sub-clauses of a management-system clause (`9.2.1` and `9.2.2` of `9.2`): the
    /// requirements whose `parent` it is, in catalog order. Empty for anything else, an OSCAL
    /// control with enhancements included.
    pub fn subclauses(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        let requirement = self.controls[c].requirement;
        // A child names a parent defined before it, in the same catalog.
        self.controls
            .iter()
            .enumerate()
            .skip(c + 1)
            .take_while(move |(_, o)| requirement && o.framework == self.controls[c].framework)
            .filter(move |(_, o)| o.requirement && o.parent == Some(c))
            .map(|(i, _)| i)
    }

    /// A clause whose requirements are its sub-clauses (`9.2` over `9.2.1` and `9.2.2`): shown
    /// as a heading, its status read from its sub-clauses, and never counted as a requirement
    /// of its own, so that no requirement is counted twice.
    pub fn is_clause_heading(&self, c: usize) -> bool {
        self.subclauses(c).next().is_some()
    }

    /// How many items of each kind a framework's catalog holds, as `check` and the frameworks
    /// index state them.
    pub fn catalog_counts(&self, f: usize) -> CatalogCounts {
        let fw = &self.frameworks[f];
        let mut counts = CatalogCounts {
            groups: fw.groups.len(),
            ..CatalogCounts::default()
        };
        let (one, many) = item_nouns(&fw.id);
        for c in fw.groups.iter().flat_map(|g| g.controls.iter().copied()) {
            let control = &self.controls[c];
            if control.requirement {
                if self.is_clause_heading(c) {
                    counts.clause_headings += 1;
                } else {
                    counts.requirements += 1;
                }
                continue;
            }
            // The EU AI Act's annex items (`AnnexIII.4.a`) are not articles.
            if fw.id == "eu-ai-act" && control.id.starts_with("Annex") {
                counts.annex_items += 1;
            } else {
                counts.controls += 1;
            }
            counts.enhancements += usize::from(control.parent.is_some());
            counts.withdrawn += usize::from(control.withdrawn);
        }
        counts.nouns = (one, many);
        counts
    }
}

/// What a catalog holds: its controls (criteria, articles...) apart from its management-system
/// requirements, which are not controls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CatalogCounts {
    /// Groups of the catalog.
    pub groups: usize,
    /// Controls, or what the catalog calls its items (criteria, subcategories, articles).
    pub controls: usize,
    /// The word for one control and for several, as the catalog calls them.
    pub nouns: (&'static str, &'static str),
    /// Annex items of the EU AI Act (Annex III areas and points, Annex IV points...).
    pub annex_items: usize,
    /// Management-system requirements (clauses 4-10), sub-clauses counted, their parent not.
    pub requirements: usize,
    /// Clauses shown as headings over their sub-clauses (7.5, 9.2, 9.3).
    pub clause_headings: usize,
    /// Controls that enhance another (OSCAL).
    pub enhancements: usize,
    /// Withdrawn controls.
    pub withdrawn: usize,
}

impl CatalogCounts {
    /// The counts in words, e.g. `["93 controls", "30 management-system requirements"]`; the
    /// groups, enhancements and withdrawn controls are left to the caller.
    pub fn phrases(&self) -> Vec<String> {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        let mut out = vec![n(self.controls, self.nouns.0, self.nouns.1)];
        if self.annex_items > 0 {
            out.push(n(self.annex_items, "annex item", "annex items"));
        }
        if self.requirements > 0 {
            out.push(n(
                self.requirements,
                "management-system requirement",
                "management-system requirements",
            ));
        }
        out
    }
}

/// What the built-in catalogs call their items: SOC 2 criteria, AI RMF subcategories, AI Act
/// articles; a control elsewhere.
fn item_nouns(framework: &str) -> (&'static str, &'static str) {
    match framework {
        "soc2" => ("criterion", "criteria"),
        "nist-ai-rmf" => ("subcategory", "subcategories"),
        "eu-ai-act" => ("article", "articles"),
        _ => ("control", "controls"),
    }
}

/// Gives each sub-clause the policies and evidence that cite its clause: what cites `9.2`
/// counts for `9.2.1` and `9.2.2`. Run once every item is attached to the controls it cites.
pub(super) fn inherit_from_clauses(portal: &mut Portal) {
    for c in 0..portal.controls.len() {
        let children: Vec<usize> = portal.subclauses(c).collect();
        if children.is_empty() {
            continue;
        }
        let (policies, evidence) = (
            portal.controls[c].policies.clone(),
            portal.controls[c].evidence.clone(),
        );
        for child in children {
            let node = &mut portal.controls[child];
            node.policies.extend(&policies);
            node.policies.sort_unstable();
            node.policies.dedup();
            node.evidence.extend(&evidence);
            node.evidence.sort_unstable();
            node.evidence.dedup();
        }
    }
}
