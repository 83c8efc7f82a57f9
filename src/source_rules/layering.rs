//! The pipeline order, enforced: no module imports from a later stage, and one module style.
//!
//! Every `.rs` file under `src/` is read, its comments and string literals blanked out, and
//! each path into the crate found: `crate::x` (in `use` lines, grouped `use crate::{x, y}`,
//! and inline paths) and `super::` chains that climb out of their top-level module. Each file
//! and each target is ranked by its top-level module ([`rank`]); a file that reaches a module
//! of a higher rank is a back-edge. Test modules inside files are held to the same rule.

use std::path::Path;

use super::{code_only, source_files, src};

/// The rank of a top-level module (a file or folder directly under `src/`): a module may
/// import only from modules of its own rank or below. `None`: not ranked yet, which fails too,
/// so a new module is placed on purpose.
fn rank(module: &str) -> Option<u8> {
    Some(match module {
        // Leaves: what every stage shares, and the diagnostics every stage reports.
        "shared" | "diagnostics" | "report" | "digest" | "signature" | "svg" => 0,
        "model" => 1,
        "load" => 2,
        "resolve" => 3,
        "check" => 4,
        "audience" => 5,
        "plan" => 6,
        "render" => 7,
        "write" => 8,
        // The stages in order, for build and check; then the commands that use it.
        "pipeline" => 9,
        "cmd" => 10,
        // The crate root (its re-exports), the binary and this test sit above everything.
        "lib" | "main" | "source_rules" => 11,
        _ => return None,
    })
}

/// The stage a file belongs to: its first component under `src/`, without `.rs`.
fn module_of(file: &Path) -> String {
    let first = file.components().next().expect("a path under src/");
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_string()
}

