//! The adaptive rate's picture test (rule A's first condition, see the parent module): a
//! coarse grid of luma samples over the tracked crop, compared with the grid sampled when the
//! model last ran, against a threshold that stands out of the picture's own frame-to-frame
//! noise ([`PictureNoise`]).

use super::super::Roi;
use image::RgbImage;
use std::collections::VecDeque;

/// Samples per side of the motion grid laid over the tracked crop.
pub const GRID: usize = 24;

/// Consecutive frames' grid differences remembered for [`PictureNoise::floor`].
pub const NOISE_WINDOW: usize = 16;

/// How far above the picture's own noise a grid difference must be to count as motion.
pub const NOISE_MARGIN: f32 = 1.5;

/// The picture's own frame-to-frame change over the crop's grid (a camera sensor's noise,
/// compression), measured while rule A looks at every frame: a still hold's grid differs
/// from the last run's by about as much as two consecutive frames' grids do, however still
/// the person is.
#[derive(Debug, Clone, Default)]
pub(super) struct PictureNoise {
    /// The previous frame's grid, over the same ROI (empty: none to compare with).
    previous: Vec<u8>,
    /// The last [`NOISE_WINDOW`] consecutive-frame differences (mean absolute, 0–255).
    diffs: VecDeque<f32>,
}

impl PictureNoise {
    /// Notes a frame's grid, over the same ROI as the previous one noted.
    pub(super) fn observe(&mut self, grid: &[u8]) {
        if !self.previous.is_empty() {
            if self.diffs.len() == NOISE_WINDOW {
                self.diffs.pop_front();
            }
            self.diffs.push_back(mean_abs_diff(grid, &self.previous));
        }
        self.follow(grid);
    }

    /// The next frame's grid is to be compared with `grid` (a new ROI starts here).
    pub(super) fn follow(&mut self, grid: &[u8]) {
        self.previous.clear();
        self.previous.extend_from_slice(grid);
    }

    /// The smallest recent consecutive-frame difference (0 before two frames were seen): a
    /// person starting to move raises every difference, so the smallest stays the picture's
    /// own noise for the window's length.
    pub(super) fn floor(&self) -> f32 {
        self.diffs
            .iter()
            .copied()
            .filter(|d| d.is_finite())
            .fold(None, |m: Option<f32>, d| Some(m.map_or(d, |m| m.min(d))))
            .unwrap_or(0.0)
    }
}

/// Luma (BT.601, integer) at the nearest pixel of `GRID`² points spread over `roi`, clamped
/// to the image; written into `out`.
pub(super) fn sample_grid(image: &RgbImage, roi: &Roi, out: &mut Vec<u8>) {
    out.clear();
    let (w, h) = image.dimensions();
    if w == 0 || h == 0 {
        return;
    }
    let (max_x, max_y) = ((w - 1) as f32, (h - 1) as f32);
    for j in 0..GRID {
        let v = (j as f32 + 0.5) / GRID as f32;
        for i in 0..GRID {
            let u = (i as f32 + 0.5) / GRID as f32;
            let p = roi.image_from_roi(u, v);
            // Saturating float → integer casts after clamping: never out of the image.
            let x = p.x.clamp(0.0, max_x).round() as u32;
            let y = p.y.clamp(0.0, max_y).round() as u32;
            let [r, g, b] = image.get_pixel(x, y).0;
            let luma = (77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b)) >> 8;
            out.push(u8::try_from(luma).unwrap_or(u8::MAX));
        }
    }
}

/// Mean absolute difference of two equally long sample grids; infinite when they differ in
/// length (nothing to compare).
pub(super) fn mean_abs_diff(a: &[u8], b: &[u8]) -> f32 {
    if a.len() != b.len() || a.is_empty() {
        return f32::INFINITY;
    }
    let sum: u32 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u32::from(x.abs_diff(*y)))
        .sum();
    sum as f32 / a.len() as f32
}

#[cfg(test)]
mod tests {
    use super::super::tests::{picture, roi};
    use super::*;

    #[test]
    fn grids_of_different_pictures_differ() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        sample_grid(&picture(0), &roi(), &mut a);
        sample_grid(&picture(0), &roi(), &mut b);
        assert_eq!(a.len(), GRID * GRID);
        assert!(mean_abs_diff(&a, &b) < 1e-6);
        sample_grid(&picture(9), &roi(), &mut b);
        assert!(mean_abs_diff(&a, &b) > 10.0);
        assert_eq!(mean_abs_diff(&a, &[]), f32::INFINITY);
    }
}
