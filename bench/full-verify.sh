#!/usr/bin/env bash
# Issue 5 benchmark: the full `deploycheck verify --env local` against the demo backend (started once, like
# scripts/demo.sh; its start is not timed) must finish in under 3 s wall. Times N runs (median), records the load
# average, and lists the slowest items of the last run from its JSON report (per-item durations).
# Between runs the backend's rate-limit counters are reset in Redis (untimed): one verify run deliberately uses
# up the client's auth budget (rate-limiting item), so a second run within the 60 s window would otherwise fail.
# Usage: bench/full-verify.sh [runs]   (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
cd "$root"
# shellcheck source=bench/backend.sh
source "$root/bench/backend.sh"
work="$root/bench/out/full-verify"
rm -rf "$work" && mkdir -p "$work"
trap 'stop_backend' EXIT
"$root/bin/deploycheck" --version > /dev/null # builds if stale, records the CDS archive: not timed
start_backend "$work"

# CPU seconds used so far by the backend and everything under it (embedded PostgreSQL, redis-server)
tree_cpu() { # milliseconds (utime+stime from /proc, 10 ms ticks) of process $1 and all its descendants
  python3 - "$1" <<'PY'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
kids, cpu = {}, {}
for d in os.listdir("/proc"):
    if not d.isdigit():
        continue
    try:
        f = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    kids.setdefault(f[1], []).append(d)
    cpu[d] = int(f[11]) + int(f[12])
def walk(p):
    return cpu.get(p, 0) + sum(walk(c) for c in kids.get(p, []))
print(walk(sys.argv[1]) * 1000 // tick)
PY
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
walls=(); codes=(); cpus=(); backend_cpus=(); noload=()
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  reset_rate_limits
  b0="$(tree_cpu "$BACKEND_PID")"
  s=$(date +%s%N)
  set +e
  /usr/bin/time -f '%U %S' -o "$work/time-$i.txt" \
    "$root/bin/deploycheck" verify --env local -f json -o "$work/report-$i.json" > "$work/console-$i.txt" 2>&1
  code=$?
  set -e
  e=$(date +%s%N)
  b1="$(tree_cpu "$BACKEND_PID")"
  walls+=($(( (e - s) / 1000000 ))); codes+=("$code")
  # attribution, interleaved: the same verify without the two bounded load items
  # (tests-performance: 200 requests at concurrency 8; tests-load: 100 requests at concurrency 8)
  reset_rate_limits
  s=$(date +%s%N)
  "$root/bin/deploycheck" verify --env local --skip tests-performance,tests-load -f json -o "$work/noload-$i.json" > /dev/null 2>&1 || true
  e=$(date +%s%N)
  noload+=($(( (e - s) / 1000000 )))
  cpus+=("$(tail -1 "$work/time-$i.txt" | awk '{printf "%d", ($1 + $2) * 1000}')"); backend_cpus+=($(( b1 - b0 )))
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores  load average at start: $load_start  at end: $load_end"
echo "command: bin/deploycheck verify --env local -f json -o report.json   (backend of scripts/demo.sh, started once)"
echo "runs: $runs  exit codes: ${codes[*]}  last run: $(tail -1 "$work/console-$runs.txt")"
echo "wall: median $(printf '%s\n' "${walls[@]}" | median) ms  (all: ${walls[*]})"
echo "wall without the two load items (--skip tests-performance,tests-load): median $(printf '%s\n' "${noload[@]}" | median) ms  (all: ${noload[*]})"
echo "CPU of the deploycheck process (user+sys): median $(printf '%s\n' "${cpus[@]}" | median) ms  (all: ${cpus[*]})"
echo "CPU of the backend + embedded PostgreSQL/Redis during the run: median $(printf '%s\n' "${backend_cpus[@]}" | median) ms  (all: ${backend_cpus[*]})"
echo
python3 - "$work" "$runs" <<'EOF'
import json, sys, statistics
work, runs = sys.argv[1], int(sys.argv[2])
reports = [json.load(open(f"{work}/report-{i}.json")) for i in range(1, runs + 1)]
print("engine-measured run (report durationMs): median %d ms (all: %s)" % (
    statistics.median(r["durationMs"] for r in reports), " ".join(str(r["durationMs"]) for r in reports)))
per = {}
for r in reports:
    t0 = None
    for it in r["items"]:
        per.setdefault(it["id"], []).append(it["durationMs"])
last = reports[-1]
kinds = {it["id"]: (it["kind"], it["verdict"]) for it in last["items"]}
print()
print("| slowest items (median of %d runs) | kind | verdict (last run) | median ms | all |" % runs)
print("|---|---|---|---:|---|")
for id_, ds in sorted(per.items(), key=lambda kv: -statistics.median(kv[1]))[:12]:
    print("| %s | %s | %s | %d | %s |" % (id_, kinds[id_][0], kinds[id_][1], statistics.median(ds), " ".join(map(str, ds))))
retried = {}
for r in reports:
    for it in r["items"]:
        if it.get("attempts", 1) > 1:
            retried[it["id"]] = retried.get(it["id"], 0) + 1
if retried:
    print()
    print("retried (attempts > 1; the retry interval is 1 s): " + ", ".join("%s in %d of %d runs" % (k, v, runs) for k, v in retried.items()))
not_pass = [(it["id"], it["verdict"], it["message"]) for it in last["items"] if it["verdict"] not in ("PASS", "SKIP")]
if not_pass:
    print()
    print("not PASS in the last run: " + "; ".join("%s %s: %s" % x for x in not_pass))
EOF
