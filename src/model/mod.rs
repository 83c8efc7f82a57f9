//! Plain data: what a portal's sources say, before anything is resolved or checked.
//!
//! Every type here is a serde record that mirrors one schema in DESIGN.md. Unknown fields are
//! errors (`deny_unknown_fields`, reported one by one by `load::fields`) so that a typo does not
//! silently drop data; the one exception is a page's front matter, whose unknown fields are
//! kept for templates ([`PageMeta::extra`]) and warned about only when they look misspelt.

pub mod audience;
pub mod catalog;
pub mod config;
pub mod date;
pub mod dated;
pub mod entities;
pub mod history;
pub mod records;
pub mod revision;
pub mod strings;
pub mod technical_documentation;
pub mod trust;

pub use audience::Audience;
pub use catalog::{
    ApplicabilityStyle, ApplicabilityWords, CatalogControl, CatalogGroup, ControlPart, Crosswalk,
    Framework, FrameworkInfo, Mapping, Relation,
};
pub use config::PortalConfig;
pub use date::{Date, Moment};
pub use dated::{Dated, Tense};
pub use entities::*;
pub use history::{Change, ChangeKind, History, HistorySource};
pub use records::Records;
pub use revision::Revision;
pub use technical_documentation::{CoveredPoint, PointKey, TechnicalDocumentation};
pub use trust::{
    Area, Attestation, AttestationStatus, DocumentAccess, Question, Subprocessor, TrustDocument,
    Update,
};

/// Where an entity was defined: a path relative to the portal root, a 1-based line, and the
/// positions of its values, so that a problem with one value points at that value.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// Path relative to the portal root, with `/` separators.
    pub file: String,
    /// 1-based line of the entity's first field (0 when unknown).
    pub line: usize,
    /// Path of the entity within its file's YAML (`risks[3]`; empty for front matter).
    #[serde(skip)]
    pub path: String,
    /// Positions of every value of the file (shared by all its entities; a register's are
    /// read again from the file when first needed).
    #[serde(skip)]
    pub positions: Option<std::sync::Arc<crate::shared::positions::SourcePositions>>,
    /// Fields (relative to the entity) that could not be read and hold a stand-in: the entity
    /// is kept so that its references are still resolved, but these values are never judged.
    #[serde(skip)]
    pub patched: Vec<String>,
}

impl Source {
    /// A source at a file and line, without value positions.
    pub fn new(file: impl Into<String>, line: usize) -> Source {
        Source {
            file: file.into(),
            line,
            ..Source::default()
        }
    }

    /// Whether any of `fields` holds a stand-in (or lies inside or around one that does), so a
    /// check that reads them would judge a value the author never wrote.
    pub fn patched(&self, fields: &[&str]) -> bool {
        let nested = |outer: &str, inner: &str| {
            inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        };
        self.patched
            .iter()
            .any(|p| p.is_empty() || fields.iter().any(|f| nested(p, f) || nested(f, p)))
    }

    /// Whether the entity could be read without stand-ins.
    pub fn is_patched(&self) -> bool {
        !self.patched.is_empty()
    }

    /// Line and column of a field of the entity (`controls[1]`, `residual.likelihood`), or of
    /// its nearest located ancestor, or the entity's own line.
    pub fn position(&self, field: &str) -> (usize, usize) {
        let full = crate::shared::positions::join_key(&self.path, field);
        self.positions
            .as_ref()
            .and_then(|p| p.value(&full))
            .map_or((self.line, 0), |p| (p.line, p.column))
    }

    /// Line of the first line of text of a field holding Markdown (block scalars start one
    /// line below their key), or the entity's own line.
    pub fn text_line(&self, field: &str) -> usize {
        self.position(field).0
    }

    /// Locates a diagnostic at the key naming a field of this entity (`controls:`).
    pub fn locate_key(
        &self,
        diagnostic: crate::diagnostics::Diagnostic,
        field: &str,
    ) -> crate::diagnostics::Diagnostic {
        let full = crate::shared::positions::join_key(&self.path, field);
        let (line, column) = self
            .positions
            .as_ref()
            .and_then(|p| p.key(&full))
            .map_or((self.line, 0), |p| (p.line, p.column));
        diagnostic.at(self.file.clone(), line).column(column)
    }

    /// Locates a diagnostic at a field of this entity.
    pub fn locate(
        &self,
        diagnostic: crate::diagnostics::Diagnostic,
        field: &str,
    ) -> crate::diagnostics::Diagnostic {
        let (line, column) = self.position(field);
        diagnostic.at(self.file.clone(), line).column(column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stand_in_covers_its_field_its_parts_and_its_container() {
        let source = Source {
            patched: vec!["residual.likelihood".into(), "controls[1]".into()],
            ..Source::default()
        };
        assert!(source.patched(&["residual"]) && source.patched(&["residual.likelihood"]));
        assert!(source.patched(&["controls"]) && source.patched(&["controls[1]"]));
        assert!(!source.patched(&["residual.impact", "likelihood", "controls[0]"]));
        assert!(!source.patched(&["control"]));
        let whole = Source {
            patched: vec![String::new()],
            ..Source::default()
        };
        assert!(whole.patched(&["anything"]) && whole.is_patched());
        assert!(!Source::default().is_patched());
    }
}
