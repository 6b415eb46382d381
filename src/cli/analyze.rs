//! `formcheck analyze <image|folder|video> [--exercise ID|auto] [--json]`: pose and the
//! exercise engine, headless. Photos get a recognised exercise, a confidence and a form
//! verdict; videos get reps (with quality), holds (with durations) and timed corrections.
//! With `--record` (a video and a named exercise) the analysis is also written as a
//! session, by the app's recorder, so it shows in `history`, `progress` and `report`.

use super::trace::TraceFiles;
use super::ModelArgs;
use crate::content::Catalog;
use crate::pose::BlazePose;
use crate::practice::report::{
    analyze_photo, ClipAnalysis, ClipReport, ExerciseChoice, PhotoReport,
};
use crate::practice::{Recorder, Stream, SummaryOf};
use crate::session::{EndReason, Mode, StartMeta};
use crate::shutdown::Shutdown;
use crate::source::SourceSpec;
use std::io::{IsTerminal as _, Write as _};
use std::rc::Rc;

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// An image, a folder of images, a video file, or a camera index (0, 1, …).
    pub input: String,
    /// The exercise to check (an id from `formcheck exercises`), or `auto` to recognise it.
    #[arg(long, default_value = "auto")]
    pub exercise: ExerciseChoice,
    /// Print JSON (one object per photo, or one report for a video; schema in the README).
    #[arg(long)]
    pub json: bool,
    /// For a video: also write every frame's measures, phase, hold and reps to this CSV file
    /// (for tuning an exercise's thresholds on real footage).
    #[arg(long, value_name = "CSV")]
    pub trace: Option<std::path::PathBuf>,
    /// For a video of a named exercise (`--exercise ID`): also record the analysis as a
    /// session, as the app would, so it shows in `history`, `progress` and `report`.
    #[arg(long)]
    pub record: bool,
    /// Stop after this many frames (a camera streams until stopped: Ctrl-C, or this).
    #[arg(long, value_name = "N")]
    pub frames: Option<u64>,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub camera: super::CameraArgs,
}

/// How a video's (or camera's) analysis ended.
struct Folded {
    report: ClipReport,
    /// The session file written (`--record`).
    recorded: Option<std::path::PathBuf>,
    /// Why the session was not recorded (the report is printed all the same).
    not_recorded: Option<String>,
    /// The signal that stopped the reading: the report covers the frames read and the
    /// session was closed as the app closes one.
    stopped_by: Option<i32>,
    /// The camera stopped or failed: the report covers the frames before it.
    camera_stopped: Option<crate::source::SourceError>,
}

/// A video's report with whether the video was read whole (`truncated`: it ended early and
/// `frames` counts the frames read; the exit code is then 3).
#[derive(serde::Serialize)]
struct ClipLine<'a> {
    #[serde(flatten)]
    report: &'a ClipReport,
    truncated: bool,
    /// The session file written with `--record`.
    #[serde(skip_serializing_if = "Option::is_none")]
    recorded_session: Option<&'a std::path::Path>,
    /// A camera stopped sending: why (the report covers the frames before; exit code 6).
    #[serde(skip_serializing_if = "Option::is_none")]
    camera_stopped: Option<String>,
}

#[derive(serde::Serialize)]
struct PhotoLine<'a> {
    source: &'a str,
    #[serde(flatten)]
    report: &'a PhotoReport,
}

