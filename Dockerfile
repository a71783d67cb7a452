# SEP web image: gunicorn serves the app, whitenoise the static files.
# Configured only by environment variables: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (required
# in production), REDIS_URL, EMAIL_*, MEDIA_ROOT, see sep/settings.py.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system sep && useradd --system --gid sep --home-dir /app --shell /usr/sbin/nologin sep

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY --chown=sep:sep . .
# Uploaded drafts and attachments go to MEDIA_ROOT (default /app/var/media), which the non-root
# user must be able to write; in production mount a persistent volume there.
RUN mkdir -p /app/var/media && chown -R sep:sep /app/var

# collectstatic needs settings but no database: point DATABASE_URL at a placeholder.
RUN DEBUG=0 SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --no-input -v 0

USER sep
EXPOSE 8000
CMD ["gunicorn", "sep.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
