//! Checks of incidents: the EU AI Act Art. 73 report of a serious incident and the GDPR
//! Art. 33 notice of a personal-data breach, each against its deadline from awareness, and
//! fields that contradict each other.
//!
//! A deadline missed (notified late, or not notified and passed as of `--today`) is an error
//! and a [`LateNotification`](RecordGapKind::LateNotification) gap; a notice still due is a
//! warning saying when. An incident dated after `--today` (W330) counts as not notified.

use super::{RecordGap, RecordGapKind};
use crate::diagnostics::Diagnostic;
use crate::model::records::{Incident, Limb, Notice};
use crate::model::{Date, Moment};
use crate::resolve::Portal;
use crate::resolve::records::RecordBody;

/// Where one notice stands as of `--today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeState {
    /// Notified by the deadline.
    Met,
    /// Notified after the deadline, this late.
    Late(String),
    /// Not notified, and the deadline passed this long ago (in whole days, as of today).
    Missed(i64),
    /// Not notified; the deadline is still ahead (or today).
    Due,
}

impl NoticeState {
    /// Whether the deadline was missed (late or not at all).
    pub fn missed(&self) -> bool {
        matches!(self, NoticeState::Late(_) | NoticeState::Missed(_))
    }
}

/// Where `notice` stands as of `today`; `counts` is false for a record dated after today,
/// whose notification does not count yet.
pub fn state(notice: &Notice, today: Date, counts: bool) -> NoticeState {
    match notice.notified.filter(|_| counts) {
        Some(at) => match notice.due.lateness(at) {
            None => NoticeState::Met,
            Some(late) => NoticeState::Late(late.to_string()),
        },
        None if notice.due.passed(today) => {
            NoticeState::Missed(notice.due.date().days_until(today))
        }
        None => NoticeState::Due,
    }
}

/// The incidents: index into `Portal::records` and the incident.
fn incidents(portal: &Portal) -> impl Iterator<Item = (usize, &Incident)> {
    portal
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, node)| match &node.body {
            RecordBody::Incident(x) => Some((i, x)),
            _ => None,
        })
}

/// `2 days late`, `not notified, 3 days past its deadline`.
fn gap_detail(notice: &Notice, state: &NoticeState) -> String {
    let what = if notice.law.starts_with("EU") {
        "Art. 73 report"
    } else {
        "GDPR breach notice"
    };
    match state {
        NoticeState::Late(late) => format!("{what} {late} late (due {})", notice.due),
        NoticeState::Missed(days) => format!(
            "{what} not made; due {}, {days} day{} ago",
            notice.due,
            if *days == 1 { "" } else { "s" }
        ),
        NoticeState::Met | NoticeState::Due => String::new(),
    }
}

/// The incidents notified late, or not at all with the deadline passed.
pub(super) fn gaps(portal: &Portal) -> Vec<RecordGap> {
    let mut out = Vec::new();
    for (i, incident) in incidents(portal) {
        let counts = !portal.records[i].after_today;
        for notice in incident.notices() {
            let state = state(&notice, portal.today, counts);
            if state.missed() {
                out.push(RecordGap {
                    record: i,
                    kind: RecordGapKind::LateNotification,
                    detail: gap_detail(&notice, &state),
                });
            }
        }
    }
    out
}

/// The diagnostics of incidents: missed and pending notices (E260, E261, W370, W371), an
/// empty `not_notifiable` (E262), a `limb` on an incident that is not serious (W372), dates
/// out of order (W373), and fields that say nothing for this incident (W374).
pub(super) fn diagnostics(portal: &Portal, _gaps: &[RecordGap]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, incident) in incidents(portal) {
        let counts = !portal.records[i].after_today;
        for notice in incident.notices() {
            let state = state(&notice, portal.today, counts);
            if let Some(d) = notice_diagnostic(incident, &notice, &state, portal.today) {
                out.push(d);
            }
        }
        out.extend(consistency(incident));
    }
    out
}

