//! No function in `src/` is longer than [`MAX_LINES`]: a long function no longer reads as a
//! table of contents of its steps. Counted from the `fn` line to the closing brace, test
//! functions included; `scripts/long-functions.py` lists the longest.

use super::{code_only, source_files};

/// The longest a function may be, in lines.
const MAX_LINES: usize = 120;

/// Every function with a body: (line of `fn`, name, length in lines).
fn functions(text: &str) -> Vec<(usize, String, usize)> {
    let code: Vec<char> = code_only(text).chars().collect();
    let line_at = |k: usize| code[..k].iter().filter(|&&c| c == '\n').count() + 1;
    let word = |k: usize| {
        code.get(k)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
    };
    let mut found = Vec::new();
    for i in 0..code.len() {
        if !(code[i..].starts_with(&['f', 'n']) && !word(i.wrapping_sub(1)) && !word(i + 2)) {
            continue;
        }
        let name: String = code[i + 2..]
            .iter()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect();
        if name.is_empty() {
            continue; // `fn(u8) -> u8`, a type
        }
        // The body is the first `{` outside brackets, unless a `;` ends the declaration.
        let mut depth = 0i32;
        let Some(open) = (i..code.len()).find(|&k| {
            match code[k] {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                _ => {}
            }
            depth <= 0 && (code[k] == '{' || code[k] == ';')
        }) else {
            continue;
        };
        if code[open] == ';' {
            continue;
        }
        let mut depth = 0;
        let close = (open..code.len()).find(|&k| {
            match code[k] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            depth == 0
        });
        let close = close.unwrap_or(code.len() - 1);
        found.push((line_at(i), name, line_at(close) - line_at(i) + 1));
    }
    found
}

#[test]
fn no_function_in_src_is_longer_than_the_limit() {
    let files = source_files();
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut too_long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a readable source file");
        let shown = file
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(file);
        for (line, name, lines) in functions(&text) {
            if lines > MAX_LINES {
                too_long.push(format!(
                    "{}:{line} fn {name}: {lines} lines",
                    shown.display()
                ));
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "functions over {MAX_LINES} lines (split them into named steps):\n{}",
        too_long.join("\n")
    );
}

#[test]
fn the_matcher_skips_braces_in_strings_chars_and_comments() {
    let text = r###"
fn outer() {
    let s = "}{ \" }";
    let r = r#"} "fn fake() {" }"#;
    let c = '}';
    let e = '\'';
    let l: &'static str = "x";
    // }
    /* } /* nested } */ } */
    fn inner(x: [u8; 2]) -> u8 {
        x[0]
    }
}
trait T {
    fn declared(&self);
}
fn after() {}
"###;
    let found = functions(text);
    let names: Vec<(usize, &str, usize)> = found
        .iter()
        .map(|(line, name, lines)| (*line, name.as_str(), *lines))
        .collect();
    assert_eq!(
        names,
        [(2, "outer", 12), (10, "inner", 3), (17, "after", 1)]
    );
}
