"""The surveys benchmarks at a tiny volume: the bulk seed stores exactly what the service
would (answers and tallies), and each scenario's requests answer and pass their check."""

from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page, Site

from bench import harness
from bench import surveys as bench_surveys
from bench.scenarios import (
    surveys_csv,
    surveys_pdf,
    surveys_respond_concurrency,
    surveys_results,
    surveys_results_filtered,
)
from engage.core.models import HomePage
from surveys import services, tallies
from surveys.models import Answer, Channel, DailyTally, Response
from surveys.questions import QUESTION_KINDS, answer_rows, clean_to_raw
from tests.factories import NeighborhoodFactory

VOLUME = 300


@pytest.fixture
def site_home(db):
    """A HomePage as the default site's root, the demo neighborhoods and the staff login."""
    page = HomePage(title="Home", slug="bench-surveys-home")
    Page.get_first_root_node().add_child(instance=page)
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.save()
    for slug in bench_surveys.NEIGHBORHOOD_WEIGHTS:
        if slug:
            NeighborhoodFactory(slug=slug, name=slug.replace("-", " ").title())
    get_user_model().objects.create_superuser(email=bench_surveys.STAFF_EMAIL, password="x")
    return page


@pytest.fixture
def seeded(site_home):
    return bench_surveys.seed_responses(VOLUME)


def test_every_surveys_scenario_is_found():
    available = harness.discover_scenarios()
    names = {
        "surveys-results",
        "surveys-results-filtered",
        "surveys-csv",
        "surveys-pdf",
        "surveys-respond-concurrency",
    }
    assert names <= set(available)
    for name in names - {"surveys-respond-concurrency"}:
        assert available[name].VOLUME == 200_000


def stored_rows(survey):
    """{response id: {question id: sorted (option, row, number, date, text)}}."""
    rows = defaultdict(lambda: defaultdict(list))
    for response, question, *fields in Answer.objects.filter(survey=survey).values_list(
        "response", "question", "option", "row", "number", "date", "text"
    ):
        rows[response][question].append(tuple(fields))
    return rows


def clean_from_rows(question, rows):
    """The clean answer the stored rows of one question stand for."""
    kind = question.kind
    (option, row, number, date, text), *_ = rows
    if kind in {"short_text", "long_text"}:
        return text
    if kind == "single_choice":
        return {"option": option, "other": text}
    if kind == "multiple_choice":
        order = [o.id for o in question.options]
        return sorted((r[0] for r in rows), key=order.index)
    if kind == "rating":
        return int(number)
    if kind == "number":
        return number
    if kind == "date":
        return date
    if kind == "ranking":
        return [r[0] for r in sorted(rows, key=lambda r: r[2])]
    return {r[1]: r[0] for r in rows}


def as_stored(row):
    number = row.get("number")
    return (
        row.get("option", ""),
        row.get("row", ""),
        None if number is None else float(number),
        row.get("date"),
        row.get("text", ""),
    )


def test_every_response_is_one_the_service_would_accept_and_store_as_seeded(seeded):
    survey = seeded
    structure = survey.structure
    assert {q.kind for q in structure.questions} == QUESTION_KINDS
    assert len(structure.questions) == 15 and structure.page_count == 3
    assert Response.objects.filter(survey=survey).count() == VOLUME
    rows = stored_rows(survey)
    assert len(rows) == VOLUME  # every response answered something

    for by_question in rows.values():
        raw = {}
        for question_id, question_rows in by_question.items():
            question = structure.by_id[question_id]
            raw[question_id] = clean_to_raw(question, clean_from_rows(question, question_rows))
        clean, errors, _shown = structure.check(raw)
        assert errors == {}
        assert set(clean) == set(by_question)  # nothing stored that the form would drop
        for question_id, value in clean.items():
            expected = sorted(
                as_stored(r) for r in answer_rows(structure.by_id[question_id], value)
            )
            assert expected == sorted(by_question[question_id]), structure.by_id[question_id]


def test_the_tallies_are_exact(seeded):
    stored = tallies.stored_counts(seeded.pk)

    assert stored == tallies.computed_counts(seeded.pk, Response.objects.filter(survey=seeded))
    assert stored[tallies.RESPONSES] == VOLUME


def test_the_daily_tallies_are_exact(seeded):
    seeded_rows = daily_tally_rows(seeded)

    tallies.rebuild_daily(seeded.pk)

    assert daily_tally_rows(seeded) == seeded_rows


