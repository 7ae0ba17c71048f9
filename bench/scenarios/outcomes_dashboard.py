"""The staff performance dashboard (``outcomes_performance``) for the last 30 days and the
30 days before, as the demo staff user, over 1,000,000 reports, 50,000 ideas, 1,000,000
votes and 200,000 survey responses (``bench/outcomes.py``). Every figure is computed on
every request: the page's cache is off (``PERFORMANCE_CACHE_SECONDS=0`` unless the
environment sets it), so the time is the figures' own, not the cache's.
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
