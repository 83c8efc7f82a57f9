//! The public trust center: every section for the built-in example, customer-readable pages
//! without internal ids, strict trust-center data, questionnaire citations that resolve, the
//! Atom feed, and status figures only where `public:` opts in.

use std::path::Path;

use crate::harness::{
    Config, Fixture, SoaEntry, assert_page_contains, assert_page_lacks, build, check_json,
    example_root, has_diagnostic, more, read_page, small_portal, stderr, visible_text,
};

fn public_build(root: &Path, out: &Path) {
    let result = build(
        root,
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert!(result.status.success(), "{}", stderr(&result));
}

const TRUST_PAGES: &[&str] = &[
    "index.html",
    "controls.html",
    "documents.html",
    "subprocessors.html",
    "systems/index.html",
    "systems/SYS-CHAT.html",
    "faq.html",
];

#[test]
fn the_example_trust_center_has_every_section_in_its_own_shell() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trust");
    public_build(&example_root(), &out);
    for page in TRUST_PAGES {
        let html = read_page(&out, page);
        // Its own header and navigation, not the handbook's.
        assert!(
            html.contains("<span class=\"trust-name\">Trust Center</span>"),
            "{page}"
        );
        assert!(
            html.contains("href=\"mailto:security@northwindloom.example\""),
            "{page}"
        );
        for item in [
            "Overview",
            "Controls",
            "Documents",
            "Subprocessors",
            "AI systems",
            "FAQ",
        ] {
            assert!(
                html.contains(&format!(">{item}</a>")),
                "{page} lacks {item}"
            );
        }
        assert!(
            !html.contains("class=\"sidebar\""),
            "{page} has the handbook sidebar"
        );
        // No internal ids in running text.
        let text = visible_text(&html);
        for prefix in ["POL-", "SYS-", "RSK-", "EV-", "IA-", "Q-"] {
            assert!(
                !text.contains(prefix),
                "{page} shows an internal id `{prefix}...`"
            );
        }
    }
    // Handbook pages published in the trust center wear its shell too.
    assert!(read_page(&out, "policies/POL-AI-001.html").contains("class=\"trust-header\""));

    let home = read_page(&out, "index.html");
    for wanted in [
        "SOC 2 Type II",
        "Report available",
        "ISO/IEC 42001",
        "In progress",
        "How we protect you",
        "Access control",
        "SOC 2 Type II report for 2025-2026 available",
        "href=\"updates.xml\"",
    ] {
        assert!(home.contains(wanted), "home lacks {wanted}");
    }
    // The home states no implementation status and no coverage figure.
    assert!(
        !home.contains("badge-status"),
        "home shows an implementation status"
    );
    assert!(
        !visible_text(&home).contains('%'),
        "home shows a coverage figure"
    );

    assert_page_contains(
        &out,
        "documents.html",
        &[
            "Access Control Standard",
            "mailto:trust@northwindloom.example?subject=Document%20access%20request&amp;body=",
            "%0A-%20Access%20Control%20Standard%0A",
            "%0A-%20Auditor%20package%0A",
        ],
    );
    // Not listed, so not named.
    assert_page_lacks(
        &out,
        "documents.html",
        &["Model Weight and Training Data Protection Standard"],
    );

    let subprocessors = read_page(&out, "subprocessors.html");
    assert!(
        subprocessors.contains("Last changed 2026-09-01"),
        "{subprocessors}"
    );
    assert!(
        subprocessors.contains("Meridian Labs")
            && subprocessors.contains("href=\"systems/SYS-CHAT.html\"")
    );
    let csv = read_page(&out, "exports/subprocessors.csv");
    assert_eq!(csv.lines().count(), 7, "{csv}");
    assert!(
        csv.starts_with("name,purpose,data,location,transfer_mechanism,website,since,ai_systems\n")
    );

    let card = read_page(&out, "systems/SYS-CHAT.html");
    for wanted in [
        "Intended use and users",
        "Out-of-scope uses",
        "Human oversight",
        "Data categories",
        "Known limitations",
        "Limited risk (transparency obligations)",
        "Provider",
        "How to contest a decision",
        "href=\"../policies/IA-CHAT-SUMMARY.html\">2026-05-30</a>",
        "Meridian Labs",
    ] {
        assert!(card.contains(wanted), "transparency page lacks {wanted}");
    }
    // Internal systems get no transparency page.
    assert!(!out.join("systems/SYS-HIRE.html").exists());
}

