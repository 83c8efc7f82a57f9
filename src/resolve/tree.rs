//! The page tree: ids, output paths and folders of the free pages under `content/pages/`.
//!
//! A page's id is its path under `content/pages/` without `.md`; `index.md`, `_index.md` or
//! `README.md` (in that order of precedence) stands for its folder. Output paths mirror the
//! folders, each name made a safe slug; two names that would give the same slug in one folder
//! (`a b.md`, `a-b.md`) are told apart by a `-2` suffix, the more visible first, then in name
//! order, so that paths are stable and unique and a public page's path never shows that a
//! hidden one exists (tested by `a_public_page_keeps_its_plain_slug_whatever_hidden_page_shares_it`
//! below). A page that writes `id:` keeps it, and is written to `pages/<ID>.html`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::Target;
use crate::load::pages::FOLDER_PAGES;
use crate::model::{Page, PagePlace, Visibility};
use crate::shared::slugs::slug_for_path;

/// The folder that holds the pages.
pub const PAGES_DIR: &str = "content/pages";

/// Folders and files of the page tree, by source path relative to the root.
#[derive(Debug, Clone, Default)]
pub struct PageTree {
    /// `content/pages/a/b` -> output folder `pages/a/b/` (the root is `content/pages` -> `pages/`).
    pub folders: BTreeMap<String, String>,
    /// `content/pages/a/img.png` -> output path `pages/a/img.png`.
    pub assets: BTreeMap<String, String>,
    /// Folders that hold a page (of any audience) at any depth.
    pub with_pages: BTreeSet<String>,
}

impl PageTree {
    /// The output folder of a source folder's index page (`pages/a/b/index.html`).
    pub fn folder_index(&self, folder: &str) -> Option<String> {
        self.folders
            .get(folder)
            .map(|out| format!("{out}index.html"))
    }

    /// Whether a folder holds a page (of any audience) at any depth.
    pub fn has_pages(&self, folder: &str) -> bool {
        self.with_pages.contains(folder)
    }
}

/// What a relative link written in a document leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkDestination {
    /// A policy or page.
    Document(Target),
    /// A folder of pages (its index page).
    Folder,
    /// A file beside the pages, copied to the output.
    Asset(String),
    /// Nothing: the path (relative to the root) names no document, folder or file.
    Missing(String),
    /// Not checked: not a relative link, or a file outside `content/pages/` that is not Markdown.
    Unchecked,
}

/// Resolves a relative link written in `document` (both relative to the root).
pub fn resolve_local(
    documents: &HashMap<String, Target>,
    tree: &PageTree,
    document: &str,
    url: &str,
) -> LinkDestination {
    use crate::resolve::mentions::{local_target, site_paths};
    let Some((path, _)) = local_target(document, url) else {
        // A root-absolute link is the docs site's route: used when it names a page, else left.
        return site_paths(url)
            .iter()
            .find_map(|(path, _)| find(documents, tree, path))
            .unwrap_or(LinkDestination::Unchecked);
    };
    if let Some(found) = find(documents, tree, &path) {
        return found;
    }
    if path == PAGES_DIR || under_pages(&path).is_some() || path.ends_with(".md") {
        LinkDestination::Missing(path)
    } else {
        LinkDestination::Unchecked
    }
}

/// The document, folder of pages or file beside them a path (relative to the root) names.
fn find(
    documents: &HashMap<String, Target>,
    tree: &PageTree,
    path: &str,
) -> Option<LinkDestination> {
    let in_pages = path == PAGES_DIR || under_pages(path).is_some();
    for candidate in crate::resolve::mentions::link_candidates(path) {
        if let Some(&target) = documents.get(&candidate) {
            return Some(LinkDestination::Document(target));
        }
        if in_pages && tree.folders.contains_key(&candidate) {
            return Some(LinkDestination::Folder);
        }
        if in_pages && tree.assets.contains_key(&candidate) {
            return Some(LinkDestination::Asset(candidate));
        }
    }
    None
}

