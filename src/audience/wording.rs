//! Customer wording for what an edition does not show. A reference to a hidden item is written
//! as the item's `public_label:` when it has one; else it is left out with the words that only
//! make sense with it: from a list with its separator ("A, [[X]] and B" reads "A and B"), with
//! its determiner ("our [[X]]"), from a parenthesis (which goes when nothing is left in it), or,
//! when it carries its sentence ("Details are in our [[X]], available on request."), with the
//! whole sentence. Nothing stands in its place: no "restricted" chip, no placeholder word.
//! Which references are hidden is the caller's ([`super::scrub`]); this module only edits text.

use std::ops::Range;

/// What becomes of one reference in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// Written as this text instead (a title, a public label).
    As(String),
    /// Left out, with the words that only make sense with it.
    Dropped,
}

/// One reference of a text: where it is, what it names, what becomes of it.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Byte range of the whole reference (`[[ID|text]]`, `[text](file.md)`).
    pub range: Range<usize>,
    /// The id (or the path) it names, for the author's warning.
    pub id: String,
    /// What it is written as.
    pub shown: Shown,
}

/// How a dropped reference left its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Taken out of a list (or a parenthesis that still says something).
    List,
    /// A parenthesis that said nothing without it was taken out.
    Parenthesis,
    /// Its whole sentence was taken out.
    Sentence,
    /// The field held nothing but the reference.
    Field,
}

/// A reference that was left out of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    /// The id it named.
    pub id: String,
    /// Where the reference was in the text as written (byte offset).
    pub offset: usize,
    /// The sentence it was in, as written (whitespace collapsed).
    pub sentence: String,
    /// What went with it.
    pub loss: Loss,
}

/// Words that belong to the reference they stand before: "our [[X]]" goes as a whole.
const DETERMINERS: &[&str] = &[
    "our", "the", "a", "an", "its", "their", "this", "these", "that", "those", "your",
];

/// Words that only lead to what follows them, left hanging at the end of a phrase whose
/// reference went ("see", "for").
const LEADING_WORDS: &[&str] = &[
    "see", "cf.", "for", "of", "about", "with", "and", "or", "in", "on", "to", "by", "from", "via",
    "per", "under",
];

/// What a parenthesis may hold that says nothing by itself once its references are gone.
const FILLER: &[&str] = &[
    "",
    "see",
    "see also",
    "cf.",
    "cf",
    "e.g.",
    "e.g.,",
    "i.e.",
    "for example",
    "and",
    "or",
    "see our",
    "see the",
];

/// `text` with each reference written as it is shown (or left out), and the references lost.
pub fn rewrite(text: &str, mut refs: Vec<Reference>) -> (String, Vec<Lost>) {
    refs.sort_by_key(|r| r.range.start);
    let dropped = refs.iter().filter(|r| r.shown == Shown::Dropped).count();
    if dropped > MAX_WORDED {
        return each_alone(text, &refs);
    }
    let mut out = text.to_string();
    let mut live: Vec<Option<Range<usize>>> = refs.iter().map(|r| Some(r.range.clone())).collect();
    let mut lost = Vec::new();
    // Drops first, last to first, while the references around each are still as written (a
    // list "the [[X]] and our [[Y]]" is recognised by the reference that follows).
    for i in (0..refs.len()).rev() {
        let (Shown::Dropped, Some(range)) = (&refs[i].shown, live[i].clone()) else {
            continue;
        };
        let (edits, loss) = drop_one(&out, range);
        lost.push(Lost {
            id: refs[i].id.clone(),
            offset: refs[i].range.start,
            sentence: sentence_text(text, refs[i].range.clone()),
            loss,
        });
        // Edits do not overlap; the last first, so that the earlier ones' places hold.
        for (cut, with) in edits.into_iter().rev() {
            out.replace_range(cut.clone(), &with);
            for (j, place) in live.iter_mut().enumerate() {
                let Some(r) = place.clone() else { continue };
                if r.end <= cut.start {
                    continue;
                }
                if r.start >= cut.end {
                    *place = Some(shift(r, cut.len(), with.len()));
                    continue;
                }
                // Taken out with the sentence or parenthesis of a later reference.
                if j != i && refs[j].shown == Shown::Dropped {
                    lost.push(Lost {
                        id: refs[j].id.clone(),
                        offset: refs[j].range.start,
                        sentence: sentence_text(text, refs[j].range.clone()),
                        loss,
                    });
                }
                *place = None;
            }
        }
    }
    for i in (0..refs.len()).rev() {
        if let (Some(r), Shown::As(shown)) = (&live[i], &refs[i].shown) {
            out.replace_range(r.clone(), shown);
        }
    }
    if !lost.is_empty() {
        out = without_empty_items(&out);
    }
    lost.sort_by_key(|l| l.offset);
    (out, lost)
}

