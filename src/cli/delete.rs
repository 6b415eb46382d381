//! `formcheck delete <session> | --all [--yes]`: the person's data is theirs to remove. One
//! session (named as for `export`) or every session is deleted after a confirmation: asked
//! on a terminal, or given with `--yes`; without either nothing is deleted (exit 2). The
//! deletion is the app's ([`session::delete_sessions`]): a session goes with the CSV and
//! JSON exported beside it, and `--all` with the reports saved in the folder.

use super::exit;
use crate::session;
use std::io::{BufRead as _, IsTerminal as _, Write as _};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["session", "all"])))]
pub struct DeleteArgs {
    /// `latest`, a session id or its first characters, or a path to a .jsonl session file.
    pub session: Option<String>,
    /// Every recorded session.
    #[arg(long)]
    pub all: bool,
    /// Do not ask: the deletion is confirmed.
    #[arg(long)]
    pub yes: bool,
}

/// Asks `question` on the terminal; true for an answer starting with `y`.
fn confirmed(question: &str) -> anyhow::Result<bool> {
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(answer.trim().to_lowercase().starts_with('y'))
}

/// A path for a message: terminal-safe (a file name may hold control characters).
fn shown(path: &std::path::Path) -> String {
    crate::text::terminal_safe(&path.display().to_string()).into_owned()
}

pub fn run(args: &DeleteArgs) -> anyhow::Result<i32> {
    let dir = session::default_dir()?;
    let mut paths = match &args.session {
        Some(query) => vec![session::find_session(&dir, query)?],
        None => session::list_sessions(&dir)?
            .into_iter()
            .map(|s| s.path)
            .collect(),
    };
    // A session being recorded now is not deleted: one named is refused (exit 1), and
    // `--all` leaves it and says so.
    let (live, rest): (Vec<_>, Vec<_>) = paths.into_iter().partition(|p| session::being_written(p));
    paths = rest;
    if args.session.is_some() {
        if let Some(path) = live.first() {
            return Err(session::SessionError::BeingWritten { path: path.clone() }.into());
        }
    }
    for path in &live {
        eprintln!(
            "kept {}: it is being recorded now (end that session to delete it)",
            shown(path)
        );
    }
    if paths.is_empty() {
        println!("No sessions to delete in {}.", shown(&dir));
        return Ok(exit::OK);
    }
    let what = match paths.as_slice() {
        [one] => format!(
            "the session {} (and the CSV or JSON exported beside it)",
            shown(one)
        ),
        many => format!(
            "all {} sessions in {} (with the CSV and JSON exported from them and the reports saved there)",
            many.len(),
            shown(&dir)
        ),
    };
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            eprintln!("error: deleting {what} needs a confirmation: add --yes");
            return Ok(exit::USAGE);
        }
        if !confirmed(&format!("Delete {what}? This cannot be undone."))? {
            println!("Nothing deleted.");
            return Ok(exit::OK);
        }
    }
    let all_of = args.all.then_some(dir.as_path());
    let n = session::delete_sessions(&paths, all_of)?.sessions;
    println!("Deleted {n} session{}.", if n == 1 { "" } else { "s" });
    Ok(exit::OK)
}
