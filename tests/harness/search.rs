//! Reading a build's sharded search index (`search/*.js`): each file is
//! `window.TRACEMARK_SEARCH_PART("<name>",JSON.parse('<json>'));`.

use std::path::Path;

use serde_json::Value;

/// The JSON of one file of the index (`index`, `t0`, `d3`...), unescaped as JavaScript would.
pub fn search_part(out: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(out.join(format!("search/{name}.js")))
        .unwrap_or_else(|e| panic!("search/{name}.js: {e}"));
    let literal = text
        .trim_end()
        .strip_prefix(&format!(
            "window.TRACEMARK_SEARCH_PART(\"{name}\",JSON.parse('"
        ))
        .and_then(|s| s.strip_suffix("'));"))
        .expect("a JSON.parse of one string literal");
    let mut json = String::with_capacity(literal.len());
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            json.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                json.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some(other) => json.push(other),
            None => panic!("dangling escape"),
        }
    }
    serde_json::from_str(&json).unwrap()
}

/// Every file of the index by name, and the manifest under `index`.
pub fn search_names(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".js").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Every search document as results show it: `[title, url, kind, ids, snippet, rank]`, in
/// document order.
pub fn search_docs(out: &Path) -> Vec<Value> {
    let manifest = search_part(out, "index");
    let count = manifest["documents"].as_u64().unwrap() as usize;
    let per = manifest["shown"].as_u64().unwrap() as usize;
    let runs = manifest["ranks"].as_array().unwrap().clone();
    (0..count.div_ceil(per))
        .flat_map(|k| {
            search_part(out, &format!("d{k}"))
                .as_array()
                .unwrap()
                .clone()
        })
        .enumerate()
        .map(|(doc, mut d)| {
            let run = runs.iter().rfind(|r| r[0].as_u64() <= Some(doc as u64));
            d.as_array_mut().unwrap().push(run.unwrap()[1].clone());
            d
        })
        .collect()
}

/// The words of the index (after the pipeline: lowercased, stemmed), each with its postings
/// per field (`[title, ids, body]`, flat numbers as the file holds them).
pub fn search_words(out: &Path) -> Vec<Value> {
    search_names(out)
        .iter()
        .filter(|n| n.starts_with('t'))
        .flat_map(|n| search_part(out, n).as_array().unwrap().clone())
        .collect()
}

/// Every file of the index as text, joined: for what must (not) be in it anywhere.
pub fn search_text(out: &Path) -> String {
    search_names(out)
        .iter()
        .map(|n| std::fs::read_to_string(out.join(format!("search/{n}.js"))).unwrap())
        .collect()
}