/// How many dropped references one text may have before they are each left out alone: the
/// wording rules look at the sentence around each one, which is quadratic in a text that is
/// one sentence of thousands of references (a generated or hostile file).
const MAX_WORDED: usize = 64;

/// `text` with each reference written as shown or left out by itself, in one pass: the
/// linear fallback of [`rewrite`] for texts with more than [`MAX_WORDED`] dropped references.
fn each_alone(text: &str, refs: &[Reference]) -> (String, Vec<Lost>) {
    let mut out = String::with_capacity(text.len());
    let mut lost = Vec::new();
    let mut last = 0;
    for r in refs {
        if r.range.start < last {
            continue;
        }
        out.push_str(&text[last..r.range.start]);
        match &r.shown {
            Shown::As(shown) => out.push_str(shown),
            Shown::Dropped => lost.push(Lost {
                id: r.id.clone(),
                offset: r.range.start,
                sentence: text[r.range.clone()].to_string(),
                loss: Loss::List,
            }),
        }
        last = r.range.end;
    }
    out.push_str(&text[last..]);
    (out, lost)
}

/// A range after an edit before it replaced `cut` bytes with `with` bytes.
fn shift(r: Range<usize>, cut: usize, with: usize) -> Range<usize> {
    (r.start + with - cut)..(r.end + with - cut)
}

/// One edit of a text: a range and what replaces it.
type Edit = (Range<usize>, String);

/// The edits that leave out the reference at `unit` (in order, not overlapping), and why.
fn drop_one(text: &str, unit: Range<usize>) -> (Vec<Edit>, Loss) {
    let unit = with_determiner(text, unit.start)..unit.end;
    let sentence = sentence(text, unit.clone());
    if let Some(group) = parenthesis(text, unit.clone(), sentence.clone()) {
        let inside = (group.start + 1)..(group.end - 1);
        if let Some(edits) = from_list(text, unit.clone(), inside.clone(), true) {
            let mut left = text[inside.clone()].to_string();
            for (cut, with) in edits.iter().rev() {
                left.replace_range((cut.start - inside.start)..(cut.end - inside.start), with);
            }
            if !is_filler(&left) {
                return (edits, Loss::List);
            }
        }
        let group = with_space_before(text, group);
        return (vec![(group, String::new())], Loss::Parenthesis);
    }
    if let Some(edits) = from_list(text, unit.clone(), sentence.clone(), false) {
        return (edits, Loss::List);
    }
    if let Some(cut) = from_phrase(text, unit, sentence.clone()) {
        return (vec![(cut, String::new())], Loss::List);
    }
    (
        vec![(sentence_cut(text, sentence), String::new())],
        Loss::Sentence,
    )
}

/// What to cut when the whole text is one phrase without closing punctuation (a title, a
/// name: "Governance [[X]]"): the reference alone, since an empty title says less than
/// "Governance"; `None` when it is a sentence, or nothing but filler would be left.
fn from_phrase(text: &str, unit: Range<usize>, sentence: Range<usize>) -> Option<Range<usize>> {
    let whole = text[..sentence.start].trim().is_empty() && text[sentence.end..].trim().is_empty();
    if !whole || text[sentence].trim_end().ends_with(['.', '?', '!', ':']) {
        return None;
    }
    let mut cut = with_space_before(text, unit);
    // The words that led to it go too: "Hosting, see [[X]]" reads "Hosting", "Summary for
    // [[X]]" reads "Summary".
    loop {
        let before = text[..cut.start].trim_end_matches([' ', '\t', ',', ';', ':']);
        let word_start = before
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = before[word_start..].to_lowercase();
        if word_start == 0 || !LEADING_WORDS.contains(&word.as_str()) {
            if before.len() < cut.start && !before.is_empty() {
                cut.start = before.len();
            }
            break;
        }
        cut.start = word_start;
    }
    if text[..cut.start].trim().is_empty() {
        // At the start: the space after it goes instead.
        let after = &text[cut.end..];
        cut.end += after.len() - after.trim_start_matches([' ', '\t']).len();
    }
    let left = format!("{}{}", &text[..cut.start], &text[cut.end..]);
    (!is_filler(&left)).then_some(cut)
}

