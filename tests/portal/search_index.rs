//! The search index of what customers read: in the public build every FAQ answer, control
//! statement, subprocessor, attestation, the auditor package and every AI system card has an
//! entry linking an anchor its page has, ranked above framework reference pages, with nothing hidden in it;
//! search.js puts answers first, and the FAQ filter matches word starts only (both run under
//! node, which CI installs: without it these tests fail rather than skip).

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use crate::harness::{
    Config, Fixture, Policy, SoaEntry, System, build, example_root, governance_policy, more,
    read_page, search_docs, search_text, search_words, small_portal, stderr,
};

/// The rank numbers of `SearchRank`, as the search index's manifest writes them.
const ANSWER: u64 = 3;
const TRUST_CENTER: u64 = 2;
const REFERENCE: u64 = 0;

/// One document of the index: title, url, kind, ids, snippet, rank.
#[derive(Debug)]
struct Doc {
    title: String,
    url: String,
    kind: String,
    ids: String,
    snippet: String,
    rank: u64,
}

fn built(root: &Path, out: &Path, audience: &str) {
    let result = build(
        root,
        &["--audience", audience, "--out", out.to_str().unwrap()],
    );
    assert!(result.status.success(), "{}", stderr(&result));
}

fn docs(out: &Path) -> Vec<Doc> {
    search_docs(out)
        .iter()
        .map(|d| Doc {
            title: d[0].as_str().unwrap().to_string(),
            url: d[1].as_str().unwrap().to_string(),
            kind: d[2].as_str().unwrap().to_string(),
            ids: d[3].as_str().unwrap().to_string(),
            snippet: d[4].as_str().unwrap().to_string(),
            rank: d[5].as_u64().expect("every document has a rank"),
        })
        .collect()
}

