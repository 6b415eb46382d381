//! The person's own exercises in the app: which exercises are theirs ([`OwnLibrary`], the
//! folder and where each exercise came from), and the two dialogs the picker opens for
//! one of them ([`OwnDialog`]): Edit (name, dose, sides, instructions, saved back into the
//! same file with its comments) and Delete (after a confirmation; it also leaves the own
//! routine). Built-in exercises have neither; their dose is set within the guide's range in
//! the third dialog ([`OwnDialog::Dose`], `super::dose`). The files are changed by
//! `content::own_edit`; after a change the app reloads the library
//! ([`Action::OwnChanged`]).

use super::action::Action;
use super::theme;
use crate::content::{self, Catalog, ContentError, ExerciseId, Loaded, OwnEdit, OwnEditError};
use eframe::egui::{self, RichText, Ui};
use std::path::PathBuf;

/// Why an own exercise cannot be edited, deleted or loaded again (shown in the dialog or
/// as a notice).
#[derive(Debug, thiserror::Error)]
pub enum OwnError {
    #[error("there is no folder for your own exercises")]
    NoFolder,
    #[error("your own exercises are not loaded")]
    NotLoaded,
    #[error("Give the exercise a name.")]
    NoName,
    #[error("Give at least one instruction.")]
    NoInstruction,
    #[error(transparent)]
    Edit(#[from] OwnEditError),
    #[error(transparent)]
    Content(#[from] ContentError),
}

/// The own exercises folder and what was loaded from it.
#[derive(Debug, Default)]
pub struct OwnLibrary {
    /// `$FORMCHECK_CONFIG_DIR/exercises` (`None`: own exercises are off, as in most tests).
    pub dir: Option<PathBuf>,
    loaded: Option<Loaded>,
}

impl OwnLibrary {
    /// Reads where each exercise comes from (the catalogue itself is the app's).
    pub fn new(dir: Option<PathBuf>) -> Self {
        let mut own = Self { dir, loaded: None };
        let _ = own.reload();
        own
    }

    /// Loads the shipped exercises with the own folder over them again; the new catalogue,
    /// or why there is none.
    pub fn reload(&mut self) -> Result<Catalog, OwnError> {
        let dir = self.dir.as_ref().ok_or(OwnError::NoFolder)?;
        let loaded = content::load_with_own(&content::default_source(), Some(dir))?;
        let catalog = loaded.usable()?.clone();
        self.loaded = Some(loaded);
        Ok(catalog)
    }

    pub fn loaded(&self) -> Option<&Loaded> {
        self.loaded.as_ref()
    }

    /// The ids of the person's own exercises (new ones and those replacing a built-in).
    pub fn own_ids(&self) -> Vec<ExerciseId> {
        self.loaded.as_ref().map_or_else(Vec::new, |l| {
            l.origins
                .iter()
                .filter(|(_, o)| o.is_own())
                .map(|(id, _)| id.clone())
                .collect()
        })
    }
}

/// The edit form's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct EditForm {
    pub id: ExerciseId,
    pub path: PathBuf,
    pub name: String,
    pub reps: u32,
    pub hold_secs: f32,
    pub each_side: bool,
    /// One step a line.
    pub instructions: String,
    pub problem: Option<String>,
}

/// The dialog open over the screen, if any.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum OwnDialog {
    #[default]
    Closed,
    Edit(Box<EditForm>),
    /// The dose of a routine exercise, within the guide's range (`super::dose`).
    Dose(Box<super::dose::DoseForm>),
    Delete {
        id: ExerciseId,
        name: String,
        problem: Option<String>,
    },
}

impl OwnDialog {
    /// The edit dialog for own exercise `id`, filled from its file.
    pub fn edit(own: &OwnLibrary, id: &ExerciseId) -> Result<Self, OwnError> {
        let loaded = own.loaded().ok_or(OwnError::NotLoaded)?;
        let path = content::own_path(loaded, id)?;
        let e = content::read_edit(path)?;
        Ok(Self::Edit(Box::new(EditForm {
            id: id.clone(),
            path: path.to_owned(),
            name: e.name,
            reps: e.reps,
            hold_secs: e.hold_secs,
            each_side: e.each_side,
            instructions: e.instructions.join("\n"),
            problem: None,
        })))
    }

    /// The delete confirmation for own exercise `id`.
    pub fn delete(own: &OwnLibrary, id: &ExerciseId, name: &str) -> Result<Self, OwnError> {
        let loaded = own.loaded().ok_or(OwnError::NotLoaded)?;
        content::own_path(loaded, id)?;
        Ok(Self::Delete {
            id: id.clone(),
            name: name.to_owned(),
            problem: None,
        })
    }

