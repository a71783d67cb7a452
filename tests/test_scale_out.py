"""Two gunicorn instances on one database behave as one portal.

A load balancer may send each request of one person to a different machine: the session made
on one must hold on the other, a rate limit reached through one must hold through the other,
and a file uploaded through one must be served by the other (it goes through Django's storage,
here a MEDIA_ROOT both share, as a mounted volume or an object store would be in production).
"""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
import requests
from django.db import connection
from django.urls import reverse

from tests.factories import PASSWORD, make_draft, participant, publish

BASE_DIR = Path(__file__).resolve().parent.parent
TIMEOUT = 20  # seconds, for every request
pytestmark = pytest.mark.django_db(transaction=True)


def _redis_available() -> bool:
    try:
        import redis  # noqa: F401 — Django's RedisCache needs the client library
    except ImportError:
        return False
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(
    params=[
        pytest.param(None, id="database-cache"),
        pytest.param(
            "redis://127.0.0.1:6379/13",
            id="redis",
            marks=pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1"),
        ),
    ]
)
def redis_url(request):
    return request.param


def _database_url() -> str:
    """The test database as a URL for the subprocesses (the embedded server's HOST is its
    socket directory, percent-encoded in the host part)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_instance(env) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sep.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--timeout", "30", "--log-level", "warning"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


def _wait_until_serving(process, url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited at start-up"
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or the worker still loading
            time.sleep(0.2)
    pytest.fail(f"{url} did not start serving within 60 s")


def _form_token(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def _post_comment(browser, base, draft, text, **files):
    page = browser.get(base + reverse("comments:new", args=[draft.reference]), timeout=TIMEOUT)
    data = {
        "csrfmiddlewaretoken": _form_token(page),
        "position": "proposal",
        "section": "",
        "website": "",
        "key": str(uuid.uuid4()),
        "text": text,
    }
    return browser.post(
        base + reverse("comments:new", args=[draft.reference]),
        data=data,
        files=files or None,
        timeout=TIMEOUT,
        allow_redirects=False,
    )


def test_two_instances_share_sessions_rate_limits_and_files(
    settings, tmp_path, redis_url, body, editor
):
    # The instances hash and check passwords as production does (the suite uses a fast hash).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    citizen = participant("two-machines@example.kg")
    citizen.set_password(PASSWORD)
    citizen.save()
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=1, by=editor)

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "EMBEDDED_DB_NAME", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "DATABASE_URL": _database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "scale-out-test-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "MEDIA_ROOT": str(tmp_path / "shared-media"),
        # An hour, not a minute: django-ratelimit counts in fixed windows, and a minute's could
        # turn between the third post and the fourth on a slow machine, starting the count anew.
        "SEP_COMMENT_RATE_USER": "3/h",
        "LOG_LEVEL": "ERROR",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
        # The database number is this test's own: no counter of an earlier run within the hour.
        redis.Redis.from_url(redis_url).flushdb()
    instances = [_start_instance(env), _start_instance(env)]
    try:
        for process, url in instances:
            _wait_until_serving(process, url)
        (_, a), (_, b) = instances

        # Signed in through A, the same cookie is signed in on B.
        on_a = requests.Session()
        login = a + reverse("account_login")
        token = _form_token(on_a.get(login, timeout=TIMEOUT))
        signed_in = on_a.post(
            login,
            data={"csrfmiddlewaretoken": token, "login": citizen.email, "password": PASSWORD},
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        assert signed_in.status_code == 302
        on_b = requests.Session()
        on_b.cookies.set("sessionid", on_a.cookies["sessionid"])
        profile_on_b = on_b.get(b + reverse("accounts:profile"), timeout=TIMEOUT)
        assert profile_on_b.status_code == 200
        assert citizen.email in profile_on_b.text

        # The limit is 3 a minute: three through A, with a file, and the fourth through B waits.
        pdf = ("proposal.pdf", b"%PDF-1.4\nscale-out\n%%EOF\n", "application/pdf")
        first = _post_comment(on_a, a, draft, "Первое предложение", attachment=pdf)
        assert first.status_code == 302
        for n in (2, 3):
            assert _post_comment(on_a, a, draft, f"Предложение {n}").status_code == 302
        refused = _post_comment(on_b, b, draft, "Четвёртое предложение")
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert draft.comments.count() == 3

        # The file uploaded through A downloads through B.
        comment = draft.comments.exclude(attachment="").get()
        download = requests.get(b + reverse("comments:file", args=[comment.pk]), timeout=TIMEOUT)
        assert download.status_code == 200
        assert download.content == pdf[1]
    finally:
        for process, _ in instances:
            process.terminate()
        for process, _ in instances:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        _wait_until_their_connections_close()


def _wait_until_their_connections_close():
    # The test database is dropped at the end of the run, which PostgreSQL refuses while the
    # instances' sessions linger after their processes ended.
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)
