//! ONNX Runtime at the edge: finds `libonnxruntime`, builds sessions, checks model I/O.
//!
//! This is the only file that names `ort`. The library is loaded at run time
//! (`load-dynamic`), looked for in this order ([`search_dirs`]):
//! 1. `ORT_DYLIB_PATH` (a file; when set, the only place);
//! 2. beside the binary, then `<prefix>/lib/formcheck/` (the package's layout:
//!    `/usr/bin/formcheck` → `/usr/lib/formcheck/`), then `.ort/lib/` beside the binary;
//! 3. `lib/` in the user's data folder (`~/.local/share/formcheck/lib`);
//! 4. the source tree's `.ort/lib/`, which the README's set-up fills;
//! 5. the system library folders (`LD_LIBRARY_PATH`, `/usr/local/lib`, `/usr/lib/<triplet>`,
//!    `/usr/lib`);
//! 6. an installed Python `onnxruntime` package (`onnxruntime/capi/`).
//!
//! ONNX Runtime allows one environment per process, so the loaded library and environment
//! live in a process-wide `OnceLock`; everything else (sessions, buffers) is owned by callers.
//!
//! Privacy: the Linux builds of ONNX Runtime on PyPI from 1.29 on carry Microsoft's 1DS
//! telemetry client (`PosixTelemetry` in 1.29 and 1.30, `OneDsTelemetry` from 1.31), which
//! sends DNS queries for `mobile.events.data.microsoft.com` whatever `with_telemetry(false)`
//! says (seen under strace with 1.30.0 and 1.32.0). The set-up installs 1.28.0, the newest
//! release without it, and the lookup skips any library whose file contains the collector's
//! address ([`TELEMETRY_MARKER`]); `ORT_DYLIB_PATH` naming one is refused.
//! `FORMCHECK_ORT_ALLOW_TELEMETRY=1` lifts the refusal (for measuring, e.g. the network
//! test's "does it fail without the fixes" check). The loaded version is logged at info.

use super::models::ModelSpec;
use super::PoseError;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::{HasSelectedOutputs, OutputSelector, RunOptions, Session};
use ort::value::TensorRef;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use super::{CAMERA_RATE_THREADS, DEFAULT_THREADS};

/// How to get the library; every "not found" or "cannot load" message ends with it.
pub const INSTALL_HINT: &str =
    "install the formcheck package (it puts ONNX Runtime 1.28.0 in /usr/lib/formcheck), or put \
libonnxruntime.so.1.28.0 beside the formcheck binary or in ~/.local/share/formcheck/lib, or in \
the source tree run the README's set-up (`bash .ci/setup` fills .ort/lib), or \
`pip install onnxruntime==1.28.0`, or set ORT_DYLIB_PATH to a libonnxruntime.so (version 1.28: \
the newest without Microsoft's telemetry client)";

/// The address of Microsoft's telemetry collector, compiled into every library file that
/// carries the 1DS client (1.29 and newer from PyPI) and absent from 1.28.0 and older.
pub const TELEMETRY_MARKER: &[u8] = b"events.data.microsoft.com";

/// Set to `1` to load a library that carries the telemetry client anyway.
pub const ALLOW_TELEMETRY_ENV: &str = "FORMCHECK_ORT_ALLOW_TELEMETRY";

fn telemetry_allowed() -> bool {
    crate::places::env_on(ALLOW_TELEMETRY_ENV)
}

/// Whether the file at `path` contains ONNX Runtime's telemetry client (read in 1 MiB
/// chunks, overlapping so a marker across a chunk border is found).
pub fn carries_telemetry(path: &Path) -> std::io::Result<bool> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    let keep = TELEMETRY_MARKER.len() - 1;
    let mut buf = vec![0u8; (1 << 20) + keep];
    let mut carried = 0;
    loop {
        let n = file.read(&mut buf[carried..])?;
        if n == 0 {
            return Ok(false);
        }
        let filled = carried + n;
        if contains(&buf[..filled], TELEMETRY_MARKER) {
            return Ok(true);
        }
        carried = keep.min(filled);
        buf.copy_within(filled - carried..filled, 0);
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let mut from = 0;
    while let Some(i) = hay[from..].iter().position(|&b| b == first) {
        let at = from + i + 1;
        if hay.get(at..at + rest.len()) == Some(rest) {
            return true;
        }
        from = at;
    }
    false
}

