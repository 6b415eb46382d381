#!/usr/bin/env bash
# Soak test (not a unit test): long runs on real footage, with resident memory sampled every
# 10 s, to show that memory stays flat after warm-up, that the time per frame does not drift
# and that nothing is lost on the way.
#
#   bash scripts/soak.sh [analyze|app|both] [minutes]      # default: both, 30 (analyze) / 10 (app)
#
# Both runs use a scratch copy of the content in which the bridge's dose is 100000 reps, so
# the coach never stops counting (with the real dose of 10 it says "done" after 10 reps and
# a long run would count nothing more); every loop of the clip then has its 3 reps to find.
#
# analyze: loops a real clip (../shared/data/video/glute_bridge_01.mp4, 3 bridges in 11.5 s)
#          into a video of MINUTES minutes and runs `formcheck analyze --exercise bridge --json
#          --trace` on it. Prints RSS over time and its growth after warm-up, the time per frame
#          in the first and the last minutes (from the trace rows written as it goes), and the
#          reps counted against 3 per loop.
# app:     runs the real app (`formcheck run`) under Xvfb on the same clip looped, for MINUTES
#          minutes, then stops it with SIGTERM. Prints RSS over time and its growth, the frame
#          rate and capture-to-overlay latency the app logs every 10 s (first vs last minutes),
#          and the reps: the coach's own counter (last logged), the rep records in the session
#          file, its exercise_end tally and end record, and 3 per loop played.
#
# FORMCHECK_BIN picks the binary (default: target/release/formcheck, else target/debug/formcheck).
# Needs ffmpeg, and xvfb-run for the app part (`bash .ci/setup --test` installs both).
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-both}"
minutes="${2:-}"
clip="../shared/data/video/glute_bridge_01.mp4"
reps_per_loop=3
bin="${FORMCHECK_BIN:-}"
if [ -z "$bin" ]; then
  if [ -x target/release/formcheck ]; then bin=target/release/formcheck; else bin=target/debug/formcheck; fi
fi
[ -x "$bin" ] || { echo "soak: no formcheck binary at $bin (cargo build --release)"; exit 1; }
[ -f "$clip" ] || { echo "soak: $clip is absent"; exit 1; }
work="$(mktemp -d /tmp/formcheck-soak.XXXXXX)"
echo "soak: binary $bin, scratch $work, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

# The content with the bridge's dose raised (see above).
cp -r "${FORMCHECK_CONTENT:-content}" "$work/content"
python3 - "$work/content/bridge.toml" <<'PY'
import re, sys
p = sys.argv[1]
text = open(p).read()
text, n = re.subn(r"(?m)^reps = \d+", "reps = 100000", text, count=1)
assert n == 1, "no dose reps in bridge.toml"
open(p, "w").write(text)
PY
export FORMCHECK_CONTENT="$work/content"

clip_secs=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$clip")

# long_video MINUTES OUT: the clip looped (stream copy, continuous timestamps); prints the loops.
long_video() {
  local mins="$1" out="$2" loops
  loops=$(python3 -c "import math;print(math.ceil($mins*60/$clip_secs))")
  ffmpeg -nostdin -v error -y -stream_loop "$((loops - 1))" -i "$clip" -c copy "$out"
  echo "$loops"
}

# sample PID LABEL [FILE]: every 10 s while PID lives, "t_s rss_mib lines" into $work/LABEL.rss
# (lines: how many lines FILE has, when given and present).
sample() {
  local pid="$1" label="$2" file="${3:-}" t=0 rss lines
  : > "$work/$label.rss"
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status" 2>/dev/null || true)
    lines=0
    if [ -n "$file" ] && [ -f "$file" ]; then lines=$(wc -l < "$file"); fi
    [ -n "$rss" ] && echo "$t $rss $lines" >> "$work/$label.rss"
    sleep 10
    t=$((t + 10))
  done
}

# report_rss LABEL: RSS every minute, and its growth from the 1-minute mark to the end.
report_rss() {
  python3 - "$work/$1.rss" "$1" <<'PY'
import sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if not rows:
    print(f"{sys.argv[2]}: no RSS samples"); sys.exit()
print(f"{sys.argv[2]}: resident memory (MiB) every minute")
for t, r, *_ in rows:
    if int(t) % 60 == 0:
        print(f"  {t/60:5.1f} min  {r:7.1f}")
warm = [r for t, r, *_ in rows if t >= 60] or [rows[-1][1]]
print(f"  after warm-up (1 min): first {warm[0]:.1f}, last {warm[-1]:.1f}, max {max(warm):.1f} MiB; "
      f"growth {warm[-1]-warm[0]:+.1f} MiB over {(rows[-1][0]-60)/60:.1f} min")
PY
}

