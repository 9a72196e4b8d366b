#!/usr/bin/env bash
# make fuzz: builds every fuzz/*_fuzz.cc with clang + libFuzzer + ASan/UBSan and runs each for
# FUZZ_SECONDS (default 60) from its seed corpus (fuzz/corpus/<name>/ plus examples/).
# Prints the executions each target ran. A crash is reported with the reproducer's path and the
# other targets still run; the script then exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGPUFLEET_FUZZ=ON -DGPUFLEET_BENCH=OFF -DGPUFLEET_CUDA=OFF >/dev/null
targets=$(ls fuzz/*_fuzz.cc | xargs -n1 basename | sed 's/\.cc$//')
cmake --build "$build" -j "$(nproc)" --target $targets
mkdir -p "$build/findings"
printf '%-22s %12s %8s\n' target executions seconds
failed=0
for t in $targets; do
  name=${t%_fuzz}
  work="$build/corpus/$name"
  mkdir -p "$work"
  seeds=()
  [ -d "fuzz/corpus/$name" ] && seeds+=("fuzz/corpus/$name")
  log="$build/findings/$name.log"
  if ! "$build/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$build/findings/$name-" "$work" "${seeds[@]}" >"$log" 2>&1; then
    echo "FUZZ FAILURE in $t; see $log"; grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
    failed=1; continue
  fi
  runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' | tail -1)
  printf '%-22s %12s %8s\n' "$t" "${runs:-?}" "$secs"
done
exit $failed
