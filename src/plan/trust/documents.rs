//! `documents.html`: one card per document a customer may read or request, with its type,
//! date or period, issuer and access: attestations (audit reports, certificates), the
//! `public.documents:` of `portal.yaml`, public policies, restricted documents their owners
//! list by title, and the auditor package. Cards under NDA carry a checkbox; the header's
//! "Request access" link (`assets/request.js`) collects the titles chosen.

use serde::Serialize;

use super::super::{PageJob, Shared, Views, list};
use super::{AttestationView, attestations, request_address};
use crate::model::{AttestationStatus, DocumentAccess, TrustDocument, Visibility};
use crate::resolve::Portal;

/// Titles (only) of the documents this build may not show whose owners marked them
/// `listed: true`, sorted by title, as this audience reads them (`[[ID]]` in a title is the
/// title of what it names, or `restricted`). `full` is the unfiltered portal.
pub fn listed_titles(portal: &Portal, full: &Portal) -> Vec<String> {
    let visible_title = |id: &str| {
        let target = portal.index.find(id)?;
        Some(super::super::links::link_of(portal, target).title)
    };
    let mut titles: Vec<String> = full
        .policies
        .iter()
        .filter(|p| p.doc.meta.listed)
        .filter(|p| {
            // Listed only where this build does not show the document itself.
            !portal
                .policies
                .iter()
                .any(|q| q.doc.meta.id == p.doc.meta.id)
                && p.doc.meta.visibility != Visibility::Public
        })
        .map(|p| crate::audience::scrub::plain(&p.doc.meta.title, &visible_title))
        .collect();
    titles.sort_unstable();
    titles
}

/// One card of `documents.html`.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct DocumentCard {
    /// The card's anchor (`documents.html#ID`).
    pub id: String,
    /// The title a customer asks for.
    pub title: String,
    /// What kind of document: `Audit report`, `Certificate`, `Policy`...
    pub kind: String,
    /// `Period`, `Issued`, `Effective`... and the date or period, when known.
    pub dates: Vec<Fact>,
    /// Audit firm, certification body or test firm (a policy: its approving body).
    pub issuer: Option<String>,
    /// What `issuer` did: `Issued by`, `Approved by`.
    pub issuer_label: &'static str,
    /// `public` or `nda`.
    pub access: &'static str,
    /// Where to read it (public cards): a path from the site root or a web address.
    pub href: Option<String>,
    /// Whether `href` is a web address rather than a path of the site.
    pub external: bool,
    /// The link's words (`Read the policy`, `Download the certificate`).
    pub href_label: Option<&'static str>,
    /// One or two sentences.
    pub summary: Option<String>,
    /// A status badge (attestations): `Report available`, `In progress`...
    pub status: Option<&'static str>,
    /// A `mailto:` asking for this document alone (NDA cards; works without JavaScript).
    pub request: Option<String>,
}

/// A labelled date or period of a card.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Fact {
    /// `Period`, `Date`, `Effective`...
    pub label: &'static str,
    /// The date or period.
    pub value: String,
}

fn fact(label: &'static str, value: String) -> Fact {
    Fact { label, value }
}

/// The words of a period.
fn period(p: &crate::model::Period) -> String {
    format!("{} to {}", p.start, p.end)
}

/// The card of an attestation.
fn attestation_card(a: &AttestationView<'_>, address: Option<&str>) -> DocumentCard {
    let (kind, title) = match a.status {
        AttestationStatus::ReportAvailable => ("Audit report", format!("{} report", a.name)),
        // "ISO/IEC 42001 certificate", but not "Mini Certificate certificate".
        AttestationStatus::Certified if a.name.to_lowercase().contains("certificat") => {
            ("Certificate", a.name.to_string())
        }
        AttestationStatus::Certified => ("Certificate", format!("{} certificate", a.name)),
        AttestationStatus::InProgress | AttestationStatus::Aligned => {
            ("Status", a.name.to_string())
        }
    };
    let mut dates = Vec::new();
    if let Some(p) = &a.period {
        dates.push(fact("Period", p.clone()));
    }
    if let Some(d) = &a.issued {
        dates.push(fact("Issued", d.clone()));
    }
    if let Some(d) = &a.expires {
        dates.push(fact("Valid to", d.clone()));
    }
    // A report or certificate under NDA is requested; a public one with a file is read; an
    // audit in progress or an alignment states in public where it stands.
    let access = if a.access == DocumentAccess::Nda && has_document(a.status) {
        "nda"
    } else {
        "public"
    };
    let file = (access == "public")
        .then(|| a.file.map(str::to_string))
        .flatten();
    DocumentCard {
        id: a.anchor.clone(),
        request: (access == "nda")
            .then(|| address.map(|to| request_mailto(to, &[&title])))
            .flatten(),
        title,
        kind: kind.to_string(),
        dates,
        issuer: a.issuer.map(str::to_string),
        issuer_label: "Issued by",
        access,
        href_label: file.as_ref().map(|_| "Download the certificate"),
        href: file,
        external: false,
        summary: a.note.map(str::to_string),
        status: Some(a.status_label),
    }
}

