//! The live view: the picture with the skeleton and the checked joints, the one line that
//! matters now in large type, and the coach panel (exercise, dose, side, hold ring, rep
//! counter, camera placement ticks, instructions, routine controls), or the picker when
//! nothing is coached.
//!
//! [`LiveView`] keeps what only this view needs: the camera texture, the newest result,
//! and the arrival times and latency for the status bar.

use super::action::Action;
use super::controls::{self, Controls};
use super::feed::SourceStatus;
use super::picker::Picker;
use super::source::SourcePanel;
use super::{overlay, theme, widgets};
use crate::coach::CoachView;
use crate::content::Side;
use crate::pipeline::FrameResult;
use crate::practice::placement::{self, Placement};
use crate::practice::{Practice, RoutineItem, RoutineState, Stage};
use crate::session::{Mode, PainWhen};
use eframe::egui::{self, RichText, Ui};
use std::collections::VecDeque;
use std::time::Duration;
use web_time::Instant;

/// What the live view reads from the rest of the app.
pub struct LiveInput<'a> {
    pub practice: &'a Practice,
    pub status: &'a SourceStatus,
    pub model_problem: Option<&'a str>,
    pub mirror: bool,
    /// A live camera's delivered frames a second, once measured.
    pub camera_fps: Option<f64>,
    /// Settings "Show measurements": the readings beside the joints (off, the patient's
    /// view: the skeleton in its colours, the correction, the ring and the count).
    pub measurements: bool,
    /// The notices, shown at the foot of the picture column: dismissing one never moves
    /// the routine's buttons in the coach panel.
    pub notices: &'a VecDeque<String>,
    /// Tones and voice are off (the Mute button reads "Sound on").
    pub muted: bool,
}

/// The live view's own state.
#[derive(Default)]
pub struct LiveView {
    latest: Option<FrameResult>,
    texture: Option<egui::TextureHandle>,
    arrivals: VecDeque<Instant>,
    latency_ms: f64,
    /// The last model run's time: frames the adaptive pose rate held keep it.
    pose_ms: f64,
    /// When the status line was last logged.
    logged: Option<Instant>,
}

/// How often the status line is logged (`info`, target `formcheck::ui::live`: soak runs
/// read frame rate, latency and reps from it).
const LOG_EVERY: Duration = Duration::from_secs(10);

impl LiveView {
    /// Forgets the last picture (a new source).
    pub fn clear(&mut self) {
        self.latest = None;
    }

    /// The coach's view of the newest frame.
    pub fn view(&self) -> Option<&CoachView> {
        self.latest.as_ref().and_then(|r| r.view.as_ref())
    }

    /// The newest picture and its pose (the teach screen shows them while recording).
    pub fn picture(&self) -> Option<(&egui::TextureHandle, Option<&crate::body::Pose>)> {
        Some((self.texture.as_ref()?, self.latest.as_ref()?.pose.as_ref()))
    }

