"""What the sign-up box on an event page shows to the person looking at it."""

from django import template
from django.urls import reverse
from django.utils import timezone

from .. import rules
from ..models import SignUp, Volunteer
from ..services.signups import waitlist_position

register = template.Library()


@register.simple_tag(takes_context=True)
def signup_state(context, event):
    """{places_left, waitlist_count, closed, volunteer, signup, position, refusal, …}.

    ``closed``: why nobody may sign up now (None while open); ``refusal``: why this person
    may not (an outdated waiver, a guardian's consent missing); ``signup``: their live
    sign-up, if any.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    now = timezone.now()
    state = {
        "places_left": event.places_left,
        "waitlist_count": event.signups.filter(status=SignUp.Status.WAITLISTED).count(),
        "closed": rules.why_event_closed(event, now),
        "is_open": event.starts_at > now and event.status == event.Status.PUBLISHED,
        "volunteer": None,
        "signup": None,
        "position": None,
        "refusal": None,
        "may_print": False,
        "calendar_url": "",
    }
    if user is None or not user.is_authenticated:
        return state
    state["may_print"] = rules.may_print_roster(user, event)
    volunteer = Volunteer.objects.filter(user=user).first()
    if volunteer is None:
        return state
    signup = SignUp.objects.live().filter(event=event, volunteer=volunteer).first()
    state |= {
        "volunteer": volunteer,
        "signup": signup,
        "position": waitlist_position(signup) if signup else None,
        "refusal": None if signup else rules.why_not_sign_up(volunteer),
        "calendar_url": request.build_absolute_uri(
            reverse("liaisons:volunteer_feed", args=[volunteer.calendar_token])
        ),
    }
    return state
