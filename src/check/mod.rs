//! Check: judge the resolved portal for gaps — what is missing, stale or overdue.
//!
//! One [`Gaps`], found by [`gaps`], feeds both the warnings of `check` and `build` (all of
//! them) and the `gaps.html` page (those the audience may see, through
//! `audience::Remap::gaps`), so the page never lists a gap the command line does not.

mod acceptance;
mod history;
mod impact;
pub mod records;
mod scope;
pub mod technical_documentation;

pub use history::{
    ChangedSinceApproval, ChangedSinceAssessment, changed_since_approval, changed_since_assessment,
};

use crate::diagnostics::Diagnostic;
use crate::load::vocabulary::RISK_CLASS;
use crate::model::{PolicyStatus, RiskStatus};
use crate::resolve::mentions::{self, Mention};
use crate::resolve::tree::{LinkDestination, resolve_local};
use crate::resolve::{Applicability, Freshness, Portal, ReviewStatus, Scope, Target};

/// Everything missing, stale or overdue in a portal. Indexes point into the portal's vectors.
#[derive(Debug, Default, Clone)]
pub struct Gaps {
    /// Applicable in-scope controls with no valid (fresh or expiring) evidence.
    pub controls_without_evidence: Vec<usize>,
    /// Management-system requirements (clauses 4-10) of in-scope frameworks with no valid
    /// evidence.
    pub requirements_without_evidence: Vec<usize>,
    /// Excluded controls whose justification is empty.
    pub excluded_without_justification: Vec<usize>,
    /// In-scope controls with no Statement of Applicability entry.
    pub missing_applicability: Vec<usize>,
    /// Statement of Applicability entries marked `assessed: false`.
    pub not_assessed: Vec<usize>,
    /// Open risks that no control treats.
    pub risks_without_controls: Vec<usize>,
    /// Risks whose residual score is above the appetite, and not formally accepted.
    pub risks_above_appetite: Vec<usize>,
    /// Risks whose acceptance has expired.
    pub expired_acceptances: Vec<usize>,
    /// Evidence records whose validity period has ended (indexes into `Portal::evidence`).
    pub expired_evidence: Vec<usize>,
    /// Items whose review is overdue.
    pub overdue_reviews: Vec<Target>,
    /// Policies not approved (draft), excluding retired ones, and approved ones dated after
    /// today (W330): not in force yet.
    pub policies_not_approved: Vec<usize>,
    /// Approved policies that link to draft ones: (approved, draft).
    pub approved_linking_draft: Vec<(usize, usize)>,
    /// AI systems whose record a commit changed, in the fields that call for reassessment,
    /// after their latest assessment (from git).
    pub changed_since_assessment: Vec<usize>,
    /// Audits, nonconformities, reviews, objectives and incidents with something wrong.
    pub records: Vec<records::RecordGap>,
    /// High-risk AI systems with Annex IV technical documentation points nothing covers.
    pub technical_documentation: Vec<usize>,
}

impl Gaps {
    /// How many gaps there are in all.
    pub fn total(&self) -> usize {
        self.controls_without_evidence.len()
            + self.requirements_without_evidence.len()
            + self.excluded_without_justification.len()
            + self.missing_applicability.len()
            + self.not_assessed.len()
            + self.risks_without_controls.len()
            + self.risks_above_appetite.len()
            + self.expired_acceptances.len()
            + self.expired_evidence.len()
            + self.overdue_reviews.len()
            + self.policies_not_approved.len()
            + self.changed_since_assessment.len()
            + self.records.len()
            + self.technical_documentation.len()
    }
}

/// Finds every gap in the portal.
pub fn gaps(portal: &Portal) -> Gaps {
    let mut gaps = Gaps::default();
    control_gaps(portal, &mut gaps);
    risk_gaps(portal, &mut gaps);
    for (e, record) in portal.evidence.iter().enumerate() {
        if record.freshness == Freshness::Expired {
            gaps.expired_evidence.push(e);
        }
    }
    policy_gaps(portal, &mut gaps);
    gaps.technical_documentation = technical_documentation::gaps(portal);
    for (s, system) in portal.systems.iter().enumerate() {
        if system.review.status == ReviewStatus::Overdue {
            gaps.overdue_reviews.push(Target::System(s));
        }
        if changed_since_assessment(portal, s).is_some() {
            gaps.changed_since_assessment.push(s);
        }
    }
    gaps.records = records::gaps(portal);
    gaps
}

