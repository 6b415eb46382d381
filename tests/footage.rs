//! Phone footage and odd files: EXIF-rotated photos, variable-frame-rate and truncated
//! videos, oversized images. Test files are made here, in the target's scratch folder, from
//! synthetic pictures or from the real photos and clips in `../shared/data` (never copied
//! into the repository).

use crate::util;
use formcheck::source::images::load_rgb;
use formcheck::source::video::VideoSource;
use formcheck::source::FrameSource;
use image::{ImageEncoder as _, Rgb, RgbImage};
use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A TIFF-structured EXIF block with one tag, Orientation (0x0112) = `value`.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut b = b"MM\0\x2a\0\0\0\x08".to_vec(); // big-endian TIFF header, IFD at 8
    b.extend_from_slice(&1u16.to_be_bytes()); // one entry
    b.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    b.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    b.extend_from_slice(&1u32.to_be_bytes()); // count 1
    b.extend_from_slice(&value.to_be_bytes());
    b.extend_from_slice(&[0, 0]); // value padding
    b.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    b
}

/// `img` encoded as JPEG carrying an EXIF orientation tag.
fn tagged_jpeg(img: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95);
    enc.set_exif_metadata(exif_orientation(orientation))
        .expect("jpeg takes exif");
    enc.write_image(
        img.as_raw(),
        img.width(),
        img.height(),
        image::ExtendedColorType::Rgb8,
    )
    .expect("jpeg encodes");
    out
}

/// A picture whose left half is red and right half blue.
fn two_halves(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    })
}

fn is_red(p: &Rgb<u8>) -> bool {
    p[0] > 150 && p[2] < 100
}

fn is_blue(p: &Rgb<u8>) -> bool {
    p[2] > 150 && p[0] < 100
}

#[test]
fn exif_orientation_is_applied() {
    let dir = scratch("footage-exif");
    let upright = two_halves(64, 32);
    // As a phone held upright stores it: turned a quarter anticlockwise, tagged "rotate 90°
    // clockwise to show" (6). Also 8 (stored clockwise) and 3 (upside down).
    let cases = [
        (6u16, image::imageops::rotate270(&upright)),
        (8, image::imageops::rotate90(&upright)),
        (3, image::imageops::rotate180(&upright)),
    ];
    for (tag, stored) in cases {
        let path = dir.join(format!("tag{tag}.jpg"));
        std::fs::write(&path, tagged_jpeg(&stored, tag)).expect("write");
        let got = load_rgb(&path).expect("loads");
        assert_eq!(
            got.dimensions(),
            (64, 32),
            "orientation {tag}: size as shown"
        );
        assert!(
            is_red(got.get_pixel(8, 16)),
            "orientation {tag}: left is red"
        );
        assert!(
            is_blue(got.get_pixel(56, 16)),
            "orientation {tag}: right is blue"
        );
    }
    // PNG carries EXIF in an eXIf chunk.
    let mut png = Vec::new();
    let mut enc = image::codecs::png::PngEncoder::new(&mut png);
    enc.set_exif_metadata(exif_orientation(6))
        .expect("png takes exif");
    let stored = image::imageops::rotate270(&upright);
    enc.write_image(
        stored.as_raw(),
        stored.width(),
        stored.height(),
        image::ExtendedColorType::Rgb8,
    )
    .expect("png encodes");
    let path = dir.join("tag6.png");
    std::fs::write(&path, png).expect("write");
    let got = load_rgb(&path).expect("loads");
    assert_eq!(got.dimensions(), (64, 32));
    assert!(is_red(got.get_pixel(8, 16)) && is_blue(got.get_pixel(56, 16)));
}

