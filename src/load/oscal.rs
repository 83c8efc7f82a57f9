//! OSCAL catalogs (JSON): groups (nested ones too), controls with their enhancements, the
//! statement, guidance and other parts with parameters written out, and withdrawn controls.
//!
//! Whatever the loader cannot use is reported, never dropped silently: a control without an
//! id is an error, a key outside the OSCAL catalog model a warning, each at its line.

use std::collections::{HashMap, HashSet};

use serde_json::Value as Json;

use crate::diagnostics::Diagnostic;
use crate::model::{CatalogControl, CatalogGroup, ControlPart, Framework, FrameworkInfo};

/// Keys the OSCAL catalog model allows on each object (OSCAL 1.x).
const CATALOG_KEYS: &[&str] = &[
    "uuid",
    "metadata",
    "params",
    "controls",
    "groups",
    "back-matter",
];
const GROUP_KEYS: &[&str] = &[
    "id", "class", "title", "params", "props", "links", "parts", "groups", "controls",
];
const CONTROL_KEYS: &[&str] = &[
    "id", "class", "title", "params", "props", "links", "parts", "controls",
];
const PART_KEYS: &[&str] = &[
    "id", "name", "ns", "class", "title", "props", "prose", "parts", "links",
];

/// Keys whose value the OSCAL model makes a list.
const LIST_KEYS: &[&str] = &["groups", "controls", "parts", "params", "props", "links"];

/// How deep parameter values may insert other parameters before the loader stops following.
const MAX_INSERT_DEPTH: usize = 8;

/// A problem found at a JSON pointer, located to a line once the walk is done.
struct Problem {
    pointer: String,
    diagnostic: Diagnostic,
}

/// Reads an OSCAL catalog. `Err` when the text is not an OSCAL catalog at all; otherwise the
/// catalog and every problem met, each at its line of `file`.
pub fn catalog(id: &str, text: &str, file: &str) -> Result<(Framework, Vec<Diagnostic>), String> {
    let json: Json =
        serde_json::from_str(text).map_err(|err| format!("not a JSON OSCAL catalog: {err}"))?;
    let catalog = json
        .get("catalog")
        .filter(|c| c.is_object())
        .ok_or("an OSCAL catalog needs a top-level `catalog` object")?;
    let mut reader = Reader::new(catalog);
    reader.unknown_keys(catalog, "/catalog", CATALOG_KEYS, "catalog");
    let mut groups = Vec::new();
    reader.groups(catalog, "/catalog", None, &mut groups);
    let mut loose = Vec::new();
    reader.controls(catalog, "/catalog", None, &mut loose);
    if !loose.is_empty() {
        groups.push(CatalogGroup {
            id: "other".into(),
            title: "Other controls".into(),
            category: None,
            requirements: false,
            parts: Vec::new(),
            controls: loose,
        });
    }
    let framework = Framework {
        framework: FrameworkInfo {
            id: id.to_string(),
            name: str_field(catalog.pointer("/metadata").unwrap_or(&Json::Null), "title")
                .unwrap_or_else(|| id.to_string()),
            version: catalog
                .pointer("/metadata/version")
                .and_then(Json::as_str)
                .map(str::to_string),
            applicability: Default::default(),
        },
        groups,
        source: crate::model::Source::new(file.to_string(), 1),
    };
    Ok((framework, reader.located(text, file)))
}

/// The walk's state: every parameter's display text and control's label, and the problems.
struct Reader {
    params: HashMap<String, Json>,
    labels: HashMap<String, String>,
    problems: Vec<Problem>,
}

impl Reader {
    fn new(catalog: &Json) -> Reader {
        let mut reader = Reader {
            params: HashMap::new(),
            labels: HashMap::new(),
            problems: Vec::new(),
        };
        reader.index(catalog);
        reader
    }

    /// First pass: parameters and labels anywhere in the catalog (their ids are unique in it).
    fn index(&mut self, node: &Json) {
        for param in array(node, "params") {
            if let Some(id) = str_field(param, "id") {
                self.params.insert(id, param.clone());
            }
        }
        if let (Some(id), Some(label)) = (str_field(node, "id"), label(node)) {
            self.labels.insert(id, label);
        }
        for child in array(node, "groups").chain(array(node, "controls")) {
            self.index(child);
        }
    }

    fn problem(&mut self, pointer: &str, diagnostic: Diagnostic) {
        self.problems.push(Problem {
            pointer: pointer.to_string(),
            diagnostic,
        });
    }

