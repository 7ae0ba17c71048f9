"""Background work for accounts: a person's data download, and clearing expired ones."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from engage.core import privacy
from engage.notifications.services import notify_address

from .emails import DataDownloadReadyEmail
from .models import DataDownload


@task()
def prepare_data_download(download_id):
    """Build the person's archive and tell them. Safe to run twice: a ready one is left."""
    with transaction.atomic():
        download = (
            DataDownload.objects.select_for_update()
            .select_related("user")
            .filter(pk=download_id, ready_at__isnull=True)
            .first()
        )
        if download is None or download.user.erased_at is not None:
            return
        user = download.user
        now = timezone.now()
        archive = privacy.build_archive(user, now=now)
        download.archive.save("my-data.zip", ContentFile(archive), save=False)
        download.ready_at = now
        download.expires_at = now + datetime.timedelta(days=settings.DATA_DOWNLOAD_DAYS)
        download.save(update_fields=["archive", "ready_at", "expires_at"])
        # The person asked for this e-mail, so it goes whatever their preferences say.
        notify_address(
            user.email,
            DataDownloadReadyEmail,
            language=user.preferred_language,
            dedupe_key=f"data-download-{download.pk}",
            download_id=download.pk,
        )


def remove_expired(now=None):
    """Delete the expired downloads and their files; how many went."""
    removed = 0
    for download in DataDownload.objects.expired(now):
        privacy.delete_download(download)
        removed += 1
    return removed


@task()
def remove_expired_data_downloads():
    return remove_expired()
