"""Receivers the surveys part connects in ``SurveysConfig.ready()``.

What the part tells the page cache: every write to the part's tables empties the cache of
anonymous pages (``engage.core.page_cache``) except the tables named here, which no public
page shows. A CDN, when one is configured, is told that a response changed its survey's
pages (the count of answers, public results).

A neighborhood deleted sets its responses' neighborhood to none (``SET_NULL``); the daily
tallies keep the neighborhood's id in a plain column, so their rows move to "no
neighborhood" in the same transaction.
"""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models.signals import pre_delete

from engage.core.page_cache import not_shown_to_visitors, purge_on_change

from . import tallies
from .models import AccessCode, DailyTally, Draft, Participation, RespondentSet, Response

# Unfinished answers and who answered belong to the person and to staff; access codes are
# handed out by staff. A response itself, and its tallies, may show in public results.
not_shown_to_visitors(Draft, Participation, RespondentSet, AccessCode)


def _survey_pages(response):
    survey = response.survey
    return [survey.full_url] if survey is not None else []


purge_on_change(Response, _survey_pages)


def move_daily_tallies_to_no_neighborhood(sender, instance, **kwargs):
    rows = DailyTally.objects.filter(neighborhood_key=instance.pk)
    with transaction.atomic():
        moved = defaultdict(Counter)
        for survey_id, day, segment, question, option, row, number, count in rows.values_list(
            "survey_id", "day", "segment", "question", "option", "row", "number", "count"
        ):
            moved[(survey_id, day, segment)][(question, option, row, number)] += count
        for (survey_id, day, segment), counter in sorted(moved.items()):
            tallies.add_daily(survey_id, (day, 0, segment), counter)
        rows.delete()


def connect():
    pre_delete.connect(
        move_daily_tallies_to_no_neighborhood,
        sender="neighborhoods.Neighborhood",
        dispatch_uid="surveys_daily_tallies_neighborhood_deleted",
    )
