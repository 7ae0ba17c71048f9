"""``manage.py purge_youth_data``: participants' personal data go once their program's
retention period is over; counts stay; a second run does nothing."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from engage.notifications.models import Notification
from tests.reports.factories import CategoryFactory
from tests.youth.factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    make_educator,
)
from youth.emails import GuardianConsentLinkEmail
from youth.models import (
    Attendance,
    FieldReport,
    FieldReportPhoto,
    GuardianConsent,
    Participant,
    Program,
    PurgeLog,
    YouthRetention,
)
from youth.services import participants as services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def ended(days_ago, **fields):
    ends_on = TODAY - datetime.timedelta(days=days_ago)
    return ProgramFactory(
        starts_on=ends_on - datetime.timedelta(days=60), ends_on=ends_on, **fields
    )


def set_retention(months):
    retention = YouthRetention.for_site(Site.objects.get(is_default_site=True))
    retention.months_after_program = months
    retention.save()


def field_report(session, participant, review, photos=1):
    report = FieldReport.objects.create(
        session=session,
        participant=participant,
        category=CategoryFactory(),
        description=f"Graffiti seen by {participant.first_name}",
        review=review,
    )
    for _ in range(photos):
        photo = FieldReportPhoto(field_report=report)
        photo.image.save("photo.jpg", ContentFile(b"jpeg bytes"), save=True)
    return report


@pytest.fixture
def old_program():
    """Ended 13 months ago (retention 12 months): due."""
    program = ended(400, name="Spring program", educators=[make_educator()])
    session = SessionFactory(program=program)
    maya = ParticipantFactory(program=program, first_name="Maya", school="Lincoln", grade="7")
    leo = ParticipantFactory(program=program, first_name="Leo", consent=True)
    Attendance.objects.create(session=session, participant=maya, present=True)
    Attendance.objects.create(session=session, participant=leo, present=False)
    field_report(session, leo, FieldReport.Review.HELD, photos=2)
    field_report(session, leo, FieldReport.Review.REJECTED)
    field_report(session, leo, FieldReport.Review.RELEASED)
    Notification.objects.create(
        email="guardian@example.org",
        email_key=GuardianConsentLinkEmail.key,
        topic="news",
        params={"participant": leo.pk, "token": "…"},
        dedupe_key="youth-guardian-consent-x",
    )
    return program


def run(*args):
    out = io.StringIO()
    call_command("purge_youth_data", *args, stdout=out)
    return out.getvalue().strip()


def test_the_purge_removes_personal_data_and_keeps_the_counts(
    old_program, django_capture_on_commit_callbacks
):
    photo_names = list(FieldReportPhoto.objects.values_list("image", flat=True))
    assert all(default_storage.exists(name) for name in photo_names)
    tokens_before = set(Participant.objects.values_list("token", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert output.startswith(
        "Purged 1 program(s): 2 participant(s), 1 consent(s), 2 unsent field report(s), 4 photo(s)."
    )
    assert "\n" not in output
    participants = list(Participant.objects.filter(program=old_program))
    assert len(participants) == 2  # the rows stay: attendance and pre/post counts stay true
    for participant in participants:
        assert (participant.first_name, participant.last_initial) == ("", "")
        assert (participant.school, participant.grade) == ("", "")
        assert participant.purged_at is not None
        assert participant.display_name == "Removed participant"
    # Printed handouts no longer match anyone.
    assert not tokens_before & set(Participant.objects.values_list("token", flat=True))
    assert Attendance.objects.filter(session__program=old_program).count() == 2
    assert not GuardianConsent.objects.exists()
    assert list(FieldReport.objects.values_list("review", flat=True)) == ["released"]
    assert not FieldReportPhoto.objects.exists()
    assert not any(default_storage.exists(name) for name in photo_names)
    assert not Notification.objects.filter(email_key=GuardianConsentLinkEmail.key).exists()
    old_program.refresh_from_db()
    assert old_program.personal_data_purged_at is not None
    log = PurgeLog.objects.get()
    assert (log.programs, log.participants, log.consents, log.field_reports, log.photos) == (
        1,
        2,
        1,
        2,
        4,
    )


def test_a_second_run_does_nothing(old_program):
    run()
    purged_at = Program.objects.get().personal_data_purged_at

    assert run() == "Nothing to purge."
    assert PurgeLog.objects.count() == 1
    assert Program.objects.get().personal_data_purged_at == purged_at


def test_a_dry_run_says_what_would_go_and_removes_nothing(old_program):
    output = run("--dry-run")

    assert output == (
        "Dry run, nothing removed. Would purge 1 program(s): 2 participant(s), 1 consent(s), "
        "2 unsent field report(s), 4 photo(s)."
    )
    assert Participant.objects.filter(first_name="Maya").exists()
    assert GuardianConsent.objects.count() == 1
    assert FieldReportPhoto.objects.count() == 4
    assert not PurgeLog.objects.exists()


def test_programs_within_their_retention_are_untouched(old_program):
    recent = ended(200)
    ParticipantFactory(program=recent, first_name="Still", consent=True)
    running = ProgramFactory()
    ParticipantFactory(program=running, first_name="Running")

    run()

    assert Participant.objects.filter(first_name__in=["Still", "Running"]).count() == 2
    assert GuardianConsent.objects.filter(participant__program=recent).exists()
    recent.refresh_from_db()
    assert recent.personal_data_purged_at is None


def test_the_retention_staff_set_decides(old_program):
    recent = ended(200)
    ParticipantFactory(program=recent, first_name="Recent")
    set_retention(6)

    run()

    assert not Participant.objects.filter(first_name="Recent").exists()


@pytest.mark.parametrize(
    ("ends_on", "months", "first_day"),
    [
        (datetime.date(2026, 6, 30), 12, datetime.date(2027, 7, 1)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 3, 1)),  # 28 February, then
        (datetime.date(2027, 11, 15), 3, datetime.date(2028, 2, 16)),
        (datetime.date(2026, 5, 1), 0, datetime.date(2026, 5, 2)),
    ],
)
def test_the_purge_date_is_the_day_after_the_retention_ends(ends_on, months, first_day):
    program = Program(starts_on=ends_on, ends_on=ends_on)

    assert services.purge_date(program, months) == first_day
    assert services.programs_due(first_day - datetime.timedelta(days=1), months) == []


def test_a_program_is_due_on_its_purge_date_and_not_the_day_before():
    program = ended(0)
    first_day = services.purge_date(program, 12)

    assert services.programs_due(first_day - datetime.timedelta(days=1), 12) == []
    assert services.programs_due(first_day, 12) == [program]


def test_a_failure_in_one_program_leaves_it_whole_and_the_others_purged(old_program, monkeypatch):
    other = ended(500, name="Older program")
    ParticipantFactory(program=other, first_name="Older")
    real = services._delete_photos

    def fail_for_old_program(program):
        if program.pk == old_program.pk:
            raise RuntimeError("disk unavailable")
        return real(program)

    monkeypatch.setattr(services, "_delete_photos", fail_for_old_program)

    with pytest.raises(RuntimeError):
        run()

    # The older program (first in line) is purged and logged; the failing one is whole.
    assert not Participant.objects.filter(first_name="Older").exists()
    assert Participant.objects.filter(first_name="Maya", school="Lincoln").exists()
    assert GuardianConsent.objects.count() == 1
    assert FieldReportPhoto.objects.count() == 4
    old_program.refresh_from_db()
    assert old_program.personal_data_purged_at is None
    assert PurgeLog.objects.get().participants == 1

    monkeypatch.setattr(services, "_delete_photos", real)
    assert run().startswith("Purged 1 program(s): 2 participant(s)")
