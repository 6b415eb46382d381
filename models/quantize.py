#!/usr/bin/env python3
"""Offline int8 / fp16 variants of the shipped landmark model, measured before anything ships.

Issue 15 asks whether a quantised landmark model makes watching at camera rate cheaper while
keeping the landmarks within 1.5 % of torso length (median) of MediaPipe's on the real photos.
This script answers it from the files in the repository and the real photos, offline:

  build   writes, from models/pose_landmark_<m>.onnx, three variants into --out:
          `<m>_fp16.onnx` (float16 weights and activations, float32 I/O; onnxconverter-common),
          `<m>_int8_qop.onnx` and `<m>_int8_qdq.onnx` (static int8, per-channel weights,
          uint8 activations calibrated on crops of the real photos; ONNX Runtime's
          quantize_static in QOperator and QDQ form).
  check   times every variant against the float32 model (one thread, spinning off, as the
          app runs at camera rate; alternated rounds, process CPU time), and measures each
          one's landmarks against MediaPipe's on the real photos.

The crop is the one the app reads when it tracks: a first pass of the float32 model on a
region around MediaPipe's own landmarks gives the auxiliary alignment points, and the region
they define (`roi.rs`: hip centre, twice the distance to the scale point, rotated upright,
1.25x) is cropped to 256x256 with bilinear sampling and fed to every variant alike. The
error of a photo is the mean distance over the 33 landmarks (no heatmap refinement, the same
for all variants) divided by MediaPipe's torso length (shoulder centre to hip centre), as
`tests/pose.rs`; the figure is the median over photos. Calibration uses the even-numbered
photos, and the odd ones are reported on their own too (held out).

Needs: onnxruntime (1.30), onnx, onnxconverter-common, numpy, opencv-python-headless, pillow.

  python models/quantize.py build --photos ../shared/data/real --out models/.build/quant
  python models/quantize.py check --photos ../shared/data/real --out models/.build/quant
"""

import argparse
import json
import math
import os
import time

import cv2
import numpy as np
import onnx
import onnxruntime as ort
from PIL import Image

MODELS = os.path.dirname(os.path.abspath(__file__))
REFS = os.path.join(MODELS, "..", "tests", "data", "mediapipe", "real_photos_full.json")
SIZE = 256
ROI_SCALE = 1.25


def load_refs() -> list[dict]:
    with open(REFS) as f:
        return [p for p in json.load(f)["photos"] if p["found"]]


def image(photos: str, ref: dict) -> np.ndarray:
    return np.asarray(Image.open(os.path.join(photos, ref["file"])).convert("RGB"))


def roi_from(center: np.ndarray, scale_point: np.ndarray) -> tuple[np.ndarray, float, float]:
    """`Roi::for_landmarks`: centre, side in pixels, rotation in radians."""
    d = scale_point - center
    size = 2.0 * float(np.hypot(*d)) * ROI_SCALE
    rotation = math.pi / 2 - math.atan2(-d[1], d[0])
    rotation = (rotation + math.pi) % (2 * math.pi) - math.pi
    return center, size, rotation


def tensor_to_image(roi) -> np.ndarray:
    """`Roi::tensor_to_image(256)` as a 2x3 matrix."""
    center, size, rot = roi
    k = size / SIZE
    s, c = math.sin(rot), math.cos(rot)
    ox, oy = -0.5 * size, -0.5 * size
    origin = center + np.array([ox * c - oy * s, ox * s + oy * c])
    return np.array([[c * k, -s * k, origin[0]], [s * k, c * k, origin[1]]])


def crop(img: np.ndarray, roi) -> np.ndarray:
    m = tensor_to_image(roi)
    out = cv2.warpAffine(img, m, (SIZE, SIZE), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                         borderMode=cv2.BORDER_REPLICATE)
    return (out.astype(np.float32) / 255.0)[None]


def to_image(roi, xy: np.ndarray) -> np.ndarray:
    m = tensor_to_image(roi)
    return xy @ m[:, :2].T + m[:, 2]


def first_roi(ref: dict):
    """A region around MediaPipe's landmarks: hip centre, pointing at the shoulders, reaching
    the farthest landmark (the detector's job, done from the reference)."""
    lm = np.array([[p[0], p[1]] for p in ref["landmarks"]], dtype=np.float64)
    hip = (lm[23] + lm[24]) / 2
    up = (lm[11] + lm[12]) / 2 - hip
    up /= max(np.hypot(*up), 1e-6)
    reach = np.max(np.hypot(*(lm - hip).T))
    return roi_from(hip, hip + up * reach)


def tracked_crops(photos: str, refs: list[dict], fp32: ort.InferenceSession):
    """Per photo: the crop the tracking app would read, and its region."""
    out = []
    for ref in refs:
        img = image(photos, ref)
        roi = first_roi(ref)
        raw = fp32.run(None, {"input_1": crop(img, roi)})[0].reshape(-1, 5)
        aux = to_image(roi, raw[33:35, :2])
        roi = roi_from(aux[0], aux[1])
        out.append((crop(img, roi), roi))
    return out


