"""The receipt e-mailed after a report is filed: once, in the reporter's language, with
the reference and a link to follow the report."""

import pytest
from django.core import mail
from wagtail.models import Locale

from engage.notifications.models import Notification
from engage.notifications.tasks import send_notification
from engage.reports.models import ServiceReport
from tests.reports.factories import INSIDE_LAT, INSIDE_LNG, CategoryFactory, translate_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return CategoryFactory(code="streetlight", name="Streetlight out", target_days=7)


@pytest.fixture
def file(client, django_capture_on_commit_callbacks):
    """File a report; what it queues "after the commit" runs when the request is over
    (the test's own transaction never commits)."""

    def file(language="en", **data):
        payload = {"category": "streetlight", "lat": INSIDE_LAT, "lng": INSIDE_LNG}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/{language}/reports/new/", payload | data)

    return file


def test_a_typed_address_gets_the_reference_and_the_link(client, file, category):
    file(contact_email="rosa@example.org")

    report = ServiceReport.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.org"]
    assert report.reference in message.subject
    assert report.reference in message.body
    assert f"/en/reports/{report.reference}/" in message.body
    html = message.alternatives[0][0]
    assert f"/en/reports/{report.reference}/" in html
    assert "List-Unsubscribe" not in message.extra_headers  # no account to unsubscribe


def test_it_is_written_in_the_language_of_the_form(client, file, category):
    Locale.objects.get_or_create(language_code="es")
    translate_category(category, "es", name="Farola apagada")

    file("es", contact_email="rosa@example.org")

    report = ServiceReport.objects.get()
    message = mail.outbox[0]
    assert "Farola apagada" in message.body
    assert "Streetlight out" not in message.body
    assert f"/es/reports/{report.reference}/" in message.body
    assert message.alternatives[0][0].startswith('<!DOCTYPE html>\n\n<html lang="es">')


def test_a_signed_in_resident_gets_it_at_their_account_in_their_language(
    client, file, resident, category
):
    Locale.objects.get_or_create(language_code="es")
    translate_category(category, "es", name="Farola apagada")
    resident.preferred_language = "es"
    resident.save()
    client.force_login(resident)

    file()

    report = ServiceReport.objects.get()
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert report.reference in mail.outbox[0].body
    assert "Farola apagada" in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_it_is_sent_once_even_if_the_task_runs_again(client, file, category):
    file(contact_email="rosa@example.org")
    notification = Notification.objects.get(email_key="report-receipt")

    send_notification.call(notification.pk)

    assert len(mail.outbox) == 1
    assert notification.user is None


def test_no_address_no_e_mail(client, file, category):
    file()

    assert ServiceReport.objects.count() == 1
    assert mail.outbox == []


def test_staff_filing_for_a_caller_are_not_sent_the_callers_receipt(
    client, file, user_factory, category
):
    staff = user_factory(roles=["Staff"])
    client.force_login(staff)

    file(channel="phone")
    assert mail.outbox == []

    file(channel="phone", contact_email="caller@example.org", lat=10.0, lng=10.0)
    assert [m.to for m in mail.outbox] == [["caller@example.org"]]


def test_a_resident_who_turned_report_e_mails_off_gets_none(client, file, resident, category):
    resident.email_notifications = False
    resident.save()
    client.force_login(resident)

    file()

    assert ServiceReport.objects.count() == 1
    assert mail.outbox == []
