//! The folders formcheck looks in for what is not compiled into it.
//!
//! The exercise content is built into the binary; the models and the ONNX Runtime library
//! are files, found relative to the running binary first, so a copied binary, an unpacked
//! package and an installed one all work with no source tree:
//!
//! ```text
//! <prefix>/bin/formcheck                      the binary (e.g. /usr/bin/formcheck)
//! <prefix>/lib/formcheck/libonnxruntime.so.*  ONNX Runtime, as the package lays it out
//! <prefix>/share/formcheck/models/*.onnx      the models, as the package lays them out
//! ```
//!
//! Then the user's data folder (`$FORMCHECK_DATA_DIR`, else `~/.local/share/formcheck`:
//! `models/` and `lib/` there are where a user adds a file, e.g. the heavy model), and last
//! the source tree this binary was built from (a developer's checkout; gone on a user's
//! machine). `pose::models` and `pose::runtime` hold the full orders; docs/INSTALL.md ("Where formcheck looks",
//! "Models") and `formcheck doctor` show them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The one place the process environment is read (`tests/invariants.rs` keeps it so):
/// `name`'s value when it is set, even empty.
#[allow(clippy::disallowed_methods)] // the one place (clippy.toml)
pub fn env_raw(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// `name`'s value when it is set and not empty.
pub fn env(name: &str) -> Option<OsString> {
    env_raw(name).filter(|v| !v.is_empty())
}

/// `name`'s value as text, when it is set and is text.
#[allow(clippy::disallowed_methods)] // the one place (clippy.toml)
pub fn env_str(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Whether `name` is set to `1` (the switches: `FORMCHECK_ALLOW_NETWORK=1`, ...).
pub fn env_on(name: &str) -> bool {
    env_str(name).is_some_and(|v| v == "1")
}

/// Environment variable that moves all formcheck data (sessions go to `$VAR/sessions`).
pub const DATA_DIR_ENV: &str = "FORMCHECK_DATA_DIR";

/// The folder of the running binary (symlinks resolved), if the platform tells.
pub fn exe_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    exe.parent().map(Path::to_path_buf)
}

/// `<prefix>/share/formcheck`, beside the binary's `bin/` folder (the package's layout).
pub fn package_share_dir() -> Option<PathBuf> {
    Some(exe_dir()?.parent()?.join("share").join("formcheck"))
}

/// `<prefix>/lib/formcheck`, beside the binary's `bin/` folder (the package's layout).
pub fn package_lib_dir() -> Option<PathBuf> {
    Some(exe_dir()?.parent()?.join("lib").join("formcheck"))
}

/// The user's data folder: `$FORMCHECK_DATA_DIR` when set and not empty, else
/// `<platform data dir>/formcheck` (`~/.local/share/formcheck` on Linux). Sessions go in
/// its `sessions/` (see `session::default_dir`).
pub fn data_dir() -> Option<PathBuf> {
    data_dir_from_env().or_else(default_data_dir)
}

/// The data folder `$FORMCHECK_DATA_DIR` names, when it is set and not empty.
pub fn data_dir_from_env() -> Option<PathBuf> {
    env(DATA_DIR_ENV).map(PathBuf::from)
}

/// `<platform data dir>/formcheck`, the data folder when `FORMCHECK_DATA_DIR` is not set.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("formcheck"))
}

/// The source tree this binary was built from; it may no longer exist.
pub fn source_tree() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `paths` without repeats, keeping the first of each.
pub fn dedup(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::with_capacity(paths.len());
    for p in paths {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Paths for a message: `a, b, c`.
pub fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_folders_sit_beside_the_binarys_folder() {
        let exe = exe_dir().expect("exe dir");
        let prefix = exe.parent().expect("parent");
        assert_eq!(package_share_dir(), Some(prefix.join("share/formcheck")));
        assert_eq!(package_lib_dir(), Some(prefix.join("lib/formcheck")));
    }

    #[test]
    fn dedup_keeps_the_first() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            dedup(vec![p("/a"), p("/b"), p("/a"), p("/c")]),
            vec![p("/a"), p("/b"), p("/c")]
        );
        assert_eq!(list(&[p("/a"), p("/b")]), "/a, /b");
    }
}
