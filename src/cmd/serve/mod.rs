//! `tracemark serve`: build, serve the portal on 127.0.0.1, rebuild when sources change, and
//! reload open pages.
//!
//! The built files stay free of scripts: the live-reload script is added to HTML responses
//! only as they are served, as an external file (no inline script).
//!
//! Safe on a developer's laptop: only requests naming `127.0.0.1:PORT` or `localhost:PORT` as
//! their host are answered (another site's page reaching the port through DNS rebinding names
//! its own host); evidence artifacts are downloads, sandboxed and never scripted (tested in
//! `tests/cli/serve.rs` through `assert_sandboxed`); a fixed pool
//! of threads with socket timeouts serves requests, so a client that never reads cannot hold
//! the others; the build lives in a private (0700) temporary folder removed on Ctrl-C,
//! SIGTERM and panic.

mod outputs;
mod preview;
mod sources;

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};

use crate::{BuildOptions, Failure};
use preview::Preview;

/// The script that reloads a page when it (or a stylesheet or script) changed. It asks for the
/// page's version and is answered as soon as that version moves (a long poll), so a reload
/// follows a rebuild at once; it asks again after each answer.
const LIVERELOAD: &str = r#"(function () {
  "use strict";
  var page = encodeURIComponent(location.pathname);
  var seen = null;
  function poll() {
    var query = "?page=" + page + (seen === null ? "" : "&after=" + seen);
    fetch("/__tracemark/version" + query, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); return; }
        setTimeout(poll, 100);
      })
      .catch(function () { setTimeout(poll, 1000); });
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
/// How long a page's version request waits for a change before answering anyway, and how
/// many may wait at once (the others are answered at once, so workers stay free).
const LONG_POLL: Duration = Duration::from_secs(20);
const MAX_WAITING: usize = WORKERS / 2;
/// How long the watcher waits for a burst of file events (an editor's save) to end.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// The content type of SVG images, and the policy they are sent with: sandboxed (no script,
/// a unique origin), loading nothing but their own inline styles.
const SVG: &str = "image/svg+xml";
const SVG_POLICY: &str =
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'";
/// Where evidence artifacts are in the output.
const ARTIFACTS: &str = "evidence/files";

/// Builds once into a private temporary folder, then serves and rebuilds what each edit
/// changes until the process is stopped. The folder is removed on Ctrl-C, SIGTERM, panic, or
/// any return.
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
    let versions = Arc::new(Versions::default());
    let out = options.out.clone();
    let root = options.root.clone();
    let preview = Preview::start(options, Arc::clone(&versions), Box::new(report));
    let pages = Arc::clone(&preview);

    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let _debouncer = watch(&root, move || preview.changed())?;
    eprintln!("serving http://{address}/ (Ctrl-C to stop)");
    let site = Site {
        out,
        port: address.port(),
        versions,
        waiting: AtomicUsize::new(0),
        pages,
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

/// Calls `changed` after each burst of file events in the sources; it tells real changes
/// from the build's own reads. The output lives outside the sources, so no loop.
fn watch(
    root: &Path,
    changed: impl Fn() + Send + 'static,
) -> Result<
    notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    String,
> {
    let (sender, events) = mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, sender).map_err(|e| e.to_string())?;
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
    std::thread::spawn(move || {
        for batch in events {
            if batch.is_ok() {
                changed();
            }
        }
    });
    Ok(debouncer)
}

/// What the request handlers share: the output folder, the port hosts must name, the
/// versions pages poll, how many of those polls wait, and which files are pages.
struct Site {
    out: PathBuf,
    port: u16,
    versions: Arc<Versions>,
    waiting: AtomicUsize,
    /// The preview, which knows which output files are the portal's own pages.
    pages: Arc<Preview>,
}

/// When each output file last changed, so that an open page reloads when it (or anything
/// under `assets/`, which every page uses) changed, and only then.
#[derive(Default)]
pub struct Versions {
    table: Mutex<VersionTable>,
    moved: Condvar,
}

#[derive(Default)]
struct VersionTable {
    /// Moves with every change.
    current: u64,
    /// The last whole build.
    everything: u64,
    /// The last change under `assets/`.
    assets: u64,
    /// The last change of each file.
    files: HashMap<String, u64>,
}

