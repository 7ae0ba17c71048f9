"""Numbers as the results show them: shares, means and medians worked out exactly from
counts by value, ranges for numbers too many to list, and localised formatting."""

import math
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

NUMBER_BINS = 10


def share(count, total):
    """``count`` as a percentage of ``total`` (0 when there is nothing to share)."""
    return 100.0 * count / total if total else 0.0


def format_number(value, places=2):
    """A number as people read it: no ".0" on whole numbers, localised decimals."""
    if value is None:
        return ""
    value = round(float(value), places)
    if value.is_integer():
        return formats.number_format(int(value))
    # Not whole after rounding, so there are decimals: drop their trailing zeros.
    return formats.number_format(value, places).rstrip("0")


def signed(value, places):
    text = format_number(abs(value), places)
    if round(value, places) > 0:
        return "+" + text
    if round(value, places) < 0:
        return "\u2212" + text
    return text


def median_from_counts(values):
    """The exact median of the values ``[(value, count)]`` sorted by value: the middle value
    for an odd number of answers, the mean of the two middle ones for an even number."""
    n = sum(count for _value, count in values)
    if not n:
        return None
    wanted = [(n + 1) // 2, n // 2 + 1] if n % 2 == 0 else [(n + 1) // 2]
    found, seen = [], 0
    for value, count in values:
        seen += count
        while wanted and wanted[0] <= seen:
            found.append(value)
            wanted.pop(0)
        if not wanted:
            break
    return sum(found) / len(found)


def mean_from_counts(values):
    n = sum(count for _value, count in values)
    return sum(value * count for value, count in values) / n if n else None


def number_ranges(values):
    """The values ``[(value, count)]`` grouped in at most ``NUMBER_BINS`` equal ranges."""
    low, high = values[0][0], values[-1][0]
    whole = all(float(value).is_integer() for value, _count in values)
    if whole:
        width = max(math.ceil((high - low + 1) / NUMBER_BINS), 1)
        edges = [low + i * width for i in range(NUMBER_BINS + 1) if low + i * width <= high]
    else:
        width = (high - low) / NUMBER_BINS
        edges = [low + i * width for i in range(NUMBER_BINS)]
    counts = [0] * len(edges)
    for value, count in values:
        index = min(int((value - low) // width), len(edges) - 1)
        counts[index] += count
    labels = []
    for index, start in enumerate(edges):
        if whole:
            end = min(start + width - 1, high)
            labels.append(
                format_number(start)
                if end == start
                else _("%(low)s to %(high)s")
                % {"low": format_number(start), "high": format_number(end)}
            )
        elif index == len(edges) - 1:
            labels.append(
                _("%(low)s to %(high)s")
                % {"low": format_number(start), "high": format_number(high)}
            )
        else:
            labels.append(
                _("%(low)s to under %(high)s")
                % {"low": format_number(start), "high": format_number(start + width)}
            )
    return list(zip(labels, counts, strict=True))


@dataclass
class Bar:
    """One line of a count table and its bar in a chart."""

    label: str
    count: int
    share: float = 0.0
    key: str = ""

    @property
    def share_text(self):
        return format_number(self.share, 1) + "\u00a0%"
