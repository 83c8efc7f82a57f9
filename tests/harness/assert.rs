//! Reading output and asserting on it: pages, their text, diagnostics, sanitised SVG.

use std::path::Path;

use serde_json::Value;

/// Every file under `dir` with its bytes, sorted by path (file names included, so a search
/// over it covers names too).
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Reads `page` under `dir` as text.
pub fn read_page(dir: &Path, page: &str) -> String {
    std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// Asserts that `page` under `dir` contains every one of `needles`; returns the page.
pub fn assert_page_contains(dir: &Path, page: &str, needles: &[&str]) -> String {
    let html = read_page(dir, page);
    for needle in needles {
        assert!(html.contains(needle), "{page} lacks `{needle}`:\n{html}");
    }
    html
}

/// Asserts that `page` under `dir` contains none of `needles`; returns the page.
pub fn assert_page_lacks(dir: &Path, page: &str, needles: &[&str]) -> String {
    let html = read_page(dir, page);
    for needle in needles {
        assert!(!html.contains(needle), "{page} holds `{needle}`:\n{html}");
    }
    html
}

/// The text a reader sees: tags (and so attribute values such as anchors) removed, each tag
/// read as a space.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The text of an HTML page, tags removed and white space collapsed.
pub fn text_of(html: &str) -> String {
    visible_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The part of a page from the element with `id` to the end of its section.
pub fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// The elements [`readable`] starts a new line at.
const BLOCK_ELEMENTS: &str = "p div section article header footer nav aside h1 h2 h3 h4 h5 h6 \
     li tr table ul ol dl dt dd br pre blockquote figure figcaption details summary caption";

/// The readable content of a page for a snapshot: the text of its `<main>` (the whole page
/// when it has none), one line per block (heading, paragraph, list item, table row, ...),
/// cells separated by ` | `, a few character references decoded, blank lines dropped.
pub fn readable(html: &str) -> String {
    let main = match (html.find("<main"), html.rfind("</main>")) {
        (Some(a), Some(b)) if a < b => &html[a..b],
        _ => html,
    };
    let mut out = String::new();
    let mut rest = main;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        // Blocks start a line. The test's own list, independent of the library: its
        // `html::is_element` knows every element and nothing of which ones are blocks.
        let is_block = BLOCK_ELEMENTS.split(' ').any(|b| b == name);
        if name == "script" || name == "style" {
            let end = format!("</{name}>");
            match rest[open..].find(&end) {
                Some(at) => {
                    rest = &rest[open + at + end.len()..];
                    continue;
                }
                None => break,
            }
        }
        if is_block {
            out.push('\n');
        } else if name == "td" || name == "th" {
            out.push_str(if tag.starts_with('/') { "" } else { " | " });
        } else {
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .map(|l| l.trim_start_matches("| ").to_string())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `list` holds a diagnostic `code` at `file:line`, and at `column` when one is given.
pub fn has_diagnostic(
    list: &[Value],
    code: &str,
    (file, line, column): (&str, u64, Option<u64>),
) -> bool {
    list.iter().any(|d| {
        d["code"] == code
            && d["file"] == file
            && d["line"] == line
            && column.is_none_or(|c| d["column"] == c)
    })
}

/// Asserts that `list` holds a `code` at `file:line`, and at `column` when one is given.
pub fn assert_diagnostic(list: &[Value], text: &str, code: &str, place: (&str, u64, Option<u64>)) {
    let (file, line, column) = place;
    assert!(
        has_diagnostic(list, code, place),
        "no {code} at {file}:{line}:{column:?}\n{text}"
    );
}

/// The one diagnostic `code` in `list`, asserted to stand at `file:line` and to say every
/// one of `says`.
pub fn the_only_diagnostic<'a>(
    list: &'a [Value],
    code: &str,
    (file, line): (&str, u64),
    says: &[&str],
) -> &'a Value {
    let found: Vec<&Value> = list.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "not one {code}: {list:#?}");
    let d = found[0];
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some(file), Some(line)),
        "{d}"
    );
    let message = d["message"].as_str().unwrap_or_default();
    for needle in says {
        assert!(message.contains(needle), "{needle:?} not in {message}");
    }
    d
}

/// The codes of `diags`, in order.
pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// An SVG diagram with every way an SVG can run script or load from elsewhere, around a
/// drawing (a path with id `flow-edge`, the text `Approval flow`) that must survive.
pub const HOSTILE_SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="https://evil.example/sheet.css"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 100" onload="alert('onload')">
  <script type="text/javascript">alert('script')</script>
  <foreignObject width="100" height="50"><div xmlns="http://www.w3.org/1999/xhtml" onclick="alert('fo')">html inside</div></foreignObject>
  <a xlink:href="javascript:alert('xlink')"><rect width="10" height="10" onmouseover="alert('hover')"/></a>
  <a href="https://evil.example/phish"><circle cx="5" cy="5" r="4"/></a>
  <image href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+" width="5" height="5"/>
  <set attributeName="href" to="javascript:alert('set')"/>
  <style>@import url("https://evil.example/x.css"); .edge { stroke: black }</style>
  <path id="flow-edge" class="edge" d="M10 50 L190 50" fill="url(#grad)" stroke="url(https://evil.example/p)"/>
  <text x="20" y="40">Approval flow</text>
</svg>
"##;

/// Asserts that a sanitised SVG keeps the drawing of [`HOSTILE_SVG`] and nothing of its attacks.
pub fn assert_svg_is_safe(svg: &str) {
    let lower = svg.to_ascii_lowercase();
    for bad in [
        "<script",
        "alert",
        "onload",
        "onclick",
        "onmouseover",
        "foreignobject",
        "javascript:",
        "data:",
        "evil.example",
        "@import",
        "<set",
        "<!doctype",
        "<?xml-stylesheet",
    ] {
        assert!(!lower.contains(bad), "`{bad}` left in the SVG:\n{svg}");
    }
    for kept in [
        "<path id=\"flow-edge\" class=\"edge\" d=\"M10 50 L190 50\" fill=\"url(#grad)\"/>",
        "<text x=\"20\" y=\"40\">Approval flow</text>",
        "viewBox=\"0 0 200 100\"",
        "<circle cx=\"5\" cy=\"5\" r=\"4\"/>",
    ] {
        assert!(svg.contains(kept), "`{kept}` lost from the SVG:\n{svg}");
    }
}
