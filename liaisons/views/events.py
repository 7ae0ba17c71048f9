"""Planning, changing and cancelling a volunteer event (liaisons for their neighborhoods,
and staff). The rules are in ``liaisons.rules``, the changes in ``liaisons.services.events``."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import rules
from ..forms.events import CancelEventForm, EventForm, initial_from, refreshed
from ..listing.events import KindNames
from ..models import VolunteerEvent
from ..services import events as services
from .refusal import refused

REFRESH = "show_reports"


def _ask_login(request):
    messages.info(request, _("Please log in to plan a volunteer event. You will come back here."))
    return redirect_to_login(request.get_full_path())


@require_http_methods(["GET", "POST"])
def plan_event(request):
    if not request.user.is_authenticated:
        return _ask_login(request)
    if reason := rules.why_not_plan_events(request.user):
        return refused(request, reason)
    return _event_form_page(request, None)


@require_http_methods(["GET", "POST"])
def edit_event(request, pk):
    event = get_object_or_404(VolunteerEvent.objects.select_related("neighborhood", "kind"), pk=pk)
    if not request.user.is_authenticated:
        return _ask_login(request)
    if not rules.can_see_event(request.user, event):
        raise Http404
    if reason := rules.why_not_manage_event(request.user, event):
        return refused(request, reason, event=event)
    return _event_form_page(request, event)


def _event_form_page(request, event):
    names = KindNames()
    options = {"user": request.user, "kind_names": names, "event": event}
    if request.method == "POST" and REFRESH in request.POST:
        form = EventForm(initial=refreshed(request.POST), **options)
    elif request.method == "POST":
        form = EventForm(request.POST, **options)
        if form.is_valid():
            saved = _save(request, form, event)
            if saved is not None:
                return redirect(saved)
    else:
        form = EventForm(initial=initial_from(event) if event else None, **options)
    return render(
        request,
        "liaisons/events/event_form.html",
        {"form": form, "event": event},
    )


def _save(request, form, event):
    fields, reports = form.event_fields(), list(form.cleaned_data["reports"])
    try:
        if event is None:
            saved = services.plan_event(request.user, fields, reports)
        else:
            saved = services.edit_event(request.user, event, fields, reports)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if saved.status == VolunteerEvent.Status.PENDING:
        messages.success(
            request,
            _("Your event is saved. City staff will review it; you will get an e-mail."),
        )
    else:
        messages.success(request, _("The event is saved and published."))
    return saved


@require_http_methods(["GET", "POST"])
def cancel_event(request, pk):
    event = get_object_or_404(VolunteerEvent.objects.select_related("neighborhood", "kind"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not rules.can_see_event(request.user, event):
        raise Http404
    if reason := rules.why_not_manage_event(request.user, event):
        return refused(request, reason, event=event)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(request.user, event, form.cleaned_data["reason"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The event is cancelled. Everyone signed up is told."))
            return redirect(event)
    return render(
        request,
        "liaisons/events/cancel_event.html",
        {"event": event, "form": form},
        status=400 if form.errors else 200,
    )
