//! A procedurally rendered test clip: a shaded person (capsule limbs, torso, a head with a
//! face and hair) standing in a room (wall, wooden floor, soft shadow), swinging the arms a
//! little from frame to frame, with mild sensor noise. No photo is shipped or read, so
//! `formcheck bench` runs on any machine; the picture is only "real-looking" enough for
//! BlazePose's person detector to find it (checked by `formcheck bench` itself, which
//! reports how many frames had a pose, and by this module's test when models are present).
//!
//! Rendering is deterministic (a hash, not a random generator), so every run times the same
//! pixels.

use image::{Rgb, RgbImage};

/// Width of the generated frames (a webcam-like 4:3 picture).
pub const WIDTH: u32 = 640;
/// Height of the generated frames.
pub const HEIGHT: u32 = 480;
/// Frames in one arm-swing cycle; the clip loops after this many distinct frames.
pub const PERIOD: usize = 60;
/// Frame rate the clip's timestamps assume.
pub const FPS: f64 = 30.0;

type V2 = (f32, f32);

#[derive(Clone, Copy)]
struct Capsule {
    a: V2,
    b: V2,
    r: f32,
    color: [f32; 3],
}

const SKIN: [f32; 3] = [224.0, 172.0, 140.0];
const SHIRT: [f32; 3] = [52.0, 96.0, 160.0];
const PANTS: [f32; 3] = [58.0, 58.0, 66.0];
const SHOE: [f32; 3] = [30.0, 28.0, 28.0];
const HAIR: [f32; 3] = [48.0, 34.0, 26.0];

/// Light direction (towards the light), roughly from the upper left, normalised.
const LIGHT: [f32; 3] = [-0.42, -0.52, 0.74];

fn hash(x: u32, y: u32, seed: u32) -> f32 {
    let mut h =
        x.wrapping_mul(0x8da6_b343) ^ y.wrapping_mul(0xd816_3841) ^ seed.wrapping_mul(0xcb1a_b31f);
    h ^= h >> 13;
    h = h.wrapping_mul(0x5bd1_e995);
    h ^= h >> 15;
    (h & 0xffff) as f32 / 65535.0
}

fn rot(v: V2, ang: f32) -> V2 {
    let (s, c) = ang.sin_cos();
    (v.0 * c - v.1 * s, v.0 * s + v.1 * c)
}

fn add(a: V2, b: V2) -> V2 {
    (a.0 + b.0, a.1 + b.1)
}

/// The body as back-to-front capsules for frame `k`.
fn body(k: usize) -> Vec<Capsule> {
    let phase = (k % PERIOD) as f32 / PERIOD as f32 * std::f32::consts::TAU;
    let swing = phase.sin();
    let cx = 320.0 + 6.0 * (phase * 0.5).sin();
    let sh_y = 148.0;
    let (sl, sr) = ((cx - 46.0, sh_y), (cx + 46.0, sh_y));
    // Arms hang 20° out from vertical, swinging ±18° in opposite directions.
    let upper = 78.0;
    let fore = 72.0;
    let arm = |sh: V2, side: f32, extra: f32| {
        let ang = side * (0.35 + extra);
        let elbow = add(sh, rot((0.0, upper), ang));
        let wrist = add(elbow, rot((0.0, fore), ang + side * 0.15));
        let hand = add(wrist, rot((0.0, 16.0), ang + side * 0.15));
        (elbow, wrist, hand)
    };
    let (el, wl, hl) = arm(sl, 1.0, 0.3 * swing);
    let (er, wr, hr) = arm(sr, -1.0, -0.3 * swing);
    let hip_y = 272.0;
    let (hpl, hpr) = ((cx - 24.0, hip_y), (cx + 24.0, hip_y));
    let (kl, kr) = ((cx - 27.0, 360.0), (cx + 27.0, 360.0));
    let (al, ar) = ((cx - 29.0, 444.0), (cx + 29.0, 444.0));
    let cap = |a: V2, b: V2, r: f32, color: [f32; 3]| Capsule { a, b, r, color };
    vec![
        // Legs.
        cap(hpl, kl, 19.0, PANTS),
        cap(hpr, kr, 19.0, PANTS),
        cap(kl, al, 15.0, PANTS),
        cap(kr, ar, 15.0, PANTS),
        cap(al, (al.0 - 14.0, al.1 + 8.0), 9.0, SHOE),
        cap(ar, (ar.0 + 14.0, ar.1 + 8.0), 9.0, SHOE),
        // Torso: shoulders, chest, belly, hips.
        cap((cx, sh_y + 30.0), (cx, hip_y - 25.0), 44.0, SHIRT),
        cap(sl, sr, 20.0, SHIRT),
        cap(hpl, hpr, 26.0, PANTS),
        // Neck.
        cap((cx, 118.0), (cx, sh_y - 8.0), 12.0, SKIN),
        // Arms: sleeve, forearm, hand.
        cap(sl, el, 14.0, SHIRT),
        cap(sr, er, 14.0, SHIRT),
        cap(el, wl, 11.0, SKIN),
        cap(er, wr, 11.0, SKIN),
        cap(wl, hl, 9.0, SKIN),
        cap(wr, hr, 9.0, SKIN),
    ]
}