/// Controls not assessed, without evidence, excluded without a reason or without an entry.
fn control_gaps(portal: &Portal, gaps: &mut Gaps) {
    for (c, control) in portal.controls.iter().enumerate() {
        let in_scope = portal.frameworks[control.framework].scope == Scope::InScope;
        // Evidence is not asked of a control nobody has assessed yet.
        if control.implementation.as_ref().is_some_and(|i| !i.assessed) {
            gaps.not_assessed.push(c);
            continue;
        }
        let valid = control
            .best_freshness(&portal.evidence)
            .is_some_and(Freshness::is_valid);
        match control.applicability {
            Applicability::Applicable if in_scope && !valid => {
                gaps.controls_without_evidence.push(c);
            }
            // A clause met through its sub-clauses is no requirement of its own: they are.
            Applicability::Required if !valid && !portal.is_clause_heading(c) => {
                gaps.requirements_without_evidence.push(c);
            }
            Applicability::Excluded => {
                let empty = control
                    .implementation
                    .as_ref()
                    .is_none_or(|i| i.justification.trim().is_empty());
                if empty {
                    gaps.excluded_without_justification.push(c);
                }
            }
            Applicability::Missing => gaps.missing_applicability.push(c),
            _ => {}
        }
    }
}

/// Risks untreated, above the appetite without a formal acceptance, with an expired
/// acceptance, or overdue for review.
fn risk_gaps(portal: &Portal, gaps: &mut Gaps) {
    for (r, risk) in portal.risks.iter().enumerate() {
        if risk.controls.is_empty() && risk.risk.status != RiskStatus::Closed {
            gaps.risks_without_controls.push(r);
        }
        // A formal acceptance in force, by the body portal.yaml names, is the answer to a
        // risk above appetite, whatever its treatment; one dated after today (W330) is not in
        // force yet.
        let acceptance_expires = risk.risk.acceptance.as_ref().map(|a| a.expires);
        let accepted = acceptance::accepted(portal, risk);
        if acceptance_expires
            .flatten()
            .is_some_and(|e| e < portal.today)
        {
            gaps.expired_acceptances.push(r);
        }
        if risk.above_appetite && risk.risk.status != RiskStatus::Closed && !accepted {
            gaps.risks_above_appetite.push(r);
        }
        if risk.review.status == ReviewStatus::Overdue {
            gaps.overdue_reviews.push(Target::Risk(r));
        }
    }
}

/// Policies overdue for review, not approved, or approved but linking to a draft.
fn policy_gaps(portal: &Portal, gaps: &mut Gaps) {
    for (p, policy) in portal.policies.iter().enumerate() {
        if policy.review.status == ReviewStatus::Overdue
            && policy.doc.meta.status != PolicyStatus::Retired
        {
            gaps.overdue_reviews.push(Target::Policy(p));
        }
        if policy.doc.meta.status == PolicyStatus::Draft || policy.not_yet_in_force() {
            gaps.policies_not_approved.push(p);
        }
        if policy.doc.meta.status == PolicyStatus::Approved && !policy.not_yet_in_force() {
            for found in mentions::scan(&policy.doc.body) {
                let target = match found.mention {
                    Mention::Id(id) => portal.index.find(&id),
                    Mention::File(url) => match resolve_local(
                        &portal.documents,
                        &portal.page_tree,
                        &policy.doc.source.file,
                        &url,
                    ) {
                        LinkDestination::Document(target) => Some(target),
                        _ => None,
                    },
                };
                if let Some(Target::Policy(other)) = target
                    && portal.policies[other].doc.meta.status == PolicyStatus::Draft
                    && !gaps.approved_linking_draft.contains(&(p, other))
                {
                    gaps.approved_linking_draft.push((p, other));
                }
            }
        }
    }
}

