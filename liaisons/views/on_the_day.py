"""On the day: the volunteer's own page (code, events, hours), and the liaison's roster on a
phone: check-in from the list, by typed code or scanned QR code, walk-ins, hours."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.notifications.emails import absolute_url

from ..forms.on_the_day import CodeForm, EventHoursForm, NewWalkInForm, WalkInForm
from ..models import SignUp, Volunteer, VolunteerEvent, VolunteerHours
from ..rules import (
    is_liaison_or_staff,
    scope_neighborhood_ids,
    why_not_act_in,
    why_not_check_in,
    why_not_follow_up,
)
from ..services import on_the_day as services
from ..services.after_the_event import present_signups, record_event_hours
from .refusal import refused

# The lists on "My volunteering": enough for years of a busy volunteer; the totals count all.
LIST_LIMIT = 50


def qr_svg(url, *, title):
    """An inline SVG QR code (no script, no style: allowed by the site's CSP)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", title=title, svgclass="qr-code"
    )
    return mark_safe(svg)  # noqa: S308 (segno writes only paths; it escapes the title)


def check_in_url(volunteer):
    return absolute_url(reverse("liaisons:check_in_by_code", args=[volunteer.personal_code]))


def _volunteer_or_register(request):
    volunteer = Volunteer.objects.filter(user=request.user).first()
    if volunteer is None:
        messages.info(request, _("Register as a volunteer first: it takes a minute."))
    return volunteer


# --- My volunteering ----------------------------------------------------------------------


@login_required
def my_volunteering(request):
    volunteer = _volunteer_or_register(request)
    if volunteer is None:
        return redirect("liaisons:volunteer_register")
    now = timezone.now()
    signups = volunteer.signups.select_related("event", "event__neighborhood")
    hours = volunteer.hours.select_related("event")
    approved = hours.filter(status=VolunteerHours.Status.APPROVED)
    pending = hours.filter(status=VolunteerHours.Status.PENDING)
    context = {
        "volunteer": volunteer,
        "code_qr": qr_svg(
            check_in_url(volunteer),
            title=_("QR code of my check-in code %(code)s") % {"code": volunteer.personal_code},
        ),
        "upcoming": signups.live().filter(event__ends_at__gte=now).order_by("event__starts_at"),
        "past": signups.filter(event__ends_at__lt=now)
        .filter(Q(status=SignUp.Status.CONFIRMED) | Q(checked_in_at__isnull=False))
        .order_by("-event__starts_at")[:LIST_LIMIT],
        "approved": approved[:LIST_LIMIT],
        "approved_total": approved.aggregate(total=Sum("hours"))["total"] or 0,
        "pending": pending[:LIST_LIMIT],
        "pending_total": pending.aggregate(total=Sum("hours"))["total"] or 0,
        "declined": hours.filter(status=VolunteerHours.Status.DECLINED)[:LIST_LIMIT],
        "certificates": volunteer.certificates.all()[:LIST_LIMIT],
        "feed_url": absolute_url(
            reverse("liaisons:volunteer_feed", args=[volunteer.calendar_token])
        ),
    }
    return render(request, "liaisons/on_the_day/my_volunteering.html", context)


# --- The roster on the day -----------------------------------------------------------------


def _event(pk):
    return get_object_or_404(VolunteerEvent.objects.select_related("neighborhood", "kind"), pk=pk)


def _roster_context(request, event, **forms):
    confirmed = (
        event.signups.filter(status=SignUp.Status.CONFIRMED)
        .select_related("volunteer")
        .order_by("volunteer__display_name", "pk")
    )
    rows = list(confirmed)
    return {
        "event": event,
        "signups": rows,
        "present_count": sum(1 for s in rows if s.checked_in_at),
        "walk_in_count": sum(1 for s in rows if s.walk_in),
        "registered_count": sum(1 for s in rows if not s.walk_in),
        "check_in_refused": why_not_check_in(request.user, event),
        "follow_up_refused": why_not_follow_up(request.user, event),
        "targets": event.targets.select_related("report", "report__category"),
        "code_form": forms.get("code_form") or CodeForm(),
        "walk_in_form": forms.get("walk_in_form") or WalkInForm(),
        "new_walk_in_form": forms.get("new_walk_in_form") or NewWalkInForm(),
    }


@login_required
def roster(request, pk, **forms):
    event = _event(pk)
    if reason := why_not_act_in(request.user, event.neighborhood):
        return refused(request, reason)
    status = 400 if forms else 200
    return render(
        request,
        "liaisons/on_the_day/roster.html",
        _roster_context(request, event, **forms),
        status=status,
    )