    /// Draws the open dialog; a change made answers [`Action::OwnChanged`].
    pub fn ui(&mut self, ctx: &egui::Context, own: &OwnLibrary) -> Option<Action> {
        let mut close = false;
        let mut action = None;
        match self {
            Self::Closed => return None,
            Self::Edit(form) => {
                let response = egui::Modal::new(egui::Id::unique("own_edit")).show(ctx, |ui| {
                    ui.set_width(ui.ctx().content_rect().width().min(640.0) - 48.0);
                    match edit_ui(ui, form) {
                        Some(true) => match save_edit(form) {
                            Ok(a) => action = Some(a),
                            Err(why) => form.problem = Some(why.to_string()),
                        },
                        Some(false) => close = true,
                        None => {}
                    }
                });
                close |= response.should_close();
            }
            Self::Dose(form) => {
                let response = egui::Modal::new(egui::Id::unique("dose_edit")).show(ctx, |ui| {
                    ui.set_width(ui.ctx().content_rect().width().min(640.0) - 48.0);
                    match super::dose::form_ui(ui, form) {
                        Some(Some(a)) => action = Some(a),
                        Some(None) => close = true,
                        None => {}
                    }
                });
                close |= response.should_close();
            }
            Self::Delete { id, name, problem } => {
                egui::Modal::new(egui::Id::unique("own_delete")).show(ctx, |ui| {
                    match delete_ui(ui, name, problem.as_deref()) {
                        Some(true) => match delete(own, id) {
                            Ok(a) => action = Some(a),
                            Err(why) => *problem = Some(why.to_string()),
                        },
                        Some(false) => close = true,
                        None => {}
                    }
                });
            }
        }
        if close || action.is_some() {
            *self = Self::Closed;
        }
        action
    }
}

/// The edit form; `Some(true)` Save, `Some(false)` Cancel.
fn edit_ui(ui: &mut Ui, f: &mut EditForm) -> Option<bool> {
    ui.label(
        RichText::new(format!("Edit \"{}\"", f.name))
            .size(theme::TITLE)
            .strong(),
    );
    ui.label(
        RichText::new(format!(
            "Saved {}",
            crate::files::kept_where(&f.path, "into")
        ))
        .size(theme::SMALL)
        .color(theme::TEXT_DIM),
    );
    let label = ui.label(RichText::new("Name").size(theme::BODY));
    ui.add(egui::TextEdit::singleline(&mut f.name).font(theme::font(theme::BODY)))
        .labelled_by(label.id);
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Reps").size(theme::BODY));
        ui.add(egui::DragValue::new(&mut f.reps).range(1..=100))
            .labelled_by(label.id);
        let label = ui.label(RichText::new("hold each (s)").size(theme::BODY));
        ui.add(
            egui::DragValue::new(&mut f.hold_secs)
                .range(0.0..=600.0)
                .speed(0.5)
                .fixed_decimals(1),
        )
        .labelled_by(label.id);
    });
    sides_ui(ui, &mut f.each_side);
    let label = ui.label(RichText::new("Instructions (one step a line)").size(theme::BODY));
    ui.add(
        egui::TextEdit::multiline(&mut f.instructions)
            .desired_rows(4)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    if let Some(p) = &f.problem {
        ui.label(RichText::new(p).size(theme::BODY).color(theme::WRONG));
    }
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save").size(theme::BODY)).clicked() {
            answer = Some(true);
        }
        if ui.button("Cancel").clicked() {
            answer = Some(false);
        }
    });
    answer
}

/// One side, or each side in turn.
pub fn sides_ui(ui: &mut Ui, each: &mut bool) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Sides").size(theme::BODY));
        ui.radio_value(each, false, "one");
        ui.radio_value(each, true, "each side in turn");
    });
}

fn save_edit(f: &EditForm) -> Result<Action, OwnError> {
    if f.name.trim().is_empty() {
        return Err(OwnError::NoName);
    }
    let edit = OwnEdit {
        name: f.name.trim().to_owned(),
        reps: f.reps,
        hold_secs: f.hold_secs,
        each_side: f.each_side,
        instructions: steps(&f.instructions),
    };
    if edit.instructions.is_empty() {
        return Err(OwnError::NoInstruction);
    }
    content::apply_edit(&f.path, &edit)?;
    Ok(Action::OwnChanged(Some(f.id.clone())))
}

/// The lines of a text box that have something on them.
pub fn steps(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The confirmation; `Some(true)` Delete it, `Some(false)` Keep it.
fn delete_ui(ui: &mut Ui, name: &str, problem: Option<&str>) -> Option<bool> {
    ui.label(
        RichText::new(format!("Delete \"{name}\"?"))
            .size(theme::TITLE)
            .strong(),
    );
    ui.label(
        RichText::new(
            "Its file is deleted and it leaves your routine. Sessions you recorded keep it.",
        )
        .size(theme::BODY),
    );
    if let Some(p) = problem {
        ui.label(RichText::new(p).size(theme::BODY).color(theme::WRONG));
    }
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui
            .button(
                RichText::new("Delete it")
                    .size(theme::BODY)
                    .color(theme::WRONG),
            )
            .clicked()
        {
            answer = Some(true);
        }
        if ui.button("Keep it").clicked() {
            answer = Some(false);
        }
    });
    answer
}

fn delete(own: &OwnLibrary, id: &ExerciseId) -> Result<Action, OwnError> {
    let (Some(loaded), Some(dir)) = (own.loaded(), own.dir.as_deref()) else {
        return Err(OwnError::NotLoaded);
    };
    content::delete_own(loaded, dir, id.as_str())?;
    Ok(Action::OwnChanged(None))
}
