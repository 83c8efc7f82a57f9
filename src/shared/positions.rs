//! Where every value of a YAML text is: a second, event-level parse of the same text that maps
//! a path like `risks[3].controls[1]` to its line and column.
//!
//! serde_yaml gives positions only for syntax errors; a reference that does not resolve is found
//! much later, on plain data. This index lets every later stage point at a value's own line and
//! column. The walk is iterative (no recursion on nesting depth) and never expands aliases.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};
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
    values: PathMap,
    keys: PathMap,
}

/// Paths to positions, compactly: one string holds every path, and a hash table of entry
/// numbers finds them. A register of 100,000 entries has millions of paths; a `String` and
/// a map slot each would double the memory of the whole load.
#[derive(Debug, Default, Clone)]
struct PathMap {
    /// Every path, one after another.
    text: String,
    /// Where each path ends in `text` (it starts where the previous one ends), and its position.
    entries: Vec<(u32, Pos)>,
    /// Entry numbers, by the hash of their path.
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl PartialEq for PathMap {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.entries == other.entries
    }
}

impl Eq for PathMap {}

impl PathMap {
    /// Sets the position of `path` (a later value for the same path wins, as in a map).
    fn insert(&mut self, path: &str, pos: Pos) {
        let hash = self.hasher.hash_one(path);
        let Self {
            text,
            entries,
            table,
            hasher,
        } = self;
        if let Some(&n) = table.find(hash, |&n| path_of(text, entries, n) == path) {
            entries[n as usize].1 = pos;
            return;
        }
        // A YAML text over 4 GB cannot be read in the first place: offsets fit in u32.
        let n = entries.len() as u32;
        text.push_str(path);
        entries.push((text.len() as u32, pos));
        table.insert_unique(hash, n, |&m| hasher.hash_one(path_of(text, entries, m)));
    }

    /// The position of exactly `path`.
    fn get(&self, path: &str) -> Option<Pos> {
        let hash = self.hasher.hash_one(path);
        self.table
            .find(hash, |&n| path_of(&self.text, &self.entries, n) == path)
            .map(|&n| self.entries[n as usize].1)
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The path of entry `n` of a [`PathMap`]: it starts where the previous one ends.
fn path_of<'a>(text: &'a str, entries: &[(u32, Pos)], n: u32) -> &'a str {
    let n = n as usize;
    let start = if n == 0 { 0 } else { entries[n - 1].0 as usize };
    &text[start..entries[n].0 as usize]
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
                        positions.keys.insert(&join_key(path, &name), pos);
                        *key = Some(name);
                        continue;
                    }
                    let path = next_path(&mut stack);
                    positions.values.insert(&path, pos);
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
                    positions.values.insert(&path, pos);
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
                    positions.values.insert(&path, pos);
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

    /// The lines where the items of the list under the top-level `key` start: the lines
    /// [`Positions::of`] gives `key[0]`, `key[1]`..., found without building a path for every
    /// value (a register's entries need their own line; its other positions are read later,
    /// when a diagnostic needs one).
    pub fn item_lines(text: &str, key: &str) -> Vec<usize> {
        let last_line = text.split('\n').count();
        let mut lines = Vec::new();
        // Open collections around the next node; whether the root is a mapping; whether the
        // next node at depth 1 is a key; whether that key is `key`; whether the list is open.
        let (mut depth, mut root_mapping, mut at_key, mut wanted, mut inside) =
            (0usize, false, true, false, false);
        let mut documents = 0;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let opens = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        break;
                    }
                }
                Event::Scalar(..)
                | Event::Alias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..) => {
                    if depth == 0 {
                        root_mapping = matches!(event, Event::MappingStart(..));
                    } else if depth == 1 && root_mapping {
                        if at_key {
                            wanted = matches!(&event, Event::Scalar(v, ..) if v == key);
                        } else if wanted && matches!(event, Event::SequenceStart(..)) {
                            // A later list under the same key wins, as in a map.
                            lines.clear();
                            inside = true;
                        }
                        at_key = !at_key;
                    } else if depth == 2 && inside {
                        lines.push(span.start.line().min(last_line));
                    }
                    if opens {
                        depth += 1;
                    }
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    depth = depth.saturating_sub(1);
                    if depth == 1 {
                        inside = false;
                    }
                }
                _ => {}
            }
        }
        lines
    }

    /// The position of the value at `path`, or of its nearest indexed ancestor.
    pub fn value(&self, path: &str) -> Option<Pos> {
        let mut path = path;
        loop {
            if let Some(pos) = self.values.get(path) {
                return Some(pos);
            }
            path = parent(path)?;
        }
    }

    /// The position of the key naming the value at `path` (`risks[0].owenr` -> `owenr:`), else
    /// of the nearest indexed ancestor value.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).or_else(|| self.value(path))
    }

    /// Whether nothing was indexed.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The positions of one source file's values, as an entity's [`Source`](crate::model::Source)
