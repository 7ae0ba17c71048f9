"""After an event: hours, results, the reports it fixed, and certificates of hours.

Each operation is one transaction with its rule checked again inside it, so a form posted
twice or out of scope changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engage.core.audit import record
from engage.notifications.services import notify
from engage.reports import services as report_services
from engage.reports.models import ServiceReport

from ..emails import HoursReviewedEmail
from ..models import EventPhoto, EventTarget, HoursCertificate, VolunteerEvent, VolunteerHours
from ..rules import scope_neighborhood_ids, why_not_follow_up, why_not_review_hours
from .on_the_day import DayOfRefused

HoursStatus = VolunteerHours.Status
REUSE_CERTIFICATE_FOR = timedelta(days=30)


def _check_follow_up(by, event, now=None):
    if reason := why_not_follow_up(by, event, now=now):
        raise DayOfRefused(reason)


def present_signups(event):
    """Who was there: checked-in sign-ups, walk-ins included, by name."""
    return (
        event.signups.filter(checked_in_at__isnull=False)
        .select_related("volunteer")
        .order_by("volunteer__display_name", "pk")
    )


# --- Hours -------------------------------------------------------------------------------


@transaction.atomic
def record_event_hours(event, hours_by_signup, *, by, now=None):
    """The liaison's attendance record: ``hours_by_signup`` maps a checked-in sign-up's pk
    to its hours (``None`` leaves that person as they are). Approved at once; a volunteer's
    own pending entry for the same event is declined, since this one replaces it."""
    now = now or timezone.now()
    event = VolunteerEvent.objects.select_for_update().get(pk=event.pk)
    _check_follow_up(by, event, now)
    day = timezone.localdate(event.starts_at)
    recorded = []
    for signup in present_signups(event).filter(pk__in=list(hours_by_signup)):
        hours = hours_by_signup[signup.pk]
        if hours is None:
            continue
        entry, _created = VolunteerHours.objects.update_or_create(
            volunteer=signup.volunteer,
            event=event,
            self_logged=False,
            defaults={
                "date": day,
                "hours": hours,
                "description": event.title[:255],
                "status": HoursStatus.APPROVED,
                "reviewed_by": by,
                "reviewed_at": now,
            },
        )
        recorded.append(entry)
    VolunteerHours.objects.filter(
        event=event,
        self_logged=True,
        status=HoursStatus.PENDING,
        volunteer__in=[entry.volunteer_id for entry in recorded],
    ).update(
        status=HoursStatus.DECLINED,
        reviewed_by=by,
        reviewed_at=now,
        decline_reason=_("The liaison recorded your hours at this event."),
    )
    return recorded


def loggable_events(volunteer, *, now=None):
    """Past events the volunteer had a place at, whose hours nobody recorded yet."""
    return (
        VolunteerEvent.objects.past(now)
        .filter(
            status=VolunteerEvent.Status.PUBLISHED,
            signups__volunteer=volunteer,
            signups__status="confirmed",
        )
        .exclude(hours__volunteer=volunteer, hours__self_logged=False)
        .distinct()
        .order_by("-starts_at")
    )


@transaction.atomic
def log_hours(volunteer, *, date, hours, description, event=None, now=None):
    """A volunteer logs hours themselves; they wait for a liaison or staff."""
    now = now or timezone.now()
    if date > timezone.localdate(now):
        raise DayOfRefused(_("Hours can only be logged for a day that has passed or today."))
    if event is not None:
        if not loggable_events(volunteer, now=now).filter(pk=event.pk).exists():
            raise DayOfRefused(
                _(
                    "You can log hours only for past events you had a place at and whose "
                    "hours the liaison has not recorded."
                )
            )
        if date != timezone.localdate(event.starts_at):
            raise DayOfRefused(
                _("“%(title)s” took place on %(date)s.")
                % {
                    "title": event.title,
                    "date": date_format(timezone.localdate(event.starts_at), "DATE_FORMAT"),
                }
            )
    return VolunteerHours.objects.create(
        volunteer=volunteer,
        event=event,
        date=date,
        hours=hours,
        description=description,
        status=HoursStatus.PENDING,
        self_logged=True,
    )


def hours_to_review(user):
    """Self-logged hours waiting for ``user``: staff see all, a liaison their neighborhoods'."""
    pending = VolunteerHours.objects.filter(self_logged=True, status=HoursStatus.PENDING)
    scope = scope_neighborhood_ids(user)
    if scope is not None:
        pending = pending.filter(
            Q(event__neighborhood__in=scope)
            | Q(event__isnull=True, volunteer__neighborhoods__in=scope)
        ).distinct()
    return pending.select_related("volunteer", "event").order_by("created_at", "pk")


