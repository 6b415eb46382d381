//! `formcheck exercises`: the routine and every exercise with its dose, view and
//! corrections, straight from the content files: the shipped ones with the user's own
//! (`$FORMCHECK_CONFIG_DIR/exercises/`) over them. An own file that replaces a shipped
//! exercise is marked; `--long` names every exercise's file. Problems in own files are
//! warnings on stderr (those files are left out); they become the error (exit code 7) only
//! when the exercise asked for is one of them, or when nothing loads. Returns text; the
//! caller prints it.

use crate::content::{
    self, Catalog, ContentError, ContentProblem, Exercise, Loaded, Origin, ViewNeed,
};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct ExercisesArgs {
    /// Show one exercise in full (instructions, cautions, corrections).
    pub id: Option<String>,
    /// Content folder (default: $FORMCHECK_CONTENT, else the exercises built into the program).
    #[arg(long)]
    pub content: Option<PathBuf>,
    /// Your own exercises folder (default: $FORMCHECK_CONFIG_DIR/exercises, else
    /// ~/.config/formcheck/exercises).
    #[arg(long)]
    pub own: Option<PathBuf>,
    /// Also show where each exercise comes from (built in, or its file).
    #[arg(long)]
    pub long: bool,
}

/// Loads the content and renders the listing (or one exercise), terminal-safe: text from an
/// own file cannot carry control characters to the terminal ([`crate::text`]).
pub fn run(args: &ExercisesArgs) -> Result<String, ContentError> {
    render(args).map(|text| crate::text::terminal_safe_lines(&text).into_owned())
}

fn render(args: &ExercisesArgs) -> Result<String, ContentError> {
    let source = args
        .content
        .clone()
        .map_or_else(content::default_source, content::ContentSource::Folder);
    let own = args.own.clone().or_else(crate::prefs::own_exercises_dir);
    let loaded = content::load_with_own(&source, own.as_deref())?;
    warn_own_problems(&loaded.problems);
    figures_agree(&loaded, &source)?;
    match &args.id {
        Some(id) => {
            let ex = loaded.require(id)?;
            let mut text = describe(ex);
            if let Some(o) = loaded.origin(id) {
                let _ = writeln!(text, "From: {}", origin_text(o));
            }
            Ok(text)
        }
        None => {
            loaded.usable()?;
            Ok(listing_with_origins(&loaded, args.long))
        }
    }
}

/// A drawn figure must agree with its exercise's rules (read by the coach's own measures):
/// a shipped figure that does not is an error, an own file's is a warning (it is not drawn).
fn figures_agree(loaded: &Loaded, source: &content::ContentSource) -> Result<(), ContentError> {
    let mut shipped = Vec::new();
    let mut own = Vec::new();
    for ex in &loaded.catalog.exercises {
        let origin = loaded.origin(&ex.id);
        let place = origin
            .and_then(|o| o.path().parent())
            .map_or_else(|| source.place(), std::path::Path::to_path_buf);
        let problems = crate::coach::figure_problems(ex, &place);
        if origin.is_some_and(Origin::is_own) {
            own.extend(problems);
        } else {
            shipped.extend(problems);
        }
    }
    if !own.is_empty() {
        eprintln!("warning: your own exercise files have figures that contradict their rules; they are not drawn:");
        for p in &own {
            eprintln!("  {}", crate::text::terminal_safe(&p.to_string()));
        }
    }
    if shipped.is_empty() {
        Ok(())
    } else {
        Err(ContentError::Invalid { problems: shipped })
    }
}

/// Prints the problems of the user's own exercise files on stderr (they were left out).
pub fn warn_own_problems(problems: &[ContentProblem]) {
    if problems.is_empty() {
        return;
    }
    eprintln!(
        "warning: {} problem(s) in your own exercise files; those files were left out, the rest loaded:",
        problems.len()
    );
    for p in problems {
        eprintln!("  {}", crate::text::terminal_safe(&p.to_string()));
    }
}

/// Where an exercise comes from, in words.
pub fn origin_text(o: &Origin) -> String {
    match o {
        Origin::Shipped(p) if p.starts_with(content::BUILT_IN_PLACE) => "built in".to_owned(),
        Origin::Shipped(p) => p.display().to_string(),
        Origin::Own(p) => format!("your file {}", p.display()),
        Origin::Replaces(p) => format!("your file {} (replaces the built-in one)", p.display()),
    }
}

/// The listing with own exercises marked; `long` adds every exercise's origin.
fn listing_with_origins(loaded: &Loaded, long: bool) -> String {
    let marks = |ex: &Exercise| match loaded.origin(&ex.id) {
        Some(o) if long => format!("  from: {}", origin_text(o)),
        Some(Origin::Replaces(_)) => "  (your own file; replaces the built-in one)".to_owned(),
        Some(Origin::Own(_)) => "  (your own file)".to_owned(),
        _ => String::new(),
    };
    let mut out = listing_marked(&loaded.catalog, &marks);
    match &loaded.routine_origin {
        Some(o @ Origin::Own(_)) => {
            let _ = writeln!(out, "Routine from {}", origin_text(o));
        }
        Some(o) if long => {
            let _ = writeln!(out, "Routine from: {}", origin_text(o));
        }
        _ => {}
    }
    out
}

/// One line per exercise, in the routine's order, then any not in the routine.
pub fn listing(catalog: &Catalog) -> String {
    listing_marked(catalog, &|_| String::new())
}

/// [`listing`] with `mark` appended to each exercise's line.
fn listing_marked(catalog: &Catalog, mark: &dyn Fn(&Exercise) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} routine:", catalog.routine.name);
    let mut listed: Vec<&str> = Vec::new();
    for (i, ex) in catalog.routine_exercises().into_iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {}{}", i + 1, line(ex), mark(ex));
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
            let _ = writeln!(out, "     {}{}", line(ex), mark(ex));
        }
    }
    out
}

fn line(ex: &Exercise) -> String {
    format!(
        "{:<26} {:<24} {:<34} view: {}",
        ex.id,
        ex.name,
        ex.dose_words(),
        view_text(ex.view)
    )
}

fn view_text(v: ViewNeed) -> &'static str {
    match v {
        ViewNeed::Side => "side-on",
        ViewNeed::Any => "any",
    }
}

/// Everything about one exercise.
pub fn describe(ex: &Exercise) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", ex.name, ex.id);
    if !ex.summary.is_empty() {
        let _ = writeln!(out, "{}", ex.summary);
    }
    let _ = writeln!(out, "Dose: {}", ex.dose_words());
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
