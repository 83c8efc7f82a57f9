//! `updates.xml`: the trust center's announcements as an Atom feed.

use super::super::data::{Feed, FeedEntry};
use super::{update_anchor, updates};
use crate::resolve::Portal;

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
            link: at(&format!("index.html#{}", update_anchor(u))),
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
        alternate: at("index.html"),
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
