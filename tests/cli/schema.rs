//! `tracemark schema`: the JSON Schemas editors read agree with what `check` accepts. They
//! validate every source file of the example, refuse each kind of mistake the loader refuses
//! (and only those), ship current with the example, and `init` points every YAML file it
//! writes at them.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::harness::api::{load, schema};
use crate::harness::*;

/// A YAML value as an editor's YAML support hands it to the schema: keys as text (`1:` is
/// `"1"`).
fn to_json(value: &serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => json!(b),
        Y::Number(n) => serde_json::to_value(n).unwrap(),
        Y::String(s) => json!(s),
        Y::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => to_json(&tagged.value),
    }
}

fn yaml(text: &str) -> Value {
    to_json(&serde_yaml::from_str(text).unwrap())
}

fn schema_of(file: &str) -> Value {
    let kind = schema::KINDS.iter().find(|k| k.file == file).unwrap();
    kind.schema()
}

/// The schema's complaints about `instance`, one line each.
fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    assert!(
        jsonschema::draft7::meta::is_valid(schema),
        "not a draft-07 schema"
    );
    let validator = jsonschema::draft7::new(schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The schema file for a source file of the example (policies and pages by front matter).
fn file_kind(path: &str) -> Option<&'static str> {
    if path.starts_with("content/policies/") && path.ends_with(".md") {
        return Some("policy.schema.json");
    }
    if path.starts_with("content/pages/") && path.ends_with(".md") {
        return Some("page.schema.json");
    }
    schema::kind_of(path).map(|k| k.file)
}

fn files_under(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, root, out);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.push(rel.replace('\\', "/"));
        }
    }
}

/// Every source file of a portal that has a schema, with the value the schema judges.
fn sources(root: &Path) -> Vec<(String, &'static str, Value)> {
    let mut files = vec!["portal.yaml".to_string()];
    files_under(&root.join("content"), root, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let kind = file_kind(&path)?;
            let text = std::fs::read_to_string(root.join(&path)).unwrap();
            let value = if path.ends_with(".md") {
                match load::split_front_matter(&text) {
                    Ok(split) => yaml(split.front_matter),
                    Err(_) => return None,
                }
            } else {
                yaml(&text)
            };
            Some((path, kind, value))
        })
        .collect()
}

