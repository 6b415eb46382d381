//! The live view's big pieces: the ring hold timer, the rep counter and the correction
//! banner; and what History, Progress and the summary say while their sessions are read.
//! Each is a `*_ui` function that allocates its own space; all sizes and colours come from
//! [`theme`].

use super::background::Background;
use super::theme;
use eframe::egui::{self, Align2, Color32, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, Vec2};

/// The sessions read off the UI thread (History, Progress): what was read, once it is
/// there; until then "Reading your sessions…", and in its place why it could not be read
/// (its thread lost, or the reader's own words).
pub fn sessions_read_ui<'a, T, E>(
    ui: &mut Ui,
    job: &'a mut Background<Result<T, E>>,
) -> Option<&'a T>
where
    T: Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    read_ui(
        ui,
        job,
        "Reading your sessions…",
        "Your sessions could not be read.",
    )?
    .ok()
}

/// A read off the UI thread: `Some(Ok)` what was read, once it is there; until then
/// `reading` (or `lost`, its thread gone) is shown and `None` returned; `Some(Err)` when the
/// reader failed, its own words shown.
pub fn read_ui<'a, T, E>(
    ui: &mut Ui,
    job: &'a mut Background<Result<T, E>>,
    reading: &str,
    lost: &str,
) -> Option<Result<&'a T, ()>>
where
    T: Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let was_lost = job.lost();
    let Some(read) = job.poll() else {
        let words = if was_lost { lost } else { reading };
        ui.label(RichText::new(words).size(theme::BODY));
        return None;
    };
    Some(match read {
        Ok(read) => Ok(read),
        Err(why) => {
            ui.label(
                RichText::new(why.to_string())
                    .size(theme::BODY)
                    .color(theme::BORDERLINE),
            );
            Err(())
        }
    })
}

/// A ring that fills as the hold progresses, with the seconds left in the middle.
pub fn ring_timer_ui(ui: &mut Ui, elapsed_secs: f32, target_secs: f32, holding: bool) {
    // In a short window (1024×600) the ring is smaller, so the count under it stays in sight.
    let r = if ui.ctx().content_rect().height() < theme::SHORT_WINDOW {
        theme::RING_RADIUS_SHORT
    } else {
        theme::RING_RADIUS
    };
    let size = Vec2::splat(2.0 * r + theme::RING_WIDTH + 4.0);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let c = rect.center();
    painter.circle_stroke(c, r, Stroke::new(theme::RING_WIDTH, theme::RING_TRACK));
    let fraction = if target_secs > 0.0 {
        (elapsed_secs / target_secs).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let colour = if fraction >= 1.0 {
        theme::GOOD
    } else if holding {
        theme::ACCENT
    } else {
        theme::TEXT_DIM
    };
    if fraction > 0.0 {
        let n = (64.0 * fraction).ceil().max(2.0) as usize;
        let start = -std::f32::consts::FRAC_PI_2;
        let points: Vec<Pos2> = (0..=n)
            .map(|i| {
                let a = start + std::f32::consts::TAU * fraction * i as f32 / n as f32;
                c + r * Vec2::angled(a)
            })
            .collect();
        painter.add(Shape::line(points, Stroke::new(theme::RING_WIDTH, colour)));
    }
    // Counting down to the aim, then up: a hold goes on past its aim and is recorded as
    // held, so the ring says how long ("17 s held"), not a 0 left.
    let shown = if fraction >= 1.0 {
        elapsed_secs.floor()
    } else {
        (target_secs - elapsed_secs).max(0.0).ceil()
    };
    painter.text(
        c - Vec2::new(0.0, 8.0),
        Align2::CENTER_CENTER,
        format!("{shown:.0}"),
        theme::font(theme::BIG_NUMBER),
        theme::TEXT,
    );
    painter.text(
        c + Vec2::new(0.0, 32.0),
        Align2::CENTER_CENTER,
        if fraction >= 1.0 { "s held" } else { "s left" },
        theme::font(theme::SMALL),
        theme::TEXT_DIM,
    );
}

/// The rep counter ("3 / 10 reps"), green once the dose is done.
pub fn rep_counter_ui(ui: &mut Ui, done: u32, target: u32, caption: &str) {
    let color = if target > 0 && done >= target {
        theme::GOOD
    } else {
        theme::TEXT
    };
    big_count_ui(ui, &format!("{done} / {target}"), caption, color);
}

/// A plain running count (pelvic tilts inside the minute); highlighted while one is held.
pub fn count_ui(ui: &mut Ui, count: u32, caption: &str, active: bool) {
    let color = if active { theme::ACCENT } else { theme::TEXT };
    big_count_ui(ui, &count.to_string(), caption, color);
}

/// A big number with its name on the same line ("0 tilts"): a caption on a line of its own
/// scrolled out of a small window's panel and left the number nameless.
fn big_count_ui(ui: &mut Ui, number: &str, caption: &str, color: Color32) {
    use egui::text::{LayoutJob, TextFormat};
    let format = |size: f32, color: Color32| TextFormat {
        font_id: egui::FontId::proportional(size),
        color,
        valign: egui::Align::BOTTOM,
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    job.append(number, 0.0, format(theme::BIG_NUMBER, color));
    job.append(
        &format!(" {caption}"),
        0.0,
        format(theme::BODY, theme::TEXT_DIM),
    );
    ui.vertical_centered(|ui| ui.label(job));
}

/// What kind of banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BannerKind {
    /// A form correction (the one that matters now).
    Correction,
    /// A prompt (setup, view, rest, side switch).
    Prompt,
    /// A problem with the app (camera lost, model missing).
    Problem,
}

/// A full-width banner with large text, drawn over `rect`'s top.
pub fn banner_ui(ui: &mut Ui, text: &str, kind: BannerKind) {
    let (fill, colour) = match kind {
        BannerKind::Correction => (theme::WARNING_BG, theme::TEXT),
        BannerKind::Prompt => (theme::INFO_BG, theme::TEXT),
        BannerKind::Problem => (theme::WARNING_BG, theme::BORDERLINE),
    };
    egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(20, 12))
        .corner_radius(10)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(text)
                    .size(theme::banner_size(ui.available_width()))
                    .strong()
                    .color(colour),
            );
        });
}

