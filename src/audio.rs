//! Cues beyond the screen: a short tone when a rep counts or a hold completes, and spoken
//! corrections. Both go through programs that may or may not be installed, started as
//! child processes so nothing here ever blocks the caller:
//!
//! - tones: a tiny WAV written once to a temp folder, played with the first of `aplay`,
//!   `paplay`, `pw-play`, `ffplay` found on `PATH`;
//! - speech: `espeak-ng` (or `espeak`), one utterance at a time; a new correction while one
//!   is being spoken is dropped rather than queued (stale advice is worse than none).
//!
//! No audio crate: an audio stack for two beeps and a voice would outweigh the app.
//!
//! In the browser (wasm32) there are no programs: the same [`Cues`] queue each cue for the
//! page ([`page::take`]), which plays tones through Web Audio and speaks through the
//! browser's speech synthesis.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// Which tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A rep counted: one short high beep.
    Rep,
    /// A hold completed: a lower, longer tone.
    HoldDone,
}

impl Tone {
    fn spec(self) -> (f32, u32) {
        match self {
            Tone::Rep => (880.0, 120),
            Tone::HoldDone => (660.0, 350),
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Tone::Rep => "formcheck-rep.wav",
            Tone::HoldDone => "formcheck-hold.wav",
        }
    }
}

/// A mono 16-bit PCM WAV of a sine at `freq_hz` for `millis`, with 10 ms fades so it
/// does not click.
pub fn tone_wav(freq_hz: f32, millis: u32, sample_rate: u32) -> Vec<u8> {
    let n = (u64::from(sample_rate) * u64::from(millis) / 1000) as u32;
    let fade = (sample_rate / 100).max(1);
    let data_len = n * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&(sample_rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..n {
        let t = i as f32 / sample_rate as f32;
        let env = (i.min(n - 1 - i) as f32 / fade as f32).min(1.0);
        let v = (t * freq_hz * std::f32::consts::TAU).sin() * env * 0.5;
        out.extend_from_slice(&((v * f32::from(i16::MAX)) as i16).to_le_bytes());
    }
    out
}

/// Where the tone files are written once (the browser has no folders: its page plays the
/// tones itself).
fn tone_dir() -> PathBuf {
    #[cfg(not(target_arch = "wasm32"))]
    return std::env::temp_dir();
    #[cfg(target_arch = "wasm32")]
    PathBuf::new()
}

/// The first of `names` found as an executable on `PATH`.
pub fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = crate::places::env_raw("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// At most this many tone players at once.
const MAX_TONES: usize = 2;

/// Plays tones and speaks, when the machine can.
pub struct Cues {
    player: Option<PathBuf>,
    speaker: Option<PathBuf>,
    tone_dir: PathBuf,
    speaking: Arc<AtomicBool>,
    /// Tone players still running; more than [`MAX_TONES`] and new tones are dropped, so a
    /// player that hangs (no sound device) cannot pile up processes.
    tones_playing: Arc<AtomicUsize>,
    pub sounds: bool,
    pub voice: bool,
    /// Built by [`Cues::silent`] (`--mute`, tests).
    muted: bool,
}

impl Cues {
    /// Looks for the programs once.
    pub fn new(sounds: bool, voice: bool) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let (player, speaker) = (
            find_program(&["aplay", "paplay", "pw-play", "ffplay"]),
            find_program(&["espeak-ng", "espeak"]),
        );
        // The page plays and speaks (what it cannot, it says on its own screen).
        #[cfg(target_arch = "wasm32")]
        let (player, speaker) = (
            Some(PathBuf::from("Web Audio")),
            Some(PathBuf::from("speech synthesis")),
        );
        Self {
            player,
            speaker,
            tone_dir: tone_dir(),
            speaking: Arc::new(AtomicBool::new(false)),
            tones_playing: Arc::new(AtomicUsize::new(0)),
            sounds,
            voice,
            muted: false,
        }
    }

    /// A silent sink (tests, screenshots).
    pub fn silent() -> Self {
        Self {
            player: None,
            speaker: None,
            tone_dir: tone_dir(),
            speaking: Arc::new(AtomicBool::new(false)),
            tones_playing: Arc::new(AtomicUsize::new(0)),
            sounds: false,
            voice: false,
            muted: true,
        }
    }

    /// A line for the settings screen, in plain words (no program names): what cannot be
    /// heard on this computer, if anything.
    pub fn plain_words(&self) -> Option<&'static str> {
        match (self.muted, self.player.is_some(), self.speaker.is_some()) {
            (true, _, _) => Some("Sound and voice are off for this run."),
            (false, false, false) => Some("This computer cannot play tones or speak corrections."),
            (false, false, true) => Some("This computer cannot play tones."),
            (false, true, false) => Some("This computer cannot speak corrections."),
            (false, true, true) => None,
        }
    }

    /// A line for a log or `doctor`: the programs found.
    pub fn describe(&self) -> String {
        if self.muted {
            return "Sound and voice are off for this run (--mute).".into();
        }
        let name = |p: &Option<PathBuf>| {
            p.as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        };
        format!(
            "tones: {}; voice: {}",
            name(&self.player)
                .unwrap_or_else(|| "no player found (aplay, paplay, pw-play, ffplay)".into()),
            name(&self.speaker).unwrap_or_else(|| "espeak-ng not found".into())
        )
    }

    pub fn can_speak(&self) -> bool {
        self.speaker.is_some()
    }

    /// Plays `tone` in the background (nothing when sounds are off or no player exists).
    pub fn tone(&self, tone: Tone) {
        if !self.sounds {
            return;
        }
        #[cfg(target_arch = "wasm32")]
        if !self.muted {
            page::push(page::Cue::Tone(tone));
            return;
        }
        let Some(player) = self.player.clone() else {
            return;
        };
        let path = self.tone_dir.join(tone.file_name());
        if !path.is_file() {
            let (f, ms) = tone.spec();
            if std::fs::write(&path, tone_wav(f, ms, 22_050)).is_err() {
                return;
            }
        }
        if self.tones_playing.fetch_add(1, Ordering::AcqRel) >= MAX_TONES {
            self.tones_playing.fetch_sub(1, Ordering::AcqRel);
            return;
        }
        spawn_detached(
            player_command(&player, &path),
            Done::Count(self.tones_playing.clone()),
        );
    }

    /// Speaks `text` in the background unless something is being spoken already.
    pub fn say(&self, text: &str) {
        if !self.voice || text.is_empty() {
            return;
        }
        #[cfg(target_arch = "wasm32")]
        if !self.muted {
            page::push(page::Cue::Say(text.to_owned()));
            return;
        }
        let Some(speaker) = &self.speaker else {
            return;
        };
        if self.speaking.swap(true, Ordering::AcqRel) {
            return;
        }
        let mut cmd = Command::new(speaker);
        cmd.args(["-s", "150", "--", text]);
        spawn_detached(cmd, Done::Flag(self.speaking.clone()));
    }
}

