"""The program report (PDF and CSV) for partners and funders: sessions, attendance, the
pre/post change, field reports and their outcome, photos of released reports; every group
of fewer than 5 participants reads "fewer than 5" and nothing is computed from it; nobody
is named."""

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from engage.accounts.roles import EDUCATOR
from engage.reports.models import ReportPhoto, ServiceReport
from engage.reports.services import change_status
from tests.factories import UserFactory
from tests.reports.factories import CategoryFactory, ReportFactory
from tests.youth.factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    answer_in_session,
    field_report,
    mark,
    survey_pair,
)

FEWER = "fewer than 5"
NAME = "Zephyrina"


@pytest.fixture
def educator(db):
    return UserFactory(roles=[EDUCATOR])


def make_program(educator, *, pairs, roster=None):
    """A program whose ``pairs`` participants answered before (none knew 311) and after
    (all knew), out of ``roster`` on the roster, all present at both sessions."""
    before, after = survey_pair()
    program = ProgramFactory(
        name="Lincoln 311 club", educators=[educator], pre_survey=before, post_survey=after
    )
    now = timezone.now()
    first = SessionFactory(
        program=program, title="Before", survey="pre", starts_at=now - datetime.timedelta(7)
    )
    last = SessionFactory(program=program, title="After", survey="post", starts_at=now)
    kids = [
        ParticipantFactory(program=program, first_name=f"{NAME}{n}", consent=True)
        for n in range(roster or pairs)
    ]
    for kid in kids[:pairs]:
        answer_in_session(first, before, {1: "No", 2: 2}, kid)
        answer_in_session(last, after, {1: "Yes", 2: 5}, kid)
    mark(first, kids)
    mark(last, kids)
    return program


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def value(rows, item, detail=""):
    return next(row[3] for row in rows if row[1] == item and row[2] == detail)


def get(client, educator, program, name):
    client.force_login(educator)
    response = client.get(reverse(f"youth:{name}", args=[program.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response


def test_five_pairs_show_the_change(client, educator):
    program = make_program(educator, pairs=5)
    text = pdf_text(get(client, educator, program, "program_report_pdf"))
    assert "Program report: Lincoln 311 club" in text
    assert "Answered before and after: 5." in text
    assert "0 % 100 % +100" in text  # "Yes": nobody before, everyone after
    assert "2 5 +3" in text  # the mean of the rating
    assert "before and after: fewer" not in text and "Not shown" not in text
    rows = csv_rows(get(client, educator, program, "program_report_csv"))
    assert rows[0][:4] == ["Section", "Item", "Detail", "Value"]
    assert value(rows, "Participants") == "5"
    assert value(rows, "Answered before and after") == "5"
    yes = next(row for row in rows if row[1] == "Do you know what 311 is?" and row[2] == "Yes")
    assert yes[4:] == ["0.0", "100.0", "100.0"]
    mean = next(row for row in rows if row[1] == "How sure?" and row[2] == "Mean")
    assert mean[4:] == ["2.0", "5.0", "3.0"]


def test_four_pairs_are_fewer_than_five_and_show_no_share(client, educator):
    program = make_program(educator, pairs=4)
    text = pdf_text(get(client, educator, program, "program_report_pdf"))
    assert "Answered before and after: fewer than 5." in text
    assert "Not shown: fewer than 5 participants answered it before and after." in text
    assert "100 %" not in text and "+100" not in text
    rows = csv_rows(get(client, educator, program, "program_report_csv"))
    assert value(rows, "Participants") == FEWER
    assert value(rows, "Answered before and after") == FEWER
    assert value(rows, "Attendance rate") == "–"  # 8 marks, but of 4 people
    assert not any(row[4] or row[5] or row[6] for row in rows[1:])  # no before/after at all
    assert not any("100" in cell for row in rows[1:] for cell in row[3:])


def test_small_sessions_hide_their_count_and_rate(client, educator):
    program = make_program(educator, pairs=5, roster=5)
    session = program.sessions.first()
    mark(session, list(program.participants.all())[2:], present=False)  # 2 of 5 present
    rows = csv_rows(get(client, educator, program, "program_report_csv"))
    item = next(row[1] for row in rows if row[0] == "Session" and row[1].endswith("Before"))
    assert value(rows, item, "Present") == FEWER
    assert value(rows, item, "Attendance rate") == "40\u00a0%"  # 5 marked: a rate of 5
    # The session's answers: 5 answered, shown.
    answered = [row for row in rows if "(Before)" in row[2] and ":" not in row[2]]
    assert {row[3] for row in answered} == {"5"}


def test_nobody_is_named_in_the_report(client, educator):
    program = make_program(educator, pairs=6)
    text = pdf_text(get(client, educator, program, "program_report_pdf"))
    body = b"".join(get(client, educator, program, "program_report_csv").streaming_content)
    assert NAME not in text
    assert NAME.encode() not in body


def photo_file():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="wall.jpg")


def test_field_reports_their_outcome_and_released_photos(client, educator):
    program = make_program(educator, pairs=5)
    session = program.sessions.first()
    graffiti = CategoryFactory(name="Graffiti")
    fixed = ReportFactory(category=graffiti, channel=ServiceReport.Channel.YOUTH)
    change_status(fixed, ServiceReport.Status.RESOLVED)
    ReportPhoto.objects.create(report=fixed, image=photo_file())
    field_report(session, graffiti, "released", report=fixed)
    field_report(session, graffiti, "rejected")
    field_report(session, graffiti, "held")
    text = pdf_text(get(client, educator, program, "program_report_pdf"))
    assert "Graffiti 3 1 1 0 0 1" in text  # filed, sent, fixed, open, closed, not sent
    assert "Photos of the reports sent to the city" in text
    assert f"{fixed.reference} · Graffiti · Resolved" in text
    rows = csv_rows(get(client, educator, program, "program_report_csv"))
    assert value(rows, "Graffiti", "Filed") == "3"
    assert value(rows, "Graffiti", "Fixed") == "1"
    assert value(rows, "Graffiti", "Waiting for review") == "1"


def test_no_photo_of_a_report_not_released(client, educator):
    program = make_program(educator, pairs=5)
    graffiti = CategoryFactory(name="Graffiti")
    elsewhere = ReportFactory(category=graffiti)
    ReportPhoto.objects.create(report=elsewhere, image=photo_file())
    text = pdf_text(get(client, educator, program, "program_report_pdf"))
    assert "Photos of the reports sent to the city" not in text


def test_only_the_programs_educators_and_staff(client, educator):
    program = make_program(educator, pairs=5)
    client.force_login(UserFactory(roles=[EDUCATOR]))
    for name in ("program_report_pdf", "program_report_csv"):
        assert client.get(reverse(f"youth:{name}", args=[program.pk])).status_code == 404
