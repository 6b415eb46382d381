//! tract (pure-Rust ONNX inference) on the landmark model, to compare with ONNX Runtime for
//! the browser build (benches/RESULTS.md, "Inference in the browser"). Not part of formcheck.

use tract_onnx::prelude::*;

/// Loads the model and runs it `n` times on a fixed 256x256 input; returns
/// [load_ms, first_ms, mean_ms_of_the_rest] measured with the given clock.
pub fn bench_with(model: &[u8], n: usize, now: &dyn Fn() -> f64) -> Vec<f64> {
    let t0 = now();
    let m = tract_onnx::onnx()
        .model_for_read(&mut std::io::Cursor::new(model))
        .unwrap()
        .with_input_fact(0, f32::fact([1, 256, 256, 3]).into())
        .unwrap()
        .into_optimized()
        .unwrap()
        .into_runnable()
        .unwrap();
    let t1 = now();
    let input: Tensor = tract_ndarray::Array4::<f32>::from_shape_fn((1, 256, 256, 3), |(_, y, x, c)| {
        ((x * 3 + y * 7 + c) % 255) as f32 / 255.0
    })
    .into();
    let mut first = 0.0;
    let t = now();
    let out = m.run(tvec!(input.clone().into())).unwrap();
    first += now() - t;
    let t = now();
    for _ in 1..n {
        let _ = m.run(tvec!(input.clone().into())).unwrap();
    }
    let rest = (now() - t) / (n.max(2) - 1) as f64;
    let sum: f32 = out[0].as_slice::<f32>().unwrap().iter().take(10).sum();
    vec![t1 - t0, first, rest, sum as f64]
}