/// Whether an attestation of this status comes with a document to share.
fn has_document(status: AttestationStatus) -> bool {
    matches!(
        status,
        AttestationStatus::ReportAvailable | AttestationStatus::Certified
    )
}

/// The card of a `public.documents` entry.
fn document_card(d: &TrustDocument, address: Option<&str>) -> DocumentCard {
    let mut dates = Vec::new();
    if let Some(p) = &d.period {
        dates.push(fact("Period", period(p)));
    }
    if let Some(date) = d.date {
        dates.push(fact("Date", date.to_string()));
    }
    let nda = d.access == DocumentAccess::Nda;
    // An NDA document's file and address are never published (its file is not even copied).
    let href = (!nda)
        .then(|| {
            d.file
                .as_deref()
                .map(|f| f.trim().trim_start_matches("./").to_string())
                .or_else(|| d.url.clone())
        })
        .flatten();
    DocumentCard {
        id: d.id.trim().to_string(),
        title: d.title.clone(),
        kind: d.kind.clone(),
        dates,
        issuer: d.issuer.clone(),
        issuer_label: "Issued by",
        access: if nda { "nda" } else { "public" },
        href_label: href.as_ref().map(|_| "Open the document"),
        external: d.file.is_none() && href.is_some(),
        href,
        summary: d.summary.clone(),
        status: None,
        request: nda
            .then(|| address.map(|to| request_mailto(to, &[&d.title])))
            .flatten(),
    }
}

