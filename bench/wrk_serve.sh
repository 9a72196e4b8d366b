#!/usr/bin/env bash
# Load test of `gpufleet serve` on loopback with wrk (100 connections, 2 threads, 30 s each):
# /api/fleet (the model on every request, a GET with a query) against a peer measured in the same
# run on the same server: the static /index.html route (the HTTP stack alone).
# Prints requests/s, p99 latency and errors for both; fails when any request errored.
#   bash bench/wrk_serve.sh BUILD_DIR    (DURATION=10s to shorten)
set -euo pipefail
build=${1:-build}
duration=${DURATION:-30s}
cli="$build/gpufleet"
command -v wrk >/dev/null || { echo "wrk_serve: wrk not installed (scripts/setup.sh)"; exit 1; }

log=$(mktemp)
"$cli" serve --listen 127.0.0.1:0 2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "serving on" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
[ -n "$url" ] || { echo "wrk_serve: server did not start"; cat "$log"; exit 1; }
gpu=$(curl -sf "$url/api/catalog" | python3 -c 'import json,sys; print(next(e["id"] for e in json.load(sys.stdin)["entries"] if e["kind"] == "gpu"))')

# One wrk run: prints "NAME  req/s  p99  errors" and returns the error count in $errors.
run() {
  local name=$1 path=$2 out
  out=$(wrk -t2 -c100 -d"$duration" --latency "$url$path")
  local rps p99 non2xx sock
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  errors=$(( ${non2xx:-0} + ${sock:-0} ))
  printf '%-40s %12s req/s   p99 %8s   errors %d\n' "$name" "$rps" "$p99" "$errors"
  echo "$rps" >"$log.$name"
}

echo "wrk -t2 -c100 -d$duration on $url ($(nproc) cores)"
run fleet "/api/fleet?gpu=$gpu&count=300k..350k&load=0.6..0.8&pue=1.08"
fleet_errors=$errors
run static "/index.html"
static_errors=$errors
ratio=$(python3 -c "print(f'{float(open(\"$log.fleet\").read())/float(open(\"$log.static\").read()):.2f}')")
echo "/api/fleet serves ${ratio}x the requests/s of the static route"
rm -f "$log.fleet" "$log.static"
[ "$fleet_errors" -eq 0 ] && [ "$static_errors" -eq 0 ] || { echo "wrk_serve: errors"; exit 1; }
