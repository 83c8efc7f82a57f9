//! Framework catalogs and crosswalks: built into the binary, or the portal's own
//! (`content/frameworks/`, YAML or an OSCAL catalog in JSON).

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::source::{flow_depth_guard, read_text, relative, yaml_error};
use crate::diagnostics::Diagnostic;
use crate::model::{CatalogControl, CatalogGroup, Crosswalk, Framework, FrameworkInfo};

/// The built-in catalogs, as `(file name, YAML)`.
const BUILTIN_CATALOGS: &[(&str, &str)] = &[
    (
        "iso42001.yaml",
        include_str!("../../catalogs/iso42001.yaml"),
    ),
    ("soc2.yaml", include_str!("../../catalogs/soc2.yaml")),
    (
        "iso27001.yaml",
        include_str!("../../catalogs/iso27001.yaml"),
    ),
    (
        "iso27701.yaml",
        include_str!("../../catalogs/iso27701.yaml"),
    ),
    (
        "nist-ai-rmf.yaml",
        include_str!("../../catalogs/nist-ai-rmf.yaml"),
    ),
    (
        "eu-ai-act.yaml",
        include_str!("../../catalogs/eu-ai-act.yaml"),
    ),
];

/// The built-in crosswalks, as `(file name, YAML)`.
const BUILTIN_CROSSWALKS: &[(&str, &str)] = &[
    (
        "nist-ai-rmf--iso42001.yaml",
        include_str!("../../catalogs/crosswalks/nist-ai-rmf--iso42001.yaml"),
    ),
    (
        "iso42001--soc2.yaml",
        include_str!("../../catalogs/crosswalks/iso42001--soc2.yaml"),
    ),
    (
        "iso42001--iso27001.yaml",
        include_str!("../../catalogs/crosswalks/iso42001--iso27001.yaml"),
    ),
    (
        "soc2--iso27001.yaml",
        include_str!("../../catalogs/crosswalks/soc2--iso27001.yaml"),
    ),
];

/// One-line summaries of built-in controls, kept beside the catalogs (one file per framework)
/// so that the catalogs themselves stay lists of ids and titles.
const BUILTIN_SUMMARIES: &[(&str, &str)] = &[
    (
        "summaries/iso42001.yaml",
        include_str!("../../catalogs/summaries/iso42001.yaml"),
    ),
    (
        "summaries/soc2.yaml",
        include_str!("../../catalogs/summaries/soc2.yaml"),
    ),
    (
        "summaries/iso27001.yaml",
        include_str!("../../catalogs/summaries/iso27001.yaml"),
    ),
    (
        "summaries/iso27701.yaml",
        include_str!("../../catalogs/summaries/iso27701.yaml"),
    ),
    (
        "summaries/eu-ai-act.yaml",
        include_str!("../../catalogs/summaries/eu-ai-act.yaml"),
    ),
];

/// A summaries file: control id -> one line in our own words.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Summaries {
    framework: String,
    summaries: std::collections::BTreeMap<String, String>,
}

/// Sets each built-in control's summary from its framework's summaries file. A summary for a
/// control the catalog lacks is a bug in Tracemark (E900), not something to drop silently.
fn apply_summaries(frameworks: &mut [Framework], diagnostics: &mut Vec<Diagnostic>) {
    for (name, text) in BUILTIN_SUMMARIES {
        let file: Summaries = match serde_yaml::from_str(text) {
            Ok(file) => file,
            Err(err) => {
                diagnostics.push(Diagnostic::error(
                    "E900",
                    format!("built-in summaries {name}: {err}"),
                ));
                continue;
            }
        };
        let Some(framework) = frameworks
            .iter_mut()
            .find(|f| f.framework.id == file.framework)
        else {
            diagnostics.push(Diagnostic::error(
                "E900",
                format!(
                    "built-in summaries {name}: no framework `{}`",
                    file.framework
                ),
            ));
            continue;
        };
        let mut left = file.summaries;
        for control in framework.groups.iter_mut().flat_map(|g| &mut g.controls) {
            if let Some(summary) = left.remove(&control.id) {
                control.summary = Some(summary);
            }
        }
        for id in left.keys() {
            diagnostics.push(Diagnostic::error(
                "E900",
                format!("built-in summaries {name}: no control `{id}`"),
            ));
        }
    }
}

