//! The built-in catalogs carry exactly the control ids of the reference corpus.

use std::collections::BTreeSet;

use serde_yaml::Value;

/// The control ids of a catalog file, leaving out management-system requirements (clauses 4-10,
/// `requirements: true`), which the Annex A corpus lists do not hold.
fn ids(path: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    let mut out = BTreeSet::new();
    for group in doc["groups"].as_sequence().unwrap() {
        if group["requirements"].as_bool() == Some(true) {
            continue;
        }
        for control in group["controls"].as_sequence().into_iter().flatten() {
            out.insert(control["id"].as_str().unwrap().to_string());
        }
    }
    out
}

#[test]
fn iso42001_matches_the_corpus() {
    let builtin = ids("catalogs/iso42001.yaml");
    assert_eq!(builtin.len(), 38);
    assert_eq!(builtin, ids("tests/fixtures/corpus/iso42001-annex-a.yaml"));
}

#[test]
fn soc2_matches_the_corpus() {
    let builtin = ids("catalogs/soc2.yaml");
    assert_eq!(builtin.len(), 61);
    assert_eq!(builtin, ids("tests/fixtures/corpus/soc2-tsc.yaml"));
}
