//! Reading a YAML value into its schema while collecting every problem, not just the first.
//!
//! serde stops at the first error. To report them all, each error is recorded with the path of
//! the value it concerns (from `serde_path_to_error`), the value is repaired (an unknown field
//! is dropped; a bad or missing value gets a stand-in), and deserialisation runs again, until it
//! succeeds or no repair helps. Stand-ins are never shown: a record that needed one is dropped.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Number, Value};

use super::positions::join_key;
use crate::diagnostics::closest;

/// Upper bound on repairs per value, so that hostile input cannot loop for long.
const MAX_REPAIRS: usize = 64;

/// One problem with a value, at a path relative to the value that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Stable diagnostic code (E102 unknown field, E103 missing, E104 type or value, E105 date).
    pub code: &'static str,
    /// Path of the offending value, e.g. `residual.likelihood` or `controls[1]` (`` = the whole).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
    /// Whether the error is about a key (unknown field) rather than its value.
    pub at_key: bool,
}

/// The outcome of reading one value.
#[derive(Debug)]
pub struct ReadOutcome<T> {
    /// The record, when it could be read without stand-ins (unknown fields alone are dropped).
    pub value: Option<T>,
    /// The record with stand-ins, when it needed some, and the paths of the values that were
    /// stood in for: `check` still resolves its references, but never judges those values.
    pub patched: Option<(T, Vec<String>)>,
    /// Every problem found.
    pub errors: Vec<FieldError>,
}

/// Reads `value` into `T`, collecting every error. `label` names what is read in messages.
pub fn read<T: DeserializeOwned>(value: &Value) -> ReadOutcome<T> {
    let mut value = value.clone();
    let mut errors: Vec<FieldError> = Vec::new();
    let mut lossless = true;
    // Paths whose value was already reported and replaced: their "missing" is not news.
    let mut replaced: Vec<String> = Vec::new();
    for _ in 0..MAX_REPAIRS {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(record) => {
                return if lossless {
                    ReadOutcome {
                        value: Some(record),
                        patched: None,
                        errors,
                    }
                } else {
                    ReadOutcome {
                        value: None,
                        patched: Some((record, replaced)),
                        errors,
                    }
                };
            }
            Err(err) => err,
        };
        let path = display_path(&err.path().to_string());
        let message = strip_location(&err.inner().to_string());
        if let Some((field, known)) = unknown_field(&message) {
            // serde_path_to_error puts the unknown key last in the path.
            let map_path = parent_of(&path, &field);
            if !remove(&mut value, &map_path, &field) {
                errors.push(plain(&path, &message));
                return ReadOutcome {
                    value: None,
                    patched: None,
                    errors,
                };
            }
            let help = match closest(&field, known.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("known fields: {}", known.join(", ")),
            };
            errors.push(FieldError {
                code: "E102",
                path,
                message: format!("unknown field `{field}`"),
                help: Some(help),
                at_key: true,
            });
            continue;
        }
        lossless = false;
        if let Some(field) = missing_field(&message) {
            let full = join_key(&path, &field);
            if !replaced.contains(&full) {
                errors.push(FieldError {
                    code: "E103",
                    path: path.clone(),
                    message: format!("missing required field `{field}`"),
                    help: None,
                    at_key: false,
                });
            }
            replaced.push(full.clone());
            if !stand_in::<T>(&mut value, &full, &message) {
                break;
            }
            continue;
        }
        errors.push(plain(&path, &message));
        replaced.push(path.clone());
        if !stand_in::<T>(&mut value, &path, &message) {
            break;
        }
    }
    ReadOutcome {
        value: None,
        patched: None,
        errors,
    }
}

fn plain(path: &str, message: &str) -> FieldError {
    let help = quote_hint(path, message).or_else(|| variant_hint(message));
    let message = &human(message);
    let text = if path.is_empty() {
        message.to_string()
    } else {
        format!("`{path}`: {message}")
    };
    FieldError {
        code: code_for(message),
        path: path.to_string(),
        message: text,
        help,
        at_key: false,
    }
}

