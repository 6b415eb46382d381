//! What ffmpeg says while it decodes: each frame's real time, and the errors.
//!
//! Phones record at a variable frame rate: frames are not `1/fps` apart, so a frame's time
//! cannot be its index divided by the rate (frame 98 of such a clip is at 3.24 s, not
//! 9.81 s). The decoder runs with ffmpeg's `showinfo` filter, which logs one line per frame
//! with its presentation timestamp (`pts`, in the stream's `time_base`) just before the frame
//! is written to the pipe; a thread reads the log and hands each frame's time, in order,
//! through a channel. The log is read with level tags (`-loglevel level+info`), so the
//! `error`/`fatal` lines are kept apart as the message for a broken or truncated file.
//!
//! [`FrameClock`] turns those times into timestamps: relative to the first frame, and equal to
//! `index / fps` when within half a millisecond of it (a constant-rate clip then keeps exactly
//! the times it had before, whatever the rounding of its time base).

use crate::frame::Timestamp;
use std::io::{BufRead as _, BufReader, Read};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

/// The `-vf` argument that makes ffmpeg log each frame's timestamp (no checksums: cheap).
pub const SHOWINFO_FILTER: &str = "showinfo=checksum=0";

/// The `-loglevel` argument: info (for `showinfo`), every line tagged with its level.
pub const LOG_LEVEL: &str = "level+info";

/// Error lines kept at most (a damaged 30-minute file can log thousands).
const MAX_ERROR_LINES: usize = 20;

/// One line of ffmpeg's log, as far as formcheck cares.
#[derive(Debug, Clone, PartialEq)]
pub enum LogLine {
    /// `showinfo`'s `config in time_base: 1/10350, …`.
    TimeBase { num: i64, den: i64 },
    /// `showinfo`'s per-frame line: frame number and `pts` (None for `NOPTS`).
    Frame { n: u64, pts: Option<i64> },
    /// A line at level error, fatal or panic, without its level tag.
    Error(String),
    /// Anything else (stream information, warnings, side data).
    Other,
}

/// `[ctx @ 0x…] [level] message` or `[level] message` → (context, level, message).
fn split(line: &str) -> (Option<&str>, Option<&str>, &str) {
    let mut rest = line.trim_end();
    let mut context = None;
    let mut level = None;
    for _ in 0..2 {
        let Some(inner) = rest.strip_prefix('[') else {
            break;
        };
        let Some((tag, after)) = inner.split_once(']') else {
            break;
        };
        if tag.contains(" @ ") && context.is_none() && level.is_none() {
            context = Some(tag);
        } else if level.is_none() {
            level = Some(tag);
        } else {
            break;
        }
        rest = after.strip_prefix(' ').unwrap_or(after);
    }
    (context, level, rest)
}

/// The integer after `key` in `text` (spaces allowed between), or None for `NOPTS`.
fn number_after(text: &str, key: &str) -> Option<i64> {
    let at = text.find(key)? + key.len();
    let value = text[at..].trim_start();
    let end = value
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(value.len(), |(i, _)| i);
    value[..end].parse().ok()
}

/// Classifies one log line.
pub fn parse_line(line: &str) -> LogLine {
    let (context, level, msg) = split(line);
    if context.is_some_and(|c| c.starts_with("Parsed_showinfo")) {
        if let Some(tb) = msg.strip_prefix("config in time_base:") {
            let tb = tb.split(',').next().unwrap_or("").trim();
            let (num, den) = tb.split_once('/').unwrap_or((tb, "1"));
            return match (num.trim().parse::<i64>(), den.trim().parse::<i64>()) {
                (Ok(num), Ok(den)) if num > 0 && den > 0 => LogLine::TimeBase { num, den },
                _ => LogLine::Other,
            };
        }
        if msg.starts_with("n:") {
            if let Some(n) = number_after(msg, "n:").and_then(|n| u64::try_from(n).ok()) {
                return LogLine::Frame {
                    n,
                    pts: number_after(msg, " pts:"),
                };
            }
        }
        return LogLine::Other;
    }
    match level {
        Some("error" | "fatal" | "panic") => LogLine::Error(match context {
            Some(c) => format!("[{c}] {msg}"),
            None => msg.to_owned(),
        }),
        _ => LogLine::Other,
    }
}

