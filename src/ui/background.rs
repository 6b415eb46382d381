//! Work a screen needs done off the UI thread (reading every session of the history),
//! polled each frame: the window keeps drawing however long the work takes.
//!
//! The first poll waits a moment ([`FIRST_WAIT`]) so that quick work (a short history)
//! shows in the frame that asked for it, as if it had been done there; longer work shows
//! "Reading…" and the window is repainted when it is done.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long the first poll waits for the work before the screen says it is still reading.
pub const FIRST_WAIT: Duration = Duration::from_millis(300);

/// Work running on a thread of its own, then its result.
pub struct Background<T> {
    state: State<T>,
    polled: bool,
}

enum State<T> {
    Running(Receiver<T>),
    Done(T),
    /// The thread ended without an answer (it panicked).
    Lost,
}

impl<T: Send + 'static> Background<T> {
    /// Starts `work` on a thread; `done` is called there once the result is sent (the
    /// window's repaint). A thread that cannot be started runs the work here instead.
    pub fn start(
        work: impl FnOnce() -> T + Send + 'static,
        done: impl FnOnce() + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::sync_channel(1);
        let work = std::sync::Arc::new(std::sync::Mutex::new(Some(work)));
        let on_thread = std::sync::Arc::clone(&work);
        let job = move || {
            let taken = on_thread.lock().ok().and_then(|mut w| w.take());
            if let Some(work) = taken {
                let _ = tx.send(work());
            }
            done();
        };
        let state = match std::thread::Builder::new()
            .name("formcheck-reader".into())
            .spawn(job)
        {
            Ok(_) => State::Running(rx),
            Err(e) => {
                tracing::warn!("cannot start a reader thread ({e}); reading here");
                let taken = work.lock().ok().and_then(|mut w| w.take());
                taken.map_or(State::Lost, |work| State::Done(work()))
            }
        };
        Self {
            state,
            polled: false,
        }
    }

    /// The work's result once it is there (the first call waits up to [`FIRST_WAIT`]);
    /// `None` while it runs, or when its thread ended without one.
    pub fn poll(&mut self) -> Option<&T> {
        if let State::Running(rx) = &self.state {
            let wait = if self.polled {
                Duration::ZERO
            } else {
                FIRST_WAIT
            };
            self.polled = true;
            match rx.recv_timeout(wait) {
                Ok(v) => self.state = State::Done(v),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => self.state = State::Lost,
            }
        }
        match &self.state {
            State::Done(v) => Some(v),
            _ => None,
        }
    }

    /// The result, once [`Self::poll`] has returned it (`None` while the work runs, or when
    /// its thread ended without one).
    pub fn into_result(self) -> Option<T> {
        match self.state {
            State::Done(v) => Some(v),
            _ => None,
        }
    }

    /// Whether the work ended without a result (its thread failed).
    pub fn lost(&self) -> bool {
        matches!(self.state, State::Lost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Instant;

    /// Slow work never holds a frame longer than the first wait, and its result comes
    /// on a later poll; quick work is there on the first.
    #[test]
    fn slow_work_does_not_hold_the_window() {
        let repainted = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&repainted);
        let mut slow = Background::start(
            || {
                std::thread::sleep(Duration::from_millis(900));
                7
            },
            move || flag.store(true, Ordering::SeqCst),
        );
        let t0 = Instant::now();
        assert_eq!(slow.poll(), None);
        assert!(t0.elapsed() < FIRST_WAIT + Duration::from_millis(200));
        let t1 = Instant::now();
        assert_eq!(slow.poll(), None, "later polls do not wait");
        assert!(t1.elapsed() < Duration::from_millis(50));
        let until = Instant::now() + Duration::from_secs(10);
        while slow.poll().is_none() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(slow.poll(), Some(&7));
        assert!(repainted.load(Ordering::SeqCst), "the window is woken");
        let mut quick = Background::start(|| "read", || {});
        assert_eq!(quick.poll(), Some(&"read"));
        assert!(!quick.lost());
    }
}
