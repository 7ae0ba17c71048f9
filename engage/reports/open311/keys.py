"""Open311 API keys: the plain key is shown once; only its prefix and SHA-256 hash are kept."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from engage.core.audit import record
from engage.reports.models import Open311ApiKey

PREFIX_LENGTH = 8
# last_used_at is for people ("is this key still in use?"): writing it on every request of
# a busy client would only add database writes.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_key(plain):
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def create_key(name, *, user=None):
    """Make a key for a client called ``name``; returns ``(key, plain)``.

    ``plain`` is what the client sends as ``api_key``. It is not stored anywhere, so
    show it to the person who asked for it now: it cannot be recovered later.
    """
    while True:
        plain = secrets.token_urlsafe(30)  # 40 characters, 240 bits
        prefix = plain[:PREFIX_LENGTH]
        # A prefix is how people tell keys apart in the admin and on the command line,
        # where one starting with "-" would be read as an option
        # (`open311_key revoke -AbC…` fails).
        if prefix.startswith("-"):
            continue
        if not Open311ApiKey.objects.filter(prefix=prefix).exists():
            break
    with transaction.atomic():
        key = Open311ApiKey.objects.create(name=name, prefix=prefix, key_hash=hash_key(plain))
        record(key, "reports.api_key_create", user=user, data={"name": name, "prefix": prefix})
    return key, plain


def authenticate(plain):
    """The active key whose hash matches ``plain``, or None. Records when it was used
    (to the minute)."""
    if not plain or not isinstance(plain, str) or len(plain) > 200:
        return None
    key = Open311ApiKey.objects.filter(key_hash=hash_key(plain), revoked_at__isnull=True).first()
    if key is None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
        key.last_used_at = now
        Open311ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def revoke(key, *, user=None):
    """Stop accepting ``key`` from now on (kept for the record)."""
    if key.revoked_at is None:
        with transaction.atomic():
            key.revoked_at = timezone.now()
            Open311ApiKey.objects.filter(pk=key.pk).update(revoked_at=key.revoked_at)
            record(key, "reports.api_key_revoke", user=user, data={"prefix": key.prefix})
    return key
