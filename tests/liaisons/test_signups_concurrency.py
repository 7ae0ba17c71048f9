"""Sign-ups arriving at the same moment: the counts come out exact on both databases.

Each sign-up runs in a thread of its own with its own database connection, and a barrier
releases them together, so the conditional updates and inserts really do race.

* PostgreSQL (``DATABASE_URL=postgres://…``): the test database. The server takes at most
  100 connections and is shared, so at most ``PG_CONNECTIONS`` of the released threads
  hold a connection at once — as a web server's connection pool would — the rest wait
  for one; all of them are released at the same instant.
* SQLite (the default suite): the in-memory test database, once the test's rows are in,
  is copied to a file that every thread opens with the site's own SQLite settings (WAL,
  BEGIN IMMEDIATE, a busy timeout: ``SQLITE_OPTIONS``), as web server processes would.
  (The in-memory database shares one cache between connections and answers "table is
  locked" at once instead of waiting, so it cannot stand for a server.)
"""

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import connection, connections

from engage.settings.base import SQLITE_OPTIONS
from liaisons.models import SignUp, VolunteerEvent
from liaisons.services import signups as services
from tests.concurrency import run_together
from tests.liaisons.factories import EventFactory, VolunteerFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Status = SignUp.Status
PG_CONNECTIONS = 40
PEOPLE, PLACES = 100, 30


def in_a_thread(function):
    """``function()`` run in a thread of its own (so on the threads' database)."""
    return run_together([function])[0]


@contextmanager
def shared_database(tmp_path):
    """The database the threads use: PostgreSQL's test database as it is, or the SQLite
    test database copied to a file (see the module's docstring)."""
    if connection.vendor == "postgresql":
        yield PG_CONNECTIONS
        return
    if connection.vendor != "sqlite":
        pytest.skip(f"no concurrency set-up for {connection.vendor}")
    path = tmp_path / "signups.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    target.close()
    in_memory = connections.settings["default"]
    # A new dict: the main thread's open connection keeps the in-memory one.
    connections.settings["default"] = {
        **in_memory,
        "NAME": str(path),
        "OPTIONS": SQLITE_OPTIONS,
        "TEST": {},
    }
    try:
        assert in_a_thread(lambda: connections["default"].settings_dict["NAME"]) == str(path)
        yield None
    finally:
        connections.settings["default"] = in_memory


def counts(event_pk):
    event = VolunteerEvent.objects.get(pk=event_pk)
    statuses = list(SignUp.objects.filter(event_id=event_pk).values_list("status", flat=True))
    return {
        "places_taken": event.places_taken,
        "holding": sum(s in SignUp.PLACE_STATUSES for s in statuses),
        **{status: statuses.count(status) for status in Status.values},
    }


def test_a_hundred_people_signing_up_at_once_for_thirty_places(tmp_path):
    event = EventFactory(capacity=PLACES)
    volunteers = [VolunteerFactory() for _ in range(PEOPLE)]

    with shared_database(tmp_path) as slots:
        outcomes = run_together(
            [lambda v=v: services.sign_up(event, v) for v in volunteers], slots=slots
        )
        after = in_a_thread(lambda: counts(event.pk))

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sum(o.status == Status.CONFIRMED for o in outcomes) == PLACES
    assert sum(o.status == Status.WAITLISTED for o in outcomes) == PEOPLE - PLACES
    assert after["places_taken"] == after["holding"] == after["confirmed"] == PLACES
    assert after["waitlisted"] == PEOPLE - PLACES


def test_one_person_signing_up_ten_times_at_once_gets_one_place(tmp_path):
    event = EventFactory(capacity=PLACES)
    volunteer = VolunteerFactory()

    with shared_database(tmp_path) as slots:
        outcomes = run_together([lambda: services.sign_up(event, volunteer)] * 10, slots=slots)
        after = in_a_thread(lambda: counts(event.pk))

    refused = [o for o in outcomes if isinstance(o, services.SignUpRefused)]
    assert len(refused) == 9, outcomes
    assert {str(o) for o in refused} == {"You are already signed up for this event."}
    assert after["places_taken"] == after["confirmed"] == 1


def test_one_person_signing_up_for_overlapping_events_at_once_gets_one_place(tmp_path):
    events = [EventFactory() for _ in range(6)]  # all at the same hour next week
    volunteer = VolunteerFactory()

    with shared_database(tmp_path) as slots:
        outcomes = run_together([lambda e=e: services.sign_up(e, volunteer) for e in events], slots)
        places = in_a_thread(
            lambda: SignUp.objects.filter(volunteer=volunteer, status=Status.CONFIRMED).count()
        )

    assert sum(isinstance(o, SignUp) for o in outcomes) == 1
    assert places == 1
    refused = [o for o in outcomes if isinstance(o, services.SignUpRefused)]
    assert len(refused) == 5 and all("at the same time" in str(o) for o in refused)


def test_withdrawals_and_new_sign_ups_at_once_keep_the_count_exact(tmp_path):
    event = EventFactory(capacity=10)
    holders = [services.sign_up(event, VolunteerFactory()) for _ in range(10)]
    waiting = [services.sign_up(event, VolunteerFactory()) for _ in range(10)]
    newcomers = [VolunteerFactory() for _ in range(10)]

    with shared_database(tmp_path) as slots:
        calls = [lambda s=s: services.cancel_signup(s) for s in holders]
        calls += [lambda v=v: services.sign_up(event, v) for v in newcomers]
        outcomes = run_together(calls, slots=slots)
        after = in_a_thread(lambda: counts(event.pk))
        offered = in_a_thread(
            lambda: set(
                SignUp.objects.filter(event=event, status=Status.OFFERED).values_list(
                    "pk", flat=True
                )
            )
        )

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    # Every freed place went to someone who was waiting, never to a newcomer.
    assert offered == {s.pk for s in waiting}
    assert [o.status for o in outcomes[10:]] == [Status.WAITLISTED] * 10
    assert after["places_taken"] == after["holding"] == 10
    assert after["cancelled"] == 10 and after["waitlisted"] == 10
