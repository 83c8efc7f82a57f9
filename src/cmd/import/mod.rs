//! `tracemark import risks|evidence FILE`: a risk register or an evidence log kept in a
//! spreadsheet (CSV or a workbook), its own column names matched to our fields, written as a
//! register file of the portal (`content/risks/imported.yaml` by default). Nothing is written
//! unless every cell reads: each bad cell is an error naming the file, the row as the
//! spreadsheet shows it and the column. Ids already in the portal are refused, never
//! overwritten; a second import appends to the file, keeping what is there.
//!
//! One concern per file: [`read`] (rows of cells), [`columns`] (the header and which column
//! holds which field), [`cells`] (one cell to a value), [`write`] (the YAML).

pub mod cells;
pub mod columns;
pub mod read;
pub mod write;

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
pub use cells::DateOrder;
use cells::{Context, Value};
use columns::{Field, Header, Mapping, Shape};
use read::{Cell, Sheet};
use write::Entry;

/// What is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A risk register (`content/risks/`).
    Risks,
    /// An evidence log (`content/evidence/`).
    Evidence,
}

impl Kind {
    /// The register's top-level key and folder under `content/`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Risks => "risks",
            Kind::Evidence => "evidence",
        }
    }

    /// One entry, with its article.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Risks => "a risk",
            Kind::Evidence => "an evidence record",
        }
    }

    /// `n` entries, in words (`2 risks`, `1 evidence record`).
    pub fn count(self, n: usize) -> String {
        let noun = match self {
            Kind::Risks => "risk",
            Kind::Evidence => "evidence record",
        };
        format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
    }

    /// The file written when `--into` names none.
    pub fn default_file(self) -> String {
        format!("content/{}/imported.yaml", self.key())
    }
}

/// What `tracemark import` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Risks or evidence.
    pub kind: Kind,
    /// The spreadsheet.
    pub file: PathBuf,
    /// The portal root.
    pub root: PathBuf,
    /// The register file to write, relative to the root (default [`Kind::default_file`]).
    pub into: Option<PathBuf>,
    /// `--map COLUMN=field` options, as given.
    pub maps: Vec<String>,
    /// The worksheet to read (workbooks; default: the first with a header).
    pub sheet: Option<String>,
    /// The order of day and month in dates like 03/04/2026 (default: from the dates).
    pub dates: Option<DateOrder>,
    /// Print what would be written; write nothing.
    pub dry_run: bool,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug)]
pub struct Imported {
    /// How many entries.
    pub count: usize,
    /// The register file, relative to the root.
    pub file: String,
    /// The file's whole new text (empty when there was nothing to import: nothing written).
    pub text: String,
    /// Where the rows were read: the worksheet, or the CSV separator.
    pub sheet: String,
    /// Columns left out, and why.
    pub left_out: Vec<String>,
}

/// Why nothing was imported.
#[derive(Debug)]
pub enum ImportError {
    /// Cells, columns, ids or the portal to fix first.
    Problems(Vec<Diagnostic>),
    /// A file could not be written.
    Io(String),
}

/// Imports the spreadsheet: every problem, or the entries written (with `dry_run`, not).
pub fn import(options: &Options, today: crate::model::Date) -> Result<Imported, ImportError> {
    let shown = options.file.display().to_string();
    let maps = parse_maps(options)?;
    let target = target_file(options)?;
    let (project, _) = crate::load::load(&options.root).map_err(ImportError::Problems)?;
    let risk = &project.config.risk;
    let mut cx = Context {
        scale: risk.scale,
        levels: risk.levels.iter().map(|l| l.name.clone()).collect(),
        categories: risk.categories.clone(),
        dates: options.dates,
    };
    let existing = existing_ids(project, today);
    let sheets = read::read(&options.file, options.sheet.as_deref()).map_err(|e| {
        problem(Diagnostic::error("E270", format!("cannot import `{shown}`: {e}")).at(&shown, 0))
    })?;
    let (sheet, mut header) = pick(&sheets, options.kind, &maps, &shown)?;
    treatment_in_plan_column(sheet, &mut header, &cx);
    check_columns(sheet, &header, options.kind, &maps, &shown)?;
    if cx.dates.is_none() {
        cx.dates = date_order(sheet, &header);
    }
    let entries = rows(sheet, &header, options.kind, &cx, &shown, &existing)?;
    let source = options
        .file
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    let place = if sheet.lettered {
        format!("{source}, sheet {}", sheet.name)
    } else {
        source.clone()
    };
    if entries.is_empty() {
        // Nothing under the header: no file is written, not even an empty list.
        return Ok(Imported {
            count: 0,
            file: target,
            text: String::new(),
            sheet: sheet.name.clone(),
            left_out: left_out(&header),
        });
    }
    let text = new_text(options, &target, &entries, &place)?;
    if !options.dry_run {
        let full = options.root.join(&target);
        let real = full.canonicalize().unwrap_or(full);
        crate::cmd::soa::replace(&real, &text)
            .map_err(|e| ImportError::Io(format!("cannot write {target}: {e}")))?;
    }
    Ok(Imported {
        count: entries.len(),
        file: target,
        text,
        sheet: sheet.name.clone(),
        left_out: left_out(&header),
    })
}

