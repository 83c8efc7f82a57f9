//! Matching a spreadsheet's own column names to our fields: by the field's name and the
//! names risk registers and evidence logs commonly use ("Risk ID", "Likelihood (1-5)",
//! "Risk owner"), compared without letter case, punctuation or a bracketed note; `--map
//! COLUMN=field` names the rest. The header is the first row naming at least three known
//! columns, so title rows above it are skipped.

use super::Kind;
use super::read::{Cell, Sheet};

/// What a field holds, which says how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An id (`RSK-001`).
    Id,
    /// One line of text.
    Text,
    /// Markdown, line breaks kept.
    Markdown,
    /// Text from an open list, kept in its canonical spelling (a risk category).
    Category,
    /// An evidence kind: lower case, words joined by `-`.
    EvidenceKind,
    /// A likelihood on the portal's scale.
    Likelihood,
    /// An impact on the portal's scale.
    Impact,
    /// A date.
    Date,
    /// A risk treatment.
    Treatment,
    /// A risk status.
    Status,
    /// Who may see it.
    Visibility,
    /// An evidence method.
    Method,
    /// A review cadence or validity (`quarterly`, `180d`).
    Interval,
    /// References, several to a cell.
    List,
    /// A figure Tracemark computes (a score, a level, a next review date): not imported.
    Computed,
}

/// One of our fields, with the column names it is known by.
#[derive(Debug)]
pub struct Field {
    /// The field in the YAML (`residual.likelihood` for a nested one).
    pub name: &'static str,
    /// How its cells are read.
    pub shape: Shape,
    /// Whether every entry must have it.
    pub required: bool,
    /// Column names it is known by, normalised (see [`normalise`]).
    pub names: &'static [&'static str],
}

const fn field(
    name: &'static str,
    shape: Shape,
    required: bool,
    names: &'static [&'static str],
) -> Field {
    Field {
        name,
        shape,
        required,
        names,
    }
}

