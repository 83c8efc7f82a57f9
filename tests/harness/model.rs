//! Typed builders for portal files: Rust values written as the YAML a user would write
//! (block lists of entries, flow lists `[a, b]` and flow maps `{ k: v }` inside them), so a
//! fixture reads as data and its line layout stays what the diagnostics tests count on.
//!
//! Every field is optional except ids and titles: an empty string, `None` or an empty list
//! is left out of the file. Fields the types do not name go in `more`.

use serde::Serialize;
use serde_yaml::{Mapping, Value};

fn is_empty(s: &&str) -> bool {
    s.is_empty()
}

/// `portal.yaml`.
#[derive(Serialize, Default, Clone)]
pub struct Config<'a> {
    #[serde(skip_serializing_if = "is_empty")]
    pub title: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub organization: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskScale<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews: Option<Reviews<'a>>,
    #[serde(flatten, skip_serializing_if = "Mapping::is_empty")]
    pub more: Mapping,
}

/// `risk:` in `portal.yaml`.
#[derive(Serialize, Default, Clone)]
pub struct RiskScale<'a> {
    pub scale: u32,
    pub appetite: u32,
    pub categories: Vec<&'a str>,
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

/// An entry of `content/controls/soa.yaml`.
#[derive(Serialize, Default, Clone)]
pub struct SoaEntry<'a> {
    #[serde(rename = "ref")]
    pub control: &'a str,
    pub applicable: bool,
    #[serde(skip_serializing_if = "is_empty")]
    pub justification: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub status: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub owner: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub implementation: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub visibility: &'a str,
    #[serde(flatten, skip_serializing_if = "Mapping::is_empty")]
    pub more: Mapping,
}

/// A policy (or standard, procedure...): front matter and Markdown body.
#[derive(Serialize, Default, Clone)]
pub struct Policy<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub kind: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub owner: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub status: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub version: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub summary: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub visibility: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub last_review: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub next_review: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub review_interval: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<&'a str>,
    #[serde(flatten, skip_serializing_if = "Mapping::is_empty")]
    pub more: Mapping,
    #[serde(skip)]
    pub body: &'a str,
}

/// An AI system of `content/systems/`.
#[derive(Serialize, Default, Clone)]
pub struct System<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub owner: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub visibility: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub last_review: &'a str,
    #[serde(flatten, skip_serializing_if = "Mapping::is_empty")]
    pub more: Mapping,
}

/// A risk of `content/risks/`.
#[derive(Serialize, Default, Clone)]
pub struct Risk<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub system: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub category: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub owner: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub visibility: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<u32>,
    #[serde(skip_serializing_if = "is_empty")]
    pub treatment: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<&'a str>,
    /// Residual likelihood and impact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residual: Option<Residual>,
    #[serde(skip_serializing_if = "is_empty")]
    pub last_review: &'a str,
    #[serde(flatten, skip_serializing_if = "Mapping::is_empty")]
    pub more: Mapping,
}

/// `residual:` of a risk.
#[derive(Serialize, Default, Clone, Copy)]
pub struct Residual {
    pub likelihood: u32,
    pub impact: u32,
}

/// An evidence record of `content/evidence/`.
#[derive(Serialize, Default, Clone)]
pub struct Evidence<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub file: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub url: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub visibility: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub collected: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub valid_for: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    pub expires: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<&'a str>,
    #[serde(flatten, skip_serializing_if = "Mapping::is_empty")]
    pub more: Mapping,
}

/// Fields the types do not name, from YAML text: `more("public: { contact: a@b.example }")`.
pub fn more(yaml: &str) -> Mapping {
    serde_yaml::from_str(yaml).expect("a YAML mapping")
}

/// A YAML document: `value` (a mapping) written in the layout above.
pub fn yaml_document(value: &impl Serialize) -> String {
    let value = serde_yaml::to_value(value).expect("a YAML value");
    let Value::Mapping(map) = value else {
        panic!("a document is a mapping")
    };
    let mut out = String::new();
    for (key, value) in &map {
        block_entry(&mut out, 0, 0, &scalar(key, false), value);
    }
    out
}

/// A file of entries under one top-level key (`risks:`, `evidence:`...).
pub fn yaml_list<T: Serialize>(key: &str, items: &[T]) -> String {
    let mut doc = Mapping::new();
    doc.insert(
        key.into(),
        Value::Sequence(
            items
                .iter()
                .map(|i| serde_yaml::to_value(i).unwrap())
                .collect(),
        ),
    );
    yaml_document(&doc)
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
