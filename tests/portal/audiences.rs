//! Three audiences from one source: the trust center leaks nothing, the handbook hides what is
//! confidential, and the auditor package is complete, hashed, verifiable and reproducible.

use std::path::Path;

use crate::harness::TODAY;
use crate::harness::{
    Config, Evidence, Fixture, Policy, Risk, SoaEntry, System, assert_page_contains, build,
    build_auditor, build_ok, governance_policy, more, small_portal, snapshot, stderr, tracemark,
};

/// A portal whose non-public items carry canary strings in every field, body and file name,
/// referenced from public items in every way an author can reference something.
fn canary_portal() -> Fixture {
    let f = small_portal();
    f.config(&Config {
        title: "Canary Portal",
        organization: "Canary Ltd",
        frameworks: vec!["mini"],
        more: more("risk: { appetite: 9 }\npublic: { show_coverage: true, contact: security@example.com }"),
        ..Config::default()
    })
    // Public items that point at hidden ones: the small portal's POL-1, made public.
    .policy(
        "one",
        &Policy {
            visibility: "public",
            summary: "Complements [[POL-HIDDENCANARYPOL]] and [[RSK-HIDDENCANARYRISK|the risk]]",
            more: more("systems: [SYS-HIDDENCANARYSYS]"),
            body: "# Governance\n\nSee [[RSK-HIDDENCANARYRISK]], [[POL-HIDDENCANARYPOL|the HIDDENCANARYLINKTEXT]] and [the rules](secret-hiddencanaryfile.md).\n\n[[EV-HIDDENCANARYEV]] and [[hiddencanarypage]].\n\n## About [[RSK-HIDDENCANARYRISK]]\n\nEmbed: ![[EV-HIDDENCANARYEV]] and ![[POL-HIDDENCANARYPOL|a screenshot]].\n\nSetext [[SYS-HIDDENCANARYSYS]]\n---\n",
            ..governance_policy()
        },
    )
    // The image the hostile HTML below names exists: the test is about sanitising, not E208.
    .write("content/pages/x", "not really an image")
    .write(
        "content/pages/welcome.md",
        "---\ntitle: Welcome\nvisibility: public\n---\nHello <script>alert('xss')</script> <img src=x onerror=\"alert(1)\"> <a href=\"javascript:alert(2)\">click</a> <iframe src=\"https://evil.example\"></iframe>\n",
    )
    .risks(
        "r",
        &[
            Risk {
                id: "RSK-1",
                title: "Public risk",
                system: "SYS-HIDDENCANARYSYS",
                owner: "ML Lead",
                likelihood: Some(2),
                impact: Some(2),
                treatment: "mitigate",
                controls: vec!["mini:M.1.1"],
                visibility: "public",
                more: more("description: \"## Related [[POL-HIDDENCANARYPOL]]\\n\\nText.\""),
                ..Risk::default()
            },
            hidden_risk(),
        ],
    )
    .systems(
        "s",
        &[
            System {
                id: "SYS-1",
                name: "Scoring model",
                owner: "ML Lead",
                visibility: "public",
                last_review: "2026-06-01",
                ..System::default()
            },
            hidden_system(),
        ],
    )
    .evidence(
        "e",
        &[
            Evidence {
                id: "EV-1",
                title: "Public report",
                url: "https://example.com/report",
                collected: "2026-10-01",
                controls: vec!["mini:M.1.1"],
                risks: vec!["RSK-HIDDENCANARYRISK"],
                visibility: "public",
                ..Evidence::default()
            },
            hidden_evidence(),
        ],
    )
    .write("content/evidence/files/hiddencanaryartifact.csv", "a,b\nHIDDENCANARYCONTENT,1\n")
    .policy(
        "secret-hiddencanaryfile",
        &Policy {
            id: "POL-HIDDENCANARYPOL",
            title: "HIDDENCANARYPOLTITLE",
            owner: "HIDDENCANARYPOLOWNER",
            version: "HIDDENCANARYVERSION",
            summary: "HIDDENCANARYSUMMARY",
            status: "approved",
            controls: vec!["mini:M.1.1"],
            more: more(
                "approved_by: HIDDENCANARYAPPROVER\nhistory:\n  - { version: \"1\", date: 2026-01-01, summary: HIDDENCANARYHISTORY }",
            ),
            body: "## Rules\n\nHIDDENCANARYPOLBODY\n",
            ..Policy::default()
        },
    )
    .write("content/pages/hiddencanarypage.md", "---\ntitle: HIDDENCANARYPAGETITLE\n---\nHIDDENCANARYPAGEBODY\n")
    .soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: "Public statement",
            status: "implemented",
            visibility: "public",
            implementation: "Via [[POL-HIDDENCANARYPOL]] and [[POL-1]].",
            more: more("policies: [POL-HIDDENCANARYPOL, POL-1]"),
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.1.2",
            applicable: true,
            justification: "HIDDENCANARYJUSTIFICATION",
            owner: "HIDDENCANARYCONTROLOWNER",
            implementation: "HIDDENCANARYIMPLEMENTATION",
            status: "partial",
            ..SoaEntry::default()
        },
        out_of_scope(),
    ])
    // Trust-center data: a restricted document listed by title only, subprocessors and
    // questionnaire answers that point at hidden items, and hidden ones of each.
    .write(
        "content/policies/listed-hiddencanarylisted.md",
        "---\nid: POL-HIDDENCANARYLISTED\ntitle: Listed Penetration Test Summary\nowner: HIDDENCANARYLISTEDOWNER\nsummary: HIDDENCANARYLISTEDSUMMARY\nversion: HIDDENCANARYLISTEDVERSION\nvisibility: confidential\nlisted: true\n---\nHIDDENCANARYLISTEDBODY\n",
    )
    .write(
        "content/subprocessors.yaml",
        "subprocessors:\n  - name: Public Cloud Co\n    purpose: Hosting\n    data: [customer data]\n    location: EU\n    since: 2026-01-10\n    systems: [SYS-1, SYS-HIDDENCANARYSYS]\n    visibility: public\n  - name: HIDDENCANARYVENDOR\n    purpose: HIDDENCANARYPURPOSE\n    location: HIDDENCANARYLOCATION\n    since: 2026-02-01\n",
    )
    .write(
        "content/questionnaires/q.yaml",
        "questions:\n  - id: Q-1\n    topic: Governance\n    question: Do you have a policy?\n    answer: Yes, [[POL-1]]; see also [[POL-HIDDENCANARYPOL]], [[EV-HIDDENCANARYEV|HIDDENCANARYLINKTEXT2]] and [[mini:M.1.1]].\n    visibility: public\n  - id: Q-HIDDENCANARYQ\n    topic: HIDDENCANARYTOPIC\n    question: HIDDENCANARYQUESTION\n    answer: HIDDENCANARYANSWER\n",
    );
    f
}

