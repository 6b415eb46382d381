//! The desktop app (`formcheck run`): eframe/egui, and the only module that names them.
//!
//! [`app::FormcheckApp`] is a thin shell: it owns a [`crate::practice::Practice`] (the
//! session logic, tested without a window) and a [`feed::Feed`] (the source and its
//! [`crate::pipeline::Pipeline`]); it never waits on the camera or the model: each frame
//! it takes whatever result and events the workers left, routes them to the practice, and
//! draws. Each screen keeps its own state and answers [`Action`]s.
//!
//! - `app.rs`: the shell, event routing; `action.rs`: the screens and their [`Action`]s;
//!   `options.rs`: how the app is started; `bars.rs`: the top and status bars;
//!   `controls.rs`: the routine's buttons and keys, and the key help;
//! - `feed.rs`: the source, its status and the pipeline;
//! - `live.rs`: the live view (picture, banner, coach panel) and `picker.rs` (routine or
//!   one exercise);
//! - `safety.rs`, `source.rs` (no source / camera lost), `summary.rs` (with egui_plot),
//!   `history.rs` (with export), `ice_heat.rs`, `habits.rs`, `settings.rs`: one screen each;
//! - `teach/`: the "Teach an exercise" screen (record or a video → positions → form →
//!   saved among the own exercises); `own.rs`: which exercises are the person's, and their
//!   Edit and Delete dialogs;
//! - `overlay.rs`: picture + skeleton + checked joints;
//! - `widgets.rs`: ring timer, rep counter, banners;
//! - `theme.rs`: every colour and size;
//! - `launch.rs`: opening the window (the only place that starts eframe).

pub mod action;
pub mod app;
pub mod background;
pub mod bars;
pub mod controls;
pub mod dose;
pub mod feed;
pub mod figure;
pub mod habits;
pub mod history;
pub mod ice_heat;
pub mod launch;
pub mod live;
pub mod messages;
pub mod opener;
pub mod options;
pub mod overlay;
pub mod own;
pub mod pace;
pub mod pain;
pub mod picker;
pub mod placement;
pub mod plot;
pub mod progress;
pub mod report;
pub mod safety;
pub mod settings;
pub mod source;
pub mod suggested;
pub mod summary;
pub mod teach;
pub mod theme;
pub mod widgets;

pub use action::{Action, Screen};
pub use app::FormcheckApp;
/// Re-exported so tests drive the same egui version.
pub use eframe::egui;
pub use feed::SourceStatus;
pub use options::AppOptions;
