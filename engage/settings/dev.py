"""A developer's laptop: DEBUG on, local hosts, a throwaway key unless one is given."""

from .base import *  # noqa: F403
from .base import STORAGES, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "django-insecure-engage-dev-only-key-change-me")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]
STORAGES = {
    **STORAGES,  # uploads where MEDIA_STORAGE says
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
