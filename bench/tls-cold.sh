#!/usr/bin/env bash
# Where the time of the FIRST tls item in a fresh JVM goes (cold ~150-220 ms against ~13-80 ms warm).
# Self-contained: makes a throw-away CA and a localhost leaf (as bench/fleet.sh does), starts bench/fleet_server.py on
# one loopback port, and runs, interleaved (the order rotates every round), R rounds of:
#   deploycheck (java -jar on a COPY of the built jar, with bin/deploycheck's JVM flags), one tls item with caFile:
#     dc/appcds-offline  the archive bin/deploycheck records (its offline training run, replayed here on the copy)
#     dc/appcds-live     the same training plus one tls item against the live loopback server (a candidate change)
#     dc/jdk-cds         no app archive: only the JDK's default CDS archive
#     dc/xshare-off      -Xshare:off
#     dc/c2              bin/deploycheck's archive, but tiered C2 instead of -XX:TieredStopAtLevel=1
#   bench/TlsCold.java (compiled once with javac; the probe's steps, each timed with System.nanoTime):
#     tc/jdk-cds, tc/xshare-off, tc/appcds (archive of a TlsCold run), tc/c2, tc/split (the handshake's crypto timed
#     on its own first), tc/p256 (-Djdk.tls.namedGroups=secp256r1), tc/warm (the item 6 times in one JVM: last round),
#     tc/busy (main spins 140 ms first, like deploycheck's start-up before its first item) and tc/busy-prewarm (the
#     same with the target-independent TLS set-up on a thread started at main: a candidate change)
# then one -Xlog:class+load run per kind of variant, cut into the classes each step loaded.
# Usage: bench/tls-cold.sh [rounds]   (default 7). Needs java/javac 17, openssl, python3, curl.
# The jar: deploycheck/target/deploycheck.jar unless DC_JAR is set (copied to a temp dir first; never built here).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"
work="$(mktemp -d /tmp/tls-cold.XXXXXX)"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp "${DC_JAR:-$root/deploycheck/target/deploycheck.jar}" "$work/dc.jar"
jar="$work/dc.jar"

# --- CA, leaf, a PSS signature for the split variant, server ------------------------------------------------
source "$root/bench/pki.sh"
test_pki "$work"
echo "tls-cold split message" > "$work/msg.bin"
openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sign "$work/s.key" \
  -out "$work/msg.sig" "$work/msg.bin"
port="$(free_port)"
python3 "$root/bench/fleet_server.py" "$work/s.pem" "$work/s.key" "$port" & server=$!
for _ in $(seq 50); do curl -s --cacert "$work/ca.pem" -o /dev/null "https://localhost:$port/" && break || sleep 0.1; done

cat > "$work/checklist.yaml" <<YAML
version: 1
sections:
  - name: Cold
    items:
      - id: tls-certificate
        title: SSL certificate valid
        probe: tls
        host: localhost
        port: $port
        caFile: $work/ca.pem
        expect: [cert.daysLeft >= 0, tls.protocol >= TLSv1.2]
YAML
printf 'name: bench\n' > "$work/profile.yaml"

