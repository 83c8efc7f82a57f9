//! The whole pipeline, load -> resolve -> check -> plan -> render -> write, as one call.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::audience::{AudienceScrubber, Remap};
use crate::check::Gaps;
use crate::diagnostics::{self, Diagnostic};
use crate::model::{Audience, Date, Revision};
use crate::plan::{DataFile, PageJob, Plan};
use crate::render::Renderer;
use crate::resolve::Portal;
use crate::write::gate::{Gate, LeakGate};
use crate::write::{BUILTIN_STATIC, Scan, Sink, Staging, package};
use crate::{audience, check, load, plan, render, resolve};

/// What a build or check is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The portal root.
    pub root: PathBuf,
    /// The output directory.
    pub out: PathBuf,
    /// The date reviews and freshness are judged against.
    pub today: Date,
    /// Warnings fail the build too.
    pub strict: bool,
    /// Who the build is for.
    pub audience: Audience,
    /// Also write the output as a deterministic zip here.
    pub zip: Option<PathBuf>,
    /// Sign the auditor manifest with this Ed25519 OpenSSH private key.
    pub sign: Option<PathBuf>,
    /// Replace an output built for another audience.
    pub force: bool,
    /// Read the sources as they stood at a commit instead of from `root` (`--at`); `root`
    /// still names the portal in messages and places the default output.
    pub at: Option<At>,
    /// Compare with the sources as they stood at an earlier commit (`--since`): adds the
    /// changes pages (internal and auditor builds).
    pub since: Option<At>,
}

/// The sources as they stood at a commit (`build --at`, `check --at`), written into a
/// temporary folder by [`crate::load::revision::Snapshot`], which its caller keeps until the
/// diagnostics are printed.
#[derive(Debug, Clone)]
pub struct At {
    /// The portal root inside the temporary folder: every source is read from here.
    pub sources: PathBuf,
    /// The commit, recorded in the output's marker and the auditor manifest.
    pub revision: Revision,
}

impl At {
    /// The sources and commit of a snapshot.
    pub fn of(snapshot: &crate::load::revision::Snapshot) -> At {
        At {
            sources: snapshot.root().to_path_buf(),
            revision: snapshot.revision().clone(),
        }
    }

    /// `text` with every path into the temporary folder shown from the portal root instead,
    /// so messages read as they would from a build of the work tree.
    fn unmask(&self, root: &Path, text: &str) -> String {
        let shown = root.display().to_string();
        let mut text = text.to_string();
        let real = self.sources.canonicalize().ok();
        for folder in real.iter().chain([&self.sources]) {
            let folder = folder.display().to_string();
            if !folder.is_empty() && text.contains(&folder) {
                text = text.replace(&folder, &shown);
            }
        }
        text
    }

    /// [`At::unmask`] on every message and help of the diagnostics.
    fn unmask_all(&self, root: &Path, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics {
            d.message = self.unmask(root, &d.message);
            if let Some(help) = &d.help {
                d.help = Some(self.unmask(root, help));
            }
        }
    }

    /// [`At::unmask`] on a failure's messages.
    fn unmask_failure(&self, root: &Path, failure: Failure) -> Failure {
        match failure {
            Failure::Content(mut d) => {
                self.unmask_all(root, &mut d);
                Failure::Content(d)
            }
            Failure::Template(d) => {
                let mut one = [d];
                self.unmask_all(root, &mut one);
                let [d] = one;
                Failure::Template(d)
            }
            Failure::Io(m) => Failure::Io(self.unmask(root, &m)),
            Failure::Swap(m) => Failure::Swap(self.unmask(root, &m)),
        }
    }
}

impl BuildOptions {
    /// Where the sources are read: the commit's tree with `--at`, else the root.
    pub fn sources(&self) -> &Path {
        self.at.as_ref().map_or(&self.root, |at| &at.sources)
    }

