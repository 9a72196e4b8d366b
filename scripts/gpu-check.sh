#!/usr/bin/env bash
# scripts/gpu-check.sh: checks `gpufleet measure` and `gpufleet burn` on a real NVIDIA GPU in a few
# minutes (about 1-2 min of build, then 2 x ~25 s of GEMM load).
#
#   1. builds gpufleet and gpufleet-burn (CUDA/cuBLAS) with CMake in a fresh directory
#      (or takes prebuilt binaries from GPUFLEET_PREBUILT=DIR, see --prepare below);
#   2. runs `gpufleet burn --seconds 20` alone (TFLOP/s, W, TFLOP/J; compared with the H100 figures
#      of ../shared/measurements/h100-nvml.json, informational);
#   3. runs `gpufleet measure -- gpufleet burn --seconds 20` between two raw NVML counter reads
#      (`gpufleet nvml-probe`) while nvidia-smi samples power every 100 ms;
#   4. prints measure's energy against NVML's own counter delta (PASS within 2%, else FAIL) and
#      against nvidia-smi's integrated power (PASS within 5%, else WARN);
#   5. sweeps `gpufleet burn --decode --model $DECODE_MODEL --batch B` over $DECODE_BATCHES
#      (issue 13: the weight GEMMs of a decode step; tokens/s, W, J/token per batch), written to
#      $OUT/decode-sweep.json for docs/validation.md (informational: a failed batch is a WARN).
# Results: printed, and written as JSON (with the raw files) to $OUT when OUT is set.
# Exit status 0 when every hard check passed, 1 otherwise (with a "GPU-CHECK FAIL:" line).
#
# Usage on the GPU machine:          scripts/gpu-check.sh
#   env: GPU_INDEX (NVML/PCI index, default 0), BURN_SECONDS (default 20), OUT (results dir),
#        TOLERANCE_PCT (default 2), DECODE_MODEL (default llama-3.1-8b), DECODE_BATCHES
#        (default "1 8 32 64 128 256"), DECODE_GPUS (gpus_per_replica, default 1),
#        DECODE_SECONDS (per batch, default 10), DECODE_CATALOG_GPU (catalog id for the plan's
#        memory check, e.g. h200; default h100-sxm),
#        GPUFLEET_PREBUILT=DIR (skip the build: DIR/gpufleet, DIR/gpufleet-burn, DIR/lib/*.so)
# Preparing prebuilt binaries on a build machine (when the GPU machine lacks the -dev packages):
#   scripts/gpu-check.sh --prepare build-gpu      (then carry build-gpu/ to the GPU machine)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GPU=${GPU_INDEX:-0}
BURN_SECONDS=${BURN_SECONDS:-20}
TOLERANCE_PCT=${TOLERANCE_PCT:-2}  # measure vs NVML's counter delta (the issue's criterion)
NVIDIA_SMI=${NVIDIA_SMI:-nvidia-smi}
export CUDA_DEVICE_ORDER=PCI_BUS_ID  # CUDA device N is NVML device N
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gpufleet-gpu-check.XXXXXX")  # removed at exit (OUT keeps the results)
SMI_PID=""

log() { echo "[gpu-check $(date +%T)] $*"; }
fail() {
  echo "GPU-CHECK FAIL: $*" >&2
  [ -n "${OUT:-}" ] && mkdir -p "$OUT" && printf '{"status": "FAIL", "reason": %s}\n' \
    "$(printf '%s' "$*" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))' 2>/dev/null || echo '"see log"')" \
    > "$OUT/gpu-check.json" && cp -f "$WORK"/*.json "$WORK"/*.csv "$WORK"/*.log "$OUT/" 2>/dev/null
  exit 1
}
cleanup() { [ -n "$SMI_PID" ] && kill "$SMI_PID" 2>/dev/null; rm -rf "$WORK"; true; }
trap cleanup EXIT
need() { command -v "$1" >/dev/null || fail "$1 not found: $2"; }

find_nvcc() {
  [ -n "${CUDACXX:-}" ] && return
  if command -v nvcc >/dev/null; then export CUDACXX=$(command -v nvcc); return; fi
  for d in /usr/local/cuda/bin /usr/local/cuda-*/bin; do
    [ -x "$d/nvcc" ] && export CUDACXX="$d/nvcc" && return
  done
  fail "nvcc not found (set CUDACXX or install the CUDA toolkit): gpufleet burn needs nvcc and cuBLAS"
}

