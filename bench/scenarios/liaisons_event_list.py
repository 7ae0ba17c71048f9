"""The public list of volunteer events (first page, upcoming first), with 5,000 events and
100,000 sign-ups among 2,000 liaisons and 50,000 volunteers (``bench/liaisons.py``).
"""

from bench import liaisons

NAME = "liaisons-event-list"
VOLUME = liaisons.VOLUME


def seed(volume):
    liaisons.seed(volume)


def requests():
    return [liaisons.url("events")]


def check(response):
    html = response.content.decode()
    shown = html.count(liaisons.TITLE_PREFIX)
    assert shown > 0, "No seeded event is listed."
    return f"{shown} events listed"
