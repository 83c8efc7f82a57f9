//! The commits an audience may read: none for the public (subjects and author names stay
//! internal; its pages show the front-matter history only), and for the others the history
//! of the documents they see and of the register files their visible records are in, with a subject that names a hidden item read as `restricted`.

use std::collections::HashMap;

use super::{RESTRICTED, Remap};
use crate::model::{Audience, History, HistorySource};
use crate::resolve::Portal;

/// Ids shorter than this are not looked for in subjects (the leak gate ignores them too).
const MIN_ID_LEN: usize = 4;

/// The history `audience` may read of `full`, filtered by `map`.
pub(super) fn history(full: &Portal, map: &Remap, audience: Audience) -> History {
    // The public pages are the same in git or not: front-matter history, without a note.
    if audience == Audience::Public {
        return History::without(HistorySource::Hidden);
    }
    let mut visible_files = Vec::new();
    let mut hidden = Vec::new();
    for (p, node) in full.policies.iter().enumerate() {
        let meta = &node.doc.meta;
        match map.policies[p] {
            Some(_) => visible_files.push(node.doc.source.file.as_str()),
            None => hidden.extend([meta.id.as_str(), meta.title.as_str(), &node.doc.source.file]),
        }
    }
    for (p, page) in full.pages.iter().enumerate() {
        match map.pages[p] {
            Some(_) => visible_files.push(page.source.file.as_str()),
            None => hidden.extend([
                page.meta.id.as_str(),
                page.meta.title.as_str(),
                &page.source.file,
            ]),
        }
    }
    // Register files: the history of the file a visible record is in.
    let records = (full.systems.iter().zip(&map.systems))
        .filter(|(_, shown)| shown.is_some())
        .map(|(s, _)| s.system.source.file.as_str())
        .chain(
            (full.risks.iter().zip(&map.risks))
                .filter(|(_, shown)| shown.is_some())
                .map(|(r, _)| r.risk.source.file.as_str()),
        )
        .chain(
            (full.evidence.iter().zip(&map.evidence))
                .filter(|(_, shown)| shown.is_some())
                .map(|(e, _)| e.evidence.source.file.as_str()),
        );
    visible_files.extend(records);
    visible_files.sort_unstable();
    visible_files.dedup();
    let mut hidden: Vec<String> = hidden.into_iter().map(str::to_string).collect();
    let systems = full.systems.iter().map(|s| [&s.system.id, &s.system.name]);
    hidden.extend(masked(&map.systems, systems));
    let risks = full.risks.iter().map(|r| [&r.risk.id, &r.risk.title]);
    hidden.extend(masked(&map.risks, risks));
    let evidence = full
        .evidence
        .iter()
        .map(|e| [&e.evidence.id, &e.evidence.title]);
    hidden.extend(masked(&map.evidence, evidence));
    hidden.retain(|h| h.chars().count() >= MIN_ID_LEN);
    // One matcher for every hidden name, and each commit's subject judged once, whatever the
    // number of files it touched.
    let matcher = aho_corasick::AhoCorasick::new(&hidden).ok();
    let mut judged: HashMap<&str, bool> = HashMap::new();
    let mut files = std::collections::BTreeMap::new();
    for file in visible_files {
        let Some(changes) = full.history.files.get(file) else {
            continue;
        };
        let mut changes = changes.clone();
        for (change, original) in changes.iter_mut().zip(&full.history.files[file]) {
            let names_hidden = *judged.entry(original.commit.as_str()).or_insert_with(|| {
                // No matcher (too many names to compile): every subject is restricted.
                matcher
                    .as_ref()
                    .is_none_or(|m| m.is_match(original.subject.as_str()))
            });
            if names_hidden {
                change.subject = RESTRICTED.to_string();
            }
        }
        files.insert(file.to_string(), changes);
    }
    History {
        source: full.history.source.clone(),
        files,
    }
}

/// The names of the items a mask hides.
fn masked<'a>(
    mask: &[Option<usize>],
    names: impl Iterator<Item = [&'a String; 2]>,
) -> impl Iterator<Item = String> {
    mask.iter()
        .zip(names)
        .filter(|(shown, _)| shown.is_none())
        .flat_map(|(_, names)| names.map(String::clone))
}
