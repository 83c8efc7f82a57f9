//! Framework catalogs and crosswalks: built into the binary, or the portal's own
//! (`content/frameworks/`, YAML or an OSCAL catalog in JSON).

use std::path::{Path, PathBuf};

use super::source::{flow_depth_guard, read_or_report, yaml_error};
use crate::diagnostics::Diagnostic;
use std::sync::Arc;

use super::positions::{Positions, SourcePositions};
use crate::model::{Crosswalk, Framework, Source};

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
    (
        "iso42001--eu-ai-act.yaml",
        include_str!("../../catalogs/crosswalks/iso42001--eu-ai-act.yaml"),
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
/// key is a crosswalk; JSON is an OSCAL catalog; other YAML is a catalog. A catalog may not
/// take the id of a built-in one (or of another of the portal's): it would replace it silently.
pub fn load_user(
    root: &Path,
    files: &[PathBuf],
    frameworks: &mut Vec<Framework>,
    crosswalks: &mut Vec<Crosswalk>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let builtin_count = frameworks.len();
    for path in files {
        let Some((file, text)) = read_or_report(root, path, diagnostics) else {
            continue;
        };
        let framework = if path.extension().is_some_and(|e| e == "json") {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match super::oscal::catalog(&stem, &text, &file) {
                Ok((framework, problems)) => {
                    diagnostics.extend(problems);
                    framework
                }
                Err(message) => {
                    diagnostics.push(Diagnostic::error("E108", message).at(file, 0));
                    continue;
                }
            }
        } else {
            if let Err(diag) = flow_depth_guard(&text, &file, 0) {
                diagnostics.push(diag);
                continue;
            }
            let is_crosswalk = text.lines().any(|l| l.starts_with("crosswalk:"));
            if is_crosswalk {
                match serde_yaml::from_str::<Crosswalk>(&text) {
                    Ok(c) => crosswalks.push(c),
                    Err(err) => diagnostics.push(yaml_error(&file, &err, 0)),
                }
                continue;
            }
            match serde_yaml::from_str::<Framework>(&text) {
                Ok(mut f) => {
                    f.source = Source {
                        positions: Some(Arc::new(SourcePositions::known(Positions::of(&text, 0)))),
                        ..Source::new(file.clone(), 1)
                    };
                    f
                }
                Err(err) => {
                    diagnostics.push(yaml_error(&file, &err, 0));
                    continue;
                }
            }
        };
        let id = &framework.framework.id;
        if let Some(taken) = frameworks.iter().position(|f| &f.framework.id == id) {
            let whose = if taken < builtin_count {
                "a built-in catalog".to_string()
            } else {
                "another of the portal's catalogs".to_string()
            };
            diagnostics.push(
                Diagnostic::error(
                    "E211",
                    format!("catalog `{id}` in `{file}` has the id of {whose}"),
                )
                .at(file, 0)
                .help(if path.extension().is_some_and(|e| e == "json") {
                    "an OSCAL catalog's id is its file name: rename the file (e.g. `my-iso42001.json`)"
                } else {
                    "give it another `framework.id`; a built-in catalog cannot be replaced"
                }),
            );
            continue;
        }
        frameworks.push(framework);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_control_says_what_it_asks_for() {
        let mut diagnostics = Vec::new();
        let (frameworks, _) = builtin(&mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // NIST AI RMF carries NIST's own (public-domain) outcome text instead. Management-system
        // clauses (4-10) are requirements, not controls, and have no summaries yet; nor have
        // the EU AI Act's scope articles and annex entries (its obligations are checked below).
        for f in frameworks.iter().filter(|f| f.framework.id != "eu-ai-act") {
            let controls = f.groups.iter().filter(|g| !g.requirements);
            for c in controls.flat_map(|g| &g.controls) {
                let id = &f.framework.id;
                if c.text.is_some() {
                    continue;
                }
                let summary = c.summary.as_deref().unwrap_or("");
                assert!(summary.len() > 20, "{id}:{} has no summary", c.id);
                assert_ne!(summary, c.title, "{id}:{} only restates its title", c.id);
            }
        }
        let act = frameworks
            .iter()
            .find(|f| f.framework.id == "eu-ai-act")
            .unwrap();
        let summarised = act
            .groups
            .iter()
            .flat_map(|g| &g.controls)
            .filter(|c| c.summary.is_some())
            .count();
        assert_eq!(summarised, 34, "the EU AI Act's obligations");
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
    fn builtin_catalogs_parse_with_expected_counts() {
        let mut diagnostics = Vec::new();
        let (frameworks, crosswalks) = builtin(&mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // (groups, controls) of Annex A (or the whole catalog), then of clauses 4-10.
        let count_where = |id: &str, requirements: bool| {
            frameworks.iter().find(|f| f.framework.id == id).map(|f| {
                let groups: Vec<_> = f
                    .groups
                    .iter()
                    .filter(|g| g.requirements == requirements)
                    .collect();
                (
                    groups.len(),
                    groups.iter().map(|g| g.controls.len()).sum::<usize>(),
                )
            })
        };
        let count = |id: &str| count_where(id, false);
        assert_eq!(count("iso42001"), Some((9, 38)));
        // Clauses: 32 requirements and the 3 clauses (7.5, 9.2, 9.3) over their sub-clauses.
        assert_eq!(count_where("iso42001", true), Some((7, 35)));
        assert_eq!(count("soc2").map(|c| c.1), Some(61));
        assert_eq!(count("iso27001"), Some((4, 93)));
        assert_eq!(count_where("iso27001", true), Some((7, 33)));
        assert_eq!(count("nist-ai-rmf"), Some((19, 72)));
        // 45 articles and 52 annex items (Annex I 2, Annex III 23, Annex IV 10, Annex V 9,
        // Annex VI 4, Annex VIII 4).
        assert_eq!(count("eu-ai-act"), Some((22, 97)));
        assert!(!crosswalks.is_empty());
    }

    #[test]
    fn every_builtin_pair_names_its_source_and_real_controls() {
        let mut diagnostics = Vec::new();
        let (frameworks, crosswalks) = builtin(&mut diagnostics);
        let has = |fw: &str, id: &str| {
            frameworks
                .iter()
                .filter(|f| f.framework.id == fw)
                .flat_map(|f| &f.groups)
                .flat_map(|g| &g.controls)
                .any(|c| c.id == id)
        };
        for walk in &crosswalks {
            let (from, to) = (&walk.crosswalk.from, &walk.crosswalk.to);
            for m in &walk.mappings {
                assert!(
                    m.source.as_deref().is_some_and(|s| !s.trim().is_empty()),
                    "{from}->{to} {} has no source",
                    m.from
                );
                assert!(has(from, &m.from), "{from}:{} does not exist", m.from);
                for t in &m.to {
                    assert!(
                        has(to, t),
                        "{to}:{t} (from {from}:{}) does not exist",
                        m.from
                    );
                }
            }
        }
    }

    #[test]
    fn the_ai_act_crosswalk_covers_the_core_articles_and_says_why_for_every_pair() {
        let mut diagnostics = Vec::new();
        let (_, crosswalks) = builtin(&mut diagnostics);
        let walk = crosswalks
            .iter()
            .find(|w| w.crosswalk.from == "iso42001" && w.crosswalk.to == "eu-ai-act")
            .expect("ISO 42001 -> EU AI Act crosswalk");
        assert!(
            walk.mappings
                .iter()
                .all(|m| m.rationale.as_deref().is_some_and(|r| r.len() > 40))
        );
        // Art. 50 through A.8.2 and A.8.5 (telling people they deal with an AI system).
        for article in [9, 10, 11, 12, 13, 14, 15, 17, 26, 27, 50, 72, 73] {
            let id = format!("Art.{article}");
            assert!(
                walk.mappings.iter().any(|m| m.to.contains(&id)),
                "{id} is not reached"
            );
        }
    }
}
