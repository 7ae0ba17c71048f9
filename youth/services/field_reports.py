"""The educator's review of field reports: edit, send to the city, or keep back.

A held ``FieldReport`` reaches the public only through ``release``: it files an ordinary
service report (channel "youth session") through the reports part, with the photos the
educator kept, no contact details and nobody as its filer, then links it. Each operation
locks the field report first, so two educators reviewing the same report on two phones
are served one after the other and the second is told what the first did.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.reports import services as report_services
from engage.reports.models import ReportEvent, ServiceReport
from engage.reports.photos import clean_photo

from ..audit import record_field_report
from ..models import FieldReport
from ..rules import can_manage_program, consent_refusal

Review = FieldReport.Review


class ReviewRefused(Exception):
    """A review that cannot happen; the message is translated and shown to the educator."""


def _locked(field_report):
    return (
        FieldReport.objects.select_for_update(of=("self",))
        .select_related("session__program", "participant__program", "report")
        .get(pk=field_report.pk)
    )


def _check_reviewer(by, field_report):
    if not can_manage_program(by, field_report.session.program):
        raise ReviewRefused(_("Only the program's educators and city staff review its reports."))


def _check_still_open(field_report, *, rejecting=False):
    if field_report.review == Review.RELEASED:
        raise ReviewRefused(
            _("This report was already sent to the city as report %(reference)s.")
            % {"reference": field_report.report.reference if field_report.report else "—"}
        )
    if rejecting and field_report.review == Review.REJECTED:
        raise ReviewRefused(_("This report was already kept back."))


def _apply_edits(field_report, *, description=None, category=None, kept_photo_ids=None):
    """The educator's corrections: the text (a name taken out), the category, and which
    photos go with the report (one showing a face is unticked)."""
    if description is not None:
        field_report.description = description.strip()
    if category is not None:
        field_report.category = category
    if kept_photo_ids is not None:
        kept = {int(pk) for pk in kept_photo_ids}
        for photo in field_report.photos.all():
            keep = photo.pk in kept
            if photo.keep != keep:
                photo.keep = keep
                photo.save(update_fields=["keep"])


@transaction.atomic
def edit_field_report(field_report, *, by, description=None, category=None, kept_photo_ids=None):
    """Save the educator's corrections without deciding yet."""
    field_report = _locked(field_report)
    _check_reviewer(by, field_report)
    _check_still_open(field_report)
    _apply_edits(
        field_report, description=description, category=category, kept_photo_ids=kept_photo_ids
    )
    field_report.save(update_fields=["description", "category"])
    return field_report


def _report_photos(field_report):
    """The kept photos as new report photos, re-read from the held files and checked again
    (the same checks as a resident's photo), so the public copy is a fresh file."""
    photos = []
    for number, held in enumerate(field_report.photos.filter(keep=True).order_by("pk"), 1):
        try:
            with held.image.open("rb") as upload:
                photos.append(clean_photo(upload).to_report_photo())
        except (OSError, ValidationError) as error:
            raise ReviewRefused(
                _(
                    "Photo %(number)s can no longer be read. Untick it to send the report "
                    "without it."
                )
                % {"number": number}
            ) from error
    return photos


def _neighborhood_fallback(field_report):
    """Where the report is counted when its point is outside every mapped neighborhood (or
    it has none): where the participant placed it, else the session's, else the program's."""
    session = field_report.session
    return (
        field_report.neighborhood_id or session.neighborhood_id or session.program.neighborhood_id
    )


def _forget_held_photos(field_report):
    """The held photos are not needed once the report is filed (the kept ones were copied):
    the rows go with the transaction, the files after it commits."""
    held = list(field_report.photos.all())
    names = [photo.image.name for photo in held if photo.image]
    storage = held[0].image.storage if held else None
    field_report.photos.all().delete()

    def delete_files():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete_files)


@transaction.atomic
def release(field_report, *, by, description=None, category=None, kept_photo_ids=None, now=None):
    """Send the report to the city: an ordinary service report, linked here."""
    now = now or timezone.now()
    field_report = _locked(field_report)
    _check_reviewer(by, field_report)
    _check_still_open(field_report)
    if field_report.participant is not None and (
        reason := consent_refusal(field_report.participant)
    ):
        raise ReviewRefused(reason)
    _apply_edits(
        field_report, description=description, category=category, kept_photo_ids=kept_photo_ids
    )
    report = report_services.file_report(
        category=field_report.category,
        channel=ServiceReport.Channel.YOUTH,
        photos=_report_photos(field_report),
        description=field_report.description,
        lat=field_report.lat,
        lng=field_report.lng,
        address=field_report.address,
        submitted_at=now,
    )
    if report.neighborhood_id is None and (fallback := _neighborhood_fallback(field_report)):
        report.neighborhood_id = fallback
        # save(), not update(): the search index follows the report's neighborhood.
        report.save(update_fields=["neighborhood", "updated_at"])
    # Staff can see who let it through; the public history shows only "filed".
    ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.NOTE,
        internal_note=_("Sent from the youth session “%(session)s” after the educator's review.")
        % {"session": field_report.session.title},
        is_public=False,
        actor=by,
        created_at=now,
    )
    _forget_held_photos(field_report)
    field_report.review = Review.RELEASED
    field_report.reviewed_by = by
    field_report.reviewed_at = now
    field_report.reason = ""
    field_report.report = report
    field_report.save(
        update_fields=[
            "description",
            "category",
            "review",
            "reviewed_by",
            "reviewed_at",
            "reason",
            "report",
        ]
    )
    record_field_report(
        field_report,
        "youth.field_report_release",
        user=by,
        report=report.pk,
        reference=report.reference,
    )
    return field_report


@transaction.atomic
def reject(
    field_report, *, by, reason, description=None, category=None, kept_photo_ids=None, now=None
):
    """Keep the report back, with the reason; it never reaches the city. Its held photos
    stay private until the retention purge removes them; the educator may still send it
    later (``release``)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused(_("Say why the report is not sent to the city."))
    field_report = _locked(field_report)
    _check_reviewer(by, field_report)
    _check_still_open(field_report, rejecting=True)
    _apply_edits(
        field_report, description=description, category=category, kept_photo_ids=kept_photo_ids
    )
    field_report.review = Review.REJECTED
    field_report.reviewed_by = by
    field_report.reviewed_at = now or timezone.now()
    field_report.reason = reason[:255]
    field_report.save(
        update_fields=["description", "category", "review", "reviewed_by", "reviewed_at", "reason"]
    )
    record_field_report(
        field_report, "youth.field_report_reject", user=by, reason=field_report.reason
    )
    return field_report