/// Records on each page the files beside the pages it links to, so that a build copies
/// exactly those its audience's pages use.
pub fn attach_assets(pages: &mut [Page], documents: &HashMap<String, Target>, tree: &PageTree) {
    for page in pages {
        page.meta.place.assets = assets_of(&page.body, &page.source.file, documents, tree);
    }
}

/// The files beside the pages that a Markdown body written in `file` links to, sorted, without
/// the ones that are never published (HTML and XML: E213 at the link).
pub fn assets_of(
    body: &str,
    file: &str,
    documents: &HashMap<String, Target>,
    tree: &PageTree,
) -> Vec<String> {
    let mut assets: Vec<String> = crate::resolve::mentions::scan(body)
        .into_iter()
        .filter_map(|found| match found.mention {
            crate::resolve::mentions::Mention::File(url) => {
                match resolve_local(documents, tree, file, &url) {
                    LinkDestination::Asset(file) if crate::svg::is_refused(&file) => None,
                    LinkDestination::Asset(file) => Some(file),
                    _ => None,
                }
            }
            crate::resolve::mentions::Mention::Id(_) => None,
        })
        .collect();
    assets.sort();
    assets.dedup();
    assets
}

/// One name in a folder, waiting for its output name.
enum Entry {
    Page(usize),
    Folder(String),
    Asset(String),
}

/// What each folder (relative to `content/pages`, the root being empty) holds by name.
type Children = BTreeMap<String, Vec<(String, Entry)>>;

/// Gives every page its id (unless written) and place, and maps folders and assets to their
/// output paths.
pub fn build(pages: &mut [Page], assets: &[String]) -> PageTree {
    let rels: Vec<String> = pages
        .iter()
        .map(|p| under_pages(&p.source.file).unwrap_or_default().to_string())
        .collect();
    let folder_pages = folder_pages(&rels);
    let asset_rels: Vec<&str> = assets.iter().filter_map(|a| under_pages(a)).collect();
    let mut tree = PageTree {
        with_pages: folders_with_pages(&rels),
        ..PageTree::default()
    };
    let children = children(&rels, &asset_rels);
    let explicit = explicit_names(pages);
    let folder_visibility = folder_visibility(pages, &rels);
    let asset_visibility = if assets_share_names(&children) {
        linked_visibility(pages, &asset_rels)
    } else {
        HashMap::new()
    };
    let visibility = |entry: &Entry| match entry {
        Entry::Page(i) => pages[*i].meta.visibility,
        Entry::Folder(path) => folder_visibility
            .get(path)
            .copied()
            .unwrap_or(Visibility::Confidential),
        Entry::Asset(rel) => asset_visibility
            .get(rel.as_str())
            .copied()
            .unwrap_or(Visibility::Confidential),
    };
    let names = Names {
        explicit: &explicit,
        folder_pages: &folder_pages,
        visibility: &visibility,
    };
    let (out_folder, places) = output_names(children, &names, pages.len(), &mut tree);
    place_pages(pages, &rels, &folder_pages, &out_folder, places);
    tree
}

/// `content/pages` and every folder under it that holds a page at any depth.
fn folders_with_pages(rels: &[String]) -> BTreeSet<String> {
    let mut with_pages = BTreeSet::from([PAGES_DIR.to_string()]);
    for rel in rels {
        let mut folder = rel.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            with_pages.insert(joined(parent));
            folder = parent;
        }
    }
    with_pages
}

