"""A session's page in the educator area (what the educator has on the phone during the
session), with its class of 100 marked, 10 field reports and 2,000 participants in the
program (``bench/youth_programs.py``): the join code, who joined, who has no consent,
attendance and the field reports summary, in a fixed number of queries.
"""

from bench import youth_programs
from youth.views.sessions import grouped_code

NAME = "youth-session"
VOLUME = youth_programs.VOLUME


def seed(volume):
    youth_programs.seed(volume)


def user():
    return youth_programs.educator()


def requests():
    return [youth_programs.url("session", youth_programs.busiest_session().pk)]


def check(response):
    session = youth_programs.busiest_session()
    html = response.content.decode()
    assert session.title in html, "The session's title is not shown."
    assert grouped_code(session.join_code) in html, "The join code is not shown."
    return f"{session.field_reports.count()} field reports"
