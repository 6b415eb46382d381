#!/usr/bin/env bash
# Re-takes the app's screenshots: docs/screens/ (each screen at 1600x1000 and 1024x600, see
# docs/screens/README.md) and the README's pictures in docs/, from the real window under Xvfb
# on the real photos and clips in ../shared/data, as a first-time user meets them.
#
#   bash scripts/screens.sh [NAME_GLOB]     # e.g. 'live-*' re-takes only those; default all
#
# Each shot runs `formcheck run --mute --window WxH` on an Xvfb screen of that size with its
# own empty settings and data folders (FORMCHECK_CONFIG_DIR / FORMCHECK_DATA_DIR), waits,
# presses keys or clicks, and saves the whole screen. PNGs are reduced to a 256-colour
# palette (each under ~300 KB); the README's two photos of clips stay JPEG.
#
# Timing: the shots are taken at fixed moments after the app starts (the first lift of
# glute_bridge_01 for "live", after its end for "summary"; a photo's coaching after its
# "Get ready" countdown of about 10 s); SCREENS_SLOW=2 doubles every wait
# for a slow machine or a debug build under load. Clicks are used only where no key does the
# same (the history's CSV export, at EXPORT_XY_* below): re-check that shot if the History
# screen's layout changes.
#
# Environment: FORMCHECK_BIN (default target/release/formcheck, else target/debug/formcheck),
# SHARED (default ../shared/data), SCREENS_DISPLAY (X display number, default 83), OUT
# (default docs). Needs Xvfb, xdotool and ImageMagick (import, convert, montage).
set -euo pipefail
cd "$(dirname "$0")/.."

glob="${1:-*}"
bin="${FORMCHECK_BIN:-}"
if [[ -z "$bin" ]]; then
    bin=target/release/formcheck
    [[ -x "$bin" ]] || bin=target/debug/formcheck
fi
bin="$(realpath "$bin")"
shared="$(realpath "${SHARED:-../shared/data}")"
display=":${SCREENS_DISPLAY:-83}"
export DISPLAY="$display"
out="${OUT:-docs}"
slow="${SCREENS_SLOW:-1}"
clip="$shared/video/glute_bridge_01.mp4"
# The History screen's "CSV" button of its one session row, per window size.
EXPORT_XY_1600x1000="126 302"
EXPORT_XY_1024x600="126 302"
# The coach panel's title, dose, side and figure during "Get ready" at 1600x1000 (WxH+X+Y).
FIGURE_CROP="410x290+1186+60"

for tool in Xvfb xdotool import convert montage; do
    command -v "$tool" >/dev/null || { echo "screens.sh needs $tool" >&2; exit 1; }
done
[[ -x "$bin" ]] || { echo "no formcheck binary at $bin (cargo build first)" >&2; exit 1; }
[[ -f "$clip" ]] || { echo "no real data at $shared" >&2; exit 1; }

