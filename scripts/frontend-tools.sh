# What the frontend (frontend/) needs on a machine, installed with Debian's packages when missing and running as
# root, each saying so.

# Node.js 18+ and npm: the frontend's build and tests.
ensure_node() {
  local who="$1"
  command -v npm >/dev/null && command -v node >/dev/null && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "$who: installing Node.js and npm (apt-get install -y nodejs npm) for the frontend ..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null 2>&1 && return 0
    echo "$who: apt-get could not install nodejs and npm" >&2
  fi
  echo "$who: the frontend needs Node.js 18+ and npm: apt-get install -y nodejs npm" >&2
  return 1
}

# nginx with brotli_static (the frontend's production web server: frontend/test/nginx.test.mjs compares it with
# the demo server): Debian's nginx and libnginx-mod-http-brotli-static, installed when missing and running as
# root. The package would start a system nginx on port 80 where no policy-rc.d forbids it: a temporary one does.
ensure_nginx() {
  local who="$1"
  if command -v nginx >/dev/null && [[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]]; then return 0; fi
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "$who: installing nginx (apt-get install -y nginx libnginx-mod-http-brotli-static; not started) ..." >&2
    local policy=''
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy"
    fi
    local ok=0
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      nginx libnginx-mod-http-brotli-static) >/dev/null 2>&1 || ok=1
    [[ -n "$policy" ]] && rm -f "$policy"
    [[ $ok == 0 ]] && return 0
    echo "$who: apt-get could not install nginx" >&2
  fi
  echo "$who: nginx is missing: the frontend's nginx test is skipped (apt-get install -y nginx libnginx-mod-http-brotli-static)" >&2
  return 1
}
