#!/usr/bin/env bash
# The serving simulator against SimPy 3 on the same small case (bench/serving_sim_bench.cc's
# SimpyCase = bench/serving_simpy.py: Llama-3.1-70B on 8 x H100 step costs, 4 requests/s,
# 20 minutes, exponential lengths). Prints decode steps per CPU second of each and the ratio
# (goal >= 100x), and fails unless the two agree on every statistic within Monte Carlo
# tolerance (4 standard errors of the difference of the means over replicas).
# usage: bench/serving_simpy_compare.sh BUILD_DIR     (env: SIMPY_REPLICAS, default 12)
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/gpufleet_bench" --benchmark_filter='^BM_ServingSimpyCase/' --benchmark_format=json \
  > "$tmp/gpufleet.json"
"${PYTHON:-/usr/bin/python3}" "$here/serving_simpy.py" "${SIMPY_REPLICAS:-12}" > "$tmp/simpy.json"
"${PYTHON:-/usr/bin/python3}" - "$tmp" <<'PY'
import json, math, sys
tmp = sys.argv[1]
g = json.load(open(f"{tmp}/gpufleet.json"))["benchmarks"][0]
s = json.load(open(f"{tmp}/simpy.json"))
g_rate = g["decode_steps_per_s"]  # counter rate: steps per CPU second of the benchmark thread
s_rate = s["decode_steps"] / s["cpu_seconds"]
print(f"{'statistic':<24} {'gpufleet':>12} {'SimPy 3':>12} {'z':>6}")
bad = []
for k in ("ttft", "tpot", "e2e", "e2e_p99", "energy_j_per_request", "steps"):
    gm, gs, n_g = g[k + "_mean"], g[k + "_sd"], g["replicas"]
    sm, ss, n_s = s[k + "_mean"], s[k + "_sd"], s["replicas"]
    se = math.sqrt(gs * gs / n_g + ss * ss / n_s)
    z = (gm - sm) / se if se > 0 else (0 if gm == sm else math.inf)
    print(f"{k:<24} {gm:>12.5g} {sm:>12.5g} {z:>6.2f}")
    if abs(z) > 4:
        bad.append(k)
print(f"decode steps per CPU second: gpufleet {g_rate/1e6:.2f} M, SimPy 3 {s_rate/1e3:.1f} k")
print(f"ratio: {g_rate / s_rate:.0f}x SimPy (goal >= 100x)")
if bad:
    sys.exit(f"gpufleet and SimPy disagree beyond Monte Carlo tolerance on: {', '.join(bad)}")
print("statistics agree within 4 standard errors")
PY
