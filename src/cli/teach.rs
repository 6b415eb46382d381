//! `formcheck teach <video|image folder|camera index> --id ID --name NAME (--reps N | --hold
//! SECS) [--sides one|each] [--secs S] [-o FILE]`: teach an exercise from one demonstration.
//!
//! From a camera (`teach 0 …`) the camera is opened first (a missing one is the usual
//! camera error, naming the index and `formcheck cameras`), then a countdown is printed
//! and spoken (3, 2, 1), and the demonstration is recorded for `--secs` seconds (Enter or
//! Ctrl-C ends it early); each frame goes through the pose model as it comes, so only the
//! poses are kept. A video or image folder is read whole.
//!
//! The demonstration goes through the pose model (video mode, as `analyze` runs it), with
//! the people counted in about one picture a second (`teach::People`: a second person in at
//! least half of them stops here), then `teach::teach` finds the start and held positions and writes the content file, which is
//! checked through the normal loader before it is saved: to `-o FILE`, else to the user's
//! own exercises folder (`$FORMCHECK_CONFIG_DIR/exercises/ID.toml`), where `formcheck
//! exercises`, `analyze --exercise ID` and the app find it. A demonstration that cannot
//! teach exits 3 (a bad input) with what to do.

use super::ModelArgs;
use crate::audio::Cues;
use crate::content::{load_exercise_str, ContentProblem, Origin};
use crate::frame::Timestamp;
use crate::pose::tracker::BlazePose;
use crate::pose::PoseEstimator as _;
use crate::shutdown::Shutdown;
use crate::source::{CameraConfig, SourceSpec};
use crate::teach::{self, DoseAsked, People, Request, SidesAsked};
use anyhow::Context as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("dose").required(true).args(["reps", "hold"])))]
pub struct TeachArgs {
    /// The demonstration: a video file, a folder of images (in order) or a camera index.
    pub input: String,
    /// The new exercise's id (lower_snake_case; also its file name).
    #[arg(long)]
    pub id: String,
    /// Its name, as shown.
    #[arg(long)]
    pub name: String,
    /// A repeated exercise: this many reps.
    #[arg(long)]
    pub reps: Option<u32>,
    /// A held exercise: hold this many seconds.
    #[arg(long)]
    pub hold: Option<f32>,
    /// Done once, or once for each side.
    #[arg(long, value_enum, default_value = "one")]
    pub sides: SidesAsked,
    /// From a camera: record this many seconds after the countdown (Enter ends sooner).
    #[arg(long, default_value_t = 10.0)]
    pub secs: f64,
    /// Write the file here (default: your own exercises folder, ID.toml).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace what the file would replace: an existing -o file, your own exercise of this
    /// id, or the built-in exercise of this id (your file then replaces it).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

type Frames = Vec<(Timestamp, Option<crate::body::Pose>)>;

/// A demonstration read: its poses, and the people counted in about one picture a second.
struct Read {
    frames: Frames,
    people: People,
}

/// Seconds of the countdown before a camera records.
const COUNTDOWN_SECS: u32 = 3;

/// Records a demonstration from camera `index`: the camera opened first, a countdown
/// (printed and spoken; the frames meanwhile are read and dropped so the recording starts
/// fresh), then `--secs` seconds of poses, ended sooner by Enter or Ctrl-C.
fn record(index: u32, args: &TeachArgs) -> anyhow::Result<Read> {
    if !(args.secs > 0.0 && args.secs.is_finite()) {
        anyhow::bail!("--secs takes a number of seconds above 0");
    }
    let config = CameraConfig {
        index,
        ..CameraConfig::default()
    };
    let mut source = crate::source::open_camera(&config).with_context(|| {
        format!("cannot record the demonstration from camera {index} (`formcheck cameras` lists the cameras)")
    })?;
    let mut estimator = BlazePose::new(args.model.config(false))?;
    let stop = Shutdown::install()?;
    let enter = enter_pressed();
    let cues = Cues::new(true, true);
    eprintln!("Get into your start position, side-on to the camera.");
    for n in (1..=COUNTDOWN_SECS).rev() {
        eprintln!("{n}…");
        cues.say(&n.to_string());
        let until = Instant::now() + Duration::from_secs(1);
        while Instant::now() < until {
            if source.next_frame()?.is_none() {
                break;
            }
        }
    }
    cues.say("Go");
    eprintln!(
        "Recording for {:.0} s: show the exercise (Enter or Ctrl-C ends it sooner).",
        args.secs
    );
    let mut frames: Frames = Vec::new();
    let mut people = People::new();
    let started = Instant::now();
    while started.elapsed().as_secs_f64() < args.secs
        && !stop.requested()
        && !enter.load(Ordering::SeqCst)
    {
        let Some(frame) = source.next_frame()? else {
            break;
        };
        let r = estimator.estimate(&frame)?;
        people.sample(frame.ts, || estimator.people_in(&frame))?;
        frames.push((frame.ts, r.pose));
    }
    cues.say("Done");
    eprintln!(
        "Recorded {:.1} s ({} frames).",
        started.elapsed().as_secs_f64(),
        frames.len()
    );
    Ok(Read { frames, people })
}

/// A flag set when a line comes on standard input (Enter).
fn enter_pressed() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = Arc::clone(&flag);
    std::thread::spawn(move || {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
            set.store(true, Ordering::SeqCst);
        }
    });
    flag
}

