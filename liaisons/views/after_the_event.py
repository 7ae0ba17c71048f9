"""After the event: results, fixed reports, hours volunteers log and liaisons review, and the
certificate of hours anyone can verify at its short URL."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from engage.core.branding import city_name
from engage.core.pdf import render_pdf
from engage.notifications.emails import absolute_url

from ..forms.on_the_day import DeclineHoursForm, LogHoursForm, MarkFixedForm, ResultsForm
from ..models import EventTarget, HoursCertificate, Volunteer
from ..rules import is_liaison_or_staff, why_not_follow_up
from ..services import after_the_event as services
from ..services.on_the_day import DayOfRefused, normalise_code
from .on_the_day import _event
from .refusal import refused

# --- Results and fixed reports -------------------------------------------------------------


@login_required
def results(request, pk):
    event = _event(pk)
    if reason := why_not_follow_up(request.user, event):
        return refused(request, reason)
    initial = {
        "bags_collected": event.bags_collected,
        "sites_cleaned": event.sites_cleaned,
        "results_note": event.results_note,
    }
    form = ResultsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_results(
                event,
                bags=data["bags_collected"],
                sites=data["sites_cleaned"],
                note=data["results_note"],
                photos=form.photos(),
                by=request.user,
            )
        except DayOfRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The results are saved."))
            return redirect("liaisons:results", pk=event.pk)
    context = {"event": event, "form": form, "photos": event.photos.all()}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "liaisons/on_the_day/results.html", context, status=status)


@login_required
def mark_fixed(request, pk, target_pk):
    target = get_object_or_404(
        EventTarget.objects.select_related("event__neighborhood", "report__category"),
        pk=target_pk,
        event_id=pk,
    )
    event = target.event
    if reason := why_not_follow_up(request.user, event):
        return refused(request, reason)
    form = MarkFixedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and target.fixed_at is None:
        try:
            services.mark_fixed(
                target,
                photo=form.cleaned_data["after_photo"],
                note=form.cleaned_data["public_note"],
                by=request.user,
            )
        except DayOfRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "Report %(reference)s is marked fixed. The person who filed it and its "
                    "followers are told and asked to confirm."
                )
                % {"reference": target.report.reference},
            )
            return redirect("liaisons:roster", pk=event.pk)
    context = {"event": event, "target": target, "form": form}
    status = 400 if form.is_bound and (form.errors or target.fixed_at) else 200
    return render(request, "liaisons/on_the_day/mark_fixed.html", context, status=status)


# --- Hours volunteers log, and their review -------------------------------------------------


@login_required
def log_hours(request):
    volunteer = Volunteer.objects.filter(user=request.user).first()
    if volunteer is None:
        messages.info(request, _("Register as a volunteer first: it takes a minute."))
        return redirect("liaisons:volunteer_register")
    events = services.loggable_events(volunteer)
    form = LogHoursForm(request.POST or None, events=events)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_hours(volunteer, **form.cleaned_data)
        except DayOfRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Your hours are logged. They count once a liaison approves them.")
            )
            return redirect("liaisons:my_volunteering")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "liaisons/on_the_day/log_hours.html", {"form": form}, status=status)


@login_required
def review_hours(request):
    if not is_liaison_or_staff(request.user):
        return refused(request, _("Only a neighborhood liaison or city staff can do this."))
    decline_forms = {}
    if request.method == "POST":
        entry_pk = request.POST.get("entry", "")
        approve = request.POST.get("decision") == "approve"
        form = DeclineHoursForm(request.POST)
        if approve or form.is_valid():
            try:
                entry = services.review_hours(
                    int(entry_pk) if entry_pk.isdigit() else 0,
                    approve=approve,
                    reason="" if approve else form.cleaned_data["reason"],
                    by=request.user,
                )
            except DayOfRefused as refusal:
                messages.error(request, str(refusal))
            else:
                done = (
                    _("%(hours)s hours of %(name)s approved.")
                    if approve
                    else _("%(hours)s hours of %(name)s declined.")
                )
                messages.success(
                    request, done % {"hours": entry.hours, "name": entry.volunteer.display_name}
                )
            return redirect("liaisons:review_hours")
        decline_forms[entry_pk] = form
    entries = list(services.hours_to_review(request.user))
    for entry in entries:
        entry.decline_form = decline_forms.get(str(entry.pk)) or DeclineHoursForm(
            auto_id=f"id_decline_{entry.pk}_%s"
        )
    status = 400 if decline_forms else 200
    return render(
        request, "liaisons/on_the_day/review_hours.html", {"entries": entries}, status=status
    )


# --- Certificates -------------------------------------------------------------------------


def short_url(certificate):
    """The URL printed on the certificate: short, without a language."""
    return absolute_url(reverse("certificate_short", args=[certificate.code]))


@login_required
def certificate(request):
    """The volunteer's certificates; POST issues one and sends its PDF."""
    volunteer = Volunteer.objects.filter(user=request.user).first()
    if volunteer is None:
        messages.info(request, _("Register as a volunteer first: it takes a minute."))
        return redirect("liaisons:volunteer_register")
    if request.method == "POST":
        try:
            issued = services.issue_certificate(volunteer)
        except DayOfRefused as refusal:
            messages.error(request, str(refusal))
        else:
            return redirect("liaisons:certificate_pdf", code=issued.code)
    context = {
        "volunteer": volunteer,
        "summary": services.hours_summary(volunteer),
        "certificates": volunteer.certificates.all(),
    }
    return render(request, "liaisons/on_the_day/certificate.html", context)


@require_safe
@login_required
def certificate_pdf(request, code):
    """A certificate's PDF, for the volunteer it belongs to (anyone else: not found)."""
    issued = get_object_or_404(
        HoursCertificate, code=normalise_code(code), volunteer__user=request.user
    )
    url = short_url(issued)
    context = {
        "certificate": issued,
        "city": city_name(),
        "verify_url": url,
        "qr_data_uri": segno.make(url, error="m").svg_data_uri(scale=4, border=2),
        "issued_on": timezone.localtime(issued.issued_at),
    }
    pdf = render_pdf("liaisons/on_the_day/certificate_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="volunteer-hours-{issued.code}.pdf"'
    return response


@require_safe
def verify_certificate(request, code):
    """What a certificate states, for anyone holding the paper; nothing else."""
    issued = HoursCertificate.objects.filter(code=normalise_code(code)[:12]).first()
    if issued is None:
        return render(
            request,
            "liaisons/on_the_day/certificate_not_found.html",
            {"code": normalise_code(code)[:12]},
            status=404,
        )
    return render(
        request,
        "liaisons/on_the_day/verify_certificate.html",
        {"certificate": issued, "issued_on": timezone.localtime(issued.issued_at)},
    )


@require_safe
def short_certificate_link(request, code):
    """``/v/<code>/``: the short URL on the paper, to the verify page in the reader's language
    (the language middleware has chosen it from their browser)."""
    return redirect("liaisons:verify_certificate", code=normalise_code(code)[:12])
