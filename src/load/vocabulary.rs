//! Fields with fixed values: the one list of each, read by the loader (and by anything that
//! describes the formats, such as JSON Schemas), so that a value is not accepted in one
//! place and refused in another (tested by `schemas_list_the_same_values` below).
//!
//! A *closed* vocabulary refuses any other value (E104, with "did you mean"); an *open* one
//! keeps it and warns (W320), since organisations name things their own way. Fields that are
//! Rust enums (policy `kind` and `status`, `visibility`, risk `treatment` and `status`, SoA
//! `reasons` and `status`) are closed by their type; the lists here are the fields kept as
//! text in the model. Each value is stored in its canonical spelling (an alias is replaced).

use serde_yaml::Value;

use crate::diagnostics::closest;

/// One allowed value: its canonical spelling and the other spellings read as it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The value as stored and shown.
    pub value: &'static str,
    /// Documented other spellings, read as `value`.
    pub aliases: &'static [&'static str],
    /// What the value means, in a few words.
    pub doc: &'static str,
}

/// A field with fixed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vocabulary {
    /// The register key of the entries that have the field (`systems`, `evidence`).
    pub register: &'static str,
    /// The field's name.
    pub field: &'static str,
    /// Whether any other value is an error (closed) or a warning (open).
    pub closed: bool,
    /// Whether the field may hold several values (a YAML list, or one text separated by commas).
    pub many: bool,
    /// The allowed values.
    pub terms: &'static [Term],
}

const fn term(value: &'static str, doc: &'static str) -> Term {
    Term {
        value,
        aliases: &[],
        doc,
    }
}

/// System `lifecycle`: where the system stands.
pub const LIFECYCLE: Vocabulary = Vocabulary {
    register: "systems",
    field: "lifecycle",
    closed: true,
    many: false,
    terms: &[
        term("design", "being designed"),
        term("development", "being built or trained"),
        term("production", "in use"),
        term("retired", "no longer in use"),
    ],
};

/// System `role`: the organisation's roles under the EU AI Act (Art. 3); a system may have
/// several (`role: [provider, deployer]`).
pub const ROLE: Vocabulary = Vocabulary {
    register: "systems",
    field: "role",
    closed: true,
    many: true,
    terms: &[
        term(
            "provider",
            "develops the system and places it on the market or puts it into service",
        ),
        term("deployer", "uses the system under its authority"),
        term(
            "importer",
            "places on the EU market a system from a provider outside the EU",
        ),
        term("distributor", "makes the system available on the EU market"),
        term(
            "authorised-representative",
            "acts in the EU for a provider outside it",
        ),
        term(
            "product-manufacturer",
            "places the system on the market with its own product",
        ),
    ],
};

/// System `risk_class`: the EU AI Act risk class.
pub const RISK_CLASS: Vocabulary = Vocabulary {
    register: "systems",
    field: "risk_class",
    closed: true,
    many: false,
    terms: &[
        term("prohibited", "a prohibited practice (Art. 5)"),
        Term {
            value: "high-risk",
            aliases: &["high"],
            doc: "high-risk (Art. 6, Annex I or III)",
        },
        term("limited", "transparency obligations (Art. 50)"),
        term("minimal", "no specific obligations"),
        term("gpai", "a general-purpose AI model (Art. 51-55)"),
    ],
};

/// System `impact_level`: how much harm the system could do (open: organisations grade
/// impact their own way).
pub const IMPACT_LEVEL: Vocabulary = Vocabulary {
    register: "systems",
    field: "impact_level",
    closed: false,
    many: false,
    terms: &[
        term("low", "little potential harm"),
        term("medium", "moderate potential harm"),
        term("high", "serious potential harm"),
        term("critical", "severe or irreversible potential harm"),
    ],
};

/// Evidence `kind`: what sort of record it is (open: any other kind is kept, with a warning).
pub const EVIDENCE_KIND: Vocabulary = Vocabulary {
    register: "evidence",
    field: "kind",
    closed: false,
    many: false,
    terms: &[
        term("log", "a system or audit log"),
        term("report", "a report"),
        term("validation-report", "a model validation or test report"),
        term("policy", "a policy or procedure document"),
        term("screenshot", "a screenshot"),
        term("ticket", "a ticket or change record"),
        term("config", "a configuration export"),
        term("attestation", "a signed statement"),
    ],
};

/// Evidence `method`: how it was assessed, as in OSCAL assessment results.
pub const EVIDENCE_METHOD: Vocabulary = Vocabulary {
    register: "evidence",
    field: "method",
    closed: true,
    many: false,
    terms: &[
        term("examine", "reviewing documents or artifacts"),
        term("interview", "asking people"),
        term("test", "exercising the control"),
    ],
};

/// Every vocabulary kept as text in the model.
pub const ALL: &[Vocabulary] = &[
    LIFECYCLE,
    ROLE,
    RISK_CLASS,
    IMPACT_LEVEL,
    EVIDENCE_KIND,
    EVIDENCE_METHOD,
];

