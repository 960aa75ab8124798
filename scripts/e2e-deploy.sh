#!/usr/bin/env bash
# The end-to-end deployment run CI does after the test suite (.ci/run calls it), on this machine's PostgreSQL
# (127.0.0.1:5432, trust auth, user postgres) and Redis (127.0.0.1:6379):
#   1. deploy release 1 of the backend with scripts/deploy-production.sh (HTTPS with a throw-away CA, a scratch
#      database, a Redis db number of its own)                        -> `deploycheck verify --env ci` passes
#   2. deploy release 2: the same jar with a weak JWT_SECRET in its .env (the backend accepts it, the checklist's
#      env-jwt item does not)       -> `verify --env ci --rollback-on-failure --yes` rolls back and exits 4
#   3. release 1 serves again, `verify --env ci` passes and its report is signed and verifies, the audit log has
#      the rollback.
# Cleans up (the backend, the scratch database, the Redis db, the deploy root) even when a step fails, keeps the
# reports, logs and audit log in .deploycheck/e2e/ for the CI artifacts, and exits non-zero on any unexpected result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$SECONDS
work="$(mktemp -d /tmp/deploycheck-e2e.XXXXXX)"
keep="$root/.deploycheck/e2e"
db="deploycheck_e2e_$$"
redis_db="${E2E_REDIS_DB:-13}"
# one item at a time: a 2-CPU runner under load times out at the default 32, and the latency items measure the
# backend, not deploycheck's own contention
concurrency="${E2E_CONCURRENCY:-1}"
pg=(psql -X -q -h 127.0.0.1 -p 5432 -U postgres)
deploy="$root/scripts/deploy-production.sh"
dc="$root/bin/deploycheck"

# bold only on a terminal, and never with NO_COLOR set (https://no-color.org)
if [[ -t 2 && -z "${NO_COLOR:-}" ]]; then _bold=$'\033[1m' _plain=$'\033[0m'; else _bold='' _plain=''; fi
say() { printf '%se2e:%s %s\n' "$_bold" "$_plain" "$*" >&2; }
fail() { printf '%se2e: FAILED:%s %s\n' "$_bold" "$_plain" "$*" >&2; exit 1; }

