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
/// `portal.yaml`, one policy template, one risk, one system, one evidence record, a
/// Statement of Applicability with an entry, not assessed yet, for every control of each
/// framework, in catalog order, and one file per record kind with a commented example. It
/// passes `check`, with warnings that say what to fill in.
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
    let mut files = files;
    files.extend(records(&first_control, today));
    write_all(dir, &files)
}

/// The record files, each with an empty list and one commented example (its fields
/// explained), dated `today` and naming the blank portal's own first control, risk, system,
/// policy and evidence, so that un-commenting every example gives a portal that checks.
fn records(control: &str, today: Date) -> Vec<(String, Vec<u8>)> {
    let next_year = today.plus_days(365).to_string();
    let control = if control.is_empty() {
        "iso42001:9.2"
    } else {
        control
    };
    [
        ("content/audits/audits.yaml", AUDITS),
        (
            "content/nonconformities/nonconformities.yaml",
            NONCONFORMITIES,
        ),
        ("content/management-reviews/reviews.yaml", REVIEWS),
        ("content/objectives.yaml", OBJECTIVES),
        ("content/incidents/incidents.yaml", INCIDENTS),
    ]
    .into_iter()
    .map(|(path, text)| {
        let text = text
            .replace("{today}", &today.to_string())
            .replace("{next_year}", &next_year)
            .replace("{control}", control);
        (path.to_string(), text.into_bytes())
    })
    .collect()
}

/// How every record file starts: the list is empty until the example is un-commented.
macro_rules! how_to_use {
    () => {
        "# To use the example: delete the `[]` after the list's key, and remove the `# ` at the start of\n\
         # each example line (those starting `#  `); lines starting `#     #` stay comments.\n"
    };
}

const AUDITS: &str = concat!(
    "# Internal audits (ISO/IEC 42001 and 27001 9.2): the programme (9.2.2) and each audit with its\n\
     # findings. A finding's page is an anchor on its audit's page; a nonconformity finding needs a\n\
     # nonconformity record raised from it (content/nonconformities/).\n",
    how_to_use!(),
    "programmes: []\n\
     #   - id: AP-001                    # unique id, shared with every other id in the portal\n\
     #     title: Internal audit programme\n\
     #     owner: Replace with who manages the programme\n\
     #     period: { from: {today}, to: {next_year} }\n\
     #     scope: [{control}]           # clauses and controls the programme covers\n\
     #     planned:                      # the audits planned, in order\n\
     #       - { audit: IA-001, title: First internal audit, due: {today}, scope: [{control}] }\n\
     #     description: How audits are chosen, their criteria and frequency (Markdown).\n\
     audits: []\n\
     #   - id: IA-001\n\
     #     title: First internal audit\n\
     #     programme: AP-001\n\
     #     status: completed             # planned, in-progress, completed or cancelled\n\
     #     start: {today}             # first and last day of fieldwork\n\
     #     end: {today}\n\
     #     reported: {today}          # when the report was issued\n\
     #     auditor: Replace with the auditor's name\n\
     #     independence: Why the auditor is objective and impartial (9.2.2 c)\n\
     #     criteria: The audit criteria\n\
     #     scope: [{control}]\n\
     #     evidence: [EV-001]            # the report, the plan\n\
     #     findings:\n\
     #       - id: IA-001-01\n\
     #         type: minor               # major, minor, observation or opportunity\n\
     #         control: {control}        # the clause or control it is raised against\n\
     #         statement: What was found, against which requirement\n\
     #         evidence: [EV-001]\n\
     #     summary: The audit's conclusion (Markdown).\n\
     #     # visibility: internal        # public, internal (the default) or confidential\n"
);

const NONCONFORMITIES: &str = concat!(
    "# Nonconformities and corrective actions (10.2). An action past its `due` date and not `done`\n\
     # is overdue; a nonconformity `closed` without an effective `effectiveness` check is a gap.\n",
    how_to_use!(),
    "nonconformities: []\n\
     #   - id: NC-001\n\
     #     title: The nonconformity in a few words\n\
     #     source: IA-001-01             # the audit finding, incident or review it came from\n\
     #     # origin: other               # audit, incident, review, complaint or other, without a source\n\
     #     severity: minor               # major or minor\n\
     #     raised: {today}\n\
     #     owner: Replace with who owns its resolution\n\
     #     description: What is wrong, against which requirement (Markdown).\n\
     #     controls: [{control}]\n\
     #     risks: [RSK-001]\n\
     #     systems: [SYS-001]\n\
     #     correction: What was done at once to contain it (10.2 a)\n\
     #     root_cause: Why it happened (10.2 b)\n\
     #     actions:                      # the corrective actions (10.2 c)\n\
     #       - { action: What is to be done, owner: Replace with a name, due: {next_year} }\n\
     #     # effectiveness: { date: {today}, result: effective, by: Replace with a name }  # 10.2 d\n\
     #     status: open                  # open, resolved or closed\n\
     #     evidence: [EV-001]\n"
);

