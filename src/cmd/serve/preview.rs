//! The preview `serve` keeps up to date, and the two ways an edit reaches it.
//!
//! - At once: when every changed file is a Markdown document whose front matter (and, for a
//!   page, title) is unchanged, the pages made only of those documents are rendered again
//!   from the last analysis with the new text, written, and open pages reload.
//! - At once too: when every changed file is a risk register edited in place and every risk
//!   the edition shows keeps its id, references, visibility and mentions, the pages of the
//!   changed risks are planned again from the last analysis with the new entries (their
//!   scores and review derived as resolving derives them) and written. The pages that list
//!   them (indexes, controls, the heat map) wait for the full pass.
//! - In full, always afterwards and never blocking the first: the portal is analysed again,
//!   and only the output files whose fingerprint changed are written (print view, search
//!   index, pages that list or link the edited item...); files no longer produced are removed.
//!   A newer edit interrupts it between steps; the next pass carries on from what was written.
//!
//! Content errors leave the output as the last good analysis made it: pages written at once
//! since then are put back, and the diagnostics are reported.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use rayon::prelude::*;

use super::Versions;
use super::outputs::{self, Fingerprint, Outputs, Written};
use super::sources::{self, Heads, Sources};
use crate::audience::AudienceScrubber;
use crate::load::MarkdownParts;
use crate::model::Audience;
use crate::pipeline::{self, Planned, StaticOutput};
use crate::plan::{DataFile, LinkTable, PageJob, Plan};
use crate::render::Renderer;
use crate::resolve::Portal;
use crate::write::{Live, Sink};
use crate::{BuildOptions, Failure};

/// How a build's outcome is told to the user.
pub type Report = Box<dyn Fn(Result<String, Failure>) + Send>;

/// The preview: its options, what the watcher last saw, and the last good analysis.
pub struct Preview {
    options: BuildOptions,
    live: Live,
    versions: Arc<Versions>,
    report: Mutex<Report>,
    watch: Mutex<Watch>,
    /// Moves with every change seen; a full pass that started before it gives way.
    generation: AtomicU64,
    state: Mutex<Option<State>>,
    /// Whether a full pass is wanted, and the signal that wakes it.
    wanted: Mutex<bool>,
    wake: Condvar,
}

/// What the watcher last saw.
struct Watch {
    sources: Sources,
    heads: Heads,
}

/// The last good analysis, as far as rendering needs it, and what the output holds.
struct State {
    renderer: Arc<Renderer>,
    links: LinkTable,
    scrubber: AudienceScrubber,
    /// The heads of the documents as that analysis read them.
    heads: Heads,
    outputs: Outputs,
    /// Pages written at once since that analysis, as they were before.
    undo: HashMap<String, Fingerprint>,
    /// The portal as the audience sees it, as that analysis (and any register edit written at
    /// once since) left it.
    portal: Arc<Portal>,
    /// Whether files changed since the auditor package's manifest was written.
    package_stale: bool,
}

/// What an edit seen by the watcher is, which decides whether it can be written at once.
enum Edit {
    /// Markdown documents, each with its new head and body.
    Markdown(Vec<(String, MarkdownParts)>),
    /// Risk registers changed in place (none added or removed).
    Risks(Vec<String>),
    /// Anything else: the full pass alone.
    Other,
}

/// How to make an output file that is not a page.
enum Content {
    Page,
    Bytes(Vec<u8>),
    Static(&'static [u8]),
    Copy(std::path::PathBuf),
    /// An SVG beside the pages, sanitised as it is written.
    Svg(std::path::PathBuf),
}

/// What the preview keeps of an analysis besides its outputs.
struct Kept {
    /// The portal, for register edits written at once and the auditor package's manifest.
    visible: Arc<Portal>,
    links: LinkTable,
    scrubber: AudienceScrubber,
}

/// The outputs of one analysis: path and fingerprint, and how to make each; the data files
/// apart, made after the pages (the search index alone takes seconds).
struct Next {
    made: Vec<(String, Fingerprint)>,
    content: Vec<Content>,
    data: Vec<(String, DataFile)>,
}

impl Preview {
    /// Builds the portal into `options.out` (the first full pass, against an empty output)
    /// and keeps what the next edit needs.
    pub fn start(options: BuildOptions, versions: Arc<Versions>, report: Report) -> Arc<Preview> {
        // Taken before the first build, so a change made while it runs still triggers another.
        let sources = Sources::scan(&options.root);
        let heads = sources::heads(&options.root, &sources);
        let preview = Arc::new(Preview {
            live: Live::new(&options.out),
            options,
            versions,
            report: Mutex::new(report),
            watch: Mutex::new(Watch { sources, heads }),
            generation: AtomicU64::new(0),
            state: Mutex::new(None),
            wanted: Mutex::new(false),
            wake: Condvar::new(),
        });
        preview.full_pass();
        let settler = Arc::clone(&preview);
        std::thread::spawn(move || settler.settle_loop());
        preview
    }

