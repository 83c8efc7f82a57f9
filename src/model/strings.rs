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

/// Which strings a walk's visitor acts on (`[[` for reference resolving; that, or a hidden
/// item's id, for the audience filter). A walk passes over a value none of whose strings
/// the visitor wants after one pass over its serialisation ([`any_string`]).
pub type Wanted<'a> = &'a dyn Fn(&str) -> bool;

/// [`every_string`] for a visitor that acts only on the strings it `wanted`: a value none of
/// whose strings it wants (most register entries) is checked without building a tree of it.
pub fn every_wanted_string<T: Serialize + DeserializeOwned>(
    value: &mut T,
    skip: &[&str],
    wanted: Wanted,
    visit: &mut dyn FnMut(&str, &mut String),
) -> bool {
    if !any_string(&*value, wanted) {
        return false;
    }
    every_string(value, skip, visit)
}

/// Whether a string value of `value`'s serialisation (field names aside) is `wanted`: one
/// pass of serde_json's writer into nothing, each string read back whole from its fragments
/// and escapes, stopping at the first one wanted. A value that cannot be serialised is
/// wanted, so that the full walk decides.
pub fn any_string<T: Serialize + ?Sized>(value: &T, wanted: Wanted) -> bool {
    let mut finder = StringFinder {
        wanted,
        in_key: false,
        text: String::new(),
        found: false,
    };
    let mut writer = serde_json::Serializer::with_formatter(std::io::sink(), &mut finder);
    let stopped = value.serialize(&mut writer).is_err();
    finder.found || stopped
}

/// The formatter of [`any_string`]: it writes nothing and reads each string value back.
struct StringFinder<'a> {
    wanted: Wanted<'a>,
    in_key: bool,
    text: String,
    found: bool,
}

impl serde_json::ser::Formatter for &mut StringFinder<'_> {
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        _: &mut W,
        _: bool,
    ) -> std::io::Result<()> {
        self.in_key = true;
        Ok(())
    }

    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.in_key = false;
        Ok(())
    }

    fn begin_string<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.text.clear();
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        _: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        self.text.push_str(fragment);
        Ok(())
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        _: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        use serde_json::ser::CharEscape as E;
        self.text.push(match escape {
            E::Quote => '"',
            E::ReverseSolidus => '\\',
            E::Solidus => '/',
            E::Backspace => '\u{8}',
            E::FormFeed => '\u{c}',
            E::LineFeed => '\n',
            E::CarriageReturn => '\r',
            E::Tab => '\t',
            E::AsciiControl(byte) => char::from(byte),
        });
        Ok(())
    }

    fn end_string<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        if !self.in_key && (self.wanted)(&self.text) {
            self.found = true;
            // Stops the serialisation: one string wanted is enough.
            return Err(std::io::Error::other("wanted"));
        }
        Ok(())
    }
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
    fn a_wanted_string_is_found_whole_through_its_escapes_and_never_in_a_field_name() {
        let quoted = "a \"quoted\"\\ line\nwith\ttab \u{1} and \u{e9}";
        let thing = Thing {
            id: "X".into(),
            text: Some(quoted.into()),
            list: vec![" RSK-2 ".into()],
            nested: vec![],
        };
        assert!(any_string(&thing, &|s| s == quoted));
        assert!(any_string(&thing, &|s| s == " RSK-2 "));
        assert!(any_string(&thing, &|s| s == "X"));
        // Field names are not values; nor is a part of a string the whole of it.
        assert!(!any_string(&thing, &|s| s == "text" || s == "nested"));
        assert!(!any_string(&thing, &|s| s == "RSK-2" || s == "quoted"));
        let mut map = std::collections::BTreeMap::new();
        map.insert("RSK-2", 1);
        assert!(!any_string(&map, &|s| s == "RSK-2"));
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
        let references: Wanted = &|s| s.contains("[[");
        every_wanted_string(&mut thing, &[], references, &mut |_, _| visited += 1);
        assert_eq!(visited, 0);
        thing.nested[0].note = "see [[A]]".into();
        every_wanted_string(&mut thing, &[], references, &mut |_, _| visited += 1);
        assert_eq!(visited, 3);
    }
}
