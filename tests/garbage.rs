//! Arbitrary bytes never panic the readers of user files: the content loader (exercise and
//! routine TOML), the session reader (JSON Lines) and the settings reader. Each gets pure
//! noise and, more telling, real files of the repository mutated (bytes flipped, ranges cut
//! out or repeated, text spliced in), which keeps most of the structure the parsers walk.
//! Issue 26 adds what a person types: session ids (never a file outside the sessions
//! folder) and `teach --name` (refused up front, or written so that nothing is injected).

use formcheck::content::load_exercise_str;
use formcheck::prefs::Settings;
use formcheck::session::format::{Angle, EndReason, Mode, Record, StartMeta};
use formcheck::session::reader::parse_session;
use formcheck::session::SessionWriter;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Flip { at: usize, byte: u8 },
    Cut { at: usize, len: usize },
    Repeat { at: usize, len: usize },
    Splice { at: usize, text: Vec<u8> },
}

fn edit() -> impl Strategy<Value = Edit> {
    let pieces = prop_oneof![
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"[[".to_vec()),
        Just(b"= nan".to_vec()),
        Just(b"= -1e309".to_vec()),
        Just(b"{\"v\":99,".to_vec()),
        Just(b"\0\0\0".to_vec()),
        Just("\u{FEFF}é∞".as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..12),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Flip { at, byte }),
        (any::<usize>(), 0usize..64).prop_map(|(at, len)| Edit::Cut { at, len }),
        (any::<usize>(), 0usize..64).prop_map(|(at, len)| Edit::Repeat { at, len }),
        (any::<usize>(), pieces).prop_map(|(at, text)| Edit::Splice { at, text }),
    ]
}

fn apply(bytes: &mut Vec<u8>, e: &Edit) {
    let n = bytes.len();
    let pos = |at: usize| if n == 0 { 0 } else { at % (n + 1) };
    match e {
        Edit::Flip { at, byte } if n > 0 => bytes[at % n] = *byte,
        Edit::Flip { .. } => {}
        Edit::Cut { at, len } => {
            let a = pos(*at);
            let b = (a + len).min(n);
            bytes.drain(a..b);
        }
        Edit::Repeat { at, len } => {
            let a = pos(*at);
            let b = (a + len).min(n);
            let copy = bytes[a..b].to_vec();
            bytes.splice(b..b, copy);
        }
        Edit::Splice { at, text } => {
            let a = pos(*at);
            bytes.splice(a..a, text.iter().copied());
        }
    }
}

fn mutated(original: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = original.to_vec();
    for e in edits {
        apply(&mut b, e);
    }
    b
}

fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Every exercise file of the repository, as text.
fn exercise_files() -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(content_dir())
        .expect("content/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && p.file_name().is_some_and(|n| n != "routine.toml")
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect()
}

/// A realistic session file, made by the real writer.
fn session_bytes() -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("garbage-session");
    let _ = std::fs::remove_dir_all(&dir);
    let meta = StartMeta::new_now("full", "video x.mp4", Mode::Routine, Some("morning_back"));
    let mut w = SessionWriter::create(&dir, &meta).expect("writer");
    for i in 0..8 {
        let angle = Record::Angle(Angle {
            exercise: "bridge".into(),
            name: "hip".into(),
            deg: 100.0 + f64::from(i),
        });
        w.append(f64::from(i) * 0.5, &angle).expect("append");
    }
    let path = w.end(5.0, EndReason::Done, None).expect("end");
    std::fs::read(path).expect("read")
}

fn settings_bytes() -> Vec<u8> {
    toml::to_string_pretty(&Settings::default())
        .expect("serialise")
        .into_bytes()
}

/// Reads settings from bytes through a file, as the app does.
fn load_settings(bytes: &[u8]) -> (Settings, bool) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("garbage-settings");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(format!("settings-{:?}.toml", std::thread::current().id()));
    std::fs::write(&path, bytes).expect("write");
    let (s, problem) = Settings::load(&path);
    (s, problem.is_some())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn exercise_loader_takes_any_text(
        pick in any::<usize>(),
        edits in prop::collection::vec(edit(), 1..6),
        noise in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let files = exercise_files();
        let original = files[pick % files.len()].as_bytes();
        let path = Path::new("content/fuzzed.toml");
        for bytes in [mutated(original, &edits), noise] {
            let text = String::from_utf8_lossy(&bytes);
            let (exercise, problems) = load_exercise_str(path, &text);
            // Either an exercise or a reason: never silence about a broken file.
            prop_assert!(exercise.is_some() || !problems.is_empty());
        }
    }

    #[test]
    fn session_reader_takes_any_bytes(
        edits in prop::collection::vec(edit(), 1..6),
        noise in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let original = session_bytes();
        for bytes in [mutated(&original, &edits), noise] {
            // Ok or a typed error; no panic.
            let _ = parse_session(Path::new("fuzzed.jsonl"), &bytes);
        }
    }

    #[test]
    fn settings_reader_takes_any_bytes(
        edits in prop::collection::vec(edit(), 1..6),
        noise in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let original = settings_bytes();
        for bytes in [mutated(&original, &edits), noise] {
            let (settings, problem) = load_settings(&bytes);
            // A broken file gives the defaults and says so.
            if problem {
                prop_assert_eq!(settings, Settings::default());
            }
        }
    }
}

