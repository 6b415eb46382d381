//! Design tokens: the only place with literal colours, strokes and sizes. The live view is
//! read from 2–3 m away, so its text is large (a 44 pt headline is about 15 mm tall on a
//! 24" full-HD screen, readable at 3 m) and form colours are saturated and few.

use crate::coach::JointState;
use eframe::egui::{self, Color32, FontFamily, FontId, Stroke, TextStyle};

pub const BACKGROUND: Color32 = Color32::from_rgb(18, 20, 24);
pub const PANEL: Color32 = Color32::from_rgb(30, 33, 40);
pub const TEXT: Color32 = Color32::from_rgb(235, 236, 240);
pub const TEXT_DIM: Color32 = Color32::from_rgb(160, 165, 175);
pub const ACCENT: Color32 = Color32::from_rgb(90, 170, 255);

pub const GOOD: Color32 = Color32::from_rgb(60, 200, 110);
pub const BORDERLINE: Color32 = Color32::from_rgb(250, 190, 40);
pub const WRONG: Color32 = Color32::from_rgb(240, 70, 60);
pub const UNKNOWN: Color32 = Color32::from_rgb(140, 140, 150);

/// Skeleton colours by body side (as in `draw.rs`), used for joints the exercise does not check.
pub const BONE_LEFT: Color32 = Color32::from_rgb(255, 138, 0);
pub const BONE_RIGHT: Color32 = Color32::from_rgb(0, 217, 231);
pub const BONE_CENTRE: Color32 = Color32::from_rgb(240, 240, 240);
pub const JOINT_OUTLINE: Color32 = Color32::from_rgb(15, 15, 15);

pub const WARNING_BG: Color32 = Color32::from_rgb(110, 30, 25);
pub const INFO_BG: Color32 = Color32::from_rgb(25, 55, 95);
pub const SAFETY_BG: Color32 = Color32::from_rgb(60, 45, 15);
pub const ICE: Color32 = Color32::from_rgb(120, 200, 255);
pub const HEAT: Color32 = Color32::from_rgb(255, 130, 60);
pub const RING_TRACK: Color32 = Color32::from_rgb(60, 64, 74);
pub const LABEL_BG: Color32 = Color32::from_rgba_premultiplied(0, 0, 0, 170);
pub const OVERLAY_DIM: Color32 = Color32::from_rgba_premultiplied(0, 0, 0, 140);

/// Sizes in points.
pub const HEADLINE: f32 = 44.0;
pub const BIG_NUMBER: f32 = 56.0;
pub const TITLE: f32 = 32.0;
pub const BODY: f32 = 20.0;
pub const SMALL: f32 = 15.0;
pub const ANGLE_LABEL: f32 = 24.0;
pub const RING_RADIUS: f32 = 80.0;
/// The ring in a window shorter than [`SHORT_WINDOW`].
pub const RING_RADIUS_SHORT: f32 = 56.0;
/// A window this tall or less (points) is short: the coach panel packs tighter.
pub const SHORT_WINDOW: f32 = 700.0;
pub const RING_WIDTH: f32 = 14.0;
pub const SIDE_PANEL_WIDTH: f32 = 420.0;
/// The coach panel's width in a narrow window (the picture keeps the rest).
pub const SIDE_PANEL_MIN_WIDTH: f32 = 360.0;
pub const BONE_WIDTH: f32 = 4.0;
pub const CHECKED_BONE_WIDTH: f32 = 9.0;
pub const JOINT_RADIUS: f32 = 5.0;
pub const CHECKED_JOINT_RADIUS: f32 = 12.0;

/// The coach panel's width for a window `available` points wide: full up to 38 % of it.
pub fn side_panel_width(available: f32) -> f32 {
    (available * 0.38).clamp(SIDE_PANEL_MIN_WIDTH, SIDE_PANEL_WIDTH)
}

/// The banner's text size for a picture area `width` points wide: the full headline where
/// it fits a line of about 30 characters, else the title size, so a long prompt does not
/// push the picture out of a small window.
pub fn banner_size(width: f32) -> f32 {
    if width >= 800.0 {
        HEADLINE
    } else {
        TITLE
    }
}

pub fn joint_colour(state: JointState) -> Color32 {
    match state {
        JointState::Good => GOOD,
        JointState::Borderline => BORDERLINE,
        JointState::Wrong => WRONG,
        JointState::Unknown => UNKNOWN,
    }
}

