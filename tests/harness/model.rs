//! Typed builders for portal files: Rust values written as the YAML a user would write
//! (block lists of entries, flow lists `[a, b]` and flow maps `{ k: v }` inside them), so a
//! fixture reads as data and its line layout stays what the diagnostics tests count on.
//!
//! Every field is optional except ids and titles, and a field left empty (`""`, `None`, an
//! empty list) is left out of the file: the one rule of [`fields`], for every builder. Fields
//! the types do not name go in `more`.

use serde::Serialize;
use serde_yaml::{Mapping, Value};

/// Declares a typed builder: `#[derive(Serialize, Default, Clone)] pub struct NAME<'a>` with
/// its fields in the order the file writes them (`a, b: T,` gives both the type `T`; a field
/// with attributes stands alone), then `more`, the fields the type does not name.
macro_rules! builder {
    ($(#[$doc:meta])* pub struct $name:ident<'a> { $($body:tt)* }) => {
        builder!(@fields [$(#[$doc])* $name] [] [$($body)*]);
    };
    (@fields $head:tt [$($done:tt)*] [$(#[$attr:meta])+ $field:ident: $type:ty, $($rest:tt)*]) => {
        builder!(@fields $head [$($done)* $(#[$attr])+ pub $field: $type,] [$($rest)*]);
    };
    (@fields $head:tt [$($done:tt)*] [$($field:ident),+: $type:ty, $($rest:tt)*]) => {
        builder!(@fields $head [$($done)* $(pub $field: $type,)+] [$($rest)*]);
    };
    (@fields [$(#[$doc:meta])* $name:ident] [$($done:tt)*] []) => {
        $(#[$doc])*
        #[derive(Serialize, Default, Clone)]
        pub struct $name<'a> {
            $($done)*
            /// Fields the type does not name, written after the others: see [`more`].
            #[serde(flatten)]
            pub more: Mapping,
        }
    };
}

builder! {
    /// `portal.yaml`.
    pub struct Config<'a> {
        title, organization: &'a str,
        frameworks: Vec<&'a str>,
        risk: Option<RiskScale<'a>>,
        reviews: Option<Reviews<'a>>,
    }
}

/// `risk:` in `portal.yaml`.
#[derive(Serialize, Default, Clone)]
pub struct RiskScale<'a> {
    pub scale: u32,
    pub appetite: u32,
    pub categories: Vec<&'a str>,
    /// Who may accept a residual risk, by level name or `above_appetite` (none: left out).
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "pairs")]
    pub acceptance_by: Vec<(&'a str, &'a str)>,
}

/// `[(k, v)]` as the mapping `{k: v}`.
fn pairs<S: serde::Serializer>(pairs: &[(&str, &str)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().copied())
}

/// `reviews:` in `portal.yaml`.
#[derive(Serialize, Default, Clone)]
pub struct Reviews<'a> {
    pub default_interval: &'a str,
    pub due_soon: &'a str,
}

/// A framework file under `content/frameworks/`.
#[derive(Clone, Default)]
pub struct Framework<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub version: &'a str,
    pub groups: Vec<Group<'a>>,
}

/// A group of a framework: its id, its title and its controls (id, title).
pub type Group<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

builder! {
    /// An entry of `content/controls/soa.yaml`.
    pub struct SoaEntry<'a> {
        #[serde(rename = "ref")]
        control: &'a str,
        applicable: bool,
        justification, status, owner, implementation, visibility: &'a str,
    }
}

builder! {
    /// A policy (or standard, procedure...): front matter and Markdown body.
    pub struct Policy<'a> {
        id, title, kind, owner, status, version, summary, visibility: &'a str,
        last_review, next_review, review_interval: &'a str,
        controls: Vec<&'a str>,
        /// The Markdown after the front matter.
        #[serde(skip)]
        body: &'a str,
    }
}

builder! {
    /// An AI system of `content/systems/`.
    pub struct System<'a> {
        id, name, owner, visibility, last_review: &'a str,
    }
}

builder! {
    /// A risk of `content/risks/`.
    pub struct Risk<'a> {
        id, title, system, category, owner, visibility, description: &'a str,
        likelihood, impact: Option<u32>,
        treatment: &'a str,
        controls: Vec<&'a str>,
        /// Residual likelihood and impact.
        residual: Option<Residual>,
        last_review: &'a str,
    }
}

/// `residual:` of a risk.
#[derive(Serialize, Default, Clone, Copy)]
pub struct Residual {
    pub likelihood: u32,
    pub impact: u32,
}

builder! {
    /// An evidence record of `content/evidence/`.
    pub struct Evidence<'a> {
        id, title, file, url, visibility, collected, valid_for, expires: &'a str,
        controls, risks: Vec<&'a str>,
    }
}

/// Fields the types do not name, from YAML text: `more("public: { contact: a@b.example }")`.
pub fn more(yaml: &str) -> Mapping {
    serde_yaml::from_str(yaml).expect("a YAML mapping")
}

