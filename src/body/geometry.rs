//! Plane geometry shared by the pose pipeline and the coach.
//!
//! Everything here is pure: points are image pixels (x right, y down), angles are
//! radians inside the program ([`Angle`]); degrees appear only in content files and on
//! screen.

use std::ops::{Add, Mul, Sub};

/// A point or vector in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point2 {
    pub x: f32,
    pub y: f32,
}

impl Point2 {
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    pub fn length(self) -> f32 {
        self.x.hypot(self.y)
    }

    pub fn distance(self, other: Self) -> f32 {
        (self - other).length()
    }

    pub fn midpoint(self, other: Self) -> Self {
        Self::new((self.x + other.x) * 0.5, (self.y + other.y) * 0.5)
    }

    pub fn dot(self, other: Self) -> f32 {
        self.x * other.x + self.y * other.y
    }

    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }

    /// Rotates by `angle` radians in image coordinates (y down, so positive turns clockwise on screen).
    pub fn rotated(self, angle: f32) -> Self {
        let (s, c) = angle.sin_cos();
        Self::new(c * self.x - s * self.y, s * self.x + c * self.y)
    }
}

impl Add for Point2 {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self::new(self.x + o.x, self.y + o.y)
    }
}

impl Sub for Point2 {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Self::new(self.x - o.x, self.y - o.y)
    }
}

impl Mul<f32> for Point2 {
    type Output = Self;
    fn mul(self, k: f32) -> Self {
        Self::new(self.x * k, self.y * k)
    }
}

/// An angle, radians inside.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Angle(f32);

impl Angle {
    pub const fn from_radians(r: f32) -> Self {
        Self(r)
    }

    pub fn from_degrees(d: f32) -> Self {
        Self(d.to_radians())
    }

    pub const fn radians(self) -> f32 {
        self.0
    }

    pub fn degrees(self) -> f32 {
        self.0.to_degrees()
    }
}

/// Wraps an angle in radians into `[-π, π)`, as MediaPipe's `NormalizeRadians`.
pub fn normalize_radians(angle: f32) -> f32 {
    use std::f32::consts::PI;
    angle - 2.0 * PI * ((angle + PI) / (2.0 * PI)).floor()
}

/// The angle at `b` between the rays to `a` and `c`, in `[0, π]`.
/// `None` when a ray has zero length or a point is not finite.
pub fn joint_angle(a: Point2, b: Point2, c: Point2) -> Option<Angle> {
    let u = a - b;
    let v = c - b;
    let (lu, lv) = (u.length(), v.length());
    if !(lu > f32::EPSILON && lv > f32::EPSILON && lu.is_finite() && lv.is_finite()) {
        return None;
    }
    let cos = (u.dot(v) / (lu * lv)).clamp(-1.0, 1.0);
    Some(Angle(cos.acos()))
}

/// The angle of segment `a→b` to the horizontal, folded into `[0, π/2]`
/// (0 = level, π/2 = vertical), whichever way the segment points.
pub fn angle_to_horizontal(a: Point2, b: Point2) -> Option<Angle> {
    let d = b - a;
    let len = d.length();
    if len.is_nan() || len <= f32::EPSILON || !d.is_finite() {
        return None;
    }
    Some(Angle(d.y.abs().atan2(d.x.abs())))
}

/// The angle of segment `a→b` to the vertical, in `[0, π/2]`.
pub fn angle_to_vertical(a: Point2, b: Point2) -> Option<Angle> {
    angle_to_horizontal(a, b).map(|h| Angle(std::f32::consts::FRAC_PI_2 - h.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_angle() {
        let a = joint_angle(
            Point2::new(1.0, 0.0),
            Point2::new(0.0, 0.0),
            Point2::new(0.0, 1.0),
        );
        assert!((a.map(Angle::degrees).unwrap_or(0.0) - 90.0).abs() < 1e-4);
    }

    #[test]
    fn degenerate_is_none() {
        let p = Point2::new(1.0, 1.0);
        assert!(joint_angle(p, p, Point2::new(2.0, 2.0)).is_none());
        assert!(angle_to_horizontal(p, p).is_none());
    }

    #[test]
    fn horizontal_is_folded() {
        let a = angle_to_horizontal(Point2::new(0.0, 0.0), Point2::new(-1.0, -1.0));
        assert!((a.map(Angle::degrees).unwrap_or(0.0) - 45.0).abs() < 1e-4);
    }

    #[test]
    fn normalize() {
        use std::f32::consts::PI;
        assert!((normalize_radians(3.0 * PI) - (-PI)).abs() < 1e-5);
        assert!((normalize_radians(0.5) - 0.5).abs() < 1e-6);
    }
}