/// Parses the built-in catalogs. A failure here is a bug in Tracemark, reported as such.
pub fn builtin(diagnostics: &mut Vec<Diagnostic>) -> (Vec<Framework>, Vec<Crosswalk>) {
    let mut frameworks = Vec::new();
    for (name, text) in BUILTIN_CATALOGS {
        match serde_yaml::from_str(text) {
            Ok(framework) => frameworks.push(framework),
            Err(err) => diagnostics.push(Diagnostic::error(
                "E900",
                format!("built-in catalog {name}: {err}"),
            )),
        }
    }
    apply_summaries(&mut frameworks, diagnostics);
    let mut crosswalks = Vec::new();
    for (name, text) in BUILTIN_CROSSWALKS {
        match serde_yaml::from_str(text) {
            Ok(crosswalk) => crosswalks.push(crosswalk),
            Err(err) => diagnostics.push(Diagnostic::error(
                "E900",
                format!("built-in crosswalk {name}: {err}"),
            )),
        }
    }
    (frameworks, crosswalks)
}

/// Loads the portal's own catalogs and crosswalks. A YAML file with a top-level `crosswalk:`
/// key is a crosswalk; JSON is an OSCAL catalog; other YAML is a catalog.
pub fn load_user(
    root: &Path,
    files: &[PathBuf],
    frameworks: &mut Vec<Framework>,
    crosswalks: &mut Vec<Crosswalk>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for path in files {
        let text = match read_text(root, path) {
            Ok(text) => text,
            Err(diag) => {
                diagnostics.push(diag);
                continue;
            }
        };
        let is_json = path.extension().is_some_and(|e| e == "json");
        if is_json {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match oscal_catalog(&stem, &text) {
                Ok(framework) => frameworks.push(framework),
                Err(message) => {
                    diagnostics.push(Diagnostic::error("E108", message).at(relative(root, path), 0))
                }
            }
            continue;
        }
        if let Err(diag) = flow_depth_guard(&text, &relative(root, path), 0) {
            diagnostics.push(diag);
            continue;
        }
        let is_crosswalk = text.lines().any(|l| l.starts_with("crosswalk:"));
        let result = if is_crosswalk {
            serde_yaml::from_str::<Crosswalk>(&text).map(|c| crosswalks.push(c))
        } else {
            serde_yaml::from_str::<Framework>(&text).map(|f| frameworks.push(f))
        };
        if let Err(err) = result {
            diagnostics.push(yaml_error(&relative(root, path), &err, 0));
        }
    }
}

/// Reads an OSCAL catalog (`catalog.groups[].controls[]`, enhancements nested in `controls`).
pub fn oscal_catalog(id: &str, text: &str) -> Result<Framework, String> {
    let json: Json =
        serde_json::from_str(text).map_err(|err| format!("not a JSON OSCAL catalog: {err}"))?;
    let catalog = json
        .get("catalog")
        .ok_or("an OSCAL catalog needs a top-level `catalog`")?;
    let name = catalog
        .pointer("/metadata/title")
        .and_then(Json::as_str)
        .unwrap_or(id)
        .to_string();
    let version = catalog
        .pointer("/metadata/version")
        .and_then(Json::as_str)
        .map(str::to_string);
    let mut groups = Vec::new();
    for group in catalog
        .get("groups")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let mut controls = Vec::new();
        collect_oscal_controls(group, &mut controls);
        groups.push(CatalogGroup {
            id: str_field(group, "id").unwrap_or_default(),
            title: str_field(group, "title").unwrap_or_default(),
            category: None,
            controls,
        });
    }
    let mut loose = Vec::new();
    collect_oscal_controls(catalog, &mut loose);
    if !loose.is_empty() {
        groups.push(CatalogGroup {
            id: "other".into(),
            title: "Other controls".into(),
            category: None,
            controls: loose,
        });
    }
    Ok(Framework {
        framework: FrameworkInfo {
            id: id.to_string(),
            name,
            version,
        },
        groups,
    })
}

