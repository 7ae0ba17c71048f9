"""Report services: due dates, duplicates nearby, merging, notifications, support."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from engage.reports import services
from engage.reports.geo import METERS_PER_DEGREE_LAT
from engage.reports.models import ReportFollow, ReportSupport, ServiceCategory, ServiceReport
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
LAT, LNG = 39.95, -75.16
Status = ServiceReport.Status


def north_of(metres):
    return LAT + metres / METERS_PER_DEGREE_LAT


def file(category, **fields):
    fields.setdefault("lat", LAT)
    fields.setdefault("lng", LNG)
    return services.file_report(category=category, **fields)


# Due dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "due", "elapsed"),
    [
        # Spring forward on Sunday 2026-03-08: the week is an hour short.
        (
            datetime(2026, 3, 5, 9, 0, tzinfo=NEW_YORK),
            datetime(2026, 3, 12, 9, 0),
            timedelta(days=7) - timedelta(hours=1),
        ),
        # Fall back on Sunday 2026-11-01: the week is an hour long.
        (
            datetime(2026, 10, 29, 9, 0, tzinfo=NEW_YORK),
            datetime(2026, 11, 5, 9, 0),
            timedelta(days=7) + timedelta(hours=1),
        ),
        # Filed on the morning of the change itself.
        (
            datetime(2026, 11, 1, 9, 0, tzinfo=NEW_YORK),
            datetime(2026, 11, 8, 9, 0),
            timedelta(days=7),
        ),
    ],
)
def test_due_date_keeps_the_local_wall_time_across_dst(graffiti, submitted, due, elapsed):
    report = file(graffiti, submitted_at=submitted.astimezone(ZoneInfo("UTC")))

    report.refresh_from_db()
    local_due = timezone.localtime(report.due_at, NEW_YORK)
    assert local_due.replace(tzinfo=None) == due
    assert report.due_at - report.submitted_at == elapsed


def test_no_target_means_no_due_date(locales):
    category = ServiceCategory.objects.create(code="other", name="Other", locale=locales[0])

    assert file(category).due_at is None


# Nearby open reports --------------------------------------------------------------------


def test_nearby_open_reports_within_50_metres_of_the_same_category(graffiti, pothole):
    now = timezone.now()
    close = file(graffiti, lat=north_of(20))
    file(graffiti, lat=north_of(80))  # Too far.
    file(pothole, lat=north_of(20))  # Another category.
    services.change_status(file(graffiti, lat=north_of(10)), Status.RESOLVED)  # Closed.
    file(graffiti, lat=north_of(15), submitted_at=now - timedelta(days=31))  # Too old.

    found = services.nearby_open_reports(graffiti, LAT, LNG, now=now)

    assert [r.pk for r in found] == [close.pk]


def test_nearby_open_reports_match_across_translations_and_sort_by_distance(graffiti, locales):
    farther = file(graffiti, lat=north_of(40))
    nearer = file(graffiti, lat=north_of(5))
    spanish = graffiti.get_translation(locales[1])

    found = services.nearby_open_reports(spanish, LAT, LNG)

    assert [r.pk for r in found] == [nearer.pk, farther.pk]
    assert services.nearby_open_reports(graffiti, None, None) == []


# Merge ----------------------------------------------------------------------------------


def test_merge_moves_supporters_and_followers(graffiti):
    filer, supporter, follower, already = UserFactory.create_batch(4)
    into = file(graffiti)
    services.support(into, already)
    duplicate = file(graffiti, filed_by=filer)
    services.support(duplicate, supporter)
    services.support(duplicate, already)
    services.follow(duplicate, follower)

    services.merge(duplicate, into)

    into.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DUPLICATE
    assert duplicate.duplicate_of_id == into.pk
    assert duplicate.resolution == ServiceReport.Resolution.DUPLICATE
    supporters = set(ReportSupport.objects.filter(report=into).values_list("user", flat=True))
    assert supporters == {filer.pk, supporter.pk, already.pk}
    assert into.supporter_count == 3
    followers = set(ReportFollow.objects.filter(report=into).values_list("user", flat=True))
    assert {filer.pk, supporter.pk, follower.pk, already.pk} <= followers
    assert into.events.filter(kind="merged", internal_note=duplicate.reference).exists()


def test_reports_merged_earlier_follow_their_report_when_it_is_merged(graffiti):
    first, second, kept = file(graffiti), file(graffiti), file(graffiti)
    services.merge(first, second)

    services.merge(second, kept)

    first.refresh_from_db()
    assert first.duplicate_of_id == kept.pk  # never a chain: it points at an open report


def test_a_report_cannot_be_merged_into_itself(graffiti):
    report = file(graffiti)

    with pytest.raises(ValueError):
        services.merge(report, report)


# Notifications --------------------------------------------------------------------------


def test_change_status_notifies_each_follower_once_in_their_language(
    graffiti, django_capture_on_commit_callbacks
):
    english = UserFactory(email="en@example.org", preferred_language="en")
    spanish = UserFactory(email="es@example.org", preferred_language="es")
    staff = UserFactory(email="staff@example.org")
    report = file(graffiti, filed_by=english)
    services.support(report, spanish)
    services.follow(report, spanish)  # Following twice is still one follower.
    services.follow(report, staff)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            report, Status.RESOLVED, actor=staff, public_note="Cleaned this morning."
        )

    assert sorted(m.to[0] for m in mail.outbox) == ["en@example.org", "es@example.org"]
    by_address = {m.to[0]: m for m in mail.outbox}
    english_mail, spanish_mail = by_address["en@example.org"], by_address["es@example.org"]
    assert "Graffiti removal" in english_mail.body
    assert f"/en/reports/{report.reference}/" in english_mail.body
    assert "Cleaned this morning." in english_mail.body
    assert "Eliminación de grafiti" in spanish_mail.body
    assert f"/es/reports/{report.reference}/" in spanish_mail.body


def test_followers_who_opted_out_are_not_mailed(graffiti, django_capture_on_commit_callbacks):
    quiet = UserFactory(email_notifications=False)
    report = file(graffiti, filed_by=quiet)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(report, Status.ACKNOWLEDGED)

    assert mail.outbox == []


def test_change_status_records_history_and_closing(graffiti):
    report = file(graffiti)

    report = services.change_status(
        report,
        Status.CLOSED,
        public_note="Private property.",
        internal_note="Owner notified.",
        resolution=ServiceReport.Resolution.NOT_CITY,
    )

    assert report.closed_at is not None
    assert report.resolution == ServiceReport.Resolution.NOT_CITY
    event = report.events.get(kind="status")
    assert (event.from_status, event.to_status) == (Status.SUBMITTED, Status.CLOSED)
    report = services.change_status(report, Status.IN_PROGRESS)
    assert report.closed_at is None and report.resolution == ""


# Support --------------------------------------------------------------------------------


def test_support_counts_each_person_once_and_follows(graffiti):
    report = file(graffiti)
    neighbor, other = UserFactory.create_batch(2)

    assert services.support(report, neighbor) is True
    assert services.support(report, neighbor) is False
    assert services.support(report, other) is True

    report.refresh_from_db()
    assert report.supporter_count == 2
    assert ReportSupport.objects.filter(report=report).count() == 2
    assert ReportFollow.objects.filter(report=report, user=neighbor).count() == 1
