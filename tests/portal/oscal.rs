//! OSCAL exports (`exports/oscal/`): every document valid against NIST's OSCAL 1.1.3 JSON
//! Schema (`tests/fixtures/oscal/`), the exported catalog read back by our own OSCAL import,
//! reproducible bytes, and no OSCAL in the public trust center.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::harness::api::{load, model};
use crate::harness::{build_auditor, build_ok, example_root, small_portal};

/// The NIST schema, parsed once per test.
fn nist_schema() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/oscal/oscal_complete_schema-1-1-3.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The definition of each model, by the document's root key.
const MODELS: &[(&str, &str)] = &[
    ("catalog", "oscal-complete-oscal-catalog:catalog"),
    ("profile", "oscal-complete-oscal-profile:profile"),
    (
        "system-security-plan",
        "oscal-complete-oscal-ssp:system-security-plan",
    ),
    ("assessment-plan", "oscal-complete-oscal-ap:assessment-plan"),
    (
        "assessment-results",
        "oscal-complete-oscal-ar:assessment-results",
    ),
    (
        "plan-of-action-and-milestones",
        "oscal-complete-oscal-poam:plan-of-action-and-milestones",
    ),
];

/// Validates `document` against its model's own definition, wrapped as the root object (the
/// complete schema's `oneOf` over every model gives one unreadable error for any mistake).
/// Returns every error with its place in the document.
fn schema_errors(schema: &Value, document: &Value) -> Vec<String> {
    let root = document.as_object().and_then(|o| o.keys().next()).cloned();
    let Some(root) = root else {
        return vec!["not an object with one root key".into()];
    };
    let Some((_, definition)) = MODELS.iter().find(|(key, _)| *key == root) else {
        return vec![format!("`{root}` is not an OSCAL model")];
    };
    let mut wrapped = schema.clone();
    let object = wrapped.as_object_mut().unwrap();
    object.remove("oneOf");
    object.insert("type".into(), json!("object"));
    object.insert("required".into(), json!([root]));
    object.insert("additionalProperties".into(), json!(false));
    object.insert(
        "properties".into(),
        json!({ root.clone(): { "$ref": format!("#/definitions/{definition}") } }),
    );
    let validator = jsonschema::validator_for(&wrapped).expect("the NIST schema compiles");
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Every document under `exports/oscal/` of a build, by file name.
fn exports(out: &Path) -> BTreeMap<String, Value> {
    std::fs::read_dir(out.join("exports/oscal"))
        .expect("exports/oscal/")
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            (name, serde_json::from_str(&text).unwrap())
        })
        .collect()
}

