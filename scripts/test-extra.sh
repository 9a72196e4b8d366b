#!/usr/bin/env bash
# The sanitizer half of `make test` (and `make test-asan` alone): the whole unit and end-to-end
# suite again, built with AddressSanitizer + UndefinedBehaviorSanitizer in its own build
# directory. Any sanitizer report fails the run (-fno-sanitize-recover=all, abort_on_error,
# halt_on_error).
#   scripts/test-extra.sh BUILD ASAN_BUILD [all|build|run]
# `build` configures and compiles ASAN_BUILD, `run` runs its tests, `all` (the default) both;
# scripts/test.sh runs the build beside the plain tests.
# -O1 -g1: line tables are enough for the reports' stack traces and keep the build fast (the
# tests' own code is -O0, CMakeLists.txt).
# -Wno-maybe-uninitialized: GCC 12 gives false positives inside <regex> under -fsanitize.
# Set GPUFLEET_SKIP_ASAN=1 to skip it locally (CI never sets it).
set -euo pipefail
build=${1:-build}
asan=${2:-build-asan}
phase=${3:-all}
if [ "${GPUFLEET_SKIP_ASAN:-0}" = 1 ]; then
  echo "test-extra: sanitizer build skipped (GPUFLEET_SKIP_ASAN=1)"; exit 0
fi
if [ "$phase" = all ] || [ "$phase" = build ]; then
  cmake -S . -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1 -Wno-maybe-uninitialized" \
    -DGPUFLEET_SANITIZE=ON -DGPUFLEET_BENCH=OFF -DGPUFLEET_CUDA=OFF >/dev/null
  cmake --build "$asan" -j "$(nproc)"
fi
[ "$phase" = build ] && exit 0
leaks=1
# LeakSanitizer stops the process with ptrace at exit; some containers forbid that. Then it
# cannot work at all: say so and run with address and undefined-behaviour checks only.
probe=$(ASAN_OPTIONS=detect_leaks=1 "$asan/gpufleet" catalog gpus 2>&1 >/dev/null || true)
case "$probe" in
  *"LeakSanitizer has encountered a fatal error"*)
    echo "test-extra: LeakSanitizer cannot run here (ptrace refused); leak checks are off" >&2
    leaks=0 ;;
esac
export ASAN_OPTIONS=detect_leaks=$leaks:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$asan"
# Browser and Prometheus round trips test the same code paths as the plain build; skip them here.
ctest --output-on-failure -j "$(nproc)" --timeout 600 -LE 'no_asan'
