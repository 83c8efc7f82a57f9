//! Audience: the stage between `check` and `plan` that owns what a build's reader may see. It
//! warns about references the audience's build does not show (`warnings`,
//! `trust_warnings`), filters the portal down to what the audience may see ([`filter`]), and
//! scrubs every text of ids, titles and file names of hidden items ([`scrub`]). The audiences
//! themselves and the visibility levels are plain data in [`crate::model`].
//!
//! The audience filter: one pass that removes every item an audience may not see from the
//! portal that pages, indexes, exports, the sitemap and the search index are planned from.
//! The filtered portal shares each risk and evidence entry with the full one and copies an
//! entry only when the filter changes it (`resolve::text`'s walk copies on write), so a large
//! register is held once.
//!
//! References from a visible item to a hidden one are dropped and counted in the item's
//! [`Restricted`] tally (templates leave out a section that would show nothing, and say once
//! that more is available on request); references in text become the hidden item's
//! `public_label:` or are left out with their words ([`wording`]); id strings that
//! name hidden items are scrubbed from the copied model data too ([`scrub`]), so a user's
//! template override finds none in the data it is given. Nothing here stops a template or a
//! static file from printing a hidden id it holds itself, nor planning code that reads the
//! full portal (the figures do, for counts): the leak gate does, on every output file
//! ([`crate::write::gate::Gate`], error E700; tested in `tests/portal/guarantees.rs`,
//! `the_leak_gate_stops_a_build_that_would_print_a_hidden_id`).

pub mod blocks;
mod history;
pub mod scrub;
mod trust_warnings;
mod warnings;
pub mod wording;

use std::collections::HashMap;

use crate::check::Gaps;
use crate::model::{Audience, Visibility};
use crate::resolve::{Applicability, Index, Portal, Restricted, Target};

pub use scrub::{AudienceScrubber, RESTRICTED, RESTRICTED_HTML};
pub use trust_warnings::restricted_trust_references;
pub use warnings::{restricted_references, wording_warnings};

/// Old index -> new index (or `None` when hidden), per entity kind.
#[derive(Debug, Clone)]
pub struct Remap {
    policies: Vec<Option<usize>>,
    pages: Vec<Option<usize>>,
    systems: Vec<Option<usize>>,
    risks: Vec<Option<usize>>,
    evidence: Vec<Option<usize>>,
    records: Vec<Option<usize>>,
    /// Per control: whether its Statement of Applicability entry (if any) is visible.
    entries: Vec<bool>,
    /// The edition, whose audience blocks ([`blocks`]) the texts keep.
    audience: Audience,
}

