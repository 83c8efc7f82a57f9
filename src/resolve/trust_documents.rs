//! The document cards of the trust center's `documents.html`, checked: one per attestation
//! and one per entry of `public.documents:` in `portal.yaml`. Their ids are the cards' anchors,
//! which home-page cards and customers' bookmarks link to, so they must be unique and plain.

use std::collections::HashMap;

use super::Portal;
use super::entities::safe_url;
use crate::diagnostics::Diagnostic;
use crate::model::{Attestation, DocumentAccess, Source, TrustDocument};

/// The anchor of an attestation's card on `documents.html`: its `id`, else made from the name
/// shown.
pub fn attestation_anchor(attestation: &Attestation, name: &str) -> String {
    attestation
        .id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map_or_else(
            || crate::shared::slugs::slug_for_anchor(name),
            str::to_string,
        )
}

/// Who may read an attestation's report or certificate: as written, else under NDA for an
/// audit report (SOC 2 reports are restricted-use) and public otherwise.
pub fn attestation_access(attestation: &Attestation) -> DocumentAccess {
    attestation.access.unwrap_or(match attestation.status {
        crate::model::AttestationStatus::ReportAvailable => DocumentAccess::Nda,
        _ => DocumentAccess::Public,
    })
}

/// The files under `static/` of NDA documents and NDA attestations (as `static/` paths):
/// part of the internal and auditor builds, never of the public trust center.
pub fn nda_files(portal: &Portal) -> Vec<String> {
    let documents = portal
        .config
        .public
        .documents
        .iter()
        .filter(|d| d.access == DocumentAccess::Nda)
        .filter_map(|d| d.file.as_deref());
    let attestations = portal
        .config
        .attestations
        .iter()
        .filter(|a| attestation_access(a) == DocumentAccess::Nda)
        .filter_map(|a| a.file.as_deref());
    documents
        .chain(attestations)
        .map(|f| f.trim().trim_start_matches("./").to_string())
        .collect()
}

/// Whether a card anchor is plain: lowercase ASCII letters, digits and single inner hyphens,
/// so that `documents.html#ID` reads the same in every browser and in print.
fn plain_anchor(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks the card ids of attestations and `public.documents`, and each document's dates,
/// file and address (E385-E389, W385, W386), at their lines in `portal.yaml`.
pub(super) fn check(portal: &Portal, config: &Source, diags: &mut Vec<Diagnostic>) {
    // Each card id, with the line where it is first given, for duplicates.
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, a) in portal.config.attestations.iter().enumerate() {
        // The name shown, as `trust::attestations` makes it.
        let framework = portal.frameworks.iter().find(|f| f.id == a.framework);
        let name = a
            .name
            .as_deref()
            .or(framework.map(|f| f.name.as_str()))
            .unwrap_or(&a.framework);
        let anchor = attestation_anchor(a, name);
        // An anchor made from the name is plain enough (accents and all); one written is held
        // to the rule.
        let (field, written) = if a.id.is_some() {
            ("id", true)
        } else if a.name.is_some() {
            ("name", false)
        } else {
            ("framework", false)
        };
        let path = format!("attestations[{i}].{field}");
        card_id(&anchor, written, &path, config, &mut first, diags);
    }
    for (i, d) in portal.config.public.documents.iter().enumerate() {
        let at = |field: &str| format!("public.documents[{i}].{field}");
        card_id(d.id.trim(), true, &at("id"), config, &mut first, diags);
        document(portal, d, &at, config, diags);
    }
}

/// E385 for a malformed or repeated card id.
fn card_id(
    id: &str,
    written: bool,
    path: &str,
    config: &Source,
    first: &mut HashMap<String, usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let line = config.position(path).0;
    if written && !plain_anchor(id) {
        let suggestion = crate::shared::slugs::slug_for_anchor(id);
        diags.push(config.locate(
            Diagnostic::error("E385", format!("document card id `{id}` is not plain")).help(
                format!("use lowercase letters, digits and hyphens, e.g. `{suggestion}`"),
            ),
            path,
        ));
    } else if let Some(earlier) = first.get(id) {
        diags.push(config.locate(
            Diagnostic::error("E385", format!("document card id `{id}` is used twice")).help(
                format!("first used at portal.yaml:{earlier}; give this card its own `id`"),
            ),
            path,
        ));
    } else {
        first.insert(id.to_string(), line);
    }
}

