//! Temporal landmark smoothing, as MediaPipe's `pose_landmark_filtering.pbtxt` configures
//! `LandmarksSmoothingCalculator` and `VisibilitySmoothingCalculator`:
//!
//! - body landmarks: One Euro filter (min cutoff 0.05, beta 80, derivative cutoff 1) on pixel
//!   coordinates, with speed measured in object sizes per second (object scale = the side of the
//!   unscaled ROI from the auxiliary landmarks);
//! - auxiliary landmarks (they drive tracking): One Euro (0.01, 10, 1);
//! - world landmarks: One Euro (0.1, 40, 1) without value scaling;
//! - visibility: low-pass, alpha 0.1.
//!
//! Time comes from frame timestamps only; a non-increasing timestamp passes values through.

use crate::body::{Landmark, WorldLandmark, NUM_LANDMARKS};

/// MediaPipe's `LowPassFilter`.
#[derive(Debug, Clone, Copy, Default)]
struct LowPass {
    stored: Option<f64>,
    raw: f64,
}

impl LowPass {
    fn apply(&mut self, value: f64, alpha: f64) -> f64 {
        let s = match self.stored {
            Some(prev) => alpha * value + (1.0 - alpha) * prev,
            None => value,
        };
        self.raw = value;
        self.stored = Some(s);
        s
    }
}

/// One Euro filter parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneEuroParams {
    pub min_cutoff: f64,
    pub beta: f64,
    pub derivative_cutoff: f64,
}

/// MediaPipe's `OneEuroFilter` (default frequency 30 Hz until two timestamps are seen).
#[derive(Debug, Clone, Copy)]
pub struct OneEuro {
    params: OneEuroParams,
    frequency: f64,
    last_ns: Option<i64>,
    x: LowPass,
    dx: LowPass,
}

impl OneEuro {
    pub fn new(params: OneEuroParams) -> Self {
        Self {
            params,
            frequency: 30.0,
            last_ns: None,
            x: LowPass::default(),
            dx: LowPass::default(),
        }
    }

    fn alpha(&self, cutoff: f64) -> f64 {
        let te = 1.0 / self.frequency;
        let tau = 1.0 / (2.0 * std::f64::consts::PI * cutoff);
        1.0 / (1.0 + tau / te)
    }

    /// Filters `value` at `ts_nanos`; `value_scale` converts the value's units into the ones
    /// the speed threshold is meant for (MediaPipe: 1 / object size).
    pub fn apply(&mut self, ts_nanos: i64, value: f64, value_scale: f64) -> f64 {
        if let Some(last) = self.last_ns {
            if last >= ts_nanos {
                return value;
            }
            self.frequency = 1e9 / (ts_nanos - last) as f64;
        }
        self.last_ns = Some(ts_nanos);
        let dvalue = match self.x.stored {
            Some(_) => (value - self.x.raw) * value_scale * self.frequency,
            None => 0.0,
        };
        let edvalue = self
            .dx
            .apply(dvalue, self.alpha(self.params.derivative_cutoff));
        let cutoff = self.params.min_cutoff + self.params.beta * edvalue.abs();
        let a = self.alpha(cutoff);
        self.x.apply(value, a)
    }
}

pub const BODY: OneEuroParams = OneEuroParams {
    min_cutoff: 0.05,
    beta: 80.0,
    derivative_cutoff: 1.0,
};
pub const AUXILIARY: OneEuroParams = OneEuroParams {
    min_cutoff: 0.01,
    beta: 10.0,
    derivative_cutoff: 1.0,
};
pub const WORLD: OneEuroParams = OneEuroParams {
    min_cutoff: 0.1,
    beta: 40.0,
    derivative_cutoff: 1.0,
};
const VISIBILITY_ALPHA: f64 = 0.1;

/// Per-landmark filters for one tracked person.
#[derive(Debug, Clone)]
pub struct LandmarkSmoother {
    body: Vec<[OneEuro; 3]>,
    aux: Vec<[OneEuro; 3]>,
    world: Vec<[OneEuro; 3]>,
    visibility: Vec<LowPass>,
    aux_visibility: Vec<LowPass>,
}

