"""Settings for the web server and task worker of `make load`: production, over plain HTTP.

Everything comes from engage.settings.production (DEBUG off, the Redis cache through
REDIS_URL, sessions in the database, tasks for the worker), with only what a loopback run
without TLS cannot honour turned off: cookies marked Secure would never come back over
http://127.0.0.1, so nobody could post a form. ``bench/load/run.py`` sets the environment
(SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, TASKS_BACKEND, the e-mail backend,
the raised rate limits).
"""

from engage.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

# The runner builds its database with `seed_demo` under these same settings.
DEMO_CONTENT_ALLOWED = True

# The load asks for pages, never for static files (a browser keeps them in its cache), so
# the hashed names are all the run needs: without compressing every file in gzip and
# Brotli, `collectstatic` takes seconds instead of a minute.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
