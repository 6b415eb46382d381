//! `formcheck teach <video|image folder> --id ID --name NAME (--reps N | --hold SECS)
//! [--sides one|each] [-o FILE]`: teach an exercise from one demonstration.
//!
//! The demonstration goes through the pose model (video mode, as `analyze` runs it), then
//! `teach::teach` finds the start and held positions and writes the content file, which is
//! checked through the normal loader before it is saved: to `-o FILE`, else to the user's
//! own exercises folder (`$FORMCHECK_CONFIG_DIR/exercises/ID.toml`), where `formcheck
//! exercises`, `analyze --exercise ID` and the app find it. A demonstration that cannot
//! teach exits 3 (a bad input) with what to do. Teaching from a camera (an index) is not
//! done yet: record a video and teach from it.

use super::ModelArgs;
use crate::content::{load_exercise_str, ContentProblem};
use crate::frame::Timestamp;
use crate::pose::tracker::BlazePose;
use crate::pose::PoseEstimator as _;
use crate::source::{CameraConfig, SourceSpec};
use crate::teach::{self, DoseAsked, Request, SidesAsked};
use anyhow::Context as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("dose").required(true).args(["reps", "hold"])))]
pub struct TeachArgs {
    /// The demonstration: a video file or a folder of images (in order).
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
    /// Write the file here (default: your own exercises folder, ID.toml).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Why a taught file was not saved.
#[derive(Debug, thiserror::Error)]
#[error("the taught file does not load (a bug in teach):\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
struct TaughtFileBroken(Vec<ContentProblem>);

pub fn run(args: &TeachArgs) -> anyhow::Result<i32> {
    let dose = match (args.reps, args.hold) {
        (Some(n), _) if n > 0 => DoseAsked::Reps(n),
        (_, Some(s)) if s > 0.0 && s.is_finite() => DoseAsked::Hold(s),
        _ => anyhow::bail!("--reps and --hold take a number above 0"),
    };
    let request = Request {
        id: args.id.clone(),
        name: args.name.clone(),
        dose,
        sides: args.sides,
    };
    let spec = SourceSpec::parse(&args.input)?;
    if matches!(spec, SourceSpec::Camera(_)) {
        anyhow::bail!("teaching from a camera is not done yet: record a video of the demonstration and teach from the file");
    }
    let mut source = spec.open(&CameraConfig::default())?;
    let mut estimator = BlazePose::new(args.model.config(false))?;
    let mut frames: Vec<(Timestamp, Option<crate::body::Pose>)> = Vec::new();
    while let Some(frame) = source.next_frame()? {
        let r = estimator.estimate(&frame)?;
        frames.push((frame.ts, r.pose));
    }
    let taught = match teach::teach(&frames, &request) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot teach from {}: {e}", args.input);
            return Ok(super::exit::INPUT);
        }
    };
    let path = match &args.output {
        Some(p) => p.clone(),
        None => crate::prefs::own_exercises_dir()
            .context("no folder for your own exercises; set FORMCHECK_CONFIG_DIR or use -o")?
            .join(format!("{}.toml", args.id)),
    };
    let (_, problems) = load_exercise_str(&path, &taught.toml);
    if !problems.is_empty() {
        // The id is the user's: a bad one is a content problem, listed like any other.
        if problems.iter().all(|p| p.key == "id") {
            return Err(crate::content::ContentError::Invalid { problems }.into());
        }
        return Err(TaughtFileBroken(problems).into());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    }
    std::fs::write(&path, &taught.toml)
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("{}", taught.found());
    if taught.working.is_some() && args.sides == SidesAsked::One {
        println!("only one side moved; to coach each side in turn, teach again with --sides each");
    }
    println!("wrote {}", path.display());
    Ok(super::exit::OK)
}
