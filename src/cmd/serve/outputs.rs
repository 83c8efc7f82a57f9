//! What `serve` last wrote, and what a new plan changes in it: the fingerprint of every output
//! file, and the difference between two sets of them.
//!
//! A page's HTML is a function of its job (template, context, Markdown slots) and of where the
//! links in its Markdown lead; everything else rendering uses (templates, the audience's
//! shell, highlighting) is the same for every page of one renderer. So a page's fingerprint
//! is its job itself, compared for equality (exact, and cheaper than serialising a context to
//! hash it), with the answers the link table gives for its links. Files `serve` does not keep
//! in memory (data, static files, artifacts) are fingerprinted by a 128-bit XXH3 hash.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use crate::plan::{LinkTable, LocalLink, MarkdownSlot, PageJob};
use crate::resolve::mentions::{self, Mention};

/// Where one link written in Markdown leads, as the renderer will ask the link table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `[[ID]]`: the target's URL and title, or nothing (shown as restricted).
    Id(Option<(String, String)>),
    /// A relative or site link.
    Local(LocalLink),
}

/// A page as written: its job, and where its links led (per Markdown slot). Links to a
/// `#fragment` of the same document are not listed: they depend on the slot's own text.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The job rendered.
    pub job: PageJob,
    /// The link table's answers for its Markdown.
    pub answers: Vec<Vec<Answer>>,
}

impl Written {
    /// A job with the answers `links` gives for it. Sequential: the quick path calls it while
    /// a full pass may keep the thread pool busy.
    pub fn new(job: PageJob, links: &LinkTable) -> Written {
        let answers = job
            .markdown
            .iter()
            .map(|slot| slot_answers(slot, links))
            .collect();
        Written { job, answers }
    }
}

/// The answers for every link of one Markdown slot, in order.
fn slot_answers(slot: &MarkdownSlot, links: &LinkTable) -> Vec<Answer> {
    mentions::scan(&slot.text)
        .into_iter()
        .map(|found| match found.mention {
            Mention::Id(id) => Answer::Id(
                links
                    .targets
                    .get(id.trim())
                    .map(|l| (l.url.clone(), l.title.clone())),
            ),
            Mention::File(url) => Answer::Local(links.local(&slot.file, &url)),
        })
        .collect()
}

/// What an output file was made from, to tell whether it must be written again: the page
/// itself, or a hash.
#[derive(Debug, Clone, PartialEq)]
pub enum Fingerprint {
    /// A page (shared, so that a full pass can compare against a snapshot of the output).
    Page(Arc<Written>),
    /// Any other file: a hash of its bytes (or of its source's name, size and time).
    Hash(u128),
}

impl Fingerprint {
    /// The fingerprint of a file's bytes.
    pub fn bytes(bytes: &[u8]) -> Fingerprint {
        Fingerprint::Hash(xxh3_128(bytes))
    }

    /// The fingerprint of a file copied from `source`: its name, size and modification time
    /// (artifacts can be large; a copy is redone when any of them changes).
    pub fn copy(source: &std::path::Path) -> Fingerprint {
        let meta = std::fs::metadata(source).ok();
        let stamp = format!(
            "{}\0{:?}\0{:?}",
            source.display(),
            meta.as_ref().map(|m| m.len()),
            meta.and_then(|m| m.modified().ok())
        );
        Fingerprint::Hash(xxh3_128(stamp.as_bytes()))
    }
}

/// What the output holds: every file's fingerprint, by output path.
pub type Outputs = HashMap<String, Fingerprint>;

/// What turns the last output into the next one.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Indexes (into the next outputs) of the files to write: new, or made differently.
    pub write: Vec<usize>,
    /// Output paths to remove: no longer produced.
    pub remove: Vec<String>,
}

/// Compares the next outputs with the last ones. A path listed twice in `next` counts once,
/// the later entry winning (as in a build, where it is written last). Paths in `later` are
/// produced by a later step: they are not removed. Cheap files come first in `write`, the
/// pages with the most Markdown (the print view) last. Runs in parallel.
pub fn diff(last: &Outputs, next: &[(String, Fingerprint)], later: &[&str]) -> Diff {
    let mut latest: HashMap<&str, usize> = HashMap::with_capacity(next.len());
    for (i, (path, _)) in next.iter().enumerate() {
        latest.insert(path.as_str(), i);
    }
    let shared = SharedEq::of(latest.values().filter_map(|&i| {
        let (path, made) = &next[i];
        Some((page(last.get(path)?)?, page(made)?))
    }));
    let latest_list: Vec<usize> = latest.values().copied().collect();
    let mut write: Vec<usize> = latest_list
        .into_par_iter()
        .filter(|&i| {
            let (path, made) = &next[i];
            !last.get(path).is_some_and(|was| same(was, made, &shared))
        })
        .collect();
    write.sort_unstable_by_key(|&i| (cost(&next[i].1), i));
    let mut remove: Vec<String> = last
        .keys()
        .filter(|path| !latest.contains_key(path.as_str()) && !later.contains(&path.as_str()))
        .cloned()
        .collect();
    remove.sort();
    Diff { write, remove }
}

