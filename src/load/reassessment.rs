//! Reassessment triggers: which commits after an AI system's latest assessment changed the
//! fields of its record that call for a new one (its models, data, vendors, lifecycle stage,
//! scope of use, users and the people affected).
//!
//! The candidates are the commits of a system's register file after its latest assessment
//! (never the commit that added the file). Their versions before and after are read with one
//! `git cat-file --batch`, each parsed once, and the system's entry (found by `id`) compared
//! field by field. A commit whose earlier version does not hold the system added it there:
//! it is no change of the record.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_yaml::Value;

use super::history::{approved_on, cat_files, note};
use crate::diagnostics::Diagnostic;
use crate::model::{ChangeKind, Date, History, Policy, PolicyKind, PolicyStatus, Risk, System};

/// The fields of a system's record whose change calls for a reassessment, as written in YAML.
pub const TRIGGER_FIELDS: [&str; 7] = [
    "models",
    "data",
    "vendors",
    "lifecycle",
    "scope",
    "users",
    "affected",
];

/// The date of an AI system's latest assessment: the latest of its own `last_review`, the
/// approval (newest `history:` entry or `effective`) and `last_review` of the impact
/// assessments among `documents` (not drafts), and the `last_review` of `risks`, where
/// `documents` are those that name the system and `risks` those about it. `None` when it has
/// none of these: it was never assessed, so nothing changed since.
pub fn assessed_on<'a>(
    system: &System,
    documents: impl IntoIterator<Item = &'a Policy>,
    risks: impl IntoIterator<Item = &'a Risk>,
) -> Option<Date> {
    let assessments = documents
        .into_iter()
        .filter(|d| d.meta.kind == PolicyKind::ImpactAssessment)
        .filter(|d| d.meta.status != PolicyStatus::Draft)
        .flat_map(|d| [approved_on(d), d.meta.last_review]);
    let reviews = risks.into_iter().map(|r| r.last_review);
    std::iter::once(system.last_review)
        .chain(assessments)
        .chain(reviews)
        .flatten()
        .max()
}

/// Entities by the system id they name.
type ById<'a, T> = HashMap<&'a str, Vec<&'a T>>;

/// The documents naming each system id and the risks about it, as written (the resolved
/// edges match at least these, so a date from them is never later than the resolved one).
fn linked<'a>(policies: &'a [Policy], risks: &'a [Risk]) -> (ById<'a, Policy>, ById<'a, Risk>) {
    let mut documents: HashMap<&str, Vec<&Policy>> = HashMap::new();
    for policy in policies {
        for id in &policy.meta.systems {
            documents.entry(id.as_str()).or_default().push(policy);
        }
    }
    let mut about: HashMap<&str, Vec<&Risk>> = HashMap::new();
    for risk in risks {
        if let Some(id) = &risk.system {
            about.entry(id.as_str()).or_default().push(risk);
        }
    }
    (documents, about)
}

/// Marks each commit of a register file after the latest assessment of a system it holds
/// with the trigger fields it changed in that system's entry (`Change::reassessment_fields`).
/// A note when git cannot show the versions; then no commit is marked. The date is judged
/// on the links as written; `check` judges it again on the resolved ones, never earlier.
pub fn mark_systems(
    history: &mut History,
    root: &Path,
    systems: &[System],
    policies: &[Policy],
    risks: &[Risk],
) -> Option<Diagnostic> {
    if !history.from_git() {
        return None;
    }
    // (file, index of the change, system id): the candidates; and each blob they need, once.
    let mut wanted = Vec::new();
    let mut blobs: BTreeMap<String, Option<Entries>> = BTreeMap::new();
    let (documents, about) = linked(policies, risks);
    for system in systems {
        let id = system.id.as_str();
        let documents = documents.get(id).into_iter().flatten().copied();
        let risks = about.get(id).into_iter().flatten().copied();
        let Some(assessed) = assessed_on(system, documents, risks) else {
            continue;
        };
        let file = &system.source.file;
        for (i, change) in history.of(file).iter().enumerate() {
            if change.kind != ChangeKind::Modified || change.date <= assessed {
                continue;
            }
            let (Some(before), Some(after)) = &change.blobs else {
                continue;
            };
            wanted.push((file.clone(), i, system.id.clone()));
            blobs.insert(before.clone(), None);
            blobs.insert(after.clone(), None);
        }
    }
    if wanted.is_empty() {
        return None;
    }
    let names: Vec<String> = blobs.keys().cloned().collect();
    match cat_files(root, &names) {
        Ok(found) => {
            for (name, text) in names.iter().zip(found) {
                blobs.insert(name.clone(), text.as_deref().map(entries));
            }
        }
        Err(why) => {
            return Some(note(format!(
                "cannot read earlier versions of the AI system registers from git ({why}): no reassessment is flagged"
            )));
        }
    }
    let entry = |blob: &Option<String>, id: &str| {
        let entries = blobs.get(blob.as_ref()?)?.as_ref()?;
        entries.get(id)
    };
    for (file, i, id) in wanted {
        let Some(change) = history.files.get_mut(&file).and_then(|c| c.get_mut(i)) else {
            continue;
        };
        let (Some(before), Some(after)) =
            (entry(&change.blobs.0, &id), entry(&change.blobs.1, &id))
        else {
            continue;
        };
        let fields = changed_fields(before, after);
        if !fields.is_empty() {
            change.reassessment_fields.insert(id, fields);
        }
    }
    None
}

/// The entries of one version of a systems register, by id.
type Entries = BTreeMap<String, Value>;

/// The entries under `systems:` of one version of a register file (none when it does not
/// parse: an unreadable version tells nothing about a field).
fn entries(text: &str) -> Entries {
    let Ok(document) = serde_yaml::from_str::<Value>(text) else {
        return Entries::new();
    };
    let Some(list) = document.get("systems").and_then(Value::as_sequence) else {
        return Entries::new();
    };
    let mut out = Entries::new();
    for entry in list {
        if let Some(id) = entry.get("id").and_then(Value::as_str) {
            out.entry(id.to_string()).or_insert_with(|| entry.clone());
        }
    }
    out
}

/// The trigger fields whose values differ between two versions of an entry. A field left
/// out, `null` and an empty list are the same.
fn changed_fields(before: &Value, after: &Value) -> Vec<&'static str> {
    let value = |entry: &Value, field: &str| -> Option<Value> {
        let v = entry.get(field)?;
        let empty = v.is_null() || v.as_sequence().is_some_and(Vec::is_empty);
        (!empty).then(|| v.clone())
    };
    TRIGGER_FIELDS
        .into_iter()
        .filter(|f| value(before, f) != value(after, f))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_the_trigger_fields_of_one_entry() {
        let before = entries(
            "systems:\n  - id: SYS-A\n    models: [ranker v3.4]\n    owner: Ann\n    data: []\n  - id: SYS-B\n    vendors: [x]\n",
        );
        let after = entries(
            "systems:\n  - id: SYS-B\n    vendors: [y]\n  - id: SYS-A\n    models:\n      - ranker v3.5\n    owner: Bob\n    lifecycle: production\n",
        );
        assert_eq!(
            changed_fields(&before["SYS-A"], &after["SYS-A"]),
            ["models", "lifecycle"]
        );
        assert_eq!(
            changed_fields(&before["SYS-B"], &after["SYS-B"]),
            ["vendors"]
        );
        assert!(entries("systems: {").is_empty());
        assert!(entries("risks: []").is_empty());
    }
}
