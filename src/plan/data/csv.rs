//! CSV exports written as they are built: a register of 100,000 risks is written one row at a
//! time, and only its text is kept (as rows of cells it took several times the file's size).
//!
//! Every cell goes through [`formula_safe`] on its way in, so no export can carry a cell that
//! a spreadsheet would run as a formula: [`CsvText`] has no other way to be made.

use std::borrow::Cow;

use super::Table;

/// A CSV export's text, or why it could not be written.
#[derive(Debug, Clone)]
pub struct CsvText(Result<Vec<u8>, String>);

impl CsvText {
    /// Writes a header row, then each row as it comes.
    pub fn write<R, C>(headers: &[&str], rows: R) -> CsvText
    where
        R: IntoIterator<Item = C>,
        C: IntoIterator<Item = String>,
    {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let written = writer.write_record(headers).and_then(|()| {
            rows.into_iter().try_for_each(|row| {
                writer.write_record(row.into_iter().map(|cell| match formula_safe(&cell) {
                    Cow::Borrowed(_) => cell,
                    Cow::Owned(safe) => safe,
                }))
            })
        });
        let text = written
            .map_err(|e| e.to_string())
            .and_then(|()| writer.into_inner().map_err(|e| e.to_string()));
        CsvText(text)
    }

    /// A table built whole (a Statement of Applicability, the FAQ), written as CSV.
    pub fn of(table: &Table) -> CsvText {
        CsvText::write(
            &table.headers,
            table.rows.iter().map(|row| row.iter().cloned()),
        )
    }

    /// The bytes of the file, or why it could not be written.
    pub fn bytes(&self) -> Result<&[u8], String> {
        self.0.as_deref().map_err(Clone::clone)
    }
}

/// A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
/// CR: OWASP's list) gets a leading apostrophe, as OWASP advises for CSV exports.
fn formula_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(csv: &CsvText) -> String {
        String::from_utf8(csv.bytes().unwrap().to_vec()).unwrap()
    }

    #[test]
    fn csv_neutralises_every_formula_start() {
        let cells = [
            "=1+2",
            "+1",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "ok",
            "1-2",
        ];
        let t = CsvText::write(&["c"], cells.iter().map(|c| [c.to_string()]));
        let text = text(&t);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let read: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect();
        assert_eq!(
            read,
            [
                "'=1+2",
                "'+1",
                "'-2+3+cmd|' /C calc'!A0",
                "'@SUM(A1)",
                "'\tx",
                "'\rx",
                "ok",
                "1-2"
            ]
        );
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let t = Table {
            headers: vec!["id", "title"],
            rows: vec![vec!["R1".into(), "a, \"b\"".into()]],
        };
        assert_eq!(text(&CsvText::of(&t)), "id,title\nR1,\"a, \"\"b\"\"\"\n");
    }

    #[test]
    fn a_row_of_another_length_is_an_error_not_a_file() {
        let t = CsvText::write(&["a", "b"], [vec!["1".to_string()]]);
        assert!(t.bytes().is_err());
    }
}
