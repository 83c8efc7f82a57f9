//! JSON exports written as they are built: a list of 100,000 risks is serialised one item at a
//! time and never held as one tree (a `serde_json::Value` of the POA&M at 100,000 risks took
//! gigabytes; its text takes a tenth of that).
//!
//! Every export has one layout, whether a list was streamed or built whole: objects outside a
//! list have one member per line, a list has one item per line, and each item is written
//! compact. A change to one risk is then a change to one line of a diff, and the file is about
//! half its pretty-printed size.

use std::iter::Peekable;

use serde_json::Value;

/// A JSON document whose long lists are built while they are written.
pub enum Json<'a> {
    /// A value built whole: small, or an item of a list.
    Value(Value),
    /// An object with members in this order, any of which may be streamed.
    Object(Vec<(&'static str, Json<'a>)>),
    /// A list whose items are built one at a time as it is written.
    Items(Box<dyn Iterator<Item = Value> + 'a>),
    /// A short list of parts, each laid out as its own kind says (an object spread over
    /// lines, a value compact): OSCAL's one result of an assessment holds every observation.
    List(Vec<Json<'a>>),
}

impl<'a> Json<'a> {
    /// A streamed list.
    pub fn items(items: impl Iterator<Item = Value> + 'a) -> Json<'a> {
        Json::Items(Box::new(items))
    }
}

/// Whether a document drops null members and empty lists (OSCAL: a list holds at least one
/// item, an absent field is left out) or writes everything (our own exports, whose empty
/// lists say "none").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Empty {
    /// Null members and empty lists are left out, at any depth; empty objects stay.
    Omit,
    /// Written as they are.
    Keep,
}

/// A JSON export's text, laid out as the module says. Only [`JsonText::write`] makes one, so
/// every JSON export has the same layout.
#[derive(Debug, Clone)]
pub struct JsonText(Vec<u8>);

impl JsonText {
    /// Writes `document`, consuming its streamed lists.
    pub fn write(document: Json, empty: Empty) -> JsonText {
        let mut out = Vec::new();
        let mut writer = Writer {
            out: &mut out,
            empty,
        };
        let (ready, _) = writer.ready(document);
        writer.write(ready, 0);
        out.push(b'\n');
        JsonText(out)
    }

    /// The bytes of the file.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Writes one document into `out`.
struct Writer<'o> {
    out: &'o mut Vec<u8>,
    empty: Empty,
}

/// A part of a document once it is known not to be left out.
enum Ready<'a> {
    Value(Value),
    Object(Vec<(&'static str, Json<'a>)>),
    Items(Peekable<Box<dyn Iterator<Item = Value> + 'a>>),
    List(Vec<Json<'a>>),
}

impl Writer<'_> {
    /// `json` pruned, and whether it is null or an empty list: a member [`Empty::Omit`]
    /// leaves out (an item of a list stays, as pruning keeps a list's items).
    fn ready<'a>(&self, json: Json<'a>) -> (Ready<'a>, bool) {
        match json {
            Json::Value(value) => {
                let value = match self.empty {
                    Empty::Omit => prune(value),
                    Empty::Keep => value,
                };
                let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
                (Ready::Value(value), empty)
            }
            Json::Object(members) => (Ready::Object(members), false),
            Json::Items(items) => {
                let mut items = items.peekable();
                let empty = items.peek().is_none();
                (Ready::Items(items), empty)
            }
            Json::List(parts) => {
                let empty = parts.is_empty();
                (Ready::List(parts), empty)
            }
        }
    }

    fn write(&mut self, ready: Ready, depth: usize) {
        match ready {
            Ready::Value(value) => self.value(&value, depth),
            Ready::Object(members) => self.object(members, depth),
            Ready::Items(items) => self.list(items.map(Json::Value), depth),
            Ready::List(parts) => self.list(parts.into_iter(), depth),
        }
    }

    /// A value outside any list: objects and lists are spread over lines, the rest compact.
    fn value(&mut self, value: &Value, depth: usize) {
        match value {
            Value::Object(map) if !map.is_empty() => self.object(
                map.iter()
                    .map(|(k, v)| (k.as_str(), Json::Value(v.clone()))),
                depth,
            ),
            Value::Array(items) if !items.is_empty() => {
                self.list(items.iter().cloned().map(Json::Value), depth)
            }
            other => self.compact(other),
        }
    }

    /// An object: one member per line.
    fn object<'k, 'a>(
        &mut self,
        members: impl IntoIterator<Item = (&'k str, Json<'a>)>,
        depth: usize,
    ) {
        self.out.push(b'{');
        let mut first = true;
        for (key, member) in members {
            let (ready, empty) = self.ready(member);
            if !(empty && self.empty == Empty::Omit) {
                self.separator(&mut first, depth + 1);
                self.compact(&Value::from(key));
                self.out.extend_from_slice(b": ");
                self.write(ready, depth + 1);
            }
        }
        self.close(b'}', first, depth);
    }

    /// A list: one item per line, a value compact, a streamed part spread as its kind says.
    fn list<'a>(&mut self, parts: impl Iterator<Item = Json<'a>>, depth: usize) {
        self.out.push(b'[');
        let mut first = true;
        for part in parts {
            self.separator(&mut first, depth + 1);
            match self.ready(part).0 {
                Ready::Value(value) => self.compact(&value),
                ready => self.write(ready, depth + 1),
            }
        }
        self.close(b']', first, depth);
    }

    /// A comma after the previous member or item, then a new line indented to `depth`.
    fn separator(&mut self, first: &mut bool, depth: usize) {
        if !std::mem::take(first) {
            self.out.push(b',');
        }
        self.newline(depth);
    }

    /// Closes a list or object; an empty one stays on its line (`[]`, `{}`).
    fn close(&mut self, bracket: u8, empty: bool, depth: usize) {
        if !empty {
            self.newline(depth);
        }
        self.out.push(bracket);
    }

    fn newline(&mut self, depth: usize) {
        self.out.push(b'\n');
        self.out.resize(self.out.len() + 2 * depth, b' ');
    }

    fn compact(&mut self, value: &Value) {
        // Writing a `Value` into a `Vec` cannot fail: its keys are strings.
        let _ = serde_json::to_writer(&mut *self.out, value);
    }
}

