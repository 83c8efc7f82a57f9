//! `portal.yaml`: read with every problem reported at its own value.

use std::sync::Arc;

use serde_yaml::Value;

use super::fields;
use super::positions::{Positions, SourcePositions};
use super::registers::located;
use super::source::parse_yaml;
use crate::diagnostics::Diagnostic;
use crate::model::{PortalConfig, Source};

/// The file name of the configuration, relative to the root.
pub const FILE: &str = "portal.yaml";

/// Parses the text of `portal.yaml`. Unknown fields are reported and the rest is used; any
/// other problem is an `Err` with every problem found, since nothing else can be understood
/// without the configuration.
#[allow(clippy::type_complexity)]
pub fn parse(text: &str) -> Result<(PortalConfig, Source, Vec<Diagnostic>), Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("E103", "`portal.yaml` is empty")
                .at(FILE, 1)
                .column(1)
                .help("it needs at least `title:`"),
        ]);
    }
    let value: Value = parse_yaml(text, FILE, 0).map_err(|d| vec![d])?;
    let source = Source {
        file: FILE.to_string(),
        line: 1,
        path: String::new(),
        positions: Some(Arc::new(SourcePositions::known(Positions::of(text, 0)))),
        patched: Vec::new(),
    };
    let read = fields::read::<PortalConfig>(&value);
    let diagnostics: Vec<Diagnostic> = read
        .errors
        .iter()
        .map(|e| located(&source, e, ""))
        .collect();
    match read.value {
        Some(config) => Ok((config, source, diagnostics)),
        None => Err(diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_problem_of_the_configuration() {
        let errors = parse("title: T\nframwork: [a]\nrisk:\n  scale: five\n").unwrap_err();
        let (_, _, typo) = parse("title: T\nframwork: [a]\n").unwrap();
        assert_eq!(typo[0].help.as_deref(), Some("did you mean `frameworks`?"));
        let got: Vec<(&str, Option<usize>)> = errors.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(got, vec![("E102", Some(2)), ("E104", Some(4))]);
        assert_eq!(parse("").unwrap_err()[0].code, "E103");
        assert!(parse("title: T\n").is_ok());
    }
}
