"""Production: everything from the environment; refuses to start without the essentials."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, env, env_bool, env_list

SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the comma-separated host names served.")

DEBUG = False
DEMO_CONTENT_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# Probes and the scraper call the process directly, often over plain HTTP: no redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
# A log collector reads JSON lines, one per request among them (docs/observability.md).
LOG_FORMAT = env("LOG_FORMAT", "json")
LOGGING = {
    **LOGGING,  # noqa: F405
    "handlers": {"console": {**LOGGING["handlers"]["console"], "formatter": LOG_FORMAT}},  # noqa: F405
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "engage.requests": {"level": env("REQUEST_LOG_LEVEL", "INFO")},
    },
}
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# One PostgreSQL connection per worker, kept between requests: opening one forks a server
# process (about 4 ms a request on the 2-core machine). Checked before reuse, so a
# connection the server dropped is replaced instead of failing the request.
DATABASES = {
    alias: database
    if database["ENGINE"] == "django.db.backends.sqlite3"
    else {
        **database,
        "CONN_MAX_AGE": int(env("DATABASE_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }
    for alias, database in DATABASES.items()  # noqa: F405
}

# Anonymous pages from the cache, when the cache is shared by every process (Redis).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300" if REDIS_URL else "0"))
