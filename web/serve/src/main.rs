//! `formcheck-serve [--port PORT] [--no-isolation] [DIR]`: serves formcheck's browser build
//! to this computer only (127.0.0.1). See the library's documentation and docs/WEB.md.

use formcheck_serve::{serve, Site, DEFAULT_PORT};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

const HELP: &str = "formcheck-serve: serves formcheck's browser build to this computer only

usage: formcheck-serve [--port PORT] [--no-isolation] [DIR]

  DIR             the site's folder (default: the installed one, share/formcheck/web beside
                  this program's bin/ folder; else the source tree's target/web)
  --port PORT     the port on 127.0.0.1 (default 8700; 0 picks a free one)
  --no-isolation  leave out COOP/COEP: the page runs the model on one thread
  --help, --version

Then open the address it prints in Chromium, Chrome, Edge or Firefox. It listens on
127.0.0.1 only, answers GET and HEAD for the site's files only, and receives nothing.";

struct Options {
    port: u16,
    isolation: bool,
    dir: Option<PathBuf>,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut opts = Options {
        port: DEFAULT_PORT,
        isolation: true,
        dir: None,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => {
                println!("{HELP}");
                return Ok(None);
            }
            "--version" | "-V" => {
                println!("formcheck-serve {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--no-isolation" => opts.isolation = false,
            "--port" => {
                let value = args
                    .next()
                    .ok_or("--port needs a number (e.g. --port 8701)")?;
                opts.port = value
                    .parse()
                    .map_err(|_| format!("--port {value}: give a port from 0 to 65535"))?;
            }
            s if s.starts_with("--port=") => {
                let value = &s["--port=".len()..];
                opts.port = value
                    .parse()
                    .map_err(|_| format!("--port {value}: give a port from 0 to 65535"))?;
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s} (see --help)")),
            _ if opts.dir.is_some() => return Err("give one folder only (see --help)".into()),
            _ => opts.dir = Some(PathBuf::from(arg)),
        }
    }
    Ok(Some(opts))
}

/// Where the site is looked for when no folder is given: the installed package's
/// (`<prefix>/share/formcheck/web` beside `<prefix>/bin/formcheck-serve`), then the source
/// tree's `target/web` (what `bash .ci/web` builds).
fn default_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(prefix) = std::env::current_exe()
        .ok()
        .and_then(|e| std::fs::canonicalize(&e).ok().or(Some(e)))
        .and_then(|e| Some(e.parent()?.parent()?.to_path_buf()))
    {
        dirs.push(prefix.join("share/formcheck/web"));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/web"));
    dirs
}

fn has_site(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

fn run(opts: Options) -> Result<(), String> {
    let root = match opts.dir {
        Some(dir) if has_site(&dir) => dir,
        Some(dir) => {
            return Err(format!(
            "{} holds no site (no index.html): give the folder `bash .ci/web` built (target/web)",
            dir.display()
        ))
        }
        None => {
            let dirs = default_dirs();
            let found = dirs.iter().find(|d| has_site(d)).cloned();
            found.ok_or_else(|| {
                let list: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
                format!(
                    "no site found (looked in {}): install the formcheck package, or build it with `bash .ci/web` in the source tree, or give its folder",
                    list.join(", ")
                )
            })?
        }
    };
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "port {} is in use — if formcheck-serve is already running, open http://127.0.0.1:{}/; else choose another: formcheck-serve --port {}",
                opts.port,
                opts.port,
                opts.port.wrapping_add(1)
            )
        } else {
            format!("cannot listen on 127.0.0.1:{}: {e}", opts.port)
        }
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot read the port listened on: {e}"))?
        .port();
    println!(
        "formcheck-serve: serving {} to this computer only{}",
        root.display(),
        if opts.isolation {
            ""
        } else {
            " (no isolation: one thread)"
        }
    );
    println!("open http://127.0.0.1:{port}/ in your browser (Ctrl+C stops)");
    let site = Arc::new(Site {
        root,
        isolation: opts.isolation,
        port,
    });
    serve(&listener, &site);
    Ok(())
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)).and_then(|o| o.map_or(Ok(()), run)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
