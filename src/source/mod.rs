//! Frame sources: where pictures come from. One trait, [`FrameSource`], for single images,
//! image folders, video files and webcams; each frame carries its own timestamp.
//!
//! Video files are decoded by the `ffmpeg` command-line program piped as raw RGB (see
//! [`video`] for why). Webcams go through `nokhwa` (feature `webcam`), named only in
//! [`webcam`].

pub mod browse;
pub mod camera_mode;
pub mod ffmpeg_log;
pub mod images;
#[cfg(target_arch = "wasm32")]
pub mod page;
#[cfg(all(feature = "webcam", target_os = "linux"))]
mod v4l2;
pub mod video;
#[cfg(feature = "webcam")]
pub mod webcam;

use crate::frame::Frame;
use std::path::{Path, PathBuf};

/// A stream of frames. `Ok(None)` is the normal end of the stream.
pub trait FrameSource {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError>;
    /// Like [`FrameSource::next_frame`], but may reuse `spare`'s pixel buffer (a frame the
    /// caller is done with) instead of allocating a new one. The default ignores it.
    fn next_frame_reusing(&mut self, spare: Option<Frame>) -> Result<Option<Frame>, SourceError> {
        drop(spare);
        self.next_frame()
    }
    /// A short human description ("video cat.mp4 640x480 @30 fps").
    fn describe(&self) -> String;
    /// How many frames to expect, when known.
    fn len_hint(&self) -> Option<u64> {
        None
    }
    /// Nominal frame rate, when known.
    fn fps_hint(&self) -> Option<f64> {
        None
    }
    /// After the stream ended: why it ended before the file's end (a truncated or damaged
    /// video), or None when it was read whole.
    fn truncated(&self) -> Option<String> {
        None
    }
}

/// Why a source could not give a frame.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("file not found: {0}")]
    NotFound(PathBuf),
    #[error("{path} is {what}: give a video file, an image, a folder of images, or a camera's index (`formcheck cameras` lists them)")]
    NotAFile { path: PathBuf, what: String },
    #[error("cannot read image {path}: {why}")]
    BadImage { path: PathBuf, why: String },
    #[error("no images (jpg, png, webp, bmp, gif, tiff) in folder {0}")]
    EmptyFolder(PathBuf),
    #[error("cannot read video {path}: {why}")]
    BadVideo { path: PathBuf, why: String },
    #[error("video {0} has no frames (empty or truncated file)")]
    EmptyVideo(PathBuf),
    #[error("the ffmpeg program is needed to read videos but was not found ({why}); install it with `sudo apt-get install ffmpeg` (the README's set-up does this)")]
    FfmpegMissing { why: String },
    #[error("no camera found{0}")]
    NoCamera(String),
    #[error("camera {index}: {why}")]
    Camera { index: u32, why: String },
    #[error("camera {index} ({device}): permission denied. Add yourself to the `video` group (`sudo usermod -aG video $USER`, then log out and back in), or check who may open it with `ls -l {device}`")]
    CameraDenied { index: u32, device: String },
    #[error("camera {index} ({device}) is in use by another program (a video call, a browser tab, another formcheck): close it and try again")]
    CameraBusy { index: u32, device: String },
    /// The camera opened and sent pictures, then sent none for `secs` seconds. The source
    /// stays usable: the pictures may come back.
    #[error("camera {index} stopped sending pictures (none for {secs:.1} s): is it unplugged, or taken by another program? Plug it back in")]
    CameraStalled { index: u32, secs: f64 },
    #[error("camera support is not built in (build with the `webcam` feature)")]
    CameraUnsupported,
}

/// Extensions read as still images.
pub const IMAGE_EXTENSIONS: [&str; 8] = ["jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff"];

fn has_image_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// What a command-line source argument names.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceSpec {
    Image(PathBuf),
    Folder(PathBuf),
    Video(PathBuf),
    Camera(u32),
}

impl SourceSpec {
    /// Classifies a path (or a bare camera number) by what exists on disk.
    pub fn parse(arg: &str) -> Result<Self, SourceError> {
        let path = PathBuf::from(arg);
        // In the browser a video is a file the person chose in the page.
        #[cfg(target_arch = "wasm32")]
        if page::is_chosen_video(&path) {
            return Ok(Self::Video(path));
        }
        if !path.exists() {
            if let Ok(index) = arg.parse::<u32>() {
                return Ok(Self::Camera(index));
            }
            return Err(SourceError::NotFound(path));
        }
        if path.is_dir() {
            Ok(Self::Folder(path))
        } else if let Some(e) = std::fs::metadata(&path)
            .ok()
            .and_then(|m| crate::files::not_regular(&m))
        {
            // A device (`/dev/zero`, `/dev/video0`), a named pipe or a socket: never a
            // video or an image file.
            Err(SourceError::NotAFile {
                path,
                what: e.to_string(),
            })
        } else if has_image_extension(&path) {
            Ok(Self::Image(path))
        } else {
            Ok(Self::Video(path))
        }
    }

