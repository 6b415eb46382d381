//! The desktop app (`formcheck run`): eframe/egui, and the only module that names them.
//!
//! [`app::FormcheckApp`] owns the screen state and a [`crate::pipeline::Pipeline`]; it
//! never waits on the camera or the model: each frame it takes whatever result and events
//! the workers left and draws. Coaching logic stays in `coach/`, routine logic in
//! [`crate::routine`], records in `session/`; this module only shows and routes.
//!
//! - `app.rs`: state, event routing, session recording, the live view;
//! - `screens.rs`: safety, no-camera, summary (egui_plot), history/export, ice/heat,
//!   habits, settings;
//! - `overlay.rs`: picture + skeleton + checked joints;
//! - `widgets.rs`: ring timer, rep counter, banners;
//! - `theme.rs`: every colour and size.

pub mod app;
pub mod overlay;
pub mod screens;
pub mod theme;
pub mod widgets;

pub use app::{AppOptions, FormcheckApp, Screen};
/// Re-exported so tests drive the same egui version.
pub use eframe::egui;
