//! The trust center's Documents page: a card per attestation and per `public.documents:`
//! entry (anchors the home page links to), NDA documents requested by a pre-filled `mailto:`
//! and never published, the header's request button and search field, and the checks of
//! `public.documents` at their lines in `portal.yaml`.

use std::path::Path;

use crate::harness::{
    Fixture, build, check_json, example_root, has_diagnostic, read_page, small_portal, stderr,
    visible_text,
};

fn public_build(root: &Path, out: &Path) {
    let result = build(
        root,
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert!(result.status.success(), "{}", stderr(&result));
}

/// The small portal with attestations and documents of each access.
fn documents_fixture() -> Fixture {
    let f = small_portal();
    f.write(
        "portal.yaml",
        "title: T\norganization: Fixture Ltd\nframeworks: [mini]\n\
         public:\n  contact: sec@fixture.example\n  requests: trust@fixture.example\n\
         \x20 auditor_request: Ask us for the auditor package.\n\
         \x20 documents:\n\
         \x20   - id: pentest-2026\n      title: Penetration test summary 2026\n      type: Penetration test summary\n      date: 2026-08-14\n      issuer: Test Firm Ltd\n      access: nda\n      file: documents/pentest-2026.pdf\n\
         \x20   - id: status-letter\n      title: Certification status letter\n      type: Status letter\n      period: { start: 2026-01-01, end: 2026-06-30 }\n      access: public\n      file: documents/status-letter.pdf\n      summary: Where our certification stands.\n\
         attestations:\n\
         \x20 - framework: mini\n    id: mini-report\n    name: Mini Type II\n    status: report-available\n    issuer: Audit & Co\n    period: { start: 2025-10-01, end: 2026-09-30 }\n\
         \x20 - framework: mini\n    name: Mini Certificate\n    status: certified\n    issued: 2026-02-01\n",
    )
    .write("static/documents/pentest-2026.pdf", "%PDF-1.4 secret findings\n")
    .write("static/documents/status-letter.pdf", "%PDF-1.4 public letter\n");
    f
}

/// The `id="…"` attributes of a page.
fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The decoded text of a percent-encoded `mailto:` field.
fn decoded(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("two hex digits after %"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A `mailto:` href split into address, subject and body (decoded), asserting that it is a
/// well-formed RFC 6068 URL: no raw space, newline or `&` inside a field.
fn mailto_parts(href: &str) -> (String, String, String) {
    let href = href.replace("&amp;", "&");
    let rest = href.strip_prefix("mailto:").expect("a mailto: URL");
    assert!(!rest.contains([' ', '\n', '"', '<']), "{href}");
    let (address, query) = rest.split_once('?').expect("subject and body");
    let mut subject = String::new();
    let mut body = String::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("subject", v)) => subject = decoded(v),
            Some(("body", v)) => body = decoded(v),
            other => panic!("unexpected field {other:?} in {href}"),
        }
    }
    (address.to_string(), subject, body)
}

/// The `href` of the first `<a …>` carrying `marker` among its attributes.
fn href_of<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let tag = &html[html[..at].rfind("<a ").unwrap()..at + marker.len()];
    let start = tag.find("href=\"").unwrap() + 6;
    &tag[start..start + tag[start..].find('"').unwrap()]
}

