#!/usr/bin/env python3
"""Offline int8 / fp16 variants of the shipped landmark model, measured before anything ships.

Issue 15 asks whether a quantised landmark model makes watching at camera rate cheaper while
keeping the landmarks within 1.5 % of torso length (median) of MediaPipe's on the real photos.
This script answers it from the files in the repository and the real photos and clips, offline:

  build     writes, from models/pose_landmark_<m>.onnx, every variant of RECIPES into --out:
            `<m>_fp16.onnx` (float16 weights and activations, float32 I/O; onnxconverter-common)
            and static int8 models (ONNX Runtime's quantize_static, per-channel int8 weights,
            uint8 activations unless the recipe says otherwise), each keeping its own set of
            nodes in float (`keep_float`): the whole-graph recipe of the first round, then the
            ones the diagnosis below led to. `--only NAME` builds one.
  diagnose  where the int8 error comes from, in simulation (the QDQ graph run with graph
            optimisations off, so every quantise/dequantise pair stays a float rounding
            step): weights alone, activations alone, then each tensor on its own (only that
            tensor rounded, everything else float) and, with `--recipe`, each tensor left
            float out of that recipe; prints the tensors that move the landmarks most.
  check     times every variant against the float32 model (one thread, spinning off, as the
            app runs at camera rate; alternated rounds, process CPU time, ONNX Runtime's own
            int8 kernels) and measures each one's landmarks against the float32 model's and
            MediaPipe's.

The crop is the one the app reads when it tracks: a first pass of the float32 model on a
region around MediaPipe's own landmarks gives the auxiliary alignment points, and the region
they define (`roi.rs`: hip centre, twice the distance to the scale point, rotated upright,
1.25x) is cropped to 256x256 with bilinear sampling and fed to every variant alike. The
error of a picture is the mean distance over the 33 landmarks (no heatmap refinement, the
same for all variants) divided by MediaPipe's torso length (shoulder centre to hip centre),
as `tests/pose.rs`; the figure is the median over pictures. Pictures: the real photos
(`tests/data/mediapipe/real_photos_full.json`) and every 10th frame of the real clips
MediaPipe's video reference covers (`video_full.json`, its landmarks per frame). Calibration
uses the even-numbered photos and the frames of the even-numbered clips; the odd ones are
held out and reported on their own.

Needs: onnxruntime (1.30), onnx, onnxconverter-common, numpy, opencv-python-headless, pillow.

  python models/quantize.py build --photos ../shared/data/real --video ../shared/data/video
  python models/quantize.py diagnose --photos ../shared/data/real --recipe int8_tail_first
  python models/quantize.py check --photos ../shared/data/real --video ../shared/data/video
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
VIDEO_REFS = os.path.join(MODELS, "..", "tests", "data", "mediapipe", "video_full.json")
SIZE = 256
ROI_SCALE = 1.25
FRAME_STEP = 10
HEADS = ("convld_3d", "convworld_3d", "conv_poseflag")

ort.set_default_logger_severity(3)


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


def tracked_crop(img: np.ndarray, ref: dict, fp32: ort.InferenceSession):
    """The crop the tracking app would read from `img`, and its region."""
    roi = first_roi(ref)
    raw = fp32.run(None, {"input_1": crop(img, roi)})[0].reshape(-1, 5)
    aux = to_image(roi, raw[33:35, :2])
    roi = roi_from(aux[0], aux[1])
    return crop(img, roi), roi


class Pictures:
    """Crops of the real photos and clip frames with MediaPipe's landmarks, split into the
    calibration half and the held-out half."""

    def __init__(self, photos: str, video: str | None, fp32: ort.InferenceSession):
        self.items = []  # (crop, roi, MediaPipe's 33 landmarks, kind, held out)
        for i, ref in enumerate(load_refs()):
            c, roi = tracked_crop(image(photos, ref), ref, fp32)
            self.items.append((c, roi, landmarks_of(ref), "photo", i % 2 == 1))
        if video:
            with open(VIDEO_REFS) as f:
                clips = json.load(f)["clips"]
            for i, clip in enumerate(clips):
                for img, ref in clip_frames(video, clip):
                    c, roi = tracked_crop(img, ref, fp32)
                    self.items.append((c, roi, landmarks_of(ref), "frame", i % 2 == 1))

    def calibration(self) -> list[np.ndarray]:
        return [it[0] for it in self.items if not it[4]]

    def select(self, kind: str | None = None, held: bool | None = None) -> list[int]:
        return [i for i, it in enumerate(self.items)
                if (kind is None or it[3] == kind) and (held is None or it[4] == held)]


def landmarks_of(ref: dict) -> np.ndarray:
    return np.array([[p[0], p[1]] for p in ref["landmarks"]], dtype=np.float64)


def clip_frames(video: str, clip: dict):
    """Every FRAME_STEP-th frame of a clip MediaPipe found a person in, with its landmarks."""
    cap = cv2.VideoCapture(os.path.join(video, clip["file"]))
    i = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        if i % FRAME_STEP == 0 and i < len(clip["frames"]) and clip["frames"][i]:
            yield cv2.cvtColor(frame, cv2.COLOR_BGR2RGB), {"landmarks": clip["frames"][i]}
        i += 1
    cap.release()


def session(path: str, optimise: bool = True) -> ort.InferenceSession:
    o = ort.SessionOptions()
    o.intra_op_num_threads = 1
    o.inter_op_num_threads = 1
    o.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if not optimise:
        o.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(path, o, providers=["CPUExecutionProvider"])


def torso(lm: np.ndarray) -> float:
    s = (lm[11] + lm[12]) / 2
    h = (lm[23] + lm[24]) / 2
    return float(np.hypot(*(s - h)))


def landmarks(sess, pics: Pictures, idx: list[int]) -> list[np.ndarray]:
    """Per picture: the 33 landmarks in image pixels."""
    out = []
    for i in idx:
        x, roi = pics.items[i][0], pics.items[i][1]
        out.append(to_image(roi, sess.run(None, {"input_1": x})[0].reshape(-1, 5)[:33, :2]))
    return out


def errors(ours: list[np.ndarray], theirs: list[np.ndarray], mp: list[np.ndarray]) -> np.ndarray:
    """Per picture: mean landmark distance in % of MediaPipe's torso length."""
    return np.array([100.0 * float(np.mean(np.hypot(*(a - b).T))) / torso(m)
                     for a, b, m in zip(ours, theirs, mp)])


