#!/usr/bin/env bash
# Issue 3 benchmark: wrk against the backend on 127.0.0.1 (embedded PostgreSQL and Redis), 64 connections:
# GET /api/live and the authenticated GET /api/conversations. Records requests/s, p50/p99 and the backend's
# peak RSS; medians of N runs. Targets (2 cores): >= 2000 req/s, p99 < 50 ms for the list, RSS < 512 MB.
# Usage: bench/backend-wrk.sh [runs] [seconds]   (default 3 runs of 15 s per endpoint)
#        BENCH_WRITE=1 also replaces the section "Backend (issue 3)" of bench/RESULTS.md with the result.
# Env: BENCH_JAVA_OPTS (default -Xms256m -Xmx256m), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
#      BENCH_NICE (default 0; e.g. -10 as root runs the backend, its embedded services and wrk ahead of other
#      work on a shared machine, so that the numbers measure the backend rather than the neighbours)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
seconds="${2:-15}"
connections="${BENCH_CONNECTIONS:-64}"
threads="${BENCH_THREADS:-2}"
java_opts=(${BENCH_JAVA_OPTS:--Xms256m -Xmx256m})
niceness="${BENCH_NICE:-0}"
prefix=(); [[ "$niceness" != 0 ]] && prefix=(nice -n "$niceness")
jar="$root/backend/target/backend.jar"
out="$root/bench/out"
mkdir -p "$out"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -pl backend -am package -DskipTests

port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
log="$out/backend-wrk-server.log"
# the limiter stays on (one Redis round trip per request is part of the cost) but with a budget wrk cannot exhaust
PORT=$port BIND_ADDRESS=127.0.0.1 RATE_LIMIT_REQUESTS=1000000000 RATE_LIMIT_AUTH_REQUESTS=1000 \
  "${prefix[@]}" java "${java_opts[@]}" -jar "$jar" > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -sf "$base/api/ready" >/dev/null && break || sleep 0.25; done
curl -sf "$base/api/ready" >/dev/null || { echo "backend did not become ready; see $log" >&2; exit 1; }

email="bench-$RANDOM$RANDOM@example.com"
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"bench-password-42\"}" \
  "$base/api/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
for i in $(seq 1 25); do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"title\":\"bench conversation $i\"}" "$base/api/conversations"
done
# warm-up (JIT) so the measured runs see steady state
wrk -t"$threads" -c"$connections" -d5s "$base/api/live" >/dev/null
wrk -t"$threads" -c"$connections" -d5s -H "Authorization: Bearer $token" "$base/api/conversations" >/dev/null

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v+0} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v}'; }

# one measured run: prints "rps p50ms p99ms peakRssMB non2xx"
measure() {
  local name="$1" run="$2"; shift 2
  local file="$out/wrk-$name-$run.txt"
  local peak=0
  "${prefix[@]}" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@" > "$file" &
  local w=$!
  while kill -0 $w 2>/dev/null; do
    local rss; rss=$(ps -o rss= -p $server | tr -d ' ')
    (( rss > peak )) && peak=$rss
    sleep 0.5
  done
  wait $w
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$file")
  p50=$(awk '$1=="50%" {print $2}' "$file" | to_ms)
  p99=$(awk '$1=="99%" {print $2}' "$file" | to_ms)
  errors=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$file"); errors=${errors:-0}
  echo "$rps $p50 $p99 $((peak / 1024)) $errors"
}

declare -A results
for endpoint in live list; do
  rps=(); p50=(); p99=(); rss=(); err=()
  for run in $(seq "$runs"); do
    if [[ $endpoint == live ]]; then
      read -r a b c d e < <(measure live "$run" "$base/api/live")
    else
      read -r a b c d e < <(measure list "$run" -H "Authorization: Bearer $token" "$base/api/conversations")
    fi
    rps+=("$a"); p50+=("$b"); p99+=("$c"); rss+=("$d"); err+=("$e")
    echo "$endpoint run $run: $a req/s, p50 $b ms, p99 $c ms, peak RSS $d MB, non-2xx $e" >&2
  done
  results[$endpoint]="$(printf '%s\n' "${rps[@]}" | median) $(printf '%s\n' "${p50[@]}" | median) $(printf '%s\n' "${p99[@]}" | median) $(printf '%s\n' "${rss[@]}" | median) $(printf '%s\n' "${err[@]}" | sort -g | tail -1)"
done

read -r live_rps live_p50 live_p99 live_rss live_err <<<"${results[live]}"
read -r list_rps list_p50 list_p99 list_rss list_err <<<"${results[list]}"
verdict() { awk -v r="$list_rps" -v p="$list_p99" -v m="$list_rss" 'BEGIN {print ((r >= 2000 && p < 50 && m < 512) ? "met" : "NOT met")}'; }
report() {
cat <<REPORT
## Backend (issue 3)

Command: \`bench/backend-wrk.sh $runs $seconds\` — wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $threads threads, $connections connections, ${seconds} s per run, medians of $runs runs,
backend \`$(env | grep -E '^(HTTP_MAX_THREADS|DB_POOL_SIZE)=' | sort | tr '\n' ' ')java ${java_opts[*]} -jar backend/target/backend.jar\` on its embedded PostgreSQL and Redis, everything on
127.0.0.1 of one $(nproc)-core machine (wrk shares the cores), niceness $niceness. $(date -u +%Y-%m-%d).

| endpoint | requests/s | p50 | p99 | backend peak RSS | non-2xx |
|---|---|---|---|---|---|
| GET /api/live | $live_rps | $live_p50 ms | $live_p99 ms | $live_rss MB | $live_err |
| GET /api/conversations (Bearer; 20 of 25 rows) | $list_rps | $list_p50 ms | $list_p99 ms | $list_rss MB | $list_err |

Target (>= 2000 req/s, p99 < 50 ms for the authenticated list, RSS < 512 MB): $(verdict).
Machine load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates the tail latency).
REPORT
}
report
if [[ "${BENCH_WRITE:-0}" == 1 ]]; then
  report > "$out/backend-section.md"
  python3 - "$root/bench/RESULTS.md" "$out/backend-section.md" <<'PY'
import re, sys, pathlib
results, section = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
text = results.read_text() if results.exists() else "# Benchmark results\n"
pattern = re.compile(r"^## Backend \(issue 3\)\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
results.write_text(text)
PY
  echo "wrote bench/RESULTS.md" >&2
fi