#[test]
fn every_attestation_and_document_has_a_card_the_home_page_links_to() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    public_build(&example_root(), &out);
    let documents = read_page(&out, "documents.html");
    let anchors = ids(&documents);
    for id in [
        "soc2-type-ii",
        "iso-42001",
        "iso-27001",
        "eu-ai-act",
        "pentest-summary-2025",
        "iso42001-status-letter",
        "auditor-package",
        "request",
    ] {
        assert!(
            anchors.iter().any(|a| a == id),
            "no #{id} on documents.html"
        );
    }
    let text = visible_text(&documents);
    for words in [
        "SOC 2 Type II report",
        "Audit report",
        "Halden &amp; Pike LLP",
        "2025-10-01 to 2026-09-30",
        "Penetration test summary letter 2025",
        "ISO/IEC 42001 certification status letter",
        "Under NDA",
    ] {
        assert!(text.contains(words), "documents.html lacks {words:?}");
    }
    // The SOC 2 report is under NDA: a checkbox to choose it, no file.
    let soc2 = &documents[documents.find("id=\"soc2-type-ii\"").unwrap()..];
    let soc2 = &soc2[..soc2.find("</li>").unwrap()];
    assert!(soc2.contains("doc-access-nda") && soc2.contains("type=\"checkbox\""));
    assert!(soc2.contains("value=\"SOC 2 Type II report\""), "{soc2}");

    // Every attestation card of the home page is a link to its card, and each resolves.
    let home = read_page(&out, "index.html");
    let links: Vec<&str> = home
        .split("class=\"attestation-link\" href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(links.len(), 4, "{links:?}");
    assert!(links.contains(&"documents.html#soc2-type-ii"), "{links:?}");
    for link in links {
        let anchor = link.strip_prefix("documents.html#").unwrap();
        assert!(anchors.iter().any(|a| a == anchor), "{link} leads nowhere");
    }
    let soc2_card = &home[home.find("documents.html#soc2-type-ii").unwrap()..];
    let soc2_card = &soc2_card[..soc2_card.find("</a>").unwrap()];
    assert!(soc2_card.contains("SOC 2 Type II") && soc2_card.contains("Report available"));

    // The home page counts what it shows, and never advertises what it hides.
    let home_text = visible_text(&home);
    assert!(
        home_text.contains("control statements published"),
        "{home_text}"
    );
    assert!(!home_text.contains("restricted"), "{home_text}");
}

#[test]
fn request_links_are_mailtos_naming_the_documents_and_the_header_has_search() {
    let f = documents_fixture();
    let out = f.out();
    public_build(&f.root(), &out);
    let documents = read_page(&out, "documents.html");
    // Each NDA card asks for itself, without JavaScript.
    let one = href_of(
        &documents,
        ">Request this document<span class=\"visually-hidden\">: Penetration test summary 2026",
    );
    let (address, subject, body) = mailto_parts(one);
    assert_eq!(address, "trust@fixture.example");
    assert_eq!(subject, "Document access request");
    assert!(
        body.contains("\n- Penetration test summary 2026\n"),
        "{body}"
    );
    // The audit report is under NDA by default; the certificate is public.
    let report = href_of(
        &documents,
        ">Request this document<span class=\"visually-hidden\">: Mini Type II report",
    );
    assert!(mailto_parts(report).2.contains("- Mini Type II report"));
    assert!(documents.contains("value=\"Mini Type II report\" data-request-title"));
    assert!(documents.contains("id=\"mini-certificate\""));
    assert!(!documents.contains("value=\"Mini Certificate\""));
    // The header's button on every page: a plain mailto to fill in, which the script fills.
    for page in ["index.html", "documents.html", "faq.html"] {
        let html = read_page(&out, page);
        let header = &html[..html.find("</header>").unwrap()];
        let (address, subject, body) =
            mailto_parts(href_of(header, "data-request-link>Request access"));
        assert_eq!(
            (address.as_str(), subject.as_str()),
            ("trust@fixture.example", "Document access request")
        );
        assert!(body.contains("Please share these documents"), "{body}");
        assert!(
            html.contains("<script src=\"assets/request.js\"></script>")
                || html.contains("assets/request.js\"></script>")
        );
        assert!(!html.contains("<script>"), "{page} has an inline script");
        // The search field: a GET form to search.html, with a label.
        assert!(
            header.contains("action=\"search.html\" method=\"get\"")
                || header.contains("search.html\" method=\"get\""),
            "{page}"
        );
        assert!(header.contains("<label for=\"trust-search-q\">Search</label>"));
        assert!(header.contains("id=\"trust-search-q\" type=\"search\" name=\"q\""));
    }
    // The request section explains how to ask and offers the button.
    let request = &documents[documents.find("id=\"request\"").unwrap()..];
    assert!(request.contains("href=\"mailto:trust@fixture.example\""));
    assert!(request.contains("data-request-link>Request access</a>"));
}