cleanup() {
  local code=$?
  set +e
  if [[ -d "$work/root" ]]; then
    local pid
    pid="$(cat "$work/root/backend.pid" 2>/dev/null)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null
    fi
    rm -rf "$keep" && mkdir -p "$keep"
    cp "$work"/*.json "$work"/*.xml "$work"/*.log "$keep"/ 2>/dev/null
    for r in "$work"/root/releases/*/; do
      [[ -f "$r/backend.log" ]] && cp "$r/backend.log" "$keep/backend-$(basename "$r").log"
    done
  fi
  "${pg[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" flushdb >/dev/null 2>&1
  rm -rf "$work" "$root/.deploycheck/rollback-ci.lock"
  if ((code == 0)); then
    say "passed in $((SECONDS - started))s (reports and logs in ${keep#"$root"/}/)"
  else
    say "failed (exit $code) after $((SECONDS - started))s; reports and logs in ${keep#"$root"/}/"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# runs a command, fails unless it exits with the expected code
expect_exit() {
  local want="$1" code=0
  shift
  "$@" || code=$?
  ((code == want)) || fail "exit $code, expected $want: $*"
}

# ---------------------------------------------------------------------------------------------------------------
if [[ ! -f backend/target/backend.jar || ! -f deploycheck/target/deploycheck.jar ]]; then
  say "building (mvn -B -q package -DskipTests) ..."
  mvn -B -q -Dstyle.color=never package -DskipTests 2>&1 | sed $'s/\x1b\[[0-9;]*m//g' >&2  # Maven 3.8 -q prints ESC[0m anyway
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  say "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  say "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi
for _ in $(seq 50); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.2; done
pg_isready -h 127.0.0.1 -p 5432 -q || fail "PostgreSQL is not running on 127.0.0.1:5432"
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || fail "Redis is not running on 127.0.0.1:6379"

say "scratch database $db, Redis db $redis_db, deploy root $work/root"
"${pg[@]}" -d postgres -c "CREATE DATABASE $db" >/dev/null
redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" flushdb >/dev/null

say "making a throw-away CA and a certificate for localhost"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=deploycheck e2e CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 90 \
  -extfile "$work/server.ext" -out "$work/server.pem" 2>/dev/null
chmod 600 "$work"/*.key

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http_port="$(free_port)"
https_port="$(free_port)"
commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"

# The backend's configuration as a release's .env holds it. The checklist's rate-limiting item needs the auth
# limit to bite within 25 logins; its window is short so the burst's effect on the smoke items the rollback re-runs
# passes in seconds (the rollback retries them up to --rollback-wait), and reset_rate_limits clears the windows
# between runs (three full runs come from one address within a minute).
release_env() { # version, JWT_SECRET
  cat <<EOF
APP_ENV=production
APP_VERSION=$1
GIT_COMMIT=$commit
DOMAIN=localhost
BIND_ADDRESS=127.0.0.1
PORT=$http_port
HTTPS_PORT=$https_port
SSL_CERT_PATH=$work/server.pem
SSL_KEY_PATH=$work/server.key
DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db
REDIS_URL=redis://127.0.0.1:6379/$redis_db
JWT_SECRET=$2
JWT_REFRESH_SECRET=$(openssl rand -base64 48 | tr -d '\n')
ENCRYPTION_KEY=$(openssl rand -base64 32)
CORS_ORIGINS=https://app.localhost
RATE_LIMIT_REQUESTS=5000
RATE_LIMIT_AUTH_REQUESTS=20
RATE_LIMIT_AUTH_WINDOW_SECONDS=15
JAVA_OPTS='-Xmx512m'
EOF
}
release_env e2e-1 "$(openssl rand -base64 48 | tr -d '\n')" >"$work/release-1.env"
# 32 characters, 8 distinct: the backend's own check lets it start; 96 bits of entropy fail env-jwt (>= 128)
release_env e2e-2 abcdefghabcdefghabcdefghabcdefgh >"$work/release-2.env"

# What deploycheck needs beside the release's .env (profiles/ci.yaml). Nothing of the backend's configuration is
# exported here: the process environment would win over the env file the env items must check.
export DEPLOY_ROOT="$work/root" CI_CA_FILE="$work/ca.pem"
SMOKE_PASSWORD="Dc-$(openssl rand -hex 16)"
export SMOKE_EMAIL="smoke@deploycheck.test" SMOKE_PASSWORD
export DEPLOYCHECK_AUDIT_LOG="$work/audit.log" NO_COLOR=1
export READY_TIMEOUT=90

reset_rate_limits() {
  redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" --scan --pattern 'rl:*' \
    | xargs -r redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" del >/dev/null
}

serving_version() {
  curl -s --max-time 5 --cacert "$work/ca.pem" "https://localhost:$https_port/api/health" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin).get("version",""))' 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------------------------
say "1. deploy release e2e-1"
expect_exit 0 "$deploy" deploy backend/target/backend.jar --version e2e-1 --env-file "$work/release-1.env"
[[ "$(serving_version)" == e2e-1 ]] || fail "release e2e-1 is not serving after its deploy"

say "1. deploycheck verify --env ci (must pass)"
expect_exit 0 "$dc" verify --env ci --concurrency "$concurrency" -f json -o "$work/verify-1.json" -f junit -o "$work/verify-1.junit.xml"

say "2. deploy release e2e-2 (weak JWT_SECRET)"
expect_exit 0 "$deploy" deploy backend/target/backend.jar --version e2e-2 --env-file "$work/release-2.env"
[[ "$(serving_version)" == e2e-2 ]] || fail "release e2e-2 is not serving after its deploy"

reset_rate_limits
say "2. deploycheck verify --env ci --rollback-on-failure --yes (must fail env-jwt, roll back, exit 4)"
expect_exit 4 "$dc" verify --env ci --concurrency "$concurrency" --rollback-on-failure --yes -f json -o "$work/verify-2.json" \
  | tee "$work/verify-2.log"
grep -q '"id" : "env-jwt"' "$work/verify-2.json" || fail "verify-2.json has no env-jwt item"
python3 - "$work/verify-2.json" <<'EOF' || fail "release e2e-2 did not fail on env-jwt alone"
import json, sys
items = json.load(open(sys.argv[1]))["items"]
failed = [i["id"] for i in items if i["verdict"] in ("FAIL", "ERROR") and i["severity"] == "critical"]
sys.exit(0 if failed == ["env-jwt"] else f"critical failures: {failed}")
EOF

say "3. release e2e-1 serves again"
[[ "$(serving_version)" == e2e-1 ]] || fail "release e2e-1 is not serving after the rollback (serving: $(serving_version))"
[[ "$(readlink "$DEPLOY_ROOT/current")" == releases/e2e-1 ]] || fail "current does not point at e2e-1"
expect_exit 0 "$deploy" status >/dev/null

say "3. the audit log has the rollback"
[[ "$(wc -l <"$DEPLOYCHECK_AUDIT_LOG")" == 1 ]] || fail "expected one audit line: $(cat "$DEPLOYCHECK_AUDIT_LOG")"
python3 - "$DEPLOYCHECK_AUDIT_LOG" <<'EOF' || fail "unexpected audit entry: $(cat "$DEPLOYCHECK_AUDIT_LOG")"
import json, sys
e = json.loads(open(sys.argv[1]).readline())
assert e["env"] == "ci" and e["trigger"] == "verify --rollback-on-failure", e
assert e["failedItems"] == ["env-jwt"] and e["exitCode"] == 0 and e["healthy"] is True, e
assert e["command"] == "./scripts/deploy-production.sh rollback" and e["user"] and e["host"] and e["time"], e
EOF

reset_rate_limits
say "3. deploycheck verify --env ci passes again, with a signed report"
# --- signing: `deploycheck keygen`, `verify --sign-key`, `report verify` --------------------------------------
expect_exit 0 "$dc" keygen --out "$work/e2e-signing"
subject="git:$commit"
[[ "$commit" =~ ^[0-9a-f]{40}$ ]] || subject="sha256:$(sha256sum backend/target/backend.jar | cut -d' ' -f1)"
expect_exit 0 "$dc" verify --env ci --concurrency "$concurrency" -f json -o "$work/verify-3.json" -f junit -o "$work/verify-3.junit.xml" \
  --sign-key "$work/e2e-signing.key" --subject "$subject" --attestation "$work/verify-3.intoto.json"
expect_exit 0 "$dc" report verify "$work/verify-3.intoto.json" --key "$work/e2e-signing.pub"
# a changed byte must not verify
python3 - "$work/verify-3.intoto.json" "$work/tampered.intoto.json" <<'EOF'
import base64, json, sys
env = json.load(open(sys.argv[1]))
payload = bytearray(base64.b64decode(env["payload"]))
payload[len(payload) // 2] ^= 0x01
env["payload"] = base64.b64encode(bytes(payload)).decode()
json.dump(env, open(sys.argv[2], "w"))
EOF
if "$dc" report verify "$work/tampered.intoto.json" --key "$work/e2e-signing.pub" >/dev/null 2>&1; then
  fail "a report with a changed byte verified"
fi

elapsed=$((SECONDS - started))
((elapsed < 180)) || say "warning: the run took ${elapsed}s (budget 180s)"
say "deploy -> verify passes -> broken deploy -> rollback (exit 4) -> verify passes, report signed and verified"