build() {  # build DIR BUILD_TYPE
  need cmake "install cmake (>= 3.25)"
  need python3 "python3 reads the JSON results"
  find_nvcc
  local gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  log "configuring in $1 (CUDACXX=$CUDACXX)"
  cmake -S "$ROOT" -B "$1" "${gen[@]}" -DCMAKE_BUILD_TYPE="$2" -DGPUFLEET_BENCH=OFF \
    -DCMAKE_CUDA_COMPILER="$CUDACXX" > "$WORK/configure.log" 2>&1 || {
    tail -25 "$WORK/configure.log"
    fail "cmake configure failed (missing -dev packages? see scripts/setup.sh; or build elsewhere with --prepare and set GPUFLEET_PREBUILT)"
  }
  grep -q "gpufleet-burn: CUDA" "$WORK/configure.log" || fail "CMake did not find CUDA: no gpufleet-burn"
  log "building gpufleet and gpufleet-burn"
  cmake --build "$1" -j "$(nproc)" --target gpufleet_cli gpufleet_burn > "$WORK/build.log" 2>&1 || {
    tail -30 "$WORK/build.log"
    fail "build failed"
  }
}

if [ "${1:-}" = "--prepare" ]; then
  # DIR gets only the binaries and their non-system libraries (a few MB to carry); the CMake
  # tree goes to DIR-cmake. libstdc++/libgcc_s go to DIR/lib/fallback, used only when the GPU
  # machine's own are too old.
  dir=${2:?usage: scripts/gpu-check.sh --prepare DIR}
  dir=${dir%/}
  build "$dir-cmake" Release
  rm -rf "$dir" && mkdir -p "$dir/lib/fallback"
  cp "$dir-cmake/gpufleet" "$dir-cmake/gpufleet-burn" "$dir/"
  for bin in "$dir/gpufleet" "$dir/gpufleet-burn"; do
    ldd "$bin" | awk '/=> \// {print $3}' |
      grep -v -E '/(libc|libm|libdl|librt|libpthread|ld-linux[^/]*)\.so|/usr/local/cuda|libcuda' |
      while read -r lib; do
        case "$lib" in
          */libstdc++.so*|*/libgcc_s.so*) cp -L -n "$lib" "$dir/lib/fallback/" ;;
          *) cp -L -n "$lib" "$dir/lib/" ;;
        esac
      done
  done
  strip "$dir/gpufleet" "$dir/gpufleet-burn" 2>/dev/null
  log "prepared $dir ($(du -sh "$dir" | cut -f1)); on the GPU machine run:"
  echo "  GPUFLEET_PREBUILT=$dir scripts/gpu-check.sh"
  exit 0
fi

need python3 "python3 reads the JSON results"
need "$NVIDIA_SMI" "no NVIDIA driver tools: is this a GPU machine?"
"$NVIDIA_SMI" -L > "$WORK/gpus.log" 2>&1 || { cat "$WORK/gpus.log"; fail "nvidia-smi -L failed: no usable GPU"; }
cat "$WORK/gpus.log"

