//! A taught exercise as a commented content file a person can read and edit.
//!
//! The file is the same schema as the built-in ones (content/README.md); comments say where
//! each number came from, so a physiotherapist can adjust a band by hand. Bands:
//! - the counting measure enters the held position past `held − (30 % of the change + the
//!   2D error)` (never nearer the start than 10 % past the midpoint), and the start
//!   position likewise from the other end; the 2D error is the published side-on error
//!   (7°, 0.07 torso) plus twice the reading's frame noise measured in the demonstration;
//!   the hysteresis margin is 10 % of the change, at least twice that noise;
//! - the trunk's incline must stay within 20° of what was shown in either position, and the
//!   knee's height above the hip within 0.4 torso lengths (the posture: the incline alone
//!   takes all fours for lying on the back with the knees up; the knee's height does not),
//!   and a bent knee and the hip, when they do not count the movement, within 20° of their
//!   range in the two positions (knees up is not legs long; a cobra's open hips are not a
//!   seated fold's closed ones, though the trunk inclines alike);
//! - a joint straight in both positions must stay within 20° of straight, as a correction;
//! - a demonstration that is all hold is one position: hip, knee and trunk within 20°;
//! - a rep's held position must be held half as long as the demonstration held it (≤ 1 s).

use super::candidates::{Column, Reading, CANDIDATES};
use super::{
    value_text, DoseAsked, SidesAsked, Taught, ERROR_DEG, ERROR_OBLIQUE_DEG, ERROR_OBLIQUE_TORSO,
    ERROR_TORSO, NOISE_SDS,
};
use crate::content::{Unit, ViewNeed};
use std::fmt::Write as _;

/// How far a posture or form condition may stray from the demonstration: the 2D error
/// plus room for another person's build and range.
const FORM_BAND_DEG: f32 = 20.0;
/// The same for a height: 0.4 torso lengths (a step is 10° or 0.2 torso, see positions.rs).
const FORM_BAND_TORSO: f32 = 0.4;

/// `s` as a TOML string, escaped by `toml_edit` (a quote, a backslash or a control
/// character cannot end the string or add a key).
fn toml_string(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_owned()
}

/// The whole file.
pub fn render(t: &Taught) -> String {
    let mut o = String::new();
    header(&mut o, t);
    measures(&mut o, t);
    setup(&mut o, t);
    phases(&mut o, t);
    corrections(&mut o, t);
    recognize(&mut o, t);
    o
}

fn header(o: &mut String, t: &Taught) {
    let r = &t.request;
    let _ = writeln!(
        o,
        "# {} — taught by `formcheck teach` from one demonstration.",
        crate::text::terminal_safe(&r.name)
    );
    let _ = writeln!(o, "# Found: {}.", t.found());
    let _ = writeln!(
        o,
        "# Edit freely; `formcheck exercises {}` checks it.",
        r.id
    );
    let _ = writeln!(o, "id = {}", toml_string(&r.id));
    let _ = writeln!(o, "name = {}", toml_string(&r.name));
    let _ = writeln!(o, "instructions = [");
    let _ = writeln!(o, "    \"Start as in your demonstration.\",");
    let _ = writeln!(o, "    \"Move into the held position and hold it.\",");
    let _ = writeln!(o, "]  # Replace with your physiotherapist's instructions.");
    let view = match t.view {
        ViewNeed::Side => "side",
        ViewNeed::Any => "any",
    };
    let _ = writeln!(
        o,
        "view = {view:?}  # the demonstration was seen {}",
        if view == "side" {
            "side-on"
        } else {
            "from the front or obliquely"
        }
    );
    let cycle = if t.counting.is_some() {
        r#"["start", "held"]"#
    } else {
        r#"["held"]"#
    };
    let _ = writeln!(o, "cycle = {cycle}\n");
    let _ = writeln!(o, "[dose]");
    match r.dose {
        DoseAsked::Reps(n) => {
            let _ = writeln!(
                o,
                "reps = {n}\nhold_secs = {:.1}  # a rep counts once the held position is held this long \
                 (half of the {:.1} s shown, at most 1 s)",
                rep_hold_secs(t),
                t.held.secs()
            );
        }
        DoseAsked::Hold(s) => {
            let _ = writeln!(o, "reps = 1\nhold_secs = {s:.1}");
        }
    }
    if let Some(f) = t.sides {
        let cand = &CANDIDATES[f.measure];
        let pick = if f.pick_max { "max" } else { "min" };
        let words = if f.pick_max { "larger" } else { "smaller" };
        let steps = if f.both {
            r#"["left", "right", "both"]"#
        } else {
            r#"["left", "right"]"#
        };
        let limb = match cand.id {
            "hip" | "knee" | "knee_up" => "leg",
            "shoulder" | "elbow" | "wrist_up" => "arm",
            _ => "side",
        };
        let _ = writeln!(
            o,
            "\n# Each side in turn{}; the working side is the one whose {} is {words}.",
            if f.both { ", then both" } else { "" },
            cand.words
        );
        let _ = writeln!(
            o,
            "[sides]\nmeasure = {:?}\npick = {pick:?}\nsteps = {steps}\nlimb = {limb:?}",
            cand.id
        );
    } else if let Some(c) = t.counting.filter(|_| sides_block(t)) {
        let pick = if c.held < c.start { "min" } else { "max" };
        let words = if pick == "min" { "smaller" } else { "larger" };
        let _ = writeln!(
            o,
            "\n# Each side in turn; the working side is the one whose {} is {words}.",
            c.column.candidate().words
        );
        let _ = writeln!(
            o,
            "[sides]\nmeasure = {:?}\npick = {pick:?}\nsteps = [\"left\", \"right\"]\nlimb = \"side\"",
            c.column.candidate().id
        );
    }
    o.push('\n');
}