fn analyze_json(path: &Path) -> (i32, Vec<serde_json::Value>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_formcheck"))
        .args(["analyze", path.to_str().expect("utf-8"), "--json"])
        .output()
        .expect("binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let values = serde_json::Deserializer::from_str(&stdout)
        .into_iter::<serde_json::Value>()
        .map(|v| v.expect("JSON"))
        .collect();
    (out.status.code().unwrap_or(-1), values, stderr)
}

/// An upright real photo stored sideways with orientation 6, as a phone does, is recognised
/// as the same exercise as the photo itself.
#[test]
fn phone_photo_stored_sideways_is_read_upright() {
    let Some(data) = util::real_data_and_runtime("phone_photo_stored_sideways_is_read_upright")
    else {
        return;
    };
    let dir = scratch("footage-phone-photo");
    for name in ["bridge/bridge_01.jpg", "cobra/cobra_01.jpg"] {
        let original = data.join("real").join(name);
        let upright = load_rgb(&original).expect("real photo");
        let sideways = dir.join(name.replace('/', "_"));
        std::fs::write(
            &sideways,
            tagged_jpeg(&image::imageops::rotate270(&upright), 6),
        )
        .expect("write");
        let (code_a, a, _) = analyze_json(&original);
        let (code_b, b, err) = analyze_json(&sideways);
        assert_eq!((code_a, code_b), (0, 0), "{err}");
        let exercise = |v: &[serde_json::Value]| v.first().and_then(|r| r.get("exercise")).cloned();
        println!(
            "{name}: as stored {:?}, tagged sideways {:?}",
            exercise(&a),
            exercise(&b)
        );
        assert!(exercise(&a).is_some_and(|e| !e.is_null()), "{a:?}");
        assert_eq!(exercise(&a), exercise(&b));
    }
}

fn ffmpeg(args: &[&str]) -> bool {
    Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y"])
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

/// Presentation times of every frame of `path` as ffprobe reports them.
fn probe_times(path: &Path) -> Vec<f64> {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries"])
        .args(["frame=best_effort_timestamp_time", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().trim_end_matches(',').parse().ok())
        .collect()
}

/// A variable-frame-rate clip (a real clip with frames 30–59 cut out, keeping every other
/// frame's time): each frame is stamped with its real time.
#[test]
fn variable_frame_rate_uses_real_times() {
    let clip = match util::real_data() {
        Ok(d) => d.join("video/glute_bridge_01.mp4"),
        Err(why) => {
            println!("SKIP variable_frame_rate_uses_real_times: {why}");
            return;
        }
    };
    let dir = scratch("footage-vfr");
    let vfr = dir.join("vfr.mp4");
    let made = ffmpeg(&[
        "-i",
        clip.to_str().expect("utf-8"),
        "-vf",
        "select='not(between(n\\,30\\,89))'",
        "-fps_mode",
        "passthrough",
        "-pix_fmt",
        "yuv420p",
        vfr.to_str().expect("utf-8"),
    ]);
    if !made {
        println!("SKIP variable_frame_rate_uses_real_times: ffmpeg cannot make the clip");
        return;
    }
    let want = probe_times(&vfr);
    let mut source = VideoSource::open(&vfr).expect("opens");
    let mut got = Vec::new();
    while let Some(f) = source.next_frame().expect("frame") {
        got.push(f.ts.secs_f64());
    }
    assert_eq!(source.truncated(), None);
    assert_eq!(got.len(), want.len());
    let t0 = want[0];
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            (g - (w - t0)).abs() < 0.002,
            "frame {i}: stamped {g:.3} s, shown at {:.3} s",
            w - t0
        );
    }
    // Frame 30 of the cut clip is the original frame 90: 3.01 s, not 1.0 s.
    println!(
        "VFR clip: {} frames, frame 30 at {:.3} s (nominal {:.3} s)",
        got.len(),
        got[30],
        30.0 / source.fps_hint().unwrap_or(30.0)
    );
    assert!(got[30] > 2.9, "{}", got[30]);
}

/// A constant-rate clip keeps exactly the times it had (index / fps).
#[test]
fn constant_frame_rate_times_unchanged() {
    let dir = scratch("footage-cfr");
    let clip = dir.join("cfr.mp4");
    if !ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=64x48:rate=30000/1001:duration=3",
        "-pix_fmt",
        "yuv420p",
        clip.to_str().expect("utf-8"),
    ]) {
        println!("SKIP constant_frame_rate_times_unchanged: ffmpeg cannot make a clip");
        return;
    }
    let mut source = VideoSource::open(&clip).expect("opens");
    let fps = source.info().fps;
    let mut n = 0u64;
    while let Some(f) = source.next_frame().expect("frame") {
        assert_eq!(
            f.ts,
            formcheck::frame::Timestamp::from_secs_f64(n as f64 / fps)
        );
        n += 1;
    }
    assert_eq!(n, 90);
}