/// One line per catalog the portal shows, with its counts, so that a portal's own catalog is
/// seen to load (and what it holds) even when it raises no diagnostic.
pub fn catalog_notes(portal: &Portal) -> Vec<String> {
    portal
        .frameworks
        .iter()
        .enumerate()
        .map(|(f, fw)| {
            let n = portal.catalog_counts(f);
            let mut counts = vec![format!("{} groups", n.groups)];
            counts.extend(n.phrases());
            if n.clause_headings > 0 {
                counts.push(format!(
                    "{} clauses met through their sub-clauses",
                    n.clause_headings
                ));
            }
            if n.enhancements > 0 {
                counts.push(format!("{} of them enhancements", n.enhancements));
            }
            if n.withdrawn > 0 {
                counts.push(format!("{} withdrawn", n.withdrawn));
            }
            let status = match (fw.scope, fw.own) {
                (Scope::InScope, _) => "in scope",
                (Scope::Aligned, true) => "the portal's own, shown as aligned",
                (Scope::Aligned, false) => "aligned",
            };
            format!(
                "catalog `{}` ({}{}): {}; {status}",
                fw.id,
                fw.name,
                fw.version
                    .as_deref()
                    .map(|v| format!(", version {v}"))
                    .unwrap_or_default(),
                counts.join(", ")
            )
        })
        .collect()
}

/// The gaps less those of items that could not be read without stand-ins: their errors are
/// reported already, and a stand-in value (a date, a status) would only add false warnings.
fn without_patched(portal: &Portal, gaps: &Gaps) -> Gaps {
    let patched = |t: Target| match t {
        Target::Policy(i) => portal.policies[i].doc.source.is_patched(),
        Target::Page(i) => portal.pages[i].source.is_patched(),
        Target::System(i) => portal.systems[i].system.source.is_patched(),
        Target::Risk(i) => portal.risks[i].risk.source.is_patched(),
        Target::Evidence(i) => portal.evidence[i].evidence.source.is_patched(),
        Target::Record(i) => portal.record_source(i).is_patched(),
        Target::Control(c) => portal.controls[c]
            .implementation
            .as_ref()
            .is_some_and(|i| i.source.is_patched()),
    };
    let keep = |list: &[usize], kind: fn(usize) -> Target| -> Vec<usize> {
        list.iter()
            .copied()
            .filter(|&i| !patched(kind(i)))
            .collect()
    };
    let mut out = gaps.clone();
    out.controls_without_evidence = keep(&gaps.controls_without_evidence, Target::Control);
    out.excluded_without_justification =
        keep(&gaps.excluded_without_justification, Target::Control);
    out.risks_without_controls = keep(&gaps.risks_without_controls, Target::Risk);
    out.risks_above_appetite = keep(&gaps.risks_above_appetite, Target::Risk);
    out.expired_acceptances = keep(&gaps.expired_acceptances, Target::Risk);
    out.expired_evidence = keep(&gaps.expired_evidence, Target::Evidence);
    out.overdue_reviews.retain(|&t| !patched(t));
    out.policies_not_approved = keep(&gaps.policies_not_approved, Target::Policy);
    out.changed_since_assessment = keep(&gaps.changed_since_assessment, Target::System);
    out.technical_documentation = keep(&gaps.technical_documentation, Target::System);
    out.approved_linking_draft
        .retain(|&(a, d)| !patched(Target::Policy(a)) && !patched(Target::Policy(d)));
    out
}

