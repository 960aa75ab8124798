#!/usr/bin/env bash
# The demo, end to end on this machine with nothing installed but a JDK 17 and Maven:
#   1. builds the backend and deploycheck,
#   2. makes a throw-away certificate authority and a localhost certificate (openssl),
#   3. starts the backend with HTTPS on embedded PostgreSQL and Redis (random free ports), and serves the frontend
#      (frontend/: npm ci && npm run build when needed) from its own HTTPS origin, the one CORS_ORIGINS allows,
#   4. waits until /api/ready, starts a Prometheus (Debian's package: installed when missing and run as root) on a
#      free port scraping it with monitoring/rules loaded, its data in a temporary directory,
#   5. runs `deploycheck verify --env local` against both (the browser items in Debian's Chromium, installed when
#      missing and run as root),
#   6. prints the report (JSON, JUnit and HTML copies, with the browser items' screenshots, under .deploycheck/demo/)
#      and stops everything.
# Exit code: deploycheck's. Extra arguments go to `deploycheck verify` (e.g. --verbose, --only health-passing);
# with DEMO_COMMAND=watch to `deploycheck watch` (e.g. --for 1m --every 10s --only frontend-loading).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/.deploycheck/demo"
rm -rf "$work" && mkdir -p "$work"

# bold only on a terminal, and never with NO_COLOR set (https://no-color.org)
if [[ -t 2 && -z "${NO_COLOR:-}" ]]; then _bold=$'\033[1m' _plain=$'\033[0m'; else _bold='' _plain=''; fi
say() { printf '%sdemo:%s %s\n' "$_bold" "$_plain" "$*" >&2; }

source scripts/frontend-tools.sh
ensure_node demo || exit 2   # the build (frontend module) and the frontend's server
if [[ ! -f backend/target/backend.jar || ! -f deploycheck/target/deploycheck.jar \
      || -n "$(find backend/src deploycheck/src pom.xml backend/pom.xml deploycheck/pom.xml -newer deploycheck/target/deploycheck.jar -print -quit)" ]]; then
  say "building (mvn -B -q package -DskipTests) ..."
  mvn -B -q -Dstyle.color=never package -DskipTests 2>&1 | sed $'s/\x1b\[[0-9;]*m//g' >&2  # Maven 3.8 -q prints ESC[0m anyway
fi

# The web app (frontend/, docs/frontend.md): built when dist/ is missing or older than its sources.
if [[ ! -f frontend/dist/index.html || -n "$(find frontend/src frontend/tools frontend/package-lock.json -newer frontend/dist/index.html -print -quit)" ]]; then
  say "building the frontend (npm ci && npm run build) ..."
  (cd frontend && npm ci --no-audit --no-fund --prefer-offline --ignore-scripts --loglevel=error >&2 && npm run --silent build >&2)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http_port="$(free_port)"; https_port="$(free_port)"; frontend_port="$(free_port)"

say "making a demo CA and a certificate for localhost"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=deploycheck demo CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > "$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 90 \
  -extfile "$work/server.ext" -out "$work/server.pem" 2>/dev/null