if [ -n "${GPUFLEET_PREBUILT:-}" ]; then
  BIN=$(cd "$GPUFLEET_PREBUILT" && pwd)
  export LD_LIBRARY_PATH="$BIN/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if ! "$BIN/gpufleet" --version > /dev/null 2>&1 && [ -d "$BIN/lib/fallback" ]; then
    export LD_LIBRARY_PATH="$BIN/lib/fallback:$LD_LIBRARY_PATH"  # this machine's libstdc++ is older
  fi
  "$BIN/gpufleet" --version > /dev/null 2>"$WORK/loader.log" || {
    cat "$WORK/loader.log"
    fail "the prebuilt gpufleet does not start here (C/C++ runtime too old? build on this machine instead)"
  }
  log "using prebuilt binaries in $BIN"
else
  BIN=$WORK/build
  build "$BIN" Release
fi
[ -x "$BIN/gpufleet" ] || fail "$BIN/gpufleet missing"
[ -x "$BIN/gpufleet-burn" ] || fail "$BIN/gpufleet-burn missing (built without CUDA?)"
if ldd "$BIN/gpufleet-burn" 2>/dev/null | grep -q "not found"; then
  # cuBLAS from a pip wheel (nvidia-cublas) when there is no toolkit on this machine.
  libdir=$(python3 - <<'PY' 2>/dev/null
import glob, site, sys
for p in site.getsitepackages() + [site.getusersitepackages()]:
    for f in glob.glob(p + "/nvidia/**/libcublas.so.13", recursive=True):
        print(f.rsplit("/", 1)[0]); sys.exit()
PY
)
  [ -n "$libdir" ] && export LD_LIBRARY_PATH="$libdir:${LD_LIBRARY_PATH:-}"
  ldd "$BIN/gpufleet-burn" | grep "not found" && fail "gpufleet-burn cannot load the libraries above (cuBLAS 13 / CUDA 13 runtime)"
fi
GF="$BIN/gpufleet"

"$NVIDIA_SMI" -i "$GPU" --query-gpu=name,uuid,driver_version,power.limit,persistence_mode,mig.mode.current \
  --format=csv | tee "$WORK/gpu.csv"

log "NVML probe"
"$GF" nvml-probe --format json --gpus "$GPU" > "$WORK/probe0.json" 2> "$WORK/probe0.log" ||
  { cat "$WORK/probe0.json" "$WORK/probe0.log"; fail "gpufleet nvml-probe found no GPU $GPU through NVML"; }
python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["gpus"][0]; sys.exit(0 if "energy_mj" in g else 1)' \
  "$WORK/probe0.json" || fail "GPU $GPU has no NVML total-energy counter: the 2% check needs it"

log "gpufleet burn --seconds $BURN_SECONDS (alone)"
timeout $((BURN_SECONDS + 120)) "$GF" burn --seconds "$BURN_SECONDS" --device "$GPU" --format json \
  > "$WORK/burn.json" 2> "$WORK/burn.log" || { cat "$WORK/burn.log"; fail "gpufleet burn failed"; }
cat "$WORK/burn.json"

# nvidia-smi samples power every 100 ms in the background (instantaneous reading when offered).
field=power.draw.instant
"$NVIDIA_SMI" -i "$GPU" --query-gpu=$field --format=csv,noheader,nounits > /dev/null 2>&1 || field=power.draw
"$NVIDIA_SMI" -i "$GPU" --query-gpu=timestamp,$field --format=csv,noheader,nounits -lms 100 \
  > "$WORK/smi.csv" 2> "$WORK/smi.log" &
SMI_PID=$!
sleep 1

log "gpufleet measure -- gpufleet burn --seconds $BURN_SECONDS, between two NVML counter reads"
"$GF" nvml-probe --format json --gpus "$GPU" > "$WORK/probe1.json" || fail "probe before failed"
timeout $((BURN_SECONDS + 120)) "$GF" measure --format json -o "$WORK/measure.json" --gpus "$GPU" \
  --interval 100ms -- "$GF" burn --seconds "$BURN_SECONDS" --device "$GPU" --format json \
  > "$WORK/burn_measured.json" 2> "$WORK/measure.log"
