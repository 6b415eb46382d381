//! `formcheck doctor`: what formcheck needs, where it found each piece, and the fix for
//! what is missing.
//!
//! Each check is one line: `ok`, `warn` (coaching works without it, e.g. no camera: a video
//! still can be coached; no speech) or `MISSING` (formcheck cannot coach: the ONNX Runtime
//! library, the models shipped with it, the exercise content). Everything not `ok` carries
//! its fix. The exit code is 0 only when nothing is missing; else the documented code of
//! the first missing piece (5 runtime, 4 models, 7 content).
//!
//! It loads ONNX Runtime the way every other command does (so the version is the one that
//! would run), reads and checksums each model file against the manifest compiled into the
//! binary, and loads the content; it writes nothing but a probe file, removed at once, to
//! tell whether the data folder is writable.

use super::exit;
use crate::lockdown::{Lockdown, LockdownError, ALLOW_NETWORK_ENV};
use crate::pose::models::{self, ModelSpec};
use crate::pose::{runtime, ModelKind};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Args)]
pub struct DoctorArgs {
    /// Folder with the .onnx files to check (default: the places `run` looks in).
    #[arg(long)]
    pub models_dir: Option<PathBuf>,
}

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// Missing or wrong, but formcheck can coach without it.
    Warn,
    /// formcheck cannot coach until this is fixed.
    Missing,
}

/// One line of the report.
#[derive(Debug, Clone)]
pub struct Check {
    pub what: String,
    pub status: Status,
    pub found: String,
    pub fix: Option<String>,
    /// The exit code when this is [`Status::Missing`].
    pub code: i32,
}

impl Check {
    fn ok(what: impl Into<String>, found: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            status: Status::Ok,
            found: found.into(),
            fix: None,
            code: exit::OK,
        }
    }

    fn warn(what: impl Into<String>, found: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            status: Status::Warn,
            found: found.into(),
            fix: Some(fix.into()),
            code: exit::OK,
        }
    }

    fn missing(
        what: impl Into<String>,
        found: impl Into<String>,
        fix: impl Into<String>,
        code: i32,
    ) -> Self {
        Self {
            what: what.into(),
            status: Status::Missing,
            found: found.into(),
            fix: Some(fix.into()),
            code,
        }
    }
}

/// Runs every check, prints the report and returns the exit code.
pub fn run(args: &DoctorArgs, lockdown: &Result<Lockdown, LockdownError>) -> anyhow::Result<i32> {
    let checks = checks(args, lockdown);
    print!("{}", render(&checks));
    Ok(exit_code(&checks))
}

/// Every check, in the report's order.
pub fn checks(args: &DoctorArgs, lockdown: &Result<Lockdown, LockdownError>) -> Vec<Check> {
    let mut out = vec![runtime_check()];
    out.extend(model_checks(args.models_dir.as_deref()));
    out.push(content_check());
    out.push(camera_check());
    out.extend(program_checks());
    out.push(display_check());
    out.push(data_check());
    out.push(config_check());
    out.push(lockdown_check(lockdown));
    out
}

/// 0 when nothing is missing, else the code of the first missing piece.
pub fn exit_code(checks: &[Check]) -> i32 {
    checks
        .iter()
        .find(|c| c.status == Status::Missing)
        .map_or(exit::OK, |c| c.code)
}

/// The report: one line per check, its fix below it, then the verdict.
pub fn render(checks: &[Check]) -> String {
    let mut out = String::from("formcheck doctor: what formcheck needs and where it found it\n\n");
    let width = checks
        .iter()
        .map(|c| c.what.chars().count())
        .max()
        .unwrap_or(0);
    for c in checks {
        let tag = match c.status {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Missing => "MISSING",
        };
        let _ = writeln!(out, "{tag:<8}{:<width$}  {}", c.what, c.found);
        if let Some(fix) = &c.fix {
            let _ = writeln!(out, "{:8}{:<width$}  fix: {fix}", "", "");
        }
    }
    let missing = checks
        .iter()
        .filter(|c| c.status == Status::Missing)
        .count();
    let warned = checks.iter().filter(|c| c.status == Status::Warn).count();
    out.push('\n');
    if missing == 0 {
        let _ = writeln!(
            out,
            "formcheck can coach: `formcheck run` opens the app.{}",
            if warned > 0 {
                format!(" ({warned} warning(s) above: optional, each with its fix.)")
            } else {
                String::new()
            }
        );
    } else {
        let _ = writeln!(
            out,
            "formcheck cannot coach yet: {missing} thing(s) missing, each with its fix above."
        );
    }
    out
}