def _after_check_in(request, signup, *, came_without_place=False):
    if signup.walk_in:
        messages.warning(
            request,
            _(
                "%(name)s is checked in as a walk-in. The event's places are all taken, "
                "so they are counted as present beyond the places."
            )
            % {"name": signup.volunteer.display_name},
        )
    elif came_without_place:
        messages.success(
            request,
            _("%(name)s took a free place and is checked in.")
            % {"name": signup.volunteer.display_name},
        )
    else:
        messages.success(
            request, _("%(name)s is checked in.") % {"name": signup.volunteer.display_name}
        )


@require_POST
@login_required
def check_in(request, pk):
    """From the roster: a sign-up's button (``signup``) or a typed code (``code``)."""
    event = _event(pk)
    if reason := why_not_act_in(request.user, event.neighborhood):
        return refused(request, reason)
    try:
        if "signup" in request.POST:
            signup = services.check_in(event, request.POST["signup"], by=request.user)
        else:
            form = CodeForm(request.POST)
            if not form.is_valid():
                return roster(request, pk, code_form=form)
            signup = services.check_in_by_code(event, form.cleaned_data["code"], by=request.user)
    except (services.DayOfRefused, ValueError) as refusal:
        messages.error(request, _message(refusal))
        if "code" in request.POST:
            return roster(request, pk, code_form=CodeForm(request.POST))
    else:
        _after_check_in(request, signup)
    return redirect("liaisons:roster", pk=event.pk)


def _message(refusal):
    if isinstance(refusal, services.DayOfRefused):
        return str(refusal)
    return _("This person has no confirmed place at this event: add them as a walk-in.")


@require_POST
@login_required
def walk_in(request, pk):
    """A registered volunteer (``who``: code or e-mail) or a new person who turned up."""
    event = _event(pk)
    if reason := why_not_act_in(request.user, event.neighborhood):
        return refused(request, reason)
    new_person = request.POST.get("action") == "new"
    form = (NewWalkInForm if new_person else WalkInForm)(request.POST)
    form_name = "new_walk_in_form" if new_person else "walk_in_form"
    if not form.is_valid():
        return roster(request, pk, **{form_name: form})
    try:
        if new_person:
            data = form.cleaned_data
            signup = services.register_walk_in(
                event,
                display_name=data["display_name"],
                email=data["email"],
                age_band=data["age_band"],
                by=request.user,
            )
        else:
            signup = services.add_walk_in(event, form.cleaned_data["who"], by=request.user)
    except services.DayOfRefused as refusal:
        messages.error(request, str(refusal))
        return roster(request, pk, **{form_name: form})
    _after_check_in(request, signup, came_without_place=True)
    return redirect("liaisons:roster", pk=event.pk)


@login_required
def check_in_by_code(request, code):
    """What a volunteer's QR code opens: their sign-ups today in my scope, to confirm."""
    if not is_liaison_or_staff(request.user):
        return refused(
            request,
            _(
                "This is a volunteer's check-in code. The liaison of the event scans it "
                "to check them in."
            ),
        )
    try:
        volunteer = services.volunteer_by_code(code)
    except services.DayOfRefused as refusal:
        return refused(request, str(refusal), status=404)
    scope = scope_neighborhood_ids(request.user)
    if request.method == "POST":
        event_pk = request.POST.get("event", "")
        event = get_object_or_404(VolunteerEvent, pk=int(event_pk) if event_pk.isdigit() else 0)
        action = services.add_walk_in if request.POST.get("action") == "walk_in" else None
        try:
            if action:
                signup = action(event, volunteer.personal_code, by=request.user)
            else:
                signup = services.check_in_by_code(event, volunteer.personal_code, by=request.user)
        except services.DayOfRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("liaisons:check_in_by_code", code=volunteer.personal_code)
        _after_check_in(request, signup, came_without_place=bool(action))
        return redirect("liaisons:roster", pk=event.pk)
    signups = services.todays_signups_in_scope(volunteer, scope)
    signed_up_at = {signup.event_id for signup in signups}
    context = {
        "volunteer": volunteer,
        "signups": signups,
        "other_events": [
            event
            for event in services.todays_events_in_scope(scope)
            if event.pk not in signed_up_at
        ],
    }
    return render(request, "liaisons/on_the_day/check_in_code.html", context)


# --- Hours per person present --------------------------------------------------------------


@login_required
def event_hours(request, pk):
    event = _event(pk)
    if reason := why_not_follow_up(request.user, event):
        return refused(request, reason)
    signups = present_signups(event)
    recorded = dict(event.hours.filter(self_logged=False).values_list("volunteer_id", "hours"))
    form_kwargs = {"signups": signups, "recorded": recorded, "default": event.duration_hours}
    form = EventHoursForm(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            entries = record_event_hours(event, form.hours_by_signup(), by=request.user)
        except services.DayOfRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Hours recorded for %(count)s people.") % {"count": len(entries)},
            )
            return redirect("liaisons:roster", pk=event.pk)
    return render(
        request,
        "liaisons/on_the_day/event_hours.html",
        {"event": event, "form": form, "recorded": recorded},
        status=400 if form.is_bound and form.errors else 200,
    )