    /// Takes a new result: its picture becomes the texture; arrival and latency counted.
    pub fn show_frame(&mut self, ctx: &egui::Context, result: FrameResult, now: Instant) {
        let img = &result.image;
        let size = [img.width() as usize, img.height() as usize];
        let colour = egui::ColorImage::from_rgb(size, img.as_raw());
        match &mut self.texture {
            Some(t) => t.set(colour, egui::TextureOptions::LINEAR),
            None => {
                self.texture =
                    Some(ctx.load_texture("camera", colour, egui::TextureOptions::LINEAR));
            }
        }
        if let Some(c) = result.timings.captured_at {
            let ms = now.duration_since(c).as_secs_f64() * 1e3;
            // Every frame's figure, for `scripts/latency.sh` (`--log formcheck::ui::live=debug`).
            tracing::debug!("capture_to_overlay_ms {ms:.2}");
            self.latency_ms = if self.latency_ms == 0.0 {
                ms
            } else {
                0.8 * self.latency_ms + 0.2 * ms
            };
        }
        if !result.timings.held {
            self.pose_ms = result.timings.pose.as_secs_f64() * 1e3;
        }
        self.arrivals.push_back(now);
        while self
            .arrivals
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(2))
        {
            self.arrivals.pop_front();
        }
        self.latest = Some(result);
        if self
            .logged
            .is_none_or(|t| now.duration_since(t) >= LOG_EVERY)
        {
            self.logged = Some(now);
            let reps = self.view().map_or(0, |v| v.reps_done);
            tracing::info!("{}, reps {reps}", self.status_parts().join(", "));
        }
    }

    fn fps(&self) -> f64 {
        match (self.arrivals.front(), self.arrivals.back()) {
            (Some(a), Some(b)) if self.arrivals.len() > 1 => {
                let secs = b.duration_since(*a).as_secs_f64();
                if secs > 0.0 {
                    (self.arrivals.len() - 1) as f64 / secs
                } else {
                    0.0
                }
            }
            _ => 0.0,
        }
    }

    /// Frame rate, latency and the last model run's time for the status bar (nothing before
    /// a picture).
    pub fn status_parts(&self) -> Vec<String> {
        if self.latest.is_none() {
            return Vec::new();
        }
        vec![
            format!("{:.0} fps", self.fps()),
            format!("latency {:.0} ms", self.latency_ms),
            format!("pose {:.0} ms", self.pose_ms),
        ]
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        input: &LiveInput<'_>,
        source: &mut SourcePanel,
        picker: &mut Picker,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let view: Option<CoachView> = self.view().cloned();
        let placement = self.placement(input.practice, view.as_ref(), input.camera_fps);
        let controls = Controls::of(input.practice.routine());
        egui::Panel::right("coach_panel")
            .exact_size(theme::side_panel_width(ui.available_width()))
            .frame(
                egui::Frame::new()
                    .fill(ui.visuals().window_fill)
                    .inner_margin(16),
            )
            .show(ui, |ui| {
                // The controls stay in sight at the panel's foot and the rest scrolls above
                // them; laid out bottom-up in one pass, so they are in place on the first frame.
                if input.practice.routine().is_some() {
                    ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
                        actions.extend(controls::controls_ui(ui, controls));
                        ui.separator();
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            egui::ScrollArea::vertical().show(ui, |ui| {
                                actions.extend(coach_panel_ui(
                                    ui,
                                    input,
                                    view.as_ref(),
                                    placement.as_ref(),
                                    picker,
                                ));
                            });
                        });
                    });
                    return;
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    actions.extend(coach_panel_ui(
                        ui,
                        input,
                        view.as_ref(),
                        placement.as_ref(),
                        picker,
                    ));
                });
            });
        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(ui.visuals().panel_fill)
                    .inner_margin(8),
            )
            .show(ui, |ui| {
                actions.extend(super::messages::notice_strip_ui(ui, input.notices));
                actions.extend(self.picture_ui(ui, input, view.as_ref(), source));
            });
        actions
    }

    /// The camera placement of the newest picture, for the exercise the routine is at.
    fn placement(
        &self,
        practice: &Practice,
        view: Option<&CoachView>,
        camera_fps: Option<f64>,
    ) -> Option<Placement> {
        let result = self.latest.as_ref()?;
        let item = practice.routine()?.current()?;
        let need = practice.exercise(&item.id)?.view;
        // The coach's verdicts only when it coaches this exercise.
        let view = view.filter(|v| v.exercise_id == item.id);
        let size = (result.image.width(), result.image.height());
        Some(placement::check(
            result.pose.as_ref(),
            size,
            need,
            view,
            camera_fps,
        ))
    }

    fn picture_ui(
        &self,
        ui: &mut Ui,
        input: &LiveInput<'_>,
        view: Option<&CoachView>,
        source: &mut SourcePanel,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        // The one line that matters now, in large type; a person in another exercise's
        // position is told so, and this exercise's angles are not drawn on them.
        let pose = self.latest.as_ref().and_then(|r| r.pose.as_ref());
        let elsewhere = pose
            .zip(view)
            .filter(|_| {
                input
                    .practice
                    .routine()
                    .is_none_or(|r| r.headline().is_none())
            })
            .and_then(|(p, v)| input.practice.looks_like(p, v));
        if let Some(text) = &elsewhere {
            widgets::banner_ui(ui, text, widgets::BannerKind::Prompt);
        } else if let Some((text, kind)) = banner(input.practice.routine(), view) {
            widgets::banner_ui(ui, &text, kind);
        }
        // The pain rating sits over the picture (which shrinks for it), not in the coach
        // panel, so the hold ring and the count stay in sight in a small window.
        // Only the start rating: the end one is asked on the summary, once the session has
        // ended, so the strip goes once answered and nothing relabels under the pointer.
        if input.practice.pain_question() == Some(PainWhen::Start) {
            actions.extend(super::pain::pain_strip_ui(ui, PainWhen::Start));
        }
        // Problems with the source replace the picture.
        match input.status {
            SourceStatus::Missing { reason } if self.latest.is_none() => {
                actions.extend(source.no_source_ui(ui, reason));
                return actions;
            }
            SourceStatus::CameraLost { message, waiting } => {
                actions.extend(source.camera_lost_ui(ui, message, *waiting));
                return actions;
            }
            SourceStatus::CameraBack { .. } => actions.extend(source.camera_back_ui(ui)),
            _ => {}
        }
        if let Some(p) = input.model_problem {
            super::messages::problem_box_ui(
                ui,
                "No pose model: nothing can be coached or recorded.",
                &format!("{p}\n\n{DOCTOR_HINT}"),
            );
        }
        if *input.status == SourceStatus::Ended {
            ui.horizontal(|ui| {
                ui.label(RichText::new("The video ended.").size(theme::BODY));
                if ui.button("Play again").clicked() {
                    actions.push(Action::RestartPipeline);
                }
                if ui.button("Open another video or folder").clicked() {
                    actions.push(Action::ChooseSource);
                }
            });
        }
        let rect = ui.available_rect_before_wrap();
        match (&self.texture, &self.latest) {
            (Some(tex), Some(result)) => {
                let joints = view
                    .filter(|_| elsewhere.is_none())
                    .map_or_else(Vec::new, |v| {
                        joints_shown(
                            v,
                            input.practice.exercise(&v.exercise_id),
                            input.measurements,
                        )
                    });
                overlay::overlay_ui(ui, rect, tex, result.pose.as_ref(), &joints, input.mirror);
            }
            _ => {
                ui.centered_and_justified(|ui| {
                    ui.label(RichText::new("Waiting for the first picture…").size(theme::TITLE));
                });
            }
        }
        actions
    }
}

