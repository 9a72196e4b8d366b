#!/usr/bin/env bash
# The README's install, tested (tests/python.cmake): a virtual environment that sees Debian's
# packages, `pip install --no-build-isolation .` offline (no package index), then the issue's
# one-liner from another directory, which must import the installed module and print figures.
# Reuses the CMake build directory (GPUFLEET_BUILD_DIR): setup.py builds the target
# gpufleet_python there (already built: nothing to do) and copies the module.
# Usage: pip_install.sh SOURCE_DIR BUILD_DIR [PYTHON]
set -euo pipefail
src=$1
build=$2
python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m venv --system-site-packages "$tmp/venv"
cd "$src"
GPUFLEET_BUILD_DIR="$build" PIP_NO_INDEX=1 "$tmp/venv/bin/pip" install --no-build-isolation \
  --no-deps --quiet --disable-pip-version-check .
cd "$tmp"
where=$("$tmp/venv/bin/python" -c "import gpufleet; print(gpufleet.__file__)")
case "$where" in
  "$tmp/venv/"*) ;;
  *) echo "pip_install: imported $where, not the venv's module"; exit 1 ;;
esac
out=$("$tmp/venv/bin/python" -c \
  "import gpufleet; print(gpufleet.fleet(gpu='h100-sxm', count=350000, hours=8760))")
echo "$out"
grep -q "^gpufleet fleet (gpu h100-sxm, count 350,000 GPUs)" <<<"$out"
grep -Eq "Facility energy|energy" <<<"$out"
grep -q "TWh" <<<"$out"
"$tmp/venv/bin/pip" uninstall --yes --quiet gpufleet
if "$tmp/venv/bin/python" -c "import gpufleet" 2>/dev/null; then
  echo "pip_install: gpufleet still importable after uninstall"; exit 1
fi
echo "pip_install: installed, imported from the venv, printed the fleet, uninstalled"
