//! The trust center's data, resolved: attestations and control areas against the catalogs,
//! subprocessors against the AI systems that use them, and questionnaire answers' `[[ID]]`
//! citations against every entity.

use std::collections::HashMap;

use super::entities::safe_url;
use super::ids::valid_id;
use super::mentions::{self, Mention};
use super::text::text_position;
use super::{Portal, Target};
use crate::diagnostics::{Diagnostic, closest};
use crate::model::{Area, Attestation, Audience, Question, Source, Subprocessor};

/// Everything the trust center shows beyond the handbook's entities.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// Attestations, in the order `portal.yaml` lists them.
    pub attestations: Vec<AttestationNode>,
    /// Control areas (or one per catalog group of the in-scope frameworks).
    pub areas: Vec<AreaNode>,
    /// Subprocessors, sorted by name.
    pub subprocessors: Vec<SubprocessorNode>,
    /// Questionnaire answers, sorted by topic then id.
    pub questions: Vec<QuestionNode>,
}

/// An attestation with the name to show.
#[derive(Debug, Clone)]
pub struct AttestationNode {
    /// The attestation as `portal.yaml` writes it.
    pub attestation: Attestation,
    /// `name`, else the framework's name.
    pub name: String,
    /// Index into `Portal::frameworks`.
    pub framework: usize,
}

/// A control area with the controls of its groups.
#[derive(Debug, Clone)]
pub struct AreaNode {
    /// As written (or made from a catalog group).
    pub area: Area,
    /// Controls of its groups, in catalog order.
    pub controls: Vec<usize>,
}

/// A subprocessor with the AI systems that use it.
#[derive(Debug, Clone)]
pub struct SubprocessorNode {
    /// The subprocessor as its register writes it.
    pub subprocessor: Subprocessor,
    /// Indexes into `Portal::systems`.
    pub systems: Vec<usize>,
    /// How many of its systems this audience may not see.
    pub restricted: usize,
}

/// A questionnaire answer with what it cites.
#[derive(Debug, Clone)]
pub struct QuestionNode {
    /// The questionnaire entry as its register writes it.
    pub question: Question,
    /// Everything its answer cites by `[[ID]]`, in order of writing.
    pub cites: Vec<Target>,
    /// How many citations this audience may not see.
    pub restricted: usize,
}

/// Resolves the trust-center data of a portal whose entities are already resolved.
pub fn resolve(
    portal: &Portal,
    config: &Source,
    subprocessors: Vec<Subprocessor>,
    questions: Vec<Question>,
    diags: &mut Vec<Diagnostic>,
) -> Trust {
    check_show_status(portal, config, diags);
    super::trust_documents::check(portal, config, diags);
    Trust {
        attestations: attestations(portal, config, diags),
        areas: areas(portal, config, diags),
        subprocessors: resolve_subprocessors(portal, subprocessors, diags),
        questions: resolve_questions(portal, questions, diags),
    }
}

/// The index of a shown framework, or an E201 with a suggestion.
fn framework(portal: &Portal, id: &str) -> Result<usize, Diagnostic> {
    portal
        .frameworks
        .iter()
        .position(|f| f.id == id)
        .ok_or_else(|| {
            let mut d = Diagnostic::error("E201", format!("unknown framework `{id}`"));
            let ids = portal.frameworks.iter().map(|f| f.id.as_str());
            if let Some(best) = closest(id, ids) {
                d = d.help(format!("did you mean `{best}`?"));
            }
            d.help_if_none("name a framework of `frameworks:` or `aligned:`")
        })
}

fn check_show_status(portal: &Portal, config: &Source, diags: &mut Vec<Diagnostic>) {
    for (i, id) in portal.config.public.show_status.iter().enumerate() {
        if let Err(d) = framework(portal, id) {
            diags.push(config.locate(d, &format!("public.show_status[{i}]")));
        }
    }
}