tmp="$(mktemp -d)"
xvfb_pid=""
app_pid=""
cleanup() {
    [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

wait_secs() { sleep "$(echo "$1 * $slow" | bc -l)"; }

# screen WxH: (re)starts Xvfb at that size.
size=""
screen() {
    [[ "$size" == "$1" ]] && return
    [[ -n "$xvfb_pid" ]] && { kill "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null || true; }
    Xvfb "$display" -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    size="$1"
    for _ in $(seq 50); do
        xdpyinfo -display "$display" >/dev/null 2>&1 && return
        sleep 0.1
    done
    echo "Xvfb $display did not start" >&2
    exit 1
}

# app NAME SETTINGS ARGS...: starts the app for shot NAME with settings.toml holding
# SETTINGS ("" for a first start), in fresh folders (kept for NAME's later shots).
app() {
    local name="$1" settings="$2"
    shift 2
    rm -rf "$tmp/$name"
    mkdir -p "$tmp/$name/config" "$tmp/$name/data"
    [[ -n "$settings" ]] && printf '%b\n' "$settings" >"$tmp/$name/config/settings.toml"
    again "$name" "$@"
}

# again NAME ARGS...: starts the app again on NAME's folders (e.g. History after a session).
again() {
    local name="$1"
    shift
    DISPLAY="$display" FORMCHECK_CONFIG_DIR="$tmp/$name/config" \
        FORMCHECK_DATA_DIR="$tmp/$name/data" \
        "$bin" run --mute --window "$size" "$@" >"$tmp/$name.log" 2>&1 &
    app_pid=$!
}

stop() {
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
}

# shot FILE: the whole screen into $out/FILE if FILE matches the glob.
shot() {
    local file="$1"
    [[ "$(basename "$file")" == $glob ]] || return 0
    import -window root -display "$display" "$tmp/raw.png"
    mkdir -p "$(dirname "$out/$file")"
    case "$file" in
        *.jpg) convert "$tmp/raw.png" -quality 85 "$out/$file" ;;
        *) convert "$tmp/raw.png" -colors 256 "PNG8:$out/$file" ;;
    esac
    echo "$out/$file"
}

# Keys go to the focused window (no window manager: focus it first).
key() {
    local win
    win="$(xdotool search --sync --name formcheck | head -1)"
    xdotool windowfocus --sync "$win"
    xdotool mousemove --sync 300 300
    xdotool key "$@"
}

click() { xdotool mousemove --sync "$1" "$2" click 1; }

ack='safety_acknowledged = true'

# want FILE...: whether any of the shots a run takes matches the glob (else it is not run).
want() {
    local f
    for f in "$@"; do
        [[ "$(basename "$f")" == $glob ]] && return 0
    done
    return 1
}

for wh in 1600x1000 1024x600; do
    screen "$wh"
    # First start: the safety page (the clip waits behind it).
    if want "safety-$wh.png" safety.png; then
        app first "" --source "$clip" --exercise bridge
        wait_secs 3
        shot "screens/safety-$wh.png"
        [[ "$wh" == 1600x1000 ]] && shot "safety.png"
        stop
    fi

    # The picker: the clip plays as a preview, nothing coached.
    if want "picker-$wh.png"; then
        app picker "$ack" --source "$clip"
        wait_secs 4
        shot "screens/picker-$wh.png"
        stop
    fi

    # Free practice of the bridge on the clip: the first lift, then its summary; then
    # History with that session, after a CSV export.
    if want "live-$wh.png" "summary-$wh.png" summary.png "history-$wh.png"; then
        app live "$ack" --source "$clip" --exercise bridge
        wait_secs 2.2
        shot "screens/live-$wh.png"
        wait_secs 12
        shot "screens/summary-$wh.png"
        [[ "$wh" == 1024x600 ]] && shot "summary.png"
        stop
        again live --screen history
        wait_secs 3
        xy="EXPORT_XY_${wh}"
        # shellcheck disable=SC2086
        click ${!xy}
        wait_secs 1.5
        shot "screens/history-$wh.png"
        stop
    fi

    # Settings, plain and in the high-contrast theme.
    if want "settings-$wh.png"; then
        app settings "$ack" --screen settings
        wait_secs 3
        shot "screens/settings-$wh.png"
        stop
    fi
    if want "settings-high-contrast-$wh.png"; then
        app contrast "$ack\nhigh_contrast = true" --screen settings
        wait_secs 3
        shot "screens/settings-high-contrast-$wh.png"
        stop
    fi

    # "It hurts" on a cobra photo: paused, and asked where, how bad and what it is like,
    # with the ways on (issue 28).
    if want "pain-it-hurts-$wh.png" pain-it-hurts.png; then
        app hurts "$ack" --source "$shared/real/cobra/cobra_01.jpg" --exercise cobra
        wait_secs 14
        key h
        wait_secs 1
        shot "screens/pain-it-hurts-$wh.png"
        [[ "$wh" == 1024x600 ]] && shot "pain-it-hurts.png"
        stop
    fi

    # The key help over free practice.
    if want "keys-$wh.png"; then
        app keys "$ack" --source "$clip" --exercise bridge
        wait_secs 3
        key F1
        wait_secs 1
        shot "screens/keys-$wh.png"
        stop
    fi
done

# Far away: a bridge photo shrunk into a larger white picture (also the figures' source).
bridge_photo="$shared/real/bridge/bridge_01.jpg"
convert "$bridge_photo" -resize 35% -gravity center -background white \
    -extent "$(identify -format '%wx%h' "$bridge_photo")" "$tmp/far.jpg"

# Small-window-only screens.
screen 1024x600
if want get-ready-1024x600.png; then
    app ready "$ack" --source "$shared/real/knee_to_chest/knee_to_chest_01.jpg" \
        --exercise knee_to_chest
    wait_secs 3
    shot "screens/get-ready-1024x600.png"
    stop
fi
if want placement-far-1024x600.png; then
    app far "$ack" --source "$tmp/far.jpg" --exercise bridge
    wait_secs 14
    shot "screens/placement-far-1024x600.png"
    stop
fi

# Large-window-only screens, and the README's live pictures: a correction on a bridge
# photo, a hold on child's pose, a cat-cow clip, the pelvic-tilt minute, no camera.
screen 1600x1000
if want placement-ok-1600x1000.png; then
    app ok "$ack" --source "$shared/real/seated_forward_bend/seated_forward_bend_01.jpg" \
        --exercise seated_hamstring
    wait_secs 14
    shot "screens/placement-ok-1600x1000.png"
    stop
fi
if want live-correction.png; then
    app correction "$ack" --source "$bridge_photo" --exercise bridge
    wait_secs 14
    shot "live-correction.png"
    stop
fi
if want live-hold.png; then
    app hold "$ack" --source "$shared/real/childs_pose/childs_pose_01.jpg" --exercise childs_pose
    wait_secs 14
    shot "live-hold.png"
    stop
fi
if want live-video.jpg; then
    app video "$ack" --source "$shared/video/cat_cow_01.mp4" --exercise cat
    wait_secs 5
    shot "live-video.jpg"
    stop
fi
if want live-pelvic-tilt.jpg; then
    app tilt "$ack" --source "$shared/video/pelvic_tilt_01.mp4" --exercise pelvic_tilt
    wait_secs 15
    shot "live-pelvic-tilt.jpg"
    stop
fi
if want no-camera.png; then
    app nocamera "$ack" --source 9
    wait_secs 4
    shot "no-camera.png"
    stop
fi

# Every exercise's figure as "Get ready" draws it moving, twice (start and hold, half a
# cycle apart): the top of the coach panel during each exercise's Get ready, side by side.
if want figures-all-exercises.png; then
    tiles=()
    for id in $(ls content/*.toml | xargs -n1 basename | sed 's/\.toml$//' | grep -v '^routine$'); do
        app "fig-$id" "$ack" --source "$tmp/far.jpg" --exercise "$id"
        wait_secs 4
        # The figure moves (a 2.8 s cycle): one shot at rest in one position, one half a
        # cycle later in the other.
        for half in a b; do
            import -window root -display "$display" "$tmp/fig-$id-$half.png"
            convert "$tmp/fig-$id-$half.png" -crop "$FIGURE_CROP" +repage "$tmp/tile-$id-$half.png"
            tiles+=("$tmp/tile-$id-$half.png")
            sleep 1.4
        done
        stop
    done
    montage "${tiles[@]}" -tile 4x -geometry +4+4 -background '#444444' "$tmp/figures.png"
    convert "$tmp/figures.png" -colors 256 "PNG8:$out/screens/figures-all-exercises.png"
    echo "$out/screens/figures-all-exercises.png"
fi
