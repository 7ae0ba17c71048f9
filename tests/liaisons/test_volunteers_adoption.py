"""Adopt a block: drawing and checking the area, the reports inside it (a bounding box,
then the exact outline), ending an adoption, and the e-mail when a new report is filed
inside one (once, honouring the person's preferences)."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from engage.notifications.models import EmailOptOut, Notification
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from liaisons.models import Adoption, Volunteer
from liaisons.services import adoptions as areas
from liaisons.services.volunteers import VolunteerError
from tests.factories import NeighborhoodFactory, UserFactory, square
from tests.liaisons.factories import LiaisonFactory, VolunteerFactory, WaiverFactory
from tests.neighborhoods.test_places import add_address
from tests.reports.factories import CategoryFactory, ReportFactory

ADOPT = "liaisons:adopt"
Status = ServiceReport.Status


def polygon(*corners):
    """A closed GeoJSON Polygon from (lat, lng) corners."""
    ring = [[lng, lat] for lat, lng in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


# A triangle in the test neighborhood (-75.0..-74.99, 40.0..40.01), about 0.001° a side:
# its bounding box's north-east half lies outside it.
TRIANGLE = polygon((40.004, -74.996), (40.004, -74.995), (40.005, -74.996))
INSIDE = (40.0042, -74.9958)
IN_BOX_NOT_IN_AREA = (40.0049, -74.9951)  # inside the box, beyond the slanted edge
ON_EDGE = (40.004, -74.9955)  # on the southern edge: inside
OUTSIDE = (40.006, -74.993)


@pytest.fixture
def hood(db):
    return NeighborhoodFactory(name="Old Town", slug="old-town", boundary=square(-75.0, 40.0))


@pytest.fixture
def adopter(hood):
    WaiverFactory()
    return VolunteerFactory(
        display_name="Block Club Ana",
        neighborhoods=[hood],
        user=UserFactory(email="ana@example.org"),
    )


@pytest.fixture
def adoption(adopter):
    return areas.adopt_area(adopter, name="Elm Street", area=TRIANGLE, group_name="Elm Club")


def file_at(point, **kwargs):
    return ReportFactory(lat=point[0], lng=point[1], **kwargs)


# --- Adopting ------------------------------------------------------------------------------


def test_a_volunteer_adopts_a_drawn_area(client, adopter, hood):
    client.force_login(adopter.user)
    page = client.get(reverse(ADOPT)).content.decode()
    assert 'id="adopt-map-config"' in page
    assert "js/adopt-area.js" in page
    data = {"name": "Elm Street", "group_name": "Elm Club", "area": json.dumps(TRIANGLE)}
    response = client.post(reverse(ADOPT), data)
    adoption = Adoption.objects.get()
    assert response["Location"] == reverse("liaisons:adoption", args=[adoption.pk])
    assert adoption.volunteer == adopter
    assert adoption.neighborhood == hood
    assert adoption.group_name == "Elm Club"
    assert (adoption.min_lat, adoption.max_lat) == (40.004, 40.005)
    assert (adoption.min_lng, adoption.max_lng) == (-74.996, -74.995)


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ("not json", "The area drawn could not be read."),
        (
            json.dumps(polygon((40.0, -75.0), (40.0, -74.99), (40.01, -74.99), (40.01, -75.0))),
            "a volunteer adopts a block or a few, at most 250,000 m²",
        ),
        (
            json.dumps(
                polygon((40.004, -74.996), (40.005, -74.995), (40.004, -74.995), (40.005, -74.996))
            ),
            "The outline crosses itself.",
        ),
        (
            json.dumps({"type": "MultiPolygon", "coordinates": [TRIANGLE["coordinates"]]}),
            "Draw one area, without holes.",
        ),
        (json.dumps(polygon((40.004, -74.996), (40.005, -74.996))), "at least 4"),
        (
            json.dumps(polygon((140.0, -74.996), (40.004, -74.995), (40.005, -74.996))),
            "latitude 140.0 is outside -90..90",
        ),
        ("", "Draw the area on the map, or give an address"),
    ],
)
def test_a_bad_area_is_refused_and_the_form_kept(client, adopter, area, message):
    client.force_login(adopter.user)
    data = {"name": "Elm Street", "group_name": "Elm Club", "area": area}
    response = client.post(reverse(ADOPT), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page.replace("&#x27;", "'")
    assert 'value="Elm Street"' in page
    assert 'value="Elm Club"' in page
    assert not Adoption.objects.exists()


def test_the_drawing_comes_back_with_the_form(client, adopter):
    client.force_login(adopter.user)
    response = client.post(reverse(ADOPT), {"name": "", "area": json.dumps(TRIANGLE)})
    page = response.content.decode()
    assert "Please name the area." in page
    assert "[-74.996, 40.004]" in page.replace("&quot;", '"')  # the hidden input keeps it


def test_an_area_outside_the_city_is_refused(adopter):
    far = polygon((41.004, -73.996), (41.004, -73.995), (41.005, -73.996))
    with pytest.raises(VolunteerError, match="outside the city's neighborhoods"):
        areas.adopt_area(adopter, name="Far", area=far)


def test_without_the_map_a_square_around_an_address(client, adopter, hood):
    add_address("100", "Market Street", 40.005, -74.995, hood)
    client.force_login(adopter.user)
    data = {"name": "Market", "area": "", "address": "100 Market Street", "side": "200"}
    response = client.post(reverse(ADOPT), data)
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert adoption.contains(40.005, -74.995)
    assert 190 < (adoption.max_lat - adoption.min_lat) * 111_320 < 210
    assert 39_000 < areas.area_square_metres(adoption.area) < 41_000


def test_an_unknown_address_is_said(client, adopter):
    client.force_login(adopter.user)
    data = {"name": "Market", "area": "", "address": "1 Nowhere Lane", "side": "100"}
    response = client.post(reverse(ADOPT), data)
    assert "We could not find this address." in response.content.decode()
    assert 'value="1 Nowhere Lane"' in response.content.decode()


def test_someone_not_registered_is_sent_to_register(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse(ADOPT))
    assert response["Location"] == reverse("liaisons:volunteer_register")


def test_a_minor_without_consent_cannot_adopt(client, hood):
    WaiverFactory()
    minor = VolunteerFactory(age_band=Volunteer.AgeBand.TEEN, neighborhoods=[hood])
    client.force_login(minor.user)
    response = client.post(reverse(ADOPT), {"name": "Mine", "area": json.dumps(TRIANGLE)})
    assert "A parent or guardian must give their consent" in response.content.decode()
    assert not Adoption.objects.exists()


def test_a_volunteer_looks_after_a_few_areas_at_most(adopter, settings):
    settings.ADOPTION_MAX_ACTIVE = 2
    areas.adopt_area(adopter, name="One", area=TRIANGLE)
    second = areas.adopt_area(adopter, name="Two", area=TRIANGLE)
    with pytest.raises(VolunteerError, match="You already look after 2 areas."):
        areas.adopt_area(adopter, name="Three", area=TRIANGLE)
    areas.end_adoption(second, adopter.user)
    assert areas.adopt_area(adopter, name="Three", area=TRIANGLE).name == "Three"


# --- The adopted area's page ------------------------------------------------------------------


def test_the_page_shows_open_and_fixed_reports_inside_only(client, adoption, adopter):
    category = CategoryFactory(name="Litter")
    inside = file_at(INSIDE, category=category)
    on_edge = file_at(ON_EDGE, category=category)
    fixed = file_at(INSIDE, category=category)
    report_services.change_status(fixed, Status.RESOLVED, resolution="fixed")
    closed = file_at(INSIDE, category=category)
    report_services.change_status(closed, Status.CLOSED, resolution="no_action")
    in_box_only = file_at(IN_BOX_NOT_IN_AREA, category=category)
    outside = file_at(OUTSIDE, category=category)

    open_reports, fixed_reports = areas.reports_inside(adoption)
    assert {r.pk for r in open_reports} == {inside.pk, on_edge.pk}
    assert [r.pk for r in fixed_reports] == [fixed.pk]

    client.force_login(adopter.user)
    page = client.get(reverse("liaisons:adoption", args=[adoption.pk])).content.decode()
    assert "Elm Street" in page and "Elm Club" in page
    for report in (inside, on_edge, fixed):
        assert report.reference in page
    for report in (closed, in_box_only, outside):
        assert report.reference not in page
    assert "2 open reports" in page
    assert "1 fixed report" in page
    assert 'id="adoption-map-config"' in page


def test_only_the_adopter_staff_and_the_liaison_see_the_page(client, adoption, hood):
    url = reverse("liaisons:adoption", args=[adoption.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(LiaisonFactory(neighborhoods=[NeighborhoodFactory()]).user)
    assert client.get(url).status_code == 404
    client.force_login(LiaisonFactory(neighborhoods=[hood]).user)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(roles=["Staff"]))
    assert client.get(url).status_code == 200


def test_the_adopter_ends_the_adoption(client, adoption, adopter):
    end = reverse("liaisons:end_adoption", args=[adoption.pk])
    client.force_login(LiaisonFactory(neighborhoods=[adoption.neighborhood]).user)
    page = client.get(reverse("liaisons:adoption", args=[adoption.pk])).content.decode()
    assert "End this adoption" not in page
    client.post(end)
    adoption.refresh_from_db()
    assert adoption.ended_at is None  # a liaison sees it, but it is not theirs to end

    client.force_login(adopter.user)
    response = client.post(end, follow=True)
    assert "You no longer look after Elm Street." in response.content.decode()
    adoption.refresh_from_db()
    assert adoption.ended_at is not None
    with pytest.raises(VolunteerError, match="already ended"):
        areas.end_adoption(adoption, adopter.user)


def test_staff_may_end_an_adoption_a_resident_may_not(client, adoption):
    with pytest.raises(VolunteerError, match="Only the volunteer who adopted"):
        areas.end_adoption(adoption, UserFactory())
    staff = UserFactory(roles=["Staff"])
    client.force_login(staff)
    page = client.get(reverse("liaisons:adoption", args=[adoption.pk])).content.decode()
    assert "End this adoption" in page
    client.post(reverse("liaisons:end_adoption", args=[adoption.pk]))
    adoption.refresh_from_db()
    assert adoption.ended_at is not None


# --- New reports reach the adopter ---------------------------------------------------------


def test_a_new_report_inside_is_emailed_once(adoption, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = file_at(INSIDE, category=CategoryFactory(name="Illegal dumping"))
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "New report in Elm Street: Illegal dumping" in message.subject
    assert report.reference in message.body
    assert reverse("liaisons:adoption", args=[adoption.pk]) in message.body
    assert "List-Unsubscribe" in message.extra_headers

    # Saving the report again, or running the receiver's work again, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        report.save()
        areas.notify_adopters(report.pk)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(dedupe_key__startswith="adopted-report-").count() == 1


def test_reports_outside_or_beyond_the_edge_are_not_sent(
    adoption, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        file_at(IN_BOX_NOT_IN_AREA)
        file_at(OUTSIDE)
        ReportFactory(lat=None, lng=None)
    assert mail.outbox == []


def test_the_preference_is_honoured(adoption, adopter, django_capture_on_commit_callbacks):
    EmailOptOut.objects.create(user=adopter.user, topic="adopted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        file_at(INSIDE)
    assert mail.outbox == []


def test_an_ended_adoption_hears_nothing(adoption, adopter, django_capture_on_commit_callbacks):
    areas.end_adoption(adoption, adopter.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        file_at(INSIDE)
    assert mail.outbox == []


def test_the_adopter_is_not_told_of_their_own_report(
    adoption, adopter, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        file_at(INSIDE, filed_by=adopter.user)
    assert not Notification.objects.filter(dedupe_key__startswith="adopted-report-").exists()


def test_two_adopters_of_one_spot_each_hear_once(
    adoption, adopter, hood, django_capture_on_commit_callbacks
):
    areas.adopt_area(adopter, name="Elm again", area=TRIANGLE)  # the same person, twice
    other = VolunteerFactory(neighborhoods=[hood], user=UserFactory(email="bo@example.org"))
    areas.adopt_area(other, name="Bo's corner", area=TRIANGLE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        file_at(INSIDE)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bo@example.org"]


# --- My activity ----------------------------------------------------------------------------


def test_my_activity_lists_my_adopted_blocks_only(client, adoption, adopter, hood):
    areas.end_adoption(adoption, adopter.user)
    areas.adopt_area(adopter, name="Oak Corner", area=TRIANGLE)
    someone = VolunteerFactory(neighborhoods=[hood])
    areas.adopt_area(someone, name="Not mine", area=TRIANGLE)
    client.force_login(adopter.user)
    page = client.get(reverse("my_activity")).content.decode()
    assert "Blocks I adopted" in page
    assert page.index("Oak Corner") < page.index("Elm Street")  # active ones first
    assert "Ended" in page
    assert "Not mine" not in page