fn mask(shown: impl Iterator<Item = bool>) -> Vec<Option<usize>> {
    let mut next = 0;
    shown
        .map(|shown| {
            shown.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// Keeps the visible members of an index list, renumbered; returns how many were hidden.
fn keep(list: &[usize], map: &[Option<usize>]) -> (Vec<usize>, usize) {
    let kept: Vec<usize> = list.iter().filter_map(|&i| map[i]).collect();
    let hidden = list.len() - kept.len();
    (kept, hidden)
}

impl Remap {
    /// Where a target went, if it is still visible. Controls always are.
    pub fn target(&self, target: Target) -> Option<Target> {
        match target {
            Target::Policy(i) => self.policies[i].map(Target::Policy),
            Target::Page(i) => self.pages[i].map(Target::Page),
            Target::System(i) => self.systems[i].map(Target::System),
            Target::Risk(i) => self.risks[i].map(Target::Risk),
            Target::Evidence(i) => self.evidence[i].map(Target::Evidence),
            Target::Record(i) => self.records[i].map(Target::Record),
            Target::Control(c) => Some(Target::Control(c)),
        }
    }

    /// The controls of a list whose entries the audience may see: a gap about a restricted
    /// entry would tell whether it is applicable.
    fn entries(&self, controls: &[usize]) -> Vec<usize> {
        controls
            .iter()
            .copied()
            .filter(|&c| self.entries[c])
            .collect()
    }

    /// The gaps of the whole portal, limited to what the audience may see.
    pub fn gaps(&self, gaps: &Gaps) -> Gaps {
        let ids = |list: &[usize], map: &[Option<usize>]| keep(list, map).0;
        Gaps {
            controls_without_evidence: self.entries(&gaps.controls_without_evidence),
            excluded_without_justification: self.entries(&gaps.excluded_without_justification),
            requirements_without_evidence: gaps.requirements_without_evidence.clone(),
            missing_applicability: gaps.missing_applicability.clone(),
            not_assessed: gaps.not_assessed.clone(),
            risks_without_controls: ids(&gaps.risks_without_controls, &self.risks),
            risks_above_appetite: ids(&gaps.risks_above_appetite, &self.risks),
            expired_acceptances: ids(&gaps.expired_acceptances, &self.risks),
            expired_evidence: ids(&gaps.expired_evidence, &self.evidence),
            overdue_reviews: gaps
                .overdue_reviews
                .iter()
                .filter_map(|&t| self.target(t))
                .collect(),
            policies_not_approved: ids(&gaps.policies_not_approved, &self.policies),
            changed_since_assessment: ids(&gaps.changed_since_assessment, &self.systems),
            technical_documentation: ids(&gaps.technical_documentation, &self.systems),
            approved_linking_draft: gaps
                .approved_linking_draft
                .iter()
                .filter_map(|&(a, d)| Some((self.policies[a]?, self.policies[d]?)))
                .collect(),
            records: gaps
                .records
                .iter()
                .filter_map(|g| {
                    Some(crate::check::records::RecordGap {
                        record: self.records[g.record]?,
                        ..g.clone()
                    })
                })
                .collect(),
        }
    }
}

/// The portal as `audience` may see it, and how indexes moved.
pub fn filter(portal: &Portal, audience: Audience) -> (Portal, Remap) {
    let (filtered, map, _) = filter_reporting(portal, audience);
    (filtered, map)
}

/// Like [`filter`], with the references its texts lost ([`wording_warnings`] tells authors).
pub fn filter_reporting(
    portal: &Portal,
    audience: Audience,
) -> (Portal, Remap, Vec<scrub::Dropped>) {
    let map = remap(portal, audience);
    let hidden = hidden_mentions(portal, &map);
    let mut filtered = Portal {
        root: portal.root.clone(),
        config: portal.config.clone(),
        config_source: portal.config_source.clone(),
        today: portal.today,
        due_soon_days: portal.due_soon_days,
        frameworks: portal.frameworks.clone(),
        controls: controls(portal, &map, &hidden, audience),
        policies: policies(portal, &map, &hidden),
        pages: kept(&portal.pages, &map.pages),
        systems: systems(portal, &map, &hidden),
        risks: risks(portal, &map, &hidden),
        evidence: evidence(portal, &map, &hidden),
        records: records(portal, &map, &hidden),
        crosswalks: portal.crosswalks.clone(),
        index: index(portal, &map),
        documents: portal
            .documents
            .iter()
            .filter_map(|(file, &t)| Some((file.clone(), map.target(t)?)))
            .collect(),
        page_tree: portal.page_tree.clone(),
        mentions: hidden.visible,
        templates: portal.templates.clone(),
        static_files: static_files(portal, audience),
        trust: portal.trust.filtered(audience, |t| map.target(t)),
        history: history::history(portal, &map, audience),
    };
    // Every text field, as the audience may read it: no id of a hidden item survives, and no
    // placeholder stands where one was.
    let mut dropped = scrub::texts(&mut filtered, portal, &map);
    dropped.extend(scrub::other_texts(&mut filtered, portal, &map));
    (filtered, map, dropped)
}

/// The errors of every audience block ([`blocks`]) in the bodies of policies and pages and in
/// questionnaire answers, whoever may read them, at their file and line (E380-E382).
pub fn block_errors(portal: &Portal) -> Vec<crate::diagnostics::Diagnostic> {
    let mut out = Vec::new();
    let bodies = portal
        .policies
        .iter()
        .map(|p| (&p.doc.body, &p.doc.source, p.doc.body_line))
        .chain(
            portal
                .pages
                .iter()
                .map(|p| (&p.body, &p.source, p.body_line)),
        );
    for (body, source, first) in bodies {
        for (line, d) in blocks::errors(body) {
            out.push(d.at(source.file.clone(), first + line - 1));
        }
    }
    for q in &portal.trust.questions {
        let q = &q.question;
        for (line, d) in blocks::errors(&q.answer) {
            let (line, _) = crate::resolve::text::text_position(&q.source, "answer", line, 1);
            out.push(d.at(q.source.file.clone(), line));
        }
    }
    out
}

/// The portal's `static/` files this audience's build copies: all but, for the public trust
/// center, the files of documents shared under NDA.
fn static_files(portal: &Portal, audience: Audience) -> Vec<(String, std::path::PathBuf)> {
    let hidden = match audience {
        Audience::Public => crate::resolve::trust_documents::nda_files(portal),
        Audience::Internal | Audience::Auditor => Vec::new(),
    };
    portal
        .static_files
        .iter()
        .filter(|(path, _)| !hidden.contains(path))
        .cloned()
        .collect()
}

/// Which items of each kind `audience` sees.
fn remap(portal: &Portal, audience: Audience) -> Remap {
    // An entity whose id was refused (a duplicate, a malformed id: an error already) has no
    // page either, so that it cannot add a second error about colliding outputs.
    let shown = |v: Visibility, t: Target| audience.sees(v) && portal.owns_id(t);
    Remap {
        policies: mask(
            portal
                .policies
                .iter()
                .enumerate()
                .map(|(i, p)| shown(p.doc.meta.visibility, Target::Policy(i))),
        ),
        pages: mask(
            portal
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| shown(p.meta.visibility, Target::Page(i))),
        ),
        systems: mask(
            portal
                .systems
                .iter()
                .enumerate()
                .map(|(i, s)| shown(s.system.visibility, Target::System(i))),
        ),
        risks: mask(
            portal
                .risks
                .iter()
                .enumerate()
                .map(|(i, r)| shown(r.risk.visibility, Target::Risk(i))),
        ),
        evidence: mask(
            portal
                .evidence
                .iter()
                .enumerate()
                .map(|(i, e)| shown(e.evidence.visibility, Target::Evidence(i))),
        ),
        records: mask(
            (0..portal.records.len())
                .map(|i| shown(portal.record_visibility(i), Target::Record(i))),
        ),
        entries: portal
            .controls
            .iter()
            .map(|c| {
                c.implementation
                    .as_ref()
                    .is_none_or(|i| audience.sees(i.visibility))
            })
            .collect(),
        audience,
    }
}

/// Mentions between visible items, and how many hidden items each visible one mentions.
struct Mentions {
    visible: Vec<(Target, Target)>,
    hidden: HashMap<Target, usize>,
}

impl Mentions {
    fn of(&self, t: Target) -> usize {
        self.hidden.get(&t).copied().unwrap_or(0)
    }
}

fn hidden_mentions(portal: &Portal, map: &Remap) -> Mentions {
    let mut mentions = Mentions {
        visible: Vec::new(),
        hidden: HashMap::new(),
    };
    for &(from, to) in &portal.mentions {
        match (map.target(from), map.target(to)) {
            (Some(f), Some(t)) => mentions.visible.push((f, t)),
            (Some(f), None) => *mentions.hidden.entry(f).or_default() += 1,
            _ => {}
        }
    }
    mentions
}

/// Whether an id names nothing hidden (unknown ids are left for the checks to report).
fn visible_id(portal: &Portal, map: &Remap, id: &str) -> bool {
    portal
        .index
        .by_key
        .get(id.trim())
        .is_none_or(|&t| map.target(t).is_some())
}

/// The visible members of a list of items, in order.
fn kept<T: Clone>(items: &[T], map: &[Option<usize>]) -> Vec<T> {
    items
        .iter()
        .zip(map)
        .filter(|(_, m)| m.is_some())
        .map(|(item, _)| item.clone())
        .collect()
}

/// Controls are always shown; their hidden references are counted, and an entry the audience
/// may not see leaves the control `restricted`.
fn controls(
    portal: &Portal,
    map: &Remap,
    mentions: &Mentions,
    audience: Audience,
) -> Vec<crate::resolve::ControlNode> {
    let mut controls = portal.controls.clone();
    for (c, control) in controls.iter_mut().enumerate() {
        let (policies, hidden_policies) = keep(&control.policies, &map.policies);
        let (risks, hidden_risks) = keep(&control.risks, &map.risks);
        let (evidence, hidden_evidence) = keep(&control.evidence, &map.evidence);
        control.policies = policies;
        control.risks = risks;
        control.evidence = evidence;
        control.restricted = Restricted {
            policies: hidden_policies,
            risks: hidden_risks,
            evidence: hidden_evidence,
            mentions: mentions.of(Target::Control(c)),
            ..Restricted::default()
        };
        match control.implementation.as_mut() {
            Some(entry) if audience.sees(entry.visibility) => {
                entry.policies.retain(|id| visible_id(portal, map, id));
            }
            Some(_) => {
                control.implementation = None;
                // A requirement applies whoever looks: only its entry's detail is hidden.
                if control.applicability != Applicability::Required {
                    control.applicability = Applicability::Restricted;
                }
            }
            None => {}
        }
    }
    controls
}

fn policies(portal: &Portal, map: &Remap, mentions: &Mentions) -> Vec<crate::resolve::PolicyNode> {
    kept_nodes(&portal.policies, &map.policies, |p, mut node| {
        let (systems, hidden) = keep(&node.systems, &map.systems);
        node.systems = systems;
        node.doc
            .meta
            .systems
            .retain(|id| visible_id(portal, map, id));
        node.restricted = Restricted {
            systems: hidden,
            mentions: mentions.of(Target::Policy(p)),
            ..Restricted::default()
        };
        node
    })
}

fn systems(portal: &Portal, map: &Remap, mentions: &Mentions) -> Vec<crate::resolve::SystemNode> {
    kept_nodes(&portal.systems, &map.systems, |s, mut node| {
        let (risks, hidden_risks) = keep(&node.risks, &map.risks);
        let (documents, hidden_documents) = keep(&node.documents, &map.policies);
        node.risks = risks;
        node.documents = documents;
        for point in &mut node.annex_iv {
            let shown: Vec<Target> = point.covers.iter().filter_map(|&t| map.target(t)).collect();
            point.restricted += point.covers.len() - shown.len();
            point.covers = shown;
        }
        for declared in node.system.technical_documentation.values_mut() {
            declared.covered_by.retain(|id| visible_id(portal, map, id));
        }
        node.restricted = Restricted {
            risks: hidden_risks,
            policies: hidden_documents,
            mentions: mentions.of(Target::System(s)),
            ..Restricted::default()
        };
        node
    })
}

fn risks(portal: &Portal, map: &Remap, mentions: &Mentions) -> Vec<crate::resolve::RiskNode> {
    kept_nodes(&portal.risks, &map.risks, |r, mut node| {
        let system = node.system.and_then(|s| map.systems[s]);
        let hidden_system = usize::from(node.system.is_some() && system.is_none());
        if hidden_system == 1 {
            std::sync::Arc::make_mut(&mut node.risk).system = None;
        }
        node.system = system;
        let (evidence, hidden_evidence) = keep(&node.evidence, &map.evidence);
        node.evidence = evidence;
        node.restricted = Restricted {
            systems: hidden_system,
            evidence: hidden_evidence,
            mentions: mentions.of(Target::Risk(r)),
            ..Restricted::default()
        };
        node
    })
}

fn evidence(
    portal: &Portal,
    map: &Remap,
    mentions: &Mentions,
) -> Vec<crate::resolve::EvidenceNode> {
    kept_nodes(&portal.evidence, &map.evidence, |e, mut node| {
        let (risks, hidden) = keep(&node.risks, &map.risks);
        node.risks = risks;
        if !node
            .evidence
            .risks
            .iter()
            .all(|id| visible_id(portal, map, id))
        {
            // Copied only when it names a hidden risk: the view shares the entry otherwise.
            std::sync::Arc::make_mut(&mut node.evidence)
                .risks
                .retain(|id| visible_id(portal, map, id));
        }
        node.restricted = Restricted {
            risks: hidden,
            mentions: mentions.of(Target::Evidence(e)),
            ..Restricted::default()
        };
        node
    })
}

/// Records the audience may see (a finding goes with its audit), with their references to
/// hidden items dropped and counted.
fn records(
    portal: &Portal,
    map: &Remap,
    mentions: &Mentions,
) -> Vec<crate::resolve::records::RecordNode> {
    kept_nodes(&portal.records, &map.records, |r, mut node| {
        let (policies, hidden_policies) = keep(&node.policies, &map.policies);
        let (systems, hidden_systems) = keep(&node.systems, &map.systems);
        let (risks, hidden_risks) = keep(&node.risks, &map.risks);
        let (evidence, hidden_evidence) = keep(&node.evidence, &map.evidence);
        let (records, hidden_records) = keep(&node.records, &map.records);
        (
            node.policies,
            node.systems,
            node.risks,
            node.evidence,
            node.records,
        ) = (policies, systems, risks, evidence, records);
        if let crate::resolve::records::RecordBody::Finding { audit, .. } = &mut node.body {
            // A finding is seen with its audit, so the audit is always kept.
            *audit = map.records[*audit].unwrap_or(*audit);
        }
        node.restricted = Restricted {
            policies: hidden_policies,
            systems: hidden_systems,
            risks: hidden_risks,
            evidence: hidden_evidence,
            mentions: mentions.of(Target::Record(r)) + hidden_records,
        };
        node
    })
}

/// The visible nodes of one kind, each adjusted by `adjust(old index, copy)`.
fn kept_nodes<T: Clone>(
    nodes: &[T],
    map: &[Option<usize>],
    adjust: impl Fn(usize, T) -> T,
) -> Vec<T> {
    nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| map[*i].is_some())
        .map(|(i, node)| adjust(i, node.clone()))
        .collect()
}

/// The id index, without hidden items.
fn index(portal: &Portal, map: &Remap) -> Index {
    let mut index = Index {
        bare: portal.index.bare.clone(),
        ..Index::default()
    };
    for (key, &target) in &portal.index.by_key {
        if let Some(t) = map.target(target) {
            index.by_key.insert(key.clone(), t);
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const CONFIG: &str = "title: T\norganization: O\n";
    const RISKS: &str = "risks:
  - id: RSK-1
    title: Plain
    owner: Counsel
    likelihood: 2
    impact: 2
    treatment: accept
  - id: RSK-2
    title: Names the hidden one
    owner: Counsel
    likelihood: 2
    impact: 2
    treatment: accept
    description: Worse with [[RSK-3]].
  - id: RSK-3
    title: Hidden
    owner: Counsel
    likelihood: 2
    impact: 2
    treatment: accept
    visibility: confidential
";

    /// The audience's view shares a register entry with the full portal until the filter
    /// changes one of its texts: 100,000 entries are not held twice.
    #[test]
    fn the_view_shares_every_entry_it_does_not_change() {
        let files = [("portal.yaml", CONFIG), ("content/risks/r.yaml", RISKS)];
        let (portal, _) = crate::check::test_portal(&files, "2026-11-28");
        let (visible, _) = filter(&portal, Audience::Internal);
        assert_eq!(visible.risks.len(), 2);
        assert!(Arc::ptr_eq(&portal.risks[0].risk, &visible.risks[0].risk));
        // The mention of a hidden risk is scrubbed from the view's copy, not from the portal.
        assert!(!Arc::ptr_eq(&portal.risks[1].risk, &visible.risks[1].risk));
        let description = |r: &crate::resolve::RiskNode| r.risk.description.clone().unwrap();
        assert!(description(&portal.risks[1]).contains("RSK-3"));
        assert!(!description(&visible.risks[1]).contains("RSK-3"));
    }
}
