//! `tracemark serve`: build, serve the portal on 127.0.0.1, rebuild when sources change, and
//! reload open pages.
//!
//! The built files stay free of scripts: the live-reload script is added to HTML responses
//! only as they are served, as an external file (no inline script).
//!
//! Safe on a developer's laptop: only requests naming `127.0.0.1:PORT` or `localhost:PORT` as
//! their host are answered (another site's page reaching the port through DNS rebinding names
//! its own host); evidence artifacts are downloads, sandboxed and never scripted; a fixed pool
//! of threads with socket timeouts serves requests, so a client that never reads cannot hold
//! the others; the build lives in a private (0700) temporary folder removed on Ctrl-C,
//! SIGTERM and panic.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};

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

/// Threads answering requests (enough that a dozen stalled clients leave room for the rest);
/// more waiting connections than `QUEUE` are closed at once.
const WORKERS: usize = 32;
const QUEUE: usize = 64;
/// How long a client may take to send its request, or to accept one chunk of the response.
const SOCKET_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one response may take in all (a 64 MB file over loopback takes well under 1 s).
const RESPONSE_DEADLINE: Duration = Duration::from_secs(60);
/// The longest request head read.
const MAX_HEAD: usize = 16 * 1024;
/// Where evidence artifacts are in the output.
const ARTIFACTS: &str = "evidence/files";

/// Builds once into a private temporary folder, then serves and rebuilds until the process is
/// stopped. The folder is removed on Ctrl-C, SIGTERM, panic, or any return.
pub fn serve(
    options: &BuildOptions,
    port: u16,
    report: impl Fn(Result<String, Failure>) + Send + 'static,
) -> Result<(), String> {
    let folder = private_folder()?;
    let options = BuildOptions {
        out: folder.path().join("site"),
        ..options.clone()
    };
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
    // Taken before the first build, so a change made while it runs still triggers another.
    let sources = fingerprint(&options.root);
    build();

    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let _debouncer = watch(&options.root, sources, build)?;
    eprintln!("serving http://{address}/ (Ctrl-C to stop)");
    let site = Site {
        out: options.out.clone(),
        port: address.port(),
        version,
    };
    accept(listener, Arc::new(site));
    drop(folder);
    Ok(())
}

/// A temporary folder only the user can read (0700, from `tempfile`), removed when dropped,
/// and by the signal handler and panic hook installed here.
fn private_folder() -> Result<tempfile::TempDir, String> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("tracemark-serve-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let folder = builder
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let path = folder.path().to_path_buf();
    let on_signal = path.clone();
    ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&on_signal);
        std::process::exit(130);
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    // A panic on any thread leaves the preview broken: report it, clean up, and stop.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        let _ = std::fs::remove_dir_all(&path);
        std::process::exit(101);
    }));
    Ok(folder)
}

/// Rebuilds when the sources differ from `last`; the output lives outside them, so no loop.
fn watch(
    root: &Path,
    mut last: Vec<(PathBuf, u64, Option<std::time::SystemTime>)>,
    build: impl Fn() + Send + 'static,
) -> Result<
    notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    String,