/// The page a file was made from, if it is one.
fn page(made: &Fingerprint) -> Option<&Written> {
    match made {
        Fingerprint::Page(written) => Some(written),
        Fingerprint::Hash(_) => None,
    }
}

/// Whether two files are made the same way.
fn same(a: &Fingerprint, b: &Fingerprint, shared: &SharedEq) -> bool {
    match (a, b) {
        (Fingerprint::Page(a), Fingerprint::Page(b)) => same_page(a, b, shared),
        (Fingerprint::Hash(a), Fingerprint::Hash(b)) => a == b,
        _ => false,
    }
}

/// Whether two pages render the same HTML: equal jobs and link answers. The values every
/// page of a plan shares are compared once per plan (through `shared`), not once per page.
fn same_page(a: &Written, b: &Written, shared: &SharedEq) -> bool {
    let (x, y) = (&a.job, &b.job);
    x.path == y.path
        && x.template == y.template
        && x.markdown == y.markdown
        && a.answers == b.answers
        && SHARED
            .iter()
            .all(|key| shared.same(x.context.get(key), y.context.get(key)))
        && without_shared(&x.context) == without_shared(&y.context)
}

/// Context values every page of a plan shares (one value, cloned into each page).
const SHARED: [&str; 2] = ["site", "nav"];

fn without_shared(context: &tera::Context) -> tera::Context {
    let mut rest = context.clone();
    for key in SHARED {
        rest.remove(key);
    }
    rest
}

/// Whether shared values are equal, compared once per pair of distinct values (told apart by
/// the address of their contents, which clones of one value share).
struct SharedEq(HashMap<(usize, usize), bool>);

/// The address of a map's or list's contents.
fn identity(value: &tera::Value) -> Option<usize> {
    value
        .as_map()
        .map(|m| std::ptr::from_ref(m) as usize)
        .or_else(|| value.as_array().map(|a| a.as_ptr() as usize))
}

impl SharedEq {
    /// Compares the shared values of each pair of pages (last, next) once per distinct pair.
    fn of<'a>(pairs: impl Iterator<Item = (&'a Written, &'a Written)>) -> SharedEq {
        let mut memo = HashMap::new();
        for (a, b) in pairs {
            for key in SHARED {
                let (Some(x), Some(y)) = (a.job.context.get(key), b.job.context.get(key)) else {
                    continue;
                };
                if let (Some(i), Some(j)) = (identity(x), identity(y)) {
                    memo.entry((i, j)).or_insert_with(|| x == y);
                }
            }
        }
        SharedEq(memo)
    }

    fn same(&self, a: Option<&tera::Value>, b: Option<&tera::Value>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) => match (identity(x), identity(y)) {
                (Some(i), Some(j)) => self.0.get(&(i, j)).copied().unwrap_or_else(|| x == y),
                _ => x == y,
            },
            (None, None) => true,
            _ => false,
        }
    }
}

