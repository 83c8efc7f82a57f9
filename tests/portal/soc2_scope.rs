//! SOC 2 is scoped, not "applicable" (issue 19, item 8): a catalog marked `applicability:
//! scope` (the built-in SOC 2 one) has its entries worded as a scope, at the same URL and in
//! the same files: categories in scope, criteria not relevant, CUECs. ISO frameworks keep
//! their Statement of Applicability.

use crate::harness::{
    Fixture, SoaEntry, TODAY, build, check_json, more, small_portal, stderr, tracemark,
};

#[test]
fn the_example_words_soc2_as_its_scope_and_iso42001_as_a_statement_of_applicability() {
    let f = Fixture::new();
    let out_dir = f.root().join("out");
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tracemark(&[
        "build",
        "--root",
        root,
        "--out",
        out_dir.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let read = |p: &str| std::fs::read_to_string(out_dir.join(p)).unwrap();
    let soc2 = read("soa/soc2.html");
    assert!(soc2.contains("<title>SOC 2 scope"), "the title");
    assert!(soc2.contains("A scope, not a Statement of Applicability"));
    assert!(soc2.contains("Categories in scope: Security, Availability"));
    assert!(soc2.contains("61 criteria: 59 in scope, 2 not relevant."));
    assert!(soc2.contains(">Not relevant</span>") && !soc2.contains(">Excluded</span>"));
    assert!(soc2.contains(">CUEC</abbr>: Customers, as controllers"));
    assert!(soc2.contains(">In scope</th>") && !soc2.contains(">Applicable</th>"));
    let iso = read("soa/iso42001.html");
    assert!(iso.contains("<title>Statement of Applicability: ISO/IEC 42001"));
    assert!(iso.contains(">Applicable</th>") && !iso.contains("CUEC"));

    let p21 = read("frameworks/soc2/P2.1.html");
    assert!(p21.contains(">Not relevant</span>") && p21.contains("<dt>Explanation</dt>"));
    assert!(p21.contains(">CUEC</abbr></dt>"));
    assert!(read("frameworks/index.html").contains(">SOC 2 scope</a>"));
    let register = read("document-register.html");
    assert!(register.contains("Scope soc2") && register.contains("SOC 2 scope"));

    // The exports keep their files and columns; the JSON says what the document is.
    let json: serde_json::Value = serde_json::from_str(&read("exports/soa-soc2.json")).unwrap();
    assert_eq!(json["title"], "SOC 2 scope");
    assert_eq!(json["kind"], "scope");
    let p21 = json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["control"] == "P2.1")
        .unwrap();
    assert!(
        p21["cuec"]
            .as_str()
            .unwrap()
            .starts_with("Customers, as controllers")
    );
    let iso: serde_json::Value = serde_json::from_str(&read("exports/soa-iso42001.json")).unwrap();
    assert_eq!(iso["kind"], "statement");
    assert!(
        read("exports/soa-soc2.csv")
            .lines()
            .next()
            .unwrap()
            .ends_with(",cuec")
    );
}

/// The small portal with its own catalog marked `applicability: scope`, and a CUEC on the
/// entry that is not relevant.
fn scoped_portal() -> Fixture {
    let f = small_portal();
    let catalog = std::fs::read_to_string(f.root().join("content/frameworks/mini.yaml")).unwrap();
    let scoped = catalog.replacen(" }\n", ", applicability: scope }\n", 1);
    assert_ne!(catalog, scoped);
    f.write("content/frameworks/mini.yaml", &scoped).soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: "Needed for governance",
            status: "implemented",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.1.2",
            applicable: true,
            justification: "Needed for roles",
            status: "partial",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.2.1",
            applicable: false,
            justification: "No monitoring in the system",
            more: more("cuec: Customers monitor their own use"),
            ..SoaEntry::default()
        },
    ]);
    f
}

#[test]
fn a_catalog_property_decides_not_the_framework_id() {
    let f = scoped_portal();
    let out = build(&f.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = f.read("soa/mini.html");
    assert!(page.contains("<title>Mini Framework scope"), "{page}");
    assert!(
        page.contains(">Not relevant</span>") && page.contains("Customers monitor their own use")
    );
    assert!(
        f.read("frameworks/mini/M.2.1.html")
            .contains(">Not relevant</span>")
    );
    let soa = tracemark(&["soa", "--add-missing", "--root", f.root().to_str().unwrap()]);
    assert!(soa.status.success(), "{}", stderr(&soa));
    assert!(
        stderr(&soa).contains("every in-scope control has an entry in the Mini Framework scope"),
        "{}",
        stderr(&soa)
    );

    // The same portal without the property keeps its Statement of Applicability.
    let g = small_portal();
    let out = build(&g.root(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = g.read("soa/mini.html");
    assert!(page.contains("<title>Statement of Applicability: Mini Framework"));
    assert!(page.contains(">Excluded</span>") && !page.contains("Not relevant"));
    let soa = tracemark(&["soa", "--add-missing", "--root", g.root().to_str().unwrap()]);
    assert!(stderr(&soa).contains("an entry in the Statement of Applicability"));
}

#[test]
fn a_cuec_in_a_statement_of_applicability_warns_at_its_line() {
    let f = small_portal();
    f.soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: "Needed for governance",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.1.2",
            applicable: true,
            justification: "Needed for roles",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.2.1",
            applicable: false,
            justification: "No monitoring",
            more: more("cuec: Customers monitor"),
            ..SoaEntry::default()
        },
    ]);
    let (code, diags) = check_json(&f.root(), &[]);
    assert_eq!(code, Some(0), "{diags:#?}");
    let w: Vec<_> = diags.iter().filter(|d| d["code"] == "W346").collect();
    assert_eq!(w.len(), 1, "{diags:#?}");
    assert_eq!(w[0]["file"], "content/controls/soa.yaml");
    let text = std::fs::read_to_string(f.root().join("content/controls/soa.yaml")).unwrap();
    let line = text.lines().position(|l| l.contains("cuec:")).unwrap() + 1;
    assert_eq!(w[0]["line"], line as u64);
    // In a scope, the same entry is what a CUEC is for.
    let (_, diags) = check_json(&scoped_portal().root(), &[]);
    assert!(!diags.iter().any(|d| d["code"] == "W346"), "{diags:#?}");
}
