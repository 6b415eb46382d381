//! The house rules of ARCHITECTURE.md ("Invariants") as a test over `src/`: imports run
//! downward through the floors, no two files of one folder import each other (directly or
//! round a loop), and the crates and calls that must stay in one place do.
//!
//! The check reads the source as text: comments and test modules are left out, and a
//! module is named by its path (`crate::session::…`, `super::check::…`). It is a coarse
//! reading, not a compiler: it is meant to fail on a new upward import or a crate named
//! in the wrong file, with the file and the line, not to prove the absence of every loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module's floor: a module may name modules on its own floor or below,
/// never above (ARCHITECTURE.md, "Imports run downward").
const FLOORS: [(&str, u8); 24] = [
    ("frame", 0),
    ("text", 0),
    ("files", 0),
    ("places", 0),
    ("perf", 0),
    ("shutdown", 0),
    ("lockdown", 0),
    ("guide", 0),
    ("audio", 0),
    ("body", 1),
    ("content", 2),
    ("source", 2),
    ("pose", 2),
    ("session", 2),
    ("draw", 2),
    ("coach", 3),
    ("practice", 4),
    ("teach", 4),
    ("progress", 4),
    ("prefs", 4),
    ("pipeline", 5),
    ("bench", 5),
    ("ui", 6),
    ("cli", 6),
];

/// Names that may appear only under one path (a file or a folder), with why.
const CONFINED: [(&str, &str, &str); 7] = [
    ("egui", "ui/", "only the window names egui"),
    ("eframe", "ui/", "only the window names eframe"),
    (
        "ort::",
        "pose/runtime.rs",
        "ONNX Runtime is named in one file",
    ),
    (
        "use ort",
        "pose/runtime.rs",
        "ONNX Runtime is named in one file",
    ),
    (
        "nokhwa",
        "source/webcam.rs",
        "the webcam crate is named in one file",
    ),
    ("v4l::", "source/v4l2.rs", "V4L2 is named in one file"),
    (
        "std::env::var",
        "places.rs",
        "the environment is read in places.rs alone",
    ),
];

/// One source file: its path under `src/` and its code (comments and tests left out).
struct Source {
    rel: String,
    code: Vec<(usize, String)>,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let rel = path
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            // A whole file of tests (`#[cfg(test)] mod tests;`).
            if rel.ends_with("/tests.rs") {
                return None;
            }
            let text = std::fs::read_to_string(&path).ok()?;
            Some(Source {
                code: code_lines(&text),
                rel,
            })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The lines of code (1-based numbers) before the file's test module, without comments.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|(_, next)| next.trim_start().starts_with("mod tests"))
        {
            break;
        }
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        if !code.trim().is_empty() {
            out.push((i + 1, code.to_owned()));
        }
    }
    out
}

/// The module path of a file: `practice/session/hurt.rs` → `["practice", "session", "hurt"]`.
fn module_of(rel: &str) -> Vec<String> {
    let stem = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The identifiers after `prefix` in `line` (`crate::` → `session`, `progress`, ...),
/// including those in a group (`crate::{a, b::c}`).
fn names_after(line: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find(prefix) {
        let before_ok = at == 0 || {
            let c = rest.as_bytes()[at - 1];
            !(c.is_ascii_alphanumeric() || c == b'_' || c == b':')
        };
        rest = &rest[at + prefix.len()..];
        if !before_ok {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                out.extend(ident(item.trim()));
            }
        } else {
            out.extend(ident(rest));
        }
    }
    out
}

fn ident(s: &str) -> Option<String> {
    let id: String = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!id.is_empty()).then_some(id)
}

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

