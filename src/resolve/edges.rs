//! Who may see each item, and every reference from one item to another.

use super::{Portal, Target};
use crate::model::Visibility;

impl Portal {
    /// The visibility of an item. A catalog control is a public fact; its Statement of
    /// Applicability entry carries its own visibility (see [`Portal::entry_visibility`]).
    pub fn visibility(&self, target: Target) -> Visibility {
        match target {
            Target::Policy(i) => self.policies[i].doc.meta.visibility,
            Target::Page(i) => self.pages[i].meta.visibility,
            Target::System(i) => self.systems[i].system.visibility,
            Target::Risk(i) => self.risks[i].risk.visibility,
            Target::Evidence(i) => self.evidence[i].evidence.visibility,
            Target::Record(i) => self.record_visibility(i),
            Target::Control(_) => Visibility::Public,
        }
    }

    /// What editions that do not show `target` write where text refers to it
    /// (`public_label:`), if its author gave one; a finding has its audit's.
    pub fn public_label(&self, target: Target) -> Option<&str> {
        use super::records::RecordBody as B;
        let label = match target {
            Target::Policy(i) => &self.policies[i].doc.meta.public_label,
            Target::Page(i) => &self.pages[i].meta.public_label,
            Target::System(i) => &self.systems[i].system.public_label,
            Target::Risk(i) => &self.risks[i].risk.public_label,
            Target::Evidence(i) => &self.evidence[i].evidence.public_label,
            Target::Control(c) => &self.controls[c].implementation.as_ref()?.public_label,
            Target::Record(i) => match &self.records[i].body {
                B::Programme(p) => &p.public_label,
                B::Audit(a) => &a.public_label,
                B::Finding { audit, .. } => return self.public_label(Target::Record(*audit)),
                B::Nonconformity(n) => &n.public_label,
                B::Review(r) => &r.public_label,
                B::Objective(o) => &o.public_label,
                B::Incident(i) => &i.public_label,
            },
        };
        label.as_deref().map(str::trim).filter(|l| !l.is_empty())
    }

    /// The visibility of a control's Statement of Applicability entry, if it has one.
    pub fn entry_visibility(&self, control: usize) -> Option<Visibility> {
        self.controls[control]
            .implementation
            .as_ref()
            .map(|i| i.visibility)
    }

    /// Every reference an item makes to another (not backlinks): the edges its author wrote,
    /// and its Markdown mentions. A control stands for its Statement of Applicability entry.
    pub fn references(&self) -> Vec<(Target, Target)> {
        let mut refs = self.mentions.clone();
        for (p, node) in self.policies.iter().enumerate() {
            refs.extend(
                node.controls
                    .iter()
                    .map(|&c| (Target::Policy(p), Target::Control(c))),
            );
            refs.extend(
                node.systems
                    .iter()
                    .map(|&s| (Target::Policy(p), Target::System(s))),
            );
        }
        for (r, node) in self.risks.iter().enumerate() {
            refs.extend(node.system.map(|s| (Target::Risk(r), Target::System(s))));
            refs.extend(
                node.controls
                    .iter()
                    .map(|&c| (Target::Risk(r), Target::Control(c))),
            );
        }
        for (e, node) in self.evidence.iter().enumerate() {
            refs.extend(
                node.controls
                    .iter()
                    .map(|&c| (Target::Evidence(e), Target::Control(c))),
            );
            refs.extend(
                node.risks
                    .iter()
                    .map(|&r| (Target::Evidence(e), Target::Risk(r))),
            );
        }
        for (r, node) in self.records.iter().enumerate() {
            let from = Target::Record(r);
            refs.extend(node.controls.iter().map(|&c| (from, Target::Control(c))));
            refs.extend(node.risks.iter().map(|&i| (from, Target::Risk(i))));
            refs.extend(node.systems.iter().map(|&i| (from, Target::System(i))));
            refs.extend(node.evidence.iter().map(|&i| (from, Target::Evidence(i))));
            refs.extend(node.policies.iter().map(|&i| (from, Target::Policy(i))));
            refs.extend(node.records.iter().map(|&i| (from, Target::Record(i))));
        }
        for (c, control) in self.controls.iter().enumerate() {
            let Some(entry) = &control.implementation else {
                continue;
            };
            for id in &entry.policies {
                if let Some(&target @ Target::Policy(_)) = self.index.by_key.get(id.trim()) {
                    refs.push((Target::Control(c), target));
                }
            }
        }
        refs.sort_unstable();
        refs.dedup();
        refs
    }
}
