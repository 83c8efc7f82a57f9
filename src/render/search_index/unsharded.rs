//! The whole index in one file, `search-index.js`, as earlier builds wrote it for elasticlunr.js:
//! kept for the tests, which hold the sharded index and search.js to it.

use super::*;

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
/// `index`: elasticlunr's serialised index, its keys sorted.
fn write_index(out: &mut JsLiteral, postings: &Postings) {
    let names = fields_by_name();
    let texts = PostingTexts::new();
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
        out.raw(&posting.doc.to_string());
        out.raw("\":{\"tf\":");
        out.raw(&texts.tf(posting.count));
        out.raw("}");
    }
    out.raw("}");
}
impl Postings {
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

impl JsLiteral {
    /// Appends text escaped on its own, from a place where no escape could span the join:
    /// after `,` or `{`, and starting with a quote.
    fn append(&mut self, other: JsLiteral) {
        debug_assert!(!self.open_bracket && !self.after_lt && other.out.starts_with('"'));
        self.out.push_str(&other.out);
        self.open_bracket = other.open_bracket;
        self.after_lt = other.after_lt;
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::render::search_index) fn entry(
        title: &str,
        ids: &str,
        body: &str,
    ) -> SearchEntry {
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
    pub(in crate::render::search_index) fn varied() -> Vec<SearchEntry> {
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
                // The start of the body, as the sharded files show it (ending between words).
                let snippet = super::super::snippet(&e.body);
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
    pub(in crate::render::search_index) fn literal_json(script: &str) -> String {
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
            let snippet = super::super::snippet(&e.body);
            assert!(e.body.starts_with(snippet) && snippet.chars().count() <= SNIPPET_SOURCE_CHARS);
            // The one change: `[[` reads `[ [` everywhere, inside strings too.
            let [title, url, kind, ids, snippet] =
                [e.title.as_str(), &e.url, &e.kind, &e.ids, snippet].map(spaced_brackets);
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
        let texts = PostingTexts::new();
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
