"""The staff CSV of a survey's responses: one row per response, one value per cell,
filtered like the results page, streamed, formulas neutralised, no personal data."""

import csv
import datetime
import io
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from engage.accounts.roles import MODERATOR, STAFF
from surveys import exports, services
from surveys.models import Response, SurveyPage
from surveys.questions import QUESTION_KINDS
from tests.factories import UserFactory
from tests.surveys.factories import every_type_survey, make_survey, q, raw

FIXED = ["Response ID", "Submitted at", "Channel", "Language", "Neighborhood", "Segment"]

EVERY_TYPE_HEADER = [
    *FIXED,
    "1. Your street",
    "2. How many years have you lived here?",
    "3. Do you use the park?",
    "3. Do you use the park? (other)",
    "4. What do you do there?: Walk",
    "4. What do you do there?: Play",
    "4. What do you do there?: Sport",
    "4. What do you do there?: Picnic",
    "5. How clean is it?",
    "6. When did you last go?",
    "7. Rank these improvements: Lights",
    "7. Rank these improvements: Benches",
    "7. Rank these improvements: Trees",
    "8. Rate these: Paths",
    "8. Rate these: Toilets",
    "9. Anything else?",
]

# Every required question of every_type_survey answered, question 4 shown ("Yes").
ANSWERS = {
    1: "Elm Street",
    2: "12",
    3: "Yes",
    4: ["Walk", "Sport"],
    5: "4",
    6: "2026-05-31",
    7: ["Trees", "Lights", "Benches"],
    8: {"Paths": "OK", "Toilets": "Bad"},
    9: "More bins",
}


def csv_url(survey, **params):
    url = survey.url + survey.reverse_subpage("results_csv_view")
    return f"{url}?{urlencode(params)}" if params else url


def download(client, survey, **params):
    response = client.get(csv_url(survey, **params))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    raw_bytes = b"".join(response.streaming_content)
    assert raw_bytes.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(raw_bytes.decode("utf-8-sig"))))


def as_dicts(table):
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]


def spanish_copy(survey, labels, options):
    """The survey translated to Spanish: question ``labels`` by number, ``options`` (and
    the display conditions naming them) by English label. Ids stay the same, as in
    Wagtail's translation copies."""
    locale = Locale.objects.get_or_create(language_code="es")[0]
    spanish = survey.copy_for_translation(locale, copy_parents=True)
    blocks = survey.questions.get_prep_value()
    number = 0
    for block in blocks:
        if block["type"] not in QUESTION_KINDS:
            continue
        number += 1
        block["value"]["label"] = labels.get(number, block["value"]["label"])
        for item in block["value"].get("options", []):
            item["value"] = options.get(item["value"], item["value"])
        condition = block["value"].get("condition") or {}
        if condition.get("answer"):
            condition["answer"] = options.get(condition["answer"], condition["answer"])
    spanish.questions = blocks
    spanish.title, spanish.slug = f"{survey.title} (es)", f"{survey.slug}-es"
    spanish.save_revision().publish()
    return SurveyPage.objects.get(pk=spanish.pk)


def answer(survey, answers, **kwargs):
    return services.submit_response(survey, raw(survey, answers), **kwargs)


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(roles=[STAFF]))
    return client