/// The oldest ONNX Runtime the build's API (`ort` feature `api-28`) can use.
const MIN_VERSION: (u32, u32) = (1, 28);

/// Major and minor version from the real file's name (`libonnxruntime.so.1.28.0`), when it
/// carries one.
fn file_version(path: &Path) -> Option<(u32, u32)> {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let name = real.file_name()?.to_str()?;
    let mut parts = name.strip_prefix("libonnxruntime.so.")?.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Reads a little-endian number of `N` bytes at `at` in `b` (0 past its end).
fn le<const N: usize>(b: &[u8], at: usize) -> u64 {
    b.get(at..at + N).map_or(0, |s| {
        s.iter()
            .rev()
            .fold(0u64, |v, &byte| (v << 8) | u64::from(byte))
    })
}

/// Bytes the ELF file whose first 64 bytes are `head` needs, by its own headers: the end
/// of its program and section header tables and of every loaded segment (`phdrs`: its
/// program headers).
fn elf_needs(head: &[u8], phdrs: &[u8]) -> u64 {
    let sections =
        le::<8>(head, 0x28).saturating_add(le::<2>(head, 0x3C).saturating_mul(le::<2>(head, 0x3A)));
    let size = usize::try_from(le::<2>(head, 0x36)).unwrap_or(0).max(1);
    let segments = phdrs
        .chunks_exact(size)
        .filter(|ph| le::<4>(ph, 0) == 1) // PT_LOAD
        .map(|ph| le::<8>(ph, 0x08).saturating_add(le::<8>(ph, 0x20)))
        .max()
        .unwrap_or(0);
    let table =
        le::<8>(head, 0x20).saturating_add(le::<2>(head, 0x38).saturating_mul(le::<2>(head, 0x36)));
    sections.max(segments).max(table)
}

/// Why the file at `path` cannot be a whole shared library, before it is loaded: not a
/// regular file, no 64-bit ELF header, or shorter than its own headers say (a cut-off copy
/// or download, which the dynamic loader would map and then crash on with SIGBUS).
fn not_a_whole_library(path: &Path) -> Option<String> {
    use std::io::{Read as _, Seek as _};
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return Some(format!("cannot read {shown}: {e}")),
    };
    if let Some(e) = crate::files::not_regular(&meta) {
        return Some(format!("{shown} is {e}"));
    }
    if !cfg!(target_os = "linux") {
        return None;
    }
    let read = || -> std::io::Result<(Vec<u8>, Vec<u8>)> {
        let mut file = std::fs::File::open(path)?;
        let mut head = Vec::with_capacity(64);
        (&mut file).take(64).read_to_end(&mut head)?;
        let count = le::<2>(&head, 0x38).min(4096) * le::<2>(&head, 0x36).min(256);
        let mut phdrs = Vec::new();
        if le::<8>(&head, 0x20) < meta.len() {
            file.seek(std::io::SeekFrom::Start(le::<8>(&head, 0x20)))?;
            file.take(count).read_to_end(&mut phdrs)?;
        }
        Ok((head, phdrs))
    };
    let (head, phdrs) = match read() {
        Ok(r) => r,
        Err(e) => return Some(format!("cannot read {shown}: {e}")),
    };
    if head.len() < 64 || !head.starts_with(b"\x7fELF") || head[4] != 2 || head[5] != 1 {
        return Some(format!(
            "{shown} is not a shared library (no 64-bit ELF header; {} bytes)",
            meta.len()
        ));
    }
    let needs = elf_needs(&head, &phdrs);
    (needs > meta.len()).then(|| {
        format!(
            "{shown} is cut off: {} bytes where its own headers need {needs} (an incomplete \
             copy or download; loading it would crash): copy or install the library again",
            meta.len()
        )
    })
}

