# Sourced by .ci/web-check and benches/web.sh: the site's own server, started and known to
# listen before any page is opened.

# serve_site PORT LOG [formcheck-serve options…]: starts $serve on PORT serving target/web
# (its output in LOG) and waits until it listens — it prints "open http://…" then. A port
# that is taken (another run's server) makes formcheck-serve exit at once: that is a failure
# with its own words, never a test run against whatever answers on that port. Sets $served
# to the server's pid.
serve_site() {
    local port=$1 log=$2
    shift 2
    "$serve" --port "$port" "$@" target/web >"$log" 2>&1 &
    served=$!
    local _
    for _ in $(seq 100); do
        grep -q '^open http://' "$log" && return 0
        if ! kill -0 "$served" 2>/dev/null; then
            echo "formcheck-serve could not serve on port $port: $(cat "$log")" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "formcheck-serve did not start listening on port $port within 10 s: $(cat "$log")" >&2
    kill "$served" 2>/dev/null || true
    return 1
}
