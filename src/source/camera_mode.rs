//! Which of a camera's modes (pixel format, size, frame rate) to stream, decided from the
//! list the driver offers. Pure: [`super::webcam`] maps the driver's list in and out.
//!
//! Cameras differ: most USB webcams give YUYV at 640×480 and MJPEG above it (USB 2 cannot
//! carry raw 720p at 30 fps), capture cards and virtual cameras give only raw formats
//! (YUYV, NV12, RGB), some cameras only MJPEG. Asking a camera for one fixed format fails on
//! the others (nokhwa's `Closest` does not fall back to another format: the cause of "Failed
//! to Fufill" on a real V4L2 driver). So formcheck reads the whole list and chooses, in this
//! order of importance:
//!
//! 1. a **usable rate**: at least the asked rate or [`USABLE_FPS`], whichever is lower — a
//!    coach at 7 fps misses the quick top of a bridge, so a camera's big mode at 7 fps loses
//!    to its smaller mode at 30 (and when no mode is that fast, the fastest wins);
//! 2. the **size nearest the asked one** (1280×720 unless told), the asked size itself first;
//! 3. **the asked rate** reached;
//! 4. a **raw format** before MJPEG (no decoding, no compression blur), so MJPEG is chosen
//!    only when the camera reaches the rate only that way; grey pictures last;
//! 5. the **rate nearest the asked one**, the higher of two as near.

use std::cmp::Ordering;
use std::fmt;

/// Below this many frames a second the coach starts missing quick movements (a bridge's
/// top held under a second): such a mode is chosen only when nothing faster is offered,
/// and the placement check names a camera that delivers less.
pub const USABLE_FPS: u32 = 15;

/// A pixel format formcheck can decode (the ones nokhwa converts to RGB, and grey).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PixelFormat {
    Yuyv,
    Nv12,
    Rgb,
    Bgr,
    Mjpeg,
    Gray,
}

impl PixelFormat {
    /// Preference among formats of the same size and rate: raw colour first, then MJPEG
    /// (decoded on the CPU, compression blur), then grey.
    fn rank(self) -> u8 {
        match self {
            Self::Yuyv => 0,
            Self::Nv12 => 1,
            Self::Rgb | Self::Bgr => 2,
            Self::Mjpeg => 3,
            Self::Gray => 4,
        }
    }

    /// The V4L2 four-character code, as `v4l2-ctl --list-formats` prints it.
    pub fn fourcc(self) -> &'static str {
        match self {
            Self::Yuyv => "YUYV",
            Self::Nv12 => "NV12",
            Self::Rgb => "RGB3",
            Self::Bgr => "BGR3",
            Self::Mjpeg => "MJPG",
            Self::Gray => "GREY",
        }
    }
}

/// One mode a camera offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CameraMode {
    pub format: PixelFormat,
    pub width_px: u32,
    pub height_px: u32,
    pub fps: u32,
}

impl fmt::Display for CameraMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}x{} {} @{} fps",
            self.width_px,
            self.height_px,
            self.format.fourcc(),
            self.fps
        )
    }
}

/// What the person (or the defaults) asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModeRequest {
    pub width_px: u32,
    pub height_px: u32,
    pub fps: u32,
}

/// How far a size is from the asked one: 0 for the asked size, else the log of the area
/// ratio plus half the log of the aspect ratio (a 4:3 mode is a little further from 16:9
/// than a 16:9 mode of the same area).
fn size_distance(mode: &CameraMode, want: &ModeRequest) -> f64 {
    if (mode.width_px, mode.height_px) == (want.width_px, want.height_px) {
        return 0.0;
    }
    let (w, h) = (
        f64::from(mode.width_px.max(1)),
        f64::from(mode.height_px.max(1)),
    );
    let (ww, wh) = (
        f64::from(want.width_px.max(1)),
        f64::from(want.height_px.max(1)),
    );
    ((w * h) / (ww * wh)).ln().abs() + 0.5 * ((w / h) / (ww / wh)).ln().abs()
}

/// Orders two modes by the rules of the module docs: `Less` is the better one.
fn compare(a: &CameraMode, b: &CameraMode, want: &ModeRequest) -> Ordering {
    let usable = want.fps.min(USABLE_FPS);
    // Below the usable rate, the faster mode is the better; at or above it, all are equal.
    let key_usable = |m: &CameraMode| usable.saturating_sub(m.fps);
    let key_rate = |m: &CameraMode| m.fps < want.fps;
    let rate_gap = |m: &CameraMode| m.fps.abs_diff(want.fps);
    key_usable(a)
        .cmp(&key_usable(b))
        .then_with(|| size_distance(a, want).total_cmp(&size_distance(b, want)))
        .then_with(|| key_rate(a).cmp(&key_rate(b)))
        .then_with(|| a.format.rank().cmp(&b.format.rank()))
        .then_with(|| rate_gap(a).cmp(&rate_gap(b)))
        .then_with(|| b.fps.cmp(&a.fps))
}

/// The best of the offered modes for the request, or `None` when nothing is offered that
/// formcheck can decode (the caller names the formats it saw).
pub fn choose(offered: &[CameraMode], want: &ModeRequest) -> Option<CameraMode> {
    offered
        .iter()
        .filter(|m| m.fps > 0 && m.width_px > 0 && m.height_px > 0)
        .min_by(|a, b| compare(a, b, want))
        .copied()
}