    /// Opens the source. `fps` sets the timestamps of image folders (frames `1/fps` apart).
    pub fn open(&self, camera: &CameraConfig) -> Result<Box<dyn FrameSource>, SourceError> {
        Ok(match self {
            Self::Image(p) => Box::new(images::ImageSource::single(p)?),
            Self::Folder(p) => Box::new(images::ImageSource::folder(p, images::FOLDER_FPS)?),
            Self::Video(p) => Box::new(video::VideoSource::open(p)?),
            Self::Camera(i) => open_camera(&CameraConfig {
                index: *i,
                ..camera.clone()
            })?,
        })
    }
}

/// Which camera and what picture to ask it for: the size and rate are a wish; the mode
/// streamed is the camera's nearest usable one ([`camera_mode::choose`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CameraConfig {
    pub index: u32,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
}

impl Default for CameraConfig {
    fn default() -> Self {
        Self {
            index: 0,
            width: 1280,
            height: 720,
            fps: 30,
        }
    }
}

/// Opens a webcam.
pub fn open_camera(config: &CameraConfig) -> Result<Box<dyn FrameSource>, SourceError> {
    #[cfg(feature = "webcam")]
    {
        Ok(Box::new(webcam::WebcamSource::open(config)?))
    }
    #[cfg(not(feature = "webcam"))]
    {
        let _ = config;
        Err(SourceError::CameraUnsupported)
    }
}

/// What to do without a camera, in the words of the live view and `formcheck doctor`.
#[cfg(not(target_arch = "wasm32"))]
pub const NO_CAMERA_ADVICE: &str = "Plug in a webcam (or switch on the laptop's own camera) \
     and try the camera again; without one, you can practise from a video file or a folder of \
     photos.";
/// In the browser a video is the page's file picker, and there are no folders.
#[cfg(target_arch = "wasm32")]
pub const NO_CAMERA_ADVICE: &str = "Plug in a webcam (or switch on the laptop's own camera) \
     and try the camera again; without one, you can practise from a video file.";

/// The camera to use from `list`: the one named `name` (the settings remember the name, as
/// numbers change when cameras are plugged in another order), else number `index`, else the
/// first.
pub fn remembered_camera(list: &[(u32, String)], index: u32, name: Option<&str>) -> u32 {
    name.and_then(|n| list.iter().find(|(_, m)| m == n))
        .or_else(|| list.iter().find(|(i, _)| *i == index))
        .or(list.first())
        .map_or(index, |(i, _)| *i)
}

/// Cameras present, as (index, name). An empty list is a normal answer.
pub fn list_cameras() -> Result<Vec<(u32, String)>, SourceError> {
    // In the browser the page lists them (`navigator.mediaDevices.enumerateDevices`).
    #[cfg(target_arch = "wasm32")]
    return Ok(page::cameras());
    #[cfg(all(feature = "webcam", not(target_arch = "wasm32")))]
    {
        webcam::list()
    }
    #[cfg(not(any(feature = "webcam", target_arch = "wasm32")))]
    {
        Err(SourceError::CameraUnsupported)
    }
}

/// A camera's modes and the one formcheck would stream for `want` (see
/// [`camera_mode::choose`]); opening the camera may fail (in use, no permission).
pub fn camera_modes(
    index: u32,
    want: &camera_mode::ModeRequest,
) -> Result<(Vec<camera_mode::CameraMode>, camera_mode::CameraMode), SourceError> {
    #[cfg(feature = "webcam")]
    {
        webcam::modes(index, want)
    }
    #[cfg(not(feature = "webcam"))]
    {
        let _ = (index, want);
        Err(SourceError::CameraUnsupported)
    }
}

#[cfg(test)]
mod camera_tests {
    use super::remembered_camera;

    #[test]
    fn the_camera_is_found_again_by_name_when_the_numbers_change() {
        let before = [
            (0, "Integrated Camera".to_owned()),
            (2, "USB Webcam".to_owned()),
        ];
        assert_eq!(remembered_camera(&before, 2, Some("USB Webcam")), 2);
        // Plugged in another order: the name wins over the old number.
        let after = [
            (0, "USB Webcam".to_owned()),
            (2, "Integrated Camera".to_owned()),
        ];
        assert_eq!(remembered_camera(&after, 2, Some("USB Webcam")), 0);
        // Gone: its number if present, else the first camera.
        assert_eq!(remembered_camera(&after, 2, Some("Other")), 2);
        assert_eq!(remembered_camera(&after, 5, None), 0);
        assert_eq!(remembered_camera(&[], 5, None), 5);
    }
}