    /// Whether an output path is one of the portal's own pages (as the last analysis wrote
    /// it): only those get the reload script.
    pub fn is_page(&self, path: &str) -> bool {
        lock(&self.state)
            .as_ref()
            .is_some_and(|s| matches!(s.outputs.get(path), Some(Fingerprint::Page(_))))
    }

    /// Called when the watcher saw activity: writes a body-only edit or a risk register edit
    /// at once, then asks for a full pass. Nothing happens when no source really changed (the
    /// build's own reads).
    pub fn changed(&self) {
        let Some(edit) = self.record_changes() else {
            return;
        };
        let written = match edit {
            Edit::Markdown(edits) => self.quick(&edits),
            Edit::Risks(files) => self.quick_risks(&files),
            Edit::Other => None,
        };
        if let Some(written) = written {
            self.versions.changed(&written);
            self.tell(Ok(format!("updated {} page(s) at once", written.len())));
        }
        self.want_full_pass();
    }

    /// Notes what changed since the last scan: `None` when nothing did, else what kind of
    /// edit it is.
    fn record_changes(&self) -> Option<Edit> {
        let root = &self.options.root;
        let now = Sources::scan(root);
        let mut watch = lock(&self.watch);
        let changes = watch.sources.changes(&now);
        if changes.is_empty() {
            return None;
        }
        watch.sources = now;
        let edit = match sources::markdown_edits(root, &changes) {
            Some(edits) => {
                for (file, parts) in &edits {
                    watch.heads.insert(file.clone(), parts.head.clone());
                }
                Edit::Markdown(edits)
            }
            None => {
                sources::update_heads(root, &changes, &mut watch.heads);
                match sources::risk_register_edits(&changes) {
                    Some(files) => Edit::Risks(files),
                    None => Edit::Other,
                }
            }
        };
        self.generation.fetch_add(1, Ordering::SeqCst);
        Some(edit)
    }

    fn tell(&self, outcome: Result<String, Failure>) {
        (lock(&self.report))(outcome);
    }

    fn want_full_pass(&self) {
        *lock(&self.wanted) = true;
        self.wake.notify_one();
    }

    /// Runs full passes, one at a time, whenever one is wanted.
    fn settle_loop(&self) {
        loop {
            {
                let mut wanted = lock(&self.wanted);
                while !*wanted {
                    wanted = self.wake.wait(wanted).unwrap_or_else(|e| e.into_inner());
                }
                *wanted = false;
            }
            self.full_pass();
        }
    }

    /// Whether a change was seen after `generation`.
    fn superseded(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) != generation
    }
}

impl Preview {
    /// Analyses the portal again and writes what changed.
    fn full_pass(&self) {
        let (generation, heads) = {
            let watch = lock(&self.watch);
            (self.generation.load(Ordering::SeqCst), watch.heads.clone())
        };
        let first = lock(&self.state).is_none();
        let started = std::time::Instant::now();
        let analysed = pipeline::analyse_passing(&self.options).and_then(|(planned, _)| {
            let renderer = pipeline::renderer(&planned, self.options.audience)?;
            Ok((planned, renderer))
        });
        let (planned, renderer) = match analysed {
            Ok(done) => done,
            Err(failure) => return self.failed(generation, failure),
        };
        let pages = planned.plan.paths.len();
        let seconds = || started.elapsed().as_secs_f64();
        match self.apply(generation, heads, planned, renderer) {
            Ok(Some(_)) if first => {
                self.versions.all_changed();
                self.tell(Ok(format!("built {pages} pages in {:.1} s", seconds())));
            }
            Ok(Some(changed)) => self.tell(Ok(format!(
                "rebuilt: {changed} file(s) changed in {:.1} s",
                seconds()
            ))),
            Ok(None) => {}
            Err(failure) => self.tell(Err(failure)),
        }
    }

