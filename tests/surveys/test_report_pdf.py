"""The results report as a PDF: staff only, the filters at the top, the numbers and charts
of every question, numbered pages."""

import io
import re

import pytest
from django.http import Http404
from django.test import Client
from pypdf import PdfReader

from surveys.services import submit_response
from tests.surveys.factories import raw
from tests.surveys.test_results import park, staff, when  # noqa: F401 - fixtures


def report_url(survey):
    return survey.url + "results/pdf/"


def get_report(page, user=None, query=""):
    """The report through the site's URLs, as a browser asks for it."""
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(report_url(page) + query)
    if response.status_code == 404:
        raise Http404
    return response


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_staff_get_a_pdf_with_the_numbers_and_page_numbers(park, staff):  # noqa: F811
    response = get_report(park, staff)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.match(
        r'attachment; filename="survey-\d+-results-\d{4}-\d\d-\d\d\.pdf"',
        response["Content-Disposition"],
    )
    reader, text = pdf_text(response)
    assert len(reader.pages) >= 1
    assert "Results: " + park.title in text
    assert "Favourite colour" in text
    assert "How clean is the park?" in text
    assert "4 responses." in text
    assert "No filters: all responses are counted." in text
    # The data tables: Red was chosen by 2 of 4 (50 %); the mean rating is 4, the median 4.5.
    assert re.search(r"Red 2 50 %", text)
    assert "4.5" in text
    assert "Oak Avenue" in text and "Green" in text
    assert re.search(r"1 / \d+", text)
    # The charts are in it as vector drawings with their labels as text.
    assert text.count("Lights") >= 2


def test_the_filters_are_listed_and_applied(park, staff):  # noqa: F811
    response = get_report(park, staff, "?since=2025-05-02&until=2025-05-03&segment=Nope")
    assert response.status_code == 200
    _reader, text = pdf_text(response)
    assert "Filters applied:" in text
    assert "From: May 2, 2025" in text
    assert "To: May 3, 2025" in text
    assert "2 responses match the filters." in text
    assert "Ignored (not understood): Segment: “Nope”" in text
    assert "Main Street" not in text  # sent on day 1


def test_a_long_report_has_numbered_pages(park, staff):  # noqa: F811
    for n in range(40):
        submit_response(
            park,
            raw(park, {1: ("Other", f"Colour number {n}"), 2: ["Cat"], 7: f"Street {n}"}),
            submitted_at=when(10),
        )
    reader, text = pdf_text(get_report(park, staff, "?cross_row=1&cross_col=2"))
    pages = len(reader.pages)
    assert pages >= 2
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text
    assert "44 responses." in text
    # Only the newest typed answers are printed, and the report says how many there are.
    assert "41 answers; the newest 10 are below." in text
    assert "Colour number 39" in text and "Colour number 0 " not in text
    assert "Cross-tabulation" in text


def test_only_staff_get_the_report(park, resident):  # noqa: F811
    anonymous = get_report(park)
    assert anonymous.status_code == 302
    assert "login" in anonymous.url
    with pytest.raises(Http404):
        get_report(park, resident)
    park.results_public = True
    park.save_revision().publish()
    with pytest.raises(Http404):
        get_report(park, resident)


@pytest.mark.parametrize("query", ["?since=garbage", "?cross_row=9&cross_col=x"])
def test_bad_parameters_still_give_a_report(park, staff, query):  # noqa: F811
    response = get_report(park, staff, query)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


# Tagged, and laid out for reading ---------------------------------------------------------

A4_HEIGHT = 842  # points
CONTENT_TOP, CONTENT_BOTTOM = A4_HEIGHT - 51, 57  # pdf.css: 18 mm and 20 mm margins


@pytest.fixture
def long_survey(db):
    """Fourteen questions of the kinds that make tall results (charts, tables, texts)."""
    from tests.surveys.factories import make_survey, q

    options = ["Never", "Once a year", "Every month", "Every week", "Every day"]
    blocks = []
    for n in range(1, 15):
        kind = n % 4
        if kind == 0:
            blocks.append(q.single(f"How often do you visit place {n}?", options))
        elif kind == 1:
            blocks.append(q.rating(f"How clean is place {n}?"))
        elif kind == 2:
            blocks.append(q.multiple(f"What do you do at place {n}?", options))
        else:
            blocks.append(q.long(f"What would you change at place {n}?"))
    survey = make_survey(blocks, title="Places survey")
    for person in range(12):
        answers = {}
        for question in survey.structure.questions:
            if question.kind == "single_choice":
                answers[question.number] = options[person % 5]
            elif question.kind == "rating":
                answers[question.number] = str(1 + person % 5)
            elif question.kind == "multiple_choice":
                answers[question.number] = options[: 1 + person % 4]
            else:
                answers[question.number] = f"Answer {person} to question {question.number}. " * 3
        submit_response(survey, raw(survey, answers))
    return survey


def text_positions(reader):
    """Each page's pieces of text with their height from the bottom of the page, leaving
    out the page number in the bottom margin."""
    pages = []
    for page in reader.pages:
        found = []

        def visit(text, cm, tm, _font, _size, found=found):
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]  # the text's place on the page
            if text.strip() and y > CONTENT_BOTTOM - 10:
                found.append((y, " ".join(text.split())))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def test_the_report_is_a_tagged_pdf_in_the_page_language(long_survey, staff):  # noqa: F811
    reader, _text = pdf_text(get_report(long_survey, staff))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"


def test_headings_stay_with_their_charts_and_no_page_is_half_empty(long_survey, staff):  # noqa: F811
    reader, _text = pdf_text(get_report(long_survey, staff))
    pages = text_positions(reader)
    assert len(pages) >= 3

    def place_of(text):
        """(page index, height) of the piece of text that is ``text``."""
        for number, found in enumerate(pages):
            for y, piece in found:
                if piece == text:
                    return number, y
        raise AssertionError(f"{text!r} is not in the PDF")

    for question in long_survey.structure.questions:
        heading = f"{question.number}. {question.label}"
        number, heading_y = place_of(heading)
        below = [piece for y, piece in pages[number] if y < heading_y]
        assert below, f"{heading!r} is the last thing on page {number + 1}"
        # How many answered, and a choice question's chart and data table, come with it.
        assert below[0] == "12 of 12 people answered this question.", heading
        if question.is_choice:
            caption = f"Answers to question {question.number}"
            assert place_of(caption)[0] == number, f"{heading!r} and its figure are apart"
    for number, found in enumerate(pages[:-1], 1):
        lowest = min(y for y, _t in found)
        filled = (CONTENT_TOP - lowest) / (CONTENT_TOP - CONTENT_BOTTOM)
        assert filled > 0.55, f"page {number} is only {filled:.0%} full"
