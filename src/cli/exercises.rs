//! `formcheck exercises`: the content catalogue — each exercise with its dose, in the
//! routine's order, then any extra exercises.

use crate::content::{Exercise, ViewNeed};

#[derive(Debug, clap::Args)]
pub struct ExercisesArgs {
    /// Also print each exercise's instructions.
    #[arg(long)]
    pub long: bool,
}

fn line(i: Option<usize>, ex: &Exercise) -> String {
    let n = i.map_or("  ".to_owned(), |i| format!("{:>2}", i + 1));
    let view = match ex.view {
        ViewNeed::Side => "side view",
        ViewNeed::Any => "any view",
    };
    format!(
        "{n}. {:<26} {:<34} {:<10} {}",
        ex.id, ex.name, view, ex.dose.text
    )
}

pub fn run(args: &ExercisesArgs) -> anyhow::Result<i32> {
    let catalog = crate::content::load_default()?;
    println!("Routine: {}", catalog.routine.name);
    let routine = catalog.routine_exercises();
    let extra = catalog
        .exercises
        .iter()
        .filter(|e| !routine.iter().any(|r| r.id == e.id));
    let numbered = routine
        .iter()
        .copied()
        .enumerate()
        .map(|(i, e)| (Some(i), e));
    for (i, ex) in numbered.chain(extra.map(|e| (None, e))) {
        println!("{}", line(i, ex));
        if args.long {
            for step in &ex.instructions {
                println!("      - {step}");
            }
        }
    }
    println!("\nForm feedback, not medical advice. Stop if it hurts.");
    Ok(super::exit::OK)
}
