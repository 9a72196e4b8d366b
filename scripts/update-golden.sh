#!/usr/bin/env bash
# Regenerates tests/golden/* from the built CLI (after an intended change to the model, the
# catalog data or a renderer). Review `git diff tests/golden` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake --build "$build" --target gpufleet_tests gpufleet_cli
GPUFLEET_UPDATE_GOLDEN=1 "$build/gpufleet_tests" --gtest_filter='Cli/FleetGolden.*' >/dev/null
git status --short tests/golden