/// Why a found library is not used, or `None` when it may be loaded: not a whole library
/// file, too old for this build (e.g. a distribution's package), or carrying the
/// telemetry client.
fn refusal(path: &Path) -> Option<String> {
    if let Some((major, minor)) = file_version(path).filter(|v| *v < MIN_VERSION) {
        return Some(format!(
            "{} is ONNX Runtime {major}.{minor}, older than the {}.{} formcheck is built for",
            path.display(),
            MIN_VERSION.0,
            MIN_VERSION.1
        ));
    }
    if let Some(why) = not_a_whole_library(path) {
        return Some(why);
    }
    match carries_telemetry(path) {
        Ok(false) => None,
        Ok(true) if telemetry_allowed() => {
            tracing::warn!(
                "{} carries Microsoft's telemetry client; loading it because {ALLOW_TELEMETRY_ENV}=1",
                path.display()
            );
            None
        }
        Ok(true) => Some(format!(
            "{} carries Microsoft's telemetry client (ONNX Runtime 1.29 and newer), which \
tries to reach the network; formcheck uses ONNX Runtime 1.28.0, the newest without it",
            path.display()
        )),
        Err(e) => Some(format!("cannot read {}: {e}", path.display())),
    }
}

fn lib_names(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with("libonnxruntime.so")
                    || n == "onnxruntime.dll"
                    || n.starts_with("libonnxruntime.") && n.ends_with(".dylib")
            })
        })
        .collect();
    found.sort();
    // Prefer the fully versioned name (the real file, not a symlink).
    found.reverse();
    found
}

fn python_package_dir() -> Option<PathBuf> {
    for python in ["python3", "python"] {
        let out = std::process::Command::new(python)
            .args([
                "-c",
                "import importlib.util,os;s=importlib.util.find_spec('onnxruntime');print(os.path.dirname(s.origin) if s else '')",
            ])
            .stderr(std::process::Stdio::null())
            .output();
        if let Ok(out) = out {
            let dir = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            if out.status.success() && !dir.is_empty() {
                return Some(PathBuf::from(dir).join("capi"));
            }
        }
    }
    None
}

/// The source tree's folder that the set-up fills.
pub fn local_lib_dir() -> PathBuf {
    crate::places::source_tree().join(".ort").join("lib")
}

/// The system library folders: `LD_LIBRARY_PATH`, then the usual Debian ones.
fn system_lib_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = crate::places::env_raw("LD_LIBRARY_PATH")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| p.is_absolute())
                .collect()
        })
        .unwrap_or_default();
    let triplet = format!("{}-linux-gnu", std::env::consts::ARCH);
    for dir in [
        PathBuf::from("/usr/local/lib"),
        Path::new("/usr/local/lib").join(&triplet),
        Path::new("/usr/lib").join(&triplet),
        PathBuf::from("/usr/lib"),
        Path::new("/lib").join(&triplet),
    ] {
        dirs.push(dir);
    }
    dirs
}

/// The folders looked in for the library when `ORT_DYLIB_PATH` is not set, in order
/// (the Python package, asked last, is not among them).
pub fn search_dirs() -> Vec<PathBuf> {
    use crate::places;
    let mut dirs = Vec::new();
    if let Some(exe) = places::exe_dir() {
        dirs.push(exe.clone());
        dirs.extend(places::package_lib_dir());
        dirs.push(exe.join(".ort").join("lib"));
    }
    dirs.extend(places::data_dir().map(|d| d.join("lib")));
    dirs.push(local_lib_dir());
    dirs.extend(system_lib_dirs());
    places::dedup(dirs)
}

