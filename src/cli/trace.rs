//! `formcheck analyze --trace FILE.csv`: every frame's measures, phase, hold and reps, written
//! while the video is read, so a long video is traced in bounded memory.
//!
//! The exercise traced is the one the report is about, which `--exercise auto` only knows
//! at the end of the clip. So each exercise the analysis coaches gets its own trace, written
//! as it goes into a hidden part file beside the destination (`.<name>.<id>.part`); at the
//! end the reported exercise's part becomes the file and the others are removed (also when
//! the run fails half-way: a part removes itself unless it was kept). The rows come from
//! the analysis's own coaches (`ClipAnalysis::trace`): the coach runs once per frame.

use crate::content::{Exercise, ExerciseId};
use crate::practice::trace::TraceRow;
use crate::session::export::csv_field;
use anyhow::Context as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

/// The fixed columns; one column per measure follows.
const COLUMNS: [&str; 10] = [
    "t_s",
    "person",
    "setup_ok",
    "phase",
    "side",
    "holding",
    "hold_s",
    "reps",
    "correction",
    "events",
];

/// A trace as CSV: the header (with the measures of the first row), then a line per row.
struct TraceCsv {
    out: BufWriter<File>,
    header_written: bool,
}

impl TraceCsv {
    fn header(&mut self, row: Option<&TraceRow>) -> std::io::Result<()> {
        let mut header: Vec<String> = COLUMNS.iter().map(|&c| c.to_owned()).collect();
        if let Some(first) = row {
            header.extend(first.values.iter().map(|(id, _)| id.clone()));
        }
        self.header_written = true;
        writeln!(self.out, "{}", header.join(","))
    }

    fn row(&mut self, r: &TraceRow) -> std::io::Result<()> {
        if !self.header_written {
            self.header(Some(r))?;
        }
        let mut cells = vec![
            format!("{:.3}", r.t_s),
            u8::from(r.person).to_string(),
            u8::from(r.setup_ok).to_string(),
            csv_field(r.phase.as_deref().unwrap_or("")),
            csv_field(r.side.as_deref().unwrap_or("")),
            u8::from(r.holding).to_string(),
            format!("{:.2}", r.hold_secs),
            r.reps.to_string(),
            csv_field(r.correction.as_deref().unwrap_or("")),
            csv_field(&r.events.join(" ")),
        ];
        cells.extend(
            r.values
                .iter()
                .map(|(_, v)| v.map_or(String::new(), |v| format!("{v:.3}"))),
        );
        writeln!(self.out, "{}", cells.join(","))
    }

    fn finish(mut self) -> std::io::Result<()> {
        if !self.header_written {
            self.header(None)?;
        }
        self.out.flush()
    }
}

/// A part file, removed when dropped (after it was renamed into place, there is nothing
/// left to remove).
struct PartFile(PathBuf);

impl Drop for PartFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One exercise's trace, written into its part file.
struct PartTrace {
    id: ExerciseId,
    part: PartFile,
    csv: TraceCsv,
}

/// The traces of every exercise an analysis coaches, on their way to `path`.
pub struct TraceFiles {
    path: PathBuf,
    parts: Vec<PartTrace>,
}

/// The message for any failure to write the trace to `path`.
fn cannot(path: &Path) -> String {
    format!("cannot write the trace to {}", path.display())
}

impl TraceFiles {
    /// A part file beside `path` for each of `exercises`.
    pub fn create<'e>(
        path: &Path,
        exercises: impl Iterator<Item = &'e Exercise>,
    ) -> anyhow::Result<Self> {
        let name = path
            .file_name()
            .with_context(|| format!("{} is not a file name", path.display()))
            .with_context(|| cannot(path))?
            .to_string_lossy()
            .into_owned();
        let mut files = Self {
            path: path.to_path_buf(),
            parts: Vec::new(),
        };
        for ex in exercises {
            let part = PartFile(path.with_file_name(format!(".{name}.{}.part", ex.id)));
            let file = File::create(&part.0).with_context(|| cannot(path))?;
            files.parts.push(PartTrace {
                id: ex.id.clone(),
                part,
                csv: TraceCsv {
                    out: BufWriter::new(file),
                    header_written: false,
                },
            });
        }
        Ok(files)
    }

    /// One frame's row of `id`'s trace.
    pub fn row(&mut self, id: &ExerciseId, row: &TraceRow) -> anyhow::Result<()> {
        if let Some(p) = self.parts.iter_mut().find(|p| p.id == *id) {
            p.csv.row(row).with_context(|| cannot(&self.path))?;
        }
        Ok(())
    }

    /// The clip ended: `id`'s trace becomes the file; the others are removed.
    pub fn keep(self, id: &ExerciseId) -> anyhow::Result<()> {
        let Self { path, parts } = self;
        let PartTrace { part, csv, .. } = parts
            .into_iter()
            .find(|p| p.id == *id)
            .with_context(|| format!("no trace of {id}"))?;
        csv.finish().with_context(|| cannot(&path))?;
        std::fs::rename(&part.0, &path).with_context(|| cannot(&path))?;
        Ok(())
    }
}