#[test]
fn the_script_writes_the_same_message_as_the_build() {
    // Node runs the script's message builder; the page's no-script link is the reference.
    let script = example_root().join("static/assets/request.js");
    let code = format!(
        "const m = require({:?}); process.stdout.write(m.href('trust@fixture.example', ['Penetration test summary 2026']));",
        script.to_str().unwrap()
    );
    let Ok(run) = std::process::Command::new("node")
        .args(["-e", &code])
        .output()
    else {
        eprintln!("node is not installed: the script's message is not compared");
        return;
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let from_script = String::from_utf8(run.stdout).unwrap();
    let f = documents_fixture();
    let out = f.out();
    public_build(&f.root(), &out);
    let documents = read_page(&out, "documents.html");
    let from_build = href_of(
        &documents,
        ">Request this document<span class=\"visually-hidden\">: Penetration test summary 2026",
    );
    assert_eq!(from_script, from_build.replace("&amp;", "&"));
}

#[test]
fn nda_document_files_stay_out_of_the_public_build() {
    let f = documents_fixture();
    let public = f.root().join("public-site");
    public_build(&f.root(), &public);
    assert!(!public.join("documents/pentest-2026.pdf").exists());
    assert!(public.join("documents/status-letter.pdf").exists());
    let documents = read_page(&public, "documents.html");
    assert!(!documents.contains("pentest-2026.pdf"));
    assert!(documents.contains("href=\"documents/status-letter.pdf\""));
    // Public cards show their dates and how to read them.
    let text = visible_text(&documents);
    assert!(text.contains("2026-01-01 to 2026-06-30"), "{text}");
    assert!(text.contains("2026-08-14"), "{text}");
    // The internal build keeps the file for staff.
    let internal = f.root().join("internal-site");
    let result = build(
        &f.root(),
        &[
            "--audience",
            "internal",
            "--out",
            internal.to_str().unwrap(),
        ],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(internal.join("documents/pentest-2026.pdf").exists());
}

#[test]
fn bad_documents_are_reported_at_their_lines() {
    let f = small_portal();
    f.write(
        "portal.yaml",
        "title: T\n\
         organization: Fixture Ltd\n\
         frameworks: [mini]\n\
         public:\n\
         \x20 documents:\n\
         \x20   - id: Pentest_2026\n\
         \x20     title: A\n\
         \x20     type: Summary\n\
         \x20     access: nda\n\
         \x20     file: documents/missing.pdf\n\
         \x20   - id: letter\n\
         \x20     title: B\n\
         \x20     type: Letter\n\
         \x20     date: 2026-01-01\n\
         \x20     access: public\n\
         \x20     url: ftp://example.com/b.pdf\n\
         \x20   - id: letter\n\
         \x20     title: C\n\
         \x20     type: Letter\n\
         \x20     period: { start: 2026-09-30, end: 2026-01-01 }\n\
         \x20     access: public\n\
         \x20   - id: shared-copy\n\
         \x20     title: D\n\
         \x20     type: Letter\n\
         \x20     date: 2026-01-01\n\
         \x20     access: nda\n\
         \x20     url: https://files.example.com/d.pdf\n\
         attestations:\n\
         \x20 - framework: mini\n\
         \x20   id: letter\n\
         \x20   status: certified\n",
    );
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(1), "{diags:#?}");
    let at = |code: &str, line: u64| has_diagnostic(&diags, code, ("portal.yaml", line, None));
    // The attestation's `id` comes first, so the second `letter` document repeats it.
    assert!(at("E385", 6), "malformed id: {diags:#?}");
    assert!(at("E386", 10), "missing file: {diags:#?}");
    assert!(at("E388", 6), "no date: {diags:#?}");
    assert!(at("E387", 16), "bad url: {diags:#?}");
    assert!(at("E385", 11) && at("E385", 17), "repeated id: {diags:#?}");
    assert!(at("E389", 20), "period backwards: {diags:#?}");
    assert!(at("W385", 21), "nothing to read: {diags:#?}");
    assert!(at("W386", 27), "address of an NDA document: {diags:#?}");
    let repeated = diags
        .iter()
        .find(|d| d["code"] == "E385" && d["line"] == 11)
        .unwrap();
    assert!(
        repeated["help"]
            .as_str()
            .unwrap()
            .contains("portal.yaml:30"),
        "{repeated:#?}"
    );
}