    /// Makes the output match a new analysis, unless a newer change interrupts (`None` then;
    /// what was written stays, and the next pass does not write it again). Open pages reload
    /// as their files are written. Returns how many files were written or removed.
    fn apply(
        &self,
        generation: u64,
        heads: Heads,
        planned: Planned,
        renderer: Renderer,
    ) -> Result<Option<usize>, Failure> {
        let renderer = Arc::new(renderer);
        let (next, kept) = Next::of_plan(planned)?;
        // Compared against a snapshot, without holding the state: a quick edit meanwhile moves
        // the generation, and this pass then gives way below.
        let Some(last) = self.snapshot(generation) else {
            return Ok(None);
        };
        let later: Vec<&str> = next.data.iter().map(|(p, _)| p.as_str()).collect();
        let diff = outputs::diff(&last, &next.made, &later);
        drop(last);
        // Only what is to be written is kept.
        let next = next.only(&diff.write);
        let mut guard = lock(&self.state);
        if self.superseded(generation) {
            return Ok(None);
        }
        let (outputs, package_stale) = guard
            .take()
            .map_or_else(Default::default, |s| (s.outputs, s.package_stale));
        let state = guard.insert(State {
            renderer: Arc::clone(&renderer),
            links: kept.links,
            scrubber: kept.scrubber,
            heads,
            outputs,
            undo: HashMap::new(),
            portal: Arc::clone(&kept.visible),
            package_stale,
        });
        for path in &diff.remove {
            self.live
                .remove(path)
                .map_err(|e| Failure::Io(e.to_string()))?;
            state.outputs.remove(path);
        }
        state.package_stale |= !diff.remove.is_empty();
        drop(guard);
        self.versions.changed(&diff.remove);
        // Pages of one document first, each written as soon as it is rendered; then the
        // pages of many (the print view) beside the data files, so neither waits for the other.
        let order: Vec<usize> = (0..next.made.len()).collect();
        let split = order.partition_point(|&i| outputs::cost(&next.made[i].1) <= 1);
        let (light, heavy) = order.split_at(split);
        let write_all = |indexes: &[usize]| {
            indexes.par_iter().try_for_each(|&i| {
                match self.write_one(generation, &next, i, &renderer) {
                    Ok(true) => Ok(()),
                    Ok(false) => Err(None),
                    Err(failure) => Err(Some(failure)),
                }
            })
        };
        let (pages, data) = match write_all(light) {
            Ok(()) => rayon::join(
                || write_all(heavy),
                || self.apply_data(generation, &next.data),
            ),
            Err(stop) => (Err(stop), Ok(None)),
        };
        match pages {
            Err(Some(failure)) => return Err(failure),
            Err(None) => return Ok(None),
            Ok(()) => {}
        }
        let Some(data) = data? else {
            return Ok(None);
        };
        self.write_package(&kept.visible)?;
        Ok(Some(diff.remove.len() + diff.write.len() + data))
    }

    /// What the output holds (nothing before the first pass), unless a change came after
    /// `generation`.
    fn snapshot(&self, generation: u64) -> Option<Outputs> {
        let guard = lock(&self.state);
        if self.superseded(generation) {
            return None;
        }
        Some(
            guard
                .as_ref()
                .map(|s| s.outputs.clone())
                .unwrap_or_default(),
        )
    }

    /// Renders and writes output `i` of `next`: `false` when a newer change came first.
    fn write_one(
        &self,
        generation: u64,
        next: &Next,
        i: usize,
        renderer: &Renderer,
    ) -> Result<bool, Failure> {
        let bytes = next.make(i, renderer)?;
        let (path, fingerprint) = &next.made[i];
        let mut guard = lock(&self.state);
        let Some(state) = guard.as_mut().filter(|_| !self.superseded(generation)) else {
            return Ok(false);
        };
        self.write(&[(path, bytes)])?;
        state.outputs.insert(path.clone(), fingerprint.clone());
        state.package_stale = true;
        drop(guard);
        self.versions.changed(std::slice::from_ref(path));
        Ok(true)
    }