#[test]
fn every_example_questionnaire_answer_cites_what_exists() {
    let root = example_root();
    let (code, diags) = check_json(&root, &["--audience", "public"]);
    assert_eq!(code, Some(0), "{diags:#?}");
    let about_answers: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| {
            d["file"]
                .as_str()
                .is_some_and(|f| f.starts_with("content/questionnaires/"))
        })
        // A citation of a hidden item is a warning (W307), and W380/W381 name its text.
        .filter(|d| d["code"] != "W307" && !d["code"].as_str().unwrap().starts_with("W38"))
        .collect();
    assert!(about_answers.is_empty(), "{about_answers:#?}");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trust");
    public_build(&root, &out);
    let faq = read_page(&out, "faq.html");
    let csv = read_page(&out, "exports/questionnaire.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.len() >= 40, "{} answers", rows.len());
    for row in &rows {
        let question = row.get(1).unwrap();
        assert!(
            faq.contains(&question.replace('\'', "&#x27;")),
            "faq lacks {question}"
        );
        assert!(
            !row.get(2).unwrap().contains("[["),
            "unresolved citation in {row:?}"
        );
    }
    // Citations link to their pages; hidden ones leave no placeholder.
    assert_page_contains(&out, "faq.html", &["href=\"policies/POL-SEC-001.html\""]);
    crate::harness::assert_page_lacks(&out, "faq.html", &["class=\"restricted\""]);
}

fn trust_fixture() -> Fixture {
    let f = small_portal();
    let public = |control, applicable, justification, status| SoaEntry {
        control,
        applicable,
        justification,
        status,
        visibility: "public",
        ..SoaEntry::default()
    };
    f.config(&Config {
        title: "T",
        organization: "Fixture Ltd",
        frameworks: vec!["mini"],
        more: more("public: { contact: sec@fixture.example }"),
        ..Config::default()
    })
    .soa(&[
        public("mini:M.1.1", true, "Needed", "implemented"),
        public("mini:M.1.2", true, "Needed", "partial"),
        public("mini:M.2.1", false, "Not in scope", ""),
    ]);
    f
}

