//! The id index: every entity and control by the name authors write, and how a written
//! reference becomes a graph edge (or a located error that says what was meant).

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, closest};

/// An entity of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// Index into `Portal::policies`.
    Policy(usize),
    /// Index into `Portal::pages`.
    Page(usize),
    /// Index into `Portal::systems`.
    System(usize),
    /// Index into `Portal::risks`.
    Risk(usize),
    /// Index into `Portal::controls`.
    Control(usize),
    /// Index into `Portal::evidence`.
    Evidence(usize),
    /// Index into `Portal::records`: an audit, finding, nonconformity, management review,
    /// objective or incident.
    Record(usize),
}

impl Target {
    /// The kind's name, as authors say it.
    pub fn kind(self) -> &'static str {
        match self {
            Target::Policy(_) => "policy",
            Target::Page(_) => "page",
            Target::System(_) => "system",
            Target::Risk(_) => "risk",
            Target::Control(_) => "control",
            Target::Evidence(_) => "evidence",
            Target::Record(_) => "record",
        }
    }
}

/// Lookup of ids (`RSK-001`), control keys (`iso42001:A.6.2.4`) and bare control ids.
#[derive(Debug, Default, Clone)]
pub struct Index {
    /// Entity ids and full control keys.
    pub by_key: HashMap<String, Target>,
    /// Bare control id -> controls of enabled frameworks with that id.
    pub bare: HashMap<String, Vec<(String, usize)>>,
    /// Lower-cased entity id -> the id as first defined, to catch case-only duplicates.
    pub folded: HashMap<String, String>,
    /// Ids of entries too broken to load (reported at load): references to them are skipped.
    pub broken: Broken,
}

/// Ids of entries too broken to load. Looking one up skips a check; the skips of ids
/// recovered from files that could not be parsed are counted, for the note that says so.
#[derive(Debug, Default)]
pub struct Broken {
    ids: std::collections::HashSet<String>,
    recovered: std::collections::HashSet<String>,
    /// Ids recovered from catalogs that could not be parsed: `fw:anything` is broken too.
    frameworks: std::collections::HashSet<String>,
    skipped: std::sync::atomic::AtomicUsize,
}

impl Clone for Broken {
    fn clone(&self) -> Self {
        Broken {
            ids: self.ids.clone(),
            recovered: self.recovered.clone(),
            frameworks: self.frameworks.clone(),
            skipped: self.skipped().into(),
        }
    }
}

