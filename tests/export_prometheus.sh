#!/usr/bin/env bash
# End-to-end test of `gpufleet export`: on the fake NVML library and a fake powercap tree, the
# exporter's /metrics passes `promtool check metrics`, other paths are 404, and a real Prometheus
# server (started here on a free loopback port with a temporary config and data directory)
# scrapes it; the values are read back through Prometheus's HTTP API. Bounded in time; both
# servers are always stopped and the temporary directory removed.
# Usage: export_prometheus.sh GPUFLEET_BINARY FAKE_LIBNVIDIA_ML
set -euo pipefail
cli=$1
fake=$2
for tool in prometheus promtool curl python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not installed (scripts/setup.sh)"; exit 1; }
done
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.log; do echo "== $f"; tail -20 "$f"; done; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Polls `cmd...` every 0.2 s for at most $1 seconds.
wait_for() { local n=$(( $1 * 5 )); shift; for _ in $(seq "$n"); do "$@" && return 0; sleep 0.2; done; return 1; }

cat > "$tmp/nvml.txt" <<'SCRIPT'
device name="NVIDIA H100 80GB HBM3" uuid=GPU-11111111
device name="NVIDIA H100 80GB HBM3" uuid=GPU-22222222 energy=0
power gpu=0 t=0 w=250
power gpu=1 t=0 w=100
SCRIPT
mkdir -p "$tmp/powercap/intel-rapl:0"
echo package-0 > "$tmp/powercap/intel-rapl:0/name"
echo 1000 > "$tmp/powercap/intel-rapl:0/energy_uj"
echo 262143328850 > "$tmp/powercap/intel-rapl:0/max_energy_range_uj"

exporter_port=$(free_port)
FAKE_NVML_SCRIPT="$tmp/nvml.txt" "$cli" export --listen "127.0.0.1:$exporter_port" \
  --interval 100ms --nvml-lib "$fake" --powercap-root "$tmp/powercap" --site italy \
  2> "$tmp/exporter.log" &
exporter=$!
pids+=("$exporter")
url="http://127.0.0.1:$exporter_port"
wait_for 10 curl -sf -o "$tmp/metrics.txt" "$url/metrics" || fail "exporter did not answer"

promtool check metrics < "$tmp/metrics.txt" > "$tmp/promtool.log" 2>&1 || fail "promtool check metrics"
grep -q 'gpufleet_gpu_power_watts{gpu="0",uuid="GPU-11111111",name="NVIDIA H100 80GB HBM3"} 250' \
  "$tmp/metrics.txt" || fail "gpu0 power gauge missing"
grep -q 'gpufleet_rapl_energy_joules_total{domain="package-0",id="cpu-package-0",kind="cpu"}' "$tmp/metrics.txt" \
  || fail "RAPL counter missing"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/")
[ "$code" = 404 ] || fail "GET / answered $code, expected 404"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/metrics/../api")
[ "$code" = 404 ] || fail "GET /api answered $code, expected 404"
# A request body is refused in the exporter's own words, not the API's ("send Content-Length",
# "a GET takes its fields in the query; send a body with POST").
for args in "-X GET --data-binary x" "-H Transfer-Encoding:chunked --data-binary x"; do
  # shellcheck disable=SC2086
  body=$(curl -s $args "$url/metrics")
  case $body in
    *"this server serves GET /metrics, which takes none"*) ;;
    *) fail "curl $args answered '$body', expected the exporter's own refusal of a body" ;;
  esac
done
# The exposition format's content type with its charset (it lacked one), and one content type
# for every error, the exporter's own (404, 405: text/plain before) and the HTTP core's (JSON).
type=$(curl -s -o /dev/null -w '%{content_type}' "$url/metrics")
[ "$type" = "text/plain; version=0.0.4; charset=utf-8" ] || fail "GET /metrics is '$type'"
for args in "$url/" "-X DELETE $url/metrics" "-X GET --data-binary x $url/metrics" \
  "-H Transfer-Encoding:chunked --data-binary x $url/metrics" \
  "-H Content-Encoding:gzip --data-binary x $url/metrics"; do
  # shellcheck disable=SC2086
  got=$(curl -s -o "$tmp/error.json" -w '%{http_code} %{content_type}' $args)
  case $got in
    4[0-9][0-9]" application/json") ;;
    *) fail "curl $args answered '$got', expected an error as application/json" ;;
  esac
  python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["error"]' "$tmp/error.json" \
    || fail "curl $args answered '$(cat "$tmp/error.json")', expected {\"error\": ...}"
done

prom_port=$(free_port)
cat > "$tmp/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: gpufleet
    static_configs:
      - targets: ["127.0.0.1:$exporter_port"]
YAML
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:$prom_port" > "$tmp/prometheus.log" 2>&1 &
pids+=("$!")
api="http://127.0.0.1:$prom_port/api/v1/query"

# Prints the value of the first series an instant query returns (empty when none yet).
query() {
  { curl -sf --get --data-urlencode "query=$1" "$api" || true; } | python3 -c '
import json, sys
try:
    r = json.load(sys.stdin)["data"]["result"]
    print(r[0]["value"][1] if r else "")
except ValueError:
    print("")'
}
has_two_samples() { [ -n "$(query 'count_over_time(gpufleet_gpu_energy_joules_total{gpu="0"}[1m]) >= 2')" ]; }
wait_for 40 has_two_samples || fail "Prometheus did not scrape the exporter twice"

check() {  # name, query, low, high
  local v
  v=$(query "$2")
  python3 -c "import sys; v=float('${v:-nan}'); sys.exit(0 if $3 <= v <= $4 else 1)" \
    || fail "$1: $2 = '${v}', expected $3..$4"
  echo "ok: $1 = $v"
}
check "gpu0 power" 'gpufleet_gpu_power_watts{gpu="0"}' 250 250
check "gpu1 power (no counter)" 'gpufleet_gpu_power_watts{uuid="GPU-22222222"}' 100 100
check "gpu0 energy grows" 'gpufleet_gpu_energy_joules_total{gpu="0"}' 1 1e6
# irate: the last two scrapes' energy difference over their time difference (jitter: the meter
# samples every 0.1 s, Prometheus scrapes every 1 s).
check "gpu0 energy rate ~ 250 W" 'irate(gpufleet_gpu_energy_joules_total{gpu="0"}[30s])' 150 350
check "gpu1 integrated rate ~ 100 W" 'irate(gpufleet_gpu_energy_joules_total{gpu="1"}[30s])' 60 140
check "co2e counter at the site" 'gpufleet_co2e_kg_total{site="italy",bound="value"}' 1e-9 1
check "up" 'up{job="gpufleet"}' 1 1

kill -TERM "$exporter"
wait "$exporter" || fail "exporter exit status $? after SIGTERM, expected 0"
grep -q "stopped" "$tmp/exporter.log" || fail "exporter did not stop cleanly"
echo "PASS: promtool check metrics, 404 elsewhere, bodies refused in its own words, JSON errors, Prometheus round trip, clean shutdown"