rc=$?
"$GF" nvml-probe --format json --gpus "$GPU" > "$WORK/probe2.json" || fail "probe after failed"
sleep 0.5
kill "$SMI_PID" 2>/dev/null
wait "$SMI_PID" 2>/dev/null
SMI_PID=""
[ "$rc" = 0 ] || { cat "$WORK/measure.log"; fail "gpufleet measure exited $rc"; }

DECODE_MODEL=${DECODE_MODEL:-llama-3.1-8b}
DECODE_BATCHES=${DECODE_BATCHES:-"1 8 32 64 128 256"}
DECODE_GPUS=${DECODE_GPUS:-1}
DECODE_SECONDS=${DECODE_SECONDS:-10}
log "decode sweep: gpufleet burn --decode --model $DECODE_MODEL, batches $DECODE_BATCHES"
for b in $DECODE_BATCHES; do
  timeout $((${DECODE_SECONDS%.*} + 300)) "$GF" burn --decode --model "$DECODE_MODEL" --batch "$b" \
    --gpus-per-replica "$DECODE_GPUS" ${DECODE_CATALOG_GPU:+--gpu "$DECODE_CATALOG_GPU"} --seconds "$DECODE_SECONDS" --device "$GPU" --format json \
    > "$WORK/decode-b$b.json" 2> "$WORK/decode-b$b.log" ||
    { log "WARN: decode batch $b failed: $(tail -1 "$WORK/decode-b$b.log")"; rm -f "$WORK/decode-b$b.json"; }
done
python3 - "$WORK" "$DECODE_MODEL" $DECODE_BATCHES <<'PY' || log "WARN: no decode sweep table"
import json, os, sys
work, model, batches = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = []
for b in batches:
    p = os.path.join(work, f"decode-b{b}.json")
    if os.path.exists(p):
        rows.append(json.load(open(p)))
json.dump({"model": model, "rows": rows}, open(os.path.join(work, "decode-sweep.json"), "w"), indent=2)
print(f"\n{'batch':>6} {'ms/step':>9} {'tokens/s':>10} {'GB/s':>8} {'W':>7} {'J/token':>9}")
for r in rows:
    print(f"{r['batch']:>6} {1e3 * r['step_s']:9.3f} {r['tokens_per_s']:10.0f} "
          f"{r['weight_bytes_per_s'] / 1e9:8.0f} {r.get('avg_power_w', float('nan')):7.1f} "
          f"{r.get('j_per_token', float('nan')):9.4f}")
PY

log "comparison"
python3 - "$WORK" "$GPU" "${OUT:-}" "$field" "$TOLERANCE_PCT" <<'PY'
import datetime, json, os, shutil, sys
work, gpu, out, field = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
tolerance = float(sys.argv[5])
load = lambda n: json.load(open(os.path.join(work, n)))
burn, burn2, meas = load("burn.json"), load("burn_measured.json"), load("measure.json")
p1, p2 = load("probe1.json")["gpus"][0], load("probe2.json")["gpus"][0]
dev = next((d for d in meas["devices"] if d.get("uuid") == p1["uuid"]), None)
if dev is None:
    sys.exit("GPU-CHECK FAIL: measure.json has no device with UUID " + p1["uuid"])
measured = dev["energy_j"]["value"]
counter = (p2["energy_mj"] - p1["energy_mj"]) / 1000.0
t0, t1 = meas["started_unix_s"], meas["started_unix_s"] + meas["duration_s"]

def smi_energy():
    pts = []
    for line in open(os.path.join(work, "smi.csv")):
        parts = [p.strip() for p in line.split(",")]
        try:
            ts = datetime.datetime.strptime(parts[0], "%Y/%m/%d %H:%M:%S.%f").timestamp()
            pts.append((ts, float(parts[1])))
        except (ValueError, IndexError):
            continue
    pts = [p for p in pts if t0 <= p[0] <= t1]
    if len(pts) < 10:
        return None, len(pts)
    e = sum((b[0] - a[0]) * (a[1] + b[1]) / 2 for a, b in zip(pts, pts[1:]))
    span = pts[-1][0] - pts[0][0]
    return e * (t1 - t0) / span, len(pts)  # scaled to the whole window

