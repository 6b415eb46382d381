//! Exports a session for spreadsheets (CSV) or other programs (one JSON document).
//!
//! CSV is hand-written (RFC 4180 quoting: a field with a comma, quote, CR or LF, or with
//! leading/trailing spaces, is wrapped in double quotes with inner quotes doubled) rather
//! than pulling in the `csv` crate for one fixed table. It has one row per `rep`, `hold`,
//! `movement`, `correction`, `range` (the measure, best in `value`, `median`), `pain_rating`
//! (`start` or `end` in `message`, the rating in `value`, empty when skipped) and `pain`
//! record (rep in `index`, seconds held in `secs`, the phase in `message`, the measures
//! then as `hip=65 deg; knee=40 deg` in `measure`) and `skipped` record (`skipped` or
//! `not_reached` in `message`); key-angle samples and bookkeeping
//! records are in the JSON export only. Numbers are rounded to hundredths (seconds to 10 ms), trailing zeros dropped: a
//! spreadsheet shows `1.44`, not the float `1.444000244140625` the file may hold.
//!
//! Text cells (exercise, side, fault, correction, message, measure) have control characters
//! escaped and a leading `'` when they would start a spreadsheet formula ([`text_cell`]).
//!
//! The JSON document is `{"format","version","meta","summary","events","issues"}`, where
//! `events` are the file's records after `start` with `t` and `kind` but without `v`.

use super::format::{Record, StartMeta, FORMAT_VERSION};
use super::{summarize, ReadIssues, Session, SessionSummary};
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
    "short_hold",
    "measure",
    "value",
    "median",
];

/// One CSV row, a field per [`CSV_COLUMNS`] entry; a record fills the ones it has.
#[derive(Default)]
struct CsvRow {
    t: String,
    kind: &'static str,
    exercise: String,
    side: String,
    index: String,
    secs: String,
    target_secs: String,
    completed: String,
    range_reached: String,
    duration_secs: String,
    worst_fault: String,
    correction: String,
    message: String,
    /// A rep whose top was held too briefly to count toward the dose.
    short_hold: String,
    measure: String,
    value: String,
    median: String,
}

impl CsvRow {
    /// The row as one CSV line: text cells made safe ([`text_cell`]), fields quoted.
    fn line(&self) -> String {
        let fields: Vec<String> = self
            .fields()
            .iter()
            .zip(CSV_COLUMNS)
            .map(|(f, column)| {
                if TEXT_COLUMNS.contains(column) {
                    csv_field(&text_cell(f))
                } else {
                    csv_field(f)
                }
            })
            .collect();
        fields.join(",")
    }

    fn fields(&self) -> [&str; 17] {
        [
            &self.t,
            self.kind,
            &self.exercise,
            &self.side,
            &self.index,
            &self.secs,
            &self.target_secs,
            &self.completed,
            &self.range_reached,
            &self.duration_secs,
            &self.worst_fault,
            &self.correction,
            &self.message,
            &self.short_hold,
            &self.measure,
            &self.value,
            &self.median,
        ]
    }
}

