//! Every string of a model value, found by its serialisation rather than by a list of its
//! fields: a field added tomorrow is visited without anyone listing it.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Visits every string of `value` (at its path: `users[2]`, `history[0].summary`) but the
/// top-level fields named in `skip`, and writes back what the visitor changed. Only what
/// serde serialises is seen: `#[serde(skip)]` fields (a source position) are kept as they are
/// by the caller. A value that cannot be read back is left unchanged.
pub fn every_string<T: Serialize + DeserializeOwned>(
    value: &mut T,
    skip: &[&str],
    visit: &mut dyn FnMut(&str, &mut String),
) -> bool {
    let Ok(mut json) = serde_json::to_value(&*value) else {
        return false;
    };
    let mut changed = false;
    match &mut json {
        serde_json::Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if !skip.contains(&key.as_str()) {
                    walk(field, key, visit, &mut changed);
                }
            }
        }
        other => walk(other, "", visit, &mut changed),
    }
    if changed && let Ok(new) = serde_json::from_value(json) {
        *value = new;
        return true;
    }
    false
}

/// [`every_string`] for visitors that act only on `[[ID]]` references: a value none of
/// whose strings holds `[[` (most register entries) is checked in one pass over its compact
/// serialisation, without building a tree of it.
pub fn every_reference_text<T: Serialize + DeserializeOwned>(
    value: &mut T,
    skip: &[&str],
    visit: &mut dyn FnMut(&str, &mut String),
) -> bool {
    let mut bytes = Vec::with_capacity(256);
    // JSON escapes neither `[` nor anything that could form one.
    if serde_json::to_writer(&mut bytes, &*value).is_ok() && !contains(&bytes, b"[[") {
        return false;
    }
    every_string(value, skip, visit)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Visits every string of a JSON value (front-matter fields nobody declared, for templates).
pub fn every_json_string(
    value: &mut serde_json::Value,
    path: &str,
    visit: &mut dyn FnMut(&str, &mut String),
) {
    let mut changed = false;
    walk(value, path, visit, &mut changed);
}

fn walk(
    value: &mut serde_json::Value,
    path: &str,
    visit: &mut dyn FnMut(&str, &mut String),
    changed: &mut bool,
) {
    match value {
        serde_json::Value::String(text) => {
            let before = text.len();
            let old = (before < 4096).then(|| text.clone());
            visit(path, text);
            *changed |= old.is_none_or(|old| &old != text);
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &format!("{path}[{i}]"), visit, changed);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(field, &inner, visit, changed);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Serialize, serde::Deserialize, PartialEq)]
    struct Thing {
        id: String,
        text: Option<String>,
        list: Vec<String>,
        nested: Vec<Inner>,
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize, PartialEq)]
    struct Inner {
        note: String,
    }

    #[test]
    fn visits_every_string_but_the_skipped_fields_and_writes_changes_back() {
        let mut thing = Thing {
            id: "[[A]]".into(),
            text: Some("[[A]]".into()),
            list: vec!["x".into(), "[[A]]".into()],
            nested: vec![Inner {
                note: "[[A]]".into(),
            }],
        };
        let mut paths = Vec::new();
        every_string(&mut thing, &["id"], &mut |path, text| {
            paths.push(path.to_string());
            *text = text.replace("[[A]]", "a");
        });
        assert_eq!(paths, ["list[0]", "list[1]", "nested[0].note", "text"]);
        assert_eq!(
            thing,
            Thing {
                id: "[[A]]".into(),
                text: Some("a".into()),
                list: vec!["x".into(), "a".into()],
                nested: vec![Inner { note: "a".into() }],
            }
        );
    }

    #[test]
    fn reference_texts_are_visited_only_where_a_reference_is_written() {
        let mut thing = Thing {
            id: "X".into(),
            text: Some("plain".into()),
            list: vec![],
            nested: vec![Inner {
                note: "no refs".into(),
            }],
        };
        let mut visited = 0;
        every_reference_text(&mut thing, &[], &mut |_, _| visited += 1);
        assert_eq!(visited, 0);
        thing.nested[0].note = "see [[A]]".into();
        every_reference_text(&mut thing, &[], &mut |_, _| visited += 1);
        assert_eq!(visited, 3);
    }
}
