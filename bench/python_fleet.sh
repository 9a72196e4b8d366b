#!/usr/bin/env bash
# make bench (scripts/bench.sh runs bench/*.sh): gpufleet.fleet(...) from Python against its
# C++ call, same process, same run (bench/python_fleet.py). Skipped when the module is not built.
set -euo pipefail
build=${1:-build}
if ! ls "$build"/python/gpufleet*.so >/dev/null 2>&1; then
  echo "python_fleet: no Python module in $build/python (GPUFLEET_PYTHON=OFF?); skipped"
  exit 0
fi
PYTHONPATH="$build/python" "${PYTHON:-/usr/bin/python3}" bench/python_fleet.py
