//! The browser's sessions folder. A tab has no files: every session the page has stored
//! (the Origin Private File System or IndexedDB, `web/site/store.js`) is handed in when the
//! page opens ([`load`]), each new session is recorded into memory ([`new_session`]), and
//! the page takes the lines written since it last looked ([`take_new`]) and the sessions
//! deleted ([`take_removed`]) to store them. It looks every frame, so a closed tab loses
//! at most what a `kill -9` loses on the desktop.
//!
//! The rest of the library sees a folder, [`DIR`]: the reader lists and reads its
//! sessions here ([`paths`], [`read`]), the writer names its sessions inside it and
//! deleting removes them ([`remove`]), so History, Progress, the summary and the report
//! work on the browser's sessions unchanged.

use super::{file_name, SharedLines, StartMeta};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// The folder the browser's sessions appear in.
pub const DIR: &str = "/browser/sessions";

/// One session's new lines.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLines {
    /// The desktop's file name for the session (`<YYYYmmdd-HHMMSS>-<short id>.jsonl`).
    pub file_name: String,
    pub session_id: String,
    /// The lines written since the last [`take_new`], each without its newline.
    pub lines: Vec<String>,
}

struct Kept {
    session_id: String,
    lines: SharedLines,
    /// How many of `lines` the page has taken (stored).
    taken: usize,
}

/// What the person asked of the page (History's buttons in the browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Every session as one file, downloaded.
    ExportAll,
    /// Sessions from a file the person chooses (the page's file picker).
    Import,
}

thread_local! {
    static ASKED: RefCell<Vec<Ask>> = const { RefCell::new(Vec::new()) };
    /// What the page said of the last export or import, for History to show.
    static SAID: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whether the browser promised to keep the record, in the page's words.
    static KEPT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Every session, by file name.
    static SESSIONS: RefCell<BTreeMap<String, Kept>> = const { RefCell::new(BTreeMap::new()) };
    /// Sessions deleted since the page last looked.
    static REMOVED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The path a session of `file_name` has in [`DIR`].
pub fn path_of(file_name: &str) -> PathBuf {
    Path::new(DIR).join(file_name)
}

fn name_in_dir(path: &Path) -> Option<String> {
    (path.parent() == Some(Path::new(DIR)))
        .then(|| path.file_name()?.to_str().map(str::to_owned))
        .flatten()
}

/// Where a new session's lines go (the recorder writes them; the page takes them).
pub fn new_session(meta: &StartMeta) -> SharedLines {
    let lines: SharedLines = Arc::new(Mutex::new(Vec::new()));
    let name = file_name(meta).unwrap_or_else(|_| format!("{}.jsonl", meta.session_id));
    SESSIONS.with_borrow_mut(|s| {
        s.insert(
            name,
            Kept {
                session_id: meta.session_id.clone(),
                lines: lines.clone(),
                taken: 0,
            },
        )
    });
    lines
}

/// A session the page had stored, `text` its file's content. A name that is not a
/// session file's (`*.jsonl`, no folders) is refused; the reader judges the content when
/// it is read, as it does a file's.
pub fn load(file_name: &str, text: &str) -> Result<(), super::SessionError> {
    let plain = !file_name.contains(['/', '\\']) && file_name.ends_with(".jsonl");
    if !plain || file_name.len() <= ".jsonl".len() {
        return Err(super::SessionError::InvalidMeta {
            why: format!("\"{file_name}\" is not a session file's name (NAME.jsonl)"),
        });
    }
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let taken = lines.len();
    SESSIONS.with_borrow_mut(|s| {
        s.insert(
            file_name.to_owned(),
            Kept {
                session_id: String::new(),
                lines: Arc::new(Mutex::new(lines)),
                taken,
            },
        )
    });
    Ok(())
}

/// The sessions of [`DIR`], sorted by name (`dir` is any other folder: none).
pub fn paths(dir: &Path) -> Vec<PathBuf> {
    if dir != Path::new(DIR) {
        return Vec::new();
    }
    SESSIONS.with_borrow(|s| s.keys().map(|n| path_of(n)).collect())
}

/// The content of the session at `path`, as its file would hold it.
pub fn read(path: &Path) -> Option<Vec<u8>> {
    let name = name_in_dir(path)?;
    SESSIONS.with_borrow(|s| {
        let kept = s.get(&name)?;
        let lines = kept.lines.lock().unwrap_or_else(PoisonError::into_inner);
        let mut text = lines.join("\n");
        text.push('\n');
        Some(text.into_bytes())
    })
}

/// Whether the session at `path` is being recorded now.
pub fn being_written(path: &Path) -> bool {
    let Some(name) = name_in_dir(path) else {
        return false;
    };
    SESSIONS.with_borrow(|s| {
        s.get(&name)
            .is_some_and(|k| Arc::strong_count(&k.lines) > 1)
    })
}

/// Removes the session at `path`; false when there is none.
pub fn remove(path: &Path) -> bool {
    let Some(name) = name_in_dir(path) else {
        return false;
    };
    let removed = SESSIONS.with_borrow_mut(|s| s.remove(&name).is_some());
    if removed {
        REMOVED.with_borrow_mut(|r| r.push(name));
    }
    removed
}

/// `line` (one record, without its newline) at the end of the kept session at `path`, as
/// a late pain rating is appended to a closed session's file; false when there is none.
/// The page takes it with the session's other new lines ([`take_new`]) and stores it.
pub fn append(path: &Path, line: String) -> bool {
    let Some(name) = name_in_dir(path) else {
        return false;
    };
    SESSIONS.with_borrow(|s| {
        s.get(&name).is_some_and(|kept| {
            kept.lines
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(line);
            true
        })
    })
}

/// The lines every session has written since the last call (sessions with none left out).
pub fn take_new() -> Vec<NewLines> {
    SESSIONS.with_borrow_mut(|sessions| {
        let mut out = Vec::new();
        for (name, kept) in sessions.iter_mut() {
            let lines = kept.lines.lock().unwrap_or_else(PoisonError::into_inner);
            if lines.len() > kept.taken {
                out.push(NewLines {
                    file_name: name.clone(),
                    session_id: kept.session_id.clone(),
                    lines: lines[kept.taken..].to_vec(),
                });
                kept.taken = lines.len();
            }
        }
        out
    })
}

/// The file names of the sessions deleted since the last call.
pub fn take_removed() -> Vec<String> {
    REMOVED.with_borrow_mut(std::mem::take)
}

/// The person asked for `ask` (the page carries it out).
pub fn ask(ask: Ask) {
    ASKED.with_borrow_mut(|a| a.push(ask));
}

/// What was asked since the last call, in order.
pub fn take_asks() -> Vec<Ask> {
    ASKED.with_borrow_mut(std::mem::take)
}

/// The page's words on an export or import it carried out (imported sessions are already
/// [`load`]ed): History shows them and reads the list again.
pub fn said(text: String) {
    SAID.with_borrow_mut(|s| *s = Some(text));
}

/// The page's words since the last call.
pub fn take_said() -> Option<String> {
    SAID.with_borrow_mut(Option::take)
}

/// How long the browser keeps the record ("This browser may delete your record when it
/// runs short of space…"), as the page found out; History shows it.
pub fn set_kept(words: String) {
    KEPT.with_borrow_mut(|k| *k = Some(words));
}

/// The page's words on how long the browser keeps the record, once known.
pub fn kept() -> Option<String> {
    KEPT.with_borrow(Clone::clone)
}