/// Risk register columns, in the order the fields are written.
static RISK_FIELDS: &[Field] = &[
    field(
        "id",
        Shape::Id,
        true,
        &[
            "id",
            "risk id",
            "ref",
            "ref #",
            "ref no",
            "risk ref",
            "reference",
            "risk reference",
            "risk no",
            "risk number",
            "risk #",
            "#",
            "no",
            "identifier",
            "risk identifier",
        ],
    ),
    field(
        "title",
        Shape::Text,
        true,
        &[
            "title",
            "risk",
            "risk name",
            "risk title",
            "name",
            "risk summary",
            "summary",
            "short description",
            "risk event",
        ],
    ),
    field(
        "system",
        Shape::Text,
        false,
        &[
            "system",
            "ai system",
            "system id",
            "ai system id",
            "affected system",
        ],
    ),
    field(
        "category",
        Shape::Category,
        false,
        &[
            "category",
            "risk category",
            "type",
            "risk type",
            "risk domain",
            "domain",
        ],
    ),
    field(
        "description",
        Shape::Markdown,
        false,
        &[
            "description",
            "risk description",
            "details",
            "risk details",
            "risk statement",
            "statement",
        ],
    ),
    field(
        "owner",
        Shape::Text,
        true,
        &[
            "owner",
            "risk owner",
            "owned by",
            "accountable",
            "accountable owner",
            "responsible",
            "assigned to",
        ],
    ),
    field(
        "likelihood",
        Shape::Likelihood,
        true,
        &[
            "likelihood",
            "probability",
            "inherent likelihood",
            "inherent probability",
            "likelihood score",
            "likelihood rating",
            "probability score",
            "probability rating",
            "initial likelihood",
            "gross likelihood",
            "pre mitigation likelihood",
            "l",
            "p",
        ],
    ),
    field(
        "impact",
        Shape::Impact,
        true,
        &[
            "impact",
            "severity",
            "consequence",
            "inherent impact",
            "inherent severity",
            "inherent consequence",
            "impact score",
            "impact rating",
            "severity score",
            "severity rating",
            "consequence rating",
            "initial impact",
            "gross impact",
            "pre mitigation impact",
            "i",
            "magnitude",
        ],
    ),
    field(
        "treatment",
        Shape::Treatment,
        true,
        &[
            "treatment",
            "response",
            "risk response",
            "risk treatment",
            "treatment option",
            "treatment decision",
            "treatment type",
            "risk decision",
            "decision",
        ],
    ),
    field(
        "strategy",
        Shape::Text,
        false,
        &[
            "strategy",
            "treatment plan",
            "treatment strategy",
            "treatment actions",
            "treatment description",
            "mitigation",
            "mitigation plan",
            "mitigation strategy",
            "mitigating actions",
            "mitigation actions",
            "action plan",
            "actions",
            "planned actions",
            "risk treatment plan",
            "response plan",
        ],
    ),
    field(
        "controls",
        Shape::List,
        false,
        &[
            "controls",
            "control",
            "control ids",
            "control id",
            "control references",
            "control reference",
            "mitigating controls",
            "linked controls",
            "related controls",
            "existing controls",
            "mapped controls",
            "annex a controls",
        ],
    ),
    field(
        "residual.likelihood",
        Shape::Likelihood,
        false,
        &[
            "residual likelihood",
            "residual probability",
            "post mitigation likelihood",
            "residual likelihood score",
            "residual likelihood rating",
        ],
    ),
    field(
        "residual.impact",
        Shape::Impact,
        false,
        &[
            "residual impact",
            "residual severity",
            "residual consequence",
            "post mitigation impact",
            "residual impact score",
            "residual impact rating",
        ],
    ),
    field(
        "status",
        Shape::Status,
        false,
        &["status", "risk status", "state"],
    ),
    field(
        "acceptance.by",
        Shape::Text,
        false,
        &[
            "accepted by",
            "acceptance by",
            "risk accepted by",
            "acceptance approver",
            "acceptance approved by",
        ],
    ),
    field(
        "acceptance.date",
        Shape::Date,
        false,
        &[
            "acceptance date",
            "accepted on",
            "date accepted",
            "accepted date",
        ],
    ),
    field(
        "acceptance.expires",
        Shape::Date,
        false,
        &[
            "acceptance expires",
            "acceptance expiry",
            "acceptance expiry date",
            "acceptance expiration",
            "accepted until",
        ],
    ),
    field(
        "identified",
        Shape::Date,
        false,
        &[
            "identified",
            "date identified",
            "identified on",
            "identification date",
            "date raised",
            "raised",
            "raised on",
            "date logged",
            "logged",
            "logged on",
            "date added",
            "date created",
            "created",
            "created on",
            "date opened",
            "opened",
        ],
    ),
    field(
        "last_review",
        Shape::Date,
        false,
        &[
            "last review",
            "last reviewed",
            "last review date",
            "review date",
            "date reviewed",
            "reviewed",
            "reviewed on",
            "date of last review",
            "last assessed",
            "last assessment date",
        ],
    ),
    field(
        "review_interval",
        Shape::Interval,
        false,
        &[
            "review interval",
            "review frequency",
            "review cycle",
            "review cadence",
            "review period",
        ],
    ),
    field(
        "visibility",
        Shape::Visibility,
        false,
        &["visibility", "classification", "sensitivity"],
    ),
    field(
        "-",
        Shape::Computed,
        false,
        &[
            "score",
            "risk score",
            "inherent score",
            "inherent risk score",
            "inherent risk",
            "rating",
            "risk rating",
            "inherent rating",
            "inherent risk rating",
            "risk level",
            "inherent risk level",
            "level",
            "residual score",
            "residual risk score",
            "residual rating",
            "residual risk rating",
            "residual risk",
            "residual risk level",
            "residual level",
            "next review",
            "next review date",
            "review due",
            "l x i",
            "lxi",
            "rag",
            "rag status",
        ],
    ),
];

