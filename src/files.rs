//! The person's files read and written safely.
//!
//! - [`read_capped`]: only a regular file is read (a named pipe, a device such as
//!   `/dev/zero`, a folder or a socket — directly or through a symbolic link — is refused
//!   before it is opened, so nothing hangs or reads without end), and at most its kind's
//!   [`Cap`]; a larger file is refused with its size and the cap (docs/CLI.md, "Files read").
//! - [`write_atomic`]: a file is written to a temporary file in the same folder, synced,
//!   then renamed over the destination, so a full disk or a kill never leaves a 0-byte or
//!   half-written file where a good one (or none) was.

#[cfg(not(target_arch = "wasm32"))]
use std::io::{Read as _, Write as _};
use std::path::Path;

/// The most bytes a kind of file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    /// The kind, in words ("an exercise file").
    pub what: &'static str,
    pub bytes: u64,
}

/// An exercise or routine file (own or `$FORMCHECK_CONTENT`): the built-in ones are under
/// 16 KiB.
pub const EXERCISE_FILE: Cap = Cap {
    what: "an exercise file",
    bytes: 1 << 20,
};
/// `settings.toml` (a few hundred bytes).
pub const SETTINGS_FILE: Cap = Cap {
    what: "the settings file",
    bytes: 1 << 20,
};
/// A session file: an hour of practice is about 2 MB (4 angle samples a second).
pub const SESSION_FILE: Cap = Cap {
    what: "a session file",
    bytes: 256 << 20,
};
/// A photo: a phone's is a few MB (decoded pictures are limited apart, to 512 MiB).
pub const IMAGE_FILE: Cap = Cap {
    what: "an image file",
    bytes: 256 << 20,
};
/// A model file: the heavy landmark model is 55 MB.
pub const MODEL_FILE: Cap = Cap {
    what: "a model file",
    bytes: 256 << 20,
};

/// What a file that is not regular is, in words.
fn kind_words(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Why `path` is not read: not a regular file (`None` when it is one, of `len` bytes).
pub fn not_regular(meta: &std::fs::Metadata) -> Option<std::io::Error> {
    (!meta.is_file()).then(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{} (only regular files are read)",
                kind_words(meta.file_type())
            ),
        )
    })
}

fn too_large(len: u64, cap: Cap) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "{len} bytes, more than {} may have ({} MiB)",
            cap.what,
            cap.bytes >> 20
        ),
    )
}

/// The bytes of the regular file at `path`, at most `cap.bytes` of them (see the module).
pub fn read_capped(path: &Path, cap: Cap) -> std::io::Result<Vec<u8>> {
    #[cfg(target_arch = "wasm32")]
    return page::read(path, cap);
    #[cfg(not(target_arch = "wasm32"))]
    read_file_capped(path, cap)
}

