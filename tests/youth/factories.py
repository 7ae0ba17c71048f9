"""Factories for the youth part, shared by every test module about it.

    educator = EducatorFactory()
    program = ProgramFactory(educators=[educator])          # this term, no consent
    session = SessionFactory(program=program)                # next week, closed
    open_session(session)                                    # its code works for 2 hours
    child = ParticipantFactory(program=program, consent=True)
    curriculum = make_curriculum(lessons=3)                  # published pages

They write rows directly (not through the services), so a test of a service starts from a
known state; the states they make are ones the services can reach.
"""

import datetime
import itertools

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from engage.accounts.roles import EDUCATOR
from engage.core.models import SectionPage
from tests.factories import UserFactory
from tests.ideas.factories import home_page
from youth.models import (
    CurriculumPage,
    GuardianConsent,
    LessonPage,
    Participant,
    Program,
    Session,
)

_counter = itertools.count(1)


class EducatorFactory(UserFactory):
    """A user with the Educator role."""

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if create:
            user.groups.add(*Group.objects.filter(name__in=extracted or [EDUCATOR]))


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Youth program {n}")
    site = "Lincoln Middle School"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))

    @factory.post_generation
    def educators(program, create, extracted, **kwargs):
        if create and extracted:
            program.educators.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    place = "Room 12"


def open_session(session, hours=2):
    """The session open now, its code working for ``hours`` (no survey code is made)."""
    now = timezone.now()
    session.opened_at = now
    session.open_until = now + datetime.timedelta(hours=hours)
    session.save(update_fields=["opened_at", "open_until"])
    return session


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    first_name = factory.Sequence(lambda n: f"Kid{n}")
    last_initial = "R"
    age_band = Participant.AgeBand.FROM_11

    @factory.post_generation
    def consent(participant, create, extracted, **kwargs):
        if create and extracted:
            GuardianConsent.objects.create(
                participant=participant,
                method=GuardianConsent.Method.PAPER,
                guardian_name="A. Parent",
                guardian_contact="parent@example.org",
                given_on=timezone.localdate(),
            )


def youth_section():
    section = SectionPage.objects.filter(locale=Locale.get_default(), slug="youth").first()
    if section is None:
        section = SectionPage(title="Youth programs", slug="youth")
        home_page().add_child(instance=section)
        section.save_revision().publish()
    return section


def make_curriculum(lessons=3, body=None, **fields):
    """A published curriculum with ``lessons`` published lessons (``body``: each lesson's
    StreamField data, default one objective and one activity)."""
    fields.setdefault("title", f"Curriculum {next(_counter)}")
    fields.setdefault("slug", slugify(fields["title"]))
    curriculum = CurriculumPage(**fields)
    youth_section().add_child(instance=curriculum)
    curriculum.save_revision().publish()
    for number in range(1, lessons + 1):
        lesson = LessonPage(
            title=f"Lesson {number}",
            slug=f"lesson-{number}",
            summary=f"What lesson {number} is about.",
            duration_minutes=45,
            body=body
            or [
                ("objectives", ["Name three things the city does"]),
                (
                    "activity",
                    {"title": "Warm-up", "minutes": 10, "instructions": "<p>Talk in pairs.</p>"},
                ),
            ],
        )
        curriculum.add_child(instance=lesson)
        lesson.save_revision().publish()
    return CurriculumPage.objects.get(pk=curriculum.pk)


# --- Field reports (the review queue) -------------------------------------------------------


def photo_bytes(size=(40, 30), colour=(200, 30, 30)):
    """A small JPEG, as a participant's phone would send (re-encoded like a held photo)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


class FieldReportFactory(factory.django.DjangoModelFactory):
    """A held field report filed in ``session`` by ``participant`` (anonymous when None).

    ``FieldReportFactory(photos=2)`` adds two held photos."""

    class Meta:
        model = "youth.FieldReport"
        skip_postgeneration_save = True

    session = factory.SubFactory(SessionFactory)
    participant = None
    category = factory.SubFactory("tests.reports.factories.CategoryFactory")
    description = "Graffiti on the wall by the bus stop."
    lat = 40.005
    lng = -74.995
    address = "12 Main Street"

    @factory.post_generation
    def photos(field_report, create, extracted, **kwargs):
        from django.core.files.base import ContentFile

        for _number in range(extracted or 0):
            field_report.photos.create(image=ContentFile(photo_bytes(), name="held.jpg"))


def make_educator(**fields):
    return EducatorFactory(**fields)


# Results: surveys before and after, answers paired by handout code, attendance, field
# reports and what became of them. -----------------------------------------------------------


def survey_pair(questions=None):
    """A "before" and an "after" survey (audience: code) with their questions matched one
    to one. ``questions``: a function giving the question blocks (called once for each
    survey, so each gets its own ids); by default "Do you know what 311 is?" (Yes/No) and
    a 1–5 rating "How sure?"."""
    from surveys.models import Audience, QuestionMatch
    from tests.surveys.factories import make_survey, q

    questions = questions or (
        lambda: [q.single("Do you know what 311 is?", ["Yes", "No"]), q.rating("How sure?")]
    )
    before = make_survey(questions(), title=f"Before {next(_counter)}", audience=Audience.CODE)
    after = make_survey(
        questions(), title=f"After {next(_counter)}", audience=Audience.CODE, pre_survey=before
    )
    for order, number in enumerate(range(1, len(after.structure.questions) + 1)):
        QuestionMatch.objects.create(
            page=after, pre_question=number, post_question=number, sort_order=order
        )
    return before, after


def answer_in_session(session, survey, answers, participant=None):
    """A response to ``survey`` given in ``session`` (its segment), paired by the
    participant's handout code when ``participant`` is given, as the join page does."""
    from surveys.pairing import pseudonym
    from surveys.services import submit_response
    from tests.surveys.factories import raw

    if not session.survey_segment:
        session.survey_segment = f"{session.program.name} · {session.title}"
        session.save(update_fields=["survey_segment"])
    return submit_response(
        survey,
        raw(survey, answers),
        segment=session.survey_segment,
        pair_key=pseudonym(participant.token) if participant else "",
    )


def mark(session, participants, present=True):
    from youth.models import Attendance

    for participant in participants:
        Attendance.objects.update_or_create(
            session=session, participant=participant, defaults={"present": present}
        )


def field_report(session, category, review="held", report=None, **fields):
    """A field report of ``session``: held by default; "released" with its service
    ``report``; "rejected" with a reason."""
    from youth.models import FieldReport

    fields.setdefault("description", "Graffiti on the wall of the corner store.")
    fields.setdefault("reason", "A face in the photo." if review == "rejected" else "")
    return FieldReport.objects.create(
        session=session, category=category, review=review, report=report, **fields
    )


# --- programs: staff, and the surveys a session runs --------------------------------------


def make_staff(**fields):
    return UserFactory(roles=["Staff"], **fields)


def make_code_survey(title=None, **fields):
    """A published survey whose audience is "people with an access code" (what a program's
    survey before or after must be), with one yes/no question."""
    from surveys.models import Audience
    from tests.surveys.factories import make_survey, q

    fields.setdefault("audience", Audience.CODE)
    if title:
        fields["title"] = title
    return make_survey([q.single("Do you know what 311 is?", ["Yes", "No"])], **fields)
