//! `search-index.js`: the elasticlunr index and the documents' display fields, written
//! straight into the JavaScript string literal the browser parses.
//!
//! The file holds exactly the JSON that elasticlunr-rs's `Index::to_json` would (and
//! elasticlunr.js's `Index.load` reads), byte for byte as earlier builds wrote it through
//! elasticlunr-rs. That crate builds a trie of maps with a `String` per posting, which took
//! seconds and more than a gigabyte on 10,000 pages. Here each field keeps compact postings
//! per token, and the trie is written by walking the sorted tokens. Tokens still come from
//! elasticlunr-rs's English tokenizer and pipeline, so they are the ones its own index holds.

use std::collections::HashMap;

use elasticlunr::Language;
use elasticlunr::lang::English;
use elasticlunr::pipeline::Pipeline;
use rayon::prelude::*;

use crate::plan::SearchEntry;

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

/// The whole `search-index.js`. A script, not JSON fetched at run time, so search works from
/// `file://` too; it is loaded only when the reader starts to search. The documents' display
/// fields come first, so they are written while the index is being built.
pub fn script(entries: &[SearchEntry]) -> String {
    let (postings, mut out) = rayon::join(
        || Postings::build(entries),
        || {
            let mut out = JsLiteral::with_capacity(estimated_size(entries));
            // Around the literal, not in it: unescaped.
            out.out.push_str("window.TRACEMARK_SEARCH = JSON.parse('");
            // Keys in sorted order, as when the file was a serde_json::Value (a sorted map).
            out.raw("{\"docs\":");
            write_docs(&mut out, entries);
            out
        },
    );
    out.raw(",\"index\":");
    write_index(&mut out, &postings);
    out.raw("}");
    out.out.push_str("');\n");
    out.out
}

/// A guess at the output's length, so the string is allocated about once: the display fields,
/// and about as much for the index as the indexed text (a posting per word, give or take).
fn estimated_size(entries: &[SearchEntry]) -> usize {
    entries
        .iter()
        .map(|e| {
            e.url.len() + e.kind.len() + 2 * (e.title.len() + e.ids.len()) + e.body.len() + 120
        })
        .sum::<usize>()
        + entries
            .iter()
            .map(|e| snippet(&e.body).len())
            .sum::<usize>()
}

/// `docs`: per document (in entry order, its reference being its position) the title, URL,
/// kind, ids and the start of its body, which search.js shows, and its rank
/// ([`crate::plan::SearchRank`] as a number), by which it orders results.
fn write_docs(out: &mut JsLiteral, entries: &[SearchEntry]) {
    out.raw("[");
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            out.raw(",");
        }
        out.raw("[");
        for (k, text) in [&e.title, &e.url, &e.kind, &e.ids].into_iter().enumerate() {
            if k > 0 {
                out.raw(",");
            }
            out.json_str(text);
        }
        out.raw(",");
        out.json_str(snippet(&e.body));
        // The rank, a small number: search.js orders by it after exact id and title matches.
        out.raw(&format!(",{}", u8::from(e.rank)));
        out.raw("]");
    }
    out.raw("]");
}

