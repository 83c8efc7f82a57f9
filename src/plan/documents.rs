//! The document register (`document-register.html`, `exports/document-register.csv`): the
//! master list of documented information an auditor asks for first (ISO/IEC 42001 and 27001,
//! 7.5): every policy, standard, procedure and impact assessment, and each in-scope
//! framework's Statement of Applicability, with its version, owner, approval, last change
//! from git, next review and whether it changed since its approval. Internal and auditor
//! builds only.

use serde::Serialize;
use tera::Value;

use super::data::{CsvText, Table};
use super::figures::FigureScope;
use super::views::kind_label;
use super::{DataFile, Pages, Shared, urls};
use crate::check::changed_since_approval;
use crate::load::history::approved_on;
use crate::model::Change;
use crate::resolve::{Portal, Scope};

/// One document of the register.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    title: String,
    url: String,
    kind: &'static str,
    version: Option<String>,
    owner: Option<String>,
    approver: Option<String>,
    approved: Option<String>,
    /// The newest commit's date and short hash.
    last_changed: Option<String>,
    last_commit: Option<String>,
    next_review: Option<String>,
    /// "changed since approval" with the commit, where it applies.
    changed_since_approval: Option<String>,
}

/// The date and hash of a file's newest commit.
fn last_change(changes: &[Change]) -> (Option<String>, Option<String>) {
    changes.first().map_or((None, None), |c| {
        (Some(c.date.to_string()), Some(c.hash.clone()))
    })
}

/// Every document of the register, policies (by id) then Statements of Applicability.
fn rows(portal: &Portal) -> Vec<Row> {
    let mut rows = Vec::new();
    for node in &portal.policies {
        let doc = &node.doc;
        let m = &doc.meta;
        let newest = m.history.iter().max_by_key(|h| h.date);
        let (last_changed, last_commit) = last_change(portal.history.of(&doc.source.file));
        rows.push(Row {
            id: m.id.clone(),
            title: m.title.clone(),
            url: urls::policy(&m.id),
            kind: kind_label(m.kind),
            version: m.version.clone(),
            owner: Some(m.owner.clone()),
            approver: m
                .approved_by
                .clone()
                .or_else(|| newest.and_then(|h| h.approved_by.clone())),
            approved: approved_on(doc).map(|d| d.to_string()),
            last_changed,
            last_commit,
            next_review: node.review.next.map(|d| d.to_string()),
            changed_since_approval: changed_since_approval(doc, &portal.history)
                .map(|c| format!("{} ({})", c.change.hash, c.change.date)),
        });
    }
    let (last_changed, last_commit) = last_change(portal.history.of("portal.yaml"));
    for fw in portal
        .frameworks
        .iter()
        .filter(|f| f.scope == Scope::InScope)
    {
        let Some(soa) = portal.config.soa.get(&fw.id) else {
            continue;
        };
        let newest = soa.history.iter().max_by_key(|h| h.date);
        let approved = soa.approved.or(newest.map(|h| h.date));
        // SOC 2 has no Statement of Applicability: its document is the SOC 2 scope.
        let scope = fw.applicability.words().scope;
        let short = super::views::framework_short(&fw.id, &fw.name);
        rows.push(Row {
            id: format!("{} {}", if scope { "Scope" } else { "SoA" }, fw.id),
            title: if scope {
                fw.applicability.title(&fw.name, short)
            } else {
                format!("Statement of Applicability, {}", fw.name)
            },
            url: urls::soa(&fw.id),
            kind: if scope {
                "scope"
            } else {
                "statement of applicability"
            },
            version: soa.version.clone(),
            owner: None,
            approver: soa
                .approved_by
                .clone()
                .or_else(|| newest.and_then(|h| h.approved_by.clone())),
            approved: approved.map(|d| d.to_string()),
            last_changed: last_changed.clone(),
            last_commit: last_commit.clone(),
            next_review: None,
            changed_since_approval: None,
        });
    }
    rows
}

/// `document-register.html` and `exports/document-register.csv`.
pub(super) fn register(
    basis: &FigureScope,
    shared: &Shared,
    pages: &mut Pages,
    data: &mut crate::plan::DataFiles,
) {
    let portal = basis.visible;
    let rows = rows(portal);
    let cell = |v: &Option<String>| v.clone().unwrap_or_default();
    let table = Table {
        headers: vec![
            "id",
            "title",
            "kind",
            "version",
            "owner",
            "approver",
            "approved_on",
            "last_changed",
            "last_commit",
            "next_review",
            "changed_since_approval",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.title.clone(),
                    r.kind.to_string(),
                    cell(&r.version),
                    cell(&r.owner),
                    cell(&r.approver),
                    cell(&r.approved),
                    cell(&r.last_changed),
                    cell(&r.last_commit),
                    cell(&r.next_review),
                    cell(&r.changed_since_approval),
                ]
            })
            .collect(),
    };
    // Pages of PAGE_SIZE documents, so a handbook of thousands of policies stays light; the
    // export holds them all.
    let documents: Vec<Value> = rows.iter().map(Value::from_serializable).collect();
    let count = basis.tally(|p| p.policies.len());
    for (url, documents, pager) in super::paginate_at(documents, register_page) {
        let mut job = shared.page(
            url,
            "document-register.html",
            "Document register",
            "policies",
            &[("Policies", "policies/index.html")],
        );
        job.set_value("documents", documents)
            .set("pager", &pager)
            .set("count", &count)
            .set("history_from_git", &portal.history.from_git());
        pages.push(job);
    }
    data.push((
        "exports/document-register.csv".into(),
        DataFile::Csv(CsvText::of(&table)),
    ));
}

/// Where page `n` (1-based) of the document register is written.
fn register_page(n: usize) -> String {
    if n == 1 {
        "document-register.html".into()
    } else {
        format!("document-register/page-{n}.html")
    }
}