/// Finds the ONNX Runtime shared library, or explains how to get it, naming every place
/// tried. A library that carries the telemetry client is skipped (or, named by
/// `ORT_DYLIB_PATH`, refused) unless `FORMCHECK_ORT_ALLOW_TELEMETRY=1`.
pub fn locate_library() -> Result<PathBuf, PoseError> {
    if let Some(p) = crate::places::env_raw("ORT_DYLIB_PATH") {
        return locate_named(p);
    }
    let dirs = search_dirs();
    let mut refused = Vec::new();
    let candidates = dirs
        .iter()
        .flat_map(|d| lib_names(d))
        // Python is asked only when the folders above have no usable library.
        .chain(
            std::iter::once_with(python_package_dir)
                .flatten()
                .flat_map(|d| lib_names(&d)),
        );
    for p in candidates {
        match refusal(&p) {
            None => return Ok(p),
            Some(why) => {
                tracing::warn!("skipping ONNX Runtime library: {why}");
                refused.push(why);
            }
        }
    }
    let looked = format!(
        "looked at ORT_DYLIB_PATH (not set), {}, and the Python onnxruntime package",
        crate::places::list(&dirs)
    );
    if refused.is_empty() {
        return Err(PoseError::RuntimeMissing(format!(
            "ONNX Runtime library not found ({looked}); {INSTALL_HINT}"
        )));
    }
    Err(PoseError::RuntimeMissing(format!(
        "no usable ONNX Runtime library ({looked}): {}; {INSTALL_HINT}",
        refused.join("; ")
    )))
}

/// The library named by `ORT_DYLIB_PATH`: the only place looked at when it is set.
fn locate_named(p: std::ffi::OsString) -> Result<PathBuf, PoseError> {
    if p.is_empty() {
        return Err(PoseError::RuntimeMissing(format!(
            "ORT_DYLIB_PATH is set but empty: unset it to use the set-up's library, or point it to a libonnxruntime.so; {INSTALL_HINT}"
        )));
    }
    let p = PathBuf::from(p);
    if !p.is_file() {
        return Err(PoseError::RuntimeMissing(format!(
            "ONNX Runtime library not found: ORT_DYLIB_PATH points to {}, which is not a file (the only place looked at while it is set); {INSTALL_HINT}",
            p.display()
        )));
    }
    match refusal(&p) {
        None => Ok(p),
        Some(why) => Err(PoseError::RuntimeMissing(format!(
            "ONNX Runtime library refused (ORT_DYLIB_PATH): {why}; {INSTALL_HINT}"
        ))),
    }
}

/// The loaded library's version, from its real file's name (`libonnxruntime.so.1.28.0`, as
/// the wheels and release archives name it), with the build's commit from its build
/// information; just the build information when the name carries no version.
fn loaded_version(path: &Path) -> String {
    let info = ort::info();
    let commit = info
        .split([',', ' '])
        .find(|part| part.starts_with("git-commit-id="));
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let version = name
        .strip_prefix("libonnxruntime.so.")
        .or_else(|| {
            name.strip_prefix("libonnxruntime.")
                .and_then(|n| n.strip_suffix(".dylib"))
        })
        .filter(|v| v.chars().next().is_some_and(|c| c.is_ascii_digit()));
    match (version, commit) {
        (Some(v), Some(c)) => format!("{v} ({c})"),
        (Some(v), None) => v.to_owned(),
        (None, _) => format!("of unknown version ({info})"),
    }
}

/// Why ONNX Runtime could not be loaded (kept for the process: it is loaded once).
#[derive(Debug, thiserror::Error)]
enum LoadError {
    #[error(transparent)]
    NotFound(PoseError),
    #[error("could not load ONNX Runtime from {}: {message}; {INSTALL_HINT}", .path.display())]
    Load { path: PathBuf, message: String },
    #[error("could not start ONNX Runtime from {}: {message}", .path.display())]
    Start { path: PathBuf, message: String },
}

static RUNTIME: OnceLock<Result<(PathBuf, ort::environment::Environment), LoadError>> =
    OnceLock::new();

/// Loads the library and creates the environment once per process; returns the library path.
pub fn ensure_runtime() -> Result<PathBuf, PoseError> {
    environment().map(|(p, _)| p.to_path_buf())
}

/// Loads the library (once per process) and returns its path and version, e.g.
/// `1.28.0 (git-commit-id=…)`.
pub fn loaded() -> Result<(PathBuf, String), PoseError> {
    let (path, _) = environment()?;
    Ok((path.to_path_buf(), loaded_version(path)))
}