/// The checks of one `public.documents` entry beyond its id.
fn document(
    portal: &Portal,
    d: &TrustDocument,
    at: &dyn Fn(&str) -> String,
    config: &Source,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(file) = &d.file {
        let relative = file.trim().trim_start_matches("./");
        if !portal.static_files.iter().any(|(p, _)| p == relative) {
            diags.push(
                config.locate(
                    Diagnostic::error("E386", format!("document file `{file}` does not exist"))
                        .help(
                            "give a path relative to `static/`, e.g. `documents/pentest-2026.pdf`",
                        ),
                    &at("file"),
                ),
            );
        }
    }
    if let Some(url) = &d.url {
        if d.file.is_some() {
            diags.push(config.locate(
                Diagnostic::error("E387", format!("document `{}` has both `file` and `url`", d.id))
                    .help("keep `file` for a document the portal publishes, `url` for one published elsewhere"),
                &at("url"),
            ));
        } else if !safe_url(url) || url.trim().to_ascii_lowercase().starts_with("mailto:") {
            diags.push(config.locate(
                Diagnostic::error(
                    "E387",
                    format!("document url `{url}` must start with https:// or http://"),
                ),
                &at("url"),
            ));
        }
    }
    match &d.period {
        Some(p) if p.end < p.start => diags.push(config.locate(
            Diagnostic::error(
                "E389",
                format!("document `{}`: its period ends ({}) before it starts ({})", d.id, p.end, p.start),
            ),
            &at("period.end"),
        )),
        Some(_) => {}
        None if d.date.is_none() => diags.push(config.locate(
            Diagnostic::error("E388", format!("document `{}` has neither `date` nor `period`", d.id))
                .help("customers judge a document by its date: give `date: YYYY-MM-DD` or `period: { start: ..., end: ... }`"),
            &at("id"),
        )),
        None => {}
    }
    match d.access {
        DocumentAccess::Public if d.file.is_none() && d.url.is_none() => diags.push(
            config.locate(
                Diagnostic::warning(
                    "W385",
                    format!("public document `{}` has no `file` or `url` to read", d.id),
                )
                .help("give `file` or `url`, or make it `access: nda` so customers can request it"),
                &at("access"),
            ),
        ),
        DocumentAccess::Nda if d.url.is_some() => diags.push(
            config.locate(
                Diagnostic::warning(
                    "W386",
                    format!(
                        "the `url` of NDA document `{}` is not shown on the trust center",
                        d.id
                    ),
                )
                .help("customers request NDA documents; remove `url`, or make it `access: public`"),
                &at("url"),
            ),
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_anchors_are_lowercase_words_joined_by_single_hyphens() {
        assert!(plain_anchor("soc2-type-ii"));
        assert!(plain_anchor("pentest-2026"));
        for bad in [
            "",
            "SOC2",
            "soc2--type",
            "-soc2",
            "soc2-",
            "soc 2",
            "soc2.type",
        ] {
            assert!(!plain_anchor(bad), "{bad}");
        }
    }

    #[test]
    fn an_audit_report_is_under_nda_unless_written_otherwise() {
        let mut a: Attestation =
            serde_yaml::from_str("framework: soc2\nstatus: report-available\n").unwrap();
        assert_eq!(attestation_access(&a), DocumentAccess::Nda);
        a.access = Some(DocumentAccess::Public);
        assert_eq!(attestation_access(&a), DocumentAccess::Public);
        a.status = crate::model::AttestationStatus::Certified;
        a.access = None;
        assert_eq!(attestation_access(&a), DocumentAccess::Public);
        assert_eq!(attestation_anchor(&a, "SOC 2 Type II"), "soc-2-type-ii");
        a.id = Some("soc2-type-ii".into());
        assert_eq!(attestation_anchor(&a, "SOC 2 Type II"), "soc2-type-ii");
    }
}
