//! Tables that fit and pages that agree: a Statement of Applicability's summary counts the
//! rows it shows, undecided entries are counted as undecided, the "as in force" print leaves
//! drafts out and says so, Markdown tables scroll in a focusable region, the traceability
//! matrix shows per risk the evidence of that risk's system, "Gaps by owner" links to the
//! gaps, columns no row fills are left out, and no table cell breaks a word anywhere.

use std::path::PathBuf;

use crate::harness::{
    Evidence, Policy, Risk, SoaEntry, System, build_ok, governance_policy, read_page, section,
    small_portal, text_of,
};

/// Builds `f` for `audience` into a folder of its own and returns that folder.
fn built(f: &crate::harness::Fixture, audience: &str) -> PathBuf {
    let out = f.root().join(format!("out-{audience}"));
    build_ok(
        &f.root(),
        &["--audience", audience, "--out", out.to_str().unwrap()],
    );
    out
}

/// The rows of a Statement of Applicability table (one `Control` cell each).
fn soa_rows(html: &str) -> usize {
    html.matches("<td data-label=\"Control\"").count()
}

/// The number after `prefix` in `text` ("38 controls" -> 38).
fn number_before(text: &str, word: &str) -> usize {
    let at = text
        .find(word)
        .unwrap_or_else(|| panic!("no {word:?} in {text}"));
    let digits: String = text[..at]
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().unwrap()
}

#[test]
fn soa_summary_counts_the_rows_it_shows_and_the_ones_it_leaves_out() {
    let f = small_portal();
    // M.1.2's entry is internal: the public edition leaves its row out and counts it once.
    f.soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: "Needed for governance",
            status: "implemented",
            owner: "CISO",
            visibility: "public",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.1.2",
            applicable: true,
            justification: "Needed for roles",
            status: "partial",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.2.1",
            applicable: false,
            justification: "No monitoring in scope",
            visibility: "public",
            ..SoaEntry::default()
        },
    ]);
    let internal = read_page(&built(&f, "internal"), "soa/mini.html");
    assert_eq!(soa_rows(&internal), 3, "{internal}");
    assert_eq!(number_before(&text_of(&internal), "controls:"), 3);

    let public = read_page(&built(&f, "public"), "soa/mini.html");
    let text = text_of(&public);
    let total = number_before(&text, "controls:");
    let rows = soa_rows(&public);
    assert_eq!(rows, 2, "the hidden entry is not a row: {public}");
    // The summary names as not shown exactly the entries that have no row.
    if total > rows {
        assert!(
            text.contains(&format!(
                "{} with decisions shared on request",
                total - rows
            )),
            "summary says how many are not shown: {text}"
        );
    } else {
        assert_eq!(total, rows, "{text}");
    }
    // No row of the public table carries a "restricted" pill.
    let table = &public[public.find("<table").unwrap()..public.find("</table>").unwrap()];
    assert!(!table.contains("class=\"restricted\""), "{table}");
    // Nor does the page speak to the author: no hint about `portal.yaml` for customers.
    assert!(!text.contains("portal.yaml"), "{text}");
}

#[test]
fn soa_totals_count_entries_without_a_status_as_undecided() {
    let f = small_portal();
    f.soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: "Needed for governance",
            status: "implemented",
            ..SoaEntry::default()
        },
        // Applicable, no status: its row says "not stated", so the summary may not say
        // "planned".
        SoaEntry {
            control: "mini:M.1.2",
            applicable: true,
            justification: "Needed for roles",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.2.1",
            applicable: true,
            justification: "Monitoring",
            status: "planned",
            ..SoaEntry::default()
        },
    ]);
    let page = read_page(&built(&f, "internal"), "soa/mini.html");
    let text = text_of(&page);
    assert!(text.contains("1 planned, 1 undecided"), "{text}");
    assert!(
        page.contains("not stated"),
        "the row says not stated: {page}"
    );
}

#[test]
fn the_print_as_in_force_leaves_drafts_out_and_names_them() {
    let f = small_portal();
    f.policy(
        "two",
        &Policy {
            id: "POL-2",
            title: "Roles Standard",
            kind: "standard",
            owner: "HR",
            status: "draft",
            controls: vec!["M.1.2"],
            body: "## Rules\n\nDRAFTBODYTEXT\n",
            ..Policy::default()
        },
    );
    let page = read_page(&built(&f, "internal"), "print.html");
    assert!(
        page.contains("data-print-doc=\"pol-1\""),
        "the approved policy prints"
    );
    assert!(
        !page.contains("data-print-doc=\"pol-2\"") && !page.contains("DRAFTBODYTEXT"),
        "a draft is not printed as in force: {page}"
    );
    let text = text_of(&page);
    assert!(
        text.contains("1 document is left out because it is not in force"),
        "{text}"
    );
    assert!(
        text.contains("POL-2 Roles Standard (Draft — not in force)"),
        "{text}"
    );
    assert!(
        text.contains("1 documents, as in force"),
        "the count is of what prints: {text}"
    );
}