/// Every folder on the way to a page or asset, and what each folder holds: pages, then
/// assets, each folder once.
fn children(rels: &[String], asset_rels: &[&str]) -> Children {
    let mut children = Children::new();
    let add_folders = |rel: &str, children: &mut Children| {
        let parts: Vec<&str> = rel.split('/').collect();
        for depth in 0..parts.len().saturating_sub(1) {
            let parent = parts[..depth].join("/");
            let name = parts[depth].to_string();
            let path = parts[..=depth].join("/");
            let list = children.entry(parent).or_default();
            if !list
                .iter()
                .any(|(n, e)| *n == name && matches!(e, Entry::Folder(_)))
            {
                list.push((name, Entry::Folder(path)));
            }
        }
    };
    children.entry(String::new()).or_default();
    for (i, rel) in rels.iter().enumerate() {
        add_folders(rel, &mut children);
        let (parent, name) = split_last(rel);
        children
            .entry(parent.to_string())
            .or_default()
            .push((name.to_string(), Entry::Page(i)));
    }
    for rel in asset_rels {
        add_folders(rel, &mut children);
        let (parent, name) = split_last(rel);
        children
            .entry(parent.to_string())
            .or_default()
            .push((name.to_string(), Entry::Asset(rel.to_string())));
    }
    children
}

/// The names taken at the top by pages that write their id (`pages/<ID>.html`), least
/// visible last: each is taken only once the pages as visible as it have their names (see
/// [`output_names`]).
fn explicit_names(pages: &[Page]) -> Vec<(Visibility, String)> {
    let mut explicit: Vec<(Visibility, String)> = pages
        .iter()
        .filter(|p| p.meta.explicit_id)
        .map(|p| {
            let name = format!("{}.html", crate::shared::urls::file_name(&p.meta.id));
            (p.meta.visibility, name.to_lowercase())
        })
        .collect();
    explicit.sort();
    explicit
}

/// A folder is as visible as the most visible page it holds at any depth.
fn folder_visibility(pages: &[Page], rels: &[String]) -> HashMap<String, Visibility> {
    let mut folder_visibility: HashMap<String, Visibility> = HashMap::new();
    for (page, rel) in pages.iter().zip(rels) {
        let mut folder = rel.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            let v = folder_visibility
                .entry(parent.to_string())
                .or_insert(page.meta.visibility);
            *v = (*v).min(page.meta.visibility);
            folder = parent;
        }
    }
    folder_visibility
}

/// What naming the entries of a folder depends on besides the folder.
struct Names<'a> {
    /// From [`explicit_names`].
    explicit: &'a [(Visibility, String)],
    /// Pages that stand for their folder (`index.md` and the like).
    folder_pages: &'a HashSet<usize>,
    /// How visible a page, folder or asset is.
    visibility: &'a dyn Fn(&Entry) -> Visibility,
}

/// Names every folder, page and asset in the output, folder by folder: the output folder of
/// each source folder, and each page's URL (in `places`); the assets go into `tree`.
fn output_names(
    children: Children,
    names: &Names,
    page_count: usize,
    tree: &mut PageTree,
) -> (BTreeMap<String, String>, Vec<PagePlace>) {
    let visibility = names.visibility;
    let mut out_folder: BTreeMap<String, String> = BTreeMap::new();
    out_folder.insert(String::new(), "pages/".to_string());
    let mut places: Vec<PagePlace> = vec![PagePlace::default(); page_count];
    // BTreeMap order visits a parent before its children.
    for (folder, mut entries) in children {
        let base = out_folder.get(&folder).cloned().unwrap_or_default();
        tree.folders.insert(joined(&folder), base.clone());
        let mut taken: HashSet<String> = HashSet::from(["index.html".to_string()]);
        let mut next_explicit = 0;
        // The most visible names first, so that a page's name never depends on a page less
        // visible than it: a public page keeps its plain slug whatever hidden page shares it
        // (a `-2` would tell the world the hidden one exists). Then pages, folders, other
        // files, each in name order.
        entries.sort_by(|(a, ea), (b, eb)| {
            (visibility(ea), rank(ea), a).cmp(&(visibility(eb), rank(eb), b))
        });
        for (name, entry) in entries {
            while folder.is_empty()
                && names
                    .explicit
                    .get(next_explicit)
                    .is_some_and(|(v, _)| *v <= visibility(&entry))
            {
                taken.insert(names.explicit[next_explicit].1.clone());
                next_explicit += 1;
            }
            match entry {
                Entry::Page(i) => {
                    let output = if names.folder_pages.contains(&i) {
                        "index.html".to_string()
                    } else {
                        let stem = name.strip_suffix(".md").unwrap_or(&name);
                        unique(&mut taken, &slug_for_path(stem), ".html")
                    };
                    places[i].url = format!("{base}{output}");
                }
                Entry::Folder(path) => {
                    let output = unique(&mut taken, &slug_for_path(&name), "");
                    out_folder.insert(path, format!("{base}{output}/"));
                }
                Entry::Asset(rel) => {
                    let (stem, ext) = match name.rsplit_once('.') {
                        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
                        _ => (name.as_str(), String::new()),
                    };
                    let output = unique(&mut taken, &slug_for_path(stem), &slug_ext(&ext));
                    tree.assets.insert(joined(&rel), format!("{base}{output}"));
                }
            }
        }
    }
    (out_folder, places)
}

