//! A company handbook dropped in as it is (tests/fixtures/handbook): nested folders with
//! `index.md`, `_index.md` and `README.md`, one file name in several folders, names with
//! spaces and `&`, percent-encoded and folder links, raw HTML tables, no front matter. It
//! builds clean, every page is titled from its first heading, and every internal link of the
//! output leads to a file and, with a `#fragment`, to an element with that id.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::harness::{
    Fixture, assert_page_contains, build, build_fails, check, check_fails, fixture_dir,
    small_portal, snapshot, stderr, tracemark,
};

fn fixture() -> PathBuf {
    fixture_dir("handbook")
}

/// Copies the fixture handbook into a fresh temporary portal.
fn handbook() -> Fixture {
    Fixture::from_folder("handbook")
}

/// Every `.html` file under `dir`, relative, with `/`.
fn html_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Values of `attr="..."` in an HTML text (the generator always quotes with `"`).
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').unwrap();
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(Ok(b)) = text.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Every broken internal link of a built site: `page -> url (why)`.
fn broken_links(site: &Path) -> Vec<String> {
    let pages = html_files(site);
    let texts: HashMap<&str, String> = pages
        .iter()
        .map(|p| (p.as_str(), std::fs::read_to_string(site.join(p)).unwrap()))
        .collect();
    let ids = |text: &str| -> HashSet<String> {
        attribute_values(text, "id")
            .into_iter()
            .chain(attribute_values(text, "name"))
            .map(str::to_string)
            .collect()
    };
    let mut broken = Vec::new();
    for page in &pages {
        let text = &texts[page.as_str()];
        let urls = attribute_values(text, "href")
            .into_iter()
            .chain(attribute_values(text, "src"));
        for url in urls {
            let url = url.replace("&amp;", "&");
            if url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:") {
                continue;
            }
            let (path, fragment) = url.split_once('#').unwrap_or((&url, ""));
            // A query (`search.html?q=...`) is for the page's script, not a file name.
            let path = path.split_once('?').map_or(path, |(file, _)| file);
            let target = if path.is_empty() {
                page.clone()
            } else {
                match target_of(site, page, &percent_decode(path)) {
                    Ok(t) => t,
                    Err(why) => {
                        broken.push(format!("{page} -> {url} ({why})"));
                        continue;
                    }
                }
            };
            if !site.join(&target).is_file() {
                broken.push(format!("{page} -> {url} (no file {target})"));
                continue;
            }
            if !fragment.is_empty() && fragment != "top" {
                let body = texts
                    .get(target.as_str())
                    .cloned()
                    .unwrap_or_else(|| std::fs::read_to_string(site.join(&target)).unwrap());
                if !ids(&body).contains(&percent_decode(fragment)) {
                    broken.push(format!("{page} -> {url} (no id {fragment})"));
                }
            }
        }
    }
    broken
}

/// The text of the first `# ` heading of a Markdown file.
fn first_heading(md: &str) -> Option<String> {
    md.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|h| h.trim().to_string())
}