fn runtime_check() -> Check {
    match runtime::loaded() {
        Ok((path, version)) => {
            Check::ok("ONNX Runtime", format!("{version} at {}", path.display()))
        }
        Err(e) => {
            // The error ends with the install hint: show what went wrong, then the fix.
            let text = e.to_string();
            let found = text
                .strip_suffix(runtime::INSTALL_HINT)
                .map_or(text.as_str(), |t| t.trim_end_matches([';', ' ']))
                .to_owned();
            Check::missing("ONNX Runtime", found, runtime::INSTALL_HINT, exit::RUNTIME)
        }
    }
}

/// The detector and the shipped landmark models are needed; the heavy model is optional.
fn model_checks(dir: Option<&Path>) -> Vec<Check> {
    let specs = match models::all_specs() {
        Ok(s) => s,
        Err(e) => {
            return vec![Check::missing(
                "models",
                e.to_string(),
                "the binary's model manifest is broken: reinstall formcheck",
                exit::MODEL,
            )]
        }
    };
    let dir = dir.map_or_else(models::default_models_dir, Path::to_path_buf);
    specs.iter().map(|spec| model_check(&dir, spec)).collect()
}

fn model_check(dir: &Path, spec: &ModelSpec) -> Check {
    let what = format!("model {}", spec.name);
    let optional = spec.name == ModelKind::Heavy.manifest_name();
    match models::read_verified(dir, spec) {
        Ok((path, _)) => Check::ok(
            what,
            format!(
                "{} (SHA-256 {}… as in the manifest)",
                path.display(),
                &spec.sha256[..spec.sha256.len().min(12)]
            ),
        ),
        Err(e) => {
            // A missing file's error is "not found: path" then the places tried and the fix.
            let text = e.to_string();
            let (found, fix) = match text.split_once("\n  ") {
                Some((found, fix)) => (found.to_owned(), fix.to_owned()),
                None => (text.clone(), "reinstall the formcheck package".to_owned()),
            };
            if optional {
                let found = "not installed (optional: `--model heavy`, the most accurate)";
                Check::warn(what, found, fix)
            } else {
                Check::missing(what, found, fix, exit::MODEL)
            }
        }
    }
}

fn content_check() -> Check {
    let source = crate::content::default_source();
    match crate::content::load_source_strict(&source) {
        Ok(catalog) => Check::ok(
            "exercises",
            format!(
                "{} exercises and the routine \"{}\", {}",
                catalog.exercises.len(),
                catalog.routine.name,
                source.describe()
            ),
        ),
        Err(e) => Check::missing(
            "exercises",
            format!("{}: {e}", source.describe()),
            format!(
                "fix the files named, or unset {} to use the exercises built into formcheck",
                crate::content::CONTENT_DIR_ENV
            ),
            exit::CONTENT,
        ),
    }
}

