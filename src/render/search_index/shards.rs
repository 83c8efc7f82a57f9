//! The files of the sharded index, each a script that hands search.js one part:
//! `window.TRACEMARK_SEARCH_PART("<name>", JSON.parse('<json>'))`.
//!
//! - `index` (the manifest): `{"documents": N, "fields": [...], "terms": [first word of each
//!   words file], "titles": documents per titles file, "shown": documents per display file,
//!   "exact": exact files, "ranks": [[first document, rank], ...] (runs of equal rank)}`.
//! - `t<n>`: `[[word, title postings, ids postings, body postings], ...]`, words in code point
//!   order; a field's postings are flat numbers, documents ascending: `gap, length` for a word
//!   once in the field, `-gap, length, tf` otherwise (gap from the previous document, the first
//!   from -1; length the field's token count in that document; tf as the whole index wrote it).
//! - `n<n>`: the titles of documents `n * titles ..`.
//! - `d<n>`: `[title, url, kind, ids, start of the body]` of documents `n * shown ..`.
//! - `x<n>`: `[[key, documents whose ids hold it, documents titled it], ...]`, keys lowercased
//!   as JavaScript lowercases, in the file [`exact_file`] gives.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{FIELDS, JsLiteral, Posting, PostingTexts, Postings, SearchEntry, snippet};
use crate::plan::{SearchIndex, SearchPart};

/// One word of the index, with its postings in each field (empty where it is not in one),
/// sorted by document.
struct Term {
    token: String,
    fields: [Vec<Posting>; 3],
}

/// An exact-match key: an id or a title, lowercased, and the documents it names.
#[derive(Default)]
struct ExactKey {
    /// Documents among whose ids (split at whitespace) the key is.
    ids: Vec<u32>,
    /// Documents whose whole title is the key.
    titles: Vec<u32>,
}

/// What every file of one index is cut from, built once per build.
pub(super) struct Built {
    /// Every word of any field, in code point order.
    terms: Vec<Term>,
    /// The position in `terms` of the first word of each words file in use.
    starts: Vec<usize>,
    /// Per document, each field's token count (elasticlunr's field length).
    lengths: Vec<[u32; 3]>,
    /// Per exact file, its keys in order.
    exact: Vec<BTreeMap<String, ExactKey>>,
    /// The term frequencies' texts.
    texts: PostingTexts,
}

/// The text of one file of the index.
pub fn part(index: &SearchIndex, part: SearchPart) -> Result<String, String> {
    let built = built(index)?;
    let entries = &index.entries;
    let layout = &index.layout;
    let mut out = JsLiteral::with_capacity(4096);
    // Around the literal, not in it: unescaped.
    out.out.push_str(&format!(
        "window.TRACEMARK_SEARCH_PART(\"{}\",JSON.parse('",
        part.name()
    ));
    match part {
        SearchPart::Manifest => write_manifest(&mut out, index, built),
        SearchPart::Terms(n) => {
            let start = built.starts.get(n).copied().unwrap_or(built.terms.len());
            let end = built
                .starts
                .get(n + 1)
                .copied()
                .unwrap_or(built.terms.len());
            write_terms(&mut out, &built.terms[start..end], built);
        }
        SearchPart::Titles(n) => {
            let docs = range(n, layout.titles_per_shard, entries.len());
            write_list(&mut out, entries[docs].iter(), |out, e| {
                out.json_str(&e.title)
            });
        }
        SearchPart::Shown(n) => {
            let docs = range(n, layout.shown_per_shard, entries.len());
            write_list(&mut out, entries[docs].iter(), write_shown);
        }
        SearchPart::Exact(n) => {
            let empty = BTreeMap::new();
            write_exact(&mut out, built.exact.get(n).unwrap_or(&empty));
        }
    }
    out.out.push_str("'));\n");
    Ok(out.out)
}

/// The documents of file `n` when each holds `per` of `count`.
fn range(n: usize, per: usize, count: usize) -> std::ops::Range<usize> {
    (n * per).min(count)..((n + 1) * per).min(count)
}

