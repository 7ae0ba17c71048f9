"""The results page filtered to one neighborhood and the last 90 days, as staff.

The same survey as `surveys-results` (200,000 responses, `bench/surveys.py`). It is
anonymous, so its public results page offers no date filter (a day would date the answers
of the people who answered that day): the page is read by the staff user, who may filter
by date. The filter matches about 1 in 4 responses (Kensington) of 1 in 4 days (the last
90): ~12,000 responses, ~200,000 answers. The counts are the daily tallies of those 90
days and that neighborhood added up (`surveys.tallies.rolled_up_counts`). Target: a ratio
of at most 4 to the bare page, as unfiltered.
"""

from bench import surveys

NAME = "surveys-results-filtered"
VOLUME = surveys.VOLUME


def seed(volume):
    surveys.seed(volume)


def user():
    return surveys.staff_user()


def requests():
    return [surveys.filtered_results_url()]


def check(response):
    return surveys.check_results(response, filtered=True)