fn player_command(player: &Path, wav: &Path) -> Command {
    let mut cmd = Command::new(player);
    if player.file_name().is_some_and(|n| n == "ffplay") {
        cmd.args(["-nodisp", "-autoexit", "-loglevel", "quiet"]);
    } else if player.file_name().is_some_and(|n| n == "aplay") {
        cmd.arg("-q");
    }
    cmd.arg(wav);
    cmd
}

/// What to update when a child process ends.
enum Done {
    Flag(Arc<AtomicBool>),
    Count(Arc<AtomicUsize>),
}

impl Done {
    fn finish(&self) {
        match self {
            Done::Flag(b) => b.store(false, Ordering::Release),
            Done::Count(c) => {
                c.fetch_sub(1, Ordering::AcqRel);
            }
        }
    }
}

/// Starts `cmd` with no stdio and reaps it on a helper thread; reports `done` when it ends.
fn spawn_detached(mut cmd: Command, done: Done) {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match cmd.spawn() {
        Ok(mut child) => {
            let spawned = std::thread::Builder::new()
                .name("formcheck-audio".into())
                .spawn(move || {
                    let _ = child.wait();
                    done.finish();
                });
            if let Err(e) = spawned {
                tracing::debug!("audio reaper thread: {e}");
            }
        }
        Err(e) => {
            tracing::debug!("audio program failed to start: {e}");
            done.finish();
        }
    }
}

/// The browser's side: cues wait here until the page's frame loop takes them.
#[cfg(target_arch = "wasm32")]
pub mod page {
    use super::Tone;
    use std::cell::RefCell;

    /// One cue for the page to play.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Cue {
        Tone(Tone),
        Say(String),
    }

    /// More cues than this waiting and the oldest go (a page in a background tab).
    const MAX_WAITING: usize = 8;

    thread_local! {
        static WAITING: RefCell<Vec<Cue>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn push(cue: Cue) {
        WAITING.with_borrow_mut(|w| {
            if w.len() >= MAX_WAITING {
                w.remove(0);
            }
            w.push(cue);
        });
    }

    /// The cues since the last call, oldest first.
    pub fn take() -> Vec<Cue> {
        WAITING.with_borrow_mut(std::mem::take)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_header_and_length() {
        let w = tone_wav(880.0, 100, 8000);
        assert_eq!(&w[0..4], b"RIFF");
        assert_eq!(&w[8..12], b"WAVE");
        assert_eq!(w.len(), 44 + 800 * 2);
        // Faded in: the first sample is silent.
        assert_eq!(i16::from_le_bytes([w[44], w[45]]), 0);
    }
}
