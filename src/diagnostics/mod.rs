//! Problems found in a portal's sources, with where they are and how to fix them.

use std::fmt;

use serde::Serialize;

pub mod registry;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The content is wrong; the build fails.
    Error,
    /// Worth fixing; fails only under `--strict`.
    Warning,
    /// Context for the errors (checks skipped because of them); never fails a build.
    Note,
}

/// One problem, located in a source file where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is: an error fails the build, a warning only under `--strict`, a note never.
    pub severity: Severity,
    /// Stable code, explained in [`registry`] (`tracemark explain CODE`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Path relative to the portal root.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// How to fix it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a code and message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            help: None,
        }
    }

    /// A warning with a code and message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Locates the problem at a file and line (0 = unknown line).
    pub fn at(mut self, file: impl Into<String>, line: usize) -> Self {
        self.file = Some(file.into());
        self.line = (line > 0).then_some(line);
        self
    }

    /// Adds a column.
    pub fn column(mut self, column: usize) -> Self {
        self.column = (column > 0).then_some(column);
        self
    }

    /// Adds a hint on how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint unless one is already there.
    pub fn help_if_none(self, help: impl Into<String>) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.help(help)
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether this is a note (context, not a problem: never in `--format json`).
    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => return write!(f, "note: {}", self.message),
        };
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        if let Some(file) = &self.file {
            write!(f, "\n  --> {file}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}:{}", self.column.unwrap_or(1))?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Codes that mean a whole file could not be parsed.
pub const SYNTAX: &[&str] = &["E002", "E101", "E106"];

/// Whether `d` says that its whole file could not be parsed: a syntax error, unclosed front
/// matter, text that is not UTF-8, or a control character that stopped a YAML file's parse.
pub fn is_syntax(d: &Diagnostic) -> bool {
    d.is_error()
        && (SYNTAX.contains(&d.code)
            || (d.code == "E109"
                && d.file
                    .as_deref()
                    .is_some_and(|f| f.ends_with(".yaml") || f.ends_with(".yml"))))
}

/// Errors come before warnings; among errors, a file that could not be parsed at all (a
/// syntax error) comes first, then `portal.yaml` (a mistake there causes many others), so the
/// cause is read first; within that, by file and position, and names with numbers in their
/// natural order (`A.2` before `A.10`, `page-9.md` before `page-10.md`). Notes come last.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| {
        let syntax_first = !is_syntax(d);
        let config_first = d.file.as_deref() != Some("portal.yaml");
        (
            d.severity,
            syntax_first,
            config_first,
            d.file.as_deref().map(natural),
            d.line,
            d.column,
            d.code,
            natural(&d.message),
        )
    };
    diagnostics.sort_by_cached_key(key);
}

/// A text as runs of digits and of other characters, ordered so that digit runs compare as
/// numbers (by length once leading zeros are dropped, then digit by digit: no overflow).
pub fn natural(text: &str) -> Vec<NaturalPart> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let digits = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        parts.push(if digits {
            let value = run.trim_start_matches('0');
            NaturalPart::Number(value.len(), value.to_string(), run.len())
        } else {
            NaturalPart::Text(run.chars().map(|c| (text_rank(c), c)).collect())
        });
        rest = tail;
    }
    parts
}

/// Within text, other punctuation sorts before `.`, and `.` before letters, so that a
/// control's id sorts before its sub-controls (`A.2` then `A.2.1`) whatever follows it.
fn text_rank(c: char) -> u8 {
    match c {
        '.' => 1,
        c if c.is_alphanumeric() => 2,
        _ => 0,
    }
}

/// One run of [`natural`]: a number (significant length, digits, written length) or text.
/// Numbers sort before text, as digits do before letters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum NaturalPart {
    /// Digits: significant length, significant digits, length as written.
    Number(usize, String, usize),
    /// Anything else, each character with its `text_rank`.
    Text(Vec<(u8, char)>),
}

