"""Livslang settings: one module, two profiles chosen by ``LIVSLANG_ENV``.

* ``embedded`` (default, no environment needed): SQLite in ``var/``, e-mail to files and the
  console, cookies without HTTPS-only flags. What ``make run`` and the tests use.
* ``production``: requires its variables and refuses to start without them.

Every value a deployment may change comes from the environment; see README "Configuration".
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

PROFILES = ("embedded", "production")
LIVSLANG_ENV = os.environ.get("LIVSLANG_ENV", "embedded")
if LIVSLANG_ENV not in PROFILES:
    raise ImproperlyConfigured(
        f"LIVSLANG_ENV={LIVSLANG_ENV!r} is not a profile; use one of {', '.join(PROFILES)}."
    )
PRODUCTION = LIVSLANG_ENV == "production"


def env(name: str, default: str | None = None) -> str:
    """Read a variable; in production a missing required variable stops the process."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if default is None:
        raise ImproperlyConfigured(
            f"{name} must be set when LIVSLANG_ENV={LIVSLANG_ENV} (see README, Configuration)."
        )
    return default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from exc


VAR_DIR = Path(os.environ.get("LIVSLANG_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _embedded_secret_key() -> str:
    # Kept in var/ so sessions survive restarts of `make run`; never used in production.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
    ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS").split(",") if h.strip()]
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or _embedded_secret_key()
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
    DEBUG = env_bool("LIVSLANG_DEBUG", False)

# The absolute address used in e-mailed links (the worker has no request to build it from).
SITE_URL = env("SITE_URL", None if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "livslang.accounts",
    "livslang.audit",
    "livslang.geo",
    "livslang.classifications",
    "livslang.organisations",
    "livslang.catalog",
    "livslang.privacy",
    "livslang.enrolments",
    "livslang.programmes",
    "livslang.search",
    "livslang.needs",
    "livslang.matching",
    "livslang.brokerage",
    "livslang.insights",
    "livslang.pages",
    "livslang.demo",
    "livslang.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "livslang.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "livslang.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "livslang.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "livslang.middleware.ErrorPageMiddleware",
    "livslang.middleware.PrivateCacheMiddleware",
    # Last, so it sees the authentication outcome of the view.
    "axes.middleware.AxesMiddleware",
    # Token check and rate limit of /api/v1/ (after sessions and auth, inside the headers).
    "livslang.api.middleware.ApiMiddleware",
]

# LIVSLANG_BENCH_TWIN=1 (set by `make bench` for its own loopback server only) adds the search
# page's fixed-data twin (livslang/search/bench_views.py) to the URLs; it never exists otherwise.
BENCH_TWIN = env_bool("LIVSLANG_BENCH_TWIN", False)
if BENCH_TWIN and PRODUCTION:
    raise ImproperlyConfigured("LIVSLANG_BENCH_TWIN is for `make bench` only, not production.")
ROOT_URLCONF = "livslang.search.bench_urls" if BENCH_TWIN else "livslang.urls"
WSGI_APPLICATION = "livslang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "livslang.context_processors.site",
            ],
            "string_if_invalid": "",
        },
    }
]

# Django's renderer, with the plain widgets written without templates (livslang/forms_renderer.py).
FORM_RENDERER = "livslang.forms_renderer.Renderer"

# --- Database -----------------------------------------------------------------------------
# SQLite must take the write lock when a transaction starts (IMMEDIATE): gunicorn workers and
# the task worker write at the same time, and deferred transactions fail with "database is
# locked" when they upgrade (measured, see shared QUALITY.md).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
}
SQLITE_PATH = VAR_DIR / "livslang.sqlite3"

if PRODUCTION:
    _database_url = env("DATABASE_URL")
else:
    _database_url = os.environ.get("DATABASE_URL", "") or f"sqlite:///{SQLITE_PATH}"

# Connections are kept between requests (and checked before reuse) on both databases. On
# SQLite a connection per request cost 3 to 12 ms: opening it runs the PRAGMAs, and closing the
# last connection to a WAL database checkpoints the WAL (docs/benchmarks.md, "Request cost").
_db: dict[str, Any] = dict(dj_database_url.parse(_database_url, conn_max_age=60))
_db["CONN_HEALTH_CHECKS"] = True
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {**SQLITE_OPTIONS, **_db.get("OPTIONS", {})}
    # Tests use a file database too (never in-memory): concurrency tests need it. One per
    # process, so two test runs on one machine never share (and corrupt) a database.
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test-livslang-{os.getpid()}.sqlite3")}
else:
    _db["TEST"] = {"NAME": f"test_livslang_{os.getpid()}"}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits and lockouts must be shared by all workers) -----------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "visitors": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "visitors",
        },
    }
