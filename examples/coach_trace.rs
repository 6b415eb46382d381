//! Prints the coach's trace (`practice::trace::trace_stream`: phase, hold, events, every measure)
//! for a synthetic performance or MediaPipe's stored landmarks of a clip: the tool for
//! tuning `content/*.toml` where `formcheck analyze --trace` (real video through our own
//! pipeline) does not reach.
//!
//! ```text
//! cargo run --no-default-features --example coach_trace -- synth bridge [over_arch]
//! cargo run --no-default-features --example coach_trace -- clip cat_cow_01.mp4 cat
//! ```
//! Environment for `synth`: `YAW=40` (camera yaw, degrees), `DROP=1` (knees and wrists
//! hidden for 0.3 s every 5 s). The synthetic people are the tests' own generator
//! (`tests/util/synth/`), included by path: it is test support, not part of the library.
#![allow(clippy::disallowed_methods)] // a developer's tool with its own switches (YAW, DROP)

use formcheck::body::{Landmark, LandmarkId, Pose, WorldLandmark, NUM_LANDMARKS};
use formcheck::content;
use formcheck::frame::Timestamp;
use synth::{Dropout, Scene};

// The example uses only the performances and the renderer.
#[allow(dead_code, unused_imports)]
#[path = "../tests/util/synth/mod.rs"]
mod synth;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let catalog = content::load_default()?;
    let (exercise_id, frames) = match args.first().map(String::as_str) {
        Some("synth") => {
            let id = args.get(1).cloned().unwrap_or_else(|| "bridge".into());
            let variant = args.get(2).map(String::as_str);
            let ex = catalog.get(&id)?;
            let perf =
                synth::script(&id, variant, ex.dose.hold_secs, ex.dose.reps).ok_or_else(|| {
                    anyhow::anyhow!(
                        "no script for {id} {variant:?}; variants: {:?}",
                        synth::variants(&id)
                    )
                })?;
            let mut scene = Scene::default();
            if let Some(yaw) = std::env::var("YAW").ok().and_then(|y| y.parse().ok()) {
                scene.camera.yaw_deg = yaw;
            }
            if std::env::var_os("DROP").is_some() {
                let mut t = 3.0;
                while t < perf.script.duration_secs() {
                    scene.dropouts.push(Dropout {
                        from_secs: t,
                        to_secs: t + 0.3,
                        landmarks: vec![
                            LandmarkId::LeftKnee,
                            LandmarkId::RightKnee,
                            LandmarkId::LeftWrist,
                            LandmarkId::RightWrist,
                        ],
                    });
                    t += 5.0;
                }
            }
            (id, scene.render(&perf.script))
        }
        Some("clip") => {
            let file = args
                .get(1)
                .cloned()
                .unwrap_or_else(|| "cat_cow_01.mp4".into());
            let id = args.get(2).cloned().unwrap_or_else(|| "cat".into());
            (id, load_clip(&file)?)
        }
        _ => anyhow::bail!(
            "usage: coach_trace synth <exercise> [variant] | clip <file.mp4> <exercise>"
        ),
    };
    let rows = formcheck::practice::trace::trace_stream(&catalog, &exercise_id, &frames)?;
    for (i, r) in rows.iter().enumerate() {
        if i % 15 == 0 || !r.events.is_empty() {
            let values: Vec<String> = r
                .values
                .iter()
                .map(|(id, v)| format!("{id}={}", v.map_or("?".into(), |x| format!("{x:.2}"))))
                .collect();
            println!(
                "{:7.2}s setup={} phase={:<10} side={:<6} hold={:5.1} reps={} {:?} | {}",
                r.t_s,
                r.setup_ok,
                r.phase.as_deref().unwrap_or("-"),
                r.side.as_deref().unwrap_or("-"),
                r.hold_secs,
                r.reps,
                r.events,
                values.join(" ")
            );
        }
    }
    Ok(())
}

fn load_clip(file: &str) -> anyhow::Result<Vec<(Timestamp, Option<Pose>)>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mediapipe/video_full.json"
    );
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let clip = v
        .get("clips")
        .and_then(|c| c.as_array())
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.get("file").and_then(|f| f.as_str()) == Some(file))
        })
        .ok_or_else(|| anyhow::anyhow!("{file} is not in {path}"))?;
    let fps = clip.get("fps").and_then(|f| f.as_f64()).unwrap_or(30.0);
    let frames = clip
        .get("frames")
        .and_then(|f| f.as_array())
        .cloned()
        .unwrap_or_default();
    Ok(frames
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let pose = f.as_array().map(|rows| {
                let mut landmarks = [Landmark::default(); NUM_LANDMARKS];
                for (l, r) in landmarks.iter_mut().zip(rows) {
                    let n = |k: usize| r.get(k).and_then(|x| x.as_f64()).unwrap_or(f64::NAN) as f32;
                    *l = Landmark {
                        x: n(0),
                        y: n(1),
                        z: 0.0,
                        visibility: n(2),
                        presence: 1.0,
                    };
                }
                Pose {
                    landmarks,
                    world: [WorldLandmark::default(); NUM_LANDMARKS],
                    score: 1.0,
                }
            });
            (Timestamp::from_secs_f64(i as f64 / fps), pose)
        })
        .collect())
}