#[test]
fn markdown_tables_scroll_in_a_focusable_named_region() {
    let f = small_portal();
    let table =
        "| Role | Responsibility |\n|---|---|\n| Executive Committee | Approves the policy |\n";
    f.policy(
        "one",
        &Policy {
            body: &format!("## Roles\n\n{table}"),
            ..governance_policy()
        },
    );
    // Raw HTML sends the body through ammonia, which must keep the region's attributes too.
    f.policy(
        "two",
        &Policy {
            id: "POL-2",
            title: "Roles Standard",
            owner: "HR",
            status: "approved",
            controls: vec!["M.1.2"],
            body: &format!("<b>Raw</b> HTML first.\n\n{table}"),
            ..Policy::default()
        },
    );
    let out = built(&f, "internal");
    let wrapper = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" \
                   aria-label=\"Table: Role, Responsibility\">";
    for page in ["policies/POL-1.html", "policies/POL-2.html"] {
        let html = read_page(&out, page);
        let at = html
            .find(wrapper)
            .unwrap_or_else(|| panic!("{page}: no region: {html}"));
        let rest = &html[at + wrapper.len()..];
        assert!(rest.trim_start().starts_with("<table"), "{page}: {rest}");
        let end = rest.find("</table>").unwrap();
        assert!(
            rest[end..].starts_with("</table>\n</div>"),
            "{page}: closed"
        );
    }
}

/// [`small_portal`] with a second AI system whose risk shares control M.1.1 with RSK-1, and
/// evidence for M.1.1 named for each system's risk.
fn two_systems() -> crate::harness::Fixture {
    let f = small_portal();
    f.systems(
        "s",
        &[
            System {
                id: "SYS-1",
                name: "Scoring model",
                owner: "ML Lead",
                last_review: "2026-06-01",
                ..System::default()
            },
            System {
                id: "SYS-2",
                name: "Support chatbot",
                owner: "CX Lead",
                last_review: "2026-06-01",
                ..System::default()
            },
        ],
    )
    .risks(
        "r",
        &[
            Risk {
                id: "RSK-1",
                title: "Biased scores",
                system: "SYS-1",
                owner: "ML Lead",
                likelihood: Some(4),
                impact: Some(5),
                treatment: "mitigate",
                controls: vec!["mini:M.1.1"],
                last_review: "2026-09-01",
                ..Risk::default()
            },
            Risk {
                id: "RSK-3",
                title: "Chatbot hallucination",
                system: "SYS-2",
                owner: "CX Lead",
                likelihood: Some(3),
                impact: Some(3),
                treatment: "mitigate",
                controls: vec!["mini:M.1.1"],
                last_review: "2026-09-01",
                ..Risk::default()
            },
        ],
    )
    .evidence(
        "e",
        &[
            Evidence {
                id: "EV-1",
                title: "Scoring fairness report",
                url: "https://example.com/fairness",
                collected: "2026-10-01",
                valid_for: "180d",
                controls: vec!["mini:M.1.1"],
                risks: vec!["RSK-1"],
                ..Evidence::default()
            },
            Evidence {
                id: "EV-9",
                title: "Chatbot answer audit",
                url: "https://example.com/chatbot",
                collected: "2026-10-01",
                valid_for: "180d",
                controls: vec!["mini:M.1.1"],
                risks: vec!["RSK-3"],
                ..Evidence::default()
            },
        ],
    );
    f
}

/// The rows of the traceability matrix that belong to `risk` (from its first row to the next
/// risk's).
fn risk_rows<'a>(html: &'a str, risk: &str) -> &'a str {
    let matrix = section(html, "risk-control-evidence");
    let start = matrix
        .find(&format!("risks/{risk}.html"))
        .unwrap_or_else(|| panic!("no {risk}: {matrix}"));
    let rest = &matrix[start..];
    &rest[..rest.find("class=\"group-start\"").unwrap_or(rest.len())]
}

