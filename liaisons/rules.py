"""Who may do what in the liaison network and at volunteer events.

A check the person is told about returns ``None`` when allowed, or the translated reason
why not; ``services`` calls it again inside its transaction, so posting a form directly
never skips a rule. A liaison acts only in the neighborhoods of their active term; staff
act everywhere.
"""

from django.utils.translation import gettext as _

from engage.accounts.roles import STAFF, has_role
from engage.notifications.preferences import wants_email

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


# --- network

# The notification topic of a liaison's application and of residents' messages to them.
CONTACT_TOPIC = "liaison"


def pending_application(user):
    """The user's application waiting for review, or None."""
    if not user.is_authenticated:
        return None
    return user.liaison_applications.filter(status="pending").first()


def why_not_apply(user):
    """None when the person may send an application to become a liaison."""
    if not user.is_authenticated:
        return _("Please log in to apply.")
    term = active_liaison(user)
    if term is not None:
        return _(
            "You are already a liaison. Ask the city's staff if you want to change your "
            "neighborhoods."
        )
    if pending_application(user) is not None:
        return _(
            "You already have an application waiting for review. You can follow it, or "
            "withdraw it, on the page of your application."
        )
    return None


def why_not_contact(liaison, sender):
    """None when ``sender`` may write to ``liaison`` through the site.

    Only to active liaisons who receive these messages by e-mail: a message nobody is told
    about would leave the resident waiting for an answer that never comes.
    """
    if not sender.is_authenticated:
        return _("Please log in to write to a liaison.")
    if not liaison.is_active:
        return _("This person is no longer a liaison.")
    if liaison.user_id == sender.pk:
        return _("This is you: you cannot write to yourself.")
    if not wants_email(liaison.user, CONTACT_TOPIC):
        return _(
            "This liaison does not receive messages through the site at the moment. "
            "Please write to another liaison of the neighborhood, or to the city."
        )
    return None
