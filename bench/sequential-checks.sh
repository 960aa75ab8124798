#!/usr/bin/env bash
# The checklist's HTTP, TLS, PostgreSQL and Redis checks written the way teams do it today: a sequential bash
# script with curl, jq, openssl s_client, psql and redis-cli. It does the same checks as
# bench/subset-checklist.yaml (same item ids, same expectations, one connection per check like the probes),
# so `deploycheck verify --checklist bench/subset-checklist.yaml --profile bench/subset-profile.yaml` and this
# script can be compared side by side (bench/latency-compare.sh).
# Reads the environment scripts/demo.sh (and bench/backend.sh) exports: DEMO_API_URL, DEMO_HTTP_URL,
# DEMO_CA_FILE, DEMO_HTTPS_PORT, DATABASE_URL, REDIS_URL, SMOKE_EMAIL, SMOKE_PASSWORD.
# Prints one PASS/FAIL line per item and a summary; exit 0 when every item passes, 1 otherwise.
set -uo pipefail
api="${DEMO_API_URL:?}" http_url="${DEMO_HTTP_URL:?}" ca="${DEMO_CA_FILE:?}" tls_port="${DEMO_HTTPS_PORT:?}"
db="${DATABASE_URL:?}" redis_url="${REDIS_URL:?}" email="${SMOKE_EMAIL:?}" password="${SMOKE_PASSWORD:?}"
host=localhost
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the migration the profile expects (like the db-migrations item: ${vars.migrationVersion})
migration="${MIGRATION_VERSION:-$(sed -n 's/^  migrationVersion: "\{0,1\}\([0-9.]*\)"\{0,1\}$/\1/p' "$here/subset-profile.yaml")}"
redis_host="$(sed -E 's#^redis://([^:/]+):([0-9]+).*#\1#' <<<"$redis_url")"
redis_port="$(sed -E 's#^redis://([^:/]+):([0-9]+).*#\2#' <<<"$redis_url")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 start_all=$(date +%s%N)

