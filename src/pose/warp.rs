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
//! 1. *gather* (scalar): the source position steps along the row by the map's `(a, d)`; each
//!    pixel's two fractions and the bytes of its four neighbours are copied into small
//!    per-chunk arrays, one entry per channel. Under the replicate border (the landmark crop)
//!    the position is first clamped into the picture, which is exact (see
//!    `Chunk::gather_replicate`), so every pixel takes this path. Under the zero border (the
//!    detector's letterbox) a pixel with a neighbour outside is sampled at once (four
//!    weights, the black ones weighing nothing) and set aside;
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
    /// Reads the source rows the crop will sample, in memory order, before the warp walks
    /// them in the crop's rotated order.
    fn prefetch(&self, map: &Affine, dst_w: usize, dst_h: usize) {
        let (w, h) = (dst_w as f32, dst_h as f32);
        let corners = [
            map.apply(0.0, 0.0),
            map.apply(w, 0.0),
            map.apply(0.0, h),
            map.apply(w, h),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for (x, y) in corners {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let clamp = |v: f32, hi: i64| (v.max(0.0) as i64).clamp(0, hi - 1) as usize;
        let (x0, x1) = (clamp(x0, self.width), clamp(x1 + 2.0, self.width));
        let (y0, y1) = (clamp(y0, self.height), clamp(y1 + 2.0, self.height));
        let mut sum = 0u8;
        for y in y0..=y1 {
            let row = y * self.stride;
            if let Some(bytes) = self.data.get(row + x0 * 3..row + x1 * 3 + 3) {
                for line in bytes.chunks(64) {
                    sum = sum.wrapping_add(line[0]);
                }
            }
        }
        std::hint::black_box(sum);
    }

    /// Byte offset of pixel `(x, y)`; `None` outside (the zero border's black).
    fn fetch(&self, x: i64, y: i64) -> Option<usize> {
        if x < 0 || y < 0 || x >= self.width || y >= self.height {
            None
        } else {
            Some(y as usize * self.stride + x as usize * 3)
        }
    }

    /// The bilinear sample at `(sx, sy)` under [`Border::Zero`], before the value mapping.
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
    fn gather(
        &mut self,
        src: &Source,
        n: usize,
        pos: (f32, f32),
        step: (f32, f32),
        (scale, offset): (f32, f32),
    ) -> (f32, f32) {
        match src.border {
            Border::Replicate => self.gather_replicate(src, n, pos, step),
            Border::Zero => self.gather_zero(src, n, pos, step, (scale, offset)),
        }
    }

    /// Pass 1 under [`Border::Replicate`]: every pixel's four neighbours exist once the
    /// source position is clamped into the picture, so no pixel is set aside. Clamping is
    /// exact, not an approximation: past an edge both neighbours across it are the edge pixel,
    /// so the lerp across it returns that pixel whatever the fraction (`p + f·(p − p) = p`),
    /// which is what a clamped position (fraction 0) gives too. Inside, the clamp changes
    /// nothing and `as i32` is `floor` (the position is not negative). Branch-free: a crop
    /// reaching past the picture (a person lying down, the head near the top) costs no more
    /// per pixel than one inside it.
    fn gather_replicate(
        &mut self,
        src: &Source,
        n: usize,
        (mut sx, mut sy): (f32, f32),
        (a, d): (f32, f32),
    ) -> (f32, f32) {
        let (last_x, last_y) = (src.width as i32 - 1, src.height as i32 - 1);
        let (max_x, max_y) = (last_x as f32, last_y as f32);
        self.border = 0;
        for k in 0..n.min(CHUNK) {
            let at = 3 * k..3 * k + 3;
            let (cx, cy) = (sx.clamp(0.0, max_x), sy.clamp(0.0, max_y));
            let (x0, y0) = (cx as i32, cy as i32);
            let (xa, xb) = (x0 as usize * 3, (x0 + 1).min(last_x) as usize * 3);
            let (ya, yb) = (
                y0 as usize * src.stride,
                (y0 + 1).min(last_y) as usize * src.stride,
            );
            let [tl, tr, bl, br] = &mut self.corners;
            for (dst, i) in [(tl, ya + xa), (tr, ya + xb), (bl, yb + xa), (br, yb + xb)] {
                if let Some(px) = src.data.get(i..i + 3) {
                    dst[at.clone()].copy_from_slice(px);
                }
            }
            self.fx[at.clone()].fill(cx - x0 as f32);
            self.fy[at].fill(cy - y0 as f32);
            sx += a;
            sy += d;
        }
        (sx, sy)
    }

    /// Pass 1 under [`Border::Zero`]: a pixel with a neighbour outside is sampled at once
    /// with the four weights (the black neighbours weigh nothing) and set aside.
    fn gather_zero(
        &mut self,
        src: &Source,
        n: usize,
        (mut sx, mut sy): (f32, f32),
        (a, d): (f32, f32),
        (scale, offset): (f32, f32),
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
                    let px = src.sample_at_border(sx, sy);
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
    src.prefetch(map, dst_w, dst_h);
    let mut chunk = Chunk::new();
    for (v, row) in out.chunks_exact_mut(dst_w * 3).enumerate() {
        let vf = v as f32;
        let mut pos = (map.b * vf + map.c, map.e * vf + map.f);
        for values in row.chunks_mut(VALUES) {
            pos = chunk.gather(&src, values.len() / 3, pos, (map.a, map.d), (scale, offset));
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

    /// The plain per-pixel loop, kept as the definition the fast warp must match bit for bit:
    /// two horizontal lerps and a vertical one between the four neighbours; under the
    /// replicate border the position is clamped into the picture first (the edge pixel
    /// continues outward), under the zero border a pixel with a neighbour outside takes the
    /// four weights, the black neighbours adding nothing.
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
            out[..need].fill(offset);
            return;
        }
        let stride = (sw * 3) as usize;
        let byte = |x: i64, y: i64, ch: usize| -> f32 {
            if x < 0 || y < 0 || x >= sw || y >= sh {
                0.0
            } else {
                f32::from(data[y as usize * stride + x as usize * 3 + ch])
            }
        };
        let (swf, shf) = ((sw - 1) as f32, (sh - 1) as f32);
        for v in 0..dst_h {
            let row = &mut out[v * dst_w * 3..(v + 1) * dst_w * 3];
            let vf = v as f32;
            let mut sx = map.b * vf + map.c;
            let mut sy = map.e * vf + map.f;
            for px in row.chunks_exact_mut(3) {
                let (cx, cy) = match border {
                    Border::Replicate => (sx.clamp(0.0, swf), sy.clamp(0.0, shf)),
                    Border::Zero => (sx, sy),
                };
                let (x0f, y0f) = (cx.floor(), cy.floor());
                let (fx, fy) = (cx - x0f, cy - y0f);
                let (x0, y0) = (x0f as i64, y0f as i64);
                let inside = cx >= 0.0 && cy >= 0.0 && cx < swf && cy < shf;
                for (ch, value) in px.iter_mut().enumerate() {
                    let val = if border == Border::Replicate || inside {
                        let (x1, y1) = ((x0 + 1).min(sw - 1), (y0 + 1).min(sh - 1));
                        let t = byte(x0, y0, ch) + fx * (byte(x1, y0, ch) - byte(x0, y0, ch));
                        let b = byte(x0, y1, ch) + fx * (byte(x1, y1, ch) - byte(x0, y1, ch));
                        t + fy * (b - t)
                    } else {
                        (1.0 - fx) * (1.0 - fy) * byte(x0, y0, ch)
                            + fx * (1.0 - fy) * byte(x0 + 1, y0, ch)
                            + (1.0 - fx) * fy * byte(x0, y0 + 1, ch)
                            + fx * fy * byte(x0 + 1, y0 + 1, ch)
                    };
                    *value = val * scale + offset;
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
    fn replicate_past_an_edge_continues_the_edge_pixel() {
        let img = noise(9, 7);
        // Every sample 3.25 px left of the picture, on rows 0, 0.5, 1, …: column 0, lerped
        // vertically only.
        let left = Affine {
            a: 0.0,
            b: 0.0,
            c: -3.25,
            d: 0.0,
            e: 0.5,
            f: 0.0,
        };
        let mut out = vec![0.0; 5 * 3];
        warp_affine(&img, &left, Border::Replicate, 1, 5, 1.0, 0.0, &mut out);
        for (v, px) in out.chunks_exact(3).enumerate() {
            let (y0, fy) = (v / 2, if v % 2 == 1 { 0.5 } else { 0.0 });
            let (top, bottom) = (img.get_pixel(0, y0 as u32), img.get_pixel(0, y0 as u32 + 1));
            for (ch, &got) in px.iter().enumerate() {
                let (t, b) = (f32::from(top[ch]), f32::from(bottom[ch]));
                assert_eq!(got, t + fy * (b - t), "row {v}, channel {ch}");
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