/// Blends `color` into the pixel at (x, y) with coverage `alpha` (0..1).
fn blend(img: &mut [f32], w: usize, x: usize, y: usize, color: [f32; 3], alpha: f32) {
    let i = (y * w + x) * 3;
    for c in 0..3 {
        img[i + c] += (color[c] - img[i + c]) * alpha;
    }
}

fn shade(n: [f32; 3]) -> f32 {
    let d = n[0] * LIGHT[0] + n[1] * LIGHT[1] + n[2] * LIGHT[2];
    0.38 + 0.62 * d.max(0.0)
}

fn draw_capsule(img: &mut [f32], w: usize, h: usize, c: &Capsule) {
    let x0 = (c.a.0.min(c.b.0) - c.r - 1.0).max(0.0) as usize;
    let x1 = ((c.a.0.max(c.b.0) + c.r + 1.0).max(0.0) as usize).min(w - 1);
    let y0 = (c.a.1.min(c.b.1) - c.r - 1.0).max(0.0) as usize;
    let y1 = ((c.a.1.max(c.b.1) + c.r + 1.0).max(0.0) as usize).min(h - 1);
    let ab = (c.b.0 - c.a.0, c.b.1 - c.a.1);
    let len2 = (ab.0 * ab.0 + ab.1 * ab.1).max(1e-6);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let p = (x as f32, y as f32);
            let ap = (p.0 - c.a.0, p.1 - c.a.1);
            let t = ((ap.0 * ab.0 + ap.1 * ab.1) / len2).clamp(0.0, 1.0);
            let q = (c.a.0 + ab.0 * t, c.a.1 + ab.1 * t);
            let d = (p.0 - q.0, p.1 - q.1);
            let dist = (d.0 * d.0 + d.1 * d.1).sqrt();
            let alpha = (c.r - dist + 0.5).clamp(0.0, 1.0);
            if alpha <= 0.0 {
                continue;
            }
            let nx = d.0 / c.r;
            let ny = d.1 / c.r;
            let nz = (1.0 - (nx * nx + ny * ny).min(1.0)).sqrt();
            let s = shade([nx, ny, nz]);
            blend(img, w, x, y, c.color.map(|v| v * s), alpha);
        }
    }
}

/// Filled ellipse with a shaded-sphere look; `top_only` keeps rows above `cut_y`.
#[allow(clippy::too_many_arguments)]
fn draw_ellipse(
    img: &mut [f32],
    w: usize,
    h: usize,
    c: V2,
    rx: f32,
    ry: f32,
    color: [f32; 3],
    shaded: bool,
    cut_y: Option<f32>,
) {
    let x0 = (c.0 - rx - 1.0).max(0.0) as usize;
    let x1 = ((c.0 + rx + 1.0) as usize).min(w - 1);
    let y0 = (c.1 - ry - 1.0).max(0.0) as usize;
    let y1 = ((c.1 + ry + 1.0) as usize).min(h - 1);
    for y in y0..=y1 {
        if cut_y.is_some_and(|cy| y as f32 > cy) {
            continue;
        }
        for x in x0..=x1 {
            let nx = (x as f32 - c.0) / rx;
            let ny = (y as f32 - c.1) / ry;
            let r = (nx * nx + ny * ny).sqrt();
            let alpha = ((1.0 - r) * rx.min(ry) + 0.5).clamp(0.0, 1.0);
            if alpha <= 0.0 {
                continue;
            }
            let s = if shaded {
                shade([nx, ny, (1.0 - (r * r).min(1.0)).sqrt()])
            } else {
                1.0
            };
            blend(img, w, x, y, color.map(|v| v * s), alpha);
        }
    }
}