impl Versions {
    /// A whole build: every page changed.
    pub fn all_changed(&self) {
        let mut table = self.lock();
        table.current += 1;
        table.everything = table.current;
        table.files.clear();
        drop(table);
        self.moved.notify_all();
    }

    /// These output files (relative paths) changed.
    pub fn changed(&self, paths: &[String]) {
        if paths.is_empty() {
            return;
        }
        let mut table = self.lock();
        table.current += 1;
        let now = table.current;
        for path in paths {
            if path.starts_with("assets/") {
                table.assets = now;
            } else {
                table.files.insert(path.clone(), now);
            }
        }
        drop(table);
        self.moved.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VersionTable> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The version of a page (a relative output path), or of the whole output.
    fn of(table: &VersionTable, page: Option<&str>) -> u64 {
        match page {
            Some(page) => table
                .everything
                .max(table.assets)
                .max(table.files.get(page).copied().unwrap_or(0)),
            None => table.current,
        }
    }

    /// The version of `page` once it differs from `seen`, or after `timeout`.
    fn wait(&self, page: Option<&str>, seen: Option<u64>, timeout: Duration) -> u64 {
        let deadline = Instant::now() + timeout;
        let mut table = self.lock();
        loop {
            let now = Versions::of(&table, page);
            let left = deadline.saturating_duration_since(Instant::now());
            if seen != Some(now) || left.is_zero() {
                return now;
            }
            table = self
                .moved
                .wait_timeout(table, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
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
    let reply = match version_query(&site.out, target) {
        Some((page, seen)) => Reply::text(200, &site.version(page.as_deref(), seen).to_string()),
        None => respond(&site.out, target, &|path| site.pages.is_page(path)),
    };
    if head_only {
        reply.without_body()
    } else {
        reply
    }
}

impl Site {
    /// A page's version; with `seen`, waits (within limits) until it differs.
    fn version(&self, page: Option<&str>, seen: Option<u64>) -> u64 {
        let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
        let timeout = if seen.is_some() && waiting < MAX_WAITING {
            LONG_POLL
        } else {
            Duration::ZERO
        };
        let version = self.versions.wait(page, seen, timeout);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        version
    }
}

/// For `/__tracemark/version?page=/x.html&after=N`: the page as an output path (`None` for
/// the whole output) and the version the client has seen. `None` for any other target.
fn version_query(out: &Path, target: &str) -> Option<(Option<String>, Option<u64>)> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != "/__tracemark/version" {
        return None;
    }
    let mut page = None;
    let mut seen = None;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("page", value)) => {
                page = percent_decode(value)
                    .and_then(|p| local_path(out, &p))
                    .map(|(_, relative)| relative.to_string_lossy().replace('\\', "/"));
            }
            Some(("after", value)) => seen = value.parse().ok(),
            _ => {}
        }
    }
    Some((page, seen))
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

/// The response for a request target, serving files of the output directory only; the reload
/// script goes only into the pages the portal generated (`own_page`, by output path).
fn respond(out: &Path, target: &str, own_page: &dyn Fn(&str) -> bool) -> Reply {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == "/__tracemark/livereload.js" {
        return Reply::new(
            200,
            "text/javascript; charset=utf-8",
            Body::Bytes(LIVERELOAD.as_bytes().to_vec()),
        );
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
    let page = || own_page(&relative.to_string_lossy().replace('\\', "/"));
    match std::fs::read(&file) {
        Ok(bytes) if kind.starts_with("text/html") && page() => {
            let html = String::from_utf8_lossy(&bytes).replacen(
                "</body>",
                &format!("{SCRIPT_TAG}</body>"),
                1,
            );
            Reply::new(200, kind, Body::Bytes(html.into_bytes()))
        }
        // An SVG is a document that could run script if opened on its own: sandboxed, as
        // evidence is, though it was sanitised when written.
        Ok(bytes) if kind == SVG => {
            Reply::new(200, kind, Body::Bytes(bytes)).header("Content-Security-Policy", SVG_POLICY)
        }
        // Any other HTML (a file under `static/`) is sent as it is, without the script.
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
        "svg" => SVG,
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
        let reply = respond(dir.path(), "/index.html", &|_| true);
        assert_eq!(body(reply), format!("<body>x{SCRIPT_TAG}</body>"));
    }

    #[test]
    fn only_the_portal_s_own_pages_get_the_reload_script() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.html"), "<body>x</body>").unwrap();
        std::fs::write(dir.path().join("theirs.html"), "<body>y</body>").unwrap();
        let own = |path: &str| path == "mine.html";
        assert!(body(respond(dir.path(), "/mine.html", &own)).contains(SCRIPT_TAG));
        let other = respond(dir.path(), "/theirs.html", &own);
        assert_eq!(body(other), "<body>y</body>");
    }

    /// A reply the browser may not sniff into a page, nor run in the portal's origin.
    fn assert_sandboxed(reply: &Reply) {
        assert_eq!(
            reply.header_value("X-Content-Type-Options"),
            Some("nosniff")
        );
        assert!(
            reply
                .header_value("Content-Security-Policy")
                .is_some_and(|c| c.starts_with("sandbox"))
        );
    }

    #[test]
    fn svg_images_are_sandboxed_and_never_scripted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pages")).unwrap();
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><body></body></svg>";
        std::fs::write(dir.path().join("pages/d.svg"), svg).unwrap();
        // Even were it taken for a page, an SVG gets no script.
        let reply = respond(dir.path(), "/pages/d.svg", &|_| true);
        assert_eq!(reply.header_value("Content-Type"), Some("image/svg+xml"));
        assert_sandboxed(&reply);
        assert!(
            reply
                .header_value("Content-Security-Policy")
                .is_some_and(|c| c.starts_with("sandbox;") && c.contains("default-src 'none'"))
        );
        assert_eq!(body(reply), svg);
    }

