#!/usr/bin/env bash
# Deploys the backend as versioned releases under a deploy root, health-gated, with a database backup before
# every deploy, rollback to the previous release (optionally restoring that backup), and backup retention.
# Run it without arguments for the usage text.
set -euo pipefail

readonly PROG="deploy-production.sh"
DEPLOY_ROOT="${DEPLOY_ROOT:-/srv/deploycheck-backend}"
KEEP_RELEASES="${KEEP_RELEASES:-5}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"
LOCK_TIMEOUT="${LOCK_TIMEOUT:-300}"

usage() {
  cat <<EOF
Usage: $PROG COMMAND [ARGS]

Deploys the deploycheck backend (a jar) as versioned releases under \$DEPLOY_ROOT and keeps it healthy.

Commands:
  deploy JAR [--version V] [--env-file F] [--no-backup] [--test-reports DIR [--test-commit SHA]]
        Back up the database (pg_dump), stop the running release, start the new one, wait for /api/ready,
        switch 'current'. A release that is not ready within READY_TIMEOUT seconds is stopped and the previous
        release is started again. V defaults to a digest of the jar and env file (so a repeated deploy is a
        no-op); F (KEY=value lines) defaults to the current release's .env. --test-reports keeps the build's
        JUnit reports with the release (every <module>/target/{surefire,failsafe}-reports/*.xml below DIR, or
        the reports directly in DIR) in test-reports/, and the commit they ran on in test-reports/commit (SHA,
        else DIR's git HEAD), so the checklist checks the tests of what runs.
  rollback [--restore-db]
        Return to the release deployed before the current one. --restore-db also restores the database backup
        taken just before the current release was deployed.
  status                 The current release, its pid, whether it is running and ready (exit 0 only when running).
  backup                 Take a database backup now (backups/backend-<UTC timestamp>.sql.gz).
  backups [--dry-run]    List backups and apply the retention (exit 1 when there are none): every backup of the last 24 hours, the newest of
                         each day for 30 days, of each ISO week for 12 weeks, of each month for 12 months, and
                         every backup a kept release may need for 'rollback --restore-db'.
  restore FILE [--yes]   Restore a backup into the current release's database (the running release is stopped,
                         a safety backup taken first, and the release started again). Asks unless --yes.
  restore --drill [FILE] A restore drill: restore FILE (default: the newest backup) into a scratch database on the
                         same server, time it, compare every table's rows and a checksum of the data with what the
                         backup recorded (backups/<name>.manifest), always drop the scratch database, and write
                         drills/drill-<UTC timestamp>.log (result=passed|failed). Exit 0 only when it passed.
                         DRILL_ADMIN_URL: where CREATE/DROP DATABASE run (default: DATABASE_URL's server, db postgres).
  help                   This text.

Layout of \$DEPLOY_ROOT (default /srv/deploycheck-backend; now $DEPLOY_ROOT):
  releases/<version>/backend.jar, .env, backend.log, release.info, pre-deploy-backup, test-reports/
  current -> releases/<version>     history (deployed versions, oldest first)     backend.pid     backups/     drills/

The release's .env is the backend's whole configuration (DATABASE_URL, REDIS_URL, JWT_SECRET, PORT, HTTPS_PORT,
SSL_CERT_PATH, ...); it is sourced by bash when the release starts, so it must be valid shell (KEY=value, quote
values with spaces). JAVA_OPTS in it is passed to java (default -Xmx512m). READY_URL overrides the readiness URL
(default https://127.0.0.1:\$HTTPS_PORT/api/ready with a certificate, else http://127.0.0.1:\$PORT/api/ready).

Environment: DEPLOY_ROOT, KEEP_RELEASES (5), READY_TIMEOUT (120 s), STOP_TIMEOUT (30 s), LOCK_TIMEOUT (300 s),
DEPLOY_NOW (epoch seconds; 'now' for the retention rule, for tests).
Exit codes: 0 done, 1 failed (the message says what still serves), 2 invalid usage.
EOF
}

say() { printf '%s: %s\n' "$PROG" "$*"; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
usage_error() { printf '%s: %s\nRun '\''%s help'\'' for the usage text.\n' "$PROG" "$*" "$PROG" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------------------------
# The deploy root, the lock, releases

init_root() {
  mkdir -p "$DEPLOY_ROOT/releases" "$DEPLOY_ROOT/backups" || die "cannot create $DEPLOY_ROOT (set DEPLOY_ROOT)"
  DEPLOY_ROOT="$(cd "$DEPLOY_ROOT" && pwd -P)"
  touch "$DEPLOY_ROOT/history"
}

# One deploy-production.sh at a time per deploy root (fd 9 is closed in the backend it starts).
lock() {
  exec 9>"$DEPLOY_ROOT/.lock"
  if ! flock -n 9; then
    say "waiting for another $PROG run on $DEPLOY_ROOT (up to ${LOCK_TIMEOUT}s) ..."
    flock -w "$LOCK_TIMEOUT" 9 || die "another $PROG run holds $DEPLOY_ROOT/.lock"
  fi
}

current_version() {
  local link="$DEPLOY_ROOT/current"
  [[ -L "$link" ]] || return 0
  basename "$(readlink "$link")"
}

release_dir() { printf '%s/releases/%s' "$DEPLOY_ROOT" "$1"; }

# A variable from a release's .env, read in a subshell so nothing leaks into this script.
release_var() {
  local dir="$1" name="$2"
  (
    set +u
    set -a
    # shellcheck disable=SC1091
    . "$dir/.env" >/dev/null 2>&1
    printf '%s' "${!name:-}"
  )
}

ready_url() {
  local dir="$1" url
  url="$(release_var "$dir" READY_URL)"
  if [[ -n "$url" ]]; then
    printf '%s' "$url"
  elif [[ -n "$(release_var "$dir" SSL_CERT_PATH)" ]]; then
    printf 'https://127.0.0.1:%s/api/ready' "$(release_var "$dir" HTTPS_PORT | grep . || echo 8443)"
  else
    printf 'http://127.0.0.1:%s/api/ready' "$(release_var "$dir" PORT | grep . || echo 8080)"
  fi
}

# HTTP status of the release's readiness URL, 000 when nothing answers. -k: this is a local liveness gate; the
# checklist checks the certificate chain.
ready_status() {
  curl -k -s -o /dev/null -w '%{http_code}' --max-time 3 "$(ready_url "$1")" 2>/dev/null || true
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# The git commit the backend jar was built from (its build-info.properties), empty when unknown.
jar_commit() {
  unzip -p "$1" build-info.properties 2>/dev/null | sed -n 's/^git\.commit=\([0-9a-f]\{7,64\}\)$/\1/p' | head -1 || true
}

# The JUnit reports of a build below DIR, NUL-separated: <module>/target/{surefire,failsafe}-reports/*.xml, and
# the files directly in DIR that are JUnit XML (a CI artifact folder; a pom.xml is not a report).
test_report_files() {
  local src="$1" f
  find "$src" \( -name .git -o -name node_modules \) -prune -o -type f -name '*.xml' \
    \( -path '*/target/surefire-reports/*' -o -path '*/target/failsafe-reports/*' \) -print0
  find "$src" -maxdepth 1 -type f -name '*.xml' -print0 | while IFS= read -r -d '' f; do
    head -c 4096 "$f" | grep -q '<testsuite' && printf '%s\0' "$f"
  done
  return 0
}

# Copies the reports into DEST (paths relative to DIR, modification times kept: a Surefire report's age is its
# file's) and writes DEST/commit.
keep_test_reports() {
  local src="$1" dest="$2" commit="$3" f rel n=0
  while IFS= read -r -d '' f; do
    rel="${f#"$src"/}"
    mkdir -p "$dest/$(dirname "$rel")"
    cp -p -- "$f" "$dest/$rel"
    n=$((n + 1))
  done < <(test_report_files "$src")
  if [[ -z "$commit" ]]; then
    commit="$(git -C "$src" rev-parse --verify -q HEAD 2>/dev/null || true)"
  fi
  if [[ -n "$commit" ]]; then
    printf '%s\n' "$commit" >"$dest/commit"
  else
    warn "the commit the tests ran on is unknown (no --test-commit, and $src is not a git checkout)"
  fi
  say "kept $n test report(s) from $src${commit:+ (commit $commit)}"
}

# ---------------------------------------------------------------------------------------------------------------
# Processes

alive() {
  local pid="$1"
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || return 1
  # a zombie (our own child that exited, not yet reaped) is not alive
  [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]]
}

# The pid in backend.pid when it is a live process started from this deploy root (a reused pid is not ours).
running_pid() {
  local pid
  pid="$(cat "$DEPLOY_ROOT/backend.pid" 2>/dev/null || true)"
  if alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DEPLOY_ROOT/releases/"; then
    printf '%s' "$pid"
  fi
}

# The release a running pid belongs to, from its command line.
release_of_pid() {
  tr '\0' '\n' <"/proc/$1/cmdline" | sed -n "s#^$DEPLOY_ROOT/releases/\([^/]*\)/backend.jar\$#\1#p" | head -1
}

stop_running() {
  local pid waited=0
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$DEPLOY_ROOT/backend.pid"
    return 0
  fi
  say "stopping release $(release_of_pid "$pid") (pid $pid, SIGTERM, up to ${STOP_TIMEOUT}s)"
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && ((waited < STOP_TIMEOUT * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if alive "$pid"; then
    warn "pid $pid still running after ${STOP_TIMEOUT}s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  wait "$pid" 2>/dev/null || true
  rm -f "$DEPLOY_ROOT/backend.pid"
}

# Starts a release in its own session (it outlives this script and a caller killing our process tree) with
# its .env as the environment; its output goes to the release's backend.log.
start_release() {
  local version="$1" dir
  dir="$(release_dir "$version")"
  (
    cd "$dir"
    set +u
    set -a
    # shellcheck disable=SC1091
    . "$dir/.env"
    set +a
    read -r -a opts <<<"${JAVA_OPTS:--Xmx512m}"
    exec setsid java "${opts[@]}" -jar "$dir/backend.jar" >>"$dir/backend.log" 2>&1 </dev/null 9>&-
  ) &
  local pid=$!
  echo "$pid" >"$DEPLOY_ROOT/backend.pid"
  say "started release $version (pid $pid), waiting for $(ready_url "$dir")"
}

# Waits until the running release answers 200 on its readiness URL (up to $2 seconds, default READY_TIMEOUT);
# fails early when the process exits.
wait_ready() {
  local version="$1" timeout="${2:-$READY_TIMEOUT}" dir pid code=000 deadline
  dir="$(release_dir "$version")"
  pid="$(cat "$DEPLOY_ROOT/backend.pid" 2>/dev/null || true)"
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    code="$(ready_status "$dir")"
    if [[ "$code" == 200 ]]; then
      say "release $version is ready"
      return 0
    fi
    if ! alive "$pid"; then
      warn "release $version exited before becoming ready; the end of $dir/backend.log:"
      tail -n 15 "$dir/backend.log" | sed 's/^/    /' >&2
      return 1
    fi
    sleep 0.5
  done
  warn "release $version not ready after ${timeout}s (last status $code); the end of $dir/backend.log:"
  tail -n 15 "$dir/backend.log" | sed 's/^/    /' >&2
  return 1
}

switch_current() {
  ln -sfn "releases/$1" "$DEPLOY_ROOT/current.new"
  mv -T "$DEPLOY_ROOT/current.new" "$DEPLOY_ROOT/current"
}

# Keeps the last KEEP_RELEASES deployed releases and the current one; older and failed folders go.
prune_releases() {
  local keep current dir name
  current="$(current_version)"
  keep="$(awk 'NF' "$DEPLOY_ROOT/history" | tac | awk '!seen[$0]++' | head -n "$KEEP_RELEASES")"
  for dir in "$DEPLOY_ROOT"/releases/*/; do
    [[ -d "$dir" ]] || continue
    name="$(basename "$dir")"
    if [[ "$name" != "$current" ]] && ! grep -qxF -- "$name" <<<"$keep"; then
      say "removing old release $name (keeping the last $KEEP_RELEASES)"
      rm -rf -- "$dir"
    fi
  done
  tail -n 100 "$DEPLOY_ROOT/history" >"$DEPLOY_ROOT/history.new"
  mv "$DEPLOY_ROOT/history.new" "$DEPLOY_ROOT/history"
}

# ---------------------------------------------------------------------------------------------------------------
# Backups

# pg_dump of DATABASE_URL into backups/backend-<UTC timestamp>.sql.gz; prints the file's path on stdout.
backup_db() {
  local url="$1" stamp file n=1
  command -v pg_dump >/dev/null || die "pg_dump is not installed (apt-get install -y postgresql-client)"
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  file="$DEPLOY_ROOT/backups/backend-$stamp.sql.gz"
  while [[ -e "$file" ]]; do
    n=$((n + 1))
    file="$DEPLOY_ROOT/backups/backend-$stamp-$n.sql.gz"
  done
  if ! pg_dump --no-owner --no-privileges --dbname="$url" 2>"$file.err" | gzip -6 >"$file.partial" \
      || [[ -s "$file.err" ]]; then
    rm -f "$file.partial"
    die "pg_dump failed: $(head -c 500 "$file.err"; rm -f "$file.err")"
  fi
  rm -f "$file.err"
  gzip -t "$file.partial" || die "backup $file.partial is not a valid gzip file"
  write_manifest "$file.partial" "$(basename "$file")" >"$file.manifest.partial" \
    || die "cannot record the manifest of $file"
  mv "$file.manifest.partial" "$file.manifest"
  mv "$file.partial" "$file"
  printf '%s' "$file"
}

# The data of a plain pg_dump on stdin as "<table>\t<row>" lines, rows as COPY wrote them; the tables go to $1.
dump_rows() {
  awk -v tables="$1" '
    copy && $0 == "\\." { copy = 0; next }
    copy { print table "\t" $0; next }
    /^COPY .* FROM stdin;$/ { table = $0; sub(/^COPY /, "", table); sub(/ FROM stdin;$/, "", table)
                              sub(/ \([^()]*\)$/, "", table); copy = 1; print table > tables }'
}

# Per-table row counts ("rows N TABLE", every table of the dump, empty ones included) and one checksum over all
# rows, order-independent (sorted), of the pg_dump on stdin.
data_summary() {
  local rows="$1.rows" tables="$1.tables"
  : >"$tables"
  dump_rows "$tables" | LC_ALL=C sort >"$rows"
  printf 'data_sha256=%s\n' "$(sha256sum <"$rows" | cut -d' ' -f1)"
  awk -F'\t' 'NR == FNR { n[$0] = 0; next } { n[$1]++ } END { for (t in n) print "rows " n[t] " " t }' \
    "$tables" "$rows" | LC_ALL=C sort -k3
  rm -f "$rows" "$tables"
}

# What a restore drill compares with: the backup file's sha256, the rows of each table, a checksum of the data.
write_manifest() {
  local file="$1" name="$2" tmp
  tmp="$(mktemp "${TMPDIR:-/tmp}/manifest.XXXXXX")"
  printf '# %s manifest of %s, taken %s\n' "$PROG" "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 'file=%s\nsha256=%s\n' "$name" "$(sha256 "$file")"
  gunzip -c "$file" | data_summary "$tmp"
  rm -f "$tmp"
}

# Replaces the database's public schema with the backup's contents, in one transaction.
restore_db() {
  local url="$1" file="$2"
  command -v psql >/dev/null || die "psql is not installed (apt-get install -y postgresql-client)"
  gzip -t "$file" 2>/dev/null || die "$file is not a gzip-compressed SQL backup"
  say "restoring $(basename "$file") into the database (public schema replaced, one transaction)"
  { printf 'DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n'; gunzip -c "$file"; } \
    | psql -X -q -v ON_ERROR_STOP=1 --single-transaction --dbname="$url" >/dev/null \
    || die "restore of $file failed; the transaction was rolled back, the database is unchanged"
}

# restore --drill: restores FILE into a scratch database beside the real one with the same procedure as a real
# restore, times it, compares the rows of every table and a checksum of all data with the backup's manifest, logs
# the result in drills/drill-<UTC timestamp>.log and always drops the scratch database. Exit 0 only when it passed.
restore_drill() {
  local url="$1" file="$2" name base query stamp
  name="$(basename "$file")"
  [[ "$url" =~ ^(postgres(ql)?://[^/?]+)(/[^?]*)?(\?.*)?$ ]] || die "DATABASE_URL is not a postgres:// URL: cannot drill"
  base="${BASH_REMATCH[1]}"
  query="${BASH_REMATCH[4]}"
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  DRILL_DB="drill_${stamp,,}_$$"
  DRILL_ADMIN="${DRILL_ADMIN_URL:-$base/postgres$query}"
  local scratch_url="$base/$DRILL_DB$query" log="$DEPLOY_ROOT/drills/drill-$stamp.log" n=1
  mkdir -p "$DEPLOY_ROOT/drills"
  while [[ -e "$log" ]]; do
    n=$((n + 1))
    log="$DEPLOY_ROOT/drills/drill-$stamp-$n.log"
  done
  local reasons=() summary="" seconds="" rows=0 tables=0 err="$DEPLOY_ROOT/drills/.drill-$$.err"
  trap drop_drill_db EXIT
  trap 'exit 130' INT TERM
  say "restore drill: $name into the scratch database $DRILL_DB"
  if [[ ! -f "$file.manifest" ]]; then
    reasons+=("no manifest beside $name (backups taken before restore drills have none): take a backup and drill it")
  elif [[ "$(sed -n 's/^sha256=//p' "$file.manifest")" != "$(sha256 "$file")" ]]; then
    reasons+=("$name has changed since it was taken: its sha256 differs from the one its manifest recorded")
  fi
  psql -X -q -v ON_ERROR_STOP=1 --dbname="$DRILL_ADMIN" -c "CREATE DATABASE \"$DRILL_DB\"" >/dev/null 2>"$err" \
    || die "cannot create the scratch database $DRILL_DB: $(head -n 1 "$err")"
  local t0 t1
  t0="$(date +%s%N)"
  if ( restore_db "$scratch_url" "$file" ) >/dev/null 2>"$err"; then
    t1="$(date +%s%N)"
    seconds="$(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.3f", n / 1e9 }')"
    if [[ -f "$file.manifest" ]]; then
      summary="$(pg_dump --data-only --no-owner --no-privileges --dbname="$scratch_url" 2>"$err" | data_summary "$err.sum")" \
        || reasons+=("cannot read the restored data back: $(head -n 1 "$err")")
      local got count table
      if [[ "$(grep '^data_sha256=' <<<"$summary")" != "$(grep '^data_sha256=' "$file.manifest")" ]]; then
        reasons+=("the restored data's checksum (data_sha256) differs from the one the backup recorded")
      fi
      # the rows are in the tables, not only in a dump of them
      while read -r _ count table; do
        got="$(psql -X -At -v ON_ERROR_STOP=1 --dbname="$scratch_url" -c "SELECT count(*) FROM $table" 2>/dev/null || echo '?')"
        [[ "$got" == "$count" ]] || reasons+=("$table: $got rows restored, the backup recorded $count")
        tables=$((tables + 1))
        rows=$((rows + count))
      done < <(grep '^rows ' "$file.manifest")
    fi
  else
    reasons+=("the restore failed: $(grep -m1 -E 'error|ERROR|FATAL' "$err" | sed "s/^$PROG: error: //" | cut -c1-300)")
  fi
  rm -f "$err" "$err.sum"
  {
    printf '# %s restore drill\n' "$PROG"
    printf 'result=%s\nbackup=%s\nat=%s\nscratch_database=%s\n' "$([[ ${#reasons[@]} == 0 ]] && echo passed || echo failed)" \
      "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$DRILL_DB"
    [[ -z "$seconds" ]] || printf 'restore_seconds=%s\n' "$seconds"
    printf 'tables=%s\nrows=%s\n' "$tables" "$rows"
    for r in "${reasons[@]}"; do printf 'failure=%s\n' "$r"; done
  } >"$log"
  if ((${#reasons[@]} > 0)); then
    printf '%s: error: restore drill FAILED for %s (log: %s):\n' "$PROG" "$name" "$log" >&2
    printf '  %s\n' "${reasons[@]}" >&2
    return 1
  fi
  say "restore drill passed: $name restored in ${seconds}s ($tables tables, $rows rows; counts and data checksum match); log: $log"
}

drop_drill_db() {
  [[ -n "${DRILL_DB:-}" ]] || return 0
  if psql -X -q -v ON_ERROR_STOP=1 --dbname="$DRILL_ADMIN" -c "DROP DATABASE IF EXISTS \"$DRILL_DB\" WITH (FORCE)" \
      >/dev/null 2>&1; then
    say "scratch database $DRILL_DB dropped"
  else
    warn "could not drop the scratch database $DRILL_DB: drop it by hand"
  fi
  DRILL_DB=""
}

database_url() {
  local version url
  url="${DATABASE_URL:-}"
  if [[ -z "$url" ]]; then
    version="$(current_version)"
    [[ -n "$version" ]] || die "no current release and no DATABASE_URL in the environment"
    url="$(release_var "$(release_dir "$version")" DATABASE_URL)"
  fi
  [[ -n "$url" ]] || die "no DATABASE_URL in the current release's .env (nor in the environment)"
  printf '%s' "$url"
}

# "epoch ISO-week year month" of the UTC timestamp in a backup's name (backend-20261126T093000Z.sql.gz), empty
# when the name has none.
backup_time() {
  [[ "$1" =~ ([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z ]] || return 0
  local m=("${BASH_REMATCH[@]}")
  date -u -d "${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}" '+%s %G-W%V %Y %m' 2>/dev/null || true
}

human_size() {
  local b="$1"
  if ((b >= 1048576)); then printf '%dM' $((b / 1048576)); elif ((b >= 1024)); then printf '%dK' $((b / 1024)); else printf '%dB' "$b"; fi
}

# Backups a kept release may need for 'rollback --restore-db'.
referenced_backups() {
  cat "$DEPLOY_ROOT"/releases/*/pre-deploy-backup 2>/dev/null | xargs -r -n1 basename 2>/dev/null || true
}

# The retention rule (the checklist's "Backup Retention"): daily 30 days, weekly 12 weeks, monthly 12 months.
# Newest first, a backup is kept when it is the newest of its day (within 30 days), of its ISO week (within
# 12 weeks) or of its month (within 12 months), younger than 24 hours, or needed by a kept release.
apply_retention() {
  local dry_run="$1" now today month_now kept=0 removed=0 name epoch reasons size
  local -A days=() weeks=() months=()
  now="${DEPLOY_NOW:-$(date -u +%s)}"
  today=$((now / 86400))
  month_now=$((10#$(date -u -d "@$now" +%Y) * 12 + 10#$(date -u -d "@$now" +%m)))
  local refs
  refs="$(referenced_backups)"
  say "backups in $DEPLOY_ROOT/backups (keep: 24 hours all, daily 30 days, weekly 12 weeks, monthly 12 months)"
  local files=() line bytes year mon day week month
  mapfile -t files < <(find "$DEPLOY_ROOT/backups" -maxdepth 1 -type f -name '*.sql.gz' -printf '%f %s\n' | sort -r)
  if ((${#files[@]} == 0)); then
    printf '%s: error: no backups in %s: backups are not being taken (run: %s backup)\n' "$PROG" \
      "$DEPLOY_ROOT/backups" "$PROG" >&2
    return 1
  fi
  for line in "${files[@]}"; do
    name="${line% *}"
    bytes="${line##* }"
    size="$(human_size "$bytes")"
    read -r epoch week year mon <<<"$(backup_time "$name")"
    if [[ -z "$epoch" ]]; then
      printf '  keep   %-40s %6s  (no timestamp in the name; not managed)\n' "$name" "$size"
      kept=$((kept + 1))
      continue
    fi
    reasons=""
    day=$((epoch / 86400))
    month=$((10#$year * 12 + 10#$mon))
    ((now - epoch < 86400)) && reasons+=" recent"
    if ((today - day < 30)) && [[ -z "${days[$day]:-}" ]]; then days[$day]=1; reasons+=" daily"; fi
    if ((today - day < 84)) && [[ -z "${weeks[$week]:-}" ]]; then weeks[$week]=1; reasons+=" weekly"; fi
    if ((month_now - month < 12)) && [[ -z "${months[$month]:-}" ]]; then months[$month]=1; reasons+=" monthly"; fi
    grep -qxF -- "$name" <<<"$refs" && reasons+=" pre-deploy"
    if [[ -n "$reasons" ]]; then
      printf '  keep   %-40s %6s %s\n' "$name" "$size" "$reasons"
      kept=$((kept + 1))
    elif [[ "$dry_run" == 1 ]]; then
      printf '  prune  %-40s %6s  (would be removed)\n' "$name" "$size"
      removed=$((removed + 1))
    else
      rm -f -- "$DEPLOY_ROOT/backups/$name" "$DEPLOY_ROOT/backups/$name.manifest"
      printf '  prune  %-40s %6s  removed\n' "$name" "$size"
      removed=$((removed + 1))
    fi
  done
  say "$kept kept, $removed $([[ "$dry_run" == 1 ]] && echo "to remove (dry run)" || echo removed)"
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

cmd_deploy() {
  local jar="" version="" env_file="" no_backup=0 test_reports="" test_commit=""
  while (($#)); do
    case "$1" in
      --version) [[ $# -ge 2 ]] || usage_error "--version needs a value"; version="$2"; shift 2 ;;
      --test-reports) [[ $# -ge 2 ]] || usage_error "--test-reports needs a directory"; test_reports="$2"; shift 2 ;;
      --test-commit) [[ $# -ge 2 ]] || usage_error "--test-commit needs a commit"; test_commit="$2"; shift 2 ;;
      --env-file) [[ $# -ge 2 ]] || usage_error "--env-file needs a value"; env_file="$2"; shift 2 ;;
      --no-backup) no_backup=1; shift ;;
      -*) usage_error "deploy: unknown option $1" ;;
      *) [[ -z "$jar" ]] || usage_error "deploy takes one jar"; jar="$1"; shift ;;
    esac
  done
  [[ -n "$jar" ]] || usage_error "deploy needs the jar to deploy"
  [[ -f "$jar" ]] || die "no such jar: $jar"
  [[ -z "$test_commit" || -n "$test_reports" ]] || usage_error "--test-commit goes with --test-reports"
  [[ -z "$test_commit" || "$test_commit" =~ ^[0-9a-fA-F]{7,64}$ ]] || usage_error "--test-commit: '$test_commit' is not a commit id"
  if [[ -n "$test_reports" ]]; then
    [[ -d "$test_reports" ]] || die "no such directory: $test_reports (--test-reports)"
    test_reports="$(cd "$test_reports" && pwd -P)"
    [[ -n "$(test_report_files "$test_reports" | head -c 1)" ]] \
      || die "no JUnit reports in $test_reports (<module>/target/surefire-reports/*.xml, or report files directly in it)"
  fi
  init_root
  lock
  local previous
  previous="$(current_version)"
  if [[ -z "$env_file" ]]; then
    [[ -n "$previous" ]] || die "first deploy: give the backend's configuration with --env-file F"
    env_file="$(release_dir "$previous")/.env"
    say "no --env-file: reusing the configuration of release $previous"
  fi
  [[ -f "$env_file" ]] || die "no such env file: $env_file"
  if [[ -z "$version" ]]; then
    version="$(cat "$jar" "$env_file" | sha256sum | cut -c1-12)"
  fi
  [[ "$version" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || usage_error "invalid version '$version' (letters, digits, . _ -)"

  local dir
  dir="$(release_dir "$version")"
  if [[ -d "$dir" ]]; then
    if [[ "$(sha256 "$dir/backend.jar")" != "$(sha256 "$jar")" ]] || ! cmp -s "$dir/.env" "$env_file"; then
      die "release $version already exists with a different jar or env file; deploy it under a new --version"
    fi
    [[ -z "$test_reports" ]] || say "release $version exists: its test reports stay as they were kept"
    if [[ "$version" == "$previous" && -n "$(running_pid)" && "$(ready_status "$dir")" == 200 ]]; then
      say "release $version is already current, running and ready; nothing to do"
      return 0
    fi
  else
    rm -rf -- "$dir.partial"
    mkdir -p "$dir.partial"
    cp -- "$jar" "$dir.partial/backend.jar"
    (umask 077 && cp -- "$env_file" "$dir.partial/.env")
    chmod 600 "$dir.partial/.env"
    printf 'version=%s\ncreated=%s\nsha256=%s\ncommit=%s\nsource=%s\nby=%s@%s\n' "$version" \
      "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(sha256 "$jar")" "$(jar_commit "$jar")" "$(realpath "$jar")" "$(id -un)" \
      "$(hostname)" >"$dir.partial/release.info"
    if [[ -n "$test_reports" ]]; then
      keep_test_reports "$test_reports" "$dir.partial/test-reports" "$test_commit"
    fi
    mv -T "$dir.partial" "$dir"
  fi
  say "deploying release $version to $DEPLOY_ROOT${previous:+ (current: $previous)}"

  local url backup
  url="$(release_var "$dir" DATABASE_URL)"
  if [[ "$no_backup" == 1 ]]; then
    warn "--no-backup: no database backup before this deploy"
  elif [[ -z "$url" ]]; then
    warn "no DATABASE_URL in the release's .env (embedded database): no backup"
  else
    backup="$(backup_db "$url")"
    echo "$backup" >"$dir/pre-deploy-backup"
    say "database backed up to $backup"
  fi

  stop_running
  start_release "$version"
  if ! wait_ready "$version"; then
    stop_running
    if [[ -n "$previous" && "$previous" != "$version" ]]; then
      say "starting the previous release $previous again"
      start_release "$previous"
      # the previous release was serving a moment ago: give it the full default time whatever READY_TIMEOUT says
      if wait_ready "$previous" $((READY_TIMEOUT > 120 ? READY_TIMEOUT : 120)); then
        die "deploy of $version failed (not ready); $version is stopped and $previous serves again"
      fi
      die "deploy of $version failed and the previous release $previous did not become ready either: nothing serves"
    fi
    die "deploy of $version failed (not ready); it is stopped and no other release was deployed"
  fi
  switch_current "$version"
  echo "$version" >>"$DEPLOY_ROOT/history"
  prune_releases
  say "release $version deployed and serving (pid $(running_pid))"
}

cmd_rollback() {
  local restore=0
  while (($#)); do
    case "$1" in
      --restore-db) restore=1; shift ;;
      *) usage_error "rollback: unknown argument $1" ;;
    esac
  done
  init_root
  lock
  local current target
  current="$(current_version)"
  [[ -n "$current" ]] || die "nothing deployed under $DEPLOY_ROOT: nothing to roll back"
  # the release deployed before the current one: the line before the current one's last entry in history
  target="$(awk -v c="$current" 'NF { if ($0 == c) { t = prev } ; prev = $0 } END { print t }' "$DEPLOY_ROOT/history")"
  [[ -n "$target" ]] || die "release $current is the only one deployed: no previous release to roll back to"
  [[ -f "$(release_dir "$target")/backend.jar" ]] || die "the previous release $target is gone from $DEPLOY_ROOT/releases"
  local backup=""
  if [[ "$restore" == 1 ]]; then
    backup="$(cat "$(release_dir "$current")/pre-deploy-backup" 2>/dev/null || true)"
    [[ -n "$backup" && -f "$backup" ]] || die "no backup recorded before release $current was deployed: cannot --restore-db"
  fi
  say "rolling back from $current to $target${backup:+ (and restoring $(basename "$backup"))}"
  stop_running
  if [[ -n "$backup" ]]; then
    local url safety
    url="$(release_var "$(release_dir "$target")" DATABASE_URL)"
    safety="$(backup_db "$url")"
    say "safety backup of the database as it was: $safety"
    restore_db "$url" "$backup"
  fi
  start_release "$target"
  if ! wait_ready "$target"; then
    stop_running
    die "rollback to $target failed: it did not become ready; nothing serves (current still names $current)"
  fi
  switch_current "$target"
  awk -v c="$current" 'NF { lines[n++] = $0 } END { last = n; for (i = n - 1; i >= 0; i--) if (lines[i] == c) { last = i; break }
       for (i = 0; i < last; i++) print lines[i] }' "$DEPLOY_ROOT/history" >"$DEPLOY_ROOT/history.new"
  mv "$DEPLOY_ROOT/history.new" "$DEPLOY_ROOT/history"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$(release_dir "$current")/rolled-back"
  say "rolled back: release $target serving (pid $(running_pid)); $current is kept for inspection"
}

cmd_status() {
  (($# == 0)) || usage_error "status takes no arguments"
  local current pid dir code running_release
  current="$(current_version)"
  if [[ -z "$current" ]]; then
    echo "deploy root: $DEPLOY_ROOT"
    echo "release:     none deployed"
    return 1
  fi
  dir="$(release_dir "$current")"
  echo "deploy root: $DEPLOY_ROOT"
  echo "release:     $current ($(sed -n 's/^created=//p' "$dir/release.info" 2>/dev/null))"
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    echo "pid:         -"
    echo "state:       stopped"
    return 1
  fi
  running_release="$(release_of_pid "$pid")"
  echo "pid:         $pid"
  code="$(ready_status "$dir")"
  if [[ "$code" == 200 ]]; then
    echo "state:       running, ready ($(ready_url "$dir") 200)"
  else
    echo "state:       running, not ready ($(ready_url "$dir") $code)"
  fi
  [[ "$running_release" == "$current" ]] || echo "note:        the running process is release $running_release, not $current"
}

cmd_backup() {
  (($# == 0)) || usage_error "backup takes no arguments"
  init_root
  local url file
  url="$(database_url)"
  file="$(backup_db "$url")"
  say "database backed up to $file ($(du -h "$file" | cut -f1))"
}

cmd_backups() {
  local dry_run=0
  while (($#)); do
    case "$1" in
      --dry-run) dry_run=1; shift ;;
      *) usage_error "backups: unknown argument $1" ;;
    esac
  done
  [[ -d "$DEPLOY_ROOT/backups" ]] || die "no backups directory under $DEPLOY_ROOT (is DEPLOY_ROOT right?)"
  apply_retention "$dry_run"
}

cmd_restore() {
  local file="" yes=0 drill=0
  while (($#)); do
    case "$1" in
      --yes) yes=1; shift ;;
      --drill) drill=1; shift ;;
      -*) usage_error "restore: unknown option $1" ;;
      *) [[ -z "$file" ]] || usage_error "restore takes one file"; file="$1"; shift ;;
    esac
  done
  if [[ "$drill" == 1 ]]; then
    [[ -d "$DEPLOY_ROOT/backups" ]] || die "no backups directory under $DEPLOY_ROOT (is DEPLOY_ROOT right?)"
    if [[ -z "$file" ]]; then
      file="$(find "$DEPLOY_ROOT/backups" -maxdepth 1 -type f -name '*.sql.gz' -printf '%f\n' | LC_ALL=C sort | tail -n 1)"
      [[ -n "$file" ]] || die "no backups in $DEPLOY_ROOT/backups: nothing to drill (run: $PROG backup)"
      file="$DEPLOY_ROOT/backups/$file"
    fi
    [[ -f "$file" ]] || die "no such backup: $file"
    command -v pg_dump >/dev/null || die "pg_dump is not installed (apt-get install -y postgresql-client)"
    local drill_source
    drill_source="$(database_url)"
    restore_drill "$drill_source" "$(realpath "$file")"
    return
  fi
  [[ -n "$file" ]] || usage_error "restore needs the backup file"
  [[ -f "$file" ]] || die "no such backup: $file"
  file="$(realpath "$file")"
  init_root
  local url
  url="$(database_url)"
  if [[ "$yes" != 1 ]]; then
    [[ -t 0 ]] || die "restore replaces the database: confirm with --yes when not on a terminal"
    read -r -p "Replace the database with $(basename "$file")? [y/N] " answer
    [[ "$answer" =~ ^[yY] ]] || die "cancelled"
  fi
  lock
  local was_running="" current
  current="$(current_version)"
  [[ -n "$(running_pid)" ]] && was_running=1
  stop_running
  local safety
  safety="$(backup_db "$url")"
  say "safety backup of the database as it was: $safety"
  restore_db "$url" "$file"
  if [[ -n "$was_running" && -n "$current" ]]; then
    start_release "$current"
    wait_ready "$current" || die "restored, but release $current did not become ready"
  fi
  say "restored $(basename "$file")"
}

main() {
  (($#)) || { usage >&2; exit 2; }
  if [[ -d "$DEPLOY_ROOT" ]]; then
    DEPLOY_ROOT="$(cd "$DEPLOY_ROOT" && pwd -P)"
  fi
  local cmd="$1"
  shift
  case "$cmd" in
    deploy) cmd_deploy "$@" ;;
    rollback) cmd_rollback "$@" ;;
    status) cmd_status "$@" ;;
    backup) cmd_backup "$@" ;;
    backups) cmd_backups "$@" ;;
    restore) cmd_restore "$@" ;;
    help | -h | --help) usage ;;
    *) usage_error "unknown command '$cmd'" ;;
  esac
}

main "$@"
