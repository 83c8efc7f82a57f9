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

/// Plain text with `[[ID]]` and `[[ID|text]]` written out for fields that are not Markdown
/// (summaries, justifications): `[[ID|text]]` keeps its text, `[[ID]]` becomes the title of
/// what `title` finds, and anything it does not find becomes `restricted`, so a raw id never
/// reaches a page or an index.
pub fn plain_text(text: &str, title: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start + 2..].find("]]") else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + 2 + len];
        match inner.split_once('|') {
            Some((_, shown)) => out.push_str(shown.trim()),
            None => out.push_str(&title(inner.trim()).unwrap_or_else(|| "restricted".to_string())),
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_out_references_in_plain_text() {
        let title = |id: &str| (id == "RSK-1").then(|| "Bias".to_string());
        assert_eq!(
            plain_text("See [[RSK-1]], [[X|the x]] and [[HIDDEN]].", title),
            "See Bias, the x and restricted."
        );
        assert_eq!(plain_text("no refs [[open", title), "no refs [[open");
    }
}
