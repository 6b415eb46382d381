//! Shared test support: where the real data and the ONNX Runtime are, with skip reasons.

use std::path::PathBuf;

/// `../shared/data` beside the repository, or the reason it is not used.
pub fn real_data() -> Result<PathBuf, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("real").is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "{} is absent (real data lives beside the repository on the team's machines)",
            dir.display()
        ))
    }
}

/// Whether ONNX Runtime can be loaded, or why not.
pub fn runtime() -> Result<(), String> {
    formcheck::pose::runtime::ensure_runtime()
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Prints why a test is skipped and returns true when it should be.
pub fn skip(reason: Result<(), String>, test: &str) -> bool {
    match reason {
        Ok(()) => false,
        Err(why) => {
            println!("SKIP {test}: {why}");
            true
        }
    }
}

/// Real data and runtime both present, or print why not.
pub fn real_data_and_runtime(test: &str) -> Option<PathBuf> {
    let data = match real_data() {
        Ok(d) => d,
        Err(why) => {
            println!("SKIP {test}: {why}");
            return None;
        }
    };
    if skip(runtime(), test) {
        return None;
    }
    Some(data)
}

/// A BlazePose estimator with the repository's models.
pub fn blazepose(
    model: formcheck::pose::ModelKind,
    static_image_mode: bool,
) -> formcheck::pose::BlazePose {
    let mut c =
        formcheck::pose::PoseConfig::new(formcheck::pose::models::default_models_dir(), model);
    c.static_image_mode = static_image_mode;
    formcheck::pose::BlazePose::new(c).expect("models load")
}
