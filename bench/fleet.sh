#!/usr/bin/env bash
# Issue 14 benchmark: 50 targets x the TLS + headers items. Side by side, interleaved, in one run:
#   one run:      `deploycheck verify --env fleet` (the profile's 50 targets in one process)
#   per target:   50 processes, `deploycheck verify --env fleet --target tN` each (what a shell loop costs)
# Targets are 50 HTTPS ports of one local server (bench/fleet_server.py) with a certificate from a throw-away CA.
# Also: the tls item's own time in a cold process (per-target runs) against the warm ones of the one run.
# Usage: bench/fleet.sh [rounds] [targets]   (defaults 3 and 50)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
n="${2:-50}"
dc="$root/bin/deploycheck"
"$dc" --version > /dev/null # builds if stale, records the CDS archive: not timed
work="$(mktemp -d)"
source "$root/bench/pki.sh"
test_pki "$work"
ports=()
for _ in $(seq "$n"); do
  ports+=("$(free_port)")
done
python3 "$root/bench/fleet_server.py" "$work/s.pem" "$work/s.key" "${ports[@]}" & server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s --cacert "$work/ca.pem" -o /dev/null "https://localhost:${ports[-1]}/" && break || sleep 0.1; done
mkdir -p "$work/profiles"
cat > "$work/checklist.yaml" <<YAML
version: 1
sections:
  - name: Fleet
    items:
      - id: tls-certificate
        title: SSL certificate valid
        probe: tls
        host: localhost
        port: \${vars.port}
        caFile: $work/ca.pem
        expect: [cert.daysLeft >= 0, tls.protocol >= TLSv1.2]
      - id: security-headers
        title: Security headers
        probe: headers
        url: https://localhost:\${vars.port}/
        caFile: $work/ca.pem
        expect: [grade >= B]
YAML
{
  echo "name: fleet"
  echo "targets:"
  for i in "${!ports[@]}"; do printf '  - name: t%d\n    vars: {port: "%s"}\n' "$i" "${ports[$i]}"; done
} > "$work/profiles/fleet.yaml"
args=(verify --checklist "$work/checklist.yaml" --env fleet)

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
one=() each=() cold_tls=() warm_tls=()
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$rounds"); do
  s=$(date +%s%N); "$dc" "${args[@]}" -f "json=$work/one.json" > /dev/null; e=$(date +%s%N)
  one+=("$(( (e - s) / 1000000 ))")
  warm_tls+=($(python3 -c "import json; print(' '.join(str(i['durationMs']) for i in json.load(open('$work/one.json'))['items'] if i['id']=='tls-certificate'))"))
  s=$(date +%s%N)
  for i in $(seq 0 $((n - 1))); do
    "$dc" "${args[@]}" --target "t$i" -f "json=$work/each.json" > /dev/null
    cold_tls+=($(python3 -c "import json; print(' '.join(str(i['durationMs']) for i in json.load(open('$work/each.json'))['items'] if i['id']=='tls-certificate'))"))
  done
  e=$(date +%s%N)
  each+=("$(( (e - s) / 1000000 ))")
done
verdict="$(python3 -c "import json; r=json.load(open('$work/one.json')); print(r['result'], r['summary'])")"
echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores  load average at start: $load_start  at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$n targets x 2 items (tls, headers); $rounds rounds, interleaved; last one-run result: $verdict"
echo
echo "| | median ms (all) | per target |"
echo "|---|---:|---:|"
m1=$(printf '%s\n' "${one[@]}" | median); m2=$(printf '%s\n' "${each[@]}" | median)
echo "| one run, $n targets in one process | $m1 (${one[*]}) | $((m1 / n)) |"
echo "| one process per target ($n runs) | $m2 (${each[*]}) | $((m2 / n)) |"
echo
echo "| tls item's own durationMs | median | min | max |"
echo "|---|---:|---:|---:|"
for k in cold_tls warm_tls; do
  declare -n arr="$k"
  echo "| ${k/_tls/} (${#arr[@]} items) | $(printf '%s\n' "${arr[@]}" | median) | $(printf '%s\n' "${arr[@]}" | sort -n | head -1) | $(printf '%s\n' "${arr[@]}" | sort -n | tail -1) |"
done