/// A line for `formcheck cameras`: the formats offered and the range of sizes.
pub fn summary(offered: &[CameraMode]) -> String {
    let mut formats: Vec<PixelFormat> = offered.iter().map(|m| m.format).collect();
    formats.sort_by_key(|f| f.rank());
    formats.dedup();
    let smallest = offered.iter().min_by_key(|m| m.width_px * m.height_px);
    let largest = offered.iter().max_by_key(|m| m.width_px * m.height_px);
    let names: Vec<&str> = formats.iter().map(|f| f.fourcc()).collect();
    match (smallest, largest) {
        (Some(s), Some(l)) => format!(
            "{} from {}x{} to {}x{}",
            names.join(", "),
            s.width_px,
            s.height_px,
            l.width_px,
            l.height_px
        ),
        _ => "no format formcheck can read".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PixelFormat::*;

    fn m(format: PixelFormat, w: u32, h: u32, fps: u32) -> CameraMode {
        CameraMode {
            format,
            width_px: w,
            height_px: h,
            fps,
        }
    }

    const HD: ModeRequest = ModeRequest {
        width_px: 1280,
        height_px: 720,
        fps: 30,
    };

    /// vivid's capture list (kernel 6.1) as nokhwa sees it: every raw format at the same
    /// sizes and whole frame rates (12.5 fps is not a whole rate and is not listed).
    fn vivid() -> Vec<CameraMode> {
        let sizes: [(u32, u32, &[u32]); 6] = [
            (320, 180, &[1, 2, 4, 5, 10, 15, 25, 30, 40, 50, 60]),
            (640, 360, &[1, 2, 4, 5, 10, 15, 25, 30, 40]),
            (640, 480, &[1, 2, 4, 5, 10, 15, 25]),
            (1280, 720, &[1, 2, 4, 5, 10]),
            (1920, 1080, &[1, 2, 4, 5]),
            (3840, 2160, &[1, 2]),
        ];
        let mut out = Vec::new();
        for format in [Yuyv, Nv12, Rgb, Bgr, Gray] {
            for (w, h, rates) in sizes {
                out.extend(rates.iter().map(|&r| m(format, w, h, r)));
            }
        }
        out
    }

    #[test]
    fn a_typical_usb_webcam_gives_mjpeg_only_where_raw_is_too_slow() {
        let cam = [
            m(Yuyv, 640, 480, 30),
            m(Yuyv, 1280, 720, 10),
            m(Mjpeg, 640, 480, 30),
            m(Mjpeg, 1280, 720, 30),
            m(Mjpeg, 1920, 1080, 30),
        ];
        assert_eq!(choose(&cam, &HD), Some(m(Mjpeg, 1280, 720, 30)));
        let vga = ModeRequest {
            width_px: 640,
            height_px: 480,
            fps: 30,
        };
        assert_eq!(choose(&cam, &vga), Some(m(Yuyv, 640, 480, 30)));
    }

    #[test]
    fn a_raw_only_camera_gives_its_fast_size_not_its_slow_asked_one() {
        let cam = [m(Yuyv, 640, 480, 30), m(Yuyv, 1280, 720, 7)];
        assert_eq!(choose(&cam, &HD), Some(m(Yuyv, 640, 480, 30)));
    }

    #[test]
    fn vivid_gives_the_asked_size_at_its_best_rate() {
        let vga = ModeRequest {
            width_px: 640,
            height_px: 480,
            fps: 30,
        };
        assert_eq!(choose(&vivid(), &vga), Some(m(Yuyv, 640, 480, 25)));
        // 1280x720 only to 10 fps: asked at 30 it falls back to the nearest size that is
        // fast enough (640x480 has more of 1280x720's area than 640x360)...
        assert_eq!(choose(&vivid(), &HD), Some(m(Yuyv, 640, 480, 25)));
        // ...asked at 10 fps it is honoured.
        let hd10 = ModeRequest { fps: 10, ..HD };
        assert_eq!(choose(&vivid(), &hd10), Some(m(Yuyv, 1280, 720, 10)));
    }

    #[test]
    fn an_mjpeg_only_camera_and_a_grey_one_still_open() {
        assert_eq!(
            choose(&[m(Mjpeg, 1280, 720, 30)], &HD),
            Some(m(Mjpeg, 1280, 720, 30))
        );
        assert_eq!(
            choose(&[m(Gray, 640, 480, 30), m(Nv12, 640, 480, 30)], &HD),
            Some(m(Nv12, 640, 480, 30))
        );
        assert_eq!(choose(&[], &HD), None);
    }

    #[test]
    fn a_slow_camera_is_taken_when_nothing_faster_is_offered() {
        let cam = [m(Yuyv, 1280, 720, 5), m(Yuyv, 640, 480, 10)];
        assert_eq!(choose(&cam, &HD), Some(m(Yuyv, 640, 480, 10)));
    }

    #[test]
    fn the_summary_names_formats_and_sizes() {
        assert_eq!(
            summary(&vivid()),
            "YUYV, NV12, RGB3, BGR3, GREY from 320x180 to 3840x2160"
        );
    }
}
