//! `formcheck exercises`: the routine and every exercise with its dose, view and
//! corrections, straight from the content files. Returns text; the caller prints it.

use crate::content::{self, Catalog, ContentError, Exercise, Side, ViewNeed};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct ExercisesArgs {
    /// Show one exercise in full (instructions, cautions, corrections).
    pub id: Option<String>,
    /// Content folder (default: $FORMCHECK_CONTENT, else the exercises built into the program).
    #[arg(long)]
    pub content: Option<PathBuf>,
}

/// Loads the content and renders the listing (or one exercise).
pub fn run(args: &ExercisesArgs) -> Result<String, ContentError> {
    let source = args
        .content
        .clone()
        .map_or_else(content::default_source, content::ContentSource::Folder);
    let catalog = content::load_source_strict(&source)?;
    // A drawn figure must agree with its exercise's rules (read by the coach's measures).
    let problems: Vec<_> = catalog
        .exercises
        .iter()
        .flat_map(|ex| crate::coach::figure_problems(ex, &source.place()))
        .collect();
    if !problems.is_empty() {
        return Err(ContentError::Invalid { problems });
    }
    match &args.id {
        Some(id) => Ok(describe(catalog.get(id)?)),
        None => Ok(listing(&catalog)),
    }
}

/// One line per exercise, in the routine's order, then any not in the routine.
pub fn listing(catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} routine:", catalog.routine.name);
    let mut listed: Vec<&str> = Vec::new();
    for (i, ex) in catalog.routine_exercises().into_iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {}", i + 1, line(ex));
        listed.push(&ex.id);
    }
    let others: Vec<&Exercise> = catalog
        .exercises
        .iter()
        .filter(|e| !listed.contains(&e.id.as_str()))
        .collect();
    if !others.is_empty() {
        let _ = writeln!(out, "Also available:");
        for ex in others {
            let _ = writeln!(out, "     {}", line(ex));
        }
    }
    out
}

fn line(ex: &Exercise) -> String {
    format!(
        "{:<26} {:<24} {:<34} view: {}",
        ex.id,
        ex.name,
        dose_text(ex),
        view_text(ex.view)
    )
}

fn view_text(v: ViewNeed) -> &'static str {
    match v {
        ViewNeed::Side => "side-on",
        ViewNeed::Any => "any",
    }
}

/// The dose in words: the file's own text when given, else built from the numbers.
pub fn dose_text(ex: &Exercise) -> String {
    if !ex.dose.text.is_empty() {
        return ex.dose.text.clone();
    }
    let mut s = String::new();
    if ex.dose.reps > 1 {
        let _ = write!(s, "{} reps", ex.dose.reps);
    }
    if ex.dose.hold_secs > 0.0 {
        if !s.is_empty() {
            s.push_str(", ");
        }
        let _ = write!(s, "hold {} s", ex.dose.hold_secs);
    }
    if let Some(rule) = &ex.sides {
        let steps: Vec<&str> = rule.steps.iter().map(|s: &Side| s.name()).collect();
        let _ = write!(s, " ({})", steps.join(", "));
    }
    s
}

/// Everything about one exercise.
pub fn describe(ex: &Exercise) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", ex.name, ex.id);
    if !ex.summary.is_empty() {
        let _ = writeln!(out, "{}", ex.summary);
    }
    let _ = writeln!(out, "Dose: {}", dose_text(ex));
    let _ = writeln!(out, "Camera: {}", view_text(ex.view));
    let _ = writeln!(out, "Start: {}", ex.setup.prompt);
    let _ = writeln!(out, "How:");
    for (i, step) in ex.instructions.iter().enumerate() {
        let _ = writeln!(out, "  {}. {step}", i + 1);
    }
    if !ex.cautions.is_empty() {
        let _ = writeln!(out, "Take care:");
        for c in &ex.cautions {
            let _ = writeln!(out, "  - {c}");
        }
    }
    if !ex.corrections.is_empty() {
        let _ = writeln!(out, "Corrections (most important first):");
        let mut cs: Vec<_> = ex.corrections.iter().collect();
        cs.sort_by_key(|c| std::cmp::Reverse(c.priority));
        for c in cs {
            let _ = writeln!(out, "  [{:>3}] {:<16} {}", c.priority, c.id, c.message);
        }
    }
    out
}