    /// Renders the data files and writes those whose bytes changed; `None` when a newer
    /// change interrupts. Returns how many were written.
    fn apply_data(
        &self,
        generation: u64,
        data: &[(String, DataFile)],
    ) -> Result<Option<usize>, Failure> {
        let rendered: Vec<(&str, std::borrow::Cow<[u8]>, Fingerprint)> = data
            .par_iter()
            .map(|(path, file)| {
                let bytes = pipeline::render_data(path, file)?;
                let made = Fingerprint::bytes(&bytes);
                Ok((path.as_str(), bytes, made))
            })
            .collect::<Result<_, Failure>>()?;
        let mut guard = lock(&self.state);
        let Some(state) = guard.as_mut().filter(|_| !self.superseded(generation)) else {
            return Ok(None);
        };
        let changed: Vec<(&str, Bytes, Fingerprint)> = rendered
            .into_iter()
            .filter(|(path, _, made)| state.outputs.get(*path) != Some(made))
            .map(|(path, bytes, made)| {
                let bytes = match bytes {
                    std::borrow::Cow::Owned(b) => Bytes::Owned(b),
                    std::borrow::Cow::Borrowed(b) => Bytes::Borrowed(b),
                };
                (path, bytes, made)
            })
            .collect();
        let paths: Vec<String> = changed.iter().map(|(p, _, _)| p.to_string()).collect();
        let files: Vec<(&str, Bytes)> = changed
            .into_iter()
            .map(|(path, bytes, made)| {
                state.outputs.insert(path.to_string(), made);
                (path, bytes)
            })
            .collect();
        self.write(&files)?;
        state.package_stale |= !paths.is_empty();
        drop(guard);
        self.versions.changed(&paths);
        Ok(Some(paths.len()))
    }

    /// The auditor package's manifest, again, when files changed since it was written.
    fn write_package(&self, visible: &Portal) -> Result<(), Failure> {
        let mut guard = lock(&self.state);
        let Some(state) = guard.as_mut().filter(|s| s.package_stale) else {
            return Ok(());
        };
        if self.options.audience == Audience::Auditor {
            pipeline::write_package(visible, None, None, &self.live)?;
        }
        state.package_stale = false;
        Ok(())
    }

    /// Writes made files into the output. Called with the state locked, so on this thread
    /// only: a pool thread waiting for its tasks could take one that waits for the lock.
    fn write(&self, made: &[(&str, Bytes)]) -> Result<(), Failure> {
        made.iter().try_for_each(|(path, bytes)| {
            match bytes {
                Bytes::Owned(b) => self.live.put(path, b),
                Bytes::Borrowed(b) => self.live.put(path, b),
                Bytes::Copy(source) => self.live.copy(path, source),
            }
            .map_err(|e| Failure::Io(e.to_string()))
        })
    }

    /// A full pass failed: unless a newer change is on its way, puts back the pages written
    /// at once since the last good analysis, and reports.
    fn failed(&self, generation: u64, failure: Failure) {
        if self.superseded(generation) {
            return;
        }
        let reverted = {
            let mut guard = lock(&self.state);
            guard.as_mut().map(|state| self.revert(state))
        };
        match reverted {
            Some(Ok(paths)) => self.versions.changed(&paths),
            Some(Err(also)) => self.tell(Err(also)),
            None => {}
        }
        self.tell(Err(failure));
    }

    /// Writes the pages of `undo` back as they were.
    fn revert(&self, state: &mut State) -> Result<Vec<String>, Failure> {
        let undo: Vec<(String, Fingerprint)> = state.undo.drain().collect();
        for (path, made) in &undo {
            if let Fingerprint::Page(written) = made {
                let html = pipeline::render_page(&state.renderer, &written.job)?;
                self.live
                    .put(path, html.as_bytes())
                    .map_err(|e| Failure::Io(e.to_string()))?;
            }
        }
        let paths = undo.iter().map(|(p, _)| p.clone()).collect();
        state.outputs.extend(undo);
        Ok(paths)
    }
}