/// A frame's presentation time in seconds from the log, by frame number.
pub type FrameTime = (u64, Option<f64>);

/// Reads ffmpeg's log on its own thread until the pipe closes: frame times go to the
/// returned channel, error lines into the returned text.
pub fn spawn_reader(pipe: impl Read + Send + 'static) -> (Receiver<FrameTime>, Arc<Mutex<String>>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let errors = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&errors);
    std::thread::spawn(move || read_log(pipe, &tx, &sink));
    (rx, errors)
}

fn read_log(pipe: impl Read, tx: &Sender<FrameTime>, errors: &Mutex<String>) {
    let mut reader = BufReader::new(pipe);
    let mut line = Vec::new();
    let mut time_base = None;
    let mut kept = 0;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        match parse_line(&String::from_utf8_lossy(&line)) {
            LogLine::TimeBase { num, den } => time_base = Some((num, den)),
            LogLine::Frame { n, pts } => {
                let secs = pts
                    .zip(time_base)
                    .map(|(pts, (num, den))| pts as f64 * num as f64 / den as f64);
                // The receiver is gone when the source was dropped: keep draining the pipe.
                let _ = tx.send((n, secs));
            }
            LogLine::Error(text) if kept < MAX_ERROR_LINES => {
                kept += 1;
                if let Ok(mut e) = errors.lock() {
                    if !e.is_empty() {
                        e.push('\n');
                    }
                    e.push_str(&text);
                }
            }
            LogLine::Error(_) | LogLine::Other => {}
        }
    }
}

/// Turns logged presentation times into frame timestamps.
#[derive(Debug, Clone)]
pub struct FrameClock {
    fps: f64,
    first: Option<f64>,
    last: Option<Timestamp>,
}

/// Logged times this close to `index / fps` are taken as exactly that.
const SNAP_SECS: f64 = 0.0005;

impl FrameClock {
    pub fn new(fps: f64) -> Self {
        Self {
            fps: if fps > 0.0 { fps } else { 30.0 },
            first: None,
            last: None,
        }
    }

