"""What several web servers share comes from the environment: a read replica, sessions in
Redis, uploads in an S3 bucket (docs/deploy.md)."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

ENVIRONMENT = (
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "DATABASE_REPLICA_PIN_SECONDS",
    "REDIS_URL",
    "MEDIA_STORAGE",
    "MEDIA_URL",
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_ACCESS_KEY",
    "MEDIA_S3_SECRET_KEY",
    "MEDIA_S3_REGION",
    "MEDIA_S3_ENDPOINT",
)
S3 = {
    "MEDIA_STORAGE": "s3",
    "MEDIA_S3_BUCKET": "riverbend-media",
    "MEDIA_S3_ACCESS_KEY": "AKIAEXAMPLE",
    "MEDIA_S3_SECRET_KEY": "example-secret",
    "MEDIA_URL": "https://media.riverbend.example.gov/",
}


def load(monkeypatch, module="base", **environ):
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    base = importlib.reload(importlib.import_module("engage.settings.base"))
    if module == "base":
        return base
    return importlib.reload(importlib.import_module(f"engage.settings.{module}"))


@pytest.fixture(autouse=True)
def _restore_settings_modules(monkeypatch):
    yield
    monkeypatch.undo()
    importlib.reload(importlib.import_module("engage.settings.base"))
    importlib.reload(importlib.import_module("engage.settings.dev"))


def test_one_machine_needs_none_of_it(monkeypatch):
    base = load(monkeypatch)

    assert set(base.DATABASES) == {"default"}
    assert base.DATABASE_ROUTERS == []
    assert "engage.core.db_router.PrimaryAfterWriteMiddleware" not in base.MIDDLEWARE
    assert base.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert base.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert base.MEDIA_URL == "/media/"


def test_a_read_replica_installs_the_router_and_its_middleware(monkeypatch):
    base = load(
        monkeypatch,
        DATABASE_URL="postgres://engage:pw@db-primary.internal:5432/engage",
        DATABASE_REPLICA_URL="postgres://engage_ro:pw@db-replica.internal:5432/engage",
        DATABASE_REPLICA_PIN_SECONDS="30",
    )

    replica = base.DATABASES["replica"]
    assert (replica["HOST"], replica["USER"]) == ("db-replica.internal", "engage_ro")
    assert replica["TEST"] == {"MIRROR": "default"}
    assert base.DATABASE_ROUTERS == ["engage.core.db_router.ReplicaRouter"]
    # Before the sessions middleware, which reads the database.
    middleware = base.MIDDLEWARE
    assert middleware.index("engage.core.db_router.PrimaryAfterWriteMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert base.DATABASE_REPLICA_PIN_SECONDS == 30


def test_with_redis_sessions_are_read_from_the_cache(monkeypatch):
    base = load(monkeypatch, REDIS_URL="redis://cache.internal:6379/0")

    assert base.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert base.CACHES["default"]["LOCATION"] == "redis://cache.internal:6379/0"


def test_uploads_in_an_s3_bucket(monkeypatch):
    base = load(monkeypatch, **S3, MEDIA_S3_REGION="us-west-2")

    assert base.STORAGES["default"] == {
        "BACKEND": "engage.core.storage.ObjectStorage",
        "OPTIONS": {"provider_name": "media"},
    }
    provider = base.LIBCLOUD_PROVIDERS["media"]
    assert provider["type"] == "libcloud.storage.types.Provider.S3"
    assert (provider["user"], provider["key"]) == ("AKIAEXAMPLE", "example-secret")
    assert (provider["bucket"], provider["region"]) == ("riverbend-media", "us-west-2")
    assert "host" not in provider
    assert base.MEDIA_URL == "https://media.riverbend.example.gov/"
    # Pictures from the bucket are allowed by the Content-Security-Policy.
    assert (
        "https://media.riverbend.example.gov"
        in base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    )


def test_an_s3_compatible_store_is_reached_at_its_endpoint(monkeypatch):
    base = load(monkeypatch, **S3, MEDIA_S3_ENDPOINT="http://minio.city.internal:9000")

    provider = base.LIBCLOUD_PROVIDERS["media"]
    assert (provider["host"], provider["port"], provider["secure"]) == (
        "minio.city.internal",
        9000,
        False,
    )


def test_the_development_settings_keep_the_bucket(monkeypatch):
    dev = load(monkeypatch, "dev", **S3)

    assert dev.STORAGES["default"]["BACKEND"] == "engage.core.storage.ObjectStorage"


@pytest.mark.parametrize("missing", ["MEDIA_S3_BUCKET", "MEDIA_S3_SECRET_KEY", "MEDIA_URL"])
def test_an_incomplete_bucket_fails_loudly(monkeypatch, missing):
    environ = {name: value for name, value in S3.items() if name != missing}

    with pytest.raises(ImproperlyConfigured, match=missing):
        load(monkeypatch, **environ)


def test_an_unknown_storage_fails_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE"):
        load(monkeypatch, MEDIA_STORAGE="ftp")
