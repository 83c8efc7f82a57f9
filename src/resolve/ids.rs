//! Entity ids: their shape, their order, and one index of who has which.

use std::collections::HashMap;

use super::references::{Index, Target};
use super::{Portal, Sorted};
use crate::diagnostics::Diagnostic;
use crate::model::Source;

/// The longest id accepted, in bytes: even a crosswalk page named after two framework ids
/// (`<a>--<b>.html`) stays below the 255 bytes every common file system allows in a name.
pub const MAX_ID_LEN: usize = 100;

/// Registers every policy, page, system, risk and evidence id, in that order (files in path
/// order within a kind), and the source file of each document for `.md` links.
pub(super) fn register_all(portal: &mut Portal, sorted: &Sorted, diags: &mut Vec<Diagnostic>) {
    let records = record_ids(portal);
    let index = &mut portal.index;
    let mut first: FirstDefinitions = HashMap::new();
    let mut register = |index: &mut Index, id: &str, target: Target, source: &Source| {
        register(index, &mut first, id, target, source, diags)
    };
    for (i, p) in sorted.policies.iter().enumerate() {
        register(index, &p.meta.id, Target::Policy(i), &p.source);
        portal
            .documents
            .insert(p.source.file.clone(), Target::Policy(i));
    }
    for (i, p) in sorted.pages.iter().enumerate() {
        if p.meta.explicit_id {
            register(index, &p.meta.id, Target::Page(i), &p.source);
        }
        portal
            .documents
            .insert(p.source.file.clone(), Target::Page(i));
    }
    for (i, s) in sorted.systems.iter().enumerate() {
        register(index, &s.id, Target::System(i), &s.source);
    }
    for (i, r) in sorted.risks.iter().enumerate() {
        register(index, &r.id, Target::Risk(i), &r.source);
    }
    for (i, e) in sorted.evidence.iter().enumerate() {
        register(index, &e.id, Target::Evidence(i), &e.source);
    }
    for (i, (id, source)) in records.iter().enumerate() {
        register(index, id, Target::Record(i), source);
    }
    // Ids from paths last: an explicit id that is also a page's path is reported at the page.
    for (i, p) in sorted.pages.iter().enumerate() {
        if !p.meta.explicit_id {
            register_path_id(index, &first, &p.meta.id, Target::Page(i), &p.source, diags);
        }
    }
}

/// Each record's id and where it is written (records come last among explicit ids; a
/// finding's id is reported at its audit's `findings[i].id`).
fn record_ids(portal: &Portal) -> Vec<(String, Source)> {
    (0..portal.records.len())
        .map(|i| {
            let id = portal.records[i].id.clone();
            let source = match portal.records[i].body {
                super::records::RecordBody::Finding { audit, .. } => {
                    finding_source(portal.record_source(audit), &id, portal, audit)
                }
                _ => portal.record_source(i).clone(),
            };
            (id, source)
        })
        .collect()
}

/// A finding's id is written in its audit's file: its source is the audit's, with the
/// finding's own fields (`findings[2].id` becomes `id`) so diagnostics point at it.
fn finding_source(audit_source: &Source, id: &str, portal: &Portal, audit: usize) -> Source {
    let mut source = audit_source.clone();
    if let super::records::RecordBody::Audit(a) = &portal.records[audit].body
        && let Some(i) = a.findings.iter().position(|f| f.id == id)
    {
        source.path = crate::shared::positions::join_key(&source.path, &format!("findings[{i}]"));
        source.line = source.position("id").0.max(source.line);
    }
    source
}

/// Registers a page's id taken from its path: any characters are allowed (the URL is a slug),
/// but it must not be an entity's id or a bare control id, or `[[ID]]` would be ambiguous.
fn register_path_id(
    index: &mut Index,
    first: &FirstDefinitions,
    id: &str,
    target: Target,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    let help = "`[[ID]]` would be ambiguous: set another `id:` in the page's front matter, or rename the file";
    let taken = if index.by_key.contains_key(id) {
        let earlier = first
            .get(&id.to_lowercase())
            .map(|source| format!(" at {}", id_at(source)))
            .unwrap_or_default();
        Some(format!("the id of an entity defined{earlier}"))
    } else {
        index
            .bare
            .get(id)
            .map(|controls| format!("the id of control `{}:{id}`", controls[0].0))
    };
    match taken {
        Some(what) => diags.push(
            Diagnostic::error(
                "E205",
                format!(
                    "page `{}` takes the id `{id}` from its path, which is {what}",
                    source.file
                ),
            )
            .at(source.file.clone(), 1)
            .help(help),
        ),
        None => {
            index.by_key.insert(id.to_string(), target);
        }
    }
}

