//! Files generated from the clap definitions themselves, so they never drift from the
//! program: `formcheck completions <shell>` prints a completion script, and the hidden
//! `formcheck manpages <dir>` writes `formcheck.1` and one page per command
//! (`formcheck-run.1`, …). The Debian package (`.ci/package`) ships both.

use super::{exit, Args};
use clap::CommandFactory as _;
use std::path::Path;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> i32 {
    let mut cmd = Args::command();
    clap_complete::generate(shell, &mut cmd, "formcheck", &mut std::io::stdout());
    exit::OK
}

/// Writes the man pages into `dir` (made if missing) and lists them on stdout.
pub fn manpages(dir: &Path) -> anyhow::Result<i32> {
    use anyhow::Context as _;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    clap_mangen::generate_to(Args::command(), dir)
        .with_context(|| format!("cannot write the man pages in {}", dir.display()))?;
    let mut pages: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".1"))
        .collect();
    pages.sort();
    for p in pages {
        println!("{}", dir.join(p).display());
    }
    Ok(exit::OK)
}