# --- class-data archives ---------------------------------------------------------------------------------------
opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr) # bin/deploycheck's
train() { # $1 archive, $2 extra training item (yaml line) or empty: bin/deploycheck's train_cds, on the copy
  local t; t="$(mktemp -d "$work/train.XXXX")"
  cat > "$t/checklist.yaml" <<'EOF'
version: 1
name: deploycheck class-data training (offline)
defaults: {timeout: 2s}
sections:
  - name: Training
    items:
      - {id: t-env, title: env, probe: env, vars: [HOME], format: url}
      - {id: t-http, title: http, probe: http, url: "http://127.0.0.1:1/", expect: [status == 200, json.a exists]}
      - {id: t-https, title: https, probe: http, url: "https://127.0.0.1:1/", expect: [header.X contains "y"]}
      - {id: t-tls, title: tls, probe: tls, host: 127.0.0.1, port: 1, expect: [cert.daysLeft >= 30]}
      - {id: t-tcp, title: tcp, probe: tcp, host: 127.0.0.1, port: 1, expect: [duration < 100ms]}
      - {id: t-pg, title: pg, probe: postgres, url: "postgres://x@127.0.0.1:1/x", query: select 1, expect: [value == 1]}
      - {id: t-redis, title: redis, probe: redis, url: "redis://127.0.0.1:1", expect: [ping == "PONG"]}
      - {id: t-file, title: file, probe: file, path: checklist.yaml, expect: [exists == true, age < 1d]}
      - {id: t-metrics, title: metrics, probe: metrics, url: "http://127.0.0.1:1/metrics", needs: [t-http]}
EOF
  [[ -n "$2" ]] && printf '%s\n' "$2" >> "$t/checklist.yaml"
  printf 'name: training\n' > "$t/training.yaml"
  (cd "$t" && env -i PATH="$PATH" HOME="${HOME:-/tmp}" java "${opts[@]}" -XX:ArchiveClassesAtExit="$1" \
      -jar "$jar" verify --checklist checklist.yaml --profile training.yaml --deadline 5s -f json -o report.json \
      -f junit -o junit.xml > /dev/null 2>&1) || true
  [[ -s "$1" ]] || { echo "tls-cold: could not record $1" >&2; exit 1; }
}
train "$work/offline.jsa" ""
train "$work/live.jsa" "      - {id: t-tls-live, title: tls live, probe: tls, host: localhost, port: $port, caFile: $work/ca.pem}"

mkdir -p "$work/cls" "$work/out"
javac -cp "$jar" -d "$work/cls" "$root/bench/TlsCold.java"
jar cf "$work/tlscold.jar" -C "$work/cls" . # CDS archives classes from jars only, never from a directory
tc=(-cp "$work/tlscold.jar:$jar" -Dtlscold.leaf="$work/s.pem" TlsCold)
tcargs=(localhost "$port" "$work/ca.pem")
java "${opts[@]}" -XX:ArchiveClassesAtExit="$work/tlscold.jsa" "${tc[@]}" 0 "${tcargs[@]}" > /dev/null 2>&1
[[ -s "$work/tlscold.jsa" ]] || { echo "tls-cold: could not record tlscold.jsa" >&2; exit 1; }