/// The start of the reference at `start` with the determiners before it ("our", "the").
fn with_determiner(text: &str, mut start: usize) -> usize {
    for _ in 0..2 {
        let before = &text[..start];
        let trimmed = before.trim_end_matches([' ', '\t', '\n']);
        if trimmed.len() == before.len() || before[trimmed.len()..].contains("\n\n") {
            break;
        }
        // After the last character that is no letter, whatever its width in bytes.
        let word_start = trimmed
            .char_indices()
            .rfind(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &trimmed[word_start..];
        if DETERMINERS.contains(&word.to_lowercase().as_str()) {
            start = word_start;
        } else {
            break;
        }
    }
    start
}

/// Whether `b` is at the start of a Markdown block line (`- `, `* `, `1. `, `#`, `>`).
fn block_content_start(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let marker = ["- ", "* ", "+ ", "> "]
        .iter()
        .find(|m| rest.starts_with(**m))
        .map(|m| m.len())
        .or_else(|| {
            let hashes = rest.len() - rest.trim_start_matches('#').len();
            (hashes > 0 && rest[hashes..].starts_with(' ')).then_some(hashes + 1)
        })
        .or_else(|| {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0 && rest[digits..].starts_with(". ")).then_some(digits + 2)
        })?;
    Some(indent + marker)
}

/// The sentence around `unit`: from the end of the one before (or the start of its
/// paragraph, list item or table cell) to its own end, with its closing punctuation.
fn sentence(text: &str, unit: Range<usize>) -> Range<usize> {
    let before = &text[..unit.start];
    let first = &text[..text.find('\n').unwrap_or(text.len())];
    let mut start = block_content_start(first)
        .filter(|&at| at <= unit.start)
        .unwrap_or(0);
    for (i, c) in before.char_indices() {
        let next = before[i + c.len_utf8()..].chars().next();
        let ends = matches!(c, '.' | '?' | '!') && next.is_some_and(char::is_whitespace);
        if ends || c == '|' {
            start = i + c.len_utf8();
        }
        if c == '\n' {
            // A wrapped line goes on with the sentence above; a blank line or a list item,
            // quote or heading starts a new one.
            let line = &text[i + 1..];
            let line = &line[..line.find('\n').unwrap_or(line.len())];
            if line.trim().is_empty() {
                start = i + 1;
            } else if let Some(at) = block_content_start(line) {
                start = i + 1 + at;
            }
        }
    }
    let skipped = before[start..].len() - before[start..].trim_start().len();
    let start = start + skipped;
    let after = &text[unit.end..];
    let mut end = text.len();
    for (i, c) in after.char_indices() {
        let next = after[i + c.len_utf8()..].chars().next();
        if matches!(c, '.' | '?' | '!') && next.is_none_or(char::is_whitespace) {
            end = unit.end + i + c.len_utf8();
            break;
        }
        if c == '|' || (c == '\n' && paragraph_breaks(&after[i + 1..])) {
            end = unit.end + i;
            break;
        }
    }
    start..end
}

/// Whether the text after a line break starts a new block (a blank line, a list item...).
fn paragraph_breaks(next: &str) -> bool {
    let line = &next[..next.find('\n').unwrap_or(next.len())];
    line.trim().is_empty()
        || block_content_start(line).is_some()
        || line.trim_start().starts_with('|')
}

