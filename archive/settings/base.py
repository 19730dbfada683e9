"""Settings shared by every environment.

Everything that differs between machines comes from environment variables, so the
same code runs the embedded default (SQLite, local media) and production.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before the Wagtail apps it patches.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "archive",
    "stories",
    "interop",
    "recordings",
    "search",
    "demo",
    "timelines",
    "fuzz",
    # The project on top: URLs, admin hooks and jobs spanning the apps above.
    "memoria",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP, Permissions-Policy, Cache-Control: private: outside the rest, to see every cookie.
    "archive.security_headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware: its refusal is written in the visitor's language.
    "archive.middleware.RefuseNulMiddleware",
    # After LocaleMiddleware (the language is in the key), before anything that asks who the
    # visitor is. Off unless PAGE_CACHE is on (production: on).
    "archive.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Wagtail's password forms (admin login, /_util/…): limited like ours, shared cache.
    "archive.accounts.login_guard.LoginRateLimitMiddleware",
    "archive.accounts.logout.ClearSiteStorageOnLogoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "memoria.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends 40-80 ms compiling each large research search
    # and wins nothing back on queries this short (measured with bench_search).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Helper processes a research search may use on PostgreSQL (search/engines/postgres.py).
DB_PARALLEL_WORKERS = int(os.environ.get("DB_PARALLEL_WORKERS", "1"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "archive" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/El_Salvador"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es")
# Missing text in one language falls back to the other; templates add a visible
# notice where that happens (see stories.models.StoryPage.reading_language).
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "es")}
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False

# --- Static and media ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Every file is written through a storage that cleans it first (archive/storage.py): no
# picture is stored with its EXIF, GPS, XMP or comments, whatever the way in. Another
# backend (object storage) keeps this by mixing in archive.storage.CleaningStorageMixin.
# Behind nginx: the internal location that sends resized photos once the media view has
# checked who may see them (deploy/nginx-memoria.conf); empty: Django streams them itself.
RENDITIONS_ACCEL_PREFIX = os.environ.get("RENDITIONS_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "archive.storage.CleaningFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Recorded testimonies (recordings/): originals and the copies made for listeners live here,
# outside MEDIA_ROOT and outside anything nginx serves; recordings.views serves them after
# checking who may hear them (through nginx's internal location when this prefix is set).
RECORDINGS_ROOT = Path(os.environ.get("RECORDINGS_ROOT", BASE_DIR / "private" / "recordings"))
RECORDINGS_ACCEL_PREFIX = os.environ.get("RECORDINGS_ACCEL_PREFIX", "")
# Larger or longer files are refused. 500 MB leaves room for a long interview recorded on a
# phone. nginx's client_max_body_size (520m) stays above it for the form sent without
# JavaScript; the resumable uploader sends 1 MiB pieces.
RECORDINGS_MAX_BYTES = int(os.environ.get("RECORDINGS_MAX_BYTES", 500 * 1024 * 1024))
RECORDINGS_MAX_SECONDS = int(os.environ.get("RECORDINGS_MAX_SECONDS", 3 * 3600))
# A timeline's offline file carries a recording anyone may hear as a data: URL up to this
# size each, and this much in all (a USB stick, a school's e-mail); beyond it, a link.
TIMELINE_OFFLINE_RECORDING_BYTES = int(
    os.environ.get("TIMELINE_OFFLINE_RECORDING_BYTES", 2 * 1024 * 1024)
)
TIMELINE_OFFLINE_RECORDINGS_BYTES = int(
    os.environ.get("TIMELINE_OFFLINE_RECORDINGS_BYTES", 10 * 1024 * 1024)
)
# What the storage cleans, by the files' content: (content, name) -> file to store or None.
STORAGE_CLEANERS = ["archive.uploads.picture_for_storage"]

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Memoria"
# The one public address (archive/site_url.py): e-mail links, the Wagtail Site, OAI-PMH
# identifiers, API and bag URLs. `make run` sets it to the address it serves.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
WAGTAILADMIN_BASE_URL = SITE_URL.rstrip("/")
# API v2 detail and file URLs (page html_url follows the Wagtail Site, kept in step).
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# OAI-PMH adminEmail (must be a valid address; see archive.site_url.admin_email).
ADMIN_EMAIL = os.environ.get("ADMIN_EMAIL", "")
# OAI-PMH repositoryIdentifier; by default SITE_URL's host (see archive.site_url).
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")
WAGTAILIMAGES_IMAGE_MODEL = "archive.ArchiveImage"
# Photos only: no SVG (it can carry script) and no GIF (re-encoding would drop frames).
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "archive.image_forms.ArchiveImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_BYTES", 15 * 1024 * 1024))
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", 40_000_000))
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False  # one record with parallel fields (modeltranslation)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Research search (search/): the database's own full text, or an Elasticsearch 8 cluster
# when this is set (the database index stays as the fallback).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "memoria-research")
# Remembered research-search answers (search.result_cache) have a cache of their own, so
# they never push out what Wagtail keeps in the default one. With REDIS_URL both live in
# Redis, shared by every worker process (production requires it); without, each process
# keeps its own in memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "memoria")
SEARCH_CACHE_TIMEOUT = 15 * 60  # only a bound on memory: a new index version retires entries
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{alias}",
            **extra,
        }
        for alias, extra in (
            ("default", {}),
            ("research-search", {"TIMEOUT": SEARCH_CACHE_TIMEOUT}),
        )
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "research-search": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "research-search",
            "TIMEOUT": SEARCH_CACHE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
# Whole answers for anonymous visitors (archive/page_cache.py): retired by any database
# write, and never kept past the next expiry, embargo end or scheduled publication.
PAGE_CACHE = os.environ.get("PAGE_CACHE", "0").strip() == "1"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Background tasks (Wagtail's: reference index, renditions, cache purges) run inside the
# request here; production queues them in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "odt", "docx", "jpg", "jpeg", "png"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "archive.document_forms.ArchiveDocumentForm"
TAGGIT_CASE_INSENSITIVE = True

# --- Accounts ----------------------------------------------------------------
# URL names, reversed in the visitor's language (archive/accounts/urls.py).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_stories"

# Reverse proxies in front of Django (nginx: 1). Rate limits key on the client address; with
# N proxies it is the Nth address from the right of X-Forwarded-For (archive/client_address.py),
# with 0 the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# --- E-mail ------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "memoria@localhost")

# --- Member submissions (stories/submission) ---------------------------------
# A friendly page, in both languages, when a form's CSRF check fails (a page left open):
# the member's draft is kept in their browser.
CSRF_FAILURE_VIEW = "stories.submission.views.csrf_failure"
# The story workflow's last approval (the consent officer's) publishes without needing
# the officer to hold "publish" permission; other workflows keep Wagtail's default.
WAGTAIL_FINISH_WORKFLOW_ACTION = "stories.submission.finish.finish_story_workflow"

# --- Security defaults that hold everywhere --------------------------------
X_FRAME_OPTIONS = "DENY"
# No Gravatar in the admin: it would send a hash of each editor's e-mail to another host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a call from editors' browsers to releases.wagtail.org (the admin's policy forbids it).
WAGTAIL_ENABLE_UPDATE_CHECK = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# HSTS on HTTPS answers (Django's SecurityMiddleware); production sets it, 0 sends none.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
