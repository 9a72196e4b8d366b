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