fn problem(d: Diagnostic) -> ImportError {
    ImportError::Problems(vec![d])
}

fn parse_maps(options: &Options) -> Result<Vec<Mapping>, ImportError> {
    let mut maps = Vec::new();
    let mut problems = Vec::new();
    for text in &options.maps {
        match columns::mapping(text, options.kind) {
            Ok(m) => maps.push(m),
            Err(e) => problems.push(Diagnostic::error("E275", e)),
        }
    }
    if problems.is_empty() {
        Ok(maps)
    } else {
        Err(ImportError::Problems(problems))
    }
}

/// The register file, relative to the root: `--into` (which must be a YAML file in the
/// register's folder, where the portal reads it) or the default.
fn target_file(options: &Options) -> Result<String, ImportError> {
    let Some(into) = &options.into else {
        return Ok(options.kind.default_file());
    };
    let relative = into.strip_prefix(&options.root).unwrap_or(into);
    let text = relative.to_string_lossy().replace('\\', "/");
    let folder = format!("content/{}/", options.kind.key());
    let inside = text.starts_with(&folder)
        && !relative
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        && (text.ends_with(".yaml") || text.ends_with(".yml"));
    if inside {
        Ok(text)
    } else {
        Err(problem(Diagnostic::error(
            "E276",
            format!(
                "--into `{}`: the portal reads {} only from YAML files under {folder} (for example {})",
                into.display(),
                options.kind.key(),
                options.kind.default_file()
            ),
        )))
    }
}

/// Every id of the portal, in lower case (ids differing only in case are one id), with
/// where it is defined when known.
fn existing_ids(
    project: crate::load::Project,
    today: crate::model::Date,
) -> std::collections::HashMap<String, String> {
    let mut ids: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut add = |id: &str, at: String| {
        ids.entry(id.to_lowercase()).or_insert(at);
    };
    let located = |s: &crate::model::Source| format!("{}:{}", s.file, s.line);
    for r in &project.risks {
        add(&r.id, located(&r.source));
    }
    for e in &project.evidence {
        add(&e.id, located(&e.source));
    }
    for s in &project.systems {
        add(&s.id, located(&s.source));
    }
    for p in &project.policies {
        add(&p.meta.id, p.source.file.clone());
    }
    for id in &project.broken {
        add(id, "a file that could not be read".into());
    }
    let (portal, _) = crate::resolve::resolve(project, today);
    for (folded, id) in &portal.index.folded {
        ids.entry(folded.clone())
            .or_insert_with(|| format!("the portal (as `{id}`)"));
    }
    ids
}

