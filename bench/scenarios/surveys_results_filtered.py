"""The results page filtered to one neighborhood and the last 90 days.

The same survey as `surveys-results` (200,000 responses, `bench/surveys.py`). With a
filter the tallies cannot be used: the database counts the answers of the matching
responses (about 1 in 4 live in Kensington and 1 in 4 answered in the last 90 days:
~12,000 responses, ~200,000 answers). Target: under 1 s (p95).
"""

from bench import surveys

NAME = "surveys-results-filtered"
VOLUME = surveys.VOLUME


def seed(volume):
    surveys.seed(volume)


def requests():
    return [surveys.filtered_results_url()]


def check(response):
    return surveys.check_results(response, filtered=True)