#[test]
fn a_handbook_as_it_is_builds_clean_with_every_link_resolved() {
    let f = handbook();
    let out = build(&f.root(), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 warnings, 0 errors"), "{err}");

    // Every page is titled from its first heading.
    let site = f.out();
    let h1s: HashSet<String> = html_files(&site.join("pages"))
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(site.join("pages").join(p)).unwrap();
            let start = text.find("<h1>")? + 4;
            Some(text[start..start + text[start..].find("</h1>")?].to_string())
        })
        .collect();
    let mut sources = 0;
    for entry in walkdir::WalkDir::new(fixture().join("content/pages")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|x| x == "md") {
            let md = std::fs::read_to_string(entry.path()).unwrap();
            let heading = first_heading(&md).expect("fixture pages have a heading");
            let escaped = heading.replace('&', "&amp;");
            assert!(
                h1s.contains(&escaped),
                "no page titled {heading:?}: {h1s:?}"
            );
            sources += 1;
        }
    }
    assert!(sources >= 12, "{sources}");

    // Folders, spaces and duplicate names map to stable, safe URLs.
    for (path, title) in [
        ("pages/index.html", "Company Handbook"),
        ("pages/engineering/index.html", "Engineering"),
        ("pages/engineering/overview.html", "Engineering overview"),
        ("pages/people/overview.html", "People overview"),
        ("pages/legal/overview.html", "Legal overview"),
        ("pages/engineering/on-call.html", "On-call rotation"),
        ("pages/marketing/field-marketing.html", "Field marketing"),
        ("pages/Sales-Ops/index.html", "Sales and operations"),
        ("pages/people/benefits/time-off.html", "Time off"),
    ] {
        assert!(
            f.read(path).contains(&format!("<h1>{title}</h1>")),
            "{path} is {title}"
        );
    }
    // A folder without a page of its own gets an index of what it holds.
    assert_page_contains(&f.out(), "pages/legal/index.html", &["overview.html"]);
    // The image a page shows is copied beside it.
    assert!(site.join("pages/images/org-chart.svg").is_file());
    // A folder of files only is not a page: its link keeps the text, without a target.
    assert_page_contains(
        &f.out(),
        "pages/index.html",
        &["The image folder holds the charts."],
    );
    // A docs-site heading slug in a link is rewritten to the heading's id.
    assert_page_contains(
        &f.out(),
        "pages/index.html",
        &["engineering/security/overview.html#q-a-who-responds"],
    );

    let broken = broken_links(&site);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The page tree of an edition's shared `assets/nav.js` (`window.tracemarkNav=...;`).
fn nav_tree(script: &str) -> serde_json::Value {
    let json = script
        .strip_prefix("window.tracemarkNav=")
        .and_then(|rest| rest.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("not the nav script: {script}"));
    serde_json::from_str(json).unwrap()
}

/// The entry titled `title` among a folder's entries (`{"t", "u", "c": [entries]}`).
fn entry<'a>(folder: &'a serde_json::Value, title: &str) -> &'a serde_json::Value {
    folder["c"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["t"] == title)
        .unwrap_or_else(|| panic!("no {title} in {folder}"))
}

