//! Property tests over the front-matter splitter and the YAML loaders: whatever the text, they
//! return (no panic, no hang), and every diagnostic is located inside the text it came from.
//!
//! CI runs a modest number of cases; a longer session: `PROPTEST_CASES=100000 cargo test
//! --release --test fuzz_loaders`.

use proptest::prelude::*;
use tracemark::diagnostics::Diagnostic;
use tracemark::load::{parse_document, parse_register, split_front_matter};
use tracemark::model::{ControlImplementation, Evidence, PolicyMeta, Risk, System};

/// Text built from YAML's own punctuation, keys of our schemas, and odd characters, so that
/// random inputs reach deep into the parsers instead of failing on the first byte.
fn yamlish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "\n",
        " ",
        "  ",
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "|",
        ">",
        "#",
        "---",
        "...",
        "'",
        "\"",
        "\\",
        "?",
        "!",
        "%",
        "@",
        "`",
        "\t",
        "\r",
        "\0",
        "\u{7}",
        "\u{feff}",
        "é",
        "🙂",
        "id",
        "title",
        "owner",
        "risks:",
        "controls:",
        "evidence:",
        "systems:",
        "likelihood",
        "impact",
        "treatment",
        "mitigate",
        "ref",
        "applicable",
        "true",
        "1",
        "99999999999999999999",
        "-1",
        "2026-02-30",
        "2026-01-15",
        "null",
        "~",
        "RSK-1",
        "x",
    ]);
    prop::collection::vec(atoms, 0..120).prop_map(|parts| parts.concat())
}

fn located_within(diagnostics: &[Diagnostic], text: &str, offset: usize) {
    let lines = text.split('\n').count() + offset + 1;
    for d in diagnostics {
        if let Some(line) = d.line {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d:?}");
        }
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_splitter_never_panics(text in any::<String>(), yaml in yamlish()) {
        for t in [text.clone(), format!("---\n{yaml}\n---\n{text}"), format!("---\n{yaml}")] {
            if let Ok(split) = split_front_matter(&t) {
                prop_assert!(split.body_line >= 3);
                prop_assert!(t.ends_with(split.body));
            }
        }
    }

    #[test]
    fn documents_never_panic_and_stay_located(yaml in yamlish(), body in any::<String>()) {
        let text = format!("---\n{yaml}\n---\n{body}");
        let (_, diagnostics, _) = parse_document::<PolicyMeta>(&text, "content/policies/p.md");
        located_within(&diagnostics, &text, 0);
    }

    #[test]
    fn registers_never_panic_and_stay_located(yaml in yamlish(), raw in any::<String>()) {
        for text in [format!("risks:\n{yaml}"), yaml.clone(), raw.clone()] {
            let risks = parse_register::<Risk>(&text, "r.yaml", "risks");
            located_within(&risks.diagnostics, &text, 0);
            let systems = parse_register::<System>(&text, "s.yaml", "systems");
            located_within(&systems.diagnostics, &text, 0);
            let controls = parse_register::<ControlImplementation>(&text, "c.yaml", "controls");
            located_within(&controls.diagnostics, &text, 0);
            let evidence = parse_register::<Evidence>(&text, "e.yaml", "evidence");
            located_within(&evidence.diagnostics, &text, 0);
        }
    }

    #[test]
    fn well_formed_risks_with_random_values_never_panic(
        id in "[A-Za-z0-9 ._\\-\\[\\]{}:]{0,12}",
        likelihood in "[-0-9a-z.]{0,6}",
        treatment in "[a-z]{0,9}",
        controls in prop::collection::vec("[A-Za-z0-9.:]{0,10}", 0..4),
    ) {
        let text = format!(
            "risks:\n  - id: {id}\n    title: T\n    owner: O\n    likelihood: {likelihood}\n    impact: 3\n    treatment: {treatment}\n    controls: [{}]\n",
            controls.join(", ")
        );
        let parsed = parse_register::<Risk>(&text, "r.yaml", "risks");
        located_within(&parsed.diagnostics, &text, 0);
    }
}
