//! Real clips through pose and the engine (issues 3 and 16): each clip of a routine exercise
//! gives the reps or hold seconds its MANIFEST.tsv counts; clips of other exercises count
//! nothing. Most clips are instructors demonstrating correct form, so a second table measures
//! how often the coach corrects them anyway (the false-correction table).

use crate::util;
use formcheck::content::Catalog;
use formcheck::practice::report::{analyze_stream, ExerciseChoice};
use formcheck::practice::trace::{trace_stream, TraceRow};

/// Clips that must count like their manifest (or, filmed from a view their exercise cannot be
/// judged from, ask for the view): every one of the 28 but the pending ones.
const MIN_CLIPS_RIGHT: usize = 28 - PENDING.len();

/// Clips the coach does not get right yet, each with the reason (issue 16). Both tables print
/// them; the floors hold for every other clip, and a pending clip that passes fails the test
/// until it is taken off this list.
const PENDING: &[(&str, &str)] = &[];

fn pending(file: &str) -> Option<&'static str> {
    PENDING
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, why)| *why)
}

/// The routine exercise a clip's MANIFEST `exercise` column names, if any.
pub(crate) fn routine_id(manifest_exercise: &str) -> Option<&'static str> {
    Some(match manifest_exercise {
        "cat_cow" => "cat",
        "glute_bridge" => "bridge",
        "knee_to_chest" => "knee_to_chest",
        "pelvic_tilt" => "pelvic_tilt",
        "childs_pose" => "childs_pose",
        "seated_hamstring_stretch" => "seated_hamstring",
        "cobra" => "cobra",
        "corpse" => "corpse",
        "diaphragmatic_breathing" => "diaphragmatic_breathing",
        _ => return None,
    })
}

/// Whether a clip is filmed from a view its exercise cannot be judged from: the manifest's
/// camera column starts at the front while the exercise's content asks for a side view (the
/// reference's camera table: every floor exercise here is judged side-on, §0.2). From the front
/// a straight leg pointing at the camera and a lean along the line of sight do not show in 2D
/// (and BlazePose places such a leg folded), so what a person counted cannot be measured.
/// Right there is what the app does: say to turn side-on and count nothing. A rule on the
/// manifest's view column and the content, for any such clip, not a list of files.
fn out_of_view(catalog: &Catalog, id: &str, manifest_view: &str) -> bool {
    let side_only = catalog
        .get(id)
        .is_ok_and(|ex| ex.view == formcheck::content::ViewNeed::Side);
    side_only && manifest_view.trim_start().starts_with("front")
}

/// A clip out of its exercise's view is right when the coach asked to turn side-on
/// (`cannot_judge`) and counted no rep and no hold.
fn judge_out_of_view(r: &formcheck::practice::report::ClipReport) -> (String, String, bool) {
    let asked = r.cannot_judge.iter().any(|c| c.why.contains("side-on"));
    let counted = r.reps.len() + r.short_reps.len();
    let ok = asked && counted == 0 && r.held_secs < 1.0;
    (
        "turn side-on".into(),
        format!(
            "{}{counted} reps, {:.1} s",
            if asked { "asked; " } else { "" },
            r.held_secs
        ),
        ok,
    )
}

/// The count a clip must give, as `judge_clip` reads it. A rep count the manifest marks as
/// uncertain ("(?)" in its note: counted from a motion trace, not frame by frame) is a range
/// of one either side, not a number to fit; a hold is already judged within a tolerance.
fn expected_count(counted: &str, note: &str) -> String {
    match counted.trim().parse::<usize>() {
        Ok(n) if note.contains('?') => format!("{}-{}", n.saturating_sub(1), n + 1),
        _ => counted.to_owned(),
    }
}

