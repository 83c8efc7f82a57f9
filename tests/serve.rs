//! `tracemark serve` serves the portal on loopback and rebuilds when a source changes.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::small_portal;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serves_on_loopback_and_rebuilds_on_change() {
    let f = small_portal();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .args([
            "serve",
            "--root",
            f.root().to_str().unwrap(),
            "--port",
            "0",
            "--today",
            "2026-11-28",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let address = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve prints its address");
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    let (status, body) = get(&address, "/index.html");
    assert_eq!(status, 200);
    assert!(body.contains("Fixture Portal") && body.contains("/__tracemark/livereload.js"));
    assert_eq!(get(&address, "/../../etc/passwd").0, 404);
    let (_, first) = get(&address, "/__tracemark/version");

    f.write(
        "content/pages/new.md",
        "---\ntitle: Freshly added page\n---\nHello\n",
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body) = get(&address, "/pages/new.html");
        if status == 200 && body.contains("Freshly added page") {
            break;
        }
        assert!(Instant::now() < deadline, "no rebuild within 30 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (_, after) = get(&address, "/__tracemark/version");
    assert_ne!(after, first, "version moves so pages reload");
    // The build's own reading of the sources must not trigger another build.
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(
        get(&address, "/__tracemark/version").1,
        after,
        "idle server keeps rebuilding"
    );
    drop(server);
}
