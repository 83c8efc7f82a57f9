//! The public trust center: its home (posture at a glance), control areas, documents,
//! subprocessors, AI transparency pages, questionnaire answers and announcements feed, in
//! words a customer's security reviewer reads, with no internal ids in running text.

mod controls;
mod documents;
mod faq;
mod feed;
mod subprocessors;
mod transparency;

use serde::Serialize;
use serde_json::json;

use super::data::DataFile;
use super::figures::FigureScope;
use super::{PageJob, Pages, Shared, Views};
use crate::model::{Attestation, AttestationStatus, DocumentAccess};
use crate::resolve::{Portal, trust_documents};

pub use faq::export as questionnaire_csv;
pub use subprocessors::export as subprocessors_csv;
// What the search index (`plan::search`) takes from the trust-center pages, so that its
// entries link the anchors these pages write.
pub use controls::areas as control_areas;
pub use documents::searchable as searchable_documents;
pub use faq::question_anchor;
pub use subprocessors::anchors as subprocessor_anchors;

/// The trust center's navigation: title, URL, section key, and the handbook sections whose
/// pages (still part of the public build) it stands for.
pub const NAV: &[(&str, &str, &str, &[&str])] = &[
    ("Overview", "index.html", "overview", &[]),
    ("Controls", "controls.html", "controls", &["frameworks"]),
    (
        "Documents",
        "documents.html",
        "documents",
        &["policies", "pages"],
    ),
    ("Subprocessors", "subprocessors.html", "subprocessors", &[]),
    ("AI systems", "systems/index.html", "systems", &[]),
    ("FAQ", "faq.html", "faq", &[]),
];

/// Plans every trust-center page and the feed. `basis.visible` holds only public items;
/// `basis.full` is consulted only for the titles of restricted documents marked `listed: true`,
/// for coverage where `public:` opts in, and to count what is restricted.
pub fn pages(
    basis: &FigureScope,
    views: &Views,
    shared: &Shared,
    pages: &mut Pages,
    data: &mut crate::plan::DataFiles,
) {
    let (portal, full) = (basis.visible, basis.full);
    pages.push(home(basis, shared));
    pages.push(controls::page(basis, views, shared));
    pages.push(documents::page(portal, full, views, shared));
    pages.push(subprocessors::page(portal, shared));
    transparency::pages(basis, shared, pages);
    pages.push(faq::page(portal, shared));
    pages.push(feed::page(portal, shared));
    data.push(("updates.xml".into(), DataFile::Atom(feed::feed(portal))));
}

/// An attestation as the home page and documents page show it.
#[derive(Serialize)]
struct AttestationView<'a> {
    name: &'a str,
    /// Its card's anchor on `documents.html`.
    anchor: String,
    /// Who may read the report or certificate.
    access: DocumentAccess,
    status: AttestationStatus,
    status_label: &'static str,
    issuer: Option<&'a str>,
    period: Option<String>,
    issued: Option<String>,
    expires: Option<String>,
    file: Option<&'a str>,
    note: Option<&'a str>,
}

/// The words a customer reads for an attestation status.
pub fn status_label(status: AttestationStatus) -> &'static str {
    match status {
        AttestationStatus::Certified => "Certified",
        AttestationStatus::ReportAvailable => "Report available",
        AttestationStatus::InProgress => "In progress",
        AttestationStatus::Aligned => "Aligned",
    }
}

fn attestation_view<'a>(name: &'a str, a: &'a Attestation) -> AttestationView<'a> {
    AttestationView {
        name,
        anchor: trust_documents::attestation_anchor(a, name),
        access: trust_documents::attestation_access(a),
        status: a.status,
        status_label: status_label(a.status),
        issuer: a.issuer.as_deref(),
        period: a
            .period
            .as_ref()
            .map(|p| format!("{} to {}", p.start, p.end)),
        issued: a.issued.map(|d| d.to_string()),
        expires: a.expires.map(|d| d.to_string()),
        file: a.file.as_deref().map(|f| f.trim_start_matches("./")),
        note: a.note.as_deref(),
    }
}

fn attestations(portal: &Portal) -> Vec<AttestationView<'_>> {
    portal
        .trust
        .attestations
        .iter()
        .map(|a| attestation_view(&a.name, &a.attestation))
        .collect()
}

/// How many announcements the home page shows; the feed has them all.
const HOME_UPDATES: usize = 3;

/// Announcements, newest first; one dated after `--today` (W330) has not been made yet.
fn updates(portal: &Portal) -> Vec<&crate::model::Update> {
    let mut list: Vec<&crate::model::Update> = portal
        .config
        .public
        .updates
        .iter()
        .filter(|u| u.date <= portal.today)
        .collect();
    list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    list
}

/// The anchor of an announcement on the home page and on `updates.html`.
fn update_anchor(u: &crate::model::Update) -> String {
    format!(
        "update-{}-{}",
        u.date,
        crate::shared::slugs::slug_for_anchor(&u.title)
    )
}