# ---------------------------------------------------------------- recipes

class Graph:
    """The pre-processed float model's nodes with their output shapes, to name node sets."""

    def __init__(self, path: str):
        m = onnx.shape_inference.infer_shapes(onnx.load(path))
        self.nodes = list(m.graph.node)
        vi = list(m.graph.value_info) + list(m.graph.output)
        self.shape = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim] for v in vi}
        self.consumers = {}
        for n in self.nodes:
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)
        # The heatmap branch starts at the first node reading the trunk after the heads.
        self.heatmap_from = next(i for i, n in enumerate(self.nodes)
                                 if n.op_type == "Sigmoid") + 1

    def side(self, n) -> int:
        """The spatial side of a node's output (0: not a feature map, e.g. the heads)."""
        s = self.shape.get(n.output[0])
        return s[2] if s and len(s) == 4 else 0

    def heads(self) -> list[str]:
        return [n.name for n in self.nodes
                if any(h in n.name for h in HEADS) or n.name.startswith("Identity")]

    def tail(self) -> list[str]:
        """The regression trunk from 4x4 down and its three heads (2.5 % of the MACs)."""
        return [n.name for n in self.nodes if self.side(n) <= 4]

    def first(self) -> list[str]:
        """The first convolution and the first depthwise one (128x128, 4 % of the MACs)."""
        convs = [n for n in self.nodes if n.op_type == "Conv"]
        return [convs[0].name, convs[1].name]

    def linear(self) -> list[str]:
        """The projection convolutions (no ReLU6 after them) and the residual adds."""
        out = [n.name for n in self.nodes if n.op_type == "Add"]
        return out + [n.name for n in self.nodes if n.op_type == "Conv" and not any(
            c.op_type == "Clip" for c in self.consumers.get(n.output[0], []))]

    def stage(self, side: int) -> list[str]:
        return [n.name for i, n in enumerate(self.nodes)
                if self.side(n) == side and i < self.heatmap_from]


