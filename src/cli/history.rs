//! `formcheck history [--json]`: the recorded sessions, newest first, as a table for people
//! or a JSON array of session summaries for programs. The table says things the way the
//! summary screen does ([`session::words`]): local start time, human durations, one word
//! per way a session ended.

use super::exit;
use crate::session::{self, words, SessionSummary};
use anyhow::Context as _;
use std::io::Write as _;

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Print a JSON array of session summaries instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &HistoryArgs) -> anyhow::Result<i32> {
    let dir = session::default_dir()?;
    let sessions = session::list_sessions(&dir)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &sessions).context("cannot write JSON")?;
        writeln!(out)?;
    } else if sessions.is_empty() {
        let dir = dir.display().to_string();
        writeln!(
            out,
            "No sessions recorded yet in {}.",
            crate::text::terminal_safe(&dir)
        )?;
    } else {
        out.write_all(table(&sessions).as_bytes())?;
    }
    Ok(exit::OK)
}

/// The history table, one line per session plus a header.
pub fn table(sessions: &[SessionSummary]) -> String {
    let mut rows = vec![[
        "ID".to_string(),
        "STARTED".to_string(),
        "LENGTH".to_string(),
        "EXERCISES".to_string(),
        "REPS".to_string(),
        "HELD".to_string(),
        "END".to_string(),
        "MOST CORRECTED".to_string(),
    ]];
    for (s, id) in sessions.iter().zip(session::display_ids(sessions)) {
        let mut end = words::ending(s.end_reason).to_string();
        if s.skipped_lines > 0 {
            end.push_str(&format!(" ({} bad lines)", s.skipped_lines));
        }
        if let Some(v) = s.newer_version {
            end.push_str(&format!(" (newer format v{v})"));
        }
        rows.push([
            id,
            words::local_time(&s.started_at),
            words::duration(s.duration_secs),
            format!("{}/{}", s.exercises_done, s.exercises_planned()),
            s.total_reps.to_string(),
            words::duration(s.total_hold_secs),
            end,
            s.top_corrections
                .first()
                .map(|c| format!("{} ×{}", c.id, c.count))
                .unwrap_or_else(|| "-".to_string()),
        ]);
    }
    // Ids and corrections come from the session files: terminal-safe.
    for row in &mut rows {
        for cell in row.iter_mut() {
            if let std::borrow::Cow::Owned(safe) = crate::text::terminal_safe(cell) {
                *cell = safe;
            }
        }
    }
    let mut widths = [0usize; 8];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}