/// The address access requests go to: `public.requests`, else `public.contact` when it is a
/// plain address.
pub fn request_address(portal: &Portal) -> Option<&str> {
    let public = &portal.config.public;
    public
        .requests
        .as_deref()
        .or(public.contact.as_deref())
        .map(str::trim)
        .filter(|a| a.contains('@') && !a.contains(char::is_whitespace))
}

/// Text percent-encoded for a `mailto:` header field: every byte but unreserved ones.
fn percent_encoded(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The trust-center header's "Request access" link: a `mailto:` to the request address
/// with a body to fill in, which `assets/request.js` fills with the documents chosen.
pub fn request_link(portal: &Portal) -> Option<String> {
    request_address(portal).map(|to| documents::request_mailto(to, &[]))
}

/// The home page: the posture at a glance, in at most about two screens.
fn home(basis: &FigureScope, shared: &Shared) -> PageJob {
    let portal = basis.visible;
    let mut job = shared.page(
        "index.html".into(),
        "trust.html",
        "Trust Center",
        "overview",
        &[],
    );
    let all = updates(portal);
    let recent: Vec<serde_json::Value> = all
        .iter()
        .take(HOME_UPDATES)
        .map(|u| json!({ "date": u.date.to_string(), "title": u.title, "text": u.text, "anchor": update_anchor(u) }))
        .collect();
    let areas: Vec<serde_json::Value> = controls::areas(portal, basis.full)
        .into_iter()
        .map(|a| {
            let statements: Vec<serde_json::Value> = a
                .statements
                .iter()
                .map(|s| json!({ "title": s.title, "anchor": s.anchor }))
                .collect();
            json!({ "title": a.title, "summary": a.summary, "anchor": a.anchor, "statements": statements, "count": a.count })
        })
        .collect();
    let systems: Vec<serde_json::Value> = portal
        .systems
        .iter()
        .map(|s| json!({ "name": s.system.name, "url": super::urls::system(&s.system.id), "risk_class": s.system.risk_class }))
        .collect();
    job.set("attestations", &attestations(portal))
        .set("updates", &recent)
        .set("more_updates", &all.len().saturating_sub(HOME_UPDATES))
        .set("areas", &areas)
        .set("statements", &basis.tally(statement_count))
        .set("documents", &document_counts(portal, basis.full))
        .set(
            "subprocessors",
            &basis.tally(|p| p.trust.subprocessors.len()),
        )
        .set("systems", &systems)
        .set("questions", &basis.tally(|p| p.trust.questions.len()))
        .set("contact", &contact(portal));
    job
}

/// How many documents `documents.html` offers to read now and on request: figures of what it
/// shows, so the home page never hints at what it hides.
fn document_counts(portal: &Portal, full: &Portal) -> serde_json::Value {
    let documents = &portal.config.public.documents;
    let nda = |access: DocumentAccess| access == DocumentAccess::Nda;
    let public_documents = documents.iter().filter(|d| !nda(d.access)).count();
    let attestation_documents = attestations(portal)
        .iter()
        .filter(|a| {
            matches!(
                a.status,
                AttestationStatus::ReportAvailable | AttestationStatus::Certified
            )
        })
        .map(|a| a.access)
        .collect::<Vec<_>>();
    let readable = portal.policies.len()
        + public_documents
        + attestation_documents.iter().filter(|&&a| !nda(a)).count();
    let on_request = documents.iter().filter(|d| nda(d.access)).count()
        + attestation_documents.iter().filter(|&&a| nda(a)).count()
        + documents::listed_titles(portal, full).len()
        + usize::from(portal.config.public.auditor_request.is_some());
    json!({ "readable": readable, "on_request": on_request })
}

/// Statements of Applicability entries of the in-scope frameworks that a portal holds.
fn statement_count(portal: &Portal) -> usize {
    portal
        .controls
        .iter()
        .filter(|c| portal.frameworks[c.framework].scope == crate::resolve::Scope::InScope)
        .filter(|c| c.implementation.is_some())
        .count()
}

/// How to reach security: a `mailto:` link when `public.contact` is an address.
#[derive(Serialize)]
pub struct Contact<'a> {
    /// The text as written.
    text: Option<&'a str>,
    /// `mailto:` URL when it is a plain address.
    mailto: Option<String>,
}

/// The security contact of the header and home page.
pub fn contact(portal: &Portal) -> Contact<'_> {
    let text = portal.config.public.contact.as_deref().map(str::trim);
    let mailto = text
        .filter(|a| a.contains('@') && !a.contains(char::is_whitespace))
        .map(|a| format!("mailto:{a}"));
    Contact { text, mailto }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_fields_are_percent_encoded() {
        assert_eq!(
            percent_encoded("Access request: A & B?\n"),
            "Access%20request%3A%20A%20%26%20B%3F%0A"
        );
    }
}
