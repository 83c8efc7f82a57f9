//! Files beside the pages that a browser would run as documents: SVG diagrams are published
//! sanitised in every audience; HTML and XML files are refused at the link (E213).

use crate::harness::{
    Fixture, HOSTILE_SVG, Policy, assert_svg_is_safe, build, check, check_fails, small_portal,
    stderr,
};

/// The small portal with a public policy and a public page that both show
/// `content/pages/diagrams/flow.svg`, and one more diagram only the policy shows.
fn portal_with_diagrams() -> Fixture {
    let f = small_portal();
    f.policy(
        "public",
        &Policy {
            id: "POL-PUB",
            title: "Approvals Policy",
            owner: "CISO",
            status: "approved",
            version: "1.0",
            last_review: "2026-10-01",
            review_interval: "annual",
            visibility: "public",
            controls: vec!["mini:M.1.1"],
            body: "# Approvals\n\n![The flow](../pages/diagrams/flow.svg)\n\n![Only here](../pages/diagrams/policy-only.svg)\n",
            ..Policy::default()
        },
    )
    .write(
        "content/pages/guide.md",
        "---\ntitle: Guide\nvisibility: public\n---\n# Guide\n\n![The flow](diagrams/flow.svg)\n\n<img src=\"diagrams/flow.svg\" alt=\"again\">\n",
    )
    .write("content/pages/diagrams/flow.svg", HOSTILE_SVG)
    .write("content/pages/diagrams/policy-only.svg", HOSTILE_SVG);
    f
}

#[test]
fn a_hostile_svg_is_published_sanitised_in_every_audience() {
    let f = portal_with_diagrams();
    for audience in ["internal", "public", "auditor"] {
        let out = f.dir.path().join(format!("out-{audience}"));
        let output = build(
            &f.root(),
            &["--audience", audience, "--out", out.to_str().unwrap()],
        );
        assert!(output.status.success(), "{audience}: {}", stderr(&output));
        for diagram in ["flow.svg", "policy-only.svg"] {
            let path = out.join("pages/diagrams").join(diagram);
            let svg = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{audience}: {}: {e}", path.display()));
            assert_svg_is_safe(&svg);
        }
        let policy = std::fs::read_to_string(out.join("policies/POL-PUB.html")).unwrap();
        assert!(
            policy.contains("src=\"../pages/diagrams/flow.svg\"")
                && policy.contains("src=\"../pages/diagrams/policy-only.svg\""),
            "{audience}: the policy shows both diagrams"
        );
        let page = std::fs::read_to_string(out.join("pages/guide.html")).unwrap();
        assert!(
            page.contains("src=\"../pages/diagrams/flow.svg\""),
            "{audience}: {page}"
        );
    }
}

#[test]
fn html_and_xml_beside_the_pages_are_refused_at_the_link() {
    for name in [
        "report.html",
        "old.HTM",
        "app.xhtml",
        "feed.xml",
        "drawing.svgz",
    ] {
        let f = small_portal();
        f.write(
            "content/pages/guide.md",
            &format!("---\ntitle: Guide\n---\n# Guide\n\nSee the [report]({name}).\n"),
        )
        .write(
            &format!("content/pages/{name}"),
            "<html><body><script>fetch('/exports/evidence.csv')</script></body></html>",
        );
        let checked = check(&f.root(), &[]);
        assert_eq!(
            checked.status.code(),
            Some(1),
            "{name}: {}",
            stderr(&checked)
        );
        let text = stderr(&checked);
        assert!(text.contains("error[E213]"), "{name}: {text}");
        assert!(text.contains(&format!("`content/pages/{name}`")), "{text}");
        assert!(
            text.contains("--> content/pages/guide.md:6:9"),
            "{name}: the link's file:line:col\n{text}"
        );

        let built = build(&f.root(), &[]);
        assert_eq!(built.status.code(), Some(1), "{name}: {}", stderr(&built));
        assert!(stderr(&built).contains("error[E213]"));
        assert!(!f.out().join("pages").join(name).exists());
    }
}

#[test]
fn an_svg_that_is_not_well_formed_is_an_error_at_the_link() {
    let f = small_portal();
    f.write(
        "content/pages/guide.md",
        "---\ntitle: Guide\n---\n# Guide\n\nText.\n\n![flow](broken.svg)\n",
    )
    .write(
        "content/pages/broken.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><g><script>alert(1)</script></svg>",
    );
    let text = check_fails(&f.root(), &[]);
    assert!(
        text.contains(
            "error[E213]: link to `content/pages/broken.svg`: the SVG is not well-formed XML"
        ),
        "{text}"
    );
    assert!(text.contains("--> content/pages/guide.md:8:1"), "{text}");
    let built = build(&f.root(), &[]);
    assert_eq!(built.status.code(), Some(1));
    assert!(!f.out().join("pages/broken.svg").exists());
}

#[test]
fn an_svg_with_entity_declarations_is_refused_not_expanded() {
    let f = small_portal();
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY lol \"lol\">\n<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&lol1;</text></svg>\n";
    f.write(
        "content/pages/guide.md",
        "---\ntitle: Guide\n---\n![laughs](laughs.svg)\n",
    )
    .write("content/pages/laughs.svg", laughs);
    let text = check_fails(&f.root(), &[]);
    assert!(
        text.contains("error[E213]") && text.contains("<!ENTITY"),
        "{text}"
    );
    assert!(text.contains("--> content/pages/guide.md:4:1"), "{text}");
}
