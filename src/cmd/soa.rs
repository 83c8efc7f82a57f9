//! `tracemark soa --add-missing`: Statement of Applicability entries for in-scope controls
//! that have none, inserted where the YAML parser says the `controls:` block list ends, so
//! that the file's own formatting, comments and words stay; shapes that cannot be edited so
//! (flow lists with entries, JSON, several documents, `...`) are refused (E506).
//!
//! The entries are written `assessed: false` with a placeholder justification, in catalog
//! order, one comment per group: `check` then lists each as a warning (W315) to decide.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::Framework;
use crate::resolve::Applicability;

/// The file new entries go to when `content/controls/` holds none.
pub const DEFAULT_FILE: &str = "content/controls/soa.yaml";

/// YAML text of not-yet-assessed entries, `indent` before each `- `, for the controls of
/// `framework` that `wanted` accepts, in catalog order with a comment per group.
pub fn entries(framework: &Framework, indent: &str, wanted: impl Fn(&str) -> bool) -> String {
    let fw = &framework.framework.id;
    let mut out = String::new();
    // Management-system requirements apply without an entry, withdrawn controls need none.
    for group in framework.groups.iter().filter(|g| !g.requirements) {
        let controls: Vec<_> = group
            .controls
            .iter()
            .filter(|c| !c.withdrawn && wanted(&c.id))
            .collect();
        if controls.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{indent}# {fw} {} {}",
            group.id,
            one_line(&group.title)
        );
        for control in controls {
            let _ = write!(
                out,
                "{indent}- ref: {}\n{indent}  applicable: true\n{indent}  justification: \"Not assessed yet: {}\"\n{indent}  assessed: false\n",
                yaml_plain(&format!("{fw}:{}", control.id)),
                one_line(&control.title)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\""),
            );
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A control reference as a YAML scalar: quoted when plain style could misread it.
fn yaml_plain(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '-' | '_' | '(' | ')'));
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// What `--add-missing` did.
#[derive(Debug)]
pub struct AddedEntries {
    /// The file written, relative to the root.
    pub file: String,
    /// Entries added per framework id, in scope order.
    pub per_framework: Vec<(String, usize)>,
    /// What the entries make up, in words: `Statement of Applicability`, `SOC 2 scope`, or
    /// both joined by "and".
    pub documents: String,
}

/// The names of the applicability documents of `frameworks` (id, name, style), unique, in
/// order, joined by "and": `Statement of Applicability and SOC 2 scope`.
fn documents<'a>(
    frameworks: impl Iterator<Item = (&'a str, &'a str, crate::model::ApplicabilityStyle)>,
) -> String {
    let mut names: Vec<String> = Vec::new();
    for (id, name, style) in frameworks {
        let label = style.label(crate::plan::views::framework_short(id, name));
        if !names.contains(&label) {
            names.push(label);
        }
    }
    if names.is_empty() {
        names.push("Statement of Applicability".into());
    }
    names.join(" and ")
}