/// For a number where text is expected (`version: 1.0`), how to write it as text: YAML
/// reads `1.0` as a number, and `1.10` would even become `1.1`.
fn quote_hint(path: &str, message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("invalid type: floating point `")
        .or_else(|| message.strip_prefix("invalid type: integer `"))?;
    let (number, rest) = rest.split_once('`')?;
    if !rest.contains("expected a string") {
        return None;
    }
    let field = path.rsplit('.').next().unwrap_or(path);
    Some(format!(
        "YAML reads {number} as a number: quote it, `{field}: \"{number}\"`"
    ))
}

/// For a value outside an enum's list (`treatment: mitgate`), the value meant.
fn variant_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (wrong, rest) = rest.split_once('`')?;
    let (_, known) = rest.split_once("expected ")?;
    let known: Vec<&str> = known.split('`').skip(1).step_by(2).collect();
    let norm = |s: &str| s.trim().to_lowercase().replace([' ', '_'], "-");
    let best = known
        .iter()
        .find(|k| norm(k) == norm(wrong))
        .copied()
        .or_else(|| closest(wrong, known.iter().copied()))?;
    Some(format!("did you mean `{best}`?"))
}

/// serde's type names in words authors use.
fn human(message: &str) -> String {
    let mut text = message.to_string();
    for (from, to) in [
        ("expected u32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected a sequence", "expected a list"),
        ("unit value", "nothing"),
    ] {
        text = text.replace(from, to);
    }
    if let Some(at) = text.find("expected struct ") {
        text.replace_range(at.., "expected a mapping of fields");
    }
    text
}

/// Picks a stable code for a serde error message.
pub fn code_for(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "E102"
    } else if message.starts_with("missing field") {
        "E103"
    } else if message.contains("date") {
        "E105"
    } else {
        // invalid type, invalid value, invalid length, unknown variant
        "E104"
    }
}

/// serde_yaml appends " at line L column C"; positions are carried separately.
pub fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(pos) => message[..pos].to_string(),
        None => message.to_string(),
    }
}

/// `.` (root) -> ``; anything else unchanged.
fn display_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}

/// `a.b.field` -> `a.b`.
fn parent_of(path: &str, field: &str) -> String {
    path.strip_suffix(field)
        .map(|p| p.strip_suffix('.').unwrap_or(p).to_string())
        .unwrap_or_default()
}

/// For "unknown field `owenr`, expected one of `id`, `owner`": the field and the known ones.
pub fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (wrong, rest) = rest.split_once('`')?;
    let known = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((wrong.to_string(), known))
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_string())
}

/// Path segments: `a.b[2].c` -> [Key(a), Key(b), Index(2), Key(c)].
enum Segment {
    Key(String),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Segment::Key(key.to_string()));
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            out.push(Segment::Index(index.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    Some(out)
}

fn slot<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut current = value;
    for segment in segments(path)? {
        current = match segment {
            Segment::Key(k) => current.as_mapping_mut()?.get_mut(k.as_str())?,
            Segment::Index(i) => current.as_sequence_mut()?.get_mut(i)?,
        };
    }
    Some(current)
}

fn remove(value: &mut Value, map_path: &str, field: &str) -> bool {
    slot(value, map_path)
        .and_then(Value::as_mapping_mut)
        .and_then(|m| m.shift_remove(field))
        .is_some()
}

/// Puts a stand-in value at `path` (creating the key when it is missing) that no longer fails
/// there. Returns whether one was found.
fn stand_in<T: DeserializeOwned>(value: &mut Value, path: &str, message: &str) -> bool {
    let mut candidates = Vec::new();
    if let Some(variant) = first_variant(message) {
        candidates.push(Value::String(variant));
    }
    candidates.extend([
        Value::String("2000-01-01".into()),
        Value::Number(Number::from(1)),
        Value::Bool(false),
        Value::Sequence(Vec::new()),
        Value::Mapping(Mapping::new()),
    ]);
    let (parent, last) = split_last(path);
    let mut tried = 0;
    while tried < candidates.len() {
        let candidate = candidates[tried].clone();
        tried += 1;
        if !put(value, &parent, &last, candidate) {
            return false;
        }
        match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(_) => return true,
            Err(err) => {
                let at = display_path(&err.path().to_string());
                if at != path {
                    return true;
                }
                let message = strip_location(&err.inner().to_string());
                if let Some(variant) = first_variant(&message)
                    && !candidates.contains(&Value::String(variant.clone()))
                {
                    candidates.push(Value::String(variant));
                }
            }
        }
    }
    false
}

