//! The link table: where every `[[ID]]` and `.md` link written in Markdown leads.

use std::collections::HashMap;

use super::urls;
use crate::resolve::{Portal, Target};

/// Where an `[[ID]]` or a `.md` link leads.
#[derive(Debug, Clone)]
pub struct Link {
    /// Root-relative URL.
    pub url: String,
    /// Title to show for `[[ID]]`.
    pub title: String,
}

/// Every link target Markdown may use.
#[derive(Debug, Default, Clone)]
pub struct LinkTable {
    /// Ids, control keys and unambiguous bare control ids.
    pub targets: HashMap<String, Link>,
    /// Source `.md` files (relative to the root) and their page URLs.
    pub documents: HashMap<String, String>,
}

/// The URL and title of any entity.
pub fn link_of(portal: &Portal, target: Target) -> Link {
    match target {
        Target::Policy(i) => {
            let m = &portal.policies[i].doc.meta;
            Link {
                url: urls::policy(&m.id),
                title: m.title.clone(),
            }
        }
        Target::Page(i) => {
            let m = &portal.pages[i].meta;
            Link {
                url: urls::page(&m.id),
                title: m.title.clone(),
            }
        }
        Target::System(i) => {
            let s = &portal.systems[i].system;
            Link {
                url: urls::system(&s.id),
                title: s.name.clone(),
            }
        }
        Target::Risk(i) => {
            let r = &portal.risks[i].risk;
            Link {
                url: urls::risk(&r.id),
                title: r.title.clone(),
            }
        }
        Target::Control(i) => {
            let c = &portal.controls[i];
            Link {
                url: urls::control(&c.framework_id, &c.id),
                title: format!("{} {}", c.label, c.title),
            }
        }
        Target::Evidence(i) => {
            let e = &portal.evidence[i].evidence;
            Link {
                url: urls::evidence(&e.id),
                title: e.title.clone(),
            }
        }
    }
}

/// Builds the link table of the portal.
pub fn table(portal: &Portal) -> LinkTable {
    let mut targets: HashMap<String, Link> = portal
        .index
        .by_key
        .iter()
        .map(|(key, &target)| (key.clone(), link_of(portal, target)))
        .collect();
    for (bare, controls) in &portal.index.bare {
        if let [(_, c)] = controls.as_slice() {
            targets
                .entry(bare.clone())
                .or_insert_with(|| link_of(portal, Target::Control(*c)));
        }
    }
    let documents = portal
        .documents
        .iter()
        .map(|(file, &target)| (file.clone(), link_of(portal, target).url))
        .collect();
    LinkTable { targets, documents }
}
