"""Who may do what in the liaison network and at volunteer events.

A check the person is told about returns ``None`` when allowed, or the translated reason
why not; ``services`` calls it again inside its transaction, so posting a form directly
never skips a rule. A liaison acts only in the neighborhoods of their active term; staff
act everywhere.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engage.accounts.roles import STAFF, has_role
from engage.notifications.preferences import wants_email

from .models import Liaison, Volunteer, VolunteerEvent, Waiver

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


# --- On the day and after: check-in, hours, results, certificates


def event_local_day(event):
    """The first and last local dates the event runs on (most events: one day)."""
    return timezone.localdate(event.starts_at), timezone.localdate(event.ends_at)


def why_not_check_in(user, event, *, now=None):
    """None when ``user`` may check people in at ``event`` now: its liaison or staff, on its day."""
    if reason := why_not_act_in(user, event.neighborhood):
        return reason
    if event.status != VolunteerEvent.Status.PUBLISHED:
        return _("Check-in is only open for published events.")
    first, last = event_local_day(event)
    today = timezone.localdate(now or timezone.now())
    if not first <= today <= last:
        return _("Check-in is only open on the day of the event (%(date)s).") % {
            "date": date_format(first, "DATE_FORMAT")
        }
    return None


def why_not_follow_up(user, event, *, now=None):
    """None when ``user`` may record hours, results and fixed reports: once the event began."""
    if reason := why_not_act_in(user, event.neighborhood):
        return reason
    if event.status != VolunteerEvent.Status.PUBLISHED:
        return _("Only a published event that took place has hours and results.")
    if event.starts_at > (now or timezone.now()):
        return _("Hours and results are recorded once the event has started.")
    return None


def why_not_review_hours(user, entry):
    """Self-logged hours are approved by the liaison of the event's neighborhood, or, without
    an event, of one of the volunteer's neighborhoods; staff approve any."""
    scope = scope_neighborhood_ids(user)
    if scope is None:
        return None
    if not scope:
        return _("Only a neighborhood liaison or city staff can do this.")
    if entry.event_id is not None:
        return why_not_act_in(user, entry.event.neighborhood)
    if any(pk in scope for pk in entry.volunteer.neighborhoods.values_list("pk", flat=True)):
        return None
    return _("These hours are for the liaison of %(name)s's neighborhoods.") % {
        "name": entry.volunteer.display_name
    }


# --- Volunteers: registering, the waiver, consent, adopted blocks


def why_not_register(user):
    """None when ``user`` may register as a volunteer, else the reason why not."""
    if not user.is_authenticated:
        return _("Please log in to register as a volunteer.")
    if Volunteer.objects.filter(user=user).exists():
        return _("You are already registered as a volunteer.")
    if Waiver.current() is None:
        return _(
            "Volunteer registration opens once the city publishes the volunteer waiver. "
            "Please come back soon."
        )
    return None


def why_not_sign_up(volunteer):
    """None when ``volunteer`` may sign up for an event (or adopt a block), else why not.

    ``services.signups`` calls this before every sign-up: the volunteer must have accepted the
    waiver in force (staff may have published a new version since), and a minor needs a
    parent's or guardian's consent on record.
    """
    current = Waiver.current()
    if current is None:
        return _("Sign-ups open once the city publishes the volunteer waiver.")
    if not volunteer.waiver_acceptances.filter(waiver=current).exists():
        return _(
            "The volunteer waiver has changed (version %(version)s). Please read and accept "
            "it on your volunteer details page before signing up."
        ) % {"version": current.version}
    if not volunteer.may_sign_up:
        return _(
            "A parent or guardian must give their consent before you can take part. "
            "We sent them a link, or a liaison can record a signed paper form."
        )
    return None


def why_not_record_consent(user, volunteer):
    """None when ``user`` may record a guardian's paper consent for ``volunteer``: staff,
    or the liaison of one of the volunteer's neighborhoods."""
    scope = scope_neighborhood_ids(user)
    in_scope = scope is None or any(n.pk in scope for n in volunteer.neighborhoods.all())
    if not in_scope:
        return _("Only city staff or a liaison of this volunteer's neighborhood can do this.")
    if not volunteer.is_minor:
        return _("%(name)s is not a minor: no guardian consent is needed.") % {
            "name": volunteer.display_name
        }
    return None


def can_see_adoption(user, adoption):
    """The adopter, staff and the liaison of the area's neighborhood see an adopted area."""
    if not user.is_authenticated:
        return False
    if adoption.volunteer.user_id == user.pk:
        return True
    scope = scope_neighborhood_ids(user)
    return scope is None or (
        adoption.neighborhood_id is not None and adoption.neighborhood_id in scope
    )


def can_end_adoption(user, adoption):
    """The adopter ends their adoption; staff may too (a volunteer who moved away)."""
    return adoption.volunteer.user_id == user.pk or has_role(user, STAFF)


# --- Events: planning, review, cancelling


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


# --- Sign-ups and the waitlist


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


# --- The liaison network

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


# --- dashboard: the liaison dashboard, messages to volunteers, the program's figures


def can_see_figures(user):
    """The program's figures and exports are for staff (they name volunteers)."""
    return has_role(user, STAFF)


def why_not_follow_up_report(user, report):
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