/// Appends an entry for every in-scope control without one. Refuses (with the diagnostics)
/// when `portal.yaml` or the Statement of Applicability has errors, since a broken entry
/// would otherwise be added a second time.
pub fn add_missing(root: &Path, today: crate::model::Date) -> Result<AddedEntries, SoaError> {
    let (project, load_diags) = crate::load::load(root).map_err(SoaError::Content)?;
    let blocking: Vec<Diagnostic> = load_diags
        .into_iter()
        .filter(|d| d.is_error())
        .filter(|d| {
            d.file
                .as_deref()
                .is_none_or(|f| f == "portal.yaml" || f.starts_with("content/controls/"))
        })
        .collect();
    if !blocking.is_empty() {
        // A shape this command cannot edit (several documents) is also why the file cannot
        // be read: say how to convert it first.
        let mut files: Vec<&str> = blocking
            .iter()
            .filter_map(|d| d.file.as_deref())
            .filter(|f| f.starts_with("content/controls/"))
            .collect();
        files.sort_unstable();
        files.dedup();
        let mut shapes: Vec<Diagnostic> = files
            .into_iter()
            .filter_map(|file| {
                let text = std::fs::read_to_string(root.join(file)).ok()?;
                let refused =
                    plan(text.strip_prefix('\u{feff}').unwrap_or(&text), CONTROLS).err()?;
                (refused.line > 0).then(|| refused_at(file, refused))
            })
            .collect();
        shapes.extend(blocking);
        return Err(SoaError::Content(shapes));
    }
    let files = controls_files(&project);
    let frameworks = project.frameworks.clone();
    let (portal, _) = crate::resolve::resolve(project, today);
    let target = pick_file(&files);
    let full = root.join(&target);
    let existing = match std::fs::read_to_string(&full) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(SoaError::Io(format!("cannot read {target}: {e}"))),
    };
    let mut wanted: Vec<(&Framework, Vec<&str>)> = Vec::new();
    let mut per_framework = Vec::new();
    for node in portal
        .frameworks
        .iter()
        .filter(|f| f.scope == crate::resolve::Scope::InScope)
    {
        let missing: Vec<&str> = node
            .groups
            .iter()
            .flat_map(|g| &g.controls)
            .map(|&c| &portal.controls[c])
            .filter(|c| c.applicability == Applicability::Missing)
            .map(|c| c.id.as_str())
            .collect();
        let Some(framework) = frameworks.iter().find(|f| f.framework.id == node.id) else {
            continue;
        };
        per_framework.push((node.id.clone(), missing.len()));
        if !missing.is_empty() {
            wanted.push((framework, missing));
        }
    }
    let total: usize = per_framework.iter().map(|(_, n)| n).sum();
    let text = |indent: &str| {
        wanted
            .iter()
            .map(|(fw, missing)| entries(fw, indent, |id| missing.contains(&id)))
            .collect::<String>()
    };
    if total > 0 {
        let new = match existing {
            Some(old) => appended(&old, text, total)
                .map_err(|r| SoaError::Content(vec![refused_at(&target, r)]))?,
            None => format!("controls:\n{}", text("  ")),
        };
        // A link is followed, as writing through it did: the file it names is replaced.
        let real = full.canonicalize().unwrap_or(full);
        replace(&real, &new).map_err(|e| SoaError::Io(format!("cannot write {target}: {e}")))?;
    }
    let documents = documents(
        portal
            .frameworks
            .iter()
            .filter(|f| f.scope == crate::resolve::Scope::InScope)
            .map(|f| (f.id.as_str(), f.name.as_str(), f.applicability)),
    );
    Ok(AddedEntries {
        file: target,
        per_framework,
        documents,
    })
}

/// Writes `text` to `path` atomically: a temporary file in the same folder, renamed over it
/// (keeping the old file's permissions), so that an interrupted run leaves the old file or
/// the new one, never half of it.
pub fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut file = tempfile::NamedTempFile::new_in(parent)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        file.as_file().set_permissions(meta.permissions())?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Why `--add-missing` wrote nothing.
#[derive(Debug)]
pub enum SoaError {
    /// The sources have errors that must be fixed first.
    Content(Vec<Diagnostic>),
    /// A file could not be read or written.
    Io(String),
}

/// The Statement of Applicability files, relative to the root, sorted.
fn controls_files(project: &crate::load::Project) -> Vec<String> {
    let mut files: Vec<String> = project
        .controls
        .iter()
        .map(|c| c.source.file.clone())
        .collect();
    files.sort();
    files.dedup();
    files
}

/// `content/controls/soa.yaml` when it exists or nothing does, else the first file.
fn pick_file(files: &[String]) -> String {
    if files.is_empty() || files.iter().any(|f| f == DEFAULT_FILE) {
        DEFAULT_FILE.to_string()
    } else {
        files[0].clone()
    }
}

/// Why a file's shape cannot take new entries: the line (1-based) and what to do.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    /// Where the shape is, 1-based (0: the whole file).
    pub line: usize,
    /// What is wrong and how to convert it.
    pub message: String,
}

