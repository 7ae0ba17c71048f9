"""The liaison network's races, on a real PostgreSQL server: the same form sent many times
at once, and two staff members deciding one application at the same moment.

Each thread has its own connection, released together by a barrier (as in
tests/ideas/test_concurrency.py), so the rules are really raced past and the database's
constraints and row locks must hold.
"""

import os

import pytest

from engage.accounts.roles import STAFF
from liaisons.models import Liaison, LiaisonApplication
from liaisons.services import network as services
from tests.concurrency import run_together
from tests.factories import NeighborhoodFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def apply(person, hood):
    return services.apply(
        person,
        neighborhoods=[hood],
        display_name="Maria G.",
        motivation="I know the blocks.",
        availability="Evenings",
        contact_preference="555-0100",
        bio="",
    )


def test_one_application_sent_ten_times_at_once_is_kept_once():
    person, hood = UserFactory(), NeighborhoodFactory()

    outcomes = run_together([lambda: apply(person, hood)] * 10)

    refused = [o for o in outcomes if isinstance(o, services.NetworkError)]
    assert len(refused) == 9
    assert [o for o in outcomes if isinstance(o, Exception) and o not in refused] == []
    assert {str(o) for o in refused} == {
        "You already have an application waiting for review. You can follow it, or "
        "withdraw it, on the page of your application."
    }
    assert LiaisonApplication.objects.filter(applicant=person).count() == 1


def test_two_staff_deciding_at_once_make_one_decision():
    application = apply(UserFactory(), NeighborhoodFactory())
    approver, decliner = UserFactory(roles=[STAFF]), UserFactory(roles=[STAFF])

    outcomes = run_together(
        [
            lambda: services.approve(application, approver),
            lambda: services.decline(application, decliner, "No"),
        ]
    )

    refused = [o for o in outcomes if isinstance(o, services.NetworkError)]
    assert len(refused) == 1 and "already decided" in str(refused[0])
    application.refresh_from_db()
    terms = Liaison.objects.filter(application=application).count()
    if application.status == LiaisonApplication.Status.APPROVED:
        assert terms == 1 and application.decided_by == approver
    else:
        assert application.status == LiaisonApplication.Status.DECLINED
        assert terms == 0 and application.decided_by == decliner
