//! Inline SVG charts for the report: a line chart over dates and a bar chart, drawn as
//! text (no scripts, no fonts fetched: the browser's default sans-serif), so the report is
//! one self-contained file that prints cleanly.

use std::fmt::Write as _;

const W: f64 = 640.0;
const H: f64 = 220.0;
/// Plot area inside the chart: left, right, top, bottom margins.
const L: f64 = 48.0;
const R: f64 = 12.0;
const T: f64 = 12.0;
const B: f64 = 34.0;

/// One line of a line chart: `(x, y)` points, x in day numbers.
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    /// CSS colour.
    pub colour: &'static str,
    pub dashed: bool,
}

/// Text safe inside HTML and SVG.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Round bounds around `lo..hi` on steps of `step`, never empty.
fn bounds(lo: f64, hi: f64, step: f64) -> (f64, f64) {
    let lo = (lo / step).floor() * step;
    let mut hi = (hi / step).ceil() * step;
    if hi <= lo {
        hi = lo + step;
    }
    (lo, hi)
}

fn frame(out: &mut String, title: &str, y0: f64, y1: f64, step: f64, unit: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="{}" class="chart">"#,
        esc(title)
    );
    let mut y = y0;
    while y <= y1 + 1e-9 {
        let py = T + (H - T - B) * (1.0 - (y - y0) / (y1 - y0));
        let _ = write!(
            out,
            r##"<line x1="{L}" y1="{py:.1}" x2="{:.1}" y2="{py:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="#444">{y:.0}{unit}</text>"##,
            W - R,
            L - 4.0,
            py + 4.0
        );
        y += step;
    }
}

/// A line chart of `series` over days `x0..=x1`, labelled with `x_label(day)` at both ends.
pub fn line_chart(
    title: &str,
    unit: &str,
    series: &[Series],
    x_label: impl Fn(f64) -> String,
) -> String {
    let all = || series.iter().flat_map(|s| s.points.iter());
    let (mut x0, mut x1, mut lo, mut hi) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in all() {
        (x0, x1, lo, hi) = (x0.min(x), x1.max(x), lo.min(y), hi.max(y));
    }
    if x0 > x1 {
        return String::new();
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let step = if hi - lo > 40.0 { 10.0 } else { 5.0 };
    let (y0, y1) = bounds(lo, hi, step);
    let px = |x: f64| L + (W - L - R) * (x - x0) / (x1 - x0);
    let py = |y: f64| T + (H - T - B) * (1.0 - (y - y0) / (y1 - y0));
    let mut out = String::new();
    frame(&mut out, title, y0, y1, step, unit);
    for (x, anchor) in [(x0, "start"), (x1, "end")] {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="{anchor}" fill="#444">{}</text>"##,
            px(x),
            H - B + 16.0,
            esc(&x_label(x))
        );
    }
    for (i, s) in series.iter().enumerate() {
        let pts: Vec<String> = s
            .points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
            .collect();
        let dash = if s.dashed {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{dash}/>"#,
            pts.join(" "),
            s.colour
        );
        for &(x, y) in &s.points {
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{}"/>"#,
                px(x),
                py(y),
                s.colour
            );
        }
        legend_entry(
            &mut out,
            L + 8.0 + 150.0 * i as f64,
            H,
            s.colour,
            dash,
            &s.label,
        );
    }
    out.push_str("</svg>");
    out
}

/// One legend entry under a chart `height` tall, starting at `x`: a short line in the
/// series' colour and dash, then its label.
pub(super) fn legend_entry(
    out: &mut String,
    x: f64,
    height: f64,
    colour: &str,
    dash: &str,
    label: &str,
) {
    let _ = write!(
        out,
        r#"<line x1="{x:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{colour}" stroke-width="2"{dash}/><text x="{:.1}" y="{:.1}" font-size="11" fill="{colour}">{}</text>"#,
        x + 16.0,
        x + 20.0,
        height - 4.0,
        esc(label),
        ly = height - 8.0,
    );
}

/// A bar chart: one bar per `(label, value)`, its axis up to at least `top` (what a bar can
/// reach: a week's 7 days, so one day reads as one of seven), with an optional dashed target
/// line.
pub fn bar_chart(title: &str, bars: &[(String, f64)], top: f64, target: Option<f64>) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let hi = bars
        .iter()
        .map(|b| b.1)
        .chain(target)
        .fold(top.max(1.0), f64::max);
    let step = if hi > 20.0 { 5.0 } else { 1.0 };
    let (y0, y1) = bounds(0.0, hi, step);
    let py = |y: f64| T + (H - T - B) * (1.0 - (y - y0) / (y1 - y0));
    let mut out = String::new();
    frame(&mut out, title, y0, y1, step, "");
    let slot = (W - L - R) / bars.len() as f64;
    for (i, (label, v)) in bars.iter().enumerate() {
        let x = L + slot * i as f64;
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#3b7dd8"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#444">{}</text>"##,
            x + slot * 0.15,
            py(*v),
            slot * 0.7,
            py(y0) - py(*v),
            x + slot / 2.0,
            H - B + 16.0,
            esc(label)
        );
    }
    if let Some(t) = target {
        let _ = write!(
            out,
            r##"<line x1="{L}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#c0392b" stroke-dasharray="6 4" stroke-width="1.5"/>"##,
            W - R,
            y = py(t)
        );
    }
    out.push_str("</svg>");
    out
}
