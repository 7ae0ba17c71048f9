"""The public transparency page (``/en/performance/``) for the last 30 days, anonymous, over
the data of ``bench/outcomes.py``. The figures are computed on every request
(``PERFORMANCE_CACHE_SECONDS=0`` unless the environment sets it): what the first visitor
after the cache expires waits for.
"""

from bench import outcomes

NAME = "outcomes-transparency"
VOLUME = outcomes.VOLUME


def seed(volume):
    outcomes.seed(volume)
    outcomes.time_the_figures_themselves()


def requests():
    return [outcomes.transparency_url()]


def check(response):
    return outcomes.check_figures(response)
