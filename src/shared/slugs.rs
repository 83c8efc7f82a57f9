//! The two slugs Tracemark makes, each named for what it makes: a heading's anchor (Unicode
//! letters and digits kept, lower case) and a file or folder name on disk and in a URL (ASCII
//! only, case kept).

/// A slug for a heading: lower case, letters and digits, words joined by `-`.
pub fn slug_for_anchor(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A name safe on any disk and in any URL: ASCII letters, digits, `.`, `_` and `-`; anything
/// else (spaces, `&`, accents) becomes `-`, runs of `-` are one, and it never starts with `.`.
pub fn slug_for_path(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        let c = if keep { c } else { '-' };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_matches(|c| c == '-' || c == '.');
    if trimmed.is_empty() {
        "page".to_string()
    } else {
        trimmed.to_string()
    }
}
