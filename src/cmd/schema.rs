//! `tracemark schema --out DIR`: a JSON Schema (draft-07, the draft editors' YAML support
//! reads) for each kind of source file, so that an editor completes field names and values and
//! flags a mistake as it is typed.
//!
//! The schemas are derived (with `schemars`) from the very model types the loader reads, so a
//! field added to the model is in its schema at once. Where the loader reads more than serde
//! alone would (a field with a fixed vocabulary, checked before serde; an interval `resolve`
//! parses from text), the derived schema is narrowed or widened here to what `check` accepts:
//! a schema that refuses what `check` accepts, or accepts what it refuses, misleads the very
//! people it is meant to help.

use std::fs;
use std::path::Path;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::load::vocabulary::{self, Vocabulary};
use crate::model::records::{
    Audit, AuditProgramme, Incident, ManagementReview, Nonconformity, Objective,
};
use crate::model::{
    ControlImplementation, Evidence, PageMeta, PolicyMeta, PortalConfig, Question, Risk,
    Subprocessor, System,
};

/// Every schema carries this, so that `schema --out` overwrites its own files and no other.
pub const MARKER: &str = "Written by `tracemark schema`: regenerate it, do not edit it.";

/// The folder, under the portal root, where `init` writes the schemas.
pub const DIR: &str = "schemas";

/// One kind of source file and its schema.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// The schema's file name, e.g. `risks.schema.json`.
    pub file: &'static str,
    /// Which files it describes, relative to the portal root (a folder ends in `/`: every
    /// YAML file under it).
    pub applies_to: &'static str,
    /// What the files are, in a few words.
    pub title: &'static str,
    generate: fn() -> Value,
}

impl Kind {
    /// The schema itself.
    pub fn schema(&self) -> Value {
        let mut schema = (self.generate)();
        unwrap_descriptions(&mut schema);
        schema["title"] = self.title.into();
        schema["$comment"] = MARKER.into();
        schema
    }

    /// Whether `path` (relative to the portal root, `/`-separated) is a file of this kind that
    /// an editor reads as YAML (policy and page front matter sit in Markdown: no line for them).
    pub fn describes(&self, path: &str) -> bool {
        let yaml = path.ends_with(".yaml") || path.ends_with(".yml");
        match self.applies_to.strip_suffix('/') {
            Some(dir) => {
                yaml && path.starts_with(self.applies_to)
                    && !(dir == "content/evidence" && path.starts_with("content/evidence/files/"))
            }
            None => yaml && path == self.applies_to,
        }
    }
}