/// The shared build, made by the first file that needs it.
fn built(index: &SearchIndex) -> Result<&Built, String> {
    let cached = index.built.get_or_init(|| Box::new(build_apart(index)));
    match cached.downcast_ref::<Result<Built, String>>() {
        Some(Ok(built)) => Ok(built),
        Some(Err(error)) => Err(error.clone()),
        None => Err("the search index's cache holds something else".into()),
    }
}

/// Builds on a thread and rayon pool of its own. The files render in parallel on rayon's pool,
/// and all but the first wait for this build; built on one of that pool's threads, it could,
/// while waiting for its own parallel tasks, take up another file's task, which would wait for
/// the build it is part of. The result does not depend on the number of threads.
fn build_apart(index: &SearchIndex) -> Result<Built, String> {
    let threads = rayon::current_num_threads();
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .map_err(|e| format!("search index: {e}"))?;
                Ok(pool.install(|| Built::new(index)))
            })
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

impl Built {
    fn new(index: &SearchIndex) -> Built {
        let entries = &index.entries;
        let ((terms, lengths), exact) = rayon::join(
            || terms(Postings::build(entries)),
            || exact_table(entries, index.layout.exact),
        );
        let starts = starts(&terms, index.layout.terms);
        Built {
            terms,
            starts,
            lengths,
            exact,
            texts: PostingTexts::new(),
        }
    }
}

/// Every word with its postings per field, sorted by word, each list by document; and each
/// document's field lengths.
fn terms(postings: Postings) -> (Vec<Term>, Vec<[u32; 3]>) {
    let Postings {
        tokens,
        mut fields,
        order,
        lengths: in_order,
        ..
    } = postings;
    let mut lengths = vec![[0; 3]; order.len()];
    for (&doc, &length) in order.iter().zip(&in_order) {
        lengths[doc as usize] = length;
    }
    let mut terms: Vec<Term> = tokens
        .into_iter()
        .enumerate()
        .map(|(id, token)| {
            let mut lists: [Vec<Posting>; 3] = Default::default();
            for (field, list) in lists.iter_mut().enumerate() {
                if let Some(found) = fields[field].lists.get_mut(id) {
                    *list = std::mem::take(found);
                    list.sort_unstable_by_key(|p| p.doc);
                }
            }
            Term {
                token,
                fields: lists,
            }
        })
        .filter(|t| t.fields.iter().any(|l| !l.is_empty()))
        .collect();
    terms.sort_unstable_by(|a, b| a.token.cmp(&b.token));
    (terms, lengths)
}

/// About how many bytes a word takes in its file.
fn term_size(term: &Term) -> usize {
    term.token.len() + 16 + term.fields.iter().map(|l| 7 * l.len()).sum::<usize>()
}

/// Where each words file starts: words taken in order, a file closed once it holds its share
/// of the whole. Every file but the last holds more than `total / files`, so at most `files`.
fn starts(terms: &[Term], files: usize) -> Vec<usize> {
    let total: usize = terms.iter().map(term_size).sum();
    let share = total / files.max(1) + 1;
    let mut starts = Vec::new();
    let mut filled = share;
    for (at, term) in terms.iter().enumerate() {
        if filled >= share {
            starts.push(at);
            filled = 0;
        }
        filled += term_size(term);
    }
    starts
}

/// JavaScript's `\s`, at which search.js splits a document's ids (not quite Rust's whitespace:
/// U+FEFF is in, U+0085 out).
fn js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// The exact file of a key: FNV-1a (32 bits) of its UTF-16 code units, which search.js computes
/// the same way with `charCodeAt`.
pub(super) fn exact_file(key: &str, files: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in key.encode_utf16() {
        hash = (hash ^ u32::from(unit)).wrapping_mul(0x0100_0193);
    }
    hash as usize % files.max(1)
}

