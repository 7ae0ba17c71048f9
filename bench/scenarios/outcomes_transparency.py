"""The public transparency page (``/en/performance/``) for the last 30 days, anonymous, over
the data of ``bench/outcomes.py``. The page's cache is off (``PERFORMANCE_CACHE_SECONDS=0``
unless the environment sets it), so every request reads the figures as ``rebuild_figures``
prepared them and draws the page: what any visitor waits for, the first after a
preparation included.
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
