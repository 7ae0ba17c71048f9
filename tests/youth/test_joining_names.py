"""Choosing a name after the code: the roster shown only to a device holding an open code,
consent, one device per name, joining without a name, handout codes, leaving, and a
session that closes under the device."""

import pytest
from django.utils import timezone

from tests.youth.factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    open_session,
)
from tests.youth.joining_support import *  # noqa: F403 (the fixtures)
from tests.youth.joining_support import (
    HOME_URL,
    JOIN_URL,
    LEAVE_URL,
    NAME_URL,
    device_join,
    enter_code,
    join_as,
    messages_of,
)
from youth.models import SessionJoin

pytestmark = pytest.mark.django_db


def test_the_roster_is_not_shown_without_an_open_code(client, session, ana):
    response = client.get(NAME_URL)

    assert response.status_code == 302 and response["Location"] == JOIN_URL
    assert ana.first_name not in client.get(JOIN_URL).content.decode()


def test_with_the_code_the_roster_shows_first_names_and_initials_only(client, session, ana):
    ana.school = "Lincoln Middle School"
    ana.grade = "7th"
    ana.save()
    stranger = ParticipantFactory(first_name="Zephyrine")  # another program's roster
    enter_code(client, session)

    page = client.get(NAME_URL).content.decode()

    assert "Anastasia R." in page
    assert "Lincoln Middle School" not in page and "7th" not in page
    assert stranger.first_name not in page
    assert ana.token not in page


def test_a_participant_with_consent_joins_by_name(client, session, ana):
    response = join_as(client, session, ana)

    assert response.status_code == 302 and response["Location"] == HOME_URL
    joined = device_join(client)
    assert joined.session == session and joined.participant == ana
    assert len(joined.device_key) >= 40
    page = client.get(HOME_URL).content.decode()
    assert "You joined as <strong>Anastasia R.</strong>" in page
    assert session.title in page


def test_without_consent_the_child_is_told_to_ask_their_educator(client, session, bo):
    response = join_as(client, session, bo)

    assert response.status_code == 403
    page = response.content.decode()
    assert "your educator needs a form from your parent or guardian first" in page
    assert not SessionJoin.objects.exists()
    assert "youth-joined" not in client.session


def test_the_schools_consent_lets_everyone_on_the_roster_join(client, session, bo):
    session.program.school_consent_by = "J. Ortiz, principal"
    session.program.school_consent_on = timezone.localdate()
    session.program.save()

    response = join_as(client, session, bo)

    assert response.status_code == 302
    assert device_join(client).participant == bo


def test_a_name_joined_on_another_device_is_refused(client, session, ana, django_user_model):
    from django.test import Client

    join_as(client, session, ana)
    other = Client()

    response = join_as(other, session, ana)

    assert response.status_code == 409
    assert "Anastasia R. has already joined on another device" in response.content.decode()
    assert "ask your educator to free your name" in response.content.decode()
    assert SessionJoin.objects.filter(participant=ana).count() == 1
    assert "youth-joined" not in other.session


def test_a_name_from_another_program_cannot_be_chosen(client, session):
    outsider = ParticipantFactory(program=ProgramFactory(), consent=True)
    enter_code(client, session)

    response = client.post(NAME_URL, {"action": "name", "participant": outsider.pk})

    assert response.status_code == 400
    assert not SessionJoin.objects.exists()


def test_joining_without_a_name_where_the_program_allows_it(client, session):
    response = join_as(client, session, None)

    assert response.status_code == 302
    assert device_join(client).participant is None
    assert "You joined without a name." in client.get(HOME_URL).content.decode()


def test_joining_without_a_name_is_refused_where_the_program_does_not_allow_it(
    client, session, ana
):
    session.program.allow_anonymous = False
    session.program.save()
    enter_code(client, session)

    page = client.get(NAME_URL).content.decode()
    response = client.post(NAME_URL, {"action": "anonymous", "anonymous-handout_code": ""})

    assert "Join without a name" not in page
    assert response.status_code == 403
    assert not SessionJoin.objects.exists()


