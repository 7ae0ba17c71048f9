"""Filing a report on the website: what a resident sees and what gets stored."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image
from wagtail.models import Locale

from engage.reports import services
from engage.reports.models import ReportEvent, ReportFollow, ServiceReport
from tests.factories import square
from tests.reports.factories import (
    INSIDE_LAT,
    INSIDE_LNG,
    CategoryFactory,
    ReportFactory,
    add_attribute,
    translate_category,
)

URL = "/en/reports/new/"
METRE_LAT = 1 / 111_320  # one metre north, in degrees of latitude


@pytest.fixture
def neighborhood(neighborhood_factory):
    return neighborhood_factory(name="Old Town", slug="old-town", boundary=square(-75.0, 40.0))


@pytest.fixture
def category(db):
    return CategoryFactory(code="streetlight", name="Streetlight out", target_days=7)


def image_file(name="photo.jpg", *, size=(40, 30), fmt="JPEG", mode="RGB", exif=None):
    buffer = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 57.0, 0.0), 3: "W", 4: (75.0, 9.0, 0.0)}  # GPS
    if orientation:
        exif[0x0112] = orientation
    return exif


def post(client, category, **data):
    payload = {
        "category": category.code,
        "description": "The lamp at the corner has been dark for a week.",
        "lat": INSIDE_LAT,
        "lng": INSIDE_LNG,
    }
    payload.update(data)
    payload = {k: v for k, v in payload.items() if v is not None}
    return client.post(URL, payload)


def page(response):
    return response.content.decode()


# Choosing a category


def test_first_step_lists_active_categories_in_the_visitors_language(client, category):
    CategoryFactory(code="hidden", name="Retired category", active=False)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Streetlight out" in page(response)
    assert "Retired category" not in page(response)
    assert 'method="get"' in page(response)


def test_second_step_asks_the_categorys_questions(client, category):
    add_attribute(category, "pole_number", description="Number on the pole")

    response = client.get(URL, {"category": "streetlight"})

    assert "Number on the pole" in page(response)
    assert 'enctype="multipart/form-data"' in page(response)
    assert 'name="photos"' in page(response) and "multiple" in page(response)


def test_an_unknown_category_sends_back_to_the_first_step_with_a_message(client, category):
    response = client.get(URL, {"category": "no-such-thing"})

    assert "can no longer be reported here" in page(response)
    assert "Streetlight out" in page(response)


def test_spanish_visitors_see_and_file_under_spanish_categories(client, category, neighborhood):
    Locale.objects.get_or_create(language_code="es")
    spanish = translate_category(category, "es", name="Farola apagada")

    response = client.get("/es/reports/new/")
    assert "Farola apagada" in page(response)
    assert "Streetlight out" not in page(response)

    response = client.post(
        "/es/reports/new/",
        {"category": "streetlight", "lat": INSIDE_LAT, "lng": INSIDE_LNG},
    )

    report = ServiceReport.objects.get()
    assert report.category == spanish
    assert response["Location"] == f"/es/reports/{report.reference}/"


# Filing


def test_filing_logged_out(client, category, neighborhood):
    before = timezone.now()

    response = post(client, category, contact_email="rosa@example.org")

    report = ServiceReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/reports/{report.reference}/"
    assert report.filed_by is None
    assert report.neighborhood == neighborhood
    assert report.department == category.department
    assert report.channel == ServiceReport.Channel.WEB
    assert report.contact_email == "rosa@example.org"
    assert before + timedelta(days=7) <= report.due_at <= timezone.now() + timedelta(days=7)
    assert list(report.events.values_list("kind", flat=True)) == [ReportEvent.Kind.FILED]

    detail = client.get(response["Location"])
    assert report.reference in page(detail)
    assert "Bookmark this page" in page(detail)


def test_filing_logged_in_makes_the_resident_the_filer_and_a_follower(
    client, resident, category, neighborhood
):
    client.force_login(resident)

    post(client, category)

    report = ServiceReport.objects.get()
    assert report.filed_by == resident
    assert ReportFollow.objects.filter(report=report, user=resident).exists()


def test_a_location_outside_every_neighborhood_is_accepted(client, category, neighborhood):
    post(client, category, lat=10.0, lng=10.0)

    report = ServiceReport.objects.get()
    assert report.neighborhood is None
    assert (report.lat, report.lng) == (10.0, 10.0)


def test_an_address_alone_is_enough(client, category):
    post(client, category, lat="", lng="", address="Corner of Main St and 3rd Ave")

    report = ServiceReport.objects.get()
    assert report.address == "Corner of Main St and 3rd Ave"
    assert report.lat is None


def test_without_any_location_the_form_says_what_to_do_and_keeps_the_text(client, category):
    response = post(client, category, lat="", lng="", description="Dark corner by the bakery")

    assert response.status_code == 200
    assert "Tell us where the problem is" in page(response)
    assert "Dark corner by the bakery" in page(response)
    assert not ServiceReport.objects.exists()


def test_half_a_coordinate_is_refused(client, category):
    response = post(client, category, lng="")

    assert "Enter both the latitude and the longitude" in page(response)
    assert not ServiceReport.objects.exists()


def test_a_description_over_4000_characters_is_refused(client, category):
    response = post(client, category, description="x" * 4001)

    assert "at most 4000 characters" in page(response)
    assert not ServiceReport.objects.exists()


# Extra questions


def test_required_questions_must_be_answered(client, category):
    add_attribute(category, "pole_number", description="Number on the pole", required=True)

    response = post(client, category)

    assert response.status_code == 200
    assert "This field is required." in page(response)
    assert 'href="#id_attr_pole_number"' in page(response)  # the error summary links to it
    assert not ServiceReport.objects.exists()

    post(client, category, attr_pole_number="A-113")

    assert ServiceReport.objects.get().attributes == {"pole_number": "A-113"}


def test_an_invalid_number_is_refused(client, category):
    add_attribute(category, "count", datatype="number")

    response = post(client, category, attr_count="three")

    assert "Enter a number" in page(response)
    assert not ServiceReport.objects.exists()


def test_answers_are_stored_as_json(client, category):
    add_attribute(category, "count", datatype="number")
    add_attribute(category, "width", datatype="number")
    add_attribute(category, "since", datatype="datetime")
    add_attribute(category, "details", datatype="text")
    add_attribute(
        category, "surface", datatype="singlevaluelist", values=[("wall", "Wall"), ("sign", "Sign")]
    )
    add_attribute(
        category,
        "colours",
        datatype="multivaluelist",
        values=[("red", "Red"), ("blue", "Blue"), ("green", "Green")],
    )
    add_attribute(category, "unanswered")

    post(
        client,
        category,
        attr_count="3",
        attr_width="2.5",
        attr_since="2025-05-31T14:30",
        attr_details="Long\ntext",
        attr_surface="wall",
        attr_colours=["red", "green"],
    )

    answers = ServiceReport.objects.get().attributes
    assert answers["count"] == 3
    assert answers["width"] == 2.5
    assert answers["since"].startswith("2025-05-31T14:30:00")
    assert answers["details"] == "Long\ntext"
    assert answers["surface"] == "wall"
    assert answers["colours"] == ["red", "green"]
    assert "unanswered" not in answers


def test_a_choice_that_is_not_offered_is_refused(client, category):
    add_attribute(category, "colours", datatype="multivaluelist", values=[("red", "Red")])

    response = post(client, category, attr_colours=["purple"])

    assert "Select a valid choice" in page(response)
    assert not ServiceReport.objects.exists()


# Photos


def test_a_photo_is_stored_without_its_exif_and_gps(client, category):
    upload = image_file(exif=gps_exif())
    assert Image.open(io.BytesIO(upload.read())).getexif()  # the test photo has EXIF
    upload.seek(0)

    post(client, category, photos=upload)

    photo = ServiceReport.objects.get().photos.get()
    photo.image.open()
    stored = Image.open(io.BytesIO(photo.image.read()))
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert (photo.width, photo.height) == (40, 30)
    assert photo.image.name.endswith(".jpg")
    assert "photo" not in photo.image.name  # the resident's file name is not kept


def test_a_sideways_photo_is_turned_upright(client, category):
    post(client, category, photos=image_file(size=(40, 20), exif=gps_exif(orientation=6)))

    photo = ServiceReport.objects.get().photos.get()
    assert (photo.width, photo.height) == (20, 40)


def test_a_transparent_png_stays_a_png(client, category):
    post(client, category, photos=image_file("logo.png", fmt="PNG", mode="RGBA"))

    photo = ServiceReport.objects.get().photos.get()
    assert photo.image.name.endswith(".png")


def test_a_text_file_named_like_a_photo_is_refused(client, category):
    fake = SimpleUploadedFile("holiday.jpg", b"just some text, honestly", "image/jpeg")

    response = post(client, category, photos=fake, description="Keep me")

    assert "“holiday.jpg”: this is not a photo we can read" in page(response)
    assert "please choose them again" in page(response)
    assert "Keep me" in page(response)
    assert not ServiceReport.objects.exists()


@override_settings(REPORT_PHOTO_MAX_BYTES=200)
def test_a_photo_that_is_too_big_is_refused(client, category):
    response = post(client, category, photos=image_file(size=(300, 300)))

    assert "photos can be at most 200" in page(response)
    assert not ServiceReport.objects.exists()


def test_more_than_three_photos_are_refused(client, category):
    photos = [image_file(f"p{i}.jpg") for i in range(4)]

    response = post(client, category, photos=photos)

    assert "you can add at most 3 photos" in page(response)
    assert not ServiceReport.objects.exists()


def test_three_photos_are_fine(client, category):
    post(client, category, photos=[image_file(f"p{i}.jpg") for i in range(3)])

    assert ServiceReport.objects.get().photos.count() == 3


def test_a_decompression_bomb_is_refused(client, category, monkeypatch):
    monkeypatch.setattr("engage.core.images.MAX_PIXELS", 100)

    response = post(client, category, photos=image_file(size=(20, 20)))

    assert "the picture is too large" in page(response)
    assert not ServiceReport.objects.exists()


# Possible duplicates


def test_a_similar_open_report_nearby_is_shown_before_filing(client, resident, category):
    existing = ReportFactory(category=category, description="Lamp 12 is dark")

    response = post(client, category, lat=INSIDE_LAT + 20 * METRE_LAT, description="Mine")

    assert response.status_code == 200
    assert ServiceReport.objects.count() == 1
    content = page(response)
    assert existing.reference in content
    assert "Lamp 12 is dark" in content
    assert f'action="/en/reports/{existing.reference}/support/"' not in content  # logged out
    assert f"next=/en/reports/{existing.reference}/" in content.replace("%2F", "/")
    assert 'name="confirm_new" value="1"' in content
    assert "Mine" in content  # what was typed is kept

    client.force_login(resident)
    response = post(client, category, lat=INSIDE_LAT + 20 * METRE_LAT)
    assert f'action="/en/reports/{existing.reference}/support/"' in page(response)

    post(client, category, lat=INSIDE_LAT + 20 * METRE_LAT, confirm_new="1")
    assert ServiceReport.objects.count() == 2


def kept_tokens(response):
    return re.findall(r'name="photo_token" value="([^"]+)"', page(response))


def test_photos_are_kept_through_the_duplicate_prompt(client, category):
    ReportFactory(category=category)

    response = post(client, category, photos=[image_file("a.jpg"), image_file("b.png", fmt="PNG")])

    assert ServiceReport.objects.count() == 1
    assert "please choose them again" not in page(response)
    tokens = kept_tokens(response)
    assert len(tokens) == 2
    assert "Photo 1 you chose" in page(response) and "Remove photo 2" in page(response)
    thumbnail = client.get(f"/en/reports/new/photos/{tokens[0]}/")
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"

    post(client, category, photo_token=tokens, confirm_new="1")

    report = ServiceReport.objects.exclude(photos=None).get()
    assert report.photos.count() == 2
    # Used once: the session no longer holds them.
    assert client.get(f"/en/reports/new/photos/{tokens[0]}/").status_code == 404


def test_a_kept_photo_can_be_removed_and_others_added(client, category):
    ReportFactory(category=category)
    tokens = kept_tokens(post(client, category, photos=[image_file("a.jpg"), image_file("b.jpg")]))

    post(
        client,
        category,
        photo_token=tokens,
        remove_photo=tokens[0],
        photos=image_file("c.jpg"),
        confirm_new="1",
    )

    report = ServiceReport.objects.exclude(photos=None).get()
    assert report.photos.count() == 2


def test_kept_photos_count_towards_the_limit(client, category):
    ReportFactory(category=category)
    tokens = kept_tokens(post(client, category, photos=[image_file(), image_file()]))

    response = post(
        client, category, photo_token=tokens, photos=[image_file(), image_file()], confirm_new="1"
    )

    assert "You chose 4 photos; you can add at most 3 photos." in page(response)
    assert kept_tokens(response) == tokens  # the kept ones stay kept
    assert ServiceReport.objects.count() == 1


def test_photos_are_kept_when_another_field_has_an_error(client, category):
    response = post(client, category, photos=image_file(), lat="", lng="", address="")

    assert "Tell us where the problem is" in page(response)
    tokens = kept_tokens(response)
    assert len(tokens) == 1

    post(client, category, photo_token=tokens)
    assert ServiceReport.objects.get().photos.count() == 1


def test_an_expired_kept_photo_is_an_error_not_a_silent_loss(client, category):
    response = post(client, category, photo_token="gone-from-the-session")

    assert "The photos you chose earlier have expired" in page(response)
    assert ServiceReport.objects.count() == 0


def test_another_visitor_cannot_see_a_kept_photo(client, category):
    ReportFactory(category=category)
    tokens = kept_tokens(post(client, category, photos=image_file()))

    assert Client().get(f"/en/reports/new/photos/{tokens[0]}/").status_code == 404


@pytest.mark.parametrize("situation", ["far", "other category", "closed"])
def test_no_prompt_for_reports_that_are_not_the_same_problem(client, category, situation):
    lat = INSIDE_LAT
    if situation == "far":
        lat += 80 * METRE_LAT
    existing_category = CategoryFactory() if situation == "other category" else category
    existing = ReportFactory(category=existing_category, lat=lat)
    if situation == "closed":
        services.change_status(existing, ServiceReport.Status.RESOLVED)

    response = post(client, category)

    assert response.status_code == 302
    assert ServiceReport.objects.count() == 2


def test_an_iphone_heic_photo_is_stored_as_jpeg(client, category):
    pytest.importorskip("pillow_heif")
    upload = image_file("IMG_0001.HEIC", fmt="HEIF")

    post(client, category, photos=upload)

    photo = ServiceReport.objects.get().photos.get()
    assert photo.image.name.endswith(".jpg")
    assert (photo.width, photo.height) == (40, 30)


def test_a_gif_is_refused(client, category):
    response = post(client, category, photos=image_file("anim.gif", fmt="GIF", mode="RGB"))

    assert "this is not a photo we can read" in page(response)
    assert not ServiceReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "roles, channel, accepted",
    [
        (["Staff"], "phone", True),
        (["Staff"], "walk_in", True),
        (["Liaison"], "liaison", True),
        (["Liaison"], "phone", False),
        ([], "phone", False),
    ],
)
def test_staff_and_liaisons_record_how_a_report_reached_them(
    client, user_factory, roles, channel, accepted
):
    category = CategoryFactory(code="pothole", name="Pothole")
    client.force_login(user_factory(roles=roles))

    response = client.post(
        "/en/reports/new/",
        {
            "category": "pothole",
            "description": "Reported by a caller",
            "address": "5th and Market",
            "channel": channel,
            "contact_name": "Caller",
        },
    )

    report = ServiceReport.objects.filter(category=category).first()
    if accepted:
        assert response.status_code == 302
        assert report.channel == channel
    elif roles:
        assert response.status_code == 200
        assert report is None
    else:
        # Residents are not asked: their reports are web reports whatever they send.
        assert report.channel == "web"
