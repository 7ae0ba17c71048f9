"""The educator's review queue on a phone: who may see it, the decisions, the private photos."""

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.accounts.roles import EDUCATOR, STAFF
from engage.reports.models import ServiceReport
from tests.factories import UserFactory
from tests.reports.factories import CategoryFactory
from youth.models import FieldReport

from .factories import FieldReportFactory, ParticipantFactory, ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db

Review = FieldReport.Review


@pytest.fixture
def educator():
    return UserFactory(roles=[EDUCATOR])


@pytest.fixture
def session(educator):
    return SessionFactory(program=ProgramFactory(educators=[educator]), title="Neighborhood walk")


@pytest.fixture
def held(session):
    child = ParticipantFactory(program=session.program, first_name="Philomena", consent=True)
    return FieldReportFactory(
        session=session,
        participant=child,
        description="Philomena found tags on the wall.",
        photos=2,
    )


def logged_in(client, user):
    client.force_login(user)
    return client


def decide(client, held, decision, **fields):
    prefix = f"report-{held.pk}"
    data = {
        f"{prefix}-description": held.description,
        f"{prefix}-category": held.category.code,
        f"{prefix}-keep_photos": [p.pk for p in held.photos.all()],
        f"{prefix}-decision": decision,
    }
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(reverse("youth:field_report", args=[held.pk]), data)


# Who may see what ---------------------------------------------------------------------------


def test_the_educator_sees_each_held_report_with_the_name_and_its_photos(client, educator, held):
    response = logged_in(client, educator).get(reverse("youth:review", args=[held.session_id]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Philomena R." in page
    assert "Philomena found tags on the wall." in page
    for photo in held.photos.all():
        assert reverse("youth:field_photo", args=[photo.pk]) in page
    assert 'id="held-count">1<' in page
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("who", ["other educator", "resident"])
def test_anyone_else_is_told_not_found(client, held, who):
    person = UserFactory(roles=[EDUCATOR]) if who == "other educator" else UserFactory()
    client = logged_in(client, person)
    photo = held.photos.first()

    assert client.get(reverse("youth:review", args=[held.session_id])).status_code == 404
    assert client.get(reverse("youth:field_report", args=[held.pk])).status_code == 404
    assert client.get(reverse("youth:field_photo", args=[photo.pk])).status_code == 404
    assert decide(client, held, "send").status_code == 404
    held.refresh_from_db()
    assert held.review == Review.HELD


def test_a_visitor_who_is_not_logged_in_is_asked_to_log_in(client, held):
    response = client.get(reverse("youth:field_photo", args=[held.photos.first().pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_review_any_programs_reports(client, held):
    staff = UserFactory(roles=[STAFF])

    response = logged_in(client, staff).get(reverse("youth:review", args=[held.session_id]))

    assert response.status_code == 200


def test_a_held_photo_is_served_to_the_educator_and_never_cached(client, educator, held):
    photo = held.photos.first()

    response = logged_in(client, educator).get(reverse("youth:field_photo", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


# Decisions ----------------------------------------------------------------------------------


def test_sending_to_the_city_with_a_name_removed_and_a_photo_unticked(client, educator, held):
    first, second = held.photos.order_by("pk")
    client = logged_in(client, educator)

    response = decide(
        client, held, "send", description="Tags on the wall.", keep_photos=[second.pk]
    )

    assert response.status_code == 302
    assert response["Location"].endswith(reverse("youth:review", args=[held.session_id]) + "#queue")
    held.refresh_from_db()
    report = held.report
    assert held.review == Review.RELEASED
    assert report.description == "Tags on the wall."
    assert report.photos.count() == 1
    assert report.channel == ServiceReport.Channel.YOUTH
    queue = client.get(response["Location"]).content.decode()
    assert f"Sent to the city as report {report.reference}" in queue
    assert 'id="nothing-to-review"' in queue


def test_changing_the_category(client, educator, held):
    dumping = CategoryFactory(code="dumping", name="Illegal dumping")

    decide(logged_in(client, educator), held, "send", category="dumping")

    held.refresh_from_db()
    assert held.report.category == dumping


def test_dont_send_without_a_reason_keeps_what_was_typed_and_says_why(client, educator, held):
    response = decide(
        logged_in(client, educator), held, "reject", description="Edited text", reason=""
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why the report is not sent to the city." in page
    assert "Edited text" in page
    assert f'href="#id_report-{held.pk}-reason"' in page
    held.refresh_from_db()
    assert held.review == Review.HELD and held.description.startswith("Philomena")


def test_dont_send_with_a_reason(client, educator, held):
    response = decide(logged_in(client, educator), held, "reject", reason="A joke")

    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.review, held.reason) == (Review.REJECTED, "A joke")
    assert not ServiceReport.objects.exists()


def test_saving_changes_keeps_it_waiting(client, educator, held):
    response = decide(logged_in(client, educator), held, "save", description="Tags.")

    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.review, held.description) == (Review.HELD, "Tags.")


def test_a_form_without_a_decision_is_refused_with_a_message(client, educator, held):
    response = decide(logged_in(client, educator), held, "")

    assert response.status_code == 400
    assert "Choose “Send to the city” or “Don&#x27;t send”." in response.content.decode()


def test_sending_twice_files_one_report(client, educator, held):
    client = logged_in(client, educator)
    decide(client, held, "send")

    response = decide(client, held, "send")

    assert response.status_code == 302
    assert ServiceReport.objects.count() == 1
    page = client.get(reverse("youth:field_report", args=[held.pk])).content.decode()
    assert held.__class__.objects.get(pk=held.pk).report.reference in page


def test_a_withdrawn_consent_is_explained_and_nothing_is_sent(client, educator, held):
    held.participant.consents.update(withdrawn_at=timezone.now())
    client = logged_in(client, educator)

    queue = client.get(reverse("youth:review", args=[held.session_id])).content.decode()
    response = decide(client, held, "send")

    assert f'id="consent-missing-{held.pk}"' in queue
    assert response.status_code == 400
    assert "Philomena R. has no consent on record yet" in response.content.decode()
    assert not ServiceReport.objects.exists()


def test_the_queue_costs_the_same_queries_for_many_reports(
    client, educator, session, django_assert_max_num_queries
):
    category = CategoryFactory()
    for _number in range(3):
        child = ParticipantFactory(program=session.program, consent=True)
        FieldReportFactory(session=session, participant=child, category=category, photos=1)
    client = logged_in(client, educator)
    url = reverse("youth:review", args=[session.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _number in range(12):
        child = ParticipantFactory(program=session.program, consent=True)
        FieldReportFactory(session=session, participant=child, category=category, photos=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
