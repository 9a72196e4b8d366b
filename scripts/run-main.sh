#!/usr/bin/env bash
# The main job: the seed article's fleet (Meta's 350,000 H100 and 600,000 H100-equivalents),
# then the article's claims checked.
set -euo pipefail
bin=${1:-build/gpufleet}
"$bin" report
if "$bin" check --help >/dev/null 2>&1; then
  echo
  "$bin" check
fi
