//! Plan: decide every output file and the plain data it is made from.
//!
//! The result is a flat list of page jobs (template + serialisable context + Markdown to
//! render) and data files (CSV, JSON, calendar, sitemap, search index), which `render` turns
//! into bytes in parallel. Nothing here touches the disk.

pub mod changes;
mod chart;
mod dashboard;
mod data;
mod documents;
pub mod figures;
mod frameworks;
mod history;
pub mod labels;
mod links;
pub mod nav;
mod oscal;
pub mod outputs;
mod print;
pub mod records;
mod registers;
mod reports;
mod search;
mod soa;
mod technical_documentation;
mod trust;
pub mod views;

use serde::Serialize;
use tera::{Context, Value};

use crate::check::Gaps;
use crate::model::Audience;
use crate::resolve::Portal;

/// The URL scheme, shared with the stages before: `super::urls` inside `plan`.
pub use crate::shared::urls;
pub use data::{
    CalendarEvent, DataFile, Feed, FeedEntry, PrintHeader, SearchEntry, SearchRank, Table,
};
pub use links::{Link, LinkTable, LocalLink};
pub use search::{SEARCH_FOLDER, SearchIndex, SearchLayout, SearchPart};
pub use views::Views;

/// Markdown to render into the context under `key` (HTML) and `toc_key` (headings).
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownSlot {
    /// Context key for the HTML.
    pub key: std::borrow::Cow<'static, str>,
    /// Prefix of its heading ids (several documents on one page).
    pub id_prefix: String,
    /// Whether the HTML is appended to a list under `key` (one entry per slot, in order).
    pub append: bool,
    /// Context key for the table of contents, if wanted.
    pub toc_key: Option<&'static str>,
    /// The Markdown to render, as the audience may read it.
    pub text: String,
    /// Source file (relative to the root), for relative `.md` links.
    pub file: String,
}

/// One HTML page to render. Two equal jobs render the same HTML with the same link table
/// (`serve` renders again only the pages whose job changed).
#[derive(Debug, Clone, PartialEq)]
pub struct PageJob {
    /// Output path relative to the output root.
    pub path: String,
    /// The name of the Tera template that renders the page (a user's override, else built in).
    pub template: &'static str,
    /// The values the template is given (the page's entity, lists, figures, navigation).
    pub context: Context,
    /// Markdown to render into the context first.
    pub markdown: Vec<MarkdownSlot>,
}

/// Everything to produce.
pub struct Plan {
    /// HTML pages (empty when the plan was streamed: see [`plan_streaming`]).
    pub pages: Vec<PageJob>,
    /// The output path of every HTML page, in plan order.
    pub paths: Vec<String>,
    /// Data files to write (CSV and JSON exports, calendar, feed, sitemap, search index);
    /// empty when the plan was streamed.
    pub data: Vec<(String, DataFile)>,
    /// The output path of every data file, in plan order.
    pub data_paths: Vec<String>,
    /// Files copied as they are: output path and source path (evidence artifacts).
    pub files: Vec<(String, std::path::PathBuf)>,
    /// Where Markdown links lead.
    pub links: LinkTable,
}

/// Values every page shares (site and navigation), built once.
pub struct Shared {
    site: Value,
    nav: Value,
    base_url: Option<String>,
}

#[derive(Serialize)]
struct Crumb<'a> {
    title: &'a str,
    url: &'a str,
}

impl Shared {
    /// Starts a page: common context, breadcrumbs (title, root-relative URL) and the section.
    pub fn page(
        &self,
        path: String,
        template: &'static str,
        title: &str,
        section: &str,
        crumbs: &[(&str, &str)],
    ) -> PageJob {
        let page = page_value(&path, title, section, crumbs);
        self.start(path, template, page)
    }

    /// Starts a page of the page tree: as [`Shared::page`], with the page's unknown
    /// front-matter fields as `page.extra`.
    pub fn tree_page(
        &self,
        path: String,
        template: &'static str,
        title: &str,
        crumbs: &[(String, String)],
        extra: &serde_json::Map<String, serde_json::Value>,
    ) -> PageJob {
        let crumbs: Vec<(&str, &str)> = crumbs
            .iter()
            .map(|(t, u)| (t.as_str(), u.as_str()))
            .collect();
        let mut page = page_value(&path, title, "pages", &crumbs);
        page["extra"] = serde_json::Value::Object(extra.clone());
        self.start(path, template, page)
    }