/// The reading whose header names the most known columns (CSV: one reading per separator),
/// or the first worksheet with a header.
fn pick<'a>(
    sheets: &'a [Sheet],
    kind: Kind,
    maps: &[Mapping],
    shown: &str,
) -> Result<(&'a Sheet, Header), ImportError> {
    let mut best: Option<(&Sheet, Header)> = None;
    for sheet in sheets {
        let Some(header) = columns::header(sheet, kind, maps) else {
            continue;
        };
        if sheet.lettered {
            return Ok((sheet, header));
        }
        if best
            .as_ref()
            .is_none_or(|(_, b)| header.known() > b.known())
        {
            best = Some((sheet, header));
        }
    }
    best.ok_or_else(|| {
        // The reading whose first row has the most cells (the right CSV separator).
        let seen: Vec<String> = sheets
            .iter()
            .filter_map(|s| s.rows.first())
            .max_by_key(|r| r.cells.len())
            .map(|r| {
                r.cells
                    .iter()
                    .filter_map(|c| match c {
                        Cell::Text(t) => Some(format!("`{t}`")),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let names: Vec<&str> = columns::fields(kind)
            .iter()
            .filter(|f| f.name != "-")
            .map(|f| f.names[0])
            .collect();
        problem(
            Diagnostic::error(
                "E271",
                format!(
                    "no row of `{shown}` names three columns of {} (its first row: {}); known columns include {}",
                    kind.noun(),
                    if seen.is_empty() { "empty".to_string() } else { seen.join(", ") },
                    names.join(", ")
                ),
            )
            .at(shown, 0)
            .help("name the columns with --map \"COLUMN=field\""),
        )
    })
}

/// A register whose "Treatment strategy" (or "Mitigation") column holds only treatment words
/// (`Mitigate`, `Accept`...) and that has no treatment column: that column is the treatment.
fn treatment_in_plan_column(sheet: &Sheet, header: &mut Header, cx: &Context) {
    let is = |f: &Option<&Field>, name: &str| f.is_some_and(|f| f.name == name);
    if header.columns.iter().any(|f| is(f, "treatment")) {
        return;
    }
    let Some(treatment) = columns::fields(Kind::Risks)
        .iter()
        .find(|f| f.name == "treatment")
    else {
        return;
    };
    let Some(column) = header.columns.iter().position(|f| is(f, "strategy")) else {
        return;
    };
    let mut cells = sheet.rows[header.row + 1..]
        .iter()
        .filter_map(|row| row.cells.get(column))
        .filter(|c| **c != Cell::Empty)
        .peekable();
    let only_words = cells.peek().is_some()
        && cells.all(|c| matches!(cells::convert(c, Shape::Treatment, cx), Ok(Some(_))));
    if only_words {
        header.columns[column] = Some(treatment);
    }
}

/// How a column is named in messages: `C ("Likelihood (1-5)")` or `3 ("Likelihood")`.
fn column_name(sheet: &Sheet, header: &Header, index: usize) -> String {
    let text = header.texts.get(index).map_or("", String::as_str);
    match sheet.letter(index) {
        Some(letter) => format!("{letter} (\"{text}\")"),
        None => format!("{} (\"{text}\")", sheet.column_number(index)),
    }
}

/// Refuses `--map` options that name no column, two columns for one field, and a required
/// field without a column.
fn check_columns(
    sheet: &Sheet,
    header: &Header,
    kind: Kind,
    maps: &[Mapping],
    shown: &str,
) -> Result<(), ImportError> {
    let row = sheet.rows[header.row].number;
    let mut problems = Vec::new();
    for (m, near) in columns::unused_maps(header, maps) {
        let hint = near
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        problems.push(
            Diagnostic::error(
                "E275",
                format!(
                    "--map `{}={}`: the header row has no column `{}`{hint}",
                    m.column, m.field, m.column
                ),
            )
            .at(shown, row),
        );
    }
    for (i, field) in header.columns.iter().enumerate() {
        let Some(field) = field.filter(|f| f.name != "-") else {
            continue;
        };
        if let Some(j) = header.columns[..i]
            .iter()
            .position(|f| f.is_some_and(|f| f.name == field.name))
        {
            problems.push(
                Diagnostic::error(
                    "E277",
                    format!(
                        "columns {} and {} both hold `{}`: leave one out with --map \"{}=-\"",
                        column_name(sheet, header, j),
                        column_name(sheet, header, i),
                        field.name,
                        header.texts[i]
                    ),
                )
                .at(shown, row)
                .column(sheet.column_number(i)),
            );
        }
    }
    for field in columns::fields(kind).iter().filter(|f| f.required) {
        if !header
            .columns
            .iter()
            .any(|c| c.is_some_and(|c| c.name == field.name))
        {
            let named: Vec<String> = header
                .texts
                .iter()
                .zip(&header.columns)
                .filter(|(t, c)| c.is_none() && !t.is_empty())
                .map(|(t, _)| format!("`{t}`"))
                .collect();
            problems.push(
                Diagnostic::error(
                    "E272",
                    format!(
                        "no column holds `{}`, which {} needs (columns not matched: {}); name it with --map \"COLUMN={}\"",
                        field.name,
                        kind.noun(),
                        if named.is_empty() { "none".into() } else { named.join(", ") },
                        field.name
                    ),
                )
                .at(shown, row),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Problems(problems))
    }
}

/// The order of day and month that the spreadsheet's dates prove (`25/03/2026` is day
/// first), when they prove one.
fn date_order(sheet: &Sheet, header: &Header) -> Option<DateOrder> {
    let mut day_first = false;
    let mut month_first = false;
    for row in &sheet.rows[header.row + 1..] {
        for (cell, field) in row.cells.iter().zip(&header.columns) {
            if let (Cell::Text(t), Some(f)) = (cell, field)
                && f.shape == Shape::Date
                && let Some((a, b, _)) = cells::slashed(t)
            {
                day_first |= a > 12;
                month_first |= b > 12;
            }
        }
    }
    match (day_first, month_first) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// Every row under the header as an entry, or every bad cell.
fn rows(
    sheet: &Sheet,
    header: &Header,
    kind: Kind,
    cx: &Context,
    shown: &str,
    existing: &std::collections::HashMap<String, String>,
) -> Result<Vec<Entry>, ImportError> {
    let mut problems = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    // Each id in lower case, and the row that has it.
    let mut rows_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let id_column = header
        .columns
        .iter()
        .position(|c| c.is_some_and(|c| c.name == "id"));
    for row in &sheet.rows[header.row + 1..] {
        let known = |i: usize| {
            header
                .columns
                .get(i)
                .copied()
                .flatten()
                .filter(|f| f.name != "-")
        };
        if !row
            .cells
            .iter()
            .enumerate()
            .any(|(i, c)| known(i).is_some() && *c != Cell::Empty)
        {
            continue;
        }
        let bad = |i: usize, why: String| {
            Diagnostic::error(
                "E273",
                format!(
                    "row {}, column {}: {why}",
                    row.number,
                    column_name(sheet, header, i)
                ),
            )
            .at(shown, row.number)
            .column(sheet.column_number(i))
        };
        let mut fields: Vec<(usize, &'static Field, Value)> = Vec::new();
        for (i, field) in header.columns.iter().enumerate() {
            let Some(field) = field.filter(|f| f.name != "-") else {
                continue;
            };
            let cell = row.cells.get(i).unwrap_or(&Cell::Empty);
            match cells::convert(cell, field.shape, cx) {
                Ok(Some(value)) => fields.push((i, field, value)),
                Ok(None) if field.required => problems.push(bad(
                    i,
                    format!("empty, but {} needs its `{}`", kind.noun(), field.name),
                )),
                Ok(None) => {}
                Err(why) => problems.push(bad(i, why)),
            }
        }
        problems.extend(incomplete_groups(&fields, |name, why| {
            match header
                .columns
                .iter()
                .position(|c| c.is_some_and(|c| c.name == name))
            {
                Some(i) => bad(i, why),
                None => Diagnostic::error("E273", format!("row {}: {why}", row.number))
                    .at(shown, row.number),
            }
        }));
        let entry = Entry {
            row: row.number,
            fields: ordered(kind, fields),
        };
        if let Some(i) = id_column
            && !entry.id().is_empty()
        {
            let folded = entry.id().to_lowercase();
            if let Some(earlier) = rows_of.get(&folded) {
                problems.push(Diagnostic::error(
                    "E274",
                    format!("row {}, column {}: `{}` is also the id of row {}; each row needs an id of its own", row.number, column_name(sheet, header, i), entry.id(), earlier),
                ).at(shown, row.number).column(sheet.column_number(i)));
            } else if let Some(at) = existing.get(&folded) {
                problems.push(Diagnostic::error(
                    "E274",
                    format!("row {}, column {}: `{}` is already an id of the portal ({at}); import never overwrites an entry: give the row a new id or leave it out", row.number, column_name(sheet, header, i), entry.id()),
                ).at(shown, row.number).column(sheet.column_number(i)));
            }
            rows_of.entry(folded).or_insert(row.number);
        }
        entries.push(entry);
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(ImportError::Problems(problems))
    }
}

/// A nested field given in part (a residual likelihood without an impact): one problem per
/// missing part, made by `bad(field, why)`.
fn incomplete_groups(
    fields: &[(usize, &'static Field, Value)],
    bad: impl Fn(&str, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let groups: [(&str, &[&str]); 3] = [
        ("residual", &["likelihood", "impact"]),
        ("acceptance", &["by", "date"]),
        ("period", &["start", "end"]),
    ];
    for (group, needed) in groups {
        let present: Vec<&str> = fields
            .iter()
            .filter_map(|(_, f, _)| f.name.strip_prefix(group)?.strip_prefix('.'))
            .collect();
        if present.is_empty() {
            continue;
        }
        for missing in needed.iter().filter(|n| !present.contains(n)) {
            let name = format!("{group}.{missing}");
            let why = format!("`{group}` needs `{missing}` too, and this row has no `{name}`");
            problems.push(bad(&name, why));
        }
    }
    problems
}

/// The fields in schema order.
fn ordered(
    kind: Kind,
    mut fields: Vec<(usize, &'static Field, Value)>,
) -> Vec<(&'static str, Value)> {
    let order = |name: &str| columns::fields(kind).iter().position(|f| f.name == name);
    fields.sort_by_key(|(_, f, _)| order(f.name));
    fields.into_iter().map(|(_, f, v)| (f.name, v)).collect()
}

/// Columns left out: computed figures and names no field has.
fn left_out(header: &Header) -> Vec<String> {
    header
        .texts
        .iter()
        .zip(&header.columns)
        .filter(|(t, _)| !t.is_empty())
        .filter_map(|(t, c)| match c {
            Some(f) if f.name == "-" => Some(format!("`{t}` (Tracemark computes it)")),
            None => Some(format!(
                "`{t}` (no field; --map \"{t}=FIELD\" to import it)"
            )),
            Some(_) => None,
        })
        .collect()
}

/// The register file's new text: the old one with the entries appended, or a new file.
fn new_text(
    options: &Options,
    target: &str,
    entries: &[Entry],
    place: &str,
) -> Result<String, ImportError> {
    let key = options.kind.key();
    let note = format!("imported from {place}");
    check_entries(options.kind, &write::entries(entries, "  ", &note))?;
    let full = options.root.join(target);
    match std::fs::read_to_string(&full) {
        // A blank line sets the new entries apart from the file's last one, if it has one.
        Ok(old) => crate::cmd::soa::appended_to(
            &old,
            key,
            |indent| {
                let gap = if has_entries(&old, key) { "\n" } else { "" };
                format!("{gap}{}", write::entries(entries, indent, &note))
            },
            entries.len(),
        )
        .map_err(|refused| {
            problem(
                Diagnostic::error(
                    "E276",
                    format!("cannot append to this file: {}", refused.message),
                )
                .at(target, refused.line),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(format!(
            "# {} imported with `tracemark import {key}`: check them, then edit here.\n{key}:\n{}",
            capitalised(key),
            write::entries(entries, "  ", &note)
        )),
        Err(e) => Err(ImportError::Io(format!("cannot read {target}: {e}"))),
    }
}

/// Whether the YAML text holds a non-empty list under `key`.
fn has_entries(text: &str, key: &str) -> bool {
    serde_yaml::from_str::<serde_yaml::Value>(text.strip_prefix('\u{feff}').unwrap_or(text))
        .ok()
        .and_then(|v| v.get(key)?.as_sequence().map(|s| !s.is_empty()))
        .unwrap_or(false)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The entries read back through the portal's own types: what the writer wrote is what the
/// loader reads (a failure here is a bug of the writer, reported as such).
fn check_entries(kind: Kind, entries: &str) -> Result<(), ImportError> {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Risks {
        risks: Vec<crate::model::Risk>,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Evidence {
        evidence: Vec<crate::model::Evidence>,
    }
    let text = format!("{}:\n{entries}", kind.key());
    let read = match kind {
        Kind::Risks => serde_yaml::from_str::<Risks>(&text).map(|_| ()),
        Kind::Evidence => serde_yaml::from_str::<Evidence>(&text).map(|_| ()),
    };
    read.map_err(|e| {
        ImportError::Io(format!(
            "the entries written would not read back ({e}); nothing was written (please report this spreadsheet's shape)"
        ))
    })
}