# --- variants --------------------------------------------------------------------------------------------------
c1=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr)
c2=(-XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr)
variant_flags() {
  case "$1" in
    dc/appcds-offline) echo "${c1[*]} -Xshare:auto -XX:SharedArchiveFile=$work/offline.jsa" ;;
    dc/appcds-live)    echo "${c1[*]} -Xshare:auto -XX:SharedArchiveFile=$work/live.jsa" ;;
    dc/jdk-cds)        echo "${c1[*]} -Xshare:auto" ;;
    dc/xshare-off)     echo "${c1[*]} -Xshare:off" ;;
    dc/c2)             echo "${c2[*]} -Xshare:auto -XX:SharedArchiveFile=$work/offline.jsa" ;;
    tc/jdk-cds|tc/split|tc/warm|tc/busy|tc/busy-prewarm) echo "${c1[*]} -Xshare:auto" ;;
    tc/xshare-off)     echo "${c1[*]} -Xshare:off" ;;
    tc/appcds)         echo "${c1[*]} -Xshare:auto -XX:SharedArchiveFile=$work/tlscold.jsa" ;;
    tc/c2)             echo "${c2[*]} -Xshare:auto" ;;
    tc/p256)           echo "${c1[*]} -Xshare:auto -Djdk.tls.namedGroups=secp256r1" ;;
  esac
}
run_variant() { # $1 variant, $2 output file, $3 extra JVM flags (class+load logging) or empty
  local v="$1" out="$2" extra="${3:-}" flags s e
  read -r -a flags <<< "$(variant_flags "$v") $extra"
  if [[ "$v" == dc/* ]]; then
    s=$(date +%s%N)
    (cd "$work" && DEPLOYCHECK_TIMINGS="$s" java "${flags[@]}" -jar "$jar" verify --checklist checklist.yaml \
        --profile profile.yaml -f "json=$out.json" > /dev/null 2> "$out.err") || true
    e=$(date +%s%N)
    echo "wall $(( (e - s) / 1000000 ))" > "$out"
  else
    local more=()
    [[ "$v" == tc/split ]] && more=(--split "$work/msg.bin" "$work/msg.sig")
    [[ "$v" == tc/warm ]] && more=(--repeat 6)
    [[ "$v" == tc/busy ]] && more=(--busy 140)
    [[ "$v" == tc/busy-prewarm ]] && more=(--busy 140 --prewarm)
    s=$(date +%s%N)
    java "${flags[@]}" "${tc[@]}" "$s" "${tcargs[@]}" "${more[@]}" > "$out.steps" 2> "$out.err"
    e=$(date +%s%N)
    echo "wall $(( (e - s) / 1000000 ))" > "$out"
  fi
}
variants=(dc/appcds-offline dc/appcds-live dc/jdk-cds dc/xshare-off dc/c2
          tc/jdk-cds tc/xshare-off tc/appcds tc/c2 tc/split tc/p256 tc/warm tc/busy tc/busy-prewarm)
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  n=${#variants[@]}
  for i in $(seq 0 $((n - 1))); do
    v="${variants[$(( (i + r) % n ))]}"
    run_variant "$v" "$work/out/${v//\//_}.$r"
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
# class-load logs: one run each
for v in dc/appcds-offline dc/appcds-live dc/jdk-cds dc/xshare-off tc/jdk-cds tc/xshare-off tc/appcds tc/split; do
  run_variant "$v" "$work/out/${v//\//_}.cl" "-Xlog:class+load=info:file=$work/out/${v//\//_}.cl.log"
done

echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores, $(java -version 2>&1 | sed -n 2p)"
echo "load average at start: $load_start  at end: $load_end;  $rounds rounds, variants interleaved (order rotates)"
echo
python3 - "$work/out" "$rounds" <<'PY'
import json, os, re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
def f(x):
    return "-" if x is None else (f"{x:.0f}" if x >= 10 else f"{x:.1f}")

# deploycheck: the item's durationMs, DEPLOYCHECK_TIMINGS phases, process wall time
dcv = ["dc/appcds-offline", "dc/appcds-live", "dc/jdk-cds", "dc/xshare-off", "dc/c2"]
print("deploycheck, one tls item (caFile, loopback), fresh JVM each run: medians in ms (item durationMs: all runs)")
print()
print("| variant | tls item durationMs | jvm start to main | cli | load | run | report | process wall |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for v in dcv:
    b = os.path.join(out, v.replace("/", "_"))
    item, wall, ph = [], [], {}
    for r in range(1, rounds + 1):
        try:
            rep = json.load(open(f"{b}.{r}.json"))
            it = [i for i in rep["items"] if i["id"] == "tls-certificate"][0]
            if it["verdict"] != "PASS":
                print(f"  ({v} round {r}: {it['verdict']} {it.get('message','')})")
            item.append(it["durationMs"])
        except Exception as e:
            print(f"  ({v} round {r}: no report: {e})")
        wall.append(int(open(f"{b}.{r}").read().split()[1]))
        m = re.search(r"deploycheck timings: (.*)", open(f"{b}.{r}.err").read())
        if m:
            for kv in m.group(1).split():
                k, val = kv.split("=")
                ph.setdefault(k, []).append(int(val.rstrip("ms")))
    print(f"| {v} | **{f(med(item))}** ({' '.join(map(str, item))}) | " + " | ".join(
        f(med(ph.get(k, []))) for k in ["jvm", "cli", "load", "run", "report"]) + f" | {f(med(wall))} |")
print()

# TlsCold: per step
tcv = ["tc/jdk-cds", "tc/xshare-off", "tc/appcds", "tc/c2", "tc/split", "tc/p256", "tc/warm", "tc/busy",
       "tc/busy-prewarm"]
steps, data, markers = [], {}, {}
for v in tcv:
    b = os.path.join(out, v.replace("/", "_"))
    for r in range(1, rounds + 1):
        lines = [l.split("\t") for l in open(f"{b}.{r}.steps").read().splitlines() if l]
        last = max(int(l[0]) for l in lines)
        for l in lines:
            rd, name, ms, mk = int(l[0]), l[1], float(l[2]), l[3]
            if v == "tc/warm":
                if rd != last and name != "jvm start to main":
                    continue
            elif rd != 1:
                continue
            if name.startswith("(busy"):
                name = "(busy main thread before the item: stands for deploycheck's cli + load phases)"
            if name not in steps:
                steps.append(name)
            data.setdefault((v, name), []).append(ms)
            if rd == 1:
                markers[(v, name)] = mk
        data.setdefault((v, "process wall"), []).append(int(open(f"{b}.{r}").read().split()[1]))

# classes per step from the class+load logs (between marker classes TlsCold$M<n-1> and TlsCold$M<n>)
def cut(log):
    per, cur, shared, total = {}, None, 0, 0
    for line in open(log):
        m = re.search(r"\] (\S+) source: (.*)$", line)
        if not m:
            continue
        mm = re.fullmatch(r"TlsCold\$M(\d+)", m.group(1))
        if mm:
            per[int(mm.group(1))] = (total, shared)
            total = shared = 0
            continue
        total += 1
        shared += "shared objects file" in m.group(2)
    return per
cls = {}
for v in ["tc/jdk-cds", "tc/xshare-off", "tc/appcds", "tc/split"]:
    p = os.path.join(out, v.replace("/", "_") + ".cl.log")
    if os.path.exists(p):
        cls[v] = cut(p)
def classes(v, name):
    mk = markers.get((v, name))
    if v not in cls or mk in (None, "-") or int(mk) not in cls[v]:
        return "-"
    t, s = cls[v][int(mk)]
    return f"{t} ({t - s})"

print("TlsCold (the probe's steps in a fresh JVM, C1 + SerialGC like bin/deploycheck unless c2): medians in ms;")
print("classes: loaded in that step (of them not from a CDS archive), from one -Xlog:class+load run")
print()
cols = tcv
print("| step | " + " | ".join(c.replace("tc/", "") for c in cols) + " | classes jdk-cds | classes xshare-off | classes appcds |")
print("|---|" + "---:|" * len(cols) + "---:|---:|---:|")
order = [s for s in steps if not s.startswith("split:")] 
split_rows = [s for s in steps if s.startswith("split:")]
# split rows go right before the handshake rows
i = next(k for k, s in enumerate(order) if s.startswith("handshake 1"))
order = order[:i] + split_rows + order[i:] + ["process wall"]
for s in order:
    name = s if s != "TOTAL item" else "**TOTAL item** (sum of the steps above from caFile on)"
    cells = [f(med(data.get((v, s), []))) for v in cols]
    if s == "TOTAL item":
        cells = [f"**{c}**" for c in cells]
    src = "tc/split" if s.startswith("split:") else None
    cl = [classes(src or "tc/jdk-cds", s), classes(src or "tc/xshare-off", s) if not src else "-",
          classes(src or "tc/appcds", s) if not src else "-"]
    print(f"| {name} | " + " | ".join(cells) + " | " + " | ".join(cl) + " |")
print()
print("(warm = the 6th item in the same JVM; split = the handshake's crypto and the PKIX signature check run first, "
      "cold, on their own, so the handshake/PKIX rows shrink by about that much; p256 = -Djdk.tls.namedGroups=secp256r1;"
      " busy = the main thread spins 140 ms first; busy-prewarm = the same while a thread started at main does the "
      "target-independent TLS set-up: JCA, X.509, PKIX, SSLContext, an SSLEngine ClientHello into a buffer)")
print()

# deploycheck: classes loaded during the probe (Trust loaded .. Evaluation loaded)
print("deploycheck: classes loaded while the tls probe ran (from dev.deploycheck.probe.tls.Trust to dev.deploycheck.run.Evaluation), one run each")
print()
print("| variant | classes loaded during the probe | of them not from a CDS archive | first ones not archived |")
print("|---|---:|---:|---|")
for v in ["dc/appcds-offline", "dc/appcds-live", "dc/jdk-cds", "dc/xshare-off"]:
    p = os.path.join(out, v.replace("/", "_") + ".cl.log")
    if not os.path.exists(p):
        continue
    on, t, ns, names = False, 0, 0, []
    for line in open(p):
        m = re.search(r"\] (\S+) source: (.*)$", line)
        if not m:
            continue
        if m.group(1) == "dev.deploycheck.probe.tls.Trust":
            on = True
        elif m.group(1) == "dev.deploycheck.run.Evaluation":
            break
        if on:
            t += 1
            if "shared objects file" not in m.group(2):
                ns += 1
                if len(names) < 4 and "$$Lambda" not in m.group(1) and "LambdaForm" not in m.group(1):
                    names.append(m.group(1).split(".")[-1])
    print(f"| {v} | {t} | {ns} | {', '.join(names)} |")
PY
