//! Video files, decoded by the `ffmpeg` command-line program and piped as raw RGB24.
//!
//! Why the CLI and not a library binding: it needs no `-dev` packages or C build (the
//! crates that link libav* do), reads every container and codec the machine's ffmpeg knows,
//! runs in its own process (a corrupt file cannot crash us), and decodes hundreds of frames
//! per second here, far more than the pose model consumes. `ffprobe` gives size and rate up
//! front. Timestamps are each frame's presentation time, read from ffmpeg's log (see
//! [`super::ffmpeg_log`]): a variable-frame-rate phone clip gets its real times.
//!
//! A file that ends before its header says it should (ffmpeg reports errors such as
//! "partial file", or fewer frames arrive than the container announces) still gives the
//! frames it has, then [`FrameSource::truncated`] says so; the CLI reports them and exits 3.

use super::ffmpeg_log::{self, FrameClock, FrameTime};
use super::{FrameSource, SourceError};
use crate::frame::Frame;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Frames a container may announce beyond those decoded without the file being called
/// truncated (edit lists can hide a frame or two at the start of a phone clip).
const MISSING_FRAMES_TOLERATED: u64 = 2;

/// Longest wait for a frame's logged time once its pixels arrived (the log line is written
/// before the pixels, so this is only reached when ffmpeg logs no times at all).
const TIME_WAIT: Duration = Duration::from_secs(2);

/// Size and rate of a video's first video stream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VideoInfo {
    pub width: u32,
    pub height: u32,
    pub fps: f64,
    pub frames: Option<u64>,
}

fn parse_rate(s: &str) -> Option<f64> {
    let (n, d) = s.split_once('/').unwrap_or((s, "1"));
    let (n, d) = (n.trim().parse::<f64>().ok()?, d.trim().parse::<f64>().ok()?);
    (d > 0.0 && n > 0.0).then(|| n / d)
}

/// Asks `ffprobe` for the size, rate and frame count of `path`.
pub fn probe(path: &Path) -> Result<VideoInfo, SourceError> {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries"])
        .arg("stream=width,height,avg_frame_rate,r_frame_rate,nb_frames:stream_side_data=rotation")
        .args(["-of", "json"])
        .arg(path)
        .output()
        .map_err(|e| SourceError::FfmpegMissing {
            why: format!("ffprobe: {e}"),
        })?;
    let bad = |why: String| SourceError::BadVideo {
        path: path.to_path_buf(),
        why,
    };
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        return Err(bad(if msg.is_empty() {
            "ffprobe failed".into()
        } else {
            msg
        }));
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| bad(format!("unexpected ffprobe output: {e}")))?;
    let Some(stream) = json.get("streams").and_then(|s| s.get(0)) else {
        return Err(bad("no video stream (not a video file?)".into()));
    };
    let num = |k: &str| stream.get(k).and_then(serde_json::Value::as_u64);
    let (Some(mut width), Some(mut height)) = (num("width"), num("height")) else {
        return Err(bad("video stream has no size".into()));
    };
    let rotation = stream
        .get("side_data_list")
        .and_then(|l| l.as_array())
        .and_then(|l| {
            l.iter()
                .find_map(|d| d.get("rotation").and_then(serde_json::Value::as_i64))
        })
        .unwrap_or(0);
    if rotation.rem_euclid(180) == 90 {
        std::mem::swap(&mut width, &mut height);
    }
    let rate = |k: &str| stream.get(k).and_then(|v| v.as_str()).and_then(parse_rate);
    let fps = rate("avg_frame_rate")
        .or_else(|| rate("r_frame_rate"))
        .unwrap_or(30.0);
    let frames = stream
        .get("nb_frames")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse::<u64>().ok());
    if width == 0 || height == 0 {
        return Err(bad("video has no pixels".into()));
    }
    Ok(VideoInfo {
        width: u32::try_from(width).map_err(|_| bad("absurd width".into()))?,
        height: u32::try_from(height).map_err(|_| bad("absurd height".into()))?,
        fps,
        frames,
    })
}

/// A video file played frame by frame.
pub struct VideoSource {
    path: PathBuf,
    info: VideoInfo,
    child: Child,
    stdout: ChildStdout,
    /// Error lines of ffmpeg's log.
    errors: Arc<Mutex<String>>,
    /// Each frame's logged presentation time, in order.
    times: Receiver<FrameTime>,
    /// False once a logged time failed to come: nominal times from then on.
    timed: bool,
    clock: FrameClock,
    next: u64,
    done: bool,
    truncated: Option<String>,
}

