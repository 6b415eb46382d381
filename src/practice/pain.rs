//! Pain, where it happens.
//!
//! Two things are recorded. A rating from 0 (none) to 10 at the start and the end of a
//! session, which the person may skip (a skipped rating is kept as skipped, so "no answer"
//! is not mistaken for "no pain"). And "It hurts" (a button, the `H` key) at any moment of
//! an exercise: the routine pauses and a [`Hurt`] asks where it hurts (low back, buttock,
//! leg above or below the knee, elsewhere), how much (0–10) and what it is like (ache,
//! sharp, tingling or numbness), then offers three ways on: skip this exercise, a gentler
//! version ([`gentler_dose`]: the shortest hold the exercise accepts, only as far as is
//! comfortable) or stop for today.
//! An answer that is one of the guide's red flags (tingling or numbness, pain spreading
//! below the knee) leaves one way on: stop, with the advice to contact a clinician. The
//! record says where the person was — the exercise, side, reps done, seconds held and the
//! value of every measure the exercise checks — and what they answered; [`describe`] says
//! it in a clinician's words.

use crate::coach::CoachView;
use crate::content::{self, Side, Unit};
use crate::session::{
    MeasureUnit, MeasureValue, Pain, PainAction, PainFeel, PainLocation, PainWhen,
};

/// Which pain ratings a session has had (a session that ends without an end rating has
/// none in its file: not answered).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PainAnswers {
    pub start: bool,
    pub end: bool,
}

impl PainAnswers {
    /// The rating to ask for now: the start one until it is given or skipped, then the end
    /// one (which may be given again: the last counts).
    pub fn question(self) -> PainWhen {
        if self.start {
            PainWhen::End
        } else {
            PainWhen::Start
        }
    }

    pub fn answered(&mut self, when: PainWhen) {
        match when {
            PainWhen::Start => self.start = true,
            PainWhen::End => self.end = true,
        }
    }
}

/// The `pain` record for "It hurts" now, from the coach's view.
pub fn pain_record(view: &CoachView) -> Pain {
    Pain {
        exercise: view.exercise_id.to_string(),
        side: view.side.filter(|s| *s != Side::Both),
        rep: view.reps_done + 1,
        phase: view.phase.clone(),
        hold_secs: if view.holding {
            f64::from(view.hold_elapsed_secs)
        } else {
            0.0
        },
        measures: view
            .joints
            .iter()
            .filter_map(|j| {
                let value = j.value.filter(|v| v.is_finite())?;
                Some(MeasureValue {
                    measure: j.measure.clone(),
                    value: f64::from(value),
                    unit: match j.unit {
                        Unit::Angle => MeasureUnit::Degrees,
                        Unit::Torso => MeasureUnit::TorsoLengths,
                    },
                })
            })
            .collect(),
        ..unanswered(view.exercise_id.to_string(), view.reps_done + 1)
    }
}

/// A pain record at `rep` of `exercise` with nothing measured and nothing answered yet.
fn unanswered(exercise: String, rep: u32) -> Pain {
    Pain {
        exercise,
        side: None,
        rep,
        phase: None,
        hold_secs: 0.0,
        measures: Vec::new(),
        location: None,
        severity: None,
        feels: None,
        action: None,
        red_flag: false,
    }
}

/// The `pain` record for "It hurts" when the coach has no view of the exercise (getting
/// ready, resting): the exercise and the rep under way after `reps_done`, no measures.
pub fn pain_without_view(exercise: &str, reps_done: u32) -> Pain {
    unanswered(exercise.to_owned(), reps_done + 1)
}

/// What a pain record is about, for [`describe`]: the exercise's name, its key measure
/// (the angle said, when measured) and how many reps its dose asks for (`None`: a hold or a
/// single rep, which have no "reps done").
#[derive(Debug, Clone, Copy)]
pub struct PainContext<'a> {
    pub exercise_name: &'a str,
    pub key: Option<&'a str>,
    pub reps_target: Option<u32>,
}

impl<'a> PainContext<'a> {
    /// The context of `ex` (its name, key angle and dose).
    pub fn of(ex: &'a content::Exercise, key: Option<&'a str>) -> Self {
        Self {
            exercise_name: &ex.name,
            key,
            reps_target: (ex.dose.reps > 1).then_some(ex.dose.reps),
        }
    }
}

