//! OSCAL 1.1.3 exports (`exports/oscal/*.json`, internal and auditor builds): a catalog and a
//! profile per framework in scope (built-in or the portal's own), the portal's baseline profile, a system security
//! plan, a minimal assessment plan, assessment results and a plan of action and milestones.
//!
//! Everything is derived from the audience's filtered portal and `--today`, never the clock:
//! UUIDs are version 5 from stable names, timestamps are `--today` at midnight UTC, so two
//! builds of the same sources write the same bytes and a change diffs as itself.
//!
//! OSCAL ids are tokens (they start with a letter and hold no spaces); `9.2` and `GOVERN 1.1`
//! are not. Every control and group id is written as `<framework>-<id>` with characters
//! outside `[A-Za-z0-9._-]` as `-` (`iso42001-9.2`, `nist-ai-rmf-GOVERN-1.1`): the prefix
//! also keeps ids unique across the frameworks the one system security plan covers (ISO/IEC
//! 27001 and 42001 both have an `A.5.2`). Our own id is kept as the control's `label` prop.

mod assessment;
mod catalog;
mod poam;
mod profile;
mod ssp;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};
use uuid::Uuid;

use super::DataFile;
use super::data::{Empty, Json, JsonText};
use crate::check::Gaps;
use crate::model::Audience;
use crate::resolve::{Portal, Scope};

/// The OSCAL version every document is written in (and tested against).
pub const OSCAL_VERSION: &str = "1.1.3";

/// The namespace of Tracemark's own prop, part and facet names (OSCAL wants names outside
/// its own vocabulary qualified by a namespace URI).
pub const NS: &str = "urn:tracemark:oscal";

/// Where the exports are written, relative to the output root.
const FOLDER: &str = "exports/oscal";

/// Plans every OSCAL document of the audience's portal.
pub fn exports(
    portal: &Portal,
    gaps: &Gaps,
    audience: Audience,
    data: &mut crate::plan::DataFiles,
) {
    let ctx = Ctx::new(portal, gaps, audience);
    // Each document is written as it is built: its long lists never exist whole.
    let mut out = |name: String, document: Json| {
        let text = JsonText::write(document, Empty::Omit);
        data.push((format!("{FOLDER}/{name}"), DataFile::Json(text)));
    };
    for &fw in &ctx.frameworks {
        let stem = super::urls::file_name(&portal.frameworks[fw].id);
        out(
            format!("catalog-{stem}.json"),
            Json::Value(catalog::catalog(&ctx, fw)),
        );
        out(
            format!("profile-{stem}.json"),
            Json::Value(profile::profile(&ctx, fw)),
        );
    }
    // OSCAL requires a profile to import something: without a framework in scope
    // there is no baseline, and the SSP says so.
    if !ctx.frameworks.is_empty() {
        out("profile.json".into(), Json::Value(profile::baseline(&ctx)));
    }
    out("ssp.json".into(), ssp::ssp(&ctx));
    let assessed = assessment::Assessed::new(&ctx);
    out(
        "assessment-plan.json".into(),
        Json::Value(assessment::plan(&ctx)),
    );
    out(
        "assessment-results.json".into(),
        assessment::results(&ctx, &assessed),
    );
    out("poam.json".into(), poam::poam(&ctx, &assessed));
}

/// What every document is built from: the portal, its gaps, the token of each control and
/// group, and the names that make UUIDs and timestamps.
pub(super) struct Ctx<'a> {
    portal: &'a Portal,
    gaps: &'a Gaps,
    /// Who the build is for: only the auditor package holds the evidence artifacts.
    audience: Audience,
    /// The v5 namespace of this portal's UUIDs (from its organisation).
    namespace: Uuid,
    /// `--today` at midnight UTC.
    stamp: String,
    /// Frameworks in scope (indexes into `Portal::frameworks`).
    frameworks: Vec<usize>,
    /// OSCAL id of each exported control (index into `Portal::controls`).
    controls: HashMap<usize, String>,
    /// OSCAL id of each exported group: (framework, group position).
    groups: HashMap<(usize, usize), String>,
    /// Role id of each owner named (person or role), in order of their names.
    roles: BTreeMap<String, String>,
}

