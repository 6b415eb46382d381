//! A file just written, and opening it or its folder with the desktop's opener
//! (`xdg-open`): the export of History and the report of Progress and History end with it.

use super::theme;
use eframe::egui::{RichText, Ui};
use std::path::{Path, PathBuf};

/// Why a file or folder could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The opener program is not on this computer; the file is in `place`.
    #[error("Cannot open {what}: {opener} is not installed on this computer. The file is in {}", .place.display())]
    NotInstalled {
        what: String,
        opener: String,
        place: PathBuf,
    },
    #[error("Cannot open {what} {} with {opener}: {source}", .path.display())]
    Failed {
        what: String,
        path: PathBuf,
        opener: String,
        source: std::io::Error,
    },
}

/// A file just written: `said` ("Exported to …"), a button that opens the file when
/// `open_file` gives its label and what the file is called in messages, *Open folder*, and why opening failed when it did (the export and
/// the report both end with it).
pub fn saved_ui(
    ui: &mut Ui,
    said: &str,
    file: &Path,
    open_file: Option<(&str, &str)>,
    opener: &mut Option<String>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(said).size(theme::BODY).color(theme::ACCENT));
        if let Some((label, what)) = open_file {
            if ui.button(label).clicked() {
                *opener = open_with("xdg-open", file, what)
                    .err()
                    .map(|e| e.to_string());
            }
        }
        if ui.button("Open folder").clicked() {
            let dir = file.parent().unwrap_or(Path::new("."));
            *opener = open_folder(dir).err().map(|e| e.to_string());
        }
    });
    if let Some(why) = opener {
        ui.label(
            RichText::new(why.as_str())
                .size(theme::BODY)
                .color(theme::BORDERLINE),
        );
    }
}

/// Opens `dir` in the desktop's file manager through `xdg-open`, without waiting for it.
/// Err: what to tell the person (no `xdg-open` on this computer, or it failed to start).
pub fn open_folder(dir: &Path) -> Result<(), OpenError> {
    open_folder_with("xdg-open", dir)
}

/// [`open_folder`] with the opener program named (tests use one that is absent).
pub fn open_folder_with(opener: &str, dir: &Path) -> Result<(), OpenError> {
    open_with(opener, dir, "the folder")
}

/// Opens `path` (a folder or a file, called `what` in messages) with `opener`, without
/// waiting for it.
pub fn open_with(opener: &str, path: &Path, what: &str) -> Result<(), OpenError> {
    match std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(child) => {
            // Reaped on its own thread so no zombie is left behind.
            let mut child = child;
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let place = if path.is_dir() {
                path
            } else {
                path.parent().unwrap_or(path)
            };
            Err(OpenError::NotInstalled {
                what: what.to_owned(),
                opener: opener.to_owned(),
                place: place.to_path_buf(),
            })
        }
        Err(e) => Err(OpenError::Failed {
            what: what.to_owned(),
            path: path.to_path_buf(),
            opener: opener.to_owned(),
            source: e,
        }),
    }
}
