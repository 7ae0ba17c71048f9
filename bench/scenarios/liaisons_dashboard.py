"""The liaison dashboard of the demo liaison (Kensington), logged in, with 2,000 liaisons,
50,000 volunteers, 5,000 events, 100,000 sign-ups and 20,000 service reports
(``bench/liaisons.py``): about a fifth of them in Kensington. It shows the neighborhood's
open and overdue reports (a page, and the map of that page), new ideas and open surveys
(``engage.core.neighborhood``), upcoming cleanups, a page of its volunteers and the
liaison's contributions: each a count and a page, so neither its time nor its queries
should grow with the data.
"""

import re

from bench import liaisons

NAME = "liaisons-dashboard"
VOLUME = liaisons.VOLUME


def seed(volume):
    liaisons.seed(volume)


def user():
    """The dashboard is for a liaison: the harness logs this person in."""
    return liaisons.dashboard_user()


def requests():
    return [liaisons.url("dashboard")]


def check(response):
    # The benchmark's client has no template context (no test environment): read the page.
    html = response.content.decode()
    volunteers = re.search(r'id="volunteer-count">(\d+)<', html)
    assert volunteers and int(volunteers.group(1)) > 0, "The liaison has no volunteers."
    reports = html.count("report-item report-item--")
    assert reports > 0, "No open report is listed."
    events = html.count('id="event-')
    assert events > 0, "No upcoming cleanup is shown."
    return f"{reports} reports and {events} events listed, {volunteers.group(1)} volunteers"