/// The checked joints drawn on the picture, in their colours; their readings ("hip 164°",
/// "ear 0.00 torso lower") only with `measurements` (Settings "Show measurements"): the
/// patient's view is the skeleton's colours, the correction, the ring and the count.
fn joints_shown(
    v: &CoachView,
    exercise: Option<&crate::content::Exercise>,
    measurements: bool,
) -> Vec<overlay::LabelledJoint> {
    let mut joints = overlay::label_joints(&v.joints, exercise);
    if !measurements {
        for j in &mut joints {
            j.label = None;
        }
    }
    joints
}

/// Under a missing model's message: the one command that checks everything.
const DOCTOR_HINT: &str = "Run `formcheck doctor` in a terminal: it checks everything \
                           formcheck needs and says how to fix what is missing.";

/// The headline for the picture: the routine's own state, else the coach's.
fn banner(
    routine: Option<&RoutineState>,
    view: Option<&CoachView>,
) -> Option<(String, widgets::BannerKind)> {
    use widgets::BannerKind;
    if let Some(h) = routine.and_then(RoutineState::headline) {
        return Some((h, BannerKind::Prompt));
    }
    let v = view?;
    if v.headline.is_empty() {
        return None;
    }
    let kind = if v.correction.is_some()
        && v.view_prompt.is_none()
        && v.setup_prompt.is_none()
        && v.unknown.is_none()
    {
        BannerKind::Correction
    } else {
        BannerKind::Prompt
    };
    Some((v.headline.clone(), kind))
}

fn coach_panel_ui(
    ui: &mut Ui,
    input: &LiveInput<'_>,
    view: Option<&CoachView>,
    placement: Option<&Placement>,
    picker: &mut Picker,
) -> Vec<Action> {
    let practice = input.practice;
    let Some((routine, item)) = practice
        .routine()
        .and_then(|r| r.current().map(|item| (r, item)))
    else {
        return picker.ui(ui, practice).into_iter().collect();
    };
    let mode = if practice.mode() == Mode::Routine {
        format!("Routine {}", routine.progress_text())
    } else {
        "Free practice".to_owned()
    };
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(mode)
                .size(theme::SMALL)
                .color(theme::TEXT_DIM),
        );
        // Right-aligned: its right edge stays put when it relabels.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let label = if input.muted { "Sound on" } else { "Mute" };
            if ui.small_button(label).on_hover_text("S").clicked() {
                actions.push(Action::ToggleMute);
            }
        });
    });
    ui.label(RichText::new(&item.name).size(theme::TITLE).strong());
    ui.label(
        RichText::new(&item.dose_text)
            .size(theme::BODY)
            .color(theme::ACCENT),
    );
    if let Some(side) = view.and_then(|v| v.side).or(routine.current_side()) {
        if side != Side::Both {
            ui.label(
                RichText::new(format!("{} {}", cap(side.name()), item.limb))
                    .size(theme::BODY)
                    .strong(),
            );
        }
    }
    // Getting ready: what the exercise looks like.
    if matches!(routine.stage(), Stage::Rest { .. }) {
        if let Some(ex) = practice.exercise(&item.id) {
            super::figure::exercise_figure_ui(ui, ex, super::figure::height_for(ui));
        }
    }
    // The camera placement first: nothing below counts until the camera sees the person.
    if let Some(p) = placement {
        super::placement::placement_ui(ui, p);
    }
    ui.separator();
    progress_ui(ui, view);
    ui.separator();
    instructions_ui(ui, practice, item);
    actions
}

