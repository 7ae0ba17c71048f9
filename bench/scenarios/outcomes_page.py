"""An outcome page linked to 100 ideas and 100 service reports (the most voted ideas and the
newest reports of ``bench/outcomes.py``), anonymous: its cost and queries must not grow
with the 1,000,000 reports and 50,000 ideas around it.
"""

from bench import outcomes

NAME = "outcomes-page"
VOLUME = outcomes.VOLUME


def seed(volume):
    outcomes.seed(volume)


def requests():
    return [outcomes.outcome_page().url]


def check(response):
    page = outcomes.outcome_page()
    assert page.title in response.content.decode(), "The outcome's title is not shown."
    return f"{page.links.count()} linked items"
