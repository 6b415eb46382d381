//! Criterion benches of the inference loop, stage by stage: detector and landmark
//! pre-processing, model inference (detector, lite, full), post-processing, the exercise
//! engine, and a whole tracked frame, on the procedural frame of `formcheck::bench::scene`
//! (no data files needed). Results with the machine they ran on: benches/RESULTS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)] // acceptable in benchmarks

use criterion::{criterion_group, criterion_main, Criterion};
use formcheck::body::geometry::Point2;
use formcheck::frame::{Frame, Timestamp};
use formcheck::pose::{
    detector, landmarks, models, runtime::Model, BlazePose, ModelKind, PoseConfig, PoseEstimator,
    Roi,
};
use std::hint::black_box;

fn frame() -> image::RgbImage {
    formcheck::bench::scene::render(0)
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
    // The ROI BlazePose itself finds on this frame (a fixed one if it finds nothing).
    let mut probe = BlazePose::new(PoseConfig::new(
        models::default_models_dir(),
        ModelKind::Full,
    ))
    .unwrap();
    let still = Frame {
        image: img.clone(),
        ts: Timestamp(0),
        index: 0,
        label: "bench".into(),
    };
    let probed = probe.estimate(&still).unwrap();
    let found = probed.pose;
    let roi = probed.roi.unwrap_or(Roi {
        center: Point2::new(320.0, 260.0),
        size: 420.0,
        rotation: 0.0,
    });
    if let Some(pose) = &found {
        // The same exercise `formcheck bench` times.
        let exercise = formcheck::bench::bench_exercise(None).unwrap();
        let mut coach = formcheck::coach::Coach::new(&exercise);
        let mut ts = 0i64;
        c.bench_function("engine_update", |b| {
            b.iter(|| {
                ts += 33_333_333;
                coach.update(black_box(Some(pose)), Timestamp(ts))
            })
        });
    }
    let mut det_in = vec![0.0f32; 224 * 224 * 3];
    let mut lm_in = vec![0.0f32; 256 * 256 * 3];
    c.bench_function("detector_preprocess_640x480", |b| {
        b.iter(|| detector::preprocess(black_box(&img), &mut det_in))
    });
    c.bench_function("landmark_preprocess_640x480", |b| {
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
        // Output positions by size, as the tracker finds them (the manifest lists the order).
        let spec = models::spec(kind.manifest_name()).unwrap();
        let at = |n: i64| {
            spec.output
                .iter()
                .position(|o| o.shape.iter().product::<i64>() == n)
                .unwrap()
        };
        let (lm_i, heat_i, world_i) = (at(195), at(64 * 64 * 39), at(117));
        let mut out = vec![Vec::new(); spec.output.len()];
        landmarks::preprocess(&img, &roi, &mut lm_in);
        c.bench_function(&format!("landmark_inference_{kind}"), |b| {
            b.iter(|| lm.run(black_box(&lm_in), &mut out).unwrap())
        });
        if kind == ModelKind::Full {
            // Run once here too: a name filter may have skipped the inference bench above.
            lm.run(&lm_in, &mut out).unwrap();
            assert!(
                landmarks::postprocess(&out[lm_i], &out[heat_i], &out[world_i], &roi).is_some()
            );
            c.bench_function("landmark_postprocess", |b| {
                b.iter(|| {
                    landmarks::postprocess(black_box(&out[lm_i]), &out[heat_i], &out[world_i], &roi)
                })
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