/// The exact-match table: every id of every document and every title, lowercased as search.js
/// lowercases the query (`toLowerCase`, which Rust's `to_lowercase` follows, final sigma too).
fn exact_table(entries: &[SearchEntry], files: usize) -> Vec<BTreeMap<String, ExactKey>> {
    let mut table: Vec<BTreeMap<String, ExactKey>> =
        (0..files.max(1)).map(|_| BTreeMap::new()).collect();
    for (doc, entry) in entries.iter().enumerate() {
        let doc = doc as u32;
        let ids = entry.ids.to_lowercase();
        for id in ids.split(js_whitespace).filter(|id| !id.is_empty()) {
            let key = table[exact_file(id, files)]
                .entry(id.to_string())
                .or_default();
            if key.ids.last() != Some(&doc) {
                key.ids.push(doc);
            }
        }
        let title = entry.title.to_lowercase();
        if !title.is_empty() {
            let file = exact_file(&title, files);
            table[file].entry(title).or_default().titles.push(doc);
        }
    }
    table
}

/// The manifest.
fn write_manifest(out: &mut JsLiteral, index: &SearchIndex, built: &Built) {
    let layout = &index.layout;
    out.raw(&format!(
        "{{\"documents\":{},\"fields\":[",
        index.entries.len()
    ));
    for (k, field) in FIELDS.iter().enumerate() {
        if k > 0 {
            out.raw(",");
        }
        out.json_str(field);
    }
    out.raw("],\"terms\":");
    write_list(out, built.starts.iter(), |out, &at| {
        out.json_str(&built.terms[at].token)
    });
    out.raw(&format!(
        ",\"titles\":{},\"shown\":{},\"exact\":{},\"ranks\":[",
        layout.titles_per_shard,
        layout.shown_per_shard,
        built.exact.len()
    ));
    let mut last = None;
    for (doc, entry) in index.entries.iter().enumerate() {
        let rank = u8::from(entry.rank);
        if last != Some(rank) {
            if last.is_some() {
                out.raw(",");
            }
            out.raw(&format!("[{doc},{rank}]"));
            last = Some(rank);
        }
    }
    out.raw("]}");
}

/// A JSON array of items, each written by `each`.
fn write_list<T>(
    out: &mut JsLiteral,
    items: impl Iterator<Item = T>,
    mut each: impl FnMut(&mut JsLiteral, T),
) {
    out.raw("[");
    for (k, item) in items.enumerate() {
        if k > 0 {
            out.raw(",");
        }
        each(out, item);
    }
    out.raw("]");
}

/// What a result shows of a document.
fn write_shown(out: &mut JsLiteral, e: &SearchEntry) {
    write_list(
        out,
        [&e.title, &e.url, &e.kind, &e.ids]
            .into_iter()
            .map(String::as_str)
            .chain([snippet(&e.body)]),
        |out, text| out.json_str(text),
    );
}

/// A words file.
fn write_terms(out: &mut JsLiteral, terms: &[Term], built: &Built) {
    let mut numbers = String::new();
    write_list(out, terms.iter(), |out, term| {
        out.raw("[");
        out.json_str(&term.token);
        for (field, list) in term.fields.iter().enumerate() {
            numbers.clear();
            let mut previous: i64 = -1;
            for (k, posting) in list.iter().enumerate() {
                let gap = i64::from(posting.doc) - previous;
                previous = i64::from(posting.doc);
                let length = built.lengths[posting.doc as usize][field];
                let sep = if k > 0 { "," } else { "" };
                let _ = if posting.count == 1 {
                    write!(numbers, "{sep}{gap},{length}")
                } else {
                    write!(
                        numbers,
                        "{sep}-{gap},{length},{}",
                        built.texts.tf(posting.count)
                    )
                };
            }
            out.raw(",[");
            out.raw(&numbers);
            out.raw("]");
        }
        out.raw("]");
    });
}

