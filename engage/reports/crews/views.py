"""The crew member's pages on the public site, made for a phone: today's work (list and
map), one report with its status update form, and where that form posts.

The update is posted normally without JavaScript (the answer is a page). With it,
``static/js/crew-updates.js`` keeps the update on the phone and posts it with
``Accept: application/json`` when there is a connection; the JSON answer tells it whether
the update may be forgotten (``received``, ``already_received``) or not.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.neighborhoods.maps import picker_config

from ..models import ServiceReport
from .forms import FieldUpdateForm
from .services import CrewRefused, crews_of, record_field_update, todays_reports, why_not_update


def outbox_text():
    """The messages of ``static/js/crew-updates.js`` (%s: a time, filled in by the script)."""
    return {
        "saved": _("Saved on this phone. It will be sent as soon as there is a connection."),
        "offline": _(
            "No connection right now: saved on this phone, to be sent when the connection returns."
        ),
        "savedAt": _("saved at %s"),
        "notSent": _("Not sent:"),
        "remove": _("Remove from this phone"),
        "loginAgain": _("Log in again to send it: it stays on this phone until then."),
        "storageError": _("This phone could not read its saved updates."),
    }


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _refused(request, reason, *, status=403):
    if _wants_json(request):
        return JsonResponse({"result": "refused", "message": reason}, status=status)
    return render(request, "reports/crews/refused.html", {"reason": reason}, status=status)


def _not_a_member(request):
    return _refused(
        request,
        _("This page is for the members of a city crew. Ask your supervisor to add you to one."),
    )


def _crew_report(reference):
    return get_object_or_404(
        ServiceReport.objects.select_related("category", "crew__department", "neighborhood"),
        reference=reference,
    )


def _map_config(reports):
    config = picker_config([])
    config["reports"] = [
        {
            "reference": report.reference,
            "point": [report.lat, report.lng],
            "title": str(report.category),
            "url": reverse("reports:crew_report", args=[report.reference]),
        }
        for report in reports
        if report.lat is not None and report.lng is not None
    ]
    return config


@login_required
def crew_today(request):
    crews = list(crews_of(request.user).select_related("department"))
    if not crews:
        return _not_a_member(request)
    reports = list(todays_reports(request.user))
    context = {
        "crews": crews,
        "reports": reports,
        "map_config": _map_config(reports),
        "outbox_text": outbox_text(),
    }
    return render(request, "reports/crews/today.html", context)


def _report_page(request, report, form, *, status=200):
    context = {
        "report": report,
        "form": form,
        "refusal": why_not_update(request.user, report),
        "outbox_text": outbox_text(),
        "recent_updates": report.field_updates.select_related("sent_by")[:5],
    }
    return render(request, "reports/crews/report.html", context, status=status)


@login_required
def crew_report(request, reference):
    if not crews_of(request.user).exists():
        return _not_a_member(request)
    report = _crew_report(reference)
    if report.crew_id is None or not report.crew.members.filter(pk=request.user.pk).exists():
        return _refused(request, why_not_update(request.user, report))
    return _report_page(request, report, FieldUpdateForm())


@login_required
@require_POST
def crew_update(request, reference):
    if not crews_of(request.user).exists():
        return _not_a_member(request)
    report = _crew_report(reference)
    form = FieldUpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        if _wants_json(request):
            errors = [str(error) for errors in form.errors.values() for error in errors]
            return JsonResponse(
                {"result": "invalid", "message": " ".join(errors), "errors": form.errors},
                status=400,
            )
        return _report_page(request, report, form, status=400)
    data = form.cleaned_data
    try:
        update, created = record_field_update(
            report,
            user=request.user,
            client_key=data["client_key"],
            status=data["status"],
            public_note=data["public_note"],
            resolution=data["resolution"],
            photo=data["photo"],
            made_at=data["made_at"],
        )
    except CrewRefused as refusal:
        return _refused(request, str(refusal))
    if created:
        message = _("Update received: report %(reference)s is now “%(status)s”.") % {
            "reference": report.reference,
            "status": ServiceReport.Status(update.status).label,
        }
    else:
        message = _("This update of report %(reference)s was already received.") % {
            "reference": report.reference
        }
    if _wants_json(request):
        return JsonResponse(
            {
                "result": "received" if created else "already_received",
                "message": message,
                "clientKey": update.client_key,
            }
        )
    messages.success(request, message)
    return redirect("reports:crew_today")
