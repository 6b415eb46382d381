//! Webcams through `nokhwa` (the only file that names it). No camera is a normal case:
//! [`list`] returns an empty list and [`WebcamSource::open`] a [`SourceError::NoCamera`]
//! that says so plainly. Frames are stamped with the time since the stream opened.

use super::{CameraConfig, FrameSource, SourceError};
use crate::frame::{Frame, Timestamp};
use nokhwa::pixel_format::RgbFormat;
use nokhwa::utils::{
    ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType,
    Resolution,
};
use nokhwa::Camera;
use std::time::Instant;

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

/// A live camera stream.
pub struct WebcamSource {
    camera: Camera,
    config: CameraConfig,
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
        let requested =
            RequestedFormat::new::<RgbFormat>(RequestedFormatType::Closest(CameraFormat::new(
                Resolution::new(config.width, config.height),
                FrameFormat::MJPEG,
                config.fps,
            )));
        let err = |e: nokhwa::NokhwaError| SourceError::Camera {
            index: config.index,
            why: e.to_string(),
        };
        let mut camera = Camera::new(CameraIndex::Index(config.index), requested).map_err(|e| {
            SourceError::Camera {
                index: config.index,
                why: format!(
                    "{e} (cameras present: {})",
                    present
                        .iter()
                        .map(|(i, n)| format!("{i}: {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        })?;
        camera.open_stream().map_err(err)?;
        Ok(Self {
            camera,
            config: config.clone(),
            started: Instant::now(),
            next: 0,
        })
    }
}

impl Drop for WebcamSource {
    fn drop(&mut self) {
        let _ = self.camera.stop_stream();
    }
}

impl FrameSource for WebcamSource {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        let err = |e: nokhwa::NokhwaError| SourceError::Camera {
            index: self.config.index,
            why: format!("{e} (unplugged?)"),
        };
        let buffer = self.camera.frame().map_err(err)?;
        let ts = Timestamp(i64::try_from(self.started.elapsed().as_nanos()).unwrap_or(i64::MAX));
        let image = buffer.decode_image::<RgbFormat>().map_err(err)?;
        let index = self.next;
        self.next += 1;
        Ok(Some(Frame {
            image,
            ts,
            index,
            label: format!("camera {}#{index}", self.config.index),
        }))
    }

    fn describe(&self) -> String {
        let f = self.camera.camera_format();
        format!(
            "camera {} ({}) {}x{} @{} fps",
            self.config.index,
            self.camera.info().human_name(),
            f.resolution().width(),
            f.resolution().height(),
            f.frame_rate()
        )
    }

    fn fps_hint(&self) -> Option<f64> {
        Some(f64::from(self.camera.frame_rate()))
    }
}