fn collect_oscal_controls(parent: &Json, out: &mut Vec<CatalogControl>) {
    for control in parent
        .get("controls")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let label = control
            .get("props")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .find(|p| str_field(p, "name").as_deref() == Some("label") && p.get("class").is_none())
            .and_then(|p| str_field(p, "value"));
        out.push(CatalogControl {
            id: str_field(control, "id").unwrap_or_default(),
            title: str_field(control, "title").unwrap_or_default(),
            label,
            text: None,
            summary: None,
        });
        collect_oscal_controls(control, out);
    }
}

fn str_field(value: &Json, key: &str) -> Option<String> {
    value.get(key).and_then(Json::as_str).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogs_parse_with_expected_counts() {
        let mut diagnostics = Vec::new();
        let (frameworks, crosswalks) = builtin(&mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let count = |id: &str| {
            frameworks.iter().find(|f| f.framework.id == id).map(|f| {
                (
                    f.groups.len(),
                    f.groups.iter().map(|g| g.controls.len()).sum::<usize>(),
                )
            })
        };
        assert_eq!(count("iso42001"), Some((9, 38)));
        assert_eq!(count("soc2").map(|c| c.1), Some(61));
        assert_eq!(count("iso27001"), Some((4, 93)));
        assert_eq!(count("nist-ai-rmf"), Some((19, 72)));
        assert!(!crosswalks.is_empty());
    }

    #[test]
    fn every_built_in_control_says_what_it_asks_for() {
        let mut diagnostics = Vec::new();
        let (frameworks, _) = builtin(&mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // NIST AI RMF carries NIST's own (public-domain) outcome text instead.
        for f in &frameworks {
            for c in f.groups.iter().flat_map(|g| &g.controls) {
                let id = &f.framework.id;
                if c.text.is_some() {
                    continue;
                }
                let summary = c.summary.as_deref().unwrap_or("");
                assert!(summary.len() > 20, "{id}:{} has no summary", c.id);
                assert_ne!(summary, c.title, "{id}:{} only restates its title", c.id);
            }
        }
    }

    #[test]
    fn a_summary_for_an_unknown_control_is_a_bug_reported_as_such() {
        let mut frameworks: Vec<Framework> = vec![
            serde_yaml::from_str("framework: { id: x, name: X }\ngroups: [{ id: G, title: G, controls: [{ id: A, title: A }] }]").unwrap(),
        ];
        let mut diagnostics = Vec::new();
        apply_summaries(&mut frameworks, &mut diagnostics);
        // The built-in summaries name frameworks this list lacks: each is reported.
        assert!(
            diagnostics.iter().all(|d| d.code == "E900"),
            "{diagnostics:?}"
        );
        assert_eq!(diagnostics.len(), BUILTIN_SUMMARIES.len());
    }

    #[test]
    fn reads_nested_oscal_controls_with_labels() {
        let json = r#"{"catalog":{"metadata":{"title":"T","version":"1"},"groups":[{"id":"ac","title":"Access Control",
            "controls":[{"id":"ac-2","title":"Account Management","props":[{"name":"label","value":"AC-2"}],
            "controls":[{"id":"ac-2.1","title":"Automated","props":[{"name":"label","value":"AC-2(1)"}]}]}]}]}}"#;
        let f = oscal_catalog("sp", json).unwrap();
        let ids: Vec<_> = f.groups[0]
            .controls
            .iter()
            .map(|c| (c.id.as_str(), c.label.as_deref()))
            .collect();
        assert_eq!(
            ids,
            vec![("ac-2", Some("AC-2")), ("ac-2.1", Some("AC-2(1)"))]
        );
    }
}