#[test]
fn unknown_citations_and_typos_in_trust_data_are_errors_at_their_place() {
    let f = trust_fixture();
    f.write(
        "portal.yaml",
        "title: T\norganization: Fixture Ltd\nframeworks: [mini]\nattestations:\n  - framework: mnii\n    status: certified\npublic:\n  show_status: [mini]\n  areas:\n    - title: Governance\n      summary: We govern.\n      groups: [mini:M.9]\n",
    )
    .write(
        "content/subprocessors.yaml",
        "subprocessors:\n  - name: Cloud\n    purpse: Hosting\n    purpose: Hosting\n    location: EU\n    since: 2026-01-01\n  - name: Vendor\n    purpose: Models\n    location: EU\n    since: 2026-01-01\n    systems: [SYS-2]\n",
    )
    .write(
        "content/questionnaires/q.yaml",
        "questions:\n  - id: Q-1\n    topic: Access\n    question: MFA?\n    answer: |\n      Yes, see [[POL-1]]\n      and [[POL-11]].\n  - id: Q-1\n    topic: Access\n    question: Again?\n    answer: No.\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1), "{diags:#?}");
    let got: Vec<(String, String, u64, u64, String)> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let has = |code: &str, file: &str, line: u64, help: &str| {
        got.iter()
            .any(|(c, f, l, _, h)| c == code && f == file && *l == line && h.contains(help))
    };
    assert!(
        has("E201", "portal.yaml", 5, "did you mean `mini`?"),
        "{got:#?}"
    );
    assert!(
        has("E201", "portal.yaml", 12, "did you mean `mini:M.1`?"),
        "{got:#?}"
    );
    assert!(
        has(
            "E102",
            "content/subprocessors.yaml",
            3,
            "did you mean `purpose`?"
        ),
        "{got:#?}"
    );
    assert!(
        has(
            "E201",
            "content/subprocessors.yaml",
            11,
            "did you mean `SYS-1`?"
        ),
        "{got:#?}"
    );
    assert!(
        has(
            "E205",
            "content/questionnaires/q.yaml",
            8,
            "first defined at content/questionnaires/q.yaml:2"
        ),
        "{got:#?}"
    );
    // The unknown citation, at its own line and column inside the block scalar.
    assert!(
        got.iter().any(|(c, f, l, col, h)| c == "E201"
            && f == "content/questionnaires/q.yaml"
            && *l == 7
            && *col == 11
            && h.contains("`POL-1`")),
        "{got:#?}"
    );
}

#[test]
fn status_and_coverage_appear_only_where_public_opts_in() {
    let f = trust_fixture();
    let dir = tempfile::tempdir().unwrap();
    let quiet = dir.path().join("quiet");
    public_build(&f.root(), &quiet);
    let controls = read_page(&quiet, "controls.html");
    assert!(controls.contains("Policy") && controls.contains("Roles"));
    for word in [
        "Partly implemented",
        "Implemented",
        "partial",
        "implemented",
        "%",
    ] {
        assert!(
            !visible_text(&controls).contains(word),
            "`{word}` shown without opting in"
        );
    }
    f.write(
        "portal.yaml",
        "title: T\norganization: Fixture Ltd\nframeworks: [mini]\npublic:\n  show_status: [mini]\n",
    );
    let open = dir.path().join("open");
    public_build(&f.root(), &open);
    let controls = visible_text(&read_page(&open, "controls.html"));
    assert!(
        controls.contains("Partly implemented") && controls.contains("Implemented"),
        "{controls}"
    );
    assert!(controls.contains("including those whose statements are not published here"));
}

#[test]
fn the_atom_feed_is_well_formed_with_stable_ids_and_links_that_work_without_a_base_url() {
    let f = trust_fixture();
    let portal = "title: T\norganization: Fixture Ltd\nframeworks: [mini]\npublic:\n  updates:\n    - { date: 2026-10-01, title: Old news }\n    - { date: 2026-11-02, title: SOC 2 report available, text: Ask us for it. }\n";
    f.write("portal.yaml", portal);
    let dir = tempfile::tempdir().unwrap();
    let relative = dir.path().join("relative");
    public_build(&f.root(), &relative);
    f.write(
        "portal.yaml",
        &format!("{portal}base_url: https://trust.fixture.example/\n"),
    );
    let absolute = dir.path().join("absolute");
    public_build(&f.root(), &absolute);

    let entries = |out: &Path| -> Vec<(String, String)> {
        let text = read_page(out, "updates.xml");
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let feed = doc.root_element();
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        let child = |n: roxmltree::Node, name: &str| {
            n.children()
                .find(|c| c.has_tag_name(name))
                .map(|c| c.text().unwrap_or_default().to_string())
        };
        assert_eq!(
            child(feed, "updated").as_deref(),
            Some("2026-11-02T00:00:00Z")
        );
        assert!(child(feed, "id").unwrap().starts_with("urn:uuid:"));
        assert!(feed.descendants().any(|n| n.has_tag_name("author")));
        feed.children()
            .filter(|n| n.has_tag_name("entry"))
            .map(|e| {
                assert!(child(e, "title").is_some() && child(e, "updated").is_some());
                let link = e.children().find(|c| c.has_tag_name("link")).unwrap();
                (
                    child(e, "id").unwrap(),
                    link.attribute("href").unwrap().to_string(),
                )
            })
            .collect()
    };
    let rel = entries(&relative);
    let abs = entries(&absolute);
    assert_eq!(rel.len(), 2);
    assert!(
        rel[0].1.starts_with("updates.html#update-2026-11-02"),
        "newest first: {rel:?}"
    );
    assert!(
        abs[0]
            .1
            .starts_with("https://trust.fixture.example/updates.html#update-2026-11-02")
    );
    assert_eq!(
        rel[0].0, abs[0].0,
        "ids do not depend on where the portal is hosted"
    );
    assert!(
        read_page(&absolute, "updates.xml")
            .contains("rel=\"self\" type=\"application/atom+xml\" href=\"https:")
    );
    // The entry's anchor exists on the updates page.
    let anchor = rel[0].1.trim_start_matches("updates.html#");
    assert!(read_page(&relative, "updates.html").contains(&format!("id=\"{anchor}\"")));
}

#[test]
fn an_attestation_certificate_is_linked_when_it_exists_and_an_error_when_it_does_not() {
    let f = trust_fixture();
    let portal = "title: T\norganization: Fixture Ltd\nframeworks: [mini]\nattestations:\n  - framework: mini\n    name: Mini Certificate\n    status: certified\n    issuer: Cert Body\n    issued: 2026-01-10\n    expires: 2029-01-09\n    file: certificates/mini.pdf\n";
    f.write("portal.yaml", portal);
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1), "{diags:#?}");
    assert!(
        has_diagnostic(&diags, "E302", ("portal.yaml", 11, None)),
        "{diags:#?}"
    );
    f.write("static/certificates/mini.pdf", "%PDF-1.4 fixture\n");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trust");
    public_build(&f.root(), &out);
    let home = read_page(&out, "index.html");
    for wanted in [
        "Mini Certificate",
        "Certified",
        "Cert Body",
        "issued 2026-01-10",
        "valid to 2029-01-09",
        "href=\"certificates/mini.pdf\"",
    ] {
        assert!(home.contains(wanted), "home lacks {wanted}");
    }
    assert!(
        read_page(&out, "documents.html")
            .contains("href=\"certificates/mini.pdf\">Download the certificate<span class=\"visually-hidden\">: Mini Certificate</span></a>")
    );
    assert!(out.join("certificates/mini.pdf").is_file());
}

/// Merge review: the trust center's own shell loads the page scripts too, so its search
/// page searches and its tables get their phone labels (it had neither after the merge).
#[test]
fn every_trust_center_page_loads_the_search_and_page_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    public_build(&example_root(), &out);
    for page in [
        "index.html",
        "search.html",
        "subprocessors.html",
        "faq.html",
    ] {
        let html = read_page(&out, page);
        assert!(
            html.contains("<script src=\"assets/site.js\"></script>")
                && html.contains("<script src=\"assets/search.js\"></script>"),
            "{page} loads site.js and search.js"
        );
    }
    let search = read_page(&out, "search.html");
    assert!(search.contains("data-search"), "the search form is wired");
    assert!(out.join("search/index.js").is_file());
    assert!(out.join("assets/search.js").is_file());
}
