//! `faq.html` and `exports/questionnaire.csv`: standard security-questionnaire questions with
//! answers that cite controls, policies and evidence, grouped by topic.

use serde_json::json;

use super::super::data::{CsvText, DataFile, Table};
use super::super::links::{LinkTable, link_of};
use super::super::search::shown_text;
use super::super::{PageJob, Shared};
use crate::resolve::Portal;
use crate::shared::slugs::slug_for_anchor;

/// The anchor of a question on `faq.html` (search results link it).
pub fn question_anchor(id: &str) -> String {
    format!("q-{}", slug_for_anchor(id))
}

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
                    "anchor": question_anchor(&q.question.id),
                    "answer": start + k,
                    "restricted": q.restricted,
                })
            })
            .collect();
        topics.push(json!({ "title": topic, "anchor": format!("topic-{}", slug_for_anchor(topic)), "questions": items }));
        start = end;
    }
    job.set("topics", &topics)
        .set("total", &questions.len())
        .markdown_items("answers", texts);
    job
}

/// `exports/questionnaire.csv`: the answers the audience may see, in plain text, with what
/// each cites by title (citations the audience may not see are left out).
/// `links` is the audience's link table, which holds only what the audience may see.
pub fn export(portal: &Portal, links: &LinkTable) -> DataFile {
    let rows = portal
        .trust
        .questions
        .iter()
        .map(|q| {
            // What the audience may not see is not cited: no placeholder stands for it.
            let cites: Vec<String> = q.cites.iter().map(|&t| link_of(portal, t).title).collect();
            vec![
                q.question.topic.clone(),
                q.question.question.clone(),
                shown_text(&q.question.answer, &q.question.source.file, links),
                cites.join("; "),
            ]
        })
        .collect();
    DataFile::Csv(CsvText::of(&Table {
        headers: vec!["topic", "question", "answer", "references"],
        rows,
    }))
}