/// One photo's report as text: each checked measure named, with its unit ("hip 164°").
fn print_photo(
    out: &mut impl std::io::Write,
    catalog: &Catalog,
    label: &str,
    r: &PhotoReport,
) -> std::io::Result<()> {
    let what = match (&r.exercise, r.person) {
        (_, false) => "no person".to_owned(),
        (None, true) => format!(
            "none of the routine's exercises (best score {:.2})",
            r.confidence
        ),
        (Some(id), true) => format!("{id} ({:.0} %)", r.confidence * 100.0),
    };
    writeln!(out, "{label}: {what}")?;
    if let Some(id) = &r.exercise {
        writeln!(out, "  verdict: {}", r.verdict)?;
        let exercise = catalog.get(id).ok();
        for j in &r.joints {
            let measure = exercise.and_then(|ex| ex.measures.iter().find(|m| m.id == j.measure));
            let reading = match (measure, j.value) {
                (Some(m), Some(v)) => m.reading(v),
                (Some(m), None) => format!("{}: not seen", m.label),
                (None, Some(v)) => format!("{} {v:.2}", j.measure.replace('_', " ")),
                (None, None) => format!("{}: not seen", j.measure.replace('_', " ")),
            };
            writeln!(out, "  {:<11} {reading}", format!("{}:", j.state))?;
        }
    }
    Ok(())
}

fn print_clip(out: &mut impl std::io::Write, r: &ClipReport) -> std::io::Result<()> {
    match &r.exercise {
        Some(id) => writeln!(
            out,
            "exercise: {id} ({:.0} % of frames)",
            r.confidence * 100.0
        )?,
        None => writeln!(
            out,
            "exercise: none of the routine's exercises recognised; nothing counted"
        )?,
    }
    writeln!(
        out,
        "frames: {} ({} with a person)",
        r.frames, r.frames_with_person
    )?;
    writeln!(
        out,
        "reps: {} (went into the held position {} time{})",
        r.reps.len(),
        r.attempts,
        if r.attempts == 1 { "" } else { "s" }
    )?;
    for rep in &r.reps {
        writeln!(
            out,
            "  rep {} at {:.1} s{}: {:.1} s, held {:.1} s, range {}{}",
            rep.index,
            rep.t_s,
            rep.side
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default(),
            rep.duration_secs,
            rep.held_secs,
            if rep.range_reached {
                "reached"
            } else {
                "not reached"
            },
            rep.worst_fault
                .as_deref()
                .map(|f| format!(", worst fault: {f}"))
                .unwrap_or_default()
        )?;
    }
    if !r.short_reps.is_empty() {
        let held: Vec<String> = r
            .short_reps
            .iter()
            .map(|q| format!("{:.1} s at {:.1} s", q.held_secs, q.t_s))
            .collect();
        writeln!(
            out,
            "quick reps, held too short to count: {} (held {})",
            r.short_reps.len(),
            held.join(", ")
        )?;
    }
    if let Some(plural) = &r.movement_plural {
        let times: Vec<String> = r.movements.iter().map(|t| format!("{t:.1} s")).collect();
        writeln!(
            out,
            "{plural}: {}{}",
            r.movements.len(),
            if times.is_empty() {
                String::new()
            } else {
                format!(" (at {})", times.join(", "))
            }
        )?;
    }
    writeln!(out, "held: {:.1} s in total", r.held_secs)?;
    for h in &r.holds {
        writeln!(
            out,
            "  hold {:.1}–{:.1} s: {:.1} s{}",
            h.start_s,
            h.end_s,
            h.secs,
            if h.completed { " (dose reached)" } else { "" }
        )?;
    }
    for c in &r.corrections {
        writeln!(out, "  correction at {:.1} s: {}", c.t_s, c.message)?;
    }
    for c in &r.cannot_judge {
        writeln!(out, "  nothing could count at {:.1} s: {}", c.t_s, c.why)?;
    }
    Ok(())
}

/// A progress bar on a terminal (not with `--json`).
fn progress_bar(
    args: &AnalyzeArgs,
    source: &dyn crate::source::FrameSource,
) -> Option<indicatif::ProgressBar> {
    if args.json || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(source.len_hint().unwrap_or(0));
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {pos}/{len} frames ({per_sec})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(source.describe());
    Some(bar)
}