    /// A result with its messages shown from the root (see [`At::unmask`]).
    fn unmasked<T>(&self, result: Result<T, Failure>) -> Result<T, Failure> {
        match &self.at {
            Some(at) => result.map_err(|f| at.unmask_failure(&self.root, f)),
            None => result,
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the portal was written.
    pub out: PathBuf,
    /// HTML pages written to the output.
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Warnings (never errors: a build with errors fails).
    pub diagnostics: Vec<Diagnostic>,
    /// How long the build took, in seconds of wall time.
    pub seconds: f64,
    /// Set when the new output is in place but the previous one could not be removed.
    pub leftover: Option<String>,
}

/// Why a build or check failed.
#[derive(Debug)]
pub enum Failure {
    /// The content has errors (or warnings under `--strict`): exit 1.
    Content(Vec<Diagnostic>),
    /// A template failed to compile or render: exit 1.
    Template(Diagnostic),
    /// Output, I/O or internal failure before the output was touched: exit 2.
    Io(String),
    /// The swap into place failed; the message says which output is in place: exit 2.
    Swap(String),
}

/// A checked portal: the whole of it and its gaps, and what the audience sees.
struct Analysis {
    full: Portal,
    gaps: Gaps,
    visible: Portal,
    visible_gaps: Gaps,
    audience: Audience,
    /// Where each item went in `visible`.
    remap: Remap,
    /// The portal as it stood at `--since`, as the audience sees it, and that commit.
    before: Option<(Portal, Revision)>,
    /// The commit the build reads (`--at`), or none for the work tree.
    current: Option<Revision>,
}

impl Analysis {
    /// What planning reads.
    fn portals(&self) -> plan::Portals<'_> {
        plan::Portals {
            visible: &self.visible,
            gaps: &self.visible_gaps,
            audience: self.audience,
            full: &self.full,
            full_gaps: &self.gaps,
            since: self
                .before
                .as_ref()
                .map(|(before, revision)| plan::changes::Since {
                    before,
                    revision,
                    current: self.current.as_ref(),
                }),
        }
    }

    /// The plan's own findings: outputs that would overwrite each other.
    fn collisions(&self, plan: &Plan) -> Vec<Diagnostic> {
        plan::outputs::collisions(plan, &self.visible, &self.full, self.audience)
    }

    /// Plans without rendering, for the collisions alone: each page is dropped as soon as
    /// it is planned.
    fn plan_for_collisions(&self) -> Vec<Diagnostic> {
        let links = plan::link_table(&self.visible);
        let deliver = plan::Deliver {
            page: &mut drop,
            data: &mut |_, _| {},
        };
        let plan = plan::plan_streaming(self.portals(), links, deliver);
        self.collisions(&plan)
    }
}

/// Loads, resolves and checks: every diagnostic found before planning, and the analysis if
/// the portal could be read. Planning is part of checking too: output collisions are found
/// there ([`Analysis::collisions`]).
fn analyse(options: &BuildOptions) -> (Option<Analysis>, Vec<Diagnostic>) {
    let history_from = load::HistoryFrom {
        root: &options.root,
        revision: options.at.as_ref().map(|at| at.revision.commit.as_str()),
    };
    let (project, mut diags) = match load::load_with_history(options.sources(), history_from) {
        Ok(loaded) => loaded,
        Err(diags) => return (None, diags),
    };
    let unreadable = project.unreadable.clone();
    let (portal, more) = resolve::resolve(project, options.today);
    diags.extend(more);
    let gaps = check::gaps(&portal);
    diags.extend(check::warnings(&portal, &gaps));
    if options.audience != Audience::Auditor {
        diags.extend(audience::restricted_references(&portal, options.audience));
        diags.extend(audience::restricted_trust_references(
            &portal,
            options.audience,
        ));
    }
    // Checks that depend on a file that could not be parsed are skipped, and counted.
    let dependent = load::unreadable::skip_dependent(&unreadable, &mut diags);
    diags.extend(load::unreadable::note(
        &unreadable,
        portal.index.broken.skipped() + dependent,
    ));
    // A template override that does not compile is found by `check` too.
    if !portal.templates.is_empty()
        && let Err(text) = render::templates::compile(&portal.templates)
    {
        diags.push(render::templates::diagnostic(
            &text,
            &portal.templates,
            "compiling templates",
        ));
    }
    // The one place where items are filtered. Planning still reads the full portal for
    // figures and the leak gate's needles; the leak gate (`write::gate::Gate`) catches any
    // hidden id that reaches an output anyway.
    let (visible, remap, dropped) = audience::filter_reporting(&portal, options.audience);
    diags.extend(audience::block_errors(&portal));
    if options.audience == Audience::Public {
        diags.extend(audience::wording_warnings(&dropped, options.audience));
    }
    let visible_gaps = remap.gaps(&gaps);
    let analysis = Analysis {
        full: portal,
        gaps,
        visible,
        visible_gaps,
        audience: options.audience,
        remap,
        before: None,
        current: options.at.as_ref().map(|at| at.revision.clone()),
    };
    (Some(analysis), diags)
}

/// A checked portal with every page of its plan held at once (`serve` keeps them, to render
/// again only what an edit changes), and how the audience reads text.
pub(crate) struct Planned {
    /// The portal as the audience sees it.
    pub(crate) visible: Portal,
    /// Every output to produce, page jobs included.
    pub(crate) plan: Plan,
    /// What writing an edited body for the audience needs (the full portal is gone).
    pub(crate) scrubber: AudienceScrubber,
}

/// Analyses and plans every page, as a step that must succeed: the planned portal and its
/// warnings, or every diagnostic when they fail the build.
pub(crate) fn analyse_passing(
    options: &BuildOptions,
) -> Result<(Planned, Vec<Diagnostic>), Failure> {
    require_portal(options)?;
    let (analysed, mut diags) = analyse(options);
    let Some(analysis) = analysed else {
        return Err(Failure::Content(diags));
    };
    let plan = plan::plan(analysis.portals());
    diags.extend(analysis.collisions(&plan));
    diagnostics::sort(&mut diags);
    if fails(&diags, options.strict) {
        return Err(Failure::Content(diags));
    }
    let scrubber = AudienceScrubber::new(&analysis.full, analysis.remap);
    let planned = Planned {
        visible: analysis.visible,
        plan,
        scrubber,
    };
    Ok((planned, diags))
}

/// The renderer for a plan: its templates and links, in the audience's shell.
pub(crate) fn renderer(planned: &Planned, audience: Audience) -> Result<Renderer, Failure> {
    renderer_for(&planned.visible, planned.plan.links.clone(), audience)
}

/// The renderer of a visible portal's templates and links, in the audience's shell (the
/// trust center's for the public).
fn renderer_for(
    visible: &Portal,
    links: plan::LinkTable,
    audience: Audience,
) -> Result<Renderer, Failure> {
    let trust_shell = audience == Audience::Public;
    Renderer::new(&visible.templates, links, trust_shell).map_err(Failure::Template)
}

/// A root without `portal.yaml` is a usage mistake (a wrong `--root` or `--at`), not bad
/// content.
fn require_portal(options: &BuildOptions) -> Result<(), Failure> {
    if options.sources().join("portal.yaml").is_file() {
        return Ok(());
    }
    let root = options.root.display();
    Err(Failure::Io(match &options.at {
        Some(at) => format!(
            "`{root}` held no portal.yaml in commit {} ({}): is --at right?",
            at.revision.commit, at.revision.date
        ),
        None => format!(
            "`{root}` holds no portal.yaml: is --root right? (`tracemark init DIR` creates a portal)"
        ),
    }))
}

fn fails(diags: &[Diagnostic], strict: bool) -> bool {
    diags
        .iter()
        .any(|d| d.is_error() || (strict && d.severity == diagnostics::Severity::Warning))
}

/// What `check` found: the diagnostics, and one note per catalog loaded (never a warning, so
/// that `--strict` is not affected).
#[derive(Debug)]
pub struct Checked {
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// `catalog `id` (...): counts; scope`, one per catalog shown.
    pub notes: Vec<String>,
    /// Whether the diagnostics fail under the options.
    pub failed: bool,
}

/// `tracemark check`: every diagnostic and catalog note, and whether they fail the options.
pub fn check_only(options: &BuildOptions) -> Result<Checked, Failure> {
    let mut checked = options.unmasked(check_sources(options))?;
    if let Some(at) = &options.at {
        at.unmask_all(&options.root, &mut checked.diagnostics);
        for note in &mut checked.notes {
            *note = at.unmask(&options.root, note);
        }
    }
    Ok(checked)
}

/// [`check_only`], with messages as the temporary folder of `--at` gives them.
fn check_sources(options: &BuildOptions) -> Result<Checked, Failure> {
    require_portal(options)?;
    let (analysis, mut diagnostics) = analyse(options);
    let notes = match &analysis {
        Some(analysis) => {
            diagnostics.extend(analysis.plan_for_collisions());
            if !fails(&diagnostics, false) {
                diagnostics.extend(scan_for_leaks(analysis)?);
            }
            let mut notes = check::catalog_notes(&analysis.visible);
            notes.extend(check::records::note(&analysis.visible));
            notes
        }
        None => Vec::new(),
    };
    diagnostics::sort(&mut diagnostics);
    Ok(Checked {
        failed: fails(&diagnostics, options.strict),
        diagnostics,
        notes,
    })
}

/// The leak gate of a public build, run by `check --audience public` without writing: every
/// page and file the build would write is rendered and scanned.
fn scan_for_leaks(analysis: &Analysis) -> Result<Vec<Diagnostic>, Failure> {
    // Rendering every page makes `check` as slow as `build`: worth it for the trust center,
    // which is published; the handbook's gate (confidential items) runs in `build`.
    if analysis.audience != Audience::Public {
        return Ok(Vec::new());
    }
    let Some(gate) = LeakGate::new(&analysis.full, analysis.audience).map_err(Failure::Io)? else {
        return Ok(Vec::new());
    };
    let visible = &analysis.visible;
    let links = plan::link_table(visible);
    let renderer = renderer_for(visible, links.clone(), analysis.audience)?;
    let scan = Scan::new(Gate::new(gate));
    let plan = plan_and_render(analysis.portals(), links, &renderer, &scan)?;
    write_rest(visible, &plan, &scan)?;
    Ok(scan.leaks())
}

/// `tracemark build`: checks, then renders and writes the portal atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Failure> {
    let mut report = options.unmasked(build_sources(options))?;
    if let Some(at) = &options.at {
        at.unmask_all(&options.root, &mut report.diagnostics);
    }
    Ok(report)
}

