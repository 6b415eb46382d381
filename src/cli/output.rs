//! `-o FILE` for `export` and `report`: a file the person already has is never replaced by
//! accident. An existing file is replaced only with `--force`, or when it is one formcheck
//! made itself of the same kind (a report made again); a new or replaced file is written
//! whole or not at all ([`crate::files::write_atomic`]). A target that is not a regular file
//! (`/dev/stdout`, a pipe) is written as it is.

use std::io::Read as _;
use std::path::Path;

/// What may stand at `-o`'s path before it is written.
pub enum Target {
    /// Nothing there, or a file `--force` or formcheck's own mark allows replacing.
    Writable,
    /// Not a regular file (a device, a pipe): written in place, nothing replaced.
    Stream,
    /// A file that is not formcheck's of this kind, without `--force`: what to tell the person.
    Refused(String),
}

/// Whether `path` may be written: `ours` reads the first 4 KiB of an existing file and says
/// whether formcheck made it (then it is replaced without `--force`).
pub fn check(path: &Path, force: bool, kind: &str, ours: fn(&[u8]) -> bool) -> Target {
    let Ok(meta) = std::fs::metadata(path) else {
        return Target::Writable;
    };
    if !meta.is_file() {
        return if meta.is_dir() {
            Target::Refused(format!(
                "{} is a folder: name a file with -o, e.g. -o {}",
                path.display(),
                path.join(format!("formcheck-{kind}")).display()
            ))
        } else {
            Target::Stream
        };
    }
    if force || head(path).is_some_and(|bytes| ours(&bytes)) {
        return Target::Writable;
    }
    Target::Refused(format!(
        "{} exists and is not a {kind} formcheck made: add --force to replace it, or choose \
         another name with -o",
        path.display()
    ))
}

fn head(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// Writes `bytes` to `path` as [`check`] allowed.
pub fn write(path: &Path, target: &Target, bytes: &[u8]) -> std::io::Result<()> {
    match target {
        Target::Stream => std::fs::write(path, bytes),
        _ => crate::files::write_atomic(path, bytes),
    }
}

/// A report formcheck made (`progress::html`'s title).
pub fn is_report(head: &[u8]) -> bool {
    String::from_utf8_lossy(head).contains("<title>formcheck practice report</title>")
}

/// An export formcheck made: the CSV's header row, or the JSON export's `format`.
pub fn is_export(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let csv = crate::session::export::CSV_COLUMNS.join(",");
    text.lines().next().is_some_and(|first| first == csv)
        || text.contains(r#""format": "formcheck-session""#)
}
