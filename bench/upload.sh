#!/usr/bin/env bash
# Issue 13 benchmark: the round trip of one knowledge upload per size (1 MB and 10 MB by default), for text with
# blank lines between paragraphs and for text without any ("flat"), so that time per MB can be compared across
# sizes (it must stay flat: the 10 MB case once took a minute). Loopback only.
# Each run starts a fresh backend (embedded PostgreSQL and Redis, data discarded) from backend/target/backend.jar
# and runs bench/UploadBench.java (one warm-up upload, then each size once per shape).
# Usage: bench/upload.sh [runs] [sizesInMB]   (default 3 runs, sizes 1,10; prints each run's RESULT line and the medians)
# Env: BENCH_JAVA_OPTS (default -Xms512m -Xmx512m), BENCH_JAR (another build to compare, e.g. one from before a fix)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
sizes="${2:-1,10}"
java_opts=(${BENCH_JAVA_OPTS:--Xms512m -Xmx512m})
jar="${BENCH_JAR:-$root/backend/target/backend.jar}"
out="$root/bench/out"
mkdir -p "$out"
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -pl backend -am package -DskipTests

server=""
stop() { if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap stop EXIT
start() {
  for attempt in 1 2 3; do
    port=$((20000 + RANDOM % 20000))
    base="http://127.0.0.1:$port"
    PORT=$port BIND_ADDRESS=127.0.0.1 RATE_LIMIT_REQUESTS=1000000000 RATE_LIMIT_AUTH_REQUESTS=1000 \
      java "${java_opts[@]}" -jar "$jar" > "$out/upload-server-$1.log" 2>&1 &
    server=$!
    for _ in $(seq 240); do
      curl -sf "$base/api/ready" >/dev/null && return 0
      kill -0 "$server" 2>/dev/null || break   # exited (e.g. the random port was taken): try another port
      sleep 0.25
    done
    stop
  done
  echo "backend did not become ready; see $out/upload-server-$1.log" >&2; exit 1
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

results="$out/upload.txt"; : > "$results"
for run in $(seq "$runs"); do
  start "$run"
  java "$root/bench/UploadBench.java" "$base" 1 "$sizes" | tee -a "$results"
  stop
done

echo "== medians of $runs runs (ms)"
for key in $(grep -m1 RESULT "$results" | tr ' ' '\n' | grep = | cut -d= -f1); do
  echo "$key $(grep RESULT "$results" | grep -o "$key=[0-9.]*" | cut -d= -f2 | median)"
done
