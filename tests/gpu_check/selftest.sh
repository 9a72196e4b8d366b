#!/usr/bin/env bash
# Runs scripts/gpu-check.sh without a GPU: the real gpufleet binary on the fake NVML library
# (700 W, counter moving every 100 ms like an H100's, Unix-time clock so that separate processes
# agree), a stand-in nvidia-smi and a stand-in gpufleet-burn. Checks that the script's plumbing,
# parsing and comparisons work and that it writes $OUT/gpu-check.json with status PASS.
# Usage: selftest.sh GPUFLEET_BINARY FAKE_LIBNVIDIA_ML
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
cp "$1" "$tmp/bin/gpufleet"  # a copy: `gpufleet burn` runs gpufleet-burn from its own directory
cp "$here/gpufleet-burn" "$tmp/bin/"
printf 'clock wall\ndevice name="Fake H100" uuid=GPU-selftest quantum=0.1\npower gpu=0 t=0 w=700\n' > "$tmp/nvml.txt"
export FAKE_NVML_SCRIPT="$tmp/nvml.txt" GPUFLEET_NVML_LIB="$2" NVIDIA_SMI="$here/nvidia-smi"
# A 2 s load at a constant 700 W: the ~0.1 s between the outer probes and measure's own window
# weighs ~4% here (on a GPU it is idle time against a 20 s load), and a loaded test machine stretches it: the tolerance is wide (the plumbing is under test).
export GPUFLEET_PREBUILT="$tmp/bin" BURN_SECONDS=2 TOLERANCE_PCT=25 OUT="$tmp/out"
export DECODE_BATCHES="1 32" DECODE_SECONDS=0.1
mkdir -p "$tmp/scratch"
TMPDIR="$tmp/scratch" bash "$here/../../scripts/gpu-check.sh"
# The script removes its scratch directory (it held a whole build when not given one).
[ -z "$(ls -A "$tmp/scratch")" ] || { echo "FAIL: gpu-check.sh left $(ls "$tmp/scratch")"; exit 1; }
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if [r["batch"] for r in s["rows"]] == [1, 32] else 1)' \
  "$tmp/out/decode-sweep.json"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if s["status"] == "PASS" else 1)' \
  "$tmp/out/gpu-check.json"
echo "PASS: gpu-check.sh self-test"
