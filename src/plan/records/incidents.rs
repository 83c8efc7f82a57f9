//! What the page of an incident adds to a record page's context: its timeline (detected,
//! aware, each notice's deadline and when it was made, met or missed) and its notices.

use serde::Serialize;

use super::super::{PageJob, Views};
use crate::check::records::incidents::{NoticeState, state};
use crate::model::Moment;
use crate::model::records::{Incident, Limb, Notice};
use crate::resolve::Portal;
use crate::resolve::records::RecordBody;

/// One row of the timeline.
#[derive(Serialize)]
struct Event {
    /// When, as shown (`2026-10-22 09:14 UTC`, or the day alone).
    when: String,
    /// What happened or falls due.
    event: String,
    /// `met`, `late`, `missed` or `due` for a deadline or a notice.
    state: Option<&'static str>,
    /// How late, when it was.
    detail: Option<String>,
    #[serde(skip)]
    at: Moment,
}

/// A notice as the page shows it.
#[derive(Serialize)]
struct NoticeView {
    law: &'static str,
    authority: &'static str,
    window: &'static str,
    due: String,
    notified: Option<String>,
    state: &'static str,
    detail: String,
}

/// The word of a state, as its badge shows it.
fn word(state: &NoticeState) -> &'static str {
    match state {
        NoticeState::Met => "met",
        NoticeState::Late(_) => "late",
        NoticeState::Missed(_) => "missed",
        NoticeState::Due => "due",
    }
}

/// The notice and its state in a sentence.
fn detail(notice: &Notice, state: &NoticeState) -> String {
    match state {
        NoticeState::Met => format!("Notified within the {}.", notice.window),
        NoticeState::Late(late) => format!("Notified {late} after the deadline."),
        NoticeState::Missed(days) => format!(
            "Not notified; the deadline passed {days} day{} before the data's date.",
            if *days == 1 { "" } else { "s" }
        ),
        NoticeState::Due => format!("Not notified yet; due by {}.", notice.due),
    }
}

/// The limb of Art. 3(49) in words.
fn limb_label(limb: Limb) -> &'static str {
    match limb {
        Limb::Death => "the death of a person (Art. 73(4): 10 days)",
        Limb::CriticalInfrastructure => {
            "serious and irreversible disruption of critical infrastructure (Art. 73(3): 2 days)"
        }
        Limb::WidespreadInfringement => "a widespread infringement (Art. 73(3): 2 days)",
        Limb::Other => {
            "harm to health, fundamental rights, property or the environment (Art. 73(2): 15 days)"
        }
    }
}

/// The timeline of an incident and its notices, in time order.
fn timeline(incident: &Incident, notices: &[(Notice, NoticeState)]) -> Vec<Event> {
    let row =
        |at: Moment, event: String, state: Option<&'static str>, detail: Option<String>| Event {
            when: at.to_string(),
            event,
            state,
            detail,
            at,
        };
    let detected = if incident.aware.is_some() {
        "Detected"
    } else {
        "Detected, and the provider aware: the notice deadlines run from here"
    };
    let mut out = vec![row(incident.detected, detected.into(), None, None)];
    if incident.personal_data_breach && incident.has_reason_not_to_notify() {
        out.push(row(
            incident.aware_at().deadline(72),
            "GDPR Art. 33(1) 72 hours from awareness: no notice due (see the reason above)".into(),
            Some("not notifiable"),
            None,
        ));
    }
    if let Some(aware) = incident.aware {
        out.push(row(
            aware,
            "The provider became aware: the notice deadlines run from here".into(),
            None,
            None,
        ));
    }
    for (notice, state) in notices {
        let deadline = match state {
            NoticeState::Met => "met",
            NoticeState::Late(_) | NoticeState::Missed(_) => "missed",
            NoticeState::Due => "due",
        };
        out.push(row(
            notice.due,
            format!(
                "Deadline: {} notice to the {} ({} from awareness)",
                notice.law, notice.authority, notice.window
            ),
            Some(deadline),
            None,
        ));
        if let Some(at) = notice
            .notified
            .filter(|_| !matches!(state, NoticeState::Due))
        {
            let late = match state {
                NoticeState::Late(late) => Some(format!("{late} late")),
                _ => None,
            };
            out.push(row(
                at,
                format!("{} notified ({})", capital(notice.authority), notice.law),
                Some(word(state)),
                late,
            ));
        }
    }
    // A notice dated without its time sorts before events of the same day with a time: the
    // day is all that is known.
    out.sort_by_key(|e| e.at.at);
    out
}

/// `market surveillance authority` -> `Market surveillance authority`.
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Adds what the page of record `i` shows beyond every record's context.
pub(super) fn page(portal: &Portal, _views: &Views, i: usize, job: &mut PageJob) {
    let RecordBody::Incident(incident) = &portal.records[i].body else {
        return;
    };
    let counts = !portal.records[i].after_today;
    let notices: Vec<(Notice, NoticeState)> = incident
        .notices()
        .into_iter()
        .map(|n| {
            let s = state(&n, portal.today, counts);
            (n, s)
        })
        .collect();
    let views: Vec<NoticeView> = notices
        .iter()
        .map(|(n, s)| NoticeView {
            law: n.law,
            authority: n.authority,
            window: n.window,
            due: n.due.to_string(),
            notified: n.notified.map(|m| m.to_string()),
            state: word(s),
            detail: detail(n, s),
        })
        .collect();
    job.set("timeline", &timeline(incident, &notices))
        .set("notices", &views)
        .set(
            "incident",
            &serde_json::json!({
                "detected": incident.detected.to_string(),
                "aware": incident.aware_at().to_string(),
                "aware_given": incident.aware.is_some(),
                "limb": incident.serious.then(|| limb_label(incident.limb)),
                "not_notifiable": incident.not_notifiable.as_deref().filter(|r| !r.trim().is_empty()),
                "breach_notified": incident.breach_notified.map(|m| m.to_string()),
                "notified": incident.notified.map(|m| m.to_string()),
            }),
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_is_in_time_order_with_each_deadline_met_or_missed() {
        let incident: Incident = serde_yaml::from_str(
            "id: INC-1\ntitle: T\nseverity: high\nserious: true\npersonal_data_breach: true\n\
             detected: 2026-10-01T08:00Z\naware: 2026-10-02T10:00Z\n\
             notified: 2026-10-20T09:00Z\nbreach_notified: 2026-10-04T09:00+02:00\n",
        )
        .unwrap();
        let today = crate::model::Date::parse("2026-11-28").unwrap();
        let notices: Vec<(Notice, NoticeState)> = incident
            .notices()
            .into_iter()
            .map(|n| {
                let s = state(&n, today, true);
                (n, s)
            })
            .collect();
        let rows: Vec<(String, Option<&str>)> = timeline(&incident, &notices)
            .into_iter()
            .map(|e| (e.when, e.state))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2026-10-01 08:00 UTC".to_string(), None),
                ("2026-10-02 10:00 UTC".to_string(), None),
                ("2026-10-04 07:00 UTC".to_string(), Some("met")),
                ("2026-10-05 10:00 UTC".to_string(), Some("met")),
                ("2026-10-17 10:00 UTC".to_string(), Some("missed")),
                ("2026-10-20 09:00 UTC".to_string(), Some("late")),
            ]
        );
    }
}
