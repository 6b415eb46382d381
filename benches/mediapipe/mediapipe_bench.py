#!/usr/bin/env python3
"""Benchmark MediaPipe's own legacy pose pipeline (mp.solutions.pose, 0.10.14).

For side-by-side comparison with formcheck's Rust/ONNX Runtime pipeline.

Usage (from the repo root; the venv is created by tests/data/mediapipe/make_reference.sh,
which also installs the lite/heavy .tflite models from npm @mediapipe/pose@0.5.1675469404):

  taskset -c 0,1 tests/data/mediapipe/.venv/bin/python benches/mediapipe/mediapipe_bench.py \
      --source ../shared/data/video/cat_cow_02.mp4 --model full --frames 300 [--json]

  --source  a video file (decoded with ffmpeg, rgb24, native rate) or a folder of images
            (decoded with Pillow, sorted by name, no EXIF rotation)
  --model   lite|full|heavy  -> model_complexity 0|1|2
  --frames  number of timed process() calls; the clip/folder is looped if shorter
  --warmup  untimed process() calls before timing (default 0: the first timed frame is a
            cold start; it shows up in p99/max, not p50)

Method: all frames are decoded into memory first (not timed). Then only pose.process(frame)
is timed, in video mode (static_image_mode=False, smooth_landmarks=True,
enable_segmentation=False): detector on the first frame / after tracking loss, landmark
model + ROI tracking otherwise. fps = frames / sum(per-frame time).
When looping, the graph is NOT reset at the wrap, so the tracker sees a jump cut (as the
Rust side would if it loops the same way).

Threads: the legacy Python API has no thread knob. Internally
  * each TFLite inference calculator uses the XNNPACK delegate with
    GetXnnpackDefaultNumThreads() == 1 on desktop Linux (only Android/iOS/wasm use
    clamp(cores/2, 1, 4)); the absl flag --xnnpack_default_num_threads exists in newer
    MediaPipe but cannot be set from the 0.10.14 Python wheel;
  * the CalculatorGraph's default executor is a thread pool sized from the number of
    CPU cores (it's a scheduler for calculators; process() is synchronous, so per frame
    little runs in parallel, and the inference itself is single-threaded);
  * OpenCV (used by some calculators / image conversion) has its own pool.
  The only practical limit is CPU affinity: run under `taskset -c 0,1` (same as the Rust
  side) -- all threads inherit the mask. The script reports the affinity mask and the
  process's OS thread count so this can be checked. OMP/TF env vars have no effect.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

MODELS = {"lite": 0, "full": 1, "heavy": 2}


def decode_video(path):
    out = subprocess.check_output([
        "ffprobe", "-v", "error", "-select_streams", "v:0",
        "-show_entries", "stream=width,height", "-of", "json", path])
    s = json.loads(out)["streams"][0]
    w, h = int(s["width"]), int(s["height"])
    raw = subprocess.check_output(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-map", "0:v:0",
         "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
    n = len(raw) // (w * h * 3)
    arr = np.frombuffer(raw[: n * w * h * 3], np.uint8).reshape(n, h, w, 3)
    return [np.ascontiguousarray(f) for f in arr], (w, h)


def decode_folder(path):
    from PIL import Image
    frames = []
    for name in sorted(os.listdir(path)):
        if name.lower().endswith((".jpg", ".jpeg", ".png", ".bmp", ".webp")):
            with Image.open(os.path.join(path, name)) as im:
                frames.append(np.ascontiguousarray(np.asarray(im.convert("RGB"))))
    return frames, None


def pct(sorted_ms, p):
    # nearest-rank percentile
    if not sorted_ms:
        return float("nan")
    k = max(0, min(len(sorted_ms) - 1, int(np.ceil(p / 100.0 * len(sorted_ms))) - 1))
    return sorted_ms[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True)
    ap.add_argument("--model", choices=sorted(MODELS), default="full")
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    if os.path.isdir(a.source):
        frames, _ = decode_folder(a.source)
    else:
        frames, _ = decode_video(a.source)
    if not frames:
        sys.exit(f"no frames decoded from {a.source}")

    import mediapipe as mp  # imported after decoding; import time not measured

    times = []
    n_pose = 0
    with mp.solutions.pose.Pose(
        static_image_mode=False,
        model_complexity=MODELS[a.model],
        smooth_landmarks=True,
        enable_segmentation=False,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    ) as pose:
        for i in range(a.warmup):
            pose.process(frames[i % len(frames)])
        for i in range(a.warmup, a.warmup + a.frames):
            f = frames[i % len(frames)]
            t0 = time.perf_counter()
            res = pose.process(f)
            times.append(time.perf_counter() - t0)
            n_pose += res.pose_landmarks is not None
        n_threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None

    ms = sorted(t * 1000.0 for t in times)
    total = sum(times)
    result = {
        "fps": round(len(times) / total, 2) if total > 0 else None,
        "p50_ms": round(pct(ms, 50), 2),
        "p95_ms": round(pct(ms, 95), 2),
        "p99_ms": round(pct(ms, 99), 2),
        "mean_ms": round(total * 1000.0 / len(times), 2),
        "max_ms": round(ms[-1], 2),
        "frames": len(times),
        "model": a.model,
        "source": a.source,
        "source_frames": len(frames),
        "frames_with_pose": int(n_pose),
        "warmup": a.warmup,
        "impl": f"mediapipe {mp.__version__} legacy mp.solutions.pose (TFLite+XNNPACK)",
        "cpu_affinity": sorted(os.sched_getaffinity(0)),
        "os_threads": n_threads,
    }
    if a.json:
        print(json.dumps(result))
    else:
        for k in ("impl", "model", "source", "source_frames", "frames", "warmup",
                  "frames_with_pose", "fps", "mean_ms", "p50_ms", "p95_ms", "p99_ms",
                  "max_ms", "cpu_affinity", "os_threads"):
            print(f"{k:>17}  {result[k]}")


if __name__ == "__main__":
    main()
