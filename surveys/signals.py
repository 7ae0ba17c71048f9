"""What the surveys part tells the page cache (connected in ``SurveysConfig.ready``).

Every write to the part's tables empties the cache of anonymous pages
(``engage.core.page_cache``) except the tables named here, which no public page shows.
A CDN, when one is configured, is told that a response changed its survey's pages (the
count of answers, public results).
"""

from engage.core.page_cache import not_shown_to_visitors, purge_on_change

from .models import AccessCode, Draft, Participation, RespondentSet, Response

# Unfinished answers and who answered belong to the person and to staff; access codes are
# handed out by staff. A response itself, and its tallies, may show in public results.
not_shown_to_visitors(Draft, Participation, RespondentSet, AccessCode)


def _survey_pages(response):
    survey = response.survey
    return [survey.full_url] if survey is not None else []


purge_on_change(Response, _survey_pages)
