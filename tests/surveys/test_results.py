"""The results of a survey: the numbers people read, the filters that change them, who may
see them, and a page that costs the same queries at 3 responses and at 30."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys import tallies
from surveys.filters import ResultsFilterForm
from surveys.models import Response
from surveys.results.crosstab import cross_tab
from surveys.results.numbers import format_number, median_from_counts
from surveys.results.summary import counts_for, survey_results
from surveys.results.texts import TEXTS_PER_PAGE
from surveys.services import submit_response
from tests.surveys.factories import make_survey, q, question, raw


def staff_user(user_factory):
    user = user_factory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="surveys", codename="view_response")
    )
    return user


@pytest.fixture
def staff(user_factory):
    return staff_user(user_factory)


def when(day, month=5, year=2025):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def results_url(survey):
    return survey.url + "results/"


@pytest.fixture
def park(db):
    """A survey of every countable kind, answered four times (see the expectations)."""
    survey = make_survey(
        [
            q.single("Favourite colour", ["Red", "Blue"], allow_other=True),  # 1
            q.multiple("Pets", ["Cat", "Dog", "Fish"]),  # 2
            q.rating("How clean is the park?", required=False),  # 3
            q.number("Age", required=False),  # 4
            q.ranking("Rank these", ["Lights", "Benches", "Trees"], required=False),  # 5
            q.matrix("Rate these", ["Paths", "Toilets"], ["Bad", "OK", "Good"], required=False),
            q.short("Your street", required=False),  # 7
            q.date("Last visit", required=False),  # 8
        ]
    )
    answers = [
        {
            1: "Red",
            2: ["Cat", "Dog"],
            3: 5,
            4: 30,
            5: ["Lights", "Benches", "Trees"],
            6: {"Paths": "Good", "Toilets": "Bad"},
            7: "Main Street",
            8: "2024-05-01",
        },
        {
            1: "Blue",
            2: ["Cat"],
            3: 4,
            4: 40,
            5: ["Benches", "Lights", "Trees"],
            6: {"Paths": "Good"},
            7: "Oak Avenue",
            8: "2024-06-10",
        },
        {
            1: ("Other", "Green"),
            2: ["Fish"],
            3: 2,
            4: 20,
            5: ["Lights", "Trees", "Benches"],
            6: {"Paths": "OK", "Toilets": "OK"},
        },
        {1: "Red", 2: ["Dog"], 3: 5},
    ]
    for day, answer in enumerate(answers, 1):
        submit_response(survey, raw(survey, answer), submitted_at=when(day))
    return survey


def by_number(results):
    return {result.question.number: result for result in results}


def counts(result):
    return {bar.label: bar.count for bar in result.bars}


def shares(result):
    return {bar.label: round(bar.share, 1) for bar in result.bars}


# What the numbers are -------------------------------------------------------------------------


def test_single_choice_counts_shares_and_other(park):
    responses, results = survey_results(park)
    colour = by_number(results)[1]
    assert responses == 4
    assert colour.answered == 4
    assert counts(colour) == {"Red": 2, "Blue": 1, "Other": 1}
    assert shares(colour) == {"Red": 50.0, "Blue": 25.0, "Other": 25.0}
    assert [answer.text for answer in colour.others.answers] == ["Green"]


def test_multiple_choice_shares_are_of_people_and_can_pass_100(park):
    pets = by_number(survey_results(park)[1])[2]
    assert counts(pets) == {"Cat": 2, "Dog": 2, "Fish": 1}
    assert shares(pets) == {"Cat": 50.0, "Dog": 50.0, "Fish": 25.0}
    assert sum(bar.share for bar in pets.bars) == 125.0


def test_rating_distribution_mean_and_median_of_an_even_count(park):
    rating = by_number(survey_results(park)[1])[3]
    # 5, 4, 2, 5 → sorted 2 4 5 5: median (4 + 5) / 2.
    assert rating.n == 4
    assert rating.mean == 4.0
    assert rating.median == 4.5
    assert counts(rating) == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 2}
    assert rating.skipped == 0


def test_number_mean_and_median_of_an_odd_count(park):
    age = by_number(survey_results(park)[1])[4]
    # 30, 40, 20: the fourth person skipped the question.
    assert age.n == 3
    assert age.answered == 3
    assert age.skipped == 1
    assert age.mean == 30.0
    assert age.median == 30.0
    assert counts(age) == {"20": 1, "30": 1, "40": 1}


def test_median_from_counts_by_value():
    assert median_from_counts([(1.0, 1), (2.0, 1), (10.0, 1)]) == 2.0
    assert median_from_counts([(1.0, 1), (2.0, 1), (10.0, 2)]) == 6.0
    assert median_from_counts([(3.0, 5)]) == 3.0
    assert median_from_counts([(1.0, 2), (7.0, 2)]) == 4.0
    assert median_from_counts([]) is None


def test_numbers_read_as_people_write_them():
    assert format_number(4.0) == "4"
    assert format_number(2.5) == "2.5"
    assert format_number(4 / 3) == "1.33"
    assert format_number(70.4, 0) == "70"
    assert format_number(99.96, 1) == "100"
    assert format_number(-0.5) == "-0.5"
    assert format_number(None) == ""


def test_many_different_numbers_are_shown_in_ranges(db):
    survey = make_survey([q.number("Years here")])
    for years in range(0, 40, 2):  # 20 different values, 0 to 38
        submit_response(survey, raw(survey, {1: years}))
    years = survey_results(survey)[1][0]
    assert years.in_ranges
    assert len(years.bars) <= 10
    assert sum(bar.count for bar in years.bars) == 20
    assert years.bars[0].label == "0 to 3"
    assert years.mean == 19.0
    assert years.median == 19.0


def test_ranking_mean_place_and_first_places(park):
    ranking = by_number(survey_results(park)[1])[5]
    rows = {o.label: (round(o.mean_place, 3), o.first_places, o.places) for o in ranking.options}
    # Lights: 1, 2, 1; Benches: 2, 1, 3; Trees: 3, 3, 2.
    assert rows == {
        "Lights": (1.333, 2, [2, 1, 0]),
        "Benches": (2.0, 1, [1, 1, 1]),
        "Trees": (2.667, 0, [0, 1, 2]),
    }
    assert [o.label for o in ranking.options] == ["Lights", "Benches", "Trees"]


def test_matrix_counts_per_row_and_column(park):
    matrix = by_number(survey_results(park)[1])[6]
    table = {
        row.label: ({c.label: c.count for c in row.cells}, row.answered) for row in matrix.rows
    }
    assert table == {
        "Paths": ({"Bad": 0, "OK": 1, "Good": 2}, 3),
        "Toilets": ({"Bad": 1, "OK": 1, "Good": 0}, 2),
    }
    paths = matrix.rows[0]
    assert [round(c.share, 1) for c in paths.cells] == [0.0, 33.3, 66.7]


def test_texts_newest_first_searched_and_paged(park):
    street = by_number(survey_results(park)[1])[7]
    assert street.answered == 2
    assert [a.text for a in street.texts.answers] == ["Oak Avenue", "Main Street"]

    searched = by_number(survey_results(park, params=QueryDict("search-7=oak"))[1])[7]
    assert [a.text for a in searched.texts.answers] == ["Oak Avenue"]
    assert searched.texts.total == 1

    first = by_number(survey_results(park, texts_per_page=1)[1])[7]
    assert [a.text for a in first.texts.answers] == ["Oak Avenue"]
    assert first.texts.next_link == "?page-7=2#texts-7"
    second = by_number(survey_results(park, params=QueryDict("page-7=2"), texts_per_page=1)[1])[7]
    assert [a.text for a in second.texts.answers] == ["Main Street"]
    assert second.texts.previous_link == "?page-7=1#texts-7"


def test_the_page_links_to_the_next_answers_of_that_question(client, staff):
    survey = make_survey([q.short("Your street")])
    for number in range(TEXTS_PER_PAGE + 1):
        submit_response(survey, raw(survey, {1: f"Street {number}"}))
    client.force_login(staff)

    html = " ".join(client.get(results_url(survey)).content.decode().split())

    assert 'aria-label="Pages of answers to question 1"' in html
    assert f"Street {TEXTS_PER_PAGE}" in html and "Street 0<" not in html
    assert '<a href="?page-1=2#texts-1" rel="next"' in html and ">Next</span></a>" in html
    assert "Page 1 of 2" in html


def test_other_texts_are_searchable(park):
    submit_response(park, raw(park, {1: ("Other", "Purple"), 2: ["Cat"]}), submitted_at=when(9))
    colour = by_number(survey_results(park)[1])[1]
    assert [a.text for a in colour.others.answers] == ["Purple", "Green"]
    searched = by_number(survey_results(park, params=QueryDict("search-1=GRE"))[1])[1]
    assert [a.text for a in searched.others.answers] == ["Green"]


def test_dates_earliest_and_latest(park):
    visit = by_number(survey_results(park)[1])[8]
    assert visit.answered == 2
    assert visit.earliest == datetime.date(2024, 5, 1)
    assert visit.latest == datetime.date(2024, 6, 10)


# Filters ---------------------------------------------------------------------------------------


def filtered(survey, query):
    form = ResultsFilterForm(QueryDict(query), survey=survey)
    return form, survey_results(survey, form.filters())


def test_a_date_range_counts_only_those_days(park):
    form, (responses, results) = filtered(park, "since=2025-05-02&until=2025-05-03")
    assert not form.ignored()
    assert responses == 2
    results = by_number(results)
    assert counts(results[1]) == {"Red": 0, "Blue": 1, "Other": 1}
    assert shares(results[1]) == {"Red": 0.0, "Blue": 50.0, "Other": 50.0}
    assert results[3].mean == 3.0
    assert [a.text for a in results[7].texts.answers] == ["Oak Avenue"]
    assert [a.text for a in results[1].others.answers] == ["Green"]
    assert results[8].earliest == results[8].latest == datetime.date(2024, 6, 10)


def test_neighborhood_and_segment_filters(db, neighborhood_factory):
    north, south = neighborhood_factory(name="North"), neighborhood_factory(name="South")
    survey = make_survey([q.single("Do you use the park?", ["Yes", "No"]), q.rating("Rate it")])
    for answer, rating, place, segment in [
        ("Yes", 5, north, "Youth session A"),
        ("Yes", 4, north, ""),
        ("No", 1, south, "Youth session A"),
        ("No", 2, south, "Youth session B"),
        ("No", 3, None, ""),
    ]:
        submit_response(
            survey, raw(survey, {1: answer, 2: rating}), neighborhood=place, segment=segment
        )

    form, (responses, results) = filtered(survey, f"neighborhood={north.slug}")
    assert responses == 2
    assert counts(results[0]) == {"Yes": 2, "No": 0}
    assert results[1].mean == 4.5

    form, (responses, results) = filtered(survey, "segment=Youth+session+A")
    assert responses == 2
    assert counts(results[0]) == {"Yes": 1, "No": 1}
    assert results[1].median == 3.0

    form, (responses, results) = filtered(
        survey, f"segment=Youth+session+A&neighborhood={south.slug}"
    )
    assert responses == 1
    assert counts(results[0]) == {"Yes": 0, "No": 1}
    # The segment choices are the segments this survey's responses have.
    assert [value for value, _label in form.fields["segment"].choices] == [
        "",
        "Youth session A",
        "Youth session B",
    ]


def test_bad_filters_are_named_and_ignored(park):
    form, (responses, _results) = filtered(
        park, "since=2025-13-01&until=yesterday&neighborhood=nowhere&segment=Nope"
    )
    assert responses == 4  # nothing understood, nothing filtered
    assert {label for label, _value, _why in form.ignored()} == {
        "From",
        "To",
        "Neighborhood",
        "Segment",
    }
    assert ("From", "2025-13-01") in [(label, value) for label, value, _why in form.ignored()]


def test_an_end_before_the_start_is_refused(park):
    form, (responses, _results) = filtered(park, "since=2025-05-03&until=2025-05-01")
    assert responses == 2  # the start date still applies (days 3 and 4)
    [(label, value, why)] = form.ignored()
    assert (label, value) == ("To", "2025-05-01")
    assert "before the start" in why


def test_the_stored_tallies_and_the_computed_counts_agree(park):
    stored = counts_for(park, {})
    computed = tallies.computed_counts(park.pk, Response.objects.filter(survey=park))
    assert stored == computed
    # And through the whole results: a filter that keeps everyone gives the same numbers.
    _n, plain = survey_results(park)
    _n, everyone = survey_results(park, {"since": datetime.date(2000, 1, 1)})
    for a, b in zip(plain, everyone, strict=True):
        assert getattr(a, "bars", None) == getattr(b, "bars", None)
        assert getattr(a, "mean", None) == getattr(b, "mean", None)
        assert getattr(a, "median", None) == getattr(b, "median", None)
        assert getattr(a, "options", None) == getattr(b, "options", None)
        assert getattr(a, "rows", None) == getattr(b, "rows", None)
        assert a.answered == b.answered


# Cross-tabulation ------------------------------------------------------------------------------


def test_cross_tab_counts_and_row_shares(park):
    colour, pets = question(park, 1), question(park, 2)
    table = cross_tab(park, colour, pets)
    cells = {row.label: ([c.count for c in row.cells], row.total) for row in table.rows}
    # Red: Cat+Dog, Dog; Blue: Cat; Other: Fish.
    assert table.columns == ["Cat", "Dog", "Fish"]
    assert cells == {"Red": ([1, 2, 0], 2), "Blue": ([1, 0, 0], 1), "Other": ([0, 0, 1], 1)}
    red = table.rows[0]
    assert [c.share for c in red.cells] == [50.0, 100.0, 0.0]

    reverse = cross_tab(park, pets, colour)
    cells = {row.label: ([c.count for c in row.cells], row.total) for row in reverse.rows}
    assert cells == {"Cat": ([1, 1, 0], 2), "Dog": ([2, 0, 0], 2), "Fish": ([0, 0, 1], 1)}


def test_cross_tab_respects_the_filters(park):
    table = cross_tab(park, question(park, 1), question(park, 2), {"since": when(3).date()})
    cells = {row.label: [c.count for c in row.cells] for row in table.rows}
    assert cells == {"Red": [0, 1, 0], "Blue": [0, 0, 0], "Other": [0, 0, 1]}


def test_cross_tab_on_the_page(client, park):
    park.results_public = True
    park.save_revision().publish()
    page = client.get(results_url(park) + "?cross_row=1&cross_col=2")
    assert page.status_code == 200
    table = page.context["crosstab"]
    assert [row.total for row in table.rows] == [2, 1, 1]
    assert 'id="chart-crosstab"' in page.content.decode()

    same = client.get(results_url(park) + "?cross_row=1&cross_col=1")
    assert same.context["crosstab"] is None
    assert "Please choose two different questions." in same.content.decode()

    not_a_choice = client.get(results_url(park) + "?cross_row=1&cross_col=3")
    assert not_a_choice.status_code == 200
    assert not_a_choice.context["crosstab"] is None


# The page, and who sees it ---------------------------------------------------------------------


def test_staff_see_private_results_with_exports(client, park, staff):
    client.force_login(staff)
    page = client.get(results_url(park) + "?segment=&since=2025-05-02")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Favourite colour" in html
    assert page.context["responses"] == 3
    assert f'href="{results_url(park)}csv/?since=2025-05-02"' in html
    assert f'href="{results_url(park)}pdf/?since=2025-05-02"' in html


def test_others_get_not_found_or_the_login_page(client, park, resident):
    anonymous = client.get(results_url(park))
    assert anonymous.status_code == 302
    assert "login" in anonymous.url
    client.force_login(resident)
    assert client.get(results_url(park)).status_code == 404


def test_public_results_for_everyone_without_exports(client, park, resident):
    park.results_public = True
    park.save_revision().publish()
    page = client.get(results_url(park))
    assert page.status_code == 200
    assert "csv_url" not in page.context
    assert "results/csv/" not in page.content.decode()
    client.force_login(resident)
    assert client.get(results_url(park)).status_code == 200


def test_bad_filters_on_the_page_are_named_not_an_error(client, park, staff):
    client.force_login(staff)
    page = client.get(
        results_url(park)
        + "?since=31/02/2025&neighborhood=%00&page-7=x&search-7=%00a&cross_row=%00"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Some choices could not be used and have been ignored" in html
    assert "31/02/2025" in html
    assert page.context["responses"] == 4


def test_the_compare_link_shows_when_there_is_a_pre_survey(client, park, staff):
    client.force_login(staff)
    assert "compare_url" not in client.get(results_url(park)).context
    post = make_survey([q.single("Favourite colour", ["Red", "Blue"])], pre_survey=park)
    assert client.get(results_url(post)).context["compare_url"] == post.url + "compare/"
    assert client.get(results_url(park)).context["compare_url"] == park.url + "compare/"


def _answer_many(survey, count):
    for n in range(count):
        submit_response(
            survey,
            raw(
                survey,
                {
                    1: ("Other", f"Colour {n}") if n % 2 else "Red",
                    2: ["Cat", "Fish"],
                    3: 1 + n % 5,
                    4: n,
                    5: ["Trees", "Lights", "Benches"],
                    6: {"Paths": "OK", "Toilets": "Bad"},
                    7: f"Street {n}",
                    8: "2024-01-01",
                },
            ),
            segment=f"Group {n % 4}",
            submitted_at=when(1 + n % 20),
        )


@pytest.mark.parametrize("query", ["", "?since=2025-05-01&segment=Group+1&cross_row=1&cross_col=2"])
def test_the_page_costs_the_same_queries_at_3_and_at_30_responses(client, staff, query):
    few, many = (
        make_survey(
            [
                q.single("Favourite colour", ["Red", "Blue"], allow_other=True),
                q.multiple("Pets", ["Cat", "Dog", "Fish"]),
                q.rating("How clean is the park?"),
                q.number("Age"),
                q.ranking("Rank these", ["Lights", "Benches", "Trees"]),
                q.matrix("Rate these", ["Paths", "Toilets"], ["Bad", "OK", "Good"]),
                q.short("Your street"),
                q.date("Last visit"),
            ],
            title=title,
        )
        for title in ("Few", "Many")
    )
    _answer_many(few, 3)
    _answer_many(many, 30)
    client.force_login(staff)
    client.get(results_url(few) + query)  # sessions, permissions, the site: warmed up
    with CaptureQueriesContext(connection) as at_3:
        assert client.get(results_url(few) + query).status_code == 200
    with CaptureQueriesContext(connection) as at_30:
        assert client.get(results_url(many) + query).status_code == 200
    assert len(at_3) == len(at_30), [q["sql"] for q in at_30]


def test_a_translation_shows_the_results_of_the_default_language_survey(client, park):
    from wagtail.models import Locale

    park.results_public = True
    park.save_revision().publish()
    spanish = park.copy_for_translation(
        Locale.objects.get_or_create(language_code="es")[0], copy_parents=True
    )
    spanish.title = "Parque"
    spanish.questions[0].value["label"] = "Color favorito"
    spanish.save_revision().publish()
    submit_response(spanish, raw(spanish, {1: "Blue", 2: ["Fish"]}), language="es")
    page = client.get(spanish.url + "results/")
    assert page.status_code == 200
    assert page.context["responses"] == 5
    colour = by_number(page.context["results"])[1]
    assert colour.question.label == "Color favorito"
    assert counts(colour) == {"Red": 2, "Blue": 2, "Otro": 1}  # "Other" in Spanish
