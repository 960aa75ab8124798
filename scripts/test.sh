#!/usr/bin/env bash
# The whole test suite: every module's unit, integration and end-to-end tests.
# Needs a JDK 17 and Maven: PostgreSQL and Redis come embedded when none runs; Prometheus (promtool, amtool and
# prometheus: the alert rules' tests and the prometheus probe's) is installed with apt-get when missing and this
# runs as root. Without it those tests are skipped, each saying why. Chromium and chromedriver (the browser probe's
# tests) are installed the same way; the browser tests fail, with the install hint, where they cannot be. So is
# nginx (the frontend's production server, compared with the demo's); without it that test is skipped, saying so.
# The frontend module needs Node.js 18+ and npm (npm ci fetches its packages once; later runs use npm's cache).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v mvn >/dev/null || { echo "test.sh: Maven is missing (apt-get install -y maven)" >&2; exit 2; }
source scripts/prometheus.sh
# present (or installed now): the Prometheus tests must run, and fail rather than skip
if ensure_prometheus test.sh; then export DEPLOYCHECK_REQUIRE_PROMETHEUS=1; fi
source scripts/chromium.sh
ensure_chromium test.sh || true
source scripts/frontend-tools.sh
ensure_node test.sh || exit 2
# present (or installed now): the frontend's nginx comparison must run, and fail rather than skip
if ensure_nginx test.sh; then export DEPLOYCHECK_REQUIRE_NGINX=1; fi
exec mvn -B verify "$@"
