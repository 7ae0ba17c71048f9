"""The demo program: a term of the 311 center's Youth Engagement Program at a middle
school, run by the demo educator (educator@example.org, Ms. Evans).

``load_demo_program(curriculum)`` is called by ``load_demo_youth`` after the demo users,
neighborhoods, report categories and surveys exist. It is safe to run again and again: the
program is looked up by name and nothing is added when it is there. It makes:

* the program at Lincoln Middle School (Germantown), its partners (a police cadet
  program, the library, the Community Life Improvement Program), four past sessions
  teaching the curriculum's lessons in order (when a curriculum is given);
* 28 participants (first name and last initial), 26 with a guardian's consent on paper,
  two without (the educator's pages show who is missing consent), attendance at each
  session;
* the survey before in the first session and the survey after in the last (the demo youth
  surveys ``youth-program-before``/``-after``), answered by the participants with consent
  who were there, paired by their handout code through ``surveys.services.submit_response``
  exactly as the join page pairs them. 25 answer before and 25 after, 24 of them both:
  among those 24, "Have you ever reported a problem to the city?" goes from yes for 2
  (8 %) to yes for 23 (96 %), the kind of change the program reported;
* 25 field reports from the neighborhood walk of the first session, mostly graffiti, then
  illegal dumping: 21 sent to the city as ordinary service reports (channel "youth
  session", no contact details, no filer), some fixed since, some in progress; one not
  sent (a face in the photo); three still waiting for the educator's review.

Everything is drawn from ``random.Random(SEED)``, so the demo is the same every time
except the handout codes (``secrets``, like real ones).
"""

import io
import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.models import Locale

from engage.neighborhoods import geometry
from engage.neighborhoods.models import Neighborhood
from engage.reports import services as reports
from engage.reports.models import ReportEvent, ReportPhoto, ServiceCategory, ServiceReport
from surveys.demo import YOUTH_POST, YOUTH_PRE, Answers
from surveys.models import AccessCode, SurveyPage
from surveys.pairing import pseudonym
from surveys.services import submit_response

from ..models import (
    Attendance,
    FieldReport,
    GuardianConsent,
    Participant,
    Partner,
    Program,
    Session,
)

SEED = 311_2026
PROGRAM_NAME = "Youth Engagement Program: Lincoln Middle School"
EDUCATOR_EMAIL = "educator@example.org"
STAFF_EMAIL = "staff@example.org"
NEIGHBORHOOD = "germantown"

PARTNERS = [
    (
        "Police Cadet Program",
        "High-school cadets who talk with younger students about safety and their city.",
    ),
    ("Free Library, Germantown branch", "Hosts the sessions and lends the tablets."),
    (
        "Community Life Improvement Program",
        "The city crew that removes graffiti and cleans vacant lots.",
    ),
]

# (title, days ago, place, presenters, survey, partner names)
SESSIONS = [
    (
        "How my city works",
        35,
        "Room 204, Lincoln Middle School",
        "",
        Session.Survey.PRE,
        [],
    ),
    (
        "311 and how to report: the neighborhood walk",
        28,
        "Meet at the school's front steps",
        "Two cadets of the Police Cadet Program",
        Session.Survey.NONE,
        ["Police Cadet Program"],
    ),
    (
        "Meeting the people who fix things",
        21,
        "Free Library, Germantown branch",
        "A CLIP crew leader",
        Session.Survey.NONE,
        ["Community Life Improvement Program", "Free Library, Germantown branch"],
    ),
    (
        "Making a difference",
        14,
        "Room 204, Lincoln Middle School",
        "",
        Session.Survey.POST,
        [],
    ),
]
WALK_SESSION = 1  # the neighborhood walk: the field reports

FIRST_NAMES = [
    "Aaliyah", "Amir", "Ana", "Bryce", "Camila", "Darnell", "Destiny", "Elijah", "Fatima",
    "Gabriel", "Hana", "Isaiah", "Jada", "Jayden", "Kiara", "Liam", "Luis", "Maya", "Malik",
    "Nia", "Omar", "Priya", "Quinn", "Rosa", "Samir", "Tiana", "Victor", "Zoe",
]  # fmt: skip
INITIALS = "ABCDGHJKLMNPRSTW"
WITHOUT_CONSENT = ("Quinn", "Victor")  # the educator still waits for their forms
ABSENT = {0: ["Samir"], 1: ["Jada", "Omar"], 2: ["Liam", "Hana", "Bryce"], 3: ["Gabriel"]}

