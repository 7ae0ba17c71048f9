"""The Ideas list sorted by newest: /en/ideas/?sort=newest, first page.

50,000 ideas, 1,000,000 votes and 200,000 comments in two campaigns and the general box
(`bench/ideas.py`); the Ideas page lists every public idea, 20 a page.
"""

from bench import ideas

NAME = "ideas-list-newest"
VOLUME = ideas.VOLUME


def seed(volume):
    ideas.seed(volume)


def requests():
    return ["/en/ideas/?sort=newest"]


def check(response):
    return ideas.check_list(response, "newest")