    /// The timestamp of frame `index` whose logged time is `secs` (None: not known, then
    /// one nominal frame after the previous one). Always later than the previous frame's.
    pub fn stamp(&mut self, index: u64, secs: Option<f64>) -> Timestamp {
        let nominal = index as f64 / self.fps;
        let step = Timestamp::from_secs_f64(1.0 / self.fps);
        let real = secs.filter(|s| s.is_finite()).map(|s| {
            let first = *self.first.get_or_insert(s);
            s - first
        });
        let ts = match (real, self.last) {
            (Some(r), _) if (r - nominal).abs() < SNAP_SECS => Timestamp::from_secs_f64(nominal),
            (Some(r), _) => Timestamp::from_secs_f64(r),
            (None, Some(last)) => Timestamp(last.0 + step.0),
            (None, None) => Timestamp::from_secs_f64(nominal),
        };
        let ts = match self.last {
            Some(last) if ts <= last => Timestamp(last.0 + step.0.max(1)),
            _ => ts,
        };
        self.last = Some(ts);
        ts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn showinfo_lines() {
        assert_eq!(
            parse_line("[Parsed_showinfo_0 @ 0x55d0393fcc40] [info] config in time_base: 1/10350, frame_rate: 5175/173"),
            LogLine::TimeBase { num: 1, den: 10350 }
        );
        assert_eq!(
            parse_line("[Parsed_showinfo_0 @ 0x55d0393fcc40] [info] n:   0 pts:      0 pts_time:0       pos:     5067 fmt:yuv420p"),
            LogLine::Frame { n: 0, pts: Some(0) }
        );
        assert_eq!(
            parse_line("[Parsed_showinfo_0 @ 0x1] [info] n:1234 pts:12345678 pts_time:1192.82 duration:346"),
            LogLine::Frame { n: 1234, pts: Some(12_345_678) }
        );
        assert_eq!(
            parse_line("[Parsed_showinfo_0 @ 0x1] [info] n:   3 pts:NOPTS pts_time:NOPTS"),
            LogLine::Frame { n: 3, pts: None }
        );
        assert_eq!(
            parse_line("[Parsed_showinfo_0 @ 0x1] [info] color_range:tv color_space:bt709"),
            LogLine::Other
        );
    }

    #[test]
    fn error_lines_keep_their_context() {
        assert_eq!(
            parse_line(
                "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ac] [error] stream 0, offset 0x16999: partial file"
            ),
            LogLine::Error(
                "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ac] stream 0, offset 0x16999: partial file".into()
            )
        );
        assert_eq!(
            parse_line("[error] Error while decoding stream #0:0: Invalid data found"),
            LogLine::Error("Error while decoding stream #0:0: Invalid data found".into())
        );
        assert_eq!(
            parse_line("[warning] -vsync is deprecated. Use -fps_mode"),
            LogLine::Other
        );
        assert_eq!(parse_line("[info]   Stream #0:0 -> #0:0"), LogLine::Other);
    }

    #[test]
    fn reader_pairs_times_with_frames() {
        let log =
            "[Parsed_showinfo_0 @ 0x1] [info] config in time_base: 1/1000, frame_rate: 30/1\n\
[Parsed_showinfo_0 @ 0x1] [info] n:   0 pts:      0 pts_time:0\n\
[h264 @ 0x2] [error] Invalid NAL unit size (179 > 109).\n\
[Parsed_showinfo_0 @ 0x1] [info] n:   1 pts:   1500 pts_time:1.5\n";
        let (rx, errors) = spawn_reader(std::io::Cursor::new(log.as_bytes().to_vec()));
        let times: Vec<FrameTime> = rx.iter().collect();
        assert_eq!(times, vec![(0, Some(0.0)), (1, Some(1.5))]);
        assert_eq!(
            errors.lock().map(|e| e.clone()).unwrap_or_default(),
            "[h264 @ 0x2] Invalid NAL unit size (179 > 109)."
        );
    }

    #[test]
    fn clock_snaps_constant_rate_and_follows_variable_rate() {
        let mut c = FrameClock::new(30.0);
        // Constant rate in a 1/15360 time base: pts rounding is absorbed.
        assert_eq!(c.stamp(0, Some(0.0)), Timestamp::from_secs_f64(0.0));
        assert_eq!(
            c.stamp(1, Some(512.0 / 15360.0)),
            Timestamp::from_secs_f64(1.0 / 30.0)
        );
        // A gap: frame 2 shown at 2.0 s is stamped 2.0 s, not 2/30 s.
        assert_eq!(c.stamp(2, Some(2.0)), Timestamp::from_secs_f64(2.0));
        // Unknown time: one nominal frame later; never backwards.
        assert_eq!(
            c.stamp(3, None),
            Timestamp(Timestamp::from_secs_f64(2.0).0 + Timestamp::from_secs_f64(1.0 / 30.0).0)
        );
        let before = c.stamp(4, Some(3.0));
        assert!(c.stamp(5, Some(1.0)) > before);
        // A stream that starts late starts at zero.
        let mut late = FrameClock::new(25.0);
        assert_eq!(late.stamp(0, Some(1.4)), Timestamp(0));
        assert_eq!(late.stamp(1, Some(1.44)), Timestamp::from_secs_f64(0.04));
    }
}
