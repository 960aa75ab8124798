#!/usr/bin/env bash
# Issue 5 benchmark: deploycheck against the sequential shell script doing the same checks
# (bench/subset-checklist.yaml vs bench/sequential-checks.sh), side by side in one run (interleaved rounds, the
# order alternating), on plain loopback and with 50 ms round-trip time between checker and target.
# Target: deploycheck >= 5x faster than the script with 50 ms RTT.
#
# How the 50 ms are added: this kernel has no sch_netem (`tc qdisc add dev lo root netem` -> "Specified qdisc
# kind is unknown"), so a delaying relay (bench/delay_relay.py) does it. Both checkers run inside a network
# namespace made here, connected by a veth pair (10.200.<n>.1 host side / .2 inside, a private /30 that exists
# only on this machine). Inside the namespace a relay listens on 127.0.0.1 on the backend's own ports (so the
# URLs, the certificate's names and the HTTPS redirect stay exactly as on loopback) and forwards over the veth
# to a relay on 10.200.<n>.1, which adds 25 ms each way (and one round trip per new connection, as a TCP
# handshake would) and forwards to the backend, PostgreSQL and Redis on 127.0.0.1. Scenario "netns, 0 ms"
# is the same path without delay: the relays' own overhead.
# Namespace, veth, relays and backend are removed on exit (trap). Everything is bounded (relay lifetime).
# Usage: bench/latency-compare.sh [rounds]   (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
cd "$root"
# shellcheck source=bench/backend.sh
source "$root/bench/backend.sh"
work="$root/bench/out/latency-compare"
rm -rf "$work" && mkdir -p "$work"

n=$(( $$ % 250 + 1 ))
ns="dcbench$$" veth_host="dcb${$}h" veth_ns="dcb${$}n" host_ip="10.200.$n.1" ns_ip="10.200.$n.2"
relay_host="" relay_ns=""
cleanup() {
  set +e
  [[ -n "$relay_host" ]] && kill "$relay_host" 2>/dev/null && wait "$relay_host" 2>/dev/null
  [[ -n "$relay_ns" ]] && kill "$relay_ns" 2>/dev/null && wait "$relay_ns" 2>/dev/null
  ip link del "$veth_host" 2>/dev/null
  ip netns del "$ns" 2>/dev/null
  stop_backend
}
trap cleanup EXIT

"$root/bin/deploycheck" --version > /dev/null # builds if stale, records the CDS archive: not timed
start_backend "$work"
ports=("$HTTP_PORT" "$HTTPS_PORT" "$PG_PORT" "$REDIS_PORT")

ip netns add "$ns"
ip link add "$veth_host" type veth peer name "$veth_ns"
ip link set "$veth_ns" netns "$ns"
ip addr add "$host_ip/30" dev "$veth_host"
ip link set "$veth_host" up
ip netns exec "$ns" ip addr add "$ns_ip/30" dev "$veth_ns"
ip netns exec "$ns" ip link set "$veth_ns" up
ip netns exec "$ns" ip link set lo up