/// The cards of the public policies this build shows, by title.
fn policy_cards(portal: &Portal) -> Vec<DocumentCard> {
    let mut cards: Vec<DocumentCard> = portal
        .policies
        .iter()
        .map(|p| {
            let m = &p.doc.meta;
            let mut dates = Vec::new();
            if let Some(d) = m.effective {
                dates.push(fact("Effective", d.to_string()));
            }
            if let Some(d) = m.last_review {
                dates.push(fact("Last reviewed", d.to_string()));
            }
            let kind = super::super::views::kind_label(m.kind);
            let mut kind = capitalised(kind);
            if let Some(v) = &m.version {
                kind.push_str(&format!(", version {v}"));
            }
            DocumentCard {
                id: format!("policy-{}", crate::shared::slugs::slug_for_anchor(&m.id)),
                title: m.title.clone(),
                kind,
                dates,
                issuer: m.approved_by.clone(),
                issuer_label: "Approved by",
                access: "public",
                href: Some(crate::shared::urls::policy(&m.id)),
                external: false,
                href_label: Some("Read it here"),
                summary: m.summary.clone(),
                status: None,
                request: None,
            }
        })
        .collect();
    cards.sort_by(|a, b| a.title.cmp(&b.title));
    cards
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The card of a restricted document its owner lists by title.
fn listed_card(title: &str, address: Option<&str>) -> DocumentCard {
    DocumentCard {
        id: format!("listed-{}", crate::shared::slugs::slug_for_anchor(title)),
        title: title.to_string(),
        kind: "Internal policy".to_string(),
        dates: Vec::new(),
        issuer: None,
        issuer_label: "Issued by",
        access: "nda",
        href: None,
        external: false,
        href_label: None,
        summary: None,
        status: None,
        request: address.map(|to| request_mailto(to, &[title])),
    }
}

/// The card of the auditor package, when `public.auditor_request` says how to ask for it.
fn auditor_card(text: &str, address: Option<&str>) -> DocumentCard {
    DocumentCard {
        summary: Some(text.to_string()),
        kind: "Evidence files with a SHA-256 manifest".to_string(),
        ..listed_card("Auditor package", address)
    }
}

/// A titled group of cards.
#[derive(Serialize)]
struct Group {
    /// The heading's id.
    id: &'static str,
    /// The heading.
    title: &'static str,
    cards: Vec<DocumentCard>,
}

/// The subject of every access request.
pub const REQUEST_SUBJECT: &str = "Document access request";

/// A `mailto:` asking for the documents titled (none: a body to fill in), with subject and
/// body percent-encoded (RFC 6068). `assets/request.js` writes the same shape.
pub fn request_mailto(address: &str, titles: &[&str]) -> String {
    let list = if titles.is_empty() {
        "- (the documents you need, from the Documents page)".to_string()
    } else {
        titles
            .iter()
            .map(|t| format!("- {t}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let body = format!(
        "Hello,\n\nPlease share these documents with us:\n{list}\n\nName:\nCompany:\nRole:\n\nThank you."
    );
    format!(
        "mailto:{address}?subject={}&body={}",
        super::percent_encoded(REQUEST_SUBJECT),
        super::percent_encoded(&body)
    )
}

/// Plans `documents.html`.
pub fn page(portal: &Portal, full: &Portal, views: &Views, shared: &Shared) -> PageJob {
    let mut job = shared.page(
        "documents.html".into(),
        "trust/documents.html",
        "Documents",
        "documents",
        &[],
    );
    let address = request_address(portal);
    let reports: Vec<DocumentCard> = attestations(portal)
        .iter()
        .map(|a| attestation_card(a, address))
        .collect();
    let documents = &portal.config.public.documents;
    let public: Vec<DocumentCard> = documents
        .iter()
        .filter(|d| d.access == DocumentAccess::Public)
        .map(|d| document_card(d, address))
        .collect();
    let mut nda: Vec<DocumentCard> = documents
        .iter()
        .filter(|d| d.access == DocumentAccess::Nda)
        .map(|d| document_card(d, address))
        .collect();
    nda.extend(
        listed_titles(portal, full)
            .iter()
            .map(|t| listed_card(t, address)),
    );
    if let Some(text) = portal.config.public.auditor_request.as_deref() {
        let mut card = auditor_card(text, address);
        card.id = "auditor-package".into();
        nda.push(card);
    }
    let groups = [
        ("reports", "Audit reports and certifications", reports),
        ("public", "Public documents", public),
        (
            "policies",
            "Policies you can read here",
            policy_cards(portal),
        ),
        ("nda", "Under NDA, on request", nda),
    ];
    let groups: Vec<Group> = groups
        .into_iter()
        .filter(|(_, _, cards)| !cards.is_empty())
        .map(|(id, title, cards)| Group { id, title, cards })
        .collect();
    let request_all = address.map(|to| request_mailto(to, &[]));
    job.set("groups", &groups)
        .set_value("pages", list(views.pages.clone()))
        .set("request_address", &address)
        .set("request_all", &request_all);
    job
}

/// The cards search indexes: every attestation, every `public.documents` entry and the
/// auditor package, each at its anchor on `documents.html`. Not the titles of restricted
/// policies listed on request, which the document list alone may show.
pub fn searchable(portal: &Portal) -> Vec<DocumentCard> {
    let address = request_address(portal);
    let mut cards: Vec<DocumentCard> = attestations(portal)
        .iter()
        .map(|a| attestation_card(a, address))
        .collect();
    cards.extend(
        portal
            .config
            .public
            .documents
            .iter()
            .map(|d| document_card(d, address)),
    );
    if let Some(text) = portal.config.public.auditor_request.as_deref() {
        let mut card = auditor_card(text, address);
        card.id = "auditor-package".into();
        cards.push(card);
    }
    cards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_each_title_on_its_own_line() {
        let href = request_mailto(
            "trust@x.example",
            &["SOC 2 Type II report", "Pen test & co"],
        );
        assert!(
            href.starts_with("mailto:trust@x.example?subject=Document%20access%20request&body=")
        );
        assert!(
            href.contains("%0A-%20SOC%202%20Type%20II%20report%0A-%20Pen%20test%20%26%20co%0A")
        );
        assert!(!href.contains(' ') && !href.contains('\n'));
    }
}