#[test]
fn every_source_file_of_the_example_is_valid() {
    let root = example_root();
    let files = sources(&root);
    let mut kinds: Vec<&str> = files.iter().map(|(_, k, _)| *k).collect();
    kinds.dedup();
    kinds.sort();
    kinds.dedup();
    // Every kind is exercised by the example.
    assert_eq!(kinds.len(), schema::KINDS.len(), "{kinds:?}");
    for (path, kind, value) in &files {
        let errors = errors(&schema_of(kind), value);
        assert!(
            errors.is_empty(),
            "{path} against {kind}:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn the_example_ships_the_current_schemas() {
    let shipped = example_root().join(schema::DIR);
    if std::env::var_os("TRACEMARK_BLESS").is_some() {
        schema::write(&shipped).unwrap();
    }
    let mut names = Vec::new();
    for (name, text) in schema::all() {
        let on_disk = std::fs::read_to_string(shipped.join(name)).unwrap_or_default();
        assert!(
            on_disk == text,
            "schemas/{name} is not current: run `TRACEMARK_BLESS=1 cargo test --test cli schema::`"
        );
        names.push(name.to_string());
    }
    let mut present: Vec<String> = std::fs::read_dir(&shipped)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    names.sort();
    assert_eq!(present, names, "schemas/ holds only the current schemas");
}

/// The first entry of a register of the example, as YAML text under its key.
fn first_entry(path: &str, key: &str) -> serde_yaml::Mapping {
    let text = std::fs::read_to_string(example_root().join(path)).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc[key][0].as_mapping().unwrap().clone()
}

/// A register file holding one entry.
fn register(key: &str, entry: &serde_yaml::Mapping) -> String {
    let mut doc = serde_yaml::Mapping::new();
    doc.insert(
        key.into(),
        vec![serde_yaml::Value::Mapping(entry.clone())].into(),
    );
    serde_yaml::to_string(&doc).unwrap()
}

/// Whether the loader reads the register text without an error (warnings allowed).
fn loader_accepts(key: &str, text: &str) -> bool {
    macro_rules! errors_of {
        ($t:ty) => {
            load::parse_register::<$t>(text, "x.yaml", key)
                .diagnostics
                .iter()
                .filter(|d| d.severity == tracemark::diagnostics::Severity::Error)
                .count()
        };
    }
    use crate::harness::api::model::{self, records};
    let errors = match key {
        "systems" => errors_of!(model::System),
        "risks" => errors_of!(model::Risk),
        "controls" => errors_of!(model::ControlImplementation),
        "evidence" => errors_of!(model::Evidence),
        "subprocessors" => errors_of!(model::Subprocessor),
        "questions" => errors_of!(model::Question),
        "nonconformities" => errors_of!(records::Nonconformity),
        "management_reviews" => errors_of!(records::ManagementReview),
        "objectives" => errors_of!(records::Objective),
        "incidents" => errors_of!(records::Incident),
        "audits" => errors_of!(records::Audit),
        other => panic!("{other}"),
    };
    errors == 0
}

/// Each register kind, with an example file, and a list field, a closed enum field (and a
/// misspelling of a value) and a date field of its entries.
/// Schema file, example file, key, a list field, (an enum field, a misspelt value), a date field.
type Register = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    (&'static str, &'static str),
    &'static str,
);

const REGISTERS: &[Register] = &[
    (
        "systems.schema.json",
        "content/systems/ai-systems.yaml",
        "systems",
        "users",
        ("lifecycle", "prodution"),
        "last_review",
    ),
    (
        "risks.schema.json",
        "content/risks/ai-system-risks.yaml",
        "risks",
        "controls",
        ("treatment", "mitgate"),
        "identified",
    ),
    (
        "controls.schema.json",
        "content/controls/iso42001.yaml",
        "controls",
        "policies",
        ("status", "implmented"),
        "",
    ),
    (
        "evidence.schema.json",
        "content/evidence/ai-evidence.yaml",
        "evidence",
        "controls",
        ("method", "interveiw"),
        "collected",
    ),
    (
        "subprocessors.schema.json",
        "content/subprocessors.yaml",
        "subprocessors",
        "data",
        ("visibility", "publc"),
        "since",
    ),
    (
        "questionnaires.schema.json",
        "content/questionnaires/security.yaml",
        "questions",
        "",
        ("visibility", "internl"),
        "",
    ),
    (
        "audits.schema.json",
        "content/audits/2026.yaml",
        "audits",
        "scope",
        ("status", "complete"),
        "start",
    ),
    (
        "nonconformities.schema.json",
        "content/nonconformities/2026.yaml",
        "nonconformities",
        "controls",
        ("severity", "majr"),
        "raised",
    ),
    (
        "management-reviews.schema.json",
        "content/management-reviews/2026.yaml",
        "management_reviews",
        "attendees",
        ("visibility", "private"),
        "date",
    ),
    (
        "objectives.schema.json",
        "content/objectives.yaml",
        "objectives",
        "controls",
        ("visibility", "everyone"),
        "due",
    ),
    (
        "incidents.schema.json",
        "content/incidents/2026.yaml",
        "incidents",
        "risks",
        ("severity", "severe"),
        "detected",
    ),
];

#[test]
fn each_kind_refuses_what_the_loader_refuses() {
    for &(file, path, key, list, (field, misspelt), date) in REGISTERS {
        let schema = schema_of(file);
        let base = first_entry(path, key);
        let valid = register(key, &base);
        assert!(errors(&schema, &yaml(&valid)).is_empty(), "{file}");
        assert!(loader_accepts(key, &valid), "{path}: {valid}");
        let mut mistakes: Vec<(&str, serde_yaml::Mapping)> = Vec::new();
        let mut unknown = base.clone();
        unknown.insert("ownr".into(), "Someone".into());
        mistakes.push(("an unknown field", unknown));
        if !list.is_empty() {
            let mut one = base.clone();
            one.insert(list.into(), "not a list".into());
            mistakes.push(("a string where a list belongs", one));
        }
        let mut wrong = base.clone();
        wrong.insert(field.into(), misspelt.into());
        mistakes.push(("a misspelt value", wrong));
        if !date.is_empty() {
            let mut bad = base.clone();
            bad.insert(date.into(), "12/03/2026".into());
            mistakes.push(("a malformed date", bad));
        }
        for (what, entry) in mistakes {
            let text = register(key, &entry);
            assert!(
                !loader_accepts(key, &text),
                "{file}: the loader takes {what}"
            );
            assert!(
                !errors(&schema, &yaml(&text)).is_empty(),
                "{file} accepts {what}:\n{text}"
            );
        }
        if key == "risks" {
            // 0 is below every scale (E401); the scale's top is the portal's, left to `check`.
            let mut zero = base.clone();
            zero.insert("likelihood".into(), 0.into());
            assert!(!errors(&schema, &yaml(&register(key, &zero))).is_empty());
        }
        let stray = format!("{key}: []\n{key}s: []\n");
        assert!(
            !errors(&schema, &yaml(&stray)).is_empty(),
            "{file}: a stray top-level key"
        );
    }
}

#[test]
fn portal_policy_and_page_schemas_refuse_mistakes_and_pages_keep_unknown_fields() {
    let portal = schema_of("portal.schema.json");
    assert!(errors(&portal, &yaml("title: T\n")).is_empty());
    for bad in [
        "title: T\nframwork: [a]\n",
        "title: T\nframeworks: iso42001\n",
        "title: T\nattestations: [{framework: x, status: certifed}]\n",
        "title: T\nattestations: [{framework: x, status: certified, issued: 2026-13-01}]\n",
        "title: T\nreviews: {default_interval: yearly}\n",
        "organization: no title\n",
    ] {
        assert!(!errors(&portal, &yaml(bad)).is_empty(), "{bad}");
    }
    let policy = schema_of("policy.schema.json");
    let ok = "id: P\ntitle: T\nowner: O\n";
    assert!(errors(&policy, &yaml(ok)).is_empty());
    for bad in [
        "tags: [x]\n",
        "controls: iso42001:5.2\n",
        "kind: guideline\n",
        "effective: 2026-1-5\n",
        "review_interval: every year\n",
    ] {
        let text = format!("{ok}{bad}");
        assert!(!errors(&policy, &yaml(&text)).is_empty(), "{bad}");
    }
    let page = schema_of("page.schema.json");
    assert!(errors(&page, &yaml("description: kept for templates\ntags: [a]\n")).is_empty());
    assert!(errors(&page, &Value::Null).is_empty());
    assert!(!errors(&page, &yaml("visibility: secret\n")).is_empty());
    assert!(!errors(&page, &yaml("order: first\n")).is_empty());
}

#[test]
fn moments_and_annex_iv_points_take_what_the_loader_takes() {
    let incidents = schema_of("incidents.schema.json");
    let base = first_entry("content/incidents/2026.yaml", "incidents");
    for (detected, ok) in [
        ("2026-09-01", true),
        ("2026-09-01T14:30Z", true),
        ("2026-09-01T16:30:05+02:00", true),
        ("2026-09-01T14:30", false),
        ("2026-09-01 14:30Z", false),
        ("yesterday", false),
    ] {
        let mut entry = base.clone();
        entry.insert("detected".into(), detected.into());
        let text = register("incidents", &entry);
        assert_eq!(loader_accepts("incidents", &text), ok, "loader: {detected}");
        assert_eq!(
            errors(&incidents, &yaml(&text)).is_empty(),
            ok,
            "schema: {detected}"
        );
    }
    let systems = schema_of("systems.schema.json");
    let base = first_entry("content/systems/ai-systems.yaml", "systems");
    for (points, ok) in [
        ("{1: [A], 2: {covered_by: [B], note: n}, 3: ~}", true),
        ("{1: {covered_by: [A], notes: n}}", false),
        ("{1: A}", false),
        ("{10: [A]}", false),
    ] {
        let mut entry = base.clone();
        entry.insert(
            "technical_documentation".into(),
            serde_yaml::from_str(points).unwrap(),
        );
        let text = register("systems", &entry);
        assert_eq!(
            errors(&systems, &yaml(&text)).is_empty(),
            ok,
            "schema: {points}"
        );
    }
}

/// A value for a vocabulary field: a spelling, one altered, a list of them, or any text.
fn vocabulary_value() -> impl Strategy<Value = serde_yaml::Value> {
    let spellings: Vec<&'static str> = load::vocabulary::ALL
        .iter()
        .flat_map(|v| v.terms.iter())
        .flat_map(|t| std::iter::once(t.value).chain(t.aliases.iter().copied()))
        .collect();
    let word = prop_oneof![
        proptest::sample::select(spellings.clone()).prop_map(String::from),
        (
            proptest::sample::select(spellings),
            "[ ,A-Za-z_-]{0,2}",
            any::<bool>()
        )
            .prop_map(|(s, extra, front)| if front {
                format!("{extra}{s}")
            } else {
                format!("{s}{extra}")
            }),
        "[ -~]{0,12}",
    ];
    prop_oneof![
        word.clone().prop_map(serde_yaml::Value::from),
        proptest::collection::vec(word.clone(), 0..3)
            .prop_map(|w| serde_yaml::Value::from(w.join(","))),
        proptest::collection::vec(word, 0..3)
            .prop_map(|w| w.into_iter().map(serde_yaml::Value::from).collect()),
        Just(serde_yaml::Value::Null),
        Just(serde_yaml::Value::from(3)),
    ]
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn a_vocabulary_field_is_accepted_by_the_schema_exactly_when_the_loader_accepts_it(
        which in 0..load::vocabulary::ALL.len(),
        value in vocabulary_value(),
    ) {
        let vocabulary = &load::vocabulary::ALL[which];
        let (file, path) = match vocabulary.register {
            "systems" => ("systems.schema.json", "content/systems/ai-systems.yaml"),
            "evidence" => ("evidence.schema.json", "content/evidence/ai-evidence.yaml"),
            other => panic!("{other}"),
        };
        let mut entry = first_entry(path, vocabulary.register);
        entry.insert(vocabulary.field.into(), value.clone());
        let text = register(vocabulary.register, &entry);
        let loader = loader_accepts(vocabulary.register, &text);
        let schema = errors(&schema_of(file), &yaml(&text)).is_empty();
        prop_assert_eq!(schema, loader, "{}: {:?}", vocabulary.field, value);
    }
}

#[test]
fn schema_writes_its_files_and_replaces_only_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let run = |out: &Path| tracemark(&["schema", "--out", out.to_str().unwrap()]);
    let first = run(&out);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        schema::KINDS.len()
    );
    // Its own files are replaced; anything else in the folder is left alone.
    std::fs::write(out.join("risks.schema.json"), "{}\n").unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let own = out.join("systems.schema.json");
    let text = std::fs::read_to_string(&own).unwrap();
    std::fs::write(&own, text.replace("AI system", "edited")).unwrap();
    let again = run(&out);
    assert_eq!(
        again.status.code(),
        Some(2),
        "a foreign file of the same name is refused"
    );
    assert!(
        stderr(&again).contains("risks.schema.json"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("risks.schema.json")).unwrap(),
        "{}\n"
    );
    std::fs::remove_file(out.join("risks.schema.json")).unwrap();
    let third = run(&out);
    assert!(third.status.success(), "{}", stderr(&third));
    assert!(!std::fs::read_to_string(&own).unwrap().contains("edited"));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    // A file where the folder should be is refused.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(run(&file).status.code(), Some(2));
}