impl Default for LandmarkSmoother {
    fn default() -> Self {
        Self::new()
    }
}

impl LandmarkSmoother {
    pub fn new() -> Self {
        Self {
            body: vec![[OneEuro::new(BODY); 3]; NUM_LANDMARKS],
            aux: vec![[OneEuro::new(AUXILIARY); 3]; 2],
            world: vec![[OneEuro::new(WORLD); 3]; NUM_LANDMARKS],
            visibility: vec![LowPass::default(); NUM_LANDMARKS],
            aux_visibility: vec![LowPass::default(); 2],
        }
    }

    /// Forgets the history (the person was lost).
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    fn filter(
        filters: &mut [[OneEuro; 3]],
        vis: &mut [LowPass],
        lms: &mut [Landmark],
        ts: i64,
        scale: f64,
    ) {
        for ((f, v), lm) in filters.iter_mut().zip(vis.iter_mut()).zip(lms.iter_mut()) {
            lm.visibility = v.apply(f64::from(lm.visibility), VISIBILITY_ALPHA) as f32;
            lm.x = f[0].apply(ts, f64::from(lm.x), scale) as f32;
            lm.y = f[1].apply(ts, f64::from(lm.y), scale) as f32;
            lm.z = f[2].apply(ts, f64::from(lm.z), scale) as f32;
        }
    }

    /// Smooths one frame's landmarks in place. `object_scale` is the person's size in pixels;
    /// values that are not positive and finite skip smoothing, as MediaPipe does below its
    /// minimum object scale.
    pub fn apply(
        &mut self,
        ts_nanos: i64,
        object_scale: f32,
        landmarks: &mut [Landmark; NUM_LANDMARKS],
        auxiliary: &mut [Landmark; 2],
        world: &mut [WorldLandmark; NUM_LANDMARKS],
    ) {
        if object_scale.is_nan() || object_scale <= 1e-6 || !object_scale.is_finite() {
            return;
        }
        let scale = 1.0 / f64::from(object_scale);
        Self::filter(
            &mut self.body,
            &mut self.visibility,
            landmarks,
            ts_nanos,
            scale,
        );
        Self::filter(
            &mut self.aux,
            &mut self.aux_visibility,
            auxiliary,
            ts_nanos,
            scale,
        );
        for (f, w) in self.world.iter_mut().zip(world.iter_mut()) {
            w.x = f[0].apply(ts_nanos, f64::from(w.x), 1.0) as f32;
            w.y = f[1].apply(ts_nanos, f64::from(w.y), 1.0) as f32;
            w.z = f[2].apply(ts_nanos, f64::from(w.z), 1.0) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_value_passes_then_noise_is_damped() {
        let mut f = OneEuro::new(BODY);
        assert_eq!(f.apply(0, 100.0, 1.0 / 200.0), 100.0);
        // Small jitter around 100 at 30 fps barely moves the output.
        let mut out = 0.0;
        for i in 1..60 {
            let noise = if i % 2 == 0 { 1.0 } else { -1.0 };
            out = f.apply(i * 33_333_333, 100.0 + noise, 1.0 / 200.0);
        }
        assert!((out - 100.0).abs() < 0.5, "{out}");
    }

    #[test]
    fn fast_motion_is_followed() {
        let mut f = OneEuro::new(BODY);
        let mut out = 0.0;
        for i in 0..30 {
            out = f.apply(i * 33_333_333, i as f64 * 10.0, 1.0 / 200.0);
        }
        // Moving 300 px/s on a 200 px body: lag stays small.
        assert!((out - 290.0).abs() < 15.0, "{out}");
    }

    #[test]
    fn repeated_timestamp_passes_through() {
        let mut f = OneEuro::new(BODY);
        f.apply(10, 1.0, 1.0);
        assert_eq!(f.apply(10, 5.0, 1.0), 5.0);
    }
}