    #[test]
    fn artifacts_are_sandboxed_downloads_without_the_script() {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("evidence/files");
        std::fs::create_dir_all(&files).unwrap();
        std::fs::write(files.join("r\"e\u{e9}\r.html"), "<body>x</body>").unwrap();
        let reply = respond(dir.path(), "/evidence/files/r%22e%C3%A9%0D.html", &|_| true);
        assert_eq!(
            reply.header_value("Content-Type"),
            Some("application/octet-stream")
        );
        assert_eq!(
            reply.header_value("Content-Disposition"),
            Some("attachment; filename=\"r_e__.html\"; filename*=UTF-8''r%22e%C3%A9%0D.html")
        );
        assert_sandboxed(&reply);
        assert_eq!(body(reply), "<body>x</body>");
    }

    #[test]
    fn a_page_s_version_moves_with_its_file_or_the_assets_only() {
        let versions = Versions::default();
        versions.all_changed();
        let page = |p| Versions::of(&versions.lock(), Some(p));
        let (a, b) = (page("a.html"), page("b.html"));
        versions.changed(&["a.html".to_string(), "print.html".to_string()]);
        assert_ne!(page("a.html"), a);
        assert_eq!(page("b.html"), b);
        versions.changed(&["assets/style.css".to_string()]);
        assert_ne!(page("b.html"), b);
        // A waiting poll is answered as soon as its page changes.
        let seen = page("b.html");
        std::thread::scope(|s| {
            let waiter = s.spawn(|| versions.wait(Some("b.html"), Some(seen), LONG_POLL));
            std::thread::sleep(Duration::from_millis(50));
            versions.changed(&["b.html".to_string()]);
            assert_ne!(waiter.join().unwrap(), seen);
        });
    }

    #[test]
    fn reads_the_version_query() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("policies")).unwrap();
        std::fs::write(dir.path().join("policies/P 1.html"), "x").unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        let query = |t| version_query(dir.path(), t);
        assert_eq!(
            query("/__tracemark/version?page=%2Fpolicies%2FP%25201.html&after=7"),
            Some((Some("policies/P 1.html".to_string()), Some(7)))
        );
        assert_eq!(
            query("/__tracemark/version?page=%2F"),
            Some((Some("index.html".to_string()), None))
        );
        assert_eq!(query("/__tracemark/version"), Some((None, None)));
        assert_eq!(query("/index.html?page=x"), None);
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
