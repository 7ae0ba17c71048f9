"""Survey participation, volunteering and the contact center's figures, against March
2026 computed by hand (New York time)."""

import datetime
from decimal import Decimal

import pytest

from engage.outcomes.metrics import Period, contact_center, surveys, volunteering
from engage.reports.models import AnswerFeedback, AnswerViews, Contact
from liaisons.models import SignUp, VolunteerEvent, VolunteerHours
from surveys.models import Channel, Response
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import EventFactory, EventKindFactory, VolunteerFactory
from tests.outcomes.metrics_factories import local
from tests.reports.contact_center_factories import ContactFactory, make_answer
from tests.surveys.factories import make_survey, q

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))


def values(section):
    return {f.key: (f.value, f.cases) for f in section.figures}


def table(section, key):
    return next(t for t in section.tables if t.key == key)


# Surveys ------------------------------------------------------------------------------------


@pytest.fixture
def responses(db):
    north = NeighborhoodFactory(name="North")
    first = make_survey([q.single("Which day?", ["Mon", "Tue"])], title="Trash days")
    second = make_survey([q.single("Which park?", ["A", "B"])], title="Parks")
    person = UserFactory()
    for survey, moment, fields in (
        (first, local(2026, 3, 1), {"neighborhood": north, "user": person}),
        (first, local(2026, 3, 31, 23, 59), {"neighborhood": north, "channel": Channel.PAPER}),
        (first, local(2026, 2, 28, 23, 59), {}),
        (second, local(2026, 3, 15), {"user": person}),
        (second, local(2026, 4, 1), {}),
    ):
        Response.objects.create(survey=survey, submitted_at=moment, **fields)
    return north


def test_survey_participation(responses):
    section = surveys.section(MARCH)
    assert values(section) == {
        "responses": (3, None),
        "surveys_answered": (2, None),
        "respondents_signed_in": (1, None),
    }
    assert table(section, "responses_by_channel").rows == (
        ("Web", 2),
        ("Paper (entered by staff)", 1),
    )
    assert table(section, "responses_by_survey").rows == (("Parks", 1), ("Trash days", 2))
    assert table(section, "responses_by_neighborhood").rows == (
        ("North", 2),
        ("No neighborhood given", 1),
    )
    assert values(surveys.section(MARCH, responses))["responses"] == (2, None)


# Volunteering -------------------------------------------------------------------------------


@pytest.fixture
def volunteering_month(db):
    north, south = NeighborhoodFactory(name="North"), NeighborhoodFactory(name="South")
    cleanup, trees = EventKindFactory(), EventKindFactory(code="trees", name="Tree planting")

    def event(start, **fields):
        return EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=3), **fields)

    first = event(local(2026, 3, 7, 10), kind=cleanup, neighborhood=north, bags_collected=12)
    second = event(local(2026, 3, 20, 10), kind=trees, neighborhood=south)
    event(
        local(2026, 3, 21, 10),
        kind=cleanup,
        neighborhood=north,
        bags_collected=5,
        status=VolunteerEvent.Status.CANCELLED,
    )
    event(local(2026, 4, 1), kind=cleanup, neighborhood=north, bags_collected=7)
    event(
        local(2026, 3, 22), kind=cleanup, neighborhood=north, status=VolunteerEvent.Status.PENDING
    )
    v1, v2, v3 = VolunteerFactory(), VolunteerFactory(), VolunteerFactory()
    came = local(2026, 3, 7, 10, 5)
    for happening, volunteer, checked_in in (
        (first, v1, came),
        (second, v1, came),
        (first, v2, came),
        (first, v3, None),
    ):
        SignUp.objects.create(
            event=happening,
            volunteer=volunteer,
            checked_in_at=checked_in,
            status=SignUp.Status.CONFIRMED,
        )
    approved = VolunteerHours.Status.APPROVED
    for volunteer, happening, day, hours, status, self_logged in (
        (v1, first, datetime.date(2026, 3, 7), "3.5", approved, False),
        (v2, first, datetime.date(2026, 3, 7), "2", approved, False),
        (v1, None, datetime.date(2026, 3, 31), "1.25", approved, True),
        (v3, first, datetime.date(2026, 3, 7), "4", VolunteerHours.Status.PENDING, False),
        (v2, None, datetime.date(2026, 4, 1), "2", approved, True),
    ):
        VolunteerHours.objects.create(
            volunteer=volunteer,
            event=happening,
            date=day,
            hours=Decimal(hours),
            status=status,
            self_logged=self_logged,
        )
    return north


