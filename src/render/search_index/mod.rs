//! The search index under `search/`: elasticlunr's index cut into files that search.js loads
//! one by one, each written straight into the JavaScript string literal the browser parses.
//!
//! The index holds exactly the postings elasticlunr-rs's `Index::to_json` would (tokens from its
//! English tokenizer and pipeline, term frequencies as earlier builds wrote them, each field's
//! length per document), so search.js scores as elasticlunr.js scored the whole index (the test
//! module `unsharded` writes that whole index, as earlier builds did, to prove both). One file
//! for everything was 62 MB at 100,000 entities, all loaded by a first query; now a query loads
//! the manifest (`search/index.js`), the files of the words it needs (cut at word boundaries in
//! sorted order, so a word start's expansions are in one or a few neighbouring files), the
//! exact-match file of its text, and the titles and display fields of the documents it shows.

use std::collections::HashMap;

use elasticlunr::Language;
use elasticlunr::lang::English;
use elasticlunr::pipeline::Pipeline;
use rayon::prelude::*;

use crate::plan::SearchEntry;

mod shards;
pub use shards::part;
#[cfg(test)]
mod unsharded;

/// The indexed fields, in the order elasticlunr is given them. Not "id": that is
/// elasticlunr's default document reference field, never indexed.
const FIELDS: [&str; 3] = ["title", "ids", "body"];

/// The indexed text of an entry, field by field (the order of [`FIELDS`]).
fn field_texts(entry: &SearchEntry) -> [&str; 3] {
    [&entry.title, &entry.ids, &entry.body]
}

/// How much of a document's body the index keeps for result snippets. The whole body is
/// indexed; a match further in still finds the page, with its summary as the snippet.
const SNIPPET_SOURCE_CHARS: usize = 600;

/// How many documents one task tokenises: about four tasks per thread, for balance, but not
/// so few documents that each task's cache of tokenised words stays cold. The tasks' postings
/// are joined in document order, so the index does not depend on this.
fn chunk_size(documents: usize) -> usize {
    documents
        .div_ceil(4 * rayon::current_num_threads())
        .clamp(64, 4096)
}

/// The first [`SNIPPET_SOURCE_CHARS`] characters of a body, ending between words: a cut
/// through a word would show the reader (and the leak gate) another id, `EV-4` of `EV-40`.
fn snippet(body: &str) -> &str {
    let Some((end, _)) = body.char_indices().nth(SNIPPET_SOURCE_CHARS) else {
        return body;
    };
    let head = &body[..end];
    if body[end..].starts_with(char::is_whitespace) {
        return head;
    }
    head.rfind(char::is_whitespace)
        .map_or(head, |at| &head[..at])
}

/// One document's occurrences of one token in one field.
#[derive(Debug, Clone, Copy)]
struct Posting {
    /// The document's position in the entries.
    doc: u32,
    /// How many times the token occurs in the field (elasticlunr stores its square root).
    count: u32,
}

/// One field's inverted index: per token id, its postings in the order documents are written
/// (sorted by reference as text, "10" before "2", as elasticlunr's maps are).
#[derive(Debug, Default)]
struct FieldPostings {
    lists: Vec<Vec<Posting>>,
}

impl FieldPostings {
    /// The postings of a token id, creating the list when the id is new to this field.
    fn list(&mut self, token: u32) -> &mut Vec<Posting> {
        let at = token as usize;
        if self.lists.len() <= at {
            self.lists.resize_with(at + 1, Vec::new);
        }
        &mut self.lists[at]
    }
}

/// The tokens of every field and each document's token count per field.
#[derive(Debug, Default)]
struct Postings {
    /// Every distinct token (after the pipeline), by id.
    tokens: Vec<String>,
    /// The id of each token.
    ids: HashMap<String, u32>,
    /// Per field (the order of [`FIELDS`]).
    fields: [FieldPostings; 3],
    /// The documents, by reference as text: the order of every map keyed by reference.
    order: Vec<u32>,
    /// How many tokens each field of each document (in `order`) holds after the pipeline.
    lengths: Vec<[u32; 3]>,
}

impl Postings {
    /// Tokenises every entry, in parallel, in chunks of documents taken in reference order;
    /// the chunks are joined in that order, so the result does not depend on thread count.
    fn build(entries: &[SearchEntry]) -> Postings {
        let order = reference_order(entries.len());
        let chunks: Vec<Postings> = order
            .par_chunks(chunk_size(entries.len()))
            .map(|docs| Postings::of_chunk(entries, docs))
            .collect();
        let mut all = Postings::default();
        for chunk in chunks {
            all.append(chunk);
        }
        all
    }