    fn start(&self, path: String, template: &'static str, page: serde_json::Value) -> PageJob {
        let mut context = Context::new();
        context.insert_value("site", self.site.clone());
        context.insert_value("nav", self.nav.clone());
        context.insert("root", &urls::root_of(&path));
        // With a base URL, each page names its canonical address (as the sitemap lists it).
        let mut page = page;
        if let Some(base) = &self.base_url {
            page["canonical"] =
                serde_json::Value::String(format!("{}/{}", base.trim_end_matches('/'), path));
        }
        context.insert("page", &page);
        PageJob {
            path,
            template,
            context,
            markdown: Vec::new(),
        }
    }
}

/// The `page` value every template sees: title, section, path and breadcrumbs.
fn page_value(
    path: &str,
    title: &str,
    section: &str,
    crumbs: &[(&str, &str)],
) -> serde_json::Value {
    let crumbs: Vec<Crumb> = crumbs
        .iter()
        .map(|(t, u)| Crumb { title: t, url: u })
        .collect();
    serde_json::json!({ "title": title, "section": section, "path": path, "breadcrumbs": crumbs })
}

impl PageJob {
    /// Adds a value to the context.
    pub fn set<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> &mut Self {
        self.context.insert(key, value);
        self
    }

    /// Adds an already-built value (a shared view) to the context.
    pub fn set_value(&mut self, key: &'static str, value: Value) -> &mut Self {
        self.context.insert_value(key, value);
        self
    }

    /// Asks the renderer to render Markdown into `key` (and its headings into `toc_key`).
    pub fn markdown(
        &mut self,
        key: &'static str,
        toc_key: Option<&'static str>,
        text: &str,
        file: &str,
    ) -> &mut Self {
        self.markdown.push(MarkdownSlot {
            key: key.into(),
            id_prefix: String::new(),
            append: false,
            toc_key,
            text: text.to_string(),
            file: file.to_string(),
        });
        self
    }
}

impl PageJob {
    /// Appends rendered Markdown to the list under `key`, its heading ids prefixed, so that
    /// one page can hold several documents (`print.html`).
    pub fn markdown_list(
        &mut self,
        key: &'static str,
        id_prefix: String,
        text: &str,
        file: &str,
    ) -> &mut Self {
        self.markdown.push(MarkdownSlot {
            key: key.into(),
            id_prefix,
            append: true,
            toc_key: None,
            text: text.to_string(),
            file: file.to_string(),
        });
        self
    }

    /// Renders each `(text, file)` into the list of HTML under `key`, in order (a template
    /// reads item `i`'s HTML as `key[i]`); the list exists even when it is empty.
    pub fn markdown_items(&mut self, key: &'static str, texts: Vec<(String, String)>) -> &mut Self {
        self.context.insert(key, &Vec::<String>::new());
        for (text, file) in texts {
            self.markdown_list(key, String::new(), &text, &file);
        }
        self
    }
}

/// Sections in the navigation: title, root-relative URL, section key.
const NAV: &[(&str, &str, &str)] = &[
    ("Overview", "index.html", "overview"),
    ("Pages", "pages/index.html", "pages"),
    ("Policies", "policies/index.html", "policies"),
    ("AI systems", "systems/index.html", "systems"),
    ("Risks", "risks/index.html", "risks"),
    ("Frameworks", "frameworks/index.html", "frameworks"),
    ("Evidence", "evidence/index.html", "evidence"),
    ("Records", "records.html", "records"),
    ("Traceability", "traceability.html", "traceability"),
    ("Gaps", "gaps.html", "gaps"),
    ("Reviews", "reviews.html", "reviews"),
    ("Search", "search.html", "search"),
];

/// Which sections a build has: the handbook has all; the trust center leaves out the
/// internal working pages and any register with nothing public in it.
fn has_section(section: &str, portal: &Portal, audience: Audience) -> bool {
    let public = audience == Audience::Public;
    match section {
        "pages" => !portal.pages.is_empty(),
        "systems" => !public || !portal.systems.is_empty(),
        "risks" => !public || !portal.risks.is_empty(),
        "evidence" => !public || !portal.evidence.is_empty(),
        "traceability" | "gaps" | "reviews" => !public,
        "records" => !portal.records.is_empty(),
        _ => true,
    }
}