/// Why a taught file was not saved.
#[derive(Debug, thiserror::Error)]
#[error("the taught file does not load (a bug in teach):\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
struct TaughtFileBroken(Vec<ContentProblem>);

/// Why the taught file may not be written where it would go (without `--force`).
#[derive(Debug, thiserror::Error)]
enum WouldReplace {
    #[error("{} exists and would be overwritten: add --force to replace it, or choose another -o", .0.display())]
    Output(PathBuf),
    #[error("\"{id}\" is a built-in exercise ({name}): your file would replace it for the app, `analyze` and `exercises`; add --force to replace it, or choose another --id")]
    BuiltIn { id: String, name: String },
    #[error("you already have an exercise \"{id}\" ({name}, {}): it would be overwritten; add --force to replace it, or choose another --id", .path.display())]
    Own {
        id: String,
        name: String,
        path: PathBuf,
    },
    #[error("{} exists (one of your own files) and would be overwritten; add --force to replace it, or choose another --id", .0.display())]
    OwnFile(PathBuf),
}

/// Where the taught file goes, or why it may not (it would replace something and
/// `--force` was not given): an existing `-o` file; without `-o`, the own folder's
/// `ID.toml`, which may already be one of the person's exercises (or a broken own file) or
/// would replace a built-in exercise.
fn destination(args: &TeachArgs) -> anyhow::Result<Result<PathBuf, WouldReplace>> {
    let exists = |p: &std::path::Path| std::fs::symlink_metadata(p).is_ok();
    if let Some(out) = &args.output {
        if exists(out) && !args.force {
            return Ok(Err(WouldReplace::Output(out.clone())));
        }
        return Ok(Ok(out.clone()));
    }
    let own = crate::prefs::own_exercises_dir()
        .context("no folder for your own exercises; set FORMCHECK_CONFIG_DIR or use -o")?;
    let path = own.join(format!("{}.toml", args.id));
    if args.force {
        return Ok(Ok(path));
    }
    let loaded = crate::content::load_with_own(&crate::content::default_source(), Some(&own))?;
    let name = |id: &str| {
        loaded
            .catalog
            .get(id)
            .map(|e| crate::text::terminal_safe(&e.name).into_owned())
            .unwrap_or_default()
    };
    let why = match loaded.origin(&args.id) {
        Some(Origin::Shipped(_)) => Some(WouldReplace::BuiltIn {
            id: args.id.clone(),
            name: name(&args.id),
        }),
        Some(Origin::Own(p) | Origin::Replaces(p)) => Some(WouldReplace::Own {
            id: args.id.clone(),
            name: name(&args.id),
            path: p.clone(),
        }),
        None if exists(&path) => Some(WouldReplace::OwnFile(path.clone())),
        None => None,
    };
    Ok(match why {
        Some(why) => Err(why),
        None => Ok(path),
    })
}

pub fn run(args: &TeachArgs) -> anyhow::Result<i32> {
    let dose = match (args.reps, args.hold) {
        (Some(n), _) if n > 0 => DoseAsked::Reps(n),
        (_, Some(s)) if s > 0.0 && s.is_finite() => DoseAsked::Hold(s),
        _ => anyhow::bail!("--reps and --hold take a number above 0"),
    };
    let request = Request {
        id: args.id.clone(),
        name: args.name.trim().to_owned(),
        dose,
        sides: args.sides,
    };
    // What was asked and where it goes are checked before the demonstration is read.
    if let Err(e) = teach::check_request(&request) {
        eprintln!("error: {e}");
        return Ok(super::exit::USAGE);
    }
    let path = match destination(args)? {
        Ok(p) => p,
        Err(why) => {
            eprintln!("error: not taught: {why}");
            return Ok(super::exit::USAGE);
        }
    };
    let read = match SourceSpec::parse(&args.input)? {
        SourceSpec::Camera(index) => record(index, args)?,
        spec => {
            let mut source = spec.open(&CameraConfig::default())?;
            let mut estimator = BlazePose::new(args.model.config(false))?;
            let mut frames: Frames = Vec::new();
            let mut people = People::new();
            while let Some(frame) = source.next_frame()? {
                let r = estimator.estimate(&frame)?;
                people.sample(frame.ts, || estimator.people_in(&frame))?;
                frames.push((frame.ts, r.pose));
            }
            Read { frames, people }
        }
    };
    let taught = match read
        .people
        .check()
        .and_then(|()| teach::teach(&read.frames, &request))
    {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot teach from {}: {e}", args.input);
            return Ok(super::exit::INPUT);
        }
    };
    let (_, problems) = load_exercise_str(&path, &taught.toml);
    if !problems.is_empty() {
        return Err(TaughtFileBroken(problems).into());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    }
    // Whole or not at all: a full disk leaves no empty exercise file behind.
    crate::files::write_atomic(&path, taught.toml.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("{}", taught.found());
    if taught.working.is_some() && args.sides == SidesAsked::One {
        println!("only one side moved; to coach each side in turn, teach again with --sides each");
    }
    println!("wrote {}", path.display());
    Ok(super::exit::OK)
}
