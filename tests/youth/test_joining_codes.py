"""The join code: typed any way, refused clearly when wrong, closed or expired, and guesses
slowed per code and for the whole site, never per address."""

import datetime

import pytest
from django.utils import timezone

from tests.youth.factories import SessionFactory, open_session
from tests.youth.joining_support import *  # noqa: F403 (the fixtures)
from tests.youth.joining_support import JOIN_URL, NAME_URL
from youth.models import new_join_code

pytestmark = pytest.mark.django_db


def typed(client, code, address="10.0.0.1"):
    return client.post(JOIN_URL, {"code": code}, REMOTE_ADDR=address)


def wrong_code(session):
    code = new_join_code()
    while code == session.join_code:
        code = new_join_code()
    return code


def test_the_join_page_asks_for_the_code_and_links_to_the_privacy_page(client):
    response = client.get(JOIN_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="code"' in page
    assert 'for="id_code"' in page
    assert "/youth/privacy/" in page


def test_a_code_typed_in_lower_case_with_spaces_and_dashes_opens_the_session(client, session):
    code = session.join_code
    messy = f" {code[:4].lower()}-{code[4:].lower()} "

    response = typed(client, messy)

    assert response.status_code == 302
    assert response["Location"] == NAME_URL
    assert client.session["youth-join-code"] == session.pk


def test_a_wrong_code_is_refused_clearly_and_nothing_is_kept(client, session):
    response = typed(client, wrong_code(session))

    assert response.status_code == 400
    assert "No session has this code" in response.content.decode()
    assert "youth-join-code" not in client.session


def test_something_that_cannot_be_a_code_is_explained(client):
    response = typed(client, "HELLO")

    assert response.status_code == 400
    assert "A join code has 8 characters" in response.content.decode()


@pytest.mark.parametrize("state", ["never opened", "closed", "expired"])
def test_a_session_that_is_not_open_says_ask_your_educator(client, program, state):
    session = SessionFactory(program=program)
    if state == "closed":
        open_session(session)
        session.open_until = timezone.now()
        session.save()
    elif state == "expired":
        open_session(session, hours=1)
        session.opened_at -= datetime.timedelta(hours=3)
        session.open_until = timezone.now() - datetime.timedelta(minutes=1)
        session.save()

    response = typed(client, session.join_code)

    assert response.status_code == 403
    assert "This session is not open. Ask your educator." in response.content.decode()
    assert "youth-join-code" not in client.session


def test_a_program_whose_personal_data_were_removed_cannot_be_joined(client, session):
    session.program.personal_data_purged_at = timezone.now()
    session.program.save()

    assert typed(client, session.join_code).status_code == 403


def test_repeated_wrong_tries_of_one_code_are_slowed_whatever_the_address(
    client, session, settings
):
    settings.YOUTH_JOIN_FAILURES_PER_CODE = "3/10m"
    guess = wrong_code(session)
    for number in range(3):
        assert typed(client, guess, address=f"10.0.0.{number}").status_code == 400

    slowed = typed(client, guess, address="192.168.1.1")
    again = typed(client, guess.lower(), address="172.16.0.1")

    assert slowed.status_code == 429
    assert int(slowed["Retry-After"]) > 0
    assert "Too many tries" in slowed.content.decode()
    assert again.status_code == 429
    # Another code is not slowed by this one's tries, and the class's code still works.
    assert typed(client, wrong_code(session)).status_code == 400
    assert typed(client, session.join_code).status_code == 302


def test_a_code_past_its_budget_is_not_looked_up_so_the_answer_tells_nothing(
    client, session, settings
):
    settings.YOUTH_JOIN_FAILURES_PER_CODE = "1/10m"
    settings.YOUTH_JOIN_FAILURES_SITE = "1000/m"
    code = session.join_code
    session.open_until = timezone.now()  # closed: a real code that does not open
    session.save()
    wrong = wrong_code(session)
    typed(client, wrong)
    typed(client, wrong)  # the lock is set

    assert typed(client, wrong).status_code == 429
    # Typing a real but closed code is not a guess: it is never locked on its own.
    for _ in range(5):
        assert typed(client, code).status_code == 403
    open_session(session)
    assert typed(client, code).status_code == 302


def test_the_whole_site_has_a_budget_of_failed_tries_so_codes_cannot_be_enumerated(
    client, session, settings
):
    settings.YOUTH_JOIN_FAILURES_SITE = "5/m"
    for number in range(5):
        assert typed(client, wrong_code(session), address=f"10.1.0.{number}").status_code == 400

    script = typed(client, wrong_code(session), address="10.9.9.9")
    # Once the budget is spent even the right code waits: the answer never tells a
    # script which code exists.
    right = typed(client, session.join_code, address="10.2.2.2")

    assert script.status_code == 429
    assert right.status_code == 429
    assert "Too many tries" in right.content.decode()
    assert "youth-join-code" not in client.session


def test_closed_codes_count_in_the_site_budget(client, program, settings):
    settings.YOUTH_JOIN_FAILURES_SITE = "3/m"
    closed = SessionFactory(program=program)
    for _ in range(3):
        assert typed(client, closed.join_code).status_code == 403

    assert typed(client, closed.join_code).status_code == 429


def test_limits_are_counted_in_redis_too(client, session, settings, redis_cache):
    settings.YOUTH_JOIN_FAILURES_PER_CODE = "2/10m"
    guess = wrong_code(session)
    typed(client, guess)
    typed(client, guess)

    assert typed(client, guess).status_code == 429
    assert typed(client, session.join_code).status_code == 302


def test_a_device_already_in_an_open_session_goes_to_its_page(client, session, ana):
    from tests.youth.joining_support import HOME_URL, join_as

    join_as(client, session, ana)

    response = client.get(JOIN_URL)

    assert response.status_code == 302
    assert response["Location"] == HOME_URL


def test_the_short_link_opens_the_join_page_in_the_browsers_language(client):
    spanish = client.get("/join/", HTTP_ACCEPT_LANGUAGE="es")
    english = client.get("/join/?code=ab3k-7mq9", HTTP_ACCEPT_LANGUAGE="en")
    nonsense = client.get("/join/?code=<script>", HTTP_ACCEPT_LANGUAGE="en")

    assert spanish.status_code == 302 and spanish["Location"] == "/es/youth/join/"
    assert english["Location"] == "/en/youth/join/?code=AB3K7MQ9"
    assert nonsense["Location"] == "/en/youth/join/"


def test_a_code_from_a_link_is_filled_in_but_not_sent(client, session):
    response = client.get(JOIN_URL, {"code": session.join_code.lower()})

    assert f'value="{session.join_code}"' in response.content.decode()
    assert "youth-join-code" not in client.session


def test_the_join_pages_work_in_spanish(client, session, ana):
    join_page = client.get("/es/youth/join/")
    client.post("/es/youth/join/", {"code": session.join_code})
    names = client.get("/es/youth/join/name/")

    assert join_page.status_code == 200 and 'lang="es"' in join_page.content.decode()
    assert names.status_code == 200 and "Anastasia R." in names.content.decode()
