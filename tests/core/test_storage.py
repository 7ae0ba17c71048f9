"""Uploads in an object store (engage/core/storage.py), exercised on Libcloud's local
driver, which keeps a bucket as a folder: the same code path as S3 without a network."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document

from engage.core.storage import ObjectStorage

BUCKET = "engage-media"


@pytest.fixture
def bucket(tmp_path, settings):
    """A bucket on Libcloud's local driver, and uploads going to it."""
    (tmp_path / BUCKET).mkdir()
    settings.LIBCLOUD_PROVIDERS = {
        "media": {
            "type": "libcloud.storage.types.Provider.LOCAL",
            "user": str(tmp_path),
            "bucket": BUCKET,
        }
    }
    settings.MEDIA_URL = "https://media.example.gov/"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "engage.core.storage.ObjectStorage",
            "OPTIONS": {"provider_name": "media"},
        },
    }
    return tmp_path / BUCKET


def test_a_file_is_saved_read_back_and_deleted(bucket):
    storage = ObjectStorage("media")

    name = storage.save("reports/photo.jpg", ContentFile(b"\xff\xd8 not quite a jpeg"))

    assert name == "reports/photo.jpg"
    assert (bucket / "reports" / "photo.jpg").read_bytes() == b"\xff\xd8 not quite a jpeg"
    assert storage.exists(name)
    assert storage.size(name) == len(b"\xff\xd8 not quite a jpeg")
    with storage.open(name) as stored:
        assert stored.read() == b"\xff\xd8 not quite a jpeg"

    storage.delete(name)

    assert not storage.exists(name)
    assert not (bucket / "reports" / "photo.jpg").exists()


def test_a_second_file_of_the_same_name_does_not_replace_the_first(bucket):
    storage = ObjectStorage("media")

    first = storage.save("ideas/bench.png", ContentFile(b"first"))
    second = storage.save("ideas/bench.png", ContentFile(b"second"))

    assert first != second
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"


def test_the_address_is_made_without_asking_the_store(bucket):
    storage = ObjectStorage("media")

    # The file does not exist: an address that asked the store would fail.
    assert storage.url("ideas/a bench é.png") == (
        "https://media.example.gov/ideas/a%20bench%20%C3%A9.png"
    )


def test_a_missing_file_reads_as_missing(bucket):
    with pytest.raises(FileNotFoundError):
        ObjectStorage("media").open("nowhere.txt").read()


def test_a_file_written_through_open_is_stored(bucket):
    storage = ObjectStorage("media")

    with storage.open("exports/figures.csv", "wb") as written:
        written.write(b"month,count\n2026-11,4\n")

    assert (bucket / "exports" / "figures.csv").read_bytes() == b"month,count\n2026-11,4\n"


@pytest.mark.django_db
def test_an_upload_through_a_model_lands_in_the_bucket(bucket):
    upload = SimpleUploadedFile("minutes.txt", b"Minutes of the meeting", "text/plain")

    document = Document.objects.create(title="Minutes", file=upload)

    assert default_storage.exists(document.file.name)
    assert (bucket / document.file.name).read_bytes() == b"Minutes of the meeting"
    assert document.file.url == f"https://media.example.gov/{document.file.name}"
    document.file.open()
    assert document.file.read() == b"Minutes of the meeting"


def test_an_unknown_provider_is_a_configuration_error(bucket):
    with pytest.raises(ImproperlyConfigured, match="no 'photos' provider"):
        ObjectStorage("photos")


def test_an_s3_compatible_endpoint_is_used(settings):
    settings.LIBCLOUD_PROVIDERS = {
        "media": {
            "type": "libcloud.storage.types.Provider.S3",
            "user": "access",
            "key": "secret",
            "bucket": "city-media",
            "region": "us-east-1",
            "host": "minio.city.internal",
            "port": 9000,
            "secure": False,
        }
    }

    storage = ObjectStorage("media", base_url="http://minio.city.internal:9000/city-media/")

    assert storage.driver.connection.host == "minio.city.internal"
    assert storage.driver.connection.port == 9000
    assert storage.driver.secure is False
    assert storage.url("a.png") == "http://minio.city.internal:9000/city-media/a.png"