/// How long a rep's held position must be held: half of what the demonstration held it
/// (another person's tempo differs; a top touched briefly is still the top), at most 1 s,
/// at least 0.2 s (the coach's dwell before a phase counts).
fn rep_hold_secs(t: &Taught) -> f64 {
    ((t.held.secs() * 0.5 * 10.0).floor() / 10.0).clamp(0.2, 1.0)
}

/// Which side sided measures are read on.
fn side_word(t: &Taught) -> &'static str {
    if sides_block(t) {
        "working"
    } else {
        "near"
    }
}

/// `--sides each` with a sided counting measure: a `[sides]` block (left, then right), and
/// sided measures read on the working side. Otherwise they are read on the near side.
fn sides_block(t: &Taught) -> bool {
    t.sides.is_some()
        || (t.request.sides == SidesAsked::Each
            && t.counting.is_some_and(|c| c.column.candidate().sided))
}

/// The candidates the file uses, by index.
fn used(t: &Taught) -> Vec<usize> {
    let idx = |id: &str| CANDIDATES.iter().position(|c| c.id == id);
    let mut out: Vec<usize> = idx("trunk").into_iter().collect();
    if knee_band(t).is_some() {
        out.extend(idx("knee_up"));
    }
    for joint in POSTURE_JOINTS {
        if joint_band(t, joint).is_some() {
            out.extend(idx(joint));
        }
    }
    match t.counting {
        Some(c) => out.push(c.column.candidate),
        None => out.extend(idx("hip").into_iter().chain(idx("knee"))),
    }
    out.extend(t.straight.iter().map(|(c, _)| *c));
    out.extend(t.sides.map(|f| f.measure));
    let mut seen = Vec::new();
    out.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
    out
}

/// The side the counting measure is read on when one limb did the movement (`--sides one`):
/// whichever limb moves, `min` or `max` as the movement goes, so the other leg counts too,
/// and so does the same leg when the person faces the other way (it is then the far one).
fn one_limb_side(t: &Taught) -> Option<(usize, &'static str)> {
    let c = t.counting?;
    (t.working.is_some() && !sides_block(t) && c.column.candidate().sided).then_some((
        c.column.candidate,
        if c.held < c.start { "min" } else { "max" },
    ))
}