chmod 600 "$work"/*.key

# The backend's configuration, as a .env.production would hold it (strong random secrets, generated now).
export APP_ENV=development DOMAIN=localhost PORT="$http_port" HTTPS_PORT="$https_port"
export SSL_CERT_PATH="$work/server.pem" SSL_KEY_PATH="$work/server.key"
export JWT_SECRET="$(openssl rand -base64 48)" JWT_REFRESH_SECRET="$(openssl rand -base64 48)"
export ENCRYPTION_KEY="$(openssl rand -base64 32)"
export CORS_ORIGINS="https://localhost:$frontend_port"   # the frontend's own origin: CORS with a real allowed origin
export RATE_LIMIT_REQUESTS=600 RATE_LIMIT_AUTH_REQUESTS=20 RATE_LIMIT_AUTH_WINDOW_SECONDS=60
export SMOKE_EMAIL="smoke@deploycheck.test" SMOKE_PASSWORD="Dc-$(openssl rand -hex 16)"

say "starting the backend (embedded PostgreSQL + Redis) on https://localhost:$https_port"
java -Xmx512m -jar backend/target/backend.jar > "$work/backend.log" 2>&1 &
backend=$!
prometheus='' prom_data='' frontend=''
cleanup() {
  if [[ -n "$frontend" ]]; then kill "$frontend" 2>/dev/null || true; wait "$frontend" 2>/dev/null || true; fi
  if [[ -n "$prometheus" ]]; then kill "$prometheus" 2>/dev/null || true; wait "$prometheus" 2>/dev/null || true; fi
  [[ -n "$prom_data" ]] && rm -rf "$prom_data"
  kill "$backend" 2>/dev/null || true
  wait "$backend" 2>/dev/null || true
}
trap cleanup EXIT

# The frontend from its own origin, with the headers production's nginx sends (frontend/nginx/, compared by
# frontend/test/nginx.test.mjs), the API named in its CSP and /config.json.
say "serving the frontend on https://localhost:$frontend_port (API https://localhost:$https_port)"
node frontend/server/serve.mjs --root frontend/dist --port "$frontend_port" --cert "$work/server.pem" \
  --key "$work/server.key" --api-origin "https://localhost:$https_port" > "$work/frontend.log" 2>&1 &
frontend=$!

for _ in $(seq 120); do
  curl -sf --cacert "$work/ca.pem" "https://localhost:$https_port/api/ready" >/dev/null 2>&1 && break
  kill -0 "$backend" 2>/dev/null || { say "the backend exited:"; tail -20 "$work/backend.log" >&2; exit 3; }
  sleep 0.5
done
curl -sf --cacert "$work/ca.pem" "https://localhost:$https_port/api/ready" >/dev/null || { say "backend not ready after 60 s"; tail -20 "$work/backend.log" >&2; exit 3; }

# Where the embedded servers listen, from the backend's start-up line.
line="$(grep -m1 'embedded default' "$work/backend.log")"
pg_port="$(sed -n 's/.*PostgreSQL on 127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$line")"
redis_port="$(sed -n 's/.*Redis on 127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$line")"
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" REDIS_URL="redis://127.0.0.1:$redis_port"
export DEMO_FRONTEND_URL="https://localhost:$frontend_port"
curl -sf --cacert "$work/ca.pem" "$DEMO_FRONTEND_URL/" >/dev/null || { say "the frontend does not answer:"; tail -5 "$work/frontend.log" >&2; exit 3; }
export DEMO_API_URL="https://localhost:$https_port" DEMO_HTTP_URL="http://localhost:$http_port" DEMO_WS_URL="wss://localhost:$https_port"
export DEMO_HTTPS_PORT="$https_port" DEMO_CA_FILE="$work/ca.pem" BACKEND_LOG="$work/backend.log"

# Prometheus as production runs it (monitoring/prometheus.yml), scraping this backend every second.
source scripts/prometheus.sh
skip_prometheus=()
if ensure_prometheus demo; then
  prom_port="$(free_port)" prom_data="$(mktemp -d -t deploycheck-demo-prometheus.XXXXXX)"
  cat > "$work/prometheus.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: ['$root/monitoring/rules/backend-alerts.yml']
scrape_configs:
  - job_name: backend
    scheme: https
    tls_config: {ca_file: '$work/ca.pem'}
    static_configs: [{targets: ['localhost:$https_port']}]
YAML
  say "starting Prometheus on http://127.0.0.1:$prom_port (monitoring/rules loaded, scraping the backend)"
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$prom_data" \
    --web.listen-address="127.0.0.1:$prom_port" > "$work/prometheus.log" 2>&1 &
  prometheus=$!
  for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$prom_port/api/v1/query?query=up" 2>/dev/null | grep -q '"1"\]' && break
    kill -0 "$prometheus" 2>/dev/null || { say "Prometheus exited:"; tail -20 "$work/prometheus.log" >&2; exit 3; }
    sleep 0.5
  done
  export DEMO_PROMETHEUS_URL="http://127.0.0.1:$prom_port"
else
  say "no Prometheus: the items tagged prometheus are skipped (--skip prometheus)"
  skip_prometheus=(--skip prometheus)
fi

# Chromium and chromedriver (Debian's packages: installed when missing and run as root) for the browser items.
source scripts/chromium.sh
skip_browser=()
if ! ensure_chromium demo; then
  say "no Chromium: the items tagged browser are skipped (--skip browser)"
  skip_browser=(--skip browser)
fi

# DEMO_COMMAND=watch runs a bake window instead (extra arguments then need --for; bench/browser.sh uses it)
command="${DEMO_COMMAND:-verify}"
case "$command" in
  verify) reports=(-f json -o "$work/report.json" -f junit -o "$work/junit.xml" -f html -o "$work/report.html") ;;
  watch) reports=(-f json -o "$work/report.json" -f html -o "$work/report.html") ;;
  *) say "DEMO_COMMAND must be verify or watch, found '$command'"; exit 2 ;;
esac
say "running: deploycheck $command --env local"
set +e
bin/deploycheck "$command" --env local "${reports[@]}" "${skip_prometheus[@]}" "${skip_browser[@]}" "$@"
code=$?
set -e
say "reports in ${work#"$root"/}/ · exit code $code"
exit "$code"