/// What a plan needs to know about the build: the audience's portal and gaps, already
/// filtered ([`crate::audience::filter`]), and the whole portal and its gaps, read only by
/// [`figures`] to count what is restricted (and for the aggregate coverage a public build may
/// show when `public.show_coverage` is set).
#[derive(Clone, Copy)]
pub struct Portals<'a> {
    /// The portal as the audience sees it.
    pub visible: &'a Portal,
    /// The gaps this audience may see.
    pub gaps: &'a Gaps,
    /// Who the build is for.
    pub audience: Audience,
    /// The whole portal.
    pub full: &'a Portal,
    /// The whole portal's gaps.
    pub full_gaps: &'a Gaps,
    /// The portal as it stood at `--since`, for the changes pages (internal and auditor).
    pub since: Option<changes::Since<'a>>,
}

/// Plans every page and data file, keeping every page job in [`Plan::pages`] and every data
/// file in [`Plan::data`].
pub fn plan(portals: Portals) -> Plan {
    let mut pages = Vec::new();
    let mut data = Vec::new();
    let deliver = Deliver {
        page: &mut |job| pages.push(job),
        data: &mut |path, file| data.push((path, file)),
    };
    let mut plan = plan_streaming(portals, link_table(portals.visible), deliver);
    plan.pages = pages;
    plan.data = data;
    plan
}

/// Where [`plan_streaming`] hands each page and data file as soon as it is planned.
pub struct Deliver<'a> {
    /// Takes each page.
    pub page: &'a mut dyn FnMut(PageJob),
    /// Takes each data file, with its output path.
    pub data: &'a mut dyn FnMut(String, DataFile),
}

/// Where Markdown links of the audience's portal lead; [`plan_streaming`] takes it, and the
/// renderer needs it before the first page arrives.
pub fn link_table(portal: &Portal) -> LinkTable {
    links::table(portal, &nav::PageNav::build(portal))
}

/// Where planned pages go, as they are planned; remembers every path for the checks that need
/// them all (collisions, the sitemap).
pub struct Pages<'a> {
    paths: Vec<String>,
    deliver: &'a mut dyn FnMut(PageJob),
}

impl Pages<'_> {
    /// Hands one page on.
    pub fn push(&mut self, job: PageJob) {
        self.paths.push(job.path.clone());
        (self.deliver)(job);
    }
}

/// Where planned data files go, as they are planned (an export of 100,000 risks is written and
/// dropped before the next is built); remembers every path for the collision check.
pub struct DataFiles<'a> {
    paths: Vec<String>,
    deliver: &'a mut dyn FnMut(String, DataFile),
}

impl DataFiles<'_> {
    /// Hands one data file on.
    pub fn push(&mut self, (path, file): (String, DataFile)) {
        self.paths.push(path.clone());
        (self.deliver)(path, file);
    }

    /// Hands each of `files` on.
    pub fn extend(&mut self, files: impl IntoIterator<Item = (String, DataFile)>) {
        for file in files {
            self.push(file);
        }
    }
}