/// How much rendering a file takes, roughly: its Markdown documents.
pub fn cost(made: &Fingerprint) -> usize {
    match made {
        Fingerprint::Page(written) => written.job.markdown.len(),
        Fingerprint::Hash(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Link;

    fn job(path: &str, title: &str, body: &str) -> PageJob {
        let mut context = tera::Context::new();
        context.insert("title", title);
        let mut job = PageJob {
            path: path.to_string(),
            template: "policy.html",
            context,
            markdown: Vec::new(),
        };
        job.markdown("body", None, body, "content/policies/a.md");
        job
    }

    fn table(risk_title: &str) -> LinkTable {
        let mut links = LinkTable::default();
        links.targets.insert(
            "RSK-1".into(),
            Link {
                url: "risks/RSK-1.html".into(),
                title: risk_title.into(),
            },
        );
        links
            .documents
            .insert("content/policies/b.md".into(), "policies/B.html".into());
        links
    }

    fn page(path: &str, title: &str, body: &str, links: &LinkTable) -> (String, Fingerprint) {
        let written = Written::new(job(path, title, body), links);
        (path.to_string(), Fingerprint::Page(Arc::new(written)))
    }

    fn outputs(list: &[(String, Fingerprint)]) -> Outputs {
        list.iter().cloned().collect()
    }

    #[test]
    fn only_changed_pages_and_files_are_written() {
        let links = table("Bias");
        let last = outputs(&[
            page("a.html", "A", "Same.", &links),
            page("b.html", "B", "Old text.", &links),
            page("c.html", "C", "Same.", &links),
            ("data.csv".into(), Fingerprint::bytes(b"x,y\n")),
        ]);
        let next = [
            page("a.html", "A", "Same.", &links),
            page("b.html", "B", "New text.", &links),
            page("c.html", "C changed", "Same.", &links),
            ("data.csv".into(), Fingerprint::bytes(b"x,y\n")),
            page("d.html", "D", "Added.", &links),
        ];
        let diff = diff(&last, &next, &[]);
        assert_eq!(diff.write, vec![1, 2, 4]);
        assert!(diff.remove.is_empty());
    }

    #[test]
    fn outputs_no_longer_made_are_removed() {
        let links = table("Bias");
        let last = outputs(&[
            page("a.html", "A", "x", &links),
            page("gone.html", "G", "x", &links),
            ("old.csv".into(), Fingerprint::bytes(b"1")),
        ]);
        let next = [page("a.html", "A", "x", &links)];
        let diff_now = diff(&last, &next, &[]);
        assert!(diff_now.write.is_empty());
        assert_eq!(diff_now.remove, vec!["gone.html", "old.csv"]);
        // A file a later step makes stays.
        assert_eq!(diff(&last, &next, &["old.csv"]).remove, vec!["gone.html"]);
    }

    #[test]
    fn a_page_whose_link_now_leads_elsewhere_is_written_though_its_job_is_the_same() {
        let body = "See [[RSK-1]] and [the other](b.md#intro).";
        let last = outputs(&[page("a.html", "A", body, &table("Bias"))]);
        // The risk's title changed: the same job renders other HTML.
        let renamed = [page("a.html", "A", body, &table("Fairness"))];
        assert_eq!(diff(&last, &renamed, &[]).write, vec![0]);
        // The linked document is no longer visible.
        let mut hidden = table("Bias");
        hidden.documents.clear();
        let gone = [page("a.html", "A", body, &hidden)];
        assert_eq!(diff(&last, &gone, &[]).write, vec![0]);
        // A link table change the page does not use writes nothing.
        let mut other = table("Bias");
        other
            .documents
            .insert("content/policies/c.md".into(), "policies/C.html".into());
        let same = [page("a.html", "A", body, &other)];
        assert!(diff(&last, &same, &[]).write.is_empty());
    }

    #[test]
    fn the_print_view_is_written_after_the_single_pages() {
        let links = table("Bias");
        let mut print = job("print.html", "All", "a");
        print
            .markdown("body", None, "b", "content/policies/b.md")
            .markdown("body", None, "c", "content/policies/c.md");
        let next = [
            (
                "print.html".to_string(),
                Fingerprint::Page(Arc::new(Written::new(print, &links))),
            ),
            page("a.html", "A", "x", &links),
            ("data.csv".into(), Fingerprint::bytes(b"1")),
        ];
        assert_eq!(diff(&Outputs::new(), &next, &[]).write, vec![2, 1, 0]);
    }

    #[test]
    fn a_change_to_the_navigation_every_page_shares_writes_every_page() {
        let links = table("Bias");
        let with_nav = |nav: &tera::Value| -> Vec<(String, Fingerprint)> {
            ["a.html", "b.html"]
                .iter()
                .map(|path| {
                    let mut job = job(path, "T", "x");
                    job.set_value("nav", nav.clone());
                    let written = Written::new(job, &links);
                    (path.to_string(), Fingerprint::Page(Arc::new(written)))
                })
                .collect()
        };
        let nav = |titles: &[&str]| tera::Value::from_serializable(&titles);
        let last = outputs(&with_nav(&nav(&["One", "Two"])));
        // An equal navigation built anew (another value) writes nothing.
        assert!(
            diff(&last, &with_nav(&nav(&["One", "Two"])), &[])
                .write
                .is_empty()
        );
        assert_eq!(
            diff(&last, &with_nav(&nav(&["One", "Two, renamed"])), &[]).write,
            vec![0, 1]
        );
    }

    #[test]
    fn the_later_of_two_files_with_one_path_wins() {
        let last = outputs(&[("assets/style.css".into(), Fingerprint::bytes(b"new"))]);
        let next = [
            ("assets/style.css".into(), Fingerprint::bytes(b"old")),
            ("assets/style.css".into(), Fingerprint::bytes(b"new")),
        ];
        assert_eq!(diff(&last, &next, &[]), Diff::default());
        let changed = [
            ("assets/style.css".into(), Fingerprint::bytes(b"new")),
            ("assets/style.css".into(), Fingerprint::bytes(b"newer")),
        ];
        assert_eq!(diff(&last, &changed, &[]).write, vec![1]);
    }
}
