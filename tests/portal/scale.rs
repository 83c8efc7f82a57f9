//! Issue 11 item 3: pages that list a register paginate or summarise, so no page grows with
//! the register, and every risk stays reachable through the pagination links. Issue 22 item
//! 1: the pages of one policy, control, system, risk or evidence record show the first
//! `SUMMARY_SIZE` items of each list that grows with a register, with their count and a link
//! to a paginated full list that holds them all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::harness::api::SUMMARY_SIZE;
use crate::harness::{Evidence, Risk, build, build_ok, small_portal, snapshot, stderr};

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
    reachable_items(out, start, follow, "risks/BIG-")
}

/// The ids after `prefix` of the pages linked from `start`, following links whose target
/// starts with one of `follow`, page by page.
fn reachable_items(out: &Path, start: &str, follow: &[&str], prefix: &str) -> BTreeSet<String> {
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
            if let Some(id) = text.strip_prefix(prefix) {
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

/// Risks and evidence records that all name one control (and the risks one system), far more
/// than an entity page shows.
const MANY: usize = 600;

/// The small portal plus [`MANY`] risks treated by `mini:M.1.1`, all of system SYS-1, and
/// [`MANY`] evidence records for `mini:M.1.1`, each about RSK-1.
fn crowded_portal() -> crate::harness::Fixture {
    let f = small_portal();
    let risk_names: Vec<(String, String)> = (0..MANY)
        .map(|i| (format!("BIG-{i}"), format!("Crowded risk {i}")))
        .collect();
    let risks: Vec<Risk> = risk_names
        .iter()
        .map(|(id, title)| Risk {
            id,
            title,
            system: "SYS-1",
            category: "legal",
            owner: "Counsel",
            likelihood: Some(2),
            impact: Some(2),
            treatment: "mitigate",
            controls: vec!["mini:M.1.1"],
            last_review: "2026-09-01",
            ..Risk::default()
        })
        .collect();
    f.risks("crowded", &risks);
    let evidence_names: Vec<(String, String)> = (0..MANY)
        .map(|i| (format!("EVB-{i}"), format!("Crowded evidence {i}")))
        .collect();
    let evidence: Vec<Evidence> = evidence_names
        .iter()
        .map(|(id, title)| Evidence {
            id,
            title,
            url: "https://example.com/crowded",
            collected: "2026-10-01",
            valid_for: "180d",
            controls: vec!["mini:M.1.1"],
            risks: vec!["RSK-1"],
            ..Evidence::default()
        })
        .collect();
    f.evidence("crowded", &evidence);
    f
}

/// How many links of a page lead to a page whose path (from the output root) starts with
/// `prefix`.
fn links_to(out: &Path, page: &str, prefix: &str) -> usize {
    let full = out.join(page);
    let html = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{page}: {e}"));
    links(out, &full, &html)
        .iter()
        .filter(|t| t.display().to_string().starts_with(prefix))
        .count()
}

#[test]
fn a_summed_up_control_says_how_much_of_its_evidence_the_edition_leaves_out() {
    let f = crowded_portal();
    f.evidence(
        "hidden",
        &[Evidence {
            id: "EVH-1",
            title: "Board minutes",
            url: "https://example.com/hidden",
            visibility: "confidential",
            collected: "2026-10-01",
            valid_for: "180d",
            controls: vec!["mini:M.1.1"],
            ..Evidence::default()
        }],
    );
    build_ok(&f.root(), &[]);
    let html = f.read("risks/RSK-1.html");
    // The count is of what the internal edition shows; the one it leaves out is said.
    assert!(
        html.contains(
            "601 evidence records</a> <span class=\"restricted-count\">(+1 restricted)</span>"
        ),
        "{html}"
    );
    assert!(html.contains(">601 current</span>"), "{html}");
    assert!(!html.contains("EVH-1") && !html.contains("Board minutes"));
}

#[test]
fn entity_pages_show_the_first_items_a_count_and_a_full_list_of_all() {
    let f = crowded_portal();
    build_ok(&f.root(), &[]);
    let out = f.out();
    let every = |n: usize| -> BTreeSet<String> { (0..n).map(|i| i.to_string()).collect() };
    // (page, list, the page's link to its full list, its count). The first items may include
    // one of the small portal's own (RSK-1, EV-1); a risk's page may also show up to five
    // evidence records of each of its two controls (its treatment table).
    let cases = [
        (
            "frameworks/mini/M.1.1.html",
            "risks/BIG-",
            "frameworks/mini/M.1.1/risks",
            "All 601 risks",
        ),
        (
            "frameworks/mini/M.1.1.html",
            "evidence/EVB-",
            "frameworks/mini/M.1.1/evidence",
            "All 601 evidence records",
        ),
        (
            "systems/SYS-1.html",
            "risks/BIG-",
            "systems/SYS-1/risks",
            "All 601 risks",
        ),
        (
            "risks/RSK-1.html",
            "evidence/EVB-",
            "risks/RSK-1/evidence",
            "All 601 evidence records",
        ),
    ];
    for (page, items, full, all) in cases {
        let shown = links_to(&out, page, items);
        let bound = SUMMARY_SIZE + if page.starts_with("risks/") { 2 * 5 } else { 0 };
        assert!(
            (SUMMARY_SIZE - 1..=bound).contains(&shown),
            "{page} lists {shown} of {items}, not the first {SUMMARY_SIZE} (at most {bound})"
        );
        let html = f.read(page);
        assert!(html.contains(all), "{page} does not say \"{all}\"");
        assert_eq!(
            links_to(&out, page, &format!("{full}.html")),
            1,
            "{page} does not link its full list {full}.html"
        );
        let listed = reachable_items(&out, &format!("{full}.html"), &[full], items);
        assert_eq!(listed, every(MANY), "{full} does not hold every {items}");
        assert!(
            out.join(format!("{full}/page-3.html")).is_file(),
            "{full} is not paginated"
        );
    }
    // A risk's treatment table sums a control with more evidence than a row shows up by
    // freshness, linked to the control's list, instead of the same first records on every risk
    // page that names the control.
    let html = f.read("risks/RSK-1.html");
    let controls = html
        .split("<h2 id=\"controls\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap();
    assert!(
        controls
            .contains("href=\"../frameworks/mini/M.1.1.html#evidence\">601 evidence records</a>"),
        "{controls}"
    );
    assert!(controls.contains(">601 current</span>"), "{controls}");
    assert!(!controls.contains("evidence/EVB-"), "{controls}");
    // A policy's risks are reached through its controls: the first ones and their count, and
    // the controls' pages hold them all, rather than a list of the policy's own.
    let policy = "policies/POL-1.html";
    let shown = links_to(&out, policy, "risks/BIG-");
    assert!(
        (1..=SUMMARY_SIZE).contains(&shown),
        "{policy} lists {shown} risks"
    );
    let html = f.read(policy);
    assert!(
        html.contains(&format!("{SUMMARY_SIZE} of 601 risks shown here")),
        "{policy} does not count its risks"
    );
    assert!(!out.join("policies/POL-1/risks.html").exists());
    // The statement of applicability shows a control's first few evidence records and how
    // many more its page lists, not all 601 in one cell.
    let soa = "soa/mini.html";
    let shown = links_to(&out, soa, "evidence/EVB-");
    assert!(
        (1..=5).contains(&shown),
        "{soa} lists {shown} evidence records"
    );
    assert!(
        f.read(soa).contains(&format!("{} more</a>", 601 - 5)),
        "{soa} does not say how many more"
    );
    // Every page stays under the megabyte, and the pages of one entity far under it,
    // however long the lists behind them (the traceability matrix's 250 rows per page each
    // carry their controls' latest evidence: 400 kB here).
    let entity = [
        "policies/",
        "frameworks/",
        "systems/",
        "risks/",
        "evidence/",
    ];
    for (path, bytes) in snapshot(&out) {
        if path.ends_with(".html") && path != "print.html" {
            let bound = if entity.iter().any(|p| path.starts_with(p)) {
                PAGE_BOUND
            } else {
                1_000_000
            };
            assert!(
                (bytes.len() as u64) < bound,
                "{path} is {} bytes, over {bound}",
                bytes.len()
            );
        }
    }
}

#[test]
fn the_document_register_pages_through_every_policy() {
    const POLICIES: usize = 300;
    let f = small_portal();
    let ids: Vec<String> = (0..POLICIES).map(|i| format!("DOC-{i}")).collect();
    for id in &ids {
        f.policy(
            id,
            &crate::harness::Policy {
                id,
                title: "Handbook chapter",
                owner: "CISO",
                status: "approved",
                next_review: "2027-06-01",
                controls: vec!["M.1.2"],
                body: "## Rules\n\nRead it.\n",
                ..crate::harness::Policy::default()
            },
        );
    }
    build_ok(&f.root(), &[]);
    let out = f.out();
    let listed = reachable_items(
        &out,
        "document-register.html",
        &["document-register/"],
        "policies/DOC-",
    );
    let every: BTreeSet<String> = (0..POLICIES).map(|i| i.to_string()).collect();
    assert_eq!(
        listed, every,
        "the register's pages do not hold every policy"
    );
    assert!(out.join("document-register/page-2.html").is_file());
    let first = links_to(&out, "document-register.html", "policies/DOC-");
    assert!(
        first < POLICIES,
        "the first page lists all {first} policies"
    );
}