/// One value that is not in its vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Path of the value within the entry (`role`, `role[1]`).
    pub path: String,
    /// The vocabulary's field.
    pub field: &'static str,
    /// The value as written.
    pub value: String,
    /// Whether it is an error (closed vocabulary) rather than a warning.
    pub error: bool,
    /// "did you mean `x`?", or the known values.
    pub help: String,
}

impl Vocabulary {
    /// The canonical value that `text` is written for, if it is one (exact spelling or alias).
    pub fn canonical(&self, text: &str) -> Option<&'static str> {
        let text = text.trim();
        self.terms
            .iter()
            .find(|t| t.value == text || t.aliases.contains(&text))
            .map(|t| t.value)
    }

    /// The value most likely meant by `text`: the same once letter case and separators are
    /// ignored (`High Risk`), the one value it starts (`prod`), or a near spelling.
    pub fn suggest(&self, text: &str) -> Option<&'static str> {
        let norm = |s: &str| -> String {
            s.trim()
                .chars()
                .map(|c| match c {
                    ' ' | '_' => '-',
                    c => c.to_ascii_lowercase(),
                })
                .collect()
        };
        let wanted = norm(text);
        let spellings = || {
            self.terms
                .iter()
                .flat_map(|t| std::iter::once(t.value).chain(t.aliases.iter().copied()))
        };
        if let Some(same) = spellings().find(|s| norm(s) == wanted) {
            return self.canonical(same);
        }
        let started: Vec<&'static str> = self
            .terms
            .iter()
            .filter(|t| wanted.len() >= 3 && norm(t.value).starts_with(&wanted))
            .map(|t| t.value)
            .collect();
        if let [only] = started.as_slice() {
            return Some(only);
        }
        closest(&wanted, spellings()).and_then(|s| self.canonical(s))
    }

    /// The values, for messages: `` `a`, `b` ``.
    pub fn listed(&self) -> String {
        self.terms
            .iter()
            .map(|t| format!("`{}`", t.value))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The field's JSON Schema: an `enum` of the values and aliases when closed (also as a
    /// list when it may hold several), a string with the values as `examples` when open.
    pub fn schema(&self) -> serde_json::Value {
        let spellings: Vec<&str> = self
            .terms
            .iter()
            .flat_map(|t| std::iter::once(t.value).chain(t.aliases.iter().copied()))
            .collect();
        let description = self
            .terms
            .iter()
            .map(|t| format!("{}: {}", t.value, t.doc))
            .collect::<Vec<_>>()
            .join("; ");
        let one = if self.closed {
            serde_json::json!({ "type": "string", "enum": spellings })
        } else {
            serde_json::json!({ "type": "string", "examples": spellings })
        };
        if self.many {
            serde_json::json!({
                "description": description,
                "anyOf": [one, { "type": "array", "items": one }],
            })
        } else {
            let mut one = one;
            one["description"] = description.into();
            one
        }
    }

    /// Checks the field in one entry and stores it in its canonical spelling: aliases are
    /// replaced, several values are joined as `a, b`, and a value a closed vocabulary refuses
    /// is removed (so that nothing judges it). Returns what is not a known value.
    pub fn apply(&self, entry: &mut Value) -> Vec<Finding> {
        let Some(slot) = entry.as_mapping_mut().and_then(|m| m.get_mut(self.field)) else {
            return Vec::new();
        };
        // (path, text) of each value; anything that is not text is left to the schema.
        let values: Vec<(String, String)> = match &*slot {
            Value::String(text) if self.many && text.contains(',') => text
                .split(',')
                .map(|part| (self.field.to_string(), part.trim().to_string()))
                .collect(),
            Value::String(text) => vec![(self.field.to_string(), text.clone())],
            Value::Sequence(items) if self.many => {
                let mut values = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(text) => {
                            values.push((format!("{}[{i}]", self.field), text.clone()))
                        }
                        // A list of other things is a type error for the schema to report.
                        _ => return Vec::new(),
                    }
                }
                values
            }
            _ => return Vec::new(),
        };
        let mut findings = Vec::new();
        let mut kept: Vec<String> = Vec::new();
        for (path, text) in values {
            match self.canonical(&text) {
                Some(value) => {
                    if !kept.iter().any(|k| k == value) {
                        kept.push(value.to_string());
                    }
                }
                None => {
                    let help = match self.suggest(&text) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("known values: {}", self.listed()),
                    };
                    if !self.closed {
                        kept.push(text.trim().to_string());
                    }
                    findings.push(Finding {
                        path,
                        field: self.field,
                        value: text,
                        error: self.closed,
                        help,
                    });
                }
            }
        }
        *slot = if findings.iter().any(|f| f.error) || kept.is_empty() {
            Value::Null
        } else {
            Value::String(kept.join(", "))
        };
        findings
    }
}