/// Drops nulls and empty lists: OSCAL lists hold at least one item, and an absent field is
/// written by leaving it out.
fn prune(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null() && !v.as_array().is_some_and(Vec::is_empty))
                .map(|(k, v)| (k, prune(v)))
                .filter(|(_, v)| !v.as_array().is_some_and(Vec::is_empty))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(prune).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(json: Json, empty: Empty) -> String {
        String::from_utf8(JsonText::write(json, empty).0).unwrap()
    }

    /// The same content written streamed and as one tree.
    fn both(tree: Value, empty: Empty) -> (String, String) {
        let streamed = match tree.clone() {
            Value::Object(map) => {
                // Streams every list of the top level, the way the exports do.
                let members = map
                    .into_iter()
                    .map(|(k, v)| {
                        let key: &'static str = Box::leak(k.into_boxed_str());
                        let member = match v {
                            Value::Array(items) => Json::items(items.into_iter()),
                            other => Json::Value(other),
                        };
                        (key, member)
                    })
                    .collect();
                Json::Object(members)
            }
            other => Json::Value(other),
        };
        (text(streamed, empty), text(Json::Value(tree), empty))
    }

    #[test]
    fn a_streamed_document_is_written_as_its_tree_would_be() {
        let tree = json!({
            "generator": "Tracemark", "empty": [], "none": null, "nested": {"a": [1, {"b": []}], "c": {}},
            "risks": [{"id": "R-1", "controls": ["iso42001:6.1.2"], "x": null}, {"id": "R-2", "controls": []}],
        });
        for empty in [Empty::Keep, Empty::Omit] {
            let (streamed, whole) = both(tree.clone(), empty);
            assert_eq!(streamed, whole, "{empty:?}");
            let parsed: Value = serde_json::from_str(&streamed).unwrap();
            let expected = if empty == Empty::Omit {
                prune(tree.clone())
            } else {
                tree.clone()
            };
            assert_eq!(parsed, expected, "{empty:?}");
        }
    }

    #[test]
    fn lists_have_one_compact_item_per_line_and_objects_one_member_per_line() {
        let tree = json!({"today": "2026-12-07", "empty": [], "risks": [{"id": "R-1", "controls": ["a", "b"]}, {"id": "R-2"}], "meta": {"k": "v"}});
        let (streamed, _) = both(tree, Empty::Keep);
        assert_eq!(
            streamed,
            // A built object's members in serde_json's (sorted) order.
            "{\n  \"empty\": [],\n  \"meta\": {\n    \"k\": \"v\"\n  },\n  \"risks\": [\n    {\"controls\":[\"a\",\"b\"],\"id\":\"R-1\"},\n    {\"id\":\"R-2\"}\n  ],\n  \"today\": \"2026-12-07\"\n}\n"
        );
    }

    #[test]
    fn omit_leaves_out_an_empty_streamed_list_and_keeps_empty_objects() {
        let document = Json::Object(vec![
            ("items", Json::items(std::iter::empty())),
            ("none", Json::Value(Value::Null)),
            ("object", Json::Object(Vec::new())),
            (
                "kept",
                Json::items([json!({"a": null, "b": [], "c": {}})].into_iter()),
            ),
        ]);
        assert_eq!(
            text(document, Empty::Omit),
            "{\n  \"object\": {},\n  \"kept\": [\n    {\"c\":{}}\n  ]\n}\n"
        );
    }

    #[test]
    fn prune_drops_empty_lists_and_nulls_but_keeps_empty_objects() {
        let pruned =
            prune(json!({"a": [], "b": null, "c": {}, "d": [{"e": []}], "f": [{"g": null}]}));
        assert_eq!(pruned, json!({"c": {}, "d": [{}], "f": [{}]}));
    }
}
