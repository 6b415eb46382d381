#!/usr/bin/env bash
# Regenerate MediaPipe reference outputs (real_photos_full.json, video_full.json).
#
#   tests/data/mediapipe/make_reference.sh            # setup + photos + videos
#   tests/data/mediapipe/make_reference.sh --setup-only   # venv + models only
#   other args are passed to make_reference.py (--skip-photos / --skip-videos)
#
# Needs: python3 (3.11; mediapipe 0.10.14 has no wheels for >=3.13), ffmpeg/ffprobe,
# npm (only to fetch pose_landmark_lite/heavy.tflite for the benchmark).
# Re-runnable: the venv and the models are reused when already present.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
VENV="$HERE/.venv"          # git-ignored (see .gitignore)
NPM_DIR="$HERE/.npm"        # git-ignored scratch dir for npm pack
PY="${PYTHON:-python3}"
NPM_POSE="@mediapipe/pose@0.5.1675469404"

cd "$REPO"

# 1. venv + mediapipe
if [[ ! -x "$VENV/bin/python" ]]; then
  "$PY" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import mediapipe, numpy, PIL, sys; sys.exit(not (mediapipe.__version__ == "0.10.14" and numpy.__version__ < "2"))' 2>/dev/null; then
  "$VENV/bin/pip" install -q --upgrade pip
  # mediapipe pulls opencv-contrib-python and matplotlib (-> pillow).
  "$VENV/bin/pip" install -q "mediapipe==0.10.14" "numpy<2" pillow
fi

# 2. lite/heavy landmark models. The pip wheel only ships pose_landmark_full.tflite;
#    for model_complexity 0/2 the legacy API would download from storage.googleapis.com
#    (no network here), so copy them from the npm package instead. Its
#    pose_landmark_full.tflite is byte-identical to the wheel's.
MP_DIR="$("$VENV/bin/python" -c 'import mediapipe, os; print(os.path.dirname(mediapipe.__file__))')"
LM_DIR="$MP_DIR/modules/pose_landmark"
if [[ ! -f "$LM_DIR/pose_landmark_lite.tflite" || ! -f "$LM_DIR/pose_landmark_heavy.tflite" ]]; then
  mkdir -p "$NPM_DIR"
  (
    cd "$NPM_DIR"
    tgz="$(npm pack --silent "$NPM_POSE" | tail -n1)"
    rm -rf package
    tar xzf "$tgz" package/pose_landmark_lite.tflite package/pose_landmark_heavy.tflite package/pose_landmark_full.tflite
  )
  if ! cmp -s "$NPM_DIR/package/pose_landmark_full.tflite" "$LM_DIR/pose_landmark_full.tflite"; then
    echo "WARNING: npm pose_landmark_full.tflite differs from the wheel's; lite/heavy may not match 0.10.14" >&2
  fi
  cp -n "$NPM_DIR/package/pose_landmark_lite.tflite" "$LM_DIR/"
  cp -n "$NPM_DIR/package/pose_landmark_heavy.tflite" "$LM_DIR/"
fi
sha256sum "$LM_DIR"/pose_landmark_*.tflite

if [[ "${1:-}" == "--setup-only" ]]; then
  exit 0
fi

# 3. reference outputs
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || { echo "ffmpeg/ffprobe required" >&2; exit 1; }
"$VENV/bin/python" "$HERE/make_reference.py" "$@"
ls -l "$HERE"/*.json