/// A list of indexes, sorted, without repeats.
pub(super) fn sorted_unique(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Orders ids as people read them: `RSK-2` before `RSK-10`. Runs of digits compare by value,
/// everything else by character; ties fall back to plain order so the result is total.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, xa), (db, xb)) in ca.iter().zip(&cb) {
        let order = if *da && *db {
            let (ta, tb) = (xa.trim_start_matches('0'), xb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            xa.cmp(xb)
        };
        if order.is_ne() {
            return order;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// Ids that would give an entity the same file name as a section's own pages.
pub fn reserved_id(id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    lower == "index"
        || lower == "heatmap"
        || lower
            .strip_prefix("page-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether an id has the allowed shape `[A-Za-z0-9][A-Za-z0-9._-]*` and at most
/// [`MAX_ID_LEN`] bytes.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= MAX_ID_LEN
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

impl Portal {
    /// Whether the id index gives this entity's id to this entity: false for a definition
    /// whose id was refused (malformed, reserved, a duplicate), which was reported.
    pub fn owns_id(&self, target: Target) -> bool {
        let id = match target {
            Target::Policy(i) => &self.policies[i].doc.meta.id,
            Target::Page(i) => &self.pages[i].meta.id,
            Target::System(i) => &self.systems[i].system.id,
            Target::Risk(i) => &self.risks[i].risk.id,
            Target::Evidence(i) => &self.evidence[i].evidence.id,
            Target::Record(i) => &self.records[i].id,
            Target::Control(_) => return true,
        };
        self.index.by_key.get(id) == Some(&target)
    }
}

/// E204 for an id (or a framework id) of the wrong shape or length.
pub fn invalid_id(what: &str, id: &str) -> Diagnostic {
    let shape = "ids start with a letter or digit and use only letters, digits, `.`, `_` and `-`";
    if id.len() > MAX_ID_LEN {
        let start: String = id.chars().take(24).collect();
        Diagnostic::error(
            "E204",
            format!("{what} `{start}...` is {} bytes long", id.len()),
        )
        .help(format!(
            "an id names a file: keep it to {MAX_ID_LEN} bytes at most"
        ))
    } else {
        Diagnostic::error("E204", format!("`{id}` is not a valid {what}")).help(shape)
    }
}

/// Where each id (folded to lower case) was first defined: the source, whose position of the
/// `id` is looked up only when a later definition is an error (a register's positions are
/// read again from its file then, and never in a clean build).
type FirstDefinitions = HashMap<String, Source>;

/// `file:line` of a source's `id`.
fn id_at(source: &Source) -> String {
    format!("{}:{}", source.file, source.position("id").0)
}

/// Registers one entity's id, or reports why it cannot have it (E204, E209, E210, E205,
/// E206); the first definition keeps the id and every later one is an error that names it.
fn register(
    index: &mut Index,
    first: &mut FirstDefinitions,
    id: &str,
    target: Target,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    if !valid_id(id) {
        diags.push(source.locate(invalid_id("id", id), "id"));
        return;
    }
    if reserved_id(id) {
        diags.push(source.locate(
            Diagnostic::error("E209", format!("id `{id}` is reserved for a section page")).help(
                "`index`, `heatmap` and `page-N` name listing pages; choose another id (a page can set `id:` in its front matter)",
            ),
            "id",
        ));
        return;
    }
    if let Some(controls) = index.bare.get(id) {
        let (fw, _) = &controls[0];
        diags.push(
            source.locate(
                Diagnostic::error(
                    "E210",
                    format!("id `{id}` is also the id of control `{fw}:{id}`"),
                )
                .help("`[[ID]]` would be ambiguous; choose another id"),
                "id",
            ),
        );
        return;
    }
    let folded = id.to_lowercase();
    let earlier = first.get(&folded).map(id_at).unwrap_or_default();
    if index.by_key.contains_key(id) {
        diags.push(source.locate(
            Diagnostic::error("E205", format!("id `{id}` is defined more than once"))
                .help(format!("first defined at {earlier}; ids are unique across policies, pages, systems, risks, evidence and records")),
            "id",
        ));
        return;
    }
    if let Some(other) = index.folded.get(&folded) {
        diags.push(source.locate(
            Diagnostic::error(
                "E206",
                format!("id `{id}` differs from `{other}` only in letter case"),
            )
            .help(format!(
                "`{other}` is defined at {earlier}; the two would collide on case-insensitive disks: rename one"
            )),
            "id",
        ));
        return;
    }
    first.insert(folded.clone(), source.clone());
    index.folded.insert(folded, id.to_string());
    index.by_key.insert(id.to_string(), target);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_as_people_read_them() {
        let mut ids = vec![
            "RSK-10", "RSK-2", "RSK-002", "A.10.2", "A.9.3", "RSK-1", "EV",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            vec![
                "A.9.3", "A.10.2", "EV", "RSK-1", "RSK-002", "RSK-2", "RSK-10"
            ]
        );
    }

    #[test]
    fn reserves_section_page_names() {
        assert!(reserved_id("index") && reserved_id("Heatmap") && reserved_id("page-2"));
        assert!(!reserved_id("page-two") && !reserved_id("indexes"));
    }

    #[test]
    fn ids_have_a_safe_shape_and_length() {
        assert!(valid_id("RSK-001") && valid_id("a.b_c"));
        assert!(!valid_id("-x") && !valid_id("a b") && !valid_id("") && !valid_id("ü"));
        assert!(!valid_id(".") && !valid_id(".."));
        assert!(valid_id(&"a".repeat(MAX_ID_LEN)) && !valid_id(&"a".repeat(MAX_ID_LEN + 1)));
    }
}
