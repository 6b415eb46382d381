//! `formcheck export <session> --csv|--json [-o FILE]`: one session for a spreadsheet or
//! another program. `<session>` is `latest`, a short or full session id (see `formcheck
//! history`), a file name in the sessions folder, or a path to a session file. An id that
//! more than one file holds (a copied file) is refused with the file names to choose from.

use super::exit;
use crate::session::{self, export};
use anyhow::Context as _;
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("format").required(true).args(["csv", "json"])))]
pub struct ExportArgs {
    /// `latest`, a session id or its first characters, or a path to a .jsonl session file.
    pub session: String,
    /// One CSV row per rep, hold and correction.
    #[arg(long)]
    pub csv: bool,
    /// The whole session (metadata, summary, every event) as one JSON document.
    #[arg(long)]
    pub json: bool,
    /// Write to this file instead of standard output (an existing file only if formcheck
    /// exported it, or with --force).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the -o file even when it is not an export formcheck made.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<i32> {
    let target = args
        .output
        .as_deref()
        .map(|out| super::output::check(out, args.force, "export", super::output::is_export));
    if let Some(super::output::Target::Refused(why)) = &target {
        eprintln!("error: {why}");
        return Ok(exit::USAGE);
    }
    let dir = session::default_dir()?;
    let path = session::find_session(&dir, &args.session)?;
    let s = session::read_session(&path)?;
    if s.issues.truncated_tail {
        tracing::info!(
            "{}: the last line was cut off (session killed?) and was left out",
            path.display()
        );
    }
    if let Some(note) = s.issues.newer_version_note() {
        eprintln!("warning: {}: {note}", path.display());
    }
    if !s.issues.skipped.is_empty() {
        let lines: Vec<String> = s
            .issues
            .skipped
            .iter()
            .map(|l| l.line.to_string())
            .collect();
        eprintln!(
            "warning: {}: skipped line(s) {} (unreadable or from a newer formcheck)",
            path.display(),
            lines.join(", ")
        );
    }
    let mut buf = Vec::new();
    if args.csv {
        export::write_csv(&s, &mut buf)?;
    } else {
        export::write_json(&s, &mut buf)?;
    }
    match &args.output {
        Some(out) => {
            let target = target.unwrap_or(super::output::Target::Writable);
            super::output::write(out, &target, &buf)
                .with_context(|| format!("cannot write {}", out.display()))?
        }
        None => std::io::stdout()
            .lock()
            .write_all(&buf)
            .context("cannot write to standard output")?,
    }
    Ok(exit::OK)
}
