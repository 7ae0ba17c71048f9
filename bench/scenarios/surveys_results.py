"""The results page of a survey with 200,000 responses, unfiltered: /en/surveys/<slug>/results/.

`bench/surveys.py` seeds one 15-question survey (every question type, results public)
with 200,000 responses and about 3.5 million answers. Unfiltered, the page reads the
pre-aggregated tallies (a few hundred rows), so it should cost about what a bare page
costs, with the same queries at 2,000 responses as at 200,000. The typed answers (a page
of each text question and of the "Other" texts) are the only rows it reads.
"""

from bench import surveys

NAME = "surveys-results"
VOLUME = surveys.VOLUME


def seed(volume):
    surveys.seed(volume)


def requests():
    return [surveys.results_url()]


def check(response):
    return surveys.check_results(response)