def recipes():
    """name -> (nodes kept float, quantize_static keyword arguments)."""
    from onnxruntime.quantization import CalibrationMethod, QuantType
    pct = {"calibrate_method": CalibrationMethod.Percentile,
           "extra_options": {"CalibPercentile": 99.999}}
    tf = lambda g: g.tail() + g.first()  # noqa: E731
    return {
        "int8_all": (lambda g: [], {}),
        "int8_all_entropy": (lambda g: [], {"calibrate_method": CalibrationMethod.Entropy}),
        "int8_all_symmetric": (lambda g: [], {"activation_type": QuantType.QInt8,
                                              "extra_options": {"ActivationSymmetric": True}}),
        "int8_all_per_tensor": (lambda g: [], {"per_channel": False}),
        "int8_heads": (lambda g: g.heads(), {}),
        "int8_linear": (lambda g: g.heads() + g.linear(), {}),
        "int8_tail": (lambda g: g.tail(), {}),
        "int8_tail_first": (tf, {}),
        "int8_tail_first_pct": (tf, pct),
        "int8_tail_first_linear": (lambda g: tf(g) + g.linear(), {}),
        "int8_tail_first_8": (lambda g: tf(g) + g.stage(8), {}),
        "int8_tail_first_16": (lambda g: tf(g) + g.stage(16), {}),
        "int8_tail_first_32": (lambda g: tf(g) + g.stage(32), {}),
        "int8_tail_first_64": (lambda g: tf(g) + g.stage(64), {}),
    }


def variants(out: str, model: str) -> dict[str, str]:
    v = {"fp32": os.path.join(MODELS, f"pose_landmark_{model}.onnx"),
         "fp16": os.path.join(out, f"{model}_fp16.onnx")}
    for k in recipes():
        v[k] = os.path.join(out, f"{model}_{k}.onnx")
    return v


def preprocessed(a) -> str:
    from onnxruntime.quantization.shape_inference import quant_pre_process
    pre = os.path.join(a.out, f"{a.model}_pre.onnx")
    if not os.path.exists(pre):
        os.makedirs(a.out, exist_ok=True)
        quant_pre_process(variants(a.out, a.model)["fp32"], pre, skip_symbolic_shape=True)
    return pre


