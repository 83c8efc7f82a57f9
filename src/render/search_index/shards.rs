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
