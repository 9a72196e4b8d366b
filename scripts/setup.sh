#!/usr/bin/env bash
# Installs everything gpufleet needs to build, test and benchmark, from Debian's packages and
# npm's registry only. Idempotent: does nothing when everything is already there. Needs root
# (or sudo) the first time on a fresh Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(
  build-essential cmake ninja-build ccache pkg-config
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  python3 python3-simpy3 python3-venv python3-pip python3-pytest python3-pandas
  pybind11-dev python3-pybind11 python3-dev libsqlite3-dev sqlite3
  openmpi-bin libopenmpi-dev
  prometheus wrk hyperfine curl
  chromium nodejs npm
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from another repository under the same command names.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Front-end packages for the dashboard and its browser test, pinned by web/package-lock.json.
if [ -f web/package.json ] && [ ! -d web/node_modules ]; then
  (cd web && npm ci --no-audit --no-fund)
fi