/// The `id="..."` values of a page.
fn ids_of(out: &Path, page: &str) -> HashSet<String> {
    let html = read_page(out, page);
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// Every entry linking `page#anchor` names an anchor the page has; returns how many do.
fn anchors_exist(out: &Path, docs: &[Doc], page: &str) -> usize {
    let ids = ids_of(out, page);
    let linked: Vec<&Doc> = docs
        .iter()
        .filter(|d| d.url.starts_with(&format!("{page}#")))
        .collect();
    for d in &linked {
        let anchor = d.url.split_once('#').unwrap().1;
        assert!(ids.contains(anchor), "{page} has no id {anchor} ({d:?})");
    }
    linked.len()
}

#[test]
fn the_example_public_index_holds_what_customers_read_ranked_first() {
    let dir = tempfile::tempdir().unwrap();
    let (public, internal) = (dir.path().join("public"), dir.path().join("internal"));
    built(&example_root(), &public, "public");
    built(&example_root(), &internal, "internal");
    let docs = docs(&public);

    // One entry per FAQ question, titled with the question, linking its answer's anchor.
    let faq = read_page(&public, "faq.html");
    let questions = faq.matches("class=\"faq-item\"").count();
    assert!(questions > 40, "{questions}");
    assert_eq!(anchors_exist(&public, &docs, "faq.html"), questions);
    let sso = docs
        .iter()
        .find(|d| d.url.starts_with("faq.html#") && d.title.contains("(SSO)"))
        .expect("the SSO question");
    assert_eq!((sso.kind.as_str(), sso.rank), ("FAQ answer", ANSWER));
    assert!(faq.contains(&sso.title), "titled as the question reads");
    // Every control statement of controls.html, every subprocessor.
    let statements = read_page(&public, "controls.html")
        .matches(" id=\"c-")
        .count();
    assert!(statements > 50, "{statements}");
    assert_eq!(anchors_exist(&public, &docs, "controls.html"), statements);
    let subprocessors = read_page(&public, "subprocessors.html")
        .matches("<tr id=\"sub-")
        .count();
    assert!(subprocessors >= 5, "{subprocessors}");
    assert_eq!(
        anchors_exist(&public, &docs, "subprocessors.html"),
        subprocessors
    );
    // Every card of documents.html (attestations, `public.documents`, the auditor package), at
    // its anchor, and the AI system card.
    assert_eq!(anchors_exist(&public, &docs, "documents.html"), 7);
    let soc2 = docs
        .iter()
        .find(|d| d.title == "SOC 2 Type II report")
        .expect("the SOC 2 report");
    assert_eq!(
        (soc2.url.as_str(), soc2.rank, soc2.kind.as_str()),
        (
            "documents.html#soc2-type-ii",
            TRUST_CENTER,
            "Document on request"
        )
    );
    assert!(soc2.snippet.contains("Report available"), "{soc2:?}");
    assert!(
        docs.iter()
            .any(|d| d.url == "documents.html#pentest-summary-2025"),
        "the pen-test summary of public.documents"
    );
    let card = docs
        .iter()
        .find(|d| d.url == "systems/SYS-CHAT.html")
        .expect("the Loom Assist card");
    assert_eq!(card.rank, TRUST_CENTER);

    // Ranks: answers, then the trust center's own entries, framework pages last.
    for d in &docs {
        let expected = if d.url.starts_with("faq.html#") {
            ANSWER
        } else if ["controls.html#", "subprocessors.html#", "documents.html#"]
            .iter()
            .any(|p| d.url.starts_with(p))
            || d.url.starts_with("policies/")
            || d.url.starts_with("systems/")
        {
            TRUST_CENTER
        } else if d.url.starts_with("frameworks/") {
            REFERENCE
        } else {
            continue;
        };
        assert_eq!(d.rank, expected, "{d:?}");
    }
    assert!(docs.iter().any(|d| d.url.starts_with("frameworks/")));

    // Nothing of what only the internal build shows: its ids and titles are not in the public
    // index's documents.
    let public_urls: HashSet<&str> = docs.iter().map(|d| d.url.as_str()).collect();
    let public_text = serde_json::to_string(&search_docs(&public)).unwrap();
    let hidden: Vec<Doc> = self::docs(&internal)
        .into_iter()
        .filter(|d| !public_urls.contains(d.url.as_str()) && !d.url.starts_with("frameworks/"))
        .collect();
    assert!(hidden.len() > 50, "{}", hidden.len());
    for d in &hidden {
        for id in d.ids.split_whitespace().filter(|id| id.contains('-')) {
            assert!(
                !public_text.contains(&format!("\"{id}\""))
                    && !public_text.contains(&format!("{id} "))
                    && !public_text.contains(&format!(" {id}")),
                "hidden id {id} in the public index"
            );
        }
    }

    // The internal build has no trust-center pages: no such entries, one rank for all.
    let internal_docs = self::docs(&internal);
    assert!(internal_docs.iter().all(|d| d.rank == REFERENCE));
    assert!(!internal_docs.iter().any(|d| d.url.starts_with("faq.html")));

    // search.js under node: answers first for "encryption", "SSO" and "subprocessor" find
    // what the trust center publishes, an exact control id still comes first.
    let results = node_search(
        &public,
        &["encryption", "SSO", "subprocessor", "CC6.1", "zzzqqq"],
    );
    let urls = |q: usize| -> Vec<&str> {
        results[q]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect()
    };
    let encryption = urls(0);
    assert!(encryption.len() >= 3, "{encryption:?}");
    assert!(
        encryption[..3].iter().all(|u| u.starts_with("faq.html#")),
        "{encryption:?}"
    );
    let framework_at = encryption.iter().position(|u| u.starts_with("frameworks/"));
    let statement_at = encryption
        .iter()
        .position(|u| u.starts_with("controls.html#"));
    assert!(statement_at.is_some(), "{encryption:?}");
    assert!(framework_at.is_none_or(|f| f > statement_at.unwrap()));
    assert_eq!(urls(1).first().copied(), Some(sso.url.as_str()));
    let subprocessor = urls(2);
    assert!(
        subprocessor
            .iter()
            .any(|u| u.starts_with("subprocessors.html#")),
        "{subprocessor:?}"
    );
    assert_eq!(
        urls(3).first().copied(),
        Some("controls.html#c-soc2-cc6-1"),
        "the statement, then the criterion's page"
    );
    assert_eq!(urls(3).get(1).copied(), Some("frameworks/soc2/CC6.1.html"));
    assert!(urls(4).is_empty());
}

/// The node binary: required (CI installs it), so that search.js is always run.
pub(crate) fn node() -> &'static str {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "node is needed to run search.js and faq.js (apt-get install nodejs; .ci/run does)"
    );
    "node"
}