soak_analyze() {
  local mins="${minutes:-30}" video="$work/long.mp4" loops start end
  loops=$(long_video "$mins" "$video")
  echo "analyze: $video, $loops loops of $clip (~$mins min)"
  start=$(date +%s)
  "$bin" analyze "$video" --exercise bridge --json --trace "$work/trace.csv" \
    > "$work/analyze.json" 2> "$work/analyze.err" &
  local pid=$!
  # The trace is written as the video is read, into a part file until the end.
  sample "$pid" analyze "$work/.trace.csv.bridge.part"
  wait "$pid" || echo "analyze exited with $?"
  end=$(date +%s)
  report_rss analyze
  python3 - "$work/analyze.json" "$work/analyze.rss" "$loops" "$reps_per_loop" "$((end - start))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rows = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
loops, per, wall = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"analyze: {r['frames']} frames in {wall} s ({r['frames']/max(wall,1):.1f} fps), "
      f"truncated {r.get('truncated')}")
# Time per frame from the trace rows written in each 10-s interval, first vs last 3 minutes.
def ms_per_frame(part):
    frames = sum(b[2] - a[2] for a, b in zip(part, part[1:]))
    secs = sum(b[0] - a[0] for a, b in zip(part, part[1:]))
    return 1000 * secs / frames if frames > 0 else float("nan")
live = [row for row in rows if row[2] > 0]
if len(live) > 40:
    first, last = live[:19], live[-19:]
    print(f"analyze: time per frame {ms_per_frame(first):.2f} ms in the first 3 min, "
          f"{ms_per_frame(last):.2f} ms in the last 3 min (trace rows, 10-s samples)")
print(f"analyze: reps {len(r['reps'])}, expected {per} per loop × {loops} loops = {per*loops}; "
      f"held {r['held_secs']:.1f} s; done {r['done']}")
PY
}

soak_app() {
  local mins="${minutes:-10}" video="$work/long-app.mp4" loops
  command -v xvfb-run > /dev/null || { echo "app: xvfb-run missing; skipped"; return; }
  loops=$(long_video "$((mins + 2))" "$video")
  export FORMCHECK_DATA_DIR="$work/data" FORMCHECK_CONFIG_DIR="$work/config"
  # Safety screen acknowledged, so the run goes straight to the live view.
  mkdir -p "$work/config"
  printf 'safety_acknowledged = true\n' > "$work/config/settings.toml"
  echo "app: formcheck run on $video for $mins min under Xvfb"
  RUST_LOG="warn,formcheck::ui::live=info" xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$bin" run --source "$video" --exercise bridge --model lite --mute > "$work/app.out" 2>&1 &
  local runner=$!
  sleep 5
  local pid
  pid=$(pgrep -n -f "^$bin run --source $video" || true)
  [ -n "$pid" ] || { echo "app: did not start"; cat "$work/app.out"; return; }
  sample "$pid" app &
  local sampler=$!
  sleep "$((mins * 60))"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  report_rss app
  local session
  session=$(ls -t "$work/data/sessions"/*.jsonl 2>/dev/null | head -1 || true)
  python3 - "$work/app.out" "${session:-none}" "$reps_per_loop" "$clip_secs" <<'PY'
import json, re, sys
log, session, per, clip_secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
# "... 25 fps, latency 60 ms, pose 47 ms, reps 12", every 10 s.
lines = [re.search(r"([\d.]+) fps, latency ([\d.]+) ms, pose ([\d.]+) ms, reps (\d+)", l)
         for l in open(log)]
samples = [tuple(map(float, m.groups())) for m in lines if m]
if len(samples) >= 24:
    def mean(rows, i): return sum(r[i] for r in rows) / len(rows)
    first, last = samples[1:13], samples[-12:]
    print(f"app: first 2 min (after the first 10 s): {mean(first,0):.1f} fps, latency "
          f"{mean(first,1):.0f} ms, pose {mean(first,2):.0f} ms; last 2 min: {mean(last,0):.1f} fps, "
          f"latency {mean(last,1):.0f} ms, pose {mean(last,2):.0f} ms ({len(samples)} samples)")
counted = int(samples[-1][3]) if samples else 0
if session == "none":
    print("app: no session file written"); sys.exit()
recs = [json.loads(l) for l in open(session) if l.strip().startswith("{")]
reps = [r for r in recs if r.get("kind") == "rep"]
ends = [r for r in recs if r.get("kind") == "exercise_end"]
last = max((r["t"] for r in recs), default=0)
print(f"app: session {session}: {len(recs)} records, last at {last:.0f} s, end record: "
      f"{any(r.get('kind') == 'end' for r in recs)}")
print(f"app: reps: coach's counter {counted} (last log line, up to 10 s before the end), "
      f"rep records {len(reps)}, exercise_end tally {[e['reps'] for e in ends]}, "
      f"expected ~{per} per loop × {last/clip_secs:.1f} loops played = {per*last/clip_secs:.0f}")
PY
}

case "$what" in
  analyze) soak_analyze ;;
  app) soak_app ;;
  both) soak_analyze; soak_app ;;
  *) echo "usage: bash scripts/soak.sh [analyze|app|both] [minutes]"; exit 2 ;;
esac
echo "soak: files in $work"