/// The sentence around `unit` as written, on one line.
fn sentence_text(text: &str, unit: Range<usize>) -> String {
    let range = sentence(text, unit);
    text[range].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What to cut to leave out `sentence`: it and the space after it (or before it, at the end of
/// its paragraph).
fn sentence_cut(text: &str, sentence: Range<usize>) -> Range<usize> {
    let after = &text[sentence.end..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    let mut end = sentence.end + spaces;
    let rest = &text[end..];
    if rest.starts_with('\n') && !paragraph_breaks(&rest[1..]) && !rest[1..].is_empty() {
        // A wrapped paragraph goes on on the next line.
        end += 1;
    } else if spaces == 0 || rest.is_empty() || rest.starts_with(['\n', '|']) {
        return with_space_before(text, sentence.start..sentence.end + spaces);
    }
    sentence.start..end
}

/// `range` with the spaces before it, when what follows it is the end of a line or a closing
/// mark (so that no space is left hanging).
fn with_space_before(text: &str, range: Range<usize>) -> Range<usize> {
    let before = &text[..range.start];
    let spaces = before.len() - before.trim_end_matches([' ', '\t']).len();
    let rest = &text[range.end..];
    let closing = rest.is_empty()
        || rest.starts_with(['\n', '.', ',', ';', ':', '!', '?', ')', ' '])
        || spaces == 0;
    if closing && range.start > spaces && !before[..range.start - spaces].ends_with('\n') {
        (range.start - spaces)..range.end
    } else {
        range
    }
}

/// The parenthesis of `sentence` that `unit` is in, brackets included.
fn parenthesis(text: &str, unit: Range<usize>, sentence: Range<usize>) -> Option<Range<usize>> {
    let before = &text[sentence.start..unit.start];
    let open = before.rfind('(')?;
    if before[open..].contains(')') {
        return None;
    }
    let after = &text[unit.end..sentence.end.max(unit.end)];
    let after = if after.contains(')') {
        after
    } else {
        &text[unit.end..]
    };
    let close = after.find(')')?;
    if after[..close].contains('(') {
        return None;
    }
    Some((sentence.start + open)..(unit.end + close + 1))
}

/// Whether a parenthesis holding `text` says nothing.
fn is_filler(text: &str) -> bool {
    let words = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches([',', ';', ' '])
        .to_lowercase();
    FILLER.contains(&words.as_str())
}

/// Whether a list separator (`,`, `;`, `and`, `or`) ends `before`; its start if so.
fn separator_before(before: &str) -> Option<usize> {
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() && !before.ends_with([',', ';']) {
        return None;
    }
    if trimmed.ends_with([',', ';']) {
        return Some(trimmed.len() - 1);
    }
    for word in ["and", "or"] {
        if let Some(rest) = trimmed.strip_suffix(word)
            && rest.ends_with(char::is_whitespace)
        {
            let rest = rest.trim_end();
            // "A, B, and [[X]]": the comma goes too.
            return Some(rest.strip_suffix(',').unwrap_or(rest).len());
        }
    }
    None
}

/// Whether what follows a reference closes its list item (a separator, a closing mark, the
/// end of the sentence).
fn item_ends(after: &str) -> bool {
    let t = after.trim_start();
    t.is_empty()
        || after.starts_with([',', ';', ')', '.', '!', '?', '\n'])
        || t.starts_with("and ")
        || t.starts_with("or ")
}

/// The separator after a reference and the start of what follows it, if a list goes on.
fn separator_after(after: &str) -> Option<(usize, &str)> {
    let t = after.trim_start();
    let lead = after.len() - t.len();
    let len = if t.starts_with([',', ';']) {
        1
    } else if lead > 0 && (t.starts_with("and ") || t.starts_with("or ")) {
        t.find(' ')?
    } else {
        return None;
    };
    let rest = &t[len..];
    let next = rest.trim_start();
    Some((lead + len + rest.len() - next.len(), next))
}

/// The edits that take `unit` out of a list in `segment`.
fn from_list(
    text: &str,
    unit: Range<usize>,
    segment: Range<usize>,
    in_parenthesis: bool,
) -> Option<Vec<Edit>> {
    let before = &text[segment.start..unit.start];
    let after = &text[unit.end..segment.end.max(unit.end)];
    if let Some(sep) = separator_before(before)
        && item_ends(after)
        && !before[..sep].trim().is_empty()
    {
        let cut = (segment.start + sep)..unit.end;
        let conjunction = !before.trim_end().ends_with([',', ';']);
        if conjunction {
            // "A, B and [[X]]" reads "A and B": the last comma before becomes the "and".
            let head = &text[segment.start..cut.start];
            if let Some(comma) = head.rfind(", ")
                && !head[comma..].contains(" and ")
                && !head[comma..].contains(" or ")
            {
                let word = text[cut.clone()].trim_start_matches([',', ' ', '\n']);
                let word = word.split_whitespace().next().unwrap_or("and");
                let from = segment.start + comma;
                return Some(vec![
                    (from..from + 2, format!(" {word} ")),
                    (cut, String::new()),
                ]);
            }
        }
        return Some(vec![(cut, String::new())]);
    }
    let at_start = before.trim().is_empty() || is_filler(before);
    if let Some((len, next)) = separator_after(after) {
        let next_is_reference = next.starts_with('[')
            || DETERMINERS.iter().any(|d| {
                // `get`, not slicing: the next word may start with a character of several bytes.
                next.len() > d.len()
                    && next
                        .get(..d.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(d))
                    && next
                        .get(d.len()..)
                        .is_some_and(|rest| rest.trim_start().starts_with('['))
            });
        if next_is_reference || (at_start && in_parenthesis) {
            return Some(vec![(unit.start..unit.end + len, String::new())]);
        }
    }
    None
}

/// The text without list items and headings that the cuts left with nothing but their marker
/// (`- `, `## `), so that no empty bullet or heading is shown.
fn without_empty_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let empty_item = block_content_start(&format!("{content} "))
            .is_some_and(|at| content.len() < at && !content.trim_start().starts_with('#'));
        let empty_item = empty_item || matches!(content.trim(), "-" | "*" | "+");
        // A heading whose words all went with their references: no empty heading is shown.
        let empty_heading = !content.trim().is_empty() && content.trim().chars().all(|c| c == '#');
        let empty_item = empty_item || empty_heading;
        if !empty_item {
            out.push_str(line);
        }
    }
    out
}
