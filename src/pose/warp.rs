//! Affine crop of an RGB image into a float NHWC tensor, as MediaPipe's
//! `ImageToTensorCalculator` does it on the CPU (OpenCV `warpPerspective`, bilinear):
//! destination pixel `(u, v)` samples the source at `A · (u, v, 1)`, with source pixel
//! centres on integer coordinates, then maps 0..255 to the model's value range.
//!
//! Hand-written because MediaPipe's crop is rotated and its exact sampling convention matters
//! for matching its landmarks: `imageproc`'s `warp` writes `u8` pixels (rounding every value
//! by up to half a grey level) and `fast_image_resize` does not rotate.
//!
//! The crop is ~15 % of a tracked frame, so it is written for speed, allocation-free (the
//! caller owns the output buffer) and without `unsafe`. Each destination row is walked in
//! chunks of [`CHUNK`] pixels, in two passes:
//! 1. *gather* (scalar): the source position steps along the row by the map's `(a, d)`; for
//!    each pixel whose four neighbours lie inside the image, its two fractions and the bytes
//!    of its four neighbours are copied into small per-chunk arrays, one entry per channel.
//!    A pixel near or past the border is sampled at once with the border rule (four weights)
//!    and set aside;
//! 2. *blend* (vectorised by the compiler: the same arithmetic on every entry of equally long
//!    arrays): two horizontal lerps, one vertical, the value mapping; then the set-aside
//!    border pixels are copied over.
//!
//! The arithmetic per value is the same as a plain per-pixel loop's, in the same order, so
//! the tensor is bit for bit what that loop gives (a test checks it against one).

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

/// Destination pixels per chunk (a bit per pixel in [`Chunk::border`]).
const CHUNK: usize = 64;
/// Values per chunk (RGB).
const VALUES: usize = CHUNK * 3;

/// The source image with its border rule.
struct Source<'a> {
    data: &'a [u8],
    width: i64,
    height: i64,
    stride: usize,
    border: Border,
}

impl Source<'_> {
    /// Byte offset of pixel `(x, y)` under the border rule; `None` for a zero border outside.
    fn fetch(&self, x: i64, y: i64) -> Option<usize> {
        match self.border {
            Border::Zero => {
                if x < 0 || y < 0 || x >= self.width || y >= self.height {
                    None
                } else {
                    Some(y as usize * self.stride + x as usize * 3)
                }
            }
            Border::Replicate => {
                let x = x.clamp(0, self.width - 1) as usize;
                let y = y.clamp(0, self.height - 1) as usize;
                Some(y * self.stride + x * 3)
            }
        }
    }

    /// The bilinear sample at `(sx, sy)` with the border rule, before the value mapping.
    fn sample_at_border(&self, sx: f32, sy: f32) -> [f32; 3] {
        let x0f = sx.floor();
        let y0f = sy.floor();
        let fx = sx - x0f;
        let fy = sy - y0f;
        let (x0, y0) = (x0f as i64, y0f as i64);
        let corners = [
            (self.fetch(x0, y0), (1.0 - fx) * (1.0 - fy)),
            (self.fetch(x0 + 1, y0), fx * (1.0 - fy)),
            (self.fetch(x0, y0 + 1), (1.0 - fx) * fy),
            (self.fetch(x0 + 1, y0 + 1), fx * fy),
        ];
        let mut px = [0.0; 3];
        for (ch, val) in px.iter_mut().enumerate() {
            for (idx, w) in corners {
                if let Some(&byte) = idx.and_then(|i| self.data.get(i + ch)) {
                    *val += w * f32::from(byte);
                }
            }
        }
        px
    }
}

impl Source<'_> {
    /// [`Source::sample_at_border`] for [`Border::Replicate`], where every corner exists:
    /// the same arithmetic in the same order (so the same bits), without the libm `floor`
    /// calls and the per-corner checks. A crop reaching past the picture (a person lying
    /// across a portrait frame, the head near the top) samples many pixels this way.
    fn sample_replicate(&self, sx: f32, sy: f32) -> [f32; 3] {
        let x0f = floor(sx);
        let y0f = floor(sy);
        let fx = sx - x0f;
        let fy = sy - y0f;
        let (x0, y0) = (x0f as i64, y0f as i64);
        let col = |x: i64| x.clamp(0, self.width - 1) as usize * 3;
        let row = |y: i64| y.clamp(0, self.height - 1) as usize * self.stride;
        let (xa, xb) = (col(x0), col(x0.saturating_add(1)));
        let (ya, yb) = (row(y0), row(y0.saturating_add(1)));
        let corners = [
            (ya + xa, (1.0 - fx) * (1.0 - fy)),
            (ya + xb, fx * (1.0 - fy)),
            (yb + xa, (1.0 - fx) * fy),
            (yb + xb, fx * fy),
        ];
        let mut px = [0.0; 3];
        for (ch, val) in px.iter_mut().enumerate() {
            for (idx, w) in corners {
                if let Some(&byte) = self.data.get(idx + ch) {
                    *val += w * f32::from(byte);
                }
            }
        }
        px
    }
}