fn split_last(path: &str) -> (String, String) {
    if path.ends_with(']')
        && let Some(open) = path.rfind('[')
    {
        return (path[..open].to_string(), path[open..].to_string());
    }
    match path.rfind('.') {
        Some(dot) => (path[..dot].to_string(), path[dot + 1..].to_string()),
        None => (String::new(), path.to_string()),
    }
}

fn put(value: &mut Value, parent: &str, last: &str, new: Value) -> bool {
    if last.is_empty() {
        *value = new;
        return true;
    }
    let Some(container) = slot(value, parent) else {
        return false;
    };
    if let Some(index) = last.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
        let Ok(index) = index.parse::<usize>() else {
            return false;
        };
        return match container.as_sequence_mut().and_then(|s| s.get_mut(index)) {
            Some(v) => {
                *v = new;
                true
            }
            None => false,
        };
    }
    match container.as_mapping_mut() {
        Some(map) => {
            map.insert(Value::String(last.to_string()), new);
            true
        }
        None => false,
    }
}

/// "unknown variant `x`, expected one of `a`, `b`" -> `a`; "expected `a` or `b`" -> `a`.
fn first_variant(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (_, rest) = rest.split_once("expected ")?;
    rest.split('`').nth(1).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Risk, System};

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn reports_every_problem_of_one_record() {
        let read = read::<Risk>(&yaml(
            "id: R\ntitle: T\nowenr: x\nlikelihood: high\nimpact: 9\ntreatment: mitgate\nresidual: { likelihood: 1, impcat: 1 }\nidentified: 2026-02-30\n",
        ));
        assert!(read.value.is_none());
        let got: Vec<(&str, &str)> = read
            .errors
            .iter()
            .map(|e| (e.code, e.path.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("E102", "owenr"),
                ("E104", "likelihood"),
                ("E104", "treatment"),
                ("E102", "residual.impcat"),
                ("E103", "residual"),
                ("E105", "identified"),
                ("E103", ""),
            ],
            "{:#?}",
            read.errors
        );
        assert_eq!(
            read.errors[0].help.as_deref(),
            Some("did you mean `owner`?")
        );
        assert!(read.errors[6].message.contains("`owner`"));
        assert_eq!(
            read.errors[2].help.as_deref(),
            Some("did you mean `mitigate`?")
        );
    }

    #[test]
    fn a_number_where_text_belongs_gets_a_quoting_hint() {
        let read = read::<System>(&yaml("id: S\nname: 1.0\nowner: O\n"));
        assert_eq!(read.errors[0].code, "E104");
        assert_eq!(
            read.errors[0].help.as_deref(),
            Some("YAML reads 1.0 as a number: quote it, `name: \"1.0\"`")
        );
    }

    #[test]
    fn unknown_fields_alone_keep_the_record() {
        let read = read::<System>(&yaml("id: S\nname: N\nowner: O\nfuntcion: f\n"));
        assert_eq!(read.errors.len(), 1);
        assert_eq!(
            read.errors[0].help.as_deref(),
            Some("did you mean `function`?")
        );
        assert_eq!(read.value.unwrap().id, "S");
    }

    #[test]
    fn wrong_shapes_do_not_loop() {
        for text in [
            "[1, 2]",
            "just text",
            "~",
            "id: [1]\nname: {a: b}\nowner: 3\n",
        ] {
            let read = read::<System>(&yaml(text));
            assert!(read.value.is_none(), "{text}");
            assert!(!read.errors.is_empty(), "{text}");
        }
    }
}
