"""Settings for escape_site, read from the environment in this one module.

Every deployment knob is an environment variable (see `.env.example`):

- ``DJANGO_DEBUG``: "1"/"true" turns on debug mode. Off by default.
- ``DJANGO_SECRET_KEY``: required when debug is off; the site refuses to start
  without it rather than fall back to a guessable key.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names.
- ``DATABASE_URL``: any dj-database-url URL; defaults to the SQLite file
  ``db.sqlite3`` in the project folder.
"""

import os
import re
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off "
            "(production); set it to a long random string, or set DJANGO_DEBUG=1 "
            "for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. It is required when DJANGO_DEBUG is off "
        "(production): list the host names the site answers to, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "rest_framework",
    "rest_framework.authtoken",  # API tokens, managed in the admin
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from here, no CDN
    "simple_history",  # who changed what, compare and revert in the admin
    "axes",  # admin login lockout after repeated failures
    "films",
    "reviews",
    "search",  # ranked full-text search (SQLite FTS5 / PostgreSQL tsvector)
    "escape_site",  # registers escape_site.checks (static files collected)
    "csp",  # its system checks catch a pre-4.0 style CSP setting
]

MIDDLEWARE = [
    # Security headers (HSTS, nosniff, Referrer-Policy, COOP), the CSP and
    # X-Frame-Options sit outside WhiteNoise: it answers static files from its
    # own middleware, so only the middleware before it sees those answers.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer (CORS headers on errors too); it acts
    # only under /api/ (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions, CSRF and auth: a URL holding a NUL gets its 400 first.
    "escape_site.middleware.RejectControlCharactersMiddleware",
    # ETag on every page and a 304 when the client's copy is current; outside
    # the page cache so a cached page answers 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous GETs of public pages from the cache. Before sessions and
    # authentication: a request without a session cookie is anonymous, so a
    # hit needs neither; anyone with a session is never served from it.
    "escape_site.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user on every history entry a request makes.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a locked-out login into its "locked out" answer.
    "axes.middleware.AxesMiddleware",
]

# --- Admin ------------------------------------------------------------------
# The admin's URL path (default "admin/"): moving it off the well-known path
# keeps scanners off the login form.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "").strip().strip("/") or "admin"
ADMIN_URL += "/"

# Brute-force protection (django-axes): the lockout state is kept in the
# database, so every gunicorn worker and host sees it. A user name is locked
# for one address after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_TIME
# hours; a successful login resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_LOGIN_LOCKOUT_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind reverse proxies the client is read from X-Forwarded-For, trusting as
# many proxies as the API's throttling does (DJANGO_API_NUM_PROXIES).
AXES_CLIENT_IP_CALLABLE = "escape_site.client_ip.client_ip"

ROOT_URLCONF = "escape_site.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "escape_site.wsgi.application"

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share one SQLite file: WAL lets readers run while
    # one writer writes, IMMEDIATE takes the write lock at BEGIN so writers queue
    # on the busy timeout instead of failing with "database is locked" mid-way.
    # Connections persist (DJANGO_CONN_MAX_AGE) as on PostgreSQL: opening one
    # and running its pragmas costs about 2.5 ms, more than a whole
    # cached page. Each gunicorn thread keeps its own.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # "timeout" above is SQLite's busy timeout (seconds).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caching --------------------------------------------------------------
# One process's memory by default; Redis, shared by every worker and host,
# when REDIS_URL is set. Entries are keyed by the content's version
# (escape_site.content_version), read from the database, so even per-process
# caches never serve a page older than the last change.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
# Seconds an anonymous page or API answer is kept (0 turns the page cache
# off). A change to the content makes it unreachable at once, whatever this is.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# Names the code that wrote a cache entry, so a deploy never serves pages the
# previous templates rendered. Set it to the commit being deployed; empty: a
# digest of the project's code and templates, made on the first cache use
# (escape_site.content_version.release), not by every command that starts.
RELEASE = os.environ.get("DJANGO_RELEASE", "").strip()

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
# Production serves the hashed, compressed copies that `collectstatic` writes to
# STATIC_ROOT; escape_site.checks stops the site starting until they exist.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- REST API (/api/v1/) ---------------------------------------------------
# Explicit production settings, not DRF's open defaults. The shared plumbing
# (error shape, pagination, filters, ETags) is escape_site/api.py.
THROTTLE_RATE = re.compile(r"^[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)$")


