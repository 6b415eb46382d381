//! The network lockdown: the process denies itself the sockets that reach other machines.
//!
//! formcheck has no network code, and the ONNX Runtime it loads is a version without
//! Microsoft's telemetry client (see `pose/runtime.rs`). This is the second wall, for any
//! library loaded now or later (ONNX Runtime, the GPU driver, the camera stack): at start,
//! before any thread exists, `main` installs a seccomp filter that makes `socket(AF_INET, …)`
//! and `socket(AF_INET6, …)` fail with `EPERM`, and so does `io_uring_setup` (an io_uring
//! can open sockets without the `socket` call the filter sees). Nothing else is
//! touched: local (`AF_UNIX`) sockets keep working, so the X11 or Wayland display, PulseAudio
//! or PipeWire and D-Bus are unaffected, and so is netlink.
//!
//! The filter is inherited by every thread and every child process (`ffmpeg`, `espeak-ng`,
//! `aplay`), and the process can no longer gain privileges through set-uid programs (seccomp
//! needs `no_new_privs`), which formcheck never uses.
//!
//! The trade-off: a display reached over TCP stops working, e.g. `DISPLAY=otherhost:0` or
//! ssh's X11 forwarding (`DISPLAY=localhost:10.0`). For those, set
//! `FORMCHECK_ALLOW_NETWORK=1` to start without the filter.
//!
//! Only Linux on x86_64, aarch64 and riscv64 has the filter; elsewhere [`install`] reports
//! [`Lockdown::Unsupported`] and the program runs as before.

/// Set to `1` to start without the network lockdown (e.g. for a display over TCP).
pub const ALLOW_NETWORK_ENV: &str = "FORMCHECK_ALLOW_NETWORK";

/// The outcome of [`install_unless_allowed`], for the log once logging is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lockdown {
    /// The filter is installed on every thread of the process.
    On,
    /// `FORMCHECK_ALLOW_NETWORK=1`: not installed on purpose.
    Disabled,
    /// This platform has no seccomp filter (not Linux, or another architecture).
    Unsupported(String),
}

/// The filter could not be built or installed (e.g. a kernel without seccomp).
#[derive(Debug, thiserror::Error)]
#[error("could not install the network lockdown (seccomp filter): {0}")]
pub struct LockdownError(String);

/// Installs the filter unless `FORMCHECK_ALLOW_NETWORK=1`. Call it first in `main`.
pub fn install_unless_allowed() -> Result<Lockdown, LockdownError> {
    if crate::places::env_on(ALLOW_NETWORK_ENV) {
        return Ok(Lockdown::Disabled);
    }
    install()
}

/// Logs what [`install_unless_allowed`] did: debug when on, warn when it failed.
pub fn log(outcome: &Result<Lockdown, LockdownError>) {
    match outcome {
        Ok(Lockdown::On) => tracing::debug!(
            "network lockdown on: inet sockets denied (seccomp); {ALLOW_NETWORK_ENV}=1 turns it off"
        ),
        Ok(Lockdown::Disabled) => {
            tracing::info!("network lockdown off ({ALLOW_NETWORK_ENV}=1)");
        }
        Ok(Lockdown::Unsupported(why)) => tracing::debug!("network lockdown not available: {why}"),
        Err(e) => tracing::warn!("{e}"),
    }
}

/// Installs the filter on every thread of the process (seccomp's TSYNC).
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    )
))]
pub fn install() -> Result<Lockdown, LockdownError> {
    let program = filter()?;
    seccompiler::apply_filter_all_threads(&program).map_err(|e| LockdownError(e.to_string()))?;
    Ok(Lockdown::On)
}

/// No seccomp filter on this platform.
#[cfg(not(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    )
)))]
pub fn install() -> Result<Lockdown, LockdownError> {
    Ok(Lockdown::Unsupported(format!(
        "no seccomp filter for {} on {}",
        std::env::consts::ARCH,
        std::env::consts::OS
    )))
}

/// The BPF program: `socket(AF_INET|AF_INET6, …)` and `io_uring_setup` fail with `EPERM`,
/// everything else is allowed.
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    )
))]
fn filter() -> Result<seccompiler::BpfProgram, LockdownError> {
    use seccompiler::{
        SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter, SeccompRule,
    };
    let err = |e: seccompiler::BackendError| LockdownError(e.to_string());
    let domain_is = |family: libc::c_int| {
        SeccompCondition::new(
            0,
            SeccompCmpArgLen::Dword,
            SeccompCmpOp::Eq,
            u64::from(family.unsigned_abs()),
        )
        .and_then(|c| SeccompRule::new(vec![c]))
        .map_err(err)
    };
    let arch = std::env::consts::ARCH
        .try_into()
        .map_err(|e: seccompiler::BackendError| err(e))?;
    let rules = [
        (
            libc::SYS_socket,
            vec![domain_is(libc::AF_INET)?, domain_is(libc::AF_INET6)?],
        ),
        (libc::SYS_io_uring_setup, vec![]),
    ];
    let filter = SeccompFilter::new(
        rules.into_iter().collect(),
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM.unsigned_abs()),
        arch,
    )
    .map_err(err)?;
    filter.try_into().map_err(err)
}
