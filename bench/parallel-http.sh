#!/usr/bin/env bash
# Issue 2 benchmark: a checklist of 50 http items against a local server that answers each request after 100 ms
# must finish in under 1.5 s wall with the default concurrency; also the CLI's cold start (--version).
#
# Usage: bench/parallel-http.sh [runs] [baseline-ref]
#   runs          rounds (default 7); every round runs each configuration once, interleaved, so that the
#                 machine's noise hits all of them alike; medians are printed
#   baseline-ref  optional git ref (e.g. 83cd41a): its tree is exported and built under bench/out/ and its own
#                 bin/deploycheck is measured side by side as "before"
# "after" is bin/deploycheck (AppCDS archive, C1, SerialGC); "plain" is `java -jar deploycheck.jar` as is.
# The after runs set DEPLOYCHECK_TIMINGS, so the wall time is split into jvm start / cli parsing / checklist load
# / run / report / close, and exit (the rest: System.exit until the shell sees the process end).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
baseline_ref="${2:-}"
jar="$root/deploycheck/target/deploycheck.jar"
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -pl deploycheck -am package -DskipTests
"$root/bin/deploycheck" --version > /dev/null # builds if stale and records the CDS archive once, outside timing

before=""
if [[ -n "$baseline_ref" ]]; then
  rev="$(git -C "$root" rev-parse --short "$baseline_ref")"
  src="$root/bench/out/baseline-$rev"
  before="$src/bin/deploycheck"
  if [[ ! -f "$src/deploycheck/target/deploycheck.jar" ]]; then
    echo "building the baseline $rev under ${src#"$root"/} ..." >&2
    rm -rf "$src" && mkdir -p "$src"
    git -C "$root" archive "$rev" | tar -x -C "$src"
    mvn -B -q -f "$src/pom.xml" -pl deploycheck -am package -DskipTests >&2
  fi
fi

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
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
args=(verify --checklist "$work/checklist.yaml" --profile "$work/bench.yaml")

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
declare -A col
add() { col[$1]="${col[$1]:-} $2"; }
med() { printf '%s\n' ${col[$1]:-} | median; }
all() { echo "${col[$1]:-}" | sed 's/^ //'; }

# after, with its phase split: DEPLOYCHECK_TIMINGS=<start ns> prints "deploycheck timings: jvm=.. cli=.. ..."
timed_after() {
  local s e line total sum=0 k v
  s=$(date +%s%N)
  line="$(DEPLOYCHECK_TIMINGS=$s "$root/bin/deploycheck" "${args[@]}" 2>&1 >/dev/null | grep '^deploycheck timings:' || true)"
  e=$(date +%s%N)
  total=$(( (e - s) / 1000000 ))
  add after "$total"
  for kv in ${line#deploycheck timings: }; do
    k="${kv%%=*}"; v="${kv#*=}"; v="${v%ms}"
    add "ph_$k" "$v"; sum=$((sum + v))
  done
  add ph_exit $((total - sum))
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$runs"); do
  [[ -n "$before" ]] && add before "$(ms "$before" "${args[@]}")"
  timed_after
  add plain "$(ms java -jar "$jar" "${args[@]}")"
  [[ -n "$before" ]] && add v_before "$(ms "$before" --version)"
  add v_after "$(ms "$root/bin/deploycheck" --version)"
  add v_plain "$(ms java -jar "$jar" --version)"
done
seq1="$(ms "$root/bin/deploycheck" "${args[@]}" --concurrency 1)"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
summary="$("$root/bin/deploycheck" "${args[@]}" | tail -1)"

echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores  load average at start: $load_start  at end: $load_end"
echo "last run: $summary"
echo "rounds: $runs (each configuration once per round, interleaved); medians in ms (all runs in brackets)"
echo
echo "| 50 http items x 100 ms, default concurrency (32) | median ms | all |"
echo "|---|---:|---|"
[[ -n "$before" ]] && echo "| before: bin/deploycheck of $baseline_ref | $(med before) | $(all before) |"
echo "| after: bin/deploycheck | $(med after) | $(all after) |"
echo "| plain: java -jar deploycheck.jar | $(med plain) | $(all plain) |"
echo "| after, --concurrency 1 (one run) | $seq1 | |"
echo
echo "| cold start, --version | median ms | all |"
echo "|---|---:|---|"
[[ -n "$before" ]] && echo "| before: bin/deploycheck of $baseline_ref | $(med v_before) | $(all v_before) |"
echo "| after: bin/deploycheck | $(med v_after) | $(all v_after) |"
echo "| plain: java -jar deploycheck.jar | $(med v_plain) | $(all v_plain) |"
echo
echo "| after: wall split (medians of each phase, ms) | jvm | cli | load | run | report | close | exit |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
echo "| bin/deploycheck verify (50 items) | $(med ph_jvm) | $(med ph_cli) | $(med ph_load) | $(med ph_run) | $(med ph_report) | $(med ph_close) | $(med ph_exit) |"
