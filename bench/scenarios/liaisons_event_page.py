"""An event's page: the upcoming event with the longest waitlist (so a full one), among
5,000 events and 100,000 sign-ups (``bench/liaisons.py``), visited anonymously: its
sign-up box counts the waitlist and offers a log-in link.
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
    html = response.content.decode()
    assert event.title in html, "The event's title is not shown."
    assert event.waiting > 0 and event.places_taken == event.capacity, "The event is not full."
    # The sign-up box counts the waitlist (anonymously: no sign-up form, a log-in link).
    assert f"Full: {event.waiting} people on the waitlist" in html, "The waitlist is not shown."
    return f"{event.places_taken} of {event.capacity} places taken, {event.waiting} waiting"