/// `v.floor()` without a libm call (baseline x86-64 has no SSE4.1 `roundss`): truncation,
/// one less below zero. Exact: a float of magnitude 2²³ or more (or NaN) is its own floor.
fn floor(v: f32) -> f32 {
    if v.abs() < 8_388_608.0 {
        let t = v as i32 as f32;
        if t > v {
            t - 1.0
        } else {
            // Keeps -0.0's sign, as `floor` does.
            t.copysign(v)
        }
    } else {
        v
    }
}

/// One chunk of a row between the two passes (see the module docs).
struct Chunk {
    /// Top-left, top-right, bottom-left, bottom-right neighbour of each value.
    corners: [[u8; VALUES]; 4],
    /// Horizontal and vertical fraction of each value's pixel.
    fx: [f32; VALUES],
    fy: [f32; VALUES],
    /// Border pixels' values, already mapped, and which pixels they are (bit `k`: pixel `k`).
    at_border: [f32; VALUES],
    border: u64,
}

impl Chunk {
    fn new() -> Self {
        Self {
            corners: [[0; VALUES]; 4],
            fx: [0.0; VALUES],
            fy: [0.0; VALUES],
            at_border: [0.0; VALUES],
            border: 0,
        }
    }

    /// Pass 1 for `n` pixels from source position `(sx, sy)`; returns the position after.
    #[allow(clippy::too_many_arguments)] // the two passes share these plain values
    fn gather(
        &mut self,
        src: &Source,
        n: usize,
        (mut sx, mut sy): (f32, f32),
        (a, d): (f32, f32),
        scale: f32,
        offset: f32,
    ) -> (f32, f32) {
        let (max_x, max_y) = ((src.width - 1) as f32, (src.height - 1) as f32);
        self.border = 0;
        for k in 0..n.min(CHUNK) {
            let at = 3 * k..3 * k + 3;
            // All four neighbours inside. For non-negative coordinates `floor` is a plain
            // truncation (baseline x86-64 has no SSE4.1 `roundss`: `f32::floor` is a libm call).
            // `as i32` is one instruction and a fix-up; `as usize` from a float is several.
            let (x0, y0) = (sx as i32, sy as i32);
            let rows = if sx >= 0.0 && sy >= 0.0 && sx < max_x && sy < max_y {
                let i00 = y0 as usize * src.stride + x0 as usize * 3;
                let i01 = i00 + src.stride;
                (src.data.get(i00..i00 + 6), src.data.get(i01..i01 + 6))
            } else {
                (None, None)
            };
            match rows {
                (Some(top), Some(bot)) => {
                    let [tl, tr, bl, br] = &mut self.corners;
                    tl[at.clone()].copy_from_slice(&top[..3]);
                    tr[at.clone()].copy_from_slice(&top[3..]);
                    bl[at.clone()].copy_from_slice(&bot[..3]);
                    br[at.clone()].copy_from_slice(&bot[3..]);
                    self.fx[at.clone()].fill(sx - x0 as f32);
                    self.fy[at].fill(sy - y0 as f32);
                }
                _ => {
                    let px = match src.border {
                        Border::Replicate => src.sample_replicate(sx, sy),
                        Border::Zero => src.sample_at_border(sx, sy),
                    };
                    for (out, v) in self.at_border[at].iter_mut().zip(px) {
                        *out = v * scale + offset;
                    }
                    self.border |= 1 << k;
                }
            }
            sx += a;
            sy += d;
        }
        (sx, sy)
    }