/// A pain record in a clinician's words: "During Cobra (0 of 8 reps done, left side, 4 s
/// into the hold; trunk angle 38°, a 2-D camera estimate): low back, 6/10, sharp. Chose to
/// skip the exercise." Parts not answered are left out; a record without any answer (an
/// older file, or a session ended before the person chose) says only where it happened.
/// The reps done are the count the person saw on the screen.
pub fn describe(p: &Pain, cx: PainContext<'_>) -> String {
    let angle = p
        .measures
        .iter()
        .filter(|m| m.unit == MeasureUnit::Degrees)
        .find(|m| cx.key.is_none_or(|k| k == m.measure))
        .or_else(|| p.measures.iter().find(|m| m.unit == MeasureUnit::Degrees));
    let mut at = Vec::new();
    if let Some(target) = cx.reps_target {
        at.push(format!("{} of {target} reps done", p.rep.saturating_sub(1)));
    }
    if let Some(side) = p.side {
        at.push(format!("{} side", side.name()));
    }
    if p.hold_secs >= 1.0 {
        at.push(format!("{:.0} s into the hold", p.hold_secs));
    }
    let mut s = format!("During {}", cx.exercise_name);
    match (at.is_empty(), angle) {
        (true, None) => {}
        (false, None) => s += &format!(" ({})", at.join(", ")),
        (empty, Some(m)) => {
            let measured = format!(
                "{} angle {:.0}°, a 2-D camera estimate",
                m.measure.replace('_', " "),
                m.value
            );
            if empty {
                s += &format!(" ({measured})");
            } else {
                s += &format!(" ({}; {measured})", at.join(", "));
            }
        }
    }
    let mut parts = Vec::new();
    if let Some(l) = p.location {
        parts.push(location_words(l).to_owned());
    }
    if let Some(v) = p.severity {
        parts.push(format!("{v}/10"));
    }
    if let Some(f) = p.feels {
        parts.push(feel_words(f).to_owned());
    }
    if parts.is_empty() {
        s += ": pain reported.";
    } else {
        s += &format!(": pain, {}.", parts.join(", "));
    }
    if p.red_flag {
        s += " Red flag: session stopped, advised to contact their physiotherapist or doctor.";
    } else if let Some(a) = p.action {
        s += &format!(" {}", action_words(a));
    }
    s
}

/// Where it hurt, as a clinician writes it ("low back", "leg below the knee").
pub fn location_words(l: PainLocation) -> &'static str {
    match l {
        PainLocation::LowBack => "low back",
        PainLocation::Buttock => "buttock",
        PainLocation::LegAboveKnee => "leg above the knee",
        PainLocation::LegBelowKnee => "leg below the knee",
        PainLocation::Elsewhere => "elsewhere",
    }
}

/// What it felt like ("ache", "sharp", "tingling or numbness").
pub fn feel_words(f: PainFeel) -> &'static str {
    match f {
        PainFeel::Ache => "ache",
        PainFeel::Sharp => "sharp",
        PainFeel::TinglingOrNumbness => "tingling or numbness",
    }
}

/// The way on chosen, as a sentence for the record.
pub fn action_words(a: PainAction) -> &'static str {
    match a {
        PainAction::Skip => "Chose to skip the exercise.",
        PainAction::Gentler => "Chose a gentler version (shorter hold, smaller range).",
        PainAction::Stop => "Chose to stop for today.",
    }
}

/// The places the person is asked about, in the order shown.
pub const LOCATIONS: [PainLocation; 5] = [
    PainLocation::LowBack,
    PainLocation::Buttock,
    PainLocation::LegAboveKnee,
    PainLocation::LegBelowKnee,
    PainLocation::Elsewhere,
];

/// What it may feel like, in the order shown.
pub const FEELS: [PainFeel; 3] = [
    PainFeel::Ache,
    PainFeel::Sharp,
    PainFeel::TinglingOrNumbness,
];

/// One answer to the "It hurts" questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HurtAnswer {
    Location(PainLocation),
    Severity(u8),
    Feels(PainFeel),
}

/// "It hurts" being answered: the record of where the person was, the answers so far, and
/// the exercise's context for the words.
#[derive(Debug, Clone, PartialEq)]
pub struct Hurt {
    record: Pain,
    /// A gentler dose for the exercise, when the guide leaves room for one.
    gentler: Option<content::Dose>,
}

impl Hurt {
    /// "It hurts" at `record`; `gentler` is the exercise's gentler dose ([`gentler_dose`]).
    pub fn new(record: Pain, gentler: Option<content::Dose>) -> Self {
        Self { record, gentler }
    }

    /// The record with the answers so far.
    pub fn record(&self) -> &Pain {
        &self.record
    }

    /// Takes an answer (a later one to the same question replaces the earlier).
    pub fn answer(&mut self, a: HurtAnswer) {
        match a {
            HurtAnswer::Location(l) => self.record.location = Some(l),
            HurtAnswer::Severity(v) => self.record.severity = Some(rating(v)),
            HurtAnswer::Feels(f) => self.record.feels = Some(f),
        }
        self.record.red_flag = red_flag(&self.record).is_some();
    }

    /// The red flag among the answers, in words ("tingling or numbness").
    pub fn red_flag(&self) -> Option<&'static str> {
        red_flag(&self.record)
    }

    /// The ways on offered now: after a red flag only stopping; a gentler version only when
    /// the exercise has one.
    pub fn ways_on(&self) -> Vec<PainAction> {
        if self.red_flag().is_some() {
            return vec![PainAction::Stop];
        }
        let mut ways = vec![PainAction::Skip];
        if self.gentler.is_some() {
            ways.push(PainAction::Gentler);
        }
        ways.push(PainAction::Stop);
        ways
    }

    /// The gentler dose offered (a shorter hold).
    pub fn gentler(&self) -> Option<&content::Dose> {
        self.gentler.as_ref()
    }

    /// The record with the way on chosen (`None`: the session ended first). A way not
    /// offered now is taken as stopping (after a red flag, every way on is stopping).
    pub fn finish(mut self, way: Option<PainAction>) -> (Pain, Option<PainAction>) {
        let way = way.map(|w| {
            if self.ways_on().contains(&w) {
                w
            } else {
                PainAction::Stop
            }
        });
        self.record.action = way;
        (self.record, way)
    }
}

