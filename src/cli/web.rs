//! `formcheck web`: how to open the browser build on this computer. It only prints: formcheck
//! itself keeps no network code and its lockdown (`lockdown.rs`); the site is served by a
//! separate small program, `formcheck-serve` (web/serve/), installed beside this one.
//!
//! Where it looks, first found wins:
//! 1. the package's layout: the site in `<prefix>/share/formcheck/web`, the server at
//!    `<prefix>/bin/formcheck-serve` beside this binary;
//! 2. the source tree this binary was built from: `target/web` (`bash .ci/web` builds it and
//!    the server, `target/serve/release/formcheck-serve`).

use std::path::{Path, PathBuf};

/// The server's name, beside `formcheck` in the package.
pub const SERVER: &str = "formcheck-serve";
/// The address `formcheck-serve` serves on unless given `--port`.
pub const ADDRESS: &str = "http://127.0.0.1:8700/";

/// Why the browser build cannot be opened from here.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(
        "the browser build is not installed here (no index.html in {}). Install the formcheck package, which includes it, or build it from the source tree with `bash .ci/web`; any static web host can serve it too (docs/WEB.md, \"Hosting it\")",
        crate::places::list(looked)
    )]
    NotInstalled { looked: Vec<PathBuf> },
    #[error(
        "the browser build is in {} but its server {} is missing: reinstall the formcheck package",
        site.display(),
        server.display()
    )]
    NoServer { site: PathBuf, server: PathBuf },
}

/// The command that serves the site, and the site's folder.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    pub site: PathBuf,
    /// The command line to type.
    pub command: String,
}

/// Where the site and its server are, given the package's share folder
/// (`<prefix>/share/formcheck`), this binary's folder and the source tree.
pub fn plan(share: Option<&Path>, exe_dir: Option<&Path>, source: &Path) -> Result<Plan, WebError> {
    let has_site = |d: &Path| d.join("index.html").is_file();
    let mut looked = Vec::new();
    if let (Some(share), Some(exe_dir)) = (share, exe_dir) {
        let site = share.join("web");
        if has_site(&site) {
            let server = exe_dir.join(SERVER);
            if !server.is_file() {
                return Err(WebError::NoServer { site, server });
            }
            // The server finds the package's site beside itself: no folder to give.
            return Ok(Plan {
                site,
                command: shell_word(&server),
            });
        }
        looked.push(site);
    }
    let site = source.join("target/web");
    if has_site(&site) {
        let server = source.join("target/serve/release").join(SERVER);
        let command = if server.is_file() {
            format!("{} {}", shell_word(&server), shell_word(&site))
        } else {
            format!(
                "cargo run --release --manifest-path {} --target-dir {} -- {}",
                shell_word(&source.join("web/serve/Cargo.toml")),
                shell_word(&source.join("target/serve")),
                shell_word(&site)
            )
        };
        return Ok(Plan { site, command });
    }
    looked.push(site);
    Err(WebError::NotInstalled { looked })
}

/// A path as one shell word (quoted when it holds anything but plain characters).
fn shell_word(p: &Path) -> String {
    let s = p.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@%,".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// What `formcheck web` prints.
pub fn advice(plan: &Plan) -> String {
    format!(
        "formcheck in your browser: the same coach, the pose model running inside the page.\n\
         The site is in {site}. Start its server (it serves this computer only; Ctrl+C stops it):\n\
         \n    {command}\n\n\
         then open {ADDRESS} in Chromium, Chrome, Edge or Firefox and allow the camera.\n\
         (formcheck itself opens no network connection; {SERVER} is a separate small program\n\
         that only answers this computer's browser with the site's files.)\n",
        site = plan.site.display(),
        command = plan.command,
    )
}

/// `formcheck web`.
pub fn run() -> anyhow::Result<i32> {
    let exe_dir = crate::places::exe_dir();
    let plan = plan(
        crate::places::package_share_dir().as_deref(),
        exe_dir.as_deref(),
        crate::places::source_tree(),
    )?;
    print!("{}", advice(&plan));
    Ok(super::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder with the given files (empty) made in it.
    fn layout(name: &str, files: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("formcheck-web-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for f in files {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, "").expect("write");
        }
        dir
    }

    #[test]
    fn the_installed_site_gives_the_installed_servers_command_and_the_address() {
        let d = layout(
            "installed",
            &[
                "usr/share/formcheck/web/index.html",
                "usr/bin/formcheck-serve",
            ],
        );
        let src = layout("installed-src", &["target/web/index.html"]);
        let p = plan(
            Some(&d.join("usr/share/formcheck")),
            Some(&d.join("usr/bin")),
            &src,
        )
        .expect("a plan");
        assert_eq!(p.site, d.join("usr/share/formcheck/web"));
        assert_eq!(
            p.command,
            d.join("usr/bin/formcheck-serve").display().to_string()
        );
        let text = advice(&p);
        assert!(text.contains(&format!("\n    {}\n", p.command)), "{text}");
        assert!(text.contains("http://127.0.0.1:8700/"), "{text}");
    }

    #[test]
    fn an_installed_site_without_its_server_says_to_reinstall() {
        let d = layout("noserver", &["usr/share/formcheck/web/index.html"]);
        let err = plan(
            Some(&d.join("usr/share/formcheck")),
            Some(&d.join("usr/bin")),
            &d.join("src"),
        )
        .expect_err("no server");
        assert!(matches!(err, WebError::NoServer { .. }));
        assert!(err.to_string().contains("reinstall"), "{err}");
    }

    #[test]
    fn a_source_tree_gives_its_built_server_or_the_cargo_command() {
        let src = layout("src", &["target/web/index.html"]);
        let p = plan(None, None, &src).expect("a plan");
        assert!(
            p.command
                .starts_with("cargo run --release --manifest-path "),
            "{}",
            p.command
        );
        assert!(p
            .command
            .ends_with(&format!("-- {}", src.join("target/web").display())));
        let built = src.join("target/serve/release/formcheck-serve");
        std::fs::create_dir_all(built.parent().expect("parent")).expect("mkdir");
        std::fs::write(&built, "").expect("write");
        let p = plan(None, None, &src).expect("a plan");
        assert_eq!(
            p.command,
            format!("{} {}", built.display(), src.join("target/web").display())
        );
    }

    #[test]
    fn no_site_anywhere_says_it_is_not_installed_and_where_it_looked() {
        let d = layout("none", &["usr/bin/formcheck-serve"]);
        let err = plan(
            Some(&d.join("usr/share/formcheck")),
            Some(&d.join("usr/bin")),
            &d.join("src"),
        )
        .expect_err("no site");
        let text = err.to_string();
        assert!(
            text.starts_with("the browser build is not installed here"),
            "{text}"
        );
        assert!(text.contains(&d.join("usr/share/formcheck/web").display().to_string()));
        assert!(text.contains("bash .ci/web"), "{text}");
    }

    #[test]
    fn paths_with_spaces_are_quoted_for_the_shell() {
        assert_eq!(
            shell_word(Path::new("/usr/bin/formcheck-serve")),
            "/usr/bin/formcheck-serve"
        );
        assert_eq!(shell_word(Path::new("/home/a b/x")), "'/home/a b/x'");
        assert_eq!(shell_word(Path::new("/it's")), r"'/it'\''s'");
    }
}
