"""After the event: results with photos, and closing the loop on the reports it fixed (the
report resolved through the reports part, its people told and asked to confirm or reopen)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engage.core.images import clean_image
from engage.reports import services as report_services
from engage.reports.models import ReportEvent, ReportFollow, ServiceReport
from liaisons.models import EventPhoto, EventTarget
from liaisons.services import after_the_event, on_the_day
from tests.liaisons.factories import EventFactory, SignUpFactory
from tests.liaisons.on_the_day_fixtures import *  # noqa: F403 (the fixtures)
from tests.liaisons.on_the_day_fixtures import photo_upload
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db
Status = ServiceReport.Status


def results_url(event):
    return reverse("liaisons:results", args=[event.pk])


# --- Results ------------------------------------------------------------------------------


def test_the_liaison_records_results_with_photos_before_and_after(client, liaison, past_event):
    client.force_login(liaison.user)

    response = client.post(
        results_url(past_event),
        {
            "bags_collected": "14",
            "sites_cleaned": "3",
            "results_note": "The lot is clear.",
            "before_photo": photo_upload("before.png", "brown"),
            "before_caption": "The lot at 9",
            "after_photo": photo_upload("after.jpg", "green"),
        },
    )

    assert response.status_code == 302
    past_event.refresh_from_db()
    assert (past_event.bags_collected, past_event.sites_cleaned) == (14, 3)
    assert past_event.results_note == "The lot is clear." and past_event.results_recorded_at
    photos = {photo.moment: photo for photo in EventPhoto.objects.filter(event=past_event)}
    assert set(photos) == {"before", "after"}
    assert photos["before"].caption == "The lot at 9"
    # Re-encoded under a random name: the uploader's file name is not kept.
    assert "before" not in photos["before"].image.name
    assert photos["before"].uploaded_by == liaison.user
    page = client.get(results_url(past_event)).content.decode()
    assert 'value="14"' in page and photos["after"].image.url in page


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved(client, liaison, past_event):
    client.force_login(liaison.user)
    fake = SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")

    response = client.post(results_url(past_event), {"bags_collected": "5", "after_photo": fake})

    assert response.status_code == 400
    assert "this is not a photo we can read" in response.content.decode()
    assert 'value="5"' in response.content.decode()
    past_event.refresh_from_db()
    assert past_event.bags_collected is None and not EventPhoto.objects.exists()


def test_negative_bags_are_refused(client, liaison, past_event):
    client.force_login(liaison.user)
    response = client.post(results_url(past_event), {"bags_collected": "-2"})
    assert response.status_code == 400


def test_results_wait_for_the_event_and_stay_in_scope(client, liaison, other_liaison, hood):
    upcoming = EventFactory(neighborhood=hood)
    client.force_login(liaison.user)
    assert client.get(results_url(upcoming)).status_code == 403

    with pytest.raises(on_the_day.DayOfRefused, match="not the liaison"):
        after_the_event.record_results(upcoming, bags=1, sites=1, note="", by=other_liaison.user)


# --- Closing the loop ---------------------------------------------------------------------


@pytest.fixture
def reporter(user_factory):
    return user_factory(email="reporter@example.org")


@pytest.fixture
def target(past_event, reporter, user_factory):
    report = ReportFactory(filed_by=reporter)
    ReportFollow.objects.create(report=report, user=user_factory(email="neighbour@example.org"))
    return EventTarget.objects.create(event=past_event, report=report)


def fixed_url(target):
    return reverse("liaisons:mark_fixed", args=[target.event_id, target.pk])


def mark(client, target, note="Cleared and painted over."):
    return client.post(fixed_url(target), {"after_photo": photo_upload(), "public_note": note})


def test_marking_fixed_resolves_the_report_and_asks_its_people_to_confirm(
    client, liaison, target, django_capture_on_commit_callbacks
):
    client.force_login(liaison.user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = mark(client, target)

    assert response.status_code == 302
    target.refresh_from_db()
    report = target.report
    report.refresh_from_db()
    assert (report.status, report.resolution) == (Status.RESOLVED, "fixed")
    assert target.fixed_by == liaison.user and target.fixed_at and target.after_photo
    assert target.public_note == "Cleared and painted over."
    history = report.events.get(kind=ReportEvent.Kind.STATUS)
    assert history.public_note == "Cleared and painted over." and history.actor == liaison.user
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_address) == {"reporter@example.org", "neighbour@example.org"}
    to_reporter = by_address["reporter@example.org"]
    assert "Cleared and painted over." in to_reporter
    assert f"/reports/{report.reference}/#confirm-fixed" in to_reporter
    assert f"/reports/{report.reference}/#not-fixed" in to_reporter
    assert "report it again" in by_address["neighbour@example.org"]
    # The liaison now follows the report: they hear what the neighbours answer.
    assert ReportFollow.objects.filter(report=report, user=liaison.user).exists()


def test_not_fixed_reopens_the_report_and_the_liaison_hears_it(
    client, liaison, target, reporter, django_capture_on_commit_callbacks
):
    client.force_login(liaison.user)
    mark(client, target)
    report = target.report
    client.force_login(reporter)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="confirm-fixed"' in page and 'id="not-fixed"' in page
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reports:reopen", args=[report.reference]), {"reason": "Still full of tyres."}
        )

    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    to_liaison = [m for m in mail.outbox if m.to == [liaison.user.email]]
    assert to_liaison and "not fixed" in to_liaison[0].body


def test_the_reporter_confirms_it_is_fixed_once(client, liaison, target, reporter, user_factory):
    client.force_login(liaison.user)
    mark(client, target)
    report = target.report
    url = reverse("reports:confirm_fixed", args=[report.reference])

    client.force_login(user_factory())
    client.post(url)
    assert not report.events.filter(kind=ReportEvent.Kind.CONFIRMED).exists()

    client.force_login(reporter)
    client.post(url)
    response = client.post(url, follow=True)

    assert report.events.filter(kind=ReportEvent.Kind.CONFIRMED, actor=reporter).count() == 1
    assert "can confirm it is fixed, once" in response.content.decode()
    assert 'id="confirm-fixed"' not in response.content.decode()


def test_marking_fixed_needs_the_photo_and_the_note(client, liaison, target):
    client.force_login(liaison.user)

    response = client.post(fixed_url(target), {"public_note": "Done"})

    assert response.status_code == 400
    assert "Add a photo of the place after the work." in response.content.decode()
    target.report.refresh_from_db()
    assert target.report.status == Status.SUBMITTED
    response = client.post(fixed_url(target), {"after_photo": photo_upload()})
    assert "Write a short note" in response.content.decode()


def test_a_report_is_marked_fixed_once_and_only_while_open(liaison, target, past_event):
    after_the_event.mark_fixed(target, photo=_clean(), note="Done", by=liaison.user)
    with pytest.raises(on_the_day.DayOfRefused, match="already marked fixed"):
        after_the_event.mark_fixed(target, photo=_clean(), note="Again", by=liaison.user)

    closed = ReportFactory()
    report_services.change_status(closed, Status.CLOSED)
    other = EventTarget.objects.create(event=past_event, report=closed)
    with pytest.raises(on_the_day.DayOfRefused, match="no longer open"):
        after_the_event.mark_fixed(other, photo=_clean(), note="Done", by=liaison.user)


def test_marking_fixed_is_for_the_event_s_liaison(client, other_liaison, target):
    client.force_login(other_liaison.user)
    response = mark(client, target)
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.fixed_at is None


def test_a_target_of_another_event_is_not_found_here(client, liaison, target, hood):
    client.force_login(liaison.user)
    elsewhere = EventFactory(neighborhood=hood)
    response = client.get(reverse("liaisons:mark_fixed", args=[elsewhere.pk, target.pk]))
    assert response.status_code == 404


def _clean():
    return clean_image(photo_upload(), max_bytes=10**6)


def test_the_roster_lists_the_targets_with_mark_fixed(client, liaison, target):
    client.force_login(liaison.user)
    page = client.get(reverse("liaisons:roster", args=[target.event_id])).content.decode()
    assert target.report.reference in page and fixed_url(target) in page


def test_a_photo_over_the_size_limit_is_refused(client, liaison, target, settings):
    settings.REPORT_PHOTO_MAX_BYTES = 200
    client.force_login(liaison.user)

    response = mark(client, target)

    assert response.status_code == 400
    assert "photos can be at most" in response.content.decode()
    target.refresh_from_db()
    assert target.fixed_at is None


def test_the_liaison_s_pages_render_in_spanish(client, liaison, target):
    event = target.event
    SignUpFactory(event=event, checked_in_at=event.starts_at)
    client.force_login(liaison.user)
    urls = [
        reverse("liaisons:roster", args=[event.pk]),
        reverse("liaisons:event_hours", args=[event.pk]),
        reverse("liaisons:results", args=[event.pk]),
        fixed_url(target),
        reverse("liaisons:review_hours"),
    ]
    for url in urls:
        response = client.get(url.replace("/en/", "/es/"))
        assert response.status_code == 200, url
        assert '<html lang="es">' in response.content.decode()