/// A small label with a dark backing at `pos` (readings next to joints), moved down clear
/// of the labels already `placed` and kept inside the painter's clip rectangle; returns
/// the rectangle it took.
pub fn tag(
    painter: &egui::Painter,
    pos: Pos2,
    text: &str,
    colour: Color32,
    size: f32,
    placed: &[Rect],
) -> Rect {
    let galley = painter.layout_no_wrap(text.to_owned(), theme::font(size), colour);
    let clip = painter.clip_rect().shrink(4.0);
    let inside = |p: Pos2| {
        Pos2::new(
            p.x.min(clip.max.x - galley.size().x).max(clip.min.x),
            p.y.min(clip.max.y - galley.size().y).max(clip.min.y),
        )
    };
    let mut pos = inside(pos);
    let step = galley.size().y + 10.0;
    for _ in 0..placed.len() {
        let rect = Rect::from_min_size(pos, galley.size()).expand(4.0);
        if !placed.iter().any(|r| r.intersects(rect)) {
            break;
        }
        pos = inside(pos + Vec2::new(0.0, step));
    }
    let rect = Rect::from_min_size(pos, galley.size()).expand(4.0);
    painter.rect_filled(rect, 4.0, theme::LABEL_BG);
    painter.galley(pos, galley, colour);
    rect
}

/// A left-to-right row `height` points tall across the available width, its contents
/// centred on it. Rows in a bottom-up layout need their height up front: a `horizontal`
/// there gets a standard row's height and taller contents hang below it.
pub fn row_ui(ui: &mut Ui, height: f32, add: impl FnOnce(&mut Ui)) {
    ui.allocate_ui_with_layout(
        Vec2::new(ui.available_width(), height),
        egui::Layout::left_to_right(egui::Align::Center),
        add,
    );
}

/// The height of a row of standard buttons.
pub fn button_row_height(ui: &Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Button) + 2.0 * ui.spacing().button_padding.y + 4.0
}
