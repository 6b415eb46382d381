//! `formcheck progress [--since 30d | --sessions N] [--json]` and `formcheck report
//! [--since 30d | --sessions N] [-o report.html]`: progress over the recorded sessions,
//! printed per exercise (or as JSON), or drawn as the physiotherapist's report
//! ([`crate::progress::html`]).

use super::{exit, BadValue};
use crate::progress::progression::{self, ExerciseSuggestion};
use crate::progress::{self, date_of, day_of, Progress, Window};
use crate::session::{self, format::rfc3339_utc};
use anyhow::Context as _;
use std::io::Write as _;
use std::path::PathBuf;

/// Which sessions: the last days, the last sessions, or all.
#[derive(Debug, Clone, clap::Args)]
pub struct WindowArgs {
    /// Only sessions of the last N days (`30d`, or `30`), today included.
    #[arg(long, value_name = "DAYS", value_parser = parse_days, conflicts_with = "sessions")]
    pub since: Option<u32>,
    /// Only the newest N sessions.
    #[arg(long, value_name = "N")]
    pub sessions: Option<usize>,
}

/// `30d` or `30` → 30 (1 to 3650 days).
fn parse_days(s: &str) -> Result<u32, BadValue> {
    let n = s.trim().strip_suffix('d').unwrap_or(s.trim());
    match n.parse::<u32>() {
        Ok(d) if (1..=3650).contains(&d) => Ok(d),
        _ => Err(BadValue::Days(s.to_owned())),
    }
}

impl WindowArgs {
    fn window(&self, today: i64) -> Window {
        match (self.since, self.sessions) {
            (Some(days), _) => Window::Since { days, today },
            (None, Some(n)) => Window::Sessions(n),
            (None, None) => Window::All,
        }
    }

    fn describe(&self) -> String {
        match (self.since, self.sessions) {
            (Some(d), _) => format!("the last {d} days"),
            (None, Some(n)) => format!("the last {n} sessions"),
            (None, None) => "all sessions".to_owned(),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    #[command(flatten)]
    pub window: WindowArgs,
    /// Print the figures as one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub window: WindowArgs,
    /// The HTML file to write (an existing file only if it is a formcheck report, or with
    /// --force).
    #[arg(short = 'o', long, default_value = "report.html")]
    pub output: PathBuf,
    /// Replace the -o file even when it is not a report formcheck made.
    #[arg(long)]
    pub force: bool,
    /// The patient's name on the report (default: the name given in the app, if any).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Who set the programme, e.g. "Jane Smith, physiotherapist" (default: as given in the
    /// app, else the guide's home routine).
    #[arg(long, value_name = "WHO")]
    pub programme_by: Option<String>,
    /// Include sessions from video files (left out by default: a clip analysed is not the
    /// person practising).
    #[arg(long)]
    pub include_video: bool,
}

fn today() -> i64 {
    day_of(&rfc3339_utc(std::time::SystemTime::now())).unwrap_or(0)
}

fn load(window: &WindowArgs) -> anyhow::Result<Progress> {
    let dir = session::default_dir()?;
    let sessions = progress::select(session::read_all(&dir)?, window.window(today()));
    Ok(progress::progress(&sessions))
}

/// `formcheck progress --json`: the figures, and the holds to suggest.
#[derive(serde::Serialize)]
struct ProgressJson<'a> {
    #[serde(flatten)]
    progress: &'a Progress,
    suggestions: &'a [ExerciseSuggestion],
}

/// The holds to suggest now: over every session (not only the window), with the catalogue
/// the routine reads and the answers the person gave in the app.
fn suggestions() -> anyhow::Result<Vec<ExerciseSuggestion>> {
    let dir = session::default_dir()?;
    let sessions = progress::select(session::read_all(&dir)?, Window::All);
    let shipped = crate::content::load_default()?;
    let (current, _) = crate::practice::load_catalog();
    let current = current.map_err(|e| anyhow::anyhow!("{e}"))?;
    let declined = crate::prefs::default_path()
        .map(|p| crate::prefs::Settings::load(&p).0.declined_holds)
        .unwrap_or_default();
    Ok(progression::suggestions(
        &sessions, &shipped, &current, &declined,
    ))
}

pub fn run_progress(args: &ProgressArgs) -> anyhow::Result<i32> {
    let p = load(&args.window)?;
    let suggested = suggestions()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let doc = ProgressJson {
            progress: &p,
            suggestions: &suggested,
        };
        serde_json::to_writer_pretty(&mut out, &doc).context("cannot write JSON")?;
        writeln!(out)?;
    } else {
        // Names and corrections come from session files: terminal-safe.
        out.write_all(crate::text::terminal_safe_lines(&text(&p)).as_bytes())?;
        for s in &suggested {
            if let Some(words) = s.suggestion.words() {
                let line = format!("Suggested for {}: {words}", s.name);
                writeln!(out, "\n{}", crate::text::terminal_safe(&line))?;
            }
            if matches!(s.suggestion, progression::Suggestion::Shorter { .. }) {
                writeln!(out, "  {}", crate::guide::RED_FLAGS_INTRO)?;
                for flag in crate::guide::RED_FLAGS {
                    writeln!(out, "  - {flag}")?;
                }
            }
        }
        if !suggested.is_empty() {
            writeln!(
                out,
                "Accept or decline it on the Progress screen of the app."
            )?;
        }
    }
    Ok(exit::OK)
}

