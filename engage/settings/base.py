"""Settings shared by every environment.

Everything that differs between machines comes from environment variables, and every
default is the safe one: DEBUG off, no secret key, no hosts. ``dev`` and ``test`` relax
that for a laptop; ``production`` refuses to start without what it needs.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # engage's core: imports no part.
    "engage.core",
    "engage.neighborhoods",
    "engage.accounts",
    "engage.notifications",
    # The parts. Service reports live in engage: liaisons, youth and outcomes use them.
    "engage.reports",
    "surveys",
    "ideas",
    "liaisons",
    "youth",
    # The top floor: may use every part, and no part imports it.
    "engage.outcomes",
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "engage.accounts.apps.WagtailUsersConfig",  # wagtail.users with our profile fields
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts.
    "allauth",
    "allauth.account",
    # Background work.
    "django_tasks",
    "django_tasks_db",
    # Liveness and readiness probes (engage/core/health.py); its status page's template.
    "health_check",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    # First, so every log line and the latency cover all the rest (docs/observability.md).
    "engage.core.request_logging.RequestIdMiddleware",
    "engage.core.prometheus.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "engage.core.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "engage.core.middleware.InputGuardMiddleware",  # before anything reads a cookie or path
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "engage.core.write_rate.WriteRateMiddleware",  # knows the account and the language
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost: it needs the visitor (session, user, messages) and hands its pages to
    # the CSRF middleware, which gives each visitor their own cookie.
    "engage.core.page_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "engage.urls"
FORM_RENDERER = "engage.core.forms.FormRenderer"
WSGI_APPLICATION = "engage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: a SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# SQLite as a web server needs it: readers never wait for the writer (write-ahead log),
# a transaction takes the write lock when it begins rather than halfway through, when it
# could only fail (BEGIN IMMEDIATE), and a writer waits its turn for up to 20 s instead of
# answering "database is locked". synchronous=NORMAL is safe with the log and much faster.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# A read replica (PostgreSQL streaming replication): a web request that has not written
# reads from it, everything else uses the primary (engage/core/db_router.py). The test
# runner points the alias at the primary's test database.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL")
# Seconds a browser that wrote keeps reading from the primary: more than the replica's lag.
DATABASE_REPLICA_PIN_SECONDS = int(env("DATABASE_REPLICA_PIN_SECONDS", "10"))
DATABASE_ROUTERS = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0"))
        ),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS.append("engage.core.db_router.ReplicaRouter")
    # Before anything reads the database (sessions, the user).
    MIDDLEWARE.insert(1, "engage.core.db_router.PrimaryAfterWriteMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory unless REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "engage"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# With Redis, sessions are read from the cache and written through to the database, so a
# log-in holds whichever web server answers, and survives Redis being emptied.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# Background work: run tasks in the request by default; the database backend and
# `manage.py db_worker` when TASKS_BACKEND=database.
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail only, verified before the first log-in.
ACCOUNT_ADAPTER = "engage.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Engage] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": None,  # counted per account *and* address: LOGIN_FAILURE_LIMITS
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
# The honeypot on allauth's forms (engage/core/honeypot.py): sign-up, log-in, password reset.
ACCOUNT_FORMS = {
    "login": "engage.accounts.forms.LoginForm",
    "signup": "engage.accounts.forms.SignupForm",
    "reset_password": "engage.accounts.forms.ResetPasswordForm",
}
# Failed log-ins (failures, seconds), see engage/accounts/login_limits.py: per account and
# address, per address (a library or a school shares one), and per account from every
# address (past it, only addresses that have not been failing for the account may try).
LOGIN_FAILURE_LIMITS = {
    "account_address": (5, 5 * 60),
    "address": (100, 60 * 60),
    "account": (20, 60 * 60),
}

# Abuse protection without captchas (docs/abuse.md).
# Comments one account may post on ideas ("count/period").
COMMENT_RATE = env("COMMENT_RATE", "30/h")
# Unsafe requests (POST, PUT, PATCH, DELETE) per account, or per address when not logged
# in ("count/period", see engage/core/ratelimit.py; empty: no ceiling). Decidim's figure.
WRITE_RATE = env("WRITE_RATE", "100/m")
# How many proxies of our own (load balancer, CDN) stand in front of the web servers. 0:
# the client's address is REMOTE_ADDR and X-Forwarded-For is ignored, because anyone can
# write it. N: the address the outermost proxy saw, N-th from the right in X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# A form with a start stamp sent back sooner than this after it was shown is a bot's
# (engage/core/honeypot.py); 0 turns the time check off.
HONEYPOT_MIN_SECONDS = float(env("HONEYPOT_MIN_SECONDS", "2"))

# Internationalisation: English and Spanish, every URL prefixed by its language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

# Static files and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files only their owner may fetch (a person's data download): outside MEDIA_ROOT, with no
# URL of their own, served by a view that checks who asks.
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# A person's data download can be fetched for this many days, then it is deleted.
DATA_DOWNLOAD_DAYS = int(env("DATA_DOWNLOAD_DAYS", "7"))
# Uploads on a disk of this machine (MEDIA_ROOT), or in an S3 bucket that every web server
# shares (engage/core/storage.py, docs/deploy.md); MEDIA_URL is then where the bucket's
# files are read from, the bucket's public address or a CDN.
MEDIA_STORAGE = env("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    _missing = [
        name
        for name in ("MEDIA_S3_BUCKET", "MEDIA_S3_ACCESS_KEY", "MEDIA_S3_SECRET_KEY", "MEDIA_URL")
        if not env(name)
    ]
    if _missing:
        raise ImproperlyConfigured(f"MEDIA_STORAGE=s3 needs {', '.join(_missing)}.")
    _endpoint = urlsplit(env("MEDIA_S3_ENDPOINT", ""))
    LIBCLOUD_PROVIDERS = {
        "media": {
            "type": "libcloud.storage.types.Provider.S3",
            "user": env("MEDIA_S3_ACCESS_KEY"),
            "key": env("MEDIA_S3_SECRET_KEY"),
            "bucket": env("MEDIA_S3_BUCKET"),
            "region": env("MEDIA_S3_REGION", "us-east-1"),
            # An S3-compatible store (MinIO, Ceph): its address, e.g. https://s3.city.internal:9000
            **(
                {
                    "host": _endpoint.hostname,
                    "port": _endpoint.port,
                    "secure": _endpoint.scheme != "http",
                }
                if _endpoint.hostname
                else {}
            ),
        }
    }
    STORAGES["default"] = {
        "BACKEND": "engage.core.storage.ObjectStorage",
        "OPTIONS": {"provider_name": "media"},
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}.")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")  # for EMAIL_BACKEND=…filebased.EmailBackend
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Engage <no-reply@engage.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail.
WAGTAIL_SITE_NAME = "Engage"
WAGTAILADMIN_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")
# The admin asks no other server for anything: no Gravatar (it would leak a hash of each
# staff member's e-mail address), no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# On PostgreSQL, full-text search stems with this text search configuration (one for the
# whole index); on SQLite, FTS5's Porter tokenizer does (core migration 0003). Both are
# English stemmers: see docs/architecture.md, "Search".
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": env("SEARCH_CONFIG", "english"),
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# The home page's sections and live counts are cached this many seconds (0: not cached).
HOME_CACHE_SECONDS = int(env("HOME_CACHE_SECONDS", "60"))

# Service reports and Open311.
OPEN311_JURISDICTION_ID = env("OPEN311_JURISDICTION_ID", "engage.localhost")
OPEN311_RATE_LIMIT = env("OPEN311_RATE_LIMIT", "60/m")  # POSTs per API key
# Reports filed on the website without an account, per address ("count/period"); a
# resident logged in is held by WRITE_RATE alone (a liaison files for a whole block).
REPORT_ANONYMOUS_RATE = env("REPORT_ANONYMOUS_RATE", "20/h")
REPORT_PHOTO_MAX_BYTES = int(env("REPORT_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
REPORT_PHOTO_MAX_COUNT = 3
# An idea has one picture, checked and re-encoded like report photos.
IDEA_IMAGE_MAX_BYTES = int(env("IDEA_IMAGE_MAX_BYTES", str(8 * 1024 * 1024)))
# Responses an address may send to one survey in an hour when not logged in.
SURVEY_ANONYMOUS_RATE = int(env("SURVEY_ANONYMOUS_RATE", "20"))
# Responses per hour through one access code (a youth session's: a class behind one address).
SURVEY_CODE_RATE = int(env("SURVEY_CODE_RATE", "120"))
# Volunteer sign-ups (liaisons). A place that frees up is offered to the first person on
# the waitlist for this many hours, but an offer always lapses before the event's day
# begins (site time zone); reminders go out this many minutes before an event (by default
# two days and two hours), each once.
LIAISONS_OFFER_HOURS = int(env("LIAISONS_OFFER_HOURS", "24"))
LIAISONS_REMINDER_LEADS = [int(m) for m in env_list("LIAISONS_REMINDER_LEADS", "2880,120")]
# Map tiles are optional: without a tile server the map draws the neighborhood
# boundaries and the reports on a plain background, and loads nothing from elsewhere.
MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "")
MAP_CENTER = (
    float(env("MAP_CENTER_LAT", "39.9526")),
    float(env("MAP_CENTER_LNG", "-75.1652")),
)

# Finding a place by its address: first the gazetteer the city imports
# (`manage.py import_addresses`), then, if configured, a geocoder (see
# engage/neighborhoods/geocoding.py and the README). No geocoder by default: nothing is
# sent to another server.
GEOCODER = env("GEOCODER", "")  # "", "nominatim", "pelias" or "arcgis"
GEOCODER_URL = env("GEOCODER_URL", "")
GEOCODER_API_KEY = env("GEOCODER_API_KEY", "")
GEOCODER_USER_AGENT = env("GEOCODER_USER_AGENT", "engage-city-site")
GEOCODER_COUNTRY = env("GEOCODER_COUNTRY", "us")
GEOCODER_TIMEOUT = float(env("GEOCODER_TIMEOUT", "3"))
GEOCODER_BBOX = env("GEOCODER_BBOX", "")  # "west,south,east,north"; default: the neighborhoods
# Ask the geocoder while people type (suggestions). The public OpenStreetMap Nominatim
# server forbids that: set it to false there, and only submitted forms are geocoded.
GEOCODER_AUTOCOMPLETE = env_bool("GEOCODER_AUTOCOMPLETE", True)
# Address suggestions and reverse look-ups one visitor may ask for.
PLACES_RATE = env("PLACES_RATE", "60/m")

# Messages to a liaison through the directory ("count/period", see engage/core/ratelimit.py):
# per account, and per network address (several people may share one, at a library).
# Past either, the person is asked to wait and their message is kept on the form.
LIAISON_CONTACT_RATE = env("LIAISON_CONTACT_RATE", "5/h")
LIAISON_CONTACT_IP_RATE = env("LIAISON_CONTACT_IP_RATE", "30/h")


# Volunteers (liaisons): a guardian's consent link lasts this many days; a volunteer
# adopts a block, not a whole neighborhood (square metres; 250,000 m² is about a
# 500 m square, a few city blocks), and looks after at most this many at once.
GUARDIAN_CONSENT_LINK_DAYS = int(env("GUARDIAN_CONSENT_LINK_DAYS", "14"))
ADOPTION_MAX_AREA_M2 = int(env("ADOPTION_MAX_AREA_M2", "250000"))
ADOPTION_MAX_ACTIVE = int(env("ADOPTION_MAX_ACTIVE", "3"))

# Youth participants: consent links an educator may send for one participant
# (a mistyped address, a lost e-mail), and the address guardians write to about their
# child's data (the privacy page and the consent form; empty: the program's educators).
YOUTH_CONSENT_LINK_RATE = env("YOUTH_CONSENT_LINK_RATE", "3/h")
YOUTH_PRIVACY_CONTACT = env("YOUTH_PRIVACY_CONTACT", "")

# Liaisons: messages a liaison may send to their volunteers (every neighborhood together),
# so volunteers are not flooded and a stolen account cannot spam them.
LIAISON_BROADCAST_RATE = env("LIAISON_BROADCAST_RATE", "5/d")

# The audit trail (what staff and moderators did, Reports → Site history) keeps entries
# this many days; `manage.py purge_audit_log`, run daily by cron, deletes older ones.
AUDIT_LOG_RETENTION_DAYS = int(env("AUDIT_LOG_RETENTION_DAYS", "730"))


# Content-Security-Policy, in every environment (so the browser tests see violations): the
# public site loads scripts and styles from itself only, never inline; map tiles may come
# from MAP_TILE_URL's server. The admin's policy adds 'unsafe-inline', which Wagtail's
# admin needs (engage/core/csp.py). Violations are reported to CSP_REPORT_URI if set.
def _tile_source(url):
    """``https://*.tile.example.org`` for ``https://{s}.tile.example.org/{z}/{x}/{y}.png``."""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


