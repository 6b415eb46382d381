//! Criterion benches of the inference loop, stage by stage: detector and landmark
//! pre-processing, model inference (detector, lite, full), post-processing, and a whole
//! tracked frame. Results with the machine they ran on: benches/RESULTS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)] // acceptable in benchmarks

use criterion::{criterion_group, criterion_main, Criterion};
use formcheck::frame::{Frame, Timestamp};
use formcheck::geometry::Point2;
use formcheck::pose::{
    detector, landmarks, models, runtime::Model, BlazePose, ModelKind, PoseConfig, PoseEstimator,
    Roi,
};
use std::hint::black_box;
use std::path::Path;

fn frame() -> image::RgbImage {
    let photo =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/bridge/bridge_01.jpg");
    match formcheck::source::images::load_rgb(&photo) {
        // A 640×427 real photo, scaled up to a webcam's 1280×720-ish size.
        Ok(img) => image::imageops::resize(&img, 1280, 720, image::imageops::FilterType::Triangle),
        Err(_) => image::RgbImage::from_fn(1280, 720, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }),
    }
}

fn model(name: &str) -> Model {
    let spec = models::spec(name).unwrap();
    let (path, bytes) = models::read_verified(&models::default_models_dir(), &spec).unwrap();
    Model::from_bytes(
        &bytes,
        &spec,
        &path,
        formcheck::pose::runtime::DEFAULT_THREADS,
    )
    .unwrap()
}

fn stages(c: &mut Criterion) {
    let img = frame();
    let roi = Roi {
        center: Point2::new(640.0, 400.0),
        size: 700.0,
        rotation: 0.3,
    };
    let mut det_in = vec![0.0f32; 224 * 224 * 3];
    let mut lm_in = vec![0.0f32; 256 * 256 * 3];
    c.bench_function("detector_preprocess_1280x720", |b| {
        b.iter(|| detector::preprocess(black_box(&img), &mut det_in))
    });
    c.bench_function("landmark_preprocess_1280x720", |b| {
        b.iter(|| landmarks::preprocess(black_box(&img), &roi, &mut lm_in))
    });

    let mut det = model(models::DETECTOR);
    let lb = detector::preprocess(&img, &mut det_in);
    let mut det_out = vec![Vec::new(); 2];
    c.bench_function("detector_inference", |b| {
        b.iter(|| det.run(black_box(&det_in), &mut det_out).unwrap())
    });
    let anchors = detector::anchors();
    c.bench_function("detector_postprocess", |b| {
        b.iter(|| detector::postprocess(black_box(&det_out[0]), &det_out[1], &anchors, &lb, 0.5))
    });

    for kind in [ModelKind::Lite, ModelKind::Full] {
        let mut lm = model(kind.manifest_name());
        let mut out = vec![Vec::new(); 5];
        landmarks::preprocess(&img, &roi, &mut lm_in);
        c.bench_function(&format!("landmark_inference_{kind}"), |b| {
            b.iter(|| lm.run(black_box(&lm_in), &mut out).unwrap())
        });
        if kind == ModelKind::Full {
            c.bench_function("landmark_postprocess", |b| {
                b.iter(|| landmarks::postprocess(black_box(&out[0]), &out[3], &out[4], &roi))
            });
        }
    }

    for kind in [ModelKind::Lite, ModelKind::Full] {
        let mut bp = BlazePose::new(PoseConfig::new(models::default_models_dir(), kind)).unwrap();
        let mut f = Frame {
            image: img.clone(),
            ts: Timestamp(0),
            index: 0,
            label: "bench".into(),
        };
        c.bench_function(&format!("tracked_frame_{kind}"), |b| {
            b.iter(|| {
                f.ts = Timestamp(f.ts.0 + 33_333_333);
                bp.estimate(black_box(&f)).unwrap()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