fn environment() -> Result<(&'static Path, &'static ort::environment::Environment), PoseError> {
    let r = RUNTIME.get_or_init(|| {
        let path = locate_library().map_err(LoadError::NotFound)?;
        let builder = ort::init_from(&path).map_err(|e| LoadError::Load {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let env = builder
            .with_name("formcheck")
            .with_telemetry(false)
            .build()
            .map_err(|e| LoadError::Start {
                path: path.clone(),
                message: e.to_string(),
            })?;
        tracing::info!(
            "ONNX Runtime {} loaded from {}",
            loaded_version(&path),
            path.display()
        );
        Ok((path, env))
    });
    match r {
        Ok((p, env)) => Ok((p.as_path(), env)),
        // Shown as it was: the first failure's words, at each later call too.
        Err(why) => Err(PoseError::RuntimeMissing(why.to_string())),
    }
}

fn rt_err(context: &str) -> impl Fn(ort::Error) -> PoseError + '_ {
    move |e| PoseError::Runtime {
        context: context.to_owned(),
        message: e.to_string(),
    }
}

/// Session settings that `formcheck bench` measured (see benches/RESULTS.md). The defaults
/// are the fastest found; `FORMCHECK_ORT_*` environment variables override them so the
/// alternatives can be re-measured without a rebuild:
/// `FORMCHECK_ORT_SPIN=1` (intra-op spinning), `FORMCHECK_ORT_MEM_PATTERN=0`,
/// `FORMCHECK_ORT_OPT=0|1|2|3` (disable / basic / extended / all graph optimisations),
/// `FORMCHECK_ORT_ALL_OUTPUTS=1` (materialise unused outputs such as segmentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    pub spinning: bool,
    pub memory_pattern: bool,
    pub opt_level: u8,
    pub all_outputs: bool,
}

impl Tuning {
    /// The defaults, overridden by `FORMCHECK_ORT_*`.
    pub fn from_env() -> Self {
        let flag = |k: &str, default: bool| match crate::places::env_str(k).as_deref() {
            Some("1" | "true" | "on") => true,
            Some("0" | "false" | "off") => false,
            _ => default,
        };
        Self {
            spinning: flag("FORMCHECK_ORT_SPIN", false),
            memory_pattern: flag("FORMCHECK_ORT_MEM_PATTERN", true),
            opt_level: crate::places::env_str("FORMCHECK_ORT_OPT")
                .and_then(|v| v.parse().ok())
                .unwrap_or(3),
            all_outputs: flag("FORMCHECK_ORT_ALL_OUTPUTS", false),
        }
    }
}

/// One ONNX model ready to run, with its checked I/O.
pub struct Model {
    session: Session,
    spec: ModelSpec,
    input_shape: Vec<usize>,
    /// Set by [`Model::select_outputs`]: only these outputs are fetched from ONNX Runtime.
    selected: Option<(RunOptions<HasSelectedOutputs>, Vec<bool>)>,
    all_outputs: bool,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("name", &self.spec.name)
            .finish()
    }
}

impl Model {
    /// Builds a session from model bytes (already checksum-verified by the caller) and checks
    /// its inputs and outputs against `spec`. `path` is only used in messages.
    pub fn from_bytes(
        bytes: &[u8],
        spec: &ModelSpec,
        path: &Path,
        threads: usize,
    ) -> Result<Self, PoseError> {
        let (_, env) = environment()?;
        let context = format!("loading {}", path.display());
        let err = rt_err(&context);
        let tuning = Tuning::from_env();
        let level = match tuning.opt_level {
            0 => GraphOptimizationLevel::Disable,
            1 => GraphOptimizationLevel::Level1,
            2 => GraphOptimizationLevel::Level2,
            _ => GraphOptimizationLevel::Level3,
        };
        let session = Session::builder(env)
            .map_err(&err)?
            .with_optimization_level(level)
            .map_err(|e| err(e.into()))?
            .with_intra_threads(threads.max(1))
            .map_err(|e| err(e.into()))?
            .with_inter_threads(1)
            .map_err(|e| err(e.into()))?
            .with_intra_op_spinning(tuning.spinning)
            .map_err(|e| err(e.into()))?
            .with_memory_pattern(tuning.memory_pattern)
            .map_err(|e| err(e.into()))?
            .commit_from_memory(bytes)
            .map_err(|e| PoseError::ModelShape {
                path: path.to_path_buf(),
                why: format!("ONNX Runtime cannot read it as a model: {e}"),
            })?;
        check_io(&session, spec, path)?;
        let input_shape = spec
            .input
            .first()
            .map(|t| t.shape.iter().map(|&d| d.max(1) as usize).collect())
            .unwrap_or_default();
        Ok(Self {
            session,
            spec: spec.clone(),
            input_shape,
            selected: None,
            all_outputs: tuning.all_outputs,
        })
    }