/// The recorder of `analyze --record`'s session in the sessions folder.
fn session_recorder(
    args: &AnalyzeArgs,
    source: &dyn crate::source::FrameSource,
) -> anyhow::Result<Recorder> {
    let dir = crate::session::default_dir()?;
    let meta = StartMeta::new_now(
        args.model.model.as_str(),
        &source.describe(),
        Mode::Free,
        None,
    );
    let recorder = Recorder::start(Some(&dir), &meta);
    if let Some(e) = recorder.problem() {
        anyhow::bail!("cannot record the session: {e}");
    }
    Ok(recorder)
}

/// A video through pose and the coach, folded frame by frame into its report (and its
/// trace, with `--trace`): memory stays flat however long the video is. A camera that stops
/// ends the analysis (and the recorded session, as `camera_lost`) with what it saw. With
/// `--record` (or a camera) a stop signal (SIGTERM, SIGINT, SIGHUP) ends the reading and the
/// session is closed as the app closes one (the hold in progress, the range, `exercise_end`,
/// `end`).
fn fold_video(
    args: &AnalyzeArgs,
    catalog: &Catalog,
    source: &mut dyn crate::source::FrameSource,
    stream: &mut Stream,
    camera: bool,
) -> anyhow::Result<Folded> {
    let stop = if args.record || camera {
        Shutdown::install()?
    } else {
        Shutdown::new()
    };
    let bar = progress_bar(args, source);
    let mut analysis = ClipAnalysis::new(catalog, &args.exercise)?;
    if args.record {
        analysis.record(session_recorder(args, source)?);
    }
    let mut traces = match &args.trace {
        Some(path) => Some(TraceFiles::create(path, analysis.exercises())?),
        None => None,
    };
    if traces.is_some() {
        analysis.trace();
    }
    // The first trace row that could not be written (the sink cannot return it).
    let mut trace_failed: Option<anyhow::Error> = None;
    let mut sink = |id: &crate::content::ExerciseId, row: crate::practice::trace::TraceRow| {
        if let (Some(t), None) = (&mut traces, &trace_failed) {
            trace_failed = t.row(id, &row).err();
        }
    };
    let mut camera_stopped = None;
    let mut read = 0u64;
    while args.frames.is_none_or(|n| read < n) && !stop.requested() {
        let frame = match source.next_frame() {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if camera => {
                camera_stopped = Some(e);
                break;
            }
            Err(e) => return Err(e.into()),
        };
        read += 1;
        let step = stream.frame(&frame);
        if let Some(e) = step.error {
            return Err(e.into());
        }
        let pose = step.pose.map(Rc::new);
        analysis.push_traced(frame.ts, pose, &mut sink);
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let stopped_by = stop.requested().then(|| stop.signal()).flatten();
    let reason = if stop.requested() {
        EndReason::Quit
    } else if camera_stopped.is_some() {
        EndReason::CameraLost
    } else if source.truncated().is_some() {
        EndReason::Error
    } else {
        EndReason::Done
    };
    let (report, recorded) = analysis.finish_traced(reason, &mut sink);
    if let Some(e) = trace_failed {
        return Err(e);
    }
    let (recorded, not_recorded) = match recorded {
        Some(Ok(SummaryOf::File(path))) => (Some(path), None),
        Some(Ok(SummaryOf::NotRecorded(why))) => (
            None,
            Some(format!(
                "the session was not recorded{}",
                why.map(|e| format!(": {e}")).unwrap_or_default()
            )),
        ),
        Some(Err(e)) => (None, Some(format!("the session was not recorded: {e}"))),
        None => (None, None),
    };
    if let Some(traces) = traces {
        match &report.exercise {
            Some(id) => traces.keep(id)?,
            None => {
                anyhow::bail!("no exercise to trace: none was recognised; name one with --exercise")
            }
        }
    }
    Ok(Folded {
        report,
        recorded,
        not_recorded,
        stopped_by,
        camera_stopped,
    })
}

pub fn run(args: &AnalyzeArgs) -> anyhow::Result<i32> {
    let own = crate::prefs::own_exercises_dir();
    let loaded = crate::content::load_with_own(&crate::content::default_source(), own.as_deref())?;
    super::exercises::warn_own_problems(&loaded.problems);
    if let ExerciseChoice::Id(id) = &args.exercise {
        loaded.require(id)?;
    }
    let catalog = loaded.usable()?.clone();
    let spec = SourceSpec::parse(&args.input)?;
    let photos = matches!(spec, SourceSpec::Image(_) | SourceSpec::Folder(_));
    if args.record && (photos || args.exercise == ExerciseChoice::Auto) {
        eprintln!(
            "error: --record needs a video (or a camera) and the exercise it shows (--exercise ID); \
             `formcheck exercises` lists the ids"
        );
        return Ok(super::exit::USAGE);
    }
    let mut source = spec.open(&args.camera.config())?;
    if matches!(spec, SourceSpec::Camera(_)) {
        eprintln!("{}", source.describe());
    }
    let estimator = BlazePose::new(args.model.config(photos))?;
    let mut stream = Stream::new(Some(Box::new(estimator)), None);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut code = super::exit::OK;
    if photos {
        loop {
            let frame = match super::next_frame(source.as_mut(), &spec, &mut out)? {
                super::NextFrame::Frame(f) => f,
                super::NextFrame::End => break,
                super::NextFrame::Skipped => {
                    code = super::exit::INPUT;
                    continue;
                }
            };
            let step = stream.frame(&frame);
            if let Some(e) = step.error {
                return Err(e.into());
            }
            let report = analyze_photo(&catalog, &args.exercise, step.pose.as_ref())?;
            if args.json {
                serde_json::to_writer(
                    &mut out,
                    &PhotoLine {
                        source: &frame.label,
                        report: &report,
                    },
                )?;
                writeln!(out)?;
            } else {
                print_photo(&mut out, &catalog, &frame.label, &report)?;
            }
        }
        out.flush()?;
        return Ok(code);
    }
    let camera = matches!(spec, SourceSpec::Camera(_));
    let Folded {
        report,
        recorded,
        not_recorded,
        stopped_by,
        camera_stopped,
    } = fold_video(args, &catalog, source.as_mut(), &mut stream, camera)?;
    let truncated = source.truncated().filter(|_| stopped_by.is_none());
    if args.json {
        let line = ClipLine {
            report: &report,
            truncated: truncated.is_some(),
            recorded_session: recorded.as_deref(),
            camera_stopped: camera_stopped.as_ref().map(ToString::to_string),
        };
        serde_json::to_writer_pretty(&mut out, &line)?;
        writeln!(out)?;
    } else {
        print_clip(&mut out, &report)?;
        if let Some(path) = &recorded {
            writeln!(out, "recorded as a session: {}", path.display())?;
        }
    }
    out.flush()?;
    if let Some(why) = truncated {
        eprintln!(
            "error: {} is truncated or damaged ({why}); the report covers the frames read",
            args.input
        );
        code = super::exit::INPUT;
    }
    if let Some(e) = camera_stopped {
        eprintln!("error: {e}; the report covers the frames before it");
        code = super::exit::CAMERA;
    }
    Ok(ending_code(not_recorded, stopped_by, &report, recorded.is_some()).unwrap_or(code))
}

/// What is said, and the exit code, when the record failed (the analysis was printed all
/// the same: 1) or a signal stopped the reading (the shell's 128 + signal, 130 for Ctrl-C).
fn ending_code(
    not_recorded: Option<String>,
    stopped_by: Option<i32>,
    report: &ClipReport,
    recorded: bool,
) -> Option<i32> {
    let mut code = None;
    if let Some(why) = not_recorded {
        eprintln!("error: {why}");
        code = Some(super::exit::FAILURE);
    }
    if let Some(signal) = stopped_by {
        eprintln!(
            "stopped by a signal after {} frames: the report covers the frames read{}",
            report.frames,
            if recorded {
                ", and the session was closed"
            } else {
                ""
            }
        );
        code = Some(128 + signal);
    }
    code
}