> {
    let (sender, events) = mpsc::channel();
    let mut debouncer =
        new_debouncer(Duration::from_millis(200), sender).map_err(|e| e.to_string())?;
    for watched in ["portal.yaml", "content", "templates", "static"] {
        let path = root.join(watched);
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
    let root = root.to_path_buf();
    std::thread::spawn(move || {
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
    Ok(debouncer)
}

/// What the request handlers share: the output folder, the port hosts must name, and the
/// build version pages poll.
struct Site {
    out: PathBuf,
    port: u16,
    version: Arc<AtomicU64>,
}

/// Hands each connection to a fixed pool of workers; when they are all busy and the queue is
/// full, a new connection is closed rather than kept waiting.
fn accept(listener: TcpListener, site: Arc<Site>) {
    let (sender, queue) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let queue = Arc::new(Mutex::new(queue));
    for _ in 0..WORKERS {
        let queue = Arc::clone(&queue);
        let site = Arc::clone(&site);
        std::thread::spawn(move || {
            loop {
                let next = queue.lock().map(|q| q.recv());
                let Ok(Ok(stream)) = next else { return };
                // A client that went away or timed out is not our problem.
                let _ = handle(stream, &site);
            }
        });
    }
    for stream in listener.incoming().flatten() {
        let _ = sender.try_send(stream);
    }
}

/// Reads one request, answers it and closes the connection.
fn handle(mut stream: TcpStream, site: &Site) -> std::io::Result<()> {
    stream.set_read_timeout(Some(SOCKET_TIMEOUT))?;
    stream.set_write_timeout(Some(SOCKET_TIMEOUT))?;
    let reply = match read_head(&mut stream)? {
        Head::Request {
            method,
            target,
            host,
        } => answer(site, &method, &target, host.as_deref()),
        Head::Malformed => Reply::text(400, "bad request"),
        Head::TooLarge => Reply::text(431, "request head too large"),
        Head::Closed => return Ok(()),
    };
    reply.send(&mut stream, Instant::now() + RESPONSE_DEADLINE)
}

/// The parts of a request head the server looks at.
enum Head {
    Request {
        method: String,
        target: String,
        host: Option<String>,
    },
    Malformed,
    TooLarge,
    Closed,
}

/// Reads until the end of the request head (a GET has no body worth reading).
fn read_head(stream: &mut TcpStream) -> std::io::Result<Head> {
    let mut buffer = vec![0u8; MAX_HEAD];
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            return Ok(Head::TooLarge);
        }
        let n = stream.read(&mut buffer[filled..])?;
        if n == 0 {
            return Ok(Head::Closed);
        }
        filled += n;
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buffer[..filled]) {
            Ok(httparse::Status::Complete(_)) => {
                let host = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("host"))
                    .and_then(|h| std::str::from_utf8(h.value).ok())
                    .map(str::to_string);
                return Ok(Head::Request {
                    method: request.method.unwrap_or_default().to_string(),
                    target: request.path.unwrap_or_default().to_string(),
                    host,
                });
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Ok(Head::TooLarge),
            Err(_) => return Ok(Head::Malformed),
        }
    }
}

/// Whether a `Host` header names this server on loopback (`127.0.0.1:PORT`, `localhost:PORT`).
fn allowed_host(host: &str, port: u16) -> bool {
    let Some((name, host_port)) = host.trim().rsplit_once(':') else {
        return false;
    };
    host_port == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// The reply to a parsed request.
fn answer(site: &Site, method: &str, target: &str, host: Option<&str>) -> Reply {
    if !host.is_some_and(|h| allowed_host(h, site.port)) {
        return Reply::text(
            403,
            "forbidden: this preview answers only to 127.0.0.1 and localhost",
        );
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Reply::text(405, "method not allowed").header("Allow", "GET, HEAD"),
    };
    let reply = respond(&site.out, target, site.version.load(Ordering::SeqCst));
    if head_only {
        reply.without_body()
    } else {
        reply
    }
}

/// What a response sends after its headers.
enum Body {
    Bytes(Vec<u8>),
    File(File, u64),
}

/// A response: status, headers and body.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
    send_body: bool,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Body) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body,
            send_body: true,
        }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            Body::Bytes(text.as_bytes().to_vec()),
        )
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    fn without_body(mut self) -> Reply {
        self.send_body = false;
        self
    }

    #[cfg(test)]
    fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Writes the reply, giving up at `deadline` (each write also times out on its own).
    fn send(self, stream: &mut TcpStream, deadline: Instant) -> std::io::Result<()> {
        let length = match &self.body {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, size) => *size,
        };
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {length}\r\nConnection: close\r\n\r\n"
        ));
        stream.write_all(head.as_bytes())?;
        if !self.send_body {
            return Ok(());
        }
        match self.body {
            Body::Bytes(bytes) => write_before(stream, &bytes, deadline),
            Body::File(mut file, _) => {
                let mut chunk = vec![0u8; 64 * 1024];
                loop {
                    let n = file.read(&mut chunk)?;
                    if n == 0 {
                        return Ok(());
                    }
                    write_before(stream, &chunk[..n], deadline)?;
                }
            }
        }
    }
}

/// Writes in pieces, failing once `deadline` has passed.
fn write_before(stream: &mut TcpStream, bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    for piece in bytes.chunks(64 * 1024) {
        if Instant::now() > deadline {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "response took too long",
            ));
        }
        stream.write_all(piece)?;
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    }
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

