//! `formcheck-serve`: serves formcheck's browser build to this computer only.
//!
//! A static server for one person's own browser: it listens on 127.0.0.1 (never on a
//! network), answers `GET` and `HEAD` for the files under the site's folder and nothing
//! else, and sends the headers the page needs on every answer:
//!
//! - `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy:
//!   require-corp` make the page cross-origin isolated, so onnxruntime-web runs the model on
//!   two threads (`--no-isolation` leaves them out: one thread, to measure what threads give);
//! - `Cross-Origin-Resource-Policy: same-origin` and `X-Content-Type-Options: nosniff`;
//! - the types the page's files need (`application/wasm`, `text/javascript` for `.mjs`).
//!
//! Why std's `TcpListener` and no HTTP crate: what this needs is reading one request head,
//! checking a path and copying one file, then closing the connection — about 200 lines
//! with no dependency, against a crate such as `tiny_http` (and its four dependencies)
//! whose keep-alive, chunked bodies, pipelining and TLS this would not use but would still
//! build, ship and have to trust. Closing after each answer costs a browser one loopback
//! connection per file (the page has a dozen).
//!
//! The request target is checked by [`path::site_path`] before the file system is touched:
//! `..`, `//`, escaped separators, hidden names and absolute URLs are refused. A `Host`
//! other than `127.0.0.1` or `localhost` is refused too, so a web page elsewhere cannot
//! reach this server through a name it points at 127.0.0.1 (DNS rebinding).

mod date;
pub mod path;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The port `formcheck-serve` listens on unless told otherwise (as `web/serve.py` did).
pub const DEFAULT_PORT: u16 = 8700;
/// The longest request head read (request line and headers together).
const MAX_HEAD_BYTES: u64 = 16 * 1024;
/// Connections served at once; more wait their turn with a 503.
const MAX_CONNECTIONS: usize = 64;
/// How long a connection may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a write may stall (a browser tab that stopped reading).
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The headers on every answer (web/serve.py sent the same).
const ISOLATION: [(&str, &str); 2] = [
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Embedder-Policy", "require-corp"),
];
const ALWAYS: [(&str, &str); 2] = [
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("X-Content-Type-Options", "nosniff"),
];

/// What is served and how.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's folder (holds `index.html`).
    pub root: PathBuf,
    /// Whether to send COOP/COEP (cross-origin isolation: the model on two threads).
    pub isolation: bool,
    /// The port listened on (a `Host` naming another port is refused).
    pub port: u16,
}

/// Serves `site` on `listener` until the process ends: one thread per connection, at most
/// [`MAX_CONNECTIONS`] at once.
pub fn serve(listener: &TcpListener, site: &Arc<Site>) {
    let busy = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if busy.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            busy.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
            let _ =
                text(503, "too many connections at once; try again").send(&mut stream, site, false);
            continue;
        }
        let (site, done) = (Arc::clone(site), Arc::clone(&busy));
        let spawned = std::thread::Builder::new()
            .name("connection".into())
            .spawn(move || {
                // A client that goes away mid-answer is normal (a reload); nothing to report.
                let _ = handle(stream, &site);
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            busy.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Answers one connection's request, then closes it.
pub fn handle(mut stream: TcpStream, site: &Site) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let (answer, head_only) = match read_head(&mut reader) {
        Ok(req) => (answer(&req, site), req.method == "HEAD"),
        Err(HeadError::Closed) => return Ok(()),
        Err(HeadError::TooLong) => (text(431, "the request head is too long"), false),
        Err(HeadError::Malformed(why)) => (text(400, why), false),
    };
    answer.send(&mut stream, site, head_only)?;
    stream.flush()?;
    // Closing with unread bytes in the socket would reset the connection and could lose the
    // answer: say we are done, then drain what the client still sends, briefly.
    stream.shutdown(Shutdown::Write)?;
    stream.set_read_timeout(Some(Duration::from_secs(1)))?;
    let _ = io::copy(&mut reader.take(64 * 1024), &mut io::sink());
    Ok(())
}

/// A request head: what this server reads of it.
#[derive(Debug, Default)]
struct Request {
    method: String,
    target: String,
    host: Option<String>,
    if_modified_since: Option<String>,
}

enum HeadError {
    /// The client closed (or stalled) before sending a whole request line.
    Closed,
    TooLong,
    Malformed(&'static str),
}

fn read_head(reader: &mut impl BufRead) -> Result<Request, HeadError> {
    let mut limited = reader.take(MAX_HEAD_BYTES);
    let mut req = Request::default();
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        let n = limited
            .read_until(b'\n', &mut line)
            .map_err(|_| HeadError::Closed)?;
        if !line.ends_with(b"\n") {
            return Err(if n > 0 && limited.limit() == 0 {
                HeadError::TooLong
            } else {
                HeadError::Closed
            });
        }
        let text = std::str::from_utf8(&line)
            .map_err(|_| HeadError::Malformed("the request head is not text"))?
            .trim_end_matches(['\r', '\n']);
        if first {
            let mut parts = text.split(' ');
            let (Some(method), Some(target), Some(version), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(HeadError::Malformed(
                    "the request line is not METHOD PATH HTTP/1.x",
                ));
            };
            if !version.starts_with("HTTP/1.") || method.is_empty() || target.is_empty() {
                return Err(HeadError::Malformed(
                    "the request line is not METHOD PATH HTTP/1.x",
                ));
            }
            req.method = method.to_owned();
            req.target = target.to_owned();
            first = false;
            continue;
        }
        if text.is_empty() {
            return Ok(req);
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(HeadError::Malformed("a header line has no colon"));
        };
        if name.is_empty() || name.starts_with([' ', '\t']) {
            return Err(HeadError::Malformed(
                "a header line is folded or has no name",
            ));
        }
        let value = value.trim().to_owned();
        if name.eq_ignore_ascii_case("host") {
            if req.host.is_some() {
                return Err(HeadError::Malformed("two Host headers"));
            }
            req.host = Some(value);
        } else if name.eq_ignore_ascii_case("if-modified-since") {
            req.if_modified_since = Some(value);
        }
    }
}

/// Whether `host` (a `Host` header) names this server: 127.0.0.1 or localhost, on its port
/// or with none.
fn host_is_ours(host: &str, port: u16) -> bool {
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) => (name, Some(p)),
        None => (host, None),
    };
    let name_ok = name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost");
    name_ok && given_port.is_none_or(|p| p.parse::<u16>() == Ok(port))
}