/// Evidence log columns, in the order the fields are written.
static EVIDENCE_FIELDS: &[Field] = &[
    field(
        "id",
        Shape::Id,
        true,
        &[
            "id",
            "evidence id",
            "ref",
            "ref #",
            "reference",
            "evidence ref",
            "evidence reference",
            "evidence no",
            "evidence number",
            "evidence #",
            "#",
            "no",
            "identifier",
            "artifact id",
            "artefact id",
        ],
    ),
    field(
        "title",
        Shape::Text,
        true,
        &[
            "title",
            "evidence",
            "evidence title",
            "name",
            "evidence name",
            "document",
            "document name",
            "artifact",
            "artifact name",
            "artefact",
            "artefact name",
        ],
    ),
    field(
        "description",
        Shape::Markdown,
        false,
        &["description", "evidence description", "details", "summary"],
    ),
    field(
        "kind",
        Shape::EvidenceKind,
        false,
        &[
            "kind",
            "type",
            "evidence type",
            "artifact type",
            "artefact type",
            "evidence kind",
            "format",
        ],
    ),
    field(
        "file",
        Shape::Text,
        false,
        &[
            "file",
            "file name",
            "filename",
            "path",
            "file path",
            "attachment",
            "artifact file",
            "artefact file",
        ],
    ),
    field(
        "url",
        Shape::Text,
        false,
        &["url", "link", "hyperlink", "web link", "uri"],
    ),
    field(
        "method",
        Shape::Method,
        false,
        &[
            "method",
            "assessment method",
            "test method",
            "testing method",
            "collection method",
        ],
    ),
    field(
        "collected",
        Shape::Date,
        true,
        &[
            "collected",
            "date collected",
            "collection date",
            "collected on",
            "date",
            "evidence date",
            "obtained",
            "date obtained",
            "obtained on",
            "captured",
            "date captured",
            "as of",
        ],
    ),
    field(
        "period.start",
        Shape::Date,
        false,
        &[
            "period start",
            "period from",
            "period start date",
            "coverage start",
            "covers from",
            "start",
            "start date",
            "from",
        ],
    ),
    field(
        "period.end",
        Shape::Date,
        false,
        &[
            "period end",
            "period to",
            "period end date",
            "coverage end",
            "covers to",
            "end",
            "end date",
            "to",
        ],
    ),
    field(
        "expires",
        Shape::Date,
        false,
        &[
            "expires",
            "expiry",
            "expiry date",
            "expiration",
            "expiration date",
            "valid until",
            "valid to",
            "expires on",
        ],
    ),
    field(
        "valid_for",
        Shape::Interval,
        false,
        &["valid for", "validity", "validity period"],
    ),
    field(
        "owner",
        Shape::Text,
        false,
        &[
            "owner",
            "evidence owner",
            "collected by",
            "provided by",
            "submitted by",
            "responsible",
        ],
    ),
    field(
        "controls",
        Shape::List,
        false,
        &[
            "controls",
            "control",
            "control ids",
            "control id",
            "control references",
            "control reference",
            "mapped controls",
            "related controls",
            "linked controls",
        ],
    ),
    field(
        "risks",
        Shape::List,
        false,
        &[
            "risks",
            "risk",
            "risk ids",
            "risk id",
            "related risks",
            "linked risks",
        ],
    ),
    field(
        "visibility",
        Shape::Visibility,
        false,
        &["visibility", "classification", "sensitivity"],
    ),
];

/// The fields of one kind of register, in the order they are written.
pub fn fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Risks => RISK_FIELDS,
        Kind::Evidence => EVIDENCE_FIELDS,
    }
}

/// A column name as it is compared: lower case, a bracketed note (`(1-5)`, `[optional]`)
/// and punctuation dropped (but `#`), spaces collapsed.
pub fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '#' => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `--map COLUMN=field` option, parsed.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// The column's name as the spreadsheet writes it.
    pub column: String,
    /// The field (`likelihood`, `residual.impact`), or `-` to leave the column out.
    pub field: String,
}

/// Parses `COLUMN=field`, the field checked against the kind's fields.
pub fn mapping(text: &str, kind: Kind) -> Result<Mapping, String> {
    let Some((column, field)) = text.rsplit_once('=') else {
        return Err(format!(
            "--map `{text}`: write COLUMN=field, for example --map \"Risk rating=-\" or --map \"Owner name=owner\""
        ));
    };
    let field = field.trim();
    let known: Vec<&str> = fields(kind)
        .iter()
        .map(|f| f.name)
        .filter(|n| *n != "-")
        .collect();
    // `residual_likelihood` and `residual likelihood` name `residual.likelihood`.
    let typed = field.to_lowercase().replace(' ', "_");
    let dotted = typed.replacen('_', ".", 1);
    let wanted = if known.contains(&dotted.as_str()) && !known.contains(&typed.as_str()) {
        dotted
    } else {
        typed
    };
    if wanted != "-" && wanted != "ignore" && !known.contains(&wanted.as_str()) {
        let hint = crate::diagnostics::closest(&wanted, known.iter().copied())
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        return Err(format!(
            "--map `{text}`: `{field}` is not a field of {}; {hint}the fields: {}, or `-` to leave the column out",
            kind.noun(),
            known.join(", ")
        ));
    }
    let field = if wanted == "ignore" {
        "-".into()
    } else {
        wanted
    };
    Ok(Mapping {
        column: column.trim().to_string(),
        field,
    })
}

