//! `tracemark import risks|evidence`: spreadsheets as GRC teams keep them (title rows, their
//! own column names, words in number columns, CSV in three encodings and two separators,
//! workbooks with date cells) become register files that `check` accepts; bad cells are
//! errors naming the file, row and column; ids already in the portal are never overwritten.
//! The fixtures are in `tests/fixtures/import/` (`make_xlsx.py` writes the workbook).

use std::path::PathBuf;
use std::process::Output;

use crate::harness::{Fixture, check, small_portal, stderr, tracemark};

const IMPORTED: &str = "content/risks/imported.yaml";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// `tracemark import KIND FILE --root ROOT` plus extra arguments.
fn import(f: &Fixture, kind: &str, file: &std::path::Path, extra: &[&str]) -> Output {
    let root = f.root();
    let mut args = vec![
        "import",
        kind,
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    tracemark(&args)
}

fn imported_ok(f: &Fixture, kind: &str, file: &std::path::Path, extra: &[&str]) -> String {
    let out = import(f, kind, file, extra);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stderr(&out)
}

/// A source file of the portal, as text.
fn source(f: &Fixture, path: &str) -> String {
    std::fs::read_to_string(f.root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `check` succeeds on the portal (warnings allowed).
fn checks(f: &Fixture) {
    let out = check(&f.root(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_grc_csv_with_title_rows_synonyms_and_words_becomes_risks_that_check() {
    let f = small_portal();
    let said = imported_ok(&f, "risks", &fixture("grc-register.csv"), &[]);
    assert!(said.contains("imported 2 risks"), "{said}");
    assert!(
        said.contains("`Risk Rating` (Tracemark computes it)"),
        "{said}"
    );
    assert!(said.contains("`Notes` (no field"), "{said}");
    let yaml = source(&f, IMPORTED);
    for line in [
        "risks:\n  # imported from grc-register.csv\n  - id: CR-1\n",
        "    category: user-harm\n",
        "    description: |\n      A user can make the bot ignore its instructions.\n\n      See the red-team report.\n",
        "    owner: Head of Support\n",
        // "High" on the five-point likelihood scale, "Major" on the impact scale.
        "    likelihood: 4\n    impact: 4\n    treatment: mitigate\n",
        "    strategy: \"Input filtering, output checks\"\n",
        "    residual: { likelihood: 2, impact: 3 }\n",
        "    identified: 2026-03-31\n    review_interval: quarterly\n",
        "    controls: [mini:M.1.2, mini:M.1.1]\n",
        "    acceptance: { by: Counsel, date: 2026-04-15 }\n",
    ] {
        assert!(yaml.contains(line), "{line}\nnot in\n{yaml}");
    }
    checks(&f);
}

#[test]
fn a_workbook_is_read_from_its_first_sheet_with_a_header_with_date_cells() {
    let f = small_portal();
    let said = imported_ok(&f, "risks", &fixture("register.xlsx"), &[]);
    assert!(said.contains("imported 2 risks"), "{said}");
    let yaml = source(&f, IMPORTED);
    assert!(
        yaml.contains("  # imported from register.xlsx, sheet Risks\n  - id: XR-101\n"),
        "{yaml}"
    );
    // Date cells (Excel serial numbers with a date format) and text dates alike.
    assert!(
        yaml.contains("    identified: 2026-03-31\n    last_review: 2026-10-15\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("    identified: 2026-04-02\n    last_review: 2026-11-02\n"),
        "{yaml}"
    );
    // "Unlikely" is 2, "In progress" is treating.
    assert!(yaml.contains("  - id: XR-102\n"), "{yaml}");
    assert!(yaml.contains("    likelihood: 2\n    impact: 4\n    treatment: transfer\n"));
    assert!(yaml.contains("    status: treating\n"), "{yaml}");
    checks(&f);
}

#[test]
fn bad_cells_of_a_workbook_name_the_file_the_row_and_the_column_letter() {
    let f = small_portal();
    let book = fixture("register.xlsx");
    let out = import(&f, "risks", &book, &["--sheet", "Bad rows"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let shown = book.display().to_string();
    for wanted in [
        "error[E273]: row 3, column D (\"Likelihood\"): `Huge` is not a likelihood".to_string(),
        format!("--> {shown}:3:4"),
        "row 4, column E (\"Impact\"): `9` is not on the portal's scale".to_string(),
        "row 4, column G (\"Date Identified\"): `someday` is not a date".to_string(),
        format!("--> {shown}:4:7"),
        "nothing imported: 3 problems".to_string(),
    ] {
        assert!(err.contains(&wanted), "{wanted}\nnot in\n{err}");
    }
    assert!(!f.root().join(IMPORTED).exists());
    // A worksheet the workbook does not have.
    let out = import(&f, "risks", &book, &["--sheet", "Nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("E270"), "{}", stderr(&out));
    assert!(stderr(&out).contains("Instructions, Risks, Bad rows"));
}

#[test]
fn bad_cells_of_a_csv_are_all_reported_and_nothing_is_written() {
    let f = small_portal();
    let csv = fixture("bad-cells.csv");
    let out = import(&f, "risks", &csv, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let shown = csv.display().to_string();
    for wanted in [
        "row 3, column 4 (\"Likelihood (1-5)\"): `Very Huge` is not a likelihood on the portal's 1-5 scale".to_string(),
        "almost certain (5)".to_string(),
        format!("--> {shown}:3:4"),
        "row 4, column 7 (\"Date identified\"): `next spring` is not a date".to_string(),
        "row 5, column 3 (\"Risk owner\"): empty, but a risk needs its `owner`".to_string(),
        "row 6, column 1 (\"Risk ID\"): `Risk 5` is not an id".to_string(),
        "nothing imported: 4 problems".to_string(),
    ] {
        assert!(err.contains(&wanted), "{wanted}\nnot in\n{err}");
    }
    assert!(!f.root().join(IMPORTED).exists());
}

#[test]
fn a_semicolon_separated_windows_1252_file_is_read_as_excel_wrote_it() {
    let f = small_portal();
    imported_ok(&f, "risks", &fixture("semicolon-1252.csv"), &[]);
    let yaml = source(&f, IMPORTED);
    assert!(
        yaml.contains("    title: \"Données d'entraînement biaisées\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("Coût estimé 10 000 € par incident"), "{yaml}");
    // 01.02.2026 is day first; "Possible" and "Minor" are words of the scale.
    assert!(yaml.contains("    identified: 2026-02-01\n"), "{yaml}");
    assert!(
        yaml.contains("    likelihood: 3\n    impact: 2\n"),
        "{yaml}"
    );
    checks(&f);
}

#[test]
fn an_evidence_log_in_utf16_separated_by_tabs_becomes_evidence_that_checks() {
    let f = small_portal();
    let said = imported_ok(&f, "evidence", &fixture("evidence-log-utf16.csv"), &[]);
    assert!(said.contains("imported 2 evidence records"), "{said}");
    let yaml = source(&f, "content/evidence/imported.yaml");
    for line in [
        "evidence:\n  # imported from evidence-log-utf16.csv\n  - id: EVX-1\n",
        "    kind: validation-report\n",
        "    collected: 2026-10-15\n",
        "    expires: 2027-04-01\n",
        "    risks: [RSK-1]\n",
    ] {
        assert!(yaml.contains(line), "{line}\nnot in\n{yaml}");
    }
    checks(&f);
}

#[test]
fn ids_already_in_the_portal_are_refused_and_a_second_import_appends() {
    let f = small_portal();
    // RSK-1 is in content/risks/r.yaml; ids differing in case only are the same id.
    f.write(
        "register.csv",
        "ID,Title,Owner,Likelihood,Impact,Treatment\nrsk-1,Again,CISO,2,2,mitigate\nNEW-1,New,CISO,2,2,mitigate\nNEW-1,Twice,CISO,2,2,mitigate\n",
    );
    let out = import(&f, "risks", &f.root().join("register.csv"), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[E274]: row 2, column 1 (\"ID\"): `rsk-1` is already an id of the portal (content/risks/r.yaml:"), "{err}");
    assert!(
        err.contains("row 4, column 1 (\"ID\"): `NEW-1` is also the id of row 3"),
        "{err}"
    );
    assert!(!f.root().join(IMPORTED).exists());

    // A first import, then a comment of the user's, then a second import with new ids.
    f.write(
        "first.csv",
        "ID,Title,Owner,Likelihood,Impact,Treatment\nNEW-1,New,CISO,2,2,mitigate\n",
    );
    imported_ok(&f, "risks", &f.root().join("first.csv"), &[]);
    let edited = source(&f, IMPORTED).replace(
        "  - id: NEW-1\n",
        "  - id: NEW-1   # reviewed by the risk committee\n",
    );
    f.write(IMPORTED, &edited);
    // Importing the same file again is refused: its ids are in the portal now.
    let again = import(&f, "risks", &f.root().join("first.csv"), &[]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains(&format!("({IMPORTED}:")),
        "{}",
        stderr(&again)
    );
    f.write(
        "second.csv",
        "ID,Title,Owner,Likelihood,Impact,Treatment\nNEW-2,Newer,CISO,3,3,avoid\n",
    );
    imported_ok(&f, "risks", &f.root().join("second.csv"), &[]);
    let yaml = source(&f, IMPORTED);
    assert!(yaml.starts_with(&edited), "{yaml}");
    assert_eq!(
        &yaml[edited.len()..],
        "\n  # imported from second.csv\n  - id: NEW-2\n    title: Newer\n    owner: CISO\n    likelihood: 3\n    impact: 3\n    treatment: avoid\n",
        "{yaml}"
    );
    checks(&f);
}

#[test]
fn dry_run_prints_the_file_and_touches_nothing() {
    let f = small_portal();
    let out = import(&f, "risks", &fixture("grc-register.csv"), &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(printed.starts_with("# Risks imported"), "{printed}");
    // A blank line between entries, as registers are written by hand.
    assert!(printed.contains("\n\n  - id: CR-2\n"), "{printed}");
    assert!(stderr(&out).contains("dry run: would import 2 risks"));
    assert!(!f.root().join(IMPORTED).exists());
    // Into an existing file: printed with the file's text, the file unchanged.
    f.write(IMPORTED, "# ours\nrisks: []\n");
    let out = import(&f, "risks", &fixture("grc-register.csv"), &["--dry-run"]);
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.starts_with("# ours\nrisks:\n  # imported from"),
        "{printed}"
    );
    assert_eq!(source(&f, IMPORTED), "# ours\nrisks: []\n");
}

#[test]
fn columns_nobody_recognises_are_named_with_map() {
    let f = small_portal();
    f.write(
        "de.csv",
        "Nr;Was;Wer;Wahrscheinlichkeit;Auswirkung;Behandlung\nDE-1;Datenleck;CISO;2;5;mitigate\n",
    );
    let file = f.root().join("de.csv");
    let out = import(&f, "risks", &file, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E271]"), "{}", stderr(&out));
    let maps = [
        "--map",
        "Nr=id",
        "--map",
        "Was=title",
        "--map",
        "Wer=owner",
        "--map",
        "Wahrscheinlichkeit=likelihood",
        "--map",
        "Auswirkung=impact",
    ];
    // Without a treatment column: the required field is named.
    let out = import(&f, "risks", &file, &maps);
    assert!(
        stderr(&out).contains("error[E272]: no column holds `treatment`"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("`Behandlung`"), "{}", stderr(&out));
    let mut all = maps.to_vec();
    all.extend(["--map", "Behandlung=treatment"]);
    imported_ok(&f, "risks", &file, &all);
    assert!(source(&f, IMPORTED).contains("  - id: DE-1\n    title: Datenleck\n"));
    // A field that does not exist, and a column the header does not have.
    let out = import(&f, "risks", &file, &["--map", "Wer=ownr"]);
    assert!(stderr(&out).contains("error[E275]"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("did you mean `owner`?"),
        "{}",
        stderr(&out)
    );
    let out = import(
        &f,
        "risks",
        &file,
        &[
            "--map",
            "Wehr=owner",
            "--map",
            "Nr=id",
            "--map",
            "Was=title",
            "--map",
            "Auswirkung=impact",
        ],
    );
    assert!(
        stderr(&out).contains("no column `Wehr`; did you mean `Wer`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn into_must_name_a_register_file_the_portal_reads() {
    let f = small_portal();
    let csv = fixture("grc-register.csv");
    let out = import(&f, "risks", &csv, &["--into", "risks.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E276]"), "{}", stderr(&out));
    let out = import(&f, "risks", &csv, &["--into", "content/risks/../x.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    imported_ok(
        &f,
        "risks",
        &csv,
        &["--into", "content/risks/from-grc.yaml"],
    );
    assert!(source(&f, "content/risks/from-grc.yaml").contains("- id: CR-1"));
    // A file whose list is in flow style is not edited.
    let f = small_portal();
    f.write(IMPORTED, "risks: [{id: X-1}]\n");
    let out = import(&f, "risks", &csv, &[]);
    assert!(
        stderr(&out).contains("error[E276]: cannot append to this file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(source(&f, IMPORTED), "risks: [{id: X-1}]\n");
}

#[test]
fn a_treatment_strategy_column_of_treatment_words_is_the_treatment() {
    let f = small_portal();
    f.write(
        "grc.csv",
        "Risk ID,Risk Title,Risk Owner,Inherent Likelihood,Inherent Impact,Inherent Risk Rating,Treatment Strategy,Existing Controls,Residual Likelihood,Residual Impact,Risk Status,Last Review Date,Next Review Date\n\
         GRC-1,Shadow AI use,CISO,Likely,Major,High,Mitigate,mini:M.1.1,2,2,Open,2026-09-30,2026-12-30\n\
         GRC-2,Vendor lock-in,CTO,2,3,Medium,Transfer,,,,Open,2026-10-01,2027-01-01\n",
    );
    let said = imported_ok(&f, "risks", &f.root().join("grc.csv"), &[]);
    assert!(
        said.contains("`Next Review Date` (Tracemark computes it)"),
        "{said}"
    );
    let yaml = source(&f, IMPORTED);
    assert!(
        yaml.contains("  - id: GRC-1\n    title: Shadow AI use\n    owner: CISO\n    likelihood: 4\n    impact: 4\n    treatment: mitigate\n    controls: [mini:M.1.1]\n    residual: { likelihood: 2, impact: 2 }\n    status: open\n    last_review: 2026-09-30\n"),
        "{yaml}"
    );
    assert!(yaml.contains("    treatment: transfer\n"), "{yaml}");
    checks(&f);
}

#[test]
fn a_header_without_rows_writes_nothing() {
    let f = small_portal();
    f.write(
        "empty.csv",
        "Risk ID,Title,Owner,Likelihood,Impact,Treatment\n,,,,,\n",
    );
    let said = imported_ok(&f, "risks", &f.root().join("empty.csv"), &[]);
    assert!(said.contains("nothing to import"), "{said}");
    assert!(!f.root().join(IMPORTED).exists());
}
