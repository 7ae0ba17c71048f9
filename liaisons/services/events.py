"""Planning, changing, reviewing and cancelling volunteer events.

One transaction each, with the rules checked again inside it (``liaisons.rules``), so a
form posted directly never skips one. A refusal is a ``ValidationError`` whose messages
the form shows next to the field they are about. Who is told what is queued on commit
(``notify``): the organiser about staff's decision, the volunteers signed up about a new
time or place and about a cancellation.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.core.audit import record
from engage.notifications.services import notify
from engage.reports.models import ServiceReport

from .. import rules
from ..emails import EventCancelledEmail, EventChangedEmail, EventReviewedEmail
from ..listing.events import report_categories
from ..models import EventTarget, SignUp, VolunteerEvent

Status = VolunteerEvent.Status
# The fields a planning form gives (``EventForm.event_fields()``).
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "meeting_point",
    "lat",
    "lng",
    "neighborhood",
    "capacity",
    "supplies_provided",
    "what_to_bring",
)
# A change to one of these is news for the volunteers who signed up.
WHEN_AND_WHERE = ("starts_at", "ends_at", "meeting_point", "lat", "lng")


def _refuse(message, field=None):
    raise ValidationError({field: message} if field else message)


def _check_plan(user, fields, reports, event=None):
    """Every rule about an event's content: scope, timing, overlap, capacity, targets."""
    if reason := rules.why_not_plan_events(user):
        _refuse(reason)
    if reason := rules.why_not_act_in(user, fields["neighborhood"]):
        _refuse(reason, "neighborhood")
    starts, ends = fields["starts_at"], fields["ends_at"]
    if ends <= starts:
        _refuse(_("The event must end after it starts."), "ends_at")
    if starts <= timezone.now():
        _refuse(_("The start is in the past: choose a date and time to come."), "starts_at")
    if event is not None and fields["capacity"] < event.places_taken:
        _refuse(
            _("%(count)d volunteers already hold a place: the event needs at least as many.")
            % {"count": event.places_taken},
            "capacity",
        )
    _check_overlap(user if event is None else event.organiser, starts, ends, event)
    _check_targets(fields["kind"], fields["neighborhood"], reports, event)


def _check_overlap(organiser, starts, ends, event):
    # The organiser's row is locked, so two forms sent at once cannot both pass this check.
    get_user_model().objects.select_for_update().filter(pk=organiser.pk).first()
    clash = (
        VolunteerEvent.objects.filter(
            organiser=organiser,
            status__in=(Status.PENDING, Status.PUBLISHED),
            starts_at__lt=ends,
            ends_at__gt=starts,
        )
        .exclude(pk=getattr(event, "pk", None))
        .first()
    )
    if clash is not None:
        local = timezone.localtime(clash.starts_at)
        _refuse(
            _(
                "This overlaps “%(title)s” (%(date)s), another event of the same organiser. "
                "Choose another time, or change that event first."
            )
            % {"title": clash.title, "date": local.strftime("%Y-%m-%d %H:%M")},
            "starts_at",
        )


def _check_targets(kind, neighborhood, reports, event):
    if reports and not kind.targets_reports:
        _refuse(_("Events of this kind do not address service reports."), "reports")
    already = set() if event is None else set(event.targets.values_list("report_id", flat=True))
    codes = report_categories()
    for report in reports:
        if report.pk in already:
            continue  # kept from before: it may have been fixed since
        if report.status not in ServiceReport.OPEN_STATUSES:
            _refuse(
                _("Report %(reference)s is no longer open.") % {"reference": report.reference},
                "reports",
            )
        if report.neighborhood_id != neighborhood.pk:
            _refuse(
                _("Report %(reference)s is not in %(neighborhood)s.")
                % {"reference": report.reference, "neighborhood": neighborhood},
                "reports",
            )
        if codes and report.category.code not in codes:
            _refuse(
                _("Report %(reference)s is not a kind of problem volunteers can fix.")
                % {"reference": report.reference},
                "reports",
            )


def _reports(reports):
    """The chosen reports, read again (and locked) inside the transaction."""
    pks = [report.pk for report in reports]
    return list(
        ServiceReport.objects.select_for_update(of=("self",))
        .select_related("category")
        .filter(pk__in=pks)
        .order_by("pk")
    )


@transaction.atomic
def plan_event(user, fields, reports=()):
    """A new event from ``fields`` (see ``EVENT_FIELDS``) that sets out to fix ``reports``.

    Staff's events are published at once; a liaison's wait for staff's approval."""
    reports = _reports(reports)
    _check_plan(user, fields, reports)
    now = timezone.now()
    published = rules.publishes_at_once(user)
    event = VolunteerEvent.objects.create(
        **{name: fields[name] for name in EVENT_FIELDS},
        organiser=user,
        liaison=rules.active_liaison(user),
        status=Status.PUBLISHED if published else Status.PENDING,
        reviewed_by=user if published else None,
        reviewed_at=now if published else None,
    )
    EventTarget.objects.bulk_create(EventTarget(event=event, report=r) for r in reports)
    if published:
        # Staff's own event skips the review, so its publishing is recorded here.
        record(event, "liaisons.event_publish", user=user)
    return event