/// The progress as lines for people.
pub fn text(p: &Progress) -> String {
    let mut s = String::new();
    let (Some(first), Some(last)) = (&p.first_date, &p.last_date) else {
        return "No sessions in this window.\n".to_owned();
    };
    s += &format!(
        "{} on {}, {first} to {last} ({})\n",
        count(p.sessions, "session"),
        count(p.days_practised, "day"),
        count(u32::try_from(p.weeks.len()).unwrap_or(u32::MAX), "week")
    );
    if let (Some(a), Some(b)) = (p.pain.first(), p.pain.last()) {
        let r = |x: Option<u8>| x.map_or("–".to_owned(), |v| v.to_string());
        s += &format!(
            "pain before → after: {} → {} in the first rated session, {} → {} in the last; it hurt {}\n",
            r(a.before),
            r(a.after),
            r(b.before),
            r(b.after),
            count(u32::try_from(p.pain_events.len()).unwrap_or(u32::MAX), "time")
        );
    }
    for e in &p.pain_events {
        let at: Vec<String> = e
            .measures
            .iter()
            .filter(|m| m.unit == crate::session::MeasureUnit::Degrees)
            .map(|m| format!("{} {:.0}°", m.measure, m.value))
            .collect();
        s += &format!(
            "  it hurt on {} in {}, rep {}: {}\n",
            e.date,
            e.name,
            e.rep,
            at.join(", ")
        );
    }
    for ex in &p.exercises {
        let unit = if ex.is_hold { "holds" } else { "reps" };
        s += &format!(
            "\n{}: {} on {}; full dose in {}; {} of {} {unit}",
            ex.name,
            count(ex.sessions, "session"),
            count(ex.days, "day"),
            ex.doses_met,
            ex.done,
            ex.target
        );
        if let Some(g) = ex.good_form_share {
            s += &format!("; good form {:.0} %", g * 100.0);
        }
        s.push('\n');
        for side in [None, Some(session::Side::Left), Some(session::Side::Right)] {
            let pts: Vec<_> = ex.ranges.iter().filter(|r| r.side == side).collect();
            if let (Some(a), Some(b)) = (pts.first(), pts.last()) {
                s += &format!(
                    "  {} range{}: best {:.0}° → {:.0}°, median {:.0}° → {:.0}° ({} to {})\n",
                    a.measure,
                    side.map(|x| format!(" ({})", x.name())).unwrap_or_default(),
                    a.best_deg,
                    b.best_deg,
                    a.median_deg,
                    b.median_deg,
                    a.date,
                    b.date
                );
            }
        }
        for w in &ex.weeks {
            s += &format!(
                "  week of {}: {}, {} of {} {unit}{}\n",
                w.monday,
                count(w.sessions, "session"),
                w.done,
                w.target,
                w.best_deg
                    .map(|b| format!(", best {b:.0}°"))
                    .unwrap_or_default()
            );
        }
        if let Some(c) = ex.top_corrections.first() {
            s += &format!("  corrected most: {} ({}×)\n", c.message, c.count);
        }
    }
    if !p.not_done.is_empty() {
        s += "\nnot done in the routine:\n";
    }
    for k in &p.not_done {
        s += &format!(
            "  {}: skipped {}, the session ended first {}\n",
            k.name,
            count(k.skipped, "time"),
            count(k.not_reached, "time")
        );
    }
    s
}

pub fn run_report(args: &ReportArgs) -> anyhow::Result<i32> {
    let target = super::output::check(&args.output, args.force, "report", super::output::is_report);
    if let super::output::Target::Refused(why) = &target {
        eprintln!("error: {why}");
        return Ok(exit::USAGE);
    }
    let dir = session::default_dir()?;
    // The routine and doses the person practises (their own files included), so the report
    // says which doses they set.
    let (catalog, _) = crate::practice::load_catalog();
    let catalog = catalog.map_err(|e| anyhow::anyhow!("{e}"))?;
    let settings = crate::prefs::default_path()
        .map(|p| crate::prefs::Settings::load(&p).0)
        .unwrap_or_default();
    let mut for_whom = settings.report_for();
    for_whom.patient = args.name.clone().or(for_whom.patient);
    for_whom.programme_by = args.programme_by.clone().or(for_whom.programme_by);
    for_whom.include_video |= args.include_video;
    let made = crate::progress::html::make(
        session::read_all(&dir)?,
        args.window.window(today()),
        &catalog,
        &args.window.describe(),
        &date_of(today()),
        &for_whom,
    );
    super::output::write(&args.output, &target, made.html.as_bytes())
        .with_context(|| format!("cannot write the report to {}", args.output.display()))?;
    let left_out = if made.video_left_out > 0 {
        format!(
            " ({} from video files left out; --include-video adds them)",
            made.video_left_out
        )
    } else {
        String::new()
    };
    println!(
        "report of {} sessions written to {}{left_out}",
        made.sessions,
        args.output.display()
    );
    Ok(exit::OK)
}

/// "1 session", "3 sessions".
fn count(n: u32, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