/// The first [`SNIPPET_SOURCE_CHARS`] characters of a body.
fn snippet(body: &str) -> &str {
    let end = body
        .char_indices()
        .nth(SNIPPET_SOURCE_CHARS)
        .map_or(body.len(), |(at, _)| at);
    &body[..end]
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

    /// A field's tokens that occur in some document, sorted (so a prefix precedes its
    /// extensions, and siblings come in character order), with their postings.
    fn sorted(&self, field: usize) -> Vec<(&str, &[Posting])> {
        let mut tokens: Vec<(&str, &[Posting])> = self.fields[field]
            .lists
            .iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(id, list)| (self.tokens[id].as_str(), list.as_slice()))
            .collect();
        tokens.sort_unstable_by_key(|&(token, _)| token);
        tokens
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

/// `index`: elasticlunr's serialised index, its keys sorted.
fn write_index(out: &mut JsLiteral, postings: &Postings) {
    let names = fields_by_name();
    let texts = PostingTexts::new(postings.order.len());
    out.raw("{\"documentStore\":");
    write_document_store(out, postings, &names);
    out.raw(",\"fields\":[");
    for (k, field) in FIELDS.iter().enumerate() {
        if k > 0 {
            out.raw(",");
        }
        out.json_str(field);
    }
    out.raw("],\"index\":{");
    for (k, &field) in names.iter().enumerate() {
        if k > 0 {
            out.raw(",");
        }
        out.json_str(FIELDS[field]);
        out.raw(":{\"root\":");
        write_trie(out, &postings.sorted(field), &texts);
        out.raw("}");
    }
    let language = English::new();
    out.raw("},\"lang\":");
    out.json_str(&language.name());
    out.raw(",\"pipeline\":[");
    for (k, function) in language.make_pipeline().queue.iter().enumerate() {
        if k > 0 {
            out.raw(",");
        }
        out.json_str(&function.name());
    }
    out.raw("],\"ref\":\"id\",\"version\":");
    out.json_str(elasticlunr::ELASTICLUNR_VERSION);
    out.raw("}");
}

/// Field positions in [`FIELDS`], sorted by name: the order of keys in maps keyed by field.
fn fields_by_name() -> Vec<usize> {
    let mut names: Vec<usize> = (0..FIELDS.len()).collect();
    names.sort_by_key(|&field| FIELDS[field]);
    names
}

/// `documentStore`: per document its fields' token counts, and no stored documents.
fn write_document_store(out: &mut JsLiteral, postings: &Postings, names: &[usize]) {
    out.raw("{\"docInfo\":{");
    for (k, (doc, lengths)) in postings.order.iter().zip(&postings.lengths).enumerate() {
        if k > 0 {
            out.raw(",");
        }
        out.raw(&format!("\"{doc}\":{{"));
        for (j, &field) in names.iter().enumerate() {
            if j > 0 {
                out.raw(",");
            }
            out.json_str(FIELDS[field]);
            out.raw(&format!(":{}", lengths[field]));
        }
        out.raw("}");
    }
    out.raw("},\"docs\":{");
    for (k, doc) in postings.order.iter().enumerate() {
        if k > 0 {
            out.raw(",");
        }
        out.raw(&format!("\"{doc}\":{{}}"));
    }
    out.raw(&format!(
        "}},\"length\":{},\"save\":false}}",
        postings.order.len()
    ));
}

/// A trie node being written: its own postings, once known, and what it has written so far.
#[derive(Default)]
struct OpenNode<'a> {
    postings: &'a [Posting],
    /// `df` and `docs` are written: they sort after the children keyed `d` or below.
    own_written: bool,
    /// Entries written so far, for commas.
    entries: usize,
}

/// A field's trie from its sorted tokens: one object per character, each with the postings
/// (`docs`, reference -> `tf`) and document frequency (`df`) of the token ending there. The
/// subtrees under each first character are written in parallel, then joined in order.
fn write_trie(out: &mut JsLiteral, tokens: &[(&str, &[Posting])], texts: &PostingTexts) {
    let groups: Vec<_> = tokens
        .chunk_by(|a, b| a.0.chars().next() == b.0.chars().next())
        .collect();
    let subtrees: Vec<JsLiteral> = groups
        .par_iter()
        .map(|group| {
            let size = group.iter().map(|(t, p)| t.len() * 20 + p.len() * 20);
            let mut subtree = JsLiteral::with_capacity(size.sum());
            write_subtree(&mut subtree, group, texts);
            subtree
        })
        .collect();
    let mut root = OpenNode::default();
    out.raw("{");
    for (group, subtree) in groups.iter().zip(subtrees) {
        let first = group[0].0.chars().next().unwrap_or_default();
        open_child(out, &mut root, first, texts);
        out.append(subtree);
    }
    close_node(out, root, texts);
}

