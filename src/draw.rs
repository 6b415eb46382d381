//! Drawing a pose onto an image for `--overlay` files: bones as thick anti-aliased-free
//! lines, joints as dots, coloured left / right / centre like MediaPipe's drawing utils.
//!
//! Hand-written (a few dozen lines) rather than pulling `imageproc` and its dependency tree
//! into every build for two primitives.

use crate::body::geometry::Point2;
use crate::body::{LandmarkId, Pose, BONES};
use image::{Rgb, RgbImage};

const LEFT: Rgb<u8> = Rgb([255, 138, 0]);
const RIGHT: Rgb<u8> = Rgb([0, 217, 231]);
const CENTRE: Rgb<u8> = Rgb([240, 240, 240]);
/// Below this visibility a landmark is not drawn.
pub const MIN_DRAW_VISIBILITY: f32 = 0.5;

fn side_colour(id: LandmarkId) -> Rgb<u8> {
    let name = id.name();
    if name.starts_with("left") || name == "mouth_left" {
        LEFT
    } else if name.starts_with("right") || name == "mouth_right" {
        RIGHT
    } else {
        CENTRE
    }
}

/// A filled disc.
pub fn disc(img: &mut RgbImage, c: Point2, radius: f32, colour: Rgb<u8>) {
    if !c.is_finite() {
        return;
    }
    let (w, h) = (img.width() as i64, img.height() as i64);
    let r = radius.max(0.5);
    let (x0, x1) = ((c.x - r).floor() as i64, (c.x + r).ceil() as i64);
    let (y0, y1) = ((c.y - r).floor() as i64, (c.y + r).ceil() as i64);
    for y in y0.max(0)..=y1.min(h - 1) {
        for x in x0.max(0)..=x1.min(w - 1) {
            let (dx, dy) = (x as f32 - c.x, y as f32 - c.y);
            if dx * dx + dy * dy <= r * r {
                img.put_pixel(x as u32, y as u32, colour);
            }
        }
    }
}

/// A line of the given thickness, drawn as overlapping discs.
pub fn line(img: &mut RgbImage, a: Point2, b: Point2, thickness: f32, colour: Rgb<u8>) {
    if !a.is_finite() || !b.is_finite() {
        return;
    }
    let len = a.distance(b);
    let steps = (len / (thickness * 0.5).max(0.5)).ceil().min(10_000.0) as usize;
    for i in 0..=steps {
        let t = if steps == 0 {
            0.0
        } else {
            i as f32 / steps as f32
        };
        disc(img, a + (b - a) * t, thickness * 0.5, colour);
    }
}

/// Draws the skeleton of `pose` onto `img`, scaled to the image size.
pub fn draw_pose(img: &mut RgbImage, pose: &Pose) {
    let scale = (img.width().max(img.height()) as f32 / 640.0).max(0.5);
    let visible = |id: LandmarkId| pose.get(id).visibility >= MIN_DRAW_VISIBILITY;
    for (a, b) in BONES {
        if visible(a) && visible(b) {
            let colour = if side_colour(a) == side_colour(b) {
                side_colour(a)
            } else {
                CENTRE
            };
            line(
                img,
                pose.get(a).point(),
                pose.get(b).point(),
                3.0 * scale,
                colour,
            );
        }
    }
    for id in LandmarkId::ALL {
        if visible(id) {
            disc(img, pose.get(id).point(), 4.0 * scale, Rgb([20, 20, 20]));
            disc(img, pose.get(id).point(), 2.8 * scale, side_colour(id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_paints_between_points_and_clips() {
        let mut img = RgbImage::new(20, 20);
        line(
            &mut img,
            Point2::new(-5.0, 10.0),
            Point2::new(30.0, 10.0),
            3.0,
            LEFT,
        );
        assert_eq!(*img.get_pixel(10, 10), LEFT);
        assert_eq!(*img.get_pixel(10, 2), Rgb([0, 0, 0]));
        disc(&mut img, Point2::new(f32::NAN, 1.0), 3.0, RIGHT);
    }
}
