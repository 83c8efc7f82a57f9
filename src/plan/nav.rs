//! Navigation of the page tree: the sidebar, previous and next, breadcrumbs, section indexes.
//!
//! Built once per audience from the pages it may see. No page carries the tree: it is one
//! shared script per edition, `assets/nav.js` ([`PageNav::script`]), that every page of the
//! tree loads once and `site.js` draws into the sidebar, opening the folders on the way to
//! the current page (at most `NAV_WINDOW` entries of a folder around the open one). Without
//! JavaScript, the breadcrumbs and the folders' index pages lead everywhere the tree does. So a
//! page's size does not grow with the number of pages.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::resolve::Portal;
use crate::resolve::tree::PAGES_DIR;

/// The site's title as its audience reads it: the portal's own title inside the organisation,
/// the organisation's "Trust Center" for customers and its "Audit package" for the
/// certification body (never the internal portal's name on pages the public reads).
pub fn site_title(portal: &Portal, audience: crate::model::Audience) -> String {
    use crate::model::Audience;
    let org = portal.config.organization.trim();
    let named = |what: &str| {
        if org.is_empty() {
            what.to_string()
        } else {
            format!("{org} {what}")
        }
    };
    match audience {
        Audience::Internal => portal.config.title.clone(),
        Audience::Public => named("Trust Center"),
        Audience::Auditor => named("Audit package"),
    }
}

/// An entry of a folder: a page, or a sub-folder (by key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Child {
    /// Index into `Portal::pages`.
    Page(usize),
    /// Key of a folder in [`PageNav::folders`].
    Folder(String),
}

/// A folder of the tree that holds at least one visible page.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// Source path relative to the root (`content/pages/a/b`).
    pub key: String,
    /// The folder's own page, if it has one.
    pub page: Option<usize>,
    /// Its title: its page's, else its name.
    pub title: String,
    /// Where a link to the folder leads (its page, else its generated index).
    pub url: String,
    /// Where its index page is written when Tracemark writes one.
    pub index: String,
    /// Whether Tracemark writes an index page for it (it has no page of its own at `url`).
    pub generated: bool,
    /// Pages and sub-folders, in reading order.
    pub children: Vec<Child>,
    /// Sort key among its siblings: its page's `order`.
    order: Option<i64>,
}

/// The visible page tree.
#[derive(Debug, Clone, Default)]
pub struct PageNav {
    /// Folders by key; the root is `content/pages`.
    pub folders: BTreeMap<String, Folder>,
    /// Every entry in reading order (a folder, then what it holds): (URL, title, section).
    order: Vec<(String, String, String)>,
}

/// A link to a neighbouring page.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    title: String,
    url: String,
}

/// An entry of a section index.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    title: String,
    url: String,
    summary: Option<String>,
    folder: bool,
}

/// The key of a page's folder (`content/pages/a/b`) from its folders.
pub fn key_of(names: &[(String, String)]) -> String {
    let mut key = PAGES_DIR.to_string();
    for (name, _) in names {
        key.push('/');
        key.push_str(name);
    }
    key
}

impl PageNav {
    /// Builds the tree of the pages `portal` holds (already filtered for the audience).
    pub fn build(portal: &Portal) -> PageNav {
        let mut nav = PageNav::default();
        nav.ensure(portal, PAGES_DIR, &[]);
        for (i, page) in portal.pages.iter().enumerate() {
            let place = &page.meta.place;
            let key = key_of(&place.folders);
            nav.ensure(portal, &key, &place.folders);
            if place.folder_page {
                let folder = nav.folders.get_mut(&key).expect("ensured");
                folder.page = Some(i);
                folder.title = page.meta.title.clone();
                folder.order = order_of(&page.meta);
                folder.url = place.url.clone();
                folder.generated = place.url != index_of(portal, &key);
            } else {
                nav.folders
                    .get_mut(&key)
                    .expect("ensured")
                    .children
                    .push(Child::Page(i));
            }
        }
        let keys: Vec<String> = nav.folders.keys().cloned().collect();
        for key in &keys {
            let mut children = std::mem::take(&mut nav.folders.get_mut(key).expect("key").children);
            children.sort_by_cached_key(|child| nav.sort_key(portal, child));
            nav.folders.get_mut(key).expect("key").children = children;
        }
        nav.order = nav.reading_order(portal);
        nav
    }

    /// Makes sure a folder and its ancestors exist, each linked from its parent.
    fn ensure(&mut self, portal: &Portal, key: &str, names: &[(String, String)]) {
        if self.folders.contains_key(key) {
            return;
        }
        let url = index_of(portal, key);
        self.folders.insert(
            key.to_string(),
            Folder {
                key: key.to_string(),
                index: url.clone(),
                title: names
                    .last()
                    .map_or_else(|| "Pages".to_string(), |(n, _)| n.clone()),
                url,
                generated: true,
                ..Folder::default()
            },
        );
        if let Some(parent_names) = names.len().checked_sub(1).map(|n| &names[..n]) {
            let parent = key_of(parent_names);
            self.ensure(portal, &parent, parent_names);
            self.folders
                .get_mut(&parent)
                .expect("ensured")
                .children
                .push(Child::Folder(key.to_string()));
        }
    }

    fn sort_key(&self, portal: &Portal, child: &Child) -> (i64, String, String) {
        let (order, title, name) = match child {
            Child::Page(i) => {
                let m = &portal.pages[*i].meta;
                (
                    order_of(m),
                    m.title.clone(),
                    portal.pages[*i].source.file.clone(),
                )
            }
            Child::Folder(key) => {
                let f = &self.folders[key];
                (f.order, f.title.clone(), key.clone())
            }
        };
        (order.unwrap_or(i64::MAX), title.to_lowercase(), name)
    }

