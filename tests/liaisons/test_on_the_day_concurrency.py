"""Walk-ins and check-ins from several phones at the same moment, on a real PostgreSQL
server: the event row lock serves them one after the other, so the free places go to
exactly as many people as there are, the rest are recorded beyond the places, and the
capacity rule of the database never fires."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from liaisons.models import SignUp
from liaisons.services import on_the_day
from liaisons.services.on_the_day import add_walk_in as walk_in
from liaisons.services.on_the_day import check_in_by_code as check_in
from tests.concurrency import run_together
from tests.factories import NeighborhoodFactory
from tests.liaisons.factories import EventFactory, LiaisonFactory, SignUpFactory, VolunteerFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_twelve_walk_ins_at_once_for_three_free_places():
    hood = NeighborhoodFactory()
    liaison = LiaisonFactory(neighborhoods=[hood])
    now = timezone.now()
    event = EventFactory(
        neighborhood=hood,
        capacity=5,
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
    )
    SignUpFactory(event=event)
    SignUpFactory(event=event)
    people = [VolunteerFactory(neighborhoods=[hood]) for _ in range(12)]

    outcomes = run_together(
        [lambda v=v: walk_in(event, v.personal_code, by=liaison.user) for v in people]
    )

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    event.refresh_from_db()
    assert event.places_taken == 5 == event.capacity
    walk_ins = SignUp.objects.filter(event=event, volunteer__in=people)
    assert walk_ins.filter(walk_in=False).count() == 3
    assert walk_ins.filter(walk_in=True).count() == 9
    assert walk_ins.filter(checked_in_at__isnull=False).count() == 12


def test_the_same_person_checked_in_from_two_phones_is_checked_in_once():
    hood = NeighborhoodFactory()
    liaison = LiaisonFactory(neighborhoods=[hood])
    now = timezone.now()
    event = EventFactory(
        neighborhood=hood, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    signup = SignUpFactory(event=event)

    outcomes = run_together(
        [lambda: check_in(event, signup.volunteer.personal_code, by=liaison.user)] * 4
    )

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 3 and all(isinstance(e, on_the_day.DayOfRefused) for e in errors)