/// The header row found, and which column holds which field.
#[derive(Debug)]
pub struct Header {
    /// Index of the header in the sheet's rows.
    pub row: usize,
    /// For each cell of the header: the field it holds (`None`: not known).
    pub columns: Vec<Option<&'static Field>>,
    /// The header's texts.
    pub texts: Vec<String>,
}

impl Header {
    /// How many distinct fields (computed ones included) the header names.
    pub fn known(&self) -> usize {
        let mut names: Vec<&str> = self.columns.iter().flatten().map(|f| f.name).collect();
        let computed = names.iter().filter(|n| **n == "-").count();
        names.retain(|n| *n != "-");
        names.sort_unstable();
        names.dedup();
        names.len() + computed
    }
}

/// The field a column named `text` holds: a `--map` first (an unknown field there has been
/// refused already), else a known name.
fn field_of(text: &str, kind: Kind, maps: &[Mapping]) -> Option<&'static Field> {
    let wanted = normalise(text);
    if let Some(m) = maps
        .iter()
        .find(|m| m.column.trim() == text.trim() || normalise(&m.column) == wanted)
    {
        return fields(kind).iter().find(|f| f.name == m.field);
    }
    if wanted.is_empty() {
        return None;
    }
    fields(kind)
        .iter()
        .find(|f| f.names.contains(&wanted.as_str()) || f.name.replace('_', " ") == wanted)
}

/// The first row of `sheet` naming at least three known columns (or every mapped column).
pub fn header(sheet: &Sheet, kind: Kind, maps: &[Mapping]) -> Option<Header> {
    sheet.rows.iter().enumerate().find_map(|(i, row)| {
        let texts: Vec<String> = row
            .cells
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                _ => String::new(),
            })
            .collect();
        let columns: Vec<Option<&'static Field>> =
            texts.iter().map(|t| field_of(t, kind, maps)).collect();
        let header = Header {
            row: i,
            columns,
            texts,
        };
        (header.known() >= 3.min(fields(kind).len())).then_some(header)
    })
}

/// The `--map` options that name no column of the header, with the closest column.
pub fn unused_maps<'a>(header: &Header, maps: &'a [Mapping]) -> Vec<(&'a Mapping, Option<String>)> {
    maps.iter()
        .filter(|m| {
            !header
                .texts
                .iter()
                .any(|t| t.trim() == m.column.trim() || normalise(t) == normalise(&m.column))
        })
        .map(|m| {
            let near = crate::diagnostics::closest(
                &m.column,
                header
                    .texts
                    .iter()
                    .map(String::as_str)
                    .filter(|t| !t.is_empty()),
            )
            .map(str::to_string);
            (m, near)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_case_punctuation_or_a_bracketed_note() {
        assert_eq!(normalise("Likelihood (1-5)"), "likelihood");
        assert_eq!(normalise("  Risk_Owner* "), "risk owner");
        assert_eq!(normalise("Ref #"), "ref #");
        assert_eq!(normalise("Residual Impact [1..5]"), "residual impact");
        assert_eq!(normalise("Date-Identified"), "date identified");
    }

    #[test]
    fn every_known_name_is_normalised_and_belongs_to_one_field() {
        for kind in [Kind::Risks, Kind::Evidence] {
            let mut seen = std::collections::HashSet::new();
            for f in fields(kind) {
                for name in f.names {
                    assert_eq!(normalise(name), *name, "{name}");
                    assert!(seen.insert(*name), "{name} twice");
                }
            }
        }
    }

    #[test]
    fn the_common_names_of_a_risk_register_are_known() {
        let of = |t: &str| field_of(t, Kind::Risks, &[]).map(|f| f.name);
        assert_eq!(of("Risk ID"), Some("id"));
        assert_eq!(of("Likelihood (1-5)"), Some("likelihood"));
        assert_eq!(of("Risk owner"), Some("owner"));
        assert_eq!(of("Severity"), Some("impact"));
        assert_eq!(of("Residual Likelihood"), Some("residual.likelihood"));
        assert_eq!(of("Risk Score"), Some("-"));
        assert_eq!(of("Notes"), None);
        let maps = [mapping("Notes=description", Kind::Risks).unwrap()];
        assert_eq!(
            field_of("notes", Kind::Risks, &maps).map(|f| f.name),
            Some("description")
        );
        let wrong = mapping("Notes=descripton", Kind::Risks).unwrap_err();
        assert!(wrong.contains("did you mean `description`"), "{wrong}");
    }
}
