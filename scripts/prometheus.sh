# Prometheus' promtool/amtool (the alert rules' unit tests) and prometheus (the probe tests, the demo): Debian's
# packages, installed when missing and running as root; the Debian service is not started (it would take 9090).
ensure_prometheus() {
  local who="$1"
  if command -v prometheus >/dev/null && command -v promtool >/dev/null && command -v amtool >/dev/null; then
    return 0
  fi
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "$who: installing Prometheus (apt-get install -y prometheus prometheus-alertmanager) ..." >&2
    if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          prometheus prometheus-alertmanager) >/dev/null 2>&1; then
      # policy-rc.d usually stops apt from starting services; where it did not, stop them (ports 9090, 9093)
      for svc in prometheus prometheus-alertmanager; do
        { systemctl stop "$svc" && systemctl disable "$svc"; } >/dev/null 2>&1 || service "$svc" stop >/dev/null 2>&1 || true
      done
      return 0
    fi
    echo "$who: apt-get could not install prometheus" >&2
  fi
  echo "$who: Prometheus is missing: run as root, or apt-get install -y prometheus prometheus-alertmanager" >&2
  return 1
}