    /// Reports keys outside the OSCAL model, and lists (`controls`, `parts`, ...) that are not
    /// lists: both would otherwise be dropped without a word.
    fn unknown_keys(&mut self, node: &Json, pointer: &str, known: &[&str], what: &str) {
        let Some(object) = node.as_object() else {
            return;
        };
        for key in LIST_KEYS {
            if object.get(*key).is_some_and(|v| !v.is_array()) {
                self.problem(
                    &format!("{pointer}/{key}"),
                    Diagnostic::error(
                        "E108",
                        format!("`{key}` of the OSCAL {what} at `{pointer}` is not a list"),
                    ),
                );
            }
        }
        for key in object.keys().filter(|k| !known.contains(&k.as_str())) {
            self.problem(
                &format!("{pointer}/{key}"),
                Diagnostic::warning(
                    "W211",
                    format!(
                        "OSCAL {what} at `{pointer}` has `{key}`, which Tracemark does not read"
                    ),
                )
                .help(format!("an OSCAL {what} holds: {}", known.join(", "))),
            );
        }
    }

    /// Groups, nested ones flattened after their parent (`category` names the parent).
    fn groups(
        &mut self,
        node: &Json,
        pointer: &str,
        parent: Option<&str>,
        out: &mut Vec<CatalogGroup>,
    ) {
        for (i, group) in array(node, "groups").enumerate() {
            let at = format!("{pointer}/groups/{i}");
            if !group.is_object() {
                self.problem(
                    &at,
                    Diagnostic::error("E108", format!("OSCAL group at `{at}` is not an object")),
                );
                continue;
            }
            self.unknown_keys(group, &at, GROUP_KEYS, "group");
            let mut parts = Vec::new();
            for (p, part) in array(group, "parts").enumerate() {
                self.part(part, &format!("{at}/parts/{p}"), 0, &mut parts);
            }
            // OSCAL makes a group's id optional; its position stands in for it.
            let id = str_field(group, "id").unwrap_or_else(|| format!("group-{}", out.len() + 1));
            let title = match str_field(group, "title") {
                Some(title) => title,
                None => {
                    self.problem(
                        &at,
                        Diagnostic::warning(
                            "W211",
                            format!("OSCAL group `{id}` at `{at}` has no `title`"),
                        ),
                    );
                    id.clone()
                }
            };
            let mut controls = Vec::new();
            self.controls(group, &at, None, &mut controls);
            out.push(CatalogGroup {
                id: id.clone(),
                title: title.clone(),
                category: parent.map(str::to_string),
                requirements: false,
                parts,
                controls,
            });
            let path = match parent {
                Some(p) => format!("{p} / {title}"),
                None => title,
            };
            self.groups(group, &at, Some(&path), out);
        }
    }

    /// Controls in reading order, each followed by its enhancements.
    fn controls(
        &mut self,
        node: &Json,
        pointer: &str,
        parent: Option<&str>,
        out: &mut Vec<CatalogControl>,
    ) {
        for (i, control) in array(node, "controls").enumerate() {
            let at = format!("{pointer}/controls/{i}");
            let id = str_field(control, "id").filter(|id| !id.trim().is_empty());
            let Some(id) = id else {
                self.problem(
                    &at,
                    Diagnostic::error(
                        "E108",
                        format!(
                            "OSCAL control at `{at}` has no `id`{}",
                            str_field(control, "title")
                                .map(|t| format!(" (title `{t}`)"))
                                .unwrap_or_default()
                        ),
                    )
                    .help(
                        "every control needs an id: it names the control's page and its references",
                    ),
                );
                continue;
            };
            if !usable_id(&id) {
                self.problem(
                    &format!("{at}/id"),
                    Diagnostic::error(
                        "E204",
                        format!("OSCAL control id `{id}` is not a usable id"),
                    )
                    .help("ids start with a letter or digit and hold letters, digits, `.`, `_` and `-`"),
                );
                continue;
            }
            self.unknown_keys(control, &at, CONTROL_KEYS, "control");
            let title = match str_field(control, "title") {
                Some(title) => title,
                None => {
                    self.problem(
                        &at,
                        Diagnostic::warning("W211", format!("OSCAL control `{id}` has no `title`")),
                    );
                    id.clone()
                }
            };
            let mut parts = Vec::new();
            for (p, part) in array(control, "parts").enumerate() {
                self.part(part, &format!("{at}/parts/{p}"), 0, &mut parts);
            }
            let withdrawn = props(control).any(|(name, value, _)| {
                name == "status" && value.eq_ignore_ascii_case("withdrawn")
            });
            if withdrawn {
                parts.extend(self.withdrawal(control));
            }
            out.push(CatalogControl {
                label: label(control),
                title,
                text: None,
                summary: None,
                parts,
                withdrawn,
                parent: parent.map(str::to_string),
                id: id.clone(),
            });
            self.controls(control, &at, Some(&id), out);
        }
    }

