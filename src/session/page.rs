//! The browser's session store, as the library sees it: a tab has no files, so each session
//! the app records is kept in memory ([`SharedLines`]) and the page takes the lines written
//! since it last looked ([`take_new`]) and stores them (the Origin Private File System or
//! IndexedDB, `web/site/`). The page looks every frame, so a closed tab loses at most what a
//! `kill -9` loses on the desktop.

use super::writer::file_name;
use super::{SharedLines, StartMeta};
use std::cell::RefCell;
use std::sync::{Arc, Mutex, PoisonError};

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
    file_name: String,
    session_id: String,
    lines: SharedLines,
    taken: usize,
}

thread_local! {
    static SESSIONS: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
}

/// Where a new session's lines go (the recorder writes them; the page takes them).
pub fn new_session(meta: &StartMeta) -> SharedLines {
    let lines: SharedLines = Arc::new(Mutex::new(Vec::new()));
    let file_name = file_name(meta).unwrap_or_else(|_| format!("{}.jsonl", meta.session_id));
    SESSIONS.with_borrow_mut(|s| {
        s.push(Kept {
            file_name,
            session_id: meta.session_id.clone(),
            lines: lines.clone(),
            taken: 0,
        })
    });
    lines
}

/// The lines every session has written since the last call (sessions with none left out).
/// A session whose recorder is gone and whose lines were all taken is forgotten.
pub fn take_new() -> Vec<NewLines> {
    SESSIONS.with_borrow_mut(|sessions| {
        let mut out = Vec::new();
        for kept in sessions.iter_mut() {
            let lines = kept.lines.lock().unwrap_or_else(PoisonError::into_inner);
            if lines.len() > kept.taken {
                out.push(NewLines {
                    file_name: kept.file_name.clone(),
                    session_id: kept.session_id.clone(),
                    lines: lines[kept.taken..].to_vec(),
                });
                kept.taken = lines.len();
            }
        }
        sessions.retain(|k| Arc::strong_count(&k.lines) > 1);
        out
    })
}