/// Plans every page and data file, handing each to `deliver` as soon as it is planned, so
/// that a build renders while it plans and never holds every page or export at once. The
/// returned plan has the paths of pages and data files but neither the jobs nor the files.
pub fn plan_streaming(portals: Portals, links: LinkTable, deliver: Deliver) -> Plan {
    let Portals {
        visible: portal,
        gaps,
        audience,
        full,
        full_gaps,
        since,
    } = portals;
    let since = since.filter(|_| audience != Audience::Public);
    let basis = figures::FigureScope::new(portal, full, audience);
    let mut views = views::build(portal);
    if audience == Audience::Public {
        views.titles_only();
    }
    let shared = shared(portal, audience);
    let section = |name: &str| has_section(name, portal, audience);
    let mut pages = Pages {
        paths: Vec::new(),
        deliver: deliver.page,
    };
    let mut data = DataFiles {
        paths: Vec::new(),
        deliver: deliver.data,
    };
    if audience == Audience::Public {
        trust::pages(&basis, &views, &shared, &mut pages, &mut data);
    } else {
        let mut home = dashboard::page(&basis, (gaps, full_gaps), &views, &shared);
        if let Some(since) = &since {
            home.set(
                "changes",
                &changes::summary(since, &portal.today.to_string()),
            );
        }
        pages.push(home);
    }
    if let Some(since) = &since {
        changes::pages(since, portal, full, &shared, &mut pages);
    }
    registers::policies(&basis, &views, &shared, &mut pages);
    print::pages(portal, &views, &shared, &mut pages);
    data.push(print::headers(portal));
    let page_nav = nav::PageNav::build(portal);
    data.push((
        "assets/nav.js".into(),
        DataFile::Script(page_nav.script(portal)),
    ));
    registers::pages(&basis, &views, &shared, &page_nav, &mut pages);
    // The trust center has its own AI transparency pages at the same addresses.
    if section("systems") && audience != Audience::Public {
        registers::systems(&basis, &views, &shared, &mut pages);
    }
    technical_documentation::pages(&basis, &views, &shared, &mut pages);
    if section("risks") {
        registers::risks(&basis, &views, &shared, &mut pages);
    }
    if section("evidence") {
        registers::evidence(&basis, audience, &views, &shared, &mut pages);
    }
    if section("records") {
        records::pages(portal, &views, &shared, &mut pages);
    }
    frameworks::pages(&basis, &views, &shared, &mut pages);
    if section("traceability") {
        reports::traceability(portal, &views, &shared, &mut pages);
    }
    if section("gaps") {
        reports::gaps(portal, (gaps, full_gaps), &views, &shared, &mut pages);
    }
    if section("reviews") {
        reports::reviews(&basis, &views, &shared, &mut pages);
    }
    if audience != Audience::Public {
        documents::register(&basis, &shared, &mut pages, &mut data);
    }
    pages.push(search::page(portal, &shared));
    let paths = pages.paths;
    // The views serve pages only; the exports and the search index below are built from the
    // portal, and at 100,000 risks the views of the registers are a quarter of the memory.
    drop(views);
    data::exports(portal, gaps, &mut data);
    data.push((
        "exports/subprocessors.csv".into(),
        trust::subprocessors_csv(portal),
    ));
    data.push((
        "exports/questionnaire.csv".into(),
        trust::questionnaire_csv(portal, &links),
    ));
    if audience != Audience::Public {
        oscal::exports(portal, gaps, audience, &mut data);
    }
    data::feeds(portal, section("reviews"), &paths, &mut data);
    data.extend(search::data_files(search::entries(
        &basis, audience, &links,
    )));
    let files = copied_files(portal, audience, &links);
    Plan {
        pages: Vec::new(),
        paths,
        data: Vec::new(),
        data_paths: data.paths,
        files,
        links,
    }
}

/// The pages of risk `i` alone (its page and the full lists beside it), planned as
/// [`plan_streaming`] plans them from the same portal: `serve` writes an edited risk's pages
/// with it before the full pass.
pub fn risk_pages(portal: &Portal, audience: Audience, i: usize) -> Vec<PageJob> {
    let mut views = views::build(portal);
    if audience == Audience::Public {
        views.titles_only();
    }
    let shared = shared(portal, audience);
    let mut jobs = Vec::new();
    let mut pages = Pages {
        paths: Vec::new(),
        deliver: &mut |job| jobs.push(job),
    };
    registers::risk_page(portal, &views, &shared, &mut pages, i);
    jobs
}

/// Values every page shares: the site and the navigation of this audience's build.
fn shared(portal: &Portal, audience: Audience) -> Shared {
    let nav: Vec<serde_json::Value> = if audience == Audience::Public {
        trust::NAV
            .iter()
            .map(|(title, url, section, also)| serde_json::json!({ "title": title, "url": url, "section": section, "also": also }))
            .collect()
    } else {
        NAV.iter()
            .filter(|(_, _, section)| has_section(section, portal, audience))
            .map(|(title, url, section)| serde_json::json!({ "title": title, "url": url, "section": section }))
            .collect()
    };
    Shared {
        site: Value::from_serializable(&serde_json::json!({
            "title": nav::site_title(portal, audience),
            "organization": portal.config.organization,
            "description": portal.config.description,
            "today": portal.today.to_string(),
            "audience": audience,
            "generator": concat!("Tracemark ", env!("CARGO_PKG_VERSION")),
            "contact": trust::contact(portal),
            "request": trust::request_link(portal),
        })),
        nav: Value::from_serializable(&nav),
        base_url: portal.config.base_url.clone(),
    }
}