/// Makes a clip whose index is at the front (`+faststart`) and cuts it at a third, so ffmpeg
/// decodes the first frames and then hits the end of the file.
fn truncated_copy(original: &Path, dir: &Path) -> Option<PathBuf> {
    let fast = dir.join("faststart.mp4");
    if !ffmpeg(&[
        "-i",
        original.to_str()?,
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        fast.to_str()?,
    ]) {
        return None;
    }
    let bytes = std::fs::read(&fast).ok()?;
    let cut = dir.join("truncated.mp4");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).ok()?;
    Some(cut)
}

#[test]
fn truncated_video_exits_3_with_the_frames_read() {
    if util::skip(
        util::runtime(),
        "truncated_video_exits_3_with_the_frames_read",
    ) {
        return;
    }
    let dir = scratch("footage-truncated");
    let synthetic = dir.join("synthetic.mp4");
    let mut originals = Vec::new();
    if ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=160x120:rate=10:duration=6",
        "-pix_fmt",
        "yuv420p",
        synthetic.to_str().expect("utf-8"),
    ]) {
        originals.push(synthetic);
    }
    match util::real_data() {
        Ok(d) => originals.push(d.join("video/glute_bridge_01.mp4")),
        Err(why) => println!("SKIP truncated real clip: {why}"),
    }
    for original in originals {
        let sub = dir.join(original.file_stem().expect("name"));
        std::fs::create_dir_all(&sub).expect("mkdir");
        let Some(cut) = truncated_copy(&original, &sub) else {
            println!(
                "SKIP truncated {}: ffmpeg cannot remux it",
                original.display()
            );
            continue;
        };
        let (code, reports, err) = analyze_json(&cut);
        let report = reports.first().expect("a report");
        let frames = report
            .get("frames")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        println!(
            "{}: exit {code}, truncated {:?}, {frames} frames read; {}",
            original.display(),
            report.get("truncated"),
            err.lines().last().unwrap_or("")
        );
        assert_eq!(code, 3, "{err}");
        assert_eq!(
            report.get("truncated"),
            Some(&serde_json::Value::Bool(true))
        );
        assert!(frames > 0, "{report}");
        assert!(err.contains("truncated"), "{err}");
        // The whole clip is not truncated.
        let (code, reports, err) = analyze_json(&original);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            reports.first().and_then(|r| r.get("truncated")),
            Some(&serde_json::Value::Bool(false))
        );
    }
}

/// CRC-32 (PNG's) for hand-made chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).expect("small").to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A PNG announcing `w`×`h` RGB pixels, with one empty data chunk (the decoder reads the
/// header up to the first data chunk; the pixels are missing).
fn huge_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    png_chunk(&mut out, b"IHDR", &ihdr);
    png_chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn oversized_image_is_named_as_too_large() {
    let dir = scratch("footage-huge");
    for (w, h) in [(30_000, 30_000), (20_000, 100), (16_000, 16_000)] {
        let path = dir.join(format!("{w}x{h}.png"));
        std::fs::write(&path, huge_png(w, h)).expect("write");
        let err = load_rgb(&path).expect_err("refused").to_string();
        println!("{w}x{h}: {err}");
        assert!(err.contains(&format!("{w}x{h} pixels")), "{err}");
        assert!(err.contains("larger than formcheck reads"), "{err}");
    }
    // Within the limits, the same missing pixel data is a corrupt file, as before.
    let path = dir.join("small.png");
    std::fs::write(&path, huge_png(100, 100)).expect("write");
    let err = load_rgb(&path).expect_err("refused").to_string();
    assert!(err.contains("truncated/corrupt"), "{err}");
}
