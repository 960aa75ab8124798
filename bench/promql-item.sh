#!/usr/bin/env bash
# Issue 10 benchmark: the wall time of a prometheus item. A real Prometheus (Debian's package) on a free port
# scrapes itself every second with monitoring/rules loaded; then `deploycheck verify` runs a one-item checklist
# N times: a PromQL p95 (histogram_quantile over rate) with an expectation. Records, per run, the item's own
# duration (JSON report durationMs: request, answer, parse) and the whole process (JVM start to exit); medians;
# and the same item warm (the 2nd to 10th of ten copies run one at a time in one process).
# Usage: bench/promql-item.sh [runs]   (default 11)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
out="$root/bench/out/promql"
rm -rf "$out" && mkdir -p "$out"
source "$root/scripts/prometheus.sh"
ensure_prometheus promql-item.sh || exit 2
[[ -f "$root/deploycheck/target/deploycheck.jar" ]] || mvn -B -q -f "$root/pom.xml" -pl deploycheck -am package -DskipTests

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
data="$(mktemp -d -t deploycheck-bench-prometheus.XXXXXX)"
cat > "$out/prometheus.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: ['$root/monitoring/rules/backend-alerts.yml']
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ['127.0.0.1:$port']}]
YAML
prometheus --config.file="$out/prometheus.yml" --storage.tsdb.path="$data" --web.listen-address="127.0.0.1:$port" \
  > "$out/prometheus.log" 2>&1 &
prom=$!
trap 'kill $prom 2>/dev/null || true; wait $prom 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$port/api/v1/query?query=up" | grep -q '"1"\]' && break || sleep 0.5
done
sleep 3 # a few scrapes, so that rate() has points

cat > "$out/checklist.yaml" <<YAML
version: 1
sections:
  - name: Bench
    items:
      - id: promql-p95
        title: p95 of Prometheus' own API over 5 minutes
        probe: prometheus
        url: http://127.0.0.1:$port
        query: histogram_quantile(0.95, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[5m])))
        as: duration
        expect: [value < 1s]
YAML
printf 'name: bench\n' > "$out/profile.yaml"

java -jar "$root/deploycheck/target/deploycheck.jar" verify --checklist "$out/checklist.yaml" \
  --profile "$out/profile.yaml" -f json -o "$out/warmup.json" >/dev/null  # page cache, Prometheus' first query
items=() walls=()
for i in $(seq "$runs"); do
  t0=$(date +%s%N)
  java -jar "$root/deploycheck/target/deploycheck.jar" verify --checklist "$out/checklist.yaml" \
    --profile "$out/profile.yaml" -f json -o "$out/run-$i.json" >/dev/null
  t1=$(date +%s%N)
  walls+=($(( (t1 - t0) / 1000000 )))
  items+=("$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); i=d["items"][0]; assert i["verdict"]=="PASS", i; print(i["durationMs"])' "$out/run-$i.json")")
done
# warm: the same item 10 times in one process, one at a time; the first pays class loading and the client's set-up
{ echo "version: 1"; echo "sections:"; echo "  - name: Bench"; echo "    items:"
  for k in $(seq 10); do sed -n '/- id: promql-p95/,$p' "$out/checklist.yaml" | sed "s/promql-p95/promql-p95-$k/"; done
} > "$out/warm.yaml"
java -jar "$root/deploycheck/target/deploycheck.jar" verify --checklist "$out/warm.yaml" --concurrency 1 \
  --profile "$out/profile.yaml" -f json -o "$out/warm.json" >/dev/null
warm=($(python3 -c 'import json,sys; print(" ".join(str(i["durationMs"]) for i in json.load(open(sys.argv[1]))["items"][1:]))' "$out/warm.json"))
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "runs: $runs  prometheus: $(prometheus --version 2>&1 | head -1)"
echo "item durationMs: ${items[*]}  median $(median "${items[@]}") ms"
echo "process wall ms: ${walls[*]}  median $(median "${walls[@]}") ms"
echo "warm item durationMs (items 2-10 of one process): ${warm[*]}  median $(median "${warm[@]}") ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