# What the 25 reports of the walk were about, in the order they were filed.
WALK_REPORTS = (
    [("graffiti", text) for text in (
        "Big tag on the side wall of the corner store on Chelten Ave.",
        "Graffiti on the fence around the basketball court.",
        "Someone sprayed the bus shelter, you can't read the map.",
        "Tags on the mailbox in front of the library.",
        "Graffiti on the wall of the empty house next to the laundromat.",
        "Spray paint on the stop sign at the corner.",
        "Names painted on the playground slide.",
        "Graffiti under the railroad bridge, both sides.",
        "Tags all over the back door of the pharmacy.",
        "Graffiti on the traffic signal box.",
        "Bad words painted on the garage door in the alley.",
        "Graffiti on the wall of the rec center, near the entrance.",
        "Tag on the bench at the bus stop.",
        "Spray paint on the trash can by the school.",
        "Graffiti on the church parking lot wall.",
    )]
    + [("illegal-dumping", text) for text in (
        "A pile of tires in the vacant lot behind the school.",
        "Mattress and a couch left on the sidewalk.",
        "Bags of trash dumped in the alley, it smells.",
        "Old TV and boxes left next to the playground.",
        "Construction stuff dumped in the empty lot on Wayne Ave.",
        "Someone left a broken fridge on the corner.",
        "Trash bags thrown over the fence of the lot.",
        "Tires and a shopping cart in the creek path.",
    )]
    + [
        ("streetlight-out", "The streetlight in front of the school is out."),
        ("pothole", "Deep pothole at the crosswalk by the library."),
    ]
)  # fmt: skip
HELD = {22, 23, 24}  # the last three: still waiting for the educator's review
REJECTED = {10: "A face is visible in both photos; filed again without them."}
# What the city did since with some of the 21 sent (by position among the sent ones).
RESOLVED = {0, 1, 2, 3, 5, 6, 8, 9, 13, 15, 16, 18}
IN_PROGRESS = {4, 7, 11, 17}
PHOTOGRAPHED = {0, 1, 15}


def load_demo_program(curriculum):
    """The demo program (created once); ``None`` when the demo educator is missing."""
    existing = Program.objects.filter(name=PROGRAM_NAME).first()
    if existing is not None:
        return existing
    educator = get_user_model().objects.filter(email=EDUCATOR_EMAIL).first()
    if educator is None:
        return None
    with transaction.atomic():
        return _create(curriculum, educator)


def _create(curriculum, educator):
    rng = random.Random(SEED)  # noqa: S311 (the same demo every time, not a secret)
    today = timezone.localdate()
    neighborhood = Neighborhood.objects.filter(slug=NEIGHBORHOOD).first()
    surveys = _demo_surveys()
    program = Program.objects.create(
        name=PROGRAM_NAME,
        description=(
            "Seventh graders learn what local government does and how to use 311, walk "
            "their neighborhood and report what needs fixing, meet the people who fix it, "
            "and see what their reports changed."
        ),
        site="Lincoln Middle School",
        neighborhood=neighborhood,
        starts_on=today - timedelta(days=42),
        ends_on=today + timedelta(days=30),
        curriculum=curriculum,
        pre_survey=surveys.get("pre"),
        post_survey=surveys.get("post"),
        created_by=educator,
    )
    program.educators.add(educator)
    partners = {}
    for name, description in PARTNERS:
        partners[name], _ = Partner.objects.get_or_create(
            name=name, defaults={"description": description}
        )
    program.partners.set(partners.values())
    sessions = _sessions(program, curriculum, partners, neighborhood, surveys)
    participants = _participants(program, educator, rng)
    _attendance(sessions, participants, educator)
    if surveys:
        _answers(sessions, participants, surveys, rng)
    _field_reports(sessions[WALK_SESSION], participants, educator, neighborhood, rng)
    return program


def _demo_surveys():
    """{"pre": page, "post": page} of the demo youth surveys, or {} without them."""
    pages = {
        side: SurveyPage.objects.filter(slug=spec["en"]["slug"], locale=Locale.get_default())
        .live()
        .first()
        for side, spec in (("pre", YOUTH_PRE), ("post", YOUTH_POST))
    }
    return pages if all(pages.values()) else {}


