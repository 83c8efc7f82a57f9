//! Where a value of a JSON text starts: serde_json gives positions only for syntax errors, so a
//! problem found later in an OSCAL catalog (a control without an id) is located by a second,
//! light scan of the same text that follows JSON pointers (`/catalog/groups/0/controls/3`).

use std::collections::{HashMap, HashSet};

/// Lines (1-based) of the values at the wanted JSON pointers. A pointer not found is left out.
/// The scan is iterative and reads the text once; it assumes the text already parsed as JSON.
pub fn lines_of(text: &str, wanted: &HashSet<String>) -> HashMap<String, usize> {
    let mut found = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    // Each open container: its pointer, and for an array the index of the next element, for
    // an object the key just read.
    enum Frame {
        Array(String, usize),
        Object(String, Option<String>),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let bytes = text.as_bytes();
    let (mut i, mut line) = (0, 1);
    // Called where a value starts: its pointer is the parent's plus the key or index.
    let value_pointer = |stack: &mut Vec<Frame>| -> Option<String> {
        match stack.last_mut()? {
            Frame::Array(path, next) => {
                let p = format!("{path}/{next}");
                *next += 1;
                Some(p)
            }
            Frame::Object(path, key) => key.take().map(|k| format!("{path}/{k}")),
        }
    };
    let mut at_value_start = |stack: &mut Vec<Frame>, line: usize| -> String {
        let pointer = value_pointer(stack).unwrap_or_default();
        if wanted.contains(&pointer) {
            found.entry(pointer.clone()).or_insert(line);
        }
        pointer
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'{' | b'[' => {
                let pointer = at_value_start(&mut stack, line);
                stack.push(if bytes[i] == b'{' {
                    Frame::Object(pointer, None)
                } else {
                    Frame::Array(pointer, 0)
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let text = &text[start..i.min(text.len())];
                // A string right after `{` or `,` inside an object is a key.
                let is_key = matches!(stack.last(), Some(Frame::Object(_, None)));
                if is_key {
                    if let Some(Frame::Object(_, key)) = stack.last_mut() {
                        *key = Some(text.replace('~', "~0").replace('/', "~1"));
                    }
                } else {
                    at_value_start(&mut stack, line);
                }
            }
            b' ' | b'\t' | b'\r' | b',' | b':' => {}
            _ => {
                // A number, true, false or null: one value, up to the next delimiter.
                at_value_start(&mut stack, line);
                while i + 1 < bytes.len() && !b",}] \t\r\n".contains(&bytes[i + 1]) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_nested_values() {
        let text = "{\n \"catalog\": {\n  \"groups\": [\n   {\"id\": \"a\"},\n   {\"title\": \"x/y\",\n    \"n\": 1}\n  ]\n }\n}";
        let wanted: HashSet<String> = ["/catalog/groups/1", "/catalog/groups/1/n", "/nope"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let lines = lines_of(text, &wanted);
        assert_eq!(lines.get("/catalog/groups/1"), Some(&5));
        assert_eq!(lines.get("/catalog/groups/1/n"), Some(&6));
        assert_eq!(lines.get("/nope"), None);
    }
}
