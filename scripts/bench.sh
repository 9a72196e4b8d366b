#!/usr/bin/env bash
# make bench: every benchmark, each against a peer measured in the same run.
set -euo pipefail
build=${1:-build}
"$build/gpufleet_bench" --benchmark_min_time=0.2
for s in bench/*.sh; do
  [ -e "$s" ] || continue
  echo "== $s"
  bash "$s" "$build"
done
# Server under attack (loopback, about 50 s): serve and export with 200 slow clients, heavy
# requests and 1,000 timed health checks; fails when the checks' p99 reaches 100 ms or a server
# crashes. Peer: 200 health checks on the same server, no attack.
echo "== bench/attack_serve.py"
"${PYTHON:-/usr/bin/python3}" bench/attack_serve.py --build "$build"