/// [`build`], with messages as the temporary folder of `--at` gives them.
fn build_sources(options: &BuildOptions) -> Result<BuildReport, Failure> {
    let started = Instant::now();
    // A build killed during its swap parked the previous output beside `out`: put it back
    // first, so that even a build that fails now leaves the previous output in place.
    crate::write::recover(&options.out).map_err(|e| Failure::Io(e.to_string()))?;
    refuse_zip(options)?;
    refuse_sign(options)?;
    require_portal(options)?;
    let (analysed, mut diags) = analyse(options);
    let Some(mut analysis) = analysed else {
        return Err(Failure::Content(diags));
    };
    if fails(&diags, options.strict) {
        // Every problem at once, as `check` reports them.
        diags.extend(analysis.plan_for_collisions());
        diagnostics::sort(&mut diags);
        return Err(Failure::Content(diags));
    }
    analysis.before = before(options, &analysis)?;
    let visible = &analysis.visible;
    let links = plan::link_table(visible);
    let renderer = renderer_for(visible, links.clone(), options.audience)?;
    let revision = options.at.as_ref().map(|at| &at.revision);
    let mut staging = Staging::begin_at(
        &options.root,
        &options.out,
        options.audience,
        options.force,
        revision,
    )
    .map_err(|e| Failure::Io(e.to_string()))?;
    // Every file written from here on passes the leak gate of the audience.
    let gate = LeakGate::new(&analysis.full, options.audience).map_err(Failure::Io)?;
    staging.guard(gate.map(Gate::new));
    let plan = plan_and_render(analysis.portals(), links, &renderer, &staging)?;
    // Collisions are known once every page is planned; the pages written so far are only in
    // the staging directory, which is removed when `staging` is dropped.
    diags.extend(analysis.collisions(&plan));
    diagnostics::sort(&mut diags);
    if fails(&diags, options.strict) {
        return Err(Failure::Content(diags));
    }
    let mut files = plan.paths.len() + write_rest(visible, &plan, &staging)?;
    // The last line of defence: the staging directory, with whatever leaked, is removed.
    diags.extend(staging.leaks());
    diagnostics::sort(&mut diags);
    if fails(&diags, options.strict) {
        return Err(Failure::Content(diags));
    }
    if options.audience == Audience::Auditor {
        files += write_package(visible, revision, options.sign.as_deref(), &staging)?;
    }
    // The zip is written from the staging directory, so a failed zip leaves the previous
    // output in place too.
    if let Some(zip) = &options.zip {
        let top = default_out(Path::new(""), options.audience);
        package::zip_dir(staging.dir(), &top.to_string_lossy(), zip)
            .map_err(|e| Failure::Io(format!("{}: {e}", zip.display())))?;
    }
    let committed = staging.commit().map_err(|e| Failure::Swap(e.to_string()))?;
    Ok(BuildReport {
        out: committed.out,
        pages: plan.paths.len(),
        files,
        diagnostics: diags,
        seconds: started.elapsed().as_secs_f64(),
        leftover: committed.leftover,
    })
}