fn measures(o: &mut String, t: &Taught) {
    let _ = writeln!(o, "[measures]");
    let one_limb = one_limb_side(t);
    if let Some((c, pick)) = one_limb {
        let _ = writeln!(
            o,
            "# One {} moved in the demonstration: it is read on whichever side is the {} \
             (side = {pick:?}), so either limb counts, facing either way.",
            CANDIDATES[c].words,
            if pick == "min" { "smaller" } else { "larger" }
        );
    }
    for c in used(t) {
        let cand = &CANDIDATES[c];
        if cand.sided {
            let side = match one_limb {
                Some((k, pick)) if k == c => pick,
                _ => side_word(t),
            };
            let _ = writeln!(o, "{} = {{ {}, side = {side:?} }}", cand.id, cand.def);
        } else {
            let _ = writeln!(o, "{} = {{ {} }}", cand.id, cand.def);
        }
    }
    o.push('\n');
}

/// The value of candidate `c` in a position, read on the side the file reads it.
fn value_of(t: &Taught, values: &[Option<f32>], c: usize) -> Option<f32> {
    let cols = super::candidates::columns();
    let pick = |reading: Reading| {
        cols.iter()
            .position(|col| col.candidate == c && col.reading == reading)
            .and_then(|i| values[i])
    };
    match (CANDIDATES[c].sided, t.counting) {
        (false, _) => pick(Reading::Mid),
        (true, Some(k)) if k.column.candidate == c => pick(k.column.reading),
        (true, _) => match t.working {
            Some(crate::content::Side::Right) => pick(Reading::Right),
            Some(_) => pick(Reading::Left),
            None => {
                let (l, r) = (pick(Reading::Left), pick(Reading::Right));
                match (l, r) {
                    (Some(l), Some(r)) => Some((l + r) / 2.0),
                    (l, r) => l.or(r),
                }
            }
        },
    }
}

