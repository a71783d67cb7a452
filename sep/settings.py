"""Settings for SEP: one module, every knob from the environment, safe production defaults.

Development (`make run`) sets DEBUG=1. Production sets SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL; `manage.py check --deploy` is then clean.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sep import ratelimits

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_rate(name: str, default: str, *, parse) -> str:
    """A rate string, checked now with `parse` (sep.ratelimits) rather than at the first
    request the limiter counts."""
    value = os.environ.get(name, "") or default
    try:
        parse(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}") from None
    return value


def env_url(name: str, default: str) -> str:
    """An absolute http(s) address without a trailing slash."""
    value = (os.environ.get(name, "") or default).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ImproperlyConfigured(
            f"{name} must be an address like https://sep.gov.kg, got {value!r}"
        )
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "sep",
    "accounts",
    "drafts",
    "comments",
    "plans",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sep.middleware.ShedStaleRequestsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known (its refusals are translated), before anything reads a
    # value from the address or the form.
    "sep.middleware.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Inside authentication, so that it sees who the response is for (accounts.middleware).
    "accounts.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sep.audit.PermissionDeniedAuditMiddleware",
]

ROOT_URLCONF = "sep.urls"
WSGI_APPLICATION = "sep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # After Django's own CSRF processor, which it replaces on shared pages.
                "sep.context_processors.reader_page",
            ],
        },
    },
]
# Django's, with inputs, selects, labels and field groups written in Python (see the module).
FORM_RENDERER = "sep.form_renderer.FormRenderer"

# --- Database ---------------------------------------------------------------------------------
# DATABASE_URL selects a real server; without it an embedded PostgreSQL under var/ is used.
# Never SQLite: search, constraints and trigram matching need PostgreSQL.

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL")
else:
    from sep.embedded_db import embedded_database_settings

    DATABASES = {"default": embedded_database_settings(BASE_DIR)}

# The planner's default cost of a random page read (4) is for spinning disks. With it, a search
# for a common word read every draft's TOASTed whole-act vector (40 ms over 10,000 drafts)
# rather than the word index (7 ms): the GIN estimate of a prefix match is pessimistic. 1.1 is
# the usual setting for SSDs and for data that fits in memory (issue 15).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c random_page_cost={os.environ.get('DB_RANDOM_PAGE_COST', '1.1')}"
)
# Parameters bound on the server, so that psycopg prepares a statement the second time a
# connection runs it and PostgreSQL no longer parses and plans it: half the SQL time of a cold
# draft page, whose nine statements are the same for every draft (issue 15). Django's default
# (client-side binding, nothing prepared) suits a transaction-pooling PgBouncer, which cannot
# keep a session's prepared statements: DB_PREPARED_STATEMENTS=0 behind one.
if env_bool("DB_PREPARED_STATEMENTS", True):
    DATABASES["default"]["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": 2}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# `default` holds what every instance must agree on — rate-limit counters (comments, sign-in,
# the API) — so it is shared: Redis when REDIS_URL is set, otherwise a table in the database
# (created by accounts/migrations/0006_cache_table.py), never a per-process memory.
# `pages` holds whole anonymous pages (drafts.caching): keyed by what they show, so a copy per
# process is never stale, only less often hit; REDIS_URL shares it too.

if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        "default": {
            # Django's, with one-statement rate-limit counters (sep.cache).
            "BACKEND": "sep.cache.DatabaseCache",
            "LOCATION": "sep_cache",
            # Past this many rows expired ones are deleted, then live ones: room for the
            # counters of every person and address active within a minute, and then some.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Sessions in the database (Django's default, said out loud): every instance knows every sign-in.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# django-allauth: e-mail is the login and must be confirmed before a citizen can take part.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# Failed sign-ins are limited by one rule, allauth's login_failed, answered by one response:
# the form again with "try again in N minutes", as a 429 with Retry-After (accounts.views).
# Counted per account *and* address (accounts.adapter puts the address in allauth's "key"),
# 5 in 5 minutes: guessing one account is stopped at that address, and the owner is kept out
# for minutes at most, and only there; a limit per account alone would let anyone lock anyone
# out. Per address, 10 a minute stops guessing many accounts, without an hour-long lock-out of
# everyone behind one office's address. Guessing from many addresses meets Argon2, the
# password rules and, for staff, the second factor. allauth's other sign-in limit ("login",
# every POST, a bare 429 without Retry-After) is off: a refused attempt costs no password hash.
# The key's rate comes first: allauth stops at the first rate that refuses, so attempts on an
# account already stopped do not use up the address's allowance for its other accounts.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # sign-in limits; mails on SEP_SITE_URL
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": "5/5m/key,10/m/ip",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Two-factor authentication (django-allauth's TOTP authenticator apps, with recovery codes):
# anyone may turn it on; body staff, moderators and MoJ analysts must, before any staff page
# opens (accounts.middleware). Switch off only for local development and tests.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SEP"
SEP_REQUIRE_STAFF_2FA = env_bool("SEP_REQUIRE_STAFF_2FA", True)

# Argon2 (memory-hard) for new and changed passwords; older PBKDF2 hashes still verify and are
# upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time -----------------------------------------------------------------------

LANGUAGE_CODE = "ky"
LANGUAGES = [
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats per language ("3-январь 2027-ж." in Kyrgyz): sep/formats/.
FORMAT_MODULE_PATH = ["sep.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bishkek"  # times are stored in UTC and shown in Bishkek time

# --- Static and uploaded files ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# --- Background work ------------------------------------------------------------------------
# Django's tasks API (the django-tasks backport on 5.2); `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# The portal's own address, for the links in e-mails (the worker sends them with no request to
# take a host from): SEP_SITE_URL, by default the first of ALLOWED_HOSTS over HTTPS.
SEP_SITE_URL = env_url(
    "SEP_SITE_URL",
    os.environ.get("SITE_URL")  # the variable's earlier name
    or ("http://127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS else f"https://{ALLOWED_HOSTS[0]}"),
)

# --- E-mail -----------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SEP <noreply@localhost>")

# --- Security ---------------------------------------------------------------------------------
# On by default; a deployment behind plain HTTP (the local benchmark) turns them off explicitly.

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No inline script runs unless it carries this response's nonce (`{{ request.csp_nonce }}`);
# the pages need none today, so the header only names the nonce when a template used one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Domain rules -----------------------------------------------------------------------------

# Minimum public-discussion period in calendar days (Law of the Kyrgyz Republic "On normative
# legal acts", art. 22: a draft is put up for public discussion for at least 30 days). A shorter
# period is allowed only with a justification the public sees.
SEP_MIN_DISCUSSION_DAYS = env_int("SEP_MIN_DISCUSSION_DAYS", 30)
# Upload limit for draft attachments.
SEP_ATTACHMENT_MAX_BYTES = env_int("SEP_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
SEP_DRAFTS_PER_PAGE = 20
# Comment posting: per user and per address, per window (django-ratelimit syntax).
SEP_COMMENT_RATE_USER = env_rate("SEP_COMMENT_RATE_USER", "10/m", parse=ratelimits.comment_rate)
SEP_COMMENT_RATE_IP = env_rate("SEP_COMMENT_RATE_IP", "30/m", parse=ratelimits.comment_rate)
# Overload: a request that waited longer than this in the front proxy's queue (its
# X-Request-Start stamp) gets 503 with Retry-After before any work (sep.middleware).
SEP_MAX_QUEUE_SECONDS = env_int("SEP_MAX_QUEUE_SECONDS", 10)
# Answers are due this many days after the discussion closes.
SEP_ANSWER_DUE_DAYS = env_int("SEP_ANSWER_DUE_DAYS", 30)
# Kyrgyz is the state language (Constitution, art. 13; Law "On the state language"): with this on,
# a draft cannot be published without its Kyrgyz title, summary and text; off, the editor is
# warned and the Kyrgyz page says it shows the Russian text.
SEP_REQUIRE_KYRGYZ = env_bool("SEP_REQUIRE_KYRGYZ", False)

# --- Open data API ---------------------------------------------------------------------------
# Read-only JSON under /api/v1/ (sep.api). Anonymous callers share a per-address rate; a free
# API key (accounts.ApiKey, `Authorization: Api-Key <key>`) raises it. Rates: "N/second|minute|
# hour|day", as DRF reads them.

SEP_API_RATE_ANON = env_rate("SEP_API_RATE_ANON", "60/minute", parse=ratelimits.api_rate)
SEP_API_RATE_KEY = env_rate("SEP_API_RATE_KEY", "600/minute", parse=ratelimits.api_rate)
SEP_API_PAGE_SIZE = env_int("SEP_API_PAGE_SIZE", 50)
SEP_API_MAX_PAGE_SIZE = env_int("SEP_API_MAX_PAGE_SIZE", 500)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["sep.api.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["sep.api.AnonymousThrottle", "sep.api.ApiKeyThrottle"],
    # The caller's address is REMOTE_ADDR, as for every other limit and the audit log; left
    # unset, DRF would count by the client-written X-Forwarded-For, a new count per lie.
    "NUM_PROXIES": 0,
    "DEFAULT_PAGINATION_CLASS": "sep.api.StableCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SEP open data API",
    "VERSION": "1.0.0",
    # Lazy: the API page and the schema speak the reader's language.
    "DESCRIPTION": _(
        "Read-only open data of the Single Electronic Portal for public discussion of draft "
        "regulatory legal acts of the Kyrgyz Republic: drafts, versions and their articles, "
        "attachments, published comments with the developer bodies' answers, alternative "
        "versions, legislative plans and published public-opinion reports. Lists use cursor "
        "pagination (follow `next`) and accept `modified_since` (ISO 8601) for incremental "
        "harvesting. Anonymous use is rate-limited; a free API key raises the limit."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    # Docstrings are notes for developers, in English: never descriptions for the readers.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sep.api_docs.add_response_examples",
    ],
}

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The audit trail (sep/audit.py) is kept whatever LOG_LEVEL says.
    "loggers": {"sep.audit": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
