# Sourced by bench/full-verify.sh and bench/latency-compare.sh: starts the backend exactly as scripts/demo.sh
# does (HTTPS with a throw-away CA, embedded PostgreSQL and Redis on random free ports), bound to 127.0.0.1, and
# exports what `deploycheck verify --env local` (and the sequential script) read. Not timed by the callers.
#   start_backend DIR   -> sets BACKEND_PID, PG_PORT, REDIS_PORT, HTTP_PORT, HTTPS_PORT and the demo's env vars
#   stop_backend
#   reset_rate_limits   -> deletes the backend's rate-limit counters (rl:*) in Redis, so that repeated runs each
#                          start with a fresh auth budget (one verify run uses most of it on purpose)
start_backend() {
  local work="$1" root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  mkdir -p "$work"
  if [[ ! -f "$root/backend/target/backend.jar" || ! -f "$root/deploycheck/target/deploycheck.jar" ]]; then
    mvn -B -q -f "$root/pom.xml" package -DskipTests >&2
  fi
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
  HTTP_PORT="$(free_port)"; HTTPS_PORT="$(free_port)"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=deploycheck bench CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > "$work/server.ext"
  openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 90 \
    -extfile "$work/server.ext" -out "$work/server.pem" 2>/dev/null
  chmod 600 "$work"/*.key
  export APP_ENV=development DOMAIN=localhost PORT="$HTTP_PORT" HTTPS_PORT BIND_ADDRESS=127.0.0.1
  export SSL_CERT_PATH="$work/server.pem" SSL_KEY_PATH="$work/server.key"
  export JWT_SECRET="$(openssl rand -base64 48)" JWT_REFRESH_SECRET="$(openssl rand -base64 48)"
  export ENCRYPTION_KEY="$(openssl rand -base64 32)"
  export CORS_ORIGINS="https://app.localhost"
  export RATE_LIMIT_REQUESTS=600 RATE_LIMIT_AUTH_REQUESTS=20 RATE_LIMIT_AUTH_WINDOW_SECONDS=60
  export SMOKE_EMAIL="smoke@deploycheck.test" SMOKE_PASSWORD="Dc-$(openssl rand -hex 16)"
  java -Xmx512m -jar "$root/backend/target/backend.jar" > "$work/backend.log" 2>&1 &
  BACKEND_PID=$!
  local i
  for i in $(seq 240); do
    curl -sf --cacert "$work/ca.pem" "https://localhost:$HTTPS_PORT/api/ready" >/dev/null 2>&1 && break
    kill -0 "$BACKEND_PID" 2>/dev/null || { echo "backend exited:" >&2; tail -20 "$work/backend.log" >&2; return 3; }
    sleep 0.5
  done
  curl -sf --cacert "$work/ca.pem" "https://localhost:$HTTPS_PORT/api/ready" >/dev/null || { echo "backend not ready" >&2; return 3; }
  local line
  line="$(grep -m1 'embedded default' "$work/backend.log")"
  PG_PORT="$(sed -n 's/.*PostgreSQL on 127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$line")"
  REDIS_PORT="$(sed -n 's/.*Redis on 127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$line")"
  export PG_PORT REDIS_PORT HTTP_PORT
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  export DEMO_API_URL="https://localhost:$HTTPS_PORT" DEMO_HTTP_URL="http://localhost:$HTTP_PORT" DEMO_WS_URL="wss://localhost:$HTTPS_PORT"
  export DEMO_HTTPS_PORT="$HTTPS_PORT" DEMO_CA_FILE="$work/ca.pem" BACKEND_LOG="$work/backend.log"
}

stop_backend() {
  if [[ -n "${BACKEND_PID:-}" ]]; then
    kill "$BACKEND_PID" 2>/dev/null || true
    wait "$BACKEND_PID" 2>/dev/null || true
    BACKEND_PID=""
  fi
}

reset_rate_limits() {
  local keys
  keys="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --scan --pattern 'rl:*' 2>/dev/null || true)"
  if [[ -n "$keys" ]]; then
    # shellcheck disable=SC2086
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" DEL $keys > /dev/null
  fi
}