/// The diagnostic (E506) for a file `--add-missing` cannot edit.
fn refused_at(file: &str, refused: Refused) -> Diagnostic {
    Diagnostic::error(
        "E506",
        format!(
            "`soa --add-missing` cannot add entries to this file: {}",
            refused.message
        ),
    )
    .at(file.to_string(), refused.line)
}

fn refuse(line: usize, message: impl Into<String>) -> Refused {
    Refused {
        line,
        message: message.into(),
    }
}

/// How the new entries go in: text removed and where the entries are inserted (byte offsets
/// into the text without its byte order mark), and their indentation.
struct Plan {
    /// A range to delete first (`[]` or `~` after `controls:`).
    delete: Option<(usize, usize)>,
    /// Where the entries are inserted (the start of a line, or the end of the text).
    insert: usize,
    /// Text written before the entries (`controls:` when the key is new).
    head: String,
    /// Spaces before each `- ref:`.
    indent: String,
    /// Whether the null value of `controls:` becomes the list.
    replaces_null: bool,
}

/// Byte offset of each character index the parser reports, and of the end.
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// The start of the line after the one holding byte `at` (or the end of the text). Searched
/// as bytes, so `at` may fall inside a character (`\n` is never part of one in UTF-8).
fn next_line(text: &str, at: usize) -> usize {
    text.as_bytes()
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(text.len(), |n| at + n + 1)
}

/// The events of a YAML text with their byte spans, or the syntax error's line.
type Spanned = Vec<(String, usize, usize, saphyr_parser::Event<'static>)>;

fn events(text: &str) -> Result<Spanned, Refused> {
    use saphyr_parser::{Event, Parser};
    let offsets = byte_offsets(text);
    let byte = |i: usize| offsets.get(i).copied().unwrap_or(text.len());
    let mut out = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event
            .map_err(|e| refuse(e.marker().line(), format!("not valid YAML: {}", e.info())))?;
        let owned: Event<'static> = match event {
            Event::Scalar(v, style, anchor, tag) => Event::Scalar(
                std::borrow::Cow::Owned(v.into_owned()),
                style,
                anchor,
                tag.map(|t| std::borrow::Cow::Owned(t.into_owned())),
            ),
            Event::SequenceStart(a, tag) => {
                Event::SequenceStart(a, tag.map(|t| std::borrow::Cow::Owned(t.into_owned())))
            }
            Event::MappingStart(a, tag) => {
                Event::MappingStart(a, tag.map(|t| std::borrow::Cow::Owned(t.into_owned())))
            }
            Event::Nothing => Event::Nothing,
            Event::StreamStart => Event::StreamStart,
            Event::StreamEnd => Event::StreamEnd,
            Event::DocumentStart(b) => Event::DocumentStart(b),
            Event::DocumentEnd => Event::DocumentEnd,
            Event::Alias(a) => Event::Alias(a),
            Event::SequenceEnd => Event::SequenceEnd,
            Event::MappingEnd => Event::MappingEnd,
        };
        out.push((
            format!("{owned:?}"),
            byte(span.start.index()),
            byte(span.end.index()),
            owned,
        ));
    }
    Ok(out)
}

/// 1-based line of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// The top-level key of a Statement of Applicability file.
const CONTROLS: &str = "controls";

/// How to rewrite a list under `key` in block style.
fn to_block(key: &str) -> String {
    format!(
        "write it in block style: `{key}:` on its own line, then one `{}` entry per line (for example `yq -P` converts a file), and run again",
        first_field(key)
    )
}

/// How an entry of the list under `key` starts, for messages.
fn first_field(key: &str) -> &'static str {
    if key == CONTROLS {
        "- ref: ..."
    } else {
        "- id: ..."
    }
}

