//! The server over real sockets: a small site in a scratch folder with a secret file beside
//! it, served on a free port of 127.0.0.1, asked with raw HTTP (so nothing normalises the
//! paths on the way, as curl or a browser would).

use formcheck_serve::{serve, Site};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;

/// A scratch folder holding `site/` (what is served) and `secret.txt` beside it.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("formcheck-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let site = dir.join("site");
    for sub in ["pkg", "ort", "models"] {
        std::fs::create_dir_all(site.join(sub)).expect("scratch site");
    }
    let write = |p: &str, body: &[u8]| std::fs::write(dir.join(p), body).expect("write");
    write(
        "site/index.html",
        b"<!doctype html><title>formcheck</title>",
    );
    write("site/pkg/formcheck_web_bg.wasm", b"\0asm\x01\0\0\0");
    write("site/ort/ort.wasm.min.mjs", b"export const x = 1;");
    write("site/models/pose_detection.onnx", &[7u8; 100_000]);
    write("site/.hidden", b"not part of the site");
    write("secret.txt", b"SECRET beside the site");
    dir
}

/// Starts a server on a free port for the folder's `site/`; returns the port.
fn start(dir: &std::path::Path, isolation: bool) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let site = Arc::new(Site {
        root: dir.join("site"),
        isolation,
        port,
    });
    std::thread::spawn(move || serve(&listener, &site));
    port
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends `raw` as it is and reads the whole answer (the server closes after it).
fn ask_raw(port: u16, raw: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(raw.as_bytes()).expect("send");
    let mut all = Vec::new();
    s.read_to_end(&mut all).expect("read");
    let split = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8(all[..split].to_vec()).expect("text head");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    Reply {
        status,
        head,
        body: all[split + 4..].to_vec(),
    }
}

fn get(port: u16, path: &str) -> Reply {
    ask_raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    )
}

#[test]
fn every_answer_carries_the_isolation_headers_and_the_right_type() {
    let dir = scratch("headers");
    let port = start(&dir, true);
    for (path, mime) in [
        ("/", "text/html; charset=utf-8"),
        ("/?exercise=bridge&mute", "text/html; charset=utf-8"),
        ("/pkg/formcheck_web_bg.wasm", "application/wasm"),
        ("/ort/ort.wasm.min.mjs", "text/javascript; charset=utf-8"),
        ("/models/pose_detection.onnx", "application/octet-stream"),
    ] {
        let r = get(port, path);
        assert_eq!(r.status, 200, "{path}: {}", r.head);
        assert_eq!(r.header("Content-Type"), Some(mime), "{path}");
        assert_eq!(r.header("Cross-Origin-Opener-Policy"), Some("same-origin"));
        assert_eq!(
            r.header("Cross-Origin-Embedder-Policy"),
            Some("require-corp")
        );
        assert_eq!(
            r.header("Cross-Origin-Resource-Policy"),
            Some("same-origin")
        );
        assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"));
        let len: usize = r
            .header("Content-Length")
            .expect("length")
            .parse()
            .expect("n");
        assert_eq!(len, r.body.len(), "{path}");
    }
    assert_eq!(
        get(port, "/models/pose_detection.onnx").body,
        vec![7u8; 100_000]
    );
    // An error answer carries them too (a page's failed fetch is still same-origin).
    let r = get(port, "/missing.js");
    assert_eq!(
        r.header("Cross-Origin-Embedder-Policy"),
        Some("require-corp")
    );
    assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"));

    // --no-isolation: COOP/COEP left out, the rest kept.
    let plain = start(&dir, false);
    let r = get(plain, "/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Cross-Origin-Opener-Policy"), None);
    assert_eq!(r.header("Cross-Origin-Embedder-Policy"), None);
    assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"));
}

#[test]
fn head_answers_without_a_body_and_a_repeat_visit_gets_not_modified() {
    let dir = scratch("head");
    let port = start(&dir, true);
    let r = ask_raw(
        port,
        &format!("HEAD /models/pose_detection.onnx HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Length"), Some("100000"));
    assert!(r.body.is_empty());
    let modified = get(port, "/")
        .header("Last-Modified")
        .expect("dated")
        .to_owned();
    let again = ask_raw(
        port,
        &format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nIf-Modified-Since: {modified}\r\n\r\n"
        ),
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
}

#[test]
fn a_missing_file_or_a_folder_is_not_found() {
    let dir = scratch("missing");
    let port = start(&dir, true);
    for path in ["/nothing.html", "/models", "/models/", "/pkg/none.wasm"] {
        let r = get(port, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(
            String::from_utf8_lossy(&r.body).starts_with("not found"),
            "{path}"
        );
    }
}

#[test]
fn paths_out_of_the_site_are_refused_and_nothing_outside_is_sent() {
    let dir = scratch("traversal");
    let port = start(&dir, true);
    for path in [
        "/../secret.txt",
        "/models/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "//secret.txt",
        "http://127.0.0.1/../secret.txt",
        "/.hidden",
        "/index.html%00",
    ] {
        let r = get(port, path);
        assert_eq!(r.status, 400, "{path}: {}", r.head);
        let body = String::from_utf8_lossy(&r.body);
        assert!(body.starts_with("refused: "), "{path}: {body}");
        assert!(!body.contains("SECRET"), "{path}");
    }
    // An absolute path of the disk is a path inside the site, where there is no such file.
    let r = get(port, &format!("{}/secret.txt", dir.display()));
    assert_eq!(r.status, 404);
    assert!(!String::from_utf8_lossy(&r.body).contains("SECRET"));
}

#[test]
fn only_get_and_head_from_this_computers_names_are_answered() {
    let dir = scratch("methods");
    let port = start(&dir, true);
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = ask_raw(
            port,
            &format!("{method} /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\n\r\nhello"),
        );
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("Allow"), Some("GET, HEAD"));
    }
    // A page elsewhere reaching us through a name it points at 127.0.0.1.
    let r = ask_raw(
        port,
        &format!("GET / HTTP/1.1\r\nHost: rebind.example:{port}\r\n\r\n"),
    );
    assert_eq!(r.status, 421);
    // Garbage is a bad request, not a crash: the server still answers afterwards.
    assert_eq!(ask_raw(port, "HELLO\r\n\r\n").status, 400);
    assert_eq!(get(port, "/").status, 200);
}

#[test]
fn the_server_listens_on_loopback_only() {
    // The binary binds Ipv4Addr::LOCALHOST; check what the program does, not the test's own
    // bind: start it on a free port and see it is not on any other address of this machine.
    let exe = env!("CARGO_BIN_EXE_formcheck-serve");
    let dir = scratch("bind");
    let mut child = std::process::Command::new(exe)
        .args(["--port", "0"])
        .arg(dir.join("site"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start formcheck-serve");
    let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    let mut port = None;
    for _ in 0..2 {
        line.clear();
        std::io::BufRead::read_line(&mut out, &mut line).expect("line");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
        }
    }
    let port = port.expect("the address printed");
    assert_eq!(get(port, "/").status, 200);
    let listening = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let hex_port = format!(":{port:04X}");
    let ours: Vec<&str> = listening
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .nth(1)
                .is_some_and(|a| a.ends_with(&hex_port))
        })
        .filter(|l| l.split_whitespace().nth(3) == Some("0A")) // LISTEN
        .collect();
    child.kill().expect("stop");
    let _ = child.wait();
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert!(
        ours[0]
            .split_whitespace()
            .nth(1)
            .is_some_and(|a| a.starts_with("0100007F:")),
        "{ours:?}"
    );
}