/// Asks for a pipe from ffmpeg that holds a whole frame (up to the system's limit, 1 MiB by
/// default): with the default 64 KiB a 640×360 frame crosses in eleven reads, each waking
/// the decoder and the reader in turn; with one frame per read the reading thread's
/// kernel time falls (benches/RESULTS.md, issue 15). Refused, the default pipe stays.
#[cfg(target_os = "linux")]
fn widen_pipe(stdout: &std::process::ChildStdout, info: VideoInfo) {
    let frame = (info.width as usize) * (info.height as usize) * 3;
    let limit = std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .unwrap_or(1 << 20);
    if let Err(e) = rustix::pipe::fcntl_setpipe_size(stdout, frame.min(limit)) {
        tracing::debug!("ffmpeg pipe left at its default size: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn widen_pipe(_: &std::process::ChildStdout, _: VideoInfo) {}

impl VideoSource {
    pub fn open(path: &Path) -> Result<Self, SourceError> {
        match std::fs::metadata(path) {
            Err(_) => return Err(SourceError::NotFound(path.to_path_buf())),
            Ok(m) if m.len() == 0 => return Err(SourceError::EmptyVideo(path.to_path_buf())),
            Ok(_) => {}
        }
        let info = probe(path)?;
        let mut child = Command::new("ffmpeg")
            .args(["-nostdin", "-hide_banner", "-nostats"])
            .args(["-loglevel", ffmpeg_log::LOG_LEVEL, "-i"])
            .arg(path)
            .args([
                "-vf",
                ffmpeg_log::SHOWINFO_FILTER,
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-vsync",
                "passthrough",
                "pipe:1",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| SourceError::FfmpegMissing {
                why: format!("ffmpeg: {e}"),
            })?;
        let (Some(stdout), Some(err_pipe)) = (child.stdout.take(), child.stderr.take()) else {
            return Err(SourceError::BadVideo {
                path: path.to_path_buf(),
                why: "could not connect to ffmpeg".into(),
            });
        };
        widen_pipe(&stdout, info);
        let (times, errors) = ffmpeg_log::spawn_reader(err_pipe);
        Ok(Self {
            path: path.to_path_buf(),
            info,
            child,
            stdout,
            errors,
            times,
            timed: true,
            clock: FrameClock::new(info.fps),
            next: 0,
            done: false,
            truncated: None,
        })
    }

    pub fn info(&self) -> VideoInfo {
        self.info
    }

    /// Process id of the `ffmpeg` decoder (for CPU accounting).
    pub fn decoder_pid(&self) -> u32 {
        self.child.id()
    }

    fn finish(&mut self) -> Result<Option<Frame>, SourceError> {
        self.done = true;
        let status = self.child.wait().ok();
        let msg = self
            .errors
            .lock()
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        if self.next == 0 {
            if msg.is_empty() {
                return Err(SourceError::EmptyVideo(self.path.clone()));
            }
            return Err(SourceError::BadVideo {
                path: self.path.clone(),
                why: msg,
            });
        }
        let short = self
            .info
            .frames
            .filter(|&n| self.next + MISSING_FRAMES_TOLERATED < n);
        let failed = status.is_some_and(|s| !s.success());
        if !msg.is_empty() || failed || short.is_some() {
            let mut why = match short {
                Some(n) => format!("read {} of the {n} frames it announces", self.next),
                None => format!("read {} frames", self.next),
            };
            if !msg.is_empty() {
                let first = msg.lines().next().unwrap_or_default();
                let _ = write!(why, "; ffmpeg: {first}");
            }
            tracing::warn!("video {} ended early: {why}", self.path.display());
            self.truncated = Some(why);
        }
        Ok(None)
    }

    /// The presentation time ffmpeg logged for frame `index`, if it did.
    fn logged_time(&mut self, index: u64) -> Option<f64> {
        while self.timed {
            match self.times.recv_timeout(TIME_WAIT) {
                Ok((n, secs)) if n == index => return secs,
                // An earlier frame's line (not expected): skip it.
                Ok((n, _)) if n < index => {}
                Ok(_) | Err(_) => {
                    tracing::debug!(
                        "video {}: no frame times from ffmpeg's log after frame {index}; nominal times",
                        self.path.display()
                    );
                    self.timed = false;
                }
            }
        }
        None
    }
}

impl Drop for VideoSource {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl FrameSource for VideoSource {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        self.next_frame_reusing(None)
    }

    fn next_frame_reusing(&mut self, spare: Option<Frame>) -> Result<Option<Frame>, SourceError> {
        if self.done {
            return Ok(None);
        }
        let (w, h) = (self.info.width, self.info.height);
        let need = w as usize * h as usize * 3;
        // Reuse the spare frame's pixels and label when it has the right size: a steady
        // stream then allocates nothing per frame. Either way the buffer is read into
        // without zeroing it first (`read_to_end` fills spare capacity; 0.9 MB of `memset`
        // a frame was ~5 % of a still hold's CPU at camera rate).
        let (mut buf, mut label) = match spare {
            Some(f) if f.image.dimensions() == (w, h) => (f.image.into_raw(), f.label),
            _ => (Vec::with_capacity(need), String::new()),
        };
        buf.clear();
        buf.reserve_exact(need);
        if let Err(e) = (&mut self.stdout).take(need as u64).read_to_end(&mut buf) {
            return Err(SourceError::BadVideo {
                path: self.path.clone(),
                why: e.to_string(),
            });
        }
        if buf.len() < need {
            return self.finish();
        }
        let Some(image) = image::RgbImage::from_raw(w, h, buf) else {
            return self.finish();
        };
        let index = self.next;
        self.next += 1;
        label.clear();
        let _ = write!(label, "{}#{index}", self.path.display());
        let secs = self.logged_time(index);
        Ok(Some(Frame {
            image,
            ts: self.clock.stamp(index, secs),
            index,
            label,
        }))
    }

    fn describe(&self) -> String {
        format!(
            "video {} {}x{} @{:.2} fps",
            self.path.display(),
            self.info.width,
            self.info.height,
            self.info.fps
        )
    }

    fn len_hint(&self) -> Option<u64> {
        self.info.frames
    }

    fn fps_hint(&self) -> Option<f64> {
        Some(self.info.fps)
    }

    fn truncated(&self) -> Option<String> {
        self.truncated.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::parse_rate;

    #[test]
    fn rates() {
        assert_eq!(parse_rate("30/1"), Some(30.0));
        assert!((parse_rate("30000/1001").unwrap_or(0.0) - 29.97).abs() < 0.01);
        assert_eq!(parse_rate("0/0"), None);
    }
}