impl Preview {
    /// The quick path: renders the pages made only of the edited documents with their new
    /// bodies, if every edit left the document's head as the last analysis read it. Returns
    /// the pages written, or `None` when the edit needs the full pass.
    fn quick(&self, edits: &[(String, MarkdownParts)]) -> Option<Vec<String>> {
        let mut guard = lock(&self.state);
        let state = guard.as_mut()?;
        let mut bodies: HashMap<&str, String> = HashMap::new();
        for (file, parts) in edits {
            if state.heads.get(file) != Some(&parts.head) {
                return None;
            }
            bodies.insert(file, state.scrubber.markdown(&parts.body, file));
        }
        let jobs = edited_jobs(&state.outputs, &bodies);
        if jobs.is_empty() {
            return None;
        }
        self.write_at_once(state, jobs)
    }

    /// Renders and writes pages of a quick path, keeping each page as it was for a full pass
    /// that fails. Returns their paths, or `None` when one cannot be rendered or written.
    fn write_at_once(&self, state: &mut State, jobs: Vec<PageJob>) -> Option<Vec<String>> {
        // On this thread, not the pool: a full pass may keep the pool busy for seconds.
        let rendered: Vec<(PageJob, String)> = jobs
            .into_iter()
            .map(|job| {
                let html = pipeline::render_page(&state.renderer, &job).ok()?;
                Some((job, html))
            })
            .collect::<Option<_>>()?;
        let mut written = Vec::new();
        for (job, html) in rendered {
            self.live.put(&job.path, html.as_bytes()).ok()?;
            let path = job.path.clone();
            let now = Fingerprint::Page(Arc::new(Written::new(job, &state.links)));
            if let Some(before) = state.outputs.insert(path.clone(), now) {
                state.undo.entry(path.clone()).or_insert(before);
            }
            written.push(path);
        }
        state.package_stale = true;
        Some(written)
    }
}

impl Preview {
    /// The quick path of a risk register edit: when every risk the edition shows keeps its id,
    /// its references, its visibility and its mentions, the pages of the
    /// changed risks are planned again from the last analysis with the new entries, as a full
    /// pass plans them ([`crate::plan::risk_pages`], [`crate::resolve::risk_state`]), and
    /// written. Returns the pages written, or `None` when the edit needs the full pass (which
    /// follows either way, and puts these pages back if the edit fails it).
    fn quick_risks(&self, files: &[String]) -> Option<Vec<String>> {
        let (base, scrubber) = {
            let guard = lock(&self.state);
            let state = guard.as_ref()?;
            (Arc::clone(&state.portal), state.scrubber.clone())
        };
        // Read and planned without the lock: parsing and the views run on the thread pool,
        // whose threads may be a full pass's writers waiting for it.
        let (portal, edited) = self.edited_risks(&base, &scrubber, files)?;
        let jobs: Vec<PageJob> = edited
            .iter()
            .flat_map(|&i| crate::plan::risk_pages(&portal, self.options.audience, i))
            .collect();
        let mut guard = lock(&self.state);
        // A full pass that finished meanwhile read the new sources itself.
        let state = guard.as_mut().filter(|s| Arc::ptr_eq(&s.portal, &base))?;
        let jobs: Vec<PageJob> = jobs
            .into_iter()
            .filter(|job| match state.outputs.get(&job.path) {
                Some(Fingerprint::Page(written)) => written.job != *job,
                _ => false,
            })
            .collect();
        if jobs.is_empty() {
            return None;
        }
        let written = self.write_at_once(state, jobs)?;
        state.portal = Arc::new(portal);
        Some(written)
    }

