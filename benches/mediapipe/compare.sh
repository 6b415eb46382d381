#!/usr/bin/env bash
# Side by side: MediaPipe 0.10.14's legacy mp.solutions.pose vs `formcheck bench`, on the
# same frames, same model, same CPUs, run back to back (alternating when --rounds > 1), and
# prints both fps and the ratio.
#
#   benches/mediapipe/compare.sh [--source VIDEO|FOLDER] [--model lite|full|heavy]
#       [--frames N] [--warmup N] [--threads N] [--cpus 0,1] [--rounds N]
#       [--formcheck-arg ARG]...
#
# Defaults: the built-in procedural clip (written as PNGs so both tools read the same pixels),
# full, 300 frames, 10 warm-up, ORT threads 2, CPUs 0,1, 1 round.
#
# --formcheck-arg passes one more argument to `formcheck bench`, e.g. `--pose-rate=adaptive`
# (the last pose held on frames where the person is still, as the app does at camera rate:
# less work than MediaPipe's loop does, so not the same measure; the default is every frame).
# `--formcheck-arg --predecode` decodes every frame before formcheck's timed loop too, as
# MediaPipe's script does (otherwise formcheck's decoder runs beside its loop); with
# `--threads 1 --formcheck-arg --in-flight=2` it is the two-frames-in-flight throughput.
#
# Thread budget: both processes are pinned to the same CPUs with taskset (MediaPipe's
# legacy API has no thread knob; its TFLite/XNNPACK inference is single-threaded on desktop
# Linux, its graph scheduler and OpenCV pools are bounded by the affinity mask).
#
# Which fps is compared: MediaPipe's script decodes everything first and times only
# process(); formcheck's `pipeline_fps` is the same measure (pose + engine per frame,
# decode excluded). formcheck's end-to-end `fps` (decode overlapped on its own thread) is
# printed too, with its own ratio; it is the stricter number.
#
# Environment: MEDIAPIPE_VENV (default tests/data/mediapipe/.venv; created with
# tests/data/mediapipe/make_reference.sh --setup-only when missing), FORMCHECK_BIN (default
# target/release/formcheck under CARGO_TARGET_DIR or ./target; built when missing),
# ORT_DYLIB_PATH as for formcheck.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

SOURCE="" MODEL=full FRAMES=300 WARMUP=10 THREADS=2 CPUS=0,1 ROUNDS=1
FC_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --source) SOURCE="$2"; shift 2 ;;
    --model) MODEL="$2"; shift 2 ;;
    --frames) FRAMES="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --cpus) CPUS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --formcheck-arg) FC_ARGS+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

VENV="${MEDIAPIPE_VENV:-$ROOT/tests/data/mediapipe/.venv}"
if [[ ! -x "$VENV/bin/python" ]]; then
  echo "== setting up the MediaPipe venv ($VENV)" >&2
  bash "$ROOT/tests/data/mediapipe/make_reference.sh" --setup-only
  VENV="$ROOT/tests/data/mediapipe/.venv"
fi
PY="$VENV/bin/python"

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${FORMCHECK_BIN:-$TARGET/release/formcheck}"
if [[ ! -x "$BIN" ]]; then
  echo "== building formcheck (release)" >&2
  cargo build --release --no-default-features --manifest-path "$ROOT/Cargo.toml" >&2
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
if [[ -z "$SOURCE" ]]; then
  SOURCE="$TMP/clip"
  "$BIN" bench --save-clip "$SOURCE" >&2
fi

echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg) · CPUs $CPUS · model $MODEL · $FRAMES frames (+$WARMUP warm-up) · $SOURCE" >&2
for r in $(seq 1 "$ROUNDS"); do
  echo "== round $r: mediapipe" >&2
  taskset -c "$CPUS" "$PY" "$ROOT/benches/mediapipe/mediapipe_bench.py" --source "$SOURCE" \
    --model "$MODEL" --frames "$FRAMES" --warmup "$WARMUP" --json > "$TMP/mp_$r.json"
  echo "== round $r: formcheck" >&2
  taskset -c "$CPUS" "$BIN" bench --source "$SOURCE" --model "$MODEL" --frames "$FRAMES" \
    --warmup "$WARMUP" --threads "$THREADS" ${FC_ARGS[@]+"${FC_ARGS[@]}"} --json > "$TMP/fc_$r.json"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$PY" - "$TMP" "$ROUNDS" <<'EOF'
import json, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
mp = [json.load(open(f"{tmp}/mp_{r}.json")) for r in range(1, rounds + 1)]
fc = [json.load(open(f"{tmp}/fc_{r}.json")) for r in range(1, rounds + 1)]
med = lambda xs: statistics.median(xs)
m_fps = med([m["fps"] for m in mp])
f_pipe = med([f["pipeline_fps"] for f in fc])
f_e2e = med([f["fps"] for f in fc])
frame = lambda f, k: next(s[k] for s in f["stages"] if s["name"] == "frame")
print(f"{'':<28}{'fps':>8}{'p50 ms':>9}{'p95 ms':>9}{'pose frames':>13}")
print(f"{'mediapipe ' + mp[0]['model']:<28}{m_fps:>8.1f}{med([m['p50_ms'] for m in mp]):>9.2f}{med([m['p95_ms'] for m in mp]):>9.2f}{mp[0]['frames_with_pose']:>13}")
print(f"{'formcheck (pipeline)':<28}{f_pipe:>8.1f}{med([frame(f,'p50_ms') for f in fc]):>9.2f}{med([frame(f,'p95_ms') for f in fc]):>9.2f}{fc[0]['frames_with_pose']:>13}")
print(f"{'formcheck (end-to-end)':<28}{f_e2e:>8.1f}")
print(f"ratio formcheck/mediapipe: {f_pipe / m_fps:.2f}x (pipeline, same measure)   {f_e2e / m_fps:.2f}x (formcheck end-to-end incl. decode)")
print(f"formcheck: detector on {fc[0]['detector_runs']}/{fc[0]['frames']} frames, "
      f"{fc[0]['cpu_ms_per_frame']:.1f} ms CPU/frame, peak {fc[0]['peak_rss_mib']:.0f} MiB, ORT threads {fc[0]['threads']}")
print(f"mediapipe: {mp[0]['impl']}, affinity {mp[0]['cpu_affinity']}, {mp[0]['os_threads']} OS threads")
if rounds > 1:
    print("per round fps (mediapipe / formcheck pipeline):",
          ", ".join(f"{m['fps']:.1f}/{f['pipeline_fps']:.1f}" for m, f in zip(mp, fc)))
EOF
