"""Consent recorded twice at the same moment, on a real PostgreSQL server: one consent in
force, never two; and the purge run twice at once purges each program once."""

import datetime
import os

import pytest
from django.utils import timezone

from tests.concurrency import run_together
from tests.youth.factories import ParticipantFactory, ProgramFactory, make_educator
from youth.models import GuardianConsent, Participant, PurgeLog
from youth.services import participants as services

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_educators_recording_a_consent_at_once_record_one():
    educators = [make_educator(), make_educator()]
    child = ParticipantFactory(program=ProgramFactory(educators=educators))

    def record(educator):
        return lambda: services.record_paper_consent(
            child,
            educator,
            guardian_name=f"Guardian seen by {educator.pk}",
            guardian_contact="",
            given_on=timezone.localdate(),
        )

    outcomes = run_together([record(educators[0]), record(educators[1])] * 3)

    refused = [o for o in outcomes if isinstance(o, services.ParticipantError)]
    assert len(refused) == 5
    assert GuardianConsent.objects.in_force().count() == 1


def test_the_guardian_clicking_twice_at_once_consents_once(settings):
    child = ParticipantFactory(program=ProgramFactory())
    token = services.consent_token(child.pk, "rosa@example.org")

    outcomes = run_together([lambda: services.consent_by_link(token, guardian_name="Rosa")] * 4)

    assert all(isinstance(o, GuardianConsent) for o in outcomes)
    assert GuardianConsent.objects.count() == 1


def test_two_purges_at_once_purge_each_program_once():
    ends_on = timezone.localdate() - datetime.timedelta(days=800)
    program = ProgramFactory(starts_on=ends_on, ends_on=ends_on)
    for _ in range(5):
        ParticipantFactory(program=program, consent=True)

    outcomes = run_together([lambda: services.purge_youth_data()] * 3)

    purged = [counts.participants for counts, _log in outcomes]
    assert sorted(purged) == [0, 0, 5]
    assert PurgeLog.objects.count() == 1
    assert PurgeLog.objects.get().participants == 5
    assert not Participant.objects.filter(purged_at__isnull=True).exists()
