"""Who may do what in the liaison network and at volunteer events.

A check the person is told about returns ``None`` when allowed, or the translated reason
why not; ``services`` calls it again inside its transaction, so posting a form directly
never skips a rule. A liaison acts only in the neighborhoods of their active term; staff
act everywhere.
"""

from django.utils.translation import gettext as _

from engage.accounts.roles import STAFF, has_role

from .models import Liaison, Waiver

# What each role may do with the part in the Wagtail admin (see engage.core.parts). Staff
# run the program; liaisons and volunteers work on the public site, within their scope.
# Nothing is deleted but kinds of events (history, hours and certificates depend on the rest).
STAFF_MODELS = (
    "liaisonapplication",
    "liaison",
    "liaisoncontactmessage",
    "volunteerbroadcast",
    "waiver",
    "volunteer",
    "waiveracceptance",
    "eventkind",
    "volunteerevent",
    "eventtarget",
    "eventphoto",
    "signup",
    "volunteerhours",
    "hourscertificate",
    "adoption",
)
ROLE_PERMISSIONS = {
    STAFF: {
        *(
            f"liaisons.{action}_{model}"
            for action in ("add", "change", "view")
            for model in STAFF_MODELS
        ),
        "liaisons.delete_eventkind",
    },
}


def active_liaison(user):
    """The user's active liaison term, or None (cached on the user object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_engage_liaison_term"):
        user._engage_liaison_term = (
            Liaison.objects.active().filter(user=user).prefetch_related("neighborhoods").first()
        )
    return user._engage_liaison_term


def scope_neighborhood_ids(user):
    """The neighborhoods a person may act in as a liaison; None means everywhere (staff)."""
    if has_role(user, STAFF):
        return None
    term = active_liaison(user)
    if term is None:
        return frozenset()
    return frozenset(n.pk for n in term.neighborhoods.all())


def is_liaison_or_staff(user):
    return has_role(user, STAFF) or active_liaison(user) is not None


def why_not_act_in(user, neighborhood):
    """None when the person may act for ``neighborhood`` (staff, or its active liaison)."""
    scope = scope_neighborhood_ids(user)
    if scope is None or (neighborhood is not None and neighborhood.pk in scope):
        return None
    if not scope:
        return _("Only a neighborhood liaison or city staff can do this.")
    return _("You are not the liaison for %(neighborhood)s.") % {"neighborhood": neighborhood}


# --- signups


def why_not_sign_up(volunteer):
    """None when the volunteer may take part in events, else why not.

    The volunteers slice owns this rule; this version (the current waiver accepted, a
    minor's guardian consent on record) is what sign-ups need until the two are merged.
    """
    current = Waiver.current()
    if current is not None and not volunteer.waiver_acceptances.filter(waiver=current).exists():
        return _("Please accept the current volunteer waiver before you sign up for an event.")
    if not volunteer.may_sign_up:
        return _("A parent or guardian must give their consent before you can sign up.")
    return None


def why_event_closed(event, now):
    """None while people may sign up for ``event`` at ``now``, else why not."""
    if event.status == event.Status.CANCELLED:
        return _("This event was cancelled.")
    if event.status != event.Status.PUBLISHED:
        return _("This event is not open for sign-up.")
    if event.ends_at <= now:
        return _("This event is over.")
    if event.starts_at <= now:
        return _("This event has already started: sign-up is closed.")
    return None


def may_print_roster(user, event):
    """The roster and sign-in sheet (names, phones, emergency contacts): the event's
    organiser, its liaison while their term lasts, and staff."""
    if not user.is_authenticated:
        return False
    if has_role(user, STAFF) or event.organiser_id == user.pk:
        return True
    term = active_liaison(user)
    return term is not None and event.liaison_id == term.pk