    /// Fetch only the outputs at `keep` (manifest order) from now on; the others are not
    /// materialised or copied and read back empty from [`Model::run`]. (The graph still
    /// computes them: ONNX Runtime does not prune nodes per request.)
    pub fn select_outputs(&mut self, keep: &[usize]) -> Result<(), PoseError> {
        if self.all_outputs {
            return Ok(());
        }
        let mut selector = OutputSelector::no_default();
        let mut mask = vec![false; self.spec.output.len()];
        for &i in keep {
            if let Some(o) = self.spec.output.get(i) {
                selector = selector.with(o.name.clone());
                mask[i] = true;
            }
        }
        let options = RunOptions::new()
            .map_err(rt_err("setting run options"))?
            .with_outputs(selector);
        self.selected = Some((options, mask));
        Ok(())
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Runs the model on one NHWC float input and copies each output, in manifest order,
    /// into `outputs` (buffers are reused across calls). For a caller that must keep the
    /// outputs past the call (a job handed to another thread); otherwise [`Model::run_with`].
    pub fn run(&mut self, input: &[f32], outputs: &mut [Vec<f32>]) -> Result<(), PoseError> {
        self.run_with(input, |got| {
            for (buf, data) in outputs.iter_mut().zip(got) {
                buf.clear();
                buf.extend_from_slice(data);
            }
        })
    }

    /// Runs the model on one NHWC float input and hands `read` every output, in manifest
    /// order, as a slice of ONNX Runtime's own buffer: nothing is copied (the landmark
    /// model's heatmap alone is 640 KB a run, of which the decoder reads 33 small windows).
    /// An output not selected ([`Model::select_outputs`]) is an empty slice.
    pub fn run_with<R>(
        &mut self,
        input: &[f32],
        read: impl FnOnce(&[&[f32]]) -> R,
    ) -> Result<R, PoseError> {
        let err = rt_err("running the model");
        let tensor =
            TensorRef::from_array_view((self.input_shape.as_slice(), input)).map_err(&err)?;
        let (result, mask) = match &self.selected {
            Some((options, mask)) => (
                self.session
                    .run_with_options(ort::inputs![tensor], options)
                    .map_err(&err)?,
                Some(mask),
            ),
            None => (self.session.run(ort::inputs![tensor]).map_err(&err)?, None),
        };
        let mut got: Vec<&[f32]> = Vec::with_capacity(self.spec.output.len());
        for (i, spec) in self.spec.output.iter().enumerate() {
            if mask.is_some_and(|m| !m.get(i).copied().unwrap_or(false)) {
                got.push(&[]);
                continue;
            }
            let Some(value) = result.get(&spec.name) else {
                return Err(PoseError::Runtime {
                    context: "running the model".to_owned(),
                    message: format!("output '{}' missing", spec.name),
                });
            };
            let (_, data) = value.try_extract_tensor::<f32>().map_err(&err)?;
            got.push(data);
        }
        Ok(read(&got))
    }
}

fn check_io(session: &Session, spec: &ModelSpec, path: &Path) -> Result<(), PoseError> {
    let mismatch = |why: String| PoseError::ModelShape {
        path: path.to_path_buf(),
        why,
    };
    let describe = |outlets: &[ort::value::Outlet]| {
        outlets
            .iter()
            .map(|o| {
                format!(
                    "{} {:?}",
                    o.name(),
                    o.dtype().tensor_shape().map(|s| s.to_vec())
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (kind, outlets, wanted) in [
        ("input", session.inputs(), &spec.input),
        ("output", session.outputs(), &spec.output),
    ] {
        for want in wanted {
            let Some(got) = outlets.iter().find(|o| o.name() == want.name) else {
                return Err(mismatch(format!(
                    "expected {kind} '{}' {:?} for {}, found {}",
                    want.name,
                    want.shape,
                    spec.name,
                    describe(outlets)
                )));
            };
            let shape = got
                .dtype()
                .tensor_shape()
                .map(|s| s.to_vec())
                .unwrap_or_default();
            let same = shape.len() == want.shape.len()
                && shape
                    .iter()
                    .zip(&want.shape)
                    .all(|(a, b)| a == b || *a < 0 || *b < 0);
            if !same {
                return Err(mismatch(format!(
                    "{kind} '{}' has shape {shape:?}, expected {:?} for {}",
                    want.name, want.shape, spec.name
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_library_older_than_the_build_is_skipped_with_its_version() {
        let dir = std::env::temp_dir().join(format!("formcheck-old-ort-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let old = dir.join("libonnxruntime.so.1.21.0");
        let new = dir.join("libonnxruntime.so.1.28.0");
        std::fs::write(&old, b"not a library").expect("write");
        std::fs::write(&new, b"not a library").expect("write");
        let why = refusal(&old).expect("refused");
        assert!(why.contains("1.21, older than the 1.28"), "{why}");
        // A new enough name is no library when the file is not one (issue 26).
        let why = refusal(&new).expect("refused");
        assert!(why.contains("not a shared library"), "{why}");
        assert_eq!(file_version(Path::new("libonnxruntime.so")), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A library shorter than its own ELF headers say (a cut-off copy) is refused before
    /// it is loaded, naming the sizes (issue 26).
    #[test]
    fn a_cut_off_library_is_refused() {
        let dir = std::env::temp_dir().join(format!("formcheck-cut-ort-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let mut head = vec![0u8; 64];
        head[..4].copy_from_slice(b"\x7fELF");
        head[4] = 2; // 64-bit
        head[5] = 1; // little-endian
        head[0x28..0x30].copy_from_slice(&1000u64.to_le_bytes()); // section headers at 1000
        head[0x3A..0x3C].copy_from_slice(&64u16.to_le_bytes());
        head[0x3C..0x3E].copy_from_slice(&10u16.to_le_bytes());
        let cut = dir.join("libonnxruntime.so.1.28.0");
        std::fs::write(&cut, &head).expect("write");
        let why = refusal(&cut).expect("refused");
        assert!(
            why.contains("is cut off: 64 bytes where its own headers need 1640"),
            "{why}"
        );
        let mut whole = head.clone();
        whole.resize(1640, 0);
        std::fs::write(&cut, &whole).expect("write");
        assert_eq!(not_a_whole_library(&cut), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_package_layout_comes_before_the_source_tree_and_the_system() {
        let dirs = search_dirs();
        let at = |p: &Path| dirs.iter().position(|d| d == p);
        let package = at(&crate::places::package_lib_dir().expect("lib dir")).expect("package");
        let source = at(&local_lib_dir()).expect("source tree");
        let system = at(Path::new("/usr/lib")).expect("system");
        assert!(package < source && source < system, "{dirs:?}");
    }

    #[test]
    fn marker_found_anywhere_even_across_chunks() {
        assert!(contains(
            b"https://mobile.events.data.microsoft.com/OneCollector/1.0/",
            TELEMETRY_MARKER
        ));
        assert!(!contains(b"events.data.microsoft.co", TELEMETRY_MARKER));
        assert!(!contains(b"", TELEMETRY_MARKER));
        let dir = std::env::temp_dir().join(format!("formcheck-marker-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        // The marker straddling the 1 MiB chunk border, and one with no marker.
        let mut bytes = vec![b'O'; (1 << 20) - 5];
        bytes.extend_from_slice(TELEMETRY_MARKER);
        bytes.extend_from_slice(&[0; 100]);
        let with = dir.join("with.so");
        std::fs::write(&with, &bytes).expect("write");
        let without = dir.join("without.so");
        std::fs::write(&without, &bytes[..(1 << 20)]).expect("write");
        assert!(carries_telemetry(&with).expect("read"));
        assert!(!carries_telemetry(&without).expect("read"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