fn leaks(dir: &Path, canary: &str) -> Vec<String> {
    let needle = canary.to_lowercase();
    snapshot(dir)
        .into_iter()
        .filter(|(path, bytes)| {
            path.to_lowercase().contains(&needle)
                || String::from_utf8_lossy(bytes)
                    .to_lowercase()
                    .contains(&needle)
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn the_public_build_contains_no_byte_of_any_non_public_item() {
    let f = canary_portal();
    let out = f.dir.path().join("trust");
    let result = build(
        &f.root(),
        &["--audience", "public", "--out", out.to_str().unwrap()],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(out.join("index.html").is_file() && out.join("policies/POL-1.html").is_file());
    let leaked = leaks(&out, "hiddencanary");
    assert!(leaked.is_empty(), "canaries leaked into {leaked:?}");
    // Public references to hidden items are left out with the words that need them: no
    // "restricted" chip, no sentence left without meaning, no empty heading ("## About [[X]]").
    let policy = std::fs::read_to_string(out.join("policies/POL-1.html")).unwrap();
    let body = section_between(&policy, "<article class=\"prose\">", "</article>");
    assert!(!policy.contains("class=\"restricted\""), "{policy}");
    assert!(body.contains("id=\"governance\""), "{body}");
    for gone in ["See ", "Embed", "About", "Setext", "id=\"section\""] {
        assert!(!body.contains(gone), "{gone:?} in {body}");
    }
    let risk = std::fs::read_to_string(out.join("risks/RSK-1.html")).unwrap();
    assert!(!risk.contains("class=\"restricted\""), "{risk}");
    assert!(risk.contains("not in this edition"), "{risk}");
    // A SoA row whose entry names a hidden policy leaves it out: no "restricted" pill in the
    // public edition's table (the wording rule), an empty cell instead.
    let soa = std::fs::read_to_string(out.join("soa/mini.html")).unwrap();
    assert!(!soa.contains("class=\"restricted\""), "{soa}");
    // A listed restricted document shows its title, and only its title, with a request link
    // that carries it.
    let documents = std::fs::read_to_string(out.join("documents.html")).unwrap();
    assert!(
        documents.contains("Listed Penetration Test Summary"),
        "{documents}"
    );
    assert!(
        documents.contains(
            "mailto:security@example.com?subject=Document%20access%20request&amp;body=Hello%2C%0A%0APlease%20share%20these%20documents%20with%20us%3A%0A-%20Listed%20Penetration%20Test%20Summary%0A"
        ),
        "{documents}"
    );
    let everywhere: Vec<String> = snapshot(&out)
        .into_iter()
        .filter(|(_, bytes)| {
            String::from_utf8_lossy(bytes).contains("Listed Penetration Test Summary")
        })
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        everywhere,
        vec!["documents.html"],
        "the listed title appears only in the document list"
    );
    // Subprocessors and answers leave hidden references out, with their separators, in pages
    // and exports alike: no `restricted` stand-in anywhere.
    let subprocessors = std::fs::read_to_string(out.join("subprocessors.html")).unwrap();
    assert!(
        subprocessors.contains("Public Cloud Co")
            && subprocessors
                .contains("Used by <a href=\"systems/SYS-1.html\">Scoring model</a></p>"),
        "{subprocessors}"
    );
    let csv = std::fs::read_to_string(out.join("exports/subprocessors.csv")).unwrap();
    assert!(csv.contains(",2026-01-10,Scoring model\n"), "{csv}");
    let faq = std::fs::read_to_string(out.join("faq.html")).unwrap();
    assert!(
        faq.contains("Yes, <a href=\"policies/POL-1.html\">Governance Policy</a>; see also <a href=\"frameworks/mini/M.1.1.html\">M.1.1 Policy</a>.</p>"),
        "{faq}"
    );
    let answers = std::fs::read_to_string(out.join("exports/questionnaire.csv")).unwrap();
    assert!(
        answers.contains(
            "\"Yes, Governance Policy; see also M.1.1 Policy.\",Governance Policy; M.1.1 Policy\n"
        ),
        "{answers}"
    );
    for (name, text) in [
        ("subprocessors", &subprocessors),
        ("faq", &faq),
        ("csv", &csv),
        ("answers", &answers),
    ] {
        assert!(!text.contains("restricted"), "{name}: {text}");
    }
    // No internal working pages in the trust center.
    for page in [
        "gaps.html",
        "reviews.html",
        "traceability.html",
        "reviews.ics",
    ] {
        assert!(!out.join(page).exists(), "{page} must not be public");
    }
}

#[test]
fn check_warns_for_each_public_reference_to_a_restricted_item() {
    let f = canary_portal();
    let (code, diags) = crate::harness::check_json(&f.root(), &["--audience", "public"]);
    assert_eq!(code, Some(0), "{diags:#?}");
    let w307: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == "W307").collect();
    // POL-1 -> system, risk, policy, evidence, page (mentions and edges); RSK-1 -> system;
    // EV-1 -> risk; the public SoA entry -> hidden policy.
    assert!(w307.len() >= 8, "{w307:#?}");
    assert!(w307.iter().any(|d| d["file"] == "content/policies/one.md"));
    assert!(
        w307.iter()
            .any(|d| d["file"] == "content/controls/soa.yaml")
    );
    // A public answer citing hidden items, a public subprocessor naming a hidden system.
    let at = |file: &str| w307.iter().filter(|d| d["file"] == file).count();
    assert_eq!(at("content/questionnaires/q.yaml"), 2, "{w307:#?}");
    assert_eq!(at("content/subprocessors.yaml"), 1, "{w307:#?}");
}

#[test]
fn public_markdown_is_sanitised() {
    let f = canary_portal();
    let out = f.dir.path().join("trust");
    assert!(
        build(
            &f.root(),
            &["--audience", "public", "--out", out.to_str().unwrap()]
        )
        .status
        .success()
    );
    let page = std::fs::read_to_string(out.join("pages/welcome.html")).unwrap();
    for bad in ["<script>alert", "onerror", "javascript:", "<iframe"] {
        assert!(!page.contains(bad), "{bad} survived: {page}");
    }
    assert!(page.contains("Hello"));
}

#[test]
fn the_internal_build_hides_confidential_items_only() {
    let f = canary_portal();
    let out = f.dir.path().join("handbook");
    let result = build(&f.root(), &["--out", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    for confidential in [
        "hiddencanarysys",
        "hiddencanaryev",
        "hiddencanaryfunction",
        "hiddencanarycontent",
        "hiddencanaryartifact",
    ] {
        let leaked = leaks(&out, confidential);
        assert!(leaked.is_empty(), "{confidential} leaked into {leaked:?}");
    }
    // Internal items are part of the handbook.
    assert!(out.join("risks/RSK-HIDDENCANARYRISK.html").is_file());
    assert!(!leaks(&out, "HIDDENCANARYJUSTIFICATION").is_empty());
}

#[test]
fn the_auditor_package_has_everything_hashed_and_verify_finds_every_change() {
    let f = canary_portal();
    let out = f.dir.path().join("package");
    let zip_a = f.dir.path().join("a.zip");
    let result = build_auditor(&f.root(), &out, &["--zip", zip_a.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    let artifact = out.join("evidence/files/hiddencanaryartifact.csv");
    assert_eq!(
        std::fs::read_to_string(&artifact).unwrap(),
        "a,b\nHIDDENCANARYCONTENT,1\n"
    );
    let sha = crate::harness::api::digest::sha256_hex(b"a,b\nHIDDENCANARYCONTENT,1\n");
    assert_page_contains(&out, "evidence/EV-HIDDENCANARYEV.html", &[&sha]);
    assert_page_contains(&out, "exports/evidence.csv", &[&sha]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["today"], TODAY);
    assert_eq!(manifest["title"], "Canary Portal");
    assert!(
        manifest["generator"]
            .as_str()
            .unwrap()
            .starts_with("Tracemark ")
    );
    let listed = manifest["files"].as_array().unwrap();
    assert!(
        listed
            .iter()
            .any(|e| e["path"] == "evidence/files/hiddencanaryartifact.csv"
                && e["sha256"] == sha.as_str())
    );
    assert_eq!(
        listed.len(),
        snapshot(&out).len() - 2,
        "every file but the manifest itself and the .tracemark marker"
    );

    let verify = |dir: &Path| tracemark(&["verify", dir.to_str().unwrap()]);
    let fresh = verify(&out);
    assert_eq!(
        fresh.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fresh.stdout)
    );

    // One byte of evidence changed, one file deleted, one added.
    let mut bytes = std::fs::read(&artifact).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&artifact, bytes).unwrap();
    std::fs::remove_file(out.join("gaps.html")).unwrap();
    std::fs::write(out.join("extra.html"), "x").unwrap();
    let tampered = verify(&out);
    assert_eq!(tampered.status.code(), Some(1));
    let report = String::from_utf8_lossy(&tampered.stdout);
    assert!(
        report.contains("altered: evidence/files/hiddencanaryartifact.csv"),
        "{report}"
    );
    assert!(report.contains("missing: gaps.html"), "{report}");
    assert!(report.contains("added: extra.html"), "{report}");

    // The same sources give the same zip bytes.
    let out_b = f.dir.path().join("package-b");
    let zip_b = f.dir.path().join("b.zip");
    assert!(
        build_auditor(&f.root(), &out_b, &["--zip", zip_b.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        std::fs::read(&zip_a).unwrap() == std::fs::read(&zip_b).unwrap(),
        "zips differ"
    );
}

#[test]
fn every_audience_is_reproducible() {
    let f = canary_portal();
    for audience in ["internal", "public", "auditor"] {
        let a = built_into(&f, audience, &format!("{audience}-a"));
        let b = built_into(&f, audience, &format!("{audience}-b"));
        assert!(snapshot(&a) == snapshot(&b), "{audience} builds differ");
    }
}

#[test]
fn a_zip_inside_the_output_is_refused_before_anything_is_written() {
    let f = canary_portal();
    let out = f.dir.path().join("package");
    let zip = out.join("package.zip");
    let result = build_auditor(&f.root(), &out, &["--zip", zip.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    assert!(stderr(&result).contains("outside the output directory"));
    assert!(!out.exists() && !zip.exists());
}

/// The confidential risk of the canary portals, a canary in every field.
fn hidden_risk() -> Risk<'static> {
    Risk {
        id: "RSK-HIDDENCANARYRISK",
        title: "HIDDENCANARYRISKTITLE",
        owner: "HIDDENCANARYRISKOWNER",
        likelihood: Some(4),
        impact: Some(5),
        treatment: "accept",
        controls: vec!["mini:M.1.2"],
        more: more(
            "description: HIDDENCANARYRISKTEXT\nstrategy: HIDDENCANARYSTRATEGY\nacceptance: { by: HIDDENCANARYACCEPTOR, date: 2026-01-01 }",
        ),
        ..Risk::default()
    }
}

/// The confidential system of the canary portals, a canary in every field.
fn hidden_system() -> System<'static> {
    System {
        id: "SYS-HIDDENCANARYSYS",
        name: "HIDDENCANARYSYSNAME",
        owner: "HIDDENCANARYSYSOWNER",
        visibility: "confidential",
        more: more("function: HIDDENCANARYFUNCTION\ndescription: HIDDENCANARYSYSTEXT"),
        ..System::default()
    }
}

/// The confidential evidence of the canary portals, its artifact a canary file.
fn hidden_evidence() -> Evidence<'static> {
    Evidence {
        id: "EV-HIDDENCANARYEV",
        title: "HIDDENCANARYEVTITLE",
        file: "files/hiddencanaryartifact.csv",
        collected: "2026-10-01",
        controls: vec!["mini:M.1.1"],
        visibility: "confidential",
        more: more("description: HIDDENCANARYEVTEXT\nowner: HIDDENCANARYEVOWNER"),
        ..Evidence::default()
    }
}

/// The public SoA entry of the canary portals: M.2.1 out of scope.
fn out_of_scope() -> SoaEntry<'static> {
    SoaEntry {
        control: "mini:M.2.1",
        applicable: false,
        justification: "Not in scope",
        visibility: "public",
        ..SoaEntry::default()
    }
}

/// The canary portal with `[[ID]]` of hidden items in every plain text field of public
/// items (fields with closed vocabularies take only their values), and a template override
/// that prints the raw model fields.
fn references_everywhere_portal() -> Fixture {
    let f = canary_portal();
    let hidden = "[[RSK-HIDDENCANARYRISK]]";
    let shown = "[[POL-HIDDENCANARYPOL|HIDDENCANARYPOTHOLE]]";
    let text = |s: &str| s.replace("{hidden}", hidden).replace("{shown}", shown);
    f.policy(
        "one",
        &Policy {
            id: "POL-1",
            title: &text("Governance {hidden}"),
            owner: &text("CISO {shown}"),
            status: "approved",
            version: &text("2 {hidden}"),
            visibility: "public",
            controls: vec!["mini:M.1.1"],
            more: more(&text(
                "approved_by: Board {shown}\nhistory:\n  - { version: \"1 {hidden}\", date: 2026-01-01, summary: \"First {shown}\", approved_by: \"CEO {hidden}\" }",
            )),
            body: "# Governance\n\nBody about [[RSK-1]].\n",
            ..Policy::default()
        },
    )
    .systems(
        "s",
        &[
            System {
                id: "SYS-1",
                name: &text("Scoring {hidden}"),
                owner: &text("ML Lead {hidden}"),
                visibility: "public",
                last_review: "2026-06-01",
                more: more(&text(
                    "affected: [\"Applicants {hidden}\"]\ndata: [\"CVs {shown}\"]\nmodels: [\"M {hidden}\"]\nvendors: [\"V {hidden}\"]\nlifecycle: production\nrole: provider\nrisk_class: high\nimpact_level: \"high {hidden}\"",
                )),
            },
            hidden_system(),
        ],
    )
    .risks(
        "r",
        &[
            Risk {
                id: "RSK-1",
                title: &text("Public risk {hidden}"),
                owner: &text("ML Lead {shown}"),
                likelihood: Some(2),
                impact: Some(2),
                treatment: "accept",
                controls: vec!["mini:M.1.1"],
                visibility: "public",
                more: more(&text(
                    "acceptance: { by: \"Board {hidden}\", date: 2026-01-01 }\ndescription: \"See {hidden} and [[POL-HIDDENCANARYPOL|HIDDENCANARYPOTHOLE]].\"",
                )),
                ..Risk::default()
            },
            hidden_risk(),
        ],
    )
    .evidence(
        "e",
        &[
            Evidence {
                id: "EV-1",
                title: &text("Public report {hidden}"),
                url: "https://example.com/report",
                collected: "2026-10-01",
                controls: vec!["mini:M.1.1"],
                visibility: "public",
                more: more(&text(
                    "owner: \"Auditor {shown}\"\nkind: \"report {hidden}\"\nmethod: test",
                )),
                ..Evidence::default()
            },
            hidden_evidence(),
        ],
    )
    .soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: &text("Public statement {hidden}"),
            owner: &text("CISO {hidden}"),
            status: "implemented",
            visibility: "public",
            implementation: &text(
                "Via {hidden} and [x](../policies/secret-hiddencanaryfile.md).",
            ),
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.1.2",
            applicable: true,
            justification: "J",
            status: "partial",
            ..SoaEntry::default()
        },
        out_of_scope(),
    ])
    // A template override that prints the raw model fields a template can reach.
    .write(
        "templates/risks/risk.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ risk.title }}</h1><p>RAW {{ risk.description }} {{ risk.owner }} {% if risk.acceptance %}{{ risk.acceptance.by }}{% endif %}</p>{% endblock %}",
    )
    .write(
        "templates/frameworks/control.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ control.id }}</h1><p>RAW {% if entry %}{{ entry.implementation }} {{ entry.justification }} {{ entry.owner }}{% endif %}</p>{% endblock %}",
    );
    f
}

/// Builds `f` for `audience` into a folder of that name beside the portal; asserts success.
fn built(f: &Fixture, audience: &str) -> std::path::PathBuf {
    built_into(f, audience, audience)
}

/// Builds `f` for `audience` into `folder` beside the portal; asserts success.
fn built_into(f: &Fixture, audience: &str, folder: &str) -> std::path::PathBuf {
    let out = f.dir.path().join(folder);
    build_ok(
        &f.root(),
        &["--audience", audience, "--out", out.to_str().unwrap()],
    );
    out
}

/// `check --format json` of `f` with extra arguments.
fn check_json(f: &Fixture, extra: &[&str]) -> serde_json::Value {
    serde_json::Value::Array(crate::harness::check_json(&f.root(), extra).1)
}

#[test]
fn every_text_field_resolves_references_like_markdown() {
    let f = references_everywhere_portal();
    let out = built(&f, "public");
    // No id, title or pothole text of a hidden item anywhere: pages, <title>, the search
    // index, CSVs, nor raw model fields printed by a template override.
    let leaked = leaks(&out, "hiddencanary");
    assert!(leaked.is_empty(), "canaries leaked into {leaked:?}");
    let raw: Vec<String> = snapshot(&out)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("[["))
        .map(|(path, _)| path)
        .collect();
    assert!(raw.is_empty(), "a raw `[[` reached {raw:?}");
    let policy = std::fs::read_to_string(out.join("policies/POL-1.html")).unwrap();
    // A title keeps its other words when the reference in it is left out.
    assert!(policy.contains("<title>Governance ·"), "{policy}");
    let risk = std::fs::read_to_string(out.join("risks/RSK-1.html")).unwrap();
    assert!(risk.contains("RAW "), "the override was used: {risk}");
    // W307 for each hidden reference from a public text field.
    let diags = check_json(&f, &["--audience", "public"]);
    let w307 = |file: &str| {
        diags
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "W307" && d["file"] == file)
    };
    for file in [
        "content/policies/one.md",
        "content/systems/s.yaml",
        "content/risks/r.yaml",
        "content/evidence/e.yaml",
        "content/controls/soa.yaml",
    ] {
        assert!(w307(file), "no W307 for {file}: {diags:#}");
    }
}