def pct(a, b):
    return 100.0 * (a - b) / b if b else float("inf")

smi, smi_n = smi_energy()
ref = {"tflops": 681.5122, "avg_power_w": 698.7348, "tflop_per_j": 0.9754}  # h100-nvml.json
checks = []
def check(name, value, reference, tol, hard):
    d = pct(value, reference)
    ok = abs(d) <= tol
    checks.append({"check": name, "value": value, "reference": reference, "diff_pct": d,
                   "tolerance_pct": tol, "result": "PASS" if ok else ("FAIL" if hard else "WARN")})

check("measure energy vs NVML counter delta (J)", measured, counter, tolerance, True)
if smi is not None:
    check(f"measure energy vs nvidia-smi {field} integrated (J)", measured, smi, 5.0, False)
if dev.get("energy_from_power_j") is not None and dev.get("energy_from_counter_j") is not None:
    check("measure's power integration vs its counter (J)", dev["energy_from_power_j"],
          dev["energy_from_counter_j"], 5.0, False)  # null: that source was never read
for k in ("tflops", "avg_power_w", "tflop_per_j"):
    if k in burn:
        check(f"burn {k} vs H100 reference", burn[k], ref[k], 15.0, False)
hard_ok = burn.get("tflops", 0) > 0 and burn.get("avg_power_w", 0) > 0
if not hard_ok:
    checks.append({"check": "burn reports TFLOP/s and NVML power", "result": "FAIL"})

print(f"\nGPU {gpu}: {p1['name']} {p1['uuid']}")
print(f"burn alone: {burn.get('tflops', 0):.1f} TFLOP/s, {burn.get('avg_power_w', 0):.1f} W, "
      f"{burn.get('tflop_per_j', 0):.3f} TFLOP/J ({burn['dtype']} {burn['size']}^3, {burn['seconds']:.1f} s)")
print(f"measure window {meas['duration_s']:.2f} s, {meas['sampling_rounds']} rounds, method "
      f"{dev['method']}, partial={meas['partial']}; nvidia-smi samples in window: {smi_n}")
print(f"energy: measure {measured:.1f} J, NVML counter delta {counter:.1f} J, "
      f"nvidia-smi {smi if smi is not None else float('nan'):.1f} J\n")
print(f"{'check':58} {'value':>12} {'reference':>12} {'diff %':>8}  result")
for c in checks:
    if "value" in c:
        print(f"{c['check']:58} {c['value']:12.3f} {c['reference']:12.3f} {c['diff_pct']:8.2f}  "
              f"{c['result']} (tolerance {c['tolerance_pct']}%)")
    else:
        print(f"{c['check']:58} {'':12} {'':12} {'':8}  {c['result']}")
failed = [c for c in checks if c["result"] == "FAIL"]
status = "FAIL" if failed else "PASS"
summary = {"status": status, "gpu": p1, "burn": burn, "burn_measured": burn2,
           "measure_energy_j": measured, "nvml_counter_delta_j": counter,
           "nvidia_smi_energy_j": smi, "nvidia_smi_samples": smi_n, "nvidia_smi_field": field,
           "measure": meas, "checks": checks}
if out:
    os.makedirs(out, exist_ok=True)
    json.dump(summary, open(os.path.join(out, "gpu-check.json"), "w"), indent=2)
    for n in os.listdir(work):
        if n.endswith((".json", ".csv", ".log")):
            shutil.copy(os.path.join(work, n), out)
print(f"\nGPU-CHECK {status}" + (": " + "; ".join(c["check"] for c in failed) if failed else ""))
sys.exit(1 if failed else 0)
PY
