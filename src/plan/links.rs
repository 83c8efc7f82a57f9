//! The link table: where every `[[ID]]` and `.md` link written in Markdown leads.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::resolve::anchors::{self, Anchors};
pub use crate::resolve::links::{Link, link_of};
use crate::resolve::mentions::{link_candidates, local_target, site_paths};
use crate::resolve::tree::{PAGES_DIR, under_pages};
use crate::resolve::{Portal, Target};

/// Every link target Markdown may use.
#[derive(Debug, Default, Clone)]
pub struct LinkTable {
    /// Ids, control keys and unambiguous bare control ids.
    pub targets: HashMap<String, Link>,
    /// Source `.md` files (relative to the root) and their page URLs.
    pub documents: HashMap<String, String>,
    /// Folders of `content/pages/` that hold a visible page, and their index page URLs.
    pub folders: HashMap<String, String>,
    /// Files beside the pages that visible pages link to, and their output paths.
    pub assets: HashMap<String, String>,
    /// The heading anchors of every document, by source file.
    pub anchors: HashMap<String, Anchors>,
    /// Folders of `content/pages/` that hold files but no page: nothing to link to.
    pub bare_folders: std::collections::HashSet<String>,
}

/// What a relative link written in Markdown becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalLink {
    /// A root-relative URL, fragment included.
    To(String),
    /// A `#fragment` of the same page.
    Same(String),
    /// A document, folder or file this audience may not see (or that does not exist).
    Hidden,
    /// A folder that holds no page, only files: its text stays, without a link.
    Unlinked,
    /// Not a link Tracemark rewrites: left as written.
    Keep,
}

impl LinkTable {
    /// Where a relative link written in `file` leads, by the same rules `resolve` checks.
    pub fn local(&self, file: &str, url: &str) -> LocalLink {
        if let Some(fragment) = url.strip_prefix('#') {
            let id = self.fragment(file, &format!("#{fragment}"));
            return if id == url {
                LocalLink::Keep
            } else {
                LocalLink::Same(id)
            };
        }
        let Some((path, fragment)) = local_target(file, url) else {
            // A root-absolute link is the docs site's route: rewritten when it names a page.
            return site_paths(url)
                .iter()
                .find_map(|(path, fragment)| self.find(path, fragment))
                .map_or(LocalLink::Keep, LocalLink::To);
        };
        if let Some(found) = self.find(&path, &fragment) {
            return LocalLink::To(found);
        }
        if self.bare_folders.contains(path.trim_end_matches('/')) {
            return LocalLink::Unlinked;
        }
        if path.ends_with(".md") || path == PAGES_DIR || under_pages(&path).is_some() {
            LocalLink::Hidden
        } else {
            LocalLink::Keep
        }
    }

    /// The URL of the document, folder or file a path names, with the fragment.
    fn find(&self, path: &str, fragment: &str) -> Option<String> {
        link_candidates(path).into_iter().find_map(|candidate| {
            self.documents
                .get(&candidate)
                .map(|u| format!("{u}{}", self.fragment(&candidate, fragment)))
                .or_else(|| {
                    self.folders
                        .get(&candidate)
                        .map(|u| format!("{u}{fragment}"))
                })
                .or_else(|| self.assets.get(&candidate).cloned())
        })
    }
}

impl LinkTable {
    /// A link's `#fragment` as the heading id it means on the document's page (a docs site's
    /// slug becomes Tracemark's), or as written.
    fn fragment(&self, document: &str, fragment: &str) -> String {
        let Some(name) = fragment.strip_prefix('#') else {
            return fragment.to_string();
        };
        let decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
        match self.anchors.get(document).and_then(|a| a.find(&decoded)) {
            Some(id) => format!("#{id}"),
            None => fragment.to_string(),
        }
    }
}

/// Builds the link table of the portal.
pub fn table(portal: &Portal, nav: &super::nav::PageNav) -> LinkTable {
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
    let folders = nav
        .folders
        .values()
        .map(|f| (f.key.clone(), f.url.clone()))
        .collect();
    let mut assets = HashMap::new();
    for page in &portal.pages {
        for asset in &page.meta.place.assets {
            if let Some(out) = portal.page_tree.assets.get(asset) {
                assets.insert(asset.clone(), out.clone());
            }
        }
    }
    // A policy may show a diagram kept beside the pages (`../pages/flow.svg`): it is copied
    // for the policy's audience too, as a page's would be.
    let shown: Vec<Vec<String>> = portal
        .policies
        .par_iter()
        .map(|policy| {
            crate::resolve::tree::assets_of(
                &policy.doc.body,
                &policy.doc.source.file,
                &portal.documents,
                &portal.page_tree,
            )
        })
        .collect();
    for asset in shown.into_iter().flatten() {
        if let Some(out) = portal.page_tree.assets.get(&asset) {
            assets.insert(asset, out.clone());
        }
    }
    let anchors = portal
        .document_bodies()
        .map(|body| (body.source.file.clone(), anchors::of(body.text)))
        .collect();
    let bare_folders = portal
        .page_tree
        .folders
        .keys()
        .filter(|k| !portal.page_tree.has_pages(k))
        .cloned()
        .collect();
    LinkTable {
        targets,
        documents,
        folders,
        assets,
        anchors,
        bare_folders,
    }
}
