//! Exports a session for spreadsheets (CSV) or other programs (one JSON document).
//!
//! CSV is hand-written (RFC 4180 quoting: a field with a comma, quote, CR or LF, or with
//! leading/trailing spaces, is wrapped in double quotes with inner quotes doubled) rather
//! than pulling in the `csv` crate for one fixed table. It has one row per `rep`, `hold` and
//! `correction` record; key-angle samples and bookkeeping records are in the JSON export
//! only.
//!
//! The JSON document is `{"format","version","meta","summary","events","issues"}`, where
//! `events` are the file's records after `start` with `t` and `kind` but without `v`.

use super::format::{Record, StartMeta, FORMAT_VERSION};
use super::{summarize, ReadIssues, Session, SessionSummary};
use serde::Serialize;
use std::io::{self, Write};

/// The CSV header, in column order.
pub const CSV_COLUMNS: &[&str] = &[
    "t",
    "kind",
    "exercise",
    "side",
    "index",
    "secs",
    "target_secs",
    "completed",
    "range_reached",
    "duration_secs",
    "worst_fault",
    "correction",
    "message",
];

/// Writes the CSV table (header + one row per rep/hold/correction).
pub fn write_csv<W: Write>(session: &Session, out: &mut W) -> io::Result<()> {
    writeln!(out, "{}", CSV_COLUMNS.join(","))?;
    for event in &session.events {
        let t = event.t.to_string();
        let row: [String; 13] = match &event.record {
            Record::Rep(r) => [
                t,
                "rep".into(),
                r.exercise.clone(),
                side(r.side),
                r.index.to_string(),
                r.quality
                    .held_secs
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                String::new(),
                String::new(),
                r.quality.range_reached.to_string(),
                r.quality.duration_secs.to_string(),
                r.quality.worst_fault.clone().unwrap_or_default(),
                String::new(),
                String::new(),
            ],
            Record::Hold(h) => [
                t,
                "hold".into(),
                h.exercise.clone(),
                side(h.side),
                String::new(),
                h.secs.to_string(),
                h.target_secs.to_string(),
                h.completed.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
            Record::Movement(m) => [
                t,
                "movement".into(),
                m.exercise.clone(),
                String::new(),
                m.index.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                m.name.clone(),
            ],
            Record::Correction(c) => [
                t,
                "correction".into(),
                c.exercise.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                c.id.clone(),
                c.message.clone(),
            ],
            _ => continue,
        };
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", fields.join(","))?;
    }
    Ok(())
}

fn side(s: Option<super::Side>) -> String {
    s.map(|s| s.as_str().to_string()).unwrap_or_default()
}

/// Quotes one CSV field when it needs it (RFC 4180).
pub fn csv_field(field: &str) -> String {
    let needs =
        field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// The JSON export document.
#[derive(Debug, Serialize)]
pub struct JsonExport<'a> {
    /// Always `formcheck-session`.
    pub format: &'static str,
    /// The record format version of this build ([`FORMAT_VERSION`]).
    pub version: u32,
    pub meta: &'a StartMeta,
    pub summary: SessionSummary,
    pub events: &'a [super::Event],
    pub issues: &'a ReadIssues,
}

impl<'a> JsonExport<'a> {
    pub fn new(session: &'a Session) -> Self {
        JsonExport {
            format: "formcheck-session",
            version: FORMAT_VERSION,
            meta: &session.meta,
            summary: summarize(session),
            events: &session.events,
            issues: &session.issues,
        }
    }
}

/// Writes the whole session as one pretty-printed JSON document plus a newline.
pub fn write_json<W: Write>(session: &Session, out: &mut W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &JsonExport::new(session))?;
    writeln!(out)
}
