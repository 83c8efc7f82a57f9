//! Every date a record states, classified once: a date that records the record's own past
//! (evidence `collected`, a `last_review`, an approval) or a date that looks ahead (`expires`,
//! `next_review`, a period's bounds, a planned start).
//!
//! `resolve` judges only the first kind against `--today`: a record that says it was
//! collected, reviewed or approved after the day its data is as of comes from the future, so
//! it is a warning (W330) and never counts as fresh, reviewed, approved or in force. Each type
//! lists its dates in [`Dated::dates`]; a unit test fills every field of every type and fails
//! when a date it serialises is not listed, so a new date field cannot be forgotten.

use super::config::{PortalConfig, SoaDocument};
use super::records::{
    Action, Audit, AuditProgramme, AuditStatus, Incident, ManagementReview, Nonconformity,
    Objective,
};
use super::trust::{Attestation, Subprocessor, TrustDocument, Update};
use super::{Date, Evidence, HistoryEntry, Moment, PolicyMeta, Risk, System};

/// What a date says about time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// Something that happened to the record: collected, reviewed, approved, issued,
    /// announced. After `--today` it cannot be true yet.
    Past,
    /// Something planned or bounding a span: expiry, next review, a period, a start date
    /// announced in advance. Any day is fine.
    Ahead,
}

/// Visits one date with its path in the record (`history[1].date`) and its tense.
pub type DateVisitor<'a> = dyn FnMut(&str, Date, Tense) + 'a;

/// A record whose dates can be listed with their tense.
pub trait Dated {
    /// Every date the record states, with its path relative to the record.
    fn dates(&self, visit: &mut DateVisitor);
}

fn opt(visit: &mut DateVisitor, path: &str, date: Option<Date>, tense: Tense) {
    if let Some(date) = date {
        visit(path, date, tense);
    }
}

fn history(visit: &mut DateVisitor, prefix: &str, entries: &[HistoryEntry]) {
    for (i, entry) in entries.iter().enumerate() {
        visit(
            &format!("{prefix}history[{i}].date"),
            entry.date,
            Tense::Past,
        );
    }
}

impl Dated for PolicyMeta {
    fn dates(&self, visit: &mut DateVisitor) {
        opt(visit, "effective", self.effective, Tense::Past);
        opt(visit, "last_review", self.last_review, Tense::Past);
        opt(visit, "next_review", self.next_review, Tense::Ahead);
        history(visit, "", &self.history);
    }
}

impl Dated for System {
    fn dates(&self, visit: &mut DateVisitor) {
        opt(visit, "last_review", self.last_review, Tense::Past);
    }
}

impl Dated for Risk {
    fn dates(&self, visit: &mut DateVisitor) {
        opt(visit, "identified", self.identified, Tense::Past);
        opt(visit, "last_review", self.last_review, Tense::Past);
        if let Some(acceptance) = &self.acceptance {
            visit("acceptance.date", acceptance.date, Tense::Past);
            opt(
                visit,
                "acceptance.expires",
                acceptance.expires,
                Tense::Ahead,
            );
        }
    }
}

impl Dated for Evidence {
    fn dates(&self, visit: &mut DateVisitor) {
        visit("collected", self.collected, Tense::Past);
        // A period may be planned or still running (a quarter under review).
        if let Some(period) = &self.period {
            visit("period.start", period.start, Tense::Ahead);
            visit("period.end", period.end, Tense::Ahead);
        }
        opt(visit, "expires", self.expires, Tense::Ahead);
    }
}

impl Dated for SoaDocument {
    fn dates(&self, visit: &mut DateVisitor) {
        opt(visit, "approved", self.approved, Tense::Past);
        history(visit, "", &self.history);
    }
}

impl Dated for Attestation {
    fn dates(&self, visit: &mut DateVisitor) {
        // A report period may still be running; the certificate's issue is an audit result.
        if let Some(period) = &self.period {
            visit("period.start", period.start, Tense::Ahead);
            visit("period.end", period.end, Tense::Ahead);
        }
        opt(visit, "issued", self.issued, Tense::Past);
        opt(visit, "expires", self.expires, Tense::Ahead);
    }
}

