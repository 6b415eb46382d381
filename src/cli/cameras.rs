//! `formcheck cameras`: the cameras this machine has, each with the picture formats it
//! offers and the mode formcheck would stream from it. None is a normal answer, said plainly.

use super::exit;
use crate::source::camera_mode::ModeRequest;

#[derive(Debug, clap::Args)]
pub struct CamerasArgs {
    #[command(flatten)]
    pub camera: super::CameraArgs,
}

pub fn run(args: &CamerasArgs) -> anyhow::Result<i32> {
    let cams = crate::source::list_cameras()?;
    if cams.is_empty() {
        println!("No camera found. Plug a webcam in, or give a video file or an image folder as the source.");
        return Ok(exit::CAMERA);
    }
    let config = args.camera.config();
    let want = ModeRequest {
        width_px: config.width,
        height_px: config.height,
        fps: config.fps,
    };
    for (index, name) in cams {
        println!("{index}: {name}");
        match crate::source::camera_modes(index, &want) {
            Ok((modes, chosen)) => {
                println!("   offers {}", crate::source::camera_mode::summary(&modes));
                println!("   formcheck uses {chosen}");
            }
            Err(e) => println!("   cannot be opened: {e}"),
        }
    }
    Ok(exit::OK)
}
