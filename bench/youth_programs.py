"""A youth program at a whole district's scale, in a few bulk queries: at VOLUME (2,000
participants) one program of the demo educator with 200 sessions, its participants in 20
classes of 100 that each meet 10 times (the first meeting runs the survey before, the
last the survey after), 20,000 attendance marks, 4,000 survey responses paired by handout
code, and 2,000 field reports (10 per session: most sent to the city as service reports,
some held for review, a few not sent). At ``VOLUME // 100`` the same in proportion.

Every row is what the services would leave: one attendance mark per participant and
session, one response per pair key and survey (stored as ``submit_response`` stores them,
through ``surveys.demo.store``), consent on record for everyone who answered or filed,
released field reports linked to their service report (channel "youth session").
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from engage.reports.models import ServiceCategory, ServiceReport
from surveys.demo import YOUTH_POST, YOUTH_PRE, Answers, store
from surveys.models import SurveyPage
from surveys.pairing import pseudonym
from youth.models import (
    Attendance,
    FieldReport,
    GuardianConsent,
    Participant,
    Program,
    Session,
)

from . import database

VOLUME = 2_000  # participants
BATCH_SIZE = 2_000
PROGRAM_NAME = "Bench youth program"
EDUCATOR = "educator@example.org"
SESSIONS_PER_CLASS = 10
REPORTS_PER_SESSION = 10
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def sizes(volume):
    participants = max(20, volume)
    sessions = max(2, volume // 10)
    classes = max(1, sessions // SESSIONS_PER_CLASS)
    return {
        "participants": participants,
        "sessions": sessions,
        "classes": classes,
        "class_size": participants // classes,
        "sessions_per_class": sessions // classes,
    }


def code(prefix, number, length):
    """A code that can never meet a random one: ``prefix`` and ``number`` in base 31."""
    digits = []
    for _ in range(length):
        number, rest = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return prefix + "".join(reversed(digits))


def _surveys():
    default = Locale.get_default()
    return {
        side: SurveyPage.objects.get(slug=spec["en"]["slug"], locale=default)
        for side, spec in (("pre", YOUTH_PRE), ("post", YOUTH_POST))
    }


def _program(surveys, now):
    program = Program.objects.create(
        name=PROGRAM_NAME,
        site="Every middle school of the district",
        starts_on=(now - timedelta(days=120)).date(),
        ends_on=(now + timedelta(days=60)).date(),
        pre_survey=surveys["pre"],
        post_survey=surveys["post"],
        school_consent_by="District superintendent",
        school_consent_on=(now - timedelta(days=121)).date(),
    )
    program.educators.add(get_user_model().objects.get(email=EDUCATOR))
    return program


def _sessions(program, counts, now):
    sessions = []
    for klass in range(counts["classes"]):
        for meeting in range(counts["sessions_per_class"]):
            first, last = meeting == 0, meeting == counts["sessions_per_class"] - 1
            starts_at = now - timedelta(days=110 - meeting * 10, hours=klass % 6)
            survey = "pre" if first else "post" if last else ""
            number = len(sessions)
            sessions.append(
                Session(
                    program=program,
                    title=f"Class {klass + 1}, meeting {meeting + 1}",
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                    place=f"Room {100 + klass}",
                    survey=survey,
                    survey_segment=f"{PROGRAM_NAME} · class {klass + 1} · {survey}"
                    if survey
                    else "",
                    join_code=code("Z", number, 7),
                    results_key=f"bench-{number}",
                    opened_at=starts_at,
                    open_until=starts_at + timedelta(hours=2),
                )
            )
    Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    return list(Session.objects.filter(program=program).order_by("pk"))


def _participants(program, count, rng):
    names = ("Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun")
    Participant.objects.bulk_create(
        (
            Participant(
                program=program,
                first_name=f"{names[number % len(names)]}{number}",
                last_initial=ALPHABET[8 + number % 23],  # the letters of the alphabet
                age_band=Participant.AgeBand.FROM_11,
                grade=rng.choice(("6", "7", "8")),
                token=code("Y", number, 7),
            )
            for number in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    participants = list(Participant.objects.filter(program=program).order_by("pk"))
    # A guardian's consent for nine in ten; the school's consent covers the rest.
    GuardianConsent.objects.bulk_create(
        (
            GuardianConsent(
                participant=participant,
                method=GuardianConsent.Method.PAPER,
                guardian_name="A parent",
                given_on=program.starts_on,
            )
            for number, participant in enumerate(participants)
            if number % 10
        ),
        batch_size=BATCH_SIZE,
    )
    return participants


def _attendance(sessions, participants, counts, rng):
    rows = []
    for number, session in enumerate(sessions):
        klass = number // counts["sessions_per_class"]
        members = participants[klass * counts["class_size"] : (klass + 1) * counts["class_size"]]
        rows += [
            Attendance(session=session, participant=p, present=rng.random() < 0.9) for p in members
        ]
    Attendance.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _responses(sessions, participants, counts, surveys, rng):
    def answers(spec, after, session, participant):
        found = Answers(spec)
        found.text("know-311", rng.randint(3, 5) if after else rng.randint(1, 3))
        found.single("reported", "yes" if rng.random() < (0.9 if after else 0.1) else "no")
        found.text("council", rng.randint(1, 5))
        found.multiple("ask-311", ["pothole", "graffiti"] if after else ["pothole"])
        found.text("speak-up", rng.randint(1, 5))
        if after:
            found.single("recommend", "yes")
        fields = {
            "segment": session.survey_segment,
            "pair_key": pseudonym(participant.token),
            "language": "en",
            "submitted_at": session.starts_at + timedelta(minutes=10),
        }
        return found.raw, fields

    per_class = counts["sessions_per_class"]
    for side, spec, after in (("pre", YOUTH_PRE, False), ("post", YOUTH_POST, True)):
        generated = []
        for klass in range(counts["classes"]):
            session = sessions[klass * per_class + (per_class - 1 if after else 0)]
            members = participants[
                klass * counts["class_size"] : (klass + 1) * counts["class_size"]
            ]
            generated += [answers(spec, after, session, p) for p in members]
        store(surveys[side], generated)


def _field_reports(sessions, participants, rng, now):
    kinds = list(
        ServiceCategory.objects.filter(
            locale=Locale.get_default(), code__in=("graffiti", "illegal-dumping", "pothole")
        )
    )
    held, reports, number = [], [], 0
    for session in sessions:
        for _ in range(REPORTS_PER_SESSION):
            category = kinds[number % len(kinds)]
            lat, lng = 40.03 + rng.uniform(-0.01, 0.01), -75.17 + rng.uniform(-0.01, 0.01)
            review = (
                FieldReport.Review.HELD
                if number % 10 in (0, 1, 2)
                else FieldReport.Review.REJECTED
                if number % 10 == 3
                else FieldReport.Review.RELEASED
            )
            field_report = FieldReport(
                session=session,
                participant=participants[number % len(participants)],
                category=category,
                description="Graffiti on the wall by the school.",
                lat=lat,
                lng=lng,
                filed_at=session.starts_at + timedelta(minutes=30),
                review=review,
            )
            if review == FieldReport.Review.RELEASED:
                status = rng.choice((ServiceReport.Status.SUBMITTED, ServiceReport.Status.RESOLVED))
                field_report.report = ServiceReport(
                    reference=code("Z8", number, 6),
                    category=category,
                    description=field_report.description,
                    lat=lat,
                    lng=lng,
                    channel=ServiceReport.Channel.YOUTH,
                    status=status,
                    submitted_at=field_report.filed_at + timedelta(hours=3),
                    closed_at=now if status == ServiceReport.Status.RESOLVED else None,
                )
                reports.append(field_report.report)
            held.append(field_report)
            number += 1
    ServiceReport.objects.bulk_create(reports, batch_size=BATCH_SIZE)
    for field_report in held:
        if field_report.report is not None:
            field_report.report_id = field_report.report.pk
    FieldReport.objects.bulk_create(held, batch_size=BATCH_SIZE)


@transaction.atomic
def seed_youth(volume, seed=20_261_205):
    rng = random.Random(seed)  # noqa: S311 (the same data every run, not a secret)
    now = timezone.now()
    counts = sizes(volume)
    surveys = _surveys()
    program = _program(surveys, now)
    sessions = _sessions(program, counts, now)
    participants = _participants(program, counts["participants"], rng)
    _attendance(sessions, participants, counts, rng)
    _responses(sessions, participants, counts, surveys, rng)
    _field_reports(sessions, participants, rng, now)
    return counts


_seeded = database.SeededCopies(
    "youth",
    seed_youth,
    [
        "youth_participant",
        "youth_attendance",
        "youth_session",
        "youth_fieldreport",
        "surveys_response",
        "surveys_answer",
        "reports_servicereport",
    ],
)


def seed(volume):
    _seeded.seed(volume)


# What the scenarios ask for ------------------------------------------------------------------


def url(name, *args):
    with translation.override("en"):
        return reverse(f"youth:{name}", args=args)


def program():
    return Program.objects.get(name=PROGRAM_NAME)


def busiest_session():
    """The session with the most field reports and attendance marks (the first class's
    first meeting: they all have as many; the first in date order)."""
    return Session.objects.filter(program=program()).order_by("starts_at", "pk").first()


def educator():
    return get_user_model().objects.get(email=EDUCATOR)
