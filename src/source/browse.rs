//! Choosing a video (or a folder of photos) without typing a path: one folder's listing —
//! its sub-folders and its video files, hidden files left out, names sorted — and how many
//! pictures it holds. The app's chooser (`ui/source.rs`) draws it; this is its one I/O.

use super::IMAGE_EXTENSIONS;
use std::path::{Path, PathBuf};

/// Extensions offered as videos (ffmpeg reads many more; these are what phones and
/// cameras write).
pub const VIDEO_EXTENSIONS: [&str; 8] = ["mp4", "mov", "m4v", "mkv", "webm", "avi", "mpg", "mpeg"];

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Folder,
    Video,
}

/// One sub-folder or video of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub kind: EntryKind,
}

/// A folder as the chooser shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub dir: PathBuf,
    /// Folders first, then videos, each by name (case ignored).
    pub entries: Vec<Entry>,
    /// Pictures in the folder (it can be opened as a folder of photos).
    pub pictures: usize,
}

/// Why a folder cannot be listed.
#[derive(Debug, thiserror::Error)]
#[error("cannot open the folder {dir}: {why}. Choose another folder")]
pub struct BrowseError {
    pub dir: PathBuf,
    pub why: String,
}

fn has_extension(path: &Path, list: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| list.contains(&e.to_ascii_lowercase().as_str()))
}

/// Lists `dir`.
pub fn list(dir: &Path) -> Result<Listing, BrowseError> {
    let read = std::fs::read_dir(dir).map_err(|e| BrowseError {
        dir: dir.to_owned(),
        why: e.to_string(),
    })?;
    let mut entries = Vec::new();
    let mut pictures = 0;
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follows links: a link to a folder is a folder.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let kind = if meta.is_dir() {
            EntryKind::Folder
        } else if meta.is_file() && has_extension(&path, &VIDEO_EXTENSIONS) {
            EntryKind::Video
        } else {
            if meta.is_file() && has_extension(&path, &IMAGE_EXTENSIONS) {
                pictures += 1;
            }
            continue;
        };
        entries.push(Entry { name, path, kind });
    }
    entries.sort_by_key(|e| (e.kind != EntryKind::Folder, e.name.to_lowercase()));
    Ok(Listing {
        dir: dir.to_owned(),
        entries,
        pictures,
    })
}

/// Where the chooser starts: the folder of `typed` (a path typed or opened before) when it
/// exists, else the home folder, else the working folder.
pub fn start_dir(typed: &str) -> PathBuf {
    let typed = Path::new(typed.trim());
    let from_typed = if typed.is_dir() {
        Some(typed.to_owned())
    } else {
        typed.parent().filter(|p| p.is_dir()).map(Path::to_owned)
    };
    from_typed
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_lists_its_folders_and_videos_and_counts_its_pictures() {
        let dir = std::env::temp_dir().join(format!("formcheck-browse-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for d in ["clips", "Another"] {
            std::fs::create_dir_all(dir.join(d)).expect("folder");
        }
        for f in [
            "b.MP4",
            "a.mov",
            "notes.txt",
            ".hidden.mp4",
            "p1.jpg",
            "p2.png",
        ] {
            std::fs::write(dir.join(f), b"x").expect("file");
        }
        let l = list(&dir).expect("lists");
        let names: Vec<(&str, EntryKind)> = l
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Another", EntryKind::Folder),
                ("clips", EntryKind::Folder),
                ("a.mov", EntryKind::Video),
                ("b.MP4", EntryKind::Video),
            ]
        );
        assert_eq!(l.pictures, 2);
        assert_eq!(start_dir(&dir.join("a.mov").to_string_lossy()), dir);
        let err = list(&dir.join("missing")).expect_err("no such folder");
        assert!(err.to_string().contains("Choose another folder"), "{err}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