/// Where new entries go in a Statement of Applicability file, found by the YAML parser: at
/// the end of the block list under the top-level `controls:` key; an empty `controls: []` (or
/// `controls:` with no value) becomes a block list. Every other shape is refused with how to
/// convert it, since editing it as text could break it or change the author's words.
fn plan(text: &str, list: &str) -> Result<Plan, Refused> {
    use saphyr_parser::Event;
    refuse_document_end(text)?;
    let evs = events(text)?;
    let Some(doc) = only_document(text, &evs, list)? else {
        // Nothing but comments: the key is added at the end.
        return Ok(Plan {
            delete: None,
            insert: text.len(),
            head: format!("{list}:\n"),
            indent: "  ".to_string(),
            replaces_null: false,
        });
    };
    let (_, start, _, root) = &evs[doc + 1];
    if !matches!(root, Event::MappingStart(..)) {
        return Err(refuse(
            line_of(text, *start),
            format!("the file is not a mapping with a top-level `{list}:` key"),
        ));
    }
    if text[*start..].starts_with('{') {
        return Err(refuse(
            line_of(text, *start),
            format!(
                "the file is written in flow style or as JSON (`{{...}}`): {}",
                to_block(list)
            ),
        ));
    }
    // Walk the root mapping's entries: key, value (skipping nested values whole).
    let mut i = doc + 2;
    let mut key_col: Option<usize> = None;
    while i < evs.len() && !matches!(evs[i].3, Event::MappingEnd) {
        let (_, key_start, key_end, key) = &evs[i];
        key_col
            .get_or_insert_with(|| key_start - text[..*key_start].rfind('\n').map_or(0, |n| n + 1));
        let value = i + 1;
        let is_controls = matches!(key, Event::Scalar(v, ..) if v == list);
        if !is_controls {
            i = skip(&evs, value);
            continue;
        }
        let indent = " ".repeat(key_col.unwrap_or(0) + 2);
        if value >= evs.len() {
            break;
        }
        return plan_controls(text, &evs, value, *key_end, indent, list);
    }
    // No `controls:` key yet: added at the end of the root mapping.
    Ok(Plan {
        delete: None,
        insert: text.len(),
        head: format!("{}{list}:\n", " ".repeat(key_col.unwrap_or(0))),
        indent: " ".repeat(key_col.unwrap_or(0) + 2),
        replaces_null: false,
    })
}

/// Refuses a document end marker (a line starting `...`): nothing may follow the one
/// document.
fn refuse_document_end(text: &str) -> Result<(), Refused> {
    for (n, line) in text.split('\n').enumerate() {
        let rest = line.strip_prefix("...");
        if rest.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '\r', '#'])) {
            return Err(refuse(
                n + 1,
                "the file ends its YAML document with `...`: delete that line (and anything after it) so entries can be appended",
            ));
        }
    }
    Ok(())
}

/// The event that starts the file's one YAML document, if it has one; several are refused.
fn only_document(text: &str, evs: &Spanned, list: &str) -> Result<Option<usize>, Refused> {
    use saphyr_parser::Event;
    let documents: Vec<usize> = evs
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.3, Event::DocumentStart(_)))
        .map(|(i, _)| i)
        .collect();
    if documents.len() > 1 {
        return Err(refuse(
            line_of(text, evs[documents[1]].1),
            format!(
                "the file holds several YAML documents (`---`): keep one document per file, with one top-level `{list}:` list"
            ),
        ));
    }
    Ok(documents.first().copied())
}