/// keeps them: a small file's are computed when it is read; a register's (millions of paths at
/// 100,000 entries, the largest part of a loaded model) are computed again from the file only
/// when a diagnostic asks where one of its values is, then kept for the next one.
#[derive(Debug)]
pub struct SourcePositions {
    /// The file to read again, or none when the positions were given at once.
    file: Option<std::path::PathBuf>,
    /// The positions of the file's text: of all of it (a register), or of a part (a
    /// document's front matter).
    read: fn(&str) -> Positions,
    positions: std::sync::OnceLock<Positions>,
}

/// The positions of a whole YAML text.
fn whole_yaml(text: &str) -> Positions {
    Positions::of(text, 0)
}

impl SourcePositions {
    /// Positions already computed.
    pub fn known(positions: Positions) -> SourcePositions {
        SourcePositions {
            file: None,
            read: whole_yaml,
            positions: std::sync::OnceLock::from(positions),
        }
    }

    /// The positions of the whole YAML text of `file` (a path the process can open), computed
    /// from the file when first asked for. The file must still hold the text that was loaded:
    /// the build reads each source once and holds it unchanged (`--at` reads from a folder it
    /// keeps until the build ends).
    pub fn on_demand(file: std::path::PathBuf) -> SourcePositions {
        SourcePositions::on_demand_with(file, whole_yaml)
    }

    /// [`Self::on_demand`], with the positions `read` finds in the file's text (a document's
    /// front matter, found in the whole file).
    pub fn on_demand_with(
        file: std::path::PathBuf,
        read: fn(&str) -> Positions,
    ) -> SourcePositions {
        SourcePositions {
            file: Some(file),
            read,
            positions: std::sync::OnceLock::new(),
        }
    }

    /// The positions, read now if they were not known yet; an empty table when the file
    /// cannot be read any more (locations then fall back to the entity's own line).
    pub fn get(&self) -> &Positions {
        self.positions.get_or_init(|| {
            let Some(file) = &self.file else {
                return Positions::default();
            };
            let Ok(bytes) = std::fs::read(file) else {
                return Positions::default();
            };
            // As `load::source::read_text` reads it: without a byte order mark.
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) => (self.read)(text),
                Err(_) => Positions::default(),
            }
        })
    }

    /// [`Positions::value`], reading the file first if needed.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.get().value(path)
    }

    /// [`Positions::key`], reading the file first if needed.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.get().key(path)
    }

    /// Whether the positions are held in memory now (for tests of the on-demand reading).
    pub fn is_computed(&self) -> bool {
        self.positions.get().is_some()
    }
}

impl PartialEq for SourcePositions {
    /// Two sources read from the same file locate alike; positions given at once compare by
    /// value.
    fn eq(&self, other: &Self) -> bool {
        match (&self.file, &other.file) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.positions.get() == other.positions.get(),
            _ => false,
        }
    }
}

impl Eq for SourcePositions {}

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
    fn item_lines_are_the_lines_of_the_list_items_as_indexed() {
        let texts = [
            "risks:\n  - id: A\n    controls: [x, y]\n  - id: B\n  - |\n    text\n  - [1, 2]\n  - *x\nother: [1]\n",
            "other:\n  risks: [1]\nrisks: [a, {b: 1},\n  c]\n",
            "? [risks]\n: [1]\nrisks:\n- a\n- b\n",
            "- a\n- b\n",
            "risks: 1\n",
            "risks:\n  - a\nrisks:\n  - b\n  - c\n",
            "risks: [a, b\n",
            "risks:\r  - a\r  - b\r",
        ];
        for text in texts {
            let all = Positions::of(text, 0);
            let lines = Positions::item_lines(text, "risks");
            let expected: Vec<usize> = (0..)
                .map_while(|i| all.values.get(&format!("risks[{i}]")).map(|p| p.line))
                .collect();
            assert_eq!(lines, expected, "{text:?}");
        }
        assert_eq!(
            Positions::item_lines("risks:\n  - a\n  - b\n", "risks"),
            [2, 3]
        );
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

    #[test]
    fn the_path_map_finds_every_path_and_keeps_the_last_position_of_a_repeated_one() {
        let mut map = PathMap::default();
        let at = |line| Pos {
            line,
            ..Pos::default()
        };
        for n in 0..5_000 {
            map.insert(&format!("risks[{n}].controls[{}]", n % 7), at(n));
        }
        map.insert("risks[3].controls[3]", at(99_999));
        assert_eq!(map.get("risks[3].controls[3]"), Some(at(99_999)));
        assert_eq!(map.get("risks[4999].controls[1]"), Some(at(4_999)));
        assert_eq!(map.get("risks[0].controls[0]"), Some(at(0)));
        assert_eq!(map.get("risks[0].controls[1]"), None);
        assert_eq!(map.get(""), None);
        assert_eq!(map.entries.len(), 5_000, "a repeated path is one entry");
    }
}
