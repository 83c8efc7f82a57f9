//! Reading a spreadsheet into rows of cells, each row numbered as the spreadsheet shows it:
//! CSV (UTF-8 with or without a byte order mark, UTF-16 with one, else Windows-1252; read once
//! per separator, `,` `;` and tab, for the caller to keep the reading whose header it
//! recognises) and workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`, read by calamine: every
//! worksheet, in order).

use std::path::Path;

/// One cell's value, as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing, or only spaces.
    Empty,
    /// Text, trimmed.
    Text(String),
    /// A number (workbooks only: CSV cells are text).
    Number(f64),
    /// A date (workbooks only: a number formatted as a date).
    Date(chrono::NaiveDate),
    /// A spreadsheet error value such as `#N/A` (workbooks only).
    Error(String),
}

/// One row: its number as the spreadsheet shows it, and its cells from the sheet's first
/// column.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based, counting every row above it (title rows, blank rows, the header).
    pub number: usize,
    /// The cells, the first in [`Sheet::first_column`].
    pub cells: Vec<Cell>,
}

/// The rows of one worksheet, or of a CSV file read with one separator.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The worksheet's name (workbooks), or the separator's (CSV).
    pub name: String,
    /// Whether columns are named by letter (workbooks) or by number only (CSV).
    pub lettered: bool,
    /// 0-based index of the column of each row's first cell.
    pub first_column: usize,
    /// The rows that hold something.
    pub rows: Vec<Row>,
}

impl Sheet {
    /// How the cell at 0-based `index` of a row is named: its letter in a workbook (`C`).
    pub fn letter(&self, index: usize) -> Option<String> {
        self.lettered
            .then(|| column_letter(self.first_column + index))
    }

    /// The 1-based column number of the cell at `index` of a row.
    pub fn column_number(&self, index: usize) -> usize {
        self.first_column + index + 1
    }
}

/// `A` for 0, `Z` for 25, `AA` for 26.
pub fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The spreadsheet's readings to choose from: one per CSV separator, or one per worksheet
/// (only `sheet` when named). `Err` says why the file cannot be read.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Vec<Sheet>, String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => workbook(path, sheet),
        _ => {
            if sheet.is_some() {
                return Err("--sheet names a worksheet; a CSV file has none".to_string());
            }
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
            if bytes.starts_with(b"PK\x03\x04") {
                return Err(
                    "it is a zip file (a workbook?): name it .xlsx to read it as one".to_string(),
                );
            }
            let text = decode(&bytes);
            [b',', b';', b'\t']
                .into_iter()
                .map(|sep| csv_rows(&text, sep))
                .collect()
        }
    }
}

/// The text of a CSV file: UTF-8 or UTF-16 by their byte order mark, else UTF-8 when it is
/// valid, else Windows-1252 (what Excel writes as "CSV" on Windows in Western Europe).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

/// The rows of CSV `text` split at `separator`. A row's number counts every line break
/// outside quotes before it, so a cell with line breaks is one row and a blank line is one.
fn csv_rows(text: &str, separator: u8) -> Result<Sheet, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Line breaks inside quoted cells of the rows read so far.
    let mut inside = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(format!("not valid CSV: {e}")),
        }
        // The reader's position is where it started: before any blank lines it skipped.
        let (line, byte) = record
            .position()
            .map_or((1, 0), |p| (p.line() as usize, p.byte() as usize));
        let skipped = text.as_bytes()[byte.min(text.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count();
        let line = line + skipped;
        let cells: Vec<Cell> = record.iter().map(text_cell).collect();
        let number = line.saturating_sub(inside).max(1);
        inside += record
            .iter()
            .map(|f| f.matches('\n').count())
            .sum::<usize>();
        if cells.iter().any(|c| *c != Cell::Empty) {
            rows.push(Row { number, cells });
        }
    }
    let name = match separator {
        b',' => "comma",
        b';' => "semicolon",
        _ => "tab",
    };
    Ok(Sheet {
        name: name.to_string(),
        lettered: false,
        first_column: 0,
        rows,
    })
}

fn text_cell(text: &str) -> Cell {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(trimmed.to_string())
    }
}

/// Every worksheet of a workbook (or the one named `wanted`), in the workbook's order.
fn workbook(path: &Path, wanted: Option<&str>) -> Result<Vec<Sheet>, String> {
    use calamine::Reader as _;
    let mut book = calamine::open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(e) => format!("cannot read it: {e}"),
        other => format!("not a workbook calamine can read: {other}"),
    })?;
    let names = book.sheet_names();
    if let Some(wanted) = wanted
        && !names.iter().any(|n| n == wanted)
    {
        return Err(format!(
            "it has no worksheet `{wanted}` (its worksheets: {})",
            names.join(", ")
        ));
    }
    let mut sheets = Vec::new();
    for name in names.iter().filter(|n| wanted.is_none_or(|w| w == *n)) {
        let range = book
            .worksheet_range(name)
            .map_err(|e| format!("cannot read its worksheet `{name}`: {e}"))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| Row {
                number: top as usize + i + 1,
                cells: cells.iter().map(workbook_cell).collect(),
            })
            .filter(|row| row.cells.iter().any(|c| *c != Cell::Empty))
            .collect();
        sheets.push(Sheet {
            name: name.clone(),
            lettered: true,
            first_column: left as usize,
            rows,
        });
    }
    Ok(sheets)
}

fn workbook_cell(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DurationIso(s) => text_cell(s),
        Data::DateTimeIso(s) => text_cell(s),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day))
                .map_or(Cell::Number(d.as_f64()), Cell::Date)
        }
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_from_a_to_z_then_aa() {
        let letters: Vec<String> = [0, 2, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letter)
            .collect();
        assert_eq!(
            letters,
            ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn encodings_are_told_apart_by_their_byte_order_mark_or_their_bytes() {
        assert_eq!(decode(b"\xef\xbb\xbfR\xc3\xa9sum\xc3\xa9"), "Résumé");
        assert_eq!(decode("Résumé".as_bytes()), "Résumé");
        // Windows-1252: é is 0xE9, the euro sign 0x80.
        assert_eq!(decode(b"R\xe9sum\xe9 \x80"), "Résumé €");
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Ré".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), "Ré");
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let text = "Title\n\nID,Note\nR1,\"two\nlines\"\nR2,x\n";
        let sheet = csv_rows(text, b',').unwrap();
        let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 5]);
        assert_eq!(sheet.rows[2].cells[1], Cell::Text("two\nlines".into()));
    }
}
