//! The audience filter: one pass that removes every item an audience may not see, so that no
//! page, index, export, sitemap or search entry can ever mention it.
//!
//! References from a visible item to a hidden one are dropped and counted in the item's
//! [`Restricted`] tally, which templates show as a plain `restricted` label; id strings that
//! name hidden items are scrubbed from the copied model data too, so that even a user's
//! template override cannot print them.

use std::collections::HashMap;

use crate::check::Gaps;
use crate::model::{Audience, Visibility};
use crate::resolve::{Applicability, Index, Portal, Restricted, Target};

/// Old index -> new index (or `None` when hidden), per entity kind.
#[derive(Debug, Clone)]
pub struct Remap {
    policies: Vec<Option<usize>>,
    pages: Vec<Option<usize>>,
    systems: Vec<Option<usize>>,
    risks: Vec<Option<usize>>,
    evidence: Vec<Option<usize>>,
}

fn mask(visibilities: impl Iterator<Item = Visibility>, audience: Audience) -> Vec<Option<usize>> {
    let mut next = 0;
    visibilities
        .map(|v| {
            audience.sees(v).then(|| {
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
            Target::Control(c) => Some(Target::Control(c)),
        }
    }

    /// The gaps of the whole portal, limited to what the audience may see.
    pub fn gaps(&self, gaps: &Gaps) -> Gaps {
        let ids = |list: &[usize], map: &[Option<usize>]| keep(list, map).0;
        Gaps {
            controls_without_evidence: gaps.controls_without_evidence.clone(),
            excluded_without_justification: gaps.excluded_without_justification.clone(),
            missing_applicability: gaps.missing_applicability.clone(),
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
            approved_linking_draft: gaps
                .approved_linking_draft
                .iter()
                .filter_map(|&(a, d)| Some((self.policies[a]?, self.policies[d]?)))
                .collect(),
        }
    }
}

/// The portal as `audience` may see it, and how indexes moved.
pub fn filter(portal: &Portal, audience: Audience) -> (Portal, Remap) {
    let map = Remap {
        policies: mask(
            portal.policies.iter().map(|p| p.doc.meta.visibility),
            audience,
        ),
        pages: mask(portal.pages.iter().map(|p| p.meta.visibility), audience),
        systems: mask(portal.systems.iter().map(|s| s.system.visibility), audience),
        risks: mask(portal.risks.iter().map(|r| r.risk.visibility), audience),
        evidence: mask(
            portal.evidence.iter().map(|e| e.evidence.visibility),
            audience,
        ),
    };
    let visible_id = |id: &str| -> bool {
        portal
            .index
            .by_key
            .get(id.trim())
            .is_none_or(|&t| map.target(t).is_some())
    };

    // Mentions between visible items survive; mentions of hidden ones are only counted.
    let mut mentions = Vec::new();
    let mut hidden_mentions: HashMap<Target, usize> = HashMap::new();
    for &(from, to) in &portal.mentions {
        match (map.target(from), map.target(to)) {
            (Some(f), Some(t)) => mentions.push((f, t)),
            (Some(f), None) => *hidden_mentions.entry(f).or_default() += 1,
            _ => {}
        }
    }
    let mentioned = |t: Target| hidden_mentions.get(&t).copied().unwrap_or(0);

    let mut controls = portal.controls.clone();
    for (c, control) in controls.iter_mut().enumerate() {
        control.policies = keep(&control.policies, &map.policies).0;
        control.risks = keep(&control.risks, &map.risks).0;
        control.evidence = keep(&control.evidence, &map.evidence).0;
        let entry_visible = control
            .implementation
            .as_ref()
            .is_some_and(|i| audience.sees(i.visibility));
        if entry_visible {
            let entry = control.implementation.as_mut().expect("checked above");
            let before = entry.policies.len();
            entry.policies.retain(|id| visible_id(id));
            control.restricted = Restricted {
                policies: before - entry.policies.len(),
                mentions: mentioned(Target::Control(c)),
                ..Restricted::default()
            };
        } else if control.implementation.is_some() {
            control.implementation = None;
            control.applicability = Applicability::Restricted;
        }
    }

    let policies = portal
        .policies
        .iter()
        .enumerate()
        .filter(|(p, _)| map.policies[*p].is_some())
        .map(|(p, node)| {
            let mut node = node.clone();
            let (systems, hidden) = keep(&node.systems, &map.systems);
            node.systems = systems;
            node.doc.meta.systems.retain(|id| visible_id(id));
            node.restricted = Restricted {
                systems: hidden,
                mentions: mentioned(Target::Policy(p)),
                ..Restricted::default()
            };
            node
        })
        .collect();
    let pages = portal
        .pages
        .iter()
        .enumerate()
        .filter(|(p, _)| map.pages[*p].is_some())
        .map(|(_, p)| p.clone())
        .collect();
    let systems = portal
        .systems
        .iter()
        .enumerate()
        .filter(|(s, _)| map.systems[*s].is_some())
        .map(|(s, node)| {
            let mut node = node.clone();
            node.risks = keep(&node.risks, &map.risks).0;
            node.documents = keep(&node.documents, &map.policies).0;
            node.restricted = Restricted {
                mentions: mentioned(Target::System(s)),
                ..Restricted::default()
            };
            node
        })
        .collect();
    let risks = portal
        .risks
        .iter()
        .enumerate()
        .filter(|(r, _)| map.risks[*r].is_some())
        .map(|(r, node)| {
            let mut node = node.clone();
            let system = node.system.and_then(|s| map.systems[s]);
            let hidden_system = usize::from(node.system.is_some() && system.is_none());
            if hidden_system == 1 {
                node.risk.system = None;
            }
            node.system = system;
            node.evidence = keep(&node.evidence, &map.evidence).0;
            node.restricted = Restricted {
                systems: hidden_system,
                mentions: mentioned(Target::Risk(r)),
                ..Restricted::default()
            };
            node
        })
        .collect();
    let evidence = portal
        .evidence
        .iter()
        .enumerate()
        .filter(|(e, _)| map.evidence[*e].is_some())
        .map(|(e, node)| {
            let mut node = node.clone();
            let (risks, hidden) = keep(&node.risks, &map.risks);
            node.risks = risks;
            node.evidence.risks.retain(|id| visible_id(id));
            node.restricted = Restricted {
                risks: hidden,
                mentions: mentioned(Target::Evidence(e)),
                ..Restricted::default()
            };
            node
        })
        .collect();

    let mut index = Index {
        bare: portal.index.bare.clone(),
        ..Index::default()
    };
    for (key, &target) in &portal.index.by_key {
        if let Some(t) = map.target(target) {
            index.by_key.insert(key.clone(), t);
        }
    }
    let documents = portal
        .documents
        .iter()
        .filter_map(|(file, &t)| Some((file.clone(), map.target(t)?)))
        .collect();

    // Plain-text fields may hold `[[ID]]` too: write them out as the audience may see them.
    let title = |id: &str| -> Option<String> {
        let target = portal.index.any(id).ok()?;
        map.target(target)?;
        Some(super::links::link_of(portal, target).title)
    };
    let plain = |text: &mut String| *text = super::links::plain_text(text, title);
    let plain_opt = |text: &mut Option<String>| {
        if let Some(t) = text.as_mut() {
            *t = super::links::plain_text(t, title);
        }
    };
    let mut policies: Vec<_> = policies;
    for node in &mut policies {
        plain_opt(&mut node.doc.meta.summary);
        for entry in &mut node.doc.meta.history {
            plain_opt(&mut entry.summary);
        }
    }
    let mut pages: Vec<_> = pages;
    for page in &mut pages {
        plain_opt(&mut page.meta.summary);
    }
    let mut systems: Vec<_> = systems;
    for node in &mut systems {
        let s = &mut node.system;
        for field in [
            &mut s.function,
            &mut s.scope,
            &mut s.intended_use,
            &mut s.human_oversight,
        ] {
            plain_opt(field);
        }
    }
    let mut risks: Vec<_> = risks;
    for node in &mut risks {
        plain_opt(&mut node.risk.strategy);
    }
    for control in &mut controls {
        if let Some(entry) = control.implementation.as_mut() {
            plain(&mut entry.justification);
        }
    }
    let filtered = Portal {
        root: portal.root.clone(),
        config: portal.config.clone(),
        today: portal.today,
        due_soon_days: portal.due_soon_days,
        frameworks: portal.frameworks.clone(),
        controls,
        policies,
        pages,
        systems,
        risks,
        evidence,
        crosswalks: portal.crosswalks.clone(),
        index,
        documents,
        mentions,
        templates: portal.templates.clone(),
        static_files: portal.static_files.clone(),
        trust: portal.trust.filtered(audience, |t| map.target(t)),
    };
    (filtered, map)
}
