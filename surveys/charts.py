"""Charts as server-rendered SVG: the same markup in the results page, print and the PDF.

Every chart is an ``<svg role="img">`` named by its ``<title>`` (and described by its
``<desc>``), with every label and value written as SVG text, so it reads without colour,
without JavaScript and in a PDF; the page puts a data table beside each chart for screen
readers and for anyone who wants the exact numbers. Fills are presentation attributes
(what WeasyPrint and a bare browser use), which ``static/css/survey-results.css``
overrides with the site's CSS custom properties.

The functions take plain values (labels, fractions of the axis, texts), so they know
nothing about surveys: ``bar_chart`` (one bar per line: choices, distributions),
``stacked_chart`` (one 100 % bar per line: a matrix, a ranking, a cross-tab) and
``paired_chart`` (two bars per line: before and after).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
PAD = 4
LABEL_SIZE = 14
VALUE_SIZE = 13
BAR_HEIGHT = 20
VALUE_SPACE = 120  # room to the right of a bar for its value
CHAR_WIDTH = 7.4  # an estimate of one character's width at LABEL_SIZE, to shorten labels
TEXT = "#1b1b1b"
FONT = "DejaVu Sans, system-ui, Arial, sans-serif"

# (fill, text on it): colour-blind-safe hues, each with the text colour that reads on it
# at 4.5:1 or more. Series are also told apart by the legend, the text in each segment and
# the data table, never by colour alone.
PALETTE = [
    ("#0b5394", "#ffffff"),
    ("#e69f00", "#000000"),
    ("#56b4e9", "#000000"),
    ("#009e73", "#000000"),
    ("#cc79a7", "#000000"),
    ("#073763", "#ffffff"),
    ("#f0e442", "#000000"),
    ("#d55e00", "#000000"),
]
PRE_FILL = "#6b6b6b"
TRACK = "#eef1f4"  # the unfilled part of a bar


def _shorten(label, room):
    label = " ".join(str(label).split())
    most = max(int(room / CHAR_WIDTH), 4)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _text(x, y, content, *, size=LABEL_SIZE, anchor="start", fill=TEXT, weight=None, cls=""):
    weight_attr = f' font-weight="{weight}"' if weight else ""
    class_attr = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}"{weight_attr}{class_attr}>{escape(content)}</text>'
    )


def _rect(x, y, width, height, fill, cls, *, outline=True):
    stroke = f' stroke="{TEXT}" stroke-width="0.5"' if outline else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height}" '
        f'fill="{fill}" class="{cls}"{stroke}/>'
    )


def _svg(chart_id, title, description, height, body):
    return mark_safe(  # noqa: S308 - every text in ``body`` went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'width="{WIDTH}" height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'font-family="{FONT}">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _fraction(value):
    return min(max(float(value or 0), 0.0), 1.0)


def bar_chart(chart_id, title, bars, *, description=None):
    """Horizontal bars, one per line: ``bars`` is ``[(label, fraction of the axis 0–1,
    value text)]``; each label is written above its bar and the value after it."""
    description = description or _("Bar chart. The same numbers are in the table that follows.")
    room = WIDTH - 2 * PAD - VALUE_SPACE
    body, y = [], PAD
    for label, fraction, value_text in bars:
        y += LABEL_SIZE
        body.append(_text(PAD, y, _shorten(label, WIDTH - 2 * PAD), cls="chart__label"))
        y += 4
        length = room * _fraction(fraction)
        body.append(_rect(PAD, y, room, BAR_HEIGHT, TRACK, "chart__track", outline=False))
        body.append(_rect(PAD, y, length, BAR_HEIGHT, PALETTE[0][0], "chart__bar"))
        body.append(
            _text(
                PAD + length + 6,
                y + BAR_HEIGHT - 5,
                value_text,
                size=VALUE_SIZE,
                weight="bold",
                cls="chart__value",
            )
        )
        y += BAR_HEIGHT + 12
    return _svg(chart_id, title, description, y + PAD, body)


def _legend(series, y):
    """Swatches and names of the series, wrapped over as many lines as they need."""
    body, x = [], PAD
    for index, name in enumerate(series):
        name = _shorten(name, WIDTH / 2)
        width = 18 + len(name) * CHAR_WIDTH * 0.95 + 16
        if x > PAD and x + width > WIDTH - PAD:
            x, y = PAD, y + LABEL_SIZE + 8
        fill, _on = PALETTE[index % len(PALETTE)]
        body.append(_rect(x, y, 12, 12, fill, f"chart__series-{index % len(PALETTE)}"))
        body.append(_text(x + 18, y + 11, name, size=VALUE_SIZE, cls="chart__legend"))
        x += width
    return body, y + LABEL_SIZE + 10


def stacked_chart(chart_id, title, series, rows, *, description=None):
    """One bar of 100 % per line, cut into ``series``: ``rows`` is ``[(label, [fraction of
    the line per series], [text per series], total text)]``. A segment wide enough shows
    its text inside; the legend names the series."""
    description = description or _(
        "Stacked bar chart: each bar is 100 %, split in the parts the legend names. The same "
        "numbers are in the table that follows."
    )
    body, y = _legend(series, PAD)
    room = WIDTH - 2 * PAD - 70
    for label, fractions, texts, total_text in rows:
        y += LABEL_SIZE + 4
        body.append(_text(PAD, y, _shorten(label, WIDTH - 2 * PAD), cls="chart__label"))
        y += 4
        x = PAD
        for index, (fraction, text) in enumerate(zip(fractions, texts, strict=True)):
            width = room * _fraction(fraction)
            if width <= 0:
                continue
            fill, on = PALETTE[index % len(PALETTE)]
            body.append(
                _rect(x, y, width, BAR_HEIGHT, fill, f"chart__series-{index % len(PALETTE)}")
            )
            if width >= len(text) * 7 + 6:
                body.append(
                    _text(
                        x + width / 2,
                        y + BAR_HEIGHT - 6,
                        text,
                        size=VALUE_SIZE - 1,
                        anchor="middle",
                        fill=on,
                    )
                )
            x += width
        if not any(_fraction(f) for f in fractions):
            body.append(_rect(PAD, y, room, BAR_HEIGHT, TRACK, "chart__track", outline=False))
        body.append(
            _text(
                PAD + room + 6, y + BAR_HEIGHT - 5, total_text, size=VALUE_SIZE, cls="chart__value"
            )
        )
        y += BAR_HEIGHT + 8
    return _svg(chart_id, title, description, y + PAD, body)


def paired_chart(chart_id, title, rows, *, names=None, description=None):
    """Two bars per line, before and after: ``rows`` is ``[(label, pre fraction, post
    fraction, pre text, post text)]``; each bar is named in text, not only by its colour."""
    pre_name, post_name = names or (_("Pre"), _("Post"))
    description = description or _(
        "Bar chart comparing the pre survey (upper, grey bar) and the post survey (lower, "
        "blue bar) for each line. The same numbers are in the table that follows."
    )
    name_space = max(len(pre_name), len(post_name)) * CHAR_WIDTH + 10
    room = WIDTH - 2 * PAD - VALUE_SPACE - name_space
    body, y = [], PAD
    for label, pre_fraction, post_fraction, pre_text, post_text in rows:
        y += LABEL_SIZE
        body.append(
            _text(PAD, y, _shorten(label, WIDTH - 2 * PAD), weight="bold", cls="chart__label")
        )
        y += 4
        for name, fraction, text, fill, cls in (
            (pre_name, pre_fraction, pre_text, PRE_FILL, "chart__bar chart__bar--pre"),
            (post_name, post_fraction, post_text, PALETTE[0][0], "chart__bar"),
        ):
            length = room * _fraction(fraction)
            body.append(_text(PAD, y + BAR_HEIGHT - 5, name, size=VALUE_SIZE, cls="chart__legend"))
            body.append(
                _rect(PAD + name_space, y, room, BAR_HEIGHT, TRACK, "chart__track", outline=False)
            )
            body.append(_rect(PAD + name_space, y, length, BAR_HEIGHT, fill, cls))
            body.append(
                _text(
                    PAD + name_space + length + 6,
                    y + BAR_HEIGHT - 5,
                    text,
                    size=VALUE_SIZE,
                    weight="bold",
                    cls="chart__value",
                )
            )
            y += BAR_HEIGHT + 4
        y += 10
    return _svg(chart_id, title, description, y + PAD, body)