else:
    # Two tables: the database cache culls a third of its keys (in key order) when full, so the
    # many short-lived keys of the search log's duplicate check ("visitors") live apart from
    # the rate-limit and login-lockout counters, which a flood of searches must not evict.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "livslang_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "visitors": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "livslang_cache_visitors",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# --- Background tasks ---------------------------------------------------------------------
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Django's list is English; this adds Norwegian and Danish favourites ("passord123").
    {"NAME": "livslang.accounts.validators.NordicCommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out (user, client address) pair before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "pages:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # reset links expire after two hours
EMAIL_VERIFICATION_MAX_AGE = 60 * 60 * 24 * 3  # verification links: three days
# Signed-in sessions end after 2 hours without activity, and after 12 hours in any case.
SESSION_IDLE_TIMEOUT = 60 * 60 * 2
SESSION_ABSOLUTE_TIMEOUT = 60 * 60 * 12

# Login throttling per (account, client address): an attacker elsewhere cannot lock a person
# out from their own address. Counters live in the cache, shared by all workers.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "livslang.http.client_ip"
AXES_LOCKOUT_CALLABLE = "livslang.accounts.views.locked_out"
AXES_VERBOSE = False

# Searches per client address and window in seconds (SEC-12); answered 429 with Retry-After.
# `make bench` raises it for its loopback server (all wrk requests come from one address).
SEARCH_RATE_LIMIT = (env_int("SEARCH_RATE_LIMIT", 120), 60)
if SEARCH_RATE_LIMIT[0] < 1:
    raise ImproperlyConfigured("SEARCH_RATE_LIMIT must be at least 1 (searches per minute).")

# --- Language -----------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("da", _("Danish")),
    ("en", _("English")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

# --- Static files, uploads ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing directory otherwise
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- E-mail -------------------------------------------------------------------------------
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
else:
    EMAIL_BACKEND = "livslang.mail.FileAndConsoleBackend"
    EMAIL_FILE_PATH = Path(os.environ.get("LIVSLANG_MAIL_DIR", VAR_DIR / "mail"))
    DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Livslang <noreply@livslang.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Who runs this installation: shown on the privacy notice, the accessibility statement and
# security.txt. Required in production, because a public body must name itself.
OPERATOR_NAME = env("OPERATOR_NAME", None if PRODUCTION else "Livslang demo installation")
CONTACT_EMAIL = env("CONTACT_EMAIL", None if PRODUCTION else "kontakt@livslang.test")
SECURITY_CONTACT = env("SECURITY_CONTACT", None if PRODUCTION else "mailto:security@livslang.test")

# --- Security -----------------------------------------------------------------------------
# Number of reverse proxies in front of the app; 0 means X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_HSTS_SECONDS = 31_536_000  # only sent over HTTPS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP

# "__Host-" cookies require Secure, so they exist only in production (HTTPS).
_host_prefix = "__Host-" if PRODUCTION else ""
SESSION_COOKIE_NAME = f"{_host_prefix}livslang_session"
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_NAME = f"{_host_prefix}livslang_csrf"
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "livslang.pages.views.csrf_failure"
LANGUAGE_COOKIE_NAME = f"{_host_prefix}livslang_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
if PRODUCTION:
    CSRF_TRUSTED_ORIGINS = [f"https://{h.lstrip('.')}" for h in ALLOWED_HOSTS if h != "*"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Designsystemet draws its icons with data: SVG masks.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "livslang.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Where the official accessibility statements are published (uustatus.no for Norwegian public
# bodies, was.digst.dk for Danish ones); linked from our statement page when set.
ACCESSIBILITY_STATEMENT_URL_NO = os.environ.get("ACCESSIBILITY_STATEMENT_URL_NO", "")
ACCESSIBILITY_STATEMENT_URL_DK = os.environ.get("ACCESSIBILITY_STATEMENT_URL_DK", "")

MESSAGE_STORAGE = "livslang.messages.HostCookieStorage"

# --- Matching ---------------------------------------------------------------------------------
# Prices in another currency than the need's are converted at these fixed rates (value of one
# unit in NOK), dated so a reason can say which rate it used. Update them deliberately.
MATCHING_EXCHANGE_RATES = {
    "date": "2026-11-02",
    "to_nok": {"NOK": "1", "DKK": "1.58", "EUR": "11.78"},
}

# API rate limits (requests, seconds) per client address, per token, and dump downloads per
# address (livslang.api.services.rate_limit); `make fuzz` raises them for its loopback server.
API_RATE_LIMITS = {
    "anonymous": (env_int("API_RATE_ANONYMOUS", 120), 60),
    "token": (env_int("API_RATE_TOKEN", 600), 60),
    "dump": (env_int("API_RATE_DUMP", 30), 3600),
}
# Regional insight: travel distances (km) for reachable on-site cohorts, and the one the
# per-topic maps use.
INSIGHTS_RADII_KM = (30, 60, 90)
INSIGHTS_TOPIC_RADIUS_KM = 60
# import_statistics fetches at most this much, this fast, from hosts on the admin allow-list.
STATISTICS_MAX_BYTES = 20_000_000
STATISTICS_TIMEOUT = 30
