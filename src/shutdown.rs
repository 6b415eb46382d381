//! Asked to stop: SIGTERM, SIGINT (Ctrl-C) and SIGHUP become a flag to poll.
//!
//! A killed session loses at most its last second (the writer flushes every second), but it
//! reads back as unfinished. With [`Shutdown::install`] the first of these signals only sets a
//! flag; the loop that owns the session polls [`Shutdown::requested`], writes the `end`
//! record (with [`Shutdown::detail`] naming the signal) and returns. A second signal ends the
//! process at once (exit status 130), so a stuck program can still be stopped.
//!
//! Only install it where something polls it: until then the first signal does nothing.

#[cfg(not(target_arch = "wasm32"))]
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// Exit status after a second signal (the shell's 128 + SIGINT).
#[cfg(not(target_arch = "wasm32"))]
const SECOND_SIGNAL_STATUS: i32 = 130;

/// The stop request, shared with the signal handlers. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    requested: Arc<AtomicBool>,
    /// The last signal received (0: none).
    signal: Arc<AtomicUsize>,
}

impl Shutdown {
    /// A flag no signal sets (for tests and for callers that stop for other reasons).
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the handlers for SIGTERM, SIGINT and SIGHUP.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn install() -> std::io::Result<Self> {
        let s = Self::new();
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            // Order matters: the conditional exit runs first and sees the flag as the earlier
            // signal left it, so only a second signal exits.
            signal_hook::flag::register_conditional_shutdown(
                sig,
                SECOND_SIGNAL_STATUS,
                Arc::clone(&s.requested),
            )?;
            signal_hook::flag::register(sig, Arc::clone(&s.requested))?;
            signal_hook::flag::register_usize(
                sig,
                Arc::clone(&s.signal),
                sig.unsigned_abs() as usize,
            )?;
        }
        Ok(s)
    }

    /// Whether a stop was asked for.
    pub fn requested(&self) -> bool {
        self.requested.load(Ordering::SeqCst)
    }

    /// Asks for a stop without a signal (e.g. the window's close button).
    pub fn request(&self) {
        self.requested.store(true, Ordering::SeqCst);
    }

    /// The signal that asked for the stop (its number), if one did.
    pub fn signal(&self) -> Option<i32> {
        i32::try_from(self.signal.load(Ordering::SeqCst))
            .ok()
            .filter(|&s| s != 0)
    }

    /// For the session's `end` record: which signal asked, e.g. `"SIGTERM"`.
    pub fn detail(&self) -> Option<String> {
        let signal = self.signal.load(Ordering::SeqCst);
        let name = match i32::try_from(signal).unwrap_or(0) {
            0 => return None,
            s => signal_name(s).map_or_else(|| format!("signal {s}"), str::to_owned),
        };
        Some(format!("stopped by {name}"))
    }
}

/// "SIGTERM" for the signals [`Shutdown::install`] handles.
#[cfg(not(target_arch = "wasm32"))]
fn signal_name(signal: i32) -> Option<&'static str> {
    [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT"), (SIGHUP, "SIGHUP")]
        .into_iter()
        .find_map(|(s, name)| (s == signal).then_some(name))
}

/// A browser tab gets no signals.
#[cfg(target_arch = "wasm32")]
fn signal_name(_signal: i32) -> Option<&'static str> {
    None
}
