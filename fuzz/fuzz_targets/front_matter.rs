//! Front matter and the documents around it: the splitter, policies and pages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark::load::{pages, parse_document, split_front_matter};
use tracemark::model::PolicyMeta;

fuzz_target!(|text: &str| {
    let _ = split_front_matter(text);
    let _ = parse_document::<PolicyMeta>(text, "content/policies/p.md");
    let _ = pages::parse(text, "content/pages/a/b.md");
});