/// Where entries go given the value of `controls:` (event `value`, its key ending at
/// `key_end`): after a null or an empty flow list, which are replaced, or at the end of a
/// block list.
fn plan_controls(
    text: &str,
    evs: &Spanned,
    value: usize,
    key_end: usize,
    indent: String,
    list: &str,
) -> Result<Plan, Refused> {
    use saphyr_parser::{Event, ScalarStyle};
    let (_, v_start, v_end, v) = &evs[value];
    match v {
        Event::Scalar(s, ScalarStyle::Plain, ..)
            if matches!(s.as_ref(), "" | "~" | "null" | "Null" | "NULL") =>
        {
            // `controls:` alone (the empty scalar is reported at the next token) or `~`.
            let delete = (v_end > v_start).then(|| (spaces_before(text, *v_start), *v_end));
            Ok(Plan {
                delete,
                insert: next_line(text, delete.map_or(key_end, |(_, end)| end)),
                head: String::new(),
                indent,
                replaces_null: true,
            })
        }
        Event::SequenceStart(..) if text[*v_start..].starts_with('[') => {
            if let Some((_, close, close_end, Event::SequenceEnd)) = evs.get(value + 1) {
                // The parser's span of `]` runs on over a comment after it.
                let end = if text[*close..].starts_with(']') {
                    close + 1
                } else {
                    *close_end
                };
                Ok(Plan {
                    delete: Some((spaces_before(text, *v_start), end)),
                    insert: next_line(text, end.saturating_sub(1)),
                    head: String::new(),
                    indent,
                    replaces_null: false,
                })
            } else {
                Err(refuse(
                    line_of(text, *v_start),
                    format!(
                        "`{list}:` is a flow list (`[...]`) with entries: {}",
                        to_block(list)
                    ),
                ))
            }
        }
        Event::SequenceStart(..) => Ok(append_to_block_list(text, evs, value)),
        _ => Err(refuse(
            line_of(text, *v_start),
            format!(
                "`{list}:` is not a list: write `{list}:` followed by one `{}` entry per line",
                first_field(list)
            ),
        )),
    }
}

/// Entries appended after the last thing written in the block list starting at event
/// `value`, at the column of its dashes.
fn append_to_block_list(text: &str, evs: &Spanned, value: usize) -> Plan {
    let (_, v_start, v_end, _) = &evs[value];
    let end = skip(evs, value);
    // The last thing written in the list; block ends are reported at the next
    // token, which may be lines further on (after comments), so they do not count.
    let last = evs[value + 1..end.saturating_sub(1)]
        .iter()
        .filter(|e| e.2 > e.1)
        .map(|e| e.2)
        .max()
        .unwrap_or(*v_end);
    // The parser reports a list at its key's column at its first item's content:
    // the `-` is before it.
    let before = text[..*v_start].trim_end_matches([' ', '\t']);
    let dash = if text[*v_start..].starts_with('-') || !before.ends_with('-') {
        *v_start
    } else {
        before.len() - 1
    };
    let col = dash - text[..dash].rfind('\n').map_or(0, |n| n + 1);
    Plan {
        delete: None,
        insert: next_line(text, last.saturating_sub(1).max(*v_start)),
        head: String::new(),
        indent: " ".repeat(col),
        replaces_null: false,
    }
}

/// The index after the node starting at event `i`.
fn skip(evs: &Spanned, i: usize) -> usize {
    use saphyr_parser::Event;
    let mut depth = 0usize;
    let mut j = i;
    while j < evs.len() {
        match evs[j].3 {
            Event::SequenceStart(..) | Event::MappingStart(..) => depth += 1,
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        j += 1;
        if depth == 0 {
            break;
        }
    }
    j
}

/// The start of the spaces and tabs just before byte `at` on its line.
fn spaces_before(text: &str, at: usize) -> usize {
    at - (text[..at].len() - text[..at].trim_end_matches([' ', '\t']).len())
}

/// The file's text with `entries` (YAML lines ending in `\n`, indented by `indent` as
/// [`entries`] writes them) added to its `controls:` list, changing nothing else: line
/// endings follow the file's (CRLF stays CRLF), a byte order mark stays. The result is parsed
/// again and must hold the same events plus `added` new list items, or nothing is written.
pub fn appended(
    old: &str,
    entries: impl Fn(&str) -> String,
    added: usize,
) -> Result<String, Refused> {
    appended_to(old, CONTROLS, entries, added)
}

/// [`appended`] for the block list under another top-level key (`risks`, `evidence`): the
/// one structural appender, which `tracemark import` uses too.
pub fn appended_to(
    old: &str,
    list: &str,
    entries: impl Fn(&str) -> String,
    added: usize,
) -> Result<String, Refused> {
    let (bom, text) = match old.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", old),
    };
    let plan = plan(text, list)?;
    let crlf = text.find('\n').is_some_and(|n| text[..n].ends_with('\r'));
    let newline = if crlf { "\r\n" } else { "\n" };
    let mut block = String::new();
    if plan.insert == text.len() && !text.is_empty() && !text.ends_with('\n') {
        block.push_str(newline);
    }
    block.push_str(&plan.head);
    block.push_str(&entries(&plan.indent));
    if crlf {
        block = block.replace('\n', "\r\n");
    }
    let mut new = text.to_string();
    new.insert_str(plan.insert, &block);
    if let Some((from, to)) = plan.delete {
        new.replace_range(from..to, "");
    }
    same_plus(text, &new, added, usize::from(plan.replaces_null))?;
    Ok(format!("{bom}{new}"))
}