/// Descriptions as one line per paragraph: a doc comment's line breaks are where its source
/// wrapped, not where an editor's hover should.
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                match inner {
                    Value::String(text) if key == "description" => {
                        *text = text
                            .split("\n\n")
                            .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    other => unwrap_descriptions(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// A register file: the list under `key`, or nothing (`key:` alone is an empty list).
macro_rules! register_file {
    ($name:ident, $key:ident, $entry:ty, $doc:literal) => {
        #[derive(JsonSchema)]
        #[schemars(deny_unknown_fields)]
        #[allow(dead_code)]
        struct $name {
            #[doc = $doc]
            #[serde(default)]
            $key: Option<Vec<$entry>>,
        }
    };
}

register_file!(
    SystemsFile,
    systems,
    System,
    "The AI systems of the inventory."
);
register_file!(RisksFile, risks, Risk, "The risks of the register.");
register_file!(
    ControlsFile,
    controls,
    ControlImplementation,
    "Statement of Applicability entries: one per control of each framework in scope."
);
register_file!(EvidenceFile, evidence, Evidence, "Evidence records.");
register_file!(
    SubprocessorsFile,
    subprocessors,
    Subprocessor,
    "Third parties that process customer data."
);
register_file!(
    QuestionnaireFile,
    questions,
    Question,
    "Answered security-questionnaire questions."
);
register_file!(
    NonconformitiesFile,
    nonconformities,
    Nonconformity,
    "Nonconformities and their corrective actions (10.2)."
);
register_file!(
    ReviewsFile,
    management_reviews,
    ManagementReview,
    "Management reviews (9.3)."
);
register_file!(
    ObjectivesFile,
    objectives,
    Objective,
    "Objectives of the management system (6.2)."
);
register_file!(IncidentsFile, incidents, Incident, "Incidents.");

/// A file of `content/audits/`: programmes and audits, either or both.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct AuditsFile {
    /// Internal audit programmes (9.2.2).
    #[serde(default)]
    programmes: Option<Vec<AuditProgramme>>,
    /// Internal audits and their findings (9.2).
    #[serde(default)]
    audits: Option<Vec<Audit>>,
}

fn generate<T: JsonSchema>() -> Value {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Every kind of source file with a schema, in the order the guide lists them.
pub const KINDS: &[Kind] = &[
    Kind {
        file: "portal.schema.json",
        applies_to: "portal.yaml",
        title: "portal.yaml: the portal's configuration",
        generate: || generate_fixed::<PortalConfig>(),
    },
    Kind {
        file: "policy.schema.json",
        applies_to: "content/policies/",
        title: "Front matter of a policy, standard, procedure or impact assessment",
        generate: || generate_fixed::<PolicyMeta>(),
    },
    Kind {
        file: "page.schema.json",
        applies_to: "content/pages/",
        title: "Front matter of a free page",
        generate: page,
    },
    Kind {
        file: "systems.schema.json",
        applies_to: "content/systems/",
        title: "AI systems (content/systems/*.yaml)",
        generate: || generate_fixed::<SystemsFile>(),
    },
    Kind {
        file: "risks.schema.json",
        applies_to: "content/risks/",
        title: "Risks (content/risks/*.yaml)",
        generate: || generate_fixed::<RisksFile>(),
    },
    Kind {
        file: "controls.schema.json",
        applies_to: "content/controls/",
        title: "Statement of Applicability (content/controls/*.yaml)",
        generate: || generate_fixed::<ControlsFile>(),
    },
    Kind {
        file: "evidence.schema.json",
        applies_to: "content/evidence/",
        title: "Evidence records (content/evidence/*.yaml)",
        generate: || generate_fixed::<EvidenceFile>(),
    },
    Kind {
        file: "subprocessors.schema.json",
        applies_to: "content/subprocessors.yaml",
        title: "Subprocessors (content/subprocessors.yaml)",
        generate: || generate_fixed::<SubprocessorsFile>(),
    },
    Kind {
        file: "questionnaires.schema.json",
        applies_to: "content/questionnaires/",
        title: "Questionnaire answers (content/questionnaires/*.yaml)",
        generate: || generate_fixed::<QuestionnaireFile>(),
    },
    Kind {
        file: "audits.schema.json",
        applies_to: "content/audits/",
        title: "Audit programmes and internal audits (content/audits/*.yaml)",
        generate: || generate_fixed::<AuditsFile>(),
    },
    Kind {
        file: "nonconformities.schema.json",
        applies_to: "content/nonconformities/",
        title: "Nonconformities (content/nonconformities/*.yaml)",
        generate: || generate_fixed::<NonconformitiesFile>(),
    },
    Kind {
        file: "management-reviews.schema.json",
        applies_to: "content/management-reviews/",
        title: "Management reviews (content/management-reviews/*.yaml)",
        generate: || generate_fixed::<ReviewsFile>(),
    },
    Kind {
        file: "objectives.schema.json",
        applies_to: "content/objectives.yaml",
        title: "Objectives (content/objectives.yaml)",
        generate: || generate_fixed::<ObjectivesFile>(),
    },
    Kind {
        file: "incidents.schema.json",
        applies_to: "content/incidents/",
        title: "Incidents (content/incidents/*.yaml)",
        generate: || generate_fixed::<IncidentsFile>(),
    },
];

/// The kind of the file at `path` (relative to the portal root), if it has a schema that an
/// editor applies to it.
pub fn kind_of(path: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.describes(path))
}

/// The `# yaml-language-server: $schema=...` line for the YAML file at `path` (relative to the
/// portal root), pointing at its schema under `schemas/`, if it has one.
pub fn modeline(path: &str) -> Option<String> {
    let kind = kind_of(path)?;
    let up = "../".repeat(path.matches('/').count());
    Some(format!(
        "# yaml-language-server: $schema={up}{DIR}/{}\n",
        kind.file
    ))
}

/// The derived schema of `T`, with the loader's own readings put in (see the module doc).
fn generate_fixed<T: JsonSchema>() -> Value {
    let mut schema = generate::<T>();
    fix(&mut schema);
    schema
}

/// A page's front matter: every field optional, unknown ones kept for templates, and an
/// empty front matter is no front matter.
fn page() -> Value {
    let mut schema = generate_fixed::<PageMeta>();
    let object = schema.as_object_mut().expect("a schema is an object");
    object.remove("additionalProperties");
    object.insert("type".into(), json!(["object", "null"]));
    schema
}

/// Which definitions hold fields read as intervals (`quarterly`, `90d`) by `resolve`.
const INTERVALS: &[(&str, &str)] = &[
    ("PolicyMeta", "review_interval"),
    ("System", "review_interval"),
    ("Risk", "review_interval"),
    ("Evidence", "valid_for"),
    ("ReviewConfig", "default_interval"),
    ("ReviewConfig", "due_soon"),
    ("EvidenceConfig", "default_validity"),
];

/// The definition that holds the entries of each register key with a vocabulary.
fn entry_definition(register: &str) -> &'static str {
    match register {
        "systems" => "System",
        "evidence" => "Evidence",
        other => panic!("no schema definition for the `{other}` register"),
    }
}

/// Puts the loader's readings into a derived schema: vocabularies and intervals.
fn fix(schema: &mut Value) {
    for v in vocabulary::ALL {
        let definition = entry_definition(v.register);
        if let Some(field) = property(schema, definition, v.field) {
            let description = field.get("description").cloned();
            *field = vocabulary_schema(v);
            if let Some(description) = description {
                field["description"] = json!(format!(
                    "{} {}",
                    description.as_str().unwrap_or(""),
                    field["description"].as_str().unwrap_or("")
                ));
            }
        }
    }
    for (definition, name) in INTERVALS {
        if let Some(field) = property(schema, definition, name) {
            let nullable = field["type"]
                .as_array()
                .is_some_and(|t| t.contains(&json!("null")));
            field["type"] = if nullable {
                json!(["string", "null"])
            } else {
                json!("string")
            };
            field["pattern"] = INTERVAL_PATTERN.into();
        }
    }
}

/// A field of a definition (or of the root schema, when it is the definition), if the
/// schema has it.
fn property<'a>(schema: &'a mut Value, definition: &str, field: &str) -> Option<&'a mut Value> {
    let own = schema["title"] == definition;
    let holder = if own {
        schema
    } else {
        schema.get_mut("definitions")?.get_mut(definition)?
    };
    holder.get_mut("properties")?.get_mut(field)
}

