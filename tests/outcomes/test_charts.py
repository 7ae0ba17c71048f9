"""The performance charts: accessible SVG (named, described, well-formed, escaped), bars and
points where the numbers put them, nothing drawn for a value drawn from too few cases."""

import re
import xml.etree.ElementTree as ET

import pytest

from engage.outcomes import charts
from engage.outcomes.metrics import Table
from engage.outcomes.performance import table_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - the charts' own markup


def bars(root):
    return [r for r in root.iter(f"{SVG}rect") if r.get("class", "").startswith("chart__bar")]


def track_width(root):
    return float(
        next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__track").get("width")
    )


def test_bar_chart_is_a_named_described_image():
    svg = charts.bar_chart("c1", "Reports by channel", [("Phone", [(3, "3")])])
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Reports by channel"
    assert root.find(f"{SVG}title").get("id") == "c1-title"
    assert "table beside it" in root.find(f"{SVG}desc").text


def test_bar_lengths_follow_the_values_on_a_round_axis():
    root = parse(charts.bar_chart("c", "T", [("A", [(5, "5")]), ("B", [(10, "10")])]))
    a, b = (float(rect.get("width")) for rect in bars(root))
    assert b == pytest.approx(2 * a)
    # The axis ends at 10, the largest value: B fills the whole track.
    assert b == pytest.approx(track_width(root))


def test_shares_are_drawn_on_an_axis_of_one():
    root = parse(charts.bar_chart("c", "T", [("A", [(0.25, "25 %")])], maximum=1))
    (bar,) = bars(root)
    assert float(bar.get("width")) == pytest.approx(track_width(root) / 4)


def test_a_missing_value_draws_no_bar_but_says_why():
    root = parse(charts.bar_chart("c", "T", [("A", [(None, "too few cases (3)")])]))
    assert bars(root) == []
    assert "too few cases (3)" in [text.text for text in root.iter(f"{SVG}text")]


def test_labels_are_escaped():
    svg = str(charts.bar_chart("c", "<b>T</b>", [("<script>alert(1)</script>", [(1, "1")])]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    parse(svg)


def test_several_series_have_a_legend_and_a_bar_each():
    root = parse(
        charts.bar_chart("c", "T", [("A", [(1, "1"), (2, "2")])], series=["This period", "Before"])
    )
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "This period" in texts and "Before" in texts
    assert len(bars(root)) == 2


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (0.7, 1), (3, 5), (10, 10), (11, 20), (240, 250), (2600, 5000)]
)
def test_nice_maximum(value, top):
    assert charts.nice_maximum(value) == top


def test_line_chart_draws_a_point_per_value_and_breaks_where_one_is_missing():
    root = parse(
        charts.line_chart(
            "l", "Trend", ["W1", "W2", "W3", "W4", "W5"], [("Reports", [1, 2, None, 4, 5])]
        )
    )
    lines = list(root.iter(f"{SVG}polyline"))
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len(list(root.iter(f"{SVG}circle"))) == 4 + 1  # four points and the legend's
    assert root.find(f"{SVG}title").text == "Trend"


def test_line_chart_points_sit_at_their_values():
    root = parse(charts.line_chart("l", "T", ["a", "b"], [("S", [0, 10])]))
    (line,) = root.iter(f"{SVG}polyline")
    (x0, y0), (x1, y1) = (map(float, point.split(",")) for point in line.get("points").split())
    assert x1 > x0
    assert y0 - y1 == pytest.approx(charts.LINE_HEIGHT)  # 0 at the bottom, 10 at the top


def test_line_chart_axis_values_are_written_by_the_caller():
    root = parse(
        charts.line_chart(
            "l",
            "T",
            ["a", "b"],
            [("S", [0.2, 0.4])],
            maximum=1,
            axis_text=lambda value: f"{value * 100:.0f} %",
        )
    )
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"0 %", "50 %", "100 %"} <= set(texts)


def test_series_differ_in_shape_and_dash_not_only_colour():
    root = parse(charts.line_chart("l", "T", ["a", "b"], [("One", [1, 2]), ("Two", [2, 1])]))
    first, second = root.iter(f"{SVG}polyline")
    assert first.get("stroke") != second.get("stroke")
    assert first.get("stroke-dasharray") != second.get("stroke-dasharray")
    assert any(r.get("class") == "chart__marker" for r in root.iter(f"{SVG}rect"))


def table(key="by_channel", rows=(("Web", 4), ("Phone", 12)), unit="count", cases=()):
    return Table(key=key, title="Title", columns=("Reports",), rows=rows, unit=unit, cases=cases)


def test_a_table_over_time_is_a_line_chart_others_bars():
    assert "<polyline" in str(table_chart(table("received_by_week", (("W1", 1), ("W2", 3))), "t"))
    assert "<polyline" not in str(table_chart(table(), "t"))
    assert "chart__bar" in str(table_chart(table(), "t"))


def test_a_row_of_too_few_cases_gets_no_bar():
    shares = table(rows=(("Web", 0.5), ("Phone", 0.9)), unit="share", cases=(40, 3))
    root = parse(table_chart(shares, "t"))
    assert len(bars(root)) == 1
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "too few cases (3)" in texts
    assert "50.0 %" in texts


def test_a_table_too_big_for_a_chart_has_none():
    many = table(rows=tuple((f"Row {n}", n) for n in range(41)))
    assert table_chart(many, "t") == ""
    assert table_chart(table(rows=()), "t") == ""


def test_chart_ids_are_safe():
    svg = str(charts.bar_chart('x" onload="alert(1)', "T", [("A", [(1, "1")])]))
    assert 'onload="' not in svg
    assert re.search(r'id="x&quot; onload=&quot;alert\(1\)"', svg)
