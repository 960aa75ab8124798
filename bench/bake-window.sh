#!/usr/bin/env bash
# Issue 10 benchmark: the bake loop's overhead per round at 30 items. 30 http items against a local server that
# answers at once (bench/slow_server.py with 0 delay), so what is measured is deploycheck's own cost per round.
# Side by side, interleaved, in one run:
#   watch:  one `deploycheck watch --for ${ROUNDS}s --every 1s` process (ROUNDS rounds in one JVM)
#   verify: ROUNDS separate `deploycheck verify` processes (what a shell loop around verify would cost)
# Reported per round: CPU (user+sys of the process and its children, from os.times() in a python wrapper), and
# the round's wall time (watch: rounds[].durationMs of its JSON report, the first round left out as warm-up;
# verify: the whole process).
# Usage: bench/bake-window.sh [repeats] [rounds]   (defaults 3 and 20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-3}"
rounds="${2:-20}"
jar="$root/deploycheck/target/deploycheck.jar"
"$root/bin/deploycheck" --version > /dev/null # builds if stale, outside timing
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
python3 "$root/bench/slow_server.py" "$port" 0 & server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break || sleep 0.1; done
{
  echo "version: 1"
  echo "sections:"
  echo "  - name: Bench"
  echo "    items:"
  for i in $(seq 1 30); do
    printf '      - id: item-%02d\n        title: item %d\n        probe: http\n        url: http://127.0.0.1:%s/%d\n        expect: [status == 200]\n' "$i" "$i" "$port" "$i"
  done
} > "$work/checklist.yaml"
printf 'name: bench\n' > "$work/bench.yaml"
target=(--checklist "$work/checklist.yaml" --profile "$work/bench.yaml")

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
# cpu_ms CMD...: user+sys milliseconds of CMD and its children (GNU time is not installed everywhere)
cpu_ms() {
  python3 - "$@" <<'PY'
import os, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t = os.times()
print(int((t.children_user + t.children_system) * 1000), file=open(os.environ["CPU_OUT"], "w"))
PY
  cat "$CPU_OUT"
}
export CPU_OUT="$work/cpu"
w_cpu=() v_cpu=() w_wall=() v_wall=() round_ms=()
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq "$repeats"); do
  s=$(date +%s%N)
  c=$(cpu_ms java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" watch "${target[@]}" --for "${rounds}s" --every 1s -f "json=$work/watch.json")
  e=$(date +%s%N)
  w_cpu+=("$((c / rounds))"); w_wall+=("$(( (e - s) / 1000000 ))")
  round_ms+=($(python3 -c "import json,sys; w=json.load(open('$work/watch.json'))['watch']; print(' '.join(str(r['durationMs']) for r in w['rounds'][1:]))"))
  total=0 s=$(date +%s%N)
  for _ in $(seq "$rounds"); do
    c=$(cpu_ms java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" verify "${target[@]}")
    total=$((total + c))
  done
  e=$(date +%s%N)
  v_cpu+=("$((total / rounds))"); v_wall+=("$(( (e - s) / 1000000 / rounds ))")
done
echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores  load average at start: $load_start  at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "30 http items, $rounds rounds, $repeats repeats (interleaved); medians in ms"
echo
echo "| per round | watch (one process) | verify (a process per round) |"
echo "|---|---:|---:|"
echo "| CPU (user+sys) | $(printf '%s\n' "${w_cpu[@]}" | median) | $(printf '%s\n' "${v_cpu[@]}" | median) |"
echo "| wall of a round (watch: rounds 2..N from its report; verify: the process) | $(printf '%s\n' "${round_ms[@]}" | median) | $(printf '%s\n' "${v_wall[@]}" | median) |"
echo
echo "watch CPU per round, each repeat: ${w_cpu[*]}; verify: ${v_cpu[*]}"
echo "watch process wall (${rounds} rounds at 1s): ${w_wall[*]}"