impl Dated for Update {
    fn dates(&self, visit: &mut DateVisitor) {
        visit("date", self.date, Tense::Past);
    }
}

impl Dated for TrustDocument {
    fn dates(&self, visit: &mut DateVisitor) {
        // A document is issued (past); the period it covers may still be running.
        opt(visit, "date", self.date, Tense::Past);
        if let Some(period) = &self.period {
            visit("period.start", period.start, Tense::Ahead);
            visit("period.end", period.end, Tense::Ahead);
        }
    }
}

impl Dated for Subprocessor {
    fn dates(&self, visit: &mut DateVisitor) {
        // A new subprocessor is announced before it starts (a notice period).
        visit("since", self.since, Tense::Ahead);
    }
}

impl Dated for PortalConfig {
    fn dates(&self, visit: &mut DateVisitor) {
        for (framework, document) in &self.soa {
            let prefix = format!("soa.{framework}.");
            document.dates(&mut |path, date, tense| visit(&format!("{prefix}{path}"), date, tense));
        }
        for (i, attestation) in self.attestations.iter().enumerate() {
            let prefix = format!("attestations[{i}].");
            attestation
                .dates(&mut |path, date, tense| visit(&format!("{prefix}{path}"), date, tense));
        }
        for (i, update) in self.public.updates.iter().enumerate() {
            let prefix = format!("public.updates[{i}].");
            update.dates(&mut |path, date, tense| visit(&format!("{prefix}{path}"), date, tense));
        }
        for (i, document) in self.public.documents.iter().enumerate() {
            let prefix = format!("public.documents[{i}].");
            document.dates(&mut |path, date, tense| visit(&format!("{prefix}{path}"), date, tense));
        }
    }
}

fn actions(visit: &mut DateVisitor, prefix: &str, actions: &[Action]) {
    for (i, action) in actions.iter().enumerate() {
        opt(
            visit,
            &format!("{prefix}actions[{i}].due"),
            action.due,
            Tense::Ahead,
        );
        opt(
            visit,
            &format!("{prefix}actions[{i}].done"),
            action.done,
            Tense::Past,
        );
    }
}

impl Dated for AuditProgramme {
    fn dates(&self, visit: &mut DateVisitor) {
        if let Some(period) = &self.period {
            visit("period.from", period.from, Tense::Ahead);
            visit("period.to", period.to, Tense::Ahead);
        }
        for (i, planned) in self.planned.iter().enumerate() {
            opt(
                visit,
                &format!("planned[{i}].due"),
                planned.due,
                Tense::Ahead,
            );
        }
    }
}

impl Dated for Audit {
    fn dates(&self, visit: &mut DateVisitor) {
        // Fieldwork of a planned or running audit may lie ahead; a completed one's cannot.
        let fieldwork = if self.status == AuditStatus::Completed {
            Tense::Past
        } else {
            Tense::Ahead
        };
        opt(visit, "start", self.start, fieldwork);
        opt(visit, "end", self.end, fieldwork);
        opt(visit, "reported", self.reported, Tense::Past);
    }
}

impl Dated for Nonconformity {
    fn dates(&self, visit: &mut DateVisitor) {
        visit("raised", self.raised, Tense::Past);
        actions(visit, "", &self.actions);
        if let Some(check) = &self.effectiveness {
            visit("effectiveness.date", check.date, Tense::Past);
        }
    }
}

impl Dated for ManagementReview {
    fn dates(&self, visit: &mut DateVisitor) {
        visit("date", self.date, Tense::Past);
        actions(visit, "outputs.", &self.outputs.actions);
    }
}

impl Dated for Objective {
    fn dates(&self, visit: &mut DateVisitor) {
        opt(visit, "due", self.due, Tense::Ahead);
        opt(visit, "target.by", self.target.by, Tense::Ahead);
        for (i, m) in self.measurements.iter().enumerate() {
            visit(&format!("measurements[{i}].date"), m.date, Tense::Past);
        }
    }
}

