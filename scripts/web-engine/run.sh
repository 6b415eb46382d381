#!/usr/bin/env bash
# Which inference engine for the browser build: the landmark model (full) one frame at a time,
# measured in one run on this machine — ONNX Runtime native (formcheck bench), tract native,
# and onnxruntime-web's WASM backend in headless Chromium with 1 and 2 threads (cross-origin
# isolated, as threads need) — with the load beside. Results: benches/RESULTS.md.
# Needs node/npm and chromium; installs its npm packages into target/web-engine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/scripts/web-engine"
w="$root/target/web-engine"
mkdir -p "$w"
cp "$here/package.json" "$here/ortbench.html" "$here/serve.py" "$here/drive.mjs" "$w/"
cp "$root/models/pose_landmark_full.onnx" "$root/models/pose_landmark_lite.onnx" "$w/"
(cd "$w" && npm install --no-audit --no-fund --silent)
cargo build --release --quiet --manifest-path "$here/tract/Cargo.toml" --example native \
  --target-dir "$w/tract-target"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
(cd "$w" && exec python3 serve.py 8701 iso) & iso=$!
(cd "$w" && exec python3 serve.py 8702 plain) & plain=$!
trap 'kill $iso $plain 2>/dev/null' EXIT
sleep 1
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in 1 2; do
  "$root/target/release/formcheck" bench --threads $t --frames 60 --model full 2>&1 |
    awk -v t=$t '/landmark_infer/ {print "ort native, " t " thread(s): landmark p50 " $4 " ms, mean " $3 " ms"}'
done
"$w/tract-target/release/examples/native" "$w/pose_landmark_full.onnx" 20
for t in 1 2; do
  (cd "$w" && node drive.mjs "http://127.0.0.1:8701/ortbench.html?threads=$t&n=30")
done
(cd "$w" && node drive.mjs "http://127.0.0.1:8702/ortbench.html?threads=1&n=30")
(cd "$w" && node drive.mjs "http://127.0.0.1:8701/ortbench.html?threads=1&n=30&model=pose_landmark_lite.onnx")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
