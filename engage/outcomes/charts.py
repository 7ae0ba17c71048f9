"""The performance charts as server-rendered SVG: the same markup on the staff dashboard,
the public transparency page and the monthly PDF.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>``; every label and value is SVG text, so a chart reads without colour, without
JavaScript and on paper. The page always puts the data table beside it (the exact numbers,
for screen readers and for anyone who wants them). Series are told apart by the legend, by
their marker shape and their dash pattern, never by colour alone; the colours are the
colour-blind-safe hues the survey charts use.

The functions take plain values (labels, numbers, the texts to print), so they know
nothing about figures: ``bar_chart`` (one line per label, one bar per series: a breakdown
by channel, category, neighborhood) and ``line_chart`` (one point per period, one line per
series: a trend). A value of ``None`` (nothing to count, too few cases) draws no bar and no
point; its text says why.
"""

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
PAD = 4
LABEL_SIZE = 14
VALUE_SIZE = 13
BAR_HEIGHT = 18
VALUE_SPACE = 130  # room right of a bar for its value
CHAR_WIDTH = 7.4  # one character's width at LABEL_SIZE, to shorten labels
TEXT = "#1b1b1b"
GRID = "#c9cdd2"
TRACK = "#eef1f4"
FONT = "DejaVu Sans, system-ui, Arial, sans-serif"
PALETTE = ("#0b5394", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#073763")
# A line's dash pattern and marker, so series differ in shape as well as hue.
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "diamond", "triangle")

LINE_HEIGHT = 220  # the plot area of a line chart
AXIS_SPACE = 64  # left of the plot: the y-axis values
MAX_X_LABELS = 8  # a long series labels only some of its points under the axis


def _shorten(label, room):
    label = " ".join(str(label).split())
    most = max(int(room / CHAR_WIDTH), 4)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _text(x, y, content, *, size=LABEL_SIZE, anchor="start", weight=None, cls=""):
    weight_attr = f' font-weight="{weight}"' if weight else ""
    class_attr = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{TEXT}"{weight_attr}{class_attr}>{escape(content)}</text>'
    )


def _rect(x, y, width, height, fill, cls, *, outline=True):
    stroke = f' stroke="{TEXT}" stroke-width="0.5"' if outline else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" '
        f'fill="{fill}" class="{cls}"{stroke}/>'
    )


def _svg(chart_id, title, description, height, body):
    chart_id = escape(chart_id)
    return mark_safe(  # noqa: S308 - every text in ``body`` went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="{WIDTH}" height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'font-family="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


def nice_maximum(value):
    """The top of an axis: the smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value``."""
    if not value or value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _legend(series, y):
    """Swatches and names, wrapped over as many lines as they need; the height used."""
    body, x = [], PAD
    for index, name in enumerate(series):
        name = _shorten(name, WIDTH / 2)
        width = 22 + len(name) * CHAR_WIDTH * 0.95 + 16
        if x > PAD and x + width > WIDTH - PAD:
            x, y = PAD, y + LABEL_SIZE + 8
        body.append(_marker(index, x + 8, y + 6, with_line=True))
        body.append(_text(x + 22, y + 11, name, size=VALUE_SIZE, cls="chart__legend"))
        x += width
    return body, y + LABEL_SIZE + 10


def bar_chart(chart_id, title, rows, *, series=None, maximum=None, description=None):
    """Horizontal bars: ``rows`` is ``[(label, [(value or None, text)] one per series)]``.

    Each label is written above its bars, each value's text after its bar; with more than
    one series a legend names them and each bar is also named by its text. ``maximum`` is
    the axis' end (1 for shares); by default a round number above the largest value.
    """
    series = list(series or [])
    description = description or _("Bar chart. The same numbers are in the table beside it.")
    values = [value for _label, cells in rows for value, _text in cells if value is not None]
    top = maximum or nice_maximum(max(values, default=0))
    room = WIDTH - 2 * PAD - VALUE_SPACE
    body, y = ([], PAD) if len(series) < 2 else _legend(series, PAD)
    for label, cells in rows:
        y += LABEL_SIZE
        body.append(_text(PAD, y, _shorten(label, WIDTH - 2 * PAD), cls="chart__label"))
        y += 4
        for index, (value, text) in enumerate(cells):
            fill = PALETTE[index % len(PALETTE)]
            body.append(_rect(PAD, y, room, BAR_HEIGHT, TRACK, "chart__track", outline=False))
            length = 0 if value is None else room * min(max(float(value) / top, 0), 1)
            if length:
                body.append(_rect(PAD, y, length, BAR_HEIGHT, fill, f"chart__bar--{index}"))
            body.append(
                _text(
                    PAD + length + 6,
                    y + BAR_HEIGHT - 4,
                    text,
                    size=VALUE_SIZE,
                    weight="bold",
                    cls="chart__value",
                )
            )
            y += BAR_HEIGHT + 3
        y += 9
    return _svg(chart_id, title, description, y + PAD, body)


def _marker(index, x, y, *, with_line=False):
    fill = PALETTE[index % len(PALETTE)]
    shape = MARKERS[index % len(MARKERS)]
    parts = []
    if with_line:
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x - 8:.1f}" y1="{y:.1f}" x2="{x + 8:.1f}" y2="{y:.1f}" '
            f'stroke="{fill}" stroke-width="2"{dash_attr}/>'
        )
    if shape == "circle":
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}" stroke="{TEXT}"/>')
    elif shape == "square":
        parts.append(_rect(x - 4, y - 4, 8, 8, fill, "chart__marker"))
    else:
        points = (
            ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
            if shape == "diamond"
            else ((x, y - 5), (x + 5, y + 4), (x - 5, y + 4))
        )
        coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polygon points="{coords}" fill="{fill}" stroke="{TEXT}"/>')
    return "".join(parts)