/// The vocabularies of the entries under register key `register`.
pub fn of(register: &str) -> impl Iterator<Item = &'static Vocabulary> {
    ALL.iter().filter(move |v| v.register == register)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(vocabulary: &Vocabulary, yaml: &str) -> (Value, Vec<Finding>) {
        let mut entry: Value = serde_yaml::from_str(yaml).unwrap();
        let findings = vocabulary.apply(&mut entry);
        (entry, findings)
    }

    #[test]
    fn aliases_become_the_canonical_value() {
        let (entry, findings) = apply(&RISK_CLASS, "risk_class: high\n");
        assert!(findings.is_empty());
        assert_eq!(entry["risk_class"], Value::from("high-risk"));
    }

    #[test]
    fn near_misses_are_refused_with_the_value_meant() {
        for (vocabulary, written, meant) in [
            (&RISK_CLASS, "High Risk", "high-risk"),
            (&RISK_CLASS, "High-Risk", "high-risk"),
            (&LIFECYCLE, "prod", "production"),
            (&ROLE, "provder", "provider"),
            (&EVIDENCE_METHOD, "interveiw", "interview"),
            (&EVIDENCE_METHOD, "Test", "test"),
        ] {
            let (entry, findings) =
                apply(vocabulary, &format!("{}: {written}\n", vocabulary.field));
            assert_eq!(findings.len(), 1, "{written}");
            assert!(findings[0].error);
            assert_eq!(findings[0].help, format!("did you mean `{meant}`?"));
            // Nothing judges a refused value.
            assert_eq!(entry[vocabulary.field], Value::Null);
        }
        let (_, findings) = apply(&LIFECYCLE, "lifecycle: zzz\n");
        assert!(findings[0].help.starts_with("known values: `design`"));
    }

    #[test]
    fn an_open_vocabulary_keeps_an_unknown_value_and_warns() {
        let (entry, findings) = apply(&EVIDENCE_KIND, "kind: valdation-report\n");
        assert_eq!(findings.len(), 1);
        assert!(!findings[0].error);
        assert_eq!(findings[0].help, "did you mean `validation-report`?");
        assert_eq!(entry["kind"], Value::from("valdation-report"));
        let (_, findings) = apply(&EVIDENCE_KIND, "kind: log\n");
        assert!(findings.is_empty());
    }

    #[test]
    fn a_system_may_have_several_roles() {
        let (entry, findings) = apply(&ROLE, "role: [provider, deployer]\n");
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(entry["role"], Value::from("provider, deployer"));
        let (entry, _) = apply(&ROLE, "role: provider\n");
        assert_eq!(entry["role"], Value::from("provider"));
        let (entry, _) = apply(&ROLE, "role: deployer, provider\n");
        assert_eq!(entry["role"], Value::from("deployer, provider"));
        let (_, findings) = apply(&ROLE, "role: [provider, dployer]\n");
        assert_eq!(findings[0].path, "role[1]");
        assert_eq!(findings[0].help, "did you mean `deployer`?");
    }

    proptest::proptest! {
        #[test]
        fn any_value_is_kept_refused_or_left_to_the_schema(text in ".{0,40}") {
            for vocabulary in ALL {
                for yaml in [
                    format!("{}: {text:?}\n", vocabulary.field),
                    format!("{}: [{text:?}, 1]\n", vocabulary.field),
                ] {
                    let Ok(mut entry) = serde_yaml::from_str::<Value>(&yaml) else { continue };
                    let findings = vocabulary.apply(&mut entry);
                    let stored = &entry[vocabulary.field];
                    // A refused value is removed; anything stored is known or open.
                    if findings.iter().any(|f| f.error) {
                        proptest::prop_assert_eq!(stored, &Value::Null);
                    }
                    if let Value::String(s) = stored
                        && vocabulary.closed
                    {
                        for part in s.split(", ") {
                            proptest::prop_assert!(vocabulary.canonical(part).is_some(), "{}", part);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn schemas_list_the_same_values() {
        let class = RISK_CLASS.schema();
        assert_eq!(
            class["enum"],
            serde_json::json!([
                "prohibited",
                "high-risk",
                "high",
                "limited",
                "minimal",
                "gpai"
            ])
        );
        let role = ROLE.schema();
        assert_eq!(role["anyOf"][1]["items"]["enum"][0], "provider");
        assert!(EVIDENCE_KIND.schema().get("enum").is_none());
        assert_eq!(EVIDENCE_KIND.schema()["examples"][0], "log");
    }

    #[test]
    fn every_value_and_alias_is_its_own_canonical_value_once() {
        for vocabulary in ALL {
            for t in vocabulary.terms {
                assert_eq!(vocabulary.canonical(t.value), Some(t.value));
                for alias in t.aliases {
                    assert_eq!(vocabulary.canonical(alias), Some(t.value));
                }
                assert!(!t.doc.is_empty());
            }
        }
    }
}