    /// A part and the parts inside it, flattened with their depth, parameters written out.
    fn part(&mut self, part: &Json, pointer: &str, depth: usize, out: &mut Vec<ControlPart>) {
        if !part.is_object() {
            self.problem(
                pointer,
                Diagnostic::error(
                    "E108",
                    format!("OSCAL part at `{pointer}` is not an object"),
                ),
            );
            return;
        }
        self.unknown_keys(part, pointer, PART_KEYS, "part");
        let name = match str_field(part, "name") {
            Some(name) => name,
            None => {
                self.problem(
                    pointer,
                    Diagnostic::warning(
                        "W211",
                        format!("OSCAL part at `{pointer}` has no `name`; shown as a plain part"),
                    ),
                );
                "part".to_string()
            }
        };
        let at_prose = format!("{pointer}/prose");
        let prose = str_field(part, "prose").map(|p| self.write_out(&p, &at_prose, 0));
        out.push(ControlPart {
            name,
            depth,
            label: label(part),
            title: str_field(part, "title"),
            prose,
        });
        for (i, child) in array(part, "parts").enumerate() {
            self.part(child, &format!("{pointer}/parts/{i}"), depth + 1, out);
        }
    }

    /// Where a withdrawn control went (`incorporated-into`, `moved-to` links), as a part.
    fn withdrawal(&self, control: &Json) -> Option<ControlPart> {
        let targets: Vec<String> = array(control, "links")
            .filter(|l| {
                matches!(
                    str_field(l, "rel").as_deref(),
                    Some("incorporated-into" | "moved-to")
                )
            })
            .filter_map(|l| str_field(l, "href"))
            .map(|href| {
                let id = href.trim_start_matches('#').to_string();
                self.labels.get(&id).cloned().unwrap_or(id)
            })
            .collect();
        (!targets.is_empty()).then(|| ControlPart {
            name: "withdrawn".into(),
            depth: 0,
            label: None,
            title: None,
            prose: Some(format!("Incorporated into {}.", targets.join(", "))),
        })
    }

    /// Writes out `{{ insert: param, id }}`: the parameter's set values, else its choices,
    /// else its label, as SP 800-53 prints them (`[Assignment: ...]`).
    fn write_out(&mut self, prose: &str, pointer: &str, depth: usize) -> String {
        let mut out = String::with_capacity(prose.len());
        let mut rest = prose;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            out.push_str(&rest[..start]);
            let inner = rest[start + 2..start + len].trim();
            let param = inner
                .strip_prefix("insert:")
                .map(str::trim)
                .and_then(|s| s.strip_prefix("param,"))
                .map(str::trim);
            match param {
                Some(id) => out.push_str(&self.param_text(id, pointer, depth)),
                None => out.push_str(&rest[start..start + len + 2]),
            }
            rest = &rest[start + len + 2..];
        }
        out.push_str(rest);
        out.trim().to_string()
    }

    fn param_text(&mut self, id: &str, pointer: &str, depth: usize) -> String {
        let Some(param) = self.params.get(id).cloned() else {
            self.problem(
                pointer,
                Diagnostic::warning(
                    "W211",
                    format!("OSCAL text at `{pointer}` inserts parameter `{id}`, which the catalog does not define"),
                ),
            );
            return format!("[{id}]");
        };
        if depth >= MAX_INSERT_DEPTH {
            return format!("[{id}]");
        }
        let values: Vec<String> = array(&param, "values")
            .filter_map(Json::as_str)
            .map(|v| self.write_out(v, pointer, depth + 1))
            .collect();
        if !values.is_empty() {
            return values.join(", ");
        }
        if let Some(select) = param.get("select") {
            let choices: Vec<String> = array(select, "choice")
                .filter_map(Json::as_str)
                .map(|c| self.write_out(c, pointer, depth + 1))
                .collect();
            let how = match str_field(select, "how-many").as_deref() {
                Some("one-or-more") => "Selection (one or more)",
                _ => "Selection",
            };
            return format!("[{how}: {}]", choices.join("; "));
        }
        match str_field(&param, "label") {
            Some(label) => format!("[Assignment: {label}]"),
            None => format!("[Assignment: {id}]"),
        }
    }

    /// The problems, each located at its line of the file.
    fn located(self, text: &str, file: &str) -> Vec<Diagnostic> {
        let wanted: HashSet<String> = self.problems.iter().map(|p| p.pointer.clone()).collect();
        let lines = super::json_lines::lines_of(text, &wanted);
        self.problems
            .into_iter()
            .map(|p| {
                let line = lines.get(&p.pointer).copied().unwrap_or(0);
                p.diagnostic.at(file.to_string(), line)
            })
            .collect()
    }
}

/// Whether a control id can name a page and a reference: `[A-Za-z0-9][A-Za-z0-9._-]*`.
fn usable_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

fn array<'a>(node: &'a Json, key: &str) -> impl Iterator<Item = &'a Json> {
    node.get(key).and_then(Json::as_array).into_iter().flatten()
}

