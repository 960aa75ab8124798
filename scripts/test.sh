#!/usr/bin/env bash
# The whole test suite: every module's unit, integration and end-to-end tests.
# Needs only a JDK 17 and Maven: PostgreSQL and Redis come embedded when none runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v mvn >/dev/null || { echo "test.sh: Maven is missing (apt-get install -y maven)" >&2; exit 2; }
exec mvn -B verify "$@"