#[test]
fn real_clips_count_like_their_manifest() {
    let Some(data) = util::real_data_and_runtime("real_clips_count_like_their_manifest") else {
        return;
    };
    let catalog = formcheck::content::load_default().expect("content loads");
    let manifest = util::clip_manifest_rows(&data);
    println!(
        "{:<34} {:<24} {:>13} {:>13} {:>24} ok",
        "clip", "exercise", "expected", "counted", "auto-detected"
    );
    let (mut failures, mut stale) = (Vec::new(), Vec::new());
    for clip in util::clip_poses(&data) {
        let Some(row) = manifest.iter().find(|r| r.file == clip.file) else {
            continue;
        };
        let auto =
            analyze_stream(&catalog, &ExerciseChoice::Auto, &clip.poses).expect("auto analysis");
        let auto_name = auto.exercise.clone().unwrap_or_else(|| "none".into());
        let (expected, got, ok) = match routine_id(&row.exercise) {
            Some(id) => {
                let r = analyze_stream(&catalog, &ExerciseChoice::Id(id.into()), clip.coached())
                    .expect("analysis");
                if out_of_view(&catalog, id, &row.view) {
                    judge_out_of_view(&r)
                } else {
                    let counted = expected_count(&row.reps, &row.note);
                    util::judge_clip(&catalog, id, &counted, &r)
                }
            }
            None => {
                // Not a routine exercise: auto mode must count nothing. What a count is depends
                // on the exercise it was taken for: reps for a rep exercise (a cat stretch),
                // held seconds for a hold (corpse pose, dose of one rep).
                let hold_type = auto
                    .exercise
                    .as_deref()
                    .and_then(|id| catalog.get(id).ok())
                    .is_some_and(|ex| ex.dose.reps <= 1);
                let ok = auto.reps.is_empty()
                    && auto.movements.is_empty()
                    && !(hold_type && auto.held_secs >= 1.0);
                (
                    "nothing".into(),
                    format!("{} reps, {:.1} s", auto.reps.len(), auto.held_secs),
                    ok,
                )
            }
        };
        let pending = pending(&clip.file);
        println!(
            "{:<34} {:<24} {:>13} {:>13} {:>24} {}",
            clip.file,
            row.exercise,
            expected,
            got,
            auto_name,
            match (ok, pending) {
                (true, _) => "yes",
                (false, Some(_)) => "NO (pending)",
                (false, None) => "NO",
            }
        );
        if !ok {
            failures.push(clip.file.clone());
        }
        if ok && pending.is_some() {
            stale.push(clip.file.clone());
        }
    }
    let checked = util::clip_poses(&data).len();
    let right = checked - failures.len();
    println!("clips counted right: {right} of {checked}; wrong: {failures:?}");
    for (file, why) in PENDING {
        println!("  pending {file}: {why}");
    }
    // Issue 16 asks for every clip.
    assert!(
        right >= MIN_CLIPS_RIGHT,
        "only {right} of {checked} clips counted right: {failures:?}"
    );
    assert!(stale.is_empty(), "now right, take off PENDING: {stale:?}");
}

/// Median share of set-up frames showing a correction, over the clips of routine exercises.
const MAX_MEDIAN_FALSE_SHARE: f32 = 0.10;
/// No clip of a correct demonstration may show corrections on more of its set-up frames.
const MAX_CLIP_FALSE_SHARE: f32 = 0.30;

/// How much the coach corrected one clip of an instructor demonstrating correct form.
struct FalseCorrections {
    /// Frames where the coach's setup held.
    setup_frames: usize,
    /// …of which a correction was on screen.
    corrected_frames: usize,
    /// Corrections shown, most frames first, with their frame counts.
    shown: Vec<(String, usize)>,
    /// Holds a hold-breaking fault cut short: paused by it before the hold reached the
    /// exercise's minimum (after that the rep's hold already counts).
    holds_stopped: usize,
}

impl FalseCorrections {
    fn share(&self) -> Option<f32> {
        (self.setup_frames > 0).then(|| self.corrected_frames as f32 / self.setup_frames as f32)
    }
}

