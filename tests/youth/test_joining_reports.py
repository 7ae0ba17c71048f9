"""Filing a field report from a session: held for the educator with its photos (no service
report yet), refused clearly without consent or once the session closed, limited per code,
and shown on the participant's page with what became of it."""

import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from PIL import Image

from engage.reports.models import ServiceReport
from tests.reports.factories import INSIDE_LAT, INSIDE_LNG, CategoryFactory, ReportFactory
from tests.youth.joining_support import *  # noqa: F403 (the fixtures)
from tests.youth.joining_support import (
    HOME_URL,
    JOIN_URL,
    REPORT_URL,
    image_file,
    join_as,
    messages_of,
)
from youth.models import FieldReport, FieldReportPhoto
from youth.services import joining

pytestmark = pytest.mark.django_db


@pytest.fixture
def graffiti(db):
    return CategoryFactory(code="graffiti", name="Graffiti")


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"
    exif[0x8825] = {1: "N", 2: (39.0, 57.0, 0.0), 3: "W", 4: (75.0, 9.0, 0.0)}
    return exif


def send(client, category, **data):
    payload = {
        "category": category.code,
        "description": "Tags all over the bus shelter.",
        "address": "",
        "lat": INSIDE_LAT,
        "lng": INSIDE_LNG,
        **data,
    }
    return client.post(REPORT_URL, payload)


def test_the_form_asks_for_the_problem_the_place_and_photos_but_nothing_about_the_child(
    client, session, ana, graffiti
):
    join_as(client, session, ana)

    page = client.get(REPORT_URL).content.decode()

    assert 'name="category"' in page and "Graffiti" in page
    assert 'name="photos"' in page and 'name="address"' in page
    assert "contact_email" not in page and "contact_name" not in page


def test_a_report_with_a_photo_is_held_for_the_educator_and_no_service_report_is_made(
    client, session, ana, graffiti, neighborhood_factory
):
    from tests.factories import square

    old_town = neighborhood_factory(boundary=square(-75.0, 40.0))
    join_as(client, session, ana)

    response = send(client, graffiti, photos=[image_file(exif=gps_exif())])

    assert response.status_code == 302 and response["Location"] == HOME_URL
    held = FieldReport.objects.get()
    assert held.review == FieldReport.Review.HELD
    assert held.session == session and held.participant == ana
    assert held.joined.device_key == client.session["youth-joined"]["device"]
    assert held.category == graffiti and held.neighborhood == old_town
    assert held.description == "Tags all over the bus shelter."
    assert held.report is None and not ServiceReport.objects.exists()
    photo = held.photos.get()
    assert photo.image.name.startswith("youth/held/")
    with default_storage.open(photo.image.name) as stored:
        kept = Image.open(io.BytesIO(stored.read()))
        assert not kept.getexif()
    page = client.get(HOME_URL).content.decode()
    assert "Waiting for your educator" in page


def test_an_anonymous_participant_files_without_a_name(client, session, graffiti):
    join_as(client, session, None)

    send(client, graffiti)

    held = FieldReport.objects.get()
    assert held.participant is None and held.joined is not None


def test_a_form_with_errors_keeps_what_was_typed_and_links_to_the_field(
    client, session, ana, graffiti
):
    join_as(client, session, ana)

    response = send(client, graffiti, lat="", lng="", description="Broken bench, lots of tags")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Broken bench, lots of tags" in page
    assert 'href="#id_address"' in page
    assert not FieldReport.objects.exists()


def test_a_place_typed_without_a_point_is_kept_as_typed(client, session, ana, graffiti):
    join_as(client, session, ana)

    send(client, graffiti, lat="", lng="", address="Behind the gym")

    held = FieldReport.objects.get()
    assert held.address == "Behind the gym" and held.lat is None


def test_photos_that_passed_are_kept_while_the_form_is_corrected(client, session, ana, graffiti):
    join_as(client, session, ana)

    first = send(client, graffiti, description="x" * 4001, photos=[image_file()])
    token = first.context["form"].kept_photos[0].token
    send(client, graffiti, photo_token=token)

    assert first.status_code == 400
    assert FieldReportPhoto.objects.filter(field_report=FieldReport.objects.get()).count() == 1


def test_more_than_three_photos_are_refused(client, session, ana, graffiti):
    join_as(client, session, ana)

    response = send(client, graffiti, photos=[image_file(f"p{n}.jpg") for n in range(4)])

    assert response.status_code == 400
    assert "you can add at most 3 photos" in response.content.decode()
    assert not FieldReport.objects.exists()