def test_volunteering(volunteering_month):
    section = volunteering.section(MARCH)
    assert values(section) == {
        "events": (2, None),  # not the cancelled, pending or April ones
        "cleanups": (1, None),
        "volunteers": (2, None),  # v1 came twice, v3 never checked in
        "hours": (6.75, None),  # 3.5 + 2 + 1.25; pending and April hours left out
        "bags": (12, None),
    }
    assert table(section, "volunteering_by_neighborhood").rows == (
        ("North", 1, 12, 5.5),
        ("South", 1, 0, 0.0),
        ("No neighborhood", 0, 0, 1.25),
    )
    north = values(volunteering.section(MARCH, volunteering_month))
    assert (north["events"], north["hours"], north["bags"]) == ((1, None), (5.5, None), (12, None))


def test_an_event_still_to_come_is_not_held(volunteering_month):
    found = values(volunteering.section(MARCH, now=local(2026, 3, 10)))
    assert found["events"] == (1, None)


# The contact center -------------------------------------------------------------------------


@pytest.fixture
def contacts(db):
    Kind, Channel = Contact.Kind, Contact.Channel
    for moment, channel, kind, resolved in (
        (local(2026, 3, 1), Channel.PHONE, Kind.INFORMATION, True),
        (local(2026, 3, 31, 23, 59), Channel.PHONE, Kind.INFORMATION, True),
        (local(2026, 3, 5), Channel.PHONE, Kind.COMPLAINT, False),
        (local(2026, 3, 10), Channel.WALK_IN, Kind.REQUEST, False),
        (local(2026, 3, 11), Channel.EMAIL, Kind.COMPLIMENT, True),
        (local(2026, 2, 28, 23, 59), Channel.PHONE, Kind.INFORMATION, True),
        (local(2026, 4, 1), Channel.PHONE, Kind.INFORMATION, False),
    ):
        ContactFactory(
            created_at=moment, channel=channel, kind=kind, resolved_first_contact=resolved
        )
    answer = make_answer("When is trash collected?")
    for moment, helpful, avoided in (
        (local(2026, 3, 2), True, False),
        (local(2026, 3, 3), True, True),
        (local(2026, 3, 4), True, False),
        (local(2026, 3, 5), False, False),
        (local(2026, 4, 1), True, False),
    ):
        AnswerFeedback.objects.create(
            page=answer, helpful=helpful, avoided_request=avoided, created_at=moment
        )
    for day, views in ((1, 5), (31, 7)):
        AnswerViews.objects.create(page=answer, day=datetime.date(2026, 3, day), views=views)
    AnswerViews.objects.create(page=answer, day=datetime.date(2026, 2, 28), views=100)


def test_the_contact_centers_figures(contacts):
    section = contact_center.section(MARCH)
    assert values(section) == {
        "contacts": (5, None),
        # Information, complaints and compliments could end on the call: 3 of 4 did.
        "first_contact_resolution": (0.75, 4),
        "answer_views": (12, None),
        "answers_helpful": (0.75, 4),
        "requests_avoided": (1, None),
    }
    grid = table(section, "contacts_by_channel_and_kind")
    assert grid.columns[-1] == "Total"
    assert grid.rows == (
        ("Phone", 2, 1, 0, 0, 3),
        ("Walk-in", 0, 0, 0, 1, 1),
        ("E-mail", 0, 0, 1, 0, 1),
        ("Social media", 0, 0, 0, 0, 0),
    )