/// Reads a trace: corrections on set-up frames, and holds the coach paused short of the
/// minimum hold while the person was still in the held phase with a hold-breaking correction
/// on screen (within a second of the pause: the fault breaks the hold after 0.3 s and the
/// pause is reported after the grace, the correction is shown after its persistence).
fn false_corrections(catalog: &Catalog, id: &str, rows: &[TraceRow]) -> FalseCorrections {
    let ex = catalog.get(id).expect("routine exercise");
    let hold_phase = ex.phases.get(ex.hold_phase).map(|p| p.id.as_str());
    let breaks_hold = |c: &str| ex.corrections.iter().any(|k| k.id == c && k.breaks_hold);
    let min_hold = ex.dose.min_hold_secs;
    let mut shown: Vec<(String, usize)> = Vec::new();
    let (mut setup_frames, mut corrected_frames, mut holds_stopped) = (0, 0, 0);
    for (i, row) in rows.iter().enumerate() {
        if row.setup_ok {
            setup_frames += 1;
            if let Some(c) = &row.correction {
                corrected_frames += 1;
                match shown.iter_mut().find(|(id, _)| id == c) {
                    Some((_, n)) => *n += 1,
                    None => shown.push((c.clone(), 1)),
                }
            }
        }
        let paused = row.events.iter().any(|e| e == "hold_paused");
        let short = row.hold_secs + 1e-3 < min_hold;
        if paused && short && row.setup_ok && row.phase.as_deref() == hold_phase {
            let near = rows[i..]
                .iter()
                .take_while(|r| r.t_s <= row.t_s + 1.0)
                .chain(
                    rows[..i]
                        .iter()
                        .rev()
                        .take_while(|r| r.t_s >= row.t_s - 0.5),
                );
            if near
                .filter_map(|r| r.correction.as_deref())
                .any(breaks_hold)
            {
                holds_stopped += 1;
            }
        }
    }
    shown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    FalseCorrections {
        setup_frames,
        corrected_frames,
        shown,
        holds_stopped,
    }
}

#[test]
fn correct_demonstrations_are_rarely_corrected() {
    // Pending clips (see PENDING) are printed and count in the median, but are not held to
    // the per-clip limits.
    let Some(data) = util::real_data_and_runtime("correct_demonstrations_are_rarely_corrected")
    else {
        return;
    };
    let catalog = formcheck::content::load_default().expect("content loads");
    let manifest = util::clip_manifest_rows(&data);
    println!(
        "{:<34} {:<24} {:>6} {:>10} {:>6}  corrections shown (frames)",
        "clip", "exercise", "setup", "corrected", "stops"
    );
    let mut shares = Vec::new();
    let mut bad = Vec::new();
    for clip in util::clip_poses(&data) {
        let Some(id) = manifest
            .iter()
            .find(|r| r.file == clip.file)
            .and_then(|r| routine_id(&r.exercise))
        else {
            continue;
        };
        let rows = trace_stream(&catalog, id, clip.coached()).expect("trace");
        let f = false_corrections(&catalog, id, &rows);
        let share = f.share();
        let shown: Vec<String> = f.shown.iter().map(|(c, n)| format!("{c} {n}")).collect();
        println!(
            "{:<34} {:<24} {:>6} {:>10} {:>6}  {}",
            clip.file,
            id,
            f.setup_frames,
            share.map_or("-".into(), |s| format!("{:.1} %", 100.0 * s)),
            f.holds_stopped,
            shown.join(", ")
        );
        if let Some(s) = share {
            shares.push(s);
            if s > MAX_CLIP_FALSE_SHARE && pending(&clip.file).is_none() {
                bad.push(format!(
                    "{}: {:.0} % of set-up frames corrected",
                    clip.file,
                    100.0 * s
                ));
            }
        }
        if f.holds_stopped > 0 && pending(&clip.file).is_none() {
            bad.push(format!(
                "{}: {} holds stopped by a fault",
                clip.file, f.holds_stopped
            ));
        }
    }
    shares.sort_by(f32::total_cmp);
    let median = shares.get(shares.len() / 2).copied().unwrap_or(0.0);
    let worst = shares.last().copied().unwrap_or(0.0);
    println!(
        "false corrections over {} clips: median {:.1} %, worst {:.1} % of set-up frames",
        shares.len(),
        100.0 * median,
        100.0 * worst
    );
    assert!(
        !shares.is_empty(),
        "no clip of a routine exercise reached its setup"
    );
    assert!(
        median <= MAX_MEDIAN_FALSE_SHARE,
        "median false-correction share {:.1} %",
        100.0 * median
    );
    assert!(bad.is_empty(), "{bad:#?}");
}