#[test]
fn the_page_tree_is_one_shared_script_and_pages_carry_only_the_way_there() {
    let f = handbook();
    assert!(build(&f.root(), &[]).status.success());
    let page = f.read("pages/engineering/security/overview.html");
    let sidebar = &page[page.find("<nav class=\"sidebar\"").unwrap()..page.find("<main").unwrap()];
    // The page draws the tree from the shared script; it carries none of it.
    assert!(sidebar.contains("<li data-page-tree>"), "{sidebar}");
    assert!(!sidebar.contains("nav-tree"), "{sidebar}");
    assert!(!page.contains("time-off.html"), "{page}");
    assert!(page.contains("<script src=\"../../../assets/nav.js\"></script>"));
    // The script holds every folder and page, with URLs from the root, in reading order.
    let tree = nav_tree(&f.read("assets/nav.js"));
    assert_eq!(tree["t"], "Company Handbook");
    let security = entry(entry(&tree, "Engineering"), "Security");
    assert_eq!(security["u"], "pages/engineering/security/index.html");
    assert!(
        security["c"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["u"] == "pages/engineering/security/overview.html" && e.get("c").is_none()),
        "{security}"
    );
    let people = entry(&tree, "People team");
    assert!(
        people
            .to_string()
            .contains("pages/people/benefits/time-off.html"),
        "{people}"
    );
    // Register pages neither load nor carry it.
    let policies = f.read("policies/index.html");
    assert!(!policies.contains("nav.js") && !policies.contains("data-page-tree"));
    // Breadcrumbs follow the folders; previous stays in the Engineering section.
    let crumbs = &page[page.find("class=\"breadcrumbs\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    for folder in ["Company Handbook", "Engineering", "Security"] {
        assert!(crumbs.contains(&format!(">{folder}</a>")), "{crumbs}");
    }
    assert!(page.contains("href=\"../../../pages/engineering/security/index.html\" rel=\"prev\""));
    // Reading order goes through sub-folders; the last page of a section has no next page
    // in another section.
    let last = f.read("pages/people/overview.html");
    assert!(
        last.contains("href=\"../../pages/people/benefits/time-off.html\" rel=\"prev\""),
        "{last}"
    );
    assert!(!last.contains("rel=\"next\""), "{last}");
}

#[test]
fn check_reports_only_links_that_are_really_broken_at_their_line() {
    let f = handbook();
    f.write(
        "content/pages/engineering/broken.md",
        "# Broken links\n\n[gone](nothing.md) and [folder](../missing/)\n\n![x](../images/none.png) [bad](overview.md#nope)\n<a href=\"../people/absent.md\">x</a>\n\n[web](https://example.com/a.md) [mail](mailto:a@b.c) [abs](/handbook/x) [here](#broken-links) [ok](../people/)\n",
    );
    let out = tracemark(&["check", "--root", f.root().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let file = "content/pages/engineering/broken.md";
    for (code, at) in [
        ("E208", "3:1"),
        ("E208", "3:24"),
        ("E208", "5:1"),
        ("W314", "5:26"),
        ("E208", "6:10"),
    ] {
        assert!(
            err.contains(&format!("[{code}]")) && err.contains(&format!("--> {file}:{at}")),
            "{code} at {at}: {err}"
        );
    }
    assert!(err.contains("checked: 4 errors, 1 warnings"), "{err}");
}

#[test]
fn unknown_page_fields_reach_templates_and_only_misspellings_warn() {
    let f = handbook();
    f.write(
        "content/pages/extra.md",
        "---\ndescription: Shown by the override\ntitel: Oops\n---\n# Extra\n",
    )
    .write(
        "templates/pages/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><p class=\"d\">{{ page.extra.description | default(value=\"\") }}</p>{% endblock content %}",
    );
    let out = build(&f.root(), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning[W313]: unknown page field `titel`"),
        "{err}"
    );
    assert!(err.contains("--> content/pages/extra.md:3:1"), "{err}");
    assert!(err.contains("did you mean `title`?"), "{err}");
    assert_eq!(err.matches("warning[").count(), 1, "{err}");
    assert_page_contains(
        &f.out(),
        "pages/extra.html",
        &["<p class=\"d\">Shown by the override</p>"],
    );
}

#[test]
fn page_ids_from_paths_resolve_in_wiki_links_and_never_clash_with_entities() {
    let f = handbook();
    f.write(
        "content/pages/links.md",
        "# Links\n\n[[engineering/security]] and [[people/benefits/time off|leave]] and [[engineering/overview]].\n",
    );
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = f.read("pages/links.html");
    assert!(
        page.contains("<a href=\"../pages/engineering/security/index.html\">Security</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"../pages/people/benefits/time-off.html\">leave</a>"),
        "{page}"
    );
    assert!(page.contains(">Engineering overview</a>"), "{page}");

    // A top-level page whose path is an entity's id is ambiguous: reported at the page.
    f.write(
        "content/policies/p.md",
        "---\nid: links\ntitle: A policy\nowner: Legal\n---\nText\n",
    );
    let err = build_fails(&f.root(), &[]);
    assert!(
        err.contains("error[E205]: page `content/pages/links.md` takes the id `links`"),
        "{err}"
    );
}

#[test]
fn the_public_build_shows_only_public_pages_of_the_tree() {
    let f = handbook();
    f.write(
        "content/pages/people/benefits/time off.md",
        "---\nvisibility: public\n---\n# Time off\n\nAsk the [people team](../README.md) first. Leave is booked online.\n\n![chart](../../images/org%20chart.svg)\n",
    );
    let out = build(
        &f.root(),
        &[
            "--audience",
            "public",
            "--out",
            f.dir.path().join("trust").to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let site = f.dir.path().join("trust");
    let pages = html_files(&site.join("pages"));
    assert_eq!(
        {
            let mut p = pages.clone();
            p.sort();
            p
        },
        vec![
            "index.html",
            "people/benefits/index.html",
            "people/benefits/time-off.html",
            "people/index.html"
        ],
        "only the public page and the indexes of its folders"
    );
    let page = std::fs::read_to_string(site.join("pages/people/benefits/time-off.html")).unwrap();
    // The sentence resting on the link to the internal folder page is left out; the next
    // sentence and the image stay.
    let body = page.split("<article").nth(1).expect("the page's article");
    assert!(
        !body.contains("README") && !body.contains("class=\"restricted\""),
        "the internal folder page is not linked: {body}"
    );
    assert!(
        body.contains("<p>Leave is booked online.</p>") && body.contains("org-chart.svg"),
        "{body}"
    );
    for internal in ["People team", "Engineering", "Company Handbook", "overview"] {
        for p in &pages {
            let text = std::fs::read_to_string(site.join("pages").join(p)).unwrap();
            assert!(!text.contains(internal), "{internal} in {p}");
        }
    }
    assert!(
        site.join("pages/images/org-chart.svg").is_file(),
        "its image is copied"
    );
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
}

/// The "real handbook" fixture: what exported company handbooks contain beyond the tidy one
/// above (non-ASCII punctuation everywhere, raw HTML lines that start with `–`, form feeds as
/// page breaks, CRLF files, a byte-order mark, heading attributes, footnotes, emoji).
fn real_handbook() -> Fixture {
    Fixture::from_folder("real-handbook")
}

#[test]
fn a_real_handbook_checks_and_builds_in_every_audience() {
    let f = real_handbook();
    // The fixture really holds what it is meant to test.
    let sources = snapshot(&f.root().join("content"));
    let has = |what: &[u8]| {
        sources
            .iter()
            .any(|(_, b)| b.windows(what.len()).any(|w| w == what))
    };
    for what in [
        "\n– ".as_bytes(),
        b"\x0c\r\n",
        b"\n\x0c\n",
        b"\xef\xbb\xbf",
        "\u{a0}".as_bytes(),
        "{#triage .severity}".as_bytes(),
        "title=\"Première semaine – J1\"".as_bytes(),
        b"[^ic]:",
    ] {
        assert!(
            has(what),
            "fixture lacks {:?}",
            String::from_utf8_lossy(what)
        );
    }
    assert!(sources.iter().filter(|(p, _)| p.ends_with(".md")).count() >= 14);

    // `check` used to panic here (exit 101) in the raw HTML scanner.
    let out = check(&f.root(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");

    let out = build(&f.root(), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 warnings, 0 errors"), "{err}");
    let site = f.out();
    // No form feed reaches any output (it is whitespace; XML forbids it).
    for (path, bytes) in snapshot(&site) {
        assert!(!bytes.contains(&0x0c), "form feed in {path}");
    }
    let index = f.read("pages/index.html");
    assert!(index.contains("<h1>Acme handbook 📘</h1>"), "{index}");
    // Raw HTML lines starting with non-ASCII punctuation are kept, and its links rewritten.
    assert!(
        index.contains("– This line starts with an en dash"),
        "{index}"
    );
    assert!(
        index.contains(
            "href=\"../pages/people/onboarding/first-week.html\" title=\"Première semaine – J1\""
        ),
        "{index}"
    );
    // Heading attributes give the id (and class); a CRLF file and a BOM file read as text.
    let incident = f.read("pages/engineering/security/incident-response.html");
    assert!(
        incident.contains("<h2 id=\"triage\" class=\"severity\">Triage"),
        "{incident}"
    );
    let week = f.read("pages/people/onboarding/first-week.html");
    assert!(week.contains("<h1>First week — day by day</h1>"), "{week}");
    assert!(week.contains("id=\"day-1\""), "{week}");
    assert!(!week.contains('\r'), "CR kept from a CRLF file");
    let conduct = f.read("pages/people/code-of-conduct.html");
    assert!(conduct.contains("<h1>Code of conduct</h1>"), "{conduct}");
    assert!(!conduct.contains('\u{feff}'));
    // A form feed alone on a line ends the paragraph before it, like a blank line.
    let policy = f.read("policies/POL-ISMS.html");
    assert!(policy.contains("id=\"roles\" class=\"raci\""), "{policy}");
    assert!(!policy.contains("customers’.\n</p>\n<p>\n"), "{policy}");
    let time_off = f.read("pages/people/leave/time-off.html");
    assert!(time_off.contains("footnote-definition"), "{time_off}");
    assert!(time_off.contains("🇫🇷 France"), "{time_off}");
    let broken = broken_links(&site);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    for (audience, dir) in [("public", "public"), ("auditor", "auditor-package")] {
        let out = build(&f.root(), &["--audience", audience]);
        let err = stderr(&out);
        assert!(out.status.success(), "{audience}: {err}");
        assert!(err.contains("0 errors"), "{audience}: {err}");
        for (path, bytes) in snapshot(&f.root().join(dir)) {
            assert!(!bytes.contains(&0x0c), "form feed in {dir}/{path}");
        }
    }
}

#[test]
fn form_feeds_in_a_policy_body_are_whitespace() {
    let f = small_portal();
    f.write(
        "content/policies/two.md",
        "---\r\nid: POL-2\r\ntitle: Roles Standard\r\nkind: standard\r\nowner: HR\r\nstatus: approved\r\nnext_review: 2026-12-10\r\ncontrols: [M.1.2]\r\n---\r\n## Rules\r\n\r\nFirst page.\r\n\u{c}\r\nSecond page,\u{c}after a feed.\r\n\u{c}\r\n## Annex\r\n\r\nBack to [[POL-1|governance]].\r\n",
    );
    let out = build(&f.root(), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("E109"), "{err}");
    let page = f.read("policies/POL-2.html");
    // The feed alone on a line parts the two paragraphs; the one inside a line is a space.
    assert!(page.contains("<p>First page.</p>"), "{page}");
    assert!(page.contains("Second page, after a feed."), "{page}");
    assert!(page.contains("id=\"annex\""), "{page}");
    for (path, bytes) in snapshot(&f.out()) {
        assert!(!bytes.contains(&0x0c), "form feed in {path}");
    }
}

#[test]
fn a_form_feed_in_front_matter_or_yaml_is_still_an_error_at_its_line() {
    let f = small_portal();
    f.write(
        "content/policies/two.md",
        "---\nid: POL-2\ntitle: Roles\u{c}Standard\nowner: HR\n---\n## Rules\n\n\u{c}\n",
    )
    .write(
        "content/pages/notes.md",
        "---\ntitle: Notes\ndescription: \"a\\fb\"\n---\n# Notes\n\u{c}\n",
    );
    let err = check_fails(&f.root(), &[]);
    assert!(
        err.contains("error[E109]: control character U+000C"),
        "{err}"
    );
    assert!(err.contains("--> content/policies/two.md:3:13"), "{err}");
    assert!(
        err.contains("page break belongs in the Markdown body"),
        "{err}"
    );
    // Written as a YAML escape it is refused too.
    assert!(err.contains("--> content/pages/notes.md:3:"), "{err}");
    // The form feeds of the bodies are not errors: only those two.
    assert_eq!(err.matches("error[E109]").count(), 2, "{err}");
}

/// Where a relative link on `page` leads, as a path under `site`: found by the file system
/// (the target must exist), not by the path arithmetic of the code under test.
fn target_of(site: &Path, page: &str, path: &str) -> Result<String, String> {
    let from = site.join(page);
    let joined = from.parent().expect("a page is in a folder").join(path);
    let real = joined
        .canonicalize()
        .map_err(|_| format!("no file {}", joined.display()))?;
    let site = site.canonicalize().expect("the site exists");
    let inside = real
        .strip_prefix(&site)
        .map_err(|_| "leaves the site".to_string())?;
    Ok(inside.to_string_lossy().into_owned())
}