@transaction.atomic
def edit_event(user, event, fields, reports=()):
    """Change an event. A published one stays published (its volunteers are told when the
    time or place changed); a declined one changed by its organiser goes back to staff's
    review. Staff's changes never publish an event: approving is a decision of its own."""
    event = VolunteerEvent.objects.select_for_update().get(pk=event.pk)
    if reason := rules.why_not_manage_event(user, event):
        _refuse(reason)
    if event.status == Status.CANCELLED:
        _refuse(_("This event was cancelled: it can no longer be changed."))
    if event.starts_at <= timezone.now():
        _refuse(_("This event has started: it can no longer be changed."))
    reports = _reports(reports)
    _check_plan(user, fields, reports, event)
    changed = [name for name in WHEN_AND_WHERE if getattr(event, name) != fields[name]]
    for name in EVENT_FIELDS:
        setattr(event, name, fields[name])
    if event.status == Status.DECLINED and not rules.can_review_events(user):
        event.status = Status.PENDING
        event.reviewed_by = event.reviewed_at = None
    event.save()
    _set_targets(event, reports)
    if event.status == Status.PUBLISHED and changed:
        _tell_volunteers(event, EventChangedEmail, f"event-changed:{event.pk}:{event.updated_at}")
    return event


def _set_targets(event, reports):
    """Keep the targets still chosen (with what was recorded on them), add the new ones;
    a report already marked fixed stays a target even when unticked."""
    chosen = {report.pk for report in reports}
    event.targets.exclude(report_id__in=chosen).filter(fixed_at=None).delete()
    kept = set(event.targets.values_list("report_id", flat=True))
    EventTarget.objects.bulk_create(
        EventTarget(event=event, report=r) for r in reports if r.pk not in kept
    )


def _tell_volunteers(event, email_class, dedupe):
    signups = SignUp.objects.live().filter(event=event).select_related("volunteer__user")
    for signup in signups:
        notify(signup.volunteer.user, email_class, dedupe_key=dedupe, event=event.pk)


@transaction.atomic
def review_event(staff, event, *, approve, note=""):
    """Staff publish a pending event or decline it with a note; the organiser is told."""
    event = VolunteerEvent.objects.select_for_update().get(pk=event.pk)
    if not rules.can_review_events(staff):
        _refuse(_("Only city staff can review volunteer events."))
    if event.status != Status.PENDING:
        _refuse(_("This event is no longer waiting for review."))
    note = note.strip()
    if approve and event.starts_at <= timezone.now():
        _refuse(_("This event has already started: decline it, or ask for a new date."))
    if not approve and not note:
        _refuse(_("Tell the organiser why the event is declined."), "note")
    event.status = Status.PUBLISHED if approve else Status.DECLINED
    event.reviewed_by, event.reviewed_at, event.review_note = staff, timezone.now(), note
    event.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    record(
        event,
        "liaisons.event_review",
        user=staff,
        data={
            "to": event.status,
            "decision": event.get_status_display(),
            "note": note,
        },
    )
    notify(
        event.organiser,
        EventReviewedEmail,
        dedupe_key=f"event-reviewed:{event.pk}:{event.reviewed_at.isoformat()}",
        event=event.pk,
    )
    return event


@transaction.atomic
def cancel_event(user, event, reason):
    """Cancel an event that has not ended: it stays on the site, marked cancelled, with the
    reason, and everyone signed up is told."""
    event = VolunteerEvent.objects.select_for_update().get(pk=event.pk)
    if why := rules.why_not_manage_event(user, event):
        _refuse(why)
    if event.status == Status.CANCELLED:
        _refuse(_("This event is already cancelled."))
    if event.status != Status.PUBLISHED:
        # A cancelled event is public (it says so): one nobody approved must not become so.
        _refuse(_("Only a published event can be cancelled. Staff decline the others."))
    if event.ends_at <= timezone.now():
        _refuse(_("This event is over: it can no longer be cancelled."))
    reason = reason.strip()
    if not reason:
        _refuse(_("Say why the event is cancelled: the volunteers will read it."), "reason")
    event.status, event.cancelled_at, event.cancel_reason = Status.CANCELLED, timezone.now(), reason
    event.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    record(event, "liaisons.event_cancel", user=user, data={"reason": reason})
    _tell_volunteers(event, EventCancelledEmail, f"event-cancelled:{event.pk}")
    return event