/// The hold ring, the rep counter, the movements and the breathing count.
fn progress_ui(ui: &mut Ui, view: Option<&CoachView>) {
    let target = view.map_or(0.0, |v| v.hold_target_secs);
    if target > 0.0 {
        let v = view.map_or((0.0, false), |v| (v.hold_elapsed_secs, v.holding));
        ui.vertical_centered(|ui| widgets::ring_timer_ui(ui, v.0, target, v.1));
    }
    let Some(v) = view else { return };
    // A single hold (dose of one rep) is shown by the ring alone.
    if v.reps_target > 1 {
        widgets::rep_counter_ui(ui, v.reps_done, v.reps_target, "reps");
    }
    if let Some(m) = &v.movements {
        let word = if m.count == 1 { &m.name } else { &m.plural };
        widgets::count_ui(ui, m.count, word, m.holding);
    }
    if v.present && !v.setup_ok && !v.done {
        waiting_ui(ui, v);
    }
    if let Some(b) = &v.breath {
        ui.label(
            RichText::new(format!(
                "{} {:.0} s · breath {} / {}",
                if b.inhale { "In" } else { "Out" },
                b.secs_left.ceil(),
                b.breaths_done,
                b.breaths_target
            ))
            .size(theme::BODY),
        );
    }
}

/// While the coach waits for the start position: that it waits, what is not right yet, and
/// the way on.
fn waiting_ui(ui: &mut Ui, v: &CoachView) {
    ui.label(
        RichText::new("Waiting for the start position")
            .size(theme::BODY)
            .strong()
            .color(theme::BORDERLINE),
    );
    for line in &v.not_yet {
        ui.label(RichText::new(format!("Not yet: {line}")).size(theme::SMALL));
    }
    ui.label(
        RichText::new("Skip (right arrow key) moves on to the next exercise.")
            .size(theme::SMALL)
            .color(theme::TEXT_DIM),
    );
}

fn instructions_ui(ui: &mut Ui, practice: &Practice, item: &RoutineItem) {
    let Some(ex) = practice.exercise(&item.id) else {
        return;
    };
    for (i, step) in ex.instructions.iter().enumerate() {
        ui.label(RichText::new(format!("{}. {step}", i + 1)).size(theme::BODY));
    }
    for c in &ex.cautions {
        ui.label(
            RichText::new(format!("Caution: {c}"))
                .size(theme::SMALL)
                .color(theme::BORDERLINE),
        );
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::FrameTimings;
    use std::sync::Arc;

    fn result(index: u64, pose_ms: u64, held: bool) -> FrameResult {
        FrameResult {
            image: Arc::new(image::RgbImage::new(4, 4)),
            ts: crate::frame::Timestamp::from_secs_f64(index as f64 / 30.0),
            index,
            label: String::new(),
            pose: None,
            view: None,
            timings: FrameTimings {
                pose: Duration::from_millis(pose_ms),
                held,
                ..FrameTimings::default()
            },
        }
    }

    /// The readings beside the joints are for a physiotherapist: none unless asked for,
    /// while the joints keep their colours.
    #[test]
    fn readings_are_shown_only_with_show_measurements() {
        use crate::coach::{Coach, JointState, JointStatus};
        use crate::content::Unit;
        let catalog = crate::content::load_default().expect("content");
        let bridge = catalog.get("bridge").expect("bridge");
        let mut view = Coach::new(bridge).view();
        view.joints = vec![JointStatus {
            measure: "hip".into(),
            landmarks: Vec::new(),
            value: Some(164.0),
            unit: Unit::Angle,
            state: JointState::Good,
        }];
        let patient = joints_shown(&view, Some(bridge), false);
        assert_eq!(patient.len(), 1);
        assert_eq!(patient[0].label, None);
        assert_eq!(patient[0].status.state, JointState::Good);
        let physio = joints_shown(&view, Some(bridge), true);
        assert!(
            physio[0]
                .label
                .as_deref()
                .is_some_and(|l| l.contains("164")),
            "{:?}",
            physio[0].label
        );
    }

    /// A frame the adaptive pose rate held shows the last model run's time, not "pose 0 ms".
    #[test]
    fn a_held_frame_shows_the_last_model_time() {
        let ctx = egui::Context::default();
        let mut live = LiveView::default();
        let now = Instant::now();
        live.show_frame(&ctx, result(0, 23, false), now);
        live.show_frame(&ctx, result(1, 0, true), now + Duration::from_millis(33));
        live.show_frame(&ctx, result(2, 0, true), now + Duration::from_millis(66));
        assert!(
            live.status_parts().contains(&"pose 23 ms".to_string()),
            "{:?}",
            live.status_parts()
        );
        live.show_frame(&ctx, result(3, 31, false), now + Duration::from_millis(99));
        assert!(live.status_parts().contains(&"pose 31 ms".to_string()));
    }
}
