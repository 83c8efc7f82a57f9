//! `soa --add-missing` edits the Statement of Applicability structurally: it appends to the
//! block list under `controls:` where the YAML parser says it ends, turns an empty
//! `controls: []` at that key into a block list, and refuses every other shape (leaving the
//! file as it was) with how to convert it.

use crate::harness::{Fixture, check, small_portal, stderr, tracemark};

const SOA: &str = "content/controls/soa.yaml";

/// The small portal with `soa` as its Statement of Applicability.
fn portal(soa: &str) -> Fixture {
    let f = small_portal();
    f.write(SOA, soa);
    f
}

fn add_missing(f: &Fixture) -> std::process::Output {
    tracemark(&["soa", "--add-missing", "--root", f.root().to_str().unwrap()])
}

fn soa_bytes(f: &Fixture) -> Vec<u8> {
    std::fs::read(f.root().join(SOA)).unwrap()
}

/// Entries for M.1.1 and M.1.2, none for M.2.1.
const TWO: &str = "# Our SoA. An empty list is written controls: [] (this comment stays as it is).\ncontrols:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: \"Needed; was controls: [] in the draft\"\n    status: implemented\n  - ref: mini:M.1.2   # roles\n    applicable: true\n    justification: Needed for roles\n    status: partial\n# Reviewed by the ISMS board.\n";

#[test]
fn appends_to_the_block_list_and_changes_nothing_else() {
    let f = portal(TWO);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::Permissions::from_mode(0o640);
        std::fs::set_permissions(f.root().join(SOA), mode).unwrap();
    }
    let out = add_missing(&f);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let new = String::from_utf8(soa_bytes(&f)).unwrap();
    let at = TWO.find("# Reviewed").unwrap();
    assert!(new.starts_with(&TWO[..at]), "{new}");
    assert!(new.ends_with("# Reviewed by the ISMS board.\n"), "{new}");
    let added = &new[at..new.len() - "# Reviewed by the ISMS board.\n".len()];
    assert!(
        added.contains("  - ref: mini:M.2.1\n    applicable: true\n"),
        "{added}"
    );
    assert!(
        !added.contains("M.1.1") && !added.contains("M.1.2"),
        "{added}"
    );
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(f.root().join("content/controls"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("soa.yaml")]);
    // Replaced by a renamed temporary file, which keeps the old file's permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = std::fs::metadata(f.root().join(SOA)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    }
    // The result checks: the new entry is a decision still to make (W315), not an error.
    let checked = check(&f.root(), &[]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(stderr(&checked).contains("W315"), "{}", stderr(&checked));
}

#[test]
fn an_empty_flow_list_at_the_key_becomes_a_block_list_and_nothing_else_changes() {
    let soa =
        "# Start with controls: [] and fill in.\ncontrols: [] # filled in by soa --add-missing\n";
    let f = portal(soa);
    let out = add_missing(&f);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let new = String::from_utf8(soa_bytes(&f)).unwrap();
    assert!(
        new.starts_with("# Start with controls: [] and fill in.\ncontrols: # filled in by soa --add-missing\n  # mini M.1 Governance\n  - ref: mini:M.1.1\n"),
        "{new}"
    );
    let checked = check(&f.root(), &[]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
}

#[test]
fn crlf_files_stay_crlf() {
    let f = portal(&TWO.replace('\n', "\r\n"));
    let out = add_missing(&f);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let new = String::from_utf8(soa_bytes(&f)).unwrap();
    assert!(new.contains("mini:M.2.1"));
    assert_eq!(
        new.matches('\n').count(),
        new.matches("\r\n").count(),
        "{new:?}"
    );
    assert!(new.starts_with(&TWO.replace('\n', "\r\n")[..40]));
}

#[test]
fn other_shapes_are_refused_at_their_line_and_the_file_is_untouched() {
    let cases = [
        (
            "flow list",
            "controls: [{ref: \"mini:M.1.1\", applicable: true, justification: x}]\n",
            1,
        ),
        (
            "JSON",
            "{\"controls\": [{\"ref\": \"mini:M.1.1\", \"applicable\": true, \"justification\": \"x\"}]}\n",
            1,
        ),
        (
            "`...`",
            "controls:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: x\n...\n",
            5,
        ),
        (
            "several YAML documents",
            "controls:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: x\n---\n# the second document is empty\n",
            5,
        ),
    ];
    for (says, soa, line) in cases {
        let f = portal(soa);
        let out = add_missing(&f);
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{says}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            soa_bytes(&f),
            soa.as_bytes(),
            "{says}: the file is untouched"
        );
        assert!(err.contains(says), "{says}: {err}");
        assert!(err.contains(&format!("{SOA}:{line}")), "{says}: {err}");
        assert!(err.contains("E506"), "{says}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn a_linked_file_is_edited_where_it_is_and_the_link_stays() {
    let f = small_portal();
    f.write("content/shared/soa.yaml", TWO);
    let link = f.root().join(SOA);
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("../shared/soa.yaml", &link).unwrap();
    let out = add_missing(&f);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let real = std::fs::read_to_string(f.root().join("content/shared/soa.yaml")).unwrap();
    assert!(real.contains("mini:M.2.1"), "{real}");
}