/// The diagnostic of one notice, located at its field (or at `aware`/`detected` when it was
/// not made).
fn notice_diagnostic(
    incident: &Incident,
    notice: &Notice,
    state: &NoticeState,
    today: Date,
) -> Option<Diagnostic> {
    let art73 = notice.law.starts_with("EU");
    let (error, warning) = if art73 {
        ("E260", "W370")
    } else {
        ("E261", "W371")
    };
    let what = if art73 {
        format!("serious incident `{}`", incident.id)
    } else {
        format!("personal-data breach `{}`", incident.id)
    };
    let aware = incident.aware_at();
    let aware_field = if incident.aware.is_some() {
        "aware"
    } else {
        "detected"
    };
    let help = match (art73, state) {
        (_, NoticeState::Late(_)) => {
            "a late notice stays late: keep its true date, and raise a nonconformity on the notification process"
        }
        (true, _) => "report it and record the date (with the time if known) in `notified`",
        (false, _) => {
            "record the notice in `breach_notified` (with the time if known), or say in `not_notifiable` why none is due (e.g. the breach is unlikely to result in a risk to people)"
        }
    };
    let allows = format!(
        "{} allows {} from awareness ({aware})",
        notice.law, notice.window
    );
    let d = match state {
        NoticeState::Met => return None,
        NoticeState::Late(late) => Diagnostic::error(
            error,
            format!(
                "{what} was notified to the {} on {}, {late} late: {allows}, so it was due by {}",
                notice.authority,
                notice.notified.map(|m| m.to_string()).unwrap_or_default(),
                notice.due,
            ),
        ),
        NoticeState::Missed(days) => Diagnostic::error(
            error,
            format!(
                "{what} has not been notified to the {}: {allows}, so it was due by {}, {days} day{} before {today}",
                notice.authority,
                notice.due,
                if *days == 1 { "" } else { "s" },
            ),
        ),
        NoticeState::Due => Diagnostic::warning(
            warning,
            format!(
                "{what} is not notified to the {} yet: {allows}, so it is due by {}",
                notice.authority, notice.due,
            ),
        ),
    }
    .help(help);
    let field = match state {
        NoticeState::Late(_) => notice.field,
        _ => aware_field,
    };
    Some(incident.source.locate(d, field))
}

/// Fields of one incident that contradict each other or say nothing.
fn consistency(incident: &Incident) -> Vec<Diagnostic> {
    let id = &incident.id;
    let at = |d: Diagnostic, field: &str| incident.source.locate(d, field);
    let mut out = Vec::new();
    if incident
        .not_notifiable
        .as_deref()
        .is_some_and(|r| r.trim().is_empty())
    {
        out.push(at(
            Diagnostic::error(
                "E262",
                format!("incident `{id}` has an empty `not_notifiable`: a reason not to notify must say why"),
            )
            .help("write why no notice is due (e.g. the breach is unlikely to result in a risk to people), or remove the field"),
            "not_notifiable",
        ));
    }
    if incident.limb != Limb::Other && !incident.serious {
        out.push(at(
            Diagnostic::warning(
                "W372",
                format!(
                    "incident `{id}` names a limb of Art. 3(49) but is not marked `serious: true`, so no Art. 73 deadline applies"
                ),
            )
            .help("set `serious: true` if it is a serious incident, or remove `limb`"),
            "limb",
        ));
    }
    out.extend(out_of_order(incident));
    if incident.breach_notified.is_some() && !incident.personal_data_breach {
        out.push(at(
            Diagnostic::warning(
                "W374",
                format!("incident `{id}` has `breach_notified` but is not marked `personal_data_breach: true`"),
            )
            .help("set `personal_data_breach: true` if personal data was affected, or remove `breach_notified`"),
            "breach_notified",
        ));
    }
    if incident.has_reason_not_to_notify() && incident.serious && !incident.personal_data_breach {
        out.push(at(
            Diagnostic::warning(
                "W374",
                format!(
                    "incident `{id}` is serious and gives a reason in `not_notifiable`, but Art. 73 has no exemption: a serious incident is always reported"
                ),
            )
            .help("if it is not a serious incident under Art. 3(49), set `serious: false` and keep the reason; `not_notifiable` only exempts a personal-data breach from GDPR Art. 33"),
            "not_notifiable",
        ));
    }
    out
}