/// Runs `script` under node with `args` as its arguments; its standard output is JSON.
pub(crate) fn run_node(script: &str, args: &[&str]) -> serde_json::Value {
    let output = Command::new(node())
        .arg("-e")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The result URLs search.js gives for each query over a build's index, in order (at most 20),
/// each query on a fresh page, loading the index's files as it needs them.
pub(crate) fn node_search(site: &Path, queries: &[&str]) -> serde_json::Value {
    let assets = example_root().join("static/assets");
    let script = r#"
const vm = require("vm"), fs = require("fs"), path = require("path");
const [assets, site, ...queries] = process.argv.slice(1);
console.log(JSON.stringify(queries.map(q => {
  const ctx = { document: { querySelectorAll: () => [] } };
  ctx.window = ctx;
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(path.join(assets, "search.js"), "utf8"), ctx);
  const engine = ctx.TRACEMARK_SEARCH_ENGINE;
  const searcher = new engine.Searcher((name, done) => {
    vm.runInContext(fs.readFileSync(path.join(site, "search", name + ".js"), "utf8"), ctx);
    done();
  });
  ctx.TRACEMARK_SEARCH_PART = searcher.arrived;
  let urls = null;
  engine.search(searcher, q, 20, hits => { urls = hits.map(r => r.doc[1]); });
  return urls;
})));
"#;
    let mut args = vec![assets.to_str().unwrap(), site.to_str().unwrap()];
    args.extend_from_slice(queries);
    run_node(script, &args)
}

/// The FAQ filter's rule, as faq.js applies it: every query word starts a word of the text,
/// whatever the case.
#[test]
fn the_faq_filter_matches_whole_words_and_word_starts() {
    let faq = example_root().join("static/assets/faq.js");
    let cases: &[(&str, &str, bool)] = &[
        ("We act as a data processor.", "SSO", false),
        ("Single sign-on (SSO) for every user.", "sso", true),
        ("Encryption at rest and in transit.", "encrypt", true),
        (
            "Encryption at rest and in transit.",
            "ENCRYPTION rest",
            true,
        ),
        (
            "Encryption at rest and in transit.",
            "encryption cryption",
            false,
        ),
        ("We encrypt data.", "encryption", false),
        ("Reviewed under CC6.1 each quarter.", "cc6.1", true),
        ("Données chiffrées", "chiff", true),
        ("Données chiffrées", "onnées", false),
        ("Anything", "", true),
    ];
    let script = r#"
const vm = require("vm"), fs = require("fs");
const [faq, cases] = process.argv.slice(1);
const ctx = {};
ctx.window = ctx;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(faq, "utf8"), ctx);
console.log(JSON.stringify(JSON.parse(cases).map(([text, query]) => ctx.TRACEMARK_FAQ_MATCHES(text, query))));
"#;
    let input: Vec<(&str, &str)> = cases.iter().map(|(t, q, _)| (*t, *q)).collect();
    let input = serde_json::to_string(&input).unwrap();
    let got = run_node(script, &[faq.to_str().unwrap(), &input]);
    for ((text, query, expected), got) in cases.iter().zip(got.as_array().unwrap()) {
        assert_eq!(got.as_bool(), Some(*expected), "{query:?} in {text:?}");
    }
}

