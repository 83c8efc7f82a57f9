//! The leak gate: the last line of defence of an audience's build, between rendering and
//! writing. Every output file (and
//! every search document, before it is serialised) is scanned for the ids and file names of
//! every item the audience may not see, in the forms they take in output (as written,
//! HTML-escaped, percent-encoded, JSON-escaped). A hit fails the build before it is swapped
//! in. Nothing here knows which field or template printed the text, so a template override or
//! a static file is caught like a field. It does not catch everything: ids shorter than
//! `MIN_ID_LEN` characters and titles shorter than `MIN_TITLE_LEN` are not looked for, and a
//! hidden title found is only a warning (W700).
//! Tested in `tests/portal/guarantees.rs` (`the_leak_gate_stops_a_build_that_would_print_a_hidden_id`,
//! `an_internal_id_written_in_a_url_is_found_by_the_gate`).

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::diagnostics::Diagnostic;
use crate::model::{Audience, Source, Visibility};
use crate::resolve::Portal;

/// Ids shorter than this are ordinary words too often to be told apart from a leak.
const MIN_ID_LEN: usize = 4;

/// Titles shorter than this are ordinary phrases ("Overview") more often than leaks.
const MIN_TITLE_LEN: usize = 12;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An item's id: matched as a whole word.
    Id,
    /// A source file's name: matched anywhere.
    File,
    /// An item's title: a warning, since a title can be ordinary words.
    Title,
}

/// One hidden thing the gate looks for.
#[derive(Debug, Clone)]
struct Needle {
    kind: Kind,
    /// As written in the sources.
    text: String,
    /// What it belongs to, for the message: `internal risk `RSK-9``.
    item: String,
    /// Where that item is defined.
    source: Source,
}

/// The patterns of every item an audience may not see, compiled into one matcher.
#[derive(Debug)]
pub struct LeakGate {
    matcher: AhoCorasick,
    /// Per pattern of the matcher: the needle it is a form of.
    owners: Vec<usize>,
    needles: Vec<Needle>,
}