/// A builder's fields as a mapping, those left empty (`""`, `None`, an empty list or
/// mapping) dropped.
fn fields(value: &impl Serialize) -> Mapping {
    let Value::Mapping(mut map) = serde_yaml::to_value(value).expect("a YAML value") else {
        panic!("a builder is a mapping")
    };
    map.retain(|_, v| match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Sequence(items) => !items.is_empty(),
        Value::Mapping(map) => !map.is_empty(),
        _ => true,
    });
    map
}

/// A YAML document: the [`fields`] of `value` written in the layout above.
pub fn yaml_document(value: &impl Serialize) -> String {
    document(&fields(value))
}

/// A file of entries under one top-level key (`risks:`, `evidence:`...), each its [`fields`].
pub fn yaml_list<T: Serialize>(key: &str, items: &[T]) -> String {
    let items = items.iter().map(|i| Value::Mapping(fields(i))).collect();
    let mut doc = Mapping::new();
    doc.insert(key.into(), Value::Sequence(items));
    document(&doc)
}

/// `map` as a YAML document in the layout above.
fn document(map: &Mapping) -> String {
    let mut out = String::new();
    for (key, value) in map {
        block_entry(&mut out, 0, 0, &scalar(key, false), value);
    }
    out
}

impl Policy<'_> {
    /// The Markdown file: front matter between `---` fences, then the body.
    pub fn to_markdown(&self) -> String {
        format!("---\n{}---\n{}", yaml_document(self), self.body)
    }
}

impl Framework<'_> {
    /// The framework file: its header as one flow mapping, groups as a block list, controls
    /// one flow mapping a line.
    pub fn to_yaml(&self) -> String {
        let mut out = format!(
            "framework: {{ id: {}, name: {}, version: {} }}\ngroups:\n",
            plain(self.id, true),
            plain(self.name, true),
            plain(self.version, true)
        );
        for (id, title, controls) in &self.groups {
            out.push_str(&format!(
                "  - id: {}\n    title: {}\n    controls:\n",
                plain(id, false),
                plain(title, false)
            ));
            for (id, title) in controls {
                out.push_str(&format!(
                    "      - {{ id: {}, title: {} }}\n",
                    plain(id, true),
                    plain(title, true)
                ));
            }
        }
        out
    }
}

/// `key: value` at `indent`: scalars and lists of scalars on the line; at the top level
/// (`depth` 0) mappings as blocks and lists of mappings as block entries; inside an entry,
/// mappings in flow and lists of mappings one flow mapping a line.
fn block_entry(out: &mut String, indent: usize, depth: usize, key: &str, value: &Value) {
    let pad = " ".repeat(indent);
    match value {
        Value::Sequence(items) if items.iter().any(|i| matches!(i, Value::Mapping(_))) => {
            out.push_str(&format!("{pad}{key}:\n"));
            for item in items {
                let Value::Mapping(map) = item else {
                    panic!("a list mixes entries and values")
                };
                if depth > 0 {
                    out.push_str(&format!("{pad}  - {}\n", flow(item)));
                    continue;
                }
                let mut entry = String::new();
                for (k, v) in map {
                    block_entry(&mut entry, 0, depth + 1, &scalar(k, false), v);
                }
                for (n, line) in entry.lines().enumerate() {
                    let lead = if n == 0 { "  - " } else { "    " };
                    out.push_str(&format!("{pad}{lead}{line}\n"));
                }
            }
        }
        Value::Mapping(map) if depth == 0 => {
            out.push_str(&format!("{pad}{key}:\n"));
            for (k, v) in map {
                block_entry(out, indent + 2, depth + 1, &scalar(k, false), v);
            }
        }
        Value::Sequence(_) | Value::Mapping(_) => {
            out.push_str(&format!("{pad}{key}: {}\n", flow(value)))
        }
        scalar_value => out.push_str(&format!("{pad}{key}: {}\n", scalar(scalar_value, false))),
    }
}

/// A value in flow style.
fn flow(value: &Value) -> String {
    match value {
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Mapping(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar(k, true), flow(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        other => scalar(other, true),
    }
}

/// A scalar as written plainly where YAML reads it back as the same value, quoted otherwise.
fn scalar(value: &Value, in_flow: bool) -> String {
    match value {
        Value::String(s) => plain(s, in_flow),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => panic!("not a scalar: {other:?}"),
    }
}

/// `s` unquoted if it reads back as the same string, else double-quoted.
fn plain(s: &str, in_flow: bool) -> String {
    let reads_back = serde_yaml::from_str::<Value>(&format!("k: {s}"))
        .ok()
        .and_then(|v| v.get("k").cloned())
        == Some(Value::String(s.to_string()));
    let flow_safe = !in_flow || !s.contains([',', '[', ']', '{', '}']);
    if reads_back && flow_safe && !s.contains('\n') {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap()
    }
}
