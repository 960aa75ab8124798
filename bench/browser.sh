#!/usr/bin/env bash
# Issue 9 benchmark: the wall time of the browser items frontend-loading and frontend-journey, cold and warm,
# against the demo's stack (scripts/demo.sh: the backend on embedded PostgreSQL/Redis, the web app from its own
# HTTPS origin, Debian's Chromium).
#   cold: `deploycheck verify --only frontend-loading,frontend-journey` in a fresh process, a fresh demo stack
#         each time (a new JVM, the first Chromium start of that process, the backend's first requests)
#   warm: the same two items, rounds 2.. of one `deploycheck watch` (the same process and backend, a new
#         Chromium per item as always: every item has its own browser and profile)
# The figure is each item's own durationMs from the JSON report (what the item costs inside a run; the JVM's
# start is not in it). The OS page cache is not dropped: "cold" is a cold process, not a cold disk.
# Both with --concurrency 1: the journey does not wait for the other item's browser (one per two cores).
# Usage: bench/browser.sh [cold-runs] [watch-rounds]   (defaults 3 and 6)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cold_runs="${1:-3}"
rounds="${2:-6}"
items=frontend-loading,frontend-journey
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
durations() { # report.json -> "id ms browser-start-ms verdict" lines of the two items (verify: items[]; watch: watch.series)
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
want = {"frontend-loading", "frontend-journey"}
import re
def started(item):  # "Chromium 156... (headless) via ... started in 605ms" -> 605
    for e in item.get("evidence", []):
        m = re.search(r"started in (\d+)ms$", e) or re.search(r"started in (\d+(?:\.\d+)?)s$", e)
        if m:
            return round(float(m.group(1)) * (1 if e.endswith("ms") else 1000))
    return "-"
if "watch" in r:
    for id, points in r["watch"]["series"].items():
        if id in want:
            for n, verdict, ms in points[1:]:   # round 1 is the process's first: not warm
                print(id, ms, "-", verdict)
else:
    for item in r["items"]:
        if item["id"] in want:
            print(item["id"], item["durationMs"], started(item), item["verdict"])
PY
}
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$cold_runs"); do
  "$root/scripts/demo.sh" --only "$items" --concurrency 1 > /dev/null 2>&1 || { echo "cold run $i failed: see .deploycheck/demo/" >&2; exit 1; }
  durations "$root/.deploycheck/demo/report.json" | sed 's/^/cold /' >> "$out/all"
done
every=10
DEMO_COMMAND=watch "$root/scripts/demo.sh" --only "$items" --concurrency 1 --every "${every}s" --for "$((rounds * every))s" \
  > /dev/null 2>&1 || { echo "the watch run failed: see .deploycheck/demo/" >&2; exit 1; }
durations "$root/.deploycheck/demo/report.json" | sed 's/^/warm /' >> "$out/all"
if grep -qv ' PASS$' "$out/all"; then echo "not every run passed:" >&2; grep -v ' PASS$' "$out/all" >&2; exit 1; fi
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores  load average at start: $load_start  at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(chromium --version 2>/dev/null || echo chromium)  ·  $cold_runs cold runs, $rounds watch rounds (the first not counted)"
echo
echo "| item | cold median ms (all) | of which Chromium's start | warm median ms (all) |"
echo "|---|---:|---:|---:|"
for id in frontend-loading frontend-journey; do
  cold=$(awk -v id="$id" '$1=="cold" && $2==id {print $3}' "$out/all")
  start=$(awk -v id="$id" '$1=="cold" && $2==id {print $4}' "$out/all")
  warm=$(awk -v id="$id" '$1=="warm" && $2==id {print $3}' "$out/all")
  echo "| $id | $(echo "$cold" | median) ($(echo $cold)) | $(echo "$start" | median) | $(echo "$warm" | median) ($(echo $warm)) |"
done