#[test]
fn traceability_shows_per_risk_the_evidence_of_its_own_system() {
    let f = two_systems();
    let html = read_page(&built(&f, "internal"), "traceability.html");
    let hiring = risk_rows(&html, "RSK-1");
    assert!(hiring.contains("EV-1"), "{hiring}");
    assert!(
        !hiring.contains("EV-9"),
        "the chatbot's evidence is not the scoring model's: {hiring}"
    );
    assert!(
        text_of(hiring).contains("1 via control, other system"),
        "{hiring}"
    );
    let chatbot = risk_rows(&html, "RSK-3");
    assert!(
        chatbot.contains("EV-9") && !chatbot.contains("EV-1"),
        "{chatbot}"
    );
    // The Evidence column is a labelled cell, so it stays when rows stack on a phone.
    assert!(hiring.contains("data-label=\"Evidence\""), "{hiring}");
}

#[test]
fn gaps_by_owner_links_to_the_gaps_instead_of_repeating_them() {
    let f = small_portal();
    let html = read_page(&built(&f, "internal"), "gaps.html");
    let by_owner = section(&html, "by-owner");
    assert!(
        !by_owner.contains("<table"),
        "no second table of the gaps: {by_owner}"
    );
    let links: Vec<&str> = by_owner
        .split("href=\"gaps.html#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(!links.is_empty(), "{by_owner}");
    for anchor in &links {
        assert!(
            html.contains(&format!("<tr id=\"{anchor}\"")),
            "link to #{anchor} has a row"
        );
    }
    // Each gap row is linked once from its owner.
    let rows = html.matches("<tr id=\"gap-").count();
    assert_eq!(links.len(), rows, "{by_owner}");
    // An absent date is an empty cell (or no Date column), never a dash.
    assert!(!html.contains("<td data-label=\"Date\">—</td>"), "{html}");
    assert!(!text_of(&html).contains("Date —"));
}

#[test]
fn columns_no_row_fills_are_left_out() {
    let f = small_portal();
    // No risk names a category: the register has no Category column.
    f.risks(
        "r",
        &[Risk {
            id: "RSK-1",
            title: "Biased scores",
            system: "SYS-1",
            owner: "ML Lead",
            likelihood: Some(4),
            impact: Some(5),
            treatment: "mitigate",
            controls: vec!["mini:M.1.1"],
            last_review: "2026-09-01",
            ..Risk::default()
        }],
    );
    let out = built(&f, "internal");
    let page = read_page(&out, "risks/index.html");
    let register = &page[page.find("class=\"data stack register\"").unwrap()..];
    let head = &register[..register.find("</thead>").unwrap()];
    assert!(!head.contains(">Category<"), "{head}");
    assert!(head.contains(">System<"), "a risk names its system: {head}");
    assert!(
        !head.contains(">Residual<"),
        "no risk has a residual score: {head}"
    );
    assert!(head.contains(">Status and review<"), "{head}");
    assert!(!register.contains("data-label=\"Category\""));

    // No SoA entry has an owner: the SoA has no Owner column.
    let entry = |control, applicable| SoaEntry {
        control,
        applicable,
        justification: "Needed",
        status: if applicable { "implemented" } else { "" },
        ..SoaEntry::default()
    };
    f.soa(&[
        entry("mini:M.1.1", true),
        entry("mini:M.1.2", true),
        entry("mini:M.2.1", false),
    ]);
    let soa = read_page(&built(&f, "public"), "soa/mini.html");
    let head = &soa[soa.find("<thead>").unwrap()..soa.find("</thead>").unwrap()];
    assert!(!head.contains(">Owner<"), "{head}");
    assert!(!soa.contains("data-label=\"Owner\""));
}

#[test]
fn no_table_cell_breaks_words_anywhere() {
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/assets");
    // The stylesheet of every page and the trust center's, which styles public policy text.
    let css = ["style.css", "trust.css"]
        .map(|f| std::fs::read_to_string(assets.join(f)).unwrap())
        .join("\n");
    // Each innermost rule: the selector before `{` and the declarations up to `}`.
    let mut offenders = Vec::new();
    let mut rest = css.as_str();
    while let Some(open) = rest.find('{') {
        let selector = rest[..open]
            .rsplit(['{', '}', ';'])
            .next()
            .unwrap_or_default()
            .trim();
        let body_end = rest[open..].find('}').map_or(rest.len(), |e| open + e);
        let body = &rest[open + 1..body_end];
        let is_cell = selector
            .split(',')
            .any(|s| s.contains("td") || s.contains("th") || s.contains("table"));
        if !body.contains('{') && is_cell && body.contains("overflow-wrap: anywhere") {
            offenders.push(selector.to_string());
        }
        rest = &rest[open + 1..];
    }
    assert!(
        offenders.is_empty(),
        "mid-word breaks in table cells: {offenders:?}"
    );
}
