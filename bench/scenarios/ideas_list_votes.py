"""The Ideas list sorted by most votes: /en/ideas/?sort=votes, first page.

50,000 ideas, 1,000,000 votes and 200,000 comments in two campaigns and the general box
(`bench/ideas.py`); the Ideas page lists every public idea, 20 a page.
"""

from bench import ideas

NAME = "ideas-list-votes"
VOLUME = ideas.VOLUME


def seed(volume):
    ideas.seed(volume)


def requests():
    return ["/en/ideas/?sort=votes"]


def check(response):
    return ideas.check_list(response, "votes")
