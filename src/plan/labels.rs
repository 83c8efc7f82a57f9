//! Words for people for every fixed value a page can show: one table, keyed by the field
//! ("kind") and the value as serialised, read by the `label` template filter. Pages never
//! show a value as stored (`risk-treatment`, `ok`), so that every edition speaks one
//! vocabulary; the tests below walk every variant of every enum and vocabulary a reader
//! meets, so a new value cannot reach a page without its words.

/// Each kind of value, with each of its values and the words shown for it. The kind names are
/// the ones templates pass (`label(of="due")`); a badge's `kind` is one of them where it has
/// one.
pub const LABELS: &[(&str, &[(&str, &str)])] = &[
    (
        "visibility",
        &[
            ("public", "Public"),
            ("internal", "Internal"),
            ("confidential", "Confidential"),
        ],
    ),
    (
        "policy_kind",
        &[
            ("policy", "Policy"),
            ("standard", "Standard"),
            ("procedure", "Procedure"),
            ("impact-assessment", "Impact assessment"),
        ],
    ),
    (
        "policy_status",
        &[
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("retired", "Retired"),
        ],
    ),
    (
        "treatment",
        &[
            ("mitigate", "Mitigate"),
            ("accept", "Accept"),
            ("transfer", "Transfer"),
            ("avoid", "Avoid"),
        ],
    ),
    (
        "risk_status",
        &[
            ("open", "Open"),
            ("treating", "Treatment under way"),
            ("accepted", "Accepted"),
            ("closed", "Closed"),
        ],
    ),
    (
        "reason",
        &[
            ("risk-treatment", "Risk treatment"),
            ("legal", "Legal requirement"),
            ("contractual", "Contractual requirement"),
            ("best-practice", "Best practice"),
        ],
    ),
    (
        "implementation",
        &[
            ("implemented", "Implemented"),
            ("partial", "Partly implemented"),
            ("planned", "Planned"),
            ("not-implemented", "Not implemented"),
            ("not-stated", "Not stated"),
        ],
    ),
    (
        "relation",
        &[
            ("equal", "Equal"),
            ("subset", "Subset"),
            ("superset", "Superset"),
            ("intersects", "Intersects"),
        ],
    ),
    (
        "audit_status",
        &[
            ("planned", "Planned"),
            ("in-progress", "In progress"),
            ("completed", "Completed"),
            ("cancelled", "Cancelled"),
        ],
    ),
    (
        "finding",
        &[
            ("major", "Major nonconformity"),
            ("minor", "Minor nonconformity"),
            ("observation", "Observation"),
            ("opportunity", "Opportunity for improvement"),
        ],
    ),
    (
        "origin",
        &[
            ("audit", "Audit"),
            ("incident", "Incident"),
            ("review", "Review"),
            ("complaint", "Complaint"),
            ("other", "Other"),
        ],
    ),
    (
        "nonconformity_status",
        &[
            ("open", "Open"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
    ),
    (
        "effectiveness",
        &[
            ("effective", "Effective"),
            ("not-effective", "Not effective"),
        ],
    ),
    (
        "comparison",
        &[("at-least", "At least"), ("at-most", "At most")],
    ),
    (
        "severity",
        &[
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
    ),
    (
        "limb",
        &[
            ("death", "Death or serious harm to health"),
            (
                "critical-infrastructure",
                "Disruption of critical infrastructure",
            ),
            (
                "widespread-infringement",
                "Widespread infringement of fundamental rights",
            ),
            ("other", "Other serious harm"),
        ],
    ),
    (
        "incident_status",
        &[
            ("open", "Open"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
    ),
    (
        "attestation",
        &[
            ("certified", "Certified"),
            ("report-available", "Report available"),
            ("in-progress", "In progress"),
            ("aligned", "Aligned"),
        ],
    ),
    (
        "change",
        &[
            ("added", "Added"),
            ("modified", "Changed"),
            ("deleted", "Removed"),
        ],
    ),
    ("scope", &[("in-scope", "In scope"), ("aligned", "Aligned")]),
    (
        "applicability",
        &[
            ("applicable", "Applicable"),
            ("excluded", "Excluded"),
            ("missing", "No decision yet"),
            ("not-required", "Not required"),
            ("restricted", "Shared on request"),
            ("required", "Required"),
            ("withdrawn", "Withdrawn"),
            ("in-scope", "In scope"),
            ("not-relevant", "Not relevant"),
        ],
    ),
    (
        "due",
        &[
            ("overdue", "Review overdue"),
            ("due-soon", "Review due soon"),
            ("ok", "Review up to date"),
            ("not-scheduled", "No review scheduled"),
        ],
    ),
    (
        "freshness",
        &[
            ("fresh", "Evidence current"),
            ("expiring", "Evidence expiring soon"),
            ("expired", "Evidence expired"),
            ("future", "Evidence dated after today"),
        ],
    ),
    (
        // Beside an evidence record's own reference, where "Evidence" would say it twice.
        "freshness-short",
        &[
            ("fresh", "Current"),
            ("expiring", "Expiring soon"),
            ("expired", "Expired"),
            ("future", "Dated after today"),
        ],
    ),
    (
        "lifecycle",
        &[
            ("design", "In design"),
            ("development", "In development"),
            ("production", "In production"),
            ("retired", "Retired"),
        ],
    ),
    (
        "role",
        &[
            ("provider", "Provider"),
            ("deployer", "Deployer"),
            ("importer", "Importer"),
            ("distributor", "Distributor"),
            ("authorised-representative", "Authorised representative"),
            ("product-manufacturer", "Product manufacturer"),
        ],
    ),
    (
        "class",
        &[
            ("prohibited", "Prohibited practice"),
            ("high-risk", "High risk"),
            ("limited", "Limited risk"),
            ("minimal", "Minimal risk"),
            ("gpai", "General-purpose AI model"),
        ],
    ),
    (
        "impact",
        &[
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
    ),
    (
        "evidence_kind",
        &[
            ("log", "Log"),
            ("report", "Report"),
            ("validation-report", "Validation report"),
            ("policy", "Policy or procedure"),
            ("screenshot", "Screenshot"),
            ("ticket", "Ticket or change record"),
            ("config", "Configuration export"),
            ("attestation", "Signed statement"),
        ],
    ),
    (
        "evidence_method",
        &[
            ("examine", "Examination"),
            ("interview", "Interview"),
            ("test", "Test"),
        ],
    ),
];

/// Kinds whose words only fit their own field ("Review overdue", "Evidence expired", "No
/// decision yet"): used only when asked for by name, never for a value of another kind that
/// happens to be spelt the same.
const SUBJECT_KINDS: &[&str] = &["due", "freshness", "freshness-short", "applicability"];

/// The kinds a template passes when the value may be of any of several fields (a badge's
/// default `status`, a status chip with its own prefix): these look the value up in every
/// kind but [`SUBJECT_KINDS`]. Any other kind the table lacks (`flag`, `track`) is a
/// template's own words, only capitalised.
const ANY_KINDS: &[&str] = &["status", "any"];

/// The value as the table keys it: lower case, words joined by `-` (`not implemented` and
/// `not_implemented` are `not-implemented`).
fn key(value: &str) -> String {
    value
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The words for `value` of kind `of`, when the table has them.
pub fn lookup(of: &str, value: &str) -> Option<&'static str> {
    let value = key(value);
    LABELS
        .iter()
        .find(|(kind, _)| *kind == of)
        .and_then(|(_, values)| values.iter().find(|(v, _)| *v == value))
        .map(|(_, words)| *words)
}

/// The words for `value`: of kind `of` when the table has it, else (no kind, or one of
/// [`ANY_KINDS`]) of the first kind that has the value, else the value itself with its
/// hyphens as spaces and a capital first letter (so that a value from a portal's own open
/// vocabulary still reads as words).
pub fn label(of: Option<&str>, value: &str) -> String {
    if value.contains(',') {
        let words: Vec<String> = value
            .split(',')
            .filter(|v| !v.trim().is_empty())
            .map(|v| label(of, v))
            .collect();
        return words.join(", ");
    }
    if let Some(words) = of.and_then(|of| lookup(of, value)) {
        return words.to_string();
    }
    let k = key(value);
    if let Some(words) = LABELS
        .iter()
        .filter(|(kind, _)| !SUBJECT_KINDS.contains(kind))
        .flat_map(|(_, values)| values.iter())
        .find(|(v, _)| *v == k)
        .map(|(_, words)| *words)
        .filter(|_| of.is_none_or(|of| ANY_KINDS.contains(&of)))
    {
        return words.to_string();
    }
    sentence_case(&value.trim().replace(['-', '_'], " "))
}

/// `text` with a capital first letter, the rest as written.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::records::*;
    use crate::model::*;
    use crate::resolve::{Applicability, Freshness, ReviewStatus, Scope};

    /// The values of a `JsonSchema` enum as its schema lists them (every `enum` entry and
    /// `const` anywhere in it), so a variant added to the model is here without a test edit.
    fn schema_values<T: schemars::JsonSchema>() -> Vec<String> {
        fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, x) in map {
                        match (k.as_str(), x) {
                            ("enum", serde_json::Value::Array(items)) => out.extend(
                                items.iter().filter_map(|i| i.as_str().map(str::to_string)),
                            ),
                            ("const", serde_json::Value::String(s)) => out.push(s.clone()),
                            _ => walk(x, out),
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                _ => {}
            }
        }
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        let mut out = Vec::new();
        walk(&schema, &mut out);
        assert!(!out.is_empty(), "no values in {schema}");
        out
    }

    /// The serialised names of `values`.
    fn names<T: serde::Serialize>(values: &[T]) -> Vec<String> {
        values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    /// Enums without a schema (the resolved portal's, a crosswalk's relation): each list is checked complete by a
    /// `match` with no wildcard, so a new variant fails to compile until it is listed here.
    fn resolved_values() -> Vec<(&'static str, Vec<String>)> {
        let review = [
            ReviewStatus::Overdue,
            ReviewStatus::DueSoon,
            ReviewStatus::Ok,
            ReviewStatus::NotScheduled,
        ];
        for r in review {
            match r {
                ReviewStatus::Overdue
                | ReviewStatus::DueSoon
                | ReviewStatus::Ok
                | ReviewStatus::NotScheduled => {}
            }
        }
        let freshness = [
            Freshness::Fresh,
            Freshness::Expiring,
            Freshness::Expired,
            Freshness::Future,
        ];
        for f in freshness {
            match f {
                Freshness::Fresh | Freshness::Expiring | Freshness::Expired | Freshness::Future => {
                }
            }
        }
        use Relation::*;
        let relation = [Equal, Subset, Superset, Intersects];
        for r in relation {
            match r {
                Equal | Subset | Superset | Intersects => {}
            }
        }
        let scope = [Scope::InScope, Scope::Aligned];
        for s in scope {
            match s {
                Scope::InScope | Scope::Aligned => {}
            }
        }
        use Applicability::*;
        let applicability = [
            Applicable,
            Excluded,
            Missing,
            NotRequired,
            Restricted,
            Required,
            Withdrawn,
        ];
        for a in applicability {
            match a {
                Applicable | Excluded | Missing | NotRequired | Restricted | Required
                | Withdrawn => {}
            }
        }
        vec![
            ("relation", names(&relation)),
            ("due", names(&review)),
            ("freshness", names(&freshness)),
            ("scope", names(&scope)),
            ("applicability", names(&applicability)),
        ]
    }

    /// Every enum and fixed vocabulary whose values reach a page, with its kind in the table.
    fn every_value() -> Vec<(&'static str, Vec<String>)> {
        let mut all = vec![
            ("visibility", schema_values::<Visibility>()),
            ("policy_kind", schema_values::<PolicyKind>()),
            ("policy_status", schema_values::<PolicyStatus>()),
            ("treatment", schema_values::<Treatment>()),
            ("risk_status", schema_values::<RiskStatus>()),
            ("reason", schema_values::<InclusionReason>()),
            ("implementation", schema_values::<ImplementationStatus>()),
            ("audit_status", schema_values::<AuditStatus>()),
            ("finding", schema_values::<FindingType>()),
            ("origin", schema_values::<Origin>()),
            (
                "nonconformity_status",
                schema_values::<NonconformityStatus>(),
            ),
            ("effectiveness", schema_values::<EffectivenessResult>()),
            ("comparison", schema_values::<Comparison>()),
            ("severity", schema_values::<Severity>()),
            ("limb", schema_values::<Limb>()),
            ("incident_status", schema_values::<IncidentStatus>()),
            ("attestation", schema_values::<AttestationStatus>()),
        ];
        all.extend(resolved_values());
        for v in crate::load::vocabulary::ALL {
            let kind = match v.field {
                "lifecycle" => "lifecycle",
                "role" => "role",
                "risk_class" => "class",
                "impact" | "impact_level" | "level" => "impact",
                "kind" => "evidence_kind",
                "method" => "evidence_method",
                other => panic!("vocabulary `{}.{other}` has no kind in LABELS", v.register),
            };
            all.push((kind, v.terms.iter().map(|t| t.value.to_string()).collect()));
        }
        all
    }

    #[test]
    fn every_value_a_reader_meets_has_words() {
        let mut missing = Vec::new();
        for (kind, values) in every_value() {
            for v in values {
                if lookup(kind, &v).is_none() {
                    missing.push(format!("{kind}: {v}"));
                }
            }
        }
        assert!(missing.is_empty(), "values without a label: {missing:?}");
    }

    #[test]
    fn labels_are_words_not_ids() {
        for (kind, values) in LABELS {
            for (value, words) in *values {
                assert_eq!(key(value), *value, "{kind}: `{value}` is not in key form");
                assert!(words.starts_with(char::is_uppercase), "{kind}: `{words}`");
                assert_ne!(*words, *value, "{kind}: `{value}` shown as stored");
            }
        }
    }

    #[test]
    fn the_kind_decides_and_unknown_values_still_read_as_words() {
        assert_eq!(label(Some("due"), "ok"), "Review up to date");
        assert_eq!(label(Some("reason"), "risk-treatment"), "Risk treatment");
        assert_eq!(label(None, "best-practice"), "Best practice");
        assert_eq!(
            label(Some("implementation"), "not implemented"),
            "Not implemented"
        );
        assert_eq!(label(Some("class"), "custom-tier"), "Custom tier");
        assert_eq!(label(Some("status"), "approved"), "Approved");
        assert_eq!(label(Some("any"), "overdue"), "Overdue");
        assert_eq!(label(Some("flag"), "missing"), "Missing");
        assert_eq!(label(Some("status"), "partial"), "Partly implemented");
        assert_eq!(
            label(Some("role"), "provider, deployer"),
            "Provider, Deployer"
        );
    }
}