fn camera_check() -> Check {
    let fix = format!(
        "{} (`formcheck cameras` lists the cameras found and the picture each gives; a video: \
         `formcheck run --source clip.mp4`)",
        crate::source::NO_CAMERA_ADVICE
    );
    match crate::source::list_cameras() {
        Ok(cams) if !cams.is_empty() => Check::ok(
            "cameras",
            cams.iter()
                .map(|(i, name)| format!("{i}: {name}"))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Ok(_) => Check::warn("cameras", "none found", fix.clone()),
        Err(e) => Check::warn("cameras", e.to_string(), fix),
    }
}

/// The programs formcheck runs: ffmpeg (videos), a tone player, espeak-ng (speech).
fn program_checks() -> Vec<Check> {
    let found = |names: &[&str]| crate::audio::find_program(names);
    let program = |what: &str, names: &[&str], missing: &str, fix: &str| match found(names) {
        Some(p) => Check::ok(what, p.display().to_string()),
        None => Check::warn(
            what,
            format!("{missing} (looked on PATH for {})", names.join(", ")),
            fix,
        ),
    };
    vec![
        program(
            "video decoding",
            &["ffmpeg"],
            "ffmpeg not found: video files cannot be read (the camera and photos work)",
            "sudo apt install ffmpeg",
        ),
        program(
            "sound",
            &["aplay", "paplay", "pw-play", "ffplay"],
            "no player found: no tones at rep, hold and side changes",
            "sudo apt install alsa-utils (or pulseaudio-utils, pipewire-bin)",
        ),
        program(
            "speech",
            &["espeak-ng", "espeak"],
            "espeak-ng not found: corrections are shown, not spoken",
            "sudo apt install espeak-ng",
        ),
    ]
}

fn display_check() -> Check {
    let set = crate::places::env;
    match (set("WAYLAND_DISPLAY"), set("DISPLAY")) {
        (Some(w), _) => Check::ok("display", format!("Wayland {}", w.to_string_lossy())),
        (None, Some(x)) => Check::ok("display", format!("X11 {}", x.to_string_lossy())),
        (None, None) => Check::warn(
            "display",
            "none (DISPLAY and WAYLAND_DISPLAY unset): `formcheck run` cannot open its window; the other commands work",
            "start formcheck from a desktop session",
        ),
    }
}

/// The sessions folder: it exists and is writable, or the nearest folder above it is (the
/// app creates it on the first session).
fn data_check() -> Check {
    let what = "data folder";
    let fix = format!(
        "make it a writable folder, or set {} to one",
        crate::session::DATA_DIR_ENV
    );
    let dir = match crate::session::default_dir() {
        Ok(d) => d,
        Err(e) => return Check::warn(what, format!("{e}: sessions are not recorded"), fix),
    };
    match writable(&dir) {
        Ok(()) if dir.is_dir() => Check::ok(what, format!("sessions in {}", dir.display())),
        Ok(()) => Check::ok(
            what,
            format!("sessions in {} (made on the first session)", dir.display()),
        ),
        Err(why) => Check::warn(
            what,
            format!("{}: {why}: sessions are not recorded", dir.display()),
            fix,
        ),
    }
}

fn config_check() -> Check {
    let what = "settings";
    let fix = format!(
        "make the folder writable, or set {} to a writable folder",
        crate::prefs::CONFIG_DIR_ENV
    );
    let path = match crate::prefs::default_path() {
        Ok(p) => p,
        Err(e) => return Check::warn(what, format!("{e}: settings are not kept"), fix),
    };
    let dir = path.parent().unwrap_or(Path::new("/"));
    if let Err(why) = writable(dir) {
        return Check::warn(
            what,
            format!("{}: {why}: settings are not kept", path.display()),
            fix,
        );
    }
    let (_, problem) = crate::prefs::Settings::load(&path);
    match problem {
        Some(e) => Check::warn(
            what,
            format!("{e} (the defaults are used)"),
            format!("fix or delete {}", path.display()),
        ),
        None if path.is_file() => Check::ok(what, path.display().to_string()),
        None => Check::ok(what, format!("{} (defaults until saved)", path.display())),
    }
}

fn lockdown_check(lockdown: &Result<Lockdown, LockdownError>) -> Check {
    let what = "network lockdown";
    match lockdown {
        Ok(Lockdown::On) => Check::ok(what, "on: this process and its children cannot open internet sockets"),
        Ok(Lockdown::Disabled) => Check::warn(
            what,
            format!("off ({ALLOW_NETWORK_ENV}=1)"),
            format!("unset {ALLOW_NETWORK_ENV} unless the display is reached over TCP"),
        ),
        Ok(Lockdown::Unsupported(why)) => Check::warn(
            what,
            format!("not available: {why}"),
            "formcheck has no network code; the lockdown is a second wall on Linux x86_64, aarch64 and riscv64",
        ),
        Err(e) => Check::warn(
            what,
            e.to_string(),
            "use a kernel with seccomp (formcheck has no network code either way)",
        ),
    }
}

/// Why files cannot be made in a folder.
#[derive(Debug, thiserror::Error)]
enum NotWritable {
    #[error("no folder above it exists")]
    NoFolderAbove,
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot write in {}: {source}", .dir.display())]
    Write {
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// Whether files can be made in `dir`, or (when it does not exist yet) in the nearest
/// folder above it: a probe file is written and removed.
fn writable(dir: &Path) -> Result<(), NotWritable> {
    let existing = dir
        .ancestors()
        .find(|a| a.exists())
        .ok_or(NotWritable::NoFolderAbove)?;
    if !existing.is_dir() {
        return Err(NotWritable::NotAFolder(existing.to_path_buf()));
    }
    let probe = existing.join(format!(".formcheck-doctor-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|source| NotWritable::Write {
        dir: existing.to_path_buf(),
        source,
    })?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}