#[cfg(not(target_arch = "wasm32"))]
fn read_file_capped(path: &Path, cap: Cap) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if let Some(e) = not_regular(&meta) {
        return Err(e);
    }
    if meta.len() > cap.bytes {
        return Err(too_large(meta.len(), cap));
    }
    let file = open_nonblocking(path)?;
    // The file may have been swapped since the check above: look again at what was opened.
    if let Some(e) = not_regular(&file.metadata()?) {
        return Err(e);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap.bytes {
        return Err(too_large(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// [`read_capped`] as UTF-8 text.
pub fn read_text_capped(path: &Path, cap: Cap) -> std::io::Result<String> {
    String::from_utf8(read_capped(path, cap)?).map_err(|_| {
        std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text".to_owned())
    })
}

/// Opens for reading without waiting for a writer, should a named pipe have taken the
/// file's place since it was looked at.
#[cfg(not(target_arch = "wasm32"))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The temporary file [`write_atomic`] writes `path` through: hidden, in the same folder
/// (a rename within one file system is atomic), unique to this process and call.
#[cfg(not(target_arch = "wasm32"))]
fn temp_path(path: &Path) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let n = N.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` whole or not at all (see the module); the folder must exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(target_arch = "wasm32")]
    return page::write(path, bytes);
    #[cfg(not(target_arch = "wasm32"))]
    write_file_atomic(path, bytes)
}

#[cfg(not(target_arch = "wasm32"))]
fn write_file_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Whether `path` is a regular file (in the browser: one the page handed in or the app
/// wrote, [`page`]).
pub fn is_file(path: &Path) -> bool {
    #[cfg(target_arch = "wasm32")]
    return page::has(path);
    #[cfg(not(target_arch = "wasm32"))]
    path.is_file()
}

/// Whether `dir` is a folder (in the browser: one that holds a file, [`page`]).
pub fn is_dir(dir: &Path) -> bool {
    #[cfg(target_arch = "wasm32")]
    return !page::list(dir).is_empty();
    #[cfg(not(target_arch = "wasm32"))]
    dir.is_dir()
}

/// The paths of the entries of the folder `dir`, in no order (an entry that cannot be read
/// is left out). In the browser: the files [`page`] keeps directly in it.
pub fn list_dir(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    #[cfg(target_arch = "wasm32")]
    return Ok(page::list(dir));
    #[cfg(not(target_arch = "wasm32"))]
    Ok(std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect())
}

/// Makes the folder `dir` and its parents (in the browser folders are only names: nothing
/// to make).
pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = dir;
        Ok(())
    }
    #[cfg(not(target_arch = "wasm32"))]
    std::fs::create_dir_all(dir)
}

/// Deletes the file at `path` (in the browser the page is told, [`page::take_removed`]).
pub fn remove_file(path: &Path) -> std::io::Result<()> {
    #[cfg(target_arch = "wasm32")]
    return page::remove(path);
    #[cfg(not(target_arch = "wasm32"))]
    std::fs::remove_file(path)
}

/// Where `path` is kept, in words a person can follow: `how` and the path on the desktop
/// ("into /home/…/bridge.toml"); in the browser, whose files are the page's store (its
/// `/browser/…` paths are no place a person could look), "in this browser".
pub fn kept_where(path: &Path, how: &str) -> String {
    if cfg!(target_arch = "wasm32") {
        "in this browser".to_owned()
    } else if how.is_empty() {
        path.display().to_string()
    } else {
        format!("{how} {}", path.display())
    }
}

/// The browser's files: a tab has none, so what the library writes (the settings, the own
/// exercises, a report, an export) is kept here and handed to the page
/// ([`page::take_written`]), which keeps the settings and the own exercises in the
/// browser's storage and offers the rest as downloads; what the page stored is handed back
/// in ([`page::put`]) before the app starts, and the files deleted are handed to the page
/// ([`page::take_removed`]) to delete from its storage. Folders are only names here: a
/// folder holds the files whose path is inside it.
#[cfg(target_arch = "wasm32")]
pub mod page {
    use super::{too_large, Cap};
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    thread_local! {
        static FILES: RefCell<BTreeMap<PathBuf, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
        static WRITTEN: RefCell<Vec<PathBuf>> = const { RefCell::new(Vec::new()) };
        static REMOVED: RefCell<Vec<PathBuf>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn read(path: &Path, cap: Cap) -> std::io::Result<Vec<u8>> {
        FILES.with_borrow(|f| match f.get(path) {
            Some(b) if b.len() as u64 > cap.bytes => Err(too_large(b.len() as u64, cap)),
            Some(b) => Ok(b.clone()),
            None => Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
        })
    }

    pub(super) fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        FILES.with_borrow_mut(|f| f.insert(path.to_owned(), bytes.to_vec()));
        // Deleted and written again before the page looked: it keeps the new file.
        REMOVED.with_borrow_mut(|r| r.retain(|p| p != path));
        WRITTEN.with_borrow_mut(|w| w.push(path.to_owned()));
        Ok(())
    }

    pub(super) fn has(path: &Path) -> bool {
        FILES.with_borrow(|f| f.contains_key(path))
    }

    /// The files directly in `dir`, by name.
    pub(super) fn list(dir: &Path) -> Vec<PathBuf> {
        FILES.with_borrow(|f| {
            f.keys()
                .filter(|p| p.parent() == Some(dir))
                .cloned()
                .collect()
        })
    }

    pub(super) fn remove(path: &Path) -> std::io::Result<()> {
        if FILES.with_borrow_mut(|f| f.remove(path)).is_none() {
            return Err(std::io::Error::from(std::io::ErrorKind::NotFound));
        }
        // A file written and deleted before the page looked is not kept either.
        WRITTEN.with_borrow_mut(|w| w.retain(|p| p != path));
        REMOVED.with_borrow_mut(|r| r.push(path.to_owned()));
        Ok(())
    }

    /// The files deleted since the last call.
    pub fn take_removed() -> Vec<PathBuf> {
        REMOVED.with_borrow_mut(std::mem::take)
    }

    /// A file the page had kept (the settings, an own exercise), before the app starts.
    pub fn put(path: &Path, bytes: Vec<u8>) {
        FILES.with_borrow_mut(|f| f.insert(path.to_owned(), bytes));
    }

    /// The files written since the last call, each with its bytes.
    pub fn take_written() -> Vec<(PathBuf, Vec<u8>)> {
        let paths = WRITTEN.with_borrow_mut(std::mem::take);
        FILES.with_borrow(|f| {
            paths
                .into_iter()
                .filter_map(|p| f.get(&p).map(|b| (p.clone(), b.clone())))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("formcheck-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    #[test]
    fn a_desktop_file_is_named_by_its_path() {
        let path = Path::new("/home/sam/.local/share/formcheck/exercises/bridge.toml");
        assert_eq!(
            kept_where(path, "into"),
            "into /home/sam/.local/share/formcheck/exercises/bridge.toml"
        );
        assert_eq!(
            kept_where(path, ""),
            "/home/sam/.local/share/formcheck/exercises/bridge.toml"
        );
    }

    #[test]
    fn only_regular_files_within_the_cap_are_read() {
        let dir = scratch("read");
        let small = dir.join("a.toml");
        std::fs::write(&small, "id = \"a\"\n").expect("write");
        assert_eq!(
            read_text_capped(&small, EXERCISE_FILE).expect("read"),
            "id = \"a\"\n"
        );
        let cap = Cap {
            what: "a test file",
            bytes: 4,
        };
        let err = read_capped(&small, cap).expect_err("too large");
        assert!(
            err.to_string().contains("more than a test file may have"),
            "{err}"
        );
        let err = read_capped(&dir, EXERCISE_FILE).expect_err("folder");
        assert!(err.to_string().contains("a folder"), "{err}");
        #[cfg(unix)]
        {
            let zero = dir.join("zero.toml");
            std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
            let err = read_capped(&zero, EXERCISE_FILE).expect_err("device");
            assert!(err.to_string().contains("a device"), "{err}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    /// The folder seams the own exercises go through (the browser gives them the page's
    /// store): on the desktop they are the file system's own answers.
    #[test]
    fn folders_are_listed_made_and_emptied_through_the_seam() {
        let dir = scratch("seam");
        let own = dir.join("exercises");
        assert!(!is_dir(&own) && !is_file(&own));
        assert!(list_dir(&own).is_err(), "a missing folder cannot be listed");
        create_dir_all(&own).expect("made");
        assert!(is_dir(&own) && !is_file(&own));
        assert!(list_dir(&own).expect("listed").is_empty());
        let file = own.join("my_bridge.toml");
        write_atomic(&file, b"id = \"my_bridge\"\n").expect("written");
        assert!(is_file(&file) && !is_dir(&file));
        assert_eq!(list_dir(&own).expect("listed"), vec![file.clone()]);
        remove_file(&file).expect("deleted");
        assert!(!is_file(&file));
        assert!(list_dir(&own).expect("listed").is_empty());
        let err = remove_file(&file).expect_err("already gone");
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_atomic_write_replaces_whole_and_leaves_no_temporary_file() {
        let dir = scratch("write");
        let path = dir.join("x.toml");
        std::fs::write(&path, "old").expect("write");
        write_atomic(&path, b"new").expect("atomic");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // A folder that cannot take the file leaves the old one as it was.
        let missing = dir.join("no-such-folder").join("y.toml");
        assert!(write_atomic(&missing, b"x").is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
