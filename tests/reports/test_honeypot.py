"""The honeypot on the report form and on "Did this answer your question?"."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from engage.core import honeypot
from engage.reports.models import AnswerFeedback, ServiceReport
from tests.reports.contact_center_factories import make_answer
from tests.reports.factories import INSIDE_LAT, INSIDE_LNG, CategoryFactory

pytestmark = pytest.mark.django_db

URL = "/en/reports/new/"
REFUSED = str(honeypot.REFUSED_MESSAGE)


@pytest.fixture
def category():
    return CategoryFactory(code="streetlight", name="Streetlight out")


def report(category, **extra):
    return {
        "category": category.code,
        "description": "The lamp at the corner has been dark for a week.",
        "lat": INSIDE_LAT,
        "lng": INSIDE_LNG,
        **extra,
    }


def an_old_stamp():
    return honeypot.started_stamp(now=honeypot.time.time() - 60)


def test_the_report_form_carries_the_honeypot(client, category):
    page = client.get(URL, {"category": category.code}).content.decode()

    assert 'class="engage-honeypot" aria-hidden="true"' in page
    assert 'name="form_started"' in page


def test_a_bot_files_nothing_and_sees_a_generic_error_with_its_text_kept(client, category):
    response = client.post(URL, report(category, website="http://spam.example"))

    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page
    assert "The lamp at the corner has been dark for a week." in page
    assert not ServiceReport.objects.exists()


def test_a_bots_photos_are_not_kept_for_it_either(client, category):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    photo = SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")

    client.post(URL, report(category, website="x", photos=[photo]))

    assert not client.session.get("reports_draft_photos")
    assert not ServiceReport.objects.exists()


def test_a_report_sent_back_the_instant_it_was_shown_is_refused(client, category, settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    client.post(URL, report(category, form_started=honeypot.started_stamp()))

    assert not ServiceReport.objects.exists()


def test_a_person_files_a_report(client, category, settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    response = client.post(URL, report(category, website="", form_started=an_old_stamp()))

    assert response.status_code == 302
    assert ServiceReport.objects.count() == 1


def test_a_bot_leaves_no_answer_feedback(client):
    answer = make_answer("When is my trash collected?")
    page = client.get(answer.url).content.decode()
    assert 'name="website"' in page

    response = client.post(
        answer.url + "feedback/", {"helpful": "no", "comment": "spam", "website": "x"}
    )

    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not AnswerFeedback.objects.exists()


def test_a_reader_leaves_answer_feedback(client):
    answer = make_answer("When is my trash collected?")

    client.post(answer.url + "feedback/", {"helpful": "yes", "form_started": an_old_stamp()})

    assert AnswerFeedback.objects.count() == 1
