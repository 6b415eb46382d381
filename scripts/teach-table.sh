#!/usr/bin/env bash
# The teach tables (issue 10), printed from the tests that compute them:
#
#   bash scripts/teach-table.sh            # both tables, every real-clip row
#
# 1. Synthetic: each built-in exercise's synthetic performance teaches an exercise, which
#    then counts other performances (the other side near the camera, facing the other way,
#    distance, noise, frame rate, a slower and a faster tempo); the built-in's and the
#    taught exercise's reps and held seconds side by side. Then knee pulls taught from one
#    leg count either leg, facing either way, at either tempo (mirrored and slower).
# 2. Real clips (../shared/data/video/): the first clip of each exercise that has another
#    clip teaches (with its MANIFEST dose); every other clip is then analysed with it —
#    counted vs expected for the same exercise, "nothing" (no rep, held under 2 s) for the
#    others. A clip that cannot teach says why. FORMCHECK_TEACH_TABLE=all prints every row
#    (the test in CI prints the same-exercise rows and the failures only).
#
# The real clips' poses are cached in $FORMCHECK_CLIP_CACHE (default /tmp/clip-poses.bin;
# delete it after changing the pose model or the clips).
set -euo pipefail
cd "$(dirname "$0")/.."
export FORMCHECK_CLIP_CACHE="${FORMCHECK_CLIP_CACHE:-/tmp/clip-poses.bin}"
export FORMCHECK_TEACH_TABLE=all
cargo test --test tests teach::taught_from_ -- --nocapture --test-threads 1 2>&1 |
    sed -n -e '/^teach from a synthetic/,/performances counted as the built-in/p' \
        -e '/^teach from one leg/,/^one leg:/p' \
        -e '/^taught from → analysed/,/^same exercise/p'
