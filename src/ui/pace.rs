//! How often the live view is drawn while frames come in.
//!
//! Drawing a screen needs the same processor the pose model needs. Where a computer has no
//! graphics driver (a browser drawing WebGL in software, or Mesa's llvmpipe) one screen at
//! 1280×720 costs tens of milliseconds of CPU, so drawing every camera frame starves the model
//! and frames are skipped. [`DrawPace`] watches the share of frames skipped; once it passes
//! [`SLOW_SKIPPED_SHARE`], new frames ask for a screen at most [`SLOW_FPS`] times a second
//! for the rest of that pipeline's run (input, countdowns and cues still draw at once). The
//! coach still sees every frame it has time for: in headless Chromium without a GPU the
//! coached rate rose from 13–17 to 19–23 fps at 1280×720 (benches/RESULTS.md, "The app's
//! drawing"). A computer that keeps up is drawn every frame, as before.
//!
//! It stays slow once slow: drawing less is what stops the skipping, so the skipping falling
//! is no sign the computer could draw every frame again (it would flip back and forth).

use crate::perf::CountWindow;
use crate::pipeline::Waker;
use eframe::egui;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The most screens a second a new frame asks for once frames are being skipped.
pub const SLOW_FPS: u32 = 10;
/// Skipping more than this share of the frames over [`WINDOW_SECS`] draws less often.
pub const SLOW_SKIPPED_SHARE: f64 = 0.15;
/// The window the share is measured over.
pub const WINDOW_SECS: f64 = 2.0;
/// Fewer frames than this in the window say nothing yet (a source that is opening).
const MIN_FRAMES: u64 = 20;

/// The pace of one pipeline's screens; [`DrawPace::waker`] is handed to the pipeline.
#[derive(Debug)]
pub struct DrawPace {
    slow: Arc<AtomicBool>,
    /// Frames captured and frames skipped, over the window.
    counts: CountWindow<2>,
}

impl Default for DrawPace {
    fn default() -> Self {
        Self {
            slow: Arc::default(),
            counts: CountWindow::new(WINDOW_SECS),
        }
    }
}

impl DrawPace {
    /// A new pipeline: every frame drawn until this computer is seen skipping.
    pub fn reset(&mut self) {
        self.slow = Arc::new(AtomicBool::new(false));
        self.counts.clear();
    }

    /// What the pipeline calls after each frame: a screen at once, or once slow, within
    /// 1/[`SLOW_FPS`] of a second (egui draws once for all the frames asked in between).
    pub fn waker(&self, ctx: &egui::Context) -> Waker {
        let slow = Arc::clone(&self.slow);
        let ctx = ctx.clone();
        Arc::new(move || {
            if slow.load(Ordering::Relaxed) {
                ctx.request_repaint_after(Duration::from_secs_f64(1.0 / f64::from(SLOW_FPS)));
            } else {
                ctx.request_repaint();
            }
        })
    }

    /// Notes the pipeline's counts at `t_secs` (once a UI frame): `captured` frames so far,
    /// `skipped` of them with no time for the model.
    pub fn sample(&mut self, t_secs: f64, captured: u64, skipped: u64) {
        self.counts.push(t_secs, [captured, skipped]);
        if let Some((_, [frames, skipped])) = self.counts.growth() {
            let share = skipped as f64 / frames.max(1) as f64;
            if frames >= MIN_FRAMES && share > SLOW_SKIPPED_SHARE {
                self.slow.store(true, Ordering::Relaxed);
            }
        }
    }

    /// Whether new frames draw at most [`SLOW_FPS`] screens a second.
    pub fn is_slow(&self) -> bool {
        self.slow.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `secs` of a 30 fps camera of which `skip` in 10 frames have no time for the model.
    fn run(pace: &mut DrawPace, from: f64, secs: f64, skip: u64, counts: &mut (u64, u64)) {
        let mut t = from;
        while t < from + secs {
            counts.0 += 3; // a UI frame every 0.1 s, 3 camera frames each
            counts.1 += 3 * skip / 10;
            pace.sample(t, counts.0, counts.1);
            t += 0.1;
        }
    }

    #[test]
    fn a_computer_that_keeps_up_draws_every_frame() {
        let mut pace = DrawPace::default();
        run(&mut pace, 0.0, 10.0, 0, &mut (0, 0));
        assert!(!pace.is_slow());
    }

    #[test]
    fn skipping_draws_less_and_stays_so_until_the_next_pipeline() {
        let mut pace = DrawPace::default();
        let mut counts = (0, 0);
        run(&mut pace, 0.0, 3.0, 0, &mut counts);
        assert!(!pace.is_slow());
        run(&mut pace, 3.0, 3.0, 4, &mut counts);
        assert!(pace.is_slow(), "4 in 10 frames skipped");
        // Drawing less stopped the skipping: it stays slow.
        run(&mut pace, 6.0, 5.0, 0, &mut counts);
        assert!(pace.is_slow());
        pace.reset();
        assert!(!pace.is_slow());
    }

    #[test]
    fn a_few_frames_or_a_little_skipping_say_nothing() {
        let mut pace = DrawPace::default();
        // The first frames of an opening source, all skipped: too few to judge.
        pace.sample(0.0, 0, 0);
        pace.sample(0.5, 10, 10);
        assert!(!pace.is_slow());
        // One in ten skipped (a busy moment) is under the share.
        let mut pace = DrawPace::default();
        run(&mut pace, 0.0, 10.0, 1, &mut (0, 0));
        assert!(!pace.is_slow());
    }

    #[test]
    fn the_waker_asks_for_a_screen_at_once_or_within_a_tenth_of_a_second() {
        let ctx = egui::Context::default();
        let delays = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = Arc::clone(&delays);
        ctx.set_request_repaint_callback(move |info| {
            seen.lock().expect("delays").push(info.delay);
        });
        let mut pace = DrawPace::default();
        let waker = pace.waker(&ctx);
        waker();
        assert_eq!(
            *delays.lock().expect("delays"),
            vec![Duration::ZERO],
            "at once"
        );
        run(&mut pace, 0.0, 3.0, 5, &mut (0, 0));
        assert!(pace.is_slow());
        // A screen drawn; the waker handed to the pipeline before shares the pace: slow now.
        for _ in 0..3 {
            ctx.run_ui(egui::RawInput::default(), |_| {})
                .textures_delta
                .clear();
        }
        delays.lock().expect("delays").clear();
        waker();
        assert_eq!(
            *delays.lock().expect("delays"),
            vec![Duration::from_millis(100)],
            "within 1/{SLOW_FPS} s once slow"
        );
    }
}