/// The module path of a file under `src/`: `plan/trust/faq.rs` is `[plan, trust, faq]`,
/// `plan/trust/mod.rs` is `[plan, trust]`, `lib.rs` is `[]`.
fn module_path(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.strip_suffix(".rs").unwrap_or(&last);
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

fn ident_at(code: &str, at: usize) -> &str {
    let rest = &code[at..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

fn skip_space(code: &str, mut at: usize) -> usize {
    while code[at..].starts_with(char::is_whitespace) {
        at += code[at..].chars().next().map_or(1, char::len_utf8);
    }
    at
}

/// The first identifier of each item of a `{ ... }` group starting at `open`.
fn group_heads(code: &str, open: usize) -> Vec<(usize, String)> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    for (offset, c) in code[open..].char_indices() {
        let at = open + offset;
        match c {
            '{' => {
                depth += 1;
                expect_head = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expect_head = true,
            c if expect_head && depth == 1 && (c.is_alphanumeric() || c == '_') => {
                heads.push((at, ident_at(code, at).to_string()));
                expect_head = false;
            }
            _ => {}
        }
    }
    heads
}

/// Whether `at` starts a path segment (not the tail of a longer name such as `$crate`).
fn starts_segment(code: &str, at: usize) -> bool {
    !code[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == ':')
}

/// How many inline modules (`mod tests { .. }`) enclose `at`: each is one more `super` to
/// climb before the crate root.
fn inline_depth(code: &str, at: usize) -> usize {
    let mut depth = 0;
    let mut from = 0;
    while let Some(found_at) = code[from..].find("mod ") {
        let start = from + found_at;
        from = start + "mod ".len();
        if start >= at || !starts_segment(code, start) {
            continue;
        }
        let name_at = skip_space(code, from);
        let name = ident_at(code, name_at);
        let open = skip_space(code, name_at + name.len());
        if name.is_empty() || !code[open..].starts_with('{') {
            continue;
        }
        let mut braces = 0;
        let mut close = code.len();
        for (offset, c) in code[open..].char_indices() {
            match c {
                '{' => braces += 1,
                '}' => {
                    braces -= 1;
                    if braces == 0 {
                        close = open + offset;
                        break;
                    }
                }
                _ => {}
            }
        }
        if open < at && at < close {
            depth += 1;
        }
    }
    depth
}

/// Every top-level module a file's code reaches, with the byte offset of the reference:
/// `crate::x`, `crate::{x, y::z}`, and `super::` chains that climb to the crate root.
fn references(code: &str, path: &[String]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(found_at) = code[from..].find("crate::") {
        let at = from + found_at;
        from = at + "crate::".len();
        if !starts_segment(code, at) {
            continue;
        }
        let after = skip_space(code, from);
        if code[after..].starts_with('{') {
            found.extend(group_heads(code, after));
        } else {
            found.push((after, ident_at(code, after).to_string()));
        }
    }
    let mut from = 0;
    while let Some(found_at) = code[from..].find("super::") {
        let at = from + found_at;
        if !starts_segment(code, at) {
            from = at + "super::".len();
            continue;
        }
        let mut end = at;
        let mut climbs = 0;
        while code[end..].starts_with("super::") {
            climbs += 1;
            end += "super::".len();
        }
        from = end;
        if climbs < path.len() + inline_depth(code, at) {
            continue;
        }
        if code[end..].starts_with('{') {
            found.extend(group_heads(code, end));
        } else {
            found.push((end, ident_at(code, end).to_string()));
        }
    }
    found.sort();
    found
}

/// The names the crate root re-exports (`pub use pipeline::{build, ..}`), with their module.
fn root_reexports(lib: &str) -> Vec<(String, String)> {
    let code = code_only(lib);
    let mut names = Vec::new();
    let mut from = 0;
    while let Some(found_at) = code[from..].find("pub use ") {
        let start = from + found_at + "pub use ".len();
        let end = start + code[start..].find(';').unwrap_or(code.len() - start);
        from = end;
        let statement = &code[start..end];
        let Some((module, rest)) = statement.split_once("::") else {
            continue;
        };
        let rest = rest.trim().trim_start_matches('{').trim_end_matches('}');
        for item in rest.split(',') {
            if let Some(name) = item.split_whitespace().last() {
                names.push((name.to_string(), module.trim().to_string()));
            }
        }
    }
    names
}

/// Every back-edge of one file (its path relative to `src/`), as `file:line: ...` lines.
fn back_edges(file: &Path, text: &str, reexports: &[(String, String)]) -> Vec<String> {
    let module = module_of(file);
    let Some(own) = rank(&module) else {
        return vec![format!(
            "src/{}: module `{module}` has no rank in layering::rank",
            file.display()
        )];
    };
    let code = code_only(text);
    let mut out = Vec::new();
    for (at, target) in references(&code, &module_path(file)) {
        let target = match rank(&target) {
            Some(_) => target,
            None => reexports
                .iter()
                .find(|(name, _)| *name == target)
                .map_or(target.clone(), |(_, module)| module.clone()),
        };
        if target == "self" || target == module {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        match rank(&target) {
            Some(theirs) if theirs <= own => {}
            Some(_) => out.push(format!(
                "src/{}:{line}: stage {module} imports later stage {target}",
                file.display()
            )),
            None => out.push(format!(
                "src/{}:{line}: stage {module} imports `{target}`, which has no rank",
                file.display()
            )),
        }
    }
    out
}

#[test]
fn no_module_imports_from_a_later_stage() {
    let src = src();
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let reexports = root_reexports(&lib);
    let files = source_files();
    assert!(files.len() > 50, "{} files under src/", files.len());
    let mut problems = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a source file");
        let file = path.strip_prefix(&src).expect("under src/");
        problems.extend(back_edges(file, &text, &reexports));
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn one_module_style_mod_rs_in_every_folder() {
    let mut problems = Vec::new();
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("a directory entry").path();
            if !path.is_dir() {
                continue;
            }
            if path.with_extension("rs").exists() {
                problems.push(format!(
                    "{0}.rs beside {0}/: move it to {0}/mod.rs",
                    path.display()
                ));
            }
            if !path.join("mod.rs").exists() {
                problems.push(format!("{}/ has no mod.rs", path.display()));
            }
            dirs.push(path);
        }
    }
    problems.sort();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_scanner_finds_back_edges_in_every_form_and_nowhere_else() {
    let text = r##"//! Docs naming crate::write are not code.
use std::fmt;
use crate::model::Audience;
use crate::{diagnostics::Diagnostic, plan::urls,
    render};
pub(crate) fn f() {
    let _ = crate::write::MARKER; /* crate::cmd */
    let _ = "crate::cmd";
    let _ = r#"crate::cmd"#;
    let _ = '"'; let _ = crate::check::x();
    let _ = crate::build(); // a root re-export of pipeline
    let _ = $crate::cmd::x;
}
use super::super::tree;
use super::super::super::audience::filter;
"##;
    let reexports = root_reexports("pub use pipeline::{\n    build, check_only as check,\n};\n");
    let found = back_edges(Path::new("resolve/x/y.rs"), text, &reexports);
    assert_eq!(
        found,
        [
            "src/resolve/x/y.rs:4: stage resolve imports later stage plan",
            "src/resolve/x/y.rs:5: stage resolve imports later stage render",
            "src/resolve/x/y.rs:7: stage resolve imports later stage write",
            "src/resolve/x/y.rs:10: stage resolve imports later stage check",
            "src/resolve/x/y.rs:11: stage resolve imports later stage pipeline",
            "src/resolve/x/y.rs:15: stage resolve imports later stage audience",
        ]
    );
    // Within its own stage, and downward, anything goes; an unranked module is reported.
    assert_eq!(
        back_edges(Path::new("plan/mod.rs"), text, &reexports),
        [
            "src/plan/mod.rs:5: stage plan imports later stage render",
            "src/plan/mod.rs:7: stage plan imports later stage write",
            "src/plan/mod.rs:11: stage plan imports later stage pipeline",
            "src/plan/mod.rs:14: stage plan imports `tree`, which has no rank",
        ]
    );
    assert_eq!(
        back_edges(Path::new("utils.rs"), "", &reexports),
        ["src/utils.rs: module `utils` has no rank in layering::rank"]
    );
    assert_eq!(
        module_path(Path::new("plan/trust/mod.rs")),
        ["plan", "trust"]
    );
    // In a test module of a top-level file, `super` is that file; one more climbs to the root.
    let tests = "fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::plan::x;\n}\n";
    assert_eq!(
        back_edges(Path::new("report.rs"), tests, &reexports),
        ["src/report.rs:5: stage report imports later stage plan"]
    );
}
