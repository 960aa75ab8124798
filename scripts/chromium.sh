# Chromium and chromedriver (the browser probe kind: its tests, the demo's frontend items): Debian's chromium and
# chromium-driver, installed when missing and running as root.
ensure_chromium() {
  local who="$1"
  if command -v chromedriver >/dev/null && { command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
      || command -v google-chrome >/dev/null; }; then
    return 0
  fi
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "$who: installing Chromium (apt-get install -y chromium chromium-driver) ..." >&2
    if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          chromium chromium-driver) >/dev/null 2>&1; then
      return 0
    fi
    echo "$who: apt-get could not install chromium" >&2
  fi
  echo "$who: Chromium is missing: run as root, or apt-get install -y chromium chromium-driver" >&2
  return 1
}
