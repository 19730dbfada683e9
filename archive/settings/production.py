"""Production: every secret and address comes from the environment, and the site refuses to
start without them (deploy/memoria.env.example lists them all)."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASES, INSTALLED_APPS, MIDDLEWARE


def require(name, example, valid=lambda value: True, rule=""):
    """The variable's value, or a refusal that names it and shows a working example."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Production needs it in the environment, e.g. {name}={example}"
            " (every variable: deploy/memoria.env.example)."
        )
    if not valid(value):
        raise ImproperlyConfigured(f"{name}={value!r} is not usable: {rule}, e.g. {name}={example}")
    return value


def env_flag(name, default):
    return os.environ.get(name, "1" if default else "0").strip() == "1"


require(
    "SECRET_KEY",
    "$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')",
    lambda value: len(value) >= 50,
    "it must be a random string of at least 50 characters",
)
# Narrators' stories must live in a real, backed-up database: never a quiet SQLite file.
require(
    "DATABASE_URL",
    "postgres://memoria:PASSWORD@127.0.0.1:5432/memoria",
    lambda value: DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
    "production runs on PostgreSQL (a postgres:// URL)",
)
SITE_URL = require(
    "SITE_URL",
    "https://archive.example.org",
    lambda value: urlsplit(value).scheme in ("http", "https") and bool(urlsplit(value).hostname),
    "it must be the public address, with http:// or https:// and a host name",
).rstrip("/")
require("ALLOWED_HOSTS", "archive.example.org")  # base.py splits it into the list
if urlsplit(SITE_URL).hostname not in ALLOWED_HOSTS and "*" not in ALLOWED_HOSTS:
    # Otherwise every link the site hands out would answer 400.
    raise ImproperlyConfigured(
        f"ALLOWED_HOSTS={','.join(ALLOWED_HOSTS)} does not include SITE_URL's host "
        f"{urlsplit(SITE_URL).hostname}: add it, e.g. ALLOWED_HOSTS={urlsplit(SITE_URL).hostname}"
    )
# Several gunicorn workers and the task worker must share rate limits and cached answers
# (base.py builds CACHES from it).
require(
    "REDIS_URL",
    "redis://127.0.0.1:6379/0",
    lambda value: urlsplit(value).scheme in ("redis", "rediss", "unix"),
    "it must be a redis://, rediss:// or unix:// URL",
)

DEBUG = False

# --- Database ------------------------------------------------------------------
# Each gunicorn worker keeps its connection for a minute instead of opening one per request.
if "DB_CONN_MAX_AGE" not in os.environ:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Anonymous answers cached in Redis (archive/page_cache.py); PAGE_CACHE=0 turns it off.
PAGE_CACHE = env_flag("PAGE_CACHE", True)

# --- HTTPS ---------------------------------------------------------------------
# nginx terminates TLS and says so in X-Forwarded-Proto (deploy/nginx-memoria.conf).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off only for a loopback check without TLS (scripts/prod_check.sh); `check --deploy` then
# reports W008 on purpose.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = os.environ.get("INSECURE_COOKIES", "") != "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Static files ------------------------------------------------------------------
# `collectstatic` writes hashed, compressed copies to STATIC_ROOT; nginx serves them, and
# WhiteNoise answers for them when gunicorn is reached directly.
MIDDLEWARE = [
    *MIDDLEWARE[:1],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    # Kept: the default storage strips EXIF and GPS from every stored picture.
    "default": {"BACKEND": "archive.storage.CleaningFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Background tasks --------------------------------------------------------------
# Wagtail's tasks (reference index, renditions, cache purges) go to a database queue that
# `manage.py db_worker` (deploy/memoria-worker.service) runs, instead of inside the request.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
