"""The same organiser planning overlapping events from two tabs at once, on PostgreSQL.

``plan_event`` locks the organiser's row before looking for an overlap, so whatever the
timing, exactly one of the overlapping events is saved and the others are refused."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from liaisons.models import VolunteerEvent
from liaisons.services import events as services
from tests.concurrency import run_together
from tests.liaisons.events_support import area, fields, liaison_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_overlapping_events_sent_at_once_save_exactly_one():
    assert connection.vendor == "postgresql"
    hood = area()
    organiser = liaison_for(hood)
    plans = [fields(hood, title=f"Tab {n}") for n in range(8)]

    outcomes = run_together(
        [lambda plan=plan: services.plan_event(organiser, plan) for plan in plans]
    )

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert len(errors) == 7
    assert VolunteerEvent.objects.filter(organiser=organiser).count() == 1
