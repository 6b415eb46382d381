#!/usr/bin/env bash
# Capture-to-overlay latency of the real app (issue 15): runs `formcheck run` under Xvfb on a
# real clip, the release build, and prints the p50 / p95 / max of the app's own figure.
#
#   bash scripts/latency.sh [CLIP] [EXERCISE] [SECONDS]
#       default: ../shared/data/video/childs_pose_01.mp4 childs_pose 25
#
# The figure is the app's: the time from the capture thread taking a frame from the source to
# the window's thread receiving that frame's result to draw it with its skeleton (the status
# bar's "latency", which shows a running average). With `--log formcheck::ui::live=debug` the
# app logs every frame's figure (`capture_to_overlay_ms`); this script reads those lines,
# leaves out the first 3 s (model loading, the window's first frames) and summarises the rest.
# The app is stopped with SIGTERM after SECONDS (or ends when the clip does).
#
# Env: FORMCHECK_BIN (default target/release/formcheck), DISPLAY (an X server to use; without
# it the script starts its own with xvfb-run -a), MODEL (default full). The app runs with
# scratch FORMCHECK_CONFIG_DIR and FORMCHECK_DATA_DIR (no session is left behind).
set -euo pipefail
cd "$(dirname "$0")/.."

clip="${1:-../shared/data/video/childs_pose_01.mp4}"
exercise="${2:-childs_pose}"
secs="${3:-25}"
model="${MODEL:-full}"
bin="${FORMCHECK_BIN:-target/release/formcheck}"
[ -x "$bin" ] || { echo "latency: no formcheck binary at $bin (cargo build --release)" >&2; exit 1; }
[ -f "$clip" ] || { echo "latency: $clip is absent" >&2; exit 1; }
work="$(mktemp -d /tmp/formcheck-latency.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config" "$work/data"
# Safety screen acknowledged, so the run goes straight to the live view.
printf 'safety_acknowledged = true\n' > "$work/config/settings.toml"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
export RUST_LOG="warn,formcheck::ui::live=debug"
cmd=("$bin" run --source "$clip" --exercise "$exercise" --model "$model" --mute
  --log "warn,formcheck::ui::live=debug")
if [ -n "${DISPLAY:-}" ]; then
  FORMCHECK_CONFIG_DIR="$work/config" FORMCHECK_DATA_DIR="$work/data" \
    "${cmd[@]}" > "$work/app.log" 2>&1 &
else
  command -v xvfb-run > /dev/null || { echo "latency: no DISPLAY and no xvfb-run" >&2; exit 1; }
  FORMCHECK_CONFIG_DIR="$work/config" FORMCHECK_DATA_DIR="$work/data" \
    xvfb-run -a -s "-screen 0 1024x600x24" "${cmd[@]}" > "$work/app.log" 2>&1 &
fi
runner=$!
sleep "$secs"
# The app itself (xvfb-run's child when it started the server), by its exact command line.
pid=$(pgrep -n -f "^$bin run --source $clip" || true)
[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
wait "$runner" 2>/dev/null || true
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work/app.log" "$clip" "$model" "$load_before" "$load_after" <<'PY'
import re, sys
from datetime import datetime

log, clip, model, before, after = sys.argv[1:]
rows = []
for line in open(log, errors="replace"):
    line = re.sub(r"\x1b\[[0-9;]*m", "", line)
    m = re.search(r"capture_to_overlay_ms (\d+(?:\.\d+)?)", line)
    t = re.match(r"\s*(\S+Z)", line)
    if m and t:
        rows.append((datetime.fromisoformat(t.group(1).replace("Z", "+00:00")), float(m.group(1))))
if not rows:
    sys.exit(f"latency: the app logged no frame ({log}):\n" + open(log, errors="replace").read()[-2000:])
start = rows[0][0]
ms = sorted(v for t, v in rows if (t - start).total_seconds() >= 3.0)
if not ms:
    sys.exit("latency: the app showed frames for less than 3 s")
q = lambda f: ms[min(len(ms) - 1, int(round(f * (len(ms) - 1))))]
span = (rows[-1][0] - start).total_seconds()
print(f"clip {clip} · model {model} · load {before} -> {after}")
print(f"frames shown {len(rows)} in {span:.1f} s ({len(rows) / max(span, 1e-9):.1f} fps); "
      f"measured {len(ms)} after the first 3 s")
print(f"capture-to-overlay  p50 {q(0.5):.1f} ms · p95 {q(0.95):.1f} ms · max {ms[-1]:.1f} ms")
PY
