//! Issue 11 item 3: pages that list a register paginate or summarise, so no page grows with
//! the register, and every risk stays reachable through the pagination links.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::harness::{Risk, build, small_portal, snapshot, stderr};

/// Risks in the generated register, all in one heat-map cell, untreated and overdue, so that
/// the reviews, heat-map cell and gaps lists each hold every one of them.
const RISKS: usize = 1200;

/// The largest page allowed: a summary or one page of 250 rows, far below a whole register.
const PAGE_BOUND: u64 = 300_000;

/// The small portal plus a register of [`RISKS`] risks.
fn big_portal() -> crate::harness::Fixture {
    let f = small_portal();
    let names: Vec<(String, String)> = (0..RISKS)
        .map(|i| (format!("BIG-{i}"), format!("Generated risk {i}")))
        .collect();
    let risks: Vec<Risk> = names
        .iter()
        .map(|(id, title)| Risk {
            id,
            title,
            category: "legal",
            owner: "Counsel",
            likelihood: Some(4),
            impact: Some(5),
            treatment: "mitigate",
            last_review: "2024-01-01",
            ..Risk::default()
        })
        .collect();
    f.risks("big", &risks);
    f
}

/// The targets of `href="..."` attributes in a page, resolved against the page's folder.
fn links(out: &Path, page: &Path, html: &str) -> Vec<PathBuf> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter_map(|href| href.split('#').next())
        .filter(|href| !href.is_empty() && !href.contains("://"))
        .map(|href| {
            let mut path = page.parent().unwrap().to_path_buf();
            for part in href.split('/') {
                match part {
                    ".." => {
                        path.pop();
                    }
                    "." | "" => {}
                    p => path.push(p),
                }
            }
            path.strip_prefix(out)
                .map(Path::to_path_buf)
                .unwrap_or(path)
        })
        .collect()
}

/// The generated risks linked from `start`, following links whose target starts with one
/// of `follow` (pagination and "all items" links), page by page.
fn reachable(out: &Path, start: &str, follow: &[&str]) -> BTreeSet<String> {
    let mut seen_pages = BTreeSet::new();
    let mut queue = vec![PathBuf::from(start)];
    let mut risks = BTreeSet::new();
    while let Some(page) = queue.pop() {
        if !seen_pages.insert(page.clone()) {
            continue;
        }
        let full = out.join(&page);
        let html = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{page:?}: {e}"));
        for target in links(out, &full, &html) {
            let text = target.display().to_string();
            if let Some(id) = text.strip_prefix("risks/BIG-") {
                risks.insert(id.trim_end_matches(".html").to_string());
            } else if follow.iter().any(|f| text.starts_with(f)) {
                queue.push(target);
            }
        }
    }
    risks
}

#[test]
fn register_pages_stay_small_and_reach_every_risk() {
    let f = big_portal();
    let output = build(&f.root(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = f.out();
    for (path, bytes) in snapshot(&out) {
        // The print edition is one document by design, and exports are data files.
        if path.ends_with(".html") && path != "print.html" {
            assert!(
                (bytes.len() as u64) < PAGE_BOUND,
                "{path} is {} bytes, over {PAGE_BOUND}",
                bytes.len()
            );
        }
    }
    let every: BTreeSet<String> = (0..RISKS).map(|i| i.to_string()).collect();
    let reviews = reachable(&out, "reviews.html", &["reviews/", "reviews.html"]);
    assert_eq!(reviews, every, "reviews pagination misses risks");
    let cells = reachable(&out, "risks/heatmap.html", &["risks/heatmap"]);
    assert_eq!(cells, every, "heat-map cell lists miss risks");
    let gaps = reachable(&out, "gaps.html", &["gaps/risks-without-controls"]);
    assert_eq!(gaps, every, "gaps section misses risks");
    let owners = reachable(&out, "gaps.html", &["gaps/owner-"]);
    assert_eq!(owners, every, "gaps by owner misses risks");
}

#[test]
fn paginated_output_is_byte_identical_across_builds() {
    let f = big_portal();
    let first = f.dir.path().join("one");
    let second = f.dir.path().join("two");
    for out in [&first, &second] {
        let output = build(&f.root(), &["--out", out.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let (a, b) = (snapshot(&first), snapshot(&second));
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
}