/// Suggests the closest candidate to a misspelt name, if one is close enough.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// The known name that `name` is most likely a misspelling of: the same in another letter
/// case, or one edit away (a swap of two neighbours counts as one), two for names over five
/// letters. Stricter than [`closest`], for fields that are allowed to be unknown.
pub fn likely_typo<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    known
        .into_iter()
        .map(|k| (swap_distance(&name, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= if k.chars().count() > 5 { 2 } else { 1 })
        .min_by_key(|(d, k)| (*d, *k))
        .map(|(_, k)| k)
}

/// Edit distance where swapping two neighbouring characters is one edit.
fn swap_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = if ca == *cb { prev } else { prev + 1 };
            prev = row[j + 1];
            row[j + 1] = cost.min(row[j] + 1).min(prev + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likely_typos_are_near_misses_only() {
        let known = ["id", "title", "visibility", "summary", "order"];
        for (typo, meant) in [
            ("titel", "title"),
            ("Title", "title"),
            ("visiblity", "visibility"),
            ("summery", "summary"),
            ("oder", "order"),
        ] {
            assert_eq!(likely_typo(typo, known), Some(meant), "{typo}");
        }
        for field in [
            "description",
            "tags",
            "weight",
            "sidebar_position",
            "slug",
            "hide",
            "date",
            "draft",
            "author",
            "type",
            "layout",
        ] {
            assert_eq!(likely_typo(field, known), None, "{field}");
        }
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            closest("owenr", ["owner", "title", "status"]),
            Some("owner")
        );
        assert_eq!(closest("A.6.2.5x", ["A.6.2.5", "A.7.4"]), Some("A.6.2.5"));
        assert_eq!(closest("zzzzzz", ["owner"]), None);
    }

    #[test]
    fn sorts_numbers_in_names_naturally() {
        let mut diags: Vec<Diagnostic> = ["A.10", "A.2", "A.9.1", "A.02", "B.1", "A.2.10", "A.2.9"]
            .iter()
            .map(|c| Diagnostic::error("E502", format!("control `iso:{c}` has no entry")))
            .collect();
        diags.push(Diagnostic::error("E208", "x").at("content/pages/p10.md", 1));
        diags.push(Diagnostic::error("E208", "x").at("content/pages/p9.md", 1));
        sort(&mut diags);
        let order: Vec<String> = diags
            .iter()
            .map(|d| {
                d.file
                    .clone()
                    .unwrap_or_else(|| d.message.split('`').nth(1).unwrap().to_string())
            })
            .collect();
        assert_eq!(
            order,
            [
                "iso:A.2",
                "iso:A.2.9",
                "iso:A.2.10",
                "iso:A.02",
                "iso:A.9.1",
                "iso:A.10",
                "iso:B.1",
                "content/pages/p9.md",
                "content/pages/p10.md",
            ]
        );
        let huge = "9".repeat(60);
        assert!(natural(&format!("a{huge}")) > natural("a10"));
    }

    #[test]
    fn syntax_errors_come_first_then_portal_yaml() {
        let mut diags = vec![
            Diagnostic::warning("W301", "w").at("content/a.yaml", 1),
            Diagnostic::error("E201", "unknown risk `R`").at("content/evidence/e.yaml", 3),
            Diagnostic::error("E502", "no entry").at("portal.yaml", 4),
            Diagnostic::error("E101", "YAML syntax: tab").at("content/risks/r.yaml", 9),
            Diagnostic::error("E101", "YAML syntax").at("portal.yaml", 2),
        ];
        sort(&mut diags);
        let order: Vec<(&str, &str)> = diags
            .iter()
            .map(|d| (d.code, d.file.as_deref().unwrap()))
            .collect();
        assert_eq!(
            order,
            [
                ("E101", "portal.yaml"),
                ("E101", "content/risks/r.yaml"),
                ("E502", "portal.yaml"),
                ("E201", "content/evidence/e.yaml"),
                ("W301", "content/a.yaml"),
            ]
        );
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic::error("E201", "unknown risk `RSK-9`")
            .at("content/risks/a.yaml", 4)
            .help("did you mean `RSK-1`?");
        assert_eq!(
            d.to_string(),
            "error[E201]: unknown risk `RSK-9`\n  --> content/risks/a.yaml:4:1\n  help: did you mean `RSK-1`?"
        );
    }
}