/// The guide's red flag among a record's answers: tingling or numbness, or pain spreading
/// below the knee.
pub fn red_flag(p: &Pain) -> Option<&'static str> {
    if p.feels == Some(PainFeel::TinglingOrNumbness) {
        Some("tingling or numbness")
    } else if p.location == Some(PainLocation::LegBelowKnee) {
        Some("pain spreading below the knee")
    } else {
        None
    }
}

/// A gentler version of a dose, within the guide: the hold at the shortest the exercise's
/// file accepts as a rep (its `min_hold_secs`, a source's lower end), the reps as they were
/// (the guide's counts are already its lower ends), and the words asking for no more range
/// than is comfortable (a rep counts at the phase's entry, below its ideal). `None` when
/// the hold cannot be shorter.
pub fn gentler_dose(d: &content::Dose) -> Option<content::Dose> {
    let hold_secs = d.min_hold_secs.min(d.hold_secs);
    if hold_secs >= d.hold_secs || hold_secs <= 0.0 {
        return None;
    }
    let reps = if d.reps > 1 {
        format!("{} reps, ", d.reps)
    } else {
        String::new()
    };
    Some(content::Dose {
        hold_secs,
        hold_max_secs: d.hold_max_secs,
        min_hold_secs: hold_secs,
        reps: d.reps,
        text: format!(
            "Gentler: {reps}hold {}, only as far as is comfortable",
            secs_words(hold_secs)
        ),
    })
}

fn secs_words(secs: f32) -> String {
    if (secs - secs.round()).abs() < 0.05 {
        format!("{:.0} s", secs)
    } else {
        format!("{secs:.1} s")
    }
}

/// A rating the person gave, kept within 0–10.
pub fn rating(value: u8) -> u8 {
    value.min(10)
}

/// The pain rating at the end of a session that has closed (asked on its summary; `None`:
/// the person skipped it), appended to its file at the session's end time. A session that
/// already has an end rating keeps it: nothing is written twice.
pub fn rate_after_close(
    path: &std::path::Path,
    rating: Option<u8>,
) -> Result<(), crate::session::SessionError> {
    use crate::session::{PainRating, Record, FORMAT_VERSION};
    let session = crate::session::read_session(path)?;
    if end_rating(&session).is_some() {
        return Ok(());
    }
    let record = Record::PainRating(PainRating {
        when: PainWhen::End,
        rating: rating.map(self::rating),
    });
    let line = crate::session::format::LineRef {
        v: FORMAT_VERSION,
        t: (session.duration_secs() * 1000.0).round() / 1000.0,
        record: &record,
    };
    let io = |source| crate::session::SessionError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = serde_json::to_vec(&line).map_err(|e| crate::session::SessionError::Encode {
        kind: record.kind(),
        why: e.to_string(),
    })?;
    // In a browser the session is the page's (kept in its store): the line goes there.
    #[cfg(target_arch = "wasm32")]
    return crate::session::page::append(path, String::from_utf8_lossy(&bytes).into_owned())
        .then_some(())
        .ok_or_else(|| io(std::io::ErrorKind::NotFound.into()));
    #[cfg(not(target_arch = "wasm32"))]
    append_line(path, bytes).map_err(io)
}

/// `bytes` (one JSON line) at the end of the file at `path`, on a line of its own.
#[cfg(not(target_arch = "wasm32"))]
fn append_line(path: &std::path::Path, mut bytes: Vec<u8>) -> std::io::Result<()> {
    use std::io::Write as _;
    bytes.push(b'\n');
    let text = std::fs::read(path)?;
    if text.last().is_some_and(|b| *b != b'\n') {
        bytes.insert(0, b'\n');
    }
    let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
    file.write_all(&bytes).and_then(|()| file.sync_all())
}

/// A session's pain ratings: (start, end), each `None` when it was not asked or not
/// answered, `Some(None)` when the person skipped it, `Some(Some(v))` when rated.
pub fn ratings(session: &crate::session::Session) -> (Option<Option<u8>>, Option<Option<u8>>) {
    let mut start = None;
    let mut end = None;
    for e in &session.events {
        if let crate::session::Record::PainRating(r) = &e.record {
            match r.when {
                PainWhen::Start => start = Some(r.rating),
                PainWhen::End => end = Some(r.rating),
            }
        }
    }
    (start, end)
}

fn end_rating(session: &crate::session::Session) -> Option<Option<u8>> {
    ratings(session).1
}

/// A rating as the summary and the report say it: "4", or "not rated".
pub fn rating_words(r: Option<Option<u8>>) -> String {
    match r.flatten() {
        Some(v) => v.to_string(),
        None => "not rated".to_owned(),
    }
}
