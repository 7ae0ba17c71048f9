"""The e-mails of the accounts app (registered with ``engage.notifications.emails``)."""

from django.conf import settings
from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register

from .models import DataDownload


@register
class DataDownloadReadyEmail(NotificationEmail):
    key = "data_download_ready"
    topic = "news"
    template_prefix = "accounts/emails/data_download_ready"

    def get_context(self, user, params):
        download = DataDownload.objects.filter(pk=params["download_id"]).first()
        # The link names the download's secret token, and still works only for its owner,
        # logged in; once the download is gone, the privacy page says so.
        path = (
            reverse("data_download", args=[download.token])
            if download is not None
            else reverse("privacy_settings")
        )
        return {
            "download": download,
            "download_url": absolute_url(path),
            "days": settings.DATA_DOWNLOAD_DAYS,
        }