/// Gives each page its place (URL, folders with their output names) and, unless written,
/// its id.
fn place_pages(
    pages: &mut [Page],
    rels: &[String],
    folder_pages: &HashSet<usize>,
    out_folder: &BTreeMap<String, String>,
    mut places: Vec<PagePlace>,
) {
    let leaf_ids: BTreeSet<String> = rels
        .iter()
        .enumerate()
        .filter(|(i, _)| !folder_pages.contains(i))
        .map(|(_, rel)| without_md(rel).to_string())
        .collect();
    for (i, page) in pages.iter_mut().enumerate() {
        let rel = &rels[i];
        let is_folder_page = folder_pages.contains(&i);
        let (parent, _) = split_last(rel);
        let names: Vec<&str> = parent.split('/').filter(|s| !s.is_empty()).collect();
        let mut place = std::mem::take(&mut places[i]);
        place.folder_page = is_folder_page;
        place.folders = names
            .iter()
            .enumerate()
            .map(|(d, name)| {
                let out = &out_folder[&names[..=d].join("/")];
                let slug = out
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or_default();
                (name.to_string(), slug.to_string())
            })
            .collect();
        if !page.meta.explicit_id {
            page.meta.id = path_id(rel, parent, is_folder_page, &leaf_ids);
        } else {
            place.url = crate::shared::urls::page(&page.meta.id);
        }
        page.meta.place = place;
    }
}

/// Whether a file beside the pages would share its output name with another name of its
/// folder (rare: only then is it worth reading every page for who links to it).
fn assets_share_names(children: &Children) -> bool {
    children.values().any(|entries| {
        let mut names: HashMap<String, usize> = HashMap::new();
        for (name, entry) in entries {
            let out = match entry {
                Entry::Page(_) => format!("{}.html", slug_for_path(without_md(name))),
                Entry::Folder(_) => slug_for_path(name),
                Entry::Asset(_) => match name.rsplit_once('.') {
                    Some((stem, ext)) if !stem.is_empty() => {
                        format!("{}{}", slug_for_path(stem), slug_ext(&format!(".{ext}")))
                    }
                    _ => slug_for_path(name),
                },
            };
            *names.entry(out.to_lowercase()).or_default() += 1;
        }
        entries.iter().any(|(_, e)| matches!(e, Entry::Asset(_))) && names.values().any(|&n| n > 1)
    })
}

/// How visible each file beside the pages (by path under `content/pages/`) is: as the most
/// visible page that links to it, so that its name, like a page's, never depends on a less
/// visible one.
fn linked_visibility<'a>(pages: &[Page], asset_rels: &[&'a str]) -> HashMap<&'a str, Visibility> {
    use crate::resolve::mentions::{Mention, link_candidates, local_target, scan};
    let wanted: HashSet<&str> = asset_rels.iter().copied().collect();
    let mut found: HashMap<&'a str, Visibility> = HashMap::new();
    for page in pages {
        for located in scan(&page.body) {
            let Mention::File(url) = located.mention else {
                continue;
            };
            let Some((path, _)) = local_target(&page.source.file, &url) else {
                continue;
            };
            for candidate in link_candidates(&path) {
                let Some(rel) = under_pages(&candidate).and_then(|r| wanted.get(r)) else {
                    continue;
                };
                let v = found.entry(*rel).or_insert(page.meta.visibility);
                *v = (*v).min(page.meta.visibility);
            }
        }
    }
    found
}

