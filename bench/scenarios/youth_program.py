"""A program's page in the educator area, for its educator, with 2,000 participants and
200 sessions (``bench/youth_programs.py``): its details and its sessions (next first),
with links to the roster, results and the printable files; neither its time nor its
queries should grow with the participants.
"""

from bench import youth_programs

NAME = "youth-program"
VOLUME = youth_programs.VOLUME


def seed(volume):
    youth_programs.seed(volume)


def user():
    return youth_programs.educator()


def requests():
    return [youth_programs.url("program", youth_programs.program().pk)]


def check(response):
    html = response.content.decode()
    program = youth_programs.program()
    assert program.name in html, "The program's name is not shown."
    assert youth_programs.url("program_results", program.pk) in html, "No link to the results."
    return f"{program.sessions.count()} sessions"
