//! Cleaning raw HTML in Markdown for the public build, with ammonia.

use std::collections::HashSet;

/// An ammonia builder that keeps what our Markdown renderer emits (heading ids, highlighting
/// classes, task-list checkboxes, relative links) and removes everything that can run code.
pub fn builder() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
        .add_tag_attributes("pre", ["tabindex"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"));
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_handlers_javascript_urls_and_iframes() {
        let dirty = r#"<p onclick="x()">hi</p><script>alert(1)</script><a href="javascript:alert(1)">a</a><iframe src="https://e.x"></iframe><h2 id="s" class="c">T</h2><a href="../p.html">ok</a>"#;
        let clean = builder().clean(dirty).to_string();
        assert!(
            !clean.contains("script")
                && !clean.contains("onclick")
                && !clean.contains("javascript:")
                && !clean.contains("iframe"),
            "{clean}"
        );
        assert!(clean.contains(r#"<h2 id="s" class="c">T</h2>"#), "{clean}");
        assert!(clean.contains(r#"href="../p.html""#), "{clean}");
    }
}
