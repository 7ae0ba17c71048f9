"""Field reports: the educator's review queue, one report's review, its private photos,
and the class's public results page.

Everything but the class results page is for the program's educators and staff only:
anyone else is told "not found" (``rules.program_or_404``), so not even the existence of
a session's reports is confirmed to them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from engage.reports.forms import available_categories

from ..forms.field_reports import REJECT, SAVE, SEND, ReviewForm
from ..listing import field_reports as listing
from ..models import FieldReport, FieldReportPhoto, Session
from ..rules import program_or_404
from ..services import field_reports as services
from ..services.field_reports import ReviewRefused

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _session_or_404(user, pk):
    session = get_object_or_404(Session.objects.select_related("program"), pk=pk)
    program_or_404(user, session.program_id)
    return session


def _field_report_or_404(user, pk):
    field_report = get_object_or_404(
        FieldReport.objects.select_related(
            "session__program", "category", "participant", "report", "neighborhood"
        ),
        pk=pk,
    )
    program_or_404(user, field_report.session.program_id)
    return field_report


@login_required
@never_cache
@require_safe
def review_queue(request, pk):
    session = _session_or_404(request.user, pk)
    items = listing.queue_items(session)
    categories = available_categories()
    for item in items:
        item.form = ReviewForm(field_report=item, categories=categories)
    context = {
        "session": session,
        "items": items,
        "reviewed": listing.reviewed(session),
        "class_results_url": listing.class_results_url(session),
    }
    return render(request, "youth/review/queue.html", context)


def _decide(form, field_report, by):
    """Carry out the decision of a valid form; returns the message for the educator."""
    data = form.cleaned_data
    edits = {
        "description": data["description"],
        "category": data["category"],
        "kept_photo_ids": data["keep_photos"],
    }
    if data["decision"] == SEND:
        done = services.release(field_report, by=by, **edits)
        return _("Sent to the city as report %(reference)s.") % {"reference": done.report.reference}
    if data["decision"] == REJECT:
        services.reject(field_report, by=by, reason=data["reason"], **edits)
        return _("The report is kept back: it will not be sent to the city.")
    services.edit_field_report(field_report, by=by, **edits)
    return _("Your changes are saved. The report still waits for your decision.")


@login_required
@never_cache
def review_field_report(request, pk):
    field_report = _field_report_or_404(request.user, pk)
    queue_url = reverse("youth:review", args=[field_report.session_id])
    form = None
    if field_report.review != FieldReport.Review.RELEASED:
        form = ReviewForm(request.POST or None, field_report=field_report)
    if request.method == "POST":
        if form is None:
            messages.info(request, _("This report was already sent to the city."))
            return redirect(queue_url)
        if form.is_valid():
            try:
                done = _decide(form, field_report, request.user)
            except ReviewRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, done)
                if form.cleaned_data["decision"] == SAVE:
                    return redirect("youth:field_report", pk=field_report.pk)
                return redirect(f"{queue_url}#queue")
    context = {
        "field_report": field_report,
        "session": field_report.session,
        "form": form,
        "consent_problem": listing.consent_problem(field_report),
        "queue_url": queue_url,
    }
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "youth/review/field_report.html", context, status=status)


@login_required
@never_cache
@require_safe
def field_photo(request, pk):
    """A held photo, for the program's educators and staff only, never kept by a cache."""
    photo = get_object_or_404(
        FieldReportPhoto.objects.select_related("field_report__session"), pk=pk
    )
    program_or_404(request.user, photo.field_report.session.program_id)
    try:
        image = photo.image.open("rb")
    except (OSError, ValueError) as error:
        raise Http404 from error
    start = image.read(len(PNG_SIGNATURE))
    image.seek(0)
    response = FileResponse(
        image, content_type="image/png" if start == PNG_SIGNATURE else "image/jpeg"
    )
    response["Content-Disposition"] = "inline"
    return response


@require_safe
def class_results(request, key):
    """What the class's reports changed: public at an unguessable address, no names."""
    session = get_object_or_404(Session, results_key=key)
    return render(
        request,
        "youth/class_results.html",
        {"session": session, "results": listing.class_results(session)},
    )