/// The response for a request target, serving files of the output directory only.
fn respond(out: &Path, target: &str, version: u64) -> Reply {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__tracemark/version" => {
            return Reply::text(200, &version.to_string());
        }
        "/__tracemark/livereload.js" => {
            return Reply::new(
                200,
                "text/javascript; charset=utf-8",
                Body::Bytes(LIVERELOAD.as_bytes().to_vec()),
            );
        }
        _ => {}
    }
    let not_found = || Reply::text(404, "not found");
    let Some((file, relative)) = local_path(out, path) else {
        return not_found();
    };
    if is_artifact(&relative) {
        return match open(&file) {
            Some((handle, size)) => artifact(&relative, handle, size),
            None => not_found(),
        };
    }
    let kind = content_type(&file);
    match std::fs::read(&file) {
        Ok(bytes) if kind.starts_with("text/html") => {
            let html = String::from_utf8_lossy(&bytes).replacen(
                "</body>",
                &format!("{SCRIPT_TAG}</body>"),
                1,
            );
            Reply::new(200, kind, Body::Bytes(html.into_bytes()))
        }
        Ok(bytes) => Reply::new(200, kind, Body::Bytes(bytes)),
        Err(_) => not_found(),
    }
}

/// An open file and its size.
fn open(file: &Path) -> Option<(File, u64)> {
    let handle = File::open(file).ok()?;
    let size = handle.metadata().ok()?.len();
    Some((handle, size))
}

/// Whether a path in the output is an evidence artifact: a file someone else wrote.
fn is_artifact(relative: &Path) -> bool {
    relative.starts_with(ARTIFACTS)
}

/// An evidence artifact as a download: never rendered in the portal's origin, never sniffed,
/// sandboxed even if opened, and without the reload script.
fn artifact(relative: &Path, file: File, size: u64) -> Reply {
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Reply::new(200, "application/octet-stream", Body::File(file, size))
        .header("Content-Disposition", content_disposition(&name))
        .header(
            "Content-Security-Policy",
            "sandbox; default-src 'none'; frame-ancestors 'none'",
        )
}

/// `attachment` with an ASCII fallback name and the exact name percent-encoded (RFC 6266).
fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// Maps a URL path to a file under `out` and its path relative to `out`; `None` for anything
/// that would leave it.
fn local_path(out: &Path, url_path: &str) -> Option<(PathBuf, PathBuf)> {
    let decoded = percent_decode(url_path)?;
    let mut relative = PathBuf::from(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    if out.join(&relative).is_dir() {
        relative.push("index.html");
    }
    let file = out.join(&relative);
    file.is_file().then_some((file, relative))
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

    fn body(reply: Reply) -> String {
        match reply.body {
            Body::Bytes(bytes) => String::from_utf8(bytes).unwrap(),
            Body::File(mut file, _) => {
                let mut text = String::new();
                file.read_to_string(&mut text).unwrap();
                text
            }
        }
    }

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
        let reply = respond(dir.path(), "/index.html", 3);
        assert_eq!(body(reply), format!("<body>x{SCRIPT_TAG}</body>"));
    }

    #[test]
    fn artifacts_are_sandboxed_downloads_without_the_script() {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("evidence/files");
        std::fs::create_dir_all(&files).unwrap();
        std::fs::write(files.join("r\"e\u{e9}\r.html"), "<body>x</body>").unwrap();
        let reply = respond(dir.path(), "/evidence/files/r%22e%C3%A9%0D.html", 1);
        assert_eq!(
            reply.header_value("Content-Type"),
            Some("application/octet-stream")
        );
        assert_eq!(
            reply.header_value("Content-Disposition"),
            Some("attachment; filename=\"r_e__.html\"; filename*=UTF-8''r%22e%C3%A9%0D.html")
        );
        assert_eq!(
            reply.header_value("X-Content-Type-Options"),
            Some("nosniff")
        );
        assert!(
            reply
                .header_value("Content-Security-Policy")
                .is_some_and(|c| c.starts_with("sandbox"))
        );
        assert_eq!(body(reply), "<body>x</body>");
    }

    #[test]
    fn only_loopback_hosts_on_our_port() {
        assert!(allowed_host("127.0.0.1:4000", 4000));
        assert!(allowed_host("localhost:4000", 4000));
        assert!(allowed_host("LocalHost:4000", 4000));
        assert!(!allowed_host("localhost:4001", 4000));
        assert!(!allowed_host("localhost", 4000));
        assert!(!allowed_host("evil.example:4000", 4000));
        assert!(!allowed_host("127.0.0.1.evil.example:4000", 4000));
        assert!(!allowed_host("[::1]:4000", 4000));
    }
}
