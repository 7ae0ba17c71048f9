"""Who may do what in the liaison network and at volunteer events.

A check the person is told about returns ``None`` when allowed, or the translated reason
why not; ``services`` calls it again inside its transaction, so posting a form directly
never skips a rule. A liaison acts only in the neighborhoods of their active term; staff
act everywhere.
"""

from django.utils.translation import gettext as _

from engage.accounts.roles import STAFF, has_role

from .models import Liaison

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


# --- events


def why_not_plan_events(user):
    """None when the person may plan volunteer events somewhere (a liaison or staff)."""
    if is_liaison_or_staff(user):
        return None
    return _("Only a neighborhood liaison or city staff can plan volunteer events.")


def why_not_manage_event(user, event):
    """None when the person may edit or cancel ``event``: staff, or its organiser while they
    are still the liaison for its neighborhood."""
    if has_role(user, STAFF):
        return None
    if not user.is_authenticated or event.organiser_id != user.pk:
        return _("Only the event's organiser or city staff can change this event.")
    return why_not_act_in(user, event.neighborhood)


def can_see_event(user, event):
    """Published and cancelled events are public; the others only their organiser and staff."""
    if event.is_public:
        return True
    return user.is_authenticated and (event.organiser_id == user.pk or has_role(user, STAFF))


def can_review_events(user):
    return has_role(user, STAFF)


def publishes_at_once(user):
    """Staff's own events need no review; a liaison's wait for staff approval."""
    return has_role(user, STAFF)
