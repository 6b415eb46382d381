#!/usr/bin/env bash
# Before/after at camera rate, alternated in one run (issue 15): `formcheck bench --pace FPS`
# for each configuration in turn (A B C A B C …) on each clip, ROUNDS times, one JSON row per
# run kept, and a table of the CPU per second of video (share of one core), the CPU per
# processed frame, frames held by the adaptive pose rate, drops and latency, with the 1-min
# load before and after each run. On a shared machine only figures from one table compare.
#
#   benches/pace_ab.sh [ROUNDS] -- NAME=BINARY[:ARGS] ... -- CLIP ...
#
#   e.g. benches/pace_ab.sh 2 -- before=/tmp/main-formcheck after=target/release/formcheck \
#          "every=target/release/formcheck:--every-frame" -- \
#          ../shared/data/video/childs_pose_01.mp4 ../shared/data/video/glute_bridge_01.mp4
#
# Env: PACE (default 30), FRAMES (default 450 fed: 15 s; `clip`: each clip's own length, so
# the "all clips" rows weigh each clip by its duration, as a routine of them would), WARMUP
# (default 20), MODEL (full), OUT (folder for the JSON rows; default a new folder under /tmp,
# printed). With more than one clip, a last table gives each configuration's CPU per second
# of video over all the clips together (total CPU / total video seconds, per round).
# In ARGS, `{exercise}` stands for the clip's own exercise (its MANIFEST.tsv row beside it,
# as a content id), e.g. `now=target/release/formcheck:--exercise {exercise}`: a routine is
# coached exercise by exercise, and the adaptive pose rate is paced by each one's joints.
set -euo pipefail

rounds="${1:-2}"
shift || true
[ "${1:-}" = "--" ] && shift
configs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do configs+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
clips=("$@")
[ ${#configs[@]} -gt 0 ] && [ ${#clips[@]} -gt 0 ] || { sed -n '2,15p' "$0"; exit 2; }
out="${OUT:-$(mktemp -d /tmp/formcheck-pace.XXXXXX)}"
mkdir -p "$out"
echo "== rows in $out" >&2

# Frames to feed from CLIP: FRAMES, or with FRAMES=clip the clip's own frame count.
frames_of() {
  if [ "${FRAMES:-450}" = clip ]; then
    ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets \
      -of csv=p=0 "$1"
  else
    echo "${FRAMES:-450}"
  fi
}

# The content id of CLIP's exercise, from the MANIFEST.tsv in its folder.
exercise_of() {
  local name
  name="$(awk -F'\t' -v f="$(basename "$1")" '$1 == f { print $2 }' "$(dirname "$1")/MANIFEST.tsv")"
  case "$name" in
    cat_cow) echo cat ;;
    glute_bridge) echo bridge ;;
    seated_hamstring_stretch) echo seated_hamstring ;;
    "") echo "no MANIFEST.tsv row for $1" >&2; exit 2 ;;
    *) echo "$name" ;;
  esac
}

for r in $(seq 1 "$rounds"); do
  for clip in "${clips[@]}"; do
    frames="$(frames_of "$clip")"
    for c in "${configs[@]}"; do
      name="${c%%=*}" rest="${c#*=}"
      bin="${rest%%:*}" args=""
      [ "$rest" != "$bin" ] && args="${rest#*:}"
      [[ "$args" == *"{exercise}"* ]] && args="${args//\{exercise\}/$(exercise_of "$clip")}"
      # shellcheck disable=SC2086 # ARGS are words on purpose
      "$bin" bench --source "$clip" --model "${MODEL:-full}" --pace "${PACE:-30}" \
        --frames "$frames" --warmup "${WARMUP:-20}" --json $args \
        > "$out/$(basename "$clip" .mp4)__${name}__$r.json"
      echo "== round $r $(basename "$clip") $name done" >&2
    done
  done
done

python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
rows = {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    clip, name, r = os.path.basename(f)[:-5].split("__")
    rows.setdefault((clip, name), []).append((int(r), json.load(open(f))))
print(f"{'clip':<18} {'config':<8} {'run':>3} {'load':>11} {'CPU/s video':>11} {'ms CPU/fr':>9} "
      f"{'held':>8} {'drop':>4} {'lat p50/p95 ms':>15}")
for (clip, name), runs in rows.items():
    for r, j in sorted(runs, key=lambda x: x[0]):
        lb, la = (j.get("load_before") or [0])[0], (j.get("load_after") or [0])[0]
        held = f"{j.get('held', 0)}/{j['processed']}"
        lat = j.get("latency") or {}
        print(f"{clip:<18} {name:<8} {r:>3} {lb:>5.1f}→{la:<5.1f} {100 * j['cpu_share_of_core']:>10.1f}% "
              f"{j['cpu_ms_per_processed_frame']:>9.2f} {held:>8} {j['dropped']:>4} "
              f"{lat.get('p50_ms', 0):>7.1f}/{lat.get('p95_ms', 0):<7.1f}")
    cpu = statistics.mean(100 * j["cpu_share_of_core"] for _, j in runs)
    p95 = statistics.mean((j.get("latency") or {}).get("p95_ms", 0) for _, j in runs)
    print(f"{clip:<18} {name:<8} {'mean':>3} {'':>11} {cpu:>10.1f}% {'':>9} {'':>8} {'':>4} {'p95':>7} {p95:<7.1f}")
clips = sorted({clip for clip, _ in rows})
if len(clips) > 1:
    print(f"\nall {len(clips)} clips together (CPU seconds / video seconds):")
    print(f"{'config':<8} {'run':>3} {'video s':>8} {'CPU/s video':>11} {'held':>12} {'load':>11}")
    for name in dict.fromkeys(n for _, n in rows):
        by_round = {}
        for (clip, n), runs in rows.items():
            if n == name:
                for r, j in runs:
                    by_round.setdefault(r, []).append(j)
        for r, js in sorted(by_round.items()):
            if len(js) != len(clips):
                continue
            video = sum(j["video_s"] for j in js)
            cpu = sum(j["cpu_share_of_core"] * j["video_s"] for j in js)
            held = sum(j.get("held", 0) for j in js)
            proc = sum(j["processed"] for j in js)
            loads = [x for j in js for x in ((j.get("load_before") or [0])[0], (j.get("load_after") or [0])[0])]
            print(f"{name:<8} {r:>3} {video:>8.1f} {100 * cpu / video:>10.1f}% {held:>5}/{proc:<6} "
                  f"{min(loads):>5.1f}–{max(loads):<5.1f}")
PY
