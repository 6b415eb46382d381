//! `formcheck delete <session> | --all [--yes]`: the person's data is theirs to remove. One
//! session (named as for `export`) or every session is deleted after a confirmation: asked
//! on a terminal, or given with `--yes`; without either nothing is deleted (exit 2).

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

pub fn run(args: &DeleteArgs) -> anyhow::Result<i32> {
    let dir = session::default_dir()?;
    let paths = match &args.session {
        Some(query) => vec![session::find_session(&dir, query)?],
        None => session::list_sessions(&dir)?
            .into_iter()
            .map(|s| s.path)
            .collect(),
    };
    if paths.is_empty() {
        println!("No sessions recorded in {}.", dir.display());
        return Ok(exit::OK);
    }
    let what = match paths.as_slice() {
        [one] => format!("the session {}", one.display()),
        many => format!("all {} sessions in {}", many.len(), dir.display()),
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
    let n = session::delete_sessions(&paths)?;
    println!("Deleted {n} session{}.", if n == 1 { "" } else { "s" });
    Ok(exit::OK)
}
