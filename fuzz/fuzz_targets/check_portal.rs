//! `check` of a one-file portal whose page is the input, then `build` when it passes: the
//! whole pipeline, slower per input than the other targets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracemark::model::{Audience, Date};

fuzz_target!(|page: &str| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portal");
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::write(
        root.join("portal.yaml"),
        "title: Fuzz\norganization: Fuzz Ltd\n",
    )
    .unwrap();
    std::fs::write(root.join("content/pages/p.md"), page).unwrap();
    let options = tracemark::BuildOptions {
        root: root.clone(),
        out: dir.path().join("out"),
        today: Date::parse("2026-11-28").unwrap(),
        strict: false,
        audience: Audience::Public,
        zip: None,
        sign: None,
        force: true,
        at: None,
        since: None,
    };
    let checked = tracemark::check_only(&options).expect("a portal");
    if !checked.failed {
        tracemark::build(&options).expect("check passed, so build must");
    }
});
