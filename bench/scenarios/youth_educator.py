"""The educator area's home for the demo educator, whose programs include one of 2,000
participants and 200 sessions (``bench/youth_programs.py``): the programs and their next
sessions, counted in a fixed number of queries.
"""

from bench import youth_programs

NAME = "youth-educator"
VOLUME = youth_programs.VOLUME


def seed(volume):
    youth_programs.seed(volume)


def user():
    return youth_programs.educator()


def requests():
    return [youth_programs.url("educator")]


def check(response):
    html = response.content.decode()
    program = youth_programs.program()
    assert program.name in html, "The educator's program is not listed."
    return "program listed"