#[test]
fn imports_run_downward_through_the_floors() {
    let mut upward = Vec::new();
    let mut unknown = BTreeSet::new();
    for src in sources() {
        let module = module_of(&src.rel);
        let [top, ..] = module.as_slice() else {
            continue;
        };
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(mine) = floor(top) else {
            unknown.insert(top.clone());
            continue;
        };
        for (n, line) in &src.code {
            for other in names_after(line, "crate::") {
                if other == *top {
                    continue;
                }
                match floor(&other) {
                    Some(theirs) if theirs > mine => upward.push(format!(
                        "src/{}:{n}: {top} (floor {mine}) names {other} (floor {theirs}): {}",
                        src.rel,
                        line.trim()
                    )),
                    Some(_) => {}
                    None => {
                        unknown.insert(other);
                    }
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules without a floor (add them to FLOORS and ARCHITECTURE.md): {unknown:?}"
    );
    assert!(
        upward.is_empty(),
        "imports that run upward:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_two_files_of_a_folder_import_each_other() {
    // Per folder: which of its files (or subfolders) each file names.
    let mut graph: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for src in sources() {
        let module = module_of(&src.rel);
        let Some((me, parent)) = module.split_last() else {
            continue;
        };
        if parent.is_empty() {
            continue;
        }
        let parent_path = parent.join("::");
        let full = format!("crate::{parent_path}::");
        let named = graph.entry((parent.join("/"), me.clone())).or_default();
        for (_, line) in &src.code {
            for other in names_after(line, "super::")
                .into_iter()
                .chain(names_after(line, &full))
            {
                if other != *me && other != "super" && other != "self" {
                    named.insert(other);
                }
            }
        }
    }
    let mut loops = BTreeSet::new();
    for (folder, start) in graph.keys() {
        // Depth-first from each file, looking for a way back to it.
        let mut stack = vec![vec![start.clone()]];
        while let Some(path) = stack.pop() {
            let Some(last) = path.last() else {
                continue;
            };
            let Some(next) = graph.get(&(folder.clone(), last.clone())) else {
                continue;
            };
            for n in next {
                if n == start && path.len() > 1 {
                    let mut ring = path.clone();
                    ring.sort();
                    loops.insert(format!("src/{folder}: {}", ring.join(" ↔ ")));
                } else if !path.contains(n) && path.len() < 8 {
                    let mut longer = path.clone();
                    longer.push(n.clone());
                    stack.push(longer);
                }
            }
        }
    }
    assert!(
        loops.is_empty(),
        "files that import each other (move what both need down, or into one):\n{}",
        loops.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn confined_crates_and_calls_stay_in_their_place() {
    let mut strays = Vec::new();
    for src in sources() {
        for (name, place, why) in CONFINED {
            let inside = if place.ends_with('/') {
                src.rel.starts_with(place)
            } else {
                src.rel == place
            };
            if inside {
                continue;
            }
            for (n, line) in &src.code {
                if names(line, name) {
                    strays.push(format!(
                        "src/{}:{n}: {name} outside {place} ({why}): {}",
                        src.rel,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(strays.is_empty(), "{}", strays.join("\n"));
}

/// What a screen must not call on the UI thread: the session folder read or written, any
/// file opened. The library does it (`progress::report_file`, `progress::screens`, run on a
/// thread of the screen's own); the screen draws what it answers.
const FOLDER_IO: [&str; 8] = [
    "read_all",
    "write_hold",
    "read_session",
    "list_sessions",
    "delete_sessions",
    "write_atomic",
    "std::fs",
    "File::",
];

/// Screens that still do folder I/O on the UI thread, each with why (none today: History's
/// list, export and deletion run on threads of their own, as Progress's read does).
const FOLDER_IO_ALLOWED: [(&str, &str); 0] = [];

#[test]
fn screens_leave_file_io_to_the_library() {
    let mut strays = Vec::new();
    for src in sources() {
        if !src.rel.starts_with("ui/") || FOLDER_IO_ALLOWED.iter().any(|(f, _)| *f == src.rel) {
            continue;
        }
        for (n, line) in &src.code {
            for name in FOLDER_IO {
                if names(line, name) {
                    strays.push(format!("src/{}:{n}: {name}: {}", src.rel, line.trim()));
                }
            }
        }
    }
    assert!(
        strays.is_empty(),
        "screens doing file I/O (move it to the library and run it off the UI thread, as \
         progress::screens does):\n{}",
        strays.join("\n")
    );
}

/// Files that may keep a `Result<_, String>`, each with why (none today: errors are typed,
/// `thiserror` in the library, shown as text only where they are shown).
const STRING_ERRORS_ALLOWED: [(&str, &str); 0] = [];

/// Whether `line` has a `Result<…, String>`: the last argument at the top level of a
/// `Result<` is `String`.
fn result_of_string(line: &str) -> bool {
    line.match_indices("Result<").any(|(at, m)| {
        let rest = &line[at + m.len()..];
        let (mut depth, mut last_arg) = (0i32, None);
        for (i, c) in rest.char_indices() {
            match c {
                '<' | '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ',' if depth == 0 => last_arg = Some(i + 1),
                '>' if depth == 0 => {
                    return last_arg.is_some_and(|a| rest[a..i].trim() == "String");
                }
                '>' => depth -= 1,
                _ => {}
            }
        }
        false
    })
}

#[test]
fn errors_are_typed_not_strings() {
    let mut strays = Vec::new();
    for src in sources() {
        if STRING_ERRORS_ALLOWED.iter().any(|(f, _)| *f == src.rel) {
            continue;
        }
        for (n, line) in &src.code {
            if result_of_string(line) {
                strays.push(format!("src/{}:{n}: {}", src.rel, line.trim()));
            }
        }
    }
    assert!(
        strays.is_empty(),
        "Result<_, String> (give it a thiserror enum naming each problem; text only where it is \
         shown):\n{}",
        strays.join("\n")
    );
}

/// The longest a file under `src/` may be (docs/STYLE.md: split by responsibility when one
/// grows past).
const MAX_LINES: usize = 800;

#[test]
fn files_stay_under_800_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).ok()?.lines().count();
            (lines >= MAX_LINES).then(|| format!("{}: {lines} lines", path.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files of {MAX_LINES} lines or more (split them by responsibility):\n{}",
        long.join("\n")
    );
}

/// `FormcheckApp` is written in `ui/app.rs` alone; the parts it holds that have work of
/// their own are types of their own in `ui/app/` (an `impl FormcheckApp` elsewhere spreads
/// the one type over several files).
#[test]
fn the_app_is_written_in_one_file() {
    let strays: Vec<String> = sources()
        .iter()
        .filter(|src| src.rel != "ui/app.rs")
        .flat_map(|src| {
            src.code
                .iter()
                .filter(|(_, line)| {
                    let line = line.trim_start();
                    line.starts_with("impl") && names(line, "FormcheckApp")
                })
                .map(move |(n, line)| format!("src/{}:{n}: {}", src.rel, line.trim()))
        })
        .collect();
    assert!(
        strays.is_empty(),
        "FormcheckApp implemented outside ui/app.rs (give the part a type of its own in \
         ui/app/):\n{}",
        strays.join("\n")
    );
}

/// Whether `line` names `name` as a word of its own (`report::` is not `ort::`).
fn names(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        at == 0 || {
            let c = line.as_bytes()[at - 1];
            !(c.is_ascii_alphanumeric() || c == b'_')
        }
    })
}

/// The checks themselves: an upward import, a loop and a stray crate are found.
#[test]
fn the_reading_finds_what_it_looks_for() {
    assert_eq!(
        names_after("use crate::{practice::Step, ui::egui};", "crate::"),
        ["practice", "ui"]
    );
    assert_eq!(names_after("x::crate::ui; crate::ui", "crate::"), ["ui"]);
    assert_eq!(
        names_after("use super::check::Checker;", "super::"),
        ["check"]
    );
    let code = code_lines("use a; // crate::ui\n#[cfg(test)]\nmod tests {\nuse crate::ui;\n}\n");
    assert_eq!(code, [(1, "use a; ".to_owned())]);
    assert_eq!(
        module_of("practice/session/mod.rs"),
        ["practice", "session"]
    );
    assert!(floor("coach") < floor("practice") && floor("ui") > floor("pipeline"));
    assert!(names("use ort::session;", "ort::") && !names("super::report::x", "ort::"));
    assert!(names("std::env::var_os(\"X\")", "std::env::var"));
    assert!(result_of_string("fn f(s: &str) -> Result<u32, String> {"));
    assert!(result_of_string(
        "static R: OnceLock<Result<(PathBuf, ort::Env), String>> ="
    ));
    assert!(result_of_string(
        "fn d() -> anyhow::Result<Result<PathBuf, String>> {"
    ));
    assert!(!result_of_string("fn f() -> Result<String, ParseError> {"));
    assert!(!result_of_string("fn f() -> Result<Vec<String>, E> {"));
    assert!(!result_of_string("fn f() -> io::Result<String> {"));
}
