//! Serialising data files: CSV, JSON, iCalendar, sitemap and the search index.

use crate::plan::DataFile;

/// The bytes of a data file, or why it could not be produced.
pub fn bytes(file: &DataFile) -> Result<Vec<u8>, String> {
    match file {
        DataFile::Csv(table) => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer
                .write_record(&table.headers)
                .map_err(|e| e.to_string())?;
            for row in &table.rows {
                writer
                    .write_record(row.iter().map(|cell| formula_safe(cell).into_owned()))
                    .map_err(|e| e.to_string())?;
            }
            writer.into_inner().map_err(|e| e.to_string())
        }
        DataFile::Json(value) => {
            let mut out = serde_json::to_vec_pretty(value).map_err(|e| e.to_string())?;
            out.push(b'\n');
            Ok(out)
        }
        DataFile::Calendar(events) => {
            let mut out = String::from(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tracemark//Reviews//EN\r\nCALSCALE:GREGORIAN\r\n",
            );
            for e in events {
                out.push_str("BEGIN:VEVENT\r\n");
                out.push_str(&format!("UID:{}\r\n", ical_text(&e.uid)));
                out.push_str(&format!("DTSTAMP:{}T000000Z\r\n", e.date));
                out.push_str(&format!("DTSTART;VALUE=DATE:{}\r\n", e.date));
                out.push_str(&format!("SUMMARY:{}\r\n", ical_text(&e.summary)));
                out.push_str("END:VEVENT\r\n");
            }
            out.push_str("END:VCALENDAR\r\n");
            Ok(out.into_bytes())
        }
        DataFile::Sitemap(base, paths) => {
            let base = if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            };
            let mut out = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for path in paths {
                out.push_str(&format!(
                    "  <url><loc>{}</loc></url>\n",
                    super::markdown::escape(&format!("{base}{path}"))
                ));
            }
            out.push_str("</urlset>\n");
            Ok(out.into_bytes())
        }
        DataFile::SearchIndex(entries) => {
            // A script, not JSON fetched at run time, so search works from file:// too.
            let json = serde_json::to_string(entries).map_err(|e| e.to_string())?;
            // `</` would end a script element if the file were ever inlined.
            Ok(format!(
                "window.TRACEMARK_SEARCH = {};\n",
                json.replace("</", "<\\/")
            )
            .into_bytes())
        }
        DataFile::Atom(feed) => Ok(atom(feed).into_bytes()),
    }
}

/// An Atom feed document; dates are whole days at midnight UTC.
fn atom(feed: &crate::plan::Feed) -> String {
    let esc = super::markdown::escape;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    out.push_str(&format!("  <id>{}</id>\n", esc(&feed.id)));
    out.push_str(&format!("  <title>{}</title>\n", esc(&feed.title)));
    out.push_str(&format!(
        "  <updated>{}T00:00:00Z</updated>\n",
        feed.updated
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        esc(&feed.author)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        esc(&feed.alternate)
    ));
    if let Some(url) = &feed.self_url {
        out.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            esc(url)
        ));
    }
    for e in &feed.entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", esc(&e.id)));
        out.push_str(&format!("    <title>{}</title>\n", esc(&e.title)));
        out.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", e.updated));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            esc(&e.link)
        ));
        if let Some(summary) = &e.summary {
            out.push_str(&format!("    <summary>{}</summary>\n", esc(summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `@`, tab, CR) gets a leading
/// apostrophe, as OWASP advises for CSV exports.
fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Escapes text for an iCalendar property value.
fn ical_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Table;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let t = Table {
            headers: vec!["id", "title"],
            rows: vec![vec!["R1".into(), "a, \"b\"".into()]],
        };
        assert_eq!(
            String::from_utf8(bytes(&DataFile::Csv(t)).unwrap()).unwrap(),
            "id,title\nR1,\"a, \"\"b\"\"\"\n"
        );
    }
}