/// The id a page takes from its path. A folder page whose folder's name is also a page's
/// (`security.md` beside `security/index.md`) keeps its own path (`security/index`).
fn path_id(rel: &str, parent: &str, folder_page: bool, leaf_ids: &BTreeSet<String>) -> String {
    if !folder_page {
        return without_md(rel).to_string();
    }
    if parent.is_empty() {
        return "index".to_string();
    }
    if leaf_ids.contains(parent) {
        without_md(rel).to_string()
    } else {
        parent.to_string()
    }
}

fn rank(entry: &Entry) -> u8 {
    match entry {
        Entry::Page(_) => 0,
        Entry::Folder(_) => 1,
        Entry::Asset(_) => 2,
    }
}

/// Which pages stand for their folder: the first of [`FOLDER_PAGES`] present in each folder.
fn folder_pages(rels: &[String]) -> HashSet<usize> {
    let mut best: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, rel) in rels.iter().enumerate() {
        let (parent, name) = split_last(rel);
        if let Some(rank) = FOLDER_PAGES.iter().position(|f| *f == name) {
            let slot = best.entry(parent).or_insert((rank, i));
            if rank < slot.0 {
                *slot = (rank, i);
            }
        }
    }
    best.values().map(|&(_, i)| i).collect()
}

/// `content/pages/a/b.md` -> `a/b.md`.
pub fn under_pages(file: &str) -> Option<&str> {
    file.strip_prefix(PAGES_DIR)?.strip_prefix('/')
}

/// `a/b` -> `content/pages/a/b`; `` -> `content/pages`.
fn joined(rel: &str) -> String {
    if rel.is_empty() {
        PAGES_DIR.to_string()
    } else {
        format!("{PAGES_DIR}/{rel}")
    }
}

fn split_last(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}

fn without_md(rel: &str) -> &str {
    rel.strip_suffix(".md").unwrap_or(rel)
}

/// `stem + suffix`, or `stem-2 + suffix`, ... whichever is free in the folder (ignoring case,
/// since disks may); marks it taken.
fn unique(taken: &mut HashSet<String>, stem: &str, suffix: &str) -> String {
    let mut candidate = format!("{stem}{suffix}");
    let mut n = 1;
    while taken.contains(&candidate.to_lowercase()) {
        n += 1;
        candidate = format!("{stem}-{n}{suffix}");
    }
    taken.insert(candidate.to_lowercase());
    candidate
}

