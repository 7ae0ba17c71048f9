"""The public calendar of volunteer events (this month), with 5,000 events and 100,000
sign-ups (``bench/liaisons.py``): each day's events, never one query per day or event.

The page is the events slice's (``liaisons:calendar``): until it is merged, the URL
answers 404 and the run stops there.
"""

from bench import liaisons

NAME = "liaisons-calendar"
VOLUME = liaisons.VOLUME


def seed(volume):
    liaisons.seed(volume)


def requests():
    return [liaisons.url("calendar")]


def check(response):
    html = response.content.decode()
    shown = html.count(liaisons.TITLE_PREFIX)
    assert shown > 0, "No seeded event is on the calendar."
    return f"{shown} events on the calendar"
