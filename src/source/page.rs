//! The browser's sources, as the page gives them: a tab cannot open a camera or read a
//! file by itself, so the page lists the cameras (`enumerateDevices`, [`set_cameras`]) and
//! lets the person pick a video file (`<input type=file>`), which the app then opens as
//! `SourceSpec::Video` of a path in [`VIDEOS`] — the page plays it and hands its frames to
//! the pipeline (`crate::pipeline::web`).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// The folder a chosen video appears in.
pub const VIDEOS: &str = "/browser/videos";

#[derive(Default)]
struct Page {
    /// The cameras the page listed (`None`: not listed yet — the browser shows labels only
    /// once a camera is allowed).
    cameras: Option<Vec<String>>,
    /// The person asked to choose a video; the page opens its file picker.
    video_asked: bool,
    /// The video the person chose, for the app to open.
    chosen: Option<PathBuf>,
    /// How far the video playing has got and its length, in seconds (the page says).
    video_time: Option<(f64, f64)>,
}

thread_local! {
    static PAGE: RefCell<Page> = RefCell::new(Page::default());
}

/// The browser's cameras (their labels, in the page's order).
pub fn set_cameras(labels: Vec<String>) {
    PAGE.with_borrow_mut(|p| p.cameras = Some(labels));
}

/// The cameras as `list_cameras` answers: before the page could list them, the default
/// camera (the browser asks the person when it is opened).
pub fn cameras() -> Vec<(u32, String)> {
    PAGE.with_borrow(|p| match &p.cameras {
        Some(labels) => (0u32..).zip(labels.iter().cloned()).collect(),
        None => vec![(0, "the default camera".to_owned())],
    })
}

/// The person asked to choose a video (the app's "Choose a video…").
pub fn ask_for_video() {
    PAGE.with_borrow_mut(|p| p.video_asked = true);
}

/// Whether a video was asked for since the last call (the page then opens its picker).
pub fn take_video_asked() -> bool {
    PAGE.with_borrow_mut(|p| std::mem::take(&mut p.video_asked))
}

/// The page's picker gave the file `name`: its path, which the app opens.
pub fn video_chosen(name: &str) -> PathBuf {
    let path = Path::new(VIDEOS).join(name.replace(['/', '\\'], "_"));
    PAGE.with_borrow_mut(|p| {
        p.chosen = Some(path.clone());
        // Until the new video plays, how far the last one got says nothing.
        p.video_time = None;
    });
    path
}

/// The video chosen since the last call.
pub fn take_chosen() -> Option<PathBuf> {
    PAGE.with_borrow_mut(|p| p.chosen.take())
}

/// Whether `path` is a video the person chose in the page.
pub fn is_chosen_video(path: &Path) -> bool {
    path.parent() == Some(Path::new(VIDEOS)) && path.file_name().is_some()
}

/// How far the video playing has got (`at`) of its `length`, in seconds, as the page plays
/// it (the teach screen shows it while it reads a demonstration).
pub fn set_video_time(at: f64, length: f64) {
    let known = at.is_finite() && length.is_finite() && length > 0.0;
    PAGE.with_borrow_mut(|p| p.video_time = known.then_some((at.max(0.0), length)));
}

/// How far the video playing has got and its length, in seconds, when the page knows.
pub fn video_time() -> Option<(f64, f64)> {
    PAGE.with_borrow(|p| p.video_time)
}
