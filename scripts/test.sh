#!/usr/bin/env bash
# `make test`: linters and type checks, then pytest on SQLite (browser journeys included), then
# every non-browser test on PostgreSQL. Makes sure of its tools first; with CI set, a missing
# browser or database is an error, without it a clearly printed skip.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
MODE="${1:-}"
TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
VNU_JAR=tools/node_modules/vnu-jar/build/dist/vnu.jar
# One pytest worker per core (2 on the reference machine); each has its own test database.
WORKERS="${PYTEST_WORKERS:-$(nproc 2>/dev/null || echo 2)}"
summary=()

step() { printf '\n== %s\n' "$*"; }
die() { printf '\nmake test: FAILED: %s\n' "$*" >&2; exit 1; }
unavailable() { # what, consequence
  if [ -n "${CI:-}" ]; then die "$1 is not available (CI is set, so this fails the run)"; fi
  printf 'SKIPPED: %s is not available, so %s did not run.\n' "$1" "$2"
  summary+=("SKIPPED: $2 ($1 not available)")
}
apt_install() { # package...
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1; }
  fi
}

step "ruff, djLint, mypy"
$BIN/ruff format --check . || die "ruff format (run: .venv/bin/ruff format .)"
$BIN/ruff check . || die "ruff check"
$BIN/djlint livslang --lint --quiet || die "djLint"
$BIN/mypy livslang tests || die "mypy"
$BIN/python manage.py makemigrations --check --dry-run >/dev/null || die "models changed without a migration"
summary+=("lint: ruff, djLint, mypy, migrations clean")
[ "$MODE" = "--lint-only" ] && { printf '%s\n' "${summary[@]}"; exit 0; }

step "browser, HTML checker and PostgreSQL"
command -v chromium >/dev/null || apt_install chromium
command -v java >/dev/null || apt_install default-jre-headless
if [ ! -f "$VNU_JAR" ] && command -v npm >/dev/null; then
  npm ci --prefix tools --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || true
fi
browser_ok=1
command -v chromium >/dev/null || { browser_ok=0; unavailable "Debian chromium" "the browser journeys"; }
if [ $browser_ok = 1 ] && { ! command -v java >/dev/null || [ ! -f "$VNU_JAR" ]; }; then
  browser_ok=0; unavailable "the Nu HTML Checker (Java + tools/node_modules/vnu-jar)" "the browser journeys"
fi
pg_ok=1
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  command -v pg_ctlcluster >/dev/null && \
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { pg_ok=0; unavailable "PostgreSQL at 127.0.0.1:5432" "the PostgreSQL run"; }
fi
# The overbooking tests (CON-01/03) open 100+ connections at once: PostgreSQL needs
# max_connections=300 (its default here is 100), so raise it and restart when it is lower.
if [ $pg_ok = 1 ]; then
  max_conn=$(psql -h 127.0.0.1 -U postgres -tAc "SHOW max_connections" 2>/dev/null || echo 0)
  if [ "${max_conn:-0}" -lt 300 ] && command -v pg_ctlcluster >/dev/null; then
    step "PostgreSQL: max_connections ${max_conn} -> 300 (restart)"
    psql -h 127.0.0.1 -U postgres -qc "ALTER SYSTEM SET max_connections = 300" \
      && pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main restart
    for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi

if [ "$MODE" = "--a11y-full" ]; then
  [ $browser_ok = 1 ] || die "make a11y-full needs the browser and the HTML checker"
  step "full accessibility cross-product (report: var/a11y/)"
  LIVSLANG_A11Y_FULL=1 $BIN/pytest -q -m browser tests/browser/test_a11y_full.py
  exit $?
fi

step "pytest on SQLite (file database)"
marker=()
[ $browser_ok = 1 ] || marker=(-m "not browser")
env -u DATABASE_URL $BIN/pytest -q -n "$WORKERS" "${marker[@]}" || die "tests on SQLite"
summary+=("pytest on SQLite: passed$([ $browser_ok = 1 ] && echo ', browser journeys included')")

if [ $pg_ok = 1 ]; then
  step "pytest on PostgreSQL (non-browser tests)"
  DATABASE_URL="$TEST_DATABASE_URL" $BIN/pytest -q -n "$WORKERS" -m "not browser" || die "tests on PostgreSQL"
  summary+=("pytest on PostgreSQL: passed")
fi

printf '\n== make test summary\n'
printf '%s\n' "${summary[@]}"
