//! Writing the imported entries as YAML: one block entry per row, fields in the order of the
//! schema, nested fields (`residual`, `acceptance`, `period`) as one flow mapping, text quoted
//! only where YAML could misread it. A new file gets a comment saying where it came from; an
//! existing one gets the entries appended by the structural appender of `soa --add-missing`
//! ([`crate::cmd::soa::appended_to`]), so its formatting and comments stay.

use std::fmt::Write as _;

use super::cells::Value;

/// One entry to write: its fields in schema order (`residual.likelihood` for nested ones).
#[derive(Debug, Clone)]
pub struct Entry {
    /// The row it came from, as the spreadsheet shows it.
    pub row: usize,
    /// The fields and their values.
    pub fields: Vec<(&'static str, Value)>,
}

impl Entry {
    /// The entry's id.
    pub fn id(&self) -> &str {
        self.fields
            .iter()
            .find(|(name, _)| *name == "id")
            .and_then(|(_, v)| match v {
                Value::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .unwrap_or("")
    }
}

/// YAML text of `entries`, `indent` before each `- `, after a comment line `note`; a blank
/// line between entries, as registers are written by hand.
pub fn entries(entries: &[Entry], indent: &str, note: &str) -> String {
    let mut out = format!("{indent}# {note}\n");
    for (n, entry) in entries.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut first = true;
        let mut done: Vec<&str> = Vec::new();
        for (name, value) in &entry.fields {
            let lead = if first { "- " } else { "  " };
            first = false;
            match name.split_once('.') {
                None => {
                    let _ = write!(out, "{indent}{lead}{name}:");
                    write_value(&mut out, value, &format!("{indent}    "));
                }
                Some((group, _)) if done.contains(&group) => {}
                Some((group, _)) => {
                    done.push(group);
                    let inner: Vec<String> = entry
                        .fields
                        .iter()
                        .filter_map(|(n, v)| {
                            let key = n.strip_prefix(group)?.strip_prefix('.')?;
                            Some(format!("{key}: {}", flow(v)))
                        })
                        .collect();
                    let _ = writeln!(out, "{indent}{lead}{group}: {{ {} }}", inner.join(", "));
                }
            }
        }
    }
    out
}

/// ` value\n` after a key, or a literal block for Markdown with line breaks.
fn write_value(out: &mut String, value: &Value, block_indent: &str) {
    match value {
        Value::Markdown(text) if text.contains('\n') && literal_ok(text) => {
            out.push_str(" |\n");
            for line in text.lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    let _ = writeln!(out, "{block_indent}{line}");
                }
            }
        }
        other => {
            let _ = writeln!(out, " {}", flow(other));
        }
    }
}

/// Whether a literal block keeps `text` as it is: no tab or control character, no line
/// starting with a space that would change the block's indentation, no spaces at a line's end.
fn literal_ok(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() && c != '\n')
        && !text.starts_with(' ')
        && text.lines().all(|l| !l.ends_with(' '))
}

/// A value as it is written inside a line (and inside `{ }` or `[ ]`).
fn flow(value: &Value) -> String {
    match value {
        Value::Text(t) | Value::Markdown(t) => scalar(t),
        Value::Number(n) => n.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|i| scalar(i)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// Text as a YAML scalar: plain when YAML reads it back as the same text in any context
/// (block or flow), else double-quoted (JSON's escapes are YAML's).
pub fn scalar(text: &str) -> String {
    let words = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"];
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && text == text.trim()
        && !words.contains(&text.to_lowercase().as_str())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| {
            c.is_control() || matches!(c, ',' | '[' | ']' | '{' | '}' | '"' | '\'' | '`' | '\\')
        });
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_only_where_yaml_could_misread_it() {
        assert_eq!(scalar("Head of Talent"), "Head of Talent");
        assert_eq!(scalar("iso42001:A.7.4"), "iso42001:A.7.4");
        for (text, quoted) in [
            ("No", "\"No\""),
            ("2026", "\"2026\""),
            ("Bias: hiring", "\"Bias: hiring\""),
            ("a, b", "\"a, b\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""),
            ("- dash", "\"- dash\""),
            ("#1 risk", "\"#1 risk\""),
            ("", "\"\""),
        ] {
            assert_eq!(scalar(text), quoted, "{text}");
        }
    }

    #[test]
    fn an_entry_is_a_block_with_nested_fields_in_flow_style() {
        let entry = Entry {
            row: 3,
            fields: vec![
                ("id", Value::Text("R-1".into())),
                ("title", Value::Text("Bias".into())),
                ("description", Value::Markdown("One.\n\nTwo.".into())),
                ("likelihood", Value::Number(4)),
                ("controls", Value::List(vec!["a:B.1".into(), "B.2".into()])),
                ("residual.likelihood", Value::Number(2)),
                ("residual.impact", Value::Number(3)),
            ],
        };
        assert_eq!(
            entries(&[entry], "  ", "from x.csv"),
            "  # from x.csv\n  - id: R-1\n    title: Bias\n    description: |\n      One.\n\n      Two.\n    likelihood: 4\n    controls: [a:B.1, B.2]\n    residual: { likelihood: 2, impact: 3 }\n"
        );
    }
}
