//! The sharded search index of a built portal: search.js over its files gives the results
//! elasticlunr.js gives over the whole index, in the same order, for many queries; and a
//! first query loads the manifest and a few files, not the index.
//!
//! The whole index is put back together from the build's word files, as elasticlunr.js read
//! it (a trie per field, each field's length per document); the unit tests of
//! `src/render/search_index` prove that the files hold exactly the postings of the whole index
//! earlier builds wrote, and hold search.js to elasticlunr.js on that whole index itself.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::harness::{
    Fixture, build, example_root, search_names, search_part, search_words, small_portal, stderr,
};
use crate::search_index::node;

const WORDS: [&str; 24] = [
    "bias",
    "biased",
    "fairness",
    "fair",
    "drift",
    "model",
    "models",
    "data",
    "dataset",
    "encryption",
    "encrypt",
    "access",
    "audit",
    "auditor",
    "retention",
    "privacy",
    "vendor",
    "outage",
    "latency",
    "label",
    "labels",
    "ranker",
    "ranking",
    "recruit",
];

/// The small portal and 1,200 risks: ids `RSK-0001`..., words in titles or descriptions only,
/// words that start others, repeated words, sentences of several.
fn portal() -> Fixture {
    let f = small_portal();
    let mut yaml = String::from("risks:\n");
    for n in 1..=1200usize {
        let pick = |k: usize| WORDS[(n * 7 + k * 5 + n / 13) % WORDS.len()];
        let title = if n % 4 == 0 {
            format!("{} {} risk", pick(0), pick(1))
        } else {
            format!("Risk {n} of {}", pick(2))
        };
        yaml.push_str(&format!(
            "  - id: RSK-{n:04}\n    title: {title}\n    owner: Owner {o}\n    likelihood: {l}\n    impact: {i}\n    treatment: mitigate\n    last_review: 2026-09-01\n    description: The {a} of the {b} needs {c} review{rep}. Control A.{x}.{y} applies.\n",
            o = n % 7,
            l = 1 + n % 5,
            i = 1 + (n / 5) % 5,
            a = pick(3),
            b = pick(4),
            c = pick(5),
            rep = if n % 9 == 0 { " drift drift drift" } else { "" },
            x = n % 9,
            y = n % 4,
        ));
    }
    f.write("content/risks/many.yaml", &yaml);
    f
}

/// The whole elasticlunr index (as `Index.load` reads it) put back from a build's word files.
fn whole_index(out: &Path) -> Value {
    let manifest = search_part(out, "index");
    let documents = manifest["documents"].as_u64().unwrap();
    let fields = ["title", "ids", "body"];
    let mut tries: Vec<Value> = fields
        .iter()
        .map(|_| json!({"df": 0, "docs": {}}))
        .collect();
    let mut info: BTreeMap<String, serde_json::Map<String, Value>> = BTreeMap::new();
    for word in search_words(out) {
        let token = word[0].as_str().unwrap();
        for (f, field) in fields.iter().enumerate() {
            let flat: Vec<Value> = word[1 + f].as_array().unwrap().clone();
            if flat.is_empty() {
                continue;
            }
            let mut node = &mut tries[f];
            for c in token.chars() {
                let map = node.as_object_mut().unwrap();
                node = map
                    .entry(c.to_string())
                    .or_insert_with(|| json!({"df": 0, "docs": {}}));
            }
            let (mut doc, mut at) = (-1i64, 0);
            while at < flat.len() {
                let gap = flat[at].as_i64().unwrap();
                let length = flat[at + 1].clone();
                let tf = if gap > 0 {
                    json!(1.0)
                } else {
                    flat[at + 2].clone()
                };
                doc += gap.abs();
                at += if gap > 0 { 2 } else { 3 };
                node["docs"][doc.to_string()] = json!({ "tf": tf });
                node["df"] = json!(node["df"].as_u64().unwrap() + 1);
                info.entry(doc.to_string())
                    .or_default()
                    .insert(field.to_string(), length);
            }
        }
    }
    let index: serde_json::Map<String, Value> = fields
        .iter()
        .zip(tries)
        .map(|(f, root)| (f.to_string(), json!({ "root": root })))
        .collect();
    let docs: serde_json::Map<String, Value> =
        (0..documents).map(|d| (d.to_string(), json!({}))).collect();
    json!({
        "version": "0.9.5", "fields": fields, "ref": "id",
        "pipeline": ["trimmer", "stopWordFilter", "stemmer"],
        "documentStore": { "docs": docs, "docInfo": info, "length": documents, "save": false },
        "index": index,
    })
}

