//! Webcams through `nokhwa` (the only file that names it). No camera is a normal case:
//! [`list`] returns an empty list and [`WebcamSource::open`] a [`SourceError::NoCamera`]
//! that says so plainly.
//!
//! **The mode** (pixel format, size, rate) is chosen by [`camera_mode::choose`] from the
//! whole list the driver offers, then asked for exactly: the camera opens with whatever
//! format it has (raw YUYV, NV12, RGB or MJPEG), not only MJPEG.
//!
//! **Frames are read on a thread of their own**, so a camera that stops sending (a cable
//! pulled, a virtual camera's writer gone) cannot hang the caller: [`WebcamSource::next_frame`]
//! waits at most [`STALL_AFTER`] for the next picture, then answers
//! [`SourceError::CameraStalled`] — and the source stays usable: when the pictures come
//! back, the next call returns them. (V4L2 waits for a frame without a timeout in nokhwa, so
//! a stalled reader thread stays blocked until the camera sends again or the program ends.)
//! Frames are stamped with the time the reader thread received them, since the stream opened.

use super::camera_mode::{self, CameraMode, ModeRequest, PixelFormat};
use super::{CameraConfig, FrameSource, SourceError};
use crate::frame::{Frame, Timestamp};
use nokhwa::pixel_format::RgbFormat;
use nokhwa::utils::{
    ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType,
    Resolution,
};
use nokhwa::{Buffer, Camera, NokhwaError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a camera may send nothing, once it has sent, before the caller hears it stopped:
/// well above a dim camera's slowest frame (5 fps: 0.2 s), and short enough that the person
/// hears within 2 s that their camera stopped.
pub const STALL_AFTER: Duration = Duration::from_millis(1200);
/// How long the first picture may take: cameras take a moment to start (exposure, focus).
pub const FIRST_FRAME_WAIT: Duration = Duration::from_secs(10);
/// How long opening a camera may take before the caller hears it does not answer.
pub const OPEN_WAIT: Duration = Duration::from_secs(10);

/// Every pixel format nokhwa can turn into RGB (grey included).
const READABLE: [FrameFormat; 6] = [
    FrameFormat::YUYV,
    FrameFormat::NV12,
    FrameFormat::RAWRGB,
    FrameFormat::RAWBGR,
    FrameFormat::MJPEG,
    FrameFormat::GRAY,
];

#[cfg(not(target_os = "linux"))]
fn pixel_format(f: FrameFormat) -> PixelFormat {
    match f {
        FrameFormat::YUYV => PixelFormat::Yuyv,
        FrameFormat::NV12 => PixelFormat::Nv12,
        FrameFormat::RAWRGB => PixelFormat::Rgb,
        FrameFormat::RAWBGR => PixelFormat::Bgr,
        FrameFormat::MJPEG => PixelFormat::Mjpeg,
        FrameFormat::GRAY => PixelFormat::Gray,
    }
}

fn frame_format(f: PixelFormat) -> FrameFormat {
    match f {
        PixelFormat::Yuyv => FrameFormat::YUYV,
        PixelFormat::Nv12 => FrameFormat::NV12,
        PixelFormat::Rgb => FrameFormat::RAWRGB,
        PixelFormat::Bgr => FrameFormat::RAWBGR,
        PixelFormat::Mjpeg => FrameFormat::MJPEG,
        PixelFormat::Gray => FrameFormat::GRAY,
    }
}

#[cfg(not(target_os = "linux"))]
fn mode_of(f: &CameraFormat) -> CameraMode {
    CameraMode {
        format: pixel_format(f.format()),
        width_px: f.width(),
        height_px: f.height(),
        fps: f.frame_rate(),
    }
}

/// The device a camera index names, for messages.
fn device_name(index: u32) -> String {
    if cfg!(target_os = "linux") {
        format!("/dev/video{index}")
    } else {
        format!("camera {index}")
    }
}

/// A driver's error as the person can act on it: permission, another program holding
/// the camera, or the driver's own words. nokhwa passes the OS error only as text, so the
/// errno is read from it ("os error 13").
fn camera_error(index: u32, e: &NokhwaError) -> SourceError {
    let why = e.to_string();
    let has = |errno: &str, words: &str| why.contains(errno) || why.contains(words);
    if has("(os error 13)", "Permission denied") {
        SourceError::CameraDenied {
            index,
            device: device_name(index),
        }
    } else if has("(os error 16)", "Device or resource busy") {
        SourceError::CameraBusy {
            index,
            device: device_name(index),
        }
    } else {
        SourceError::Camera { index, why }
    }
}

/// Cameras present, as (index, name).
pub fn list() -> Result<Vec<(u32, String)>, SourceError> {
    let cams =
        nokhwa::query(ApiBackend::Auto).map_err(|e| SourceError::NoCamera(format!(": {e}")))?;
    let mut out: Vec<(u32, String)> = cams
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let index = match c.index() {
                CameraIndex::Index(n) => *n,
                CameraIndex::String(_) => i as u32,
            };
            (index, c.human_name())
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The modes a camera offers: on Linux read from V4L2 directly ([`super::v4l2`]: true
/// rates, and nothing changed on the camera).
#[cfg(target_os = "linux")]
fn offered_modes(index: u32) -> Result<Vec<CameraMode>, SourceError> {
    super::v4l2::modes(index)
}

/// The modes a camera offers, as nokhwa lists them (the camera opened in its current format).
#[cfg(not(target_os = "linux"))]
fn offered_modes(index: u32) -> Result<Vec<CameraMode>, SourceError> {
    let probe = RequestedFormat::with_formats(RequestedFormatType::None, &READABLE);
    let mut camera =
        Camera::new(CameraIndex::Index(index), probe).map_err(|e| camera_error(index, &e))?;
    let mut modes: Vec<CameraMode> = camera
        .compatible_camera_formats()
        .map_err(|e| camera_error(index, &e))?
        .iter()
        .map(mode_of)
        .collect();
    modes.sort_by_key(|m| (m.format, m.width_px, m.height_px, m.fps));
    modes.dedup();
    Ok(modes)
}

/// The modes a camera offers and the one formcheck would stream for `want` (for
/// `formcheck cameras` and `doctor`).
pub fn modes(index: u32, want: &ModeRequest) -> Result<(Vec<CameraMode>, CameraMode), SourceError> {
    let modes = offered_modes(index)?;
    let chosen = camera_mode::choose(&modes, want).ok_or_else(|| no_readable_mode(index))?;
    Ok((modes, chosen))
}

fn no_readable_mode(index: u32) -> SourceError {
    SourceError::Camera {
        index,
        why: "it offers no picture format formcheck can read (YUYV, NV12, RGB, MJPEG)".into(),
    }
}

/// What the camera's reader thread hands over.
enum Delivery {
    Frame(Buffer, Instant),
    Failed(SourceError),
}

/// A live camera stream, read on its own thread.
pub struct WebcamSource {
    frames: Receiver<Delivery>,
    stop: Arc<AtomicBool>,
    index: u32,
    name: String,
    mode: CameraMode,
    started: Instant,
    next: u64,
}

impl WebcamSource {
    pub fn open(config: &CameraConfig) -> Result<Self, SourceError> {
        let present = list().unwrap_or_default();
        if present.is_empty() {
            return Err(SourceError::NoCamera(
                " (no video devices on this machine; plug a webcam in, or use a video file or an image folder)".into(),
            ));
        }
        let index = config.index;
        if !present.iter().any(|(i, _)| *i == index) {
            return Err(SourceError::Camera {
                index,
                why: format!(
                    "there is no such camera (cameras present: {})",
                    present
                        .iter()
                        .map(|(i, n)| format!("{i}: {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        let want = ModeRequest {
            width_px: config.width,
            height_px: config.height,
            fps: config.fps,
        };
        // nokhwa's camera may not cross threads: the reader thread opens it and says how.
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, frames) = mpsc::sync_channel(1);
        let (opened_tx, opened) = mpsc::channel();
        let reader_stop = Arc::clone(&stop);
        std::thread::Builder::new()
            .name(format!("camera {index}"))
            .spawn(move || {
                let camera = match open_stream(index, &want) {
                    Ok((camera, mode)) => {
                        let _ = opened_tx.send(Ok((mode, camera.info().human_name())));
                        camera
                    }
                    Err(e) => {
                        let _ = opened_tx.send(Err(e));
                        return;
                    }
                };
                read_frames(camera, index, &tx, &reader_stop);
            })
            .map_err(|e| SourceError::Camera {
                index,
                why: format!("cannot start its reader: {e}"),
            })?;
        let (mode, name) = opened
            .recv_timeout(OPEN_WAIT)
            .map_err(|e| SourceError::Camera {
                index,
                why: match e {
                    RecvTimeoutError::Timeout => format!(
                        "it did not open within {} s (a driver that does not answer)",
                        OPEN_WAIT.as_secs()
                    ),
                    RecvTimeoutError::Disconnected => "its reader stopped while opening it".into(),
                },
            })??;
        Ok(Self {
            frames,
            stop,
            index,
            name,
            mode,
            started: Instant::now(),
            next: 0,
        })
    }

    /// The mode streamed (format, size, rate).
    pub fn mode(&self) -> CameraMode {
        self.mode
    }
}

/// Opens the camera in the mode chosen from what it offers, and starts its stream.
fn open_stream(index: u32, want: &ModeRequest) -> Result<(Camera, CameraMode), SourceError> {
    let offered = offered_modes(index)?;
    let mode = camera_mode::choose(&offered, want).ok_or_else(|| no_readable_mode(index))?;
    // nokhwa reads the camera's current format before anything else: set it first.
    #[cfg(target_os = "linux")]
    super::v4l2::set_mode(index, &mode)?;
    let exact = RequestedFormatType::Exact(CameraFormat::new(
        Resolution::new(mode.width_px, mode.height_px),
        frame_format(mode.format),
        mode.fps,
    ));
    let mut camera = Camera::new(
        CameraIndex::Index(index),
        RequestedFormat::with_formats(exact, &READABLE),
    )
    .map_err(|e| camera_error(index, &e))?;
    camera.open_stream().map_err(|e| camera_error(index, &e))?;
    Ok((camera, mode))
}

/// The bytes one picture of a raw `mode` takes (MJPEG: any).
fn frame_bytes(mode: &CameraMode) -> Option<usize> {
    let px = mode.width_px as usize * mode.height_px as usize;
    match mode.format {
        PixelFormat::Yuyv => Some(px * 2),
        PixelFormat::Nv12 => Some(px * 3 / 2),
        PixelFormat::Rgb | PixelFormat::Bgr => Some(px * 3),
        PixelFormat::Gray => Some(px),
        PixelFormat::Mjpeg => None,
    }
}

/// Why one camera picture cannot be used (it is skipped, and named when none can).
#[derive(Debug, thiserror::Error)]
enum PictureError {
    #[error("a picture in {mode} came with {got} bytes, {want} expected (a damaged frame)")]
    Short {
        mode: CameraMode,
        got: usize,
        want: usize,
    },
    #[error("a picture in {mode} could not be decoded: {why}")]
    Undecodable { mode: CameraMode, why: DecodeError },
}

/// Why a picture's bytes did not decode.
#[derive(Debug, thiserror::Error)]
enum DecodeError {
    #[error(transparent)]
    Raw(#[from] NokhwaError),
    #[error(transparent)]
    Jpeg(#[from] image::ImageError),
    #[error("a {got_w}x{got_h} picture in a {want_w}x{want_h} stream")]
    WrongSize {
        got_w: u32,
        got_h: u32,
        want_w: u32,
        want_h: u32,
    },
}

/// A raw picture cut to its size: V4L2 hands over the whole buffer, which drivers may round
/// up (v4l2loopback to whole pages: 640×480 NV12 is 460 800 bytes in a 462 848-byte buffer),
/// and nokhwa's NV12 decoder takes the exact size only.
fn whole_frame(buffer: Buffer, mode: &CameraMode) -> Result<Buffer, PictureError> {
    let Some(want) = frame_bytes(mode) else {
        return Ok(buffer);
    };
    let got = buffer.buffer().len();
    match got.cmp(&want) {
        std::cmp::Ordering::Equal => Ok(buffer),
        std::cmp::Ordering::Greater => Ok(Buffer::new(
            buffer.resolution(),
            &buffer.buffer()[..want],
            buffer.source_frame_format(),
        )),
        std::cmp::Ordering::Less => Err(PictureError::Short {
            mode: *mode,
            got,
            want,
        }),
    }
}

/// One picture as RGB. MJPEG is decoded by the `image` crate's pure-Rust JPEG decoder
/// (nokhwa's goes through libjpeg in C, and a v4l2loopback MJPEG frame — a whole V4L2 buffer,
/// the JPEG and what follows it — ended the process there); raw formats by nokhwa.
fn decode(buffer: &Buffer, mode: &CameraMode) -> Result<image::RgbImage, DecodeError> {
    if mode.format != PixelFormat::Mjpeg {
        return Ok(buffer.decode_image::<RgbFormat>()?);
    }
    let rgb =
        image::load_from_memory_with_format(buffer.buffer(), image::ImageFormat::Jpeg)?.to_rgb8();
    if rgb.dimensions() != (mode.width_px, mode.height_px) {
        return Err(DecodeError::WrongSize {
            got_w: rgb.width(),
            got_h: rgb.height(),
            want_w: mode.width_px,
            want_h: mode.height_px,
        });
    }
    Ok(rgb)
}

/// One picture as RGB, or what is wrong with it.
fn picture(buffer: Buffer, mode: &CameraMode) -> Result<image::RgbImage, PictureError> {
    let buffer = whole_frame(buffer, mode)?;
    decode(&buffer, mode).map_err(|why| PictureError::Undecodable { mode: *mode, why })
}

/// The reader thread: hands each frame over (waiting while the last is still there) until
/// told to stop, the source is dropped, or the camera fails.
fn read_frames(mut camera: Camera, index: u32, tx: &SyncSender<Delivery>, stop: &AtomicBool) {
    while !stop.load(Ordering::Acquire) {
        let delivery = match camera.frame() {
            Ok(buffer) => Delivery::Frame(buffer, Instant::now()),
            Err(e) => Delivery::Failed(SourceError::Camera {
                index,
                why: format!("{e} (unplugged?)"),
            }),
        };
        let failed = matches!(delivery, Delivery::Failed(_));
        if tx.send(delivery).is_err() || failed {
            break;
        }
    }
    let _ = camera.stop_stream();
}

impl Drop for WebcamSource {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
    }
}

impl FrameSource for WebcamSource {
    /// The next picture. A damaged one (a torn or empty MJPEG frame, as webcams send when a
    /// stream starts, or a short raw buffer) is skipped, not fatal: the wait goes on for a
    /// whole one. Only a camera that sends nothing but damaged pictures for the whole wait
    /// is an error, naming the damage.
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        let wait = if self.next == 0 {
            FIRST_FRAME_WAIT
        } else {
            STALL_AFTER
        };
        let deadline = Instant::now() + wait;
        let mut damaged = 0u32;
        let mut last_damage = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (buffer, at) = match self.frames.recv_timeout(left) {
                Ok(Delivery::Frame(buffer, at)) => (buffer, at),
                Ok(Delivery::Failed(e)) => return Err(e),
                Err(RecvTimeoutError::Timeout) if damaged > 0 => {
                    return Err(SourceError::Camera {
                        index: self.index,
                        why: format!(
                            "its {damaged} pictures in {:.1} s could not be read ({last_damage}); \
                             try another format or size with --camera-width/--camera-height",
                            wait.as_secs_f64()
                        ),
                    })
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(SourceError::CameraStalled {
                        index: self.index,
                        secs: wait.as_secs_f64(),
                    })
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(SourceError::Camera {
                        index: self.index,
                        why: "its reader stopped".into(),
                    })
                }
            };
            let image = match picture(buffer, &self.mode) {
                Ok(image) => image,
                Err(why) => {
                    damaged += 1;
                    tracing::debug!(camera = self.index, %why, "a damaged picture skipped");
                    last_damage = why.to_string();
                    continue;
                }
            };
            let since = at.saturating_duration_since(self.started);
            let ts = Timestamp(i64::try_from(since.as_nanos()).unwrap_or(i64::MAX));
            let index = self.next;
            self.next += 1;
            return Ok(Some(Frame {
                image,
                ts,
                index,
                label: format!("camera {}#{index}", self.index),
            }));
        }
    }

    fn describe(&self) -> String {
        format!("camera {} ({}) {}", self.index, self.name, self.mode)
    }

    fn fps_hint(&self) -> Option<f64> {
        Some(f64::from(self.mode.fps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(format: PixelFormat) -> CameraMode {
        CameraMode {
            format,
            width_px: 640,
            height_px: 480,
            fps: 30,
        }
    }

    #[test]
    fn a_raw_picture_in_a_bigger_buffer_is_cut_to_its_size_and_decodes() {
        let nv12 = mode(PixelFormat::Nv12);
        // v4l2loopback's buffer for 640x480 NV12: whole pages.
        let page_rounded = vec![128u8; 462_848];
        let buffer = Buffer::new(Resolution::new(640, 480), &page_rounded, FrameFormat::NV12);
        assert!(
            buffer.decode_image::<RgbFormat>().is_err(),
            "nokhwa takes the exact size only"
        );
        let cut = whole_frame(buffer, &nv12).expect("cut");
        assert_eq!(cut.buffer().len(), 460_800);
        let image = cut.decode_image::<RgbFormat>().expect("decodes");
        assert_eq!(image.dimensions(), (640, 480));
    }

    #[test]
    fn an_mjpeg_frame_in_a_whole_buffer_decodes() {
        let picture = image::RgbImage::from_pixel(640, 480, image::Rgb([200, 120, 40]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
            .encode_image(&picture)
            .expect("encode");
        jpeg.resize(jpeg.len().next_multiple_of(4096) + 4096, 0); // the rest of the buffer
        let buffer = Buffer::new(Resolution::new(640, 480), &jpeg, FrameFormat::MJPEG);
        let rgb = decode(&buffer, &mode(PixelFormat::Mjpeg)).expect("decodes");
        assert_eq!(rgb.dimensions(), (640, 480));
        let px = rgb.get_pixel(320, 240).0;
        assert!(px[0].abs_diff(200) < 8 && px[2].abs_diff(40) < 8, "{px:?}");
        let wrong = CameraMode {
            width_px: 1280,
            height_px: 720,
            ..mode(PixelFormat::Mjpeg)
        };
        assert!(decode(&buffer, &wrong).is_err());
    }

    #[test]
    fn a_short_raw_picture_is_an_error_and_mjpeg_is_left_as_it_came() {
        let short = Buffer::new(Resolution::new(640, 480), &[0u8; 1000], FrameFormat::YUYV);
        let err = whole_frame(short, &mode(PixelFormat::Yuyv))
            .map(|_| ())
            .expect_err("too short");
        assert!(
            err.to_string().contains("1000 bytes, 614400 expected"),
            "{err}"
        );
        let jpeg = Buffer::new(
            Resolution::new(640, 480),
            &[0xFF, 0xD8, 0, 0],
            FrameFormat::MJPEG,
        );
        let kept = whole_frame(jpeg, &mode(PixelFormat::Mjpeg)).expect("kept");
        assert_eq!(kept.buffer().len(), 4);
    }

    fn source_fed(next: u64) -> (WebcamSource, SyncSender<Delivery>) {
        let (tx, rx) = mpsc::sync_channel(4);
        let source = WebcamSource {
            frames: rx,
            stop: Arc::new(AtomicBool::new(false)),
            index: 3,
            name: "FakeCamMJPEG".into(),
            mode: mode(PixelFormat::Mjpeg),
            started: Instant::now(),
            next,
        };
        (source, tx)
    }

    fn jpeg_640x480() -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(640, 480, image::Rgb([90, 90, 90]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
            .encode_image(&picture)
            .expect("encode");
        jpeg
    }

    #[test]
    fn a_damaged_picture_is_skipped_and_the_next_whole_one_returned() {
        let (mut source, tx) = source_fed(0);
        let empty = vec![0u8; 8192]; // a buffer the writer has not filled yet
        let torn = jpeg_640x480()[..600].to_vec();
        for bytes in [empty, torn, jpeg_640x480()] {
            let buffer = Buffer::new(Resolution::new(640, 480), &bytes, FrameFormat::MJPEG);
            tx.send(Delivery::Frame(buffer, Instant::now()))
                .expect("send");
        }
        let frame = source.next_frame().expect("a frame").expect("some");
        assert_eq!(frame.index, 0, "the skipped pictures are not counted");
        assert_eq!(frame.image.dimensions(), (640, 480));
    }

    #[test]
    fn a_camera_sending_only_damaged_pictures_is_an_error_naming_the_damage() {
        let (mut source, tx) = source_fed(5);
        let feeder = std::thread::spawn(move || {
            for _ in 0..20 {
                let buffer = Buffer::new(Resolution::new(640, 480), &[0u8; 64], FrameFormat::MJPEG);
                if tx.send(Delivery::Frame(buffer, Instant::now())).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let err = source
            .next_frame()
            .map(|_| ())
            .expect_err("only damaged pictures");
        let text = err.to_string();
        assert!(
            matches!(err, SourceError::Camera { index: 3, .. }),
            "{text}"
        );
        assert!(
            text.contains("could not be read") && text.contains("MJPG"),
            "{text}"
        );
        drop(source);
        feeder.join().expect("feeder");
    }
}