fn slug_ext(ext: &str) -> String {
    match ext.strip_prefix('.') {
        Some(e) => format!(".{}", slug_for_path(e)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::pages::parse;

    fn pages(files: &[&str]) -> Vec<Page> {
        files
            .iter()
            .map(|f| parse("# T\n", &format!("content/pages/{f}")).0.unwrap())
            .collect()
    }

    #[test]
    fn ids_are_paths_and_folder_pages_stand_for_their_folder() {
        let mut p = pages(&[
            "index.md",
            "departments/security/index.md",
            "departments/security/README.md",
            "legal/README.md",
            "legal/overview.md",
            "security/overview.md",
            "team.md",
            "team/index.md",
        ]);
        build(&mut p, &[]);
        let got: Vec<(&str, &str)> = p
            .iter()
            .map(|p| (p.meta.id.as_str(), p.meta.place.url.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("index", "pages/index.html"),
                (
                    "departments/security",
                    "pages/departments/security/index.html"
                ),
                (
                    "departments/security/README",
                    "pages/departments/security/README.html"
                ),
                ("legal", "pages/legal/index.html"),
                ("legal/overview", "pages/legal/overview.html"),
                ("security/overview", "pages/security/overview.html"),
                ("team", "pages/team.html"),
                ("team/index", "pages/team/index.html"),
            ]
        );
        assert!(p[1].meta.place.folder_page && !p[2].meta.place.folder_page);
        assert_eq!(
            p[1].meta.place.folders,
            vec![
                ("departments".to_string(), "departments".to_string()),
                ("security".to_string(), "security".to_string())
            ]
        );
    }

    #[test]
    fn a_public_page_keeps_its_plain_slug_whatever_hidden_page_shares_it() {
        let page = |front: &str, f: &str| {
            parse(
                &format!("---\n{front}\n---\n# T\n"),
                &format!("content/pages/{f}"),
            )
            .0
            .unwrap()
        };
        // Each hidden name sorts before the public one, so name order alone gave it the slug.
        let mut p = vec![
            page("visibility: confidential", "about us.md"),
            page("visibility: internal", "About Us.md"),
            page("visibility: public", "about-us.md"),
            page("visibility: internal", "Team A/x.md"),
            page("visibility: public", "team-a/y.md"),
            page("visibility: confidential\nid: guide", "somewhere/g.md"),
            page("visibility: public", "guide.md"),
        ];
        let tree = build(&mut p, &[]);
        assert!(tree.assets.is_empty());
        let urls: Vec<&str> = p.iter().map(|p| p.meta.place.url.as_str()).collect();
        assert_eq!(
            urls,
            vec![
                "pages/about-us-3.html",
                "pages/About-Us-2.html",
                "pages/about-us.html",
                "pages/Team-A-2/x.html",
                "pages/team-a/y.html",
                "pages/guide.html",
                "pages/guide.html",
            ]
        );
    }

    #[test]
    fn a_file_beside_the_pages_is_as_visible_as_the_pages_linking_it() {
        let page = |front: &str, f: &str, body: &str| {
            parse(
                &format!("---\n{front}\n---\n# T\n\n{body}\n"),
                &format!("content/pages/{f}"),
            )
            .0
            .unwrap()
        };
        let mut p = vec![
            page("visibility: internal", "plans.md", "[plan](Plan%20Q3.pdf)"),
            page("visibility: public", "about.md", "[plan](plan-q3.pdf)"),
        ];
        let files = ["content/pages/Plan Q3.pdf", "content/pages/plan-q3.pdf"].map(String::from);
        let tree = build(&mut p, &files);
        assert_eq!(
            tree.assets["content/pages/plan-q3.pdf"],
            "pages/plan-q3.pdf"
        );
        assert_eq!(
            tree.assets["content/pages/Plan Q3.pdf"],
            "pages/Plan-Q3-2.pdf"
        );
    }

    #[test]
    fn names_with_spaces_get_safe_unique_slugs() {
        let mut p = pages(&[
            "field marketing.md",
            "field-marketing.md",
            "Sales & Ops/a b.md",
        ]);
        let tree = build(&mut p, &["content/pages/Sales & Ops/img 1.PNG".to_string()]);
        assert_eq!(p[0].meta.id, "field marketing");
        assert_eq!(p[0].meta.place.url, "pages/field-marketing.html");
        assert_eq!(p[1].meta.place.url, "pages/field-marketing-2.html");
        assert_eq!(p[2].meta.place.url, "pages/Sales-Ops/a-b.html");
        assert_eq!(
            tree.assets["content/pages/Sales & Ops/img 1.PNG"],
            "pages/Sales-Ops/img-1.PNG"
        );
        assert_eq!(
            tree.folder_index("content/pages/Sales & Ops").unwrap(),
            "pages/Sales-Ops/index.html"
        );
        assert_eq!(slug_for_path("../.hidden"), "hidden");
    }
}
