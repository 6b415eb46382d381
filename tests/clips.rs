//! Real clips through pose and the engine (issues 3 and 16): each clip of a routine exercise
//! gives the reps or hold seconds its MANIFEST.tsv counts; clips of other exercises count
//! nothing. Most clips are instructors demonstrating correct form, so a second table measures
//! how often the coach corrects them anyway (the false-correction table).

use crate::util;
use formcheck::content::Catalog;
use formcheck::practice::report::{analyze_stream, ExerciseChoice};
use formcheck::practice::trace::{trace_stream, TraceRow};

/// The clips the manifest lists with their rows (37 since December 2026): fewer means the
/// shared data is incomplete. Every one must count like its manifest (or, filmed from a view
/// its exercise cannot be judged from, ask for the view) but the pending ones.
const MIN_CLIPS_CHECKED: usize = 37;

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

/// How one clip was judged: what its manifest counts, what the coach counted, what the
/// automatic mode took it for, and whether that is right.
pub(crate) struct Verdict {
    pub expected: String,
    pub got: String,
    pub auto: String,
    pub ok: bool,
}

/// One clip through `catalog` (the content as shipped, or without a held source's fits):
/// a clip of a routine exercise coached as that exercise must count like its manifest (or,
/// filmed from a view its exercise cannot be judged from, ask to turn side-on and count
/// nothing); any other clip must count nothing in automatic mode.
pub(crate) fn judge_row(
    catalog: &Catalog,
    clip: &util::ClipPoses,
    row: &util::ManifestRow,
) -> Verdict {
    let auto = analyze_stream(catalog, &ExerciseChoice::Auto, &clip.poses).expect("auto analysis");
    let auto_name = auto.exercise.clone().unwrap_or_else(|| "none".into());
    let (expected, got, ok) = match routine_id(&row.exercise) {
        Some(id) => {
            let r = analyze_stream(catalog, &ExerciseChoice::Id(id.into()), clip.coached())
                .expect("analysis");
            if out_of_view(catalog, id, &row.view) {
                judge_out_of_view(&r)
            } else {
                let counted = expected_count(&row.reps, &row.note);
                util::judge_clip(catalog, id, &counted, &r)
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
    Verdict {
        expected,
        got,
        auto: auto_name.to_string(),
        ok,
    }
}

/// The clips with a manifest row, with that row.
fn clips_with_rows<'a>(
    data: &std::path::Path,
    manifest: &'a [util::ManifestRow],
) -> Vec<(&'static util::ClipPoses, &'a util::ManifestRow)> {
    util::clip_poses(data)
        .iter()
        .filter_map(|clip| Some((clip, manifest.iter().find(|r| r.file == clip.file)?)))
        .collect()
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
    let clips = clips_with_rows(&data, &manifest);
    for (clip, row) in &clips {
        let v = judge_row(&catalog, clip, row);
        let pending = pending(&clip.file);
        println!(
            "{:<34} {:<24} {:>13} {:>13} {:>24} {}",
            clip.file,
            row.exercise,
            v.expected,
            v.got,
            v.auto,
            match (v.ok, pending) {
                (true, _) => "yes",
                (false, Some(_)) => "NO (pending)",
                (false, None) => "NO",
            }
        );
        if !v.ok {
            failures.push(clip.file.clone());
        }
        if v.ok && pending.is_some() {
            stale.push(clip.file.clone());
        }
    }
    let checked = clips.len();
    let right = checked - failures.len();
    println!("clips counted right: {right} of {checked}; wrong: {failures:?}");
    for (file, why) in PENDING {
        println!("  pending {file}: {why}");
    }
    // Every clip with a manifest row but the pending ones (issues 16 and 27).
    assert!(
        checked >= MIN_CLIPS_CHECKED,
        "only {checked} clips with manifest rows"
    );
    assert!(
        right >= checked - PENDING.len(),
        "only {right} of {checked} clips counted right: {failures:?}"
    );
    assert!(stale.is_empty(), "now right, take off PENDING: {stale:?}");
}

/// Clips the leave-one-source-out table gets wrong, each with the reason. The table fails
/// when a wrong clip is not listed (say why) or a listed one is right (take it off).
const LOSO_WRONG: &[(&str, &str)] = &[(
    "pelvic_tilt_01.mp4",
    "the tilts inside the minute are counted by a rule built on this clip alone (the knee \
         folding 1.5°): no other source films a pelvic tilt, so without it nothing counts tilts",
)];

/// The share of clips the leave-one-source-out table must get right: measured 36 of 37
/// (97 %) since the cat's phases are judged by the person's own range and a phase visited
/// before that range was known moves the cycle on (issue 27 asks 90 %); the wrong ones are
/// in `LOSO_WRONG`.
const LOSO_FLOOR: f64 = 36.0 / 37.0;

/// Leave-one-source-out (issue 27): each source repository's clips judged with the content as
/// it stood before any number was moved for one of that source's clips (`util::loso`), beside
/// the in-sample table (the content as shipped). Nothing is fitted at run time, so this is the
/// whole of what "refitted without the source" can mean here; the code constants chosen on
/// clips are listed, not swapped.
#[test]
fn real_clips_leave_one_source_out() {
    util::loso::check_table();
    let Some(data) = util::real_data_and_runtime("real_clips_leave_one_source_out") else {
        return;
    };
    let shipped = formcheck::content::load_default().expect("content loads");
    let manifest = util::clip_manifest_rows(&data);
    let clips = clips_with_rows(&data, &manifest);
    let mut sources: Vec<&str> = clips.iter().map(|(_, r)| r.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    println!(
        "leave-one-source-out: each source's clips judged with every content number tuned on \
         that source's clips put back to its value before (tests/util/loso.rs)"
    );
    println!(
        "{:<32} {:<26} {:>13} {:>15} {:>15} {:>15}",
        "clip", "source", "expected", "in-sample", "LOSO", "strict LOSO"
    );
    let (mut in_right, mut loso_right, mut strict_right) = (0usize, 0usize, 0usize);
    let (mut unexplained, mut stale) = (Vec::new(), Vec::new());
    for source in &sources {
        let held: Vec<&str> = clips
            .iter()
            .filter(|(_, r)| r.source == *source)
            .map(|(c, _)| c.file.as_str())
            .collect();
        let (without, undone) = util::loso::catalog_without(&held, false);
        let (strict, undone_strict) = util::loso::catalog_without(&held, true);
        for (clip, row) in clips.iter().filter(|(_, r)| r.source == *source) {
            let v_in = judge_row(&shipped, clip, row);
            let v_out = judge_row(&without, clip, row);
            let v_strict = judge_row(&strict, clip, row);
            let mark = |v: &Verdict| format!("{}{}", v.got, if v.ok { "" } else { " ✗" });
            println!(
                "{:<32} {:<26} {:>13} {:>15} {:>15} {:>15}",
                clip.file,
                short_source(source),
                v_out.expected,
                mark(&v_in),
                mark(&v_out),
                mark(&v_strict)
            );
            in_right += usize::from(v_in.ok);
            loso_right += usize::from(v_out.ok);
            strict_right += usize::from(v_strict.ok);
            let listed = LOSO_WRONG.iter().any(|(f, _)| *f == clip.file);
            if !v_out.ok && !listed {
                unexplained.push(clip.file.clone());
            }
            if v_out.ok && listed {
                stale.push(clip.file.clone());
            }
        }
        for fit in undone_strict {
            let kept = if undone.iter().any(|u| std::ptr::eq(*u, fit)) {
                ""
            } else {
                " (reasoned: kept in LOSO, undone in strict)"
            };
            println!("    without {}: {}{kept}", short_source(source), fit.what);
        }
    }
    let n = clips.len();
    let share = loso_right as f64 / n.max(1) as f64;
    println!(
        "in-sample {in_right} of {n} right; leave-one-source-out {loso_right} of {n} ({:.0} %); \
         strict (reasoned numbers undone too) {strict_right} of {n} ({:.0} %)",
        100.0 * share,
        100.0 * strict_right as f64 / n.max(1) as f64
    );
    for (file, why) in LOSO_WRONG {
        println!("  LOSO wrong {file}: {why}");
    }
    for c in util::loso::CODE_FITTED {
        println!(
            "  not swapped (a constant in coach/): {} — {:?}",
            c.what, c.clips
        );
    }
    assert!(n > 0, "no clip has a manifest row");
    assert!(
        unexplained.is_empty(),
        "LOSO wrong without a reason in LOSO_WRONG: {unexplained:?}"
    );
    assert!(
        stale.is_empty(),
        "LOSO right now, take off LOSO_WRONG: {stale:?}"
    );
    assert!(
        share >= LOSO_FLOOR,
        "leave-one-source-out {loso_right} of {n} right, under {:.0} %",
        100.0 * LOSO_FLOOR
    );
}

/// A source repository's name, cut to fit the table.
fn short_source(source: &str) -> String {
    source.chars().take(26).collect()
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
