"""Uploads (report photos, idea pictures, Wagtail images and documents) in an object store,
so that every web server sees every file (``MEDIA_STORAGE=s3``, see docs/deploy.md).

Built on django-storages' Apache Libcloud backend, whose S3 driver speaks to Amazon S3 and
to S3-compatible stores (MinIO, Ceph, DigitalOcean Spaces) over plain HTTP. What this class
changes in it:

- ``url()`` joins ``MEDIA_URL`` (the bucket's public address or a CDN in front of it) and
  the name: the library's asks the store about the object first, one request for each
  picture of a page of ideas.
- The provider may name an endpoint (``host``, ``port``, ``secure``) for a store that is
  not Amazon's.
- A file is sent in chunks with its content type, so a browser shows a picture rather than
  downloading it, and read back whole.
"""

import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import File
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri
from libcloud.storage.base import Container
from libcloud.storage.providers import get_driver
from libcloud.storage.types import ObjectDoesNotExistError, Provider
from storages.backends.apache_libcloud import LibCloudStorage
from storages.utils import clean_name

DRIVER_OPTIONS = ("region", "host", "port", "secure")


@deconstructible
class ObjectStorage(LibCloudStorage):
    def __init__(self, provider_name=None, base_url=None):
        provider_name = provider_name or getattr(settings, "DEFAULT_LIBCLOUD_PROVIDER", "default")
        provider = settings.LIBCLOUD_PROVIDERS.get(provider_name)
        if not provider:
            raise ImproperlyConfigured(f"LIBCLOUD_PROVIDERS has no {provider_name!r} provider.")
        kind = provider["type"].rsplit(".", 1)[-1]
        driver_class = get_driver(getattr(Provider, kind))
        options = {name: provider[name] for name in DRIVER_OPTIONS if name in provider}
        self.provider = provider
        self.driver = driver_class(provider["user"], provider.get("key"), **options)
        self.bucket = provider["bucket"]
        self.base_url = base_url if base_url is not None else settings.MEDIA_URL

    def _get_bucket(self):
        # Uploading needs only the bucket's name: asking the store for it costs a request.
        return Container(name=self.bucket, extra={}, driver=self.driver)

    def url(self, name):
        return urljoin(self.base_url, filepath_to_uri(clean_name(name)))

    def _read(self, name):
        try:
            stored = self._get_object(name)
        except ObjectDoesNotExistError as error:
            raise FileNotFoundError(str(error)) from error
        return b"".join(self.driver.download_object_as_stream(stored))

    def _save(self, name, content):
        name = clean_name(name)
        content_type = (
            getattr(content, "content_type", None)
            or mimetypes.guess_type(name)[0]
            or "application/octet-stream"
        )
        # A file written through open(name, "wb") arrives as bare bytes in a buffer.
        content = content if isinstance(content, File) else File(content)
        self.driver.upload_object_via_stream(
            content.chunks(), self._get_bucket(), name, extra={"content_type": content_type}
        )
        return name