/// The entry (`"c":{...}`) of the subtree of tokens that all start with the same character.
/// The tokens are walked in order with a stack of open nodes, not recursively: a long token
/// (a URL) would otherwise nest as deep as its length.
fn write_subtree(out: &mut JsLiteral, tokens: &[(&str, &[Posting])], texts: &PostingTexts) {
    let mut open: Vec<OpenNode> = Vec::new();
    let mut path: Vec<char> = Vec::new();
    for &(token, postings) in tokens {
        let common = path
            .iter()
            .zip(token.chars())
            .take_while(|(a, b)| *a == b)
            .count();
        while path.len() > common {
            path.pop();
            if let Some(node) = open.pop() {
                close_node(out, node, texts);
            }
        }
        for c in token.chars().skip(common) {
            if let Some(parent) = open.last_mut() {
                open_child(out, parent, c, texts);
            }
            let mut key = [0; 4];
            out.json_str(c.encode_utf8(&mut key));
            out.raw(":{");
            open.push(OpenNode::default());
            path.push(c);
        }
        if let Some(node) = open.last_mut() {
            node.postings = postings;
        }
    }
    while let Some(node) = open.pop() {
        close_node(out, node, texts);
    }
}

/// What comes before a child's key in its parent: the parent's own entries if the key sorts
/// after them (children keyed up to `d` come before `df` and `docs`), and a comma.
fn open_child(out: &mut JsLiteral, parent: &mut OpenNode, key: char, texts: &PostingTexts) {
    if key > 'd' && !parent.own_written {
        write_own(out, parent, texts);
    }
    if parent.entries > 0 {
        out.raw(",");
    }
    parent.entries += 1;
}

/// Ends a node, writing its own entries if no child came after them.
fn close_node(out: &mut JsLiteral, mut node: OpenNode, texts: &PostingTexts) {
    if !node.own_written {
        write_own(out, &mut node, texts);
    }
    out.raw("}");
}

/// A node's `df` and `docs`.
fn write_own(out: &mut JsLiteral, node: &mut OpenNode, texts: &PostingTexts) {
    if node.entries > 0 {
        out.raw(",");
    }
    node.entries += 1;
    node.own_written = true;
    out.raw(&format!("\"df\":{},\"docs\":{{", node.postings.len()));
    for (k, posting) in node.postings.iter().enumerate() {
        if k > 0 {
            out.raw(",");
        }
        out.raw("\"");
        out.raw(texts.reference(posting.doc));
        out.raw("\":{\"tf\":");
        out.raw(&texts.tf(posting.count));
        out.raw("}");
    }
    out.raw("}");
}

/// The texts a posting is written with, made once: document references, and the term
/// frequencies (`sqrt(count)`) of the small counts that make up nearly all postings.
struct PostingTexts {
    references: Vec<String>,
    frequencies: Vec<String>,
}

/// Counts below this have their term frequency's text made once.
const COMMON_COUNTS: u32 = 1024;

impl PostingTexts {
    fn new(documents: usize) -> PostingTexts {
        PostingTexts {
            references: (0..documents).map(|doc| doc.to_string()).collect(),
            frequencies: (0..COMMON_COUNTS).map(tf_text).collect(),
        }
    }