fn str_field(value: &Json, key: &str) -> Option<String> {
    value.get(key).and_then(Json::as_str).map(str::to_string)
}

/// `(name, value, class)` of each prop.
fn props(node: &Json) -> impl Iterator<Item = (String, String, Option<String>)> + '_ {
    array(node, "props").filter_map(|p| {
        Some((
            str_field(p, "name")?,
            str_field(p, "value")?,
            str_field(p, "class"),
        ))
    })
}

/// The display label: the `label` prop without a class (SP 800-53 also has zero-padded ones).
fn label(node: &Json) -> Option<String> {
    props(node)
        .find(|(name, _, class)| name == "label" && class.is_none())
        .map(|(_, value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = r##"{"catalog":{"uuid":"u","metadata":{"title":"T","version":"1"},
      "groups":[{"id":"ac","title":"Access Control",
        "controls":[{"id":"ac-2","title":"Account Management",
          "params":[{"id":"p1","label":"organization-defined roles"},{"id":"p2","values":["30 days"]},
                    {"id":"p3","select":{"how-many":"one-or-more","choice":["email","{{ insert: param, p2 }}"]}}],
          "props":[{"name":"label","value":"AC-2"},{"name":"label","class":"zero-padded","value":"AC-02"}],
          "parts":[{"name":"statement","parts":[{"name":"item","props":[{"name":"label","value":"a."}],
                     "prose":"Notify {{ insert: param, p1 }} within {{ insert: param, p2 }} by {{ insert: param, p3 }}."}]},
                   {"name":"guidance","prose":"Why it matters."}],
          "controls":[{"id":"ac-2.1","title":"Automated","props":[{"name":"label","value":"AC-2(1)"}]},
                      {"id":"ac-2.2","title":"Removal","props":[{"name":"label","value":"AC-2(2)"},{"name":"status","value":"withdrawn"}],
                       "links":[{"href":"#ac-2","rel":"incorporated-into"}]}]}],
        "groups":[{"id":"ac-x","title":"Sub","controls":[{"id":"ac-9","title":"Nested"}]}]}]}}"##;

    #[test]
    fn reads_statements_parameters_enhancements_and_nested_groups() {
        let (f, problems) = catalog("sp", CATALOG, "c.json").unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let controls = &f.groups[0].controls;
        let ids: Vec<_> = controls.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["ac-2", "ac-2.1", "ac-2.2"]);
        assert_eq!(controls[1].parent.as_deref(), Some("ac-2"));
        assert_eq!(controls[0].label.as_deref(), Some("AC-2"));
        let item = &controls[0].parts[1];
        assert_eq!(item.label.as_deref(), Some("a."));
        assert_eq!(item.depth, 1);
        assert_eq!(
            item.prose.as_deref(),
            Some(
                "Notify [Assignment: organization-defined roles] within 30 days by [Selection (one or more): email; 30 days]."
            )
        );
        assert_eq!(controls[0].parts[2].name, "guidance");
        assert!(controls[2].withdrawn && !controls[0].withdrawn);
        assert_eq!(
            controls[2].parts[0].prose.as_deref(),
            Some("Incorporated into AC-2.")
        );
        assert_eq!(f.groups[1].id, "ac-x");
        assert_eq!(f.groups[1].category.as_deref(), Some("Access Control"));
        assert_eq!(f.groups[1].controls[0].id, "ac-9");
    }

    #[test]
    fn reports_what_it_cannot_use_at_its_line() {
        let text = "{\"catalog\": {\"groups\": [{\"id\": \"g\", \"title\": \"G\", \"controls\": [\n  {\"title\": \"No id\"},\n  {\"id\": \"c-1\", \"title\": \"C\", \"colour\": \"red\"}\n]}]}}";
        let (f, problems) = catalog("x", text, "f.json").unwrap();
        assert_eq!(f.groups[0].controls.len(), 1);
        let codes: Vec<_> = problems
            .iter()
            .map(|d| (d.code, d.line, d.is_error()))
            .collect();
        assert_eq!(
            codes,
            [("E108", Some(2), true), ("W211", Some(3), false)],
            "{problems:?}"
        );
        assert!(problems[0].message.contains("No id"));
    }

    #[test]
    fn a_list_that_is_not_a_list_is_an_error() {
        let text =
            r#"{"catalog": {"groups": [{"id": "g", "title": "G", "controls": {"id": "x"}}]}}"#;
        let (_, problems) = catalog("x", text, "f.json").unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].is_error() && problems[0].message.contains("`controls`"));
    }

    #[test]
    fn refuses_what_is_not_a_catalog() {
        assert!(catalog("x", "{\"profile\": {}}", "f.json").is_err());
        assert!(catalog("x", "not json", "f.json").is_err());
    }
}
