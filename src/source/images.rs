//! Still images: one file, or every image in a folder (sorted by name) played as a stream.
//!
//! Pictures are used the way a viewer shows them: a phone stores an upright photo sideways
//! with an EXIF orientation tag, and [`load_rgb`] applies that tag (JPEG, PNG, WebP, TIFF).
//! Sizes are bounded before anything big is allocated: at most [`MAX_SIDE`] pixels a side and
//! [`MAX_DECODED_BYTES`] decoded (the `image` crate's `Limits`), with a message that says so.

use super::{has_image_extension, FrameSource, SourceError};
use crate::frame::{Frame, Timestamp};
use std::path::{Path, PathBuf};

/// Frame rate given to image folders played as a stream.
pub const FOLDER_FPS: f64 = 30.0;

/// Longest side of an image that is read (a 200-megapixel phone photo is 16320 wide).
pub const MAX_SIDE: u32 = 16_384;

/// Most memory one decoded image may take (the `image` crate's default allocation limit).
pub const MAX_DECODED_BYTES: u64 = 512 * 1024 * 1024;

fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    limits
}

/// Why an image of this size is not read, if it is not.
fn too_large(width: u32, height: u32, decoded_bytes: u64) -> Option<DecodeError> {
    (width > MAX_SIDE || height > MAX_SIDE || decoded_bytes > MAX_DECODED_BYTES).then(|| {
        DecodeError::TooLarge {
            width,
            height,
            decoded_mib: decoded_bytes.div_ceil(1024 * 1024),
        }
    })
}

/// Why an image file's bytes are not a picture formcheck reads.
#[derive(Debug, thiserror::Error)]
enum DecodeError {
    #[error(transparent)]
    Read(#[from] std::io::Error),
    #[error("{0} (not an image, or a truncated/corrupt one)")]
    Corrupt(#[from] image::ImageError),
    #[error(
        "the image is {width}x{height} pixels ({decoded_mib} MiB decoded), larger than formcheck \
         reads (at most {MAX_SIDE} pixels a side and {} MiB); scale it down first",
        MAX_DECODED_BYTES / (1024 * 1024)
    )]
    TooLarge {
        width: u32,
        height: u32,
        decoded_mib: u64,
    },
}

/// Decodes `bytes` as the picture a viewer shows: size checked first, EXIF orientation
/// applied. Errors are the reason, for [`SourceError::BadImage`].
fn decode_upright(bytes: Vec<u8>) -> Result<image::DynamicImage, DecodeError> {
    use image::ImageDecoder as _;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    // Headers are read without limits so that an oversized picture is named with its size.
    reader.no_limits();
    let corrupt = DecodeError::Corrupt;
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    if let Some(why) = too_large(width, height, decoder.total_bytes()) {
        return Err(why);
    }
    decoder.set_limits(limits()).map_err(corrupt)?;
    // A damaged EXIF block is no reason to refuse the pixels: shown as stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Decodes one image file to RGB, with a message naming the file when it cannot.
pub fn load_rgb(path: &Path) -> Result<image::RgbImage, SourceError> {
    let bytes = crate::files::read_capped(path, crate::files::IMAGE_FILE).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            SourceError::NotFound(path.to_path_buf())
        } else {
            SourceError::BadImage {
                path: path.to_path_buf(),
                why: e.to_string(),
            }
        }
    })?;
    if bytes.is_empty() {
        return Err(SourceError::BadImage {
            path: path.to_path_buf(),
            why: "the file is empty".into(),
        });
    }
    // JPEG decoders fill a cut-off file with grey instead of failing; a missing end-of-image
    // marker is how a truncated JPEG shows.
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let tail = &bytes[bytes.len().saturating_sub(4096)..];
        if !tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
            return Err(SourceError::BadImage {
                path: path.to_path_buf(),
                why: "the JPEG is truncated (no end-of-image marker)".into(),
            });
        }
    }
    let img = decode_upright(bytes).map_err(|why| SourceError::BadImage {
        path: path.to_path_buf(),
        why: why.to_string(),
    })?;
    let rgb = img.to_rgb8();
    if rgb.width() == 0 || rgb.height() == 0 {
        return Err(SourceError::BadImage {
            path: path.to_path_buf(),
            why: "the image has no pixels".into(),
        });
    }
    Ok(rgb)
}

/// Lists the image files of a folder, sorted by name.
pub fn list_folder(dir: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SourceError::BadImage {
        path: dir.to_path_buf(),
        why: e.to_string(),
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && has_image_extension(p))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(SourceError::EmptyFolder(dir.to_path_buf()));
    }
    Ok(files)
}

/// One image or a folder of them.
#[derive(Debug)]
pub struct ImageSource {
    files: Vec<PathBuf>,
    next: usize,
    fps: f64,
    what: String,
}

impl ImageSource {
    pub fn single(path: &Path) -> Result<Self, SourceError> {
        if !path.exists() {
            return Err(SourceError::NotFound(path.to_path_buf()));
        }
        Ok(Self {
            files: vec![path.to_path_buf()],
            next: 0,
            fps: FOLDER_FPS,
            what: format!("image {}", path.display()),
        })
    }

    pub fn folder(dir: &Path, fps: f64) -> Result<Self, SourceError> {
        let files = list_folder(dir)?;
        Ok(Self {
            what: format!("folder {} ({} images)", dir.display(), files.len()),
            files,
            next: 0,
            fps: if fps > 0.0 { fps } else { FOLDER_FPS },
        })
    }

    /// Plays the same files again from the start (for looping stills in the live view).
    pub fn rewind(&mut self) {
        self.next = 0;
    }
}

impl FrameSource for ImageSource {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        let Some(path) = self.files.get(self.next).cloned() else {
            return Ok(None);
        };
        let index = self.next as u64;
        self.next += 1;
        let image = load_rgb(&path)?;
        Ok(Some(Frame {
            image,
            ts: Timestamp::from_secs_f64(index as f64 / self.fps),
            index,
            label: path.display().to_string(),
        }))
    }

    fn describe(&self) -> String {
        self.what.clone()
    }

    fn len_hint(&self) -> Option<u64> {
        Some(self.files.len() as u64)
    }

    fn fps_hint(&self) -> Option<f64> {
        Some(self.fps)
    }
}