/// The portal as it stood at `--since`, loaded with that commit's history, resolved with the
/// build's `--today` and filtered for its audience; its own diagnostics are not the build's
/// (the past is not fixed now), but a revision whose portal cannot be read at all fails. Its
/// documents' texts are scrubbed again for what the current build hides.
fn before(options: &BuildOptions, now: &Analysis) -> Result<Option<(Portal, Revision)>, Failure> {
    let Some(since) = &options.since else {
        return Ok(None);
    };
    if options.audience == Audience::Public {
        return Err(Failure::Io(
            "--since lists internal changes: use it with --audience internal or auditor".into(),
        ));
    }
    let revision = &since.revision;
    let unreadable = |why: String| {
        Failure::Io(format!(
            "--since: the portal of commit {} ({}) cannot be read: {why}",
            revision.commit, revision.date
        ))
    };
    if !since.sources.join("portal.yaml").is_file() {
        return Err(unreadable("it holds no portal.yaml".into()));
    }
    let history_from = load::HistoryFrom {
        root: &options.root,
        revision: Some(revision.commit.as_str()),
    };
    let (project, _) = load::load_with_history(&since.sources, history_from).map_err(|d| {
        let first = d.first().map_or_else(String::new, |d| {
            let place = match (&d.file, d.line) {
                (Some(file), Some(line)) => format!("{file}:{line}: "),
                (Some(file), None) => format!("{file}: "),
                _ => String::new(),
            };
            format!("{place}{} ({})", d.message, d.code)
        });
        unreadable(since.unmask(&options.root, &first))
    })?;
    let (portal, _) = resolve::resolve(project, options.today);
    let (mut visible, _) = audience::filter(&portal, options.audience);
    // Its texts hide, besides, what this build hides (an item made confidential since).
    let scrubber = AudienceScrubber::new(&now.full, now.remap.clone());
    for doc in &mut visible.policies {
        doc.doc.body = scrubber.earlier_markdown(&doc.doc.body, &doc.doc.source.file);
    }
    for page in &mut visible.pages {
        page.body = scrubber.earlier_markdown(&page.body, &page.source.file);
    }
    Ok(Some((visible, revision.clone())))
}

