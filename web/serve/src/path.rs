//! Which file of the site a request names — or why it names none. Pure: a request target
//! in, a path relative to the site's folder out; the file system is not touched here.
//!
//! The rules are strict because the names in the site are plain (`index.html`,
//! `pkg/formcheck_web_bg.wasm`, `models/pose_detection.onnx`): anything a browser would not
//! send for them is refused, not interpreted.

use std::fmt;
use std::path::PathBuf;

/// Why a request target names no file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not `/…` (an absolute URL such as `http://host/x`, `*`, or a bare name).
    NotAPath,
    /// A `%` not followed by two hex digits, or escapes that are not UTF-8.
    BadEscape,
    /// `.` or `..` (written plainly or escaped), which would climb out of the site.
    DotSegment,
    /// An empty segment (`//`), which some systems read as the root of the disk.
    EmptySegment,
    /// A name starting with `.` (hidden files are not part of the site).
    Hidden,
    /// A separator or control character inside a name, written escaped (`%2F`, `%5C`, `%00`)
    /// or plain (`\`).
    BadCharacter,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAPath => "the request must name a path starting with /",
            Self::BadEscape => "the path has a broken %-escape",
            Self::DotSegment => "the path climbs out of the site (. or ..)",
            Self::EmptySegment => "the path has an empty part (//)",
            Self::Hidden => "the path names a hidden file",
            Self::BadCharacter => "the path has a separator or control character inside a name",
        })
    }
}

/// The file a request target names, relative to the site's folder: `/` and any `…/` name
/// the folder's `index.html`; the query (`?…`) is ignored.
pub fn site_path(target: &str) -> Result<PathBuf, Refusal> {
    let path = target.split_once('?').map_or(target, |(p, _)| p);
    let rest = path.strip_prefix('/').ok_or(Refusal::NotAPath)?;
    let mut out = PathBuf::new();
    let parts: Vec<&str> = rest.split('/').collect();
    let last = parts.len() - 1;
    for (i, raw) in parts.iter().enumerate() {
        if raw.is_empty() {
            if i == last {
                break; // a trailing `/`: the folder's index.html
            }
            return Err(Refusal::EmptySegment);
        }
        let name = decode(raw)?;
        if name == "." || name == ".." {
            return Err(Refusal::DotSegment);
        }
        if name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
        {
            return Err(Refusal::BadCharacter);
        }
        if name.starts_with('.') {
            return Err(Refusal::Hidden);
        }
        out.push(name);
    }
    if rest.is_empty() || rest.ends_with('/') {
        out.push("index.html");
    }
    Ok(out)
}

/// `%XX` escapes decoded; the result must be UTF-8.
fn decode(raw: &str) -> Result<String, Refusal> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refusal::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Refusal::BadEscape)?;
            let byte = u8::from_str_radix(hex, 16).map_err(|_| Refusal::BadEscape)?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Refusal::BadEscape)
}

/// The `Content-Type` of a file of the site, by its extension. The page needs three of them
/// exactly: `application/wasm` (streaming compilation refuses anything else),
/// `text/javascript` for `.mjs` modules, and `.onnx` as bytes.
pub fn mime_type(path: &std::path::Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("ico") => "image/x-icon",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream", // .onnx and anything else: bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn ok(target: &str) -> String {
        site_path(target)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|e| panic!("{target} refused: {e}"))
    }

    #[test]
    fn the_sites_own_names_map_to_its_files() {
        assert_eq!(ok("/"), "index.html");
        assert_eq!(ok("/?exercise=bridge&mute"), "index.html");
        assert_eq!(ok("/index.html"), "index.html");
        assert_eq!(
            ok("/pkg/formcheck_web_bg.wasm"),
            "pkg/formcheck_web_bg.wasm"
        );
        assert_eq!(ok("/ort/ort.wasm.min.mjs"), "ort/ort.wasm.min.mjs");
        assert_eq!(ok("/models/"), "models/index.html");
        // An escape of an ordinary character is that character.
        assert_eq!(ok("/app%2Ejs"), "app.js");
        assert_eq!(ok("/a%20b.txt"), "a b.txt");
    }

    #[test]
    fn climbing_out_of_the_site_is_refused_however_it_is_written() {
        for t in [
            "/..",
            "/../etc/passwd",
            "/models/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/etc/passwd",
            "/models/%2e%2e/%2e%2e/etc/passwd",
            "/./index.html",
        ] {
            assert_eq!(site_path(t), Err(Refusal::DotSegment), "{t}");
        }
    }

    #[test]
    fn absolute_and_encoded_separators_are_refused() {
        assert_eq!(site_path("//etc/passwd"), Err(Refusal::EmptySegment));
        assert_eq!(site_path("/models//x.onnx"), Err(Refusal::EmptySegment));
        assert_eq!(
            site_path("http://127.0.0.1:8700/index.html"),
            Err(Refusal::NotAPath)
        );
        assert_eq!(site_path("*"), Err(Refusal::NotAPath));
        assert_eq!(site_path("index.html"), Err(Refusal::NotAPath));
        for t in [
            "/%2fetc%2fpasswd",
            "/..%2f..%2fetc%2fpasswd",
            "/%2F",
            "/..%5c..%5cwindows",
            "/a\\b",
            "/index.html%00.png",
            "/a%0ab",
        ] {
            let got = site_path(t);
            assert!(
                matches!(got, Err(Refusal::BadCharacter | Refusal::DotSegment)),
                "{t}: {got:?}"
            );
        }
    }

    #[test]
    fn broken_escapes_and_hidden_files_are_refused() {
        assert_eq!(site_path("/%"), Err(Refusal::BadEscape));
        assert_eq!(site_path("/%2"), Err(Refusal::BadEscape));
        assert_eq!(site_path("/%zz"), Err(Refusal::BadEscape));
        assert_eq!(site_path("/%ff%fe"), Err(Refusal::BadEscape));
        assert_eq!(site_path("/.git/config"), Err(Refusal::Hidden));
        assert_eq!(site_path("/%2egit/config"), Err(Refusal::Hidden));
    }

    #[test]
    fn the_page_gets_the_types_it_needs() {
        let t = |p: &str| mime_type(Path::new(p));
        assert_eq!(t("pkg/formcheck_web_bg.wasm"), "application/wasm");
        assert_eq!(t("ort/ort.wasm.min.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(t("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(t("models/pose_detection.onnx"), "application/octet-stream");
        assert_eq!(t("index.html"), "text/html; charset=utf-8");
        assert_eq!(t("style.css"), "text/css; charset=utf-8");
        assert_eq!(t("INDEX.HTML"), "text/html; charset=utf-8");
        assert_eq!(t("README"), "application/octet-stream");
    }
}