/// The results of each query both ways, which must agree; returns the files each loaded.
fn differential(out: &Path, queries: &[&str], limit: usize) -> Vec<Vec<String>> {
    let whole = json!({ "docs": crate::harness::search_docs(out), "index": whole_index(out) });
    let whole_js = out.join("whole-index.js");
    std::fs::write(&whole_js, format!("window.TRACEMARK_SEARCH = {whole};\n")).unwrap();
    let fixtures = example_root().join("tests/fixtures/elasticlunr");
    let output = Command::new(node())
        .arg(fixtures.join("differential.js"))
        .arg(&fixtures)
        .arg(example_root().join("static/assets/search.js"))
        .arg(out)
        .arg(&whole_js)
        .arg(limit.to_string())
        .arg(serde_json::to_string(queries).unwrap())
        .output()
        .unwrap();
    std::fs::remove_file(&whole_js).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Value = serde_json::from_slice(&output.stdout).unwrap();
    for (q, query) in queries.iter().enumerate() {
        assert_eq!(answers["sharded"][q], answers["whole"][q], "{query:?}");
    }
    serde_json::from_value(answers["files"].clone()).unwrap()
}

const QUERIES: &[&str] = &[
    "bias",
    "biased",
    "bia",
    "b",
    "fairness",
    "fair",
    "drift",
    "drift review",
    "model",
    "model drift",
    "data",
    "dataset",
    "encrypt",
    "encryption",
    "access audit",
    "audit",
    "auditor",
    "a",
    "ranker ranking",
    "rank",
    "recruit",
    "risk",
    "Risk 12 of",
    "RSK-0001",
    "rsk-0042",
    "RSK",
    "0042",
    "A.6.2",
    "A.3.1",
    "a.3",
    "M.1.1",
    "POL-1",
    "review",
    "control",
    "the",
    "the bias",
    "zzzz",
    "bias zzzz",
    "Biased scores",
    "owner",
    "  drift  ",
    "-",
    "'",
];

#[test]
fn search_js_over_the_files_answers_as_elasticlunr_js_over_the_whole_index() {
    let f = portal();
    let dir = tempfile::tempdir().unwrap();
    for audience in ["internal", "public"] {
        let out = dir.path().join(audience);
        let result = build(
            &f.root(),
            &["--audience", audience, "--out", out.to_str().unwrap()],
        );
        assert!(result.status.success(), "{}", stderr(&result));
        let names = search_names(&out);
        let count = |kind: char| names.iter().filter(|n| n.starts_with(kind)).count();
        if audience == "internal" {
            assert!(
                count('t') >= 2 && count('d') >= 20 && count('n') >= 5 && count('x') >= 3,
                "the documents span many files: {names:?}"
            );
        }
        for limit in [50, 8] {
            let loaded = differential(&out, QUERIES, limit);
            // A first query loads the manifest, the words files of its words (one or two for
            // a whole word), one exact file, and at most a display file per result shown.
            for (q, files) in QUERIES.iter().zip(&loaded) {
                let count = |kind: char| files.iter().filter(|n| n.starts_with(kind)).count();
                assert_eq!(files[0], "index", "{q}: {files:?}");
                assert_eq!(count('x'), 1, "{q}: {files:?}");
                assert!(count('d') <= limit, "{q}: {files:?}");
                if q.len() > 3 && !q.contains(' ') {
                    assert!(count('t') <= 2, "{q}: {files:?}");
                }
            }
        }
    }
}
