"""The person's privacy page: download a copy of their data, delete their account; and the
public page saying what is kept, why and for how long."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from engage.core import privacy

from .models import DataDownload
from .privacy_forms import DeleteAccountForm
from .tasks import prepare_data_download

# One request a day is plenty: each one reads everything the person ever did.
DOWNLOAD_REQUEST_INTERVAL = datetime.timedelta(days=1)


@require_GET
def privacy_page(request):
    return render(
        request,
        "accounts/privacy/privacy_page.html",
        {"kept": privacy.kept(), "download_days": settings.DATA_DOWNLOAD_DAYS},
    )


def _settings_context(request, **extra):
    now = timezone.now()
    downloads = DataDownload.objects.filter(user=request.user).exclude(expires_at__lte=now)
    return {
        "downloads": downloads,
        "download_days": settings.DATA_DOWNLOAD_DAYS,
        "erase_refused": privacy.why_not_erase(request.user),
        **extra,
    }


@never_cache
@login_required
def privacy_settings(request):
    return render(request, "accounts/privacy/settings.html", _settings_context(request))


@require_POST
@login_required
def request_data_download(request):
    since = timezone.now() - DOWNLOAD_REQUEST_INTERVAL
    with transaction.atomic():
        # The person's row is locked so two clicks at once make one download.
        get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
        if DataDownload.objects.filter(user=request.user, requested_at__gt=since).exists():
            messages.error(
                request,
                _(
                    "You asked for a copy of your data less than a day ago: it is below, "
                    "or on its way."
                ),
            )
            return redirect("privacy_settings")
        download = DataDownload.objects.create(user=request.user)
        transaction.on_commit(lambda: prepare_data_download.enqueue(download.pk))
    messages.success(
        request,
        _("We are preparing your data. We will e-mail you when it is ready to download."),
    )
    return redirect("privacy_settings")


@never_cache
@require_GET
@login_required
def data_download(request, token):
    """The archive, to its owner only; anyone else learns nothing (404), not even that
    the link exists. An expired link is refused, and says so to its owner."""
    download = DataDownload.objects.filter(token=token, user=request.user).first()
    if download is None or not download.is_ready:
        raise Http404
    if download.has_expired():
        return render(request, "accounts/privacy/download_expired.html", status=410)
    response = FileResponse(
        download.archive.open("rb"),
        as_attachment=True,
        filename=f"my-data-{timezone.localdate(download.ready_at):%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def delete_account(request):
    refused = privacy.why_not_erase(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and refused is None:
        if form.is_valid():
            try:
                privacy.erase(request.user)
            except privacy.ErasureRefused as error:
                refused = str(error)
            else:
                logout(request)
                messages.success(
                    request,
                    _("Your account has been deleted. Thank you for taking part."),
                )
                return redirect("/")
        else:
            messages.error(request, _("Please correct the errors below."))
    return render(
        request, "accounts/privacy/delete_account.html", {"form": form, "refused": refused}
    )
