//! A Linux camera's own V4L2 answers, read with the `v4l` crate: the modes it offers and
//! setting the chosen one, before `nokhwa` streams it ([`super::webcam`]).
//!
//! Why not nokhwa's own list: it takes a frame interval's denominator for the rate, so
//! vivid's 1280×720 at 2/25 s (12.5 fps) is listed as "25 fps", and asking for it fails; and
//! nokhwa cannot open a camera another program left in a format it does not know (it reads
//! the current format first). Here a rate is offered only when it is whole (the interval is
//! 1/n s, as nokhwa needs to read it back), and the chosen mode is set first, so nokhwa finds
//! the camera already as asked. The OS error comes typed, so permission and "busy" are told
//! apart by their error numbers, not by words.

use super::camera_mode::{CameraMode, PixelFormat};
use super::SourceError;
use v4l::frameinterval::FrameIntervalEnum;
use v4l::framesize::FrameSizeEnum;
use v4l::video::capture::Parameters;
use v4l::video::Capture as _;
use v4l::{Device, Format, FourCC};

/// Sizes offered from a stepwise (continuous) range, when the driver gives one.
const COMMON_SIZES: [(u32, u32); 8] = [
    (320, 240),
    (640, 360),
    (640, 480),
    (800, 600),
    (960, 540),
    (1280, 720),
    (1280, 960),
    (1920, 1080),
];
/// Rates offered from a stepwise interval range.
const COMMON_RATES: [u32; 8] = [5, 10, 15, 20, 24, 25, 30, 60];

fn pixel_format(fourcc: &FourCC) -> Option<PixelFormat> {
    match &fourcc.repr {
        b"YUYV" => Some(PixelFormat::Yuyv),
        b"NV12" => Some(PixelFormat::Nv12),
        b"RGB3" => Some(PixelFormat::Rgb),
        b"BGR3" => Some(PixelFormat::Bgr),
        b"MJPG" => Some(PixelFormat::Mjpeg),
        _ => None,
    }
}

fn fourcc(format: PixelFormat) -> FourCC {
    FourCC::new(format.fourcc().as_bytes().try_into().unwrap_or(b"YUYV"))
}

/// An OS error on `/dev/videoN` as the person can act on it.
fn os_error(index: u32, e: &std::io::Error) -> SourceError {
    let device = format!("/dev/video{index}");
    match e.raw_os_error() {
        Some(libc::EACCES | libc::EPERM) => SourceError::CameraDenied { index, device },
        Some(libc::EBUSY) => SourceError::CameraBusy { index, device },
        _ => SourceError::Camera {
            index,
            why: format!("{device}: {e}"),
        },
    }
}

/// Whole rates in `[lo, hi]` frames a second of a stepwise interval range.
fn stepwise_rates(lo_fps: f64, hi_fps: f64) -> impl Iterator<Item = u32> {
    COMMON_RATES
        .into_iter()
        .filter(move |&r| f64::from(r) >= lo_fps - 1e-6 && f64::from(r) <= hi_fps + 1e-6)
}

fn fps_of(numerator: u32, denominator: u32) -> f64 {
    if numerator == 0 {
        0.0
    } else {
        f64::from(denominator) / f64::from(numerator)
    }
}

/// The rates a size offers, whole ones only.
fn rates(dev: &Device, code: FourCC, (w, h): (u32, u32)) -> Vec<u32> {
    let mut out = Vec::new();
    for interval in dev.enum_frameintervals(code, w, h).unwrap_or_default() {
        match interval.interval {
            FrameIntervalEnum::Discrete(f) => {
                if f.numerator > 0 && f.denominator % f.numerator == 0 {
                    out.push(f.denominator / f.numerator);
                }
            }
            FrameIntervalEnum::Stepwise(s) => out.extend(stepwise_rates(
                fps_of(s.max.numerator, s.max.denominator),
                fps_of(s.min.numerator, s.min.denominator),
            )),
        }
    }
    out
}

/// The sizes a format offers.
fn sizes(dev: &Device, code: FourCC) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for size in dev.enum_framesizes(code).unwrap_or_default() {
        match size.size {
            FrameSizeEnum::Discrete(d) => out.push((d.width, d.height)),
            FrameSizeEnum::Stepwise(s) => out.extend(COMMON_SIZES.into_iter().filter(|&(w, h)| {
                let fits = |v: u32, lo: u32, hi: u32, step: u32| {
                    v >= lo && v <= hi && (step == 0 || (v - lo) % step == 0)
                };
                fits(w, s.min_width, s.max_width, s.step_width)
                    && fits(h, s.min_height, s.max_height, s.step_height)
            })),
        }
    }
    out
}

/// Every mode camera `index` offers in a pixel format formcheck can read.
pub fn modes(index: u32) -> Result<Vec<CameraMode>, SourceError> {
    let dev = Device::new(index as usize).map_err(|e| os_error(index, &e))?;
    let formats = dev.enum_formats().map_err(|e| os_error(index, &e))?;
    let mut out = Vec::new();
    for desc in formats {
        let Some(format) = pixel_format(&desc.fourcc) else {
            continue;
        };
        for (w, h) in sizes(&dev, desc.fourcc) {
            out.extend(
                rates(&dev, desc.fourcc, (w, h))
                    .into_iter()
                    .map(|fps| CameraMode {
                        format,
                        width_px: w,
                        height_px: h,
                        fps,
                    }),
            );
        }
    }
    out.sort_by_key(|m| (m.format, m.width_px, m.height_px, m.fps));
    out.dedup();
    Ok(out)
}

/// Sets camera `index` to `mode`, and checks the driver took it as asked.
pub fn set_mode(index: u32, mode: &CameraMode) -> Result<(), SourceError> {
    let dev = Device::new(index as usize).map_err(|e| os_error(index, &e))?;
    let code = fourcc(mode.format);
    let got = dev
        .set_format(&Format::new(mode.width_px, mode.height_px, code))
        .map_err(|e| os_error(index, &e))?;
    if (got.width, got.height, got.fourcc) != (mode.width_px, mode.height_px, code) {
        return Err(SourceError::Camera {
            index,
            why: format!(
                "it was asked for {mode} and gave {}x{} {}",
                got.width, got.height, got.fourcc
            ),
        });
    }
    let params = dev
        .set_params(&Parameters::with_fps(mode.fps))
        .map_err(|e| os_error(index, &e))?;
    let f = params.interval;
    if f.numerator == 0 || f.denominator != f.numerator * mode.fps {
        return Err(SourceError::Camera {
            index,
            why: format!(
                "it was asked for {mode} and gave {:.2} fps",
                fps_of(f.numerator, f.denominator)
            ),
        });
    }
    Ok(())
}
