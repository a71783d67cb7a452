"""Production settings: `check --deploy` is clean; bad configuration fails at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sep.ratelimits import api_rate, comment_rate

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Jx9-production-like-secret-key-with-enough-entropy-8f2a7c1e9d0b4",
    "ALLOWED_HOSTS": "sep.minjust.gov.kg",
    "DATABASE_URL": "postgres://sep:secret@db.internal:5432/sep",
}


# Set by the browser tests' fixture for Playwright's thread; a production server never has it.
NOT_IN_PRODUCTION = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage(*args, **env):
    clean = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in NOT_IN_PRODUCTION
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_in_production_fails_loudly():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_fails_loudly():
    result = manage("check", **{**PRODUCTION, "SECURE_COOKIES": "maybe"})
    assert result.returncode != 0
    assert "SECURE_COOKIES must be a boolean" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SEP_COMMENT_RATE_USER", "10/M"),  # django-ratelimit would read ten per second
        ("SEP_COMMENT_RATE_IP", "thirty a minute"),
        ("SEP_API_RATE_ANON", "60/5m"),  # DRF has no multiples
        ("SEP_API_RATE_KEY", "0/minute"),
    ],
)
def test_a_bad_rate_fails_loudly(name, value):
    result = manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name}: {value!r}" in result.stderr


def test_rates_are_read_as_the_limiters_read_them():
    assert comment_rate("10/m") == (10, 60)
    assert comment_rate("10/5m") == (10, 300)
    assert comment_rate("100000000/m") == (100_000_000, 60)
    assert api_rate("60/minute") == (60, 60)
    assert api_rate("5/d") == (5, 86_400)
    for bad in ("10", "10/minute", "10/0m", "/m", "10/m "):
        with pytest.raises(ValueError):
            comment_rate(bad)
    for bad in ("60/minutes", "60/mango", "60/5m", "-1/minute"):
        with pytest.raises(ValueError):
            api_rate(bad)


def test_non_postgresql_database_is_refused():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "mysql://u:p@h/db"})
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def _media_root(**env):
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.MEDIA_ROOT)",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def test_uploads_go_where_media_root_says(tmp_path):
    assert _media_root(**PRODUCTION, MEDIA_ROOT=str(tmp_path / "uploads")) == tmp_path / "uploads"


def test_the_image_lets_its_non_root_user_write_the_default_media_root():
    # The image runs the project from /app as user "sep": uploads must not fail there.
    default = _media_root(**PRODUCTION).relative_to(ROOT)
    dockerfile = (ROOT / "Dockerfile").read_text()
    prepared = dockerfile.index(f"mkdir -p /app/{default.as_posix()}")
    assert "chown -R sep:sep /app/var" in dockerfile[prepared:]
    assert prepared < dockerfile.index("USER sep")
