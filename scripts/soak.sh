#!/usr/bin/env bash
# Soak test (not a unit test): long runs on real footage, with resident memory sampled every
# 10 s, to show that memory stays flat after warm-up and that nothing is lost on the way.
#
#   bash scripts/soak.sh [analyze|app|both] [minutes]      # default: both, 30 (analyze) / 10 (app)
#
# analyze: loops a real clip (../shared/data/video/glute_bridge_01.mp4, 3 bridges in 11.5 s)
#          into a video of MINUTES minutes and runs `formcheck analyze --exercise bridge --json`
#          on it; prints RSS over time, the growth after warm-up, the wall time and the reps
#          counted (the clip has 3 per loop; the coach stops counting once the dose of 10 is done).
# app:     runs the real app (`formcheck run`) under Xvfb on the same long video for MINUTES
#          minutes, then stops it; prints RSS over time and the rep records in the session file
#          it wrote (FORMCHECK_DATA_DIR is a scratch folder).
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
echo "soak: binary $bin, scratch $work"

# long_video MINUTES OUT: the clip looped (stream copy, continuous timestamps).
long_video() {
  local mins="$1" out="$2" dur loops
  dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$clip")
  loops=$(python3 -c "import math;print(math.ceil($mins*60/$dur))")
  ffmpeg -nostdin -v error -y -stream_loop "$((loops - 1))" -i "$clip" -c copy "$out"
  echo "$loops"
}

# sample_rss PID LABEL: prints "t_s rss_mib" every 10 s while PID lives, into $work/LABEL.rss.
sample_rss() {
  local pid="$1" label="$2" t=0
  : > "$work/$label.rss"
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$rss" ] && echo "$t $rss" >> "$work/$label.rss"
    sleep 10
    t=$((t + 10))
  done
}

# report LABEL: RSS table (every minute), and growth from the 1-minute mark to the end.
report() {
  python3 - "$work/$1.rss" "$1" <<'PY'
import sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if not rows:
    print(f"{sys.argv[2]}: no RSS samples"); sys.exit()
print(f"{sys.argv[2]}: resident memory (MiB) every minute")
for t, r in rows:
    if int(t) % 60 == 0:
        print(f"  {t/60:5.1f} min  {r:7.1f}")
warm = [r for t, r in rows if t >= 60] or [rows[-1][1]]
print(f"  after warm-up (1 min): first {warm[0]:.1f}, last {warm[-1]:.1f}, max {max(warm):.1f} MiB; "
      f"growth {warm[-1]-warm[0]:+.1f} MiB over {(rows[-1][0]-60)/60:.1f} min")
PY
}

soak_analyze() {
  local mins="${minutes:-30}" video="$work/long.mp4" loops start end
  loops=$(long_video "$mins" "$video")
  echo "analyze: $video, $loops loops of $clip (~$mins min)"
  start=$(date +%s)
  "$bin" analyze "$video" --exercise bridge --json > "$work/analyze.json" 2> "$work/analyze.err" &
  local pid=$!
  sample_rss "$pid" analyze
  wait "$pid" || echo "analyze exited with $?"
  end=$(date +%s)
  report analyze
  python3 - "$work/analyze.json" "$loops" "$reps_per_loop" "$((end - start))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
loops, per, wall = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"analyze: {r['frames']} frames in {wall} s ({r['frames']/max(wall,1):.1f} fps), "
      f"reps {len(r['reps'])} (clip alone: {per} per loop × {loops} = {per*loops}; counting stops "
      f"when the dose is done: done={r['done']}), truncated {r.get('truncated')}")
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
  xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" run --source "$video" --exercise bridge \
    --model lite --mute > "$work/app.out" 2>&1 &
  local runner=$!
  sleep 5
  local pid
  pid=$(pgrep -n -f "^$bin run --source $video" || true)
  [ -n "$pid" ] || { echo "app: did not start"; cat "$work/app.out"; return; }
  sample_rss "$pid" app &
  local sampler=$!
  sleep "$((mins * 60))"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  report app
  local session
  session=$(ls -t "$work/data/sessions"/*.jsonl 2>/dev/null | head -1 || true)
  if [ -n "$session" ]; then
    python3 - "$session" "$mins" "$reps_per_loop" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
reps = [r for r in recs if r.get("kind") == "rep"]
last = max((r["t"] for r in recs), default=0)
print(f"app: session {sys.argv[1]}: {len(recs)} records, {len(reps)} reps, last record at {last:.0f} s, "
      f"end record: {any(r.get('kind') == 'end' for r in recs)}")
PY
  else
    echo "app: no session file written"
  fi
}

case "$what" in
  analyze) soak_analyze ;;
  app) soak_app ;;
  both) soak_analyze; soak_app ;;
  *) echo "usage: bash scripts/soak.sh [analyze|app|both] [minutes]"; exit 2 ;;
esac
echo "soak: files in $work"