def _at(days_ago, hour):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _sessions(program, curriculum, partners, neighborhood, surveys):
    lessons = list(curriculum.lessons()) if curriculum is not None else []
    sessions = []
    for number, (title, days_ago, place, presenters, survey, names) in enumerate(SESSIONS):
        starts_at = _at(days_ago, 13)
        session = Session.objects.create(
            program=program,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            place=place,
            neighborhood=neighborhood,
            lesson=lessons[number] if number < len(lessons) else None,
            presenters=presenters,
            survey=survey if surveys else Session.Survey.NONE,
            # Opened for the class, closed at the end, as the educator did.
            opened_at=starts_at,
            open_until=starts_at + timedelta(hours=2),
        )
        session.partners.set([partners[name] for name in names])
        if session.survey:
            # What opening the session does: the survey's code is the join code, and the
            # answers carry the session as their segment.
            session.survey_segment = f"{program.name} · {title} · {starts_at:%d %b %Y}"[:120]
            session.access_code = AccessCode.objects.create(
                survey=surveys[session.survey],
                code=session.join_code,
                segment=session.survey_segment,
                valid_until=session.open_until,
            )
            session.save(update_fields=["survey_segment", "access_code"])
        sessions.append(session)
    return sessions


def _participants(program, educator, rng):
    participants = []
    for number, first_name in enumerate(FIRST_NAMES):
        participant = Participant.objects.create(
            program=program,
            first_name=first_name,
            last_initial=INITIALS[(number * 7) % len(INITIALS)],
            age_band=Participant.AgeBand.FROM_11 if number % 9 else Participant.AgeBand.FROM_14,
            school="Lincoln Middle School",
            grade="7",
        )
        if first_name not in WITHOUT_CONSENT:
            GuardianConsent.objects.create(
                participant=participant,
                method=GuardianConsent.Method.PAPER,
                guardian_name=f"Parent of {first_name}",
                guardian_contact=f"215-555-{1000 + number * 37}",
                given_on=program.starts_on + timedelta(days=rng.randint(0, 5)),
                recorded_by=educator,
            )
        participants.append(participant)
    return participants


def _attendance(sessions, participants, educator):
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            participant=participant,
            present=participant.first_name not in ABSENT[number],
            marked_by=educator,
        )
        for number, session in enumerate(sessions)
        for participant in participants
    )


def _answers(sessions, participants, surveys, rng):
    """The participants with consent who were there answer, paired by handout code."""
    with_consent = [p for p in participants if p.first_name not in WITHOUT_CONSENT]
    pre_session, post_session = sessions[0], sessions[-1]
    before = [p for p in with_consent if p.first_name not in ABSENT[0]]
    after = [p for p in with_consent if p.first_name not in ABSENT[len(sessions) - 1]]
    # 2 had reported something before; after the walk, all but one of those who answered.
    reported_before = {p.pk for p in before[:2]}
    reported_after = {p.pk for p in after[1:]}
    for side, session, who, reported in (
        ("pre", pre_session, before, reported_before),
        ("post", post_session, after, reported_after),
    ):
        spec = YOUTH_PRE if side == "pre" else YOUTH_POST
        for participant in who:
            answers = _answers_of(spec, side, participant.pk in reported, rng)
            submit_response(
                surveys[side],
                answers.raw,
                segment=session.survey_segment,
                pair_key=pseudonym(participant.token),
                language="en",
                submitted_at=session.starts_at + timedelta(minutes=rng.randrange(5, 25)),
            )


def _rating(rng, mean):
    return min(5, max(1, round(rng.gauss(mean, 0.8))))


def _answers_of(spec, side, reported, rng):
    after = side == "post"
    answers = Answers(spec)
    answers.text("know-311", _rating(rng, 4.3 if after else 1.8))
    answers.single("reported", "yes" if reported else "no")
    answers.text("council", _rating(rng, 3.6 if after else 1.7))
    options = ["pothole", "graffiti", "streetlight", "lot"]
    known = 4 if after else max(1, min(4, round(rng.gauss(1.6, 0.7))))
    answers.multiple("ask-311", rng.sample(options, known))
    answers.text("speak-up", _rating(rng, 3.2 if after else 2.1))
    if after:
        answers.single("recommend", "yes" if rng.random() < 0.8 else "maybe")
    else:
        answers.text("age", rng.choice((12, 12, 13)))
    return answers