/// W373: awareness before detection, or a notice before awareness.
fn out_of_order(incident: &Incident) -> Vec<Diagnostic> {
    let id = &incident.id;
    let before = |a: Moment, b: Moment| {
        if a.timed && b.timed {
            a.at < b.at
        } else {
            a.date() < b.date()
        }
    };
    let mut out = Vec::new();
    if let Some(aware) = incident.aware.filter(|&a| before(a, incident.detected)) {
        out.push(incident.source.locate(
            Diagnostic::warning(
                "W373",
                format!(
                    "incident `{id}` says the provider became aware on {aware}, before it was detected on {}",
                    incident.detected
                ),
            )
            .help("`aware` is when the provider learnt of it, on or after `detected`; correct one of the dates"),
            "aware",
        ));
    }
    let aware = incident.aware_at();
    for (field, notified) in [
        ("notified", incident.notified),
        ("breach_notified", incident.breach_notified),
    ] {
        if let Some(n) = notified.filter(|&n| before(n, aware)) {
            out.push(incident.source.locate(
                Diagnostic::warning(
                    "W373",
                    format!(
                        "incident `{id}` was notified on {n}, before the provider became aware of it on {aware}"
                    ),
                )
                .help("correct `aware` (or `detected`) or the notice's date"),
                field,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(yaml: &str) -> Incident {
        let base = "id: INC-1\ntitle: T\nseverity: high\n";
        serde_yaml::from_str(&format!("{base}{yaml}")).unwrap()
    }

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn states(incident: &Incident, today: &str) -> Vec<(&'static str, NoticeState)> {
        incident
            .notices()
            .iter()
            .map(|n| (n.law, state(n, day(today), true)))
            .collect()
    }

    #[test]
    fn the_art_73_deadline_follows_the_limb_from_awareness() {
        let base = "serious: true\ndetected: 2026-09-01T08:00Z\naware: 2026-09-02T14:30Z\n";
        let due = |limb: &str| {
            incident(&format!("{base}limb: {limb}\n")).notices()[0]
                .due
                .to_string()
        };
        assert_eq!(due("other"), "2026-09-17 14:30 UTC");
        assert_eq!(due("death"), "2026-09-12 14:30 UTC");
        assert_eq!(due("widespread-infringement"), "2026-09-04 14:30 UTC");
        assert_eq!(due("critical-infrastructure"), "2026-09-04 14:30 UTC");
        // Without `aware`, the clock starts at `detected`.
        let i = incident("serious: true\ndetected: 2026-09-01\n");
        assert_eq!(i.notices()[0].due.to_string(), "2026-09-16");
    }

    #[test]
    fn late_missed_due_and_met_notices() {
        let late = incident(
            "serious: true\nlimb: death\ndetected: 2026-09-01T10:00Z\nnotified: 2026-09-13T09:00+02:00\n",
        );
        assert_eq!(
            states(&late, "2026-11-28"),
            vec![(
                "EU AI Act Art. 73(4)",
                NoticeState::Late("1 day 21 hours".into())
            )]
        );
        let silent = incident("serious: true\ndetected: 2026-09-01\n");
        assert_eq!(states(&silent, "2026-09-16")[0].1, NoticeState::Due);
        assert_eq!(states(&silent, "2026-09-19")[0].1, NoticeState::Missed(3));
        let met = incident("serious: true\ndetected: 2026-09-01\nnotified: 2026-09-16\n");
        assert_eq!(states(&met, "2026-11-28")[0].1, NoticeState::Met);
        // A notice dated after today does not count yet.
        let n = &met.notices()[0];
        assert_eq!(state(n, day("2026-09-10"), false), NoticeState::Due);
    }

    #[test]
    fn a_breach_has_its_own_72_hours_unless_a_reason_is_given() {
        let breach = incident(
            "personal_data_breach: true\ndetected: 2026-10-22T09:14Z\nnotified: 2026-10-25T09:15Z\n",
        );
        assert_eq!(
            states(&breach, "2026-11-28"),
            vec![("GDPR Art. 33(1)", NoticeState::Late("1 minute".into()))]
        );
        let excused = incident(
            "personal_data_breach: true\ndetected: 2026-10-22\nnot_notifiable: unlikely to result in a risk\n",
        );
        assert!(excused.notices().is_empty());
        // An empty reason is no reason: the deadline still applies (and E262 says why).
        let empty =
            incident("personal_data_breach: true\ndetected: 2026-10-22\nnot_notifiable: ' '\n");
        assert_eq!(states(&empty, "2026-11-28")[0].1, NoticeState::Missed(34));
        assert_eq!(consistency(&empty)[0].code, "E262");
        // A serious breach owes two notices; its `notified` is the Art. 73 report.
        let both = incident(
            "serious: true\npersonal_data_breach: true\ndetected: 2026-10-01\nnotified: 2026-10-02\nbreach_notified: 2026-10-03\n",
        );
        let s = states(&both, "2026-11-28");
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|(_, st)| *st == NoticeState::Met));
        let one = incident(
            "serious: true\npersonal_data_breach: true\ndetected: 2026-10-01\nnotified: 2026-10-02\n",
        );
        assert_eq!(states(&one, "2026-11-28")[1].1, NoticeState::Missed(55));
    }

    #[test]
    fn contradictions_are_warnings() {
        let codes = |yaml: &str| -> Vec<&'static str> {
            consistency(&incident(yaml))
                .iter()
                .map(|d| d.code)
                .collect()
        };
        assert_eq!(codes("detected: 2026-10-01\nlimb: death\n"), vec!["W372"]);
        assert_eq!(
            codes("detected: 2026-10-05\naware: 2026-10-01\nnotified: 2026-09-30\n"),
            vec!["W373", "W373"]
        );
        assert_eq!(
            codes("detected: 2026-10-05\nbreach_notified: 2026-10-06\n"),
            vec!["W374"]
        );
        assert_eq!(
            codes("serious: true\ndetected: 2026-10-05\nnot_notifiable: minor\n"),
            vec!["W374"]
        );
        assert!(codes("serious: true\nlimb: death\ndetected: 2026-10-05\n").is_empty());
    }
}