def line_chart(chart_id, title, labels, series, *, maximum=None, axis_text=str, description=None):
    """A trend: ``labels`` name the points in order (weeks, months); ``series`` is
    ``[(name, [value or None per label])]``. A missing value breaks the line there.

    ``axis_text(value)`` writes the y-axis values (a share as a percentage, say).
    """
    description = description or _(
        "Line chart, oldest first. The same numbers are in the table beside it."
    )
    values = [value for _name, points in series for value in points if value is not None]
    top = maximum or nice_maximum(max(values, default=0))
    body, y = _legend([name for name, _points in series], PAD)
    plot_top = y + 8
    left, right = PAD + AXIS_SPACE, WIDTH - PAD - 12
    bottom = plot_top + LINE_HEIGHT
    for step in range(5):
        value = top * step / 4
        line_y = bottom - LINE_HEIGHT * step / 4
        body.append(
            f'<line x1="{left:.1f}" y1="{line_y:.1f}" x2="{right:.1f}" y2="{line_y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            _text(left - 6, line_y + 4, axis_text(value), size=VALUE_SIZE - 1, anchor="end")
        )
    count = len(labels)

    def x_of(position):
        return left + (right - left) * (position / (count - 1) if count > 1 else 0.5)

    every = max(1, math.ceil(count / MAX_X_LABELS))
    for position, label in enumerate(labels):
        if position % every == 0 or position == count - 1:
            body.append(
                _text(
                    x_of(position),
                    bottom + 18,
                    _shorten(label, (right - left) / min(count, MAX_X_LABELS)),
                    size=VALUE_SIZE - 2,
                    anchor="middle",
                    cls="chart__label",
                )
            )
    for index, (_name, points) in enumerate(series):
        body.extend(_series_path(index, points, x_of, bottom, top))
    return _svg(chart_id, title, description, bottom + 28, body)


def _series_path(index, points, x_of, bottom, top):
    """One series' line (broken where a value is missing) and its markers."""
    fill = PALETTE[index % len(PALETTE)]
    dash = DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    runs, run = [], []
    for position, value in enumerate(points):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        y = bottom - LINE_HEIGHT * min(max(float(value) / top, 0), 1)
        run.append((x_of(position), y))
    if run:
        runs.append(run)
    body = []
    for run in runs:
        if len(run) > 1:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            body.append(
                f'<polyline points="{coords}" fill="none" stroke="{fill}" '
                f'stroke-width="2"{dash_attr} class="chart__line--{index}"/>'
            )
        body.extend(_marker(index, x, y) for x, y in run)
    return body
