"""The staff performance dashboard (``outcomes_performance``) for the last 30 days and the
30 days before, as the demo staff user, over 1,000,000 reports, 50,000 ideas, 1,000,000
votes and 200,000 survey responses (``bench/outcomes.py``). The page's cache is off
(``PERFORMANCE_CACHE_SECONDS=0`` unless the environment sets it): every request reads the
figures as ``rebuild_figures`` prepared them and draws every chart and table. How long
the preparation itself takes is printed while seeding.
"""

from bench import outcomes

NAME = "outcomes-dashboard"
VOLUME = outcomes.VOLUME


def seed(volume):
    outcomes.seed(volume)
    outcomes.time_the_figures_themselves()


def user():
    return outcomes.staff()


def requests():
    return [outcomes.dashboard_url()]


def check(response):
    return outcomes.check_figures(response)