fn attestations(
    portal: &Portal,
    config: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Vec<AttestationNode> {
    let mut out = Vec::new();
    for (i, a) in portal.config.attestations.iter().enumerate() {
        let at = |field: &str| format!("attestations[{i}].{field}");
        if let Some(file) = &a.file
            && !portal
                .static_files
                .iter()
                .any(|(p, _)| p == file.trim_start_matches("./"))
        {
            diags.push(
                config.locate(
                    Diagnostic::error("E302", format!("attestation file `{file}` does not exist"))
                        .help(
                            "give a path relative to `static/`, e.g. `certificates/iso42001.pdf`",
                        ),
                    &at("file"),
                ),
            );
        }
        match framework(portal, &a.framework) {
            Ok(f) => out.push(AttestationNode {
                name: a
                    .name
                    .clone()
                    .unwrap_or_else(|| portal.frameworks[f].name.clone()),
                attestation: a.clone(),
                framework: f,
            }),
            Err(d) => diags.push(config.locate(d, &at("framework"))),
        }
    }
    out
}

/// The areas `public.areas` names, or else one area per group of each in-scope framework.
fn areas(portal: &Portal, config: &Source, diags: &mut Vec<Diagnostic>) -> Vec<AreaNode> {
    let mut groups: HashMap<String, &Vec<usize>> = HashMap::new();
    for fw in &portal.frameworks {
        for g in &fw.groups {
            groups.insert(format!("{}:{}", fw.id, g.id), &g.controls);
        }
    }
    if portal.config.public.areas.is_empty() {
        return portal
            .frameworks
            .iter()
            .filter(|f| f.scope == super::Scope::InScope)
            .flat_map(|f| &f.groups)
            .map(|g| AreaNode {
                area: Area {
                    title: g.title.clone(),
                    summary: String::new(),
                    groups: Vec::new(),
                },
                controls: g.controls.clone(),
            })
            .collect();
    }
    let mut out = Vec::new();
    for (i, area) in portal.config.public.areas.iter().enumerate() {
        let mut controls = Vec::new();
        for (j, key) in area.groups.iter().enumerate() {
            match groups.get(key.trim()) {
                Some(list) => controls.extend(list.iter().copied()),
                None => {
                    let mut d = Diagnostic::error("E201", format!("unknown control group `{key}`"))
                        .help("write `framework:group`, e.g. `soc2:CC6` or `iso42001:A.5`");
                    if let Some(best) = closest(key, groups.keys().map(String::as_str)) {
                        d.help = Some(format!("did you mean `{best}`?"));
                    }
                    diags.push(config.locate(d, &format!("public.areas[{i}].groups[{j}]")));
                }
            }
        }
        controls.sort_unstable();
        controls.dedup();
        out.push(AreaNode {
            area: area.clone(),
            controls,
        });
    }
    out
}

fn resolve_subprocessors(
    portal: &Portal,
    mut list: Vec<Subprocessor>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SubprocessorNode> {
    list.sort_by_key(|a| a.name.to_lowercase());
    let pick = |t: Target| match t {
        Target::System(s) => Some(s),
        _ => None,
    };
    list.into_iter()
        .map(|sub| {
            if let Some(url) = &sub.website
                && (!safe_url(url) || url.starts_with("mailto:"))
            {
                diags.push(sub.source.locate(
                    Diagnostic::error(
                        "E409",
                        format!("subprocessor `{}`: website `{url}` must start with https:// or http://", sub.name),
                    ),
                    "website",
                ));
            }
            let mut systems = Vec::new();
            for (j, id) in sub.systems.iter().enumerate() {
                match portal.index.entity(id, "system", pick) {
                    Ok(s) => systems.push(s),
                    Err(d) if !portal.index.broken.contains(id.trim()) => {
                        diags.push(sub.source.locate(d, &format!("systems[{j}]")));
                    }
                    Err(_) => {}
                }
            }
            SubprocessorNode {
                subprocessor: sub,
                systems,
                restricted: 0,
            }
        })
        .collect()
}

fn resolve_questions(
    portal: &Portal,
    mut list: Vec<Question>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<QuestionNode> {
    let mut first: HashMap<String, String> = HashMap::new();
    for q in &list {
        let here = format!("{}:{}", q.source.file, q.source.position("id").0);
        if !valid_id(&q.id) {
            diags.push(q.source.locate(
                Diagnostic::error("E204", format!("`{}` is not a valid id", q.id)),
                "id",
            ));
        } else if let Some(earlier) = first.get(&q.id.to_lowercase()) {
            diags.push(
                q.source.locate(
                    Diagnostic::error(
                        "E205",
                        format!("question `{}` is defined more than once", q.id),
                    )
                    .help(format!(
                        "first defined at {earlier}; question ids are unique across questionnaires"
                    )),
                    "id",
                ),
            );
        } else {
            first.insert(q.id.to_lowercase(), here);
        }
    }
    list.sort_by(|a, b| (&a.topic, &a.id).cmp(&(&b.topic, &b.id)));
    list.into_iter()
        .map(|question| {
            let cites = citations(portal, &question, diags);
            QuestionNode {
                question,
                cites,
                restricted: 0,
            }
        })
        .collect()
}

/// What an answer cites; each `[[ID]]` or `.md` link that leads nowhere is an error at its
/// own line and column.
fn citations(portal: &Portal, q: &Question, diags: &mut Vec<Diagnostic>) -> Vec<Target> {
    let mut cites = Vec::new();
    for found in mentions::scan(&q.answer) {
        let (line, column) = text_position(&q.source, "answer", found.line, found.column);
        let located = |d: Diagnostic| d.at(q.source.file.clone(), line).column(column);
        match found.mention {
            Mention::Id(id) => match portal.index.any(&id) {
                Ok(t) => cites.push(t),
                Err(d) if !portal.index.broken.contains(id.trim()) => diags.push(located(d)),
                Err(_) => {}
            },
            Mention::File(path) => {
                let to = mentions::join_relative(&q.source.file, &path)
                    .and_then(|p| portal.documents.get(&p).copied());
                match to {
                    Some(t) => cites.push(t),
                    None => diags.push(located(
                        Diagnostic::error(
                            "E208",
                            format!("link to `{path}` does not lead to a policy or page"),
                        )
                        .help("cite documents by `[[ID]]`"),
                    )),
                }
            }
        }
    }
    cites.dedup();
    cites
}

impl Trust {
    /// The trust data as `audience` may see it: hidden subprocessors and questions dropped,
    /// references to hidden systems and items counted instead of kept. `target` maps a
    /// target of the whole portal to the filtered one (`None` when hidden).
    pub fn filtered(&self, audience: Audience, target: impl Fn(Target) -> Option<Target>) -> Trust {
        let subprocessors = self
            .subprocessors
            .iter()
            .filter(|s| audience.sees(s.subprocessor.visibility))
            .map(|s| {
                let systems: Vec<usize> = s
                    .systems
                    .iter()
                    .filter_map(|&i| match target(Target::System(i)) {
                        Some(Target::System(j)) => Some(j),
                        _ => None,
                    })
                    .collect();
                let mut node = s.clone();
                node.restricted = s.systems.len() - systems.len();
                node.systems = systems;
                node.subprocessor.systems.clear();
                node
            })
            .collect();
        let questions = self
            .questions
            .iter()
            .filter(|q| audience.sees(q.question.visibility))
            .map(|q| {
                let cites: Vec<Target> = q.cites.iter().filter_map(|&t| target(t)).collect();
                let mut node = q.clone();
                node.restricted = q.cites.len() - cites.len();
                node.cites = cites;
                node
            })
            .collect();
        Trust {
            attestations: self.attestations.clone(),
            areas: self.areas.clone(),
            subprocessors,
            questions,
        }
    }
}
