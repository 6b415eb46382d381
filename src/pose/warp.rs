//! Affine crop of an RGB image into a float NHWC tensor, as MediaPipe's
//! `ImageToTensorCalculator` does it on the CPU (OpenCV `warpPerspective`, bilinear):
//! destination pixel `(u, v)` samples the source at `A · (u, v, 1)`, with source pixel
//! centres on integer coordinates, then maps 0..255 to the model's value range.
//!
//! Hand-written (no image-resize crate) because MediaPipe's crop is rotated and its exact
//! sampling convention matters for matching its landmarks; the inner loop is kept
//! branch-light and allocation-free (the caller owns the output buffer).

use image::RgbImage;

/// Maps destination pixel `(u, v)` to source `(a·u + b·v + c, d·u + e·v + f)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine {
    pub a: f32,
    pub b: f32,
    pub c: f32,
    pub d: f32,
    pub e: f32,
    pub f: f32,
}

impl Affine {
    pub fn apply(&self, u: f32, v: f32) -> (f32, f32) {
        (
            self.a * u + self.b * v + self.c,
            self.d * u + self.e * v + self.f,
        )
    }
}

/// What a sample outside the source image reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Border {
    /// Black (OpenCV `BORDER_CONSTANT` 0); used by the person detector.
    Zero,
    /// The nearest edge pixel (OpenCV `BORDER_REPLICATE`); used by the landmark crop.
    Replicate,
}

/// Fills `out` (`dst_w × dst_h × 3`, row-major RGB floats) with the warped image,
/// each value `pixel * scale + offset`.
#[allow(clippy::too_many_arguments)] // mirrors OpenCV's warp signature; all plain values
pub fn warp_affine(
    src: &RgbImage,
    map: &Affine,
    border: Border,
    dst_w: usize,
    dst_h: usize,
    scale: f32,
    offset: f32,
    out: &mut [f32],
) {
    let (sw, sh) = (src.width() as i64, src.height() as i64);
    let data = src.as_raw();
    let need = dst_w * dst_h * 3;
    if out.len() < need {
        return;
    }
    if sw == 0 || sh == 0 {
        let fill = match border {
            Border::Zero | Border::Replicate => offset,
        };
        out[..need].fill(fill);
        return;
    }
    let stride = (sw * 3) as usize;
    // Fetch one pixel with the border rule; returns None for a zero border outside.
    let fetch = |x: i64, y: i64| -> Option<usize> {
        match border {
            Border::Zero => {
                if x < 0 || y < 0 || x >= sw || y >= sh {
                    None
                } else {
                    Some(y as usize * stride + x as usize * 3)
                }
            }
            Border::Replicate => {
                let x = x.clamp(0, sw - 1) as usize;
                let y = y.clamp(0, sh - 1) as usize;
                Some(y * stride + x * 3)
            }
        }
    };
    let (swf, shf) = ((sw - 1) as f32, (sh - 1) as f32);
    for v in 0..dst_h {
        let row = &mut out[v * dst_w * 3..(v + 1) * dst_w * 3];
        let vf = v as f32;
        let mut sx = map.b * vf + map.c;
        let mut sy = map.e * vf + map.f;
        for px in row.chunks_exact_mut(3) {
            // Fast path: all four neighbours inside. For non-negative coordinates `floor` is
            // a plain truncation (baseline x86-64 has no SSE4.1 `roundss`, so `f32::floor`
            // is a libm call), and the blend is two lerps instead of four weights.
            if sx >= 0.0 && sy >= 0.0 && sx < swf && sy < shf {
                let x0 = sx as usize;
                let y0 = sy as usize;
                let fx = sx - x0 as f32;
                let fy = sy - y0 as f32;
                let i00 = y0 * stride + x0 * 3;
                let i01 = i00 + stride;
                if let (Some(top), Some(bot)) = (data.get(i00..i00 + 6), data.get(i01..i01 + 6)) {
                    for ch in 0..3 {
                        let t =
                            f32::from(top[ch]) + fx * (f32::from(top[3 + ch]) - f32::from(top[ch]));
                        let b =
                            f32::from(bot[ch]) + fx * (f32::from(bot[3 + ch]) - f32::from(bot[ch]));
                        px[ch] = (t + fy * (b - t)) * scale + offset;
                    }
                    sx += map.a;
                    sy += map.d;
                    continue;
                }
            }
            let x0f = sx.floor();
            let y0f = sy.floor();
            let fx = sx - x0f;
            let fy = sy - y0f;
            let (x0, y0) = (x0f as i64, y0f as i64);
            let w00 = (1.0 - fx) * (1.0 - fy);
            let w10 = fx * (1.0 - fy);
            let w01 = (1.0 - fx) * fy;
            let w11 = fx * fy;
            let corners = [
                (fetch(x0, y0), w00),
                (fetch(x0 + 1, y0), w10),
                (fetch(x0, y0 + 1), w01),
                (fetch(x0 + 1, y0 + 1), w11),
            ];
            for ch in 0..3 {
                let mut val = 0.0;
                for (idx, w) in corners {
                    if let Some(i) = idx {
                        val += w * f32::from(data[i + ch]);
                    }
                }
                px[ch] = val * scale + offset;
            }
            sx += map.a;
            sy += map.d;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_copies_pixels() {
        let img = RgbImage::from_fn(4, 3, |x, y| image::Rgb([x as u8 * 10, y as u8 * 20, 7]));
        let id = Affine {
            a: 1.0,
            b: 0.0,
            c: 0.0,
            d: 0.0,
            e: 1.0,
            f: 0.0,
        };
        let mut out = vec![0.0; 4 * 3 * 3];
        warp_affine(&img, &id, Border::Zero, 4, 3, 1.0, 0.0, &mut out);
        assert_eq!(out[0..3], [0.0, 0.0, 7.0]);
        assert_eq!(out[(2 * 4 + 3) * 3..(2 * 4 + 3) * 3 + 3], [30.0, 40.0, 7.0]);
    }

    #[test]
    fn zero_border_outside_and_half_pixel_blend() {
        let img = RgbImage::from_pixel(2, 2, image::Rgb([200, 200, 200]));
        let shift = Affine {
            a: 1.0,
            b: 0.0,
            c: -0.5,
            d: 0.0,
            e: 1.0,
            f: 0.0,
        };
        let mut out = vec![0.0; 2 * 2 * 3];
        warp_affine(&img, &shift, Border::Zero, 2, 2, 1.0, 0.0, &mut out);
        // u=0 samples x=-0.5: half black border, half pixel.
        assert!((out[0] - 100.0).abs() < 1e-3);
        warp_affine(&img, &shift, Border::Replicate, 2, 2, 1.0, 0.0, &mut out);
        assert!((out[0] - 200.0).abs() < 1e-3);
    }
}
