//! Output paths: the stable URLs of DESIGN.md, relative to the portal root.

/// A file name made safe for any disk: characters outside `[A-Za-z0-9._-]` become `-`.
pub fn file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// `policies/<ID>.html`.
pub fn policy(id: &str) -> String {
    format!("policies/{}.html", file_name(id))
}

/// `pages/<ID>.html`.
pub fn page(id: &str) -> String {
    format!("pages/{}.html", file_name(id))
}

/// `systems/<ID>.html`.
pub fn system(id: &str) -> String {
    format!("systems/{}.html", file_name(id))
}

/// `technical-documentation/<ID>.html`: an AI system's Annex IV technical documentation.
pub fn technical_documentation(id: &str) -> String {
    format!("technical-documentation/{}.html", file_name(id))
}

/// `risks/<ID>.html`.
pub fn risk(id: &str) -> String {
    format!("risks/{}.html", file_name(id))
}

/// `evidence/<ID>.html`.
pub fn evidence(id: &str) -> String {
    format!("evidence/{}.html", file_name(id))
}

/// `frameworks/<fw>/index.html`.
pub fn framework(fw: &str) -> String {
    format!("frameworks/{}/index.html", file_name(fw))
}

/// `frameworks/<fw>/<CONTROL>.html`.
pub fn control(fw: &str, id: &str) -> String {
    format!("frameworks/{}/{}.html", file_name(fw), file_name(id))
}

/// `soa/<fw>.html`.
pub fn soa(fw: &str) -> String {
    format!("soa/{}.html", file_name(fw))
}

/// `crosswalks/<from>--<to>.html`.
pub fn crosswalk(from: &str, to: &str) -> String {
    format!("crosswalks/{}--{}.html", file_name(from), file_name(to))
}

/// Page `n` (1-based) of a paginated section index: `index.html`, `page-2.html`, ...
pub fn index_page(section: &str, n: usize) -> String {
    if n <= 1 {
        format!("{section}/index.html")
    } else {
        format!("{section}/page-{n}.html")
    }
}

/// Characters left as they are in a URL path segment (RFC 3986 unreserved); everything else,
/// `#`, `%`, `?` and spaces included, is percent-encoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A relative output path as a URL: each `/`-separated segment percent-encoded, so a file
/// named `Q3 report #2 (100%).txt` links to itself over HTTP and from disk.
pub fn encode(path: &str) -> String {
    path.split('/')
        .map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The prefix that leads from a page back to the portal root (`""`, `"../"`, ...).
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_stable_and_safe() {
        assert_eq!(
            control("iso42001", "A.6.2.4"),
            "frameworks/iso42001/A.6.2.4.html"
        );
        assert_eq!(
            control("nist-ai-rmf", "GOVERN 1.1"),
            "frameworks/nist-ai-rmf/GOVERN-1.1.html"
        );
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("frameworks/soc2/CC1.1.html"), "../../");
        assert_eq!(index_page("risks", 2), "risks/page-2.html");
        assert_eq!(
            encode("evidence/files/Q3 report #2 (100%).txt"),
            "evidence/files/Q3%20report%20%232%20%28100%25%29.txt"
        );
    }
}