/// An interval as `resolve` reads it: `monthly`, `quarterly`, `semiannual`, `annual`, or 1 to
/// 36,500 days (`90d`).
pub const INTERVAL_PATTERN: &str = r"^\s*(monthly|quarterly|semiannual|annual|\+?0*([1-9][0-9]{0,3}|[12][0-9]{4}|3[0-5][0-9]{3}|36[0-4][0-9]{2}|36500)d)\s*$";

/// A vocabulary field as the loader reads it: a closed one takes its values and aliases
/// (spaces around them aside; several, for a field that may hold several, as a list or as one
/// text separated by commas), an open one any text; either may be left empty (`~`).
/// [`Vocabulary::schema`] gives the values for completion; the patterns make it exact.
fn vocabulary_schema(v: &Vocabulary) -> Value {
    let mut listed = v.schema();
    let description = listed
        .as_object_mut()
        .and_then(|o| o.remove("description"))
        .unwrap_or_default();
    let mut shapes = vec![listed];
    if v.closed {
        let values: Vec<String> = v
            .terms
            .iter()
            .flat_map(|t| std::iter::once(t.value).chain(t.aliases.iter().copied()))
            .map(regex_escape)
            .collect();
        let one = format!("({})", values.join("|"));
        let single = format!(r"^\s*{one}\s*$");
        if v.many {
            shapes.push(json!({
                "type": "string",
                "pattern": format!(r"^\s*{one}\s*(,\s*{one}\s*)*$"),
            }));
            shapes.push(json!({
                "type": "array",
                "items": { "type": "string", "pattern": single },
            }));
        } else {
            shapes.push(json!({ "type": "string", "pattern": single }));
        }
    }
    shapes.push(json!({ "type": "null" }));
    json!({ "description": description, "anyOf": shapes })
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Every schema: its file name and its text (pretty JSON with a final newline).
pub fn all() -> Vec<(&'static str, String)> {
    KINDS
        .iter()
        .map(|k| {
            let text = serde_json::to_string_pretty(&k.schema()).expect("a schema serialises");
            (k.file, text + "\n")
        })
        .collect()
}

/// Writes every schema into `dir` (created if need be). A file of the same name is replaced
/// only when it is one of ours (it carries [`MARKER`]); other files in `dir` are left alone.
/// Returns the files written, or why nothing was.
pub fn write(dir: &Path) -> Result<Vec<String>, String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} exists and is not a directory", dir.display()));
    }
    let schemas = all();
    let foreign: Vec<String> = schemas
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists())
        .filter(|path| fs::read_to_string(path).map_or(true, |text| !text.contains(MARKER)))
        .map(|path| path.display().to_string())
        .collect();
    if !foreign.is_empty() {
        return Err(format!(
            "not overwriting {}: not written by `tracemark schema`; move it away or choose another --out",
            foreign.join(", ")
        ));
    }
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in schemas {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_draft_07_with_its_marker_and_closed_at_the_top() {
        for kind in KINDS {
            let schema = kind.schema();
            assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
            assert_eq!(schema["$comment"], MARKER);
            let closed = schema["additionalProperties"] == json!(false);
            assert_eq!(closed, kind.file != "page.schema.json", "{}", kind.file);
        }
    }

    /// Every property of `value` (at any depth) without a description, by its path.
    fn undescribed(value: &Value, path: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    for (name, property) in properties {
                        if property.get("description").is_none() {
                            out.push(format!("{path}.{name}"));
                        }
                    }
                }
                for (key, inner) in map {
                    undescribed(inner, &format!("{path}/{key}"), out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| undescribed(i, path, out)),
            _ => {}
        }
    }

    #[test]
    fn every_field_has_its_description() {
        for kind in KINDS {
            let mut missing = Vec::new();
            undescribed(&kind.schema(), kind.file, &mut missing);
            assert!(missing.is_empty(), "{missing:?}");
        }
    }

    #[test]
    fn every_vocabulary_and_interval_field_is_found() {
        for v in vocabulary::ALL {
            let kind = KINDS
                .iter()
                .find(|k| k.file.starts_with(v.register))
                .unwrap();
            let mut schema = (kind.generate)();
            let field = property(&mut schema, entry_definition(v.register), v.field).unwrap();
            assert!(field["anyOf"].is_array(), "{}", v.field);
        }
        for (definition, name) in INTERVALS {
            let found = KINDS.iter().any(|k| {
                let mut schema = (k.generate)();
                property(&mut schema, definition, name)
                    .is_some_and(|f| f["pattern"] == INTERVAL_PATTERN)
            });
            assert!(found, "{definition}.{name}");
        }
    }

    fn matches(pattern: &str, text: &str) -> bool {
        jsonschema::is_valid(
            &json!({ "type": "string", "pattern": pattern }),
            &json!(text),
        )
    }

    #[test]
    fn the_interval_pattern_is_what_resolve_reads() {
        for text in [
            "monthly",
            "annual",
            " quarterly ",
            "semiannual",
            "90d",
            "1d",
            "36500d",
            "+7d",
            "007d",
            "0d",
            "36501d",
            "d",
            "90",
            "yearly",
            "9 d",
            "-5d",
            "99999999999999999999d",
            "Annual",
            "1e3d",
        ] {
            let resolve = crate::resolve::schedule::Interval::parse(text).is_ok();
            assert_eq!(matches(INTERVAL_PATTERN, text), resolve, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_interval_text_is_accepted_by_both_or_neither(text in "[ +0-9a-z]{0,8}d?") {
            let resolve = crate::resolve::schedule::Interval::parse(&text).is_ok();
            proptest::prop_assert_eq!(matches(INTERVAL_PATTERN, &text), resolve, "{:?}", text);
        }
    }

    #[test]
    fn kinds_describe_the_files_the_loader_reads_for_them() {
        assert_eq!(kind_of("portal.yaml").unwrap().file, "portal.schema.json");
        assert_eq!(
            kind_of("content/risks/sub/more.yml").unwrap().file,
            "risks.schema.json"
        );
        assert!(kind_of("content/evidence/files/export.yaml").is_none());
        assert!(kind_of("content/policies/ai.md").is_none());
        assert!(kind_of("content/frameworks/mine.yaml").is_none());
        assert_eq!(
            modeline("content/risks/risks.yaml").unwrap(),
            "# yaml-language-server: $schema=../../schemas/risks.schema.json\n"
        );
        assert_eq!(
            modeline("portal.yaml").unwrap(),
            "# yaml-language-server: $schema=schemas/portal.schema.json\n"
        );
    }
}
