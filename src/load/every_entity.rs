//! A test of the model's text walk on every entity of the example, loaded here because the
//! model (below `load`) cannot load it.

use crate::model::entities::EntryTexts;

/// Every entity of the example, with a reference written into its plain texts, takes
/// the visitor's edits through its serialisation: the walk never silently drops an edit
/// (which would leave a raw `[[ID]]` on a page), and the fields serde skips are kept.
#[test]
fn every_example_entity_takes_edits_to_its_plain_texts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut project, _) = crate::load::load(root).expect("the example loads");
    // As the audience filter does: only a text that writes a reference changes.
    let mut edit = |_: &str, text: &mut String| *text = text.replace("[[X]]", "seen");
    let wanted: crate::model::strings::Wanted = &|text| text.contains("[[");
    let written = |text: &str| text.ends_with(" seen") && !text.contains("[[");
    let mut count = 0;
    for doc in &mut project.policies {
        doc.meta.title.push_str(" [[X]]");
        doc.meta.owner.push_str(" [[X]]");
        doc.meta.texts_mut(wanted, &mut edit);
        assert!(
            written(&doc.meta.title) && written(&doc.meta.owner),
            "{}",
            doc.meta.id
        );
        count += 1;
    }
    for page in &mut project.pages {
        let (place, explicit) = (page.meta.place.clone(), page.meta.explicit_id);
        page.meta.title.push_str(" [[X]]");
        page.meta.texts_mut(wanted, &mut edit);
        assert!(written(&page.meta.title), "{}", page.meta.id);
        assert_eq!(
            (page.meta.place.clone(), page.meta.explicit_id),
            (place, explicit)
        );
        count += 1;
    }
    for system in &mut project.systems {
        let source = system.source.clone();
        system.owner.push_str(" [[X]]");
        system.texts_mut(wanted, &mut edit);
        assert!(written(&system.owner), "{}", system.id);
        assert_eq!(system.source.file, source.file);
        count += 1;
    }
    for risk in &mut project.risks {
        let source = risk.source.clone();
        risk.title.push_str(" [[X]]");
        risk.texts_mut(wanted, &mut edit);
        assert!(written(&risk.title), "{}", risk.id);
        assert_eq!(risk.source.file, source.file);
        count += 1;
    }
    for evidence in &mut project.evidence {
        let (source, artifact) = (evidence.source.clone(), evidence.artifact.clone());
        evidence.title.push_str(" [[X]]");
        evidence.texts_mut(wanted, &mut edit);
        assert!(written(&evidence.title), "{}", evidence.id);
        assert_eq!(
            (evidence.source.file.clone(), evidence.artifact.clone()),
            (source.file, artifact)
        );
        count += 1;
    }
    assert!(count > 50, "{count}");
}
