//! The YAML registers: risks, systems, controls (the SoA) and evidence.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark::load::parse_register;
use tracemark::model::{ControlImplementation, Evidence, Risk, System};

fuzz_target!(|text: &str| {
    let _ = parse_register::<Risk>(text, "r.yaml", "risks");
    let _ = parse_register::<System>(text, "s.yaml", "systems");
    let _ = parse_register::<ControlImplementation>(text, "c.yaml", "controls");
    let _ = parse_register::<Evidence>(text, "e.yaml", "evidence");
});