/// Refuses a `--sign` for any package but the auditor's, or with a key among the sources
/// (it could be published with them).
fn refuse_sign(options: &BuildOptions) -> Result<(), Failure> {
    let Some(key) = &options.sign else {
        return Ok(());
    };
    if options.audience != Audience::Auditor {
        return Err(Failure::Io(
            "--sign signs the auditor package's manifest: use it with --audience auditor".into(),
        ));
    }
    let key = crate::write::absolute(key);
    if among_sources(&key, &options.root) {
        return Err(Failure::Io(format!(
            "refusing to sign with `{}`: a private key must not lie in the portal's content/, templates/ or static/",
            key.display()
        )));
    }
    Ok(())
}

/// Refuses a `--zip` that would overwrite the output, the sources, or any existing file that
/// is not a zip Tracemark wrote (`--zip portal.yaml` would destroy the configuration).
fn refuse_zip(options: &BuildOptions) -> Result<(), Failure> {
    let Some(zip) = &options.zip else {
        return Ok(());
    };
    let zip = crate::write::absolute(zip);
    let inside_sources = among_sources(&zip, &options.root);
    let reason = if zip.starts_with(crate::write::absolute(&options.out)) {
        Some("it lies inside the output directory")
    } else if inside_sources {
        Some("it is one of the portal's sources")
    } else if zip.is_dir() {
        Some("it is a directory")
    } else if zip.exists() && !package::is_our_zip(&zip) {
        Some("it is an existing file that Tracemark did not write")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(Failure::Io(format!(
            "refusing to write the zip to `{}`: {reason}: it must be a new file (or a zip Tracemark wrote) outside the output directory and the sources",
            zip.display()
        ))),
        None => Ok(()),
    }
}