/// A sessions folder with one session, and a session file outside it (issue 26).
fn sessions_and_outside() -> &'static (PathBuf, PathBuf) {
    static DIRS: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    DIRS.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("garbage-ids");
        let _ = std::fs::remove_dir_all(&root);
        let sessions = root.join("sessions");
        let meta = StartMeta::new_now("full", "video x.mp4", Mode::Free, None);
        let w = SessionWriter::create(&sessions, &meta).expect("writer");
        let path = w.end(1.0, EndReason::Done, None).expect("end");
        let outside = root.join("outside.jsonl");
        std::fs::copy(&path, &outside).expect("copy");
        std::os::unix::fs::symlink(&outside, sessions.join("link.jsonl")).expect("link");
        (sessions, outside)
    })
}

/// A session id as typed: noise, or pieces of paths that lead out of the folder.
fn session_query() -> impl Strategy<Value = String> {
    let (sessions, outside) = sessions_and_outside();
    let pieces = prop_oneof![
        Just("latest".to_owned()),
        Just("../".to_owned()),
        Just("./".to_owned()),
        Just("/".to_owned()),
        Just("link".to_owned()),
        Just(".jsonl".to_owned()),
        Just("outside".to_owned()),
        Just(format!("{}/", sessions.display())),
        Just(outside.display().to_string()),
        "[a-z0-9]{0,8}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 1..5).prop_map(|p| p.concat())
}

/// A `teach --name` as typed: text with quotes, brackets, TOML syntax, newlines, controls
/// and direction overrides spliced in.
fn teach_name() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\\".to_owned()),
        Just("\n".to_owned()),
        Just("\r".to_owned()),
        Just("#".to_owned()),
        Just("]\n[dose]\nreps = 99\n".to_owned()),
        Just("\ncautions = [\"INJECTED\"] #".to_owned()),
        Just("\u{1b}]0;x\u{7}".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("\"\"\"".to_owned()),
        "[ -~]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 1..5).prop_map(|p| p.concat())
}

/// The synthetic bridge demonstration `teach` learns from in the name fuzz.
fn bridge_demo() -> &'static [(formcheck::frame::Timestamp, Option<formcheck::body::Pose>)] {
    static DEMO: std::sync::OnceLock<
        Vec<(formcheck::frame::Timestamp, Option<formcheck::body::Pose>)>,
    > = std::sync::OnceLock::new();
    DEMO.get_or_init(|| {
        let cat = crate::util::catalog();
        let ex = cat.get("bridge").unwrap_or_else(|e| panic!("{e}"));
        let perf = crate::util::synth::script("bridge", None, ex.dose.hold_secs, ex.dose.reps)
            .unwrap_or_else(|| panic!("bridge script"));
        crate::util::synth::Scene::default().render(&perf.script)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever is typed as a session id, it names a regular file directly in the sessions
    /// folder or nothing: `delete` and `export` never reach outside it (issue 26).
    #[test]
    fn session_ids_resolve_only_inside_the_folder(query in session_query()) {
        let (sessions, _) = sessions_and_outside();
        if let Ok(path) = formcheck::session::find_session(sessions, &query) {
            let meta = std::fs::symlink_metadata(&path).expect("exists");
            prop_assert!(meta.file_type().is_file(), "{query:?} → {}", path.display());
            let real = std::fs::canonicalize(&path).expect("canonical");
            let dir = std::fs::canonicalize(sessions).expect("canonical");
            prop_assert_eq!(real.parent(), Some(dir.as_path()), "{:?}", query);
        }
    }

    /// Whatever `teach --name` is, it is refused up front, or the taught file loads with
    /// exactly that name and nothing else changed: no key can be injected (issue 26).
    #[test]
    fn teach_names_cannot_inject(name in teach_name()) {
        use formcheck::teach::{self, DoseAsked, Request, SidesAsked};
        let request = |name: &str| Request {
            id: "fuzzed".into(),
            name: name.to_owned(),
            dose: DoseAsked::Reps(3),
            sides: SidesAsked::One,
        };
        if teach::check_request(&request(&name)).is_ok() {
            static PLAIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            let plain_toml = PLAIN.get_or_init(|| {
                teach::teach(bridge_demo(), &request("Plain")).expect("teaches").toml
            });
            let taught = teach::teach(bridge_demo(), &request(&name)).expect("teaches");
            let path = Path::new("fuzzed.toml");
            let (ex, problems) = load_exercise_str(path, &taught.toml);
            prop_assert!(problems.is_empty(), "{name:?}: {problems:?}\n{}", taught.toml);
            let ex = ex.expect("loads");
            prop_assert_eq!(&ex.name, &name);
            let (plain_ex, _) = load_exercise_str(path, plain_toml);
            let plain_ex = plain_ex.expect("loads");
            prop_assert_eq!(&ex.cautions, &plain_ex.cautions);
            prop_assert_eq!(ex.dose.reps, plain_ex.dose.reps);
            let keys = |t: &str| -> Vec<String> {
                t.parse::<toml::Table>().map(|t| t.keys().cloned().collect()).unwrap_or_default()
            };
            prop_assert_eq!(keys(&taught.toml), keys(plain_toml));
        }
    }
}
