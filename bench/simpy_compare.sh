#!/usr/bin/env bash
# The Llama 3 reliability scenario (16,384 H100, 54 days, llama3-2024 failure model, Daly's
# interval) in gpufleet and in SimPy 3 (bench/simpy_llama3.py), timed in the same run.
# Prints replicas per second of each (medians of 3 runs) and the ratios.
# usage: bench/simpy_compare.sh BUILD_DIR     (env: SIMPY_REPLICAS, default 50)
set -euo pipefail
build=${1:-build}
cli="$build/gpufleet"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scenario="--flops 3.8e25 --params 405e9 --count 16384 --horizon 54d"
"$cli" train $scenario --replicas 1 --format json > "$tmp/plan.json"

"${PYTHON:-/usr/bin/python3}" - "$cli" "$here/simpy_llama3.py" "$tmp" "${SIMPY_REPLICAS:-50}" "$scenario" <<'PY'
import json, statistics, subprocess, sys, time
cli, simpy_script, tmp, n_simpy, scenario = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5].split()
plan = json.load(open(f"{tmp}/plan.json"))["reliability"]
params = {"horizon_s": 54 * 86400, "interval_s": plan["checkpoint_interval_s"],
          "write_s": plan["checkpoint_write_s"],
          "rates_per_s": [c["rate_per_hour"] / 3600 for c in plan["causes"]],
          "restart_s": [c["restart_s"] for c in plan["causes"]],
          "planned_per_s": plan["planned_per_day"] / 86400, "planned_downtime_s": 300}
json.dump(params, open(f"{tmp}/params.json", "w"))

def gpufleet(replicas, threads, extra=()):
    t0 = time.perf_counter()
    out = subprocess.run([cli, "train", *scenario, "--replicas", str(replicas), "--threads", str(threads),
                          "--format", "json", *extra], check=True, capture_output=True, text=True).stdout
    dt = time.perf_counter() - t0
    sim = json.loads(out)["simulation"]
    return dt, sim["interruptions"]["mean"], sim["effective_training_time"]["mean"], sim["events"]

def simpy():
    out = subprocess.run([sys.executable, simpy_script, f"{tmp}/params.json", str(n_simpy)],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    return r["seconds"], r["mean_interruptions"], r["mean_effective_training_time"], r["events"]

def median_of_3(f):
    runs = [f() for _ in range(3)]
    runs.sort(key=lambda r: r[0])
    return runs[1]

rows = [("SimPy 3 (explicit checkpoints), 1 thread", n_simpy, median_of_3(simpy)),
        ("gpufleet --explicit-checkpoints, 1 thread", 1000, median_of_3(lambda: gpufleet(1000, 1, ["--explicit-checkpoints"]))),
        ("gpufleet (default), 1 thread", 10000, median_of_3(lambda: gpufleet(10000, 1))),
        ("gpufleet (default), 2 threads", 10000, median_of_3(lambda: gpufleet(10000, 2)))]
print(f"{'run':<44} {'replicas':>8} {'seconds':>8} {'replicas/s':>11} {'events/s':>10} {'interrupts':>10} {'effective':>9}")
rate = {}
for name, n, (dt, intr, eff, ev) in rows:
    rate[name] = n / dt
    print(f"{name:<44} {n:>8} {dt:>8.3f} {n/dt:>11.1f} {ev/dt/1e6:>9.2f}M {intr:>10.1f} {100*eff:>8.2f}%")
s = rate[rows[0][0]]
print(f"ratio, same model and same events (explicit checkpoints, 1 thread): {rate[rows[1][0]]/s:.0f}x SimPy")
print(f"ratio, gpufleet default (closed-form checkpoint progress), 1 thread: {rate[rows[2][0]]/s:.0f}x SimPy")
print(f"10,000 Llama 3 replicas on 2 threads: {rows[3][2][0]:.3f} s (process start included)")
PY