/// Whether an absolute path is `portal.yaml` or lies in `content/`, `templates/` or `static/`.
fn among_sources(path: &Path, root: &Path) -> bool {
    let root = crate::write::absolute(root);
    ["content", "templates", "static", "portal.yaml"]
        .iter()
        .any(|d| path.starts_with(root.join(d)))
}

/// The auditor package's own files: `package-info.json`, `SHA256SUMS` (listed in the
/// manifest), `manifest.json` with the source hashes of the evidence artifacts, and
/// `SHA256SUMS.sig` and `manifest.json.sig` when a key is given.
pub(crate) fn write_package(
    portal: &Portal,
    revision: Option<&Revision>,
    key: Option<&Path>,
    staging: &dyn Sink,
) -> Result<usize, Failure> {
    let io = |e: crate::write::WriteError| Failure::Io(e.to_string());
    let info = package::PackageInfo {
        generator: concat!("Tracemark ", env!("CARGO_PKG_VERSION")).to_string(),
        title: portal.config.title.clone(),
        today: portal.today.to_string(),
        audience: Audience::Auditor.name().to_string(),
        revision: revision.map(|r| r.commit.clone()),
        revision_date: revision.map(|r| r.committed.clone()),
    };
    let mut info_bytes =
        serde_json::to_vec_pretty(&info).map_err(|e| Failure::Io(e.to_string()))?;
    info_bytes.push(b'\n');
    staging
        .put(package::PACKAGE_INFO, &info_bytes)
        .map_err(io)?;
    let evidence = portal
        .evidence
        .iter()
        .filter_map(|node| {
            let e = &node.evidence;
            e.artifact.as_ref().map(|a| package::EvidenceEntry {
                id: e.id.clone(),
                page: crate::plan::urls::evidence(&e.id),
                file: a.output_path.clone(),
                sha256: a.sha256.clone(),
                size: a.size,
            })
        })
        .collect();
    let mut manifest = package::manifest(staging.dir(), info, evidence)
        .map_err(|e| Failure::Io(format!("manifest: {e}")))?;
    let sums = package::sha256sums(&manifest.files);
    staging
        .put(package::SHA256SUMS, sums.as_bytes())
        .map_err(io)?;
    let sums_entry = package::FileEntry {
        path: package::SHA256SUMS.to_string(),
        sha256: crate::digest::sha256_hex(sums.as_bytes()),
        size: sums.len() as u64,
    };
    let at = manifest
        .files
        .partition_point(|f| f.path.as_str() < package::SHA256SUMS);
    manifest.files.insert(at, sums_entry);
    let mut bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| Failure::Io(e.to_string()))?;
    bytes.push(b'\n');
    staging.put(package::MANIFEST, &bytes).map_err(io)?;
    let Some(key) = key else {
        return Ok(3);
    };
    let signature = crate::signature::sign(key, &bytes).map_err(Failure::Io)?;
    staging
        .put(package::SIGNATURE, signature.as_bytes())
        .map_err(io)?;
    let signature = crate::signature::sign(key, sums.as_bytes()).map_err(Failure::Io)?;
    staging
        .put(package::SHA256SUMS_SIGNATURE, signature.as_bytes())
        .map_err(io)?;
    Ok(5)
}

