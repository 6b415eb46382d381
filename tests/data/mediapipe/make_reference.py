#!/usr/bin/env python3
"""Generate MediaPipe (legacy mp.solutions.pose, 0.10.14) reference outputs.

Run via make_reference.sh (which sets up the venv).  Paths are relative to the
repo root (/work/main), the shared data lives next to it in ../shared.

Outputs (in tests/data/mediapipe/):
  real_photos_full.json  static-image mode, model_complexity=1, every photo
  video_full.json        video mode (tracking + smoothing), every clip

Image decoding: photos are decoded with Pillow and converted to RGB *without*
applying EXIF orientation (matches the Rust `image` crate default); the script
prints a warning for any photo with a non-trivial EXIF orientation tag.
Video frames are decoded with ffmpeg (rgb24 rawvideo over a pipe, native rate,
-vsync passthrough so no frames are duplicated/dropped).

Note on timestamps: the legacy SolutionBase feeds frames with a *simulated*
timestamp that increases by 33333 us per process() call, whatever the real fps
is. The landmark smoothing filter (one-euro) therefore always sees 30 fps.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
from PIL import Image
import mediapipe as mp

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PHOTO_DIR = os.path.join(REPO, "..", "shared", "data", "real")
VIDEO_DIR = os.path.join(REPO, "..", "shared", "data", "video")

PHOTO_OUT = os.path.join(HERE, "real_photos_full.json")
VIDEO_OUT = os.path.join(HERE, "video_full.json")
VIDEO_MAX_BYTES = 5 * 1024 * 1024

mp_pose = mp.solutions.pose


def r(v, nd):
    return round(float(v), nd)


def list_photos():
    out = []
    for root, _dirs, files in os.walk(PHOTO_DIR):
        for f in files:
            if f.lower().endswith((".jpg", ".jpeg", ".png")):
                out.append(os.path.relpath(os.path.join(root, f), PHOTO_DIR))
    return sorted(out)


def exif_orientation(img):
    try:
        return img.getexif().get(0x0112, 1)
    except Exception:
        return 1


def run_photos():
    photos = []
    failed = []
    presence_seen = set()
    with mp_pose.Pose(
        static_image_mode=True,
        model_complexity=1,
        enable_segmentation=False,
        min_detection_confidence=0.5,
    ) as pose:
        for rel in list_photos():
            path = os.path.join(PHOTO_DIR, rel)
            try:
                with Image.open(path) as im:
                    orient = exif_orientation(im)
                    if orient != 1:
                        print(f"WARNING: {rel} has EXIF orientation {orient} (not applied)",
                              file=sys.stderr)
                    rgb = np.ascontiguousarray(np.asarray(im.convert("RGB")))
            except Exception as e:  # noqa: BLE001
                print(f"ERROR: could not decode {rel}: {e}", file=sys.stderr)
                failed.append(rel)
                photos.append({"file": rel.replace(os.sep, "/"), "width": None,
                               "height": None, "found": False, "decode_error": str(e),
                               "landmarks": [], "world_landmarks": []})
                continue
            h, w = rgb.shape[:2]
            res = pose.process(rgb)
            entry = {"file": rel.replace(os.sep, "/"), "width": w, "height": h,
                     "found": res.pose_landmarks is not None,
                     "landmarks": [], "world_landmarks": []}
            if res.pose_landmarks is not None:
                for lm in res.pose_landmarks.landmark:
                    has_p = lm.HasField("presence")
                    presence_seen.add(has_p)
                    entry["landmarks"].append([
                        r(lm.x * w, 2), r(lm.y * h, 2), r(lm.z, 4),
                        r(lm.visibility, 4),
                        r(lm.presence, 4) if has_p else None,
                    ])
            if res.pose_world_landmarks is not None:
                for lm in res.pose_world_landmarks.landmark:
                    entry["world_landmarks"].append([r(lm.x, 4), r(lm.y, 4), r(lm.z, 4)])
            photos.append(entry)
            print(f"{rel}: {w}x{h} found={entry['found']}", file=sys.stderr)

    doc = {
        "generator": "mediapipe 0.10.14 mp.solutions.pose, static_image_mode, "
                     "model_complexity=1 (full), min_detection_confidence=0.5",
        "decoder": "Pillow, convert('RGB'), EXIF orientation NOT applied",
        "landmark_columns": ["x_px", "y_px", "z", "visibility", "presence"],
        "world_landmark_columns": ["x_m", "y_m", "z_m"],
        "presence_available": (True in presence_seen),
        "photos": photos,
    }
    with open(PHOTO_OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    n_found = sum(p["found"] for p in photos)
    print(f"photos: {len(photos)} total, {n_found} with pose, {len(failed)} decode failures; "
          f"presence field seen: {sorted(presence_seen)}", file=sys.stderr)


def probe(path):
    out = subprocess.check_output([
        "ffprobe", "-v", "error", "-select_streams", "v:0",
        "-show_entries", "stream=width,height,r_frame_rate,avg_frame_rate,nb_frames",
        "-of", "json", path])
    s = json.loads(out)["streams"][0]
    num, den = s["avg_frame_rate"].split("/")
    fps = float(num) / float(den) if float(den) else None
    return int(s["width"]), int(s["height"]), fps, s.get("nb_frames")


def decode_video(path):
    """Yield RGB frames (H, W, 3) uint8 decoded by ffmpeg at native rate."""
    w, h, _fps, _n = probe(path)
    proc = subprocess.Popen(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-map", "0:v:0",
         "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        stdout=subprocess.PIPE)
    fsize = w * h * 3
    try:
        while True:
            buf = proc.stdout.read(fsize)
            if len(buf) < fsize:
                break
            yield np.frombuffer(buf, np.uint8).reshape(h, w, 3)
    finally:
        proc.stdout.close()
        proc.wait()


def run_videos():
    """Run every clip once; return raw per-frame (x_px, y_px, visibility) floats."""
    clips = []
    vids = sorted(f for f in os.listdir(VIDEO_DIR) if f.lower().endswith(".mp4"))
    for name in vids:
        path = os.path.join(VIDEO_DIR, name)
        w, h, fps, _ = probe(path)
        frames = []
        n_pose = 0
        with mp_pose.Pose(
            static_image_mode=False,
            model_complexity=1,
            smooth_landmarks=True,
            enable_segmentation=False,
            min_detection_confidence=0.5,
            min_tracking_confidence=0.5,
        ) as pose:
            for rgb in decode_video(path):
                res = pose.process(rgb)
                if res.pose_landmarks is None:
                    frames.append(None)
                    continue
                n_pose += 1
                frames.append([(lm.x * w, lm.y * h, lm.visibility)
                               for lm in res.pose_landmarks.landmark])
        clips.append({"file": name, "width": w, "height": h,
                      "fps": round(fps, 3) if fps else None,
                      "frame_count": len(frames), "frames_with_pose": n_pose,
                      "frames": frames})
        print(f"{name}: {w}x{h} fps={fps:.3f} frames={len(frames)} with_pose={n_pose}",
              file=sys.stderr)
    return clips


def video_doc(raw_clips, integer_only=False):
    clips = []
    for c in raw_clips:
        c = dict(c)
        if integer_only:
            c["frames"] = [None if f is None else [[int(round(x)), int(round(y))] for x, y, _v in f]
                           for f in c["frames"]]
        else:
            c["frames"] = [None if f is None else [[r(x, 1), r(y, 1), r(v, 2)] for x, y, v in f]
                           for f in c["frames"]]
        clips.append(c)
    cols = ["x_px", "y_px"] if integer_only else ["x_px", "y_px", "visibility"]
    doc = {
        "generator": "mediapipe 0.10.14 mp.solutions.pose, video mode (static_image_mode=False), "
                     "model_complexity=1 (full), smooth_landmarks=True, "
                     "min_detection_confidence=0.5, min_tracking_confidence=0.5",
        "decoder": "ffmpeg rawvideo rgb24, native rate, -vsync passthrough",
        "note": "legacy API uses a simulated 33333 us timestamp step per frame "
                "(smoothing always sees 30 fps). frames[i] is null when no pose.",
        "landmark_columns": cols,
        "clips": clips,
    }
    return json.dumps(doc, separators=(",", ":")) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-photos", action="store_true")
    ap.add_argument("--skip-videos", action="store_true")
    a = ap.parse_args()
    if not a.skip_photos:
        run_photos()
    if not a.skip_videos:
        raw = run_videos()
        text = video_doc(raw)
        if len(text.encode()) >= VIDEO_MAX_BYTES:
            print(f"video_full.json would be {len(text)} bytes; using integer x,y only",
                  file=sys.stderr)
            text = video_doc(raw, integer_only=True)
        with open(VIDEO_OUT, "w") as f:
            f.write(text)
        print(f"wrote {VIDEO_OUT} ({len(text.encode())} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
