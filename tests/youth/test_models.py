"""The data model's own guarantees: codes, one device per name, one consent in force."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from youth.models import GuardianConsent, SessionJoin, new_join_code, normalise_code
from youth.models.codes import CODE_ALPHABET

from .factories import ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_join_codes_have_eight_characters_without_look_alikes():
    codes = {new_join_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01ILO")


def test_a_typed_code_is_read_without_spaces_dashes_or_case():
    assert normalise_code(" ab3k-7mq9 ") == "AB3K7MQ9"


def test_a_roster_name_joins_a_session_from_one_device_only():
    session = SessionFactory()
    child = ParticipantFactory(program=session.program)
    SessionJoin.objects.create(session=session, participant=child, device_key="one")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionJoin.objects.create(session=session, participant=child, device_key="two")
    # Anonymous joins are not limited by the constraint.
    SessionJoin.objects.create(session=session, participant=None, device_key="three")
    SessionJoin.objects.create(session=session, participant=None, device_key="four")


def test_one_guardian_consent_is_in_force_at_a_time():
    child = ParticipantFactory(consent=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        GuardianConsent.objects.create(
            participant=child,
            method=GuardianConsent.Method.ONLINE,
            guardian_name="B. Parent",
            given_on=timezone.localdate(),
        )
    GuardianConsent.objects.update(withdrawn_at=timezone.now())
    GuardianConsent.objects.create(
        participant=child,
        method=GuardianConsent.Method.ONLINE,
        guardian_name="B. Parent",
        given_on=timezone.localdate(),
    )
    assert GuardianConsent.objects.in_force().count() == 1
