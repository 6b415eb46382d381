#!/usr/bin/env bash
# Build the BlazePose ONNX models used by formcheck from the official MediaPipe
# npm package. Safe to re-run; all scratch state lives in models/.build/.
#
# Outputs (in models/): pose_detection.onnx, pose_landmark_{lite,full,heavy}.onnx,
# manifest.toml, PROVENANCE.md, LICENSE-mediapipe.txt
#
# Needs: python3 (3.11), npm, network access to PyPI and the npm registry.
# Env: PYTHON (default python3), FORCE_VENV=1 to rebuild the venv,
#      CHECK_PHOTOS=<dir> optional folder of real photos: 4 of them are added to
#      the TFLite-vs-ONNX numeric check (recorded in PROVENANCE.md).
set -euo pipefail

MODELS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$MODELS_DIR/.build"
VENV="$BUILD/venv"
PYTHON="${PYTHON:-python3}"

PKG="@mediapipe/pose"
PKG_VERSION="0.5.1675469404"
TGZ="$BUILD/mediapipe-pose-$PKG_VERSION.tgz"
# npm registry integrity of the tarball (pinned; the build fails if it changes)
PKG_INTEGRITY="sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ=="

REQS="$MODELS_DIR/requirements-build.txt"

log() { printf '[build_models] %s\n' "$*"; }
START=$(date +%s)

mkdir -p "$BUILD"

# ---------------------------------------------------------------- venv
# Single-job installs (shared machine): no parallel builds, wheels only.
REQ_HASH=$(sha256sum "$REQS" | cut -d' ' -f1)
STAMP="$VENV/.formcheck-reqs-$REQ_HASH"
if [[ "${FORCE_VENV:-0}" == 1 || ! -f "$STAMP" ]]; then
    log "creating venv $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --progress-bar off --only-binary=:all: -r "$REQS"
    touch "$STAMP"
else
    log "venv up to date ($VENV)"
fi
PY="$VENV/bin/python"

# ---------------------------------------------------------------- npm package
tgz_integrity() {
    "$PY" - "$1" <<'EOF'
import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())
EOF
}
if [[ -f "$TGZ" && "$(tgz_integrity "$TGZ")" == "$PKG_INTEGRITY" ]]; then
    log "using cached $TGZ"
else
    log "npm pack $PKG@$PKG_VERSION"
    rm -f "$TGZ"
    (cd "$BUILD" && npm pack --silent "$PKG@$PKG_VERSION" >/dev/null)
    got=$(tgz_integrity "$TGZ")
    if [[ "$got" != "$PKG_INTEGRITY" ]]; then
        echo "integrity mismatch for $TGZ: got $got, want $PKG_INTEGRITY" >&2
        exit 1
    fi
fi
rm -rf "$BUILD/package"
tar -xzf "$TGZ" -C "$BUILD"
chmod -R u+rwX "$BUILD/package"   # the tarball has read-only modes; keeps re-runs able to rm -rf

# ---------------------------------------------------------------- convert
export TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=0 PYTHONHASHSEED=0
export OMP_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
"$PY" "$MODELS_DIR/convert.py" all \
    --pkg "$BUILD/package" --build "$BUILD" --out "$MODELS_DIR" --tgz "$TGZ" \
    --photos "${CHECK_PHOTOS:-}"

log "done in $(( $(date +%s) - START )) s"
ls -l "$MODELS_DIR"/*.onnx "$MODELS_DIR"/manifest.toml "$MODELS_DIR"/PROVENANCE.md "$MODELS_DIR"/LICENSE-mediapipe.txt