def test_a_handout_code_joins_as_its_participant(client, session, ana):
    enter_code(client, session)

    response = client.post(
        NAME_URL, {"action": "handout", "handout-handout_code": ana.token.lower()}
    )

    assert response.status_code == 302
    assert device_join(client).participant == ana


def test_a_wrong_handout_code_is_refused_and_slowed(client, session, ana, settings):
    settings.YOUTH_HANDOUT_FAILURES_PER_CODE = "2/10m"
    outsider = ParticipantFactory(program=ProgramFactory(), consent=True)
    enter_code(client, session)

    first = client.post(NAME_URL, {"action": "handout", "handout-handout_code": outsider.token})
    second = client.post(NAME_URL, {"action": "handout", "handout-handout_code": "ZZZZZZZZ"})
    third = client.post(NAME_URL, {"action": "handout", "handout-handout_code": "YYYYYYYY"})
    # Past the budget, even the right handout code waits.
    right = client.post(NAME_URL, {"action": "handout", "handout-handout_code": ana.token})

    assert first.status_code == second.status_code == 400
    assert "This handout code is not on this session" in first.content.decode()
    assert third.status_code == right.status_code == 429
    assert not SessionJoin.objects.exists()


def test_a_session_closed_after_the_code_was_typed_shows_no_roster(client, session, ana):
    enter_code(client, session)
    session.open_until = timezone.now()
    session.save()

    response = client.get(NAME_URL, follow=True)

    assert response.redirect_chain[0] == (JOIN_URL, 302)
    page = response.content.decode()
    assert "This session is not open. Ask your educator." in page
    assert ana.first_name not in page
    assert client.post(NAME_URL, {"action": "name", "participant": ana.pk}).status_code == 302
    assert not SessionJoin.objects.exists()


def test_a_closed_session_logs_the_device_out_with_a_message(client, session, ana):
    join_as(client, session, ana)
    session.open_until = timezone.now()
    session.save()

    response = client.get(HOME_URL, follow=True)

    assert response.redirect_chain[0] == (JOIN_URL, 302)
    assert "The session is closed. Thank you for taking part!" in messages_of(response)
    assert "youth-joined" not in client.session
    # Who joined stays for the educator's session page.
    assert SessionJoin.objects.filter(participant=ana).exists()


def test_a_name_the_educator_freed_logs_that_device_out(client, session, ana):
    from django.test import Client

    join_as(client, session, ana)
    SessionJoin.objects.filter(participant=ana).delete()  # "free this name"

    response = client.get(HOME_URL, follow=True)
    other = Client()

    assert "You are no longer in the session" in messages_of(response)[0]
    assert join_as(other, session, ana).status_code == 302


def test_leaving_frees_the_name_for_another_device(client, session, ana):
    from django.test import Client

    join_as(client, session, ana)

    response = client.post(LEAVE_URL)
    other = Client()

    assert response.status_code == 302 and response["Location"] == JOIN_URL
    assert not SessionJoin.objects.exists()
    assert "youth-joined" not in client.session
    assert join_as(other, session, ana).status_code == 302


def test_a_device_that_types_another_sessions_code_leaves_its_session(client, session, ana):
    join_as(client, session, ana)
    second = open_session(SessionFactory(program=session.program, title="Two"))

    enter_code(client, second)

    assert client.session["youth-join-code"] == second.pk
    assert "youth-joined" not in client.session
    # Its name in the first session is free again.
    assert not SessionJoin.objects.filter(session=session).exists()


def test_typing_the_same_code_again_keeps_the_join(client, session, ana):
    join_as(client, session, ana)

    response = enter_code(client, session)

    assert response.status_code == 302 and response["Location"] == HOME_URL
    assert device_join(client).participant == ana


def test_too_many_joins_with_one_code_are_refused(client, session, settings):
    from django.test import Client

    settings.YOUTH_JOINS_PER_CODE = "2/h"
    join_as(Client(), session, None)
    join_as(Client(), session, None)

    response = join_as(client, session, None)

    assert response.status_code == 429
    assert SessionJoin.objects.count() == 2
