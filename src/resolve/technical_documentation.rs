//! A system's Annex IV technical documentation: each point key checked (E240) and each id it
//! names resolved to a policy, impact assessment, page or evidence record (E201, E202), at
//! its own line.

use super::references::{Index, Target};
use crate::diagnostics::{Diagnostic, closest};
use crate::model::technical_documentation::ANNEX_IV_POINTS;
use crate::model::{PointKey, System};

/// One Annex IV point of a system, as resolved: what covers it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnexIvPoint {
    /// The point's number, 1 to 9.
    pub point: u8,
    /// The policies, pages and evidence records that cover it (in the order written).
    pub covers: Vec<Target>,
    /// How many of its covers this audience may not see (set by the audience filter).
    pub restricted: usize,
}

impl AnnexIvPoint {
    /// Whether nothing covers it at all, restricted items included: a gap.
    pub fn uncovered(&self) -> bool {
        self.covers.is_empty() && self.restricted == 0
    }
}

/// The nine points of `system`'s technical documentation, in order, each with what covers it.
pub fn resolve(index: &Index, system: &System, diags: &mut Vec<Diagnostic>) -> Vec<AnnexIvPoint> {
    let mut points: Vec<AnnexIvPoint> = (1..=ANNEX_IV_POINTS)
        .map(|point| AnnexIvPoint {
            point,
            ..AnnexIvPoint::default()
        })
        .collect();
    let source = &system.source;
    for (key, declared) in &system.technical_documentation {
        let Some(point) = key.point() else {
            let field = format!("technical_documentation.{}", key.0);
            if !source.patched(&[&field]) {
                diags.push(source.locate_key(unknown_point(system, key), &field));
            }
            continue;
        };
        let slot = &mut points[usize::from(point - 1)];
        for (i, id) in declared.covered_by.iter().enumerate() {
            match cover(index, id) {
                Ok(target) if !slot.covers.contains(&target) => slot.covers.push(target),
                Ok(_) => {}
                Err(_) if index.broken.contains(id.trim()) => {}
                Err(d) => diags.push(source.locate(d, &declared.id_path(key, i))),
            }
        }
    }
    points
}

/// E240: a key of `technical_documentation:` that is not a point of Annex IV.
fn unknown_point(system: &System, key: &PointKey) -> Diagnostic {
    let d = Diagnostic::error(
        "E240",
        format!(
            "system `{}`: `{}` is not a point of Annex IV (technical documentation)",
            system.id, key.0
        ),
    );
    // `AnnexIV.4`, `point 4`, `4.` or `04` all mean point 4.
    let digits: String = key.0.chars().filter(char::is_ascii_digit).collect();
    let last = key
        .0
        .rsplit(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .unwrap_or(&digits);
    let meant = PointKey(last.trim_start_matches('0').to_string()).point();
    match meant {
        Some(n) => d.help(format!("did you mean `{n}`? Annex IV has points 1 to 9")),
        None => d.help("Annex IV has points 1 to 9: write `1:` to `9:`"),
    }
}

/// The document or evidence record an id names, or why it names none (E201, E202).
fn cover(index: &Index, id: &str) -> Result<Target, Diagnostic> {
    match index.by_key.get(id.trim()).copied() {
        Some(t @ (Target::Policy(_) | Target::Page(_) | Target::Evidence(_))) => Ok(t),
        Some(other) => Err(Diagnostic::error(
            "E202",
            format!(
                "`{id}` is a {}, not a document or evidence record",
                other.kind()
            ),
        )
        .help("Annex IV points are covered by policies, impact assessments, pages and evidence records")),
        None => {
            let candidates = index
                .by_key
                .iter()
                .filter(|(_, t)| matches!(t, Target::Policy(_) | Target::Page(_) | Target::Evidence(_)))
                .map(|(k, _)| k.as_str());
            let mut d = Diagnostic::error(
                "E201",
                format!("unknown document or evidence record `{id}`"),
            );
            if let Some(best) = closest(id, candidates) {
                d = d.help(format!("did you mean `{best}`?"));
            }
            Err(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system(keys: &[&str]) -> System {
        let yaml = format!(
            "id: S\nname: N\nowner: O\ntechnical_documentation:\n{}",
            keys.iter()
                .map(|k| format!("  {k}: [P]\n"))
                .collect::<String>()
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn index() -> Index {
        let mut index = Index::default();
        index.by_key.insert("P".into(), Target::Policy(0));
        index.by_key.insert("EV-1".into(), Target::Evidence(0));
        index.by_key.insert("RSK-1".into(), Target::Risk(0));
        index
    }

    #[test]
    fn unknown_point_keys_are_reported_with_the_point_meant() {
        let mut diags = Vec::new();
        let points = resolve(
            &index(),
            &system(&["1", "AnnexIV.4", "10", "x"]),
            &mut diags,
        );
        assert_eq!(points.len(), 9);
        assert_eq!(points[0].covers, [Target::Policy(0)]);
        assert!(points[3].uncovered(), "a misspelt key covers nothing");
        let helps: Vec<String> = diags
            .iter()
            .map(|d| format!("{} {}", d.code, d.help.clone().unwrap_or_default()))
            .collect();
        assert_eq!(diags.len(), 3, "{helps:?}");
        assert!(helps.iter().all(|h| h.starts_with("E240")));
        assert!(
            helps.iter().any(|h| h.contains("did you mean `4`")),
            "{helps:?}"
        );
        assert_eq!(
            helps.iter().filter(|h| h.contains("did you mean")).count(),
            1,
            "only `AnnexIV.4` names a point: {helps:?}"
        );
    }

    #[test]
    fn ids_must_name_documents_or_evidence() {
        let mut s = system(&["2"]);
        let point = s.technical_documentation.values_mut().next().unwrap();
        point.covered_by = vec!["EV-1".into(), "RSK-1".into(), "EV-2".into()];
        let mut diags = Vec::new();
        let points = resolve(&index(), &s, &mut diags);
        assert_eq!(points[1].covers, [Target::Evidence(0)]);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E202", "E201"]);
        assert!(diags[1].help.as_deref().unwrap_or("").contains("EV-1"));
    }
}