/// A trust center whose answers and statements cite a policy the public may not see, with an
/// internal question and subprocessor, and a restricted policy its owner lists by title
/// (which the document list alone names).
fn fixture() -> Fixture {
    let f = small_portal();
    f.config(&Config {
        title: "T",
        organization: "Fixture Ltd",
        frameworks: vec!["mini"],
        more: more("public: { contact: sec@fixture.example }"),
        ..Config::default()
    })
    .soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: "Needed",
            status: "implemented",
            implementation: "Checked yearly under [[POL-2]] and our [[POL-1]].",
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
            ..SoaEntry::default()
        },
    ])
    .policy(
        "one",
        &Policy {
            visibility: "public",
            ..governance_policy()
        },
    )
    .policy(
        "three",
        &Policy {
            id: "POL-3",
            title: "Incident Playbook",
            kind: "procedure",
            owner: "CISO",
            status: "approved",
            more: more("listed: true"),
            body: "Steps.\n",
            ..Policy::default()
        },
    )
    .systems(
        "s",
        &[System {
            id: "SYS-1",
            name: "Scoring model",
            owner: "ML Lead",
            last_review: "2026-06-01",
            visibility: "public",
            ..System::default()
        }],
    )
    .write(
        "content/questionnaires/q.yaml",
        "questions:\n  - id: Q-1\n    topic: Access\n    question: Do you support SSO?\n    answer: Yes, SSO for every user under [[POL-2]] and our [[POL-1]].\n    visibility: public\n  - id: Q-2\n    topic: Access\n    question: Is the zebrafish key rotated?\n    answer: Yes.\n",
    )
    .write(
        "content/subprocessors.yaml",
        "subprocessors:\n  - name: Cloudberry Hosting\n    purpose: Hosting\n    location: EU\n    since: 2026-01-01\n    systems: [SYS-1]\n    visibility: public\n  - name: Hiddenco\n    purpose: Secret work\n    location: EU\n    since: 2026-01-01\n",
    );
    f
}

#[test]
fn a_public_index_links_each_answer_statement_subprocessor_and_document_and_hides_the_rest() {
    let f = fixture();
    let out = f.out();
    built(&f.root(), &out, "public");
    let docs = docs(&out);
    let find = |url: &str| {
        docs.iter()
            .find(|d| d.url == url)
            .unwrap_or_else(|| panic!("no entry for {url}: {docs:#?}"))
    };
    let answer = find("faq.html#q-q-1");
    assert_eq!(answer.title, "Do you support SSO?");
    assert_eq!(answer.rank, ANSWER);
    assert!(
        answer.snippet.starts_with("Yes, SSO for every user under"),
        "{answer:?}"
    );
    assert!(answer.snippet.contains("Governance Policy"), "{answer:?}");
    let statement = find("controls.html#c-mini-m-1-1");
    assert_eq!(
        (statement.ids.as_str(), statement.rank),
        ("M.1.1", TRUST_CENTER)
    );
    assert!(
        statement.snippet.starts_with("Checked yearly"),
        "{statement:?}"
    );
    let sub = find("subprocessors.html#sub-cloudberry-hosting");
    assert_eq!(
        (sub.kind.as_str(), sub.rank),
        ("Subprocessor", TRUST_CENTER)
    );
    assert!(sub.snippet.contains("Scoring model"), "{sub:?}");
    // The title of a restricted document listed on request stays on the document list alone.
    assert!(read_page(&out, "documents.html").contains("Incident Playbook"));
    assert_eq!(find("systems/SYS-1.html").rank, TRUST_CENTER);
    for page in [
        "faq.html",
        "controls.html",
        "subprocessors.html",
        "documents.html",
    ] {
        anchors_exist(&out, &docs, page);
    }
    // Nothing hidden, in the documents or in the index's words.
    let script = search_text(&out);
    for hidden in [
        "POL-2",
        "Roles Standard",
        "zebrafish",
        "Hiddenco",
        "Q-2",
        "POL-3",
    ] {
        assert!(!script.contains(hidden), "{hidden} in the index");
    }
    assert!(
        !search_words(&out)
            .iter()
            .any(|w| w[0].as_str().unwrap().starts_with("hiddenco")),
        "a hidden subprocessor's name is not a token"
    );

    // search.html: the query from the address, and suggestions when nothing matches.
    let search = read_page(&out, "search.html");
    for needle in [
        "data-query-from-url",
        "data-empty=\"search-empty\"",
        "id=\"search-empty\"",
        "href=\"faq.html\"",
        "href=\"documents.html\"",
        "href=\"mailto:sec@fixture.example\"",
        "href=\"search.html?q=Access\"",
    ] {
        assert!(search.contains(needle), "search.html lacks {needle}");
    }
}