/// Checks that `new` parses to the events of `old` with `added` more items in `controls`
/// (and, when `replaced` is 1, the null value of `controls:` replaced by the list).
fn same_plus(old: &str, new: &str, added: usize, replaced: usize) -> Result<(), Refused> {
    let bug = |what: &str| {
        refuse(
            0,
            format!(
                "the edited file would {what}; nothing was written (please report this file's shape)"
            ),
        )
    };
    let before: Vec<String> = events(old)?.into_iter().map(|e| e.0).collect();
    let after: Vec<String> = events(new)
        .map_err(|_| bug("not be valid YAML"))?
        .into_iter()
        .map(|e| e.0)
        .collect();
    let common = before
        .iter()
        .zip(&after)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = before[common..]
        .iter()
        .rev()
        .zip(after[common..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let extra = after.len().saturating_sub(before.len());
    // An empty or missing `controls` holds the new list itself; else only whole items are new.
    let mapping_items = after[common..after.len() - suffix]
        .iter()
        .filter(|e| e.starts_with("MappingStart"))
        .count();
    if common + suffix + replaced < before.len() || mapping_items < added || extra == 0 {
        return Err(bug("change what was there"));
    }
    Ok(())
}
/// Where `init --blank` writes the Statement of Applicability of `frameworks`.
pub fn blank_file(frameworks: &[&Framework]) -> (PathBuf, String) {
    let title = documents(frameworks.iter().map(|f| {
        let info = &f.framework;
        (info.id.as_str(), info.name.as_str(), info.applicability)
    }));
    let mut text = format!(
        "# {title}: one entry per control of each framework in scope.\n# For each: set `applicable`, write the `justification`, then delete `assessed: false`.\ncontrols:\n",
    );
    for framework in frameworks {
        text.push_str(&entries(framework, "  ", |_| true));
    }
    (PathBuf::from(DEFAULT_FILE), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One new entry, indented as the file's list asks.
    fn one(indent: &str) -> String {
        format!("{indent}- ref: a:B.2\n{indent}  applicable: true\n")
    }

    fn add(old: &str) -> Result<String, Refused> {
        appended(old, one, 1)
    }

    #[test]
    fn appends_to_a_block_list_where_it_ends_and_changes_nothing_else() {
        let old = "# our SoA\ncontrols:\n  - ref: a:B.1   # kept\n    applicable: true\n    justification: x\n# about what follows\nother: 1\n";
        assert_eq!(
            add(old).unwrap(),
            "# our SoA\ncontrols:\n  - ref: a:B.1   # kept\n    applicable: true\n    justification: x\n  - ref: a:B.2\n    applicable: true\n# about what follows\nother: 1\n"
        );
        // Items at the key's own column, no final newline, a last value left empty.
        assert_eq!(
            add("controls:\n- ref: a:B.1\n  justification:").unwrap(),
            "controls:\n- ref: a:B.1\n  justification:\n- ref: a:B.2\n  applicable: true\n"
        );
        // A literal block ending the list keeps its text.
        let old = "controls:\n  - ref: a:B.1\n    justification: |\n      line one\n\n      line two\n\nextra: 2\n";
        assert_eq!(
            add(old).unwrap(),
            "controls:\n  - ref: a:B.1\n    justification: |\n      line one\n\n      line two\n\n  - ref: a:B.2\n    applicable: true\nextra: 2\n"
        );
    }

    #[test]
    fn an_empty_flow_list_at_the_key_and_only_there_becomes_a_block_list() {
        let old = "# controls: [] in a comment stays\ncontrols: [] # none yet\n";
        assert_eq!(
            add(old).unwrap(),
            "# controls: [] in a comment stays\ncontrols: # none yet\n  - ref: a:B.2\n    applicable: true\n"
        );
        let old = "controls:\n  - ref: a:B.1\n    justification: \"was controls: [] before\"\n";
        assert_eq!(
            add(old).unwrap(),
            format!("{old}  - ref: a:B.2\n    applicable: true\n")
        );
        assert_eq!(
            add("controls:\nnote: x\n").unwrap(),
            "controls:\n  - ref: a:B.2\n    applicable: true\nnote: x\n"
        );
        assert_eq!(
            add("controls: ~\n").unwrap(),
            "controls:\n  - ref: a:B.2\n    applicable: true\n"
        );
        assert_eq!(
            add("# nothing yet\n").unwrap(),
            "# nothing yet\ncontrols:\n  - ref: a:B.2\n    applicable: true\n"
        );
    }

    #[test]
    fn other_shapes_are_refused_with_how_to_convert_them() {
        let cases = [
            (
                "controls: [{ref: a:B.1, applicable: true}]\n",
                1,
                "flow list",
            ),
            ("{\"controls\": []}\n", 1, "JSON"),
            (
                "controls:\n  - ref: a:B.1\n---\ncontrols: []\n",
                3,
                "several YAML documents",
            ),
            ("controls:\n  - ref: a:B.1\n...\n", 3, "`...`"),
            ("controls: none\n", 1, "not a list"),
            ("- ref: a:B.1\n", 1, "not a mapping"),
        ];
        for (text, line, says) in cases {
            let refused = add(text).unwrap_err();
            assert_eq!(refused.line, line, "{text}");
            assert!(
                refused.message.contains(says),
                "{text}: {}",
                refused.message
            );
        }
        assert!(
            add("controls: [{ref: x}]")
                .unwrap_err()
                .message
                .contains("block style")
        );
    }

    #[test]
    fn non_ascii_text_and_an_explicit_document_start_are_fine() {
        assert_eq!(
            add("---\ncontrols:\n  - ref: a:B.1\n    justification: Résumé géré\n").unwrap(),
            "---\ncontrols:\n  - ref: a:B.1\n    justification: Résumé géré\n  - ref: a:B.2\n    applicable: true\n"
        );
        assert_eq!(
            add("controls: []\t# é\n").unwrap(),
            "controls:\t# é\n  - ref: a:B.2\n    applicable: true\n"
        );
    }

    proptest::proptest! {
        /// Whatever the text, the editor answers (an edit or a refusal), never panics, and an
        /// edit holds the new entry.
        #[test]
        fn never_panics_on_any_text(text in "(controls:|- ref: é|  |\\[|\\]|\\{|\\}|#|\\.\\.\\.|---|\r|\n|:|\"|é|x|\\|)*") {
            if let Ok(new) = add(&text) {
                proptest::prop_assert!(new.contains("a:B.2"));
            }
        }
    }

    #[test]
    fn crlf_stays_crlf_and_a_byte_order_mark_stays() {
        let old = "\u{feff}controls:\r\n  - ref: a:B.1\r\n    applicable: true\r\n";
        assert_eq!(
            add(old).unwrap(),
            format!("{old}  - ref: a:B.2\r\n    applicable: true\r\n")
        );
        assert_eq!(
            add("controls: []\r\nx: 1\r\n").unwrap(),
            "controls:\r\n  - ref: a:B.2\r\n    applicable: true\r\nx: 1\r\n"
        );
    }
}
