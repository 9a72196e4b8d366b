#!/usr/bin/env bash
# The meter's own cost: `gpufleet measure --interval 100ms -- sleep S` on the fake NVML library
# (8 GPUs with energy counters, like a DGX H100), with gpufleet's own CPU time (getrusage of the
# measure process, all threads; the sleeping command excluded) as % of one core; the time from
# the meter's start to its first sample; and the wall time gpufleet adds around a trivial command.
# Aim (issue 5): under 0.5% of one core at 10 Hz.
# Usage: bench/measure_overhead.sh BUILD_DIR [SECONDS]   (default $MEASURE_BENCH_SECONDS or 60)
set -euo pipefail
build=${1:-build}
seconds=${2:-${MEASURE_BENCH_SECONDS:-60}}
cli=$build/gpufleet
fake=$build/fake_nvml/libnvidia-ml.so.1
[ -x "$cli" ] && [ -f "$fake" ] || { echo "measure_overhead: build $cli and $fake first"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 0 1 2 3 4 5 6 7; do
  echo "device name=\"NVIDIA H100 80GB HBM3\" uuid=GPU-$i quantum=0.1"
  echo "power gpu=$i t=0 w=700"
done > "$tmp/nvml.txt"
export FAKE_NVML_SCRIPT=$tmp/nvml.txt
run() {  # interval, seconds, output
  "$cli" measure --interval "$1" --nvml-lib "$fake" --no-cpu --format json -o "$3" -- sleep "$2"
}
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

echo "measure overhead: 8 fake GPUs, --interval 100ms, sleep $seconds s"
run 100ms "$seconds" "$tmp/m.json"
pct=$(field "$tmp/m.json" self_cpu_pct_of_one_core)
printf '  gpufleet CPU: %.3f s over %.1f s = %.4f%% of one core (%s rounds); aim < 0.5%%: %s\n' \
  "$(field "$tmp/m.json" self_cpu_s)" "$(field "$tmp/m.json" duration_s)" "$pct" \
  "$(field "$tmp/m.json" sampling_rounds)" \
  "$(python3 -c "print('met' if $pct < 0.5 else 'NOT MET')")"
printf '  start to first sample: %.2f ms\n' \
  "$(python3 -c "print(1000 * $(field "$tmp/m.json" first_sample_delay_s))")"
# Wall time around a trivial command: gpufleet measure -- true, against true alone.
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 2 --runs 20 --export-json "$tmp/h.json" \
    "$cli measure --nvml-lib $fake --no-cpu --format json -o $tmp/t.json -- true" "true" > /dev/null 2>&1
  python3 - "$tmp/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(f"  wall time of 'gpufleet measure -- true': {1000 * r[0]['mean']:.1f} ms "
      f"(+- {1000 * r[0]['stddev']:.1f}); 'true' alone: {1000 * r[1]['mean']:.2f} ms")
PY
fi
