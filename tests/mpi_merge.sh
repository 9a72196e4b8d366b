#!/usr/bin/env bash
# mpirun -n 4 of `gpufleet measure` on the fake NVML library (4 fake GPUs, counters on the wall
# clock so every process sees the same counters), then `gpufleet merge`:
#  1. by default only local rank 0 reads the node's GPUs: the job counts 4 GPUs, no duplicate,
#     and the naive sum of every record equals the merged total;
#  2. with --every-rank (the CodeCarbon #544 situation) every rank reads every GPU: merge still
#     counts 4 GPUs, reports 4 duplicates (each GPU read by 4 records), and the naive sum of the
#     records is about 4 times the merged total.
# Also: a ledger and a CSV shared by the 4 processes get one record each.
# Usage: mpi_merge.sh GPUFLEET_BINARY FAKE_LIBNVIDIA_ML
set -euo pipefail
cli=$1
fake=$2
command -v mpirun >/dev/null || { echo "SKIP: mpirun not installed (OpenMPI, scripts/setup.sh)"; exit 77; }
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.log; do [ -e "$f" ] && { echo "== $f"; tail -20 "$f"; }; done; exit 1; }

cat > "$tmp/nvml.txt" <<'SCRIPT'
clock wall
device name="Fake H100" uuid=GPU-aaaa
device name="Fake H100" uuid=GPU-bbbb
device name="Fake H100" uuid=GPU-cccc
device name="Fake H100" uuid=GPU-dddd
power gpu=0 t=0 w=100
power gpu=1 t=0 w=200
power gpu=2 t=0 w=300
power gpu=3 t=0 w=400
SCRIPT

run() {  # run DIR EXTRA_FLAGS...: 4 ranks, each writing DIR/rank<N>.json
  local dir=$1
  shift
  mkdir -p "$dir"
  timeout 120 mpirun --allow-run-as-root --oversubscribe -n 4 \
    -x FAKE_NVML_SCRIPT="$tmp/nvml.txt" -x GPUFLEET_NODE=node-1 -x GPUFLEET_JOB=job-15 \
    bash -c 'exec "$0" measure --no-cpu --nvml-lib "$1" --interval 20ms --format json \
             -o "$2/rank$OMPI_COMM_WORLD_RANK.json" --ledger "$2/ledger.db" --csv "$2/runs.csv" \
             --project mpi "${@:3}" -- sleep 0.3' \
    "$cli" "$fake" "$dir" "$@" >"$dir.log" 2>&1 || fail "mpirun $* (see $dir.log)"
  for r in 0 1 2 3; do [ -s "$dir/rank$r.json" ] || fail "rank $r wrote no report"; done
}

check() {  # check DIR EXPECTED_DUPLICATES MIN_RATIO MAX_RATIO
  "$cli" merge --format json "$1"/rank*.json >"$1/merged.json" 2>"$1.merge.log" ||
    fail "merge $1"
  "$py" - "$1/merged.json" "$2" "$3" "$4" <<'PY' || fail "merge result in $1"
import json, sys
doc = json.load(open(sys.argv[1]))
res = doc["results"]
dups, lo, hi = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
def v(name): return res[name]["value"]
assert v("records") == 4, res["records"]
assert v("nodes") == 1, res["nodes"]
assert v("gpus") == 4, f"each fake GPU once: {v('gpus')}"
assert v("duplicates") == dups, f"duplicates {v('duplicates')} != {dups}"
table = next(s for s in doc["sections"] if s["id"] == "devices")["table"]
uuids = sorted(row[2] for row in table["cells"])
assert uuids == ["GPU-aaaa", "GPU-bbbb", "GPU-cccc", "GPU-dddd"], uuids
total, naive = v("gpu_energy_kwh"), v("naive_energy_kwh")
assert total > 0, total
ratio = naive / total
assert lo <= ratio <= hi, f"naive/merged = {ratio}, expected {lo}..{hi}"
# 1,000 W in all for at least the 0.3 s the command slept
assert total * 3.6e6 >= 0.9 * 1000 * 0.3, total
print(f"ok: 4 GPUs, {dups} duplicates, merged {total * 3.6e6:.1f} J, naive/merged {ratio:.2f}")
PY
}

run "$tmp/one-reader"
check "$tmp/one-reader" 0 1 1.000001
# Ranks 1..3 measured no device: their reports say so.
"$py" - "$tmp/one-reader" <<'PY' || fail "per-rank reports"
import json, sys
for r in range(4):
    j = json.load(open(f"{sys.argv[1]}/rank{r}.json"))
    assert j["launch"]["launcher"] == "openmpi" and j["launch"]["node"] == "node-1", j["launch"]
    assert j["launch"]["job"] == "job-15"
    n = len(j["devices"])
    assert n == (4 if j["launch"]["local_rank"] == 0 else 0), (r, n)
PY

run "$tmp/every-rank" --every-rank
check "$tmp/every-rank" 4 3 4.000001

# The shared ledger and CSV: one record per process.
n=$("$cli" ledger --db "$tmp/every-rank/ledger.db" --by project --format json |
  "$py" -c 'import json,sys; print(int(json.load(sys.stdin)["sections"][0]["rows"]["records"]["value"]))') ||
  fail "ledger"
[ "$n" -eq 4 ] || fail "ledger: expected 4 records, got $n"
echo "ledger records: $n"
[ "$(wc -l <"$tmp/every-rank/runs.csv")" -eq 5 ] || fail "CSV: expected a header and 4 lines"
echo "PASS"
