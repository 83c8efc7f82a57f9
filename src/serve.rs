//! `tracemark serve`: build, serve the portal on 127.0.0.1, rebuild when sources change, and
//! reload open pages.
//!
//! The built files stay free of scripts: the live-reload script is added to HTML responses
//! only as they are served, as an external file (no inline script).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};
use tiny_http::{Header, Response, Server};

use crate::{BuildOptions, Failure};

/// The script that reloads a page when the portal was rebuilt.
const LIVERELOAD: &str = r#"(function () {
  "use strict";
  var seen = null;
  function poll() {
    fetch("/__tracemark/version", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) { if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); } })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

const SCRIPT_TAG: &str = "<script src=\"/__tracemark/livereload.js\"></script>";

/// Builds once, then serves and rebuilds until the process is stopped.
pub fn serve(
    options: &BuildOptions,
    port: u16,
    report: impl Fn(Result<String, Failure>) + Send + 'static,
) -> Result<(), String> {
    let version = Arc::new(AtomicU64::new(0));
    let build = {
        let options = options.clone();
        let version = Arc::clone(&version);
        move || {
            let result = crate::build(&options).map(|r| format!("built {} pages", r.pages));
            if result.is_ok() {
                version.fetch_add(1, Ordering::SeqCst);
            }
            report(result);
        }
    };
    build();

    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    eprintln!("serving http://{address}/ (Ctrl-C to stop)");

    // Rebuild on changes to the sources; the output lives outside them, so no loop.
    let (sender, events) = mpsc::channel();
    let mut debouncer =
        new_debouncer(Duration::from_millis(200), sender).map_err(|e| e.to_string())?;
    for watched in ["portal.yaml", "content", "templates", "static"] {
        let path = options.root.join(watched);
        if path.exists() {
            let mode = if path.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            debouncer
                .watcher()
                .watch(&path, mode)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    // The watcher also reports reads (the build's own), so rebuild only when the sources'
    // names, sizes or modification times really changed.
    let root = options.root.clone();
    std::thread::spawn(move || {
        let mut last = fingerprint(&root);
        for batch in events {
            if batch.is_err() {
                continue;
            }
            let now = fingerprint(&root);
            if now != last {
                last = now;
                build();
            }
        }
    });

    for request in server.incoming_requests() {
        let response = respond(&options.out, request.url(), version.load(Ordering::SeqCst));
        // A client that went away is not our problem.
        let _ = request.respond(response);
    }
    drop(debouncer);
    Ok(())
}

/// A summary of every source file's path, size and modification time.
fn fingerprint(root: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut files = Vec::new();
    for watched in ["portal.yaml", "content", "templates", "static"] {
        for entry in walkdir::WalkDir::new(root.join(watched))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                files.push((entry.into_path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    files
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

/// The response for a URL path, serving files of the output directory only.
fn respond(out: &Path, url: &str, version: u64) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__tracemark/version" => {
            return Response::from_string(version.to_string())
                .with_header(header("Cache-Control", "no-store"));
        }
        "/__tracemark/livereload.js" => {
            return Response::from_string(LIVERELOAD)
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
        }
        _ => {}
    }
    let Some(file) = local_path(out, path) else {
        return Response::from_string("not found").with_status_code(404);
    };
    match std::fs::read(&file) {
        Ok(mut bytes) => {
            let kind = content_type(&file);
            if kind.starts_with("text/html") {
                let html = String::from_utf8_lossy(&bytes).replacen(
                    "</body>",
                    &format!("{SCRIPT_TAG}</body>"),
                    1,
                );
                bytes = html.into_bytes();
            }
            Response::from_data(bytes)
                .with_header(header("Content-Type", kind))
                .with_header(header("Cache-Control", "no-store"))
        }
        Err(_) => Response::from_string("not found").with_status_code(404),
    }
}

/// Maps a URL path to a file under `out`; `None` for anything that would leave it.
fn local_path(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = out.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

/// Decodes `%XX` escapes; `None` for malformed ones or non-UTF-8 results.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "log" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_serves_outside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<body></body>").unwrap();
        assert!(local_path(dir.path(), "/").is_some());
        assert!(local_path(dir.path(), "/../etc/passwd").is_none());
        assert!(local_path(dir.path(), "/%2e%2e/etc/passwd").is_none());
        assert!(local_path(dir.path(), "/missing.html").is_none());
    }

    #[test]
    fn html_gets_the_reload_script_as_an_external_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<body>x</body>").unwrap();
        let mut body = String::new();
        std::io::Read::read_to_string(
            &mut respond(dir.path(), "/index.html", 3).into_reader(),
            &mut body,
        )
        .unwrap();
        assert_eq!(body, format!("<body>x{SCRIPT_TAG}</body>"));
    }
}
