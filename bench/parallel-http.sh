#!/usr/bin/env bash
# Issue 2 benchmark: a checklist of 50 http items against a local server that answers each request after
# 100 ms must finish in under 1.5 s wall with the default concurrency; also the CLI's cold start (--version).
# Usage: bench/parallel-http.sh [runs]   (default 5 runs; prints medians)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
jar="$root/deploycheck/target/deploycheck.jar"
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -pl deploycheck -am package -DskipTests
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
python3 "$root/bench/slow_server.py" "$port" 0.1 & server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break || sleep 0.1; done

{
  echo "version: 1"
  echo "sections:"
  echo "  - name: Bench"
  echo "    items:"
  for i in $(seq 1 50); do
    printf '      - id: item-%02d\n        title: item %d\n        probe: http\n        url: http://127.0.0.1:%s/%d\n        expect: [status == 200]\n' "$i" "$i" "$port" "$i"
  done
} > "$work/checklist.yaml"
printf 'name: bench\n' > "$work/bench.yaml"

java_opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

walls=(); seq_walls=(); starts=()
for _ in $(seq "$runs"); do
  walls+=("$(ms java "${java_opts[@]}" -jar "$jar" verify --checklist "$work/checklist.yaml" --profile "$work/bench.yaml")")
  seq_walls+=("$(ms java "${java_opts[@]}" -jar "$jar" verify --concurrency 1 --checklist "$work/checklist.yaml" --profile "$work/bench.yaml")")
  starts+=("$(ms java "${java_opts[@]}" -jar "$jar" --version)")
done
java "${java_opts[@]}" -jar "$jar" verify --checklist "$work/checklist.yaml" --profile "$work/bench.yaml" | tail -1
echo "runs: $runs"
echo "50 http items x 100 ms, default concurrency: median $(printf '%s\n' "${walls[@]}" | median) ms  (all: ${walls[*]})"
echo "50 http items x 100 ms, --concurrency 1:      median $(printf '%s\n' "${seq_walls[@]}" | median) ms  (all: ${seq_walls[*]})"
echo "cold start (--version):                        median $(printf '%s\n' "${starts[@]}" | median) ms  (all: ${starts[*]})"