impl Broken {
    /// Every id in `ids`; those in `recovered` come from files that could not be parsed, and
    /// those in `frameworks` from catalogs that could not be parsed.
    pub fn new<'a>(
        ids: impl IntoIterator<Item = &'a String>,
        recovered: impl IntoIterator<Item = &'a String>,
        frameworks: impl IntoIterator<Item = &'a String>,
    ) -> Broken {
        Broken {
            ids: ids.into_iter().cloned().collect(),
            recovered: recovered.into_iter().cloned().collect(),
            frameworks: frameworks.into_iter().cloned().collect(),
            skipped: 0.into(),
        }
    }

    /// Whether `id` is broken (or a control `fw:x` of a catalog that could not be parsed): if
    /// so, the check of a reference to it is skipped (and counted).
    pub fn contains(&self, id: &str) -> bool {
        let hit = self.ids.contains(id) || self.of_broken_catalog(id);
        if hit {
            self.skip(id);
        }
        hit
    }

    fn of_broken_catalog(&self, id: &str) -> bool {
        id.split_once(':')
            .is_some_and(|(framework, _)| self.frameworks.contains(framework.trim()))
    }

    /// Counts one check skipped because of `id`, when it comes from an unreadable file.
    pub fn skip(&self, id: &str) {
        if self.recovered.contains(id) || self.of_broken_catalog(id) {
            self.skipped
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Every broken id.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.ids.iter()
    }

    /// How many checks were skipped because of ids from unreadable files.
    pub fn skipped(&self) -> usize {
        self.skipped.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Index {
    /// Resolves a control reference (`fw:id` or a bare id) to a control index.
    pub fn control(&self, reference: &str) -> Result<usize, Diagnostic> {
        let reference = reference.trim();
        if let Some((framework, _)) = reference.split_once(':') {
            return match self.by_key.get(reference) {
                Some(Target::Control(i)) => Ok(*i),
                _ => {
                    let candidates = self
                        .bare
                        .values()
                        .flatten()
                        .filter(|(fw, _)| fw == framework)
                        .map(|(fw, _)| fw.as_str());
                    let known_framework = candidates.clone().next().is_some();
                    let mut diag =
                        Diagnostic::error("E201", format!("unknown control `{reference}`"));
                    if known_framework {
                        let keys: Vec<&str> = self
                            .by_key
                            .iter()
                            .filter(|(k, t)| {
                                matches!(t, Target::Control(_))
                                    && k.starts_with(&format!("{framework}:"))
                            })
                            .map(|(k, _)| k.as_str())
                            .collect();
                        if let Some(best) = closest(reference, keys) {
                            diag = diag.help(format!("did you mean `{best}`?"));
                        }
                    } else {
                        diag = diag.help(format!(
                            "`{framework}` is not a framework portal.yaml enables (under `frameworks:` or `aligned:`)"
                        ));
                    }
                    Err(diag)
                }
            };
        }
        match self.bare.get(reference).map(Vec::as_slice) {
            Some([(_, i)]) => Ok(*i),
            Some(many) if many.len() > 1 => {
                let list: Vec<String> = many
                    .iter()
                    .map(|(fw, _)| format!("`{fw}:{reference}`"))
                    .collect();
                Err(
                    Diagnostic::error("E203", format!("control `{reference}` is ambiguous"))
                        .help(format!("write one of {}", list.join(", "))),
                )
            }
            _ => {
                let mut diag = Diagnostic::error("E201", format!("unknown control `{reference}`"));
                if let Some(best) = closest(reference, self.bare.keys().map(String::as_str)) {
                    let fw = &self.bare[best][0].0;
                    diag = diag.help(format!("did you mean `{fw}:{best}`?"));
                }
                Err(diag)
            }
        }
    }

    /// Resolves an entity id that must be of one kind, given by `pick`.
    pub fn entity(
        &self,
        id: &str,
        kind: &'static str,
        pick: impl Fn(Target) -> Option<usize>,
    ) -> Result<usize, Diagnostic> {
        match self.by_key.get(id.trim()).copied() {
            Some(target) => pick(target).ok_or_else(|| {
                Diagnostic::error(
                    "E202",
                    format!("`{id}` is a {}, not a {kind}", target.kind()),
                )
            }),
            None => {
                let same_kind = self
                    .by_key
                    .iter()
                    .filter(|(_, t)| t.kind() == kind)
                    .map(|(k, _)| k.as_str());
                let mut diag = Diagnostic::error("E201", format!("unknown {kind} `{id}`"));
                if let Some(best) = closest(id, same_kind) {
                    diag = diag.help(format!("did you mean `{best}`?"));
                }
                Err(diag)
            }
        }
    }

    /// What `[[...]]` names, if anything: [`Index::any`] without the diagnostic. Callers that
    /// only ask whether a text is an id use this: on a miss `any` searches every id for a
    /// did-you-mean, which asked of every text field made a build quadratic in its size.
    pub fn find(&self, reference: &str) -> Option<Target> {
        if let Some(target) = self.by_key.get(reference.trim()) {
            return Some(*target);
        }
        if reference.contains(':') || self.bare.contains_key(reference.trim()) {
            return self.control(reference).ok().map(Target::Control);
        }
        None
    }

    /// Resolves `[[...]]`: any entity id, or a control.
    pub fn any(&self, reference: &str) -> Result<Target, Diagnostic> {
        if let Some(target) = self.by_key.get(reference.trim()) {
            return Ok(*target);
        }
        if reference.contains(':') || self.bare.contains_key(reference.trim()) {
            return self.control(reference).map(Target::Control);
        }
        let mut diag = Diagnostic::error(
            "E201",
            format!("`[[{reference}]]` does not name any entity or control"),
        );
        if let Some(best) = closest(reference, self.by_key.keys().map(String::as_str)) {
            diag = diag.help(format!("did you mean `{best}`?"));
        }
        Err(diag)
    }
}