def quantize(pre: str, out: str, cal: list[np.ndarray], keep_float: list[str], extra=None,
             **kw):
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                          quantize_static)

    class Crops(CalibrationDataReader):
        def __init__(self):
            self.it = iter(cal)

        def get_next(self):
            c = next(self.it, None)
            return None if c is None else {"input_1": c}

    args = dict(quant_format=QuantFormat.QDQ, per_channel=True,
                activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    args.update(kw)
    options = dict(args.pop("extra_options", {}))
    options.update(extra or {})
    quantize_static(pre, out, Crops(), nodes_to_exclude=keep_float, extra_options=options,
                    **args)


def cmd_build(a):
    v = variants(a.out, a.model)
    fp32 = session(v["fp32"])
    pics = Pictures(a.photos, a.video, fp32)
    cal = pics.calibration()
    pre = preprocessed(a)
    g = Graph(pre)
    for key, (keep, kw) in recipes().items():
        if a.only and key != a.only:
            continue
        quantize(pre, v[key], cal, keep(g), **kw)
        print(f"wrote {v[key]} ({len(keep(g))} of {len(g.nodes)} nodes float; calibrated "
              f"on {len(cal)} crops)", flush=True)
    if not a.only or a.only == "fp16":
        from onnxconverter_common import float16
        m16 = float16.convert_float_to_float16(onnx.load(v["fp32"]), keep_io_types=True)
        onnx.save(m16, v["fp16"])
        print(f"wrote {v['fp16']}")


# ---------------------------------------------------------------- diagnosis

def qdq_parts(m):
    """The QDQ graph's rounding steps: activation tensor -> (Q node, its DQ nodes), and the
    DQ nodes of the weights and biases."""
    init = {i.name for i in m.graph.initializer}
    prod = {o: n for n in m.graph.node for o in n.output}
    act, weights = {}, []
    for n in m.graph.node:
        if n.op_type != "DequantizeLinear":
            continue
        p = prod.get(n.input[0])
        if p is not None and p.op_type == "QuantizeLinear":
            act.setdefault(p.input[0], (p, []))[1].append(n)
        elif n.input[0] in init:
            weights.append(n)
    return act, weights


def unround(qpath: str, floats: dict, act_kept, weight_kept):
    """The QDQ model with every rounding step for which the predicate is false removed:
    an activation passes through unrounded, a weight is the float32 original again."""
    m = onnx.load(qpath)
    act, weights = qdq_parts(m)
    outs = {o.name for o in m.graph.output}
    rename, drop, new = {}, set(), []
    for t, (qn, dqs) in act.items():
        if act_kept(t) or any(d.output[0] in outs for d in dqs):
            continue
        drop.add(qn.name)
        for d in dqs:
            drop.add(d.name)
            rename[d.output[0]] = t
    for d in weights:
        if weight_kept(d.input[0]):
            continue
        original = floats[d.input[0].removesuffix("_quantized")]
        new.append(onnx.numpy_helper.from_array(original, d.output[0]))
        drop.add(d.name)
    nodes = [n for n in m.graph.node if n.name not in drop]
    for n in nodes:
        for i, x in enumerate(n.input):
            while x in rename:
                x = rename[x]
            n.input[i] = x
    del m.graph.node[:]
    m.graph.node.extend(nodes)
    m.graph.initializer.extend(new)
    return m


def cmd_diagnose(a):
    v = variants(a.out, a.model)
    fp32 = session(v["fp32"])
    pics = Pictures(a.photos, a.video, fp32)
    pre = preprocessed(a)
    g = Graph(pre)
    keep, kw = recipes()[a.recipe]
    qpath = os.path.join(a.out, f"{a.model}_{a.recipe}_sim.onnx")
    # ReLU6 stays a node of its own, so that unrounding its input keeps the clamp.
    quantize(pre, qpath, pics.calibration(), keep(g),
             extra={"QDQKeepRemovableActivations": True}, **kw)
    floats = {i.name: onnx.numpy_helper.to_array(i) for i in onnx.load(pre).graph.initializer}
    act, weights = qdq_parts(onnx.load(qpath))
    idx = pics.select(kind="photo")[::a.every]
    mp = [pics.items[i][2] for i in idx]
    ref = landmarks(fp32, pics, idx)
    tmp = os.path.join(a.out, "diagnose_tmp.onnx")

    def distance(model) -> float:
        onnx.save(model, tmp)
        return float(np.median(errors(landmarks(session(tmp, False), pics, idx), ref, mp)))

    every = lambda _: True  # noqa: E731
    none = lambda _: False  # noqa: E731
    whole = distance(unround(qpath, floats, every, every))
    print(f"recipe {a.recipe}, simulated, {len(idx)} photos; median distance to fp32's "
          f"landmarks, % torso: all rounded {whole:.3f}; weights only "
          f"{distance(unround(qpath, floats, none, every)):.3f}; activations only "
          f"{distance(unround(qpath, floats, every, none)):.3f}", flush=True)
    alone, left = {}, {}
    for w in weights:
        name = w.input[0]
        alone[name] = distance(unround(qpath, floats, none, lambda x, n=name: x == n))
        left[name] = whole - distance(unround(qpath, floats, every, lambda x, n=name: x != n))
    for t in act:
        alone[t] = distance(unround(qpath, floats, lambda x, n=t: x == n, none))
        left[t] = whole - distance(unround(qpath, floats, lambda x, n=t: x != n, every))
    side = {}
    for n in g.nodes:  # a tensor's side, a weight's: its convolution's output side
        for t in list(n.output) + [f"{w}_quantized" for w in n.input[1:]]:
            side.setdefault(t, g.side(n))
    for title, d in (("only this one rounded", alone), ("gain when this one is float", left)):
        print(f"{title} (tensor, side of its feature map, % torso):")
        for k, e in sorted(d.items(), key=lambda kv: -kv[1])[:a.top]:
            print(f"  {k:22} {side.get(k, '-'):>4} {e:7.3f}")


# ---------------------------------------------------------------- check

def cmd_check(a):
    v = variants(a.out, a.model)
    sess = {k: session(p) for k, p in v.items() if os.path.exists(p)}
    pics = Pictures(a.photos, a.video, sess["fp32"])
    timing = [pics.items[i][0] for i in pics.select(kind="photo")[:a.runs]]
    for s in sess.values():
        for x in timing[:5]:
            s.run(None, {"input_1": x})
    cpu = {k: [] for k in sess}
    load0 = os.getloadavg()
    for _ in range(a.rounds):
        for k, s in sess.items():
            t0 = time.process_time()
            for x in timing:
                s.run(None, {"input_1": x})
            cpu[k].append((time.process_time() - t0) / len(timing) * 1e3)
    load1 = os.getloadavg()
    photos, held = pics.select(kind="photo"), pics.select(kind="photo", held=True)
    frames = pics.select(kind="frame", held=True)
    print(f"load {load0[0]:.2f} -> {load1[0]:.2f}; {len(photos)} photos ({len(held)} held out), "
          f"{len(frames)} held-out clip frames; onnxruntime {ort.__version__}, 1 thread, "
          f"{a.rounds} alternated rounds of {len(timing)} inferences")
    print("distances: median over pictures of the mean over 33 landmarks, % of torso")
    print(f"{'variant':24} {'MB':>5} {'CPU ms':>7} {'/fp32':>6} {'to MP':>6} | to fp32: "
          f"{'photos':>6} {'held':>6} {'frames':>6} {'worst':>6}")
    base = float(np.median(cpu["fp32"]))
    everything = list(range(len(pics.items)))
    mp = [it[2] for it in pics.items]
    fp32 = landmarks(sess["fp32"], pics, everything)
    for k, s in sess.items():
        ours = landmarks(s, pics, everything)
        e, d = errors(ours, mp, mp), errors(ours, fp32, mp)
        ms = float(np.median(cpu[k]))
        print(f"{k:24} {os.path.getsize(v[k]) / 1e6:5.2f} {ms:7.2f} {ms / base:6.2f} "
              f"{np.median(e[photos]):6.3f} | {'':8} {np.median(d[photos]):6.3f} "
              f"{np.median(d[held]):6.3f} {np.median(d[frames]) if frames else 0:6.3f} "
              f"{max(d):6.2f}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["build", "diagnose", "check"])
    p.add_argument("--photos", required=True, help="the real photos (../shared/data/real)")
    p.add_argument("--video", help="the real clips (../shared/data/video): frames for "
                   "calibration and a held-out check")
    p.add_argument("--out", default=os.path.join(MODELS, ".build", "quant"))
    p.add_argument("--model", default="full", choices=["lite", "full"])
    p.add_argument("--only", help="build: this variant only")
    p.add_argument("--recipe", default="int8_all", help="diagnose: the recipe to diagnose")
    p.add_argument("--every", type=int, default=3, help="diagnose: every n-th photo")
    p.add_argument("--top", type=int, default=15, help="diagnose: tensors listed")
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--runs", type=int, default=20)
    a = p.parse_args()
    {"build": cmd_build, "diagnose": cmd_diagnose, "check": cmd_check}[a.command](a)


if __name__ == "__main__":
    main()