    /// A document's reference: its position in the entries.
    fn reference(&self, doc: u32) -> &str {
        &self.references[doc as usize]
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
/// 3.7416573867739418), and wrote that. Doing the same keeps the file byte-identical; no
/// search score can tell the difference.
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

    /// Appends text escaped on its own, from a place where no escape could span the join:
    /// after `,` or `{`, and starting with a quote.
    fn append(&mut self, other: JsLiteral) {
        debug_assert!(!self.open_bracket && !self.after_lt && other.out.starts_with('"'));
        self.out.push_str(&other.out);
        self.open_bracket = other.open_bracket;
        self.after_lt = other.after_lt;
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
mod tests {
    use super::*;

    fn entry(title: &str, ids: &str, body: &str) -> SearchEntry {
        SearchEntry {
            title: title.into(),
            url: format!("policies/{}.html", ids.split(' ').next().unwrap_or("")),
            kind: "policy".into(),
            ids: ids.into(),
            body: body.into(),
            rank: crate::plan::SearchRank::Reference,
        }
    }

    /// Documents that exercise the index: more than ten (so references sort as text), repeated
    /// tokens, stop words only, empty fields, hyphens, unicode, tokens that are prefixes of
    /// others, siblings on both sides of `d`, and characters the literal must escape.
    fn varied() -> Vec<SearchEntry> {
        let mut entries = vec![
            entry(
                "Access Control Policy",
                "POL-ACCESS",
                "Access is granted by role. Access reviews run quarterly; access access access.",
            ),
            entry("", "", ""),
            entry("The", "A", "the and of to in it is was"),
            entry(
                "Données personnelles — café naïve",
                "POL-ÉTÉ 日本語",
                "Ωmega ΑΛΦΑ straße İstanbul 東京 emoji 🙂🙂 tab\there\nnew line",
            ),
            entry(
                "Quotes 'single' \"double\"",
                "Q-1",
                "don't can't C:\\data\\files </script> <b>bold</b> [[ID]] [[[x]]] \u{2028}a\u{2029}b \u{1}ctl",
            ),
            entry(
                "Prefixes",
                "P-2",
                "a ab abc abd abde ad ae d da dd de df docs dog e z 0 9 _x x_ co-operate well-being",
            ),
            entry("Repeated", "R-3", &"risk ".repeat(1500)),
            entry(
                "Long token",
                "L-4",
                &format!("https://example.com/{}", "segment/".repeat(8)),
            ),
        ];
        for n in 0..12 {
            entries.push(entry(
                &format!("Policy {n}"),
                &format!("POL-{n} P{n}"),
                &format!(
                    "Body {n} with words training models models {}",
                    "x".repeat(n)
                ),
            ));
        }
        entries
    }

    /// What elasticlunr-rs itself builds and serialises for the entries.
    fn reference_index(entries: &[SearchEntry]) -> serde_json::Value {
        let mut index = elasticlunr::IndexBuilder::new()
            .save_docs(false)
            .add_fields(FIELDS)
            .build();
        for (n, e) in entries.iter().enumerate() {
            index.add_doc(&n.to_string(), field_texts(e));
        }
        serde_json::from_str(&index.to_json()).unwrap()
    }

    /// The script as earlier builds wrote it: elasticlunr-rs's JSON read into a
    /// `serde_json::Value`, written out with the docs, then escaped in whole-text passes. One
    /// change: every `[` after a `[` is spaced, where `replace("[[", "[ [")` left `[ [[`.
    fn reference_script(entries: &[SearchEntry]) -> String {
        let docs: Vec<_> = entries
            .iter()
            .map(|e| {
                let snippet: String = e.body.chars().take(SNIPPET_SOURCE_CHARS).collect();
                serde_json::json!([e.title, e.url, e.kind, e.ids, snippet, e.rank])
            })
            .collect();
        let json = serde_json::json!({ "index": reference_index(entries), "docs": docs });
        let literal = spaced_brackets(&json.to_string())
            .replace('\\', "\\\\")
            .replace('\'', "\\'")
            .replace("</", "<\\/")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        format!("window.TRACEMARK_SEARCH = JSON.parse('{literal}');\n")
    }

    /// The JSON text inside the script, as JavaScript reads the literal. Its escapes (`\\`,
    /// `\'`, `\/`, `\uXXXX`) are JSON's but for `\'`, so it reads as a JSON string once `\'` is
    /// a plain quote and the JSON's own double quotes are escaped; anything else fails to parse.
    fn literal_json(script: &str) -> String {
        let literal = script
            .strip_prefix("window.TRACEMARK_SEARCH = JSON.parse('")
            .and_then(|s| s.strip_suffix("');\n"))
            .expect("a JSON.parse of one string literal");
        let as_json = format!("\"{}\"", literal.replace("\\'", "'").replace('"', "\\\""));
        serde_json::from_str(&as_json).expect("only JavaScript's escapes, every quote escaped")
    }

    /// A space between every two `[` in a row.
    fn spaced_brackets(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c == '[' && out.ends_with('[') {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }

    fn parse(json: &str) -> serde_json::Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_index_is_the_one_elasticlunr_rs_writes() {
        for entries in [varied(), Vec::new(), vec![entry("One", "ONE", "only")]] {
            let ours = script(&entries);
            assert_eq!(
                parse(&literal_json(&ours))["index"],
                reference_index(&entries)
            );
            assert_eq!(ours, reference_script(&entries), "byte for byte as before");
        }
    }

    #[test]
    fn docs_hold_title_url_kind_ids_the_start_of_the_body_and_the_rank() {
        let mut entries = varied();
        entries.push(entry("Long", "LONG", &"é".repeat(700)));
        entries[1].rank = crate::plan::SearchRank::Answer;
        let ours = parse(&literal_json(&script(&entries)));
        let docs = ours["docs"].as_array().unwrap();
        assert_eq!(docs.len(), entries.len());
        for (doc, e) in docs.iter().zip(&entries) {
            let snippet: String = e.body.chars().take(SNIPPET_SOURCE_CHARS).collect();
            // The one change: `[[` reads `[ [` everywhere, inside strings too.
            let [title, url, kind, ids, snippet] =
                [&e.title, &e.url, &e.kind, &e.ids, &snippet].map(|s| spaced_brackets(s));
            let rank = u8::from(e.rank);
            assert_eq!(
                doc,
                &serde_json::json!([title, url, kind, ids, snippet, rank])
            );
        }
    }

    #[test]
    fn the_literal_cannot_break_out_of_its_script() {
        let text = script(&varied());
        let body = text
            .strip_prefix("window.TRACEMARK_SEARCH = JSON.parse('")
            .and_then(|s| s.strip_suffix("');\n"))
            .unwrap();
        assert!(!body.contains("</"), "`</` could end the script element");
        assert!(!body.contains("[["), "reads like an unresolved mention");
        for c in ['\n', '\r', '\u{2028}', '\u{2029}'] {
            assert!(!body.contains(c), "{c:?} would end the literal");
        }
        // Every quote is escaped: preceded by an odd number of backslashes.
        for (at, _) in body.match_indices('\'') {
            let slashes = body[..at].chars().rev().take_while(|&c| c == '\\').count();
            assert_eq!(slashes % 2, 1, "unescaped quote at {at}");
        }
        assert!(body.contains("<\\/script>"), "{body}");
        assert!(body.contains("\\u2028a\\u2029b"));
        assert!(
            body.contains("[ [ [x]]"),
            "a run of `[` is spaced throughout"
        );
    }

    #[test]
    fn the_index_does_not_depend_on_the_number_of_threads() {
        let mut entries = varied();
        for n in 0..600 {
            entries.push(entry(
                &format!("Doc {n}"),
                &format!("D-{n}"),
                &format!("word{}", n % 7),
            ));
        }
        let on = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| script(&entries))
        };
        assert_eq!(on(1), on(3));
    }

    #[test]
    fn a_token_of_any_length_nests_without_recursion() {
        let word = "z".repeat(5000);
        let text = script(&[entry("Long", "LONG", &format!("see https://{word}"))]);
        let chain = format!(
            "{}\"z\":{{\"df\":1,\"docs\":{{\"0\":{{\"tf\":1.0}}}}}}",
            "\"z\":{\"df\":0,\"docs\":{},".repeat(4999)
        );
        assert!(text.contains(&chain));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Random texts over letters (some stop words, some stemmed), digits, hyphens, every
        /// kind of whitespace, quotes, brackets, `</` and non-ASCII: the same index as
        /// elasticlunr-rs's, and the same bytes as before.
        #[test]
        fn any_documents_index_as_elasticlunr_rs_indexes_them(
            documents in proptest::collection::vec(
                proptest::array::uniform3(
                    "([a-eA-Eé日Σς0-9_'\"<>/\\\\\\[\\]\\-.,:\u{1}\u{7f}]|the|and|ing|ies| |\t|\n|\u{a0}|\u{2028}|\u{3000}){0,30}"
                ),
                0..20,
            )
        ) {
            let entries: Vec<SearchEntry> = documents
                .iter()
                .map(|[t, i, b]| entry(t, i, b))
                .collect();
            let ours = script(&entries);
            proptest::prop_assert_eq!(&parse(&literal_json(&ours))["index"], &reference_index(&entries));
            proptest::prop_assert_eq!(ours, reference_script(&entries));
        }
    }

    #[test]
    fn term_frequencies_read_as_elasticlunr_rs_wrote_them() {
        let texts = PostingTexts::new(0);
        let tf = |count: u32| texts.tf(count).into_owned();
        assert_eq!(tf(1), "1.0");
        assert_eq!(tf(4), "2.0");
        assert_eq!(tf(14), "3.7416573867739418", "as earlier builds wrote it");
        for count in (1..2000).chain([1 << 20]) {
            let exact = serde_json::to_string(&f64::from(count).sqrt()).unwrap();
            let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
            assert_eq!(read(&tf(count)), read(&exact), "{count}");
        }
    }
}
