#!/usr/bin/env bash
# The browser build's speed against the desktop's, measured in one run on this machine with
# the load beside (issue 30; results in benches/RESULTS.md, "The browser build"):
#   - the landmark model's time per frame: native ONNX Runtime (`formcheck bench` on a shared
#     clip, 1 and 2 threads) and onnxruntime-web in headless Chromium coaching the same clip
#     from its fake camera, cross-origin isolated (2 threads) and not (1 thread);
#   - the time from opening the page to the first pose;
#   - the coached frame rate from a 30 fps camera with the adaptive pose rate.
#
#   bash benches/web.sh            # needs ../shared/data/video, chromium, node (bash .ci/web)
set -euo pipefail
cd "$(dirname "$0")/.."
clip=glute_bridge_03
video=../shared/data/video/$clip.mp4
w=target/web-bench
mkdir -p "$w"
[ -f target/web/index.html ] || bash .ci/web
cargo build --release --quiet
secs=$(awk -F'\t' -v f="$clip.mp4" '$1 == f { print $7 }' ../shared/data/video/MANIFEST.tsv)
source .ci/y4m.sh
to_y4m "$video" "$w/$clip.y4m"
serve=target/serve/release/formcheck-serve
[ -x "$serve" ] || cargo build --quiet --release --locked --manifest-path web/serve/Cargo.toml --target-dir target/serve
source .ci/serve.sh
iso= plain=
trap 'kill $iso $plain 2>/dev/null || true' EXIT
serve_site 8711 "$w/serve-iso.log" && iso=$served
serve_site 8712 "$w/serve-plain.log" --no-isolation && plain=$served
[ -n "$iso" ] && [ -n "$plain" ] || { echo "bench: the site's servers did not start (see above)"; exit 1; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for model in lite full; do
    for t in 1 2; do
        target/release/formcheck bench --source "$video" --model "$model" --threads "$t" --frames 150 2>&1 |
            awk -v m="$model" -v t="$t" '/landmark_infer/ { print "native " m ", " t " thread(s): landmark model p50 " $4 " ms" }'
    done
    for mode in iso plain; do
        port=$([ $mode = iso ] && echo 8711 || echo 8712)
        node web/test/coach.mjs "http://127.0.0.1:$port/simple.html?exercise=bridge&mute&model=$model" \
            "$w/$clip.y4m" "$(python3 -c "print($secs + 1)")" "$w/live-$model-$mode.png" >"$w/$model-$mode.json"
        python3 - "$w/$model-$mode.json" "$model" "$secs" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); s = r["stats"]; secs = float(sys.argv[3]) + 1
print(f"browser {sys.argv[2]}, {s['threads']} thread(s) (isolated {s['isolated']}): landmark model p50 "
      f"{s['landmark_p50_ms']:.1f} ms; first pose {s['first_pose_ms']:.0f} ms after opening; "
      f"{s['frames'] / secs:.1f} frames/s coached from a 30 fps camera ({s['landmark_runs']} model runs, "
      f"{s['held']} frames held)")
PY
    done
done
# The app's own screens (index.html: egui on a WebGL2 canvas), full model, isolated: the same
# clip after 12 s of its first picture (the desktop's 10 s to get into position), so the
# frame rate also pays for drawing the screens — in software here (SwiftShader: headless
# Chromium has no GPU), as a computer without a graphics driver would.
to_y4m "$video" "$w/$clip-ready.y4m" "" 12
for size in 1024x600 1280x720; do
    node web/test/shell.mjs "http://127.0.0.1:8711/?exercise=bridge&mute" "$w/$clip-ready.y4m" \
        "$(python3 -c "print(12 + $secs + 1)")" "$w/app-$size" "$size" >"$w/app-$size.json"
    python3 - "$w/app-$size.json" "$size" "$secs" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); s = r["stats"]; secs = 12 + float(sys.argv[3]) + 1
print(f"browser app screens at {sys.argv[2]}, full, {s['threads']} thread(s): {s['frames'] / secs:.1f} frames/s "
      f"coached ({s['landmark_runs']} model runs, {s['held']} held); first pose {s['first_pose_ms']:.0f} ms after opening")
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
