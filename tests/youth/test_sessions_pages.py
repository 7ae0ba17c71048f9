"""The session's page on the educator's phone and the session form: who joined and freeing
a name, who lacks consent, the lesson, what another educator sees (nothing)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from youth.models import Session, SessionJoin

from .factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    make_code_survey,
    make_curriculum,
    make_educator,
    open_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def educator():
    return make_educator()


@pytest.fixture
def program(educator):
    return ProgramFactory(educators=[educator], allow_anonymous=True)


def session_url(session):
    return reverse("youth:session", args=[session.pk])


def test_the_page_shows_who_joined_and_who_has_no_consent(client, educator, program):
    session = open_session(SessionFactory(program=program, starts_at=timezone.now()))
    ana = ParticipantFactory(program=program, first_name="Ana", last_initial="R", consent=True)
    ParticipantFactory(program=program, first_name="Noor", last_initial="K")
    SessionJoin.objects.create(session=session, participant=ana, device_key="a")
    SessionJoin.objects.create(session=session, device_key="b")
    SessionJoin.objects.create(session=session, device_key="c")
    client.force_login(educator)

    response = client.get(session_url(session))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "Ana R." in page and "2 without a name" in page
    joined = page.split('id="joined-names"')[1].split("</ul>")[0]
    assert "Ana R." in joined and "Noor" not in joined
    missing = page.split('id="no-consent-names"')[1].split("</ul>")[0]
    assert "Noor K." in missing and "Ana" not in missing
    assert reverse("youth:attendance", args=[session.pk]) in page
    # No field report yet: the section says so and leads to the class's results page.
    assert 'id="field-reports-none"' in page
    assert reverse("youth:class_results", args=[session.results_key]) in page


def test_school_consent_leaves_nobody_without_consent(client, educator, program):
    program.school_consent_by = "J. Ortiz, principal"
    program.school_consent_on = timezone.localdate()
    program.save()
    session = SessionFactory(program=program)
    ParticipantFactory(program=program, first_name="Noor")
    client.force_login(educator)

    page = client.get(session_url(session)).content.decode()

    assert 'id="no-consent"' not in page


def test_freeing_a_name_lets_the_device_go(client, educator, program):
    session = open_session(SessionFactory(program=program))
    ana = ParticipantFactory(program=program, first_name="Ana", consent=True)
    join = SessionJoin.objects.create(session=session, participant=ana, device_key="a")
    client.force_login(educator)

    response = client.post(reverse("youth:free_name", args=[session.pk, join.pk]))

    assert response.status_code == 302 and response["Location"].endswith("#joined")
    assert not SessionJoin.objects.exists()
    # The name can be taken again, from another device.
    SessionJoin.objects.create(session=session, participant=ana, device_key="b")
    # Freeing twice only says it is free already.
    response = client.post(reverse("youth:free_name", args=[session.pk, join.pk]), follow=True)
    assert "already free" in response.content.decode()


def test_a_name_of_another_session_cannot_be_freed_here(client, educator, program):
    session = SessionFactory(program=program)
    other_session = SessionFactory(program=program)
    ana = ParticipantFactory(program=program, consent=True)
    join = SessionJoin.objects.create(session=other_session, participant=ana, device_key="a")
    client.force_login(educator)

    client.post(reverse("youth:free_name", args=[session.pk, join.pk]))

    assert SessionJoin.objects.filter(pk=join.pk).exists()


def test_another_educator_sees_nothing_of_the_session(client, program):
    session = SessionFactory(program=program)
    ana = ParticipantFactory(program=program, first_name="Ana", consent=True)
    join = SessionJoin.objects.create(session=session, participant=ana, device_key="a")
    client.force_login(make_educator())

    for url in (
        session_url(session),
        reverse("youth:session_edit", args=[session.pk]),
        reverse("youth:attendance", args=[session.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("youth:free_name", args=[session.pk, join.pk])).status_code == 404
    assert SessionJoin.objects.exists()


def test_a_resident_and_a_visitor_see_nothing(client, program, user_factory):
    session = SessionFactory(program=program)
    response = client.get(session_url(session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(user_factory())
    assert client.get(session_url(session)).status_code == 404


def test_the_page_costs_the_same_queries_for_a_small_or_a_big_class(client, educator, program):
    session = open_session(SessionFactory(program=program))

    def fill(count, prefix):
        for number in range(count):
            child = ParticipantFactory(program=program, consent=number % 2 == 0)
            SessionJoin.objects.create(
                session=session, participant=child, device_key=f"{prefix}{number}"
            )
            SessionJoin.objects.create(session=session, device_key=f"{prefix}anon{number}")

    fill(2, "x")
    client.force_login(educator)
    client.get(session_url(session))  # what a first request caches
    with CaptureQueriesContext(connection) as few:
        client.get(session_url(session))
    fill(20, "y")
    with CaptureQueriesContext(connection) as many:
        client.get(session_url(session))
    assert len(many) == len(few)


# --- the session form ----------------------------------------------------------------------


def form_data(**overrides):
    starts = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "title": "Meeting the people who fix things",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Library",
        "presenters": "Cadet Lee",
        "survey": "",
    }
    data.update(overrides)
    return data


def test_adding_a_session_with_a_lesson_of_the_curriculum(client, educator, program):
    curriculum = make_curriculum(lessons=2)
    other = make_curriculum(lessons=1)
    program.curriculum = curriculum
    program.pre_survey = make_code_survey("Before")
    program.save()
    lesson = curriculum.lessons()[1]
    client.force_login(educator)

    page = client.get(reverse("youth:session_new", args=[program.pk])).content.decode()
    assert f'value="{lesson.pk}"' in page
    assert f'value="{other.lessons()[0].pk}"' not in page
    assert 'value="post"' not in page  # the program has no survey after

    response = client.post(
        reverse("youth:session_new", args=[program.pk]),
        form_data(lesson=lesson.pk, survey="pre"),
    )

    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == session_url(session)
    assert session.lesson_id == lesson.pk and session.survey == "pre"
    page = client.get(session_url(session)).content.decode()
    assert f"{lesson.url}handout/" in page


def test_a_wrong_form_keeps_what_was_typed_and_links_the_errors(client, educator, program):
    client.force_login(educator)
    data = form_data(title="Walk", ends_at="2020-01-01T10:00", survey="post")

    response = client.post(reverse("youth:session_new", args=[program.pk]), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Walk"' in page and 'value="Cadet Lee"' in page
    assert 'href="#session-ends_at"' in page
    assert 'href="#session-survey"' in page
    assert not Session.objects.exists()


def test_editing_a_session(client, educator, program):
    session = SessionFactory(program=program, title="Old")
    client.force_login(educator)
    response = client.post(
        reverse("youth:session_edit", args=[session.pk]), form_data(title="New title")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "New title" and session.presenters == "Cadet Lee"
