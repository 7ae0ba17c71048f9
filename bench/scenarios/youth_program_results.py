"""A program's results page, for its educator, with 2,000 participants in 200 sessions,
20,000 attendance marks, 4,000 paired survey responses and 2,000 field reports
(``bench/youth_programs.py``): the paired pre/post change, session by session, attendance
and field reports by outcome are counted by the database in a fixed number of queries.
"""

import re

from bench import youth_programs

NAME = "youth-program-results"
VOLUME = youth_programs.VOLUME


def seed(volume):
    youth_programs.seed(volume)


def user():
    return youth_programs.educator()


def requests():
    return [youth_programs.url("program_results", youth_programs.program().pk)]


def check(response):
    html = response.content.decode()
    pairs = re.search(r'id="pair-count">(\d+)<', html)
    assert pairs and int(pairs.group(1)) > 0, "No pair of answers before and after."
    sessions = html.count('<tr id="session-')
    assert sessions == youth_programs.program().sessions.count(), "A session is missing."
    return f"{pairs.group(1)} pairs, {sessions} sessions"