/// `init` (the example and `--blank`) writes the schemas into `schemas/` and points each YAML
/// file it writes at its schema; what it writes is valid against them.
#[test]
fn init_writes_the_schemas_and_points_each_yaml_file_at_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let example = tmp.path().join("example");
    let blank = tmp.path().join("blank");
    let runs = [
        tracemark(&["init", example.to_str().unwrap()]),
        tracemark(&[
            "init",
            blank.to_str().unwrap(),
            "--blank",
            "--org",
            "Acme",
            "--frameworks",
            "iso42001,soc2",
        ]),
    ];
    for run in &runs {
        assert!(run.status.success(), "{}", stderr(run));
    }
    for root in [&example, &blank] {
        for (name, text) in schema::all() {
            let written = std::fs::read_to_string(root.join("schemas").join(name)).unwrap();
            assert_eq!(written, text, "{name}");
        }
        let mut files = vec!["portal.yaml".to_string()];
        files_under(&root.join("content"), root, &mut files);
        let mut pointed = 0;
        for path in files {
            let Some(kind) = schema::kind_of(&path) else {
                continue;
            };
            let text = std::fs::read_to_string(root.join(&path)).unwrap();
            let first = text.lines().next().unwrap();
            let target = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{path} starts with {first:?}"));
            assert_eq!(target.rsplit('/').next(), Some(kind.file), "{path}");
            let schema_file = root.join(&path).parent().unwrap().join(target);
            assert!(schema_file.is_file(), "{path}: {target}");
            assert_eq!(text.matches("yaml-language-server").count(), 1, "{path}");
            pointed += 1;
        }
        assert!(pointed >= 10, "{}: {pointed}", root.display());
        for (path, kind, value) in sources(root) {
            let errors = errors(&schema_of(kind), &value);
            assert!(errors.is_empty(), "{path}:\n{}", errors.join("\n"));
        }
        let check = tracemark(&["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    }
}