# check ID CONDITION-EXIT-CODE DETAIL
check() {
  if [[ "$2" == 0 ]]; then passed=$((passed + 1)); echo "PASS $1: $3"; else failed=$((failed + 1)); echo "FAIL $1: $3"; fi
}
# req METHOD URL [curl args...] -> body in $tmp/body, headers in $tmp/headers; prints "status seconds"
req() {
  local method="$1" url="$2"; shift 2
  curl -sS --max-time 10 --cacert "$ca" -X "$method" -D "$tmp/headers" -o "$tmp/body" \
    -w '%{http_code} %{time_total}' "$@" "$url" 2>"$tmp/err" || echo "000 0"
}
json() { jq -r "$1" "$tmp/body" 2>/dev/null; }
header() { grep -i "^$1:" "$tmp/headers" | head -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ //'; }
ok() { "$@" && echo 0 || echo 1; }

# ---------------------------------------------------------------- HTTP
read -r code _ < <(req GET "$http_url/api/health")
location="$(header Location)"
if [[ "$code" == 308 && "$location" == https://$host:* ]]; then
  read -r final _ < <(req GET "$location")
  check https-enforced "$(ok test "$final" -lt 400)" "308 -> $location -> $final"
else
  check https-enforced 1 "status $code, Location '$location'"
fi

read -r code _ < <(req POST "$api/api/auth/register" -H 'Content-Type: application/json' \
  --data '{"email":"not-an-email","password":"x"}')
check input-validation "$(ok test "$code" == 400 -a "$(json '.error != null and .field != null')" == true)" "status $code"

read -r code _ < <(req GET "$api/api/conversations" \
  -H 'Authorization: Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInR5cCI6ImFjY2VzcyJ9.')
check auth-required "$(ok test "$code" == 401 -a "$(json '.error != null')" == true)" "status $code"

read -r code _ < <(req GET "$api/api/health")
check health-all-services "$(ok test "$code" == 200 -a "$(json '.checks.database.status == "up" and .checks.redis.status == "up" and .commit != null')" == true)" \
  "status $code, database $(json .checks.database.status), redis $(json .checks.redis.status)"

read -r code _ < <(req GET "$api/api/health")
cc="$(header Cache-Control)"
check caching "$(ok test "${cc/no-store/}" != "$cc")" "Cache-Control: $cc"

read -r code _ < <(req GET "$api/api/live")
check services-started "$(ok test "$code" == 200)" "status $code"

read -r code secs < <(req GET "$api/api/health")
check health-passing "$(ok test "$code" == 200 -a "$(json '.status')" == ok -a "$(awk -v s="$secs" 'BEGIN {print (s < 0.5)}')" == 1)" \
  "status $code, $(json .status), ${secs}s"

read -r code _ < <(req GET "$api/api/ready")
check readiness "$(ok test "$code" == 200)" "status $code"

body="$(jq -nc --arg e "$email" --arg p "$password" '{email: $e, password: $p, displayName: "Smoke"}')"
read -r code _ < <(req POST "$api/api/auth/register" -H 'Content-Type: application/json' --data "$body")
check auth-register "$(ok test "$code" == 201 -o "$code" == 409)" "status $code"

body="$(jq -nc --arg e "$email" --arg p "$password" '{email: $e, password: $p}')"
read -r code _ < <(req POST "$api/api/auth/login" -H 'Content-Type: application/json' --data "$body")
token="$(json '.accessToken // empty')" refresh="$(json '.refreshToken // empty')"
check auth-login "$(ok test "$code" == 200 -a "$(json .tokenType)" == Bearer)" "status $code"

read -r code _ < <(req GET "$api/api/auth/me" -H "Authorization: Bearer $token")
check auth-me "$(ok test "$code" == 200 -a "$(json .email)" == "$email")" "status $code"

read -r code _ < <(req POST "$api/api/auth/refresh" -H 'Content-Type: application/json' \
  --data "$(jq -nc --arg r "$refresh" '{refreshToken: $r}')")
check auth-flow "$(ok test "$code" == 200 -a "$(json '.accessToken != null')" == true -a "$(json .refreshToken)" != "$refresh")" "status $code"

read -r code _ < <(req POST "$api/api/conversations" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' --data '{"title":"deploycheck smoke test"}')
check conversations-create "$(ok test "$code" == 201 -a -n "$(json '.id // empty')")" "status $code"

read -r code _ < <(req GET "$api/api/conversations" -H "Authorization: Bearer $token")
check conversations-list "$(ok test "$code" == 200 -a "$(json '.items | length')" -ge 1)" "status $code, $(json '.items | length') items"

read -r code _ < <(req GET "$api/metrics")
ct="$(header Content-Type)"
check api-metrics "$(ok test "$code" == 200 -a "${ct#text/plain}" != "$ct" -a "$(grep -c http_server_requests_seconds "$tmp/body")" -gt 0)" "status $code, $ct"

# ---------------------------------------------------------------- TLS
# the certificate, trusted by the CA, with the hostname checked; then which legacy versions the server accepts
tls_hello() { # VERSION-FLAG -> 0 when the server completes a handshake with it
  echo | timeout 10 openssl s_client -connect "$host:$tls_port" -servername "$host" $1 -cipher 'DEFAULT:@SECLEVEL=0' \
    -CAfile "$ca" > "$tmp/hello" 2>&1 && grep -q '^ *Protocol *:' "$tmp/hello" && ! grep -q 'Cipher is (NONE)' "$tmp/hello"
}
tls_cert() {
  echo | timeout 10 openssl s_client -connect "$host:$tls_port" -servername "$host" -verify_hostname "$host" \
    -verify_return_error -CAfile "$ca" > "$tmp/s_client" 2>&1
}
days_left() { echo $(( ($(date -d "$(openssl x509 -noout -enddate -in "$tmp/s_client" | cut -d= -f2)" +%s) - $(date +%s)) / 86400 )); }

tls_cert; trusted=$?
days="$(days_left)" proto="$(sed -n 's/^ *Protocol *: *//p' "$tmp/s_client" | head -1)"
[[ -z "$proto" ]] && proto="$(sed -n 's/^New, \(TLSv[0-9.]*\),.*/\1/p' "$tmp/s_client" | head -1)"
tls_hello -tls1; v10=$?
tls_hello -tls1_1; v11=$?
tls_hello -tls1_2; v12=$?
check tls-certificate "$(ok test "$trusted" == 0 -a "$days" -ge 30 -a "$v10" != 0 -a "$v11" != 0 -a \( "$proto" == TLSv1.2 -o "$proto" == TLSv1.3 \))" \
  "trusted=$([[ $trusted == 0 ]] && echo yes || echo no), $days days left, $proto, TLSv1 $([[ $v10 == 0 ]] && echo accepted || echo refused), TLSv1.1 $([[ $v11 == 0 ]] && echo accepted || echo refused), TLSv1.2 $([[ $v12 == 0 ]] && echo accepted || echo refused)"

tls_cert; trusted=$?
days="$(days_left)"
lifetime=$(( ($(date -d "$(openssl x509 -noout -enddate -in "$tmp/s_client" | cut -d= -f2)" +%s) - $(date -d "$(openssl x509 -noout -startdate -in "$tmp/s_client" | cut -d= -f2)" +%s)) / 86400 ))
check ssl-renewal "$(ok test "$trusted" == 0 -a "$days" -ge 30 -a "$lifetime" -le 398)" "$days days left, lifetime $lifetime days"

# ---------------------------------------------------------------- PostgreSQL
q() { PGCONNECT_TIMEOUT=10 psql "$db" -X -A -t -q -v ON_ERROR_STOP=1 -c "$1" 2>"$tmp/pgerr"; }
out="$(q "select current_database() || '|' || current_setting('server_version')")"
check db-created "$(ok test -n "$out")" "$out"

out="$(q "select coalesce(max(version::int) filter (where success), 0) || '|' || count(*) filter (where not success) from flyway_schema_history where version is not null")"
check db-migrations "$(ok test "${out#*|}" == 0 -a "${out%|*}" == "$migration")" "version ${out%|*} (expected $migration), failed ${out#*|}"

out="$(q "select count(distinct indexname) from pg_indexes where indexname in ('users_email_key','refresh_tokens_family_idx','conversations_user_created_idx','messages_conversation_created_idx','document_chunks_search_idx')")"
check db-indexes "$(ok test "$out" == 5)" "$out of 5 indexes"

out="$(q "select round(1 - (select count(*) from pg_stat_activity where backend_type = 'client backend')::numeric / current_setting('max_connections')::int, 3)")"
check db-headroom "$(ok awk -v h="$out" 'BEGIN {exit !(h >= 0.2)}')" "headroom $out"

s=$(date +%s%N); out="$(q 'select 1')"; ms=$(( ($(date +%s%N) - s) / 1000000 ))
check db-connectivity "$(ok test "$out" == 1 -a "$ms" -lt 1000)" "select 1 -> $out in ${ms}ms"

# ---------------------------------------------------------------- Redis
rc() { timeout 10 redis-cli -h "$redis_host" -p "$redis_port" "$@" 2>&1; }
key="deploycheck:bench:$$:$RANDOM"
pong="$(rc PING)"
s=$(date +%s%N); rc PING > /dev/null; ms=$(( ($(date +%s%N) - s) / 1000000 ))
set_ok="$(rc SET "$key" v1 PX 60000)"; got="$(rc GET "$key")"; del="$(rc DEL "$key")"
policy="$(rc INFO memory | tr -d '\r' | sed -n 's/^maxmemory_policy://p')"
check redis-connectivity "$(ok test "$pong" == PONG -a "$set_ok" == OK -a "$got" == v1 -a "$del" == 1 -a "$ms" -lt 100)" \
  "PING $pong, SET/GET/DEL $set_ok/$got/$del, ping ${ms}ms, policy $policy"

echo "$passed passed, $failed failed in $(( ($(date +%s%N) - start_all) / 1000000 ))ms"
[[ "$failed" == 0 ]]
