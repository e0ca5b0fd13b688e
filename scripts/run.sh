#!/usr/bin/env bash
# `make run`: prepare the embedded SQLite database and serve with gunicorn plus the task worker.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export LIVSLANG_ENV="${LIVSLANG_ENV:-embedded}"

$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py collectstatic --noinput -v0
$PY manage.py load_geo
$PY manage.py demo

$PY manage.py db_worker --queue-name default &
worker=$!
cleanup() { kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

cat <<MSG

  Livslang is running at http://127.0.0.1:8000/
  Administration:        http://127.0.0.1:8000/admin/  (demo logins above)
  E-mail is written to:  var/mail/ (and echoed here)
  Stop with Ctrl-C.

MSG
.venv/bin/gunicorn livslang.wsgi --bind 127.0.0.1:8000 --workers 3 --access-logfile - --log-level warning
