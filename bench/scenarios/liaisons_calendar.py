"""The public calendar of volunteer events (this month), with 5,000 events and 100,000
sign-ups (``bench/liaisons.py``): each day's events, never one query per day or event.
A day shows its first four events and links the rest ("n more events"): only those four
are loaded, the others are only counted.
"""

import re

from bench import liaisons

NAME = "liaisons-calendar"
VOLUME = liaisons.VOLUME


def seed(volume):
    liaisons.seed(volume)


def requests():
    return [liaisons.url("calendar")]


def check(response):
    html = response.content.decode()
    # Each event is linked twice: from the grid and from the phones' list of days.
    shown = set(re.findall(rf'/events/(\d+)/">[^<]*{liaisons.TITLE_PREFIX}', html))
    assert shown, "No seeded event is on the calendar."
    more = sum(int(n) for n in re.findall(r"(\d+) more events?\s*</a>", html)) // 2
    return f"{len(shown)} events on the calendar, {more} more behind the busy days' links"