fn assert_all_valid(documents: &BTreeMap<String, Value>) {
    let schema = nist_schema();
    let mut failures = Vec::new();
    for (name, document) in documents {
        let errors = schema_errors(&schema, document);
        if !errors.is_empty() {
            failures.push(format!(
                "{name}:\n  {}",
                errors[..errors.len().min(10)].join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schema_check_catches_a_wrong_document() {
    // The validator is not vacuous: a control without a title, an id that is not a token and
    // a timestamp without a time zone are each reported.
    let schema = nist_schema();
    let bad = json!({ "catalog": {
        "uuid": "5b8b5a5e-0c2c-5d0e-9d1a-0b8a4b3e1a10",
        "metadata": { "title": "T", "last-modified": "2026-11-28T00:00:00", "version": "1", "oscal-version": "1.1.3" },
        "groups": [{ "title": "G", "controls": [{ "id": "9.2" }] }],
    }});
    let errors = schema_errors(&schema, &bad).join("\n");
    assert!(errors.contains("/catalog/groups/0/controls/0"), "{errors}");
    assert!(errors.contains("title"), "{errors}");
    assert!(errors.contains("\"9.2\""), "{errors}");
    assert!(
        errors.contains("/catalog/metadata/last-modified"),
        "{errors}"
    );
}

#[test]
fn the_example_exports_valid_oscal_for_internal_and_auditor_builds() {
    let dir = tempfile::tempdir().unwrap();
    let internal = dir.path().join("internal");
    build_ok(&example_root(), &["--out", internal.to_str().unwrap()]);
    let documents = exports(&internal);
    let names: Vec<&str> = documents.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "assessment-plan.json",
            "assessment-results.json",
            "catalog-iso42001.json",
            "catalog-soc2.json",
            "poam.json",
            "profile-iso42001.json",
            "profile-soc2.json",
            "profile.json",
            "ssp.json",
        ]
    );
    assert_all_valid(&documents);
    assert_example_content(&documents);

    let auditor = dir.path().join("auditor");
    let out = build_auditor(&example_root(), &auditor, &[]);
    assert!(out.status.success());
    let auditor = exports(&auditor);
    assert_all_valid(&auditor);
    // Only the auditor package holds the artifacts; the internal SSP says where they are.
    let artifact_remarks = |documents: &BTreeMap<String, Value>| -> Vec<Value> {
        documents["ssp.json"]["system-security-plan"]["back-matter"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["rlinks"][0]["hashes"].is_array())
            .map(|r| r["remarks"].clone())
            .collect()
    };
    let internal_remarks = artifact_remarks(&documents);
    assert!(!internal_remarks.is_empty());
    assert!(
        internal_remarks
            .iter()
            .all(|r| r.as_str().unwrap().contains("auditor package"))
    );
    assert!(artifact_remarks(&auditor).iter().all(Value::is_null));
}

/// What the example's documents say: tokens and labels, the SoA, statuses, hashes, findings.
fn assert_example_content(documents: &BTreeMap<String, Value>) {
    let catalog = &documents["catalog-iso42001.json"]["catalog"];
    let clauses = &catalog["groups"][0];
    assert_eq!(clauses["class"], "requirements");
    assert_eq!(clauses["controls"][0]["id"], "iso42001-4.1");
    assert_eq!(
        clauses["controls"][0]["props"][0],
        json!({"name": "label", "value": "4.1"})
    );
    let text = serde_json::to_string(documents).unwrap();
    assert!(text.contains("\"iso42001-A.6.2.4\""));
    // Timestamps carry a time zone and come from --today, never the clock.
    assert_eq!(catalog["metadata"]["last-modified"], "2026-11-28T00:00:00Z");

    let profile = &documents["profile-iso42001.json"]["profile"];
    let included = profile["imports"][0]["include-controls"][0]["with-ids"]
        .as_array()
        .unwrap();
    assert!(
        included.contains(&json!("iso42001-A.6.2.4")) && included.contains(&json!("iso42001-9.2"))
    );
    // SOC 2 has exclusions (P2.1, P3.2): each named, with its justification.
    let profile = &documents["profile-soc2.json"]["profile"];
    let exclusions: Vec<&Value> = profile["metadata"]["props"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == "excluded-control")
        .collect();
    let excluded = profile["imports"][0]["exclude-controls"][0]["with-ids"]
        .as_array()
        .unwrap();
    assert!(excluded.contains(&json!("soc2-P2.1")), "{excluded:?}");
    assert_eq!(exclusions.len(), excluded.len());
    assert!(
        exclusions
            .iter()
            .all(|p| !p["remarks"].as_str().unwrap().is_empty())
    );

    let ssp = &documents["ssp.json"]["system-security-plan"];
    assert_eq!(ssp["import-profile"]["href"], "profile.json");
    let components = ssp["system-implementation"]["components"]
        .as_array()
        .unwrap();
    assert_eq!(components[0]["type"], "this-system");
    assert!(
        components
            .iter()
            .any(|c| c["title"] == "Loom Talent candidate screening model"),
        "each AI system is a component"
    );
    assert!(
        ssp["system-characteristics"]["authorization-boundary"]["description"]
            .as_str()
            .unwrap()
            .starts_with("Placeholder")
    );
    let requirement = ssp["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["control-id"] == "iso42001-A.6.2.4")
        .expect("A.6.2.4 implemented");
    let statement = &requirement["statements"][0];
    assert_eq!(statement["statement-id"], "iso42001-A.6.2.4_smt");
    assert!(statement["by-components"][0]["implementation-status"]["state"].is_string());
    assert!(requirement["responsible-roles"][0]["role-id"].is_string());
    assert!(
        statement["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["rel"] == "policy")
    );
    let hashed = ssp["back-matter"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["rlinks"][0]["hashes"][0]["value"].as_str())
        .count();
    assert!(hashed > 0, "evidence artifacts carry their SHA-256");

    let results = &documents["assessment-results.json"]["assessment-results"]["results"];
    assert_eq!(results.as_array().unwrap().len(), 1);
    assert!(!results[0]["observations"].as_array().unwrap().is_empty());
    let findings = results[0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let poam = &documents["poam.json"]["plan-of-action-and-milestones"];
    let uuids = |list: &Value| -> Vec<Value> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|f| f["uuid"].clone())
            .collect()
    };
    assert_eq!(
        uuids(&poam["findings"]),
        uuids(&results[0]["findings"]),
        "one finding, one UUID"
    );
    assert!(
        !poam["risks"].as_array().unwrap().is_empty(),
        "open risk treatments"
    );
    // The POA&M holds exactly the observations its findings name, so every reference
    // resolves without carrying every evidence record of the register.
    let named: std::collections::BTreeSet<String> = poam["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["related-observations"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|o| o["observation-uuid"].to_string())
        .collect();
    let held: std::collections::BTreeSet<String> = uuids(&poam["observations"])
        .iter()
        .map(Value::to_string)
        .collect();
    assert!(!named.is_empty(), "the example's gaps name evidence");
    assert_eq!(held, named);
    assert!(held.len() < results[0]["observations"].as_array().unwrap().len());
}

#[test]
fn an_exported_catalog_reads_back_as_a_user_catalog_with_the_same_controls() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_ok(&example_root(), &["--out", out.to_str().unwrap()]);
    let exported =
        std::fs::read_to_string(out.join("exports/oscal/catalog-iso42001.json")).unwrap();

    let f = small_portal();
    f.write("content/frameworks/our-42001-copy.json", &exported);
    let (project, diagnostics) = load::load(&f.root()).map_err(|d| format!("{d:?}")).unwrap();
    let about_copy: Vec<_> = diagnostics
        .iter()
        .filter(|d| format!("{d:?}").contains("our-42001-copy"))
        .collect();
    assert!(about_copy.is_empty(), "{about_copy:?}");
    let find = |id: &str| {
        project
            .frameworks
            .iter()
            .find(|fw| fw.framework.id == id)
            .unwrap_or_else(|| panic!("framework {id}"))
    };
    let copy = find("our-42001-copy");
    assert!(
        project
            .frameworks
            .iter()
            .position(|fw| fw.framework.id == "our-42001-copy")
            .unwrap()
            >= project.builtin_frameworks,
        "loaded as the portal's own catalog"
    );
    let original = find("iso42001");
    let controls = |fw: &model::Framework| -> Vec<(String, String, Option<String>)> {
        fw.groups
            .iter()
            .flat_map(|g| &g.controls)
            .map(|c| (c.id.clone(), c.title.clone(), c.label.clone()))
            .collect()
    };
    let expected: Vec<_> = controls(original)
        .into_iter()
        .map(|(id, title, _)| (format!("iso42001-{id}"), title, Some(id)))
        .collect();
    assert_eq!(controls(copy), expected);
    assert_eq!(copy.framework.name, original.framework.name);
    // The copy builds as an aligned catalog of the portal.
    build_ok(&f.root(), &[]);
    assert!(
        f.out()
            .join("frameworks/our-42001-copy/iso42001-A.6.2.4.html")
            .is_file()
    );
}

#[test]
fn a_portal_with_its_own_catalog_exports_its_gaps_and_builds_the_same_bytes_twice() {
    let f = small_portal();
    f.write(
        "content/nonconformities/nc.yaml",
        "nonconformities:\n  - id: NC-1\n    title: Roles not assigned\n    raised: 2026-07-01\n\
         \x20   controls: [mini:M.1.2]\n    actions:\n\
         \x20     - { action: Assign the roles, owner: HR, due: 2026-12-31 }\n\
         \x20     - { action: Write the roles down, owner: HR, due: 2026-08-01, done: 2026-07-20 }\n",
    );
    build_ok(&f.root(), &[]);
    let first = exports(&f.out());
    assert_all_valid(&first);
    let results = &first["assessment-results.json"]["assessment-results"]["results"][0];
    let findings = serde_json::to_string(&results["findings"]).unwrap();
    // EV-2 expired; M.1.2 is partial.
    assert!(findings.contains("Evidence EV-2 expired"), "{findings}");
    assert!(findings.contains("\"mini-M.1.2_smt\""), "{findings}");
    assert!(findings.contains("partial-control"), "{findings}");
    // The open corrective action is a milestone on its due date; the done one is not there.
    let poam = &first["poam.json"]["plan-of-action-and-milestones"];
    let nc = poam["risks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "Nonconformity NC-1: Roles not assigned")
        .expect("NC-1 in the POA&M");
    let tasks = nc["remediations"][0]["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    assert_eq!(tasks[0]["title"], "Assign the roles");
    assert_eq!(
        tasks[0]["timing"]["on-date"]["date"],
        "2026-12-31T00:00:00Z"
    );
    let items = serde_json::to_string(&poam["poam-items"]).unwrap();
    assert!(
        items.contains("corrective-action") && items.contains("risk-treatment"),
        "{items}"
    );
    let raw = |name: &str| std::fs::read(f.out().join("exports/oscal").join(name)).unwrap();
    let before: Vec<Vec<u8>> = first.keys().map(|n| raw(n)).collect();
    build_ok(&f.root(), &[]);
    let after: Vec<Vec<u8>> = first.keys().map(|n| raw(n)).collect();
    assert!(before == after, "byte-identical builds");
}

#[test]
fn the_trust_center_has_no_oscal() {
    let f = small_portal();
    let out = f.dir.path().join("public");
    build_ok(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert!(
        out.join("exports").is_dir(),
        "the trust center has its exports"
    );
    assert!(!out.join("exports/oscal").exists());
}

#[test]
fn every_built_in_framework_in_scope_exports_valid_oscal_that_reads_back() {
    // Clause ids (`9.2`), AI RMF ids with spaces (`GOVERN 1.1`) and EU AI Act ids (`Art.50`)
    // all become tokens; every catalog reads back with our ids as labels.
    let built_in = [
        "iso42001",
        "soc2",
        "iso27001",
        "iso27701",
        "nist-ai-rmf",
        "eu-ai-act",
    ];
    let f = small_portal();
    let frameworks: Vec<&str> = std::iter::once("mini").chain(built_in).collect();
    f.config(&crate::harness::Config {
        title: "Fixture Portal",
        organization: "Fixture Ltd",
        frameworks,
        ..crate::harness::Config::default()
    });
    // Entries not assessed yet (W315), as `init --blank` users start.
    let root = f.root();
    let added =
        crate::harness::tracemark(&["soa", "--add-missing", "--root", root.to_str().unwrap()]);
    assert!(added.status.success(), "{}", crate::harness::stderr(&added));
    build_ok(&f.root(), &[]);
    let documents = exports(&f.out());
    assert_all_valid(&documents);
    let findings = serde_json::to_string(&documents["assessment-results.json"]).unwrap();
    assert!(
        findings.contains("\"not-assessed\""),
        "unassessed entries are findings"
    );
    let rmf = &documents["catalog-nist-ai-rmf.json"]["catalog"]["groups"][0];
    assert_eq!(rmf["id"], "nist-ai-rmf-GOVERN-1");
    assert_eq!(rmf["controls"][0]["id"], "nist-ai-rmf-GOVERN-1.1");
    assert_eq!(rmf["controls"][0]["props"][0]["value"], "GOVERN 1.1");
    let act = serde_json::to_string(&documents["catalog-eu-ai-act.json"]).unwrap();
    assert!(
        act.contains(r#"{"class":"id","name":"label","value":"AnnexIII.1.a"}"#),
        "{act}"
    );

    let copy = small_portal();
    for fw in built_in {
        copy.write(
            &format!("content/frameworks/copy-{fw}.json"),
            &f.read(&format!("exports/oscal/catalog-{fw}.json")),
        );
    }
    let (project, diagnostics) = load::load(&copy.root())
        .map_err(|d| format!("{d:?}"))
        .unwrap();
    let about_copies: Vec<_> = diagnostics
        .iter()
        .filter(|d| format!("{d:?}").contains("content/frameworks/copy-"))
        .collect();
    assert!(about_copies.is_empty(), "{about_copies:?}");
    for fw in built_in {
        let find = |id: &str| {
            project
                .frameworks
                .iter()
                .find(|x| x.framework.id == id)
                .unwrap()
        };
        let labels = |x: &model::Framework| -> Vec<(String, String)> {
            x.groups
                .iter()
                .flat_map(|g| &g.controls)
                .map(|c| {
                    (
                        c.label.clone().unwrap_or_else(|| c.id.clone()),
                        c.title.clone(),
                    )
                })
                .collect()
        };
        assert_eq!(
            labels(find(&format!("copy-{fw}"))),
            labels(find(fw)),
            "{fw}"
        );
    }
}
