"""Charts: SVG that names itself for screen readers, writes its labels and values as text,
escapes what people typed, and always comes with a data table on the page."""

import re
from xml.etree import ElementTree

from surveys import charts
from surveys.results.summary import survey_results
from tests.surveys.factories import make_survey, q
from tests.surveys.test_results import park, results_url  # noqa: F401 - fixture

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ElementTree.fromstring(str(svg))  # noqa: S314 - markup made by our own code


def texts(svg):
    return [element.text for element in parse(svg).iter(f"{SVG}text")]


def test_a_bar_chart_is_an_image_named_by_its_title():
    svg = charts.bar_chart("chart-q1", "Answers to question 1: Pets", [("Cat", 0.5, "2 (50 %)")])
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-q1-title chart-q1-desc"
    assert root.find(f"{SVG}title").get("id") == "chart-q1-title"
    assert root.find(f"{SVG}title").text == "Answers to question 1: Pets"
    assert "table that follows" in root.find(f"{SVG}desc").text
    assert texts(svg) == ["Cat", "2 (50 %)"]


def test_bars_are_as_long_as_their_share():
    svg = charts.bar_chart("c", "t", [("A", 1.0, "4"), ("B", 0.25, "1"), ("C", 0, "0")])
    bars = [
        float(r.get("width"))
        for r in parse(svg).iter(f"{SVG}rect")
        if r.get("class") == "chart__bar"
    ]
    assert bars[0] == 4 * bars[1]
    assert bars[2] == 0


def test_labels_people_typed_are_escaped_and_long_ones_shortened():
    label = '<script>alert("x")</script> & ' + "very " * 40
    svg = charts.bar_chart("c", "Title & <more>", [(label, 0.5, "1")])
    assert "<script>" not in str(svg)
    [shown, _value] = texts(svg)
    assert shown.startswith('<script>alert("x")</script> & very')
    assert shown.endswith("…")
    assert len(shown) < len(label)
    assert parse(svg).find(f"{SVG}title").text == "Title & <more>"


def test_a_stacked_chart_has_a_legend_and_the_shares_in_the_segments():
    svg = charts.stacked_chart(
        "c",
        "Matrix",
        ["Bad", "OK", "Good"],
        [("Paths", [0, 1 / 3, 2 / 3], ["0 %", "33 %", "67 %"], "n=3")],
    )
    words = texts(svg)
    assert words[:3] == ["Bad", "OK", "Good"]  # the legend
    assert "Paths" in words and "33 %" in words and "67 %" in words and "n=3" in words
    assert "0 %" not in words  # an empty segment is not drawn


def test_a_paired_chart_names_both_bars_in_text():
    svg = charts.paired_chart("c", "Before and after", [("Yes", 0.5, 0.75, "50 %", "75 %")])
    assert texts(svg) == ["Yes", "Pre", "50 %", "Post", "75 %"]


def test_every_countable_result_has_a_chart_and_texts_do_not(park):  # noqa: F811
    _responses, results = survey_results(park)
    for result in results:
        chart = getattr(result, "chart", None)
        if result.kind in {"short_text", "long_text", "date"}:
            assert chart is None
        else:
            assert parse(chart).get("id") == f"chart-q{result.question.number}"


def test_the_page_puts_a_data_table_beside_each_chart(client, park):  # noqa: F811
    park.results_public = True
    park.save_revision().publish()
    html = client.get(results_url(park)).content.decode()
    charts_on_page = re.findall(r'<svg [^>]*id="(chart-q\d+)"[^>]*role="img"', html)
    assert sorted(charts_on_page) == [f"chart-q{n}" for n in range(1, 7)]
    for number in range(1, 7):
        section = html.split(f'id="result-{number}"')[1].split('class="survey-result ')[0]
        assert section.index("<svg") < section.index("<table")
        assert "<caption>" in section
    # The numbers of the chart are in the table too.
    colour = html.split('id="result-1"')[1].split('id="result-2"')[0]
    assert re.search(
        r'<th scope="row">Red</th>\s*<td class="number">2</td>\s*<td class="number">50\xa0%</td>',
        colour,
    )


def test_a_survey_with_no_answers_still_draws(client, db):
    survey = make_survey(
        [q.single("Yes or no?", ["Yes", "No"]), q.rating("Rate")], results_public=True
    )
    page = client.get(results_url(survey))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="chart-q1"' in html
    assert "0 of 0 people answered this question." in html