const REVIEWS: &str = concat!(
    "# Management reviews (9.3). Each 9.3.2 input is its own key, with what the review considered\n\
     # and the records it looked at; the inputs the frameworks in scope require are checked.\n",
    how_to_use!(),
    "management_reviews: []\n\
     #   - id: MR-001\n\
     #     title: Management review\n\
     #     date: {today}\n\
     #     chair: Replace with the chair\n\
     #     attendees: [Replace with who attended]\n\
     #     inputs:\n\
     #       previous_actions: { summary: Status of actions from previous reviews (a) }\n\
     #       context_changes: { summary: Changes in external and internal issues (b) }\n\
     #       interested_parties: { summary: Changes in needs and expectations of interested parties (c) }\n\
     #       nonconformities: { summary: Nonconformities and corrective actions, reviewed: [NC-001] }\n\
     #       measurement_results: { summary: Monitoring and measurement results, reviewed: [OBJ-001] }\n\
     #       audit_results: { summary: Audit results, reviewed: [IA-001] }\n\
     #       improvement_opportunities: { summary: Opportunities for continual improvement }\n\
     #       interested_party_feedback: { summary: Feedback from interested parties (27001) }\n\
     #       risk_assessment_results: { summary: Risk assessment and treatment (27001), reviewed: [RSK-001] }\n\
     #       objectives: { summary: Fulfilment of objectives (27001), reviewed: [OBJ-001] }\n\
     #       ai_system_performance: { summary: Performance of the AI systems, reviewed: [SYS-001] }\n\
     #     outputs:                      # 9.3.3\n\
     #       decisions: [Decisions on continual improvement]\n\
     #       changes: [Changes needed to the management system]\n\
     #       resources: [Resources needed]\n\
     #       actions:\n\
     #         - { action: What is to be done, owner: Replace with a name, due: {next_year} }\n\
     #     evidence: [EV-001]            # the minutes\n\
     #     summary: A summary of the review (Markdown).\n"
);

const OBJECTIVES: &str = concat!(
    "# Objectives of the management system (6.2), measured over time. Each page draws the\n\
     # measurements against the target; an objective whose latest measurement misses it is a gap.\n",
    how_to_use!(),
    "objectives: []\n\
     #   - id: OBJ-001\n\
     #     title: The objective in a few words\n\
     #     policy: POL-001               # the policy it comes from\n\
     #     owner: Replace with who is responsible (6.2 h)\n\
     #     resources: What it needs (6.2 g)\n\
     #     due: {next_year}             # when it will be completed (6.2 i)\n\
     #     evaluation: How results are evaluated (6.2 j)\n\
     #     target: { metric: Share of AI systems with a current impact assessment, comparison: at-least, value: 100, unit: \"%\", by: {next_year} }\n\
     #     measurements:                 # dated values, in any order\n\
     #       - { date: {today}, value: 100, evidence: [EV-001] }\n\
     #     controls: [{control}]\n\
     #     systems: [SYS-001]\n\
     #     description: Why the objective matters (Markdown).\n"
);

const INCIDENTS: &str = concat!(
    "# Incidents (A.8.4, 10.2). A serious incident (EU AI Act Art. 3(49)) must be reported within\n\
     # the Art. 73 deadline from `aware`: 15 days; 10 days for a death; 2 days for a widespread\n\
     # infringement or a serious and irreversible disruption of critical infrastructure. A\n\
     # personal-data breach must be notified within 72 hours (GDPR Art. 33) unless\n\
     # `not_notifiable` says why. Dates may carry a time and zone: 2026-09-01T14:30Z.\n",
    how_to_use!(),
    "incidents: []\n\
     #   - id: INC-001\n\
     #     title: The incident in a few words\n\
     #     system: SYS-001\n\
     #     detected: {today}\n\
     #     # aware: {today}           # when the provider became aware (default: detected)\n\
     #     severity: medium              # low, medium, high or critical\n\
     #     serious: false                # a serious incident under EU AI Act Art. 3(49)\n\
     #     # limb: other                 # death, critical-infrastructure, widespread-infringement or other\n\
     #     # notified: {today}        # when the market surveillance authority was told (Art. 73)\n\
     #     personal_data_breach: true\n\
     #     # breach_notified: {today} # when the data protection authority was told (GDPR Art. 33)\n\
     #     not_notifiable: Why no notice is due, e.g. unlikely to result in a risk to people\n\
     #     status: open                  # open, resolved or closed\n\
     #     risks: [RSK-001]\n\
     #     # nonconformities: [NC-001]   # nonconformities raised from it\n\
     #     evidence: [EV-001]\n\
     #     description: What happened, and what was done (Markdown).\n"
);

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

/// `files` with the JSON Schemas in `schemas/`, and each YAML file that has one pointing at it
/// on its first line (`# yaml-language-server: $schema=...`), so that an editor with YAML
/// support completes and checks the portal's files from the start.
fn with_schemas(files: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(path, bytes)| match super::schema::modeline(path) {
            Some(line) if !bytes.starts_with(line.as_bytes()) => {
                let mut with = line.into_bytes();
                with.extend_from_slice(bytes);
                (path.clone(), with)
            }
            _ => (path.clone(), bytes.clone()),
        })
        .collect();
    out.extend(
        super::schema::all()
            .into_iter()
            .map(|(name, text)| (format!("{}/{name}", super::schema::DIR), text.into_bytes())),
    );
    out
}

/// Writes `files` (path relative to `dir`, bytes) into `dir`, which must not exist or be
/// empty, with the schemas ([`with_schemas`]). Returns how many were written.
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
    let files = with_schemas(files);
    for (path, bytes) in &files {
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
