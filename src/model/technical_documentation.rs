//! The EU AI Act Annex IV technical documentation of an AI system, as its record declares it:
//! for each of the nine points of Annex IV, the documents and evidence records that cover it.
//!
//! In `content/systems/*.yaml` a system writes, for the points it can answer,
//!
//! ```yaml
//! technical_documentation:
//!   1: [IA-HIRE, MC-HIRE]                       # the ids that cover point 1
//!   5: { covered_by: [POL-AI-002], note: "..." } # the same, with a note
//! ```
//!
//! Keys are the point numbers `1` to `9` (anything else is E240); a point left out is a gap
//! (W345). Ids name policies, impact assessments, pages or evidence records (E201 when unknown,
//! E202 when of another kind).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// The number of points Annex IV has.
pub const ANNEX_IV_POINTS: u8 = 9;

/// A system's `technical_documentation:`: point key (as written) -> what covers it.
pub type TechnicalDocumentation = BTreeMap<PointKey, CoveredPoint>;

/// A key of `technical_documentation:` as the author wrote it: `1`, `"1"`, or anything else
/// (which `resolve` reports). YAML reads `1` as a number, so both are accepted here.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PointKey(pub String);

impl PointKey {
    /// The Annex IV point this key names, when it is one of `1`..`9`.
    pub fn point(&self) -> Option<u8> {
        let n: u8 = self.0.trim().parse().ok()?;
        (1..=ANNEX_IV_POINTS).contains(&n).then_some(n)
    }
}

impl<'de> Deserialize<'de> for PointKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = PointKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an Annex IV point number, 1 to 9")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PointKey, E> {
                Ok(PointKey(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PointKey, E> {
                Ok(PointKey(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PointKey, E> {
                Ok(PointKey(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<PointKey, E> {
                Ok(PointKey(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PointKey, E> {
                Ok(PointKey(v.to_string()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// What covers one Annex IV point: ids of documents and evidence, and an optional note (what
/// is still missing, where the rest lives). Written as a plain list of ids, or as
/// `{ covered_by: [...], note: ... }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CoveredPoint {
    /// Ids of the policies, impact assessments, pages and evidence records that cover it.
    pub covered_by: Vec<String>,
    /// A note shown beside the point.
    pub note: Option<String>,
    /// Whether it was written as a map (`covered_by:`), so that a diagnostic about an id points
    /// at `N.covered_by[i]` rather than `N[i]`.
    #[serde(skip)]
    pub as_map: bool,
}

/// The map form of a point, with the fields it may have.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointFields {
    #[serde(default)]
    covered_by: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

impl<'de> Deserialize<'de> for CoveredPoint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PointVisitor;
        impl<'de> Visitor<'de> for PointVisitor {
            type Value = CoveredPoint;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of ids, or a map with `covered_by` and `note`")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<CoveredPoint, A::Error> {
                let covered_by =
                    Vec::<String>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(CoveredPoint {
                    covered_by,
                    note: None,
                    as_map: false,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CoveredPoint, A::Error> {
                let fields = PointFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(CoveredPoint {
                    covered_by: fields.covered_by,
                    note: fields.note,
                    as_map: true,
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<CoveredPoint, E> {
                Ok(CoveredPoint::default())
            }
        }
        deserializer.deserialize_any(PointVisitor)
    }
}

/// The schema of `technical_documentation:`: keys `1` to `9` (as `PointKey::point` reads them;
/// any other key is E240), each a list of ids, a map with `covered_by` and `note`, or nothing.
pub fn schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids = serde_json::json!({ "type": "array", "items": { "type": "string" } });
    schemars::json_schema!({
        "description": "EU AI Act Annex IV technical documentation: for each point `1` to `9`, the ids of the documents and evidence that cover it.",
        "type": "object",
        "propertyNames": { "pattern": r"^\s*\+?0*[1-9]\s*$" },
        "additionalProperties": {
            "anyOf": [
                ids,
                {
                    "type": "object",
                    "properties": {
                        "covered_by": {
                            "description": "Ids of the policies, impact assessments, pages and evidence records that cover it.",
                            "type": "array",
                            "items": { "type": "string" },
                        },
                        "note": {
                            "description": "A note shown beside the point.",
                            "type": ["string", "null"],
                        },
                    },
                    "additionalProperties": false,
                },
                { "type": "null" },
            ],
        },
    })
}

impl CoveredPoint {
    /// The field path of its `i`-th id under `technical_documentation.<key>`.
    pub fn id_path(&self, key: &PointKey, i: usize) -> String {
        if self.as_map {
            format!("technical_documentation.{}.covered_by[{i}]", key.0)
        } else {
            format!("technical_documentation.{}[{i}]", key.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> TechnicalDocumentation {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn reads_lists_maps_and_numbers_or_strings_as_keys() {
        let td = read("1: [A, B]\n\"2\": { covered_by: [C], note: partly }\n3:\n");
        let one = &td[&PointKey("1".into())];
        assert_eq!(one.covered_by, ["A", "B"]);
        assert!(!one.as_map);
        let two = &td[&PointKey("2".into())];
        assert_eq!(
            (two.covered_by.as_slice(), two.note.as_deref()),
            (&["C".to_string()][..], Some("partly"))
        );
        assert!(two.as_map);
        assert!(td[&PointKey("3".into())].covered_by.is_empty());
        assert_eq!(PointKey("9".into()).point(), Some(9));
        assert_eq!(PointKey("10".into()).point(), None);
        assert_eq!(PointKey("0".into()).point(), None);
        assert_eq!(PointKey("AnnexIV.4".into()).point(), None);
    }

    #[test]
    fn refuses_an_unknown_field_of_a_point() {
        let err = serde_yaml::from_str::<TechnicalDocumentation>("1: { coverd_by: [A] }\n");
        assert!(err.unwrap_err().to_string().contains("coverd_by"));
    }
}