impl LeakGate {
    /// The gate for a build of `full` for `audience`; `None` when the audience sees
    /// everything (the auditor package) or nothing is hidden from it. An error (a matcher too
    /// large to build) fails the build rather than letting it through unscanned.
    pub fn new(full: &Portal, audience: Audience) -> Result<Option<LeakGate>, String> {
        if audience == Audience::Auditor {
            return Ok(None);
        }
        let needles = hidden_needles(full, audience);
        if needles.is_empty() {
            return Ok(None);
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut owners = Vec::new();
        let mut seen = HashSet::new();
        for (n, needle) in needles.iter().enumerate() {
            for form in forms(&needle.text) {
                if seen.insert((form.clone(), n)) {
                    patterns.push(form);
                    owners.push(n);
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("the leak gate cannot be built: {e}"))?;
        Ok(Some(LeakGate {
            matcher,
            owners,
            needles,
        }))
    }

    /// The needles found in one output, each once: hidden ids and file names as whole words
    /// (`plan.md` inside `business-plan.md` names another file), and titles.
    fn scan(&self, bytes: &[u8]) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for hit in self.matcher.find_overlapping_iter(bytes) {
            let n = self.owners[hit.pattern().as_usize()];
            if !found.contains(&n) && whole_word(bytes, hit.start(), hit.end()) {
                found.push(n);
            }
        }
        found
    }

    /// One diagnostic for a needle found in `outputs` (sorted; at least one).
    fn diagnostic(&self, needle: &Needle, outputs: &[String]) -> Diagnostic {
        let what = match needle.kind {
            Kind::Id => "id",
            Kind::File => "file name",
            Kind::Title => "title",
        };
        let shown = match outputs {
            [one] => format!("`{one}`"),
            [first, rest @ ..] => format!("`{first}` and {} other output(s)", rest.len()),
            [] => "an output".to_string(),
        };
        let message = format!(
            "{shown} would show the {what} of {} (`{}`), which this audience may not see",
            needle.item, needle.text
        );
        let diagnostic = if needle.kind == Kind::Title {
            Diagnostic::warning("W700", message)
                .help("if the words are ordinary, ignore this; else reword the public text")
        } else {
            Diagnostic::error("E700", message).help(
                "nothing was written: a template override, a static file or a field printed it unfiltered; remove it there (or report it as a Tracemark bug)",
            )
        };
        diagnostic.at(&needle.source.file, needle.source.line)
    }
}

/// A gate with what it found so far, shared by the threads that write a build.
#[derive(Debug)]
pub struct Gate {
    gate: LeakGate,
    /// Per needle found: the outputs it was found in.
    found: std::sync::Mutex<std::collections::BTreeMap<usize, Vec<String>>>,
}

impl Gate {
    /// A gate that starts with nothing found.
    pub fn new(gate: LeakGate) -> Gate {
        Gate {
            gate,
            found: Default::default(),
        }
    }

    /// Scans one output (a file, or a search document before it is serialised).
    pub fn inspect(&self, output: &str, bytes: &[u8]) {
        let hits = self.gate.scan(bytes);
        if hits.is_empty() {
            return;
        }
        // A writer that panicked while holding the lock has already failed the build.
        if let Ok(mut found) = self.found.lock() {
            for n in hits {
                found.entry(n).or_default().push(output.to_string());
            }
        }
    }

    /// One diagnostic per hidden thing found, naming where it was found.
    pub fn found(&self) -> Vec<Diagnostic> {
        let found = self.found.lock().map(|f| f.clone()).unwrap_or_default();
        found
            .into_iter()
            .map(|(n, mut outputs)| {
                outputs.sort();
                outputs.dedup();
                self.gate.diagnostic(&self.gate.needles[n], &outputs)
            })
            .collect()
    }
}

/// The ids, file names and titles of everything `audience` may not see.
fn hidden_needles(full: &Portal, audience: Audience) -> Vec<Needle> {
    let hidden = |v: Visibility| !audience.sees(v);
    let mut needles = Vec::new();
    let mut public_files: HashSet<&str> = HashSet::new();
    let mut push = |kind: Kind, text: &str, what: &str, visibility: Visibility, source: &Source| {
        let long_enough = match kind {
            Kind::Id => text.chars().count() >= MIN_ID_LEN,
            Kind::Title => text.chars().count() >= MIN_TITLE_LEN,
            Kind::File => !text.is_empty(),
        };
        if long_enough {
            needles.push(Needle {
                kind,
                text: text.to_string(),
                item: format!("{} {what}", visibility_word(visibility)),
                source: source.clone(),
            });
        }
    };
    for node in &full.policies {
        let m = &node.doc.meta;
        if hidden(m.visibility) {
            let what = format!("document `{}`", m.id);
            push(Kind::Id, &m.id, &what, m.visibility, &node.doc.source);
            push(
                Kind::File,
                file_name(&node.doc.source.file),
                &what,
                m.visibility,
                &node.doc.source,
            );
            if !m.listed {
                push(Kind::Title, &m.title, &what, m.visibility, &node.doc.source);
            }
        } else {
            public_files.insert(file_name(&node.doc.source.file));
        }
    }
    for page in &full.pages {
        let m = &page.meta;
        if hidden(m.visibility) {
            let what = format!("page `{}`", m.id);
            if m.explicit_id {
                push(Kind::Id, &m.id, &what, m.visibility, &page.source);
            }
            push(
                Kind::File,
                file_name(&page.source.file),
                &what,
                m.visibility,
                &page.source,
            );
            push(Kind::Title, &m.title, &what, m.visibility, &page.source);
        } else {
            public_files.insert(file_name(&page.source.file));
        }
    }
    for node in &full.systems {
        let s = &node.system;
        if hidden(s.visibility) {
            let what = format!("AI system `{}`", s.id);
            push(Kind::Id, &s.id, &what, s.visibility, &s.source);
            push(Kind::Title, &s.name, &what, s.visibility, &s.source);
        }
    }
    for node in &full.risks {
        let r = &node.risk;
        if hidden(r.visibility) {
            let what = format!("risk `{}`", r.id);
            push(Kind::Id, &r.id, &what, r.visibility, &r.source);
            push(Kind::Title, &r.title, &what, r.visibility, &r.source);
        }
    }
    for node in &full.evidence {
        let e = &node.evidence;
        let file = e.file.as_deref().map(file_name).unwrap_or_default();
        if hidden(e.visibility) {
            let what = format!("evidence `{}`", e.id);
            push(Kind::Id, &e.id, &what, e.visibility, &e.source);
            if !file.contains("://") {
                push(Kind::File, file, &what, e.visibility, &e.source);
            }
            push(Kind::Title, &e.title, &what, e.visibility, &e.source);
        } else {
            public_files.insert(file);
        }
    }
    for r in 0..full.records.len() {
        let visibility = full.record_visibility(r);
        if hidden(visibility) {
            let node = &full.records[r];
            let what = format!("{} `{}`", node.kind().noun(), node.id);
            let source = full.record_source(r);
            push(Kind::Id, &node.id, &what, visibility, source);
            push(
                Kind::Title,
                &full.record_title(r),
                &what,
                visibility,
                source,
            );
        }
    }
    for node in &full.trust.questions {
        let q = &node.question;
        if hidden(q.visibility) {
            let what = format!("questionnaire answer `{}`", q.id);
            push(Kind::Id, &q.id, &what, q.visibility, &q.source);
        }
    }
    // A file name a visible item also has is no sign of the hidden one.
    needles.retain(|n| n.kind != Kind::File || !public_files.contains(n.text.as_str()));
    needles
}

fn visibility_word(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Public => "public",
        Visibility::Internal => "internal",
        Visibility::Confidential => "confidential",
    }
}

/// The last segment of a `/`-separated path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The forms a text takes in output files: as written, HTML-escaped, percent-encoded (in
/// URLs) and JSON-escaped (in data files and the search index).
fn forms(text: &str) -> Vec<String> {
    let html = crate::render::markdown::escape(text);
    let percent =
        percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string();
    // Only what is not plain ASCII letters, digits or `-._~` is encoded in a URL.
    let url_path = percent_encoding::utf8_percent_encode(text, URL_PATH).to_string();
    let json = serde_json::to_string(text)
        .map(|quoted| quoted[1..quoted.len() - 1].to_string())
        .unwrap_or_default();
    let mut out = vec![text.to_string(), html, percent, url_path, json];
    out.sort();
    out.dedup();
    out.retain(|f| !f.is_empty());
    out
}

/// What a URL path segment keeps as it is.
const URL_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether `bytes[start..end]` stands as a whole word: no letter, digit, `_` or `-` touches
/// it, nor a `.` before it (`x.RSK-1` is another name; `RSK-1.html` is its page). An escape
/// just before it (`%20` in a URL, `\n` or `\u00a0` in JSON) is a separator, not a letter.
fn whole_word(bytes: &[u8], start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let before = !escaped_before(bytes, start)
        && char_before(bytes, start).is_some_and(|c| word(c) || c == '.');
    let after = char_after(bytes, end).is_some_and(word);
    !before && !after
}

/// Whether the bytes before `at` end with an escape: `%XX`, `\uXXXX` or `\` and a letter.
fn escaped_before(bytes: &[u8], at: usize) -> bool {
    let head = &bytes[..at];
    let hex = |b: &u8| b.is_ascii_hexdigit();
    let percent =
        head.len() >= 3 && head[head.len() - 3] == b'%' && head[head.len() - 2..].iter().all(hex);
    let unicode = head.len() >= 6
        && head[head.len() - 6..head.len() - 4] == *b"\\u"
        && head[head.len() - 4..].iter().all(hex);
    let letter = head.len() >= 2
        && head[head.len() - 2] == b'\\'
        && head[head.len() - 1].is_ascii_alphabetic();
    percent || unicode || letter
}

/// The character that ends at byte `at`, if the bytes there are UTF-8.
fn char_before(bytes: &[u8], at: usize) -> Option<char> {
    let from = at.saturating_sub(4);
    (from..at)
        .find_map(|start| std::str::from_utf8(&bytes[start..at]).ok())
        .and_then(|s| s.chars().next_back())
}

/// The character that starts at byte `at`, if the bytes there are UTF-8.
fn char_after(bytes: &[u8], at: usize) -> Option<char> {
    let to = (at + 4).min(bytes.len());
    (at..=to)
        .rev()
        .find_map(|end| std::str::from_utf8(&bytes[at..end]).ok())
        .and_then(|s| s.chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_as_whole_words_in_every_output_form() {
        let bytes = "x RSK-SECRET y".as_bytes();
        assert!(whole_word(bytes, 2, 12));
        for (text, start, end) in [
            ("RSK-SECRET-2", 0, 10),
            ("aRSK-SECRET", 1, 11),
            ("x.RSK-SECRET", 2, 12),
            ("RSK-SECRET_b", 0, 10),
            ("éRSK-SECRET", 2, 12),
        ] {
            assert!(!whole_word(text.as_bytes(), start, end), "{text}");
        }
        assert!(whole_word(b"risks/RSK-SECRET.html", 6, 16));
        // Escapes before an id separate it; a file name inside a longer one is another file.
        assert!(whole_word(b"q=see%20RSK-SECRET", 8, 18));
        assert!(whole_word(b"%5B%5BRSK-SECRET%5D", 6, 16));
        assert!(whole_word(b"\"a\\nRSK-SECRET\"", 4, 14));
        assert!(whole_word(b"x\\u00a0RSK-SECRET", 7, 17));
        assert!(!whole_word(b"a0RSK-SECRET", 2, 12));
        assert!(!whole_word(b"see business-plan.md", 13, 20));
        assert!(whole_word(b"href=\"../policies/plan.md\"", 18, 25));
        assert!(whole_word("«RSK-SECRET»".as_bytes(), 2, 12));
        let f = forms("Plan \"A\" & B.pdf");
        assert!(
            f.contains(&"Plan &quot;A&quot; &amp; B.pdf".to_string()),
            "{f:?}"
        );
        assert!(
            f.contains(&"Plan%20%22A%22%20%26%20B.pdf".to_string()),
            "{f:?}"
        );
        assert!(f.contains(&"Plan \\\"A\\\" & B.pdf".to_string()), "{f:?}");
    }
}
