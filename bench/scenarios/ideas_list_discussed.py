"""The Ideas list sorted by most discussed: /en/ideas/?sort=discussed, first page.

50,000 ideas, 1,000,000 votes and 200,000 comments in two campaigns and the general box
(`bench/ideas.py`); the Ideas page lists every public idea, 20 a page.
"""

from bench import ideas

NAME = "ideas-list-discussed"
VOLUME = ideas.VOLUME


def seed(volume):
    ideas.seed(volume)


def requests():
    return ["/en/ideas/?sort=discussed"]


def check(response):
    return ideas.check_list(response, "discussed")
