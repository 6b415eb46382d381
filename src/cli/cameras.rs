//! `formcheck cameras`: the cameras this machine has. None is a normal answer, said plainly.

use super::exit;

pub fn run() -> anyhow::Result<i32> {
    let cams = crate::source::list_cameras()?;
    if cams.is_empty() {
        println!("No camera found. Plug a webcam in, or give a video file or an image folder as the source.");
        return Ok(exit::CAMERA);
    }
    for (index, name) in cams {
        println!("{index}: {name}");
    }
    Ok(exit::OK)
}