start_relays() { # one-way delay in seconds
  local d="$1" routes_host=() routes_ns=() p
  for p in "${ports[@]}"; do
    routes_host+=("$host_ip:$p=127.0.0.1:$p")
    routes_ns+=("127.0.0.1:$p=$host_ip:$p")
  done
  python3 "$root/bench/delay_relay.py" --delay "$d" --lifetime 1800 "${routes_host[@]}" > "$work/relay-host.txt" 2>&1 &
  relay_host=$!
  ip netns exec "$ns" python3 "$root/bench/delay_relay.py" --delay 0 --lifetime 1800 "${routes_ns[@]}" > "$work/relay-ns.txt" 2>&1 &
  relay_ns=$!
  for _ in $(seq 50); do
    grep -q ready "$work/relay-host.txt" 2>/dev/null && grep -q ready "$work/relay-ns.txt" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "relays did not start" >&2; cat "$work"/relay-*.txt >&2; return 1
}
stop_relays() {
  kill "$relay_host" "$relay_ns" 2>/dev/null || true
  wait "$relay_host" "$relay_ns" 2>/dev/null || true
  relay_host="" relay_ns=""
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
declare -A col verdicts
# run SCENARIO TOOL PREFIX...: times one run of TOOL (deploycheck|script), keeps its output and summary line
run() {
  local scen="$1" tool="$2" s e out; shift 2
  reset_rate_limits
  out="$work/$scen-$tool-$(date +%s%N).txt"
  s=$(date +%s%N)
  if [[ "$tool" == deploycheck ]]; then
    "$@" "$root/bin/deploycheck" verify --checklist bench/subset-checklist.yaml --profile bench/subset-profile.yaml > "$out" 2>&1 || true
  else
    "$@" "$root/bench/sequential-checks.sh" > "$out" 2>&1 || true
  fi
  e=$(date +%s%N)
  col[$scen.$tool]="${col[$scen.$tool]:-} $(( (e - s) / 1000000 ))"
  verdicts[$scen.$tool]="$(tail -1 "$out" | sed 's/ in [0-9.]*m\?s.*//')"
}
scenario() { # NAME PREFIX...
  local name="$1" i; shift
  for i in $(seq "$rounds"); do
    if (( i % 2 )); then run "$name" deploycheck "$@"; run "$name" script "$@"
    else run "$name" script "$@"; run "$name" deploycheck "$@"; fi
  done
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
scenario loopback env
start_relays 0
scenario netns0 ip netns exec "$ns"
stop_relays
start_relays 0.025
# the added round trip, as seen from inside the namespace (TCP connect + one small request)
rtt="$(ip netns exec "$ns" curl -s -o /dev/null --cacert "$DEMO_CA_FILE" -w '%{time_connect} %{time_total}' "$DEMO_API_URL/api/live")"
scenario rtt50 ip netns exec "$ns"
stop_relays
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores  load average at start: $load_start  at end: $load_end"
echo "deploycheck: bin/deploycheck verify --checklist bench/subset-checklist.yaml --profile bench/subset-profile.yaml"
echo "script:      bench/sequential-checks.sh      (23 items: 15 HTTP, 2 TLS, 5 PostgreSQL, 1 Redis)"
echo "rounds: $rounds per scenario, interleaved, order alternating; wall ms, medians (all runs in brackets)"
echo "with 50 ms RTT, curl from inside the namespace: connect ${rtt% *} s, GET /api/live over TLS ${rtt#* } s"
echo
echo "| scenario | deploycheck median ms | script median ms | script / deploycheck (medians) | median of per-round ratios | deploycheck all | script all |"
echo "|---|---:|---:|---:|---:|---|---|"
for scen in loopback netns0 rtt50; do
  d="$(printf '%s\n' ${col[$scen.deploycheck]} | median)" sc="$(printf '%s\n' ${col[$scen.script]} | median)"
  label=$scen; [[ $scen == netns0 ]] && label="netns + relays, 0 ms added"; [[ $scen == rtt50 ]] && label="netns + relays, 50 ms RTT"
  [[ $scen == loopback ]] && label="plain loopback (no namespace, no relay)"
  paired="$(paste <(printf '%s\n' ${col[$scen.script]}) <(printf '%s\n' ${col[$scen.deploycheck]}) | awk '{printf "%.3f\n", $1 / $2}' | sort -n | awk '{a[NR]=$1} END {printf "%.1fx", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
  echo "| $label | $d | $sc | $(awk -v a="$sc" -v b="$d" 'BEGIN {printf "%.1fx", a / b}') | $paired |${col[$scen.deploycheck]} |${col[$scen.script]} |"
done
echo
for scen in loopback netns0 rtt50; do
  echo "last $scen results: deploycheck: ${verdicts[$scen.deploycheck]} | script: ${verdicts[$scen.script]}"
done
