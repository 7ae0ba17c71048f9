"""What a department does with its queue (give reports to its crews) and what a crew member
sends from the field (a status update, maybe long after it was made).

Each operation runs in one transaction with the reports locked, and checks its rules again
inside: the queue page and the phone may be minutes (or hours, offline) out of date.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from engage.accounts.roles import STAFF, has_role
from engage.core.audit import record

from .. import services as report_services
from ..models import Crew, Department, FieldUpdate, ReportEvent, ServiceReport

Status = ServiceReport.Status

# What a crew member may set from the field: the report is being worked on, or done.
FIELD_STATUSES = (Status.IN_PROGRESS, Status.RESOLVED)


class CrewRefused(ValueError):
    """An assignment or a field update that cannot happen; the message is translated."""


# --- Who works on what ---------------------------------------------------------------------


def crews_of(user):
    """The active crews ``user`` is a member of."""
    if not user.is_authenticated:
        return Crew.objects.none()
    return Crew.objects.filter(members=user, active=True)


def is_crew_member(user):
    return crews_of(user).exists()


def departments_for(user):
    """The departments whose queue ``user`` may work: staff, every one (their own first);
    anyone else with admin access, the departments they are a member of."""
    if has_role(user, STAFF):
        return Department.objects.all()
    return Department.objects.filter(members=user)


def can_work_queue(user, department):
    return has_role(user, STAFF) or department.members.filter(pk=user.pk).exists()


def why_not_update(user, report):
    """Why ``user`` may not send a field update on ``report`` (translated), or None."""
    if report.crew_id is None or not report.crew.active:
        return gettext("Report %(reference)s is not assigned to a crew.") % {
            "reference": report.reference
        }
    if not report.crew.members.filter(pk=user.pk).exists():
        return gettext(
            "Report %(reference)s is assigned to another crew (%(crew)s), not to yours."
        ) % {"reference": report.reference, "crew": report.crew}
    if report.department_id != report.crew.department_id:
        return gettext(
            "Report %(reference)s now belongs to another department: ask your supervisor."
        ) % {"reference": report.reference}
    if not report.is_open:
        return gettext("Report %(reference)s is already closed (%(status)s).") % {
            "reference": report.reference,
            "status": report.get_status_display(),
        }
    return None


def todays_reports(user):
    """The open reports of the member's crews, the nearest due first (no due date last)."""
    return (
        ServiceReport.objects.open()
        .filter(crew__in=crews_of(user))
        .select_related("category", "crew", "neighborhood")
        .order_by("due_at", "submitted_at")
    )


# --- The queue -----------------------------------------------------------------------------


def queue_filter(tab, now=None):
    """The ``Q`` of one tab of a department's queue (open reports only)."""
    now = now or timezone.now()
    return {
        "new": Q(crew__isnull=True),
        "assigned": Q(crew__isnull=False) & ~Q(status=Status.IN_PROGRESS),
        "in_progress": Q(status=Status.IN_PROGRESS),
        "overdue": Q(due_at__lt=now),
    }[tab]


@transaction.atomic
def assign_to_crew(reports, crew, *, actor):
    """Give open reports of the crew's department to ``crew`` (a staff-only history entry
    each). Reports of another department, or closed meanwhile, are refused: nothing moves."""
    if not crew.active:
        raise CrewRefused(gettext("The crew %(crew)s is no longer active.") % {"crew": crew})
    pks = [report.pk for report in reports]
    locked = list(ServiceReport.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    for report in locked:
        if report.department_id != crew.department_id:
            raise CrewRefused(
                gettext("Report %(reference)s is not in the queue of %(department)s.")
                % {"reference": report.reference, "department": crew.department}
            )
        if not report.is_open:
            raise CrewRefused(
                gettext("Report %(reference)s was closed meanwhile: it was not assigned.")
                % {"reference": report.reference}
            )
    moving = [report for report in locked if report.crew_id != crew.pk]
    ServiceReport.objects.filter(pk__in=[r.pk for r in moving]).update(
        crew=crew, updated_at=timezone.now()
    )
    ReportEvent.objects.bulk_create(
        ReportEvent(
            report=report,
            kind=ReportEvent.Kind.ASSIGNED,
            internal_note=str(crew),
            is_public=False,
            actor=actor,
        )
        for report in moving
    )
    for report in moving:
        record(
            report,
            "reports.assign_crew",
            user=actor,
            data={"crew": str(crew), "crew_id": crew.pk, "previous_crew_id": report.crew_id},
        )
    return len(moving)


# --- From the field ------------------------------------------------------------------------


def _already_received(client_key, report):
    """The update already stored under ``client_key``: the same report answers "already
    received"; a key reused for another report is refused (a phone never does that)."""
    update = FieldUpdate.objects.filter(client_key=client_key).first()
    if update is not None and update.report_id != report.pk:
        raise CrewRefused(gettext("This update was already used for another report."))
    return update


def record_field_update(
    report,
    *,
    user,
    client_key,
    status,
    public_note="",
    resolution="",
    photo=None,
    made_at=None,
):
    """Store what a crew member sent and change the report's status with it.

    Returns ``(update, created)``. The same ``client_key`` sent again (the phone did not
    hear the first answer) returns the first update with ``created=False`` and changes
    nothing. The report is locked before the key is looked up, so two copies arriving at
    once are serialised: the second sees the first once it is committed.
    """
    if status not in FIELD_STATUSES:
        raise CrewRefused(gettext("A crew can only mark a report in progress or resolved."))
    with transaction.atomic():
        report = (
            ServiceReport.objects.select_for_update(of=("self",))
            .select_related("crew")
            .get(pk=report.pk)
        )
        if (existing := _already_received(client_key, report)) is not None:
            return existing, False
        if reason := why_not_update(user, report):
            raise CrewRefused(reason)
        now = timezone.now()
        update = FieldUpdate(
            report=report,
            crew=report.crew,
            sent_by=user,
            client_key=client_key,
            status=status,
            public_note=public_note,
            # A phone's clock may be wrong: never in the future, never before the report.
            made_at=min(max(made_at or now, report.submitted_at), now),
            received_at=now,
        )
        if photo is not None:
            update.photo = photo.to_content_file()
        try:
            with transaction.atomic():
                update.save()
        except IntegrityError:
            # The same key, committed by a request that did not lock this report (another
            # report's): refuse rather than change anything.
            raise CrewRefused(gettext("This update was already used for another report.")) from None
        # The same status again (still in progress, with news) is recorded too: the note
        # reaches the report's page and its followers like any change.
        report_services.change_status(
            report,
            status,
            actor=user,
            public_note=public_note,
            resolution=resolution if status == Status.RESOLVED else "",
        )
    return update, True
