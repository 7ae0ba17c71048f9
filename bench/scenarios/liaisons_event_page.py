"""An event's page: the upcoming event with the most sign-ups (full, with a waitlist),
among 5,000 events and 100,000 sign-ups (``bench/liaisons.py``), visited anonymously.

The page is the events slice's (``liaisons:event``): until it is merged, the URL answers
404 and the run stops there.
"""

from bench import liaisons

NAME = "liaisons-event-page"
VOLUME = liaisons.VOLUME


def seed(volume):
    liaisons.seed(volume)


def requests():
    return [liaisons.url("event", liaisons.busiest_event().pk)]


def check(response):
    event = liaisons.busiest_event()
    assert event.title in response.content.decode(), "The event's title is not shown."
    return f"{event.places_taken} of {event.capacity} places taken"