pub fn bone_stroke(colour: Color32, checked: bool) -> Stroke {
    Stroke::new(
        if checked {
            CHECKED_BONE_WIDTH
        } else {
            BONE_WIDTH
        },
        colour,
    )
}

pub fn font(size: f32) -> FontId {
    FontId::new(size, FontFamily::Proportional)
}

/// The high-contrast theme: black panels, white text, white outlines on every control.
const HC_BLACK: Color32 = Color32::BLACK;
const HC_WHITE: Color32 = Color32::WHITE;
const HC_HOVER: Color32 = Color32::from_rgb(255, 220, 0);
const HC_SELECTED: Color32 = Color32::from_rgb(0, 70, 170);
const HC_RAIL: Color32 = Color32::from_gray(110);

/// Applies the display settings when they differ from what the context has: the dark or
/// the high-contrast theme, and the text size as a zoom on the system's scale (so a
/// HiDPI screen's own scale is kept and multiplied).
pub fn apply_display(ctx: &egui::Context, high_contrast: bool, text_scale: f32) {
    let want_fill = if high_contrast { HC_BLACK } else { PANEL };
    if ctx.global_style().visuals.window_fill != want_fill {
        apply(ctx);
        if high_contrast {
            ctx.all_styles_mut(high_contrast_style);
        }
    }
    if (ctx.zoom_factor() - text_scale).abs() > 1e-3 {
        ctx.set_zoom_factor(text_scale);
    }
}

fn high_contrast_style(style: &mut egui::Style) {
    let v = &mut style.visuals;
    v.panel_fill = HC_BLACK;
    v.window_fill = HC_BLACK;
    v.extreme_bg_color = HC_BLACK;
    v.faint_bg_color = Color32::from_gray(30);
    v.override_text_color = Some(HC_WHITE);
    v.window_stroke = Stroke::new(2.0, HC_WHITE);
    v.selection.bg_fill = HC_SELECTED;
    v.selection.stroke = Stroke::new(2.0, HC_WHITE);
    v.widgets.noninteractive.bg_fill = HC_BLACK;
    v.widgets.noninteractive.bg_stroke = Stroke::new(1.5, HC_WHITE);
    v.widgets.noninteractive.fg_stroke = Stroke::new(1.5, HC_WHITE);
    // `bg_fill` is also a slider's rail and a checkbox's box: grey, so they show on black.
    for w in [&mut v.widgets.inactive, &mut v.widgets.open] {
        w.bg_fill = HC_RAIL;
        w.weak_bg_fill = HC_BLACK;
        w.bg_stroke = Stroke::new(2.0, HC_WHITE);
        w.fg_stroke = Stroke::new(2.0, HC_WHITE);
    }
    v.widgets.hovered.bg_fill = HC_RAIL;
    v.widgets.hovered.weak_bg_fill = HC_BLACK;
    v.widgets.hovered.bg_stroke = Stroke::new(3.0, HC_HOVER);
    v.widgets.hovered.fg_stroke = Stroke::new(2.0, HC_HOVER);
    // The active style's text colour is also strong text's: white, with a yellow outline.
    v.widgets.active.bg_fill = HC_RAIL;
    v.widgets.active.weak_bg_fill = HC_BLACK;
    v.widgets.active.bg_stroke = Stroke::new(3.0, HC_HOVER);
    v.widgets.active.fg_stroke = Stroke::new(2.0, HC_WHITE);
}

/// Dark visuals with large text everywhere.
pub fn apply(ctx: &egui::Context) {
    // Dark whatever the system prefers (a browser tells egui its light or dark preference):
    // every colour here is chosen against a dark background.
    for theme in [egui::Theme::Dark, egui::Theme::Light] {
        ctx.set_visuals_of(theme, egui::Visuals::dark());
    }
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, font(TITLE)),
            (TextStyle::Body, font(BODY)),
            (TextStyle::Button, font(BODY)),
            (TextStyle::Small, font(SMALL)),
            (
                TextStyle::Monospace,
                FontId::new(SMALL + 1.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(14.0, 8.0);
        // Checkboxes and radio buttons large enough to see and hit.
        style.spacing.icon_width = 22.0;
        style.spacing.icon_width_inner = 12.0;
        style.spacing.icon_spacing = 8.0;
        style.visuals.panel_fill = BACKGROUND;
        style.visuals.window_fill = PANEL;
        style.visuals.override_text_color = Some(TEXT);
    });
}
