"""No participant's name reaches anything public: pages, maps, search, feeds, exports, Open311.

Participants with names found nowhere else are on the roster; their reports are filed,
some released (after the educator took the name out of the text, as the review asks),
one kept back and one still held, both still naming the child. Then every public path a
report or a youth session can take is read as a visitor (and as an Open311 client), and
neither a name, a handout code nor the text of an unreleased report may be in any.
"""

import pytest
from django.urls import reverse

from engage.accounts.roles import EDUCATOR
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from tests.factories import NeighborhoodFactory, UserFactory, square
from tests.ideas.factories import home_page
from tests.reports.factories import CategoryFactory
from youth.services import field_reports as services

from .factories import FieldReportFactory, ParticipantFactory, ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db

NAMES = ("Xanthippe", "Quirinus", "Oluwaseun")
HELD_TEXT = "Xanthippe and Quirinus sprayed this tag"
KEPT_BACK_TEXT = "Oluwaseun says the tag is hers"


@pytest.fixture
def youth_reports():
    home_page()
    neighborhood = NeighborhoodFactory(
        name="Riverside", slug="riverside", boundary=square(-75.0, 40.0)
    )
    educator = UserFactory(roles=[EDUCATOR])
    program = ProgramFactory(educators=[educator], name="Spring walkers")
    session = SessionFactory(program=program, title="Neighborhood walk", neighborhood=neighborhood)
    graffiti = CategoryFactory(code="graffiti", name="Graffiti")
    children = [
        ParticipantFactory(program=program, first_name=name, last_initial="Z", consent=True)
        for name in NAMES
    ]
    released = []
    for child in children:
        held = FieldReportFactory(
            session=session,
            participant=child,
            category=graffiti,
            description=f"{child.first_name} found a tag on the wall.",
            photos=1,
        )
        done = services.release(held, by=educator, description="A tag on the wall by the bus stop.")
        released.append(done.report)
    report_services.change_status(released[0], ServiceReport.Status.RESOLVED, public_note="Gone")
    FieldReportFactory(
        session=session, participant=children[0], category=graffiti, description=HELD_TEXT
    )
    kept_back = FieldReportFactory(
        session=session, participant=children[2], category=graffiti, description=KEPT_BACK_TEXT
    )
    services.reject(kept_back, by=educator, reason="About a classmate")
    return {"session": session, "children": children, "released": released}


def secrets_of(youth_reports):
    children = youth_reports["children"]
    return [
        *NAMES,
        *(f"{child.first_name} {child.last_initial}." for child in children),
        *(child.token for child in children),
        HELD_TEXT,
        KEPT_BACK_TEXT,
        "About a classmate",
    ]


def public_urls(youth_reports):
    session = youth_reports["session"]
    released = youth_reports["released"]
    urls = [
        "/en/",
        "/es/",
        reverse("reports:list"),
        reverse("reports:map"),
        reverse("reports:geojson"),
        reverse("youth:class_results", args=[session.results_key]),
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        "/open311/v2/services.json",
        "/open311/v2/servicerequestupdates.json",
        reverse("ideas:feed"),
        reverse("ideas:atom"),
        reverse("ideas:open_data"),
        reverse("liaisons:feed"),
    ]
    for report in released:
        urls += [
            report.get_absolute_url(),
            f"/open311/v2/requests/{report.reference}.json",
            f"/open311/v2/requests/{report.reference}.xml",
        ]
    # Searching for a name is its own test (the search page repeats the words typed).
    for query in ("graffiti", "tag", "Riverside", "walk", "wall", "Spring"):
        urls.append(f"{reverse('search')}?q={query}")
    return urls


def test_no_participant_name_on_any_public_page_feed_export_or_open311_answer(
    client, youth_reports
):
    secrets = secrets_of(youth_reports)
    read = 0
    for url in public_urls(youth_reports):
        text = read_public(client, url)
        for secret in secrets:
            assert secret not in text, f"{secret!r} is public at {url}"
        read += 1
    assert read == len(public_urls(youth_reports))


def read_public(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


@pytest.mark.parametrize("name", NAMES)
def test_searching_for_a_participants_name_finds_nothing(client, youth_reports, name):
    """The search page repeats what was typed: a name must appear there no more often than
    a word found nowhere does, so it is only the echo, never a result."""
    nowhere = "Zyzzogeton"[: len(name)]
    echoed = read_public(client, f"{reverse('search')}?q={nowhere}").count(nowhere)

    page = read_public(client, f"{reverse('search')}?q={name}")

    assert page.count(name) == echoed
    other_secrets = [s for s in secrets_of(youth_reports) if name not in s]
    assert not [s for s in other_secrets if s in page]


def test_the_released_reports_are_public_and_the_others_are_not(client, youth_reports):
    """The crawl above is only worth something if the released reports are really there."""
    listing = client.get(reverse("reports:list")).content.decode()
    open311 = client.get("/open311/v2/requests.json").json()

    for report in youth_reports["released"]:
        assert report.reference in listing
    assert {r["service_request_id"] for r in open311} == {
        r.reference for r in youth_reports["released"]
    }
    assert ServiceReport.objects.count() == 3


def test_open311_gives_the_educators_text_not_the_childs(client, youth_reports):
    report = youth_reports["released"][1]

    (answer,) = client.get(f"/open311/v2/requests/{report.reference}.json").json()

    assert answer["description"] == "A tag on the wall by the bus stop."


def test_a_held_photo_is_not_public(client, youth_reports):
    held = FieldReportFactory(session=youth_reports["session"], photos=1)
    url = reverse("youth:field_photo", args=[held.photos.get().pk])

    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