    /// The postings of some documents, taken in the order given.
    fn of_chunk(entries: &[SearchEntry], docs: &[u32]) -> Postings {
        let mut tokenizer = Tokenizer::new();
        let mut part = Postings::default();
        // Occurrences per token id in the current field, and the ids that occurred.
        let mut counts: Vec<u32> = Vec::new();
        let mut occurred: Vec<u32> = Vec::new();
        for &doc in docs {
            let mut lengths = [0; 3];
            for (field, text) in field_texts(&entries[doc as usize]).into_iter().enumerate() {
                lengths[field] = tokenizer.tokens(text, &mut part, |id| {
                    let at = id as usize;
                    if counts.len() <= at {
                        counts.resize(at + 1, 0);
                    }
                    if counts[at] == 0 {
                        occurred.push(id);
                    }
                    counts[at] += 1;
                });
                for id in occurred.drain(..) {
                    let count = std::mem::take(&mut counts[id as usize]);
                    part.fields[field].list(id).push(Posting { doc, count });
                }
            }
            part.lengths.push(lengths);
        }
        part.order = docs.to_vec();
        part
    }

    /// The id of a token, numbering it if it is new.
    fn id(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.ids.get(token) {
            return id;
        }
        let id = self.tokens.len() as u32;
        self.tokens.push(token.to_string());
        self.ids.insert(token.to_string(), id);
        id
    }

    /// Adds a later chunk's postings after this one's.
    fn append(&mut self, chunk: Postings) {
        let Postings {
            tokens,
            mut fields,
            order,
            lengths,
            ..
        } = chunk;
        self.order.extend(order);
        self.lengths.extend(lengths);
        let global: Vec<u32> = tokens.iter().map(|t| self.id(t)).collect();
        for (field, part) in fields.iter_mut().enumerate() {
            for (local, list) in part.lists.iter_mut().enumerate() {
                if !list.is_empty() {
                    self.fields[field].list(global[local]).append(list);
                }
            }
        }
    }
}

/// Document numbers sorted by their decimal text, the order of elasticlunr's maps.
fn reference_order(count: usize) -> Vec<u32> {
    let mut order: Vec<u32> = (0..count as u32).collect();
    order.sort_unstable_by_key(|n| n.to_string());
    order
}

/// elasticlunr-rs's English tokenizer and pipeline (trimmer, stop words, Porter stemmer), run
/// once per distinct word. The tokenizer splits at whitespace and hyphens, then lowercases each
/// piece, so splitting at whitespace first gives the same tokens in the same order; and a few
/// thousand words make up most of any text.
struct Tokenizer {
    language: English,
    pipeline: Pipeline,
    /// What each word seen so far became: a range of `kept`.
    words: HashMap<String, (u32, u32)>,
    kept: Vec<Kept>,
}

/// What the pipeline makes of a token.
#[derive(Clone, Copy)]
enum Kept {
    /// Dropped (a stop word, or nothing left after trimming).
    No,
    /// Kept but empty: counted in the field's length, never indexed (as in elasticlunr).
    Empty,
    /// Kept as the token with this id.
    Token(u32),
}

impl Tokenizer {
    fn new() -> Tokenizer {
        let language = English::new();
        let pipeline = language.make_pipeline();
        Tokenizer {
            language,
            pipeline,
            words: HashMap::new(),
            kept: Vec::new(),
        }
    }

    /// Calls `each` with the id (numbered in `ids`) of every indexed token of a text, in order;
    /// returns how many tokens the pipeline kept, which elasticlunr stores as the field's length.
    fn tokens(&mut self, text: &str, ids: &mut Postings, mut each: impl FnMut(u32)) -> u32 {
        let mut count = 0;
        for word in text.split_whitespace() {
            let (start, end) = match self.words.get(word) {
                Some(&range) => range,
                None => self.learn(word, ids),
            };
            for &kept in &self.kept[start as usize..end as usize] {
                match kept {
                    Kept::No => {}
                    Kept::Empty => count += 1,
                    Kept::Token(id) => {
                        count += 1;
                        each(id);
                    }
                }
            }
        }
        count
    }

    /// Tokenises a new word and remembers what its tokens became.
    fn learn(&mut self, word: &str, ids: &mut Postings) -> (u32, u32) {
        let start = self.kept.len() as u32;
        for raw in self.language.tokenize(word) {
            self.kept.push(match self.pipeline.run(vec![raw]).pop() {
                None => Kept::No,
                Some(token) if token.is_empty() => Kept::Empty,
                Some(token) => Kept::Token(ids.id(&token)),
            });
        }
        let range = (start, self.kept.len() as u32);
        self.words.insert(word.to_string(), range);
        range
    }
}

/// The term frequencies (`sqrt(count)`) of the small counts that make up nearly all postings,
/// their texts made once.
struct PostingTexts {
    frequencies: Vec<String>,
}