    /// The title and URL of a child.
    fn link(&self, portal: &Portal, child: &Child) -> (String, String) {
        match child {
            Child::Page(i) => (
                portal.pages[*i].meta.title.clone(),
                portal.pages[*i].meta.place.url.clone(),
            ),
            Child::Folder(key) => {
                let f = &self.folders[key];
                (f.title.clone(), f.url.clone())
            }
        }
    }

    /// Every entry in the sidebar's order, depth first: a folder, then what it holds.
    fn reading_order(&self, portal: &Portal) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        self.visit(portal, PAGES_DIR, "", &mut out);
        out
    }

    fn visit(
        &self,
        portal: &Portal,
        key: &str,
        section: &str,
        out: &mut Vec<(String, String, String)>,
    ) {
        let folder = &self.folders[key];
        out.push((
            folder.url.clone(),
            folder.title.clone(),
            section.to_string(),
        ));
        for child in &folder.children {
            match child {
                Child::Page(_) => {
                    let (title, url) = self.link(portal, child);
                    out.push((url, title, section.to_string()));
                }
                // Each top-level folder is a section of its own.
                Child::Folder(sub) => {
                    let section = if key == PAGES_DIR {
                        sub.as_str()
                    } else {
                        section
                    };
                    self.visit(portal, sub, section, out);
                }
            }
        }
    }

    /// The folders Tracemark writes an index page for.
    pub fn generated(&self) -> impl Iterator<Item = &Folder> {
        self.folders.values().filter(|f| f.generated)
    }

    /// The entries of a folder, for its index.
    pub fn entries(&self, portal: &Portal, key: &str) -> Vec<Entry> {
        self.folders[key]
            .children
            .iter()
            .map(|child| {
                let (title, url) = self.link(portal, child);
                let summary = match child {
                    Child::Page(i) => portal.pages[*i].meta.summary.clone(),
                    Child::Folder(k) => self.folders[k]
                        .page
                        .and_then(|p| portal.pages[p].meta.summary.clone()),
                };
                Entry {
                    title,
                    url,
                    summary,
                    folder: matches!(child, Child::Folder(_)),
                }
            })
            .collect()
    }

    /// The folders above an entry, from the top: (title, URL) for breadcrumbs.
    pub fn crumbs(&self, folder_key: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut key = folder_key.to_string();
        loop {
            if let Some(f) = self.folders.get(&key) {
                out.push((f.title.clone(), f.url.clone()));
            }
            match key.rsplit_once('/') {
                Some((parent, _)) if key != PAGES_DIR => key = parent.to_string(),
                _ => break,
            }
        }
        out.reverse();
        out
    }

    /// Breadcrumbs of a folder's own page: the folders above it (none for the top).
    pub fn crumbs_above(&self, key: &str) -> Vec<(String, String)> {
        match key.rsplit_once('/') {
            Some((parent, _)) if key != PAGES_DIR => self.crumbs(parent),
            _ => Vec::new(),
        }
    }

    /// The previous and next entries in reading order within the same top-level section.
    pub fn neighbours(&self, url: &str) -> (Option<Neighbour>, Option<Neighbour>) {
        let Some(at) = self.order.iter().position(|(u, _, _)| u == url) else {
            return (None, None);
        };
        let section = &self.order[at].2;
        let pick = |i: usize| {
            let (u, t, s) = &self.order[i];
            (s == section).then(|| Neighbour {
                title: t.clone(),
                url: u.clone(),
            })
        };
        let prev = at.checked_sub(1).and_then(pick);
        let next = (at + 1 < self.order.len()).then(|| pick(at + 1)).flatten();
        (prev, next)
    }

    /// `assets/nav.js`: the tree as `window.tracemarkNav`, a folder being
    /// `{"t": title, "u": url, "c": [entries]}` and a page `{"t": title, "u": url}` (URLs
    /// from the site's root; objects, so that no `[[` reads as a reference).
    pub fn script(&self, portal: &Portal) -> String {
        let tree = self.tree(portal, PAGES_DIR);
        format!("window.tracemarkNav={tree};\n")
    }

    /// A folder and what it holds, depth first.
    fn tree(&self, portal: &Portal, key: &str) -> serde_json::Value {
        let folder = &self.folders[key];
        let entries: Vec<serde_json::Value> = folder
            .children
            .iter()
            .map(|child| match child {
                Child::Folder(sub) => self.tree(portal, sub),
                Child::Page(_) => {
                    let (title, url) = self.link(portal, child);
                    serde_json::json!({"t": title, "u": url})
                }
            })
            .collect();
        serde_json::json!({"t": folder.title, "u": folder.url, "c": entries})
    }
}

/// A page's place among its siblings: `order`, else the docs-site fields `sidebar_position`
/// (Docusaurus) or `weight` (Hugo) kept in `extra`.
fn order_of(meta: &crate::model::PageMeta) -> Option<i64> {
    meta.order.or_else(|| {
        ["sidebar_position", "weight", "nav_order"]
            .iter()
            .find_map(|k| meta.extra.get(*k).and_then(serde_json::Value::as_i64))
    })
}

/// The output path of a folder's index page.
fn index_of(portal: &Portal, key: &str) -> String {
    portal
        .page_tree
        .folder_index(key)
        .unwrap_or_else(|| "pages/index.html".to_string())
}