/// The answer to a well-formed request.
fn answer(req: &Request, site: &Site) -> Answer {
    if req.method != "GET" && req.method != "HEAD" {
        let mut a = text(405, "only GET and HEAD are served");
        a.headers.push(("Allow", "GET, HEAD".into()));
        return a;
    }
    if let Some(host) = &req.host {
        if !host_is_ours(host, site.port) {
            return text(421, "this server answers only to 127.0.0.1 and localhost");
        }
    }
    let rel = match path::site_path(&req.target) {
        Ok(rel) => rel,
        Err(why) => return text(400, &format!("refused: {why}")),
    };
    let file_path = site.root.join(&rel);
    let Some((file, meta)) = open_file(&file_path) else {
        return text(404, &format!("not found: /{}", rel.display()));
    };
    let modified = meta.modified().ok().map(date::http_date);
    let mut headers = vec![("Content-Type", path::mime_type(&rel).to_owned())];
    if let Some(m) = &modified {
        headers.push(("Last-Modified", m.clone()));
    }
    // The same file as the browser's copy: nothing to send (exact match, as nginx does).
    if modified.is_some() && modified == req.if_modified_since {
        return Answer {
            status: 304,
            headers,
            body: Body::Empty,
        };
    }
    Answer {
        status: 200,
        headers,
        body: Body::File(file, meta.len()),
    }
}

/// The regular file at `path` (symlinks followed, as the package links the site's models
/// to the app's), or `None` for anything else.
fn open_file(path: &Path) -> Option<(File, std::fs::Metadata)> {
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    meta.is_file().then_some((file, meta))
}

struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

enum Body {
    Empty,
    Text(String),
    File(File, u64),
}

/// A short plain-text answer (an error).
fn text(status: u16, message: &str) -> Answer {
    Answer {
        status,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
        body: Body::Text(format!("{message}\n")),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

impl Answer {
    fn send(self, out: &mut impl Write, site: &Site, head_only: bool) -> io::Result<()> {
        let length = match &self.body {
            Body::Empty => None,
            Body::Text(t) => Some(t.len() as u64),
            Body::File(_, len) => Some(*len),
        };
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        let extra = if site.isolation { &ISOLATION[..] } else { &[] };
        for (k, v) in extra.iter().chain(&ALWAYS) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(len) = length {
            head.push_str(&format!("Content-Length: {len}\r\n"));
        }
        head.push_str("Connection: close\r\n\r\n");
        out.write_all(head.as_bytes())?;
        if head_only {
            return Ok(());
        }
        match self.body {
            Body::Empty => {}
            Body::Text(t) => out.write_all(t.as_bytes())?,
            Body::File(mut f, _) => {
                io::copy(&mut f, out)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(raw: &str) -> Result<Request, &'static str> {
        read_head(&mut raw.as_bytes()).map_err(|e| match e {
            HeadError::Closed => "closed",
            HeadError::TooLong => "too long",
            HeadError::Malformed(why) => why,
        })
    }

    #[test]
    fn a_request_head_is_read_as_browsers_send_it() {
        let r = head("GET /app.js?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8700\r\nIf-Modified-Since: Mon, 07 Dec 2026 00:00:00 GMT\r\nAccept: */*\r\n\r\n")
            .expect("a request");
        assert_eq!(
            (r.method.as_str(), r.target.as_str()),
            ("GET", "/app.js?x=1")
        );
        assert_eq!(r.host.as_deref(), Some("127.0.0.1:8700"));
        assert_eq!(
            r.if_modified_since.as_deref(),
            Some("Mon, 07 Dec 2026 00:00:00 GMT")
        );
        // Bare newlines are read as well.
        assert!(head("HEAD / HTTP/1.0\n\n").is_ok());
    }

    #[test]
    fn broken_or_endless_heads_are_refused() {
        assert_eq!(head("").err(), Some("closed"));
        assert_eq!(head("GET / HTTP/1.1\r\nHost: x").err(), Some("closed"));
        assert!(head("GET /\r\n\r\n").is_err());
        assert!(head("GET / HTTP/2\r\n\r\n").is_err());
        assert!(head("GET  / HTTP/1.1\r\n\r\n").is_err());
        assert!(head("GET / HTTP/1.1\r\nno colon\r\n\r\n").is_err());
        assert!(head("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").is_err());
        let endless = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
        assert_eq!(head(&endless).err(), Some("too long"));
    }

    #[test]
    fn only_loopback_names_on_our_port_are_ours() {
        assert!(host_is_ours("127.0.0.1:8700", 8700));
        assert!(host_is_ours("localhost:8700", 8700));
        assert!(host_is_ours("LOCALHOST", 8700));
        assert!(!host_is_ours("127.0.0.1:8701", 8700));
        assert!(!host_is_ours("evil.example:8700", 8700));
        assert!(!host_is_ours("127.0.0.1.evil.example:8700", 8700));
        assert!(!host_is_ours("192.168.1.2:8700", 8700));
    }
}