/// Warnings for the gaps that are worth fixing but do not make the content wrong.
pub fn warnings(portal: &Portal, gaps: &Gaps) -> Vec<Diagnostic> {
    let gaps = &without_patched(portal, gaps);
    let each = |list: &[usize], warning: fn(&Portal, usize) -> Diagnostic| {
        list.iter().map(|&i| warning(portal, i)).collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    out.extend(each(&gaps.expired_evidence, expired_evidence));
    out.extend(
        gaps.overdue_reviews
            .iter()
            .filter_map(|&target| overdue_review(portal, target)),
    );
    out.extend(
        gaps.approved_linking_draft
            .iter()
            .map(|&(approved, draft)| approved_linking_draft(portal, approved, draft)),
    );
    out.extend(each(&gaps.not_assessed, not_assessed));
    out.extend(each(
        &gaps.controls_without_evidence,
        control_without_evidence,
    ));
    out.extend(each(
        &gaps.requirements_without_evidence,
        requirement_without_evidence,
    ));
    out.extend(high_risk_without_basis(portal));
    out.extend(each(
        &gaps.technical_documentation,
        technical_documentation::warning,
    ));
    out.extend(scope::cuecs_outside_a_scope(portal));
    out.extend(each(&gaps.expired_acceptances, expired_acceptance));
    // A risk accepted by the wrong body is told by W334 alone, naming both.
    let unanswered: Vec<usize> = gaps
        .risks_above_appetite
        .iter()
        .copied()
        .filter(|&r| acceptance::wrong_acceptor(portal, &portal.risks[r]).is_none())
        .collect();
    out.extend(each(&unanswered, risk_above_appetite));
    out.extend(acceptance::warnings(portal));
    out.extend(impact::warnings(portal));
    out.extend(each(&gaps.risks_without_controls, risk_without_controls));
    out.extend(history::warnings(portal));
    out.extend(records::diagnostics(portal, &gaps.records));
    out.extend(history::reassessment_warnings(
        portal,
        &gaps.changed_since_assessment,
    ));
    out
}

/// W301: evidence past its expiry, at the field that set it.
fn expired_evidence(portal: &Portal, e: usize) -> Diagnostic {
    let node = &portal.evidence[e];
    let d = Diagnostic::warning(
        "W301",
        format!(
            "evidence `{}` expired on {}",
            node.evidence.id, node.expires
        ),
    )
    .help("collect it again and update `collected`");
    let field = if node.evidence.expires.is_some() {
        "expires"
    } else {
        "collected"
    };
    node.evidence.source.locate(d, field)
}

/// W302: a policy, risk or system whose review is overdue; none for other targets.
fn overdue_review(portal: &Portal, target: Target) -> Option<Diagnostic> {
    let (id, source, next) = match target {
        Target::Policy(p) => {
            let n = &portal.policies[p];
            if n.doc.meta.next_review.is_some() {
                // A written `next_review` is what fell due, so point there, without help.
                let due = n.review.next.map(|d| d.to_string()).unwrap_or_default();
                return Some(n.doc.source.locate(
                    Diagnostic::warning(
                        "W302",
                        format!("the review of `{}` was due on {due}", n.doc.meta.id),
                    ),
                    "next_review",
                ));
            }
            (&n.doc.meta.id, &n.doc.source, n.review.next)
        }
        Target::Risk(r) => {
            let n = &portal.risks[r];
            (&n.risk.id, &n.risk.source, n.review.next)
        }
        Target::System(s) => {
            let n = &portal.systems[s];
            (&n.system.id, &n.system.source, n.review.next)
        }
        _ => return None,
    };
    let due = next.map(|d| d.to_string()).unwrap_or_default();
    Some(
        source.locate(
            Diagnostic::warning("W302", format!("the review of `{id}` was due on {due}"))
                .help("review it and update `last_review`"),
            "last_review",
        ),
    )
}

/// W303: an approved policy linking to a draft, at the line of the link.
fn approved_linking_draft(portal: &Portal, approved: usize, draft: usize) -> Diagnostic {
    let a = &portal.policies[approved].doc;
    let d = &portal.policies[draft].doc;
    let line = link_line(portal, approved, draft).unwrap_or(a.source.line);
    Diagnostic::warning(
        "W303",
        format!(
            "approved policy `{}` links to draft `{}`",
            a.meta.id, d.meta.id
        ),
    )
    .at(a.source.file.clone(), line)
    .help(format!("approve `{}` or drop the link", d.meta.id))
}

/// W315: a control whose applicability entry says it is not assessed yet.
fn not_assessed(portal: &Portal, c: usize) -> Diagnostic {
    let control = &portal.controls[c];
    let d = Diagnostic::warning(
        "W315",
        format!("control `{}` is not assessed yet", control.key),
    )
    .help("decide whether it applies (`applicable`), say why (`justification`), then delete `assessed: false`");
    at_entry(control, d)
}

/// W304: an applicable control with no valid evidence.
fn control_without_evidence(portal: &Portal, c: usize) -> Diagnostic {
    let control = &portal.controls[c];
    let d = Diagnostic::warning(
        "W304",
        format!("applicable control `{}` has no valid evidence", control.key),
    )
    .help("add an evidence record whose `controls` names it");
    at_entry(control, d)
}

/// A control's diagnostic at its applicability entry, when it has one.
fn at_entry(control: &crate::resolve::ControlNode, d: Diagnostic) -> Diagnostic {
    match &control.implementation {
        Some(imp) => imp.source.locate(d, "ref"),
        None => d,
    }
}

/// W312: a management-system requirement with no valid evidence.
fn requirement_without_evidence(portal: &Portal, c: usize) -> Diagnostic {
    let control = &portal.controls[c];
    Diagnostic::warning(
        "W312",
        format!(
            "requirement `{}` ({}) has no valid evidence",
            control.key, control.title
        ),
    )
    .help("add an evidence record whose `controls` names it (minutes, a report, a record)")
}

/// W308: a risk acceptance past its expiry.
fn expired_acceptance(portal: &Portal, r: usize) -> Diagnostic {
    let node = &portal.risks[r];
    let expires = node
        .risk
        .acceptance
        .as_ref()
        .and_then(|a| a.expires)
        .map(|d| d.to_string())
        .unwrap_or_default();
    node.risk.source.locate(
        Diagnostic::warning(
            "W308",
            format!(
                "the acceptance of risk `{}` expired on {expires}",
                node.risk.id
            ),
        )
        .help("renew the acceptance or treat the risk"),
        "acceptance",
    )
}

/// W305: a risk whose residual (or, unrated, inherent) score is above the appetite.
fn risk_above_appetite(portal: &Portal, r: usize) -> Diagnostic {
    let node = &portal.risks[r];
    let score = node.residual.as_ref().unwrap_or(&node.inherent).score;
    let appetite = portal.config.risk.appetite.unwrap_or_default();
    let d = Diagnostic::warning(
        "W305",
        format!(
            "risk `{}` has residual score {score}, above the appetite of {appetite}{}",
            node.risk.id,
            acceptance::above_appetite_tail(portal, node)
        ),
    )
    .help(acceptance::above_appetite_help(portal, node));
    let field = if node.residual.is_some() {
        "residual"
    } else {
        "likelihood"
    };
    node.risk.source.locate(d, field)
}

/// W306: a risk no control treats.
fn risk_without_controls(portal: &Portal, r: usize) -> Diagnostic {
    let node = &portal.risks[r];
    node.risk.source.locate(
        Diagnostic::warning(
            "W306",
            format!("risk `{}` is not treated by any control", node.risk.id),
        )
        .help("name the controls that treat it under `controls:`"),
        "id",
    )
}

/// A system classed high-risk under the EU AI Act must say what the class rests on: an Annex
/// III point (Art. 6(2)) or Annex I product legislation (Art. 6(1)). Warns when it names none.
fn high_risk_without_basis(portal: &Portal) -> Vec<Diagnostic> {
    let annex = |c: &usize| {
        let control = &portal.controls[*c];
        control.framework_id == "eu-ai-act"
            && control.id.starts_with("AnnexI")
            && !control.id.starts_with("AnnexIV")
    };
    portal
        .systems
        .iter()
        .filter(|s| is_high_risk(s) && !s.basis.iter().any(annex))
        .map(|s| {
            let field = if s.system.high_risk_basis.is_empty() {
                "risk_class"
            } else {
                "high_risk_basis"
            };
            s.system.source.locate(
                Diagnostic::warning(
                    "W311",
                    format!(
                        "system `{}` is high-risk but names no Annex III point or Annex I legislation it rests on",
                        s.system.id
                    ),
                )
                .help("add `high_risk_basis: [eu-ai-act:AnnexIII.4.a]` (the point that applies), with eu-ai-act in `aligned:`"),
                field,
            )
        })
        .collect()
}

/// Whether the system is classed high-risk under the EU AI Act (`risk_class`, any alias).
fn is_high_risk(system: &crate::resolve::SystemNode) -> bool {
    system
        .system
        .risk_class
        .as_deref()
        .and_then(|c| RISK_CLASS.canonical(c))
        .is_some_and(|c| c == "high-risk")
}

/// The body line on which an approved policy links to a draft one.
fn link_line(portal: &Portal, approved: usize, draft: usize) -> Option<usize> {
    let doc = &portal.policies[approved].doc;
    mentions::scan(&doc.body).into_iter().find_map(|found| {
        let target = match &found.mention {
            Mention::Id(id) => portal.index.find(id),
            Mention::File(path) => mentions::join_relative(&doc.source.file, path)
                .and_then(|f| portal.documents.get(&f).copied()),
        };
        (target == Some(Target::Policy(draft))).then_some(doc.body_line + found.line - 1)
    })
}

/// A portal read from `files` (path, text) in a temporary folder and resolved as of
/// `today`, with every diagnostic of loading, resolving and checking, for the unit tests of
/// the checks.
#[cfg(test)]
pub(crate) fn test_portal(files: &[(&str, &str)], today: &str) -> (Portal, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let (project, mut diags) = crate::load::load(dir.path()).unwrap();
    let (portal, more) =
        crate::resolve::resolve(project, crate::model::Date::parse(today).unwrap());
    diags.extend(more);
    let found = gaps(&portal);
    diags.extend(warnings(&portal, &found));
    (portal, diags)
}