    /// `portal` with the risks of the edited registers as they read now, and which risks
    /// changed; `None` when an edit needs the full pass.
    fn edited_risks(
        &self,
        portal: &Portal,
        scrubber: &AudienceScrubber,
        files: &[String],
    ) -> Option<(Portal, Vec<usize>)> {
        let mut portal = portal.clone();
        let mut edited = Vec::new();
        // Ids of entries this save changed or does not show: a page written at once must not
        // mention one (its link text or label may have changed with it).
        let mut touched: Vec<String> = Vec::new();
        for file in files {
            let path = self.options.root.join(file);
            let read = crate::load::clean_risk_register(&self.options.root, &path)?;
            let count = read.len();
            let mut entries: HashMap<String, crate::model::Risk> = read
                .into_iter()
                .map(|risk| (risk.id.clone(), risk))
                .collect();
            // A repeated id is an error the full pass reports.
            if entries.len() != count {
                return None;
            }
            let places: Vec<usize> = (0..portal.risks.len())
                .filter(|&i| portal.risks[i].risk.source.file == *file)
                .collect();
            // A shown risk removed needs the full pass; entries this edition does not show are
            // on no page written at once, unless one mentions them.
            for i in places {
                let entry = entries.remove(&portal.risks[i].risk.id)?;
                // The view has no system where the audience may not see it: the entry's own
                // edge is unknown here.
                if portal.risks[i].restricted.systems > 0 {
                    return None;
                }
                let Some(risk) = edited_risk(&portal.risks[i].risk, entry, scrubber)? else {
                    continue;
                };
                touched.push(risk.id.clone());
                let (derived, problems) = crate::resolve::risk_state(&portal, &risk);
                if !problems.is_empty() {
                    return None;
                }
                let node = &mut portal.risks[i];
                node.risk = Arc::new(risk);
                node.inherent = derived.inherent;
                node.residual = derived.residual;
                node.above_appetite = derived.above_appetite;
                node.review = derived.review;
                node.after_today = derived.after_today;
                edited.push(i);
            }
            touched.extend(entries.into_keys());
        }
        let mentions_touched = |&i: &usize| {
            let text = portal.risks[i].risk.description.clone().unwrap_or_default();
            mentions(&text).iter().any(|m| {
                let id = m[2..m.len() - 2].split('|').next().unwrap_or("").trim();
                touched.iter().any(|t| t == id)
            })
        };
        if edited.iter().any(mentions_touched) {
            return None;
        }
        (!edited.is_empty()).then_some((portal, edited))
    }
}

/// A risk's new entry as the edition shows it, when it differs from `before` only where a
/// quick write can follow: `Some(None)` when nothing the edition shows changed, `None` when
/// the edit needs the full pass (a changed id, reference or visibility, a reference in a plain
/// field, a mention added, removed or hidden from the edition).
fn edited_risk(
    before: &crate::model::Risk,
    mut after: crate::model::Risk,
    scrubber: &AudienceScrubber,
) -> Option<Option<crate::model::Risk>> {
    let edges = |r: &crate::model::Risk| {
        (
            r.id.clone(),
            r.system.clone(),
            r.controls.clone(),
            r.visibility,
        )
    };
    if edges(before) != edges(&after) {
        return None;
    }
    let description = after.description.take();
    // A plain field the filter would write otherwise (a reference, or nothing but a hidden
    // item's id, which it writes as the label): the full pass writes those.
    if crate::model::strings::any_string(&after, &|text| scrubber.rewrites(text)) {
        return None;
    }
    after.description = match description {
        Some(text) => Some(scrubber.markdown_field(&text, &after.source.file)?),
        None => None,
    };
    let text = |r: &crate::model::Risk| r.description.clone().unwrap_or_default();
    if mentions(&text(before)) != mentions(&text(&after)) {
        return None;
    }
    let shown = |r: &crate::model::Risk| serde_json::to_value(r).ok();
    Some((shown(before)? != shown(&after)?).then_some(after))
}

/// The `[[...]]` references of a text, in order.
fn mentions(text: &str) -> Vec<&str> {
    text.match_indices("[[")
        .filter_map(|(at, _)| {
            let rest = &text[at..];
            rest.find("]]").map(|end| &rest[..end + 2])
        })
        .collect()
}