fn draw_head(img: &mut [f32], w: usize, h: usize, k: usize) {
    let phase = (k % PERIOD) as f32 / PERIOD as f32 * std::f32::consts::TAU;
    let c = (320.0 + 6.0 * (phase * 0.5).sin(), 88.0);
    // Hair behind and on top, then the face.
    draw_ellipse(img, w, h, (c.0, c.1 - 4.0), 29.0, 35.0, HAIR, true, None);
    draw_ellipse(img, w, h, c, 25.0, 32.0, SKIN, true, None);
    draw_ellipse(
        img,
        w,
        h,
        (c.0, c.1 - 16.0),
        27.0,
        20.0,
        HAIR,
        true,
        Some(c.1 - 14.0),
    );
    // Ears.
    draw_ellipse(
        img,
        w,
        h,
        (c.0 - 25.0, c.1 + 2.0),
        5.0,
        9.0,
        SKIN,
        true,
        None,
    );
    draw_ellipse(
        img,
        w,
        h,
        (c.0 + 25.0, c.1 + 2.0),
        5.0,
        9.0,
        SKIN,
        true,
        None,
    );
    // Brows, eyes (white, iris), nose shadow, mouth.
    for side in [-1.0f32, 1.0] {
        let ex = c.0 + side * 10.0;
        draw_ellipse(img, w, h, (ex, c.1 - 9.0), 7.0, 1.8, HAIR, false, None);
        draw_ellipse(
            img,
            w,
            h,
            (ex, c.1 - 2.0),
            6.0,
            3.2,
            [235.0, 235.0, 230.0],
            false,
            None,
        );
        draw_ellipse(
            img,
            w,
            h,
            (ex, c.1 - 2.0),
            2.8,
            2.8,
            [60.0, 40.0, 30.0],
            false,
            None,
        );
    }
    draw_ellipse(
        img,
        w,
        h,
        (c.0 + 1.0, c.1 + 8.0),
        3.5,
        5.0,
        [190.0, 135.0, 110.0],
        false,
        None,
    );
    draw_ellipse(
        img,
        w,
        h,
        (c.0, c.1 + 18.0),
        8.0,
        2.2,
        [160.0, 80.0, 80.0],
        false,
        None,
    );
}

/// Renders frame `k` of the clip.
pub fn render(k: usize) -> RgbImage {
    let (w, h) = (WIDTH as usize, HEIGHT as usize);
    let floor_y = 400.0f32;
    let mut img = vec![0.0f32; w * h * 3];
    // Room: a warm wall with a light gradient, a skirting board, a wooden floor.
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f32, y as f32);
            let color = if fy < floor_y - 8.0 {
                let g = 1.0 - 0.25 * (fy / floor_y) - 0.1 * ((fx - 320.0) / 320.0).abs();
                [205.0 * g, 198.0 * g, 184.0 * g]
            } else if fy < floor_y {
                [236.0, 234.0, 228.0]
            } else {
                let plank = ((fx + (fy - floor_y) * 0.6) / 48.0).floor();
                let tone = 0.85 + 0.15 * hash(plank as u32, 7, 3);
                let grain = 0.95 + 0.05 * (fx * 0.25 + plank * 3.0).sin();
                [
                    150.0 * tone * grain,
                    112.0 * tone * grain,
                    78.0 * tone * grain,
                ]
            };
            let i = (y * w + x) * 3;
            img[i..i + 3].copy_from_slice(&color);
        }
    }
    // Soft floor shadow under the feet.
    for y in 410..h.min(470) {
        for x in 200..440 {
            let nx = (x as f32 - 335.0) / 110.0;
            let ny = (y as f32 - 448.0) / 16.0;
            let d = nx * nx + ny * ny;
            if d < 1.0 {
                blend(&mut img, w, x, y, [40.0, 30.0, 20.0], 0.45 * (1.0 - d));
            }
        }
    }
    for c in body(k) {
        draw_capsule(&mut img, w, h, &c);
    }
    draw_head(&mut img, w, h, k);
    let seed = k as u32;
    RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let i = (y as usize * w + x as usize) * 3;
        let n = (hash(x, y, seed) - 0.5) * 6.0;
        Rgb([0, 1, 2].map(|c| (img[i + c] + n).round().clamp(0.0, 255.0) as u8))
    })
}

/// All distinct frames of the clip (`min(n, PERIOD)` of them; the clip loops).
pub fn render_clip(n: usize) -> Vec<RgbImage> {
    (0..n.clamp(1, PERIOD)).map(render).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_animated() {
        let a = render(0);
        assert_eq!(a.dimensions(), (WIDTH, HEIGHT));
        assert_eq!(a, render(0));
        assert_ne!(a, render(PERIOD / 4));
        // The figure is in the middle: the torso is shirt blue, the corners are wall/floor.
        let p = a.get_pixel(320, 210);
        assert!(p[2] > p[0], "torso should be blue-ish: {p:?}");
    }
}