/// Counts below this have their term frequency's text made once.
const COMMON_COUNTS: u32 = 1024;

impl PostingTexts {
    fn new() -> PostingTexts {
        PostingTexts {
            frequencies: (0..COMMON_COUNTS).map(tf_text).collect(),
        }
    }

    /// The term frequency of a count.
    fn tf(&self, count: u32) -> std::borrow::Cow<'_, str> {
        match self.frequencies.get(count as usize) {
            Some(text) => text.into(),
            None => tf_text(count).into(),
        }
    }
}

/// The term frequency of a count, `sqrt(count)`, as earlier builds wrote it: they read
/// elasticlunr-rs's JSON back with serde_json, whose default float parser is one unit in the
/// last place off for some values (`sqrt(14)`, 3.7416573867739413, read as
/// 3.7416573867739418), and wrote that. Doing the same keeps scores identical to those of the
/// whole index earlier builds wrote, to the last bit.
fn tf_text(count: u32) -> String {
    let exact = serde_json::to_string(&f64::from(count).sqrt()).unwrap_or_else(|_| "null".into());
    serde_json::from_str::<serde_json::Value>(&exact).map_or(exact, |read| read.to_string())
}

/// Text written into the body of a single-quoted JavaScript string that `JSON.parse` reads.
///
/// JSON.parse of a string literal is much faster for browsers than an object literal of the
/// same size (V8 and SpiderMonkey parse JSON in one pass). Every piece of the JSON passes
/// through [`JsLiteral::raw`], which escapes as it copies: `\` and `'` for the literal, `</`
/// as `<\/` so the text cannot end a script element, U+2028 and U+2029 (line terminators in
/// older JavaScript), and every `[` right after a `[` spaced (`[[[` is `[ [ [`): no `[[`
/// reaches the output (an unresolved mention would read like one), the docs being an array of
/// arrays; inside strings the text reads the same. The string holds no raw line break: JSON
/// escapes them.
struct JsLiteral {
    out: String,
    /// The last byte was `[`.
    open_bracket: bool,
    /// The last byte was `<`.
    after_lt: bool,
}

impl JsLiteral {
    fn with_capacity(capacity: usize) -> JsLiteral {
        JsLiteral {
            out: String::with_capacity(capacity),
            open_bracket: false,
            after_lt: false,
        }
    }

    /// Appends JSON text, escaped for the literal.
    fn raw(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut copied = 0;
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            let (escape, width) = match byte {
                b'[' if self.open_bracket => (Some(" ["), 1),
                b'\\' => (Some("\\\\"), 1),
                b'\'' => (Some("\\'"), 1),
                b'/' if self.after_lt => (Some("\\/"), 1),
                0xE2 if bytes[at + 1..].starts_with(&[0x80, 0xA8]) => (Some("\\u2028"), 3),
                0xE2 if bytes[at + 1..].starts_with(&[0x80, 0xA9]) => (Some("\\u2029"), 3),
                _ => (None, 1),
            };
            self.open_bracket = byte == b'[';
            self.after_lt = byte == b'<';
            if let Some(escape) = escape {
                self.out.push_str(&text[copied..at]);
                self.out.push_str(escape);
                copied = at + width;
            }
            at += width;
        }
        self.out.push_str(&text[copied..]);
    }

    /// Appends a JSON string, escaped as serde_json escapes it (quote, backslash, and control
    /// characters: short forms where JSON has them, else `\u00XX`), then for the literal.
    fn json_str(&mut self, text: &str) {
        self.raw("\"");
        let mut copied = 0;
        for (at, byte) in text.bytes().enumerate() {
            let short = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0C => "\\f",
                0x00..=0x1F => "",
                _ => continue,
            };
            self.raw(&text[copied..at]);
            if short.is_empty() {
                self.raw(&format!("\\u{byte:04x}"));
            } else {
                self.raw(short);
            }
            copied = at + 1;
        }
        self.raw(&text[copied..]);
        self.raw("\"");
    }
}

#[cfg(test)]
mod snippet_tests {
    use super::{SNIPPET_SOURCE_CHARS, snippet};

    #[test]
    fn a_snippet_ends_between_words() {
        let filler = "a".repeat(SNIPPET_SOURCE_CHARS - 6);
        // The cut at SNIPPET_SOURCE_CHARS would fall inside `EV-40`.
        let body = format!("{filler} see EV-40 for more");
        assert_eq!(snippet(&body), format!("{filler} see"));
        let short = "a short body with EV-40";
        assert_eq!(snippet(short), short);
        let exact = format!("{filler} EV-40 then more");
        assert_eq!(snippet(&exact), format!("{filler} EV-40"));
    }
}
