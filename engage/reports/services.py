"""Operations on reports that touch several models. Each runs in one transaction.

Views, the admin and the Open311 API all go through these, so every change is recorded
as a ReportEvent and everyone who filed or follows a report hears about public changes.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from engage.core.audit import record
from engage.neighborhoods.models import Neighborhood
from engage.notifications.services import notify, notify_address, notify_followers

from .audit import status_data
from .emails import ReportReceiptEmail, ReportUpdateEmail
from .geo import box_around, distance_m
from .models import ReportEvent, ReportFollow, ReportSupport, ServiceReport
from .rules import can_confirm_fixed, can_reopen

DUPLICATE_RADIUS_M = 50
DUPLICATE_WINDOW = timedelta(days=30)
# Triage: the open reports offered to merge with, around the one on screen.
TRIAGE_RADIUS_M = 250
TRIAGE_CANDIDATES = 20

Status = ServiceReport.Status


def neighborhood_at(lat, lng):
    if lat is None or lng is None:
        return None
    found = Neighborhood.objects.containing(lat, lng)
    return found[0] if found else None


def nearby_open_reports(category, lat, lng, *, now=None):
    """Open reports of the same category within 50 m, filed in the last 30 days."""
    if lat is None or lng is None:
        return []
    now = now or timezone.now()
    south, west, north, east = box_around(lat, lng, DUPLICATE_RADIUS_M)
    candidates = (
        ServiceReport.objects.open()
        .filter(category__translation_key=category.translation_key)
        .filter(submitted_at__gte=now - DUPLICATE_WINDOW)
        .in_box(south, west, north, east)
        .select_related("category")
    )
    return sorted(
        (r for r in candidates if distance_m(lat, lng, r.lat, r.lng) <= DUPLICATE_RADIUS_M),
        key=lambda r: distance_m(lat, lng, r.lat, r.lng),
    )


@transaction.atomic
def file_report(*, category, filed_by=None, photos=(), receipt_language=None, **fields):
    """Create a report with its first history entry; the filer follows it.

    With ``receipt_language`` (the language of the form the person used), a receipt with
    the reference is e-mailed once, after the commit, to the address they gave.
    """
    report = ServiceReport(category=category, filed_by=filed_by, **fields)
    report.neighborhood = neighborhood_at(report.lat, report.lng)
    report.department = category.department
    report.due_at = category.due_at(report.submitted_at)
    report.save()
    for photo in photos:
        photo.report = report
        photo.save()
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.FILED, to_status=report.status, actor=filed_by
    )
    if filed_by is not None:
        ReportFollow.objects.get_or_create(report=report, user=filed_by)
    if receipt_language is not None:
        _send_receipt(report, receipt_language)
    return report


def _send_receipt(report, language):
    """E-mail the receipt to the address typed on the form, else to the filer's account.

    Staff and liaisons filing for someone else (phone, walk-in…) get no receipt
    themselves: the person they filed for does, when an address was given.
    """
    filer, address = report.filed_by, report.contact_email
    key = f"report-receipt-{report.pk}"
    for_themselves = report.channel == ServiceReport.Channel.WEB
    if filer is not None and for_themselves and address.casefold() in ("", filer.email.casefold()):
        notify(filer, ReportReceiptEmail, dedupe_key=key, report=report.pk)
    elif address:
        notify_address(
            address, ReportReceiptEmail, language=language, dedupe_key=key, report=report.pk
        )


def _notify_followers(report, event, *, except_user=None):
    follows = ReportFollow.objects.filter(report=report).select_related("user")
    notify_followers(
        (follow.user for follow in follows),
        ReportUpdateEmail,
        dedupe_key=f"report-event-{event.pk}",
        except_users=[except_user],
        report=report.pk,
        event=event.pk,
    )


@transaction.atomic
def change_status(report, status, *, actor=None, public_note="", internal_note="", resolution=""):
    """Move a report to ``status``, record who and why, tell the followers."""
    report = ServiceReport.objects.select_for_update().get(pk=report.pk)
    previous = report.status
    report.status = status
    if status in (Status.RESOLVED, Status.CLOSED, Status.DUPLICATE):
        report.closed_at = timezone.now()
        report.resolution = (
            resolution
            or {
                Status.RESOLVED: ServiceReport.Resolution.FIXED,
                Status.CLOSED: ServiceReport.Resolution.NO_ACTION,
                Status.DUPLICATE: ServiceReport.Resolution.DUPLICATE,
            }[status]
        )
    else:
        report.closed_at = None
        report.resolution = ""
    report.save(update_fields=["status", "closed_at", "resolution", "updated_at"])
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.STATUS,
        from_status=previous,
        to_status=status,
        public_note=public_note,
        internal_note=internal_note,
        actor=actor,
    )
    record(
        report,
        "reports.status",
        user=actor,
        data=status_data(previous, status, resolution=report.resolution, note=public_note),
    )
    _notify_followers(report, event, except_user=actor)
    return report


@transaction.atomic
def assign(reports, department, *, actor=None):
    """Send reports to a department (staff-only history entry)."""
    reports = list(reports)
    ServiceReport.objects.filter(pk__in=[r.pk for r in reports]).update(
        department=department, updated_at=timezone.now()
    )
    ReportEvent.objects.bulk_create(
        ReportEvent(
            report=report,
            kind=ReportEvent.Kind.ASSIGNED,
            internal_note=str(department),
            is_public=False,
            actor=actor,
        )
        for report in reports
    )
    for report in reports:
        record(
            report,
            "reports.assign",
            user=actor,
            data={
                "department": str(department),
                "department_id": getattr(department, "pk", None),
                "previous_department_id": report.department_id,
            },
        )


def support(report, user):
    """Count the user as affected too (once) and make them a follower."""
    try:
        with transaction.atomic():
            ReportSupport.objects.create(report=report, user=user)
            ServiceReport.objects.filter(pk=report.pk).update(
                supporter_count=F("supporter_count") + 1
            )
    except IntegrityError:
        return False
    follow(report, user)
    return True


def follow(report, user):
    ReportFollow.objects.get_or_create(report=report, user=user)


def unfollow(report, user):
    ReportFollow.objects.filter(report=report, user=user).delete()


class MergeRefused(ValueError):
    """A merge that cannot happen; the message is translated and shown to staff."""


def merge_candidates(report, *, radius_m=TRIAGE_RADIUS_M, limit=TRIAGE_CANDIDATES):
    """The open reports within ``radius_m`` of ``report`` (any category: a duplicate may
    have been filed under another), nearest first, as ``(report, metres)`` pairs.

    A report without a point (an address only, as some Open311 apps send) is offered the
    open reports at the same address, with no distance (``None``)."""
    if report.lat is None or report.lng is None:
        if not report.address.strip():
            return []
        same_address = (
            ServiceReport.objects.open()
            .exclude(pk=report.pk)
            .filter(address__iexact=report.address.strip())
            .select_related("category")
            .order_by("-submitted_at")[:limit]
        )
        return [(candidate, None) for candidate in same_address]
    south, west, north, east = box_around(report.lat, report.lng, radius_m)
    candidates = (
        ServiceReport.objects.open()
        .exclude(pk=report.pk)
        .in_box(south, west, north, east)
        .select_related("category")
    )
    near = (
        (candidate, distance_m(report.lat, report.lng, candidate.lat, candidate.lng))
        for candidate in candidates
    )
    return sorted(
        ((candidate, metres) for candidate, metres in near if metres <= radius_m),
        key=lambda pair: (pair[1], pair[0].submitted_at),
    )[:limit]


def _lock_pair(duplicate, into):
    """Both reports, locked, always in the same order (by primary key), so two staff
    merging A into B and B into A at the same moment wait for each other instead of
    deadlocking, and the second sees what the first did."""
    locked = {
        report.pk: report
        for report in ServiceReport.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    return locked[duplicate.pk], locked[into.pk]


@transaction.atomic
def merge(duplicate, into, *, actor=None, public_note=""):
    """Close ``duplicate`` as a duplicate of ``into``; supporters and followers move over.

    The note is the duplicate's: it is written on the report merged away, where its filer
    and followers read why their report was closed. The surviving report gets an internal
    entry (which report was merged in) and a new ``updated_at``, so Open311 clients see
    its ``updated_datetime`` change with its supporter count.
    """
    if duplicate.pk == into.pk:
        raise MergeRefused(gettext("A report cannot be merged into itself."))
    duplicate, into = _lock_pair(duplicate, into)
    if duplicate.status == Status.DUPLICATE:
        raise MergeRefused(
            gettext("Report %(reference)s has already been merged.")
            % {"reference": duplicate.reference}
        )
    if into.status == Status.DUPLICATE:
        raise MergeRefused(
            gettext("Report %(reference)s is itself a duplicate: merge into the one it repeats.")
            % {"reference": into.reference}
        )
    supporter_ids = set(duplicate.supports.values_list("user_id", flat=True))
    # The filer of the duplicate is affected too: count them as a supporter.
    if duplicate.filed_by_id:
        supporter_ids.add(duplicate.filed_by_id)
    # Unique constraints keep one support and one follow per person: people already on
    # `into` are skipped by the database.
    ReportSupport.objects.bulk_create(
        [ReportSupport(report=into, user_id=pk) for pk in supporter_ids], ignore_conflicts=True
    )
    ReportFollow.objects.bulk_create(
        [
            ReportFollow(report=into, user_id=pk)
            for pk in duplicate.follows.values_list("user_id", flat=True)
        ],
        ignore_conflicts=True,
    )
    # A queryset update skips auto_now: set updated_at by hand (Open311 updated_datetime).
    ServiceReport.objects.filter(pk=into.pk).update(
        supporter_count=into.supports.count(), updated_at=timezone.now()
    )
    ServiceReport.objects.filter(pk=duplicate.pk).update(duplicate_of=into)
    # Reports merged into this one earlier follow it, so none points at a duplicate (their
    # supporters came here with them and have just moved on to ``into``).
    ServiceReport.objects.filter(duplicate_of=duplicate).update(duplicate_of=into)
    ReportEvent.objects.create(
        report=into,
        kind=ReportEvent.Kind.MERGED,
        internal_note=duplicate.reference,
        is_public=False,
        actor=actor,
    )
    record(
        duplicate,
        "reports.merge",
        user=actor,
        data={"into": into.pk, "into_reference": into.reference, "note": public_note},
    )
    return change_status(
        duplicate, Status.DUPLICATE, actor=actor, public_note=public_note or into.reference
    )


@transaction.atomic
def reopen(report, user, *, reason):
    """The filer says "not fixed": the report goes back to staff, publicly."""
    report = ServiceReport.objects.select_for_update().get(pk=report.pk)
    if not can_reopen(report, user):
        raise PermissionError("Only the person who filed it can reopen it, within 30 days.")
    return record_reopened(report, actor=user, public_note=reason)


def record_reopened(report, *, actor, public_note, internal_note=""):
    """Reopen a report its reporter says is not fixed, once whoever asked them has checked
    it was theirs to say (``reopen`` for the filer's account; the signed "is it really
    fixed?" link for a reporter who may have none). ``report`` is locked by the caller."""
    previous = report.status
    report.status = Status.SUBMITTED
    report.resolution = ""
    report.closed_at = None
    report.save(update_fields=["status", "resolution", "closed_at", "updated_at"])
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.REOPENED,
        from_status=previous,
        to_status=Status.SUBMITTED,
        public_note=public_note,
        internal_note=internal_note,
        actor=actor,
    )
    _notify_followers(report, event, except_user=actor)
    return report


@transaction.atomic
def confirm_fixed(report, user):
    """The filer says "yes, it is fixed": recorded publicly, so the fix counts as confirmed."""
    report = ServiceReport.objects.select_for_update().get(pk=report.pk)
    if not can_confirm_fixed(report, user):
        raise PermissionError("Only the person who filed it can confirm it, within 30 days.")
    return record_confirmed(report, actor=user)


def record_confirmed(report, *, actor):
    """Record that the reporter confirms the fix (checked and locked by the caller, as for
    ``record_reopened``)."""
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.CONFIRMED,
        from_status=report.status,
        to_status=report.status,
        actor=actor,
    )
    _notify_followers(report, event, except_user=actor)
    return report