#[test]
fn references_in_text_fields_read_as_titles_where_visible() {
    let f = references_everywhere_portal();
    let out = built(&f, "internal");
    // The internal build sees the internal risk: its title stands for `[[ID]]`, everywhere.
    let policy = std::fs::read_to_string(out.join("policies/POL-1.html")).unwrap();
    assert!(
        policy.contains("<title>Governance HIDDENCANARYRISKTITLE"),
        "{policy}"
    );
    let csv = std::fs::read_to_string(out.join("exports/risk-register.csv")).unwrap();
    assert!(csv.contains("Public risk HIDDENCANARYRISKTITLE"), "{csv}");
    // The internal policy is visible too: `[[ID|text]]` keeps its text.
    assert!(policy.contains("CISO HIDDENCANARYPOTHOLE"), "{policy}");
}

#[test]
fn raw_html_is_sanitised_in_every_audience_and_placeholders_read_as_typed() {
    let f = small_portal();
    f.write(
        "content/policies/raw.md",
        "---\nid: POL-RAW\ntitle: Raw HTML\nowner: O\nvisibility: public\n---\nHello <script>alert('xss')</script> <img src=x onerror=\"alert(1)\"> <a href=\"javascript:alert(2)\">click</a>\n\nPixel <img src=\"https://tracker.example/p.gif\" alt=\"pixel\"> and ![md](https://tracker.example/md.png).\n\nContact <insert email address here> at <Company Name>.\n\n<Company Name>\n",
    );
    f.write(
        "content/risks/more.yaml",
        "risks:\n  - id: RSK-7\n    title: T\n    owner: X\n    likelihood: 2\n    impact: 2\n    treatment: mitigate\n    controls: [mini:M.1.1]\n    description: \"Owned by <Department Name> <img src=https://tracker.example/r.gif>\"\n",
    );
    for audience in ["internal", "public", "auditor"] {
        let out = built(&f, audience);
        let page = std::fs::read_to_string(out.join("policies/POL-RAW.html")).unwrap();
        for bad in [
            "<script>alert",
            "onerror",
            "javascript:",
            "<img src=\"https",
        ] {
            assert!(!page.contains(bad), "{audience}: {bad} survived: {page}");
        }
        assert!(
            page.contains("<a href=\"https://tracker.example/p.gif\"")
                && page.contains("<a href=\"https://tracker.example/md.png\""),
            "{audience}: {page}"
        );
        assert!(
            page.contains("Contact &lt;insert email address here&gt; at &lt;Company Name&gt;."),
            "{audience}: {page}"
        );
        assert_eq!(page.matches("&lt;Company Name&gt;").count(), 2, "{page}");
        if audience != "public" {
            let risk = std::fs::read_to_string(out.join("risks/RSK-7.html")).unwrap();
            assert!(risk.contains("Owned by &lt;Department Name&gt;"), "{risk}");
            assert!(!risk.contains("<img src=\"https"), "{risk}");
        }
    }
    // Each placeholder is a warning at its own line and column.
    let diags = check_json(&f, &[]);
    let at = |file: &str, line: u64, column: u64| {
        assert!(
            diags.as_array().unwrap().iter().any(|d| d["code"] == "W310"
                && d["file"] == file
                && d["line"] == line
                && d["column"] == column),
            "no W310 at {file}:{line}:{column}: {diags:#}"
        );
    };
    at("content/policies/raw.md", 11, 9);
    at("content/policies/raw.md", 11, 40);
    at("content/policies/raw.md", 13, 1);
    at("content/risks/more.yaml", 9, 28);
}

/// The text of `html` from `start` to the next `end`, both marks included.
fn section_between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let to = from + html[from..].find(end).expect("the end mark") + end.len();
    &html[from..to]
}
