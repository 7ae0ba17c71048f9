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


# --- dash: the liaison dashboard, messages to volunteers, the program's figures


def can_see_figures(user):
    """The program's figures and exports are for staff (they name volunteers)."""
    return has_role(user, STAFF)


def why_not_follow_up(user, report):
    """A liaison follows up on reports in their neighborhoods; staff on any report."""
    if report.neighborhood_id is None and scope_neighborhood_ids(user) is not None:
        return _("This report is outside every neighborhood: only city staff can follow it up.")
    return why_not_act_in(user, report.neighborhood)


def why_not_message_volunteers(user, neighborhood):
    """Only a liaison writes to volunteers, and only to those of their own neighborhoods
    (the copy the program keeps names the liaison who sent it)."""
    term = active_liaison(user)
    if term is None:
        return _("Only a neighborhood liaison can write to volunteers.")
    if neighborhood is None or neighborhood.pk not in {n.pk for n in term.neighborhoods.all()}:
        return _("You are not the liaison for %(neighborhood)s.") % {"neighborhood": neighborhood}
    return None