def _field_reports(session, participants, educator, neighborhood, rng):
    categories = {
        category.code: category
        for category in ServiceCategory.objects.filter(
            code__in={code for code, _text in WALK_REPORTS}, locale=Locale.get_default()
        )
    }
    if len(categories) < len({code for code, _text in WALK_REPORTS}):
        return  # the reports demo is not loaded: no categories to file in
    staff = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    filers = [p for p in participants if p.first_name not in WITHOUT_CONSENT]
    points = _walk_points(neighborhood, len(WALK_REPORTS), rng)
    sent = 0
    for number, ((code, text), (lat, lng)) in enumerate(zip(WALK_REPORTS, points, strict=True)):
        filed_at = session.starts_at + timedelta(minutes=20 + number * 3)
        field_report = FieldReport(
            session=session,
            participant=filers[number % len(filers)],
            category=categories[code],
            description=text,
            lat=lat,
            lng=lng,
            address=f"{5100 + number * 12} Germantown Ave",
            neighborhood=neighborhood,
            filed_at=filed_at,
        )
        if number in HELD:
            field_report.save()
            continue
        field_report.reviewed_by = educator
        field_report.reviewed_at = session.starts_at + timedelta(hours=3)
        if number in REJECTED:
            field_report.review = FieldReport.Review.REJECTED
            field_report.reason = REJECTED[number]
            field_report.save()
            continue
        field_report.review = FieldReport.Review.RELEASED
        field_report.report = _file(field_report, sent, staff, rng)
        field_report.save()
        sent += 1


def _walk_points(neighborhood, count, rng):
    """Points a few blocks around the school, inside its neighborhood when there is one
    (Germantown, around the middle of its outline)."""
    if neighborhood is None:
        centre, half, inside = (40.035, -75.175), (0.004, 0.004), None
    else:
        centre = (
            (neighborhood.min_lat + neighborhood.max_lat) / 2,
            (neighborhood.min_lng + neighborhood.max_lng) / 2,
        )
        half = (
            (neighborhood.max_lat - neighborhood.min_lat) / 2,
            (neighborhood.max_lng - neighborhood.min_lng) / 2,
        )
        inside = neighborhood.boundary
    points, spread = [], 0.15
    while len(points) < count:
        lat = round(centre[0] + rng.uniform(-spread, spread) * half[0], 6)
        lng = round(centre[1] + rng.uniform(-spread, spread) * half[1], 6)
        if inside is None or geometry.contains(inside, lat=lat, lng=lng):
            points.append((lat, lng))
        else:  # an odd outline: look a little wider
            spread = min(1.0, spread + 0.05)
    return points


def _file(field_report, position, staff, rng):
    """The service report a released field report became, and what the city did since."""
    report = reports.file_report(
        category=field_report.category,
        description=field_report.description,
        lat=field_report.lat,
        lng=field_report.lng,
        address=field_report.address,
        channel=ServiceReport.Channel.YOUTH,
        submitted_at=field_report.reviewed_at,
    )
    if position in RESOLVED:
        reports.change_status(
            report,
            ServiceReport.Status.IN_PROGRESS,
            actor=staff,
            public_note="A crew is scheduled.",
        )
        report = reports.change_status(
            report,
            ServiceReport.Status.RESOLVED,
            actor=staff,
            public_note="Cleaned up. Thank you to the students who reported it.",
        )
    elif position in IN_PROGRESS:
        report = reports.change_status(
            report,
            ServiceReport.Status.IN_PROGRESS,
            actor=staff,
            public_note="A crew is scheduled.",
        )
    _spread_history(report, rng)
    if position in PHOTOGRAPHED:
        ReportPhoto.objects.create(report=report, image=_photo(field_report, position))
    return report


def _spread_history(report, rng):
    """The report's status changes spread over the days after it was sent, not all now."""
    events = list(report.events.order_by("created_at", "pk"))
    when = report.submitted_at
    for event in events:
        ReportEvent.objects.filter(pk=event.pk).update(created_at=when)
        if event.to_status in (ServiceReport.Status.RESOLVED, ServiceReport.Status.CLOSED):
            ServiceReport.objects.filter(pk=report.pk).update(closed_at=when)
        when += timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 8))


def _photo(field_report, position):
    """A drawn photo (a wall and what is on it): the demo ships no pictures of people."""
    image = Image.new("RGB", (640, 480), (176, 160, 140))
    draw = ImageDraw.Draw(image)
    for row in range(0, 480, 40):  # bricks
        offset = 0 if row % 80 else 30
        for column in range(-offset, 640, 60):
            draw.rectangle([column, row, column + 56, row + 36], outline=(150, 130, 110), width=2)
    colours = [(200, 30, 60), (40, 90, 200), (30, 150, 60)]
    if field_report.category.code == "graffiti":
        for stroke in range(6):
            x = 80 + stroke * 80
            draw.line(
                [(x, 300), (x + 40, 160), (x + 70, 320)],
                fill=colours[(stroke + position) % 3],
                width=14,
            )
    else:
        draw.rectangle([0, 360, 640, 480], fill=(120, 120, 110))
        for pile in range(5):
            x = 60 + pile * 110
            draw.ellipse([x, 300, x + 100, 400], fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"youth-demo-{position}.jpg")