@transaction.atomic
def review_hours(entry_pk, *, approve, by, reason="", now=None):
    entry = (
        VolunteerHours.objects.select_for_update(of=("self",))
        .select_related("volunteer", "event__neighborhood")
        .filter(pk=entry_pk, self_logged=True)
        .first()
    )
    if entry is None:
        raise DayOfRefused(_("These hours no longer exist."))
    if reason_not := why_not_review_hours(by, entry):
        raise DayOfRefused(reason_not)
    if entry.status != HoursStatus.PENDING:
        raise DayOfRefused(
            _("These hours were already reviewed: %(status)s.")
            % {"status": entry.get_status_display()}
        )
    if not approve and not reason.strip():
        raise DayOfRefused(_("Say why you decline these hours: the volunteer reads it."))
    entry.status = HoursStatus.APPROVED if approve else HoursStatus.DECLINED
    entry.decline_reason = "" if approve else reason.strip()
    entry.reviewed_by = by
    entry.reviewed_at = now or timezone.now()
    entry.save(update_fields=["status", "decline_reason", "reviewed_by", "reviewed_at"])
    record(
        entry,
        "liaisons.hours_review",
        user=by,
        data={
            "to": entry.status,
            "decision": entry.get_status_display(),
            "hours": entry.hours,
            "reason": entry.decline_reason,
        },
    )
    notify(
        entry.volunteer.user,
        HoursReviewedEmail,
        dedupe_key=f"liaisons-hours-reviewed-{entry.pk}",
        hours=entry.pk,
    )
    return entry


# --- Results and fixed reports ------------------------------------------------------------


@transaction.atomic
def record_results(event, *, bags, sites, note, photos=(), by, now=None):
    """``photos``: (moment, CleanImage, caption) triples, added to the ones already there."""
    now = now or timezone.now()
    event = VolunteerEvent.objects.select_for_update().get(pk=event.pk)
    _check_follow_up(by, event, now)
    event.bags_collected = bags
    event.sites_cleaned = sites
    event.results_note = note
    event.results_recorded_at = now
    event.save(
        update_fields=[
            "bags_collected",
            "sites_cleaned",
            "results_note",
            "results_recorded_at",
            "updated_at",
        ]
    )
    for moment, image, caption in photos:
        EventPhoto.objects.create(
            event=event,
            moment=moment,
            image=image.to_content_file(),
            caption=caption,
            uploaded_by=by,
        )
    return event


@transaction.atomic
def mark_fixed(target, *, photo, note, by, now=None):
    """Close a targeted report as fixed by the volunteers, with the after-photo and note.

    The report changes through the reports part (its history, its followers' e-mails, in
    which the person who filed it is asked to confirm or say "not fixed"); the liaison
    then follows it, so they hear what the neighbours answer.
    """
    now = now or timezone.now()
    target = (
        EventTarget.objects.select_for_update(of=("self",))
        .select_related("event__neighborhood", "report")
        .get(pk=target.pk)
    )
    _check_follow_up(by, target.event, now)
    report = target.report
    if target.fixed_at is not None:
        raise DayOfRefused(
            _("Report %(reference)s was already marked fixed on %(date)s.")
            % {
                "reference": report.reference,
                "date": date_format(timezone.localtime(target.fixed_at), "DATE_FORMAT"),
            }
        )
    if report.status not in ServiceReport.OPEN_STATUSES:
        raise DayOfRefused(
            _("Report %(reference)s is no longer open (%(status)s): there is nothing to close.")
            % {"reference": report.reference, "status": report.get_status_display()}
        )
    target.fixed_at = now
    target.fixed_by = by
    target.after_photo = photo.to_content_file()
    target.public_note = note
    target.save(update_fields=["fixed_at", "fixed_by", "after_photo", "public_note"])
    report_services.change_status(
        report,
        ServiceReport.Status.RESOLVED,
        actor=by,
        public_note=note,
        resolution=ServiceReport.Resolution.FIXED,
    )
    report_services.follow(report, by)
    return target


# --- Certificates ------------------------------------------------------------------------


def hours_summary(volunteer):
    """The volunteer's approved hours: total, events, first and last date."""
    return volunteer.hours.filter(status=HoursStatus.APPROVED).aggregate(
        total=Sum("hours"),
        events=Count("event", distinct=True),
        first=Min("date"),
        last=Max("date"),
    )


@transaction.atomic
def issue_certificate(volunteer, *, now=None):
    """A certificate of the approved hours as they stand; the last one again if nothing
    changed since it was issued (one paper, one code)."""
    summary = hours_summary(volunteer)
    if not summary["total"]:
        raise DayOfRefused(
            _("You have no approved hours yet: a certificate lists approved hours only.")
        )
    snapshot = {
        "name": volunteer.display_name,
        "total_hours": summary["total"],
        "event_count": summary["events"],
        "first_date": summary["first"],
        "last_date": summary["last"],
    }
    latest = volunteer.certificates.order_by("-issued_at", "-pk").first()
    # Whoever reads the paper looks at its date too: after a month, a fresh one.
    if (
        latest is not None
        and all(getattr(latest, field) == value for field, value in snapshot.items())
        and (now or timezone.now()) - latest.issued_at < REUSE_CERTIFICATE_FOR
    ):
        return latest
    return HoursCertificate.objects.create(volunteer=volunteer, **snapshot)