/// Files copied as they are: the auditor package's evidence artifacts, and the images and
/// documents beside the pages, as far as the audience's pages use them.
fn copied_files(
    portal: &Portal,
    audience: Audience,
    links: &LinkTable,
) -> Vec<(String, std::path::PathBuf)> {
    let mut files: Vec<(String, std::path::PathBuf)> = if audience == Audience::Auditor {
        portal
            .evidence
            .iter()
            .filter_map(|e| e.evidence.artifact.as_ref())
            .map(|a| (a.output_path.clone(), portal.root.join(&a.source_path)))
            .collect()
    } else {
        Vec::new()
    };
    let mut assets: Vec<(&String, &String)> = links.assets.iter().collect();
    assets.sort();
    files.extend(
        assets
            .into_iter()
            .map(|(source, out)| (out.clone(), portal.root.join(source))),
    );
    files
}

/// A record of shared values, for contexts that combine views without copying them.
pub fn record(fields: Vec<(&'static str, Value)>) -> Value {
    let map: tera::Map = fields
        .into_iter()
        .map(|(k, v)| (tera::value::Key::from(k), v))
        .collect();
    Value::from(map)
}

/// A list of shared values.
pub fn list(values: Vec<Value>) -> Value {
    Value::from(values)
}

/// How many rows a section index shows per page, so that no page lists every entity.
pub const PAGE_SIZE: usize = 250;

/// Splits a section's rows into index pages, returning (path, page number, rows, pager).
pub fn paginate(section: &str, rows: Vec<Value>) -> Vec<(String, Value, serde_json::Value)> {
    paginate_at(rows, |n| urls::index_page(section, n))
}

/// Splits rows into pages of [`PAGE_SIZE`] at `path(n)` (1-based), returning (path, rows,
/// pager) per page; an empty list still gets its first page.
pub fn paginate_at(
    rows: Vec<Value>,
    path: impl Fn(usize) -> String,
) -> Vec<(String, Value, serde_json::Value)> {
    let chunks: Vec<Vec<Value>> = if rows.is_empty() {
        vec![Vec::new()]
    } else {
        rows.chunks(PAGE_SIZE).map(<[Value]>::to_vec).collect()
    };
    let pages = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            let pager = serde_json::json!({
                "current": n,
                "pages": pages,
                "prev": (n > 1).then(|| path(n - 1)),
                "next": (n < pages).then(|| path(n + 1)),
            });
            (path(n), list(chunk), pager)
        })
        .collect()
}

/// How many items a summary (a heat-map cell, a gaps section, an owner's gaps, expiring
/// evidence) shows before linking to its paginated full list, so that no page grows with a
/// register.
pub const SUMMARY_SIZE: usize = 50;

/// A full list behind a summary: where it lives, what it is, and its rows.
pub struct Listing<'a> {
    /// Page 1 is `<base>.html`, page n is `<base>/page-<n>.html`.
    pub base: String,
    /// The title of the list's pages.
    pub title: String,
    /// The navigation section the list's pages highlight.
    pub section: &'static str,
    /// The page that summarises this list: (label, url).
    pub back: (&'a str, &'a str),
    /// Column headings after the item column.
    pub headers: &'a [&'a str],
    /// Rows made by [`listing_row`].
    pub rows: Vec<Value>,
}

/// One row of a [`Listing`]: the item's view and its further columns as text.
pub fn listing_row(item: Value, cols: Vec<String>) -> Value {
    record(vec![
        ("item", item),
        ("cols", list(cols.into_iter().map(Value::from).collect())),
    ])
}

/// Plans the paginated pages of a full list, returning the url of its first page.
pub fn listing(listing: Listing, shared: &Shared, pages: &mut Pages) -> String {
    let base = listing.base.clone();
    let path = |n: usize| {
        if n <= 1 {
            format!("{base}.html")
        } else {
            format!("{base}/page-{n}.html")
        }
    };
    let headers: Vec<Value> = listing.headers.iter().map(|&h| h.into()).collect();
    let headers = list(headers);
    for (url, rows, pager) in paginate_at(listing.rows, path) {
        let mut job = shared.page(
            url,
            "listing.html",
            &listing.title,
            listing.section,
            &[listing.back],
        );
        job.set_value("rows", rows)
            .set_value("headers", headers.clone())
            .set("back_label", listing.back.0)
            .set("back_url", listing.back.1)
            .set("pager", &pager);
        pages.push(job);
    }
    path(1)
}

