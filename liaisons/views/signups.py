"""Signing up for an event, withdrawing, answering an offer; the printed roster and sheet.

The forms are in ``templates/liaisons/includes/signup_box.html`` on the event page; every
action posts, then comes back to the event page with a message saying what happened (or
why not, in the person's language).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from engage.core.exports import record_pdf
from engage.core.pdf import render_pdf
from engage.core.redirects import redirect_back

from .. import rules
from ..models import SignUp, Volunteer, VolunteerEvent
from ..services import signups as services

# The sign-in sheet's empty lines, for people who come without signing up.
WALK_IN_LINES = 12


def _event_page(event):
    return redirect(event.get_absolute_url() + "#signup")


def _public_event(pk):
    return get_object_or_404(VolunteerEvent.objects.public(), pk=pk)


def _volunteer_or_redirect(request, event):
    """The person's Volunteer record, or the response that sends them to get one."""
    if not request.user.is_authenticated:
        messages.info(request, _("Please log in to sign up. You will come back to the event."))
        return None, redirect_to_login(event.get_absolute_url())
    volunteer = Volunteer.objects.filter(user=request.user).first()
    if volunteer is None:
        messages.info(
            request,
            _("Tell us a little about yourself as a volunteer first; then you can sign up."),
        )
        register = reverse("liaisons:volunteer_register")
        return None, redirect(f"{register}?{urlencode({'next': event.get_absolute_url()})}")
    return volunteer, None


@require_POST
def sign_up(request, pk):
    event = _public_event(pk)
    volunteer, elsewhere = _volunteer_or_redirect(request, event)
    if elsewhere:
        return elsewhere
    try:
        signup = services.sign_up(event, volunteer)
    except services.SignUpRefused as refused:
        messages.error(request, str(refused))
        return _event_page(event)
    if signup.status == SignUp.Status.CONFIRMED:
        messages.success(
            request,
            _("You are signed up. We will send you a reminder with the time and place."),
        )
    else:
        messages.success(
            request,
            _(
                "The event is full, so you are on the waitlist (number %(position)s). If a "
                "place frees up, we will e-mail you."
            )
            % {"position": services.waitlist_position(signup)},
        )
    return _event_page(event)


@require_POST
def cancel_signup(request, pk):
    event = _public_event(pk)
    volunteer, elsewhere = _volunteer_or_redirect(request, event)
    if elsewhere:
        return elsewhere
    signup = services.live_signup(event, volunteer)
    try:
        if signup is None:
            raise services.SignUpRefused(_("You are not signed up for this event."))
        services.cancel_signup(signup)
    except services.SignUpRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("You are no longer signed up for this event."))
    return _event_page(event)


@require_POST
def answer_offer(request, pk):
    event = _public_event(pk)
    volunteer, elsewhere = _volunteer_or_redirect(request, event)
    if elsewhere:
        return elsewhere
    action = request.POST.get("action")
    signup = SignUp.objects.filter(event=event, volunteer=volunteer).order_by("-created_at").first()
    try:
        if action not in ("accept", "decline"):
            raise services.SignUpRefused(_("Choose whether to accept or decline the place."))
        if signup is None:
            raise services.SignUpRefused(_("There is no place on offer for you at this event."))
        services.answer_offer(signup, action == "accept")
    except services.SignUpRefused as refused:
        messages.error(request, str(refused))
    else:
        if action == "accept":
            messages.success(request, _("The place is yours: you are signed up."))
        else:
            messages.success(request, _("You declined the place; it goes to the next person."))
    return _event_page(event)


@require_POST
def reset_calendar_token(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("liaisons:my_volunteering"))
    volunteer = get_object_or_404(Volunteer, user=request.user)
    services.reset_calendar_token(volunteer)
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old one no longer works: subscribe again "
            "with the new one in your calendar app."
        ),
    )
    return redirect_back(request, reverse("liaisons:my_volunteering"))


# Printing -----------------------------------------------------------------------------


def _printable_event(request, pk):
    event = get_object_or_404(
        VolunteerEvent.objects.select_related("neighborhood", "liaison", "organiser", "kind"),
        pk=pk,
    )
    if not rules.may_print_roster(request.user, event):
        raise PermissionDenied(
            _("Only the event's organiser, its liaison and staff can print this.")
        )
    return event


def _people(event):
    """Confirmed first, then open offers; each group by name."""
    order = Case(
        When(status=SignUp.Status.CONFIRMED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        event.signups.holding_a_place()
        .select_related("volunteer__user")
        .annotate(group=order)
        .order_by("group", "volunteer__display_name", "pk")
    )


def _pdf_response(request, template, event, context, name):
    context = {
        "event": event,
        "printed_at": timezone.localtime(),
        "event_url": request.build_absolute_uri(event.get_absolute_url()),
        **context,
    }
    pdf = render_pdf(template, context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    day = timezone.localtime(event.starts_at)
    filename = f"{slugify(event.title) or 'event'}-{day:%Y-%m-%d}-{name}.pdf"
    # The volunteers' names, printed: recorded like any export of them.
    record_pdf(request, filename=filename)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def roster_pdf(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = _printable_event(request, pk)
    waitlist = event.signups.waiting_in_order().select_related("volunteer")
    context = {"people": list(_people(event)), "waitlist": list(waitlist)}
    return _pdf_response(request, "liaisons/signups/roster_pdf.html", event, context, "roster")


@require_GET
def sign_in_sheet(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = _printable_event(request, pk)
    context = {"people": list(_people(event)), "walk_in_lines": range(WALK_IN_LINES)}
    return _pdf_response(
        request, "liaisons/signups/sign_in_sheet_pdf.html", event, context, "sign-in-sheet"
    )