/// An exact file.
fn write_exact(out: &mut JsLiteral, keys: &BTreeMap<String, ExactKey>) {
    let docs = |out: &mut JsLiteral, docs: &[u32]| {
        let text: Vec<String> = docs.iter().map(u32::to_string).collect();
        out.raw(&format!("[{}]", text.join(",")));
    };
    write_list(out, keys.iter(), |out, (key, found)| {
        out.raw("[");
        out.json_str(key);
        out.raw(",");
        docs(out, &found.ids);
        out.raw(",");
        docs(out, &found.titles);
        out.raw("]");
    });
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use super::super::unsharded::script;
    use super::super::unsharded::tests::{entry, literal_json, varied};
    use super::*;
    use crate::plan::{SearchLayout, SearchRank};
    use serde_json::Value;

    /// Documents for the sharded index: the varied ones, and a register's worth with ids like
    /// `A.6.2.4` and `RSK-0001`, words in titles or bodies only, words that start others,
    /// digits beside letters after a common start (elasticlunr.js expanded digits first), a
    /// word 14 times (its tf written one unit off), and every rank.
    fn register() -> Vec<SearchEntry> {
        let mut entries = varied();
        let words = [
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
            "a1",
            "ab",
            "a.b",
            "a_b",
            "x9",
            "xa",
        ];
        for n in 0..240 {
            let pick = |k: usize| words[(n * 7 + k * 3) % words.len()];
            let mut e = entry(
                &format!(
                    "Risk {n} {} {}",
                    pick(0),
                    if n % 5 == 0 { "Bias" } else { "" }
                ),
                &format!("RSK-{n:04} A.{}.{}.{}", n % 9, n % 4, n % 7),
                &format!(
                    "{} {} {} the {} of {} {}",
                    pick(1),
                    pick(2),
                    if n % 11 == 0 {
                        "drift ".repeat(14)
                    } else {
                        String::new()
                    },
                    pick(3),
                    pick(4),
                    if n % 3 == 0 {
                        "Risk register"
                    } else {
                        "control"
                    }
                ),
            );
            e.rank = match n % 4 {
                0 => SearchRank::Reference,
                1 => SearchRank::Register,
                2 => SearchRank::TrustCenter,
                _ => SearchRank::Answer,
            };
            entries.push(e);
        }
        entries.push(entry("Bias", "BIAS-1", "Exactly the title."));
        entries.push(entry("model drift", "", "A title of two words."));
        entries
    }

    /// Small files, so that the documents span many of each kind.
    fn small(entries: Vec<SearchEntry>) -> SearchIndex {
        SearchIndex {
            entries,
            layout: SearchLayout {
                terms: 9,
                titles_per_shard: 16,
                shown_per_shard: 8,
                exact: 7,
            },
            built: std::sync::OnceLock::new(),
        }
    }

    /// Every file of the index: name -> its JSON.
    fn files(index: &SearchIndex) -> BTreeMap<String, Value> {
        index
            .layout
            .parts(index.entries.len())
            .into_iter()
            .map(|p| {
                let text = part(index, p).unwrap();
                let prefix = format!("window.TRACEMARK_SEARCH_PART(\"{}\",JSON.parse('", p.name());
                let literal = text
                    .strip_prefix(&prefix)
                    .and_then(|s| s.strip_suffix("'));\n"))
                    .expect("one JSON.parse of one literal");
                let json = literal_json(&format!(
                    "window.TRACEMARK_SEARCH = JSON.parse('{literal}');\n"
                ));
                (p.name(), serde_json::from_str(&json).unwrap())
            })
            .collect()
    }

    /// Per field, token and document: tf and the field's length, from the whole index.
    type Postings3 = BTreeMap<(String, String, u64), (f64, u64)>;

    fn whole_postings(entries: &[SearchEntry]) -> Postings3 {
        let whole: Value = serde_json::from_str(&literal_json(&script(entries))).unwrap();
        let info = &whole["index"]["documentStore"]["docInfo"];
        let mut out = Postings3::new();
        for field in FIELDS {
            let mut stack = vec![(String::new(), &whole["index"]["index"][field]["root"])];
            while let Some((token, node)) = stack.pop() {
                for (key, child) in node.as_object().unwrap() {
                    if key == "docs" {
                        for (doc, tf) in child.as_object().unwrap() {
                            let length = info[doc][field].as_u64().unwrap();
                            let key = (field.to_string(), token.clone(), doc.parse().unwrap());
                            out.insert(key, (tf["tf"].as_f64().unwrap(), length));
                        }
                    } else if key != "df" {
                        stack.push((format!("{token}{key}"), child));
                    }
                }
            }
        }
        out
    }

    fn sharded_postings(files: &BTreeMap<String, Value>) -> Postings3 {
        let mut out = Postings3::new();
        let words = files.iter().filter(|(name, _)| name.starts_with('t'));
        for (_, file) in words {
            for term in file.as_array().unwrap() {
                let token = term[0].as_str().unwrap();
                for (f, field) in FIELDS.iter().enumerate() {
                    let flat: Vec<f64> = term[1 + f]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|n| n.as_f64().unwrap())
                        .collect();
                    let (mut doc, mut at) = (-1.0, 0);
                    while at < flat.len() {
                        let (gap, length) = (flat[at], flat[at + 1] as u64);
                        let tf = if gap > 0.0 { 1.0 } else { flat[at + 2] };
                        doc += gap.abs();
                        at += if gap > 0.0 { 2 } else { 3 };
                        let key = (field.to_string(), token.to_string(), doc as u64);
                        assert!(out.insert(key, (tf, length)).is_none(), "{token} twice");
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_files_hold_exactly_the_postings_of_the_whole_index() {
        for entries in [register(), varied(), Vec::new()] {
            let index = small(entries.clone());
            let files = files(&index);
            assert_eq!(sharded_postings(&files), whole_postings(&entries));
            let manifest = &files["index"];
            assert_eq!(manifest["documents"], entries.len());
            // Each words file holds the words from its first to the next file's first.
            let starts: Vec<&str> = manifest["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert!(entries.len() < 30 || starts.len() > 5, "{starts:?}");
            assert!(starts.len() <= index.layout.terms);
            for (k, start) in starts.iter().enumerate() {
                let words = files[&format!("t{k}")].as_array().unwrap();
                assert_eq!(words[0][0].as_str(), Some(*start));
                for w in words {
                    let w = w[0].as_str().unwrap();
                    assert!(*start <= w && starts.get(k + 1).is_none_or(|next| w < *next));
                }
            }
            // What results show, and ranks, as the whole index's documents held them.
            let whole: Value = serde_json::from_str(&literal_json(&script(&entries))).unwrap();
            let runs = manifest["ranks"].as_array().unwrap();
            for (doc, d) in whole["docs"].as_array().unwrap().iter().enumerate() {
                let shown = &files[&format!("d{}", doc / 8)][doc % 8];
                assert_eq!(shown.as_array().unwrap()[..], d.as_array().unwrap()[..5]);
                assert_eq!(files[&format!("n{}", doc / 16)][doc % 16], d[0]);
                let run = runs.iter().rfind(|r| r[0].as_u64() <= Some(doc as u64));
                assert_eq!(run.unwrap()[1], d[5], "rank of {doc}");
            }
        }
    }

    #[test]
    fn every_id_and_title_is_in_its_exact_file() {
        let index = small(register());
        let files = files(&index);
        let mut keys = BTreeSet::new();
        for (doc, e) in index.entries.iter().enumerate() {
            let ids = e.ids.to_lowercase();
            let named = ids.split_whitespace().map(|id| (id.to_string(), 1));
            let title = std::iter::once((e.title.to_lowercase(), 2)).filter(|t| !t.0.is_empty());
            for (key, column) in named.chain(title) {
                let file = &files[&format!("x{}", exact_file(&key, 7))];
                let row = file
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|row| row[0] == key.as_str())
                    .unwrap_or_else(|| panic!("{key} not in its file"));
                assert!(
                    row[column].as_array().unwrap().contains(&doc.into()),
                    "{key}"
                );
                keys.insert(key);
            }
        }
        let rows: usize = (0..7)
            .map(|k| files[&format!("x{k}")].as_array().unwrap().len())
            .sum();
        assert_eq!(rows, keys.len(), "no other keys");
        // The hash search.js computes, on a key of several UTF-16 units per character.
        assert_eq!(exact_file("rsk-0001", usize::MAX), 0xdcc9_4655);
        assert_eq!(exact_file("日🙂", usize::MAX), 0x33e7_8c3f);
    }

    #[test]
    fn the_files_do_not_depend_on_the_number_of_threads() {
        let on = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| files(&small(register())))
        };
        assert_eq!(on(1), on(3));
    }

    /// The node binary. Required, not skipped: CI installs it (.ci/run), and without it
    /// nothing checks that search.js answers as elasticlunr.js did.
    pub(crate) fn node() -> &'static str {
        let found = std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "node is needed to run search.js (apt-get install nodejs)"
        );
        "node"
    }

    /// search.js over the files and elasticlunr.js over the whole index, for each query: the
    /// same results in the same order, with the same scores, and what each first query loaded.
    fn differential(index: &SearchIndex, queries: &[&str], limit: usize) -> Vec<Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        std::fs::create_dir_all(site.join("search")).unwrap();
        for p in index.layout.parts(index.entries.len()) {
            std::fs::write(site.join(p.path()), part(index, p).unwrap()).unwrap();
        }
        std::fs::write(site.join("whole.js"), script(&index.entries)).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let fixtures = root.join("tests/fixtures/elasticlunr");
        let output = std::process::Command::new(node())
            .arg(fixtures.join("differential.js"))
            .arg(&fixtures)
            .arg(root.join("static/assets/search.js"))
            .arg(site)
            .arg(site.join("whole.js"))
            .arg(limit.to_string())
            .arg(serde_json::to_string(queries).unwrap())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let out: Value = serde_json::from_slice(&output.stdout).unwrap();
        for (q, query) in queries.iter().enumerate() {
            assert_eq!(out["sharded"][q], out["whole"][q], "{query:?}");
        }
        serde_json::from_value(out["files"].clone()).unwrap()
    }

    /// Queries of every kind: single words, several, word starts, ids, title and body words,
    /// stop words, punctuation, unicode, nothing found.
    const QUERIES: &[&str] = &[
        "risk",
        "Risk",
        "bias",
        "bia",
        "b",
        "fair",
        "fairness",
        "drift",
        "model drift",
        "models",
        "data",
        "dat",
        "encrypt",
        "encryption access",
        "a",
        "a1",
        "a.b",
        "ab",
        "x",
        "A.6.2.4",
        "a.3.1.2",
        "RSK-0001",
        "rsk-0117",
        "RSK",
        "0042",
        "BIAS-1",
        "Bias",
        "model drift",
        "register",
        "risk register",
        "control risk",
        "the",
        "the risk",
        "  risk  ",
        "zzzz",
        "bias zzzz",
        "Données",
        "café",
        "日本語",
        "🙂",
        "Ωmega",
        "access access",
        "p2",
        "POL-ACCESS",
        "pol",
        "segment",
        "https",
        "'single'",
        "</script>",
        "well-being",
        "co",
        "docs",
        "d",
        "df",
        "",
        "-",
        "?",
    ];

    #[test]
    fn search_js_answers_as_elasticlunr_js_did_on_the_whole_index() {
        let index = small(register());
        let loaded = differential(&index, QUERIES, 50);
        differential(&index, QUERIES, 8);
        // A first query of a whole word loads the manifest, its word's file, one exact file and
        // at most one display file per result shown.
        let bias = &loaded[QUERIES.iter().position(|q| *q == "bias").unwrap()];
        let count = |kind: char| bias.iter().filter(|f| f.starts_with(kind)).count();
        assert!(bias.contains(&"index".to_string()), "{bias:?}");
        assert_eq!((count('t'), count('x')), (1, 1), "{bias:?}");
        assert!(count('d') <= 50, "{bias:?}");
    }
}
