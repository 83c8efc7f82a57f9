//! The trust center's announcements: `updates.html`, every one with its anchor, and
//! `updates.xml`, the Atom feed whose entries link to those anchors (a feed reader is how
//! customers subscribe; the page is what a link opens).

use serde_json::json;

use super::super::data::{Feed, FeedEntry};
use super::super::{PageJob, Shared};
use super::{update_anchor, updates};
use crate::resolve::Portal;

/// Where the announcements are read, and where each feed entry links (with its anchor).
pub const PAGE: &str = "updates.html";

/// `updates.html`: every announcement the feed holds, newest first, each at the anchor its
/// feed entry links to.
pub fn page(portal: &Portal, shared: &Shared) -> PageJob {
    let mut job = shared.page(
        PAGE.into(),
        "trust/updates.html",
        "Updates",
        "overview",
        &[],
    );
    let list: Vec<serde_json::Value> = updates(portal)
        .iter()
        .map(|u| json!({ "date": u.date.to_string(), "title": u.title, "text": u.text, "anchor": update_anchor(u) }))
        .collect();
    job.set("updates", &list);
    job
}

/// A `urn:uuid:` name made from a SHA-256 of `parts`: the same for the same parts, wherever
/// the portal is hosted (RFC 4122 layout, version 8 for name-based custom hashes).
fn urn(parts: &[&str]) -> String {
    let hex = crate::digest::sha256_hex(parts.join("\u{0}").as_bytes());
    let variant = ["8", "9", "a", "b"][usize::from(hex.as_bytes()[16] % 4)];
    format!(
        "urn:uuid:{}-{}-8{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        variant,
        &hex[17..20],
        &hex[20..32]
    )
}

/// The feed of every announcement. Links are absolute under `base_url` when it is set, else
/// relative to the feed (which sits beside `index.html`).
pub fn feed(portal: &Portal) -> Feed {
    let org = &portal.config.organization;
    let base = portal.config.base_url.as_deref().map(|b| {
        if b.ends_with('/') {
            b.to_string()
        } else {
            format!("{b}/")
        }
    });
    let at = |path: &str| format!("{}{path}", base.as_deref().unwrap_or(""));
    let list = updates(portal);
    let entries: Vec<FeedEntry> = list
        .iter()
        .map(|u| FeedEntry {
            id: urn(&["tracemark-update", org, &u.date.to_string(), &u.title]),
            title: u.title.clone(),
            updated: u.date.to_string(),
            summary: u.text.clone(),
            link: at(&format!("{PAGE}#{}", update_anchor(u))),
        })
        .collect();
    Feed {
        id: urn(&["tracemark-feed", org]),
        title: format!("{org} Trust Center updates"),
        updated: list
            .first()
            .map_or_else(|| portal.today.to_string(), |u| u.date.to_string()),
        author: if org.is_empty() {
            portal.config.title.clone()
        } else {
            org.clone()
        },
        alternate: at(PAGE),
        self_url: base.as_ref().map(|b| format!("{b}updates.xml")),
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_ids_are_stable_uuid_urns() {
        let a = urn(&["x", "2026-01-01"]);
        assert_eq!(a, urn(&["x", "2026-01-01"]));
        assert_ne!(a, urn(&["x", "2026-01-02"]));
        let uuid = a.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, vec![8, 4, 4, 4, 12]);
        assert!(uuid.as_bytes()[14] == b'8');
    }
}