def test_consent_withdrawn_during_the_session_refuses_the_report(client, session, ana, graffiti):
    join_as(client, session, ana)
    ana.consents.update(withdrawn_at=timezone.now())

    response = send(client, graffiti, photos=[image_file()])

    assert response.status_code == 403
    assert "your educator needs a form from your parent or guardian" in response.content.decode()
    assert not FieldReport.objects.exists() and not FieldReportPhoto.objects.exists()


def test_a_report_after_the_session_closed_is_not_saved(client, session, ana, graffiti):
    join_as(client, session, ana)
    session.open_until = timezone.now()
    session.save()

    response = send(client, graffiti)

    assert response.status_code == 302 and response["Location"] == JOIN_URL
    assert not FieldReport.objects.exists()


def test_the_session_closing_between_the_form_and_the_save_refuses_it(session, ana, graffiti):
    from youth.models import SessionJoin

    joined = SessionJoin.objects.create(session=session, participant=ana, device_key="tablet")
    session.open_until = timezone.now()
    session.save()

    with pytest.raises(joining.JoinRefused, match="not open"):
        joining.file_field_report(joined, category=graffiti, description="Tags")
    assert not FieldReport.objects.exists()


def test_reports_are_limited_per_code(client, session, graffiti, settings):
    settings.YOUTH_REPORTS_PER_CODE = "2/h"
    devices = [Client(), Client()]
    for device in devices:
        join_as(device, session, None)
    send(devices[0], graffiti)
    send(devices[1], graffiti)

    response = send(devices[0], graffiti, description="One more")

    assert response.status_code == 429
    assert "One more" in response.content.decode()
    assert FieldReport.objects.count() == 2


def test_a_photo_stored_before_a_failure_is_removed_again(session, ana, graffiti, monkeypatch):
    from engage.reports.photos import clean_photo
    from youth.models import SessionJoin

    joined = SessionJoin.objects.create(session=session, participant=ana, device_key="tablet")
    photos = [clean_photo(image_file("a.jpg")), clean_photo(image_file("b.jpg"))]
    saved = []
    original_save = FieldReportPhoto.save

    def save_then_fail(photo, *args, **kwargs):
        if saved:
            raise RuntimeError("the database went away")
        original_save(photo, *args, **kwargs)
        saved.append(photo.image.name)

    monkeypatch.setattr(FieldReportPhoto, "save", save_then_fail)

    with pytest.raises(RuntimeError):
        joining.file_field_report(joined, category=graffiti, photos=photos, description="x")

    assert len(saved) == 1 and not default_storage.exists(saved[0])
    assert not FieldReport.objects.exists()


def test_my_reports_show_what_became_of_them_and_only_mine(client, session, ana, graffiti):
    from tests.youth.factories import ParticipantFactory

    join_as(client, session, ana)
    send(client, graffiti, description="Mine, held")
    send(client, graffiti, description="Mine, sent")
    send(client, graffiti, description="Mine, not sent")
    sent, refused = FieldReport.objects.order_by("pk")[1:]
    city_report = ReportFactory(category=graffiti, lat=INSIDE_LAT, lng=INSIDE_LNG)
    sent.review, sent.report = FieldReport.Review.RELEASED, city_report
    sent.save()
    refused.review, refused.reason = FieldReport.Review.REJECTED, "A face is in the photo"
    refused.save()
    friend = Client()
    join_as(friend, session, ParticipantFactory(program=session.program, consent=True))
    send(friend, graffiti, address="Friend's place", lat="", lng="")

    page = client.get(HOME_URL).content.decode()

    assert page.count("Waiting for your educator") == 1
    assert "Sent to the city" in page and city_report.reference in page
    assert city_report.get_status_display() in page
    assert "Not sent" in page and "A face is in the photo" in page
    assert "Friend&#x27;s place" not in page and "Friend's place" not in page


def test_the_form_needs_a_join(client, graffiti):
    response = client.get(REPORT_URL)

    assert response.status_code == 302 and response["Location"] == JOIN_URL


def test_a_successful_report_says_the_educator_checks_it(client, session, ana, graffiti):
    join_as(client, session, ana)

    response = client.post(
        REPORT_URL,
        {"category": graffiti.code, "lat": INSIDE_LAT, "lng": INSIDE_LNG, "description": ""},
        follow=True,
    )

    assert "Your educator checks it before it goes to the city." in messages_of(response)[0]