/// `{ measure = "trunk", min_deg = 0, max_deg = 40 }` for a band, clamped to the range the
/// measure can take.
fn band(id: &str, unit: Unit, lo: f32, hi: f32) -> String {
    let (suffix, floor, ceil) = match (unit, id) {
        (Unit::Angle, "trunk") => ("deg", 0.0, 90.0),
        (Unit::Angle, "head") => ("deg", -180.0, 180.0),
        (Unit::Angle, _) => ("deg", 0.0, 180.0),
        (Unit::Torso, _) => ("torso", f32::MIN, f32::MAX),
    };
    let mut parts = vec![format!("measure = {id:?}")];
    if lo > floor {
        parts.push(format!("min_{suffix} = {}", round(unit, lo)));
    }
    if hi < ceil {
        parts.push(format!("max_{suffix} = {}", round(unit, hi)));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// A frame noise with one more decimal than [`value_text`] (it is small).
fn noise_text(unit: Unit, v: f32) -> String {
    match unit {
        Unit::Angle => format!("{v:.1}°"),
        Unit::Torso => format!("{v:.3} torso"),
    }
}

fn round(unit: Unit, v: f32) -> String {
    match unit {
        Unit::Angle => format!("{:.0}", v.round()),
        Unit::Torso => format!("{v:.2}"),
    }
}

/// The trunk's band: both positions' inclines, ± the form band.
fn trunk_band(t: &Taught) -> Option<String> {
    let c = CANDIDATES.iter().position(|c| c.id == "trunk")?;
    let held = value_of(t, &t.held.values, c)?;
    let start = t
        .start
        .as_ref()
        .and_then(|s| value_of(t, &s.values, c))
        .unwrap_or(held);
    Some(band(
        "trunk",
        Unit::Angle,
        start.min(held) - FORM_BAND_DEG,
        start.max(held) + FORM_BAND_DEG,
    ))
}

/// The knee's height above the hip: both positions' values, ± the form band.
fn knee_band(t: &Taught) -> Option<String> {
    let c = CANDIDATES.iter().position(|c| c.id == "knee_up")?;
    let held = value_of(t, &t.held.values, c)?;
    let start = match &t.start {
        Some(s) => value_of(t, &s.values, c)?,
        None => held,
    };
    Some(band(
        "knee_up",
        Unit::Torso,
        start.min(held) - FORM_BAND_TORSO,
        start.max(held) + FORM_BAND_TORSO,
    ))
}

/// The joints whose angle is part of the posture when they do not count the movement.
const POSTURE_JOINTS: [&str; 2] = ["knee", "hip"];

/// A joint that does not count the movement is part of the posture: within 20° of the
/// range shown in the two positions. A bent knee (lying with the knees up is not lying with
/// the legs long); the hip (lying on the front with the hips open, a cobra, is not sitting
/// folded over the legs, though the trunk's incline can be the same in 2D). Not when it
/// counts the movement, nor when it is straight (a form condition with its own correction).
fn joint_band(t: &Taught, joint: &str) -> Option<String> {
    let c = CANDIDATES.iter().position(|c| c.id == joint)?;
    if t.counting.is_some_and(|k| k.column.candidate == c)
        || t.straight.iter().any(|(s, _)| *s == c)
    {
        return None;
    }
    let held = value_of(t, &t.held.values, c)?;
    let start = match &t.start {
        Some(s) => value_of(t, &s.values, c)?,
        None => held,
    };
    Some(band(
        joint,
        Unit::Angle,
        start.min(held) - FORM_BAND_DEG,
        start.max(held) + FORM_BAND_DEG,
    ))
}

/// The posture bands: the trunk's incline, the knee's height, a bent knee, the hip.
fn posture(t: &Taught) -> Vec<String> {
    let trunk = trunk_band(t).unwrap_or_else(|| "{ measure = \"trunk\", max_deg = 90 }".to_owned());
    std::iter::once(trunk)
        .chain(knee_band(t))
        .chain(POSTURE_JOINTS.iter().filter_map(|j| joint_band(t, j)))
        .collect()
}

fn setup(o: &mut String, t: &Taught) {
    let _ = writeln!(o, "[setup]\nprompt = \"Get into your start position.\"");
    let _ = writeln!(
        o,
        "# The posture shown (trunk incline, a bent knee and the hip within {FORM_BAND_DEG:.0}°, knee height \
         within {FORM_BAND_TORSO} torso of the demonstration)."
    );
    let _ = writeln!(o, "when = [{}]\n", posture(t).join(", "));
}

/// The counting measure's entry edges of the two positions and the margin.
struct Edges {
    start: f32,
    held: f32,
    margin: f32,
}

/// The published error of 2D pose for the view the file is coached from: side-on
/// ([`ERROR_DEG`], [`ERROR_TORSO`]) or any ([`ERROR_OBLIQUE_DEG`], [`ERROR_OBLIQUE_TORSO`]).
fn published_error(t: &Taught, unit: Unit) -> f32 {
    match (t.view, unit) {
        (ViewNeed::Side, Unit::Angle) => ERROR_DEG,
        (ViewNeed::Side, Unit::Torso) => ERROR_TORSO,
        (ViewNeed::Any, Unit::Angle) => ERROR_OBLIQUE_DEG,
        (ViewNeed::Any, Unit::Torso) => ERROR_OBLIQUE_TORSO,
    }
}

/// The 2D error the counting measure's bands are widened by: the published error for the
/// file's view plus [`NOISE_SDS`] of the frame noise measured in this demonstration
/// ([`super::Counting::noise`]).
fn error_of(t: &Taught, c: super::Counting) -> f32 {
    published_error(t, c.column.candidate().unit) + NOISE_SDS * c.noise
}

fn edges(t: &Taught, c: super::Counting) -> Edges {
    let err = error_of(t, c);
    let change = c.held - c.start;
    let dir = change.signum();
    let size = change.abs();
    let mid = (c.start + c.held) / 2.0;
    let held = c.held - dir * (0.3 * size + err);
    let held = if dir > 0.0 {
        held.max(mid + 0.1 * size)
    } else {
        held.min(mid - 0.1 * size)
    };
    let start = c.start + dir * (0.3 * size + err);
    let start = if dir > 0.0 {
        start.min(mid - 0.1 * size)
    } else {
        start.max(mid + 0.1 * size)
    };
    // Staying in a position tolerates 10 % of the change, and at least the frame noise
    // measured (so jitter at an edge does not leave and re-enter it).
    Edges {
        start,
        held,
        margin: (0.1 * size).max(NOISE_SDS * c.noise),
    }
}

/// One-sided condition past `edge` toward `toward`.
fn past(c: Column, edge: f32, upward: bool, margin: f32) -> String {
    let unit = c.candidate().unit;
    let suffix = match unit {
        Unit::Angle => "deg",
        Unit::Torso => "torso",
    };
    let bound = if upward { "min" } else { "max" };
    format!(
        "{{ measure = {:?}, {bound}_{suffix} = {}, margin_{suffix} = {} }}",
        c.candidate().id,
        round(unit, edge),
        match unit {
            Unit::Angle => format!("{:.0}", margin.max(2.0).round()),
            Unit::Torso => format!("{:.2}", margin.max(0.02)),
        }
    )
}

fn phases(o: &mut String, t: &Taught) {
    match t.counting {
        Some(c) => {
            let e = edges(t, c);
            let up = c.held > c.start;
            let unit = c.column.candidate().unit;
            let _ =
                writeln!(
                o,
                "# Shown: {} {} at the start, {} held. Each position is entered past its value \
                 less 30 % of the change and the 2D error, {}: the published error of 2D pose \
                 {} ({}) plus twice the frame noise measured in this demonstration ({} \
                 SD); never nearer the other position than 10 % past the middle.",
                t.column_words(c.column),
                value_text(unit, c.start),
                value_text(unit, c.held),
                value_text(unit, error_of(t, c)),
                if t.view == ViewNeed::Side { "side-on" } else { "off side-on" },
                value_text(unit, published_error(t, unit)),
                noise_text(unit, c.noise),
            );
            let _ = writeln!(
                o,
                "[[phase]]\nid = \"start\"\ncue = \"Move into the held position.\""
            );
            let _ = writeln!(o, "when = [{}]\n", past(c.column, e.start, !up, e.margin));
            let _ = writeln!(o, "[[phase]]\nid = \"held\"\ncue = \"Hold it.\"");
            let _ = writeln!(o, "when = [{}]\n", past(c.column, e.held, up, e.margin));
        }
        None => {
            let _ = writeln!(
                o,
                "# The held position as shown, each measure within {FORM_BAND_DEG:.0}°."
            );
            let _ = writeln!(o, "[[phase]]\nid = \"held\"\ncue = \"Hold it.\"");
            let _ = writeln!(o, "when = [{}]\n", hold_bands(t).join(", "));
        }
    }
}

fn hold_bands(t: &Taught) -> Vec<String> {
    used(t)
        .into_iter()
        .filter(|&c| CANDIDATES[c].unit == Unit::Angle)
        .filter_map(|c| {
            let v = value_of(t, &t.held.values, c)?;
            Some(band(
                CANDIDATES[c].id,
                Unit::Angle,
                v - FORM_BAND_DEG,
                v + FORM_BAND_DEG,
            ))
        })
        .collect()
}

fn corrections(o: &mut String, t: &Taught) {
    for (c, least) in &t.straight {
        let cand = &CANDIDATES[*c];
        let limit = least - FORM_BAND_DEG;
        let _ = writeln!(
            o,
            "# The {} stayed straight ({least:.0}° or more) in the demonstration.",
            cand.words
        );
        let _ = writeln!(o, "[[correction]]\nid = \"straight_{}\"\nmessage = \"Keep your {} straight.\"\npriority = 50\npersist_secs = 1.5", cand.id, cand.words);
        let _ = writeln!(
            o,
            "when = [{{ measure = {:?}, max_deg = {} }}]\n",
            cand.id,
            round(Unit::Angle, limit)
        );
    }
}

fn recognize(o: &mut String, t: &Taught) {
    let _ = writeln!(
        o,
        "# `--exercise auto` recognises the held position, only where it scores above a\n\
         # built-in exercise that is recognised too (never where the built-ins see none).\n\
         [recognize]\nover_built_ins = true"
    );
    let mut when: Vec<String> = trunk_band(t).into_iter().collect();
    match t.counting {
        Some(c) => {
            let e = edges(t, c);
            when.push(
                past(c.column, e.held, c.held > c.start, 0.0)
                    .replace(", margin_deg = 2", "")
                    .replace(", margin_torso = 0.02", ""),
            );
            let _ = writeln!(o, "required = [{:?}]", c.column.candidate().id);
        }
        None => when.extend(hold_bands(t).into_iter().skip(1)),
    }
    let _ = writeln!(o, "when = [{}]", when.join(", "));
}