@pytest.mark.django_db
def test_one_row_per_response_and_one_value_per_cell(staff_client, survey, neighborhood_factory):
    kensington = neighborhood_factory(name="Kensington", slug="kensington")
    first = answer(survey, ANSWERS, neighborhood=kensington, segment="Youth 1", language="en")
    second = answer(
        survey,
        {**ANSWERS, 2: "3.5", 3: ("Other", "Dog park"), 4: [], 6: "", 9: ""},
        language="es",
    )

    table = download(staff_client, survey)

    assert table[0] == EVERY_TYPE_HEADER
    rows = as_dicts(table)
    assert [row["Response ID"] for row in rows] == [str(first.pk), str(second.pk)]
    row = rows[0]
    assert (
        row["Submitted at"]
        == timezone.localtime(first.submitted_at).replace(microsecond=0).isoformat()
    )
    assert (row["Channel"], row["Language"]) == ("Web", "en")
    assert (row["Neighborhood"], row["Segment"]) == ("Kensington", "Youth 1")
    assert row["1. Your street"] == "Elm Street"
    assert row["2. How many years have you lived here?"] == "12"
    assert row["3. Do you use the park?"] == "Yes"
    assert row["3. Do you use the park? (other)"] == ""
    # Multiple choice: one column per option, 1 when chosen.
    assert [row[f"4. What do you do there?: {o}"] for o in ("Walk", "Play", "Sport", "Picnic")] == [
        "1",
        "",
        "1",
        "",
    ]
    assert row["5. How clean is it?"] == "4"
    assert row["6. When did you last go?"] == "2026-05-31"
    # Ranking: the place of each option.
    assert [row[f"7. Rank these improvements: {o}"] for o in ("Lights", "Benches", "Trees")] == [
        "2",
        "3",
        "1",
    ]
    # Matrix: the column chosen in each row.
    assert (row["8. Rate these: Paths"], row["8. Rate these: Toilets"]) == ("OK", "Bad")
    assert row["9. Anything else?"] == "More bins"

    other = rows[1]
    assert other["2. How many years have you lived here?"] == "3.5"
    assert other["3. Do you use the park?"] == "Other"
    assert other["3. Do you use the park? (other)"] == "Dog park"
    # Question 4 is only asked after "Yes": nothing stored, nothing exported.
    assert not any(other[f"4. What do you do there?: {o}"] for o in ("Walk", "Play"))
    assert (other["6. When did you last go?"], other["Language"]) == ("", "es")


@pytest.mark.django_db
def test_paper_responses_say_so(staff_client, survey):
    answer(survey, ANSWERS, channel="paper", entered_by=UserFactory(roles=[STAFF]))
    [row] = as_dicts(download(staff_client, survey))
    assert row["Channel"] == "Paper (entered by staff)"


