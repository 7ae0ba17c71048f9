"""My volunteering (code, QR, events, hours) and the certificate of hours: issued as a
snapshot, its PDF read back, verified by anyone at a short URL."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from liaisons.models import HoursCertificate, VolunteerHours
from liaisons.services import after_the_event, on_the_day
from liaisons.views.on_the_day import check_in_url, qr_svg
from tests.liaisons.factories import EventFactory, SignUpFactory, VolunteerFactory
from tests.liaisons.on_the_day_fixtures import *  # noqa: F403 (the fixtures)

pytestmark = pytest.mark.django_db


def give(volunteer, hours, day, *, event=None, status=VolunteerHours.Status.APPROVED):
    return VolunteerHours.objects.create(
        volunteer=volunteer,
        event=event,
        date=day,
        hours=Decimal(hours),
        status=status,
        self_logged=event is None,
    )


@pytest.fixture
def volunteer(past_event):
    volunteer = VolunteerFactory(display_name="Maya Chen")
    give(volunteer, "3", date(2026, 3, 14), event=past_event)
    give(volunteer, "1.5", date(2026, 5, 2))
    give(volunteer, "9", date(2026, 6, 1), status=VolunteerHours.Status.PENDING)
    give(volunteer, "4", date(2026, 6, 2), status=VolunteerHours.Status.DECLINED)
    return volunteer


# --- My volunteering ----------------------------------------------------------------------


def test_my_page_shows_my_code_its_qr_my_events_hours_and_feed(client, volunteer, hood):
    upcoming = SignUpFactory(volunteer=volunteer, event=EventFactory(neighborhood=hood))
    client.force_login(volunteer.user)

    page = client.get(reverse("liaisons:my_volunteering")).content.decode()

    assert f'id="personal-code">{volunteer.personal_code}<' in page
    assert "<svg" in page and "<script" not in page.split("<main")[1].split("</main>")[0]
    assert upcoming.event.title in page
    assert 'id="approved-total">4.50<' in page and 'id="pending-total">9<' in page
    feed = reverse("liaisons:volunteer_feed", args=[volunteer.calendar_token])
    assert feed in page


def test_the_qr_code_encodes_the_absolute_check_in_url(volunteer):
    url = check_in_url(volunteer)
    assert url == (
        settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + f"/en/volunteer/check-in/{volunteer.personal_code}/"
    )
    # segno cannot read a code back; the same content gives the same symbol.
    expected = segno.make(url, error="m")
    assert qr_svg(url, title="t") == expected.svg_inline(
        scale=5, border=2, dark="#000", light="#fff", title="t", svgclass="qr-code"
    )
    assert qr_svg(url, title="t") != qr_svg(url.replace("check-in", "checkin"), title="t")


def test_a_person_who_is_not_a_volunteer_is_sent_to_register(client, user_factory):
    client.force_login(user_factory())
    response = client.get(reverse("liaisons:my_volunteering"))
    assert response["Location"] == reverse("liaisons:volunteer_register")


def test_my_page_never_shows_another_volunteer_s_hours(client, volunteer):
    other = VolunteerFactory()
    client.force_login(other.user)
    page = client.get(reverse("liaisons:my_volunteering")).content.decode()
    assert volunteer.personal_code not in page and 'id="approved-total">0<' in page


# --- Issuing ------------------------------------------------------------------------------


def test_a_certificate_is_a_snapshot_of_approved_hours(volunteer):
    certificate = after_the_event.issue_certificate(volunteer)

    assert certificate.name == "Maya Chen"
    assert certificate.total_hours == Decimal("4.5")
    assert certificate.event_count == 1
    assert (certificate.first_date, certificate.last_date) == (date(2026, 3, 14), date(2026, 5, 2))
    # Nothing changed: the same paper again. New hours: a new certificate, the old one kept.
    assert after_the_event.issue_certificate(volunteer) == certificate
    give(volunteer, "2", date(2026, 7, 1))
    newer = after_the_event.issue_certificate(volunteer)
    assert newer != certificate and newer.total_hours == Decimal("6.5")
    certificate.refresh_from_db()
    assert certificate.total_hours == Decimal("4.5")


def test_an_old_certificate_is_not_reused(volunteer):
    first = after_the_event.issue_certificate(volunteer)
    later = timezone.now() + timedelta(days=40)
    assert after_the_event.issue_certificate(volunteer, now=later) != first


def test_no_certificate_without_approved_hours(client):
    volunteer = VolunteerFactory()
    give(volunteer, "2", date(2026, 1, 1), status=VolunteerHours.Status.PENDING)
    with pytest.raises(on_the_day.DayOfRefused, match="no approved hours"):
        after_the_event.issue_certificate(volunteer)
    client.force_login(volunteer.user)
    response = client.post(reverse("liaisons:certificate"), follow=True)
    assert "You have no approved hours yet" in response.content.decode()
    assert not HoursCertificate.objects.exists()


def test_the_refusal_is_in_spanish_on_the_spanish_site(client):
    client.force_login(VolunteerFactory().user)
    url = reverse("liaisons:certificate").replace("/en/", "/es/")
    response = client.post(url, follow=True)
    assert "Aún no tiene horas aprobadas" in response.content.decode()


def test_the_pdf_states_the_hours_and_the_short_url(client, volunteer):
    client.force_login(volunteer.user)

    response = client.post(reverse("liaisons:certificate"), follow=True)

    assert response["Content-Type"] == "application/pdf"
    certificate = HoursCertificate.objects.get()
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    short = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + f"/v/{certificate.code}/"
    assert "Maya Chen" in text
    assert "4.5 hours" in text or "4.50 hours" in text
    assert short in text
    assert certificate.code in text
    # Tagged for screen readers, in the page's language.
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_someone_else_cannot_download_my_certificate(client, volunteer):
    certificate = after_the_event.issue_certificate(volunteer)
    client.force_login(VolunteerFactory().user)
    response = client.get(reverse("liaisons:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 404


# --- Verifying ----------------------------------------------------------------------------


def test_anyone_verifies_what_the_certificate_states(client, volunteer):
    certificate = after_the_event.issue_certificate(volunteer)
    give(volunteer, "10", date(2026, 8, 1))  # later hours do not change the paper

    response = client.get(reverse("liaisons:verify_certificate", args=[certificate.code.lower()]))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="certificate-name">Maya Chen<' in page.replace("\n", "").replace("  ", "")
    assert ">4.50<" in page.replace("\n", "").replace(" ", "")
    assert volunteer.user.email not in page and volunteer.personal_code not in page


def test_an_unknown_code_is_a_clear_404(client, db):
    response = client.get(reverse("liaisons:verify_certificate", args=["ZZZZZZZZZZ"]))
    assert response.status_code == 404
    assert "No certificate of volunteer hours has the code" in response.content.decode()


def test_the_404_is_translated(client, db):
    response = client.get("/es/volunteer/certificates/ZZZZZZZZZZ/")
    assert response.status_code == 404
    assert "No existe ese certificado" in response.content.decode()


def test_the_short_url_leads_to_the_verify_page_in_the_reader_s_language(client, volunteer):
    certificate = after_the_event.issue_certificate(volunteer)

    response = client.get(f"/v/{certificate.code}/", headers={"accept-language": "es"})

    assert response.status_code == 302
    assert response["Location"] == f"/es/volunteer/certificates/{certificate.code}/"
    response = client.get(f"/v/{certificate.code}/", follow=True)
    assert "Maya Chen" in response.content.decode()


@pytest.mark.parametrize("name", ["my_volunteering", "log_hours", "certificate"])
def test_the_volunteer_s_pages_render_in_spanish(client, volunteer, name):
    after_the_event.issue_certificate(volunteer)
    client.force_login(volunteer.user)
    response = client.get(reverse(f"liaisons:{name}").replace("/en/", "/es/"))
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
