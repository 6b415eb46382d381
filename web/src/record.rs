//! The browser's record: the stored sessions read, listed, exported, imported and made into
//! the report by the desktop's own code (`formcheck::session`'s reader and words,
//! `formcheck::progress::html::make`). The page's `store.js` keeps the files (the Origin
//! Private File System, else IndexedDB) and hands them here as JSON,
//! `[{"id": "<file name without .jsonl>", "text": "<the file's lines>"}, ...]`.

use crate::zip;
use formcheck::content::{load_source, ContentSource};
use formcheck::progress::{self, report_file, report_for::ReportFor, Window};
use formcheck::session::reader::parse_session;
use formcheck::session::{self, words, Session};
use serde::{Deserialize, Serialize};
use std::path::Path;
use wasm_bindgen::prelude::*;

/// A stored session as the page passes it.
#[derive(Deserialize, Serialize)]
struct Stored {
    id: String,
    text: String,
}

fn stored(json: &str) -> Result<Vec<Stored>, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("the stored sessions: {e}")))
}

/// The session read from its text, as `formcheck` reads `<id>.jsonl`.
fn read(s: &Stored) -> Result<Session, session::SessionError> {
    parse_session(Path::new(&format!("{}.jsonl", s.id)), s.text.as_bytes())
}

/// A session's id (its file name without `.jsonl`, `<YYYYmmdd-HHMMSS>-<short id>`, as the
/// desktop names the file) from its first line, the `start` record.
#[wasm_bindgen]
pub fn session_name(start_line: &str) -> Result<String, JsError> {
    let s = parse_session(Path::new("new session"), start_line.as_bytes())
        .map_err(|e| JsError::new(&e.to_string()))?;
    let name = session::file_name(&s.meta).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(name.trim_end_matches(".jsonl").to_owned())
}

/// One session in the page's list.
#[derive(Serialize)]
struct Listed {
    id: String,
    started_at: String,
    /// When it started in local time, "Mon 7 Dec 2026, 13:15", and how long it lasted,
    /// "2 min 10 s" (as the desktop's History heads a session).
    when: String,
    duration: String,
    /// Each exercise with what was done against its dose: "Bridge: 3 / 3 reps".
    exercises: Vec<String>,
    /// How it ended ("finished", "ended early", ...).
    ending: &'static str,
    /// What the reader had to say: a newer version, lines skipped. Empty when nothing.
    note: String,
}

/// The stored sessions (`stored`: JSON as in the module docs) listed newest first, in the
/// desktop's words. A stored file that does not read is listed with why (never hidden).
#[wasm_bindgen]
pub fn history(stored_json: &str) -> Result<String, JsError> {
    let mut out = Vec::new();
    for s in stored(stored_json)? {
        let listed = match read(&s) {
            Ok(session) => {
                let sum = session.summary();
                let exercises = sum
                    .exercises
                    .iter()
                    .map(|ex| match words::against_dose(ex) {
                        Some(did) => format!("{}: {did}", ex.name),
                        None => ex.name.clone(),
                    })
                    .collect();
                let mut notes: Vec<String> = Vec::new();
                if let Some(n) = session.issues.newer_version_note() {
                    notes.push(n);
                }
                if !session.issues.skipped.is_empty() {
                    notes.push(format!(
                        "{} skipped (not readable)",
                        words::count(
                            u32::try_from(session.issues.skipped.len()).unwrap_or(u32::MAX),
                            "line",
                            "lines"
                        )
                    ));
                }
                Listed {
                    id: s.id,
                    when: words::local_time(&sum.started_at),
                    duration: words::duration(sum.duration_secs),
                    started_at: sum.started_at,
                    exercises,
                    ending: words::ending(sum.end_reason),
                    note: notes.join("; "),
                }
            }
            Err(e) => Listed {
                id: s.id,
                started_at: String::new(),
                when: String::new(),
                duration: String::new(),
                exercises: Vec::new(),
                ending: "",
                note: e.to_string(),
            },
        };
        out.push(listed);
    }
    out.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
    serde_json::to_string(&out).map_err(|e| JsError::new(&e.to_string()))
}

/// Every stored session as one zip, each file named as the desktop names it
/// (`<id>.jsonl`) and holding its lines byte for byte.
#[wasm_bindgen]
pub fn export_zip(stored_json: &str) -> Result<Vec<u8>, JsError> {
    let all = stored(stored_json)?;
    let names: Vec<String> = all.iter().map(|s| format!("{}.jsonl", s.id)).collect();
    let entries: Vec<zip::Entry> = all
        .iter()
        .zip(&names)
        .map(|(s, name)| zip::Entry {
            name,
            data: s.text.as_bytes(),
            dos_time: zip::dos_time(&s.id),
        })
        .collect();
    Ok(zip::write(&entries))
}

/// What an import brings: the sessions that read (each `{id, text, note}`, the text as
/// the file had it) and the files that did not, each with why.
#[derive(Serialize, Default)]
struct Imported {
    sessions: Vec<ImportedSession>,
    problems: Vec<String>,
}

#[derive(Serialize)]
struct ImportedSession {
    id: String,
    text: String,
    /// The desktop's note for a file of a newer version (read as far as understood; the
    /// file is kept whole), else empty.
    note: String,
}

/// Reads a file chosen for import (`name`, its `bytes`): a zip exported by formcheck (or
/// any zip of stored `.jsonl` files) or one session file. Each session is checked by the
/// desktop's reader; what is not a session is named with why, and nothing is stored here
/// (the page stores what reads, and never over a different stored session).
#[wasm_bindgen]
pub fn import_file(name: &str, bytes: &[u8]) -> String {
    let mut out = Imported::default();
    let files = if zip::is_zip(bytes) {
        match zip::read(bytes) {
            Ok(files) => files,
            Err(e) => {
                out.problems.push(format!("{name}: {e}"));
                Vec::new()
            }
        }
    } else {
        vec![(name.to_owned(), bytes.to_vec())]
    };
    for (file, data) in files {
        if !file.ends_with(".jsonl") {
            out.problems.push(format!(
                "{file}: not a session file (formcheck's session files end in .jsonl); left out"
            ));
            continue;
        }
        match parse_session(Path::new(&file), &data) {
            Ok(s) => match session::file_name(&s.meta) {
                Ok(stored_as) => out.sessions.push(ImportedSession {
                    id: stored_as.trim_end_matches(".jsonl").to_owned(),
                    text: String::from_utf8_lossy(&data).into_owned(),
                    note: s.issues.newer_version_note().unwrap_or_default(),
                }),
                Err(e) => out.problems.push(format!("{file}: {e}")),
            },
            Err(e) => out.problems.push(e.to_string()),
        }
    }
    serde_json::to_string(&out).unwrap_or_default()
}

/// The report for the physiotherapist from the stored sessions: the HTML `formcheck
/// report` writes (the same `progress::html::make`, every session, the built-in routine,
/// sessions from video files left out as by default), made today.
#[wasm_bindgen]
pub fn report_html(stored_json: &str) -> Result<String, JsError> {
    let sessions: Vec<Session> = stored(stored_json)?
        .iter()
        .filter_map(|s| read(s).ok())
        .collect();
    let (catalog, _) = load_source(&ContentSource::BuiltIn)
        .map_err(|e| JsError::new(&format!("the built-in exercises: {e}")))?;
    let made = progress::html::make(
        sessions,
        Window::All,
        &catalog,
        "all sessions",
        &progress::date_of(report_file::today()),
        &ReportFor::default(),
    );
    Ok(made.html)
}