/// Writes the CSV table (header + one row per rep, hold, movement, correction, range, pain
/// rating, pain and skipped exercise).
pub fn write_csv<W: Write>(session: &Session, out: &mut W) -> io::Result<()> {
    writeln!(out, "{}", CSV_COLUMNS.join(","))?;
    for event in &session.events {
        let t = num(event.t);
        let row = match &event.record {
            Record::Rep(r) => CsvRow {
                t,
                kind: "rep",
                exercise: r.exercise.clone(),
                side: side(r.side),
                index: r.index.to_string(),
                secs: r.quality.held_secs.map(num).unwrap_or_default(),
                range_reached: r.quality.range_reached.to_string(),
                duration_secs: num(r.quality.duration_secs),
                worst_fault: r.quality.worst_fault.clone().unwrap_or_default(),
                short_hold: r.quality.short_hold.to_string(),
                ..CsvRow::default()
            },
            Record::Hold(h) => CsvRow {
                t,
                kind: "hold",
                exercise: h.exercise.clone(),
                side: side(h.side),
                secs: num(h.secs),
                target_secs: num(h.target_secs),
                completed: h.completed.to_string(),
                ..CsvRow::default()
            },
            Record::Movement(m) => CsvRow {
                t,
                kind: "movement",
                exercise: m.exercise.clone(),
                index: m.index.to_string(),
                message: m.name.clone(),
                ..CsvRow::default()
            },
            Record::Correction(c) => CsvRow {
                t,
                kind: "correction",
                exercise: c.exercise.clone(),
                correction: c.id.clone(),
                message: c.message.clone(),
                ..CsvRow::default()
            },
            Record::Range(r) => CsvRow {
                t,
                kind: "range",
                exercise: r.exercise.clone(),
                side: side(r.side),
                measure: r.measure.clone(),
                value: num(r.best_deg),
                median: num(r.median_deg),
                ..CsvRow::default()
            },
            Record::PainRating(r) => CsvRow {
                t,
                kind: "pain_rating",
                message: match r.when {
                    super::PainWhen::Start => "start",
                    super::PainWhen::End => "end",
                }
                .to_owned(),
                value: r.rating.map(|v| v.to_string()).unwrap_or_default(),
                ..CsvRow::default()
            },
            Record::Pain(p) => CsvRow {
                t,
                kind: "pain",
                exercise: p.exercise.clone(),
                side: side(p.side),
                index: p.rep.to_string(),
                secs: num(p.hold_secs),
                message: p.phase.clone().unwrap_or_default(),
                measure: p
                    .measures
                    .iter()
                    .map(|m| format!("{}={} {}", m.measure, num(m.value), m.unit))
                    .collect::<Vec<_>>()
                    .join("; "),
                ..CsvRow::default()
            },
            Record::Skipped(k) => CsvRow {
                t,
                kind: "skipped",
                exercise: k.id.clone(),
                message: match k.why {
                    super::SkipWhy::Skipped => "skipped",
                    super::SkipWhy::NotReached => "not_reached",
                }
                .to_owned(),
                ..CsvRow::default()
            },
            _ => continue,
        };
        writeln!(out, "{}", row.line())?;
    }
    Ok(())
}

/// A number for the CSV: hundredths at most, no trailing zeros ("1.44", "20", "12.5").
pub fn num(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

fn side(s: Option<super::Side>) -> String {
    s.map(|s| s.name().to_string()).unwrap_or_default()
}

/// The columns that hold text (from the session file, so from anywhere); the others hold
/// numbers and `true`/`false` this program wrote.
const TEXT_COLUMNS: &[&str] = &[
    "exercise",
    "side",
    "worst_fault",
    "correction",
    "message",
    "measure",
];

/// A text cell made safe: control characters and text-direction overrides written as
/// `\u{..}` (the export may be printed on a terminal), and a cell a spreadsheet would take
/// for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) given a
/// leading `'`, the usual neutralisation (OWASP, "CSV injection"), shown as text.
pub fn text_cell(field: &str) -> String {
    let safe = crate::text::terminal_safe(field);
    if safe.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{safe}")
    } else {
        safe.into_owned()
    }
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

/// The two formats History exports a session to, beside its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Csv,
    Json,
}

impl ExportKind {
    /// The export's file extension: `csv` or `json`.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }
}

/// Why a session was not exported beside its file.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Export failed: {0}")]
    Read(#[from] super::SessionError),
    #[error("Export failed: {}: {source}", .file.display())]
    Write {
        file: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Writes the session of `path` as `<session>.csv` or `.json` beside it (History's CSV and
/// JSON buttons), whole or not at all: an export made before stays as it was when this one
/// fails. Answers the file written.
pub fn export_beside(path: &Path, kind: ExportKind) -> Result<PathBuf, ExportError> {
    let session = super::read_session(path)?;
    let file = path.with_extension(kind.extension());
    let mut bytes = Vec::new();
    let written = match kind {
        ExportKind::Csv => write_csv(&session, &mut bytes),
        ExportKind::Json => write_json(&session, &mut bytes),
    };
    written
        .and_then(|()| crate::files::write_atomic(&file, &bytes))
        .map_err(|source| ExportError::Write {
            file: file.clone(),
            source,
        })?;
    Ok(file)
}