def session(path: str) -> ort.InferenceSession:
    o = ort.SessionOptions()
    o.intra_op_num_threads = 1
    o.inter_op_num_threads = 1
    o.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(path, o, providers=["CPUExecutionProvider"])


def torso(lm: np.ndarray) -> float:
    s = (lm[11] + lm[12]) / 2
    h = (lm[23] + lm[24]) / 2
    return float(np.hypot(*(s - h)))


def landmarks(sess, crops) -> list[np.ndarray]:
    """Per photo: the 33 landmarks in image pixels."""
    return [to_image(roi, sess.run(None, {"input_1": x})[0].reshape(-1, 5)[:33, :2])
            for x, roi in crops]


def errors(ours: list[np.ndarray], theirs: list[np.ndarray], refs) -> list[float]:
    """Per photo: mean landmark distance in % of MediaPipe's torso length."""
    out = []
    for a, b, ref in zip(ours, theirs, refs):
        t = torso(np.array([[p[0], p[1]] for p in ref["landmarks"]]))
        out.append(100.0 * float(np.mean(np.hypot(*(a - b).T))) / t)
    return out


def variants(out: str, model: str) -> dict[str, str]:
    v = {"fp32": os.path.join(MODELS, f"pose_landmark_{model}.onnx")}
    for k in ("fp16", "int8_qop", "int8_qdq"):
        v[k] = os.path.join(out, f"{model}_{k}.onnx")
    return v


def cmd_build(a):
    from onnxconverter_common import float16
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                          quantize_static)
    from onnxruntime.quantization.shape_inference import quant_pre_process

    os.makedirs(a.out, exist_ok=True)
    v = variants(a.out, a.model)
    refs = load_refs()
    crops = tracked_crops(a.photos, refs[0::2], session(v["fp32"]))

    class Crops(CalibrationDataReader):
        def __init__(self):
            self.it = iter(crops)

        def get_next(self):
            c = next(self.it, None)
            return None if c is None else {"input_1": c[0]}

    pre = os.path.join(a.out, f"{a.model}_pre.onnx")
    quant_pre_process(v["fp32"], pre, skip_symbolic_shape=True)
    for key, fmt in (("int8_qop", QuantFormat.QOperator), ("int8_qdq", QuantFormat.QDQ)):
        quantize_static(pre, v[key], Crops(), quant_format=fmt, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
        print(f"wrote {v[key]} (calibrated on {len(crops)} real photos)")
    m16 = float16.convert_float_to_float16(onnx.load(v["fp32"]), keep_io_types=True)
    onnx.save(m16, v["fp16"])
    print(f"wrote {v['fp16']}")


def cmd_check(a):
    v = variants(a.out, a.model)
    sess = {k: session(p) for k, p in v.items() if os.path.exists(p)}
    refs = load_refs()
    crops = tracked_crops(a.photos, refs, sess["fp32"])
    x = crops[0][0]
    for s in sess.values():
        for _ in range(5):
            s.run(None, {"input_1": x})
    cpu = {k: [] for k in sess}
    load0 = os.getloadavg()
    for _ in range(a.rounds):
        for k, s in sess.items():
            t0 = time.process_time()
            for i in range(a.runs):
                s.run(None, {"input_1": crops[i % len(crops)][0]})
            cpu[k].append((time.process_time() - t0) / a.runs * 1e3)
    load1 = os.getloadavg()
    print(f"load {load0[0]:.2f} -> {load1[0]:.2f}; {len(refs)} photos; onnxruntime "
          f"{ort.__version__}, 1 thread, {a.rounds} alternated rounds of {a.runs} inferences")
    print("landmark distances: median over photos of the mean over 33 landmarks, % of torso")
    print(f"{'variant':10} {'size MB':>8} {'CPU ms':>8} {'/ fp32':>7} {'to MP':>7} "
          f"{'held out':>9} {'to fp32':>8} {'held out':>9} {'worst':>7}")
    base = float(np.median(cpu["fp32"]))
    mp = [np.array([[p[0], p[1]] for p in r["landmarks"]]) for r in refs]
    fp32 = landmarks(sess["fp32"], crops)
    for k, s in sess.items():
        ours = landmarks(s, crops)
        e, d = errors(ours, mp, refs), errors(ours, fp32, refs)
        ms = float(np.median(cpu[k]))
        print(f"{k:10} {os.path.getsize(v[k]) / 1e6:8.2f} {ms:8.2f} {ms / base:7.2f} "
              f"{np.median(e):7.3f} {np.median(e[1::2]):9.3f} {np.median(d):8.3f} "
              f"{np.median(d[1::2]):9.3f} {max(d):7.2f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["build", "check"])
    p.add_argument("--photos", required=True, help="the real photos (../shared/data/real)")
    p.add_argument("--out", default=os.path.join(MODELS, ".build", "quant"))
    p.add_argument("--model", default="full", choices=["lite", "full"])
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--runs", type=int, default=20)
    a = p.parse_args()
    {"build": cmd_build, "check": cmd_check}[a.command](a)


if __name__ == "__main__":
    main()
