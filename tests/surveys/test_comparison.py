"""Pre and post surveys side by side: shares of matched options and their change in
percentage points, means and their change, for everyone and per segment; and who sees it."""

import pytest

from surveys.models import QuestionMatch
from surveys.results.comparison import compare
from surveys.services import submit_response
from tests.surveys.factories import make_survey, q, raw
from tests.surveys.test_results import staff  # noqa: F401 - fixture


def answer(survey, rows):
    for answers, segment in rows:
        submit_response(survey, raw(survey, answers), segment=segment)


@pytest.fixture
def pre(db):
    survey = make_survey(
        [
            q.single("Do you feel safe in the park?", ["Yes", "No"]),  # 1
            q.rating("Rate the program"),  # 2
            q.short("Your name", required=False),  # 3
        ],
        title="Youth program before",
    )
    answer(
        survey,
        [
            ({1: "Yes", 2: 2}, "Session A"),
            ({1: "No", 2: 3}, "Session A"),
            ({1: "No", 2: 4}, "Session B"),
            ({1: "Yes", 2: 5}, ""),
        ],
    )
    return survey


@pytest.fixture
def post(pre):
    survey = make_survey(
        [
            q.rating("Rate the program now"),  # 1
            # The same question, its options in other cases, and a new one.
            q.single("Do you feel safe in the park?", ["yes", "NO", "Sometimes"]),  # 2
            q.single("Your favourite part", ["Art", "Sport"], required=False),  # 3
        ],
        title="Youth program after",
        pre_survey=pre,
    )
    for order, (pre_number, post_number) in enumerate([(1, 2), (2, 1), (3, 3)]):
        QuestionMatch.objects.create(
            page=survey, pre_question=pre_number, post_question=post_number, sort_order=order
        )
    answer(
        survey,
        [
            ({2: "yes", 1: 4}, "Session A"),
            ({2: "yes", 1: 5}, "Session A"),
            ({2: "NO", 1: 3}, "Session B"),
            ({2: "Sometimes", 1: 4}, "Session C"),
        ],
    )
    return survey


def comparisons(pre, post):
    found, segments, pre_n, post_n = compare(pre, post, [(1, 2), (2, 1), (3, 3)])
    return found, segments, pre_n, post_n


def table(options):
    return {o.label: (round(o.pre, 1), round(o.post, 1), round(o.change, 1)) for o in options}


def test_choice_shares_and_change_in_points_match_options_by_label(pre, post):
    (safe, _rating, _text), _segments, pre_n, post_n = comparisons(pre, post)
    assert (pre_n, post_n) == (4, 4)
    assert safe.kind == "choice"
    assert safe.post_question.label == "Do you feel safe in the park?"
    # Pre: Yes 2 of 4, No 2 of 4. Post: yes 2, NO 1, Sometimes 1 (of 4).
    assert table(safe.overall) == {
        "yes": (50.0, 50.0, 0.0),
        "NO": (50.0, 25.0, -25.0),
        "Sometimes": (0.0, 25.0, 25.0),
    }
    no = safe.overall[1]
    assert (no.pre_count, no.post_count) == (2, 1)
    assert no.change_text == "\u221225"


def test_means_and_their_change(pre, post):
    (_safe, rating, _text), _segments, _pre_n, _post_n = comparisons(pre, post)
    assert rating.kind == "mean"
    mean = rating.overall
    # Pre 2, 3, 4, 5 → 3.5; post 4, 5, 3, 4 → 4.
    assert (mean.pre, mean.post, mean.change) == (3.5, 4.0, 0.5)
    assert (mean.pre_n, mean.post_n) == (4, 4)
    assert mean.change_text == "+0.5"


def test_per_segment_of_either_survey(pre, post):
    (safe, rating, _text), segments, _pre_n, _post_n = comparisons(pre, post)
    assert segments == ["Session A", "Session B", "Session C"]
    by_segment = {segment: table(options) for segment, options in safe.by_segment}
    assert by_segment["Session A"] == {
        "yes": (50.0, 100.0, 50.0),
        "NO": (50.0, 0.0, -50.0),
        "Sometimes": (0.0, 0.0, 0.0),
    }
    assert by_segment["Session B"] == {
        "yes": (0.0, 0.0, 0.0),
        "NO": (100.0, 100.0, 0.0),
        "Sometimes": (0.0, 0.0, 0.0),
    }
    assert by_segment["Session C"]["Sometimes"] == (0.0, 100.0, 100.0)
    means = {segment: (m.pre, m.post, m.change) for segment, m in rating.by_segment}
    assert means == {
        "Session A": (2.5, 4.5, 2.0),
        "Session B": (4.0, 3.0, -1.0),
        "Session C": (None, 4.0, None),  # nobody of session C answered the pre survey
    }


def test_questions_of_different_kinds_are_not_compared(pre, post):
    (_safe, _rating, text), _segments, _pre_n, _post_n = comparisons(pre, post)
    assert text.kind == ""
    assert "cannot be compared" in text.problem


# The page --------------------------------------------------------------------------------------


def compare_url(survey):
    return survey.url + "compare/"


def test_staff_see_the_comparison_with_charts_and_tables(client, pre, post, staff):  # noqa: F811
    client.force_login(staff)
    page = client.get(compare_url(post))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('role="img"') == 2  # one chart per comparable pair
    assert 'id="chart-compare-2"' in html and 'id="chart-compare-1"' in html
    assert '<th scope="row">Sometimes</th>' in html
    assert "\u221225" in html  # the No option lost 25 points
    assert "Segment “Session B”" in html
    assert "cannot be compared" in html
    # From the pre survey, the same comparison (its first post survey).
    from_pre = client.get(compare_url(pre))
    assert from_pre.status_code == 200
    assert from_pre.context["post"].pk == post.pk


def test_public_only_when_both_surveys_are(client, pre, post, resident):
    assert client.get(compare_url(post)).status_code == 302  # log in first
    client.force_login(resident)
    assert client.get(compare_url(post)).status_code == 404
    post.results_public = True
    post.save_revision().publish()
    assert client.get(compare_url(post)).status_code == 404
    pre.results_public = True
    pre.save_revision().publish()
    page = client.get(compare_url(post))
    assert page.status_code == 200
    assert page.context["pre_results_url"] == pre.url + "results/"


def test_a_survey_without_a_pair_has_no_comparison(client, staff):  # noqa: F811
    alone = make_survey([q.rating("Rate it")])
    client.force_login(staff)
    assert client.get(compare_url(alone)).status_code == 404
