//! Plot settings shared by the summary and the progress screens.

use super::theme;
use eframe::egui;
use egui_plot::AxisHints;

/// Plot sizes that stay readable in a 1024×600 window.
pub const PLOT_HEIGHT: f32 = 170.0;
const AXIS_WIDTH: f32 = 48.0;

/// A y axis named `label` whose tick numbers stay readable on a small plot: in the small
/// text size (the body size is taller than the gap between ticks, so egui_plot drops them)
/// and at full strength down to 18 px apart (the default fades them below 30 px).
pub fn y_axis(label: &str) -> Vec<AxisHints<'static>> {
    vec![AxisHints::new_y()
        .label(label.to_owned())
        .min_thickness(AXIS_WIDTH)
        .tick_label_font(egui::FontId::proportional(theme::SMALL))
        .label_spacing(14.0..=18.0)]
}
