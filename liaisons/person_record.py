"""What a person did as a volunteer, for staff reading their record in the contact center
(``engage.core.person_record``): their sign-ups for events and the hours they gave."""

from django.contrib.admin.utils import quote
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engage.core.person_record import EntrySource, TimelineEntry

from .models import SignUp, VolunteerHours

EVENT_ADMIN = "volunteer_events:edit"
VOLUNTEER_ADMIN = "wagtailsnippets_liaisons_volunteer:inspect"


def entries(user):
    return [
        EntrySource(
            rows=SignUp.objects.filter(volunteer__user=user)
            .select_related("event")
            .order_by("-created_at", "-pk"),
            entry=_signup,
        ),
        EntrySource(
            rows=VolunteerHours.objects.filter(volunteer__user=user)
            .select_related("event")
            .order_by("-date", "-pk"),
            entry=_hours,
        ),
    ]


def _signup(signup):
    return TimelineEntry(
        when=signup.created_at,
        kind=_("Volunteer sign-up"),
        title=signup.event.title,
        url=reverse(EVENT_ADMIN, args=[quote(signup.event_id)]),
        detail=signup.get_status_display(),
    )


def _hours(hours):
    amount = _("%(hours)s hours") % {"hours": floatformat(hours.hours, -2)}
    what = hours.event.title if hours.event_id else hours.description
    return TimelineEntry(
        when=hours.date,
        kind=_("Volunteer hours"),
        title=f"{amount} · {what}" if what else amount,
        url=reverse(VOLUNTEER_ADMIN, args=[quote(hours.volunteer_id)]),
        detail=hours.get_status_display(),
    )