/// How many planned pages may wait for rendering: enough to keep every core busy, few enough
/// that memory stays flat however many pages a portal has.
const PAGES_IN_FLIGHT: usize = 256;

/// A page or data file as planning hands it to the rendering threads.
enum Output {
    Page(PageJob),
    Data(String, DataFile),
}

/// Plans the pages and data files on this thread and renders each one, as soon as it is
/// planned, on the thread pool straight into the staging directory.
fn plan_and_render(
    portals: plan::Portals,
    links: plan::LinkTable,
    renderer: &Renderer,
    staging: &dyn Sink,
) -> Result<Plan, Failure> {
    // Rendering threads wait on the channel, so they get a pool of their own: planning uses
    // the global pool, and would wait forever for threads that wait for it.
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|n| format!("render-{n}"))
        .build()
        .map_err(|e| Failure::Io(format!("starting the rendering threads: {e}")))?;
    let (sender, planned) = std::sync::mpsc::sync_channel::<Output>(PAGES_IN_FLIGHT);
    std::thread::scope(|scope| {
        let rendering = scope.spawn(move || {
            pool.install(|| {
                planned
                    .into_iter()
                    .par_bridge()
                    .try_for_each(|output| match output {
                        Output::Page(job) => write_page(renderer, staging, &job),
                        Output::Data(path, file) => write_data(staging, &path, &file),
                    })
            })
        });
        // A send fails only once rendering has stopped at an error, reported below.
        let data_sender = sender.clone();
        let deliver = plan::Deliver {
            page: &mut |job| {
                let _ = sender.send(Output::Page(job));
            },
            data: &mut |path, file| {
                let _ = data_sender.send(Output::Data(path, file));
            },
        };
        let plan = plan::plan_streaming(portals, links, deliver);
        drop(sender);
        drop(data_sender);
        match rendering.join() {
            Ok(rendered) => rendered.map(|()| plan),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Renders one page and writes it.
fn write_page(renderer: &Renderer, staging: &dyn Sink, job: &PageJob) -> Result<(), Failure> {
    // A name no disk holds fails the build as E006, at its source, once the plan is complete;
    // writing it would fail first with the system's bare message.
    if plan::outputs::name_too_long(&job.path) {
        return Ok(());
    }
    let html = render_page(renderer, job)?;
    staging.put(&job.path, html.as_bytes()).map_err(io_failure)
}

/// Writes one data file, its search entries shown to the leak gate first.
fn write_data(staging: &dyn Sink, path: &str, file: &DataFile) -> Result<(), Failure> {
    inspect_search(path, file, staging);
    let bytes = render_data(path, file)?;
    staging.put(path, &bytes).map_err(io_failure)
}

/// Writes everything but the pages and data files: built-in and portal static files, copied
/// files and the stylesheet. Returns how many files it wrote, data files included.
fn write_rest(portal: &Portal, plan: &Plan, staging: &dyn Sink) -> Result<usize, Failure> {
    let fixed = static_outputs(portal, plan);
    for (path, file) in &fixed {
        match file {
            StaticOutput::Builtin(bytes) => staging.put(path, bytes),
            StaticOutput::Copy(source) => staging.copy(path, source),
            StaticOutput::Svg(source) => staging.put(path, &sanitized_svg(source)?),
        }
        .map_err(io_failure)?;
    }
    // One stylesheet: code-highlighting rules are appended to it.
    staging
        .put("assets/style.css", &stylesheet(portal)?)
        .map_err(io_failure)?;
    Ok(plan.data_paths.len() + fixed.len())
}

/// Shows the leak gate each search document (once, with the index's manifest) before it becomes
/// the index, whose files hold stemmed words and no body past its start.
fn inspect_search(path: &str, file: &DataFile, sink: &dyn Sink) {
    if let DataFile::SearchPart(index, crate::plan::SearchPart::Manifest) = file {
        for entry in &index.entries {
            let output = format!("{path} (search entry for {})", entry.url);
            for field in [
                &entry.title,
                &entry.url,
                &entry.kind,
                &entry.ids,
                &entry.body,
            ] {
                sink.inspect(&output, field);
            }
        }
    }
}

/// One page as HTML.
pub(crate) fn render_page(renderer: &Renderer, job: &PageJob) -> Result<String, Failure> {
    renderer.page(job).map_err(Failure::Template)
}

/// One data file's bytes.
pub(crate) fn render_data<'f>(
    path: &str,
    file: &'f DataFile,
) -> Result<std::borrow::Cow<'f, [u8]>, Failure> {
    render::data::bytes(file).map_err(|e| Failure::Io(format!("{path}: {e}")))
}

fn io_failure(error: crate::write::WriteError) -> Failure {
    Failure::Io(error.to_string())
}

/// An output file that is not rendered from a template: built in, copied, or a sanitised SVG.
pub(crate) enum StaticOutput {
    /// A built-in file (the default stylesheet, scripts).
    Builtin(&'static [u8]),
    /// A file copied as it is (an evidence artifact, a portal's static file).
    Copy(PathBuf),
    /// An SVG beside the pages, written sanitised.
    Svg(PathBuf),
}

/// The files copied as they are, in writing order (a later one wins for the same path):
/// built-in static files, evidence artifacts, then the portal's own `static/`.
pub(crate) fn static_outputs(portal: &Portal, plan: &Plan) -> Vec<(String, StaticOutput)> {
    let mut out = Vec::new();
    // Built-in static files first; the portal's own `static/` wins for the same path.
    for (path, bytes) in BUILTIN_STATIC {
        if portal.static_files.iter().any(|(p, _)| p == path) {
            continue;
        }
        out.push((path.to_string(), StaticOutput::Builtin(bytes)));
    }
    // Files beside the pages that are SVG are written sanitised (evidence artifacts stay
    // byte for byte: the manifest states their hash, and `serve` sends them as downloads).
    let page_files: std::collections::HashSet<&String> = plan.links.assets.values().collect();
    for (path, source) in plan.files.iter().chain(&portal.static_files) {
        let fixed = if page_files.contains(path) && crate::svg::is_svg(path) {
            StaticOutput::Svg(source.clone())
        } else {
            StaticOutput::Copy(source.clone())
        };
        out.push((path.clone(), fixed));
    }
    out
}

/// The sanitised bytes of an SVG beside the pages (checked at its links before: an error
/// here means the file changed during the build).
pub(crate) fn sanitized_svg(source: &Path) -> Result<Vec<u8>, Failure> {
    crate::svg::sanitize_file(source)
        .map_err(|e| Failure::Io(format!("{}: the SVG {e}", source.display())))
}

/// `assets/style.css`: the portal's stylesheet (or the built-in one) with the
/// code-highlighting rules appended, written after every other file.
pub(crate) fn stylesheet(portal: &Portal) -> Result<Vec<u8>, Failure> {
    let mut style = match portal
        .static_files
        .iter()
        .find(|(p, _)| p == "assets/style.css")
    {
        Some((_, source)) => {
            std::fs::read(source).map_err(|e| Failure::Io(format!("{}: {e}", source.display())))?
        }
        None => BUILTIN_STATIC[0].1.to_vec(),
    };
    style.extend_from_slice(b"\n/* Code highlighting (generated) */\n");
    style.extend_from_slice(render::highlight_css().as_bytes());
    Ok(style)
}

/// Today's date in UTC, the default for `--today`.
pub fn today_utc() -> Date {
    Date(chrono::Utc::now().date_naive())
}

/// The default output directory, named after the audience so that only the public build
/// ever lands in a folder named `public`: `ROOT/handbook` (internal), `ROOT/public` (public),
/// `ROOT/auditor-package` (auditor).
pub fn default_out(root: &Path, audience: Audience) -> PathBuf {
    root.join(match audience {
        Audience::Internal => "handbook",
        Audience::Public => "public",
        Audience::Auditor => "auditor-package",
    })
}
