//! `init --blank` writes a minimal portal that passes `check` and builds for every combination
//! of the built-in frameworks; `soa --add-missing` appends what a new framework needs without
//! touching what is there.

use crate::harness::TODAY;
use crate::harness::{stderr, tracemark};

const BUILTIN: &[&str] = &[
    "iso42001",
    "soc2",
    "iso27001",
    "iso27701",
    "nist-ai-rmf",
    "eu-ai-act",
];

fn init_blank(dir: &std::path::Path, frameworks: &str) {
    let out = tracemark(&[
        "init",
        dir.to_str().unwrap(),
        "--blank",
        "--org",
        "Acme & Co",
        "--frameworks",
        frameworks,
    ]);
    assert!(out.status.success(), "{frameworks}: {}", stderr(&out));
}

/// The control references of the entries of a Statement of Applicability file.
fn refs(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- ref: "))
        .map(|r| r.trim_matches('"').to_string())
        .collect()
}

#[test]
fn every_combination_of_builtin_frameworks_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    for mask in 1u32..(1 << BUILTIN.len()) {
        let chosen: Vec<&str> = (0..BUILTIN.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| BUILTIN[i])
            .collect();
        let list = chosen.join(",");
        let dir = tmp.path().join(format!("p{mask}"));
        init_blank(&dir, &list);
        let root = dir.to_str().unwrap();
        let out = tracemark(&["build", "--root", root, "--today", TODAY]);
        let err = stderr(&out);
        assert!(out.status.success(), "{list}: {err}");
        assert!(err.contains(", 0 errors"), "{list}: {err}");
        // One entry per control of each framework, each a warning saying what to do.
        let soa = std::fs::read_to_string(dir.join("content/controls/soa.yaml")).unwrap();
        let entries = refs(&soa);
        assert_eq!(
            err.matches("warning[W315]").count(),
            entries.len(),
            "{list}"
        );
        for fw in &chosen {
            assert!(
                entries.iter().any(|r| r.starts_with(&format!("{fw}:"))),
                "{list}: no entry for {fw}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn the_blank_portal_says_what_to_fill_in_and_lists_controls_in_catalog_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    init_blank(&dir, "iso42001,soc2");
    for file in [
        "portal.yaml",
        "content/policies/ai-policy.md",
        "content/risks/risks.yaml",
        "content/systems/systems.yaml",
        "content/evidence/evidence.yaml",
        "content/controls/soa.yaml",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let soa = std::fs::read_to_string(dir.join("content/controls/soa.yaml")).unwrap();
    let entries = refs(&soa);
    assert_eq!(entries.len(), 38 + 61, "{soa}");
    let a2 = entries.iter().position(|r| r == "iso42001:A.2.2").unwrap();
    let a10 = entries.iter().position(|r| r == "iso42001:A.10.2").unwrap();
    assert!(a2 < a10, "A.2 before A.10");
    assert!(entries[..38].iter().all(|r| r.starts_with("iso42001:")));
    let out = tracemark(&["check", "--root", dir.to_str().unwrap(), "--today", TODAY]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[W315]: control `iso42001:A.2.2` is not assessed yet"),
        "{err}"
    );
    assert!(err.contains("--> content/controls/soa.yaml:6:10"), "{err}");
    assert!(err.contains("then delete `assessed: false`"), "{err}");
    // Not assessed is not yet "without evidence".
    assert!(!err.contains("W304"), "{err}");
    // The example is still what `init` writes without --blank.
    let example = tmp.path().join("example");
    assert!(
        tracemark(&["init", example.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        std::fs::read_to_string(example.join("portal.yaml"))
            .unwrap()
            .contains("Northwind Loom")
    );
    // An unknown framework is a usage error that names the known ones.
    let out = tracemark(&[
        "init",
        tmp.path().join("bad").to_str().unwrap(),
        "--blank",
        "--org",
        "X",
        "--frameworks",
        "iso4201",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("iso42001, soc2"), "{}", stderr(&out));
}

#[test]
fn add_missing_appends_entries_and_keeps_the_file_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    init_blank(&dir, "iso42001");
    // The team has assessed a control and commented the file in its own style.
    let soa_file = dir.join("content/controls/soa.yaml");
    let own = "# Our SoA — reviewed 2026-11\ncontrols:\n  - ref: iso42001:A.2.2   # the AI policy\n    applicable: true\n    justification: 'We deploy AI'   # quoted our way\n";
    let generated = std::fs::read_to_string(&soa_file).unwrap();
    let rest = &generated[generated.find("  - ref: iso42001:A.2.3").unwrap()..];
    let before = format!("{own}{rest}");
    std::fs::write(&soa_file, &before).unwrap();
    let portal = dir.join("portal.yaml");
    let config = std::fs::read_to_string(&portal).unwrap();
    std::fs::write(
        &portal,
        config.replace("frameworks: [iso42001]", "frameworks: [iso42001, soc2]"),
    )
    .unwrap();

    let root = dir.to_str().unwrap();
    let out = tracemark(&["soa", "--add-missing", "--root", root]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("added 61 entries"), "{err}");
    let after = std::fs::read_to_string(&soa_file).unwrap();
    assert!(
        after.starts_with(&before),
        "existing text kept byte for byte"
    );
    let added = refs(&after[before.len()..]);
    assert_eq!(added.len(), 61);
    assert_eq!(added[0], "soc2:CC1.1");
    assert!(added.iter().all(|r| r.starts_with("soc2:")));
    let out = tracemark(&["check", "--root", root, "--today", TODAY]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Nothing left to add: the file is not touched again.
    let out = tracemark(&["soa", "--add-missing", "--root", root]);
    assert!(
        stderr(&out).contains("every in-scope control has"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&soa_file).unwrap(), after);
    // A broken Statement of Applicability is not guessed at.
    std::fs::write(&soa_file, "controls:\n  - ref: [oops\n").unwrap();
    let out = tracemark(&["soa", "--add-missing", "--root", root]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error[E101]"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&soa_file).unwrap(),
        "controls:\n  - ref: [oops\n"
    );
}

/// The warning and error codes of a `check` run's output.
fn codes(err: &str) -> std::collections::BTreeSet<String> {
    err.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("warning[").or(l.strip_prefix("error["))?;
            Some(rest.split(']').next()?.to_string())
        })
        .collect()
}

#[test]
fn each_record_kind_has_a_commented_example_that_checks_when_uncommented() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    init_blank(&dir, "iso42001,iso27001");
    let root = dir.to_str().unwrap();
    let files = [
        ("content/audits/audits.yaml", "programmes: []"),
        (
            "content/nonconformities/nonconformities.yaml",
            "nonconformities: []",
        ),
        (
            "content/management-reviews/reviews.yaml",
            "management_reviews: []",
        ),
        ("content/objectives.yaml", "objectives: []"),
        ("content/incidents/incidents.yaml", "incidents: []"),
    ];
    for (file, key) in files {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.lines().any(|l| l == key), "{file}: {text}");
        assert!(text.contains("#   - id: "), "{file}: one commented example");
    }
    let blank = tracemark(&["check", "--root", root, "--today", TODAY]);
    let blank_err = stderr(&blank);
    assert_eq!(blank.status.code(), Some(0), "{blank_err}");

    // Un-comment every example as the files say: drop the `[]`, and the `# ` of example lines.
    for (file, _) in files {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let uncommented: Vec<String> = text
            .lines()
            .map(|l| match l.strip_suffix(": []") {
                Some(key) if !l.starts_with('#') => format!("{key}:"),
                _ => l
                    .strip_prefix("# ")
                    .filter(|r| r.starts_with("  "))
                    .unwrap_or(l)
                    .to_string(),
            })
            .collect();
        std::fs::write(&path, uncommented.join("\n") + "\n").unwrap();
    }
    let out = tracemark(&["build", "--root", root, "--today", TODAY]);
    let err = stderr(&out);
    assert!(out.status.success() && err.contains(", 0 errors"), "{err}");
    // The examples bring no warning of their own.
    let new: Vec<String> = codes(&err)
        .difference(&codes(&blank_err))
        .cloned()
        .collect();
    assert!(new.is_empty(), "new warnings {new:?}: {err}");
    for page in [
        "audits/AP-001.html",
        "audits/IA-001.html",
        "nonconformities/NC-001.html",
        "management-reviews/MR-001.html",
        "objectives/OBJ-001.html",
        "incidents/INC-001.html",
    ] {
        assert!(dir.join("handbook").join(page).is_file(), "{page}");
    }
}
