//! `tracemark init DIR`: a new portal from the built-in example, or a minimal one (`--blank`).

use std::fs;
use std::path::Path;

use crate::model::{Date, Framework};

include!(concat!(env!("OUT_DIR"), "/example.rs"));

/// Writes the built-in example portal into `dir`, which must not exist or be empty.
/// Returns how many files were written.
pub fn init(dir: &Path) -> Result<usize, String> {
    let files: Vec<(String, Vec<u8>)> = EXAMPLE
        .iter()
        .map(|(path, bytes)| match *path {
            "portal.yaml" => (path.to_string(), own_history(bytes)),
            _ => (path.to_string(), bytes.to_vec()),
        })
        .collect();
    write_all(dir, &files)
}

/// The example's `portal.yaml` without its `git_history: false` and the comment above it: the
/// example turns git history off because it lives in Tracemark's repository, but a new
/// portal's own repository is its history.
fn own_history(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        skipping |= line.starts_with("# Example only");
        if !skipping {
            out.push_str(line);
        }
        if line.starts_with("git_history:") {
            skipping = false;
        }
    }
    out.into_bytes()
}

/// Writes a minimal portal for `org` with `frameworks` in scope into `dir` (new or empty):
/// `portal.yaml`, one policy template, one risk, one system, one evidence record, and a
/// Statement of Applicability with an entry, not assessed yet, for every control of each
/// framework, in catalog order. It passes `check`, with warnings that say what to fill in.
pub fn blank(dir: &Path, org: &str, frameworks: &[String], today: Date) -> Result<usize, String> {
    let mut diagnostics = Vec::new();
    let (catalogs, _) = crate::load::builtin_catalogs(&mut diagnostics);
    let mut chosen = Vec::new();
    for id in frameworks {
        let id = id.trim();
        match catalogs.iter().find(|f| f.framework.id == id) {
            Some(f) if !chosen.iter().any(|c: &&Framework| c.framework.id == id) => chosen.push(f),
            Some(_) => {}
            None => {
                let known: Vec<&str> = catalogs.iter().map(|f| f.framework.id.as_str()).collect();
                return Err(format!(
                    "unknown framework `{id}`; the built-in ones are {}",
                    known.join(", ")
                ));
            }
        }
    }
    if chosen.is_empty() {
        return Err("name at least one framework with --frameworks (e.g. iso42001,soc2)".into());
    }
    let (soa_path, soa) = crate::cmd::soa::blank_file(&chosen);
    let ids: Vec<&str> = chosen.iter().map(|f| f.framework.id.as_str()).collect();
    let first_control = chosen[0]
        .groups
        .iter()
        .flat_map(|g| &g.controls)
        .next()
        .map(|c| format!("{}:{}", chosen[0].framework.id, c.id))
        .unwrap_or_default();
    let files = vec![
        ("portal.yaml".to_string(), portal_yaml(org, &ids).into_bytes()),
        (
            "content/policies/ai-policy.md".to_string(),
            policy(org, &first_control, today).into_bytes(),
        ),
        ("content/risks/risks.yaml".to_string(), RISKS.replace("{today}", &today.to_string()).into_bytes()),
        ("content/systems/systems.yaml".to_string(), SYSTEMS.replace("{today}", &today.to_string()).into_bytes()),
        (
            "content/evidence/evidence.yaml".to_string(),
            EVIDENCE.replace("{today}", &today.to_string()).into_bytes(),
        ),
        (
            "content/evidence/files/replace-me.txt".to_string(),
            b"Replace this file with a real piece of evidence (a report, an export, a screenshot).\n".to_vec(),
        ),
        (soa_path.to_string_lossy().into_owned(), soa.into_bytes()),
    ];
    write_all(dir, &files)
}

fn portal_yaml(org: &str, frameworks: &[&str]) -> String {
    let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    format!(
        "# Written by `tracemark init --blank`. `tracemark check` lists what is left to fill in.\n\
         title: {}\norganization: {}\nframeworks: [{}]\nrisk:\n  scale: 5\n  appetite: 9\n  \
         categories: [user-harm, legal, operational, reputation]\nreviews:\n  default_interval: annual\n  \
         due_soon: 30d\nevidence:\n  default_validity: 365d\n",
        quoted(&format!("{org} AI Governance Portal")),
        quoted(org),
        frameworks.join(", ")
    )
}

fn policy(org: &str, control: &str, today: Date) -> String {
    let controls = if control.is_empty() {
        String::new()
    } else {
        format!("controls: [{control}]\n")
    };
    format!(
        "---\nid: POL-001\ntitle: AI Policy\nkind: policy\nowner: Replace with the policy owner\n\
         status: draft\nversion: \"0.1\"\nlast_review: {today}\nreview_interval: annual\n{controls}---\n\
         ## Purpose\n\nWhy {} governs AI, and what this policy commits to. Replace this template\n\
         text, then set `status: approved` and `approved_by`.\n\n## Scope\n\nThe AI systems, people \
         and suppliers it covers, such as [[SYS-001]].\n\n## Commitments\n\n- ...\n",
        org.replace(['\n', '\r'], " ")
    )
}

const RISKS: &str = "# Risk register: replace this first risk with yours, and add more.\nrisks:\n  - id: RSK-001\n    title: Replace with your first AI risk\n    system: SYS-001\n    category: user-harm\n    owner: Replace with the risk owner\n    likelihood: 3\n    impact: 3\n    treatment: mitigate\n    controls: []\n    identified: {today}\n    last_review: {today}\n";

const SYSTEMS: &str = "# AI system inventory: one entry per AI system you build, provide or use.\nsystems:\n  - id: SYS-001\n    name: Replace with your first AI system\n    function: What it does\n    owner: Replace with the system owner\n    lifecycle: design\n    last_review: {today}\n    # A high-risk system (EU AI Act) names what covers each of the nine points of Annex IV:\n    # technical_documentation:\n    #   1: [POL-001]\n    #   2: { covered_by: [EV-001], note: What is still to write }\n";

const EVIDENCE: &str = "# Evidence records: what shows that a control works.\nevidence:\n  - id: EV-001\n    title: Replace with your first piece of evidence\n    file: files/replace-me.txt\n    collected: {today}\n    controls: []\n";

/// Writes `files` (path relative to `dir`, bytes) into `dir`, which must not exist or be
/// empty. Returns how many were written.
fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<usize, String> {
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; `init` only writes into a new or empty directory",
                dir.display()
            ));
        }
    }
    for (path, bytes) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, bytes).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_example_and_refuses_a_non_empty_directory() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new");
        let written = init(&target).unwrap();
        assert!(written > 20);
        assert!(target.join("portal.yaml").is_file());
        assert!(target.join("content/risks").is_dir());
        assert!(init(&target).unwrap_err().contains("not empty"));
        // The example's own `git_history: false` stays behind: a new portal's commits are its
        // history.
        let config = std::fs::read_to_string(target.join("portal.yaml")).unwrap();
        let example = EXAMPLE.iter().find(|(p, _)| *p == "portal.yaml").unwrap().1;
        assert!(String::from_utf8_lossy(example).contains("\ngit_history: false\n"));
        assert!(!config.contains("git_history") && !config.contains("Example only"));
        assert!(config.contains("\naligned: ") && config.contains("\nrisk:\n"));
    }
}