def daily_tally_rows(survey):
    return sorted(
        DailyTally.objects.filter(survey=survey).values_list(
            "day", "neighborhood_key", "segment", "question", "option", "row", "number", "count"
        )
    )


def test_responses_spread_over_the_year_the_neighborhoods_and_the_channels(seeded):
    responses = Response.objects.filter(survey=seeded)
    assert responses.values("neighborhood").distinct().count() == 6  # five and "none"
    assert responses.filter(channel=Channel.PAPER, entered_by__isnull=False).exists()
    assert responses.filter(language="es").exists()
    first, last = responses.earliest("submitted_at"), responses.latest("submitted_at")
    assert (last.submitted_at - first.submitted_at).days > 300
    # Texts, "Other" with a text, and the display condition (only park visitors say what for).
    structure = seeded.structure
    by_label = {q.label: q for q in structure.questions}
    answers = Answer.objects.filter(survey=seeded)
    assert answers.filter(option="other").exclude(text="").exists()
    assert answers.filter(question=by_label["Anything else?"].id).exists()
    park = by_label["Do you visit a park every month?"]
    yes = park.options[0].id
    visitors = set(answers.filter(question=park.id, option=yes).values_list("response", flat=True))
    use = by_label["What do you use the park for?"]
    assert set(answers.filter(question=use.id).values_list("response", flat=True)) == visitors


def test_the_app_keeps_working_on_seeded_data(seeded):
    """Primary keys continue after the explicit ones, and the tallies stay exact."""
    structure = seeded.structure
    respondent = surveys_respond_concurrency.Respondent(structure, seed=1)
    answers = respondent.answers()
    raw = {qid: clean_to_raw(structure.by_id[qid], value) for qid, value in answers.items()}

    response = services.submit_response(seeded, raw)

    assert response.pk > max(Response.objects.exclude(pk=response.pk).values_list("pk", flat=True))
    assert tallies.stored_counts(seeded.pk) == tallies.computed_counts(
        seeded.pk, Response.objects.filter(survey=seeded)
    )


@pytest.mark.parametrize("scenario", [surveys_results, surveys_results_filtered], ids=str)
def test_results_scenarios_serve_the_results(seeded, scenario):
    (url,) = scenario.requests()

    response = harness.scenario_client(scenario).get(url)

    assert response.status_code == 200
    assert "responses counted" in scenario.check(response)


def test_the_filtered_scenario_filters_by_neighborhood_and_dates(seeded):
    (url,) = surveys_results_filtered.requests()
    assert "neighborhood=kensington" in url and "since=" in url and "until=" in url


def test_csv_scenario_exports_every_response(seeded):
    result = surveys_csv.measure(surveys_csv.csv_url())

    assert result["rows"] == VOLUME
    assert result["bytes"] > 100 * VOLUME  # a real line per response, not just a header
    assert result["peak_memory_growth_mb"] >= 0


def test_pdf_scenario_gets_the_report(seeded):
    client = Client()
    client.force_login(bench_surveys.staff_user())

    elapsed, content = surveys_pdf.fetch(client, surveys_pdf.report_url())
    _elapsed, filtered = surveys_pdf.fetch(client, surveys_pdf.report_url(filtered=True))

    assert content.startswith(b"%PDF") and surveys_pdf.pages(content) >= 1
    assert filtered.startswith(b"%PDF")


def form(token, data):
    """The (name, value) pairs of a page as the test client takes them."""
    fields = defaultdict(list)
    for name, value in [("csrfmiddlewaretoken", token), *data]:
        fields[name].append(value)
    return fields


def test_concurrency_scenario_posts_what_the_survey_form_posts(site_home):
    """The server run needs PostgreSQL and gunicorn; here, its requests through Django."""
    surveys_respond_concurrency.seed(20)
    survey = surveys_respond_concurrency.concurrent_survey()
    respondent = surveys_respond_concurrency.Respondent(survey.structure, seed=3)
    for _ in range(3):
        client = Client(enforce_csrf_checks=True)
        html = client.get(survey.url).content.decode()
        token = surveys_respond_concurrency.TOKEN.search(html)[1]
        pages = list(respondent.pages())
        for data in pages[:-1]:
            response = client.post(survey.url, form(token, data))
            assert response.status_code == 200
            assert "survey-error-summary" not in response.content.decode()
        response = client.post(survey.url, form(token, pages[-1]))
        assert response.status_code == 302 and response["Location"].endswith("thanks/")

    assert Response.objects.filter(survey=survey).count() == 23
    assert tallies.stored_counts(survey.pk) == tallies.computed_counts(
        survey.pk, Response.objects.filter(survey=survey)
    )
