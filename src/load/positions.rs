//! Where every value of a YAML text is: a second, event-level parse of the same text that maps
//! a path like `risks[3].controls[1]` to its line and column.
//!
//! serde_yaml gives positions only for syntax errors; a reference that does not resolve is found
//! much later, on plain data. This index lets every later stage point at a value's own line and
//! column. The walk is iterative (no recursion on nesting depth) and never expands aliases.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Whether the value is a block scalar (`|` or `>`), whose text starts on the next line.
    pub block: bool,
    /// Whether the value is quoted, so its text starts one column after `column`.
    pub quoted: bool,
}

/// The positions of every value (and mapping key) of one YAML text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Positions {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

enum Frame {
    Sequence {
        path: String,
        next: usize,
    },
    Mapping {
        path: String,
        key: Option<String>,
    },
    /// A complex (non-scalar) mapping key: nothing inside it is indexed.
    Ignored {
        depth: usize,
    },
}

impl Positions {
    /// Indexes a YAML text. `line_offset` is added to every line (front matter starts on the
    /// second line of its file). A syntax error stops the walk: what was indexed is kept.
    pub fn of(text: &str, line_offset: usize) -> Positions {
        let mut positions = Positions::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut documents = 0;
        // YAML also breaks lines at a lone `\r`; diagnostics count lines split at `\n`. Keep
        // every position on a line that exists (found by the property tests).
        let last_line = text.split('\n').count() + line_offset;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let line = span.start.line() + line_offset;
            let pos = Pos {
                line: line.min(last_line),
                column: if line > last_line {
                    1
                } else {
                    span.start.col() + 1
                },
                block: matches!(
                    event,
                    Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..)
                ),
                quoted: matches!(
                    event,
                    Event::Scalar(_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, ..)
                ),
            };
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        break; // serde_yaml rejects multi-document files; index the first
                    }
                }
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Ignored { .. }) = stack.last() {
                        continue;
                    }
                    if let Some(Frame::Mapping { path, key }) = stack.last_mut()
                        && key.is_none()
                    {
                        let name = value.into_owned();
                        positions.keys.insert(join_key(path, &name), pos);
                        *key = Some(name);
                        continue;
                    }
                    let path = next_path(&mut stack);
                    positions.values.insert(path, pos);
                }
                Event::Alias(_) => {
                    if let Some(Frame::Ignored { .. }) = stack.last() {
                        continue;
                    }
                    if let Some(Frame::Mapping { key, .. }) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some(String::from("*"));
                        continue;
                    }
                    let path = next_path(&mut stack);
                    positions.values.insert(path, pos);
                }
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    match stack.last_mut() {
                        Some(Frame::Ignored { depth }) => {
                            *depth += 1;
                            continue;
                        }
                        Some(Frame::Mapping { key, .. }) if key.is_none() => {
                            *key = Some(String::from("?"));
                            stack.push(Frame::Ignored { depth: 1 });
                            continue;
                        }
                        _ => {}
                    }
                    let path = next_path(&mut stack);
                    positions.values.insert(path.clone(), pos);
                    stack.push(if is_map {
                        Frame::Mapping { path, key: None }
                    } else {
                        Frame::Sequence { path, next: 0 }
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some(Frame::Ignored { depth }) = stack.last_mut() {
                        *depth -= 1;
                        if *depth > 0 {
                            continue;
                        }
                    }
                    stack.pop();
                }
                _ => {}
            }
        }
        positions
    }

    /// The position of the value at `path`, or of its nearest indexed ancestor.
    pub fn value(&self, path: &str) -> Option<Pos> {
        let mut path = path;
        loop {
            if let Some(pos) = self.values.get(path) {
                return Some(*pos);
            }
            path = parent(path)?;
        }
    }

    /// The position of the key naming the value at `path` (`risks[0].owenr` -> `owenr:`), else
    /// of the nearest indexed ancestor value.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }

    /// Whether nothing was indexed.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The path of the node starting now, from the frame on top of the stack; advances the frame.
fn next_path(stack: &mut [Frame]) -> String {
    match stack.last_mut() {
        None => String::new(),
        Some(Frame::Sequence { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            p
        }
        Some(Frame::Mapping { path, key }) => {
            let name = key.take().unwrap_or_default();
            join_key(path, &name)
        }
        Some(Frame::Ignored { .. }) => String::new(),
    }
}

/// `a` + `b` -> `a.b`; `` + `b` -> `b`; `a` + `` -> `a`.
pub fn join_key(path: &str, key: &str) -> String {
    if key.is_empty() {
        path.to_string()
    } else if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `a.b[2]` -> `a.b`; `a.b` -> `a`; `a` -> ``; `` -> None.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']')
        && let Some(open) = path.rfind('[')
    {
        return Some(&path[..open]);
    }
    Some(path.rfind('.').map_or("", |dot| &path[..dot]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_values_keys_and_list_items() {
        let text = "risks:\n  - id: A\n    controls: [x, y]\n    residual: { likelihood: 2 }\n  - id: B\n    owenr: z\n";
        let p = Positions::of(text, 0);
        let at = |path: &str| p.value(path).map(|p| (p.line, p.column));
        assert_eq!(at("risks[0]"), Some((2, 5)));
        assert_eq!(at("risks[0].id"), Some((2, 9)));
        assert_eq!(at("risks[0].controls[1]"), Some((3, 19)));
        assert_eq!(at("risks[0].residual.likelihood"), Some((4, 29)));
        assert_eq!(at("risks[1].id"), Some((5, 9)));
        let key = p.key("risks[1].owenr").unwrap();
        assert_eq!((key.line, key.column), (6, 5));
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(at("risks[1].nothing[3]"), Some((5, 5)));
    }

    #[test]
    fn offsets_lines_and_marks_block_scalars() {
        let p = Positions::of("id: X\ndescription: |\n  text\n", 1);
        assert_eq!(p.value("id").unwrap().line, 2);
        let d = p.value("description").unwrap();
        assert!(d.block);
        assert_eq!(d.line, 4, "a block scalar starts on its first text line");
    }

    #[test]
    fn survives_complex_keys_aliases_and_bad_syntax() {
        let p = Positions::of("a: &x [1]\nb: *x\n? [k]\n: v\nc: 1\n", 0);
        assert_eq!(p.value("b").unwrap().line, 2);
        assert_eq!(p.value("c").unwrap().line, 5);
        let bad = Positions::of("a: 1\nb: [\n", 0);
        assert_eq!(bad.value("a").unwrap().line, 1);
        let cr = Positions::of("a: 1\rb: 2\rc: 3\n", 0);
        assert!(cr.value("c").unwrap().line <= 2);
        let deep = "[".repeat(10_000);
        let _ = Positions::of(&deep, 0);
    }
}
