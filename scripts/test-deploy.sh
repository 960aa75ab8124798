#!/usr/bin/env bash
# Tests scripts/deploy-production.sh against the real backend and this machine's PostgreSQL (127.0.0.1:5432,
# trust auth, user postgres) and Redis (127.0.0.1:6379): deploy, a repeated deploy is a no-op, a release that
# crashes and one that never becomes ready leave the old one serving, rollback (with --restore-db), backup and
# restore round trip, the retention rule on fake-dated files, usage errors. Everything runs in a scratch
# database, a Redis db number and a temporary deploy root, removed at the end even on failure.
# Usage: scripts/test-deploy.sh      (builds backend/target/backend.jar when missing)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
deploy="$root/scripts/deploy-production.sh"
work="$(mktemp -d /tmp/test-deploy.XXXXXX)"
db="deploytest_$$"
redis_db="${TEST_REDIS_DB:-14}"
pg=(psql -X -q -h 127.0.0.1 -p 5432 -U postgres)
export DEPLOY_ROOT="$work/root"
passed=0

# bold only on a terminal, and never with NO_COLOR set (https://no-color.org)
if [[ -t 2 && -z "${NO_COLOR:-}" ]]; then _bold=$'\033[1m' _plain=$'\033[0m'; else _bold='' _plain=''; fi
say() { printf '%stest-deploy:%s %s\n' "$_bold" "$_plain" "$*" >&2; }
fail() { printf 'test-deploy: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { passed=$((passed + 1)); printf '  ok   %s\n' "$*" >&2; }

cleanup() {
  local pid
  pid="$(cat "$DEPLOY_ROOT/backend.pid" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  "${pg[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" flushdb >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# runs the deploy script, keeping its exit code, stdout and stderr
run() {
  set +e
  "$deploy" "$@" >"$work/out" 2>"$work/err"
  code=$?
  set -e
  out="$(cat "$work/out")"
  err="$(cat "$work/err")"
}
expect_code() {
  [[ "$code" == "$1" ]] || fail "$2: exit $code, expected $1
--- stdout
$out
--- stderr
$err"
}
contains() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in:
$1"; }

health_version() {
  curl -s --max-time 3 "http://127.0.0.1:$port/api/health" | sed -n 's/.*"version":"\([^"]*\)".*/\1/p'
}
marker_rows() { "${pg[@]}" -d "$db" -At -c "select count(*) from deploy_test_marker"; }

# ---------------------------------------------------------------------------------------------------------------
say "usage errors"
run; expect_code 2 "no arguments"; contains "$err" "Usage: deploy-production.sh"
run frobnicate; expect_code 2 "unknown command"; contains "$err" "unknown command 'frobnicate'"
run deploy; expect_code 2 "deploy without a jar"
run help; expect_code 0 "help"; contains "$out" "rollback [--restore-db]"
ok "usage: no arguments, unknown command, missing jar exit 2; help exits 0"

# ---------------------------------------------------------------------------------------------------------------
say "retention on fake-dated backups (no database needed)"
{
  rr="$work/retention"
  mkdir -p "$rr/backups"
  now="$(date -u -d '2026-11-26 12:00:00' +%s)"
  # one backup a day at 02:00 UTC for 400 days, and three more today
  for i in $(seq 0 399); do
    touch "$rr/backups/backend-$(date -u -d "@$((now - i * 86400 - 36000))" +%Y%m%dT%H%M%SZ).sql.gz"
  done
  for t in 030000 060000 090000; do touch "$rr/backups/backend-20261126T${t}Z.sql.gz"; done
  touch "$rr/backups/notes.sql.gz"
  b() { [[ -e "$rr/backups/backend-$1T020000Z.sql.gz" ]]; }
  DEPLOY_ROOT="$rr" run backups --dry-run; expect_code 0 "backups --dry-run"
  contains "$out" "(would be removed)"
  [[ "$(find "$rr/backups" -type f | wc -l)" == 404 ]] || fail "--dry-run removed files"
  touch "$rr/backups/backend-20261027T020000Z.sql.gz.manifest" "$rr/backups/backend-20261004T020000Z.sql.gz.manifest"
  DEPLOY_ROOT="$rr" DEPLOY_NOW="$now" run backups; expect_code 0 "backups"
  [[ ! -e "$rr/backups/backend-20261027T020000Z.sql.gz.manifest" ]] || fail "a pruned backup's manifest was left"
  [[ -e "$rr/backups/backend-20261004T020000Z.sql.gz.manifest" ]] || fail "a kept backup's manifest was removed"
  rm "$rr/backups/backend-20261004T020000Z.sql.gz.manifest"
  for d in 20261126 20261028; do b "$d" || fail "daily backup $d (within 30 days) was removed"; done
  b 20261027 && fail "20261027 (30 days old, a Tuesday) should be pruned"
  b 20261004 || fail "20261004 (a Sunday: newest of its ISO week, 53 days old) was removed"
  b 20261001 && fail "20261001 (a Thursday, 56 days old, not the end of a week or month) should be pruned"
  b 20260906 || fail "20260906 (Sunday, 81 days old) was removed"
  b 20260830 && fail "20260830 (Sunday, 88 days: beyond 12 weeks, not month end) should be pruned"
  b 20260831 || fail "20260831 (newest of August) was removed"
  b 20251231 || fail "20251231 (newest of December 2025, 11 months back) was removed"
  b 20251130 && fail "20251130 (12 months back) should be pruned"
  b 20251030 && fail "20251030 (13 months back) should be pruned"
  for t in 030000 060000 090000; do [[ -e "$rr/backups/backend-20261126T${t}Z.sql.gz" ]] || fail "today's $t removed"; done
  [[ -e "$rr/backups/notes.sql.gz" ]] || fail "a file without a timestamp was removed"
  # 30 days + 3 more of today + 8 more ISO weeks (Sundays 31..81 days back) + 10 more month ends + 1 unmanaged
  kept="$(find "$rr/backups" -type f | wc -l)"
  [[ "$kept" == 52 ]] || fail "kept $kept backups, expected 52: $(ls "$rr/backups")"
  DEPLOY_ROOT="$rr" DEPLOY_NOW="$now" run backups; expect_code 0 "backups again"; contains "$out" "52 kept, 0 removed"
}
ok "retention: 24 h all, daily 30 days, weekly 12 weeks, monthly 12 months; idempotent; --dry-run removes nothing"

# ---------------------------------------------------------------------------------------------------------------
mkdir -p "$work/empty/backups"
DEPLOY_ROOT="$work/empty" run backups; expect_code 1 "backups with none"; contains "$err" "no backups in"
DEPLOY_ROOT="$work/nowhere" run backups; expect_code 1 "backups without a deploy root"; contains "$err" "is DEPLOY_ROOT right?"
[[ ! -e "$work/nowhere" ]] || fail "backups created a deploy root"
ok "backups fails when there are none, and never creates a deploy root"

say "services and the scratch database $db"
pg_isready -h 127.0.0.1 -p 5432 -q || fail "PostgreSQL is not running on 127.0.0.1:5432 (see DESIGN.md)"
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || fail "Redis is not running on 127.0.0.1:6379 (see DESIGN.md)"
"${pg[@]}" -d postgres -c "CREATE DATABASE $db" >/dev/null
[[ -f backend/target/backend.jar ]] || mvn -B -q -Dstyle.color=never package -DskipTests >&2
jar="$root/backend/target/backend.jar"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"

env_file() { # version, then extra KEY=value lines
  local f="$work/$1.env"
  {
    echo "APP_ENV=production"
    echo "APP_VERSION=$1"
    echo "BIND_ADDRESS=127.0.0.1"
    echo "PORT=$port"
    echo "DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db"
    echo "REDIS_URL=redis://127.0.0.1:6379/$redis_db"
    echo "JWT_SECRET=$(openssl rand -base64 48 | tr -d '\n')"
    echo "JWT_REFRESH_SECRET=$(openssl rand -base64 48 | tr -d '\n')"
    echo "ENCRYPTION_KEY=$(openssl rand -base64 32)"
    echo "RATE_LIMIT_REQUESTS=100000"
    echo "JAVA_OPTS='-Xmx256m -XX:TieredStopAtLevel=1'"
    shift
    printf '%s\n' "$@"
  } >"$f"
  printf '%s' "$f"
}

# ---------------------------------------------------------------------------------------------------------------
say "deploy release 1, keeping the build's test reports"
run status; expect_code 1 "status before any deploy"; contains "$out" "none deployed"
# a build tree as Maven leaves it, in a git checkout of its own: the reports of two modules, a pom.xml beside them
build="$work/build"
mkdir -p "$build/backend/target/surefire-reports" "$build/e2e/target/failsafe-reports"
printf '<testsuite name="A" tests="1"><testcase name="a"/></testsuite>\n' >"$build/backend/target/surefire-reports/TEST-A.xml"
printf '<testsuite name="B" tests="1"><testcase name="b"/></testsuite>\n' >"$build/e2e/target/failsafe-reports/TEST-B.xml"
printf '<project/>\n' >"$build/pom.xml"
touch -d '2026-01-02 03:04:05 UTC' "$build/backend/target/surefire-reports/TEST-A.xml"
git -C "$build" init -q && git -C "$build" add pom.xml \
  && git -C "$build" -c user.name=t -c user.email=t@t commit -q -m build
build_commit="$(git -C "$build" rev-parse HEAD)"
run deploy "$jar" --version 1.0.0 --env-file "$(env_file 1.0.0)" --test-reports "$work/empty"
expect_code 1 "deploy with a reports directory holding none"; contains "$err" "no JUnit reports in"
[[ ! -e "$DEPLOY_ROOT/releases/1.0.0" ]] || fail "a release folder was made although the reports were missing"
run deploy "$jar" --version 1.0.0 --env-file "$(env_file 1.0.0)" --test-reports "$build"; expect_code 0 "deploy 1.0.0"
contains "$out" "release 1.0.0 deployed and serving"; contains "$out" "kept 2 test report(s)"
kept="$DEPLOY_ROOT/releases/1.0.0/test-reports"
cmp -s "$kept/backend/target/surefire-reports/TEST-A.xml" "$build/backend/target/surefire-reports/TEST-A.xml" \
  || fail "the surefire report was not kept"
[[ -f "$kept/e2e/target/failsafe-reports/TEST-B.xml" ]] || fail "the failsafe report was not kept"
[[ ! -e "$kept/pom.xml" ]] || fail "pom.xml was kept as a test report"
[[ "$(stat -c %Y "$kept/backend/target/surefire-reports/TEST-A.xml")" == "$(date -d '2026-01-02 03:04:05 UTC' +%s)" ]] \
  || fail "the report's modification time (its age) was not kept"
[[ "$(cat "$kept/commit")" == "$build_commit" ]] || fail "test-reports/commit is not the build's HEAD"
grep -qE '^commit=[0-9a-f]{40}$' "$DEPLOY_ROOT/releases/1.0.0/release.info" \
  || fail "release.info has no commit from the jar: $(cat "$DEPLOY_ROOT/releases/1.0.0/release.info")"
[[ "$(health_version)" == 1.0.0 ]] || fail "1.0.0 is not serving"
[[ "$(readlink "$DEPLOY_ROOT/current")" == releases/1.0.0 ]] || fail "current does not point at releases/1.0.0"
[[ "$(stat -c %a "$DEPLOY_ROOT/releases/1.0.0/.env")" == 600 ]] || fail "the release's .env is not 0600"
[[ "$(find "$DEPLOY_ROOT/backups" -name '*.sql.gz' | wc -l)" == 1 ]] || fail "no backup before the first deploy"
run status; expect_code 0 "status"; contains "$out" "release:     1.0.0"; contains "$out" "running, ready"
ok "deploy: backup first, release folder, current link, ready, status says running; the test reports and their commit kept"
"${pg[@]}" -d "$db" -c "CREATE TABLE deploy_test_marker (n int); INSERT INTO deploy_test_marker VALUES (1)" >/dev/null

run deploy "$jar" --version 1.0.0 --env-file "$DEPLOY_ROOT/releases/1.0.0/.env"; expect_code 0 "deploy 1.0.0 again"
contains "$out" "nothing to do"
run deploy "$jar" --version 1.0.0 --env-file "$(env_file other)"; expect_code 1 "same version, other env"
contains "$err" "already exists with a different jar or env file"
ok "a repeated deploy is a no-op; a version is never overwritten"

# ---------------------------------------------------------------------------------------------------------------
say "a release that crashes on start"
run deploy "$jar" --version 2.0.0-crash --env-file "$(env_file 2.0.0-crash JWT_SECRET=changeme)"
expect_code 1 "deploy of a crashing release"
contains "$err" "exited before becoming ready"; contains "$err" "JWT_SECRET is a placeholder"
contains "$err" "1.0.0 serves again"
[[ "$(health_version)" == 1.0.0 ]] || fail "1.0.0 is not serving after the failed deploy"
[[ "$(readlink "$DEPLOY_ROOT/current")" == releases/1.0.0 ]] || fail "current moved after a failed deploy"
ok "a crashing release is stopped and the old one serves again"

say "a release that never becomes ready"
READY_TIMEOUT=10 run deploy "$jar" --version 2.0.0-hang --env-file "$(env_file 2.0.0-hang "READY_URL=http://127.0.0.1:$port/api/never")"
expect_code 1 "deploy of a release that is never ready"
contains "$err" "not ready after 10s"; contains "$err" "1.0.0 serves again"
[[ "$(health_version)" == 1.0.0 ]] || fail "1.0.0 is not serving after the never-ready deploy"
run status; expect_code 0 "status after failed deploys"; contains "$out" "release:     1.0.0"
ok "a release never ready within READY_TIMEOUT is stopped and the old one serves again"

# ---------------------------------------------------------------------------------------------------------------
say "deploy release 2, change data, roll back with --restore-db"
run deploy "$jar" --version 2.0.0 --env-file "$(env_file 2.0.0)"; expect_code 0 "deploy 2.0.0"
[[ "$(health_version)" == 2.0.0 ]] || fail "2.0.0 is not serving"
"${pg[@]}" -d "$db" -c "INSERT INTO deploy_test_marker VALUES (2)" >/dev/null
[[ "$(marker_rows)" == 2 ]] || fail "marker rows"
run rollback --restore-db; expect_code 0 "rollback --restore-db"
contains "$out" "rolling back from 2.0.0 to 1.0.0"; contains "$out" "safety backup"
[[ "$(health_version)" == 1.0.0 ]] || fail "1.0.0 is not serving after the rollback"
[[ "$(marker_rows)" == 1 ]] || fail "the database was not restored to the pre-deploy backup"
[[ -f "$DEPLOY_ROOT/releases/2.0.0/rolled-back" ]] || fail "2.0.0 not marked rolled back"
run rollback; expect_code 1 "second rollback"; contains "$err" "no previous release"
[[ "$(health_version)" == 1.0.0 ]] || fail "1.0.0 is not serving after a refused rollback"
ok "rollback returns to the previous release and restores the pre-deploy backup; nothing further back: refused"

say "deploy 2 again (the same folder), plain rollback keeps the data"
run deploy "$jar" --version 2.0.0 --env-file "$work/2.0.0.env"; expect_code 0 "redeploy 2.0.0"
"${pg[@]}" -d "$db" -c "INSERT INTO deploy_test_marker VALUES (3)" >/dev/null
run rollback; expect_code 0 "rollback"
[[ "$(health_version)" == 1.0.0 ]] || fail "1.0.0 is not serving after the plain rollback"
[[ "$(marker_rows)" == 2 ]] || fail "a plain rollback changed the database"
ok "rollback without --restore-db leaves the database alone"

# ---------------------------------------------------------------------------------------------------------------
say "backup and restore round trip"
run backup; expect_code 0 "backup"; contains "$out" "database backed up to"
file="$(sed -n 's/.*database backed up to \(.*\.sql\.gz\).*/\1/p' <<<"$out")"
[[ -s "$file" ]] || fail "no backup file: $out"
"${pg[@]}" -d "$db" -c "DELETE FROM deploy_test_marker; CREATE TABLE created_after (x int)" >/dev/null
run restore "$file"; expect_code 1 "restore without --yes and no terminal"; contains "$err" "--yes"
run restore "$file" --yes; expect_code 0 "restore"
[[ "$(marker_rows)" == 2 ]] || fail "rows not restored"
[[ -z "$("${pg[@]}" -d "$db" -At -c "select to_regclass('created_after')")" ]] || fail "a table created after the backup survived"
[[ "$(health_version)" == 1.0.0 ]] || fail "the release was not started again after the restore"
[[ "$("${pg[@]}" -d "$db" -At -c "select count(*) from flyway_schema_history where success")" -ge 1 ]] \
  || fail "the backend's schema was not restored"
ok "backup then restore returns the database to the backup (rows back, later tables gone), release serving"

run backups; expect_code 0 "backups"; contains "$out" "pre-deploy"
ok "backups lists and keeps the pre-deploy backups"

# ---------------------------------------------------------------------------------------------------------------
say "restore drills: the newest backup into a scratch database, compared with its manifest"
scratch_gone() { # the scratch database a drill log names no longer exists
  local name
  name="$(sed -n 's/^scratch_database=//p' "$1")"
  [[ -n "$name" ]] || fail "no scratch_database in $1: $(cat "$1")"
  [[ "$("${pg[@]}" -d postgres -At -c "select count(*) from pg_database where datname = '$name'")" == 0 ]] \
    || fail "the scratch database $name was left behind"
}
newest_drill() { find "$DEPLOY_ROOT/drills" -name 'drill-*.log' -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2; }
run backup; expect_code 0 "backup for the drill"
file="$(sed -n 's/.*database backed up to \(.*\.sql\.gz\).*/\1/p' <<<"$out")"
[[ -f "$file.manifest" ]] || fail "the backup recorded no manifest"
contains "$(cat "$file.manifest")" "rows 2 public.deploy_test_marker"
grep -qE '^data_sha256=[0-9a-f]{64}$' "$file.manifest" || fail "no data checksum in $(cat "$file.manifest")"
grep -qE '^sha256=[0-9a-f]{64}$' "$file.manifest" || fail "no file checksum in $(cat "$file.manifest")"
run restore --drill; expect_code 0 "restore --drill"
contains "$out" "restore drill passed: $(basename "$file") restored in"; contains "$out" "counts and data checksum match"
log="$(newest_drill)"
contains "$(cat "$log")" "result=passed"; contains "$(cat "$log")" "backup=$(basename "$file")"
grep -qE '^restore_seconds=[0-9]+\.[0-9]{3}$' "$log" || fail "no restore time in $(cat "$log")"
grep -qE '^tables=([2-9]|[1-9][0-9]+)$' "$log" || fail "too few tables compared: $(cat "$log")"
scratch_gone "$log"
[[ "$(marker_rows)" == 2 ]] || fail "the drill changed the real database"
[[ "$(health_version)" == 1.0.0 ]] || fail "the drill disturbed the running release"
ok "a drill restores the newest backup into a scratch database, matches its manifest, times it, drops it"

mkdir -p "$work/bad"
cp "$file" "$work/bad/corrupt.sql.gz"; cp "$file.manifest" "$work/bad/corrupt.sql.gz.manifest"
printf 'XXXXXXXXXXXXXXXX' | dd of="$work/bad/corrupt.sql.gz" bs=1 seek=200 conv=notrunc 2>/dev/null
run restore --drill "$work/bad/corrupt.sql.gz"; expect_code 1 "drill of a corrupt backup"
contains "$err" "restore drill FAILED for corrupt.sql.gz"; contains "$err" "has changed since it was taken"
log="$(newest_drill)"; contains "$(cat "$log")" "result=failed"; scratch_gone "$log"

head -c "$(($(stat -c %s "$file") / 2))" "$file" >"$work/bad/truncated.sql.gz"
cp "$file.manifest" "$work/bad/truncated.sql.gz.manifest"
run restore --drill "$work/bad/truncated.sql.gz"; expect_code 1 "drill of a truncated backup"
contains "$err" "restore drill FAILED for truncated.sql.gz"; contains "$err" "the restore failed"
log="$(newest_drill)"; contains "$(cat "$log")" "result=failed"; scratch_gone "$log"

# a dump cut inside its data but gzipped whole again, its sha256 recorded: psql restores the rows it got without
# complaint, and only the comparison with the manifest catches it
gunzip -c "$file" | awk '/^COPY public.deploy_test_marker /{print; getline; print; exit} {print}' | gzip >"$work/bad/cut.sql.gz"
sed "s/^sha256=.*/sha256=$(sha256sum "$work/bad/cut.sql.gz" | cut -d' ' -f1)/" "$file.manifest" >"$work/bad/cut.sql.gz.manifest"
run restore --drill "$work/bad/cut.sql.gz"; expect_code 1 "drill of a dump cut inside its data"
contains "$err" "public.deploy_test_marker: 1 rows restored, the backup recorded 2"
log="$(newest_drill)"; contains "$(cat "$log")" "result=failed"; scratch_gone "$log"

cp "$file" "$work/bad/old.sql.gz"
run restore --drill "$work/bad/old.sql.gz"; expect_code 1 "drill of a backup without a manifest"
contains "$err" "no manifest beside old.sql.gz"
log="$(newest_drill)"; scratch_gone "$log"
[[ "$(marker_rows)" == 2 ]] || fail "a failed drill changed the real database"
ok "corrupt, truncated and cut backups and one without a manifest fail the drill; every scratch database is dropped"

say "all $passed checks passed"
