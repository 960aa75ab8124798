#!/usr/bin/env bash
# Issue 4 benchmarks (backend part 2), loopback only, bounded in time:
#   chat   200 WebSocket clients in one conversation, 100 messages one every 100 ms: delivery latency
#          (target p99 < 50 ms)                                   -> bench/ChatDeliveryBench.java
#   knowledge  1 MB text upload+index (target < 1 s), then search over >= 10,000 chunks (target p95 < 50 ms)
#                                                                 -> bench/KnowledgeBench.java
# Each run starts a fresh backend (embedded PostgreSQL and Redis, data discarded) from backend/target/backend.jar.
# Usage: bench/backend2.sh [runs]     (default 3; prints every run's RESULT line and the medians)
# Env: BENCH_JAVA_OPTS (default -Xms512m -Xmx512m), BENCH_CLIENTS (200), BENCH_MESSAGES (100)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
java_opts=(${BENCH_JAVA_OPTS:--Xms512m -Xmx512m})
jar="$root/backend/target/backend.jar"
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
      WS_RATE_LIMIT_MESSAGES=1000000 WS_IDLE_TIMEOUT_MS=600000 \
      java "${java_opts[@]}" -jar "$jar" > "$out/backend2-server-$1.log" 2>&1 &
    server=$!
    for _ in $(seq 240); do
      curl -sf "$base/api/ready" >/dev/null && return 0
      kill -0 "$server" 2>/dev/null || break   # exited (e.g. the random port was taken): try another port
      sleep 0.25
    done
    stop
  done
  echo "backend did not become ready; see $out/backend2-server-$1.log" >&2; exit 1
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
value() { grep -o "$1=[0-9.]*" | cut -d= -f2; }

chat_results="$out/backend2-chat.txt"; : > "$chat_results"
kb_results="$out/backend2-knowledge.txt"; : > "$kb_results"
for run in $(seq "$runs"); do
  start "chat-$run"
  # warm-up (JIT) at full size, not recorded
  java "$root/bench/ChatDeliveryBench.java" "$base" "${BENCH_CLIENTS:-200}" 100 100 > /dev/null
  java "$root/bench/ChatDeliveryBench.java" "$base" "${BENCH_CLIENTS:-200}" "${BENCH_MESSAGES:-100}" 100 | tee -a "$chat_results" | grep -E 'RESULT|per-'
  stop
  start "knowledge-$run"
  java "$root/bench/KnowledgeBench.java" "$base" 5 1000 | tee -a "$kb_results" | grep -E 'RESULT|upload|searches|knowledge base|worst'
  stop
done

echo "== medians of $runs runs"
for k in delivery_p50_ms delivery_p99_ms all_clients_p99_ms; do echo "$k $(grep RESULT "$chat_results" | value $k | median)"; done
for k in upload_1mb_median_ms upload_1mb_max_ms search_p50_ms search_p95_ms search_p99_ms chunks; do echo "$k $(grep RESULT "$kb_results" | value $k | median)"; done