    /// Pass 2 into `out` (the chunk's values).
    fn blend(&self, out: &mut [f32], scale: f32, offset: f32) {
        let m = out.len().min(VALUES);
        let out = &mut out[..m];
        let [tl, tr, bl, br] = &self.corners;
        let (tl, tr, bl, br) = (&tl[..m], &tr[..m], &bl[..m], &br[..m]);
        let (fx, fy) = (&self.fx[..m], &self.fy[..m]);
        for i in 0..m {
            let (tl, tr) = (f32::from(tl[i]), f32::from(tr[i]));
            let (bl, br) = (f32::from(bl[i]), f32::from(br[i]));
            let t = tl + fx[i] * (tr - tl);
            let b = bl + fx[i] * (br - bl);
            out[i] = (t + fy[i] * (b - t)) * scale + offset;
        }
        let mut border = self.border;
        while border != 0 {
            let k = border.trailing_zeros() as usize;
            border &= border - 1;
            if let (Some(dst), Some(v)) = (
                out.get_mut(3 * k..3 * k + 3),
                self.at_border.get(3 * k..3 * k + 3),
            ) {
                dst.copy_from_slice(v);
            }
        }
    }
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
    let (sw, sh) = (i64::from(src.width()), i64::from(src.height()));
    let need = dst_w * dst_h * 3;
    let Some(out) = out.get_mut(..need).filter(|o| !o.is_empty()) else {
        return;
    };
    if sw == 0 || sh == 0 {
        // Both border rules read black from an empty image.
        out.fill(offset);
        return;
    }
    let src = Source {
        data: src.as_raw(),
        width: sw,
        height: sh,
        stride: (sw * 3) as usize,
        border,
    };
    let mut chunk = Chunk::new();
    for (v, row) in out.chunks_exact_mut(dst_w * 3).enumerate() {
        let vf = v as f32;
        let mut pos = (map.b * vf + map.c, map.e * vf + map.f);
        for values in row.chunks_mut(VALUES) {
            pos = chunk.gather(&src, values.len() / 3, pos, (map.a, map.d), scale, offset);
            chunk.blend(values, scale, offset);
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

    /// The plain per-pixel loop this file had before the two passes (issue 15), kept as the
    /// definition the fast warp must match bit for bit.
    #[allow(clippy::too_many_arguments)] // `warp_affine`'s signature
    fn per_pixel(
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
                    if let (Some(top), Some(bot)) = (data.get(i00..i00 + 6), data.get(i01..i01 + 6))
                    {
                        for ch in 0..3 {
                            let t = f32::from(top[ch])
                                + fx * (f32::from(top[3 + ch]) - f32::from(top[ch]));
                            let b = f32::from(bot[ch])
                                + fx * (f32::from(bot[3 + ch]) - f32::from(bot[ch]));
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

    /// A picture whose neighbouring pixels all differ (so any misplaced sample shows).
    fn noise(w: u32, h: u32) -> RgbImage {
        let mut state = 0x2545_f491_u32;
        RgbImage::from_fn(w, h, |_, _| {
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[1]
            };
            image::Rgb([next(), next(), next()])
        })
    }

    /// A rotated, scaled map from a `side`² crop around `(cx, cy)` (the landmark crop's form).
    fn rotated(side: f32, angle: f32, (cx, cy): (f32, f32), dst: usize) -> Affine {
        let s = side / dst as f32;
        let (sin, cos) = angle.sin_cos();
        let half = dst as f32 / 2.0;
        Affine {
            a: s * cos,
            b: -s * sin,
            c: cx - s * (cos * half - sin * half),
            d: s * sin,
            e: s * cos,
            f: cy - s * (sin * half + cos * half),
        }
    }

    #[test]
    fn floor_is_f32_floor() {
        let values = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.75,
            -2.75,
            -1e-7,
            1e-7,
            255.999,
            -3000.25,
            8_388_607.5,
            -8_388_607.5,
            8_388_608.0,
            -8_388_609.0,
            3e9,
            -3e9,
            f32::MAX,
            f32::MIN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ];
        for v in values {
            assert_eq!(floor(v).to_bits(), v.floor().to_bits(), "floor({v})");
        }
        assert!(floor(f32::NAN).is_nan());
    }

    #[test]
    fn matches_the_per_pixel_loop_bit_for_bit() {
        let img = noise(97, 61);
        let maps = [
            // Inside, rotated; reaching past every edge; mostly outside; a letterbox (the
            // detector's: rows of border only); upside down; a sliver of one column.
            rotated(40.0, 0.3, (48.0, 30.0), 256),
            rotated(150.0, -1.1, (48.0, 30.0), 256),
            rotated(90.0, 2.0, (110.0, -20.0), 100),
            Affine {
                a: 0.43,
                b: 0.0,
                c: 0.0,
                d: 0.0,
                e: 0.43,
                f: -18.0,
            },
            rotated(60.0, std::f32::consts::PI, (30.0, 30.0), 65),
            Affine {
                a: 0.0,
                b: 0.0,
                c: 96.5,
                d: 0.0,
                e: 0.9,
                f: 0.0,
            },
        ];
        for (i, map) in maps.iter().enumerate() {
            for border in [Border::Zero, Border::Replicate] {
                for (scale, offset) in [(1.0 / 255.0, 0.0), (2.0 / 255.0, -1.0)] {
                    let dst = if i == 2 { (100, 37) } else { (131, 70) };
                    let mut want = vec![0.0; dst.0 * dst.1 * 3];
                    let mut got = vec![f32::NAN; dst.0 * dst.1 * 3];
                    per_pixel(&img, map, border, dst.0, dst.1, scale, offset, &mut want);
                    warp_affine(&img, map, border, dst.0, dst.1, scale, offset, &mut got);
                    let same = want
                        .iter()
                        .zip(&got)
                        .all(|(w, g)| w.to_bits() == g.to_bits());
                    assert!(same, "map {i} ({map:?}), {border:?}: values differ");
                }
            }
        }
    }

    #[test]
    fn too_short_or_empty_leaves_the_output() {
        let img = noise(8, 8);
        let id = rotated(8.0, 0.0, (4.0, 4.0), 8);
        let mut out = vec![5.0; 10];
        warp_affine(&img, &id, Border::Zero, 8, 8, 1.0, 0.0, &mut out);
        assert!(out.iter().all(|&v| v == 5.0));
        warp_affine(&img, &id, Border::Zero, 0, 8, 1.0, 0.0, &mut out);
        assert!(out.iter().all(|&v| v == 5.0));
        let empty = RgbImage::new(0, 0);
        warp_affine(&empty, &id, Border::Replicate, 2, 1, 1.0, -1.0, &mut out);
        assert_eq!(out[..7], [-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, 5.0]);
    }
}
