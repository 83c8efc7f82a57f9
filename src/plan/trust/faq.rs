//! `faq.html` and `exports/questionnaire.csv`: standard security-questionnaire questions with
//! answers that cite controls, policies and evidence, grouped by topic.

use serde_json::json;

use super::super::data::{DataFile, Table};
use super::super::links::link_of;
use super::super::{PageJob, Shared};
use crate::render::markdown::slug;
use crate::resolve::Portal;

/// Plans `faq.html`.
pub fn page(portal: &Portal, shared: &Shared) -> PageJob {
    let mut job = shared.page(
        "faq.html".into(),
        "trust/faq.html",
        "Security questions and answers",
        "faq",
        &[],
    );
    let mut topics: Vec<serde_json::Value> = Vec::new();
    let mut texts = Vec::new();
    let questions = &portal.trust.questions;
    let mut start = 0;
    while start < questions.len() {
        let topic = &questions[start].question.topic;
        let end = start
            + questions[start..]
                .iter()
                .take_while(|q| &q.question.topic == topic)
                .count();
        let items: Vec<serde_json::Value> = questions[start..end]
            .iter()
            .enumerate()
            .map(|(k, q)| {
                texts.push((q.question.answer.clone(), q.question.source.file.clone()));
                json!({
                    "question": q.question.question,
                    "anchor": format!("q-{}", slug(&q.question.id)),
                    "answer": start + k,
                    "restricted": q.restricted,
                })
            })
            .collect();
        topics.push(json!({ "title": topic, "anchor": format!("topic-{}", slug(topic)), "questions": items }));
        start = end;
    }
    job.set("topics", &topics)
        .set("total", &questions.len())
        .markdown_items("answers", texts);
    job
}

/// `exports/questionnaire.csv`: the answers the audience may see, in plain text, with what
/// each cites (by title; a citation the audience may not see is `restricted`).
pub fn export(portal: &Portal) -> DataFile {
    let title = |id: &str| portal.index.any(id).ok().map(|t| link_of(portal, t).title);
    let rows = portal
        .trust
        .questions
        .iter()
        .map(|q| {
            let mut cites: Vec<String> =
                q.cites.iter().map(|&t| link_of(portal, t).title).collect();
            cites.extend((0..q.restricted).map(|_| "restricted".to_string()));
            vec![
                q.question.topic.clone(),
                q.question.question.clone(),
                written_out(&q.question.answer, title),
                cites.join("; "),
            ]
        })
        .collect();
    DataFile::Csv(Table {
        headers: vec!["topic", "question", "answer", "references"],
        rows,
    })
}

/// An answer in plain text as the FAQ page shows it: `[[ID]]` becomes the title of what
/// `title` finds, `[[ID|text]]` its text, and a reference `title` does not find (an item the
/// audience may not see) becomes `restricted`, link text and all.
fn written_out(text: &str, title: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start + 2..].find("]]") else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + 2 + len];
        let (id, shown) = match inner.split_once('|') {
            Some((id, shown)) => (id, Some(shown.trim())),
            None => (inner, None),
        };
        match title(id.trim()) {
            Some(t) => out.push_str(shown.unwrap_or(&t)),
            None => out.push_str("restricted"),
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_references_become_restricted_with_their_link_text() {
        let title = |id: &str| (id == "POL-1").then(|| "Policy".to_string());
        assert_eq!(
            written_out(
                "See [[POL-1]], [[POL-1|ours]],\n[[SECRET|secret text]] and [[SECRET]].",
                title
            ),
            "See Policy, ours, restricted and restricted."
        );
    }
}