CSP_REPORT_URI = env("CSP_REPORT_URI", "")


def _media_source(url):
    """``https://media.example.gov`` when uploads are served from another host."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


_CSP_IMAGES = [SELF, *filter(None, [_tile_source(MAP_TILE_URL), _media_source(MEDIA_URL)])]
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": _CSP_IMAGES,
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    "report-uri": [CSP_REPORT_URI] if CSP_REPORT_URI else None,
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_ADMIN = {
    "PATH_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        **_CSP_DIRECTIVES,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*_CSP_IMAGES, "data:", "blob:"],
        "frame-ancestors": [SELF],  # the page editor's preview panel
    },
}

# Volunteer events (liaisons): the report categories (codes) a cleanup may set out to fix,
# offered on the planning form's map of open reports. Empty: every category.
VOLUNTEER_EVENT_REPORT_CATEGORIES = env_list(
    "VOLUNTEER_EVENT_REPORT_CATEGORIES", "illegal-dumping,graffiti,litter,missed-trash"
)

# Youth joining: a session's join code ("count/period", see engage/core/ratelimit.py).
# Failed tries are limited per code typed and site-wide, never per address: a whole class
# sits behind one school address. Past the site-wide budget every try waits (a script
# cannot enumerate codes); past a code's budget, that code does. Joins and field reports
# are limited per session code, so a code that leaked cannot flood the educator's review.
YOUTH_JOIN_FAILURES_PER_CODE = env("YOUTH_JOIN_FAILURES_PER_CODE", "10/10m")
YOUTH_JOIN_FAILURES_SITE = env("YOUTH_JOIN_FAILURES_SITE", "300/m")
YOUTH_HANDOUT_FAILURES_PER_CODE = env("YOUTH_HANDOUT_FAILURES_PER_CODE", "30/10m")
YOUTH_JOINS_PER_CODE = env("YOUTH_JOINS_PER_CODE", "120/h")
YOUTH_REPORTS_PER_CODE = env("YOUTH_REPORTS_PER_CODE", "150/h")

# Youth programs: sessions. Opening a session makes its join code
# (and its survey's access code) work for this many hours by default; the educator may
# choose up to the maximum.
YOUTH_SESSION_OPEN_HOURS = int(env("YOUTH_SESSION_OPEN_HOURS", "3"))
YOUTH_SESSION_MAX_OPEN_HOURS = int(env("YOUTH_SESSION_MAX_OPEN_HOURS", "8"))

# Demo content (`manage.py seed_demo`) may be loaded; production turns this off.
DEMO_CONTENT_ALLOWED = True

# Every line carries its request's id ("-" outside a request); LOG_FORMAT=json writes one
# JSON object a line, for a log collector (production's default). docs/observability.md.
LOG_FORMAT = env("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "engage.core.request_logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "engage.core.request_logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per request (method, path, status, duration, view); runserver prints
        # its own, so it is on only where REQUEST_LOG_LEVEL=INFO (production's default).
        "engage.requests": {"level": env("REQUEST_LOG_LEVEL", "WARNING")},
        # Every task start and page edit is logged at INFO: too chatty for a console.
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

# --- Youth programs: results -------------------------------------------------
# How long a program's pre/post comparison is kept in the cache (seconds). It is computed
# again as soon as a response is added or removed in one of the program's sessions or a
# survey is republished; the time bounds anything that keeps those counts (a response
# deleted and another added in between). 0: computed on every request.
YOUTH_RESULTS_CACHE_SECONDS = int(env("YOUTH_RESULTS_CACHE_SECONDS", "300"))

# --- Contact center: knowledge base -------------------------------------------
# "Did this answer your question?" answers one network address may send ("count/period",
# see engage/core/ratelimit.py); past it the visitor is asked to wait, and nothing is kept.
KNOWLEDGE_FEEDBACK_RATE = env("KNOWLEDGE_FEEDBACK_RATE", "20/h")
# How many answers the report form offers for the chosen category.
KNOWLEDGE_RELATED_ANSWERS = int(env("KNOWLEDGE_RELATED_ANSWERS", "3"))

# --- Contact center: figures --------------------------------------------------
# How long the contact center's figures page keeps what it counted (seconds): the page
# counts every contact of the period (about 460,000 a year in a big city), so a manager
# reloading it does not count them again. The CSV downloads always count afresh.
# 0: counted on every request.
CONTACT_FIGURES_CACHE_SECONDS = int(env("CONTACT_FIGURES_CACHE_SECONDS", "300"))

# --- Operations: metrics and backups (docs/observability.md, docs/backups.md) ----------
# /metrics answers a scraper that sends "Authorization: Bearer <METRICS_TOKEN>" or comes
# from one of METRICS_ALLOWED_IPS (addresses or networks, "10.0.0.0/8"); nobody otherwise.
METRICS_TOKEN = env("METRICS_TOKEN", "")
try:
    METRICS_ALLOWED_IPS = [
        ipaddress.ip_network(allowed, strict=False) for allowed in env_list("METRICS_ALLOWED_IPS")
    ]
except ValueError as error:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {error}") from error
# Where `manage.py backup` writes, and how many backups it keeps there (0: all).
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))
BACKUP_KEEP = int(env("BACKUP_KEEP", "0"))

# --- Page cache ----------------------------------------------------------------
# Whole pages for visitors who are not logged in, kept this many seconds in the default
# cache (Redis when REDIS_URL is set) and dropped at once by any change a visitor could
# see: see engage/core/page_cache.py and docs/caching.md. 0: off. Production turns it on
# when Redis is configured; a cache local to each process cannot tell the others.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "0"))
PAGE_CACHE_EXCLUDED_PATHS = env_list("PAGE_CACHE_EXCLUDED_PATHS", "/admin/,/documents/")

# A CDN in front of the site, purged when a page is published or unpublished and when a
# resident's write changes a page (docs/caching.md). FRONTEND_CACHE: "", "http" (Varnish,
# Fastly-style PURGE to FRONTEND_CACHE_URL) or "cloudflare" (CLOUDFLARE_BEARER_TOKEN and
# CLOUDFLARE_ZONE_ID); FRONTEND_CACHE_HOSTNAMES limits the hosts it purges.
FRONTEND_CACHE = env("FRONTEND_CACHE", "")
_FRONTEND_CACHE_HOSTNAMES = env_list("FRONTEND_CACHE_HOSTNAMES", "*")
if FRONTEND_CACHE == "http":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_URL"),
            "HOSTNAMES": _FRONTEND_CACHE_HOSTNAMES,
        }
    }
elif FRONTEND_CACHE == "cloudflare":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
            "ZONEID": env("CLOUDFLARE_ZONE_ID"),
            "HOSTNAMES": _FRONTEND_CACHE_HOSTNAMES,
        }
    }
elif FRONTEND_CACHE:
    raise ImproperlyConfigured(
        f"FRONTEND_CACHE must be empty, 'http' or 'cloudflare', not {FRONTEND_CACHE!r}."
    )