/// How the further columns of an item's row in a full list read, as text.
pub type Columns<'a> = &'a dyn Fn(&Value) -> Vec<String>;

/// Where the full list behind a part of an entity's page lives, and how its rows read.
pub struct FullList<'a> {
    /// Page 1 is `<base>.html`, page n is `<base>/page-<n>.html`.
    pub base: String,
    /// The title of the list's pages.
    pub title: String,
    /// The navigation section the list's pages highlight.
    pub section: &'static str,
    /// The entity page the list belongs to: (label, url).
    pub back: (&'a str, &'a str),
    /// Column headings after the item column.
    pub headers: &'a [&'a str],
    /// The further columns of an item's row, as text.
    pub cols: Columns<'a>,
}

/// A list on an entity's page that grows with a register (a control's risks, a system's
/// documents), bounded: its first [`SUMMARY_SIZE`] items, and `more`, which is none when
/// they are all of it, else `{count, url}` of the paginated full list planned at
/// `full.base`, so that no page grows with a register while every item stays one link away.
pub fn bounded(
    items: Vec<Value>,
    full: FullList,
    shared: &Shared,
    pages: &mut Pages,
) -> (Value, Value) {
    if items.len() <= SUMMARY_SIZE {
        return (list(items), Value::none());
    }
    let count = items.len();
    let shown = list(items[..SUMMARY_SIZE].to_vec());
    let rows = items
        .into_iter()
        .map(|item| {
            let cols = (full.cols)(&item);
            listing_row(item, cols)
        })
        .collect();
    let url = listing(
        Listing {
            base: full.base,
            title: full.title,
            section: full.section,
            back: full.back,
            headers: full.headers,
            rows,
        },
        shared,
        pages,
    );
    (shown, more(count, Some(url)))
}

/// A list reached through other entities (a policy's risks, through its controls), bounded
/// without a full list of its own, which would repeat the lists of the entities it passes
/// through: its first [`SUMMARY_SIZE`] items, and `more` as [`bounded`]'s with no url.
pub fn bounded_reached(items: Vec<Value>) -> (Value, Value) {
    if items.len() <= SUMMARY_SIZE {
        return (list(items), Value::none());
    }
    let count = items.len();
    let mut items = items;
    items.truncate(SUMMARY_SIZE);
    (list(items), more(count, None))
}

/// What a bounded list leaves off: how many items there are, and where they all are.
fn more(count: usize, url: Option<String>) -> Value {
    record(vec![
        ("count", count.into()),
        ("url", url.map_or(Value::none(), Value::from)),
    ])
}

/// The base of the full list of `what` behind an entity's page at `page_url`
/// (`policies/POL-1.html` -> `policies/POL-1/controls`), beside the page.
pub fn list_base(page_url: &str, what: &str) -> String {
    format!("{}/{what}", page_url.trim_end_matches(".html"))
}

/// Sets each `(key, noun, items)` list of an entity's page (titled `title`, in navigation
/// section `section`) bounded by [`bounded`], with its paginated full list beside the page
/// (`systems/SYS-1/risks.html`), and returns what each leaves off, for the page's `more`. A
/// list's rows read as its kind's: a risk's rating, an evidence record's freshness.
pub fn bounded_lists<const N: usize>(
    job: &mut PageJob,
    (title, section): (&str, &'static str),
    shared: &Shared,
    pages: &mut Pages,
    lists: [(&'static str, &str, Vec<Value>); N],
) -> Vec<(&'static str, Value)> {
    let url = job.path.clone();
    let mut more = Vec::new();
    for (key, noun, items) in lists {
        let (headers, cols): (&[&str], Columns) = match key {
            "risks" => (views::RISK_HEADERS, &views::risk_columns),
            "evidence" => (views::EVIDENCE_HEADERS, &views::evidence_columns),
            _ => (&[], &views::no_columns),
        };
        let full = FullList {
            base: list_base(&url, key),
            title: format!("{noun}: {title}"),
            section,
            back: (title, &url),
            headers,
            cols,
        };
        let (shown, left) = bounded(items, full, shared, pages);
        job.set_value(key, shown);
        more.push((key, left));
    }
    more
}