impl<'a> Ctx<'a> {
    fn new(portal: &'a Portal, gaps: &'a Gaps, audience: Audience) -> Ctx<'a> {
        let frameworks: Vec<usize> = (0..portal.frameworks.len())
            .filter(|&f| portal.frameworks[f].scope == Scope::InScope)
            .collect();
        let mut ctx = Ctx {
            portal,
            gaps,
            audience,
            namespace: Uuid::new_v5(
                &Uuid::NAMESPACE_URL,
                format!("{NS}:{}", portal.config.organization).as_bytes(),
            ),
            stamp: timestamp(portal.today),
            frameworks,
            controls: HashMap::new(),
            groups: HashMap::new(),
            roles: BTreeMap::new(),
        };
        ctx.assign_tokens();
        ctx.assign_roles();
        ctx
    }

    /// Gives each control, then each group, a unique token: controls first, so that they
    /// keep the plain form when a group's id would collide with one.
    fn assign_tokens(&mut self) {
        let portal = self.portal;
        for &f in &self.frameworks {
            let fw = &portal.frameworks[f];
            let mut used = HashSet::new();
            for &c in fw.groups.iter().flat_map(|g| &g.controls) {
                let token = unique(token(&fw.id, &portal.controls[c].id), &mut used);
                self.controls.insert(c, token);
            }
            for (g, group) in fw.groups.iter().enumerate() {
                let token = unique(token(&fw.id, &group.id), &mut used);
                self.groups.insert((f, g), token);
            }
        }
    }

    /// A role id per owner the SSP names (controls and AI systems).
    fn assign_roles(&mut self) {
        let portal = self.portal;
        let owners = self
            .exported_controls()
            .filter_map(|c| portal.controls[c].implementation.as_ref()?.owner.clone())
            .chain(portal.systems.iter().map(|s| s.system.owner.clone()));
        let names: std::collections::BTreeSet<String> = owners.collect();
        let mut used = HashSet::new();
        for name in names {
            let id = unique(role_token(&name), &mut used);
            self.roles.insert(name, id);
        }
    }

    /// Every exported control, in catalog order.
    fn exported_controls(&self) -> impl Iterator<Item = usize> + '_ {
        self.frameworks.iter().flat_map(|&f| {
            self.portal.frameworks[f]
                .groups
                .iter()
                .flat_map(|g| g.controls.iter().copied())
        })
    }

    /// A UUID (v5) named by `name` in this portal's namespace.
    fn uuid(&self, name: &str) -> String {
        Uuid::new_v5(&self.namespace, name.as_bytes()).to_string()
    }

    /// A document's UUID: its name and `--today`, so each day's edition has its own.
    fn document_uuid(&self, name: &str) -> String {
        self.uuid(&format!("document:{name}@{}", self.portal.today))
    }

    /// The OSCAL id of a control, if its framework is exported.
    fn control(&self, c: usize) -> Option<&str> {
        self.controls.get(&c).map(String::as_str)
    }

    /// The id of a control's statement part, which SSP statements and findings name.
    fn statement(&self, c: usize) -> Option<String> {
        self.control(c).map(|t| format!("{t}_smt"))
    }

    /// The role id of an owner.
    fn role(&self, owner: &str) -> Option<&str> {
        self.roles.get(owner).map(String::as_str)
    }

    /// The UUID of the organisation's party.
    fn organization(&self) -> String {
        self.uuid("party:organization")
    }

    /// The UUID of the SSP's `this-system` component: the AI management system.
    fn this_system(&self) -> String {
        self.uuid("component:this-system")
    }

    /// A link from an export to a page (or file) of the portal, given relative to the
    /// output root: absolute under `base_url`, else relative to `exports/oscal/`.
    fn href(&self, path: &str) -> String {
        let path = super::urls::encode(path);
        match &self.portal.config.base_url {
            Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
            None => format!("../../{path}"),
        }
    }

    /// A day as an OSCAL timestamp.
    fn at(&self, date: crate::model::Date) -> String {
        timestamp(date)
    }

    /// Document metadata: title, `--today`, the OSCAL version, the organisation as a party,
    /// and the roles when `roles` is set.
    fn metadata(&self, title: &str, version: &str, roles: bool) -> Value {
        let roles: Vec<Value> = if roles {
            self.roles
                .iter()
                .map(|(name, id)| json!({ "id": id, "title": name }))
                .collect()
        } else {
            Vec::new()
        };
        json!({
            "title": title,
            "last-modified": self.stamp,
            "version": version,
            "oscal-version": OSCAL_VERSION,
            "roles": roles,
            "parties": [{
                "uuid": self.organization(),
                "type": "organization",
                "name": self.portal.config.organization,
            }],
            "props": [prop("generator", concat!("Tracemark ", env!("CARGO_PKG_VERSION")))],
        })
    }
}

/// A prop in Tracemark's namespace.
fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": value })
}

/// A unit enum variant as its serde name (`not-implemented`).
fn plain<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// `YYYY-MM-DDT00:00:00Z`.
fn timestamp(date: crate::model::Date) -> String {
    format!("{date}T00:00:00Z")
}

/// An id as an OSCAL token under its framework: `<fw>-<id>`, characters outside
/// `[A-Za-z0-9._-]` as `-`, starting with a letter (`x` is put before one that does not).
pub fn token(framework: &str, id: &str) -> String {
    let raw = format!("{framework}-{id}");
    let safe: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if safe.starts_with(|c: char| c.is_ascii_alphabetic()) {
        safe
    } else {
        format!("x{safe}")
    }
}

/// A role id from an owner's name: `Head of AI Governance` -> `head-of-ai-governance`.
fn role_token(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out
    } else {
        format!("role-{out}")
    }
}

/// `token`, or `token-2`, `token-3`... when taken.
fn unique(token: String, used: &mut HashSet<String>) -> String {
    let mut candidate = token.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{token}-{n}");
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_tokens_under_their_framework() {
        assert_eq!(token("iso42001", "9.2"), "iso42001-9.2");
        assert_eq!(token("iso42001", "A.6.2.4"), "iso42001-A.6.2.4");
        assert_eq!(token("nist-ai-rmf", "GOVERN 1.1"), "nist-ai-rmf-GOVERN-1.1");
        assert_eq!(token("27k", "9"), "x27k-9");
        let mut used = HashSet::new();
        assert_eq!(unique("a".into(), &mut used), "a");
        assert_eq!(unique("a".into(), &mut used), "a-2");
        assert_eq!(role_token("Head of AI Governance"), "head-of-ai-governance");
        assert_eq!(role_token("  CISO / DPO "), "ciso-dpo");
        assert_eq!(role_token("2nd line"), "role-2nd-line");
    }
}