def env_rate(name: str, default: str) -> str:
    rate = os.environ.get(name, "").strip() or default
    if not THROTTLE_RATE.match(rate):
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 120/minute (number/second|minute|hour|day)."
        )
    return rate


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated request gets 401 with
        # "WWW-Authenticate: Token". Session writes must carry the CSRF token.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone reads; writes need the model permission (the Editors and
    # Contributors groups). Review viewsets add the workflow rules.
    "DEFAULT_PERMISSION_CLASSES": ["reviews.permissions.CatalogueWritePermission"],
    "DEFAULT_PAGINATION_CLASS": "escape_site.api.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "escape_site.api.FilterSetBackend",
        "escape_site.api.BoundedSearchFilter",
        "escape_site.api.StrictOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # Counters live in the default cache: Redis (shared by every worker) when
    # REDIS_URL is set.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("DJANGO_API_THROTTLE_ANON", "120/minute"),
        "user": env_rate("DJANGO_API_THROTTLE_USER", "600/minute"),
    },
    # Proxies in front of the site: anonymous clients are told apart by the
    # address the last trusted proxy saw. 0 trusts no X-Forwarded-For.
    "NUM_PROXIES": int(os.environ.get("DJANGO_API_NUM_PROXIES", "0")),
    "EXCEPTION_HANDLER": "escape_site.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "escape_site.api_schema.APISchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "The Escape (2017): film and reviews API",
    "DESCRIPTION": (
        "The catalogue (films, people, characters, places, credits) and its "
        "reviews, themes and mentions. Everyone reads what the public site "
        "shows; editors and contributors write with a token "
        "(`Authorization: Token <key>`, tokens are issued in the admin) or a "
        "session (with its CSRF token). Every answer carries an ETag: send it "
        "back in `If-None-Match` (304) or, on writes, `If-Match` (412 if the "
        "object changed). Errors share one JSON shape: status, code, detail, "
        "fields."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LocationKindEnum": "films.models.Location.Kind",
        "DocumentKindEnum": "films.models.SourceDocument.Kind",
        "MentionKindEnum": "reviews.models.Mention.Kind",
    },
}

# CORS: off unless origins are named; only the API answers cross-origin calls.
CORS_ALLOWED_ORIGINS = env_list("DJANGO_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = (
    *default_cors_headers,
    "if-match",
    "if-none-match",
    "if-modified-since",
)
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Location", "Retry-After"]

# --- Security headers and cookies (every environment) ------------------------
# One strict policy for pages, API answers and static files: scripts, styles,
# images and fonts from this origin only, no inline code and no nonces (pages
# come from a shared page cache, so a per-request nonce would be reused). The
# ReDoc page alone widens it (escape_site/api_docs.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Lax, not Strict: a visitor following a link from elsewhere into the admin
# still arrives signed in; cross-site POSTs carry no cookie either way.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
# The CSRF cookie stays readable by scripts: the browsable API's and Swagger
# UI's scripts send it back as X-CSRFToken. It is no secret on its own (a
# cross-site page can neither read it nor set it); the admin only needs it in
# forms, but one setting covers both.
CSRF_COOKIE_HTTPONLY = False

# --- Production hardening (only when debug is off) -------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP: /healthz answers without a redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    # HSTS for a year with subdomains and preload by default; each part can be
    # turned off (0 seconds = no HSTS header at all).
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
        "DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True
    )
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)

# --- Admin document upload (reviews.admin_import) ----------------------------
# Per file as the importer's own limit (documents.MAX_DOCUMENT_BYTES). Django's
# DATA_UPLOAD_MAX_NUMBER_FILES (100) stays above REVIEW_IMPORT_MAX_FILES so that
# the page's own, clearer message answers first.
REVIEW_IMPORT_MAX_FILES = 20
REVIEW_IMPORT_MAX_FILE_BYTES = 2 * 1024 * 1024
REVIEW_IMPORT_MAX_TOTAL_BYTES = 10 * 1024 * 1024
REVIEW_IMPORT_UPLOAD_TTL = 60 * 60  # seconds an upload waits for apply or cancel
# Uploads wait here (0700) between preview and apply; every web process of the
# host must see it (with two hosts, storage both mount). None: a folder in the
# system's temporary directory.
REVIEW_IMPORT_UPLOAD_DIR = os.environ.get("DJANGO_REVIEW_IMPORT_UPLOAD_DIR") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}