@pytest.mark.django_db
def test_spreadsheet_formulas_are_neutralised(staff_client):
    survey = make_survey(
        [
            q.short("Name a place"),
            q.single("Pick", ["=A1", "B"], allow_other=True),
            q.long("Comments", required=False),
            q.number("Change in a year"),
        ]
    )
    answer(
        survey,
        {1: "=1+1", 2: ("Other", "@SUM(A1:A9)"), 3: '=HYPERLINK("http://evil.example")', 4: "-3"},
        segment="+cmd",
    )

    [row] = as_dicts(download(staff_client, survey))

    assert row["1. Name a place"] == "'=1+1"
    assert row["2. Pick (other)"] == "'@SUM(A1:A9)"
    assert row["3. Comments"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Segment"] == "'+cmd"
    # A negative number is a number, not a formula.
    assert row["4. Change in a year"] == "-3"


@pytest.mark.django_db
def test_option_labels_are_neutralised_too(staff_client):
    survey = make_survey([q.single("Pick", ["=A1", "B"]), q.matrix("Grid", ["-R"], ["@C"])])
    answer(survey, {1: "=A1", 2: {"-R": "@C"}})
    table = download(staff_client, survey)
    assert table[0][-1] == "2. Grid: -R"  # starts with a digit: harmless
    [row] = as_dicts(table)
    assert row["1. Pick"] == "'=A1"
    assert row["2. Grid: -R"] == "'@C"


@pytest.mark.django_db
def test_the_results_filters_apply(staff_client, survey, neighborhood_factory):
    north = neighborhood_factory(name="North", slug="north")
    south = neighborhood_factory(name="South", slug="south")

    def on(day):
        return timezone.make_aware(datetime.datetime(2026, 3, day, 12))

    early = answer(survey, ANSWERS, submitted_at=on(1), neighborhood=north, segment="Youth 1")
    middle = answer(survey, ANSWERS, submitted_at=on(10), neighborhood=south, segment="Youth 1")
    late = answer(survey, ANSWERS, submitted_at=on(20), neighborhood=north)

    def ids(**params):
        return {
            int(row["Response ID"]) for row in as_dicts(download(staff_client, survey, **params))
        }

    assert ids() == {early.pk, middle.pk, late.pk}
    assert ids(since="2026-03-10") == {middle.pk, late.pk}
    assert ids(until="2026-03-10") == {early.pk, middle.pk}
    assert ids(since="2026-03-05", until="2026-03-15") == {middle.pk}
    assert ids(neighborhood="north") == {early.pk, late.pk}
    assert ids(segment="Youth 1") == {early.pk, middle.pk}
    assert ids(neighborhood="north", segment="Youth 1") == {early.pk}
    # Values the results page cannot read are ignored there, and here: never an error.
    assert ids(since="yesterday", until="2026-13-45", neighborhood="nowhere", segment="?") == {
        early.pk,
        middle.pk,
        late.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("anonymous", [True, False])
def test_no_personal_data_in_the_export(staff_client, anonymous):
    survey = every_type_survey(anonymous=anonymous)
    person = UserFactory(email="private@example.org", display_name="Priya")
    response = answer(survey, ANSWERS, user=person)
    assert (response.user_id is None) is anonymous
    staff = UserFactory(email="clerk@example.org", first_name="Clerk", roles=[STAFF])
    answer(survey, ANSWERS, channel="paper", entered_by=staff)

    table = download(staff_client, survey)

    # An anonymous survey's responses come with neither their id nor their date.
    header = EVERY_TYPE_HEADER[2:] if anonymous else EVERY_TYPE_HEADER
    assert table[0] == header, "no user, e-mail or 'entered by' column"
    text = "\n".join(",".join(row) for row in table)
    assert "@example.org" not in text
    assert "Priya" not in text and "Clerk" not in text


@pytest.mark.django_db
def test_the_download_is_a_streamed_csv_file(staff_client, survey):
    answer(survey, ANSWERS)
    response = staff_client.get(csv_url(survey))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{survey.slug}-responses-{today}.csv"'
    )
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_responses_are_read_in_chunks_with_one_answers_query_each(survey, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    made = [answer(survey, {**ANSWERS, 1: f"Street {n}"}) for n in range(5)]
    columns = exports.Columns(survey.structure)

    with CaptureQueriesContext(connection) as queries:
        rows = exports.response_rows(Response.objects.filter(survey=survey), columns)
        assert len(queries) == 0, "nothing is read before the first line is asked for"
        produced = list(rows)

    assert [row[0] for row in produced] == [r.pk for r in made]
    assert [row[6] for row in produced] == [f"Street {n}" for n in range(5)]
    answer_queries = [q for q in queries if '"surveys_answer"' in q["sql"]]
    response_queries = [q for q in queries if 'FROM "surveys_response"' in q["sql"]]
    assert len(answer_queries) == 3  # chunks of 2, 2 and 1
    assert len(response_queries) == 4  # the same three, and one that finds no more


@pytest.mark.django_db
def test_the_export_of_a_translation_is_labelled_in_its_language(staff_client, survey):
    # Responses belong to the survey in the default language, whatever language they
    # were given in: the Spanish export lists them all, under Spanish labels.
    spanish = spanish_copy(survey, {1: "Su calle", 3: "¿Usa el parque?"}, {"Yes": "Sí"})
    answer(survey, ANSWERS)
    services.submit_response(spanish, raw(survey, ANSWERS), language="es")

    table = download(staff_client, spanish)

    assert "1. Su calle" in table[0]
    rows = as_dicts(table)
    assert len(rows) == 2
    assert {row["3. ¿Usa el parque?"] for row in rows} == {"Sí"}


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, survey):
    response = client.get(csv_url(survey))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("roles", [[], [MODERATOR]], ids=["resident", "moderator"])
def test_only_staff_download(client, survey, roles):
    answer(survey, ANSWERS)
    client.force_login(UserFactory(roles=roles))
    response = client.get(csv_url(survey))
    assert response.status_code == 404
    assert not isinstance(response, StreamingHttpResponse)
    # The same address, for staff: the refusal is about the person, not the address.
    client.force_login(UserFactory(roles=[STAFF]))
    assert client.get(csv_url(survey)).status_code == 200
