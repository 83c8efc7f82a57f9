//! OSCAL JSON catalogs imported as frameworks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark::load::parse_oscal_catalog;

fuzz_target!(|text: &str| {
    let _ = parse_oscal_catalog("fz", text, "content/frameworks/fz.json");
});