impl Dated for Incident {
    fn dates(&self, visit: &mut DateVisitor) {
        visit("detected", self.detected.date(), Tense::Past);
        opt(visit, "aware", self.aware.map(Moment::date), Tense::Past);
        opt(
            visit,
            "notified",
            self.notified.map(Moment::date),
            Tense::Past,
        );
        opt(
            visit,
            "breach_notified",
            self.breach_notified.map(Moment::date),
            Tense::Past,
        );
    }
}

/// The dates of `record` that record its past and fall after `today`, with their paths.
pub fn after(record: &dyn Dated, today: Date) -> Vec<(String, Date)> {
    let mut out = Vec::new();
    record.dates(&mut |path, date, tense| {
        if tense == Tense::Past && date > today {
            out.push((path.to_string(), date));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::*;
    use crate::model::records::*;
    use crate::model::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn x() -> String {
        "x".into()
    }

    fn history_entry() -> HistoryEntry {
        HistoryEntry {
            version: x(),
            date: d("2026-01-02"),
            summary: Some(x()),
            approved_by: Some(x()),
        }
    }

    fn period() -> Period {
        Period {
            start: d("2026-01-03"),
            end: d("2026-01-04"),
        }
    }

    fn policy() -> PolicyMeta {
        PolicyMeta {
            id: x(),
            title: x(),
            kind: PolicyKind::Policy,
            owner: x(),
            status: PolicyStatus::Approved,
            version: Some(x()),
            effective: Some(d("2026-01-05")),
            last_review: Some(d("2026-01-06")),
            review_interval: Some(x()),
            next_review: Some(d("2026-01-07")),
            approved_by: Some(x()),
            visibility: Visibility::Public,
            public_label: Some(x()),
            controls: vec![x()],
            systems: vec![x()],
            summary: Some(x()),
            history: vec![history_entry()],
            listed: true,
        }
    }

    fn system() -> System {
        System {
            id: x(),
            name: x(),
            description: Some(x()),
            function: Some(x()),
            scope: Some(x()),
            affected: vec![x()],
            data: vec![x()],
            models: vec![x()],
            vendors: vec![x()],
            owner: x(),
            lifecycle: Some(x()),
            role: Some(x()),
            risk_class: Some(x()),
            high_risk_basis: vec![x()],
            intended_use: Some(x()),
            human_oversight: Some(x()),
            users: vec![x()],
            out_of_scope: vec![x()],
            limitations: vec![x()],
            contest: Some(x()),
            impact_level: Some(x()),
            visibility: Visibility::Public,
            public_label: Some(x()),
            last_review: Some(d("2026-01-08")),
            review_interval: Some(x()),
            technical_documentation: [(
                PointKey("1".into()),
                CoveredPoint {
                    covered_by: vec![x()],
                    note: Some(x()),
                    as_map: true,
                },
            )]
            .into(),
            source: Source::default(),
        }
    }

    fn risk() -> Risk {
        let rating = Rating {
            likelihood: 1,
            impact: 1,
        };
        Risk {
            id: x(),
            title: x(),
            system: Some(x()),
            category: Some(x()),
            description: Some(x()),
            owner: x(),
            likelihood: 1,
            impact: 1,
            treatment: Treatment::Accept,
            strategy: Some(x()),
            controls: vec![x()],
            residual: Some(rating),
            status: RiskStatus::Accepted,
            acceptance: Some(Acceptance {
                by: x(),
                date: d("2026-01-09"),
                expires: Some(d("2026-01-10")),
            }),
            identified: Some(d("2026-01-11")),
            last_review: Some(d("2026-01-12")),
            review_interval: Some(x()),
            visibility: Visibility::Public,
            public_label: Some(x()),
            source: Source::default(),
        }
    }

    fn evidence() -> Evidence {
        Evidence {
            id: x(),
            title: x(),
            description: Some(x()),
            kind: Some(x()),
            file: Some(x()),
            url: Some(x()),
            method: Some(x()),
            collected: d("2026-01-13"),
            period: Some(period()),
            expires: Some(d("2026-01-14")),
            valid_for: Some(x()),
            owner: Some(x()),
            controls: vec![x()],
            risks: vec![x()],
            visibility: Visibility::Public,
            public_label: Some(x()),
            source: Source::default(),
            artifact: None,
        }
    }

    fn subprocessor() -> Subprocessor {
        Subprocessor {
            name: x(),
            purpose: x(),
            data: vec![x()],
            location: x(),
            transfer: Some(x()),
            website: Some(x()),
            since: d("2026-01-15"),
            systems: vec![x()],
            visibility: Visibility::Public,
            source: Source::default(),
        }
    }

    fn config() -> PortalConfig {
        let soa = SoaDocument {
            version: Some(x()),
            approved_by: Some(x()),
            approved: Some(d("2026-01-16")),
            history: vec![history_entry()],
        };
        PortalConfig {
            title: x(),
            organization: x(),
            description: Some(x()),
            base_url: Some(x()),
            frameworks: vec![x()],
            aligned: vec![x()],
            risk: RiskConfig {
                scale: 5,
                levels: vec![RiskLevel { name: x(), max: 1 }],
                appetite: Some(1),
                categories: vec![x()],
                acceptance_by: [(x(), x())].into(),
            },
            reviews: ReviewConfig {
                default_interval: x(),
                due_soon: x(),
            },
            evidence: EvidenceConfig {
                default_validity: x(),
            },
            git_history: true,
            public: PublicConfig {
                show_coverage: true,
                contact: Some(x()),
                auditor_request: Some(x()),
                requests: Some(x()),
                show_status: vec![x()],
                areas: vec![Area {
                    title: x(),
                    summary: x(),
                    groups: vec![x()],
                }],
                updates: vec![Update {
                    date: d("2026-01-17"),
                    title: x(),
                    text: Some(x()),
                }],
                documents: vec![TrustDocument {
                    id: x(),
                    title: x(),
                    kind: x(),
                    date: Some(d("2026-01-20")),
                    period: Some(period()),
                    issuer: Some(x()),
                    access: DocumentAccess::Nda,
                    file: Some(x()),
                    url: Some(x()),
                    summary: Some(x()),
                }],
            },
            attestations: vec![Attestation {
                framework: x(),
                name: Some(x()),
                status: AttestationStatus::Certified,
                issuer: Some(x()),
                period: Some(period()),
                issued: Some(d("2026-01-18")),
                expires: Some(d("2026-01-19")),
                file: Some(x()),
                note: Some(x()),
                id: Some(x()),
                access: Some(DocumentAccess::Public),
            }],
            soa: [(x(), soa)].into_iter().collect(),
        }
    }

    fn action() -> Action {
        Action {
            action: x(),
            owner: Some(x()),
            due: Some(d("2026-02-01")),
            done: Some(d("2026-02-02")),
        }
    }

    fn input() -> ReviewInput {
        ReviewInput {
            summary: x(),
            reviewed: vec![x()],
        }
    }

    fn programme() -> AuditProgramme {
        AuditProgramme {
            id: x(),
            title: x(),
            owner: Some(x()),
            period: Some(Span {
                from: d("2026-01-01"),
                to: d("2026-12-31"),
            }),
            scope: vec![x()],
            planned: vec![PlannedAudit {
                audit: Some(x()),
                title: x(),
                due: Some(d("2026-06-30")),
                scope: vec![x()],
            }],
            description: Some(x()),
            visibility: Visibility::Public,
            public_label: Some(x()),
            source: Source::default(),
        }
    }

    fn audit() -> Audit {
        Audit {
            id: x(),
            title: x(),
            programme: Some(x()),
            status: AuditStatus::Completed,
            start: Some(d("2026-02-03")),
            end: Some(d("2026-02-04")),
            reported: Some(d("2026-02-05")),
            auditor: x(),
            independence: Some(x()),
            criteria: Some(x()),
            scope: vec![x()],
            evidence: vec![x()],
            findings: vec![Finding {
                id: x(),
                kind: FindingType::Minor,
                control: x(),
                statement: x(),
                evidence: vec![x()],
            }],
            summary: Some(x()),
            visibility: Visibility::Public,
            public_label: Some(x()),
            source: Source::default(),
        }
    }

    fn nonconformity() -> Nonconformity {
        Nonconformity {
            id: x(),
            title: x(),
            origin: Some(Origin::Audit),
            raised_from: Some(x()),
            severity: Some(FindingType::Minor),
            raised: d("2026-02-06"),
            owner: Some(x()),
            description: Some(x()),
            controls: vec![x()],
            risks: vec![x()],
            systems: vec![x()],
            correction: Some(x()),
            root_cause: Some(x()),
            actions: vec![action()],
            effectiveness: Some(EffectivenessCheck {
                date: d("2026-02-07"),
                result: EffectivenessResult::Effective,
                by: x(),
                note: Some(x()),
            }),
            status: NonconformityStatus::Closed,
            evidence: vec![x()],
            visibility: Visibility::Public,
            public_label: Some(x()),
            source: Source::default(),
        }
    }

    fn review() -> ManagementReview {
        ManagementReview {
            id: x(),
            title: x(),
            date: d("2026-02-08"),
            chair: Some(x()),
            attendees: vec![x()],
            inputs: Box::new(ReviewInputs {
                previous_actions: Some(input()),
                context_changes: Some(input()),
                interested_parties: Some(input()),
                nonconformities: Some(input()),
                measurement_results: Some(input()),
                audit_results: Some(input()),
                improvement_opportunities: Some(input()),
                interested_party_feedback: Some(input()),
                risk_assessment_results: Some(input()),
                objectives: Some(input()),
                ai_system_performance: Some(input()),
            }),
            outputs: ReviewOutputs {
                decisions: vec![x()],
                changes: vec![x()],
                resources: vec![x()],
                actions: vec![action()],
            },
            evidence: vec![x()],
            summary: Some(x()),
            visibility: Visibility::Public,
            public_label: Some(x()),
            source: Source::default(),
        }
    }

    fn objective() -> Objective {
        Objective {
            id: x(),
            title: x(),
            policy: Some(x()),
            owner: x(),
            resources: Some(x()),
            due: Some(d("2026-12-31")),
            evaluation: Some(x()),
            target: ObjectiveTarget {
                metric: x(),
                comparison: Comparison::AtLeast,
                value: 1.0,
                unit: Some(x()),
                by: Some(d("2026-11-30")),
            },
            measurements: vec![Measurement {
                date: d("2026-03-31"),
                value: 0.5,
                note: Some(x()),
                evidence: vec![x()],
            }],
            controls: vec![x()],
            systems: vec![x()],
            description: Some(x()),
            visibility: Visibility::Public,
            public_label: Some(x()),
            source: Source::default(),
        }
    }

    fn incident() -> Incident {
        // Untimed moments serialise as dates, which the classification test can see.
        let m = |t: &str| Moment::parse(t).unwrap();
        Incident {
            id: x(),
            title: x(),
            system: Some(x()),
            detected: m("2026-04-01"),
            aware: Some(m("2026-04-02")),
            severity: Severity::High,
            serious: true,
            limb: Limb::Other,
            personal_data_breach: true,
            not_notifiable: Some(x()),
            notified: Some(m("2026-04-03")),
            breach_notified: Some(m("2026-04-04")),
            status: IncidentStatus::Closed,
            description: Some(x()),
            risks: vec![x()],
            nonconformities: vec![x()],
            evidence: vec![x()],
            visibility: Visibility::Public,
            public_label: Some(x()),
            source: Source::default(),
        }
    }

    /// Every string of a serialised value with its path (`history[0].date`); fails on an
    /// empty value, so that a sample leaves no field unfilled.
    fn strings(value: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
        use serde_json::Value;
        let join = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        match value {
            Value::Null => panic!("the sample leaves `{path}` empty: fill every field"),
            Value::String(s) => out.push((path.to_string(), s.clone())),
            Value::Array(items) => {
                assert!(!items.is_empty(), "the sample leaves `{path}` empty");
                for (i, item) in items.iter().enumerate() {
                    strings(item, &format!("{path}[{i}]"), out);
                }
            }
            Value::Object(map) => {
                assert!(!map.is_empty(), "the sample leaves `{path}` empty");
                for (key, item) in map {
                    strings(item, &join(key), out);
                }
            }
            Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// The dates a record serialises must be exactly the dates it lists, each with a tense.
    fn all_dates_classified<T: Dated + serde::Serialize>(kind: &str, record: &T) {
        let mut serialised = Vec::new();
        strings(&serde_json::to_value(record).unwrap(), "", &mut serialised);
        let mut found: Vec<String> = serialised
            .into_iter()
            .filter(|(_, text)| Date::parse(text).is_ok())
            .map(|(path, _)| path)
            .collect();
        let mut listed = Vec::new();
        record.dates(&mut |path, _, _| listed.push(path.to_string()));
        found.sort();
        listed.sort();
        assert_eq!(
            found, listed,
            "{kind}: every date field must be listed in `Dated::dates` with its tense"
        );
    }

    #[test]
    fn every_date_of_every_record_has_a_tense() {
        all_dates_classified("policy", &policy());
        all_dates_classified("system", &system());
        all_dates_classified("risk", &risk());
        all_dates_classified("evidence", &evidence());
        all_dates_classified("subprocessor", &subprocessor());
        all_dates_classified("portal.yaml", &config());
        all_dates_classified("audit programme", &programme());
        all_dates_classified("audit", &audit());
        all_dates_classified("nonconformity", &nonconformity());
        all_dates_classified("management review", &review());
        all_dates_classified("objective", &objective());
        all_dates_classified("incident", &incident());
    }

    /// Types with a date field (by reading `src/model/`) must be among the samples above, so
    /// a new kind of record with dates is classified too.
    #[test]
    fn every_type_with_a_date_is_sampled() {
        const SAMPLED: &[&str] = &[
            "HistoryEntry",
            "PolicyMeta",
            "System",
            "Acceptance",
            "Risk",
            "Period",
            "Evidence",
            "SoaDocument",
            "Attestation",
            "Update",
            "TrustDocument",
            "Subprocessor",
            "Span",
            "PlannedAudit",
            "AuditProgramme",
            "Audit",
            "Action",
            "EffectivenessCheck",
            "Nonconformity",
            "ManagementReview",
            "ObjectiveTarget",
            "Measurement",
            "Objective",
            "Incident",
        ];
        // Not records of the portal but git's: the commit a build read (`build --at`) and the
        // commits of a file's history. `--at` gives the portal as it stood, history included.
        // Nor is a notice an incident owes: it is computed from the incident's own dates.
        const NOT_RECORDS: &[&str] = &["Revision", "Change", "Notice"];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model");
        let mut unsampled = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let mut current = None;
            for line in text.lines() {
                let line = line.trim();
                if let Some(rest) = line.strip_prefix("pub struct ") {
                    current = rest.split([' ', '(', '<', '{']).next().map(str::to_string);
                } else if line.starts_with("pub ")
                    && line.contains(':')
                    && ["Date>", "Date,", "Moment>", "Moment,"]
                        .iter()
                        .any(|t| line.contains(t))
                    && let Some(name) = &current
                    && name != "Date"
                    && name != "Moment"
                    && !SAMPLED.contains(&name.as_str())
                    && !NOT_RECORDS.contains(&name.as_str())
                    && !unsampled.contains(name)
                {
                    unsampled.push(name.clone());
                }
            }
        }
        assert!(
            unsampled.is_empty(),
            "types with dates that the `Dated` samples do not cover: {unsampled:?}"
        );
    }

    #[test]
    fn only_past_dates_after_today_are_found() {
        let mut record = evidence();
        record.collected = d("2026-03-01");
        record.expires = Some(d("2027-03-01"));
        assert_eq!(
            after(&record, d("2026-02-01")),
            vec![("collected".to_string(), d("2026-03-01"))]
        );
        assert!(after(&record, d("2026-03-01")).is_empty());
        let mut meta = policy();
        meta.history[0].date = d("2026-05-01");
        let found: Vec<String> = after(&meta, d("2026-04-01"))
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(found, ["history[0].date"]);
        let found: Vec<String> = after(&config(), d("2026-01-01"))
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert!(found.contains(&"soa.x.approved".to_string()));
        assert!(found.contains(&"attestations[0].issued".to_string()));
        assert!(found.contains(&"public.documents[0].date".to_string()));
        assert!(
            !found
                .iter()
                .any(|p| p.contains("expires") || p.contains("period"))
        );
    }
}
