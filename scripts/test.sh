#!/usr/bin/env bash
# `make test` after `make build`: the plain suite, then the sanitizer suite (scripts/test-extra.sh).
#   scripts/test.sh BUILD ASAN_BUILD
# The sanitizer build compiles while the plain suite runs: that suite mostly waits (on servers,
# subprocesses and timeouts: about 56 s of CPU in 68 s on 2 cores), so the two overlap and
# `make test` is shorter by about the suite's length. The compiler's output goes to
# ASAN_BUILD/build.log and is shown if the build fails. Exit status: non-zero if either suite
# or the build failed; the sanitizer suite runs even when the plain one failed.
set -uo pipefail
build=${1:-build}
asan=${2:-build-asan}
jobs=$(nproc)
asan_pid=
if [ "${GPUFLEET_SKIP_ASAN:-0}" != 1 ]; then
  mkdir -p "$asan"
  bash scripts/test-extra.sh "$build" "$asan" build >"$asan/build.log" 2>&1 &
  asan_pid=$!
  echo "test: the sanitizer build runs beside the plain suite (log: $asan/build.log)"
fi
plain=0
(cd "$build" && ctest --output-on-failure -j "$jobs" --timeout 600) || plain=$?
extra=0
if [ -n "$asan_pid" ]; then
  if ! wait "$asan_pid"; then
    echo "test: the sanitizer build failed; the end of $asan/build.log:" >&2
    tail -n 60 "$asan/build.log" >&2
    exit 1
  fi
  echo "test: sanitizer build done"
fi
bash scripts/test-extra.sh "$build" "$asan" run || extra=$?
if [ "$plain" != 0 ]; then echo "test: the plain suite failed (exit $plain)" >&2; fi
[ "$plain" = 0 ] && [ "$extra" = 0 ]