/// The pages whose Markdown all comes from edited documents, with the new bodies swapped in;
/// pages whose job would not change are left out.
fn edited_jobs(outputs: &Outputs, bodies: &HashMap<&str, String>) -> Vec<PageJob> {
    let mut jobs = Vec::new();
    for made in outputs.values() {
        let Fingerprint::Page(written) = made else {
            continue;
        };
        let slots = &written.job.markdown;
        if slots.is_empty() || !slots.iter().all(|s| bodies.contains_key(s.file.as_str())) {
            continue;
        }
        let mut job = written.job.clone();
        for slot in &mut job.markdown {
            slot.text.clone_from(&bodies[slot.file.as_str()]);
        }
        if job != written.job {
            jobs.push(job);
        }
    }
    jobs
}

/// The bytes of a made file, or the file it is copied from.
enum Bytes<'a> {
    Owned(Vec<u8>),
    Borrowed(&'a [u8]),
    Copy(&'a Path),
}

impl Next {
    /// Every output of an analysis in writing order, pages and copied files fingerprinted,
    /// and what else of it the preview keeps.
    fn of_plan(planned: Planned) -> Result<(Next, Kept), Failure> {
        let Planned {
            visible: portal,
            plan,
            scrubber,
        } = planned;
        let fixed = pipeline::static_outputs(&portal, &plan);
        let Plan {
            pages, data, links, ..
        } = plan;
        let mut made: Vec<(String, Fingerprint)> = pages
            .into_par_iter()
            .map(|job| {
                let path = job.path.clone();
                (path, Fingerprint::Page(Arc::new(Written::new(job, &links))))
            })
            .collect();
        let mut content: Vec<Content> = made.iter().map(|_| Content::Page).collect();
        // A build writes the data files before the copied ones: a copy with the same path wins.
        let data = data
            .into_iter()
            .filter(|(path, _)| path != "assets/style.css" && !fixed.iter().any(|(p, _)| p == path))
            .collect();
        for (path, file) in fixed {
            let (fingerprint, how) = match file {
                StaticOutput::Builtin(bytes) => (Fingerprint::bytes(bytes), Content::Static(bytes)),
                StaticOutput::Copy(source) => (Fingerprint::copy(&source), Content::Copy(source)),
                StaticOutput::Svg(source) => (Fingerprint::copy(&source), Content::Svg(source)),
            };
            made.push((path, fingerprint));
            content.push(how);
        }
        let style = pipeline::stylesheet(&portal)?;
        made.push(("assets/style.css".to_string(), Fingerprint::bytes(&style)));
        content.push(Content::Bytes(style));
        let kept = Kept {
            visible: Arc::new(portal),
            links,
            scrubber,
        };
        Ok((
            Next {
                made,
                content,
                data,
            },
            kept,
        ))
    }

    /// Only the outputs at `indexes`, in that order; the data files stay.
    fn only(self, indexes: &[usize]) -> Next {
        let mut entries: Vec<Option<((String, Fingerprint), Content)>> =
            self.made.into_iter().zip(self.content).map(Some).collect();
        let (made, content) = indexes.iter().filter_map(|&i| entries[i].take()).unzip();
        Next {
            made,
            content,
            data: self.data,
        }
    }

    /// The bytes of output `i` (a page is rendered).
    fn make(&self, i: usize, renderer: &Renderer) -> Result<Bytes<'_>, Failure> {
        let (path, made) = &self.made[i];
        Ok(match (&self.content[i], made) {
            (Content::Page, Fingerprint::Page(written)) => {
                Bytes::Owned(pipeline::render_page(renderer, &written.job)?.into_bytes())
            }
            (Content::Bytes(bytes), _) => Bytes::Borrowed(bytes),
            (Content::Static(bytes), _) => Bytes::Borrowed(bytes),
            (Content::Copy(source), _) => Bytes::Copy(source),
            (Content::Svg(source), _) => Bytes::Owned(pipeline::sanitized_svg(source)?),
            (Content::Page, Fingerprint::Hash(_)) => {
                return Err(Failure::Io(format!("{path}: no page to render")));
            }
        })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere stops the process (see the panic hook): a poisoned lock is not seen.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn mentions_are_the_references_in_order() {
        assert_eq!(
            mentions("See [[RSK-1]], [[pol-2|the policy]] and [[RSK-1]]; not [[ this"),
            ["[[RSK-1]]", "[[pol-2|the policy]]", "[[RSK-1]]"]
        );
        assert!(mentions("no [reference] here").is_empty());
    }
}
