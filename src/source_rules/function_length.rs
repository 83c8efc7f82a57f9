//! No function in `src/` is longer than [`MAX_LINES`]: a long function no longer reads as a
//! table of contents of its steps. Counted from the `fn` line to the closing brace, test
//! functions included; `scripts/long-functions.py` lists the longest.

use std::path::{Path, PathBuf};

/// The longest a function may be, in lines.
const MAX_LINES: usize = 120;

/// The text with comments, strings and character literals blanked (line breaks kept), so
/// that braces and `fn` are only found in code.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let blank = |from: usize, to: usize, out: &mut Vec<char>| {
        for c in &mut out[from..to.min(chars.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    let mut i = 0;
    while i < chars.len() {
        let end = if at(i, "//") {
            (i..chars.len())
                .find(|&j| chars[j] == '\n')
                .unwrap_or(chars.len())
        } else if at(i, "/*") {
            block_comment_end(&chars, i)
        } else if let Some(end) = raw_string_end(&chars, i) {
            end
        } else if chars[i] == '"' {
            string_end(&chars, i + 1)
        } else if chars[i] == '\'' {
            char_literal_end(&chars, i).unwrap_or(i + 1)
        } else {
            i += 1;
            continue;
        };
        blank(i, end, &mut out);
        i = end;
    }
    out.into_iter().collect()
}

/// The index after the (nested) block comment starting at `i`.
fn block_comment_end(chars: &[char], i: usize) -> usize {
    let (mut depth, mut j) = (0, i);
    while j < chars.len() {
        match (chars[j], chars.get(j + 1)) {
            ('/', Some('*')) => (depth, j) = (depth + 1, j + 2),
            ('*', Some('/')) => {
                (depth, j) = (depth - 1, j + 2);
                if depth == 0 {
                    return j;
                }
            }
            _ => j += 1,
        }
    }
    chars.len()
}

/// The index after a raw string (`r"..."`, `r#"..."#`, `br"..."`) starting at `i`, if one does.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let mut j = i + usize::from(chars[i] == 'b');
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return None;
    }
    let closes = |k: usize| chars[k] == '"' && (1..=hashes).all(|h| chars.get(k + h) == Some(&'#'));
    Some(
        (j + 1..chars.len())
            .find(|&k| closes(k))
            .map_or(chars.len(), |k| k + 1 + hashes),
    )
}

/// The index after the string whose opening quote is before `j`.
fn string_end(chars: &[char], mut j: usize) -> usize {
    while j < chars.len() && chars[j] != '"' {
        j += if chars[j] == '\\' { 2 } else { 1 };
    }
    j + 1
}

/// The index after a character literal starting at `i` (`'a'`, `'\n'`, `'\u{1F600}'`);
/// `None` for a lifetime or a label (`'a`, `'static`).
fn char_literal_end(chars: &[char], i: usize) -> Option<usize> {
    match chars.get(i + 1)? {
        '\\' => {
            let close = (i + 3..chars.len().min(i + 14)).find(|&k| chars[k] == '\'')?;
            Some(close + 1)
        }
        _ => (chars.get(i + 2) == Some(&'\'')).then_some(i + 3),
    }
}

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

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_function_in_src_is_longer_than_the_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
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
